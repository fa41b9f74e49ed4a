package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/actor"
	"github.com/georisk/georisk/internal/code"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/text"
)

func quotesCmd() *command {
	return &command{
		name:    "quotes",
		args:    "[flags]",
		summary: "list direct quotations found in stored articles, with their speakers",
		help:    `Quotes lists the direct quotations the coder found, newest first: speaker, words, document.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			who := fs.String("speaker", "", "only quotes of this speaker (code prefix or alias: China, CHNGOV, NATO)")
			doc := fs.Int64("doc", 0, "only quotes from this document")
			dates := dayRange(fs, "quotes dated")
			lim := fs.Int("limit", 50, "most quotes to list")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				q, err := textQuery(*who, *doc, dates, *lim, args, true)
				if err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				qs, err := s.ListQuotes(ctx, q)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(env.Stdout, orEmpty(qs))
				}
				for _, x := range qs {
					fmt.Fprintf(env.Stdout, "%s  doc %-5d %-10s %s: “%s”\n", dayOf(x.Date), x.DocID, x.Speaker.Code, x.SpeakerText, x.Text)
				}
				return nil
			}
		},
	}
}

func judgmentsCmd() *command {
	return &command{
		name:    "judgments",
		args:    "[flags]",
		summary: "list estimative judgments found in stored articles (ICD 203 terms and bands)",
		help: `Judgments lists the estimative statements the coder found ("X assesses that…",
"will likely…"), newest first, with their term and its ICD 203 probability
band; terms without one (may, could, certain) have an empty band.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			author := fs.String("author", "", "only judgments by this author")
			doc := fs.Int64("doc", 0, "only judgments from this document")
			dates := dayRange(fs, "judgments dated")
			lim := fs.Int("limit", 50, "most judgments to list")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				q, err := textQuery(*author, *doc, dates, *lim, args, false)
				if err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				js, err := s.ListJudgments(ctx, q)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(env.Stdout, orEmpty(js))
				}
				for _, j := range js {
					band := j.Band
					if band == "" {
						band = "no band"
					}
					fmt.Fprintf(env.Stdout, "%s  doc %-5d %-10s %-16s (%s)  %s\n", dayOf(j.Date), j.DocID, first(j.Author, "—"), j.Term, band, j.Claim)
				}
				return nil
			}
		},
	}
}

func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func dayOf(t time.Time) string {
	if t.IsZero() {
		return "   undated"
	}
	return t.Format("2006-01-02")
}

func textQuery(who string, doc int64, dates func() (time.Time, time.Time, error), lim int, args []string, isActor bool) (store.TextQuery, error) {
	q := store.TextQuery{Who: who, DocID: doc, Limit: lim}
	if len(args) > 0 {
		return q, &UsageError{fmt.Sprintf("unexpected argument %q", args[0])}
	}
	if isActor && who != "" {
		q.Who = actorResolver(true)(who)
	}
	var err error
	q.Since, q.Until, err = dates()
	return q, err
}

func explainCmd() *command {
	return &command{
		name:    "explain",
		args:    "[flags] DOC",
		summary: "show, sentence by sentence, the actors, events, quotes and judgments the coder finds in a document",
		help: `Explain codes a stored document again with the current dictionaries and prints
each sentence with the actors recognised in it, the events coded (source,
target, CAMEO code and name, date, trigger, the pattern that fired and the
confidence), and the quotes and judgments — the view to trust or correct the
coder. DOC is a document ID (see georisk docs).`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			dicts := dictFlag(fs)
			all := fs.Bool("all", false, "also print sentences in which nothing was found")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) != 1 {
					return &UsageError{"explain: give one document ID"}
				}
				id, err := strconv.ParseInt(args[0], 10, 64)
				if err != nil {
					return &UsageError{fmt.Sprintf("explain: %q is not a document ID", args[0])}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				d, err := s.Doc(ctx, id)
				if err != nil {
					return err
				}
				c, err := newCoder(*dicts)
				if err != nil {
					return err
				}
				explain(env, c, &d, *all)
				return nil
			}
		},
	}
}

