package analyze_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/store/sqlite"
	"github.com/georisk/georisk/internal/watch/watchtest"
)

// The series benchmarks run on generated events: GEORISK_BENCH_EVENTS of
// them (default 1,000,000; set 10000000 for the 10 M target), over ten
// years, between 60 countries and their government, military and
// business agents, skewed so that a few countries (CHN, USA, RUS, …) have
// most events, as in GDELT. The events are inserted in bulk with SQL and
// the rollups built once at the end (sqlite.GenerateEvents); the time it
// took is reported once.

var (
	benchOnce sync.Once
	benchDB   *sqlite.Store
	benchErr  error
	benchN    int
)

func benchStore(b *testing.B) *sqlite.Store {
	b.Helper()
	benchOnce.Do(func() {
		benchN = 1_000_000
		if v := os.Getenv("GEORISK_BENCH_EVENTS"); v != "" {
			if benchN, benchErr = strconv.Atoi(v); benchErr != nil {
				return
			}
		}
		// GEORISK_BENCH_DB keeps the generated database for later runs
		// (with the same GEORISK_BENCH_EVENTS), so that the queries and the
		// rebuild can be measured in separate runs without generating 10 M
		// events twice.
		file := os.Getenv("GEORISK_BENCH_DB")
		if file == "" {
			dir, err := os.MkdirTemp("", "georisk-bench-")
			if err != nil {
				benchErr = err
				return
			}
			file = filepath.Join(dir, "bench.db")
		}
		_, statErr := os.Stat(file)
		ctx := context.Background()
		benchDB, benchErr = sqlite.Open(ctx, file)
		if benchErr != nil || statErr == nil {
			return
		}
		start := time.Now()
		benchErr = sqlite.GenerateEvents(ctx, benchDB, benchN, 3650, time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC))
		fmt.Fprintf(os.Stderr, "generated %d events and their rollups in %s (%.0f events/s)\n",
			benchN, time.Since(start).Round(time.Millisecond), float64(benchN)/time.Since(start).Seconds())
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDB
}

// BenchmarkSeries10M is a year of a heavy dyad's weekly series (China and
// the United States, every agent), from the rollups.
func BenchmarkSeries10M(b *testing.B) {
	st := benchStore(b)
	q := analyze.SeriesQuery{A: []string{"CHN"}, B: []string{"USA"}, By: analyze.Week,
		Since: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Rollups: st}
	var events int
	for b.Loop() {
		ps, err := analyze.Series(b.Context(), st, q)
		if err != nil {
			b.Fatal(err)
		}
		events = 0
		for _, p := range ps {
			events += p.Events
		}
	}
	b.ReportMetric(float64(events), "events_in_series")
	b.ReportMetric(float64(benchN), "stored_events")
}

// BenchmarkIndex10M is the same dyad's tension index: its series, the
// total volume of every bucket, and the index.
func BenchmarkIndex10M(b *testing.B) {
	st := benchStore(b)
	q := analyze.SeriesQuery{A: []string{"CHN"}, B: []string{"USA"}, By: analyze.Week,
		Since: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), Rollups: st}
	for b.Loop() {
		ps, err := analyze.Series(b.Context(), st, q)
		if err != nil {
			b.Fatal(err)
		}
		totals, err := analyze.Totals(b.Context(), st, q)
		if err != nil {
			b.Fatal(err)
		}
		analyze.Tension(ps, analyze.Baseline{}, analyze.TensionOptions{Totals: totals})
	}
	b.ReportMetric(float64(benchN), "stored_events")
}

// BenchmarkSeriesListing10M is the same series without rollups, listing
// the events (what the rollups save).
func BenchmarkSeriesListing10M(b *testing.B) {
	st := benchStore(b)
	q := analyze.SeriesQuery{A: []string{"CHN"}, B: []string{"USA"}, By: analyze.Week,
		Since: time.Date(2023, 1, 2, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
	for b.Loop() {
		if _, err := analyze.Series(b.Context(), st, q); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchN), "stored_events")
}

// BenchmarkRollupRebuild10M recomputes every rollup from the events.
func BenchmarkRollupRebuild10M(b *testing.B) {
	st := benchStore(b)
	var cells int64
	for b.Loop() {
		var err error
		if cells, err = st.RebuildRollups(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cells), "cells")
	b.ReportMetric(float64(benchN), "stored_events")
}

// BenchmarkWatches1000On10M evaluates 1,000 watches (dyads and actors
// among 30 countries, by day) over 30 days and their 60-day history on the
// generated events, as BenchmarkWatches1000 in internal/watch does on
// 200,000.
func BenchmarkWatches1000On10M(b *testing.B) {
	st := benchStore(b)
	watchtest.Evaluate1000(b, st, time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC))
	b.ReportMetric(float64(benchN), "stored_events")
}
