package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/plot"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/watch"
)

func alertsCmd() *command {
	return &command{
		name:    "alerts",
		args:    "[--watch FILE] [--since D] [--until D] [flags]",
		summary: "run the detectors on every watch, store the alerts and print them with their evidence",
		help: `Alerts evaluates every watch of the watch file (see georisk watch): it computes
the watch's series, runs its detectors (EWMA, Poisson or negative binomial
spikes, CUSUM change points) against the preceding 60 buckets, and reports the
buckets in [--since, --until) that moved, with severity, the detector's value
and baseline, and the events, sentences and documents behind them. When two or
more watches move in the same bucket, a correlated-signal alert says so.

Alerts are stored once per watch, series and bucket: running again updates
them and adds no duplicates. --stored lists stored alerts without evaluating.
Without --until the range ends with the newest stored event; without --since
it covers the 30 days before.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			file := watchFileFlag(fs)
			since := fs.String("since", "", "first day whose alerts are reported (YYYY-MM-DD)")
			until := fs.String("until", "", "day after the last (YYYY-MM-DD)")
			stored := fs.Bool("stored", false, "list stored alerts; do not evaluate")
			severity := fs.String("severity", "", "only alerts of this severity or higher: low, medium, high")
			evidence := fs.Int("evidence", 3, "evidence items printed per alert")
			asJSON := fs.Bool("json", false, "print JSON")
			asCSV := fs.Bool("csv", false, "print CSV with a header")
			plotFile := fs.String("plot", "", "draw the series of the watches that alerted, with the alerts marked (.svg or .png)")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("alerts: unexpected argument %q", args[0])}
				}
				if *asJSON && *asCSV {
					return &UsageError{"alerts: give --json or --csv, not both"}
				}
				if *severity != "" && store.SeverityRank(*severity) == 0 {
					return &UsageError{fmt.Sprintf("--severity %q: want low, medium or high", *severity)}
				}
				if err := checkPlotFile(*plotFile); err != nil {
					return err
				}
				var opt watch.Options
				var err error
				if opt.Since, err = parseDay("since", *since); err != nil {
					return err
				}
				if opt.Until, err = parseDay("until", *until); err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				if *stored {
					as, err := s.ListAlerts(ctx, store.AlertQuery{Severity: *severity, Since: opt.Since, Until: opt.Until, Limit: 1000})
					if err != nil {
						return err
					}
					return printAlerts(env, toPtrs(as), *evidence, *asJSON, *asCSV)
				}
				path := file(env)
				wf, err := watch.Load(path)
				if err != nil {
					return err
				}
				if len(wf.Watches) == 0 {
					return fmt.Errorf("no watches in %s: add one with georisk watch add", path)
				}
				dict, err := actor.Load()
				if err != nil {
					return fmt.Errorf("loading the actor dictionary: %w", err)
				}
				if err := alertRange(ctx, s, &opt); err != nil {
					return err
				}
				opt.StoryOf = storyCache(s)
				all, results, failed, err := runWatches(ctx, env, s, dict, wf.Watches, opt)
				if err != nil {
					return err
				}
				if *plotFile != "" {
					if err := writePlot(*plotFile, alertChart(results)); err != nil {
						return err
					}
				}
				var shown []*store.Alert
				for _, a := range all {
					if store.SeverityRank(a.Severity) >= store.SeverityRank(*severity) {
						shown = append(shown, a)
					}
				}
				if !*asJSON && !*asCSV {
					fmt.Fprintf(env.Stdout, "%d watches over [%s, %s): %d alerts\n", len(wf.Watches),
						opt.Since.Format(time.DateOnly), opt.Until.Format(time.DateOnly), len(all))
					for _, r := range results {
						if r.Err == nil && !hasEvents(r.Points) {
							fmt.Fprintf(env.Stdout, "  watch %s: no events in the range or its 60-bucket history: nothing to detect\n", r.Watch.Name)
						}
					}
				}
				if err := printAlerts(env, shown, *evidence, *asJSON, *asCSV); err != nil {
					return err
				}
				if failed {
					return ErrFailed
				}
				return nil
			}
		},
	}
}

// runWatches evaluates the watches, stores their alerts and the correlated
// ones, and returns them all (newest first). A watch that fails is
// reported on stderr and the others go on (failed is then true).
func runWatches(ctx context.Context, env *Env, s store.Store, dict *actor.Dict, ws []watch.Watch, opt watch.Options) (all []*store.Alert, results []watch.Result, failed bool, err error) {
	results, err = watch.Evaluate(ctx, s, dict, ws, opt)
	if err != nil {
		return nil, nil, false, err
	}
	for _, r := range results {
		if r.Err != nil {
			fmt.Fprintf(env.Stderr, "georisk: %v\n", r.Err)
			failed = true
			continue
		}
		all = append(all, r.Alerts...)
	}
	if _, err := s.PutAlerts(ctx, all); err != nil {
		return nil, nil, false, err
	}
	corr := watch.Correlate(all)
	if _, err := s.PutAlerts(ctx, corr); err != nil {
		return nil, nil, false, err
	}
	all = append(all, corr...)
	sort.SliceStable(all, func(i, j int) bool {
		if !all[i].Start.Equal(all[j].Start) {
			return all[i].Start.After(all[j].Start)
		}
		return all[i].Rule < all[j].Rule
	})
	return all, results, failed, nil
}

func hasEvents(ps []analyze.Point) bool {
	for _, p := range ps {
		if p.Events > 0 {
			return true
		}
	}
	return false
}

func toPtrs(as []store.Alert) []*store.Alert {
	out := make([]*store.Alert, len(as))
	for i := range as {
		out[i] = &as[i]
	}
	return out
}

// alertRange fills a missing --until with the day after the newest stored
// event and a missing --since with the 30 days before.
func alertRange(ctx context.Context, s store.Store, opt *watch.Options) error {
	if opt.Until.IsZero() {
		evs, err := s.ListEvents(ctx, store.EventQuery{Limit: 1})
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return errors.New("alerts: no events stored; ingest or import some first")
		}
		opt.Until = analyze.Day.Start(evs[0].Date).AddDate(0, 0, 1)
	}
	if opt.Since.IsZero() {
		opt.Since = opt.Until.AddDate(0, 0, -30)
	}
	if !opt.Since.Before(opt.Until) {
		return &UsageError{"--since must be before --until"}
	}
	return nil
}

// storyCache maps documents to their stories, remembering each answer.
func storyCache(s store.Store) func(context.Context, int64) (int64, string, error) {
	type v struct {
		story  int64
		outlet string
	}
	docs := map[int64]v{}
	return func(ctx context.Context, id int64) (int64, string, error) {
		if x, ok := docs[id]; ok {
			return x.story, x.outlet, nil
		}
		d, err := s.Doc(ctx, id)
		if err != nil {
			return 0, "", err
		}
		story := d.StoryID
		if story == 0 {
			story = d.ID
		}
		docs[id] = v{story, d.Source}
		return story, d.Source, nil
	}
}

func printAlerts(env *Env, as []*store.Alert, nEvidence int, asJSON, asCSV bool) error {
	switch {
	case asJSON:
		out := make([]map[string]any, 0, len(as))
		for _, a := range as {
			out = append(out, map[string]any{"id": a.ID, "rule": a.Rule, "series": a.Series,
				"start": a.Start.Format(time.DateOnly), "end": a.End.Format(time.DateOnly), "detector": a.Detector,
				"severity": a.Severity, "direction": a.Direction, "value": a.Value, "baseline": a.Baseline,
				"score": a.Score, "summary": a.Summary, "evidence": a.Evidence})
		}
		return writeJSON(env.Stdout, out)
	case asCSV:
		rows := [][]string{{"id", "start", "end", "rule", "series", "detector", "severity", "direction", "value", "baseline", "score", "event_ids", "doc_ids"}}
		for _, a := range as {
			var evs, docs []string
			for _, e := range a.Evidence {
				if e.EventID != 0 {
					evs = append(evs, fmt.Sprint(e.EventID))
				}
				if e.DocID != 0 {
					docs = append(docs, fmt.Sprint(e.DocID))
				}
			}
			rows = append(rows, []string{fmt.Sprint(a.ID), a.Start.Format(time.DateOnly), a.End.Format(time.DateOnly), a.Rule, a.Series,
				a.Detector, a.Severity, fmt.Sprint(a.Direction), ftoa(a.Value), ftoa(a.Baseline), ftoa(a.Score),
				strings.Join(evs, " "), strings.Join(docs, " ")})
		}
		return writeCSV(env.Stdout, rows)
	}
	if len(as) == 0 {
		fmt.Fprintln(env.Stdout, "no alerts")
		return nil
	}
	for _, a := range as {
		printAlert(env.Stdout, a, nEvidence)
	}
	return nil
}

func printAlert(w io.Writer, a *store.Alert, nEvidence int) {
	fmt.Fprintf(w, "\n%s  %-6s %-14s %s\n", a.Start.Format(time.DateOnly), a.Severity, a.Rule, a.Summary)
	for i, e := range a.Evidence {
		if i == nEvidence {
			fmt.Fprintf(w, "    … %d more\n", len(a.Evidence)-i)
			break
		}
		switch {
		case e.AlertID != 0:
			fmt.Fprintf(w, "    alert %d: %s\n", e.AlertID, e.Text)
		case e.EventID != 0:
			where := e.URL
			if e.DocID != 0 {
				where = fmt.Sprintf("doc %d [%d:%d]", e.DocID, e.SentStart, e.SentEnd)
			}
			fmt.Fprintf(w, "    event %d %s %s→%s %s  %s\n", e.EventID, e.Date.Format(time.DateOnly), e.Source, e.Target, e.Code, where)
			if e.Text != "" {
				fmt.Fprintf(w, "      %q\n", trunc(e.Text, 200))
			}
		default:
			fmt.Fprintf(w, "    doc %d %s  %s\n", e.DocID, e.Date.Format(time.DateOnly), trunc(e.Text, 160))
		}
	}
}

// alertChart draws the metric of each watch that alerted, with its alerts
// marked.
func alertChart(results []watch.Result) plot.Chart {
	c := plot.Chart{Title: "watches that alerted", YLabel: "metric per bucket"}
	for _, r := range results {
		if r.Err != nil || len(r.Alerts) == 0 {
			continue
		}
		s := plot.Series{Name: r.Watch.Name + " (" + r.Watch.Metric + ")"}
		for i, p := range r.Points {
			s.X, s.Y = append(s.X, p.Start), append(s.Y, r.Values[i])
		}
		c.Series = append(c.Series, s)
		for _, a := range r.Alerts {
			c.Marks = append(c.Marks, plot.Mark{X: a.Start, Label: r.Watch.Name + " " + a.Severity})
		}
	}
	return c
}

// demoWatches are the watches demo evaluates on the bundled corpus: the
// seed brief's questions.
var demoWatches = []watch.Watch{
	{Name: "china-nato", Dyad: "China-NATO", Metric: watch.MetricEvents, By: "week"},
	{Name: "china-japan", Dyad: "China-Japan", Metric: watch.MetricEvents, By: "week"},
	{Name: "france-nato", Dyad: "France-NATO", Metric: watch.MetricEvents, By: "week"},
	{Name: "china-conflict", Actor: "China", Metric: watch.MetricConflict, By: "week"},
	{Name: "tokyo-office", Keywords: []string{"Tokyo office", "liaison office"}, By: "week"},
}

// demoAnalytics prints the top movers and the alerts of what demo
// ingested: the dyads whose event counts rose most in the last 30 days
// against the 90 before, and the alerts of a few watches on the brief's
// questions (stored like any others).
func demoAnalytics(ctx context.Context, env *Env, st store.Store) error {
	evs, err := st.ListEvents(ctx, store.EventQuery{Limit: 1})
	if err != nil {
		return err
	}
	if len(evs) == 0 {
		fmt.Fprintln(env.Stdout, "\nNo events coded: no movers or alerts to show.")
		return nil
	}
	until := analyze.Day.Start(evs[0].Date).AddDate(0, 0, 1)
	recent, before := until.AddDate(0, 0, -30), until.AddDate(0, 0, -120)
	cells, err := st.RollupCells(ctx, store.RollupQuery{Since: before, Until: until})
	if err != nil {
		return err
	}
	type mv struct {
		dyad        string
		now, prior  float64
		change      float64
		conflictNow int64
	}
	m := map[string]*mv{}
	country := func(c string) string {
		if strings.HasPrefix(c, "IGO") || len(c) < 3 {
			return c
		}
		return c[:3]
	}
	for _, c := range cells {
		a, b := country(c.Src), country(c.Tgt)
		if a == "" || b == "" || a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		k := a + "-" + b
		x := m[k]
		if x == nil {
			x = &mv{dyad: k}
			m[k] = x
		}
		if c.Day.Before(recent) {
			x.prior += float64(c.N)
		} else {
			x.now += float64(c.N)
			if c.Quad >= 3 {
				x.conflictNow += c.N
			}
		}
	}
	var movers []*mv
	for _, x := range m {
		x.change = x.now - x.prior/3 // per 30 days
		if x.now > 0 {
			movers = append(movers, x)
		}
	}
	sort.Slice(movers, func(i, j int) bool {
		if movers[i].change != movers[j].change {
			return movers[i].change > movers[j].change
		}
		return movers[i].dyad < movers[j].dyad
	})
	fmt.Fprintf(env.Stdout, "\nTop movers: coded event rows in the 30 days to %s against the 90 days before (per 30 days):\n", until.AddDate(0, 0, -1).Format(time.DateOnly))
	for i, x := range movers {
		if i == 5 {
			break
		}
		fmt.Fprintf(env.Stdout, "  %-22s %4.0f now, %5.1f before  (%+.1f; %d conflict)\n", x.dyad, x.now, x.prior/3, x.change, x.conflictNow)
	}
	dict, err := actor.Load()
	if err != nil {
		return fmt.Errorf("loading the actor dictionary: %w", err)
	}
	opt := watch.Options{Since: until.AddDate(0, 0, -400), Until: until, History: 12, StoryOf: storyCache(st)}
	ws := make([]watch.Watch, len(demoWatches))
	copy(ws, demoWatches)
	for i := range ws {
		ws[i].Thresholds.MinEvents = 2
	}
	all, _, _, err := runWatches(ctx, env, st, dict, ws, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nAlerts of %d demo watches over [%s, %s): %d\n", len(ws), opt.Since.Format(time.DateOnly), until.Format(time.DateOnly), len(all))
	for i, a := range all {
		if i == 6 {
			fmt.Fprintf(env.Stdout, "\n  … %d more: georisk alerts --stored --db …\n", len(all)-i)
			break
		}
		printAlert(env.Stdout, a, 2)
	}
	return nil
}
