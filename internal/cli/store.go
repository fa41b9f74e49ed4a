package cli

import (
	"context"
	"flag"
	"path/filepath"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/sqlite"
)

// dbFlag declares --db on fs; the returned function resolves it against
// GEORISK_DB and the default ./georisk.db.
func dbFlag(fs *flag.FlagSet) func(env *Env) string {
	db := fs.String("db", "", "database: a SQLite file path (default ./georisk.db, or $GEORISK_DB)")
	return func(env *Env) string {
		switch {
		case *db != "":
			return *db
		case env.Getenv("GEORISK_DB") != "":
			return env.Getenv("GEORISK_DB")
		}
		return filepath.Join(env.Dir, "georisk.db")
	}
}

// openStore opens the store a --db value names.
func openStore(ctx context.Context, db string) (store.Store, error) {
	return sqlite.Open(ctx, db)
}
