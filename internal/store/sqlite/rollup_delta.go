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

// cellKey is a cell as rollup_cells keys it, in numbers: pair packs the
// source and target codes' rollup_names numbers (source<<32 | target),
// kind the origin's (12 bits), the root's (16 bits) and the quad class
// (4 bits), and day counts days from 1970-01-01. Three integers make a
// key SQLite compares and stores far more cheaply than six fields.
type cellKey struct{ pair, day, kind int64 }

// packKey packs a cell's numbers, or says which one does not fit.
func packKey(src, tgt, day, origin, root, quad int64) (cellKey, error) {
	switch {
	case src < 0 || src >= 1<<31 || tgt < 0 || tgt >= 1<<31:
		return cellKey{}, fmt.Errorf("actor code number %d or %d is beyond 2^31", src, tgt)
	case origin < 0 || origin >= 1<<12:
		return cellKey{}, fmt.Errorf("origin number %d is beyond 4,095", origin)
	case root < 0 || root >= 1<<16:
		return cellKey{}, fmt.Errorf("root number %d is beyond 65,535", root)
	case quad < 0 || quad >= 1<<4:
		return cellKey{}, fmt.Errorf("quad class %d is not one", quad)
	}
	return cellKey{src<<32 | tgt, day, origin<<20 | root<<4 | quad}, nil
}

func (k cellKey) src() int64    { return k.pair >> 32 }
func (k cellKey) tgt() int64    { return k.pair & (1<<32 - 1) }
func (k cellKey) origin() int64 { return k.kind >> 20 }
func (k cellKey) root() int64   { return k.kind >> 4 & (1<<16 - 1) }
func (k cellKey) quad() int64   { return k.kind & (1<<4 - 1) }

// compareCellKeys orders keys as rollup_cells does, compareDayKeys as
// the chunks by day do. (They compare a field only when those before it are
// equal: cmp.Or of the three comparisons made a rebuild's sorts a third
// slower.)
func compareCellKeys(a, b cellKey) int { return compare3(a.pair, b.pair, a.day, b.day, a.kind, b.kind) }

func compareDayKeys(a, b cellKey) int { return compare3(a.day, b.day, a.pair, b.pair, a.kind, b.kind) }

// compare3 compares (a1, a2, a3) with (b1, b2, b3).
func compare3(a1, b1, a2, b2, a3, b3 int64) int {
	switch {
	case a1 != b1:
		return cmp.Compare(a1, b1)
	case a2 != b2:
		return cmp.Compare(a2, b2)
	}
	return cmp.Compare(a3, b3)
}

// dayNumber is the number of days from 1970-01-01 to the day of t (UTC).
func dayNumber(t time.Time) int64 {
	return int64(math.Floor(float64(t.UTC().Unix()) / 86400))
}

// number returns c's key, numbering the names it has not seen.
func (c cell) number(names *txNames) (cellKey, error) {
	d, err := time.Parse(dayLayout, c.day)
	if err != nil {
		return cellKey{}, fmt.Errorf("rollup cell of day %q: %w", c.day, err)
	}
	var ids [4]int64
	for i, n := range []struct {
		kind int
		name string
	}{{nameCode, c.src}, {nameCode, c.tgt}, {nameOrigin, c.origin}, {nameRoot, c.root}} {
		if ids[i], err = names.id(n.kind, n.name); err != nil {
			return cellKey{}, err
		}
	}
	return packKey(ids[0], ids[1], dayNumber(d), ids[2], ids[3], int64(c.quad))
}

// apply writes the gathered changes in tx, in primary key order, and drops
// the cells and day totals that no event is left in.
func (d *rollupDelta) apply(ctx context.Context, tx *sql.Tx, cache *rollupNames, chunkCells int) error {
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
	changes := make([]sumCell, 0, len(d.cells))
	for c, s := range d.cells {
		if s.n == 0 && s.g == 0 {
			continue
		}
		k, err := c.number(names)
		if err != nil {
			return fmt.Errorf("updating rollups: %w", err)
		}
		changes = append(changes, sumCell{k, s})
	}
	slices.SortFunc(changes, func(a, b sumCell) int { return compareCellKeys(a.k, b.k) })
	// Many rows per statement: a statement's round trip through
	// database/sql costs more than SQLite's upsert of a row.
	const chunk = 256
	var full *sql.Stmt
	for i := 0; i < len(changes); i += chunk {
		part := changes[i:min(i+chunk, len(changes))]
		st := full
		if st == nil || len(part) < chunk {
			var err error
			if st, err = tx.PrepareContext(ctx, `INSERT INTO rollup_cells (pair, day, kind, n, goldstein) VALUES `+
				strings.Repeat("(?, ?, ?, ?, ?), ", len(part)-1)+`(?, ?, ?, ?, ?)
				ON CONFLICT DO UPDATE SET n = n + excluded.n, goldstein = goldstein + excluded.goldstein`); err != nil {
				return fmt.Errorf("updating rollups: %w", err)
			}
			defer st.Close()
			if len(part) == chunk {
				full = st
			}
		}
		args := make([]any, 0, 5*len(part))
		for _, c := range part {
			args = append(args, c.k.pair, c.k.day, c.k.kind, c.s.n, c.s.g)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("updating %d rollup cells: %w", len(part), err)
		}
	}
	// The pairs, once each.
	var pairs []any
	for i, c := range changes {
		if i == 0 || c.k.pair != changes[i-1].k.pair {
			pairs = append(pairs, c.k.src(), c.k.tgt())
		}
	}
	for i := 0; i < len(pairs); i += 2 * chunk {
		part := pairs[i:min(i+2*chunk, len(pairs))]
		if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_pairs (src, tgt) VALUES `+
			strings.Repeat("(?, ?), ", len(part)/2-1)+`(?, ?) ON CONFLICT DO NOTHING`, part...); err != nil {
			return fmt.Errorf("updating rollup pairs: %w", err)
		}
	}
	// The same changes, in the chunks by day.
	slices.SortFunc(changes, func(a, b sumCell) int { return compareDayKeys(a.k, b.k) })
	if err := applyDayChanges(ctx, tx, changes, chunkCells); err != nil {
		return err
	}
	// Cells that lost events and may have none left (the chunks drop
	// theirs as they are rewritten).
	var prune *sql.Stmt
	for _, c := range changes {
		if c.s.n >= 0 {
			continue
		}
		if prune == nil {
			var err error
			if prune, err = tx.PrepareContext(ctx, `DELETE FROM rollup_cells WHERE pair = ? AND day = ? AND kind = ? AND n <= 0`); err != nil {
				return fmt.Errorf("updating rollups: %w", err)
			}
			defer prune.Close()
		}
		if _, err := prune.ExecContext(ctx, c.k.pair, c.k.day, c.k.kind); err != nil {
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
