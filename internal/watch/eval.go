package watch

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// Store is what evaluating watches reads. It must be safe for concurrent
// use (store.Store is): watches are evaluated in parallel.
type Store interface {
	analyze.EventLister
	analyze.RollupReader
	Doc(ctx context.Context, id int64) (event.Document, error)
	Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error)
}

// Resolver turns what users type into actor codes; *actor.Dict
// implements it. Evaluate calls it from one goroutine at a time.
type Resolver interface {
	Resolve(name string) (code string, ok bool)
	Members(group string, date time.Time) []string
}

// Options bound an evaluation.
type Options struct {
	// Since and Until bound the buckets whose alerts are reported; the
	// detectors also read History buckets before Since as their baseline.
	Since, Until time.Time
	History      int // default 60
	// StoryOf maps a coded event's document to its story (see
	// analyze.SeriesQuery.StoryOf); nil counts each document as a story.
	// Evaluate calls it from one goroutine at a time, so it may keep a
	// plain map as a cache.
	StoryOf func(ctx context.Context, docID int64) (int64, string, error)
	// Evidence is how many events to attach to each alert; default 5.
	Evidence int
	// Workers is how many watches are evaluated at once; 0 means
	// GOMAXPROCS. The results do not depend on it.
	Workers int
}

// Result is the outcome of one watch.
type Result struct {
	Watch  Watch
	Label  string          // what was measured: "CHN->IGOWSTNAT conflict"
	Points []analyze.Point // the series (History included)
	Values []float64       // the metric per point
	Alerts []*store.Alert  // found in [Since, Until)
	Err    error           // why the watch could not be evaluated
	query  analyze.SeriesQuery
}

