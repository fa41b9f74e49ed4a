package cli

import (
	"context"
	"flag"
	"fmt"
	"time"
)

func rollupCmd() *command {
	return &command{
		name:    "rollup",
		args:    "--rebuild",
		summary: "rebuild the daily event rollups that series, index and alerts read",
		help: `Rollup --rebuild recomputes the daily rollups (events per day, origin, source,
target, CAMEO root and quad, with their Goldstein sum) from the stored events.
The store keeps them current as events are stored, replaced and deleted, so
this is needed only after editing the database by hand.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			rebuild := fs.Bool("rebuild", false, "recompute every rollup from the events")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("rollup: unexpected argument %q", args[0])}
				}
				if !*rebuild {
					return &UsageError{"rollup: give --rebuild"}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				start := time.Now()
				n, err := s.RebuildRollups(ctx)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout, "rebuilt %d rollup cells in %s\n", n, time.Since(start).Round(time.Millisecond))
				return nil
			}
		},
	}
}
