package storetest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// RunAlerts runs the conformance suite of stored alerts and event rollups;
// each subtest gets a fresh store.
func RunAlerts(t *testing.T, open Opener) {
	runSuite(t, open, []suiteTest{
		{"AlertsIdempotent", testAlertsIdempotent},
		{"AlertsQuery", testAlertsQuery},
		{"AlertsInvalid", testAlertsInvalid},
		{"RollupsFollowEvents", testRollupsFollowEvents},
		{"RollupsMatchEvents", testRollupsMatchEvents},
	})
}

func alert(rule, series, start string, sev string, score float64) *store.Alert {
	s := day(start)
	return &store.Alert{
		Rule: rule, Series: series, Start: s, End: s.AddDate(0, 0, 1),
		Detector: "poisson", Severity: sev, Direction: 1, Value: 12, Baseline: 2.5, Score: score,
		Summary: series + " rose to 12",
		Evidence: []store.Evidence{
			{EventID: 7, DocID: 3, SentStart: 120, SentEnd: 260, Date: s, Code: "111", Source: "CHNGOV", Target: "IGOWSTNAT",
				Text: "China's Mission to the EU said the communiqué was full of Cold War thinking."},
			{EventID: 9, URL: "https://example.org/a", Date: s, Code: "112"},
		},
	}
}

var alertCmp = cmpopts.EquateApproxTime(time.Second)

func testAlertsIdempotent(t *testing.T, s store.Store) {
	ctx := t.Context()
	first := []*store.Alert{
		alert("chn-nato", "CHN-IGOWSTNAT conflict", "2023-07-12", "medium", 4.5),
		alert("chn-nato", "CHN-IGOWSTNAT events", "2023-07-12", "low", 3.1),
		alert("fra-nato", "FRA-IGOWSTNAT conflict", "2023-07-13", "high", 7),
	}
	n, err := s.PutAlerts(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || first[0].ID == 0 || first[0].CreatedAt.IsZero() {
		t.Fatalf("PutAlerts added %d (ID %d, created %v), want 3 with IDs and times", n, first[0].ID, first[0].CreatedAt)
	}
	// The same run again, with the first alert's severity revised: nothing
	// new, the revision kept.
	again := []*store.Alert{
		alert("chn-nato", "CHN-IGOWSTNAT conflict", "2023-07-12", "high", 6.5),
		alert("chn-nato", "CHN-IGOWSTNAT events", "2023-07-12", "low", 3.1),
		alert("fra-nato", "FRA-IGOWSTNAT conflict", "2023-07-13", "high", 7),
	}
	again[0].Evidence = again[0].Evidence[:1]
	n, err = s.PutAlerts(ctx, again)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("re-running added %d alerts, want 0", n)
	}
	for i := range again {
		if again[i].ID != first[i].ID {
			t.Errorf("alert %d: ID %d after re-run, want %d", i, again[i].ID, first[i].ID)
		}
	}
	got, err := s.ListAlerts(ctx, store.AlertQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("ListAlerts returned %d, want 3", len(got))
	}
	// newest window first, then rule and series
	want := []store.Alert{*again[2], *again[0], *again[1]}
	want[1].CreatedAt = first[0].CreatedAt
	if d := cmp.Diff(want, got, alertCmp); d != "" {
		t.Errorf("ListAlerts (-want +got):\n%s", d)
	}
}

