package watch_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/store/sqlite"
	"github.com/georisk/georisk/internal/watch"
)

type codes struct{}

func (codes) Resolve(name string) (string, bool) { return name, true }
func (codes) Members(string, time.Time) []string { return nil }

// BenchmarkWatches1000 evaluates 1,000 watches (dyads and actors among 60
// countries, by day, Poisson and CUSUM) over 30 days and their 60-day
// history, on 200,000 generated events kept in rollups.
func BenchmarkWatches1000(b *testing.B) {
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "w.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := sqlite.GenerateEvents(b.Context(), st, 200_000, 365, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		b.Fatal(err)
	}
	cs := []string{"CHN", "USA", "RUS", "GBR", "FRA", "DEU", "JPN", "IND", "UKR", "ISR", "IRN", "TUR", "PAK", "KOR", "PRK", "TWN",
		"PHL", "AUS", "CAN", "ITA", "ESP", "POL", "BRA", "MEX", "SAU", "EGY", "SYR", "IRQ", "AFG", "NGA"}
	var ws []watch.Watch
	for i := 0; len(ws) < 1000; i++ {
		a, c := cs[i%len(cs)], cs[(i/len(cs)+i+1)%len(cs)]
		w := watch.Watch{Name: fmt.Sprintf("w%d", i), Dyad: a + "-" + c, Metric: watch.MetricConflict}
		if i%5 == 0 {
			w = watch.Watch{Name: fmt.Sprintf("w%d", i), Actor: a, Metric: watch.MetricEvents}
		}
		ws = append(ws, w)
	}
	opt := watch.Options{Since: time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC), Until: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC)}
	var alerts int
	for b.Loop() {
		res, err := watch.Evaluate(b.Context(), st, codes{}, ws, opt)
		if err != nil {
			b.Fatal(err)
		}
		alerts = 0
		for _, r := range res {
			if r.Err != nil {
				b.Fatal(r.Err)
			}
			alerts += len(r.Alerts)
		}
	}
	b.ReportMetric(float64(alerts), "alerts")
}
