package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/store"
)

func assessCmd() *command {
	return &command{
		name:    "assess",
		args:    "[flags] PROFILE.yaml",
		summary: "score a client's exposure to each risk and write key judgments with evidence",
		help: `Assess reads a client profile (YAML: headquarters, sites, markets, customers,
suppliers, products, counterparties, concerns; see examples/profiles) and scores
the client's exposure (0–100) to each risk of georisk's published risk model
(intelligence collection, economic coercion, sanctions and export controls,
military escalation, supply chain, cyber, reputation) from the stored events of
the window. Each score lists its drivers, each driver its events, each event
its sentence and document. For every material risk it writes a key judgment
in ICD 203 language with a separate confidence statement, the evidence, key
assumptions and indicators, and records it in the forecast ledger (unless
--no-record) so that it can be scored when it resolves.

Without --since and --until the window is the 90 days before the newest stored
event. Outlets are graded from --sources (NAME<TAB>GRADE[<TAB>CREDIBILITY]);
an outlet not listed is graded F (reliability cannot be judged).`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			af := addAssessFlags(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			noRecord := fs.Bool("no-record", false, "do not record the judgments in the forecast ledger")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) != 1 {
					return &UsageError{"assess: give one profile file"}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				a, err := af.run(ctx, s, args[0])
				if err != nil {
					return err
				}
				if !*noRecord {
					if err := recordJudgments(ctx, s, a); err != nil {
						return err
					}
				}
				if *asJSON {
					return writeJSON(env.Stdout, a)
				}
				printAssessment(env.Stdout, a)
				return nil
			}
		},
	}
}

// assessFlags are the flags assess and brief share.
type assessFlags struct {
	since, until, sources, model *string
}

func addAssessFlags(fs *flag.FlagSet) *assessFlags {
	return &assessFlags{
		since:   fs.String("since", "", "first day of the evidence window (YYYY-MM-DD)"),
		until:   fs.String("until", "", "day after the last of the window (YYYY-MM-DD)"),
		sources: fs.String("sources", "", "sources file grading outlets (NAME<TAB>GRADE[<TAB>CREDIBILITY])"),
		model:   fs.String("model", "", "risk model file (default: georisk's published model)"),
	}
}

// window resolves --since and --until; a missing end is the day after the
// newest stored event, a missing start 90 days before the end.
func (f *assessFlags) window(ctx context.Context, s newestEvent) (time.Time, time.Time, error) {
	since, err := parseDay("since", *f.since)
	if err != nil {
		return since, since, err
	}
	until, err := parseDay("until", *f.until)
	if err != nil {
		return since, until, err
	}
	if until.IsZero() {
		newest, err := s.newest(ctx)
		if err != nil {
			return since, until, err
		}
		until = newest.AddDate(0, 0, 1)
	}
	if since.IsZero() {
		since = until.AddDate(0, 0, -90)
	}
	if !since.Before(until) {
		return since, until, &UsageError{"--since must be before --until"}
	}
	return since, until, nil
}

type newestEvent interface {
	newest(ctx context.Context) (time.Time, error)
}

// env bundles what an assessment needs besides the store.
type assessEnv struct {
	model   *assess.Model
	sectors *assess.Sectors
	sources *assess.Sources
	dict    *actor.Dict
}

func (f *assessFlags) load() (*assessEnv, error) {
	var e assessEnv
	var err error
	if *f.model != "" {
		e.model, err = assess.ReadModel(*f.model)
	} else {
		e.model, err = assess.DefaultModel()
	}
	if err != nil {
		return nil, err
	}
	if e.sectors, err = assess.DefaultSectors(); err != nil {
		return nil, err
	}
	if *f.sources != "" {
		if e.sources, err = assess.ReadSources(*f.sources); err != nil {
			return nil, err
		}
	}
	if e.dict, err = actor.Load(); err != nil {
		return nil, fmt.Errorf("loading the actor dictionary: %w", err)
	}
	return &e, nil
}

func (f *assessFlags) run(ctx context.Context, s assessStore, file string) (*assess.Assessment, error) {
	e, err := f.load()
	if err != nil {
		return nil, err
	}
	p, err := assess.ReadProfile(file, e.dict, e.sectors, e.model)
	if err != nil {
		return nil, err
	}
	since, until, err := f.window(ctx, storeNewest{s})
	if err != nil {
		return nil, err
	}
	return assess.Assess(ctx, s, p, assess.Options{Since: since, Until: until, Model: e.model, Sources: e.sources, Places: e.dict})
}

// assessStore is what assess reads from the store.
type assessStore interface {
	assess.EventSource
}

type storeNewest struct{ s assessStore }

func (n storeNewest) newest(ctx context.Context) (time.Time, error) {
	evs, err := n.s.ListEvents(ctx, eventsNewestQuery)
	if err != nil {
		return time.Time{}, fmt.Errorf("finding the newest event: %w", err)
	}
	if len(evs) == 0 {
		return time.Time{}, fmt.Errorf("%w: the database holds no events; ingest or import news first", assess.ErrNoEvidence)
	}
	return evs[0].Date, nil
}

func printAssessment(w io.Writer, a *assess.Assessment) {
	fmt.Fprintf(w, "%s — exposure from %s to %s (%d events involving %s)\n\n", a.Client, day(a.Since), day(a.Until.AddDate(0, 0, -1)), a.Events, strings.Join(a.HostNames, ", "))
	fmt.Fprintf(w, "%-32s %8s %7s %7s  %s\n", "risk", "exposure", "hazard", "vuln.", "top drivers")
	for _, x := range a.Risks {
		var ds []string
		for _, d := range x.Drivers[:min(2, len(x.Drivers))] {
			ds = append(ds, fmt.Sprintf("%s (%.2f, %d events)", d.Rule, d.Weight, len(d.Evidence)))
		}
		mark := " "
		if x.Material {
			mark = "*"
		}
		fmt.Fprintf(w, "%s%-31s %8d %7.2f %7.2f  %s\n", mark, x.Name, x.Exposure, x.Hazard, x.Vulnerability, first(strings.Join(ds, "; "), "—"))
	}
	fmt.Fprintf(w, "(* material: judged below)\n")
	for i, j := range a.Judgments {
		fmt.Fprintf(w, "\n%d. %s\n   %s\n   Evidence:\n", i+1, j.Text, j.ConfidenceText)
		for _, ev := range j.Evidence {
			fmt.Fprintf(w, "   - %s %s→%s %s: %q (doc %d, %s, grade %s)\n", day(ev.Date), first(ev.Source, "—"), first(ev.Target, "—"), ev.Code,
				trunc(ev.Sentence, 140), ev.DocID, ev.Outlet, ev.Grade)
		}
		fmt.Fprintf(w, "   Key assumptions: %s\n   Indicators: %s\n", strings.Join(j.Assumptions, " "), strings.Join(j.Indicators, " "))
	}
	if len(a.Judgments) == 0 {
		fmt.Fprintf(w, "\nNo risk reaches the materiality threshold in this window.\n")
	}
}

var eventsNewestQuery = store.EventQuery{Limit: 1}
