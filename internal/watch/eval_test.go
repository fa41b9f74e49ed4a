package watch_test

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/sqlite"
	"github.com/georisk/georisk/internal/watch"
)

// TestEvaluateConcurrent checks that evaluating watches at once gives what
// evaluating them one by one gives, series, values, alerts and evidence
// included, on generated imported events and coded events from stored
// documents (with stories and sentences). The resolver and StoryOf keep
// plain maps, which the race detector would catch being used at once.
func TestEvaluateConcurrent(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	start := time.Date(2023, 8, 1, 0, 0, 0, 0, time.UTC)
	if err := sqlite.GenerateEvents(ctx, st, 10_000, 150, start); err != nil {
		t.Fatal(err)
	}
	stories := putCoded(t, st, start)

	cs := []string{"CHN", "USA", "RUS", "GBR", "FRA", "DEU", "JPN", "IND", "UKR", "ISR", "IRN", "TUR"}
	metrics := []string{watch.MetricConflict, watch.MetricEvents, watch.MetricGoldstein, watch.MetricConflictShare}
	var ws []watch.Watch
	for i := range 40 {
		a, b := cs[i%len(cs)], cs[(i*5+1)%len(cs)]
		w := watch.Watch{Name: fmt.Sprintf("w%d", i), Metric: metrics[i%len(metrics)], By: []string{"day", "week"}[i/4%2],
			Thresholds: watch.Thresholds{EWMAZ: 1.5, PoissonAlpha: 0.05, CUSUMH: 2, MinEvents: 1}}
		switch i % 5 {
		case 0:
			w.Actor = a
		case 1:
			w.Dyad = a + "->" + b
		case 2:
			w.Dyad = a + "," + cs[(i+3)%len(cs)] + "-" + b + "GOV"
			w.Codes = []string{"14", "19"}
		default:
			w.Dyad = a + "-" + b
		}
		if w.Metric == watch.MetricGoldstein || w.Metric == watch.MetricConflictShare {
			w.Detectors = []string{"ewma", "cusum"}
		}
		ws = append(ws, w)
	}
	for i := range 8 { // several, so that StoryOf is called from several at once
		ws = append(ws,
			watch.Watch{Name: fmt.Sprint("coded-dyad-", i), Dyad: "AAA-BBB", Metric: metrics[i%2], Thresholds: watch.Thresholds{MinEvents: 2}},
			watch.Watch{Name: fmt.Sprint("coded-actor-", i), Actor: "AAA", Metric: watch.MetricEvents, By: []string{"day", "week"}[i%2]})
	}
	ws = append(ws,
		watch.Watch{Name: "tension", Dyad: "CHN-USA", Metric: watch.MetricTension},
		watch.Watch{Name: "keywords", Keywords: []string{"protest"}, Metric: watch.MetricEvents},
		watch.Watch{Name: "unknown", Actor: "Atlantis", Metric: watch.MetricEvents})

	eval := func(workers int) []watch.Result {
		t.Helper()
		res := &mapResolver{calls: map[string]int{}}
		calls := map[int64]int{}
		opt := watch.Options{Since: start.AddDate(0, 0, 110), Until: start.AddDate(0, 0, 150), Workers: workers,
			StoryOf: func(_ context.Context, doc int64) (int64, string, error) {
				calls[doc]++
				return stories[doc], "wire", nil
			}}
		rs, err := watch.Evaluate(ctx, st, res, ws, opt)
		if err != nil {
			t.Fatal(err)
		}
		return rs
	}
	one, many := eval(1), eval(8)

	alerts, coded, texts := 0, 0, 0
	for _, r := range one {
		alerts += len(r.Alerts)
		for _, a := range r.Alerts {
			for _, e := range a.Evidence {
				if e.DocID != 0 {
					coded++
				}
				if e.Text != "" {
					texts++
				}
			}
		}
	}
	// The comparison means something only if there is much to compare.
	if alerts < 20 || coded == 0 || texts == 0 {
		t.Fatalf("one by one: %d alerts, %d evidence events from documents, %d with text; want at least 20, 1, 1", alerts, coded, texts)
	}
	if r := one[len(one)-1]; r.Err == nil || !strings.Contains(r.Err.Error(), "Atlantis") {
		t.Errorf("unknown actor: error %v, want one naming Atlantis", r.Err)
	}
	if d := cmp.Diff(summary(one), summary(many), cmpopts.EquateNaNs()); d != "" {
		t.Errorf("8 workers against 1 (-one +many):\n%s", d)
	}
}

// outcome is what a Result says, with the error as text.
type outcome struct {
	Watch  watch.Watch
	Label  string
	Points []analyze.Point
	Values []float64
	Alerts []*store.Alert
	Err    string
}

func summary(rs []watch.Result) []outcome {
	out := make([]outcome, len(rs))
	for i, r := range rs {
		out[i] = outcome{Watch: r.Watch, Label: r.Label, Points: r.Points, Values: r.Values, Alerts: r.Alerts}
		if r.Err != nil {
			out[i].Err = r.Err.Error()
		}
	}
	return out
}

// mapResolver resolves codes to themselves, except Atlantis, and counts
// its calls in a plain map.
type mapResolver struct{ calls map[string]int }

func (m *mapResolver) Resolve(name string) (string, bool) {
	m.calls[name]++
	return strings.ToUpper(name), name != "Atlantis"
}

func (m *mapResolver) Members(group string, _ time.Time) []string {
	m.calls["@"+group]++
	return nil
}

// putCoded stores documents and the conflict events coded from them
// between two actors the generated events do not have (AAA and BBB): one
// a week, then a burst of twelve on one day near the end, two documents a
// story. It returns each document's story.
func putCoded(t *testing.T, st *sqlite.Store, start time.Time) map[int64]int64 {
	t.Helper()
	ctx := t.Context()
	stories := map[int64]int64{}
	var days []time.Time
	for d := 0; d < 140; d += 7 {
		days = append(days, start.AddDate(0, 0, d))
	}
	for range 12 {
		days = append(days, start.AddDate(0, 0, 140))
	}
	for i, day := range days {
		body := fmt.Sprintf("Report %d. AAA denounced BBB over the border protest. More later.", i)
		d := &event.Document{Key: fmt.Sprint("doc-", i), Title: fmt.Sprint("protest report ", i), Body: body,
			Published: day, Source: "wire", Format: "text", Raw: []byte(body)}
		res, err := st.PutDocs(ctx, []*event.Document{d})
		if err != nil {
			t.Fatal(err)
		}
		id := res[0].ID
		stories[id] = (id + 1) / 2
		s := strings.Index(body, "AAA")
		e := &event.Event{Date: day, Source: event.Actor{Code: "AAA"}, Target: event.Actor{Code: "BBB"},
			Code: "111", Root: "11", Quad: 3, Goldstein: -2 - math.Mod(float64(i), 3),
			Evidence: event.Evidence{Sentence: event.Span{Start: s, End: strings.Index(body, " More")}}}
		if err := st.PutCoded(ctx, []store.CodedDoc{{DocID: id, Version: "test", Events: []*event.Event{e}}}); err != nil {
			t.Fatal(err)
		}
	}
	return stories
}
