package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/store"
)

var _ store.Rollups = (*Store)(nil)

// RollupCells returns the daily cells matching q; see store.Rollups.
//
// A prefix matches many codes (CHN, CHNGOV, CHNMIL…): their numbers come
// from the names in memory, and each (source, target) pair's days are then
// read with one seek, so that the cells read are the cells returned.
func (s *Store) RollupCells(ctx context.Context, q store.RollupQuery) ([]store.RollupCell, error) {
	if q.Since.IsZero() || q.Until.IsZero() {
		return nil, fmt.Errorf("rollup cells: since and until are required")
	}
	if err := s.names.refresh(ctx); err != nil {
		return nil, fmt.Errorf("reading rollups: %w", err)
	}
	r := &rollupReader{ctx: ctx, db: s.db, names: s.names, since: dayNumber(q.Since), until: dayNumber(q.Until)}
	if q.Origin != "" {
		id, ok := s.names.id(nameOrigin, q.Origin)
		if !ok {
			return nil, nil // no cell has it
		}
		r.origin = id
	}
	if q.ExcludeOrigin != "" {
		r.exclude, _ = s.names.id(nameOrigin, q.ExcludeOrigin)
	}
	var err error
	switch {
	case q.DyadA != "" && q.DyadB != "":
		a, b := s.names.withPrefix(q.DyadA), s.names.withPrefix(q.DyadB)
		err = r.dyad(a, b, nil)
		if err == nil && !q.Directed {
			// A pair whose codes match both ways (CHN–CHNGOV) was read.
			err = r.dyad(b, a, func(src, tgt int64) bool { return slices.Contains(a, src) && slices.Contains(b, tgt) })
		}
	case q.Actor != "":
		// The actor's cells as source, then as target but not source.
		a := s.names.withPrefix(q.Actor)
		for _, src := range a {
			if err = r.read(`FROM rollup_pairs p CROSS JOIN rollup_cells c ON c.src = p.src AND c.tgt = p.tgt WHERE p.src = ?`, nil, src); err != nil {
				break
			}
		}
		for _, tgt := range a {
			if err != nil {
				break
			}
			err = r.read(`FROM rollup_pairs p CROSS JOIN rollup_cells c ON c.src = p.src AND c.tgt = p.tgt WHERE p.tgt = ?`,
				func(src, _ int64) bool { return slices.Contains(a, src) }, tgt)
		}
	default:
		err = r.read(`FROM rollup_cells c INDEXED BY rollup_cells_day WHERE 1`, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("reading rollups: %w", err)
	}
	return r.out, nil
}

type rollupReader struct {
	ctx             context.Context
	db              *sql.DB
	names           *rollupNames
	since, until    int64 // day numbers
	origin, exclude int64 // 0 for none
	out             []store.RollupCell
}

// dyad reads the cells from the codes numbered srcs to those numbered
// tgts, but not those of the pairs skip reports.
func (r *rollupReader) dyad(srcs, tgts []int64, skip func(src, tgt int64) bool) error {
	// SQLite allows 32,766 parameters: a short prefix can match thousands
	// of codes.
	const chunk = 1000
	for _, src := range srcs {
		for i := 0; i < len(tgts); i += chunk {
			part := tgts[i:min(i+chunk, len(tgts))]
			if skip != nil {
				part = slices.DeleteFunc(slices.Clone(part), func(t int64) bool { return skip(src, t) })
			}
			if len(part) == 0 {
				continue
			}
			args := []any{src}
			for _, t := range part {
				args = append(args, t)
			}
			if err := r.read(`FROM rollup_cells c WHERE c.src = ? AND c.tgt IN (`+placeholders(len(part))+`)`, nil, args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// read appends the cells of the range that the query from, with its
// arguments, selects (it names the cells c), leaving out those of the
// pairs skip reports.
func (r *rollupReader) read(from string, skip func(src, tgt int64) bool, args ...any) error {
	q := `SELECT c.src, c.tgt, c.day, c.origin, c.root, c.quad, c.n, c.goldstein ` + from + ` AND c.day >= ? AND c.day < ?`
	args = append(args, r.since, r.until)
	if r.origin != 0 {
		q, args = q+` AND c.origin = ?`, append(args, r.origin)
	}
	if r.exclude != 0 {
		q, args = q+` AND c.origin <> ?`, append(args, r.exclude)
	}
	rows, err := r.db.QueryContext(r.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	names := r.names.snapshot()
	var k numCell
	var c store.RollupCell
	for rows.Next() {
		if err := rows.Scan(&k.src, &k.tgt, &k.day, &k.origin, &k.root, &k.quad, &c.N, &c.Goldstein); err != nil {
			return err
		}
		if skip != nil && skip(k.src, k.tgt) {
			continue
		}
		if !known(names, k) {
			// Numbered after the refresh that began this read.
			if err := r.names.refresh(r.ctx); err != nil {
				return err
			}
			if names = r.names.snapshot(); !known(names, k) {
				return fmt.Errorf("rollup cell %+v refers to names rollup_names lacks", k)
			}
		}
		c.Src, c.Tgt, c.Origin, c.Root = names[nameCode][k.src], names[nameCode][k.tgt], names[nameOrigin][k.origin], names[nameRoot][k.root]
		c.Day, c.Quad = time.Unix(k.day*86400, 0).UTC(), int(k.quad)
		r.out = append(r.out, c)
	}
	return rows.Err()
}

// known reports whether names has every name k refers to.
func known(names [3][]string, k numCell) bool {
	in := func(kind int, id int64) bool { return id >= 1 && id < int64(len(names[kind])) }
	return in(nameCode, k.src) && in(nameCode, k.tgt) && in(nameOrigin, k.origin) && in(nameRoot, k.root)
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
// SQLite's sorter is slow on millions of rows (a GROUP BY of 10 M events
// and the index builds after it took 70 % of a 110 s rebuild), so the
// cells are summed and sorted in Go: the events are read in ranges of ids
// by one reader per core, each on its own connection (which sees the
// events as this transaction does: it holds the write lock, so none can
// change), and summed by cell; the cells are numbered, sorted and appended
// to the emptied table in key order, and its day index built once at the
// end, from integers.
func (s *Store) RebuildRollups(ctx context.Context) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	defer tx.Rollback()
	var lo, hi int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), 0) FROM events`).Scan(&lo, &hi); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	parts := min(runtime.GOMAXPROCS(0), 4)
	if hi-lo < 100_000 {
		parts = 1
	}
	sums := make([]*eventSums, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for i := range parts {
		from, to := lo+(hi-lo+1)*int64(i)/int64(parts), lo+(hi-lo+1)*int64(i+1)/int64(parts)
		wg.Go(func() { sums[i], errs[i] = s.sumEvents(ctx, from, to) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	if err := s.names.refresh(ctx); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	names := s.names.inTx(ctx, tx)
	defer names.close()
	cells := make([][]sumCell, parts)
	for i, p := range sums {
		if cells[i], err = p.numbered(names); err != nil {
			return 0, fmt.Errorf("rebuilding rollups: %w", err)
		}
	}
	for i := range cells {
		wg.Go(func() { slices.SortFunc(cells[i], func(a, b sumCell) int { return compareNumCells(a.k, b.k) }) })
	}
	wg.Wait()
	var n int64
	err = withoutIndexes(ctx, tx, "rollup_cells", func() error {
		for _, q := range []string{`DELETE FROM rollup_cells`, `DELETE FROM rollup_pairs`, `DELETE FROM event_day_totals`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		var err error
		n, err = writeCells(ctx, tx, mergeCells(cells), names)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	return n, nil
}

// localCell is a cell keyed by one reader's own numbers of the names.
type localCell struct{ src, tgt, day, origin, root, quad int32 }

// eventSums is what one reader of the events sums: cells by its own
// numbers of the names, which are shorter to hash than the names.
type eventSums struct {
	names [3][]string
	ids   [3]map[string]int32
	cells map[localCell]cellSum
}

// sumEvents sums the events with ids in [from, to) by cell.
func (s *Store) sumEvents(ctx context.Context, from, to int64) (*eventSums, error) {
	e := &eventSums{cells: map[localCell]cellSum{}}
	for k := range e.ids {
		e.ids[k] = map[string]int32{}
	}
	num := func(kind int, b []byte) int32 {
		if id, ok := e.ids[kind][string(b)]; ok {
			return id
		}
		id := int32(len(e.names[kind]))
		e.names[kind] = append(e.names[kind], string(b))
		e.ids[kind][string(b)] = id
		return id
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, src_code, tgt_code, unixepoch(date) / 86400, origin, root, quad, goldstein
		FROM events WHERE id >= ? AND id < ?`, from, to)
	if err != nil {
		return nil, fmt.Errorf("reading events: %w", err)
	}
	defer rows.Close()
	var id int64
	var src, tgt, origin, root sql.RawBytes
	var day sql.NullInt64
	var quad int32
	var g float64
	for rows.Next() {
		if err := rows.Scan(&id, &src, &tgt, &day, &origin, &root, &quad, &g); err != nil {
			return nil, fmt.Errorf("reading events: %w", err)
		}
		if !day.Valid || day.Int64 != int64(int32(day.Int64)) {
			return nil, fmt.Errorf("event %d: its date is not a day", id)
		}
		k := localCell{num(nameCode, src), num(nameCode, tgt), int32(day.Int64), num(nameOrigin, origin), num(nameRoot, root), quad}
		c := e.cells[k]
		c.n++
		c.g += g
		e.cells[k] = c
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading events: %w", err)
	}
	return e, nil
}

// sumCell is a cell in numbers with its sums.
type sumCell struct {
	k numCell
	s cellSum
}

// numbered returns the cells in the numbers of rollup_names.
func (e *eventSums) numbered(names *txNames) ([]sumCell, error) {
	var global [3][]int64
	for kind, ns := range e.names {
		for _, name := range ns {
			id, err := names.id(kind, name)
			if err != nil {
				return nil, err
			}
			global[kind] = append(global[kind], id)
		}
	}
	out := make([]sumCell, 0, len(e.cells))
	for k, s := range e.cells {
		out = append(out, sumCell{numCell{global[nameCode][k.src], global[nameCode][k.tgt], int64(k.day),
			global[nameOrigin][k.origin], global[nameRoot][k.root], int64(k.quad)}, s})
	}
	e.cells = nil
	return out, nil
}

// mergeCells calls yield with the cells of the sorted runs in key order,
// those of one key (from different runs) summed.
func mergeCells(runs [][]sumCell) iter.Seq[sumCell] {
	return func(yield func(sumCell) bool) {
		for {
			best := -1
			for i, r := range runs {
				if len(r) > 0 && (best < 0 || compareNumCells(r[0].k, runs[best][0].k) < 0) {
					best = i
				}
			}
			if best < 0 {
				return
			}
			c := runs[best][0]
			runs[best] = runs[best][1:]
			for i, r := range runs {
				if len(r) > 0 && r[0].k == c.k {
					c.s.n, c.s.g = c.s.n+r[0].s.n, c.s.g+r[0].s.g
					runs[i] = r[1:]
				}
			}
			if !yield(c) {
				return
			}
		}
	}
}

// writeCells appends cells, in key order, to the empty rollup tables, and
// the day totals summed from them, and returns how many cells it wrote.
func writeCells(ctx context.Context, tx *sql.Tx, cells iter.Seq[sumCell], names *txNames) (int64, error) {
	const chunk = 500
	cellIns, err := tx.PrepareContext(ctx, `INSERT INTO rollup_cells (src, tgt, day, origin, root, quad, n, goldstein) VALUES `+
		strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", chunk-1)+`(?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, err
	}
	defer cellIns.Close()
	pairIns, err := tx.PrepareContext(ctx, `INSERT INTO rollup_pairs (src, tgt) VALUES `+strings.Repeat("(?, ?), ", chunk-1)+`(?, ?)`)
	if err != nil {
		return 0, err
	}
	defer pairIns.Close()
	type dayOrigin struct{ day, origin int64 }
	days := map[dayOrigin]daySum{}
	var n int64
	cellArgs, pairArgs := make([]any, 0, 8*chunk), make([]any, 0, 2*chunk)
	// flush writes the rows gathered, with a statement for their number
	// when it is not a full chunk.
	flush := func(st *sql.Stmt, table string, cols []string, args []any) error {
		if len(args) == 0 {
			return nil
		}
		if len(args) < len(cols)*chunk {
			row := "(" + placeholders(len(cols)) + ")"
			_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `+
				strings.Repeat(row+", ", len(args)/len(cols)-1)+row, args...)
			return err
		}
		_, err := st.ExecContext(ctx, args...)
		return err
	}
	cellCols := []string{"src", "tgt", "day", "origin", "root", "quad", "n", "goldstein"}
	pairCols := []string{"src", "tgt"}
	var last numCell
	for c := range cells {
		if c.s.n == 0 {
			continue
		}
		if n == 0 || c.k.src != last.src || c.k.tgt != last.tgt {
			pairArgs = append(pairArgs, c.k.src, c.k.tgt)
			if len(pairArgs) == cap(pairArgs) {
				if err := flush(pairIns, "rollup_pairs", pairCols, pairArgs); err != nil {
					return n, err
				}
				pairArgs = pairArgs[:0]
			}
		}
		last = c.k
		n++
		cellArgs = append(cellArgs, c.k.src, c.k.tgt, c.k.day, c.k.origin, c.k.root, c.k.quad, c.s.n, c.s.g)
		if len(cellArgs) == cap(cellArgs) {
			if err := flush(cellIns, "rollup_cells", cellCols, cellArgs); err != nil {
				return n, err
			}
			cellArgs = cellArgs[:0]
		}
		d := days[dayOrigin{c.k.day, c.k.origin}]
		d.n += c.s.n
		if c.k.quad >= 3 {
			d.conflict += c.s.n
		}
		days[dayOrigin{c.k.day, c.k.origin}] = d
	}
	if err := flush(cellIns, "rollup_cells", cellCols, cellArgs); err != nil {
		return n, err
	}
	if err := flush(pairIns, "rollup_pairs", pairCols, pairArgs); err != nil {
		return n, err
	}
	for k, d := range days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_day_totals (day, origin, n, conflict) VALUES (?, ?, ?, ?)`,
			time.Unix(k.day*86400, 0).UTC().Format(dayLayout), names.given[nameOrigin][k.origin], d.n, d.conflict); err != nil {
			return n, fmt.Errorf("writing day totals: %w", err)
		}
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
