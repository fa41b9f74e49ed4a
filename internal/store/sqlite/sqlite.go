// Package sqlite is georisk's embedded store: one SQLite file (pure Go, via
// modernc.org/sqlite) in WAL mode, with FTS5 full-text search. It implements
// the store contract and passes store/storetest.
//
// A Store is safe for concurrent use; writers are serialized by SQLite
// (transactions begin IMMEDIATE, so read-then-write transactions never fail
// with SQLITE_BUSY while another writer holds the lock).
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/georisk/georisk/internal/store"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite implementation of store.Store.
type Store struct {
	db    *sql.DB
	stmts stmtCache    // the web listing's prepared statements (events_web.go)
	names *rollupNames // the numbers of the rollups' names (names.go)
	// rebuildReaders, when above 0, is how many readers RebuildRollups
	// splits the events between (tests set it to split small stores).
	rebuildReaders int
	// rebuildPhase, when set, is called as each phase of RebuildRollups
	// ends, with its name (a benchmark times them).
	rebuildPhase func(name string)
	// chunkCells, when above 0, is how many cells a chunk of the rollups
	// by day holds (tests set it low to split and merge chunks).
	chunkCells int
}

// dayChunkCells is how many cells a chunk of the rollups by day is cut to.
func (s *Store) dayChunkCells() int {
	if s.chunkCells > 0 {
		return s.chunkCells
	}
	return dayChunkCells
}

var _ store.Store = (*Store)(nil)

// Open opens the database file at path, creating it (and its schema) when it
// does not exist. It fails with store.ErrOldSchema when the file was
// migrated by an older georisk (see Migrate) and store.ErrStaleSchema by a
// newer one.
func Open(ctx context.Context, file string) (*Store, error) { return open(ctx, file, false) }

// Migrate opens like Open and upgrades an older schema to this build's.
func Migrate(ctx context.Context, file string) (*Store, error) { return open(ctx, file, true) }

func open(ctx context.Context, file string, upgrade bool) (*Store, error) {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "busy_timeout(30000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// A 16 MB page cache (the default is 2 MB) halves the system time of
	// a bulk ingest; 64 MB was no faster and added 100 MB of resident
	// memory.
	q.Add("_pragma", "cache_size(-16384)")
	q.Add("_pragma", "temp_store(MEMORY)")
	// Readers map the file instead of a pread per page missing from
	// their cache (a syscall and a copy: an eighth of the read API's CPU).
	q.Add("_pragma", "mmap_size(1073741824)")
	q.Add("_txlock", "immediate")
	dsn := "file:" + file + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", file, err)
	}
	// Keep connections for concurrent readers (database/sql keeps 2 idle):
	// a new one reads the schema and starts with an empty page cache.
	db.SetMaxIdleConns(16)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", file, err)
	}
	s := &Store{db: db, names: newRollupNames(db)}
	if err := s.migrate(ctx, upgrade); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating %s: %w", file, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

type migration = store.Migration

func loadMigrations() ([]migration, error) { return store.LoadMigrations(migrations, "migrations") }

// SchemaVersion is the newest migration this build knows.
func SchemaVersion() int {
	ms, err := loadMigrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

func (s *Store) migrate(ctx context.Context, upgrade bool) error {
	ms, err := loadMigrations()
	if err != nil {
		return err
	}
	// Most opens find the schema current: check with a read, so that a
	// reader does not take the write lock while an ingest runs.
	if applied, err := s.applied(ctx, s.db); err == nil {
		pending, err := store.PlanMigrations(ms, applied, upgrade)
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			return nil
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	applied, err := s.applied(ctx, tx)
	if err != nil {
		return err
	}
	pending, err := store.PlanMigrations(ms, applied, upgrade)
	if err != nil {
		return err
	}
	for _, m := range pending {
		if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if step := afterMigration[m.Version]; step != nil {
			if err := step(ctx, tx); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)`,
			m.Version, m.Name, formatTime(time.Now())); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// afterMigration holds, by version, the steps of a migration that SQL
// cannot take, run after its file in the same transaction.
var afterMigration = map[int]func(ctx context.Context, tx *sql.Tx) error{
	13: chunkRollupDays,
}

// chunkRollupDays moves the cells of rollup_days (migration 012) into
// rollup_day_chunks (013), a day at a time, and drops it.
func chunkRollupDays(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT day, pair, kind, n, goldstein FROM rollup_days WHERE n > 0 ORDER BY day, pair, kind`)
	if err != nil {
		return err
	}
	defer rows.Close()
	chunks := &dayChunker{size: dayChunkCells, put: func(r dayChunkRow) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO rollup_day_chunks (day, pair, kind, cells) VALUES (?, ?, ?, ?)`, r.day, r.pair, r.kind, r.cells)
		return err
	}}
	for rows.Next() {
		var c dayCell
		var day int64
		if err := rows.Scan(&day, &c.pair, &c.kind, &c.s.n, &c.s.g); err != nil {
			return err
		}
		if err := chunks.add(day, c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := chunks.flush(); err != nil {
		return err
	}
	rows.Close()
	_, err = tx.ExecContext(ctx, `DROP TABLE rollup_days`)
	return err
}

// applied lists the migration versions recorded in the database (an error
// when it has no schema_version table yet).
func (s *Store) applied(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) ([]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT version FROM schema_version`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vs []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

const timeLayout = "2006-01-02T15:04:05Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

func parseTime(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s.String)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Validators returns the stored ETag and Last-Modified of a URL ("" when none).
func (s *Store) Validators(ctx context.Context, u string) (etag, lastModified string, err error) {
	err = s.db.QueryRowContext(ctx, `SELECT etag, last_modified FROM feed_validators WHERE url = ?`, u).Scan(&etag, &lastModified)
	if errors.Is(err, sql.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("reading validators of %s: %w", u, err)
	}
	return etag, lastModified, nil
}

// SetValidators records the ETag and Last-Modified of a URL.
func (s *Store) SetValidators(ctx context.Context, u, etag, lastModified string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO feed_validators (url, etag, last_modified, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at`,
		u, etag, lastModified, formatTime(time.Now()))
	if err != nil {
		return fmt.Errorf("storing validators of %s: %w", u, err)
	}
	return nil
}
