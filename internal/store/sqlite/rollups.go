package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

var _ store.Rollups = (*Store)(nil)

// prefixRange returns the condition that col starts with prefix as a range
// (col >= prefix AND col < next), which SQLite answers from an index; LIKE
// would not.
func prefixRange(col, prefix string) (string, []any) {
	if prefix == "" {
		return "1", nil
	}
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return "(" + col + " >= ? AND " + col + " < ?)", []any{prefix, string(b[:i+1])}
		}
	}
	return col + " >= ?", []any{prefix}
}

// RollupCells returns the daily cells matching q; see store.Rollups.
//
// A prefix matches many codes (CHN, CHNGOV, CHNMIL…), and a range on the
// first column of an index leaves SQLite scanning every day of every
// matching code. So the codes present are found first, one index seek each
// (a loose index scan), and then each (source, target) pair's days are
// read with one seek: the cells read are the cells returned.
func (s *Store) RollupCells(ctx context.Context, q store.RollupQuery) ([]store.RollupCell, error) {
	if q.Since.IsZero() || q.Until.IsZero() {
		return nil, fmt.Errorf("rollup cells: since and until are required")
	}
	r := &rollupReader{ctx: ctx, db: s.db, since: q.Since.UTC().Format(dayLayout), until: q.Until.UTC().Format(dayLayout),
		origin: q.Origin, exclude: q.ExcludeOrigin, days: map[string]time.Time{}, strs: map[string]string{}}
	var err error
	switch {
	case q.DyadA != "" && q.DyadB != "":
		// A cell can come twice only when a code matches both sides'
		// prefixes (CHN–CHNGOV both ways).
		a, b := q.DyadA, q.DyadB
		if !q.Directed && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a)) {
			r.seen = map[rollupKey]bool{}
		}
		err = r.pairs(a, b)
		if err == nil && !q.Directed {
			err = r.pairs(b, a)
		}
	case q.Actor != "":
		// The actor's cells as source, then as target but not source.
		if err = r.pairs(q.Actor, ""); err == nil {
			err = r.targets(q.Actor)
		}
	default:
		err = r.all()
	}
	if err != nil {
		return nil, fmt.Errorf("reading rollups: %w", err)
	}
	return r.out, nil
}

type rollupKey struct {
	day, origin, src, tgt, root string
	quad                        int
}

type rollupReader struct {
	ctx             context.Context
	db              *sql.DB
	since, until    string
	origin, exclude string
	seen            map[rollupKey]bool // nil when no cell can come twice
	days            map[string]time.Time
	strs            map[string]string // one copy of each origin, root and code read
	out             []store.RollupCell
}

// intern returns one shared copy of b's text: cells repeat a few origins,
// roots and codes thousands of times.
func (r *rollupReader) intern(b []byte) string {
	if s, ok := r.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	r.strs[s] = s
	return s
}

// distinct returns the distinct values of col in [lo, hi) (hi "" for no
// bound) among the rows matching cond, one index seek per value.
func (r *rollupReader) distinct(col, cond string, args []any, prefix string) ([]string, error) {
	lo, hi := prefix, ""
	if prefix != "" {
		_, a := prefixRange(col, prefix)
		if len(a) == 2 {
			hi = a[1].(string)
		}
	}
	var out []string
	q := `SELECT MIN(` + col + `) FROM event_rollups WHERE ` + cond + ` AND ` + col + ` >= ?`
	if hi != "" {
		q += ` AND ` + col + ` < ?`
	}
	first := true
	for {
		a := append(append([]any{}, args...), lo)
		if hi != "" {
			a = append(a, hi)
		}
		qq := q
		if !first {
			qq = strings.Replace(q, col+` >= ?`, col+` > ?`, 1)
		}
		var v sql.NullString
		if err := r.db.QueryRowContext(r.ctx, qq, a...).Scan(&v); err != nil {
			return nil, err
		}
		if !v.Valid {
			return out, nil
		}
		out = append(out, v.String)
		lo, first = v.String, false
	}
}

// pairs reads the cells whose source starts with a and target with b ("" for
// any target).
func (r *rollupReader) pairs(a, b string) error {
	srcs, err := r.distinct("src_code", "1", nil, a)
	if err != nil {
		return err
	}
	for _, src := range srcs {
		tgts, err := r.distinct("tgt_code", "src_code = ?", []any{src}, b)
		if err != nil {
			return err
		}
		for _, tgt := range tgts {
			if err := r.read(src, tgt, "", `src_code = ? AND tgt_code = ?`, src, tgt); err != nil {
				return err
			}
		}
	}
	return nil
}

// targets reads the cells whose target starts with a (through the target
// index), but not those whose source does too: pairs read them.
func (r *rollupReader) targets(a string) error {
	tgts, err := r.distinct("tgt_code", "1", nil, a)
	if err != nil {
		return err
	}
	for _, tgt := range tgts {
		if err := r.read("", tgt, a, `tgt_code = ?`, tgt); err != nil {
			return err
		}
	}
	return nil
}

// all reads every cell of the range: one query, so no cell can come twice.
func (r *rollupReader) all() error {
	r.seen = nil
	return r.read("", "", "", `1`)
}

