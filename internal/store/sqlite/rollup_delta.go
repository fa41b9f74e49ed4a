package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

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

// numCell is a cell in numbers, as rollup_cells keys it: actor codes,
// origin and root by their rollup_names numbers, day by days from
// 1970-01-01.
type numCell struct {
	src, tgt, day, origin, root int64
	quad                        int64
}

func compareNumCells(a, b numCell) int {
	return cmp.Or(cmp.Compare(a.src, b.src), cmp.Compare(a.tgt, b.tgt), cmp.Compare(a.day, b.day),
		cmp.Compare(a.origin, b.origin), cmp.Compare(a.root, b.root), cmp.Compare(a.quad, b.quad))
}

// dayNumber is the number of days from 1970-01-01 to the day of t (UTC).
func dayNumber(t time.Time) int64 {
	return int64(math.Floor(float64(t.UTC().Unix()) / 86400))
}

// number returns c in numbers, numbering the names it has not seen.
func (c cell) number(names *txNames) (numCell, error) {
	d, err := time.Parse(dayLayout, c.day)
	if err != nil {
		return numCell{}, fmt.Errorf("rollup cell of day %q: %w", c.day, err)
	}
	n := numCell{day: dayNumber(d), quad: int64(c.quad)}
	if n.src, err = names.id(nameCode, c.src); err != nil {
		return n, err
	}
	if n.tgt, err = names.id(nameCode, c.tgt); err != nil {
		return n, err
	}
	if n.origin, err = names.id(nameOrigin, c.origin); err != nil {
		return n, err
	}
	n.root, err = names.id(nameRoot, c.root)
	return n, err
}

// apply writes the gathered changes in tx, in primary key order, and drops
// the cells and day totals that no event is left in.
func (d *rollupDelta) apply(ctx context.Context, tx *sql.Tx, cache *rollupNames) error {
	if len(d.cells) == 0 {
		return nil
	}
	// Names the cache lacks are most often committed already (by another
	// process, or before this store was opened): one read brings them in.
	for c := range d.cells {
		if _, ok := cache.id(nameCode, c.src); !ok {
			if err := cache.refresh(ctx); err != nil {
				return fmt.Errorf("updating rollups: %w", err)
			}
			break
		}
	}
	names := cache.inTx(ctx, tx)
	defer names.close()
	type change struct {
		k numCell
		s cellSum
	}
	changes := make([]change, 0, len(d.cells))
	for c, s := range d.cells {
		if s.n == 0 && s.g == 0 {
			continue
		}
		k, err := c.number(names)
		if err != nil {
			return fmt.Errorf("updating rollups: %w", err)
		}
		changes = append(changes, change{k, s})
	}
	slices.SortFunc(changes, func(a, b change) int { return compareNumCells(a.k, b.k) })
	// Many rows per statement: a statement's round trip through
	// database/sql costs more than SQLite's upsert of a row.
	const chunk = 256
	var full *sql.Stmt
	for i := 0; i < len(changes); i += chunk {
		part := changes[i:min(i+chunk, len(changes))]
		st := full
		if st == nil || len(part) < chunk {
			var err error
			if st, err = tx.PrepareContext(ctx, `INSERT INTO rollup_cells (src, tgt, day, origin, root, quad, n, goldstein) VALUES `+
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
			args = append(args, c.k.src, c.k.tgt, c.k.day, c.k.origin, c.k.root, c.k.quad, c.s.n, c.s.g)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("updating %d rollup cells: %w", len(part), err)
		}
	}
	// The pairs, once each.
	var pairs []any
	for i, c := range changes {
		if i == 0 || c.k.src != changes[i-1].k.src || c.k.tgt != changes[i-1].k.tgt {
			pairs = append(pairs, c.k.src, c.k.tgt)
		}
	}
	for i := 0; i < len(pairs); i += 2 * chunk {
		part := pairs[i:min(i+2*chunk, len(pairs))]
		if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_pairs (src, tgt) VALUES `+
			strings.Repeat("(?, ?), ", len(part)/2-1)+`(?, ?) ON CONFLICT DO NOTHING`, part...); err != nil {
			return fmt.Errorf("updating rollup pairs: %w", err)
		}
	}
	// Cells that lost events and may have none left.
	var prune *sql.Stmt
	for _, c := range changes {
		if c.s.n >= 0 {
			continue
		}
		if prune == nil {
			var err error
			if prune, err = tx.PrepareContext(ctx, `DELETE FROM rollup_cells WHERE src = ? AND tgt = ? AND day = ?
				AND origin = ? AND root = ? AND quad = ? AND n <= 0`); err != nil {
				return fmt.Errorf("updating rollups: %w", err)
			}
			defer prune.Close()
		}
		if _, err := prune.ExecContext(ctx, c.k.src, c.k.tgt, c.k.day, c.k.origin, c.k.root, c.k.quad); err != nil {
			return fmt.Errorf("pruning a rollup cell: %w", err)
		}
	}
	return d.applyDays(ctx, tx)
}

// applyDays writes the gathered changes of the day totals.
func (d *rollupDelta) applyDays(ctx context.Context, tx *sql.Tx) error {
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