func testAlertsQuery(t *testing.T, s store.Store) {
	ctx := t.Context()
	var in []*store.Alert
	for i, sev := range []string{"low", "medium", "high", "low", "high"} {
		in = append(in, alert(fmt.Sprintf("rule%d", i%2), "CHN events", fmt.Sprintf("2023-07-%02d", 10+i), sev, float64(i)))
	}
	if _, err := s.PutAlerts(ctx, in); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		q      store.AlertQuery
		want   []string // window starts
		reason string
	}{
		{"all", store.AlertQuery{}, []string{"2023-07-14", "2023-07-13", "2023-07-12", "2023-07-11", "2023-07-10"}, "newest first"},
		{"rule", store.AlertQuery{Rule: "rule1"}, []string{"2023-07-13", "2023-07-11"}, "only that rule"},
		{"medium+", store.AlertQuery{Severity: "medium"}, []string{"2023-07-14", "2023-07-12", "2023-07-11"}, "medium or high"},
		{"high", store.AlertQuery{Severity: "high"}, []string{"2023-07-14", "2023-07-12"}, "high only"},
		{"range", store.AlertQuery{Since: day("2023-07-11"), Until: day("2023-07-13")}, []string{"2023-07-12", "2023-07-11"}, "until exclusive"},
		{"limit", store.AlertQuery{Limit: 1}, []string{"2023-07-14"}, "limit"},
		{"none", store.AlertQuery{Rule: "nope"}, nil, "no match is empty, not an error"},
	}
	for _, tc := range cases {
		got, err := s.ListAlerts(ctx, tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		var days []string
		for _, a := range got {
			days = append(days, a.Start.Format(time.DateOnly))
		}
		if d := cmp.Diff(tc.want, days); d != "" {
			t.Errorf("%s (%s) (-want +got):\n%s", tc.name, tc.reason, d)
		}
	}
}

func testAlertsInvalid(t *testing.T, s store.Store) {
	ctx := t.Context()
	bad := alert("", "CHN events", "2023-07-10", "low", 1)
	good := alert("r", "CHN events", "2023-07-10", "low", 1)
	if _, err := s.PutAlerts(ctx, []*store.Alert{good, bad}); err == nil {
		t.Fatal("PutAlerts accepted an alert without a rule")
	}
	got, err := s.ListAlerts(ctx, store.AlertQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("a failed PutAlerts stored %d alerts, want none (atomic)", len(got))
	}
}

// rollupEvent is an imported event with the fields rollups count.
func rollupEvent(origin, id, date, src, tgt, code string, quad int, gs float64) *event.Event {
	e := ev(origin, id, date, src, tgt, code)
	e.Quad, e.Goldstein = quad, gs
	return e
}

type cellKey struct {
	day, origin, src, tgt, root string
	quad                        int
}

func cellMap(t *testing.T, cells []store.RollupCell) map[cellKey][2]float64 {
	t.Helper()
	m := map[cellKey][2]float64{}
	for _, c := range cells {
		k := cellKey{c.Day.Format(time.DateOnly), c.Origin, c.Src, c.Tgt, c.Root, c.Quad}
		if _, dup := m[k]; dup {
			t.Errorf("cell %+v returned twice", k)
		}
		m[k] = [2]float64{float64(c.N), math.Round(c.Goldstein*1000) / 1000}
	}
	return m
}

