package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/georisk/georisk/internal/queue"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/source/gdelt"
)

func scheduleCmd() *command {
	return &command{
		name:    "schedule",
		args:    "--queue nats://… [--every 15m] SOURCE...",
		summary: "poll feeds and pages on an interval and enqueue what they hold for workers",
		help: `Schedule reads its sources (feeds, pages, OPML lists, files) every --every and
publishes their items to the work queue; "georisk worker" processes store
them. Items already queued within the queue's dedup window are not queued
again, and items already stored add nothing when a worker sees them, so
polling often is cheap. With --gdelt-since it also imports, into --db, the
live GDELT 2.0 event files of that window it has not imported yet (dataset
rows are small and keyed: they are imported here rather than queued). With
--once it polls once and exits, for cron.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			qurl, stream := queueFlags(fs)
			every := fs.Duration("every", 15*time.Minute, "how often to poll")
			once := fs.Bool("once", false, "poll once and exit")
			allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback, private and link-local addresses")
			timeout := fs.Duration("timeout", 20*time.Second, "timeout of each HTTP request")
			db := dbFlag(fs)
			gdeltSince := fs.Duration("gdelt-since", 0, "also import the live GDELT 2.0 event files of this window on each poll (e.g. 1h)")
			gdeltBase := fs.String("gdelt-base", "http://data.gdeltproject.org/gdeltv2/", "where the live GDELT 2.0 files are")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 && *gdeltSince <= 0 {
					return &UsageError{"schedule: no SOURCE given (and no --gdelt-since)"}
				}
				if *every < time.Second {
					return &UsageError{"schedule: --every must be at least 1s"}
				}
				var q queue.Queue
				if len(args) > 0 {
					var err error
					if q, err = openQueue(ctx, env, *qurl, *stream); err != nil {
						return err
					}
					defer q.Close()
				}
				opt := source.Options{AllowPrivate: *allowPrivate, FetchPages: true, Logger: logger(env),
					Client: source.NewFetcher(source.FetchOptions{Timeout: *timeout, AllowPrivate: *allowPrivate, Cache: &source.MemoryCache{}})}
				timer := time.NewTimer(0)
				defer timer.Stop()
				for {
					select {
					case <-ctx.Done():
						return nil
					case <-timer.C:
					}
					n, failed, err := 0, 0, error(nil)
					if len(args) > 0 {
						n, failed, err = enqueue(ctx, env, q, ingestSubject(*stream), args, opt)
						fmt.Fprintf(env.Stderr, "georisk schedule: %s: enqueued %d items, failed %d\n", time.Now().UTC().Format(time.RFC3339), n, failed)
						if err != nil && ctx.Err() == nil {
							fmt.Fprintf(env.Stderr, "georisk schedule: %v\n", err)
						}
					}
					if *gdeltSince > 0 {
						if gerr := pollGDELT(ctx, env, db(env), *gdeltBase, *gdeltSince, opt.Client); gerr != nil && ctx.Err() == nil {
							fmt.Fprintf(env.Stderr, "georisk schedule: GDELT: %v\n", gerr)
							failed++
						}
					}
					if *once {
						if failed > 0 || err != nil {
							return ErrFailed
						}
						return nil
					}
					timer.Reset(*every)
				}
			}
		},
	}
}

// pollGDELT imports the live GDELT 2.0 event files of the window that the
// store has not seen.
func pollGDELT(ctx context.Context, env *Env, db, base string, since time.Duration, f *source.Fetcher) error {
	s, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer s.Close()
	feed := &gdelt.Feed{Fetcher: f, Base: base, Open: f.Open}
	files, err := feed.Files(ctx, since, time.Now().UTC(), gdelt.KindExport)
	if err != nil {
		return err
	}
	var todo []string
	for _, file := range files {
		seen, err := s.ImportedFile(ctx, file)
		if err != nil {
			return err
		}
		if !seen {
			todo = append(todo, file)
		}
	}
	sum, err := runImport(ctx, env, s, todo, datasetOptions("gdelt", f), 5, true)
	fmt.Fprintf(env.Stderr, "georisk schedule: GDELT: %d new files: %s\n", len(todo), sum)
	return err
}