// read appends the cells matching cond in the range. src and tgt, when not
// "", are the codes every matching cell has; cells whose source starts
// with skipSrc ("" for none) are left out.
func (r *rollupReader) read(src, tgt, skipSrc, cond string, args ...any) error {
	// Codes every cell has are not read back: each text column read costs
	// a string per row, and a heavy dyad has tens of thousands of cells.
	cols := `day, origin, root, quad, n, goldstein`
	var day, origin, s, t, root sql.RawBytes
	var c store.RollupCell
	dest := []any{&day, &origin, &root, &c.Quad, &c.N, &c.Goldstein}
	if src == "" {
		cols, dest = cols+`, src_code`, append(dest, &s)
	}
	if tgt == "" {
		cols, dest = cols+`, tgt_code`, append(dest, &t)
	}
	q := `SELECT ` + cols + ` FROM event_rollups WHERE ` + cond
	if skipSrc != "" {
		c, a := prefixRange("src_code", skipSrc)
		q, args = q+` AND NOT `+c, append(args, a...)
	}
	q, args = q+` AND day >= ? AND day < ?`, append(args, r.since, r.until)
	if r.origin != "" {
		q, args = q+` AND origin = ?`, append(args, r.origin)
	}
	if r.exclude != "" {
		q, args = q+` AND origin <> ?`, append(args, r.exclude)
	}
	rows, err := r.db.QueryContext(r.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		c = store.RollupCell{}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		c.Origin, c.Root, c.Src, c.Tgt = r.intern(origin), r.intern(root), src, tgt
		if src == "" {
			c.Src = r.intern(s)
		}
		if tgt == "" {
			c.Tgt = r.intern(t)
		}
		if r.seen != nil {
			k := rollupKey{string(day), c.Origin, c.Src, c.Tgt, c.Root, c.Quad}
			if r.seen[k] {
				continue
			}
			r.seen[k] = true
		}
		d, ok := r.days[string(day)]
		if !ok {
			d, _ = time.Parse(dayLayout, string(day))
			r.days[string(day)] = d
		}
		c.Day = d
		r.out = append(r.out, c)
	}
	return rows.Err()
}

// DayTotals returns all events per day and origin, oldest first.
func (s *Store) DayTotals(ctx context.Context, since, until time.Time) ([]store.DayTotal, error) {
	conds, args := []string{"1"}, []any{}
	if !since.IsZero() {
		conds, args = append(conds, "day >= ?"), append(args, since.UTC().Format(dayLayout))
	}
	if !until.IsZero() {
		conds, args = append(conds, "day < ?"), append(args, until.UTC().Format(dayLayout))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT day, origin, n, conflict FROM event_day_totals WHERE `+
		strings.Join(conds, " AND ")+` ORDER BY day, origin`, args...)
	if err != nil {
		return nil, fmt.Errorf("reading day totals: %w", err)
	}
	defer rows.Close()
	var out []store.DayTotal
	var day string
	for rows.Next() {
		var t store.DayTotal
		if err := rows.Scan(&day, &t.Origin, &t.N, &t.Conflict); err != nil {
			return nil, fmt.Errorf("reading day totals: %w", err)
		}
		t.Day, _ = time.Parse(dayLayout, day)
		out = append(out, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading day totals: %w", err)
	}
	return out, nil
}

// RebuildRollups recomputes the rollups from the events in one transaction.
//
// The cells come out of one GROUP BY in primary key order, so they are
// appended to the table rather than inserted at random; the table's other
// indexes are dropped first and built again at the end (one sort each,
// instead of an insert at a random place per cell), and the day totals are
// summed from the cells rather than from the events. The sort of the
// GROUP BY is most of the time.
func (s *Store) RebuildRollups(ctx context.Context) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	defer tx.Rollback()
	err = withoutIndexes(ctx, tx, "event_rollups", func() error {
		for _, q := range []string{
			`DELETE FROM event_rollups`,
			`DELETE FROM event_day_totals`,
			`INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
			 SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein)
			 FROM events GROUP BY src_code, tgt_code, date, origin, root, quad
			 ORDER BY src_code, tgt_code, date, origin, root, quad`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	// Summed into a small table by upserts (twice as fast as sorting the
	// cells by day for a GROUP BY).
	if _, err := tx.ExecContext(ctx, `INSERT INTO event_day_totals (day, origin, n, conflict)
		SELECT day, origin, n, CASE WHEN quad >= 3 THEN n ELSE 0 END FROM event_rollups WHERE true
		ON CONFLICT DO UPDATE SET n = n + excluded.n, conflict = conflict + excluded.conflict`); err != nil {
		return 0, fmt.Errorf("rebuilding day totals: %w", err)
	}
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM event_rollups`).Scan(&n); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	return n, nil
}

// withoutIndexes drops the secondary indexes of table (those declared with
// CREATE INDEX), runs fill, and creates them again from their stored
// definitions, all in tx: building an index once, by sorting, is much
// faster than keeping it through many inserts in random order.
func withoutIndexes(ctx context.Context, tx *sql.Tx, table string, fill func() error) error {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, table)
	if err != nil {
		return err
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return err
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(name, `"`, `""`)+`"`); err != nil {
			return fmt.Errorf("dropping index %s: %w", name, err)
		}
	}
	if err := fill(); err != nil {
		return err
	}
	for i, def := range defs {
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("creating index %s: %w", names[i], err)
		}
	}
	return nil
}
