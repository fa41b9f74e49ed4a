package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/screen"
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
	opt := assess.Options{Since: since, Until: until, Model: e.model, Sources: e.sources, Places: e.dict}
	if err := storeOptions(ctx, s, &opt); err != nil {
		return nil, err
	}
	return assess.Assess(ctx, s, p, opt)
}

// assessStore is what assess reads from the store: events and documents,
// and the restricted-party lists and documents' screening hits.
type assessStore interface {
	assess.EventSource
	assess.AlertSource
	analyze.RollupReader
	listReader
	ScreenHits(ctx context.Context, docID int64) ([]store.ScreenHit, error)
}

// storeOptions wires what the store holds besides events into an
// assessment: the stored alerts, the rollups behind the tension index's
// totals, and the loaded restricted-party lists — the client's named
// parties are screened against them, and the hits stored on evidence
// documents are shown with their evidence. With no list loaded the
// assessment says so.
func storeOptions(ctx context.Context, s assessStore, opt *assess.Options) error {
	opt.Alerts, opt.Rollups = s, s
	opt.NamedParty = screen.NamedParty
	opt.DocHits = func(ctx context.Context, id int64) ([]assess.ListHit, error) {
		hs, err := s.ScreenHits(ctx, id)
		if err != nil {
			return nil, err
		}
		out := make([]assess.ListHit, len(hs))
		for i, h := range hs {
			out[i] = assess.ListHit{Party: h.Query, List: h.List, ListVersion: h.ListVersion, EntryID: h.EntryID, Name: h.Name,
				Matched: h.Matched, Score: h.Score, Why: h.Why, DocID: h.DocID}
		}
		return out, nil
	}
	infos, err := s.ListInfos(ctx)
	if err != nil {
		return fmt.Errorf("reading the loaded restricted-party lists: %w", err)
	}
	if len(infos) == 0 {
		return nil
	}
	ix, used, err := loadIndex(ctx, s, nil)
	if err != nil {
		return err
	}
	versions := map[string]string{}
	for _, l := range used {
		versions[l.Name] = l.Version
		opt.Lists = append(opt.Lists, fmt.Sprintf("%s (%s)", l.Name, first(l.Version, "no version")))
	}
	opt.Screen = func(name, country string) ([]assess.ListHit, error) {
		hs, err := ix.Screen(screen.PartyQuery(name, country))
		if err != nil {
			return nil, err
		}
		out := make([]assess.ListHit, len(hs))
		for i, h := range hs {
			out[i] = assess.ListHit{List: h.List, ListVersion: versions[h.List], EntryID: h.ID, Name: h.Name, Matched: h.Matched, Score: h.Score, Why: h.Why}
		}
		return out, nil
	}
	return nil
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
	fmt.Fprintf(w, "%-43s %8s %7s %7s  %s\n", "risk", "exposure", "hazard", "vuln.", "top drivers")
	for _, x := range a.Risks {
		var ds []string
		for _, d := range x.Drivers[:min(2, len(x.Drivers))] {
			if len(d.Hits) > 0 {
				ds = append(ds, fmt.Sprintf("%s (%.2f, %d %s)", d.Rule, d.Weight, len(d.Hits), plural(len(d.Hits), "list hit", "list hits")))
				continue
			}
			ds = append(ds, fmt.Sprintf("%s (%.2f, %d events)", d.Rule, d.Weight, len(d.Evidence)))
		}
		mark := " "
		if x.Material {
			mark = "*"
		}
		fmt.Fprintf(w, "%s%-42s %8d %7.2f %7.2f  %s\n", mark, x.Name, x.Exposure, x.Hazard, x.Vulnerability, first(strings.Join(ds, "; "), "—"))
	}
	fmt.Fprintf(w, "(* material: judged below)\n")
	printScreening(w, a)
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

// printScreening prints what screening found: the client's listed parties
// (drivers of the screening risks), or why nothing was screened, and the
// listed parties named in the evidence of each risk.
func printScreening(w io.Writer, a *assess.Assessment) {
	sc := a.Screening
	switch {
	case len(sc.Lists) == 0:
		fmt.Fprintf(w, "\nScreening: %s.\n", first(sc.Note, assess.NoListsNote))
	case len(sc.Hits) == 0:
		fmt.Fprintf(w, "\nScreening: %d named parties screened against %s: no match.\n", len(sc.Parties), strings.Join(sc.Lists, ", "))
	default:
		fmt.Fprintf(w, "\nScreening: %d named parties screened against %s; listed parties:\n", len(sc.Parties), strings.Join(sc.Lists, ", "))
		for _, h := range sc.Hits {
			fmt.Fprintf(w, "  - %s\n", h.Describe())
		}
	}
	if len(sc.Lists) > 0 && sc.Note != "" {
		fmt.Fprintf(w, "  (%s)\n", sc.Note)
	}
	for _, x := range a.Risks {
		seen := map[string]bool{}
		var lines []string
		for _, d := range x.Drivers {
			for _, ev := range d.Evidence {
				for _, h := range ev.Listed {
					k := fmt.Sprint(h.DocID, h.List, h.EntryID, h.Party)
					if !seen[k] {
						seen[k] = true
						lines = append(lines, fmt.Sprintf("  - doc %d (evidence of %s): %q matches %s entry %s %q, score %.2f",
							h.DocID, d.Rule, h.Party, h.List, h.EntryID, h.Name, h.Score))
					}
				}
			}
		}
		if len(lines) > 0 {
			fmt.Fprintf(w, "Listed parties named in the evidence of %s:\n%s\n", x.Name, strings.Join(lines, "\n"))
		}
	}
}

var eventsNewestQuery = store.EventQuery{Limit: 1}
