// Package postgres is georisk's scale-out store: PostgreSQL through pgx and
// pgxpool, with tsvector full-text search and events partitioned by month.
// It implements the store contract and passes store/storetest, so that
// every stage behaves the same on it as on store/sqlite.
//
// # Schema
//
// Open applies the numbered migrations embedded from migrations/*.sql and
// records them in schema_version. It runs them in one transaction under a
// PostgreSQL advisory lock, so that several processes starting at once
// migrate once; it fails with store.ErrStaleSchema when the database was
// migrated by a newer georisk. Tables are created in the first schema of the
// search_path, which may be set in the URL (…?search_path=georisk).
//
// # Concurrency
//
// A Store is safe for concurrent use, and several processes may share one
// database:
//
//   - PutDocs serializes its matching and inserts with a transaction-level
//     advisory lock (one per schema), so that concurrent writers never store
//     a key twice nor start two stories for copies of one story: the same
//     one-writer-at-a-time semantics as SQLite. Compression and band keys
//     are computed before the lock is taken; under it a batch costs a
//     handful of round trips (three set-based lookups, three COPYs).
//     SERIALIZABLE isolation was the alternative: every batch reads band
//     keys that other batches write, so concurrent batches would mostly
//     fail and retry, redoing the same work.
//   - PutEvents, PutCoded and DeleteEvents take no table-wide lock: the
//     (origin, origin_id) identity lives in the event_keys table, whose
//     primary key makes a concurrent insert of the same key fail.
//     PutEvents reads the stored state of its keys without locking (a
//     re-import writes nothing), then locks the rows it replaces, in key
//     order, deciding again for any that changed meanwhile, and inserts new
//     keys in key order. A transaction that loses a race (a key added or
//     deleted meanwhile, a deadlock, a serialization failure) is retried
//     from the start, a few times with backoff. Writers of disjoint keys
//     do not wait for each other.

// # Events
//
// Events are range-partitioned by month on their date (events_y2023m07…,
// plus events_default). The partitions a write needs are created before its
// transaction, in a short one of their own, because creating a partition
// locks the whole events table: holding that lock through a bulk import
// would block every reader. A unique constraint on a partitioned table must
// include the partition key, so (origin, origin_id) cannot be unique on
// events itself; event_keys holds it, with the event's ID, date, row hash
// and revision time, and is what PutEvents reads to decide between adding,
// replacing and leaving alone.
//
// # Search
//
// Documents carry a generated tsvector (English configuration; title
// weighted A, body B) with a GIN index. Search reads web-search syntax
// (websearch_to_tsquery: words, "phrases", OR, -word) and also accepts the
// FTS5 spellings the SQLite store documents: AND, NOT and word* prefixes.
// Ranks are ts_rank negated, so that lower is better as in the contract.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/georisk/georisk/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Advisory lock classes (the first key of pg_advisory_xact_lock(int, int));
// the second key is a hash of the schema, so that stores in different
// schemas of one database do not wait for each other.
const (
	lockMigrate    = 0x67720001
	lockDocs       = 0x67720002
	lockPartitions = 0x67720003
)

// copyMin is the number of rows from which a write uses COPY rather than
// one pipelined batch of INSERTs: below it, COPY's extra round trip and
// set-up cost more than they save (see BenchmarkInsertRows).
const copyMin = 8

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool    *pgxpool.Pool
	copyMin int

	mu    sync.Mutex
	parts map[string]bool // event partitions known to exist
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at url (a postgres:// URL or a key=value
// connection string), creating the schema in an empty database. It fails
// with store.ErrOldSchema when the database was migrated by an older
// georisk (see Migrate) and store.ErrStaleSchema by a newer one.
func Open(ctx context.Context, url string) (*Store, error) { return connect(ctx, url, false) }

// Migrate connects like Open and upgrades an older schema to this build's.
func Migrate(ctx context.Context, url string) (*Store, error) { return connect(ctx, url, true) }

func connect(ctx context.Context, url string, upgrade bool) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The error may quote the URL, password included: say less.
		return nil, errors.New("opening postgres: invalid connection URL")
	}
	where := fmt.Sprintf("postgres database %q on %s:%d", cfg.ConnConfig.Database, cfg.ConnConfig.Host, cfg.ConnConfig.Port)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", where, err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("opening %s: %w", where, err)
	}
	s := &Store{pool: pool, copyMin: copyMin, parts: map[string]bool{}}
	if err := s.migrate(ctx, upgrade); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrating %s: %w", where, err)
	}
	return s, nil
}

