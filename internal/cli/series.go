package cli

import (
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/plot"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/watch"
)

const seriesSides = `Sides are actor codes or prefixes (CHN, CHNGOV, IGOWSTNAT) or names the actor
dictionary knows (China, NATO); a side may list several, comma-separated
(FRA,DEU), and @GROUP stands for the group's members on --until (@NATO).
--dyad CHN-NATO counts events between the two either way, --dyad CHN->NATO
(or --directed) only those from the first to the second; --actor CHN counts
every event of one actor or group.
Without --since and --until the series ends with the newest matching event
and covers 90 days, 26 weeks or 24 months.`

// seriesFlags are the flags series and index share.
type seriesFlags struct {
	db                      func(*Env) string
	dyad, actor, by, origin *string
	since, until            *string
	directed, asJSON, asCSV *bool
	plot                    *string
}

func addSeriesFlags(fs *flag.FlagSet, by string) *seriesFlags {
	return &seriesFlags{
		db:       dbFlag(fs),
		dyad:     fs.String("dyad", "", "events between two sides: A-B (either way) or A->B"),
		actor:    fs.String("actor", "", "every event of this actor or group (instead of --dyad)"),
		directed: fs.Bool("directed", false, "with --dyad A-B, only events from A to B"),
		by:       fs.String("by", by, "bucket: day, week (ISO, from Monday) or month"),
		since:    fs.String("since", "", "first day (YYYY-MM-DD); its bucket is the first"),
		until:    fs.String("until", "", "day after the last (YYYY-MM-DD)"),
		origin:   fs.String("origin", "", "only events of this origin: coded, gdelt, acled, icews, polecat"),
		asJSON:   fs.Bool("json", false, "print JSON"),
		asCSV:    fs.Bool("csv", false, "print CSV with a header"),
		plot:     fs.String("plot", "", "also draw the chart to this file (.svg or .png)"),
	}
}

// query turns the flags into a series query; it opens the store and returns
// it for the caller to close.
func (f *seriesFlags) query(ctx context.Context, env *Env, name string, args []string) (analyze.SeriesQuery, store.Store, error) {
	var q analyze.SeriesQuery
	if len(args) > 0 {
		return q, nil, &UsageError{fmt.Sprintf("%s: unexpected argument %q", name, args[0])}
	}
	if (*f.dyad == "") == (*f.actor == "") {
		return q, nil, &UsageError{name + ": give --dyad A-B or --actor A"}
	}
	var err error
	if q.By, err = analyze.ParseInterval(*f.by); err != nil {
		return q, nil, &UsageError{"--by: " + err.Error()}
	}
	if q.Since, err = parseDay("since", *f.since); err != nil {
		return q, nil, err
	}
	if q.Until, err = parseDay("until", *f.until); err != nil {
		return q, nil, err
	}
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
		return q, nil, &UsageError{"--since must be before --until"}
	}
	dict, err := actor.Load()
	if err != nil {
		return q, nil, fmt.Errorf("loading the actor dictionary: %w", err)
	}
	on := q.Until
	if on.IsZero() {
		on = time.Now()
	}
	side := func(s string) ([]string, error) {
		codes, err := watch.Side(dict, s, on)
		if err != nil {
			return nil, &UsageError{fmt.Sprintf("%s: %v", name, err)}
		}
		return codes, nil
	}
	q.Origin, q.Directed = *f.origin, *f.directed
	if *f.actor != "" {
		if q.A, err = side(*f.actor); err != nil {
			return q, nil, err
		}
	} else {
		a, b, directed := strings.Cut(*f.dyad, "->")
		if !directed {
			var ok bool
			if a, b, ok = strings.Cut(*f.dyad, "-"); !ok {
				return q, nil, &UsageError{fmt.Sprintf("--dyad %q: want A-B or A->B", *f.dyad)}
			}
		}
		q.Directed = q.Directed || directed
		if q.A, err = side(a); err != nil {
			return q, nil, err
		}
		if q.B, err = side(b); err != nil {
			return q, nil, err
		}
	}
	if *f.asJSON && *f.asCSV {
		return q, nil, &UsageError{name + ": give --json or --csv, not both"}
	}
	if err := checkPlotFile(*f.plot); err != nil {
		return q, nil, err
	}
	s, err := openStore(ctx, f.db(env))
	if err != nil {
		return q, nil, err
	}
	q.Rollups = s
	if err := defaultRange(ctx, s, &q); err != nil {
		s.Close()
		return q, nil, err
	}
	docs := map[int64][2]any{}
	q.StoryOf = func(ctx context.Context, id int64) (int64, string, error) {
		if v, ok := docs[id]; ok {
			return v[0].(int64), v[1].(string), nil
		}
		d, err := s.Doc(ctx, id)
		if err != nil {
			return 0, "", err
		}
		story := d.StoryID
		if story == 0 {
			story = d.ID
		}
		docs[id] = [2]any{story, d.Source}
		return story, d.Source, nil
	}
	return q, s, nil
}

