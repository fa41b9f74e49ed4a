package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/store"
)

var _ store.Rollups = (*Store)(nil)

// prefixRange returns the condition that col starts with prefix as an
// index-friendly range, appending its parameters to args; the rollup code
// columns are COLLATE "C", so byte order holds.
func prefixRange(col, prefix string, args *[]any) string {
	if prefix == "" {
		return "TRUE"
	}
	*args = append(*args, prefix)
	lo := "$" + strconv.Itoa(len(*args))
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0x7f {
			b[i]++
			*args = append(*args, string(b[:i+1]))
			return "(" + col + " >= " + lo + ` AND ` + col + " < $" + strconv.Itoa(len(*args)) + ")"
		}
	}
	return "starts_with(" + col + ", " + lo + ")"
}

// RollupCells returns the daily cells matching q; see store.Rollups.
func (s *Store) RollupCells(ctx context.Context, q store.RollupQuery) ([]store.RollupCell, error) {
	if q.Since.IsZero() || q.Until.IsZero() {
		return nil, fmt.Errorf("rollup cells: since and until are required")
	}
	args := []any{day(q.Since), day(q.Until)}
	base := "day >= $1 AND day < $2"
	if q.Origin != "" {
		args = append(args, q.Origin)
		base += " AND origin = $" + strconv.Itoa(len(args))
	}
	if q.ExcludeOrigin != "" {
		args = append(args, q.ExcludeOrigin)
		base += " AND origin <> $" + strconv.Itoa(len(args))
	}
	var alts []string
	switch {
	case q.DyadA != "" && q.DyadB != "":
		alts = append(alts, prefixRange("src_code", q.DyadA, &args)+" AND "+prefixRange("tgt_code", q.DyadB, &args))
		if !q.Directed {
			alts = append(alts, prefixRange("src_code", q.DyadB, &args)+" AND "+prefixRange("tgt_code", q.DyadA, &args))
		}
	case q.Actor != "":
		alts = append(alts, prefixRange("src_code", q.Actor, &args), prefixRange("tgt_code", q.Actor, &args))
	default:
		alts = append(alts, "TRUE")
	}
	sels := make([]string, len(alts))
	for i, a := range alts {
		sels[i] = `SELECT day, origin, src_code, tgt_code, root, quad, n, goldstein FROM event_rollups WHERE ` + a + " AND " + base
	}
	rows, _ := s.pool.Query(ctx, strings.Join(sels, " UNION "), args...)
	var out []store.RollupCell
	var c store.RollupCell
	_, err := pgx.ForEachRow(rows, []any{&c.Day, &c.Origin, &c.Src, &c.Tgt, &c.Root, &c.Quad, &c.N, &c.Goldstein}, func() error {
		c.Day = c.Day.UTC()
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading rollups: %w", err)
	}
	return out, nil
}

// DayTotals returns all events per day and origin, oldest first.
func (s *Store) DayTotals(ctx context.Context, since, until time.Time) ([]store.DayTotal, error) {
	var conds []string
	var args []any
	if !since.IsZero() {
		args = append(args, day(since))
		conds = append(conds, "day >= $"+strconv.Itoa(len(args)))
	}
	if !until.IsZero() {
		args = append(args, day(until))
		conds = append(conds, "day < $"+strconv.Itoa(len(args)))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	rows, _ := s.pool.Query(ctx, `SELECT day, origin, n, conflict FROM event_day_totals`+where+` ORDER BY day, origin`, args...)
	var out []store.DayTotal
	var t store.DayTotal
	_, err := pgx.ForEachRow(rows, []any{&t.Day, &t.Origin, &t.N, &t.Conflict}, func() error {
		t.Day = t.Day.UTC()
		out = append(out, t)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading day totals: %w", err)
	}
	return out, nil
}

// RebuildRollups recomputes the rollups from the events in one transaction
// (which locks out writers of events meanwhile, so none is missed).
func (s *Store) RebuildRollups(ctx context.Context) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		for _, q := range []string{
			`LOCK TABLE events IN SHARE MODE`,
			`TRUNCATE event_rollups, event_day_totals`,
			`INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein)
			 SELECT src_code, tgt_code, date, origin, root, quad, COUNT(*), SUM(goldstein)
			 FROM events GROUP BY src_code, tgt_code, date, origin, root, quad`,
			`INSERT INTO event_day_totals (day, origin, n, conflict)
			 SELECT date, origin, COUNT(*), COUNT(*) FILTER (WHERE quad >= 3) FROM events GROUP BY date, origin`,
		} {
			if _, err := tx.Exec(ctx, q); err != nil {
				return err
			}
		}
		return tx.QueryRow(ctx, `SELECT COUNT(*) FROM event_rollups`).Scan(&n)
	})
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	return n, nil
}
