package sqlite

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// TestDayChunks writes one day's cells through chunks of two: a chunk is
// cut when it grows past four, re-keyed when a cell comes before the
// day's first, and dropped when its cells lose their events; after each
// write the chunks hold what rollup_cells holds, and the day's cells read
// from them are the events' counts.
func TestDayChunks(t *testing.T) {
	ctx := t.Context()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	s.chunkCells = 2
	day := time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC)
	ev := func(id, src string) *event.Event {
		return &event.Event{Origin: "gdelt", OriginID: id, Date: day, Source: event.Actor{Code: src}, Target: event.Actor{Code: "USA"},
			Code: "112", Root: "11", Quad: 3, Goldstein: -2}
	}
	chunks := func() int {
		var n int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM rollup_day_chunks`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	check := func(step string, wantCells, wantChunks int) {
		t.Helper()
		if diff := sameChunks(t, s); diff != "" && wantCells > 0 {
			t.Fatalf("%s: %s", step, diff)
		}
		cs, err := s.RollupCells(ctx, store.RollupQuery{Since: day, Until: day.AddDate(0, 0, 1)})
		if err != nil || len(cs) != wantCells {
			t.Fatalf("%s: %d cells read, %v; want %d", step, len(cs), err, wantCells)
		}
		if got := chunks(); got != wantChunks {
			t.Fatalf("%s: %d chunks, want %d", step, got, wantChunks)
		}
	}
	// One write each, so that the codes are numbered, and their pairs
	// ordered, as listed; the fifth cell cuts the day's chunk of five.
	for i, src := range []string{"AAA", "BBB", "CCC", "DDD", "EEE"} {
		if _, err := s.PutEvents(ctx, []*event.Event{ev(fmt.Sprint(i), src)}); err != nil {
			t.Fatal(err)
		}
	}
	check("five cells, one at a time: a chunk cut in pieces of two at five", 5, 3)
	if _, err := s.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	check("rebuilt", 5, 3)
	// A sixth code numbered after them all, then one placed first by
	// deleting and re-adding: AAA's chunk takes it.
	if _, err := s.PutEvents(ctx, []*event.Event{ev("5", "FFF")}); err != nil {
		t.Fatal(err)
	}
	check("a cell after the last chunk's first joins it", 6, 3)
	if _, err := s.DeleteEvents(ctx, "gdelt", []string{"0"}); err != nil {
		t.Fatal(err)
	}
	check("the first cell gone: its chunk is keyed by the next", 5, 3)
	if _, err := s.PutEvents(ctx, []*event.Event{ev("0", "AAA")}); err != nil {
		t.Fatal(err)
	}
	check("a cell before every chunk joins the first, re-keyed", 6, 3)
	if _, err := s.DeleteEvents(ctx, "gdelt", []string{"2", "3"}); err != nil {
		t.Fatal(err)
	}
	check("the cells of a chunk gone: the chunk is gone", 4, 2)
	if _, err := s.DeleteEvents(ctx, "gdelt", []string{"0", "1", "4", "5"}); err != nil {
		t.Fatal(err)
	}
	check("every cell gone", 0, 0)
}

// FuzzDecodeDayCells: a chunk decodes to ordered cells that pack back to
// the same bytes, or to an error.
func FuzzDecodeDayCells(f *testing.F) {
	f.Add(appendDayCells(nil, []dayCell{{1<<32 | 2, 1<<20 | 11<<4 | 3, cellSum{3, -6}}, {1<<32 | 3, 5, cellSum{1, 0.5}}}))
	f.Add([]byte{1, 2, 3})
	f.Add(appendDayCells(nil, []dayCell{{5, 1, cellSum{1, 1}}, {5, 1, cellSum{1, 1}}}))
	f.Fuzz(func(t *testing.T, b []byte) {
		cells, err := decodeDayCells(b, nil)
		if err != nil {
			return
		}
		if got := appendDayCells(nil, cells); !bytes.Equal(got, b) {
			t.Fatalf("%x decodes to %+v, which packs to %x", b, cells, got)
		}
		for i := 1; i < len(cells); i++ {
			if compareDayCells(cells[i-1], cells[i]) >= 0 {
				t.Fatalf("cells out of order: %+v", cells)
			}
		}
	})
}
