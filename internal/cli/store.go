package cli

import (
	"context"
	"flag"
	"path/filepath"
	"strings"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/postgres"
	"github.com/georisk/georisk/internal/store/sqlite"
)

// dbFlag declares --db on fs; the returned function resolves it against
// GEORISK_DB and the default ./georisk.db.
func dbFlag(fs *flag.FlagSet) func(env *Env) string {
	db := fs.String("db", "", "database: a SQLite file path or a postgres:// URL (default ./georisk.db, or $GEORISK_DB)")
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

// openStore opens the store a --db value names: a postgres:// or
// postgresql:// URL for PostgreSQL, anything else a SQLite file.
func openStore(ctx context.Context, db string) (store.Store, error) {
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}
