package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/georisk/georisk/internal/store/postgres"
	"github.com/georisk/georisk/internal/store/sqlite"
)

func migrateCmd() *command {
	return &command{
		name:    "migrate",
		args:    "[--db …]",
		summary: "create or upgrade the database schema to this georisk's",
		help: `Migrate brings the database's schema to the version this georisk writes. A new
database is created by any command; an existing one written by an older
georisk is refused by the other commands until it is migrated, since other
processes may still run the old binary. Migrating twice does nothing.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"migrate takes no arguments"}
				}
				target := db(env)
				if strings.HasPrefix(target, "postgres://") || strings.HasPrefix(target, "postgresql://") {
					s, err := postgres.Migrate(ctx, target)
					if err != nil {
						return err
					}
					s.Close()
					fmt.Fprintf(env.Stdout, "PostgreSQL schema at version %d\n", postgres.SchemaVersion())
					return nil
				}
				s, err := sqlite.Migrate(ctx, target)
				if err != nil {
					return err
				}
				s.Close()
				fmt.Fprintf(env.Stdout, "%s: schema at version %d\n", target, sqlite.SchemaVersion())
				return nil
			}
		},
	}
}
