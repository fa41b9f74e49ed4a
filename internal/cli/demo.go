package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	iofs "io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/sample"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/web"
)

func demoCmd() *command {
	return &command{
		name:    "demo",
		summary: "ingest the bundled sample corpus into a fresh database and show what georisk found",
		help: `Demo ingests georisk's bundled sample corpus (articles written by the project
about real 2023–2024 events around China, NATO, Japan, Taiwan, the South China
Sea, export controls and the war in Ukraine, in HTML, RSS, Atom, text,
Markdown and JSON Lines) into a fresh SQLite file, georisk-demo.db in the
current folder unless --db says otherwise, and prints what it found. Then it
serves the dashboard on --addr and prints its URL, until Ctrl-C. It stops
after printing with --no-serve, and also when its output is not a terminal
(scripts, CI) unless --serve is given.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			dbPath := fs.String("db", "", "database file (default ./georisk-demo.db, recreated)")
			noServe := fs.Bool("no-serve", false, "stop after printing, without serving the dashboard")
			serve := fs.Bool("serve", false, "serve the dashboard even when the output is not a terminal")
			addr := fs.String("addr", "127.0.0.1:8080", "address the dashboard listens on")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"demo takes no arguments"}
				}
				db := *dbPath
				if db == "" {
					db = filepath.Join(env.Dir, "georisk-demo.db")
					for _, suffix := range []string{"", "-wal", "-shm"} {
						if err := os.Remove(db + suffix); err != nil && !errors.Is(err, iofs.ErrNotExist) {
							return fmt.Errorf("removing the old demo database: %w", err)
						}
					}
				}
				err := runDemo(ctx, env, db)
				if err != nil && !errors.Is(err, ErrFailed) || *noServe || !*serve && !env.StderrIsTerminal {
					return err
				}
				if serr := serveDemo(ctx, env, db, *addr); serr != nil {
					return serr
				}
				return err
			}
		},
	}
}

func runDemo(ctx context.Context, env *Env, db string) error {
	dir, err := os.MkdirTemp("", "georisk-sample-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	if err := os.CopyFS(dir, sample.FS()); err != nil {
		return fmt.Errorf("unpacking the sample corpus: %w", err)
	}
	s, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	fmt.Fprintf(env.Stdout, "georisk demo: ingesting the bundled sample corpus into %s\n\n", db)
	prefix := dir + string(filepath.Separator)
	rename := func(in string) string { return "sample/" + filepath.ToSlash(strings.TrimPrefix(in, prefix)) }
	// The corpus's folders hold the articles; its top-level files
	// (MANIFEST.tsv, README.md) describe them.
	var inputs []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			inputs = append(inputs, filepath.Join(dir, e.Name()))
		}
	}
	produce := func(ctx context.Context, emit func(source.Item) error, fail func(source.Failure)) error {
		return source.Read(ctx, inputs, nil, source.Options{Logger: logger(env)},
			func(it source.Item) error { it.Input = rename(it.Input); return emit(it) },
			func(f source.Failure) { f.Input = rename(f.Input); fail(f) })
	}
	c, err := newCoder(nil)
	if err != nil {
		return err
	}
	sum, err := runIngest(ctx, env, s, produce, ingestOptions{quiet: true, code: c.codeDoc})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s\n\n", sum)
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	printStats(env.Stdout, st)
	if err := printStories(ctx, env, s); err != nil {
		return err
	}
	if err := printCoded(ctx, env, s); err != nil {
		return err
	}
	if err := demoAnalytics(ctx, env, s); err != nil {
		return err
	}
	if err := demoAssess(ctx, env, s, db); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nSearch for \"NATO Tokyo office\":\n")
	hits, err := s.Search(ctx, store.SearchQuery{Text: "NATO Tokyo office", Limit: 5})
	if err != nil {
		return err
	}
	for _, h := range hits {
		fmt.Fprintf(env.Stdout, "%6d  %s  %s\n        %s\n", h.Doc.ID, day(h.Doc.Published), h.Doc.Title, strings.ReplaceAll(h.Snippet, "\n", " "))
	}
	fmt.Fprintf(env.Stdout, "\nNext: georisk search --db %s QUERY, georisk docs --db %s, georisk docs show --db %s ID\n", db, db, db)
	if sum.Failed > 0 {
		return ErrFailed
	}
	return nil
}

// printStories lists the stories that have copies, with where each appeared.
func printStories(ctx context.Context, env *Env, s store.Store) error {
	docs, err := s.ListDocs(ctx, store.DocQuery{Limit: 1000})
	if err != nil {
		return err
	}
	stories := map[int64][]event.Document{}
	var order []int64
	for _, d := range docs {
		if _, ok := stories[d.StoryID]; !ok {
			order = append(order, d.StoryID)
		}
		stories[d.StoryID] = append(stories[d.StoryID], d)
	}
	fmt.Fprintf(env.Stdout, "\nStories published more than once:\n")
	n := 0
	for _, id := range order {
		copies := stories[id]
		if len(copies) < 2 {
			continue
		}
		n++
		fmt.Fprintf(env.Stdout, "  story %d: %d copies\n", id, len(copies))
		for _, d := range copies {
			fmt.Fprintf(env.Stdout, "    %6d  %s  %-22s  %s\n", d.ID, day(d.Published), trunc(d.Source, 22), d.Title)
		}
	}
	if n == 0 {
		fmt.Fprintf(env.Stdout, "  none\n")
	}
	return nil
}

// printCoded shows a sample of what the coder found in the corpus.
func printCoded(ctx context.Context, env *Env, s store.Store) error {
	evs, err := s.ListEvents(ctx, store.EventQuery{Origin: "coded", DyadA: "CHN", DyadB: "IGOWSTNAT", Limit: 8})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "\nEvents coded between China and NATO (newest first):\n")
	for _, e := range evs {
		fmt.Fprintf(env.Stdout, "  %s  %-10s → %-10s %-5s %-10s %q (doc %d)\n", e.Date.Format("2006-01-02"),
			first(e.Source.Code, "—"), first(e.Target.Code, "—"), e.Code, e.PLOVER, e.Evidence.Trigger, e.DocID)
	}
	js, err := s.ListJudgments(ctx, store.TextQuery{Limit: 5})
	if err != nil {
		return err
	}
	if len(js) > 0 {
		fmt.Fprintf(env.Stdout, "\nEstimative judgments found:\n")
		for _, j := range js {
			fmt.Fprintf(env.Stdout, "  doc %d  %q (%s)  %s\n", j.DocID, j.Term, first(j.Band, "no band"), trunc(j.Claim, 90))
		}
	}
	return nil
}

// serveDemo serves the dashboard over the demo database until ctx is done.
func serveDemo(ctx context.Context, env *Env, db, addr string) error {
	s, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := newCoder(nil)
	if err != nil {
		return err
	}
	cfg, err := web.ParseConfig(nil, func(string) string { return "" })
	if err != nil {
		return err
	}
	cfg.Addr = addr
	opt, err := webOptions(logger(env).With(slog.String("component", "web")), cfg, s, c)
	if err != nil {
		return err
	}
	return serveWeb(ctx, env, cfg, opt, func(url string) {
		fmt.Fprintf(env.Stdout, "\nThe dashboard is at %s (Ctrl-C stops it).\n", url)
	})
}