func testRollupsFollowEvents(t *testing.T, s store.Store) {
	ctx := t.Context()
	since, until := day("2023-07-01"), day("2023-08-01")
	cells := func(q store.RollupQuery) map[cellKey][2]float64 {
		t.Helper()
		q.Since, q.Until = since, until
		cs, err := s.RollupCells(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return cellMap(t, cs)
	}
	in := []*event.Event{
		rollupEvent("gdelt", "1", "2023-07-11", "CHNGOV", "IGOWSTNAT", "111", 3, -2),
		rollupEvent("gdelt", "2", "2023-07-11", "CHNGOV", "IGOWSTNAT", "112", 3, -2),
		rollupEvent("gdelt", "3", "2023-07-11", "IGOWSTNAT", "CHN", "036", 1, 4),
		rollupEvent("gdelt", "4", "2023-07-12", "FRAGOV", "IGOWSTNAT", "125", 3, -5),
		rollupEvent("acled", "5", "2023-07-12", "CHNMIL", "PHLMIL", "171", 4, -9.2),
	}
	if _, err := s.PutEvents(ctx, in); err != nil {
		t.Fatal(err)
	}
	k := func(d, o, src, tgt, root string, q int) cellKey { return cellKey{d, o, src, tgt, root, q} }
	want := map[cellKey][2]float64{
		k("2023-07-11", "gdelt", "CHNGOV", "IGOWSTNAT", "11", 3): {2, -4},
		k("2023-07-11", "gdelt", "IGOWSTNAT", "CHN", "03", 1):    {1, 4},
	}
	if d := cmp.Diff(want, cells(store.RollupQuery{DyadA: "CHN", DyadB: "IGOWSTNAT"})); d != "" {
		t.Errorf("dyad cells (-want +got):\n%s", d)
	}
	delete(want, k("2023-07-11", "gdelt", "IGOWSTNAT", "CHN", "03", 1))
	if d := cmp.Diff(want, cells(store.RollupQuery{DyadA: "CHN", DyadB: "IGOWSTNAT", Directed: true})); d != "" {
		t.Errorf("directed cells (-want +got):\n%s", d)
	}
	if got := cells(store.RollupQuery{Actor: "CHN"}); len(got) != 3 {
		t.Errorf("actor CHN: %d cells, want 3 (two with NATO, one with PHL): %v", len(got), got)
	}
	if got := cells(store.RollupQuery{Actor: "CHN", ExcludeOrigin: "acled"}); len(got) != 2 {
		t.Errorf("actor CHN without acled: %d cells, want 2", len(got))
	}
	if got := cells(store.RollupQuery{Actor: "CH"}); len(got) != 3 {
		t.Errorf("prefix CH: %d cells, want 3", len(got))
	}
	if got := cells(store.RollupQuery{Actor: "CHNX"}); len(got) != 0 {
		t.Errorf("prefix CHNX: %d cells, want none", len(got))
	}

	// A revision moves an event to another cell; a deletion removes it; the
	// cells follow in the same transaction.
	rev := rollupEvent("gdelt", "2", "2023-07-11", "CHNGOV", "IGOWSTNAT", "042", 1, 1.9)
	rev.Updated = time.Date(2023, 7, 20, 0, 0, 0, 0, time.UTC)
	if c, err := s.PutEvents(ctx, []*event.Event{rev}); err != nil || c.Replaced != 1 {
		t.Fatalf("revision: %+v, %v", c, err)
	}
	if n, err := s.DeleteEvents(ctx, "gdelt", []string{"3"}); err != nil || n != 1 {
		t.Fatalf("DeleteEvents: %d, %v", n, err)
	}
	want = map[cellKey][2]float64{
		k("2023-07-11", "gdelt", "CHNGOV", "IGOWSTNAT", "11", 3): {1, -2},
		k("2023-07-11", "gdelt", "CHNGOV", "IGOWSTNAT", "04", 1): {1, 1.9},
	}
	if d := cmp.Diff(want, cells(store.RollupQuery{DyadA: "CHN", DyadB: "IGOWSTNAT"})); d != "" {
		t.Errorf("after revision and deletion (-want +got):\n%s", d)
	}
	totals, err := s.DayTotals(ctx, since, until)
	if err != nil {
		t.Fatal(err)
	}
	type tot struct {
		Day, Origin string
		N, Conflict int64
	}
	var gotT []tot
	for _, x := range totals {
		gotT = append(gotT, tot{x.Day.Format(time.DateOnly), x.Origin, x.N, x.Conflict})
	}
	wantT := []tot{{"2023-07-11", "gdelt", 2, 1}, {"2023-07-12", "acled", 1, 1}, {"2023-07-12", "gdelt", 1, 1}}
	if d := cmp.Diff(wantT, gotT); d != "" {
		t.Errorf("DayTotals (-want +got):\n%s", d)
	}

	// Coded events: re-coding a document replaces its events, and its cells.
	res := put(t, s, doc("a", "harbourpost", "Drill", drill, day("2023-07-30")))
	code := func(codes ...string) {
		var evs []*event.Event
		for i, c := range codes {
			e := rollupEvent("coded", fmt.Sprint(i), "2023-07-26", "JPNMIL", "FRAMIL", c, 2, 3)
			e.Location, e.URL, e.Attrs = event.Location{}, "", nil
			evs = append(evs, e)
		}
		if err := s.PutCoded(ctx, []store.CodedDoc{{DocID: res[0].ID, Version: "v1", Events: evs}}); err != nil {
			t.Fatal(err)
		}
	}
	code("0621", "0621", "0621")
	code("0621")
	want = map[cellKey][2]float64{k("2023-07-26", "coded", "JPNMIL", "FRAMIL", "06", 2): {1, 3}}
	if d := cmp.Diff(want, cells(store.RollupQuery{Actor: "JPN"})); d != "" {
		t.Errorf("after re-coding (-want +got):\n%s", d)
	}

	// Rebuilding from scratch gives the same cells.
	before := cells(store.RollupQuery{})
	n, err := s.RebuildRollups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(len(before)) {
		t.Errorf("RebuildRollups reports %d cells, the incremental rollups have %d", n, len(before))
	}
	if d := cmp.Diff(before, cells(store.RollupQuery{})); d != "" {
		t.Errorf("rebuilt cells differ from incremental ones (-incremental +rebuilt):\n%s", d)
	}
	if _, err := s.RollupCells(ctx, store.RollupQuery{Actor: "CHN"}); err == nil {
		t.Error("RollupCells without a range: no error")
	}
}

// testRollupsMatchEvents stores random events in several calls, with
// revisions and deletions, and checks that every dyad's cells sum to what
// ListEvents returns.
func testRollupsMatchEvents(t *testing.T, s store.Store) {
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(1, 2))
	actors := []string{"CHN", "CHNGOV", "USA", "USAMIL", "FRA", "IGOWSTNAT", "JPN", "RUS"}
	codes := []string{"010", "036", "042", "057", "111", "112", "125", "138", "172", "190"}
	quads := map[string]int{"01": 1, "03": 1, "04": 1, "05": 1, "11": 3, "12": 3, "13": 3, "17": 4, "19": 4}
	var ids []string
	for batch := range 4 {
		var evs []*event.Event
		for i := range 60 {
			id := fmt.Sprintf("%d-%d", batch, i)
			if batch > 0 && i < 10 { // revise an earlier event
				id = ids[rng.IntN(len(ids))]
			}
			src, tgt := actors[rng.IntN(len(actors))], actors[rng.IntN(len(actors))]
			c := codes[rng.IntN(len(codes))]
			e := rollupEvent("gdelt", id, fmt.Sprintf("2023-07-%02d", 1+rng.IntN(20)), src, tgt, c, quads[c[:2]], float64(rng.IntN(200)-100)/10)
			e.Updated = time.Date(2023, 8, 1+batch, 0, 0, 0, 0, time.UTC)
			evs = append(evs, e)
			ids = append(ids, id)
		}
		if _, err := s.PutEvents(ctx, evs); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeleteEvents(ctx, "gdelt", []string{ids[rng.IntN(len(ids))], ids[rng.IntN(len(ids))]}); err != nil {
			t.Fatal(err)
		}
	}
	since, until := day("2023-07-01"), day("2023-08-01")
	for _, pair := range [][2]string{{"CHN", "USA"}, {"CHNGOV", "IGOWSTNAT"}, {"FRA", "RUS"}, {"JPN", "JPN"}} {
		for _, directed := range []bool{false, true} {
			evs, err := s.ListEvents(ctx, store.EventQuery{DyadA: pair[0], DyadB: pair[1], Directed: directed, Since: since, Until: until, Limit: 100000})
			if err != nil {
				t.Fatal(err)
			}
			wantN, wantG := 0, 0.0
			var wantDays []string
			for _, e := range evs {
				// ListEvents also matches on the country column; rollups
				// on codes only, as analyze.Series does.
				wantN++
				wantG += e.Goldstein
				wantDays = append(wantDays, e.Date.Format(time.DateOnly))
			}
			cs, err := s.RollupCells(ctx, store.RollupQuery{DyadA: pair[0], DyadB: pair[1], Directed: directed, Since: since, Until: until})
			if err != nil {
				t.Fatal(err)
			}
			gotN, gotG := 0, 0.0
			var gotDays []string
			for _, c := range cs {
				gotN += int(c.N)
				gotG += c.Goldstein
				for range c.N {
					gotDays = append(gotDays, c.Day.Format(time.DateOnly))
				}
			}
			sort.Strings(wantDays)
			sort.Strings(gotDays)
			if gotN != wantN || math.Abs(gotG-wantG) > 1e-6 || !cmp.Equal(wantDays, gotDays) {
				t.Errorf("%s-%s directed=%v: rollups %d events, Goldstein %.2f; events %d, %.2f", pair[0], pair[1], directed, gotN, gotG, wantN, wantG)
			}
		}
	}
}