// Evaluate computes every watch's series, runs its detectors and returns
// one Result per watch, in order. A watch that cannot be evaluated (an
// unknown actor, say) has Err set; the others go on. Alerts are not
// stored: see [Correlate] and store.Alerts.
//
// Watches are evaluated by opt.Workers goroutines at once: a watch only
// reads (the store, and the window's rollups read once into memory), so
// the results are those of evaluating them one by one.
func Evaluate(ctx context.Context, st Store, res Resolver, ws []Watch, opt Options) ([]Result, error) {
	if opt.Since.IsZero() || opt.Until.IsZero() || !opt.Since.Before(opt.Until) {
		return nil, fmt.Errorf("evaluating watches: want since before until, got %s and %s",
			opt.Since.Format(time.DateOnly), opt.Until.Format(time.DateOnly))
	}
	if opt.History <= 0 {
		opt.History = 60
	}
	if opt.Evidence <= 0 {
		opt.Evidence = 5
	}
	// Every watch reads the same window: read its rollups once.
	span := 1
	for _, w := range ws {
		if w.By == "week" {
			span = 7
		}
	}
	from := opt.Since.AddDate(0, 0, -span*(opt.History+1))
	cache, err := analyze.LoadRollups(ctx, st, analyze.Day.Start(from), opt.Until)
	if err != nil {
		return nil, fmt.Errorf("evaluating watches: %w", err)
	}
	v := evaluator{st: st, rollups: cache, res: &lockedResolver{r: res}, opt: opt, list: st.ListEvents}
	if f := opt.StoryOf; f != nil {
		var mu sync.Mutex
		v.opt.StoryOf = func(ctx context.Context, docID int64) (int64, string, error) {
			mu.Lock()
			defer mu.Unlock()
			return f(ctx, docID)
		}
	}
	// Evidence is listed through the store's indexes when it has them
	// (store.EventsIndexed: the same rows, in the same order).
	if ix, ok := st.(store.EventsIndexed); ok {
		v.list = ix.ListEventsIndexed
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	out := make([]Result, len(ws))
	var next atomic.Int64 // the next watch to evaluate
	var wg sync.WaitGroup
	for range min(workers, len(ws)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(ws) || ctx.Err() != nil {
					return
				}
				out[i] = v.evaluate(ctx, ws[i])
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// lockedResolver lets the watches evaluated at once share a Resolver that
// need not be safe for concurrent use; resolving is a small part of a
// watch.
type lockedResolver struct {
	mu sync.Mutex
	r  Resolver
}

func (l *lockedResolver) Resolve(name string) (string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Resolve(name)
}

func (l *lockedResolver) Members(group string, date time.Time) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Members(group, date)
}

// evaluator evaluates watches against a shared window; it is safe for
// concurrent use.
type evaluator struct {
	st      Store
	rollups *analyze.RollupCache // the window's, for every series
	res     Resolver
	opt     Options
	// list lists an alert's evidence: ListEvents, or the store's indexed
	// listing when it has one.
	list func(ctx context.Context, q store.EventQuery) ([]event.Event, error)
}

func (v evaluator) evaluate(ctx context.Context, w Watch) Result {
	st, res, opt := v.st, v.res, v.opt
	r := Result{Watch: w}
	fail := func(err error) Result {
		r.Err = fmt.Errorf("watch %s: %w", w.Name, err)
		return r
	}
	if err := w.Validate(); err != nil {
		return fail(err)
	}
	by, _ := analyze.ParseInterval(w.By)
	since := by.Start(opt.Since)
	for range opt.History {
		if by == analyze.Week {
			since = since.AddDate(0, 0, -7)
		} else {
			since = since.AddDate(0, 0, -1)
		}
	}
	q := analyze.SeriesQuery{By: by, Since: since, Until: opt.Until, Codes: w.Codes, StoryOf: opt.StoryOf, Rollups: v.rollups}
	side := func(s string) ([]string, error) { return Side(res, s, opt.Until) }
	var err error
	switch {
	case w.Dyad != "":
		a, b, directed := strings.Cut(w.Dyad, "->")
		if !directed {
			a, b, _ = strings.Cut(w.Dyad, "-")
		}
		q.Directed = directed
		if q.A, err = side(a); err != nil {
			return fail(err)
		}
		if q.B, err = side(b); err != nil {
			return fail(err)
		}
		r.Label = strings.Join(q.A, ",") + map[bool]string{true: "->", false: "-"}[directed] + strings.Join(q.B, ",")
	case w.Actor != "":
		if q.A, err = side(w.Actor); err != nil {
			return fail(err)
		}
		r.Label = strings.Join(q.A, ",")
	case len(w.Countries) > 0:
		if q.A, err = side(strings.Join(w.Countries, ",")); err != nil {
			return fail(err)
		}
		r.Label = strings.Join(q.A, ",")
	case len(w.Keywords) > 0:
		return keywords(ctx, st, w, q, opt, r)
	}
	if len(w.Codes) > 0 {
		r.Label += " codes " + strings.Join(w.Codes, ",")
	}
	r.Label += " " + w.Metric
	r.query = q
	points, err := analyze.Series(ctx, st, q)
	if err != nil {
		return fail(err)
	}
	r.Points = points
	switch w.Metric {
	case MetricEvents:
		r.Values = each(points, func(p analyze.Point) float64 { return float64(p.Events) })
	case MetricConflict:
		r.Values = each(points, func(p analyze.Point) float64 { return float64(p.Conflict()) })
	case MetricGoldstein:
		r.Values = each(points, func(p analyze.Point) float64 { return orNaN(p, p.GoldsteinMean) })
	case MetricConflictShare:
		r.Values = each(points, func(p analyze.Point) float64 { return orNaN(p, p.ConflictShare) })
	case MetricTension:
		totals, err := analyze.Totals(ctx, st, q)
		if err != nil {
			return fail(err)
		}
		tps := analyze.Tension(points, analyze.Baseline{Until: opt.Since}, analyze.TensionOptions{Totals: totals})
		r.Values = make([]float64, len(tps))
		for i, tp := range tps {
			r.Values[i] = tp.Index
			if tp.Events == 0 {
				r.Values[i] = math.NaN()
			}
		}
	}
	sigs := detect(w, r.Values)
	for _, s := range sigs {
		p := points[s.Index]
		if p.Start.Before(opt.Since) || store.SeverityRank(s.Severity) < store.SeverityRank(w.MinSeverity) {
			continue
		}
		if p.Events < minEvents(w) {
			continue
		}
		a := newAlert(w, r.Label, p, s)
		a.Evidence, err = v.evidence(ctx, w, q, p)
		if err != nil {
			return fail(err)
		}
		r.Alerts = append(r.Alerts, a)
	}
	return r
}

func minEvents(w Watch) int {
	if w.Thresholds.MinEvents > 0 {
		return w.Thresholds.MinEvents
	}
	return 3
}

func each(ps []analyze.Point, f func(analyze.Point) float64) []float64 {
	out := make([]float64, len(ps))
	for i, p := range ps {
		out[i] = f(p)
	}
	return out
}

func orNaN(p analyze.Point, v float64) float64 {
	if p.Events == 0 {
		return math.NaN()
	}
	return v
}

// detect runs the watch's detectors and keeps, per bucket, the strongest
// signal (by severity, then score).
func detect(w Watch, values []float64) []analyze.Signal {
	best := map[int]analyze.Signal{}
	keep := func(sigs []analyze.Signal) {
		for _, s := range sigs {
			b, ok := best[s.Index]
			if !ok || store.SeverityRank(s.Severity) > store.SeverityRank(b.Severity) ||
				s.Severity == b.Severity && s.Score > b.Score {
				best[s.Index] = s
			}
		}
	}
	counts := make([]int, len(values))
	for i, v := range values {
		if math.IsNaN(v) {
			counts[i] = -1
		} else {
			counts[i] = int(math.Round(v))
		}
	}
	// A quiet baseline (no events for weeks) has no spread; the floors keep
	// the first event after it from scoring millions of deviations: one
	// event for counts, a Goldstein point, five points of share, half a
	// weighted deviation of the index.
	minStd := map[string]float64{MetricEvents: 1, MetricConflict: 1, MetricGoldstein: 1, MetricConflictShare: 0.05, MetricTension: 0.5}[w.Metric]
	for _, d := range w.Detectors {
		switch d {
		case "ewma":
			keep(analyze.EWMA(values, analyze.EWMAOptions{Threshold: w.Thresholds.EWMAZ, MinStd: minStd}))
		case "poisson", "negbin":
			keep(analyze.PoissonSpikes(counts, analyze.PoissonOptions{Alpha: w.Thresholds.PoissonAlpha, NegBin: d == "negbin"}))
		case "cusum":
			keep(analyze.CUSUM(values, analyze.CUSUMOptions{H: w.Thresholds.CUSUMH, MinStd: minStd}))
		}
	}
	out := make([]analyze.Signal, 0, len(best))
	for _, s := range best {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Index < out[j].Index })
	return out
}

func newAlert(w Watch, label string, p analyze.Point, s analyze.Signal) *store.Alert {
	dir := "rose"
	if s.Direction < 0 {
		dir = "fell"
	}
	return &store.Alert{
		Rule: w.Name, Series: label, Start: p.Start, End: p.End,
		Detector: s.Method, Severity: s.Severity, Direction: s.Direction,
		Value: s.Value, Baseline: s.Baseline, Score: s.Score,
		Summary: fmt.Sprintf("%s %s to %.3g against a baseline of %.3g (%s score %.1f)", label, dir, s.Value, s.Baseline, s.Method, s.Score),
	}
}

// evidence lists the events of the flagged bucket that the metric counts,
// coded events (which have sentences) first, then the most hostile.
func (v evaluator) evidence(ctx context.Context, w Watch, q analyze.SeriesQuery, p analyze.Point) ([]store.Evidence, error) {
	st, n := v.st, v.opt.Evidence
	var evs []event.Event
	seen := map[int64]bool{}
	add := func(eq store.EventQuery) error {
		eq.Since, eq.Until, eq.Limit = p.Start, p.End, 200
		page, err := v.list(ctx, eq)
		if err != nil {
			return fmt.Errorf("listing evidence: %w", err)
		}
		bq := q
		bq.Since, bq.Until = p.Start, p.End
		for _, e := range page {
			if seen[e.ID] || !bq.Matches(&e) {
				continue
			}
			if w.Metric == MetricConflict && e.Quad < 3 {
				continue
			}
			seen[e.ID] = true
			evs = append(evs, e)
		}
		return nil
	}
	switch {
	case len(q.B) > 0:
		for _, a := range q.A {
			for _, b := range q.B {
				if err := add(store.EventQuery{DyadA: a, DyadB: b, Directed: q.Directed}); err != nil {
					return nil, err
				}
			}
		}
	default:
		for _, a := range q.A {
			if err := add(store.EventQuery{Actor: a}); err != nil {
				return nil, err
			}
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		ci, cj := evs[i].Origin == event.OriginCoded, evs[j].Origin == event.OriginCoded
		if ci != cj {
			return ci
		}
		return evs[i].Goldstein < evs[j].Goldstein
	})
	if len(evs) > n {
		evs = evs[:n]
	}
	out := make([]store.Evidence, 0, len(evs))
	for _, e := range evs {
		ev := store.Evidence{EventID: e.ID, DocID: e.DocID, Date: e.Date, Code: e.Code,
			Source: e.Source.Code, Target: e.Target.Code, URL: e.URL}
		if e.DocID != 0 && e.Evidence.Sentence.End > e.Evidence.Sentence.Start {
			ev.SentStart, ev.SentEnd = e.Evidence.Sentence.Start, e.Evidence.Sentence.End
			d, err := st.Doc(ctx, e.DocID)
			if err != nil {
				return nil, fmt.Errorf("evidence of event %d: %w", e.ID, err)
			}
			if ev.SentEnd <= len(d.Body) {
				ev.Text = strings.TrimSpace(d.Body[ev.SentStart:ev.SentEnd])
			}
		}
		out = append(out, ev)
	}
	return out, nil
}

// keywords evaluates a keyword watch: distinct stories per bucket whose
// text matches any keyword (full-text search).
func keywords(ctx context.Context, st Store, w Watch, q analyze.SeriesQuery, opt Options, r Result) Result {
	r.Label = "stories matching " + strings.Join(w.Keywords, " | ")
	points := make([]analyze.Point, 0)
	for s := q.By.Start(q.Since); s.Before(q.Until); s = q.By.Next(s) {
		points = append(points, analyze.Point{Start: s, End: q.By.Next(s)})
	}
	stories := make([]map[int64]bool, len(points))
	docs := make([][]store.Hit, len(points))
	for _, k := range w.Keywords {
		hits, err := st.Search(ctx, store.SearchQuery{Text: `"` + strings.ReplaceAll(k, `"`, ``) + `"`, Since: q.Since, Until: q.Until, Limit: 100000})
		if err != nil {
			r.Err = fmt.Errorf("watch %s: searching %q: %w", w.Name, k, err)
			return r
		}
		for _, h := range hits {
			i := sort.Search(len(points), func(i int) bool { return points[i].End.After(h.Doc.Published) })
			if i == len(points) || h.Doc.Published.Before(points[i].Start) {
				continue
			}
			if stories[i] == nil {
				stories[i] = map[int64]bool{}
			}
			story := h.Doc.StoryID
			if story == 0 {
				story = h.Doc.ID
			}
			if !stories[i][story] {
				docs[i] = append(docs[i], h)
			}
			stories[i][story] = true
		}
	}
	for i := range points {
		points[i].Events, points[i].Rows, points[i].Stories = len(stories[i]), len(stories[i]), len(stories[i])
	}
	r.Points = points
	r.Values = each(points, func(p analyze.Point) float64 { return float64(p.Events) })
	for _, s := range detect(w, r.Values) {
		p := points[s.Index]
		if p.Start.Before(opt.Since) || store.SeverityRank(s.Severity) < store.SeverityRank(w.MinSeverity) || p.Events < minEvents(w) {
			continue
		}
		a := newAlert(w, r.Label, p, s)
		for j, h := range docs[s.Index] {
			if j == opt.Evidence {
				break
			}
			a.Evidence = append(a.Evidence, store.Evidence{DocID: h.Doc.ID, Date: h.Doc.Published, URL: h.Doc.URL, Text: h.Doc.Title + ": " + h.Snippet})
		}
		r.Alerts = append(r.Alerts, a)
	}
	return r
}

// Correlate returns a correlated-signal alert for every window in which
// alerts of two or more watches start, with those alerts (which must have
// been stored, so that they have IDs) as evidence, and the highest of
// their severities.
func Correlate(alerts []*store.Alert) []*store.Alert {
	type win struct{ start, end time.Time }
	groups := map[win][]*store.Alert{}
	for _, a := range alerts {
		if a.Detector == "correlated" {
			continue
		}
		k := win{a.Start, a.End}
		groups[k] = append(groups[k], a)
	}
	var out []*store.Alert
	for k, as := range groups {
		rules := map[string]bool{}
		for _, a := range as {
			rules[a.Rule] = true
		}
		if len(rules) < 2 {
			continue
		}
		names := make([]string, 0, len(rules))
		for r := range rules {
			names = append(names, r)
		}
		sort.Strings(names)
		c := &store.Alert{Rule: "correlated", Series: strings.Join(names, " + "), Start: k.start, End: k.end,
			Detector: "correlated", Severity: "low", Value: float64(len(names))}
		for _, a := range as {
			if store.SeverityRank(a.Severity) > store.SeverityRank(c.Severity) {
				c.Severity = a.Severity
			}
			c.Score = math.Max(c.Score, a.Score)
			c.Evidence = append(c.Evidence, store.Evidence{AlertID: a.ID, Text: a.Summary})
		}
		c.Summary = fmt.Sprintf("%d watches moved together: %s", len(names), strings.Join(names, ", "))
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// Side resolves a comma-separated list of actors (codes, names the
// dictionary knows, or @GROUP for a group's members on date) into codes;
// an unknown name is an error.
func Side(res Resolver, s string, date time.Time) ([]string, error) {
	var codes []string
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return nil, fmt.Errorf("empty actor in %q", s)
		}
		if group, ok := strings.CutPrefix(part, "@"); ok {
			ms := res.Members(group, date)
			if ms == nil {
				return nil, fmt.Errorf("%q is not a group the actor dictionary knows (NATO, EU, G7, Quad…)", group)
			}
			codes = append(codes, ms...)
			continue
		}
		c, ok := res.Resolve(part)
		if !ok {
			return nil, fmt.Errorf("unknown actor %q: not a code, name or alias the actor dictionary knows", part)
		}
		codes = append(codes, c)
	}
	return codes, nil
}
