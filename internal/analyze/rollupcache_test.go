package analyze_test

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/sqlite"
)

// TestRollupCache checks that a RollupCache answers what the store it was
// loaded from answers, for cells and for series (which read the cache in
// its packed form): generated events, plus events of a second imported
// origin, coded events, a root that is not one of CAMEO's twenty, and
// codes that are prefixes of each other (CHN, CHNGOV), so that a cell can
// match both sides of a dyad. Goldstein scores are whole or halves, so
// that sums do not depend on the order of the cells.
func TestRollupCache(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := sqlite.GenerateEvents(ctx, st, 20_000, 120, start); err != nil {
		t.Fatal(err)
	}
	var extra []*event.Event
	for i := range 300 {
		d := start.AddDate(0, 0, i%120)
		e := &event.Event{Origin: event.OriginACLED, OriginID: fmt.Sprint("a", i), Date: d,
			Source: event.Actor{Code: "CHNGOV", Country: "CHN"}, Target: event.Actor{Code: []string{"CHN", "USAMIL", "XYZ"}[i%3]},
			Code: "190", Root: "19", Quad: 4, Goldstein: -9.5}
		if i%7 == 0 {
			e.Code, e.Root, e.Quad, e.Goldstein = "990", "99", 0, 0.5
		}
		extra = append(extra, e)
	}
	if _, err := st.PutEvents(ctx, extra); err != nil {
		t.Fatal(err)
	}
	body := "CHN denounced the USA."
	doc, err := st.PutDocs(ctx, []*event.Document{{Key: "d1", Title: "t", Body: body, Raw: []byte(body),
		Published: start.AddDate(0, 0, 50), Source: "wire", Format: "text"}})
	if err != nil {
		t.Fatal(err)
	}
	coded := []*event.Event{{Date: start.AddDate(0, 0, 50), Source: event.Actor{Code: "CHN"}, Target: event.Actor{Code: "USA"},
		Code: "111", Root: "11", Quad: 3, Goldstein: -2}}
	if err := st.PutCoded(ctx, []store.CodedDoc{{DocID: doc[0].ID, Version: "test", Events: coded}}); err != nil {
		t.Fatal(err)
	}

	since, until := start.AddDate(0, 0, 10), start.AddDate(0, 0, 110)
	cache, err := analyze.LoadRollups(ctx, st, since, until)
	if err != nil {
		t.Fatal(err)
	}
	// Cells: the same, in any order.
	in, out := since.AddDate(0, 0, 3), until.AddDate(0, 0, -5)
	cellQueries := []store.RollupQuery{
		{Since: since, Until: until},
		{Actor: "CHN", Since: in, Until: out},
		{Actor: "CHNGOV", Since: since, Until: until, Origin: event.OriginACLED},
		{DyadA: "CHN", DyadB: "CHNGOV", Since: in, Until: until},
		{DyadA: "CHN", DyadB: "USA", Directed: true, Since: since, Until: out, ExcludeOrigin: event.OriginCoded},
		{DyadA: "USA", DyadB: "CHN", Since: in, Until: out, Origin: event.OriginCoded},
	}
	byKey := func(a, b store.RollupCell) int {
		return cmp.Or(a.Day.Compare(b.Day), cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Src, b.Src),
			cmp.Compare(a.Tgt, b.Tgt), cmp.Compare(a.Root, b.Root), cmp.Compare(a.Quad, b.Quad))
	}
	total := 0
	for _, q := range cellQueries {
		want, err := st.RollupCells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := cache.RollupCells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		slices.SortFunc(want, byKey)
		slices.SortFunc(got, byKey)
		if d := gocmp.Diff(want, got); d != "" {
			t.Errorf("cells of %+v (-store +cache):\n%s", q, d)
		}
		total += len(want)
	}
	if total < 1000 {
		t.Fatalf("%d cells in all: too few to compare", total)
	}

	// Series: the same points.
	seriesQueries := []analyze.SeriesQuery{
		{A: []string{"CHN"}, B: []string{"USA"}},
		{A: []string{"CHN", "CHNGOV"}, B: []string{"USA", "CHN"}, Codes: []string{"19", "9"}},
		{A: []string{"CHNGOV"}, B: []string{"CHN"}, Directed: true, By: analyze.Week},
		{A: []string{"CHN", "RUS"}, By: analyze.Month, Origin: event.OriginACLED},
		{A: []string{"USA"}, Codes: []string{"1"}},
		{By: analyze.Week},
	}
	for _, q := range seriesQueries {
		q.Since, q.Until = in, out
		q.Rollups = st
		want, err := analyze.Series(ctx, st, q)
		if err != nil {
			t.Fatal(err)
		}
		q.Rollups = cache
		got, err := analyze.Series(ctx, st, q)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(want, got); d != "" {
			t.Errorf("series %v-%v codes %v by %v (-store +cache):\n%s", q.A, q.B, q.Codes, q.By, d)
		}
	}

	if _, err := cache.RollupCells(ctx, store.RollupQuery{Since: since.AddDate(0, 0, -1), Until: until}); err == nil {
		t.Error("a query beyond the cache's range: no error")
	}
}
