package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/georisk/georisk/internal/source"
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
polling often is cheap. With --once it polls once and exits, for cron.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			qurl, stream := queueFlags(fs)
			every := fs.Duration("every", 15*time.Minute, "how often to poll")
			once := fs.Bool("once", false, "poll once and exit")
			allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback, private and link-local addresses")
			timeout := fs.Duration("timeout", 20*time.Second, "timeout of each HTTP request")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 {
					return &UsageError{"schedule: no SOURCE given"}
				}
				if *every < time.Second {
					return &UsageError{"schedule: --every must be at least 1s"}
				}
				q, err := openQueue(ctx, env, *qurl, *stream)
				if err != nil {
					return err
				}
				defer q.Close()
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
					n, failed, err := enqueue(ctx, env, q, args, opt)
					fmt.Fprintf(env.Stderr, "georisk schedule: %s: enqueued %d items, failed %d\n", time.Now().UTC().Format(time.RFC3339), n, failed)
					if err != nil && ctx.Err() == nil {
						fmt.Fprintf(env.Stderr, "georisk schedule: %v\n", err)
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