// defaultRange fills a missing --until with the day after the newest
// matching event and a missing --since with a span before it, and says so
// clearly when nothing matches.
func defaultRange(ctx context.Context, s store.Store, q *analyze.SeriesQuery) error {
	if q.Until.IsZero() {
		var newest time.Time
		probe := store.EventQuery{Origin: q.Origin, Since: q.Since, Limit: 1}
		for _, a := range q.A {
			eqs := []store.EventQuery{}
			if len(q.B) == 0 {
				eq := probe
				eq.Actor = a
				eqs = append(eqs, eq)
			}
			for _, b := range q.B {
				eq := probe
				eq.DyadA, eq.DyadB, eq.Directed = a, b, q.Directed
				eqs = append(eqs, eq)
			}
			for _, eq := range eqs {
				evs, err := s.ListEvents(ctx, eq)
				if err != nil {
					return err
				}
				if len(evs) > 0 && evs[0].Date.After(newest) {
					newest = evs[0].Date
				}
			}
		}
		if newest.IsZero() {
			return fmt.Errorf("no events match %s%s", strings.Join(q.A, ","), sideB(q))
		}
		q.Until = analyze.Day.Start(newest).AddDate(0, 0, 1)
	}
	if q.Since.IsZero() {
		switch q.By {
		case analyze.Week:
			q.Since = q.Until.AddDate(0, 0, -26*7)
		case analyze.Month:
			q.Since = q.Until.AddDate(0, -24, 0)
		default:
			q.Since = q.Until.AddDate(0, 0, -90)
		}
	}
	return nil
}

func sideB(q *analyze.SeriesQuery) string {
	switch {
	case len(q.B) == 0:
		return ""
	case q.Directed:
		return " -> " + strings.Join(q.B, ",")
	}
	return " - " + strings.Join(q.B, ",")
}

func seriesCmd() *command {
	return &command{
		name:    "series",
		args:    "--dyad A-B | --actor A [flags]",
		summary: "count a dyad's or actor's events per day, week or month",
		help: `Series prints, per bucket, the events of a dyad, actor or group: counts by quad
class (1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict), the Goldstein sum and mean, the conflict share (quads 3
and 4 over all), and the distinct stories and sources. A story syndicated to
many outlets counts once: events coded from copies of one story (georisk's
near-duplicate clusters) are one event, and an imported event's story is the
report it cites. Empty buckets are printed with zeros.

` + seriesSides,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			f := addSeriesFlags(fs, "day")
			return func(ctx context.Context, env *Env, args []string) error {
				q, s, err := f.query(ctx, env, "series", args)
				if err != nil {
					return err
				}
				defer s.Close()
				points, err := analyze.Series(ctx, s, q)
				if err != nil {
					return err
				}
				label := strings.Join(q.A, ",") + sideB(&q)
				if err := nonEmpty(label, q.Since, q.Until, points); err != nil {
					return err
				}
				if *f.plot != "" {
					c := plot.Chart{Title: label + " by " + q.By.String(), YLabel: "events"}
					c.Series = append(c.Series, pointSeries("events", points, func(p analyze.Point) float64 { return float64(p.Events) }),
						pointSeries("conflict (quad 3+4)", points, func(p analyze.Point) float64 { return float64(p.Conflict()) }))
					if err := writePlot(*f.plot, c); err != nil {
						return err
					}
				}
				switch {
				case *f.asJSON:
					out := make([]map[string]any, 0, len(points))
					for _, p := range points {
						out = append(out, map[string]any{
							"start": p.Start.Format(time.DateOnly), "end": p.End.Format(time.DateOnly),
							"rows": p.Rows, "events": p.Events, "quad": p.Quad, "roots": p.Roots,
							"goldstein_sum": p.GoldsteinSum, "goldstein_mean": p.GoldsteinMean,
							"conflict_share": p.ConflictShare, "stories": p.Stories, "sources": p.Sources,
						})
					}
					return writeJSON(env.Stdout, out)
				case *f.asCSV:
					rows := [][]string{{"start", "end", "events", "rows", "q1", "q2", "q3", "q4", "goldstein_sum", "goldstein_mean", "conflict_share", "stories", "sources"}}
					for _, p := range points {
						rows = append(rows, []string{p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly),
							itoa(p.Events), itoa(p.Rows), itoa(p.Quad[1]), itoa(p.Quad[2]), itoa(p.Quad[3]), itoa(p.Quad[4]),
							ftoa(p.GoldsteinSum), ftoa(p.GoldsteinMean), ftoa(p.ConflictShare), unknownOr(p.Stories), unknownOr(p.Sources)})
					}
					return writeCSV(env.Stdout, rows)
				}
				fmt.Fprintf(env.Stdout, "%s by %s, [%s, %s)\n", label, q.By,
					q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
				fmt.Fprintf(env.Stdout, "%-10s %6s %5s %4s %4s %4s %4s %8s %6s %8s %7s %7s  %s\n", "bucket", "events", "rows",
					"q1", "q2", "q3", "q4", "gs_sum", "gs_avg", "conflict", "stories", "sources", "top roots")
				unknown := false
				for _, p := range points {
					unknown = unknown || p.Stories == analyze.Unknown
					fmt.Fprintf(env.Stdout, "%-10s %6d %5d %4d %4d %4d %4d %8.1f %6.2f %8.2f %7s %7s  %s\n",
						p.Start.Format(time.DateOnly), p.Events, p.Rows, p.Quad[1], p.Quad[2], p.Quad[3], p.Quad[4],
						p.GoldsteinSum, p.GoldsteinMean, p.ConflictShare, unknownOr(p.Stories), unknownOr(p.Sources), topRoots(p.Roots, 3))
				}
				if unknown {
					fmt.Fprintln(env.Stdout, "(stories and sources are - where imported events were counted from the daily rollups)")
				}
				return nil
			}
		},
	}
}

