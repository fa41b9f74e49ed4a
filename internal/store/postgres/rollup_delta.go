package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
)

// cell is the key of a daily rollup cell: the columns of event_rollups'
// primary key, as stored in events.
type cell struct {
	src, tgt string
	day      time.Time
	origin   string
	root     string
	quad     int
}

type cellSum struct {
	n int64
	g float64
}

type dayKey struct {
	day    time.Time
	origin string
}

type daySum struct{ n, conflict int64 }

// rollupDelta gathers what a write transaction adds to and removes from the
// daily rollups, applied as one upsert of all touched cells before the
// transaction commits. It replaces the statement triggers of migration 005
// (dropped by 008), whose transition tables of whole events rows cost a
// bulk import about a third more (BenchmarkPutEventsRollups). Every
// statement that writes events must feed it: inserts through addEvent,
// deletions (including the old row of a replacement) through subRows of a
// DELETE … RETURNING cellColumns.
type rollupDelta struct {
	cells map[cell]cellSum
	days  map[dayKey]daySum
}

func newRollupDelta() *rollupDelta {
	return &rollupDelta{cells: map[cell]cellSum{}, days: map[dayKey]daySum{}}
}

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

// addEvent counts a stored event, with its columns as eventRow stores them.
func (d *rollupDelta) addEvent(e *event.Event) {
	d.add(cell{e.Source.Code, e.Target.Code, day(e.Date), e.Origin, e.Root, e.Quad}, e.Goldstein, 1)
}

// cellColumns are the columns of events that subRows reads, in order; the
// prefix names the table in a DELETE … USING.
func cellColumns(prefix string) string {
	return prefix + "src_code, " + prefix + "tgt_code, " + prefix + "date, " + prefix + "origin, " +
		prefix + "root, " + prefix + "quad, " + prefix + "goldstein"
}

// subRows subtracts the cells of removed rows and reports how many there
// were.
func (d *rollupDelta) subRows(rows pgx.Rows) (int, error) {
	var c cell
	var g float64
	n := 0
	_, err := pgx.ForEachRow(rows, []any{&c.src, &c.tgt, &c.day, &c.origin, &c.root, &c.quad, &g}, func() error {
		c.day = day(c.day)
		d.add(c, g, -1)
		n++
		return nil
	})
	return n, err
}

// apply writes the gathered changes in tx: one upsert for the cells, one
// for the day totals (both in key order, so that concurrent writers lock
// rows in the same order), and the removal of those left without events.
func (d *rollupDelta) apply(ctx context.Context, tx pgx.Tx) error {
	var srcs, tgts, origins, roots []string
	var days []time.Time
	var quads []int32
	var ns []int64
	var gs []float64
	negative := false
	for c, s := range d.cells {
		if s.n == 0 && s.g == 0 {
			continue
		}
		srcs, tgts, days, origins, roots = append(srcs, c.src), append(tgts, c.tgt), append(days, c.day), append(origins, c.origin), append(roots, c.root)
		quads, ns, gs = append(quads, int32(c.quad)), append(ns, s.n), append(gs, s.g)
		negative = negative || s.n < 0
	}
	if len(srcs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO event_rollups AS r (src_code, tgt_code, day, origin, root, quad, n, goldstein)
			SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::int[], $7::bigint[], $8::float8[])
			ORDER BY 1, 2, 3, 4, 5, 6
			ON CONFLICT (src_code, tgt_code, day, origin, root, quad)
			DO UPDATE SET n = r.n + excluded.n, goldstein = r.goldstein + excluded.goldstein`,
			srcs, tgts, days, origins, roots, quads, ns, gs); err != nil {
			return fmt.Errorf("updating %d rollup cells: %w", len(srcs), err)
		}
		if negative {
			if _, err := tx.Exec(ctx, `DELETE FROM event_rollups r
				USING unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::int[], $7::bigint[]) AS d (src_code, tgt_code, day, origin, root, quad, n)
				WHERE d.n < 0 AND r.src_code = d.src_code AND r.tgt_code = d.tgt_code AND r.day = d.day
				  AND r.origin = d.origin AND r.root = d.root AND r.quad = d.quad AND r.n <= 0`,
				srcs, tgts, days, origins, roots, quads, ns); err != nil {
				return fmt.Errorf("pruning rollup cells: %w", err)
			}
		}
	}
	var tdays []time.Time
	var torigins []string
	var tns, tconf []int64
	negative = false
	for k, t := range d.days {
		if t.n == 0 && t.conflict == 0 {
			continue
		}
		tdays, torigins, tns, tconf = append(tdays, k.day), append(torigins, k.origin), append(tns, t.n), append(tconf, t.conflict)
		negative = negative || t.n < 0
	}
	if len(tdays) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO event_day_totals AS t (day, origin, n, conflict)
		SELECT * FROM unnest($1::date[], $2::text[], $3::bigint[], $4::bigint[]) ORDER BY 1, 2
		ON CONFLICT (day, origin) DO UPDATE SET n = t.n + excluded.n, conflict = t.conflict + excluded.conflict`,
		tdays, torigins, tns, tconf); err != nil {
		return fmt.Errorf("updating day totals: %w", err)
	}
	if negative {
		if _, err := tx.Exec(ctx, `DELETE FROM event_day_totals t USING unnest($1::date[], $2::text[]) AS d (day, origin)
			WHERE t.day = d.day AND t.origin = d.origin AND t.n <= 0`, tdays, torigins); err != nil {
			return fmt.Errorf("pruning day totals: %w", err)
		}
	}
	return nil
}
