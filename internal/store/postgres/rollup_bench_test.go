package postgres

import (
	"testing"
)

// BenchmarkPutEventsRollups stores 200k generated events in calls of 10k
// (BATCH overrides), as BenchmarkPutEvents does, with the statement
// triggers that keep the rollups current and with them dropped from the
// fresh schema: what the rollups cost a bulk import.
func BenchmarkPutEventsRollups(b *testing.B) {
	serverURL(b)
	const n = 200_000
	batch := batchSize(10_000)
	for _, tc := range []struct {
		name     string
		triggers bool
	}{{"triggers", true}, {"none", false}} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				events := genEvents(n)
				s := open(b, freshSchema(b))
				if !tc.triggers {
					for _, t := range []string{"events_rollup_insert", "events_rollup_delete", "events_rollup_update"} {
						if _, err := s.pool.Exec(b.Context(), `DROP TRIGGER `+t+` ON events`); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.StartTimer()
				for i := 0; i < n; i += batch {
					if _, err := s.PutEvents(b.Context(), events[i:min(i+batch, n)]); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				var cells int64
				if err := s.pool.QueryRow(b.Context(), `SELECT count(*) FROM event_rollups`).Scan(&cells); err != nil {
					b.Fatal(err)
				}
				if tc.triggers == (cells == 0) {
					b.Fatalf("%d rollup cells with triggers=%v", cells, tc.triggers)
				}
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
