package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/georisk/georisk/internal/event"
)

// cell is the key of a daily rollup cell: the columns of event_rollups'
// primary key, as stored in events.
type cell struct {
	src, tgt, day, origin, root string
	quad                        int
}

type cellSum struct {
	n int64
	g float64
}

type dayKey struct{ day, origin string }

type daySum struct{ n, conflict int64 }

// rollupDelta gathers what a write transaction adds to and removes from the
// daily rollups, so that they are updated with one upsert per touched cell
// at the end of the transaction rather than two per event (migration 008
// dropped the row triggers of 005 that did that). Every statement that
// writes events must feed it: inserts through add, deletions and the old
// side of replacements through sub, with the columns as stored.
type rollupDelta struct {
	cells map[cell]cellSum
	days  map[dayKey]daySum
}

func newRollupDelta() *rollupDelta {
	return &rollupDelta{cells: map[cell]cellSum{}, days: map[dayKey]daySum{}}
}

// addEvent counts a stored event, with its columns as eventArgs stores them.
func (d *rollupDelta) addEvent(e *event.Event) {
	d.add(cell{e.Source.Code, e.Target.Code, e.Date.UTC().Format(dayLayout), e.Origin, e.Root, e.Quad}, e.Goldstein, 1)
}

// add counts one stored event (sign +1) or one removed event (sign -1).
func (d *rollupDelta) add(c cell, goldstein float64, sign int64) {
	s := d.cells[c]
	s.n += sign
	s.g += float64(sign) * goldstein
	d.cells[c] = s
	k := dayKey{c.day, c.origin}
	t := d.days[k]
	t.n += sign
	if c.quad >= 3 {
		t.conflict += sign
	}
	d.days[k] = t
}

// cellColumns are the columns of events that scanCell reads, in order.
const cellColumns = `src_code, tgt_code, date, origin, root, quad, goldstein`

func scanCell(sc interface{ Scan(...any) error }) (cell, float64, error) {
	var c cell
	var g float64
	err := sc.Scan(&c.src, &c.tgt, &c.day, &c.origin, &c.root, &c.quad, &g)
	return c, g, err
}

// subRows subtracts the cells of the rows a DELETE … RETURNING cellColumns
// returns, and reports how many there were.
func (d *rollupDelta) subRows(rows *sql.Rows) (int, error) {
	defer rows.Close()
	n := 0
	for rows.Next() {
		c, g, err := scanCell(rows)
		if err != nil {
			return n, err
		}
		d.add(c, g, -1)
		n++
	}
	return n, rows.Err()
}

// apply writes the gathered changes in tx, in primary key order, and drops
// the cells and day totals that no event is left in.
func (d *rollupDelta) apply(ctx context.Context, tx *sql.Tx) error {
	if len(d.cells) == 0 {
		return nil
	}
	keys := make([]cell, 0, len(d.cells))
	for c, s := range d.cells {
		if s.n != 0 || s.g != 0 {
			keys = append(keys, c)
		}
	}
	slices.SortFunc(keys, func(a, b cell) int {
		return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.tgt, b.tgt), cmp.Compare(a.day, b.day),
			cmp.Compare(a.origin, b.origin), cmp.Compare(a.root, b.root), cmp.Compare(a.quad, b.quad))
	})
	// Many rows per statement: a statement's round trip through
	// database/sql costs more than SQLite's upsert of a row.
	const chunk = 256
	var full *sql.Stmt
	for i := 0; i < len(keys); i += chunk {
		part := keys[i:min(i+chunk, len(keys))]
		st := full
		if st == nil || len(part) < chunk {
			var err error
			if st, err = tx.PrepareContext(ctx, `INSERT INTO event_rollups (src_code, tgt_code, day, origin, root, quad, n, goldstein) VALUES `+
				strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(part)-1)+`(?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT DO UPDATE SET n = n + excluded.n, goldstein = goldstein + excluded.goldstein`); err != nil {
				return fmt.Errorf("updating rollups: %w", err)
			}
			defer st.Close()
			if len(part) == chunk {
				full = st
			}
		}
		args := make([]any, 0, 8*len(part))
		for _, c := range part {
			s := d.cells[c]
			args = append(args, c.src, c.tgt, c.day, c.origin, c.root, c.quad, s.n, s.g)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("updating %d rollup cells from %s %s→%s: %w", len(part), part[0].day, part[0].src, part[0].tgt, err)
		}
	}
	// Cells that lost events and may have none left.
	var prune *sql.Stmt
	for _, c := range keys {
		if d.cells[c].n >= 0 {
			continue
		}
		if prune == nil {
			var err error
			if prune, err = tx.PrepareContext(ctx, `DELETE FROM event_rollups WHERE src_code = ? AND tgt_code = ? AND day = ?
				AND origin = ? AND root = ? AND quad = ? AND n <= 0`); err != nil {
				return fmt.Errorf("updating rollups: %w", err)
			}
			defer prune.Close()
		}
		if _, err := prune.ExecContext(ctx, c.src, c.tgt, c.day, c.origin, c.root, c.quad); err != nil {
			return fmt.Errorf("pruning rollup cell %s %s→%s: %w", c.day, c.src, c.tgt, err)
		}
	}
	for k, t := range d.days {
		if t.n == 0 && t.conflict == 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_day_totals (day, origin, n, conflict) VALUES (?, ?, ?, ?)
			ON CONFLICT DO UPDATE SET n = n + excluded.n, conflict = conflict + excluded.conflict`, k.day, k.origin, t.n, t.conflict); err != nil {
			return fmt.Errorf("updating the day total of %s %s: %w", k.day, k.origin, err)
		}
		if t.n < 0 {
			if _, err := tx.ExecContext(ctx, `DELETE FROM event_day_totals WHERE day = ? AND origin = ? AND n <= 0`, k.day, k.origin); err != nil {
				return fmt.Errorf("pruning the day total of %s %s: %w", k.day, k.origin, err)
			}
		}
	}
	return nil
}
