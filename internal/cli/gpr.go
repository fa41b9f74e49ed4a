package cli

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/plot"
	"github.com/georisk/georisk/internal/store"
)

func gprCmd() *command {
	return &command{
		name:    "gpr",
		args:    "[--by month] [--country C] [--dyad A-B] [flags]",
		summary: "print a geopolitical risk index (after Caldara and Iacoviello) from the stored documents",
		help: `Gpr prints, per month (or week, day), the share of stored stories that speak of
geopolitical risk, after Caldara and Iacoviello's GPR index: a story matches
when its title or body has a phrase of, or two words within --window words
of each other from, one of eight categories — war threats, peace threats,
military buildups, nuclear threats, terror threats (the threats sub-index,
GPRT), beginning of war, escalation of war, terror acts (the acts sub-index,
GPRA). The word lists are georisk's own. Copies of a story count once.
Shares are in percent of all stories of the bucket; GPR, GPRT and GPRA divide
them by their mean over the base period (--base-since, --base-until; by
default the range printed) and multiply by 100.

--country C (repeatable with commas: China,Japan) adds the index of stories
that match and name the country, its capital or a seat of power or agent of
its government (as the actor dictionary finds them; people are not counted);
--dyad A-B those naming both (beyond the original index).

The levels are not those of the published series: that counts articles of
ten US, UK and Canadian newspapers with the authors' own search strings
since 1985; this counts whatever georisk ingested. Compare shapes, not
numbers. Gpr reads every stored document and its body (no date index), so
it takes time on a large store.

Without --since and --until the index covers the 24 months, 26 weeks or 90
days up to the newest stored document.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			by := fs.String("by", "month", "bucket: day, week (ISO, from Monday) or month")
			since := fs.String("since", "", "first day (YYYY-MM-DD); its bucket is the first")
			until := fs.String("until", "", "day after the last (YYYY-MM-DD)")
			countries := fs.String("country", "", "also the index for these countries (names or codes, comma-separated)")
			dyads := fs.String("dyad", "", "also the index for these dyads: A-B (comma-separated)")
			bSince := fs.String("base-since", "", "first day of the base period (default: --since)")
			bUntil := fs.String("base-until", "", "day after the base period (default: --until)")
			window := fs.Int("window", 5, "proximity in words for paired word lists")
			cats := fs.Bool("categories", false, "also print the share of each category")
			asJSON := fs.Bool("json", false, "print JSON")
			asCSV := fs.Bool("csv", false, "print CSV with a header")
			plotFile := fs.String("plot", "", "also draw GPR per scope to this file (.svg or .png)")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("gpr: unexpected argument %q", args[0])}
				}
				if *asJSON && *asCSV {
					return &UsageError{"gpr: give --json or --csv, not both"}
				}
				if err := checkPlotFile(*plotFile); err != nil {
					return err
				}
				var q analyze.GPRQuery
				var err error
				if q.By, err = analyze.ParseInterval(*by); err != nil {
					return &UsageError{"--by: " + err.Error()}
				}
				for _, d := range []struct {
					name string
					s    string
					t    *time.Time
				}{{"since", *since, &q.Since}, {"until", *until, &q.Until}, {"base-since", *bSince, &q.BaseSince}, {"base-until", *bUntil, &q.BaseUntil}} {
					if *d.t, err = parseDay(d.name, d.s); err != nil {
						return err
					}
				}
				if !q.Since.IsZero() && !q.Until.IsZero() && !q.Since.Before(q.Until) {
					return &UsageError{"--since must be before --until"}
				}
				if !q.BaseSince.IsZero() && !q.BaseUntil.IsZero() && !q.BaseSince.Before(q.BaseUntil) {
					return &UsageError{"--base-since must be before --base-until"}
				}
				if *window < 1 {
					return &UsageError{"--window must be at least 1"}
				}
				q.Window = *window
				if *countries != "" || *dyads != "" {
					dict, err := actor.Load()
					if err != nil {
						return fmt.Errorf("loading the actor dictionary: %w", err)
					}
					resolve := func(name string) (string, error) {
						name = strings.TrimSpace(name)
						if c, ok := dict.Resolve(name); ok {
							// A capital or seat resolves to the government
							// (CHNGOV); documents are matched by country.
							if !strings.HasPrefix(c, "IGO") && len(c) > 3 {
								c = c[:3]
							}
							return c, nil
						}
						if len(name) == 3 && strings.ToUpper(name) == name {
							return name, nil
						}
						return "", &UsageError{fmt.Sprintf("gpr: %q is not a country the actor dictionary knows", name)}
					}
					if *countries != "" {
						for _, c := range strings.Split(*countries, ",") {
							code, err := resolve(c)
							if err != nil {
								return err
							}
							q.Countries = append(q.Countries, code)
						}
					}
					if *dyads != "" {
						for _, d := range strings.Split(*dyads, ",") {
							a, b, ok := strings.Cut(d, "-")
							if !ok {
								return &UsageError{fmt.Sprintf("--dyad %q: want A-B", d)}
							}
							ca, err := resolve(a)
							if err != nil {
								return err
							}
							cb, err := resolve(b)
							if err != nil {
								return err
							}
							q.Dyads = append(q.Dyads, [2]string{ca, cb})
						}
					}
					q.Match = gprMatcher(dict)
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				if err := gprDefaultRange(ctx, s, &q); err != nil {
					return err
				}
				points, err := analyze.GPR(ctx, s, q)
				if err != nil {
					return err
				}
				if *plotFile != "" {
					if err := writePlot(*plotFile, gprChart(points, q.By)); err != nil {
						return err
					}
				}
				if *asCSV {
					rows := [][]string{{"scope", "start", "end", "stories", "matches", "threats", "acts", "share", "threat_share", "act_share", "gpr", "gprt", "gpra", "normalized"}}
					for _, p := range points {
						rows = append(rows, []string{p.Scope, p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly),
							itoa(p.Stories), itoa(p.Matches), itoa(p.Threats), itoa(p.Acts), ftoa(p.Share), ftoa(p.ThreatShare), ftoa(p.ActShare),
							ftoa(p.GPR), ftoa(p.GPRT), ftoa(p.GPRA), strconv.FormatBool(p.Normalized)})
					}
					return writeCSV(env.Stdout, rows)
				}
				if *asJSON {
					out := make([]map[string]any, 0, len(points))
					for _, p := range points {
						catShares := map[string]float64{}
						for c, n := range p.Category {
							v := 0.0
							if p.Stories > 0 {
								v = 100 * float64(n) / float64(p.Stories)
							}
							catShares[analyze.GPRCategoryNames[c]] = v
						}
						out = append(out, map[string]any{
							"scope": p.Scope, "start": p.Start.Format(time.DateOnly), "end": p.End.Format(time.DateOnly),
							"stories": p.Stories, "matches": p.Matches, "threats": p.Threats, "acts": p.Acts,
							"share": p.Share, "threat_share": p.ThreatShare, "act_share": p.ActShare,
							"gpr": p.GPR, "gprt": p.GPRT, "gpra": p.GPRA, "normalized": p.Normalized,
							"category_shares": catShares,
						})
					}
					return writeJSON(env.Stdout, out)
				}
				base := fmt.Sprintf("[%s, %s)", day(q.Since), day(q.Until))
				if !q.BaseSince.IsZero() || !q.BaseUntil.IsZero() {
					bs, bu := q.BaseSince, q.BaseUntil
					if bs.IsZero() {
						bs = q.Since
					}
					if bu.IsZero() {
						bu = q.Until
					}
					base = fmt.Sprintf("[%s, %s)", day(bs), day(bu))
				}
				fmt.Fprintf(env.Stdout, "GPR-style index by %s, [%s, %s); 100 = mean of the base %s\n",
					q.By, day(q.Since), day(q.Until), base)
				if len(points) > 0 && points[0].Undated > 0 {
					fmt.Fprintf(env.Stdout, "(%d documents without a publication date were skipped)\n", points[0].Undated)
				}
				scope := "\x00"
				for _, p := range points {
					if p.Scope != scope {
						scope = p.Scope
						name := "all stories"
						if scope != "" {
							name = "naming " + scope
						}
						fmt.Fprintf(env.Stdout, "\n%s\n%-10s %7s %7s %6s %6s %6s %7s %7s %7s", name,
							"bucket", "stories", "matches", "share", "thr%", "act%", "GPR", "GPRT", "GPRA")
						if *cats {
							for c := range analyze.GPRCategories {
								fmt.Fprintf(env.Stdout, " %5s", fmt.Sprintf("c%d%%", c+1))
							}
						}
						fmt.Fprintln(env.Stdout)
						if !p.Normalized {
							fmt.Fprintln(env.Stdout, "(a base share is 0: GPR, GPRT or GPRA cannot be normalized and print as -)")
						}
					}
					fmt.Fprintf(env.Stdout, "%-10s %7d %7d %6.2f %6.2f %6.2f", p.Start.Format(time.DateOnly),
						p.Stories, p.Matches, p.Share, p.ThreatShare, p.ActShare)
					if p.Normalized {
						fmt.Fprintf(env.Stdout, " %7.1f %7.1f %7.1f", p.GPR, p.GPRT, p.GPRA)
					} else {
						fmt.Fprintf(env.Stdout, " %7s %7s %7s", "-", "-", "-")
					}
					if *cats {
						for _, n := range p.Category {
							v := 0.0
							if p.Stories > 0 {
								v = 100 * float64(n) / float64(p.Stories)
							}
							fmt.Fprintf(env.Stdout, " %5.2f", v)
						}
					}
					fmt.Fprintln(env.Stdout)
				}
				if *cats {
					fmt.Fprint(env.Stdout, "\ncategories:")
					for c, n := range analyze.GPRCategoryNames {
						fmt.Fprintf(env.Stdout, " c%d %s;", c+1, n)
					}
					fmt.Fprintln(env.Stdout)
				}
				return nil
			}
		},
	}
}

// gprChart draws GPR per scope (the share in percent when a scope cannot
// be normalized).
func gprChart(points []analyze.GPRPoint, by analyze.Interval) plot.Chart {
	c := plot.Chart{Title: "GPR-style index by " + by.String(), YLabel: "GPR (100 = base mean)"}
	idx := map[string]int{}
	for _, p := range points {
		i, ok := idx[p.Scope]
		if !ok {
			name := p.Scope
			if name == "" {
				name = "all stories"
			}
			if !p.Normalized {
				name += " (share %)"
			}
			i = len(c.Series)
			idx[p.Scope] = i
			c.Series = append(c.Series, plot.Series{Name: name})
		}
		v := p.GPR
		if !p.Normalized {
			v = p.Share
		}
		c.Series[i].X, c.Series[i].Y = append(c.Series[i].X, p.Start), append(c.Series[i].Y, v)
	}
	return c
}

// gprMatcher returns the countries a text names through the actor
// dictionary: countries, IGOs, and capitals, seats of power and agents
// (by their country); people and non-state groups are not counted.
func gprMatcher(dict *actor.Dict) func(string) []string {
	var buf []actor.Match
	return func(text string) []string {
		var out []string
		buf = dict.Find(text, time.Time{}, buf[:0])
		for _, m := range buf {
			if m.Country == "" || (m.Kind != actor.Country && m.Kind != actor.IGO && m.Kind != actor.Agent) {
				continue
			}
			dup := false
			for _, c := range out {
				dup = dup || c == m.Country
			}
			if !dup {
				out = append(out, m.Country)
			}
		}
		return out
	}
}

// gprDefaultRange fills a missing --until with the day after the newest
// stored document and a missing --since with 24 months, 26 weeks or 90 days
// before it.
func gprDefaultRange(ctx context.Context, s store.Store, q *analyze.GPRQuery) error {
	if q.Until.IsZero() {
		docs, err := s.ListDocs(ctx, store.DocQuery{Since: q.Since, Limit: 1})
		if err != nil {
			return err
		}
		if len(docs) == 0 || docs[0].Published.IsZero() {
			return fmt.Errorf("gpr: no dated documents in the store; ingest some first")
		}
		q.Until = analyze.Day.Start(docs[0].Published).AddDate(0, 0, 1)
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
	if !q.Since.Before(q.Until) {
		return &UsageError{"--since must be before --until"}
	}
	return nil
}
