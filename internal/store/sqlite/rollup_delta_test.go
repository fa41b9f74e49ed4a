package sqlite

import (
	"database/sql"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
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
	s.chunkCells = 4 // many chunks, cut and merged as the batches change them
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
	// The chunks by day hold the cells of rollup_cells.
	same := func(when string) {
		t.Helper()
		if diff := sameChunks(t, s); diff != "" {
			t.Errorf("%s: %s", when, diff)
		}
	}
	same("kept per transaction")
	cells, totals := read()
	// Three readers, so that cells met by several are merged.
	s.rebuildReaders = 3
	if n, err := s.RebuildRollups(ctx); err != nil || n != int64(len(cells)) {
		t.Fatalf("RebuildRollups: %d cells, %v; incremental %d", n, err, len(cells))
	}
	same("rebuilt")
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

// TestMigrateRollupsToNumbers upgrades a database whose rollups are kept
// by name (before migration 012) and checks that the renumbered cells are
// those a rebuild computes, and that events stored afterwards update them.
func TestMigrateRollupsToNumbers(t *testing.T) {
	ctx := t.Context()
	file := filepath.Join(t.TempDir(), "old.db")
	ms, err := loadMigrations()
	if err != nil {
		t.Fatal(err)
	}
	var newer []int
	for _, m := range ms {
		if m.Version >= 12 {
			newer = append(newer, m.Version)
		}
	}
	if err := applyAllBut(file, ms, newer...); err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	actors := []string{"CHN", "CHNGOV", "USA", "", "FRA", "IGOWSTNAT"}
	for i := range 500 {
		root := 1 + rng.IntN(20)
		if _, err := raw.Exec(`INSERT INTO events (origin, origin_id, date, src_code, tgt_code, code, root, quad, goldstein, row_hash)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'x')`, []string{"gdelt", "icews"}[i%2], fmt.Sprint(i),
			fmt.Sprintf("2023-07-%02d", 1+rng.IntN(31)), actors[rng.IntN(len(actors))], actors[rng.IntN(len(actors))],
			fmt.Sprintf("%02d0", root), fmt.Sprintf("%02d", root), 1+(root-1)/5, float64(rng.IntN(200)-100)/10); err != nil {
			t.Fatal(err)
		}
	}
	// The rollups as the builds before 012 kept them.
	if _, err := raw.Exec(`INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
		SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein) FROM events
		GROUP BY src_code, tgt_code, date, origin, root, quad`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s, err := Migrate(ctx, file)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	defer s.Close()
	since, until := time.Date(2023, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)
	read := func(q store.RollupQuery) map[string]string {
		t.Helper()
		q.Since, q.Until = since, until
		cs, err := s.RollupCells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]string{}
		for _, c := range cs {
			k := fmt.Sprint(c.Day.Format(time.DateOnly), c.Origin, c.Src, "→", c.Tgt, c.Root, c.Quad)
			if _, dup := m[k]; dup {
				t.Errorf("cell %s returned twice", k)
			}
			m[k] = fmt.Sprintf("%d %.3f", c.N, c.Goldstein)
		}
		return m
	}
	queries := []store.RollupQuery{{}, {Actor: "CHN"}, {DyadA: "CHN", DyadB: "CHNGOV"}, {DyadA: "USA", DyadB: "FRA", Directed: true},
		{Origin: "icews"}, {ExcludeOrigin: "icews", Actor: "IGOWSTNAT"}}
	migrated := make([]map[string]string, len(queries))
	for i, q := range queries {
		migrated[i] = read(q)
	}
	if diff := sameChunks(t, s); diff != "" {
		t.Errorf("migrated: %s", diff)
	}
	if len(migrated[0]) == 0 || len(migrated[1]) == 0 || len(migrated[2]) == 0 {
		t.Fatalf("migrated rollups hold %d cells, %d of CHN, %d between CHN and CHNGOV", len(migrated[0]), len(migrated[1]), len(migrated[2]))
	}
	if _, err := s.RebuildRollups(ctx); err != nil {
		t.Fatal(err)
	}
	for i, q := range queries {
		if got := read(q); fmt.Sprint(got) != fmt.Sprint(migrated[i]) {
			t.Errorf("%+v: migrated %d cells, rebuilt %d:\n%v\n%v", q, len(migrated[i]), len(got), migrated[i], got)
		}
	}
	// A new code, stored after the upgrade, gets a number and its cells.
	if _, err := s.PutEvents(ctx, []*event.Event{{Origin: "gdelt", OriginID: "new", Date: since,
		Source: event.Actor{Code: "JPN"}, Target: event.Actor{Code: "FRA"}, Code: "190", Root: "19", Quad: 4, Goldstein: -10}}); err != nil {
		t.Fatal(err)
	}
	got := read(store.RollupQuery{DyadA: "JPN", DyadB: "FRA"})
	if want := fmt.Sprint(map[string]string{fmt.Sprint("2023-07-01", "gdelt", "JPN", "→", "FRA", "19", 4): "1 -10.000"}); fmt.Sprint(got) != want {
		t.Errorf("cells of the new code: %v, want %v", got, want)
	}
	if diff := sameChunks(t, s); diff != "" {
		t.Errorf("after a write: %s", diff)
	}
}

// TestRebuildBadRow: an event whose stored date is not a day, whose class
// or Goldstein score is not a number, or whose code holds the separator the
// rebuild reads names with, fails the rebuild with an error naming the
// event and the reason, and leaves the rollups as they were.
func TestRebuildBadRow(t *testing.T) {
	for _, tc := range []struct {
		name, date, quad, goldstein, code, want string
	}{
		{"date", "'12/07/2023'", "3", "-2", "'USA'", `date "12/07/2023" is not a day`},
		{"day of month", "'2023-02-29'", "3", "-2", "'USA'", `date "2023-02-29" is not a day`},
		{"quad", "'2023-07-12'", "'three'", "-2", "'USA'", `quad class "three" is not a number`},
		{"goldstein", "'2023-07-12'", "3", "'minus two'", "'USA'", `Goldstein score "minus two" is not a number`},
		{"code", "'2023-07-12'", "3", "-2", "'US' || char(31) || 'A'", "holds the character 31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			s, err := Open(ctx, filepath.Join(t.TempDir(), "r.db"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			day := time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC)
			// Good events around the bad one, in both readers' ranges.
			s.rebuildReaders = 2
			var evs []*event.Event
			for i := range 20 {
				evs = append(evs, &event.Event{Origin: "gdelt", OriginID: fmt.Sprint(i), Date: day,
					Source: event.Actor{Code: "CHN"}, Target: event.Actor{Code: "USA"}, Code: "112", Root: "11", Quad: 3, Goldstein: -2})
			}
			if _, err := s.PutEvents(ctx, evs[:10]); err != nil {
				t.Fatal(err)
			}
			var id int64
			if err := s.db.QueryRowContext(ctx, `INSERT INTO events (origin, origin_id, date, quad, goldstein, src_code, tgt_code, root, row_hash)
				VALUES ('gdelt', 'bad', `+tc.date+`, `+tc.quad+`, `+tc.goldstein+`, 'CHN', `+tc.code+`, '11', 'x') RETURNING id`).Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := s.PutEvents(ctx, evs[10:]); err != nil {
				t.Fatal(err)
			}
			_, err = s.RebuildRollups(ctx)
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("event %d:", id)) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("RebuildRollups: %v, want an error naming event %d and %q", err, id, tc.want)
			}
			cs, err := s.RollupCells(ctx, store.RollupQuery{Since: day, Until: day.AddDate(0, 0, 1)})
			if err != nil || len(cs) != 1 || cs[0].N != 20 {
				t.Fatalf("rollups after the failed rebuild: %+v, %v; want the one cell of 20 events as it was", cs, err)
			}
		})
	}
}

