package watch_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/store/sqlite"
	"github.com/georisk/georisk/internal/watch/watchtest"
)

// BenchmarkWatches1000 evaluates 1,000 watches (dyads and actors among 30
// countries, by day) over 30 days and their 60-day history, on 200,000
// generated events kept in rollups.
func BenchmarkWatches1000(b *testing.B) {
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "w.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if err := sqlite.GenerateEvents(b.Context(), st, 200_000, 365, time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)); err != nil {
		b.Fatal(err)
	}
	watchtest.Evaluate1000(b, st, time.Date(2023, 12, 1, 0, 0, 0, 0, time.UTC))
}
