package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/ingest"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
)

func ingestCmd() *command {
	return &command{
		name:    "ingest",
		args:    "[flags] SOURCE...",
		summary: "read articles from files, directories, feeds, pages or stdin into the store",
		help: `Ingest reads articles and stores them. A SOURCE is a file, a directory (read
recursively), a glob, - for stdin, an http(s) URL of a page, a feed or an OPML
list, or an OPML file. Formats are detected by content: HTML, RSS, Atom, JSON
Feed, plain text, Markdown, JSON Lines ({id, title, text|html, url, date,
source} per line), Reuters SGML, and .gz or .zip of any of them.

Each article is stored once with its raw input; re-ingesting adds nothing.
With --queue (or $GEORISK_QUEUE) the items are read here and published to the
NATS work queue for "georisk worker" processes to extract, code and store.
Copies of a story (the same wire text on several sites) are kept and linked.
An input that cannot be read is reported on one line with the reason, and the
run goes on; the exit status is then 1. Interrupting (Ctrl-C) keeps what was
stored, and running again resumes.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback, private and link-local addresses")
			workers := fs.Int("workers", 0, "extraction workers (default: one per CPU)")
			asJSON := fs.Bool("json", false, "print the summary as JSON on stdout")
			quiet := fs.Bool("quiet", false, "do not print warnings")
			timeout := fs.Duration("timeout", 20*time.Second, "timeout of each HTTP request")
			maxMB := fs.Int64("max-size", 32, "largest single document or response, in MB")
			noFetch := fs.Bool("no-fetch-pages", false, "do not fetch the pages of feed items that carry only a summary")
			noCode := fs.Bool("no-code", false, "store documents without coding their events (georisk recode codes them later)")
			qurl, stream := queueFlags(fs)
			dicts := dictFlag(fs)
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 {
					return &UsageError{"ingest: no SOURCE given (try: georisk ingest --help)"}
				}
				if *qurl != "" || env.Getenv("GEORISK_QUEUE") != "" {
					// Enqueue for workers instead of processing here.
					q, err := openQueue(ctx, env, *qurl, *stream)
					if err != nil {
						return err
					}
					defer q.Close()
					opt := source.Options{AllowPrivate: *allowPrivate, MaxItemBytes: *maxMB << 20, FetchPages: !*noFetch, Logger: logger(env),
						Client: source.NewFetcher(source.FetchOptions{Timeout: *timeout, MaxBytes: *maxMB << 20, AllowPrivate: *allowPrivate})}
					n, failed, err := enqueue(ctx, env, q, ingestSubject(*stream), args, opt)
					if *asJSON {
						writeJSON(env.Stdout, map[string]any{"enqueued": n, "failed": failed})
					} else {
						fmt.Fprintf(env.Stderr, "enqueued %d items, failed %d\n", n, failed)
					}
					if err != nil {
						return err
					}
					if failed > 0 {
						return ErrFailed
					}
					return nil
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				opt := source.Options{
					AllowPrivate: *allowPrivate,
					MaxItemBytes: *maxMB << 20,
					FetchPages:   !*noFetch,
					Logger:       logger(env),
					Client: source.NewFetcher(source.FetchOptions{
						Timeout: *timeout, MaxBytes: *maxMB << 20, AllowPrivate: *allowPrivate, Cache: s,
					}),
				}
				produce := func(ctx context.Context, emit func(source.Item) error, fail func(source.Failure)) error {
					return source.Read(ctx, args, env.Stdin, opt, emit, fail)
				}
				o := ingestOptions{workers: *workers, quiet: *quiet}
				if !*noCode {
					c, err := newCoder(*dicts)
					if err != nil {
						return err
					}
					o.code = c.codeDoc
				}
				sum, err := runIngest(ctx, env, s, produce, o)
				return report(env, sum, err, *asJSON)
			}
		},
	}
}

type ingestOptions struct {
	workers int
	quiet   bool
	code    ingest.CodeFunc // nil: do not code
}

// runIngest runs the pipeline with failures, warnings and progress reported
// on stderr.
func runIngest(ctx context.Context, env *Env, s store.Store, produce ingest.Producer, o ingestOptions) (ingest.Summary, error) {
	var mu sync.Mutex // progress and failure lines share stderr
	prog := newProgress(env.Stderr, env.StderrIsTerminal)
	p := ingest.New(s, ingest.Options{
		Workers: o.workers,
		Code:    o.code,
		Logger:  logger(env),
		OnFailure: func(f source.Failure) {
			mu.Lock()
			defer mu.Unlock()
			prog.clear()
			fmt.Fprintf(env.Stderr, "georisk: %s\n", failureText(f))
		},
		OnWarning: func(input, msg string) {
			if o.quiet {
				return
			}
			mu.Lock()
			defer mu.Unlock()
			prog.clear()
			fmt.Fprintf(env.Stderr, "georisk: warning: %s: %s\n", input, msg)
		},
		OnProgress: func(sum ingest.Summary) {
			mu.Lock()
			defer mu.Unlock()
			prog.show(sum)
		},
	})
	sum, err := p.Run(ctx, produce)
	prog.clear()
	return sum, err
}

// report prints the summary and turns the outcome into Run's error.
func report(env *Env, sum ingest.Summary, err error, asJSON bool) error {
	if asJSON {
		out := map[string]any{
			"seen": sum.Seen, "new": sum.New, "copies": sum.Copies, "duplicate": sum.Duplicate, "events": sum.Events,
			"failed": sum.Failed, "warnings": sum.Warnings, "elapsed_seconds": sum.Elapsed.Seconds(),
			"docs_per_second": sum.DocsPerSec(), "interrupted": errors.Is(err, context.Canceled),
		}
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if e := enc.Encode(out); e != nil {
			return e
		}
	} else {
		fmt.Fprintf(env.Stderr, "%s\n", sum)
	}
	switch {
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(env.Stderr, "georisk: interrupted: what was counted as new is stored; run again to resume\n")
		return ErrFailed
	case err != nil:
		return err
	case sum.Failed > 0:
		return ErrFailed
	}
	return nil
}

// progress shows a one-line running count on a terminal, and nothing
// otherwise.
type progress struct {
	w     io.Writer
	on    bool
	shown bool
	last  time.Time
}

func newProgress(w io.Writer, on bool) *progress { return &progress{w: w, on: on} }

func (p *progress) show(s ingest.Summary) {
	if !p.on || time.Since(p.last) < 100*time.Millisecond {
		return
	}
	p.last = time.Now()
	fmt.Fprintf(p.w, "\r\033[Kingesting: %d seen, %d new, %d duplicate, %d failed, %.0f docs/s",
		s.Seen, s.New, s.Duplicate, s.Failed, s.DocsPerSec())
	p.shown = true
}

func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
		p.shown = false
	}
}

// failureText says what failed and why in one line, naming the input once.
func failureText(f source.Failure) string {
	msg := f.Err.Error()
	if f.Input != "" && !strings.Contains(msg, f.Input) {
		msg = f.Input + ": " + msg
	}
	return strings.ReplaceAll(msg, "\n", " ")
}