// Close closes the connections. It waits for queries in progress.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

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
	// Most opens find the schema current: check without the lock first.
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&exists); err != nil {
		return err
	}
	if exists {
		applied, err := appliedVersions(ctx, s.pool)
		if err != nil {
			return err
		}
		pending, err := store.PlanMigrations(ms, applied, upgrade)
		if err != nil {
			return err
		}
		if len(pending) == 0 {
			return nil
		}
	}
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lock(ctx, tx, lockMigrate); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`); err != nil {
			return err
		}
		applied, err := appliedVersions(ctx, tx)
		if err != nil {
			return err
		}
		pending, err := store.PlanMigrations(ms, applied, upgrade)
		if err != nil {
			return err
		}
		for _, m := range pending {
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_version (version, name, applied_at) VALUES ($1, $2, now())`,
				m.Version, m.Name); err != nil {
				return fmt.Errorf("migration %s: %w", m.Name, err)
			}
		}
		return nil
	})
}

// appliedVersions lists the migration versions recorded in schema_version.
func appliedVersions(ctx context.Context, q interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}) ([]int, error) {
	rows, _ := q.Query(ctx, `SELECT version FROM schema_version`)
	vs, err := pgx.CollectRows(rows, pgx.RowTo[int])
	if err != nil {
		return nil, fmt.Errorf("reading schema_version: %w", err)
	}
	return vs, nil
}

// lock takes a transaction-level advisory lock of a class in the current
// schema; it is released at commit or rollback.
func lock(ctx context.Context, tx pgx.Tx, class int32) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(COALESCE(current_schema(), '')))`, class)
	if err != nil {
		return fmt.Errorf("taking advisory lock: %w", err)
	}
	return nil
}

// errConflict reports that a concurrent transaction changed a row this one
// meant to replace; the transaction is retried.
var errConflict = errors.New("concurrent update")

// retryable reports whether a transaction that failed with err may succeed
// if run again: it lost a race on a key, was chosen as a deadlock victim or
// failed serialization.
func retryable(err error) bool {
	if errors.Is(err, errConflict) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505", "40001", "40P01": // unique_violation, serialization_failure, deadlock_detected
			return true
		}
	}
	return false
}

const maxAttempts = 6

// inTx runs fn in a transaction, running it again (after a short, growing,
// jittered pause) when it fails for a reason a retry can cure. fn must not
// change anything outside the transaction.
func (s *Store) inTx(ctx context.Context, fn func(pgx.Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := pgx.BeginFunc(ctx, s.pool, fn)
		if err == nil || attempt == maxAttempts || !retryable(err) || ctx.Err() != nil {
			return err
		}
		pause := time.Duration(rand.Int64N(int64(5*time.Millisecond)<<attempt)) + time.Millisecond
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(pause):
		}
	}
}

// insertRows writes rows into table: with COPY when there are at least
// s.copyMin of them, otherwise with one pipelined batch of INSERTs.
func (s *Store) insertRows(ctx context.Context, tx pgx.Tx, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if len(rows) >= s.copyMin {
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows)); err != nil {
			return fmt.Errorf("copying into %s: %w", table, err)
		}
		return nil
	}
	q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES (" + params(1, len(cols)) + ")"
	var b pgx.Batch
	for _, r := range rows {
		b.Queue(q, r...)
	}
	if err := tx.SendBatch(ctx, &b).Close(); err != nil {
		return fmt.Errorf("inserting into %s: %w", table, err)
	}
	return nil
}

// params returns "$from, …, $(from+n-1)".
func params(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// nullTime is t in UTC, or NULL when t is zero.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// day is the UTC calendar day of t, as a date parameter.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nullDay is the day of t, or NULL when t is zero.
func nullDay(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return day(t)
}

// utc is a scanned nullable time in UTC (zero when NULL).
func utc(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

func limit(n int) int {
	if n <= 0 {
		return 50
	}
	return n
}

// likePrefix is a LIKE pattern matching strings that start with s.
func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// Validators returns the stored ETag and Last-Modified of a URL ("" when none).
func (s *Store) Validators(ctx context.Context, u string) (etag, lastModified string, err error) {
	err = s.pool.QueryRow(ctx, `SELECT etag, last_modified FROM feed_validators WHERE url = $1`, u).Scan(&etag, &lastModified)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", "", nil
	}
	if err != nil {
		return "", "", fmt.Errorf("reading validators of %s: %w", u, err)
	}
	return etag, lastModified, nil
}

// SetValidators records the ETag and Last-Modified of a URL.
func (s *Store) SetValidators(ctx context.Context, u, etag, lastModified string) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO feed_validators (url, etag, last_modified, updated_at) VALUES ($1, $2, $3, now())
		ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at`,
		u, etag, lastModified)
	if err != nil {
		return fmt.Errorf("storing validators of %s: %w", u, err)
	}
	return nil
}
