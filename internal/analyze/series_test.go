package analyze

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// lister serves its events page by page and ignores every other filter:
// Series filters again, which these tests check.
type lister struct {
	evs   []event.Event
	calls int
}

func (l *lister) ListEvents(_ context.Context, q store.EventQuery) ([]event.Event, error) {
	l.calls++
	if q.Offset >= len(l.evs) {
		return nil, nil
	}
	return l.evs[q.Offset:min(q.Offset+q.Limit, len(l.evs))], nil
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ev(id, origin, date, src, tgt, code string, quad int, gold float64, doc int64, url string) event.Event {
	return event.Event{Origin: origin, OriginID: id, Date: day(date),
		Source: event.Actor{Code: src, Country: src[:3]}, Target: event.Actor{Code: tgt, Country: tgt[:3]},
		Code: code, Root: code[:2], Quad: quad, Goldstein: gold, DocID: doc, URL: url}
}

// 2023-07-10 is a Monday (the Vilnius summit opened on Tuesday the 11th).
var testEvents = []event.Event{
	ev("1", event.OriginCoded, "2023-07-11", "CHNGOV", "IGOWSTNAT", "111", 3, -2, 1, ""),
	ev("2", event.OriginCoded, "2023-07-11", "CHNGOV", "IGOWSTNAT", "111", 3, -2, 2, ""), // doc 2 copies doc 1
	ev("3", event.OriginCoded, "2023-07-12", "IGOWSTNAT", "CHN", "112", 3, -2, 3, ""),
	ev("4", event.OriginGDELT, "2023-07-09", "CHN", "IGOWSTNAT", "036", 1, 4, 0, "https://www.example.com/a"), // Sunday: week of 07-03
	ev("5", event.OriginGDELT, "2023-07-16", "CHN", "IGOWSTNAT", "190", 4, -10, 0, "https://news.example.org/b"),
	ev("6", event.OriginGDELT, "2023-07-16", "CHNMIL", "IGOWSTNAT", "0874", 2, 5, 0, "https://news.example.org/b"),
	ev("7", event.OriginGDELT, "2023-07-11", "CHN", "JPN", "111", 3, -2, 0, "https://jp.example/c"),
	ev("8", event.OriginGDELT, "2023-07-24", "CHN", "IGOWSTNAT", "042", 1, 2, 0, ""),
	ev("9", event.OriginGDELT, "2023-07-31", "CHN", "IGOWSTNAT", "190", 4, -10, 0, ""),  // on Until: out
	ev("10", event.OriginGDELT, "2023-07-02", "CHN", "IGOWSTNAT", "190", 4, -10, 0, ""), // before Since: out
}

// stories: documents 1 and 2 are one story, told by two outlets.
func stories(_ context.Context, doc int64) (int64, string, error) {
	switch doc {
	case 1:
		return 1, "reuters", nil
	case 2:
		return 1, "afp", nil
	case 3:
		return 3, "ap", nil
	}
	return 0, "", fmt.Errorf("no document %d", doc)
}

func wk(start string) Point {
	s := day(start)
	return Point{Start: s, End: s.AddDate(0, 0, 7)}
}

func TestSeries(t *testing.T) {
	weeks := func(ps ...Point) []Point { return ps }
	w0, w1, w2, w3 := wk("2023-07-03"), wk("2023-07-10"), wk("2023-07-17"), wk("2023-07-24")
	// The week of 07-03 in every CHN–NATO case: event 4.
	w0d := w0
	w0d.Rows, w0d.Events, w0d.Quad, w0d.Roots = 1, 1, [5]int{0, 1, 0, 0, 0}, map[string]int{"03": 1}
	w0d.GoldsteinSum, w0d.GoldsteinMean, w0d.Stories, w0d.Sources = 4, 4, 1, 1
	w3d := w3
	w3d.Rows, w3d.Events, w3d.Quad, w3d.Roots = 1, 1, [5]int{0, 1, 0, 0, 0}, map[string]int{"04": 1}
	w3d.GoldsteinSum, w3d.GoldsteinMean, w3d.Stories = 2, 2, 1 // no URL: its own story, no known outlet

	// Week of 07-10, undirected CHN–NATO: events 1 (= 2), 3, 5, 6.
	w1u := w1
	w1u.Rows, w1u.Events, w1u.Quad = 5, 4, [5]int{0, 0, 1, 2, 1}
	w1u.Roots = map[string]int{"11": 2, "19": 1, "08": 1}
	w1u.GoldsteinSum, w1u.GoldsteinMean, w1u.ConflictShare = -9, -2.25, 0.75
	w1u.Stories, w1u.Sources = 3, 4 // story 1, story 3, URL b; reuters, afp, ap, news.example.org

	// Without StoryOf each document is its own story: 1 and 2 both count.
	w1n := w1u
	w1n.Events, w1n.Quad, w1n.Roots = 5, [5]int{0, 0, 1, 3, 1}, map[string]int{"11": 3, "19": 1, "08": 1}
	w1n.GoldsteinSum, w1n.GoldsteinMean, w1n.ConflictShare = -11, -2.2, 0.8
	w1n.Stories, w1n.Sources = 4, 1 // outlets of coded events unknown

	// Directed NATO→CHN: event 3 only.
	w1d := w1
	w1d.Rows, w1d.Events, w1d.Quad, w1d.Roots = 1, 1, [5]int{0, 0, 0, 1, 0}, map[string]int{"11": 1}
	w1d.GoldsteinSum, w1d.GoldsteinMean, w1d.ConflictShare, w1d.Stories, w1d.Sources = -2, -2, 1, 1, 1

	// Group {JPN, FRA}: event 7 only.
	w1g := w1
	w1g.Rows, w1g.Events, w1g.Quad, w1g.Roots = 1, 1, [5]int{0, 0, 0, 1, 0}, map[string]int{"11": 1}
	w1g.GoldsteinSum, w1g.GoldsteinMean, w1g.ConflictShare, w1g.Stories, w1g.Sources = -2, -2, 1, 1, 1

	jul := Point{Start: day("2023-07-01"), End: day("2023-08-01"), Rows: 8, Events: 7, Quad: [5]int{0, 2, 1, 2, 2},
		Roots: map[string]int{"03": 1, "04": 1, "11": 2, "19": 2, "08": 1}, GoldsteinSum: -13, GoldsteinMean: -13.0 / 7,
		ConflictShare: 4.0 / 7, Stories: 6, Sources: 5}

	tests := []struct {
		name   string
		reason string
		q      SeriesQuery
		want   []Point
	}{{
		name:   "undirected dyad by week",
		reason: "events either way count; syndicated copies (docs 1, 2) once; an empty week is present with zeros; Sunday belongs to the week before",
		q:      SeriesQuery{A: []string{"CHN"}, B: []string{"IGOWSTNAT"}, By: Week, StoryOf: stories},
		want:   weeks(w0d, w1u, w2, w3d),
	}, {
		name:   "no story clusters",
		reason: "without StoryOf, copies of a story are separate stories and their events count twice",
		q:      SeriesQuery{A: []string{"CHN"}, B: []string{"IGOWSTNAT"}, By: Week},
		want:   weeks(w0d, w1n, w2, w3d),
	}, {
		name:   "directed dyad",
		reason: "only events from A to B",
		q:      SeriesQuery{A: []string{"IGOWSTNAT"}, B: []string{"CHN"}, Directed: true, By: Week, StoryOf: stories},
		want:   weeks(w0, w1d, w2, w3),
	}, {
		name:   "agent-level side",
		reason: "CHNMIL matches event 6 only",
		q:      SeriesQuery{A: []string{"CHNMIL"}, B: []string{"IGOWSTNAT"}, By: Week},
		want: weeks(w0, Point{Start: w1.Start, End: w1.End, Rows: 1, Events: 1, Quad: [5]int{0, 0, 1, 0, 0},
			Roots: map[string]int{"08": 1}, GoldsteinSum: 5, GoldsteinMean: 5, Stories: 1, Sources: 1}, w2, w3),
	}, {
		name:   "group",
		reason: "a group matches events with any member as source or target",
		q:      SeriesQuery{A: []string{"JPN", "FRA"}, By: Week},
		want:   weeks(w0, w1g, w2, w3),
	}, {
		name:   "by month",
		reason: "the month bucket starts on 07-01 but event 10 (07-02) is before Since and left out; event 9 (07-31) is in",
		q:      SeriesQuery{A: []string{"CHN"}, B: []string{"IGOWSTNAT"}, By: Month, StoryOf: stories},
		want:   []Point{jul},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			if q.Since.IsZero() {
				q.Since, q.Until = day("2023-07-03"), day("2023-07-31")
			}
			if q.By == Month {
				q.Since, q.Until = day("2023-07-03"), day("2023-08-01")
			}
			q.PageSize = 3 // several pages
			got, err := Series(t.Context(), &lister{evs: testEvents}, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s: Series (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestSeriesDays(t *testing.T) {
	got, err := Series(t.Context(), &lister{evs: testEvents}, SeriesQuery{A: []string{"CHN"}, B: []string{"IGOWSTNAT"},
		By: Day, Since: day("2023-07-09"), Until: day("2023-07-13"), StoryOf: stories})
	if err != nil {
		t.Fatal(err)
	}
	var n []int
	for _, p := range got {
		n = append(n, p.Events)
	}
	if want := []int{1, 0, 1, 1}; !cmp.Equal(want, n) {
		t.Errorf("events per day = %v, want %v", n, want)
	}
}

func TestSeriesBadQuery(t *testing.T) {
	for _, q := range []SeriesQuery{
		{A: []string{"CHN"}},
		{A: []string{"CHN"}, Since: day("2023-07-10"), Until: day("2023-07-10")},
		{B: []string{"CHN"}, Since: day("2023-07-10"), Until: day("2023-07-11")},
	} {
		if _, err := Series(t.Context(), &lister{}, q); err == nil {
			t.Errorf("Series(%+v): no error", q)
		}
	}
}

func TestIntervalStart(t *testing.T) {
	tests := []struct{ in, week, month string }{
		{"2023-07-10", "2023-07-10", "2023-07-01"}, // Monday
		{"2023-07-16", "2023-07-10", "2023-07-01"}, // Sunday
		{"2021-01-01", "2020-12-28", "2021-01-01"}, // ISO week 53 of 2020
	}
	for _, tt := range tests {
		if got := Week.Start(day(tt.in)); !got.Equal(day(tt.week)) {
			t.Errorf("Week.Start(%s) = %s, want %s", tt.in, got, tt.week)
		}
		if got := Month.Start(day(tt.in)); !got.Equal(day(tt.month)) {
			t.Errorf("Month.Start(%s) = %s, want %s", tt.in, got, tt.month)
		}
	}
}

func TestTension(t *testing.T) {
	at := func(i int) time.Time { return day("2023-07-03").AddDate(0, 0, 7*i) }
	pt := func(i, events, conflict int, gmean float64) Point {
		p := Point{Start: at(i), End: at(i + 1), Events: events, Quad: [5]int{0, events - conflict, 0, conflict, 0}, GoldsteinMean: gmean}
		if events > 0 {
			p.ConflictShare = float64(conflict) / float64(events)
		}
		return p
	}
	points := []Point{pt(0, 10, 2, 1), pt(1, 10, 4, -1), pt(2, 0, 0, 0), pt(3, 10, 8, -4)}
	totals := []Point{{Start: at(0), Events: 1000}, {Start: at(1), Events: 2000}, {Start: at(2), Events: 1000}, {Start: at(3), Events: 1000}}
	got := Tension(points, Baseline{Until: at(3)}, TensionOptions{Totals: totals})

	// Baseline (weeks 0–2): share 0.2, 0.4 → mean 0.3, std 0.1; hostility
	// −0.1, 0.1 → mean 0, std 0.1; conflict per 1,000: 2, 2, 0 → mean 4/3,
	// std √(8/9) = 0.942809.
	const volStd = 0.9428090415820634
	in := func(name string, v, mean, std, w float64, defined bool) Input {
		i := Input{Name: name, Value: v, Defined: defined, Mean: mean, Std: std, Weight: w}
		if defined {
			i.Z = (v - mean) / std
			i.Term = w * i.Z
		}
		return i
	}
	tp := func(i, events, total int, index float64, share, host, vol float64, defined bool) TensionPoint {
		return TensionPoint{Start: at(i), End: at(i + 1), Events: events, Total: total, Index: index, Inputs: []Input{
			in(InputConflictShare, share, 0.3, 0.1, 0.4, defined),
			in(InputHostility, host, 0, 0.1, 0.4, defined),
			in(InputConflictVolume, vol, 4.0/3, volStd, 0.2, true),
		}}
	}
	want := []TensionPoint{
		tp(0, 10, 1000, -0.4-0.4+0.2*0.7071067811865476, 0.2, -0.1, 2, true),
		tp(1, 10, 2000, 0.4+0.4+0.2*0.7071067811865476, 0.4, 0.1, 2, true),
		tp(2, 0, 1000, -0.2*1.4142135623730951, 0, 0, 0, false),
		tp(3, 10, 1000, 0.4*5+0.4*4+0.2*7.0710678118654755, 0.8, 0.4, 8, true), // 5.01421
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateApprox(0, 1e-9)); diff != "" {
		t.Errorf("Tension (-want +got):\n%s", diff)
	}
	if got[3].Index < 5.014 || got[3].Index > 5.015 {
		t.Errorf("index of week 3 = %g, want 5.0142 (worked by hand)", got[3].Index)
	}

	var b strings.Builder
	if err := Explain(&b, got, Baseline{Until: at(3)}, 2); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"tension index = 0.4·z(conflict_share) + 0.4·z(hostility) + 0.2·z(conflict_per_1000)",
		"baseline: buckets starting in [start, 2023-07-24)", "2023-07-24", "5.014", "undefined"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("Explain output lacks %q:\n%s", s, b.String())
		}
	}
	if strings.Contains(b.String(), "2023-07-10 ") {
		t.Errorf("Explain printed more than the last 2 buckets:\n%s", b.String())
	}
}

func TestTensionFloorAndNoTotals(t *testing.T) {
	at := func(i int) time.Time { return day("2023-07-03").AddDate(0, 0, 7*i) }
	var points []Point
	for i, c := range []int{5, 5, 5, 6} { // a flat baseline, then one more conflict event
		points = append(points, Point{Start: at(i), Events: 10, Quad: [5]int{0, 10 - c, 0, c, 0}, ConflictShare: float64(c) / 10})
	}
	got := Tension(points, Baseline{Until: at(3)}, TensionOptions{Weights: Weights{ConflictShare: 1}})
	last := got[3]
	// share: std 0 → floor 0.05: z = 0.1/0.05 = 2. Count: std 0 → floor 1: z = 1, weight 0.
	if last.Inputs[2].Name != InputConflictCount || last.Total != -1 {
		t.Errorf("without totals: input %q, total %d; want %q, -1", last.Inputs[2].Name, last.Total, InputConflictCount)
	}
	if d := last.Index - 2; d > 1e-9 || d < -1e-9 {
		t.Errorf("index = %g, want 2", last.Index)
	}
}

func BenchmarkSeries(b *testing.B) {
	codes := []string{"CHN", "CHNGOV", "CHNMIL", "IGOWSTNAT", "USA", "JPN", "FRA", "RUS"}
	evs := make([]event.Event, 200_000)
	start := day("2023-01-01")
	for i := range evs {
		quad := i%4 + 1
		evs[i] = event.Event{Origin: event.OriginGDELT, OriginID: fmt.Sprint(i), Date: start.AddDate(0, 0, i%365),
			Source: event.Actor{Code: codes[i%len(codes)]}, Target: event.Actor{Code: codes[(i/7)%len(codes)]},
			Code: "111", Root: "11", Quad: quad, Goldstein: float64(5 - 3*quad),
			URL: fmt.Sprintf("https://site%d.example/%d", i%50, i%5000)}
	}
	src := &lister{evs: evs}
	q := SeriesQuery{A: []string{"CHN"}, B: []string{"IGOWSTNAT"}, By: Week, Since: start, Until: start.AddDate(1, 0, 0)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Series(b.Context(), src, q); err != nil {
			b.Fatal(err)
		}
	}
}
