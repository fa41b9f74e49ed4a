package sqlite

import (
	"context"
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
func (s *Store) RollupCells(ctx context.Context, q store.RollupQuery) ([]store.RollupCell, error) {
	if q.Since.IsZero() || q.Until.IsZero() {
		return nil, fmt.Errorf("rollup cells: since and until are required")
	}
	base := []string{"day >= ?", "day < ?"}
	baseArgs := []any{q.Since.UTC().Format(dayLayout), q.Until.UTC().Format(dayLayout)}
	if q.Origin != "" {
		base, baseArgs = append(base, "origin = ?"), append(baseArgs, q.Origin)
	}
	if q.ExcludeOrigin != "" {
		base, baseArgs = append(base, "origin <> ?"), append(baseArgs, q.ExcludeOrigin)
	}
	// Each alternative is its own SELECT so that each can use an index;
	// UNION removes a cell that matches two of them.
	type alt struct {
		conds []string
		args  []any
	}
	var alts []alt
	side := func(a *alt, col, prefix string) {
		c, args := prefixRange(col, prefix)
		a.conds, a.args = append(a.conds, c), append(a.args, args...)
	}
	switch {
	case q.DyadA != "" && q.DyadB != "":
		fwd := alt{}
		side(&fwd, "src_code", q.DyadA)
		side(&fwd, "tgt_code", q.DyadB)
		alts = append(alts, fwd)
		if !q.Directed {
			rev := alt{}
			side(&rev, "src_code", q.DyadB)
			side(&rev, "tgt_code", q.DyadA)
			alts = append(alts, rev)
		}
	case q.Actor != "":
		a, b := alt{}, alt{}
		side(&a, "src_code", q.Actor)
		side(&b, "tgt_code", q.Actor)
		alts = append(alts, a, b)
	default:
		alts = append(alts, alt{})
	}
	var sels []string
	var args []any
	for _, a := range alts {
		conds := append(append([]string{}, a.conds...), base...)
		sels = append(sels, `SELECT day, origin, src_code, tgt_code, root, quad, n, goldstein FROM event_rollups WHERE `+strings.Join(conds, " AND "))
		args = append(append(args, a.args...), baseArgs...)
	}
	rows, err := s.db.QueryContext(ctx, strings.Join(sels, " UNION "), args...)
	if err != nil {
		return nil, fmt.Errorf("reading rollups: %w", err)
	}
	defer rows.Close()
	var out []store.RollupCell
	var day string
	for rows.Next() {
		var c store.RollupCell
		if err := rows.Scan(&day, &c.Origin, &c.Src, &c.Tgt, &c.Root, &c.Quad, &c.N, &c.Goldstein); err != nil {
			return nil, fmt.Errorf("reading rollups: %w", err)
		}
		c.Day, _ = time.Parse(dayLayout, day)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading rollups: %w", err)
	}
	return out, nil
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
func (s *Store) RebuildRollups(ctx context.Context) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`DELETE FROM event_rollups`,
		`DELETE FROM event_day_totals`,
		`INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
		 SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein)
		 FROM events GROUP BY src_code, tgt_code, date, origin, root, quad`,
		`INSERT INTO event_day_totals (day, origin, n, conflict)
		 SELECT date, origin, COUNT(*), SUM(quad >= 3) FROM events GROUP BY date, origin`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return 0, fmt.Errorf("rebuilding rollups: %w", err)
		}
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
