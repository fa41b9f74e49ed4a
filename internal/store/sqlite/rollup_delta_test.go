package sqlite

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// TestRollupsLargeBatches stores, revises and deletes events in batches
// larger than one upsert statement's rows, and checks that the cells kept
// per transaction are those a rebuild from the events computes.
func TestRollupsLargeBatches(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "r.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	actors := []string{"CHN", "CHNGOV", "USA", "USAMIL", "FRA", "IGOWSTNAT", "JPN", "RUS", "DEU", "GBR"}
	mk := func(id string, updated time.Time) *event.Event {
		root := 1 + rng.IntN(20)
		return &event.Event{Origin: "gdelt", OriginID: id, Date: time.Date(2023, 7, 1+rng.IntN(30), 0, 0, 0, 0, time.UTC),
			Source: event.Actor{Code: actors[rng.IntN(len(actors))]}, Target: event.Actor{Code: actors[rng.IntN(len(actors))]},
			Code: fmt.Sprintf("%02d0", root), Root: fmt.Sprintf("%02d", root), Quad: 1 + (root-1)/5,
			Goldstein: float64(rng.IntN(200)-100) / 10, Updated: updated}
	}
	var evs []*event.Event
	for i := range 3000 {
		evs = append(evs, mk(fmt.Sprint(i), time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)))
	}
	if c, err := s.PutEvents(ctx, evs); err != nil || c.Added != 3000 {
		t.Fatalf("PutEvents: %+v, %v", c, err)
	}
	evs = evs[:0]
	for i := range 1000 {
		evs = append(evs, mk(fmt.Sprint(i*3), time.Date(2023, 8, 2, 0, 0, 0, 0, time.UTC)))
	}
	if c, err := s.PutEvents(ctx, evs); err != nil || c.Replaced == 0 {
		t.Fatalf("revisions: %+v, %v", c, err)
	}
	var del []string
	for i := range 700 {
		del = append(del, fmt.Sprint(i*4))
	}
	if n, err := s.DeleteEvents(ctx, "gdelt", del); err != nil || n != 700 {
		t.Fatalf("DeleteEvents: %d, %v", n, err)
	}
	read := func() (map[[6]string][2]float64, []store.DayTotal) {
		t.Helper()
		since, until := time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)
		cs, err := s.RollupCells(ctx, store.RollupQuery{Since: since, Until: until})
		if err != nil {
			t.Fatal(err)
		}
		m := map[[6]string][2]float64{}
		for _, c := range cs {
			if c.N <= 0 {
				t.Errorf("cell %+v kept with %d events", c, c.N)
			}
			m[[6]string{c.Day.Format(time.DateOnly), c.Origin, c.Src, c.Tgt, c.Root, fmt.Sprint(c.Quad)}] = [2]float64{float64(c.N), math.Round(c.Goldstein * 1000)}
		}
		ts, err := s.DayTotals(ctx, since, until)
		if err != nil {
			t.Fatal(err)
		}
		return m, ts
	}
	cells, totals := read()
	if n, err := s.RebuildRollups(ctx); err != nil || n != int64(len(cells)) {
		t.Fatalf("RebuildRollups: %d cells, %v; incremental %d", n, err, len(cells))
	}
	rcells, rtotals := read()
	if len(rcells) != len(cells) {
		t.Errorf("rebuilt %d cells, incremental %d", len(rcells), len(cells))
	}
	for k, v := range rcells {
		if cells[k] != v {
			t.Errorf("cell %v: incremental %v, rebuilt %v", k, cells[k], v)
		}
	}
	if fmt.Sprint(totals) != fmt.Sprint(rtotals) {
		t.Errorf("day totals: incremental %v, rebuilt %v", totals, rtotals)
	}
	var n int
	for _, d := range rtotals {
		n += int(d.N)
	}
	if n != 2300 {
		t.Errorf("day totals count %d events, want 2300", n)
	}
}