// topRoots formats the n most frequent CAMEO roots: "11×4 04×2".
func topRoots(roots map[string]int, n int) string {
	keys := make([]string, 0, len(roots))
	for k := range roots {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if roots[keys[i]] != roots[keys[j]] {
			return roots[keys[i]] > roots[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var b strings.Builder
	for i, k := range keys {
		if i == n {
			break
		}
		if k == "" {
			k = "??"
		}
		fmt.Fprintf(&b, "%s×%d ", k, roots[k])
	}
	return strings.TrimSpace(b.String())
}

func indexCmd() *command {
	return &command{
		name:    "index",
		args:    "--dyad A-B [flags]",
		summary: "print a dyad's tension index, with --explain its formula and inputs",
		help: `Index prints a dyad's tension index per bucket:

  index = 0.4·z(conflict share) + 0.4·z(hostility) + 0.2·z(conflict per 1,000)

conflict share is the dyad's quad 3 and 4 events over all its events,
hostility is minus its mean Goldstein over 10, conflict per 1,000 its conflict
events per 1,000 events of all dyads in the bucket (so that the growth of
GDELT's coverage does not read as rising tension). Each z compares the input
with its mean and standard deviation over the baseline buckets (by default
the whole series; --baseline-since, --baseline-until). 0 is the dyad's usual
level; 2 is two weighted standard deviations above it. --explain prints the
formula, the weights, the baseline and every input of the last --last buckets.

` + seriesSides,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			f := addSeriesFlags(fs, "week")
			explain := fs.Bool("explain", false, "print the formula, weights, baseline and inputs")
			last := fs.Int("last", 8, "with --explain, how many of the latest buckets to detail (0 for all)")
			bSince := fs.String("baseline-since", "", "first day of the baseline (default: start of the series)")
			bUntil := fs.String("baseline-until", "", "day after the baseline (default: end of the series)")
			return func(ctx context.Context, env *Env, args []string) error {
				var base analyze.Baseline
				var err error
				if base.Since, err = parseDay("baseline-since", *bSince); err != nil {
					return err
				}
				if base.Until, err = parseDay("baseline-until", *bUntil); err != nil {
					return err
				}
				q, s, err := f.query(ctx, env, "index", args)
				if err != nil {
					return err
				}
				defer s.Close()
				if len(q.B) == 0 {
					return &UsageError{"index: give a dyad (--dyad A-B)"}
				}
				points, err := analyze.Series(ctx, s, q)
				if err != nil {
					return err
				}
				label := strings.Join(q.A, ",") + sideB(&q)
				if err := nonEmpty(label, q.Since, q.Until, points); err != nil {
					return err
				}
				totals, err := analyze.Totals(ctx, s, q) // same StoryOf: copies count once in both
				if err != nil {
					return fmt.Errorf("total volume: %w", err)
				}
				tps := analyze.Tension(points, base, analyze.TensionOptions{Totals: totals})
				if *f.plot != "" {
					c := plot.Chart{Title: "tension index " + label + " by " + q.By.String(), YLabel: "index (weighted z)"}
					ser := plot.Series{Name: "tension index"}
					for _, tp := range tps {
						ser.X, ser.Y = append(ser.X, tp.Start), append(ser.Y, tp.Index)
					}
					c.Series = []plot.Series{ser}
					if err := writePlot(*f.plot, c); err != nil {
						return err
					}
				}
				switch {
				case *f.asCSV:
					rows := [][]string{{"start", "end", "events", "total", "index", "conflict_share", "hostility", "conflict_volume"}}
					for _, tp := range tps {
						r := []string{tp.Start.Format(time.DateOnly), tp.End.Format(time.DateOnly), itoa(tp.Events), itoa(tp.Total), ftoa(tp.Index)}
						for _, in := range tp.Inputs {
							v := ""
							if in.Defined {
								v = ftoa(in.Value)
							}
							r = append(r, v)
						}
						rows = append(rows, r)
					}
					return writeCSV(env.Stdout, rows)
				case *f.asJSON:
					out := make([]map[string]any, 0, len(tps))
					for _, tp := range tps {
						ins := make([]map[string]any, 0, len(tp.Inputs))
						for _, in := range tp.Inputs {
							ins = append(ins, map[string]any{"name": in.Name, "value": in.Value, "defined": in.Defined,
								"baseline_mean": in.Mean, "baseline_std": in.Std, "z": in.Z, "weight": in.Weight, "term": in.Term})
						}
						out = append(out, map[string]any{"start": tp.Start.Format(time.DateOnly), "end": tp.End.Format(time.DateOnly),
							"events": tp.Events, "total": tp.Total, "index": tp.Index, "inputs": ins})
					}
					return writeJSON(env.Stdout, out)
				case *explain:
					fmt.Fprintf(env.Stdout, "%s%s by %s\n", strings.Join(q.A, ","), sideB(&q), q.By)
					return analyze.Explain(env.Stdout, tps, base, *last)
				}
				fmt.Fprintf(env.Stdout, "%s%s by %s, [%s, %s)\n", strings.Join(q.A, ","), sideB(&q), q.By,
					q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
				fmt.Fprintf(env.Stdout, "%-10s %6s %7s %7s  %8s %9s %9s\n", "bucket", "events", "total", "index",
					"conflict", "hostility", "per_1000")
				for _, tp := range tps {
					fmt.Fprintf(env.Stdout, "%-10s %6d %7d %7.2f", tp.Start.Format(time.DateOnly), tp.Events, tp.Total, tp.Index)
					for i, in := range tp.Inputs {
						w := []int{8, 9, 9}[i]
						if !in.Defined {
							fmt.Fprintf(env.Stdout, "  %*s", w, "-")
							continue
						}
						fmt.Fprintf(env.Stdout, "  %*.3f", w, in.Value)
					}
					fmt.Fprintln(env.Stdout)
				}
				return nil
			}
		},
	}
}

// nonEmpty refuses a series without a single event: an empty table or
// chart would look like calm rather than like a wrong query.
func nonEmpty(label string, since, until time.Time, points []analyze.Point) error {
	for _, p := range points {
		if p.Events > 0 {
			return nil
		}
	}
	return fmt.Errorf("no events of %s in [%s, %s): check the actors and the range (georisk stats shows what is stored)",
		label, since.Format(time.DateOnly), until.Format(time.DateOnly))
}

func pointSeries(name string, points []analyze.Point, f func(analyze.Point) float64) plot.Series {
	s := plot.Series{Name: name}
	for _, p := range points {
		s.X, s.Y = append(s.X, p.Start), append(s.Y, f(p))
	}
	return s
}

// checkPlotFile checks a --plot file name before any work is done.
func checkPlotFile(path string) error {
	if path == "" {
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".svg", ".png":
		return nil
	}
	return &UsageError{fmt.Sprintf("--plot %q: want a file name ending in .svg or .png", path)}
}

// writePlot draws c to path as SVG or PNG (by its extension), replacing
// the file only once the chart is complete.
func writePlot(path string, c plot.Chart) error {
	if err := checkPlotFile(path); err != nil {
		return err
	}
	var b bytes.Buffer
	var err error
	if strings.EqualFold(filepath.Ext(path), ".png") {
		err = plot.PNG(&b, c)
	} else {
		err = plot.SVG(&b, c)
	}
	if err != nil {
		return fmt.Errorf("drawing %s: %w", path, err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing the chart: %w", err)
	}
	return nil
}

func writeCSV(w io.Writer, rows [][]string) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("writing CSV: %w", err)
	}
	return nil
}

func itoa(n int) string { return strconv.Itoa(n) }

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// unknownOr prints a count, or "-" when it is analyze.Unknown.
func unknownOr(n int) string {
	if n == analyze.Unknown {
		return "-"
	}
	return strconv.Itoa(n)
}
