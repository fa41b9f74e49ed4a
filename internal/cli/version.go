package cli

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"

	"github.com/georisk/georisk/internal/store/sqlite"
)

func versionCmd() *command {
	return &command{
		name:    "version",
		summary: "print the version and the database schema it writes",
		help:    "Version prints georisk's module version, the Go version it was built with, and the schema version of the SQLite store.",
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"version takes no arguments"}
				}
				v, gov := "(devel)", ""
				if bi, ok := debug.ReadBuildInfo(); ok {
					if bi.Main.Version != "" {
						v = bi.Main.Version
					}
					gov = bi.GoVersion
				}
				fmt.Fprintf(env.Stdout, "georisk %s %s schema %d\n", v, gov, sqlite.SchemaVersion())
				return nil
			}
		},
	}
}
