// Package watchtest holds the 1,000-watch benchmark that internal/watch
// runs on 200,000 generated events and internal/analyze on 10 M.
package watchtest

import (
	"fmt"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/watch"
)

// codes resolves every name to itself and knows no groups.
type codes struct{}

func (codes) Resolve(name string) (string, bool) { return name, true }
func (codes) Members(string, time.Time) []string { return nil }

// Watches1000 returns 1,000 watches among 30 countries, by day: dyads on
// conflict events, and every fifth an actor on all events.
func Watches1000() []watch.Watch {
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
	return ws
}

// Evaluate1000 evaluates Watches1000 over the 30 days from since (and
// their 60-day history) on st once per benchmark iteration, and reports
// the alerts found.
func Evaluate1000(b *testing.B, st watch.Store, since time.Time) {
	ws := Watches1000()
	opt := watch.Options{Since: since, Until: since.AddDate(0, 0, 30)}
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