// TestDayOfText checks the rebuild's reading of stored dates against
// time.Parse on the edges of months, leap years and the four-digit years.
func TestDayOfText(t *testing.T) {
	for _, s := range []string{"1970-01-01", "1969-12-31", "2023-07-12", "2000-02-29", "1900-02-28", "2024-02-29",
		"0000-01-01", "0000-02-29", "0000-03-01", "0001-01-01", "9999-12-31", "1600-02-29", "2023-12-31", "2024-01-01"} {
		want, ok := parsedDay(s)
		if !ok {
			t.Fatalf("time.Parse refuses %q", s)
		}
		if got, ok := dayOfText(s); !ok || got != want {
			t.Errorf("dayOfText(%q) = %d, %v; want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "2023-7-12", "2023-07-1", "2023/07/12", "2023-02-29", "1900-02-29", "2023-13-01", "2023-00-10",
		"2023-04-31", "2023-07-00", "+023-07-12", "2023-07-12T00:00:00Z", "2023-07-12 ", "２０２３-07-12", "-023-07-12"} {
		if d, ok := dayOfText(s); ok {
			t.Errorf("dayOfText(%q) = %d, want no day", s, d)
		}
	}
}

// FuzzDayOfText: dayOfText agrees with time.Parse (dayLayout) and
// dayNumber on every text.
func FuzzDayOfText(f *testing.F) {
	for _, s := range []string{"2023-07-12", "0000-02-29", "9999-12-31", "2023-02-29", "1969-12-31", "12/07/2023", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, wantOK := parsedDay(s)
		got, ok := dayOfText(s)
		if ok != wantOK || got != want {
			t.Fatalf("dayOfText(%q) = %d, %v; time.Parse gives %d, %v", s, got, ok, want, wantOK)
		}
	})
}

// parsedDay is what dayOfText must return, the slow way.
func parsedDay(s string) (int64, bool) {
	d, err := time.Parse(dayLayout, s)
	if err != nil {
		return 0, false
	}
	return dayNumber(d), true
}

// sameChunks returns how rollup_day_chunks differs from rollup_cells, or
// breaks its own rules (chunks keyed by their first cell, in order, none
// empty or past twice the chunk size), or "".
func sameChunks(t *testing.T, s *Store) string {
	t.Helper()
	ctx := t.Context()
	var cells []string
	rows, err := s.db.QueryContext(ctx, `SELECT day, pair, kind, n, goldstein FROM rollup_cells ORDER BY day, pair, kind`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var day, pair, kind, n int64
		var g float64
		if err := rows.Scan(&day, &pair, &kind, &n, &g); err != nil {
			t.Fatal(err)
		}
		cells = append(cells, fmt.Sprintf("%d:%d:%d:%d:%.3f", day, pair, kind, n, g))
	}
	rows.Close()
	var chunked []string
	rows, err = s.db.QueryContext(ctx, `SELECT day, pair, kind, cells FROM rollup_day_chunks ORDER BY day, pair, kind`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var last struct{ day, pair, kind int64 }
	for rows.Next() {
		var day, pair, kind int64
		var blob []byte
		if err := rows.Scan(&day, &pair, &kind, &blob); err != nil {
			t.Fatal(err)
		}
		cs, err := decodeDayCells(blob, nil)
		switch {
		case err != nil:
			return err.Error()
		case len(cs) == 0 || len(cs) > 2*s.dayChunkCells():
			return fmt.Sprintf("a chunk of day %d holds %d cells", day, len(cs))
		case cs[0].pair != pair || cs[0].kind != kind:
			return fmt.Sprintf("the chunk keyed %d:%d:%d begins at %d:%d", day, pair, kind, cs[0].pair, cs[0].kind)
		case len(chunked) > 0 && last.day == day && compareDayCells(dayCell{pair: last.pair, kind: last.kind}, cs[0]) >= 0:
			return fmt.Sprintf("the chunks of day %d overlap at %d:%d", day, pair, kind)
		}
		for _, c := range cs {
			chunked = append(chunked, fmt.Sprintf("%d:%d:%d:%d:%.3f", day, c.pair, c.kind, c.s.n, c.s.g))
			last.day, last.pair, last.kind = day, c.pair, c.kind
		}
	}
	if len(cells) == 0 || strings.Join(cells, ",") != strings.Join(chunked, ",") {
		return fmt.Sprintf("rollup_cells (%d cells) and the chunks by day (%d) differ", len(cells), len(chunked))
	}
	return ""
}
