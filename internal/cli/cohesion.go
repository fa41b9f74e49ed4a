package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/plot"
	"github.com/georisk/georisk/internal/store"
)

func cohesionCmd() *command {
	return &command{
		name:    "cohesion",
		args:    "GROUP [--towards A] [flags]",
		summary: "score an alliance's cohesion (NATO, EU, G7, Quad) over time, with evidence",
		help: `Cohesion scores an alliance per bucket:

  cohesion = 100 · (1 − disagreement) · (1 − divergence)

disagreement is the share of conflict events (rejections, vetoes, criticism,
threats: quads 3 and 4) among the events between two different members;
divergence is the spread (standard deviation / 10, at most 1) of the members'
mean Goldstein towards the third party given by --towards. Membership is the
actor dictionary's, on each bucket's first day (NATO, EU, G7, Quad, …). The
disagreement events with the most hostile first, and each member's stance
towards the third party, are printed as evidence.

Without --since and --until the range is the 24 months (26 weeks, 90 days) up
to the newest stored event.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			towards := fs.String("towards", "", "third party whose members' stances are compared (CHN, China)")
			by := fs.String("by", "month", "bucket: day, week or month")
			since := fs.String("since", "", "first day (YYYY-MM-DD)")
			until := fs.String("until", "", "day after the last (YYYY-MM-DD)")
			evidence := fs.Int("evidence", 3, "disagreement events printed per bucket")
			asJSON := fs.Bool("json", false, "print JSON")
			asCSV := fs.Bool("csv", false, "print CSV with a header")
			plotFile := fs.String("plot", "", "also draw the score to this file (.svg or .png)")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) != 1 {
					return &UsageError{"cohesion: give one GROUP (NATO, EU, G7, Quad)"}
				}
				if *asJSON && *asCSV {
					return &UsageError{"cohesion: give --json or --csv, not both"}
				}
				if err := checkPlotFile(*plotFile); err != nil {
					return err
				}
				q := analyze.CohesionQuery{Group: args[0], Evidence: max(*evidence, 1)}
				var err error
				if q.By, err = analyze.ParseInterval(*by); err != nil {
					return &UsageError{"--by: " + err.Error()}
				}
				if q.Since, err = parseDay("since", *since); err != nil {
					return err
				}
				if q.Until, err = parseDay("until", *until); err != nil {
					return err
				}
				dict, err := actor.Load()
				if err != nil {
					return fmt.Errorf("loading the actor dictionary: %w", err)
				}
				if dict.Members(args[0], time.Now()) == nil {
					return &UsageError{fmt.Sprintf("cohesion: %q is not a group the actor dictionary knows (NATO, EU, G7, Quad, …)", args[0])}
				}
				q.Members = func(d time.Time) []string { return dict.Members(args[0], d) }
				if *towards != "" {
					c, ok := dict.Resolve(*towards)
					if !ok {
						return &UsageError{fmt.Sprintf("cohesion: unknown actor %q", *towards)}
					}
					q.Towards = c
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				if q.Until.IsZero() {
					evs, err := s.ListEvents(ctx, store.EventQuery{Since: q.Since, Limit: 1})
					if err != nil {
						return err
					}
					if len(evs) == 0 {
						return fmt.Errorf("cohesion: no events stored in the range")
					}
					q.Until = analyze.Day.Start(evs[0].Date).AddDate(0, 0, 1)
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
				q.StoryOf = storyCache(s)
				points, err := analyze.Cohesion(ctx, s, s, q)
				if err != nil {
					return err
				}
				found := false
				for _, p := range points {
					found = found || p.IntraEvents > 0 || p.TowardsEvents > 0
				}
				if !found {
					return fmt.Errorf("cohesion: no events between %s members%s in [%s, %s)", args[0],
						map[bool]string{true: " or towards " + q.Towards, false: ""}[q.Towards != ""],
						q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
				}
				if *plotFile != "" {
					c := plot.Chart{Title: args[0] + " cohesion by " + q.By.String(), YLabel: "cohesion (100 = united)"}
					ser := plot.Series{Name: "cohesion"}
					for _, p := range points {
						ser.X, ser.Y = append(ser.X, p.Start), append(ser.Y, p.Cohesion)
					}
					c.Series = []plot.Series{ser}
					if err := writePlot(*plotFile, c); err != nil {
						return err
					}
				}
				switch {
				case *asJSON:
					out := make([]map[string]any, 0, len(points))
					for _, p := range points {
						var ev []map[string]any
						for _, e := range p.Evidence {
							ev = append(ev, map[string]any{"event_id": e.ID, "doc_id": e.DocID, "date": e.Date.Format(time.DateOnly),
								"source": e.Source.Code, "target": e.Target.Code, "code": e.Code, "goldstein": e.Goldstein,
								"sent_start": e.Evidence.Sentence.Start, "sent_end": e.Evidence.Sentence.End, "url": e.URL})
						}
						out = append(out, map[string]any{"start": p.Start.Format(time.DateOnly), "end": p.End.Format(time.DateOnly),
							"members": p.Members, "intra_events": p.IntraEvents, "intra_conflict": p.IntraConflict,
							"disagreement": p.Disagreement, "towards": p.Towards, "towards_events": p.TowardsEvents,
							"divergence": p.Divergence, "cohesion": p.Cohesion, "pairs": p.DisagreementPairs, "evidence": ev})
					}
					return writeJSON(env.Stdout, out)
				case *asCSV:
					rows := [][]string{{"start", "end", "members", "intra_events", "intra_conflict", "disagreement", "towards_events", "divergence", "cohesion"}}
					for _, p := range points {
						rows = append(rows, []string{p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly), itoa(p.Members),
							itoa(p.IntraEvents), itoa(p.IntraConflict), ftoa(p.Disagreement), itoa(p.TowardsEvents), ftoa(p.Divergence), ftoa(p.Cohesion)})
					}
					return writeCSV(env.Stdout, rows)
				}
				w := env.Stdout
				fmt.Fprintf(w, "%s cohesion by %s, [%s, %s)", args[0], q.By, q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
				if q.Towards != "" {
					fmt.Fprintf(w, ", stances towards %s", q.Towards)
				}
				fmt.Fprintf(w, "\n%-10s %7s %6s %8s %8s %8s %10s %8s\n", "bucket", "members", "intra", "conflict", "disagree", "towards", "divergence", "cohesion")
				for _, p := range points {
					fmt.Fprintf(w, "%-10s %7d %6d %8d %8.3f %8d %10.3f %8.1f\n", p.Start.Format(time.DateOnly), p.Members,
						p.IntraEvents, p.IntraConflict, p.Disagreement, p.TowardsEvents, p.Divergence, p.Cohesion)
				}
				for _, p := range points {
					if len(p.Evidence) == 0 && len(p.Towards) < 2 {
						continue
					}
					fmt.Fprintf(w, "\n%s:\n", p.Start.Format(time.DateOnly))
					if len(p.DisagreementPairs) > 0 {
						var pairs []string
						for k, n := range p.DisagreementPairs {
							pairs = append(pairs, fmt.Sprintf("%s×%d", k, n))
						}
						sort.Strings(pairs)
						fmt.Fprintf(w, "  disagreements: %s\n", strings.Join(pairs, " "))
					}
					for _, e := range p.Evidence {
						where := e.URL
						if e.DocID != 0 {
							where = fmt.Sprintf("doc %d [%d:%d]", e.DocID, e.Evidence.Sentence.Start, e.Evidence.Sentence.End)
							if d, err := s.Doc(ctx, e.DocID); err == nil && e.Evidence.Sentence.End <= len(d.Body) && e.Evidence.Sentence.Start < e.Evidence.Sentence.End {
								where += fmt.Sprintf(" %q", trunc(strings.TrimSpace(d.Body[e.Evidence.Sentence.Start:e.Evidence.Sentence.End]), 160))
							}
						}
						fmt.Fprintf(w, "  event %d %s %s→%s %s (%.1f)  %s\n", e.ID, e.Date.Format(time.DateOnly), e.Source.Code, e.Target.Code, e.Code, e.Goldstein, where)
					}
					if len(p.Towards) >= 2 {
						var ms []string
						for m, g := range p.Towards {
							ms = append(ms, fmt.Sprintf("%s %+.1f", m, g))
						}
						sort.Strings(ms)
						fmt.Fprintf(w, "  mean Goldstein towards %s: %s\n", q.Towards, strings.Join(ms, ", "))
					}
				}
				return nil
			}
		},
	}
}