func explain(env *Env, c *coder, d *event.Document, all bool) {
	w := env.Stdout
	cd := c.codeDoc(d)
	pub := d.Published
	if pub.IsZero() {
		pub = d.IngestedAt
	}
	fmt.Fprintf(w, "Document %d: %s\nPublished %s, %s\n", d.ID, d.Title, dayOf(d.Published), d.Source)
	sents := text.Sentences(d.Body, nil)
	tab := c.cameo
	var matches []code.ActorMatch
	for i, sn := range sents {
		sent := d.Body[sn.Start:sn.End]
		var evs []*event.Event
		for _, e := range cd.Events {
			if e.Evidence.Sentence.Start >= sn.Start && e.Evidence.Sentence.Start < sn.End {
				evs = append(evs, e)
			}
		}
		var qs []*event.Quote
		for _, q := range cd.Quotes {
			if q.Sentence.Start >= sn.Start && q.Sentence.Start < sn.End {
				qs = append(qs, q)
			}
		}
		var js []*event.Judgment
		for _, j := range cd.Judgments {
			if j.Span.Start >= sn.Start && j.Span.Start < sn.End {
				js = append(js, j)
			}
		}
		matches = matches[:0]
		var buf [16]actor.Match
		for _, m := range c.dict.Find(sent, pub, buf[:0]) {
			matches = append(matches, code.ActorMatch{Start: m.Start, End: m.End, Code: m.Code})
		}
		if !all && len(evs) == 0 && len(qs) == 0 && len(js) == 0 && len(matches) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n[%d] %s\n", i+1, strings.Join(strings.Fields(sent), " "))
		if len(matches) > 0 {
			var parts []string
			for _, m := range matches {
				parts = append(parts, fmt.Sprintf("%s=%s", sent[m.Start:m.End], m.Code))
			}
			fmt.Fprintf(w, "    actors:   %s\n", strings.Join(parts, "; "))
		}
		for _, e := range evs {
			name := ""
			if info, ok := tab.Lookup(e.Code); ok {
				name = info.Name
			}
			fmt.Fprintf(w, "    event:    %s → %s  %s %s (%s, Goldstein %.1f, quad %d)  %s [%s]\n",
				first(e.Source.Code, "—"), first(e.Target.Code, "—"), e.Code, name, first(e.PLOVER, "no PLOVER"), e.Goldstein, e.Quad,
				e.Date.Format("2006-01-02"), e.Evidence.DateSource)
			fmt.Fprintf(w, "              trigger %q, source %q, target %q, pattern %s, confidence %.2f\n",
				e.Evidence.Trigger, e.Evidence.SourceText, e.Evidence.TargetText, e.Evidence.Pattern, e.Evidence.Confidence)
		}
		for _, q := range qs {
			fmt.Fprintf(w, "    quote:    %s (%s): “%s”\n", first(q.Speaker.Code, "—"), q.SpeakerText, q.Text)
		}
		for _, j := range js {
			fmt.Fprintf(w, "    judgment: %s %q band %s, about %q\n", first(j.Author, "—"), j.Term, first(j.Band, "none"), j.Subject)
		}
	}
}

func recodeCmd() *command {
	return &command{
		name:    "recode",
		args:    "[flags]",
		summary: "code stored documents again after a dictionary or coder change",
		help: `Recode runs the event coder over stored documents that the current coder and
dictionaries have not coded (all of them with --all), replacing what was
coded from each before. It works in batches, in parallel, and can be
interrupted and run again.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			dicts := dictFlag(fs)
			all := fs.Bool("all", false, "recode every document, not only those the current coder has not seen")
			asJSON := fs.Bool("json", false, "print the summary as JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"recode takes no arguments"}
				}
				c, err := newCoder(*dicts)
				if err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				start := time.Now()
				docs, events, err := recode(ctx, s, c, *all)
				secs := time.Since(start).Seconds()
				if *asJSON {
					if e := writeJSON(env.Stdout, map[string]any{"documents": docs, "events": events, "elapsed_seconds": secs}); e != nil {
						return e
					}
				} else {
					fmt.Fprintf(env.Stderr, "recoded %d documents: %d events, %.1fs\n", docs, events, secs)
				}
				return err
			}
		},
	}
}

// recode codes stored documents in batches of 500, in parallel.
func recode(ctx context.Context, s store.Store, c *coder, all bool) (docs, events int, err error) {
	version := c.version
	if all {
		version = ""
	}
	var after int64
	workers := runtime.GOMAXPROCS(0)
	for {
		if err := ctx.Err(); err != nil {
			return docs, events, err
		}
		batch, err := s.DocsToCode(ctx, after, 500, version)
		if err != nil || len(batch) == 0 {
			return docs, events, err
		}
		out := make([]store.CodedDoc, len(batch))
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(batch); i += workers {
					out[i] = c.codeDoc(&batch[i])
				}
			}()
		}
		wg.Wait()
		if err := s.PutCoded(context.WithoutCancel(ctx), out); err != nil {
			return docs, events, err
		}
		for _, o := range out {
			events += len(o.Events)
		}
		docs += len(batch)
		after = batch[len(batch)-1].ID
	}
}
