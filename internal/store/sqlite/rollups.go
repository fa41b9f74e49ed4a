package sqlite

import (
	"bytes"
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
			inA, inB := set(a), set(b)
			err = r.dyad(b, a, func(src, tgt int64) bool { return inA[src] && inB[tgt] })
		}
	case q.Actor != "":
		// The actor's cells as source, then as target but not source.
		a := s.names.withPrefix(q.Actor)
		inA := set(a)
		for _, src := range a {
			if err = r.read(`FROM rollup_pairs p CROSS JOIN rollup_cells c ON c.pair = (p.src << 32) | p.tgt WHERE p.src = ?`, nil, src); err != nil {
				break
			}
		}
		for _, tgt := range a {
			if err != nil {
				break
			}
			err = r.read(`FROM rollup_pairs p CROSS JOIN rollup_cells c ON c.pair = (p.src << 32) | p.tgt WHERE p.tgt = ?`,
				func(k cellKey) bool { return inA[k.src()] }, tgt)
		}
	default:
		err = r.read(`FROM rollup_days c WHERE 1`, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("reading rollups: %w", err)
	}
	return r.out, nil
}

func set(ids []int64) map[int64]bool {
	m := make(map[int64]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
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
	var pairs []any
	flush := func() error {
		if len(pairs) == 0 {
			return nil
		}
		err := r.read(`FROM rollup_cells c WHERE c.pair IN (`+placeholders(len(pairs))+`)`, nil, pairs...)
		pairs = pairs[:0]
		return err
	}
	for _, src := range srcs {
		for _, tgt := range tgts {
			if skip != nil && skip(src, tgt) || src >= 1<<31 || tgt >= 1<<31 {
				continue
			}
			if pairs = append(pairs, src<<32|tgt); len(pairs) == chunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// read appends the cells of the range that the query from, with its
// arguments, selects (it names the cells c), leaving out those skip
// reports.
func (r *rollupReader) read(from string, skip func(cellKey) bool, args ...any) error {
	q := `SELECT c.pair, c.day, c.kind, c.n, c.goldstein ` + from + ` AND c.day >= ? AND c.day < ?`
	args = append(args, r.since, r.until)
	if r.origin != 0 {
		q, args = q+` AND c.kind >> 20 = ?`, append(args, r.origin)
	}
	if r.exclude != 0 {
		q, args = q+` AND c.kind >> 20 <> ?`, append(args, r.exclude)
	}
	rows, err := r.db.QueryContext(r.ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	names := r.names.snapshot()
	var k cellKey
	var c store.RollupCell
	for rows.Next() {
		if err := rows.Scan(&k.pair, &k.day, &k.kind, &c.N, &c.Goldstein); err != nil {
			return err
		}
		if skip != nil && skip(k) {
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
		c.Src, c.Tgt, c.Origin, c.Root = names[nameCode][k.src()], names[nameCode][k.tgt()], names[nameOrigin][k.origin()], names[nameRoot][k.root()]
		c.Day, c.Quad = time.Unix(k.day*86400, 0).UTC(), int(k.quad())
		r.out = append(r.out, c)
	}
	return rows.Err()
}

// known reports whether names has every name k refers to.
func known(names [3][]string, k cellKey) bool {
	in := func(kind int, id int64) bool { return id >= 1 && id < int64(len(names[kind])) }
	return in(nameCode, k.src()) && in(nameCode, k.tgt()) && in(nameOrigin, k.origin()) && in(nameRoot, k.root())
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
// and the index builds after it took 70 % of a 190 s rebuild), so the
// cells are summed and sorted in Go: the events are read in ranges of ids
// by one reader per core, each on its own connection (which sees the
// events as this transaction does: it holds the write lock, so none can
// change), and summed by cell; the cells are numbered, sorted and appended
// to the emptied rollup_cells in its key order, then sorted again and
// appended to rollup_days in its own.
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
	if s.rebuildReaders > 0 {
		parts = s.rebuildReaders
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
	// Each reader's cells are numbered and sorted on its own goroutine
	// while the tables are emptied.
	cells := make([][]sumCell, parts)
	for i, p := range sums {
		global, err := p.numbers(names)
		if err != nil {
			wg.Wait()
			return 0, fmt.Errorf("rebuilding rollups: %w", err)
		}
		wg.Go(func() {
			if cells[i], errs[i] = p.numbered(global); errs[i] == nil {
				slices.SortFunc(cells[i], func(a, b sumCell) int { return compareCellKeys(a.k, b.k) })
			}
		})
	}
	for _, q := range []string{`DELETE FROM rollup_cells`, `DELETE FROM rollup_days`, `DELETE FROM rollup_pairs`, `DELETE FROM event_day_totals`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			wg.Wait()
			return 0, fmt.Errorf("rebuilding rollups: %w", err)
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	// The same cells by day, sorted (a copy of each run) while the
	// cells are written.
	byDay := make([][]sumCell, len(cells))
	for i := range cells {
		wg.Go(func() {
			byDay[i] = slices.Clone(cells[i])
			slices.SortFunc(byDay[i], func(a, b sumCell) int { return compareDayKeys(a.k, b.k) })
		})
	}
	n, err := writeCells(ctx, tx, mergeCells(slices.Clone(cells), compareCellKeys), names)
	wg.Wait()
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	cells = nil
	if err := writeDays(ctx, tx, mergeCells(byDay, compareDayKeys)); err != nil {
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
	// Days are parsed in Go, once per distinct date: SQLite's date
	// functions cost a twentieth of the read.
	days := map[string]int32{}
	dayOf := func(b []byte) (int32, bool) {
		if d, ok := days[string(b)]; ok {
			return d, true
		}
		t, err := time.Parse(dayLayout, string(b))
		if err != nil || dayNumber(t) != int64(int32(dayNumber(t))) {
			return 0, false
		}
		days[string(b)] = int32(dayNumber(t))
		return days[string(b)], true
	}
	// The four names come as one text (a text column costs two copies
	// and an allocation on its way through database/sql), split once per
	// distinct combination.
	type combo struct{ src, tgt, origin, root int32 }
	combos := map[string]combo{}
	rows, err := s.db.QueryContext(ctx, `SELECT id, src_code || char(31) || tgt_code || char(31) || origin || char(31) || root, date, quad, goldstein
		FROM events WHERE id >= ? AND id < ?`, from, to)
	if err != nil {
		return nil, fmt.Errorf("reading events: %w", err)
	}
	defer rows.Close()
	var id int64
	var names, date sql.RawBytes
	var quad int32
	var g float64
	for rows.Next() {
		if err := rows.Scan(&id, &names, &date, &quad, &g); err != nil {
			return nil, fmt.Errorf("reading events: %w", err)
		}
		day, ok := dayOf(date)
		if !ok {
			return nil, fmt.Errorf("event %d: date %q is not a day", id, date)
		}
		cb, ok := combos[string(names)]
		if !ok {
			f := bytes.Split(names, []byte{31})
			if len(f) != 4 {
				return nil, fmt.Errorf("event %d: a code, origin or root holds the character 31", id)
			}
			cb = combo{num(nameCode, f[0]), num(nameCode, f[1]), num(nameOrigin, f[2]), num(nameRoot, f[3])}
			combos[string(names)] = cb
		}
		k := localCell{cb.src, cb.tgt, day, cb.origin, cb.root, quad}
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

// sumCell is a cell's key with its sums.
type sumCell struct {
	k cellKey
	s cellSum
}

// numbers returns the rollup_names numbers of the reader's names, by
// kind and the reader's own number.
func (e *eventSums) numbers(names *txNames) ([3][]int64, error) {
	var global [3][]int64
	for kind, ns := range e.names {
		for _, name := range ns {
			id, err := names.id(kind, name)
			if err != nil {
				return global, err
			}
			global[kind] = append(global[kind], id)
		}
	}
	return global, nil
}

// numbered returns the cells keyed by the numbers global (see numbers).
func (e *eventSums) numbered(global [3][]int64) ([]sumCell, error) {
	out := make([]sumCell, 0, len(e.cells))
	for k, s := range e.cells {
		key, err := packKey(global[nameCode][k.src], global[nameCode][k.tgt], int64(k.day),
			global[nameOrigin][k.origin], global[nameRoot][k.root], int64(k.quad))
		if err != nil {
			return nil, err
		}
		out = append(out, sumCell{key, s})
	}
	e.cells = nil
	return out, nil
}

// mergeCells calls yield with the cells of the runs, each sorted by
// compare, in that order, those of one key (from different runs) summed.
func mergeCells(runs [][]sumCell, compare func(a, b cellKey) int) iter.Seq[sumCell] {
	return func(yield func(sumCell) bool) {
		for {
			best := -1
			for i, r := range runs {
				if len(r) > 0 && (best < 0 || compare(r[0].k, runs[best][0].k) < 0) {
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

// insertRows inserts rows of cols into table in statements of chunk rows
// (a statement per row costs more in database/sql than SQLite's insert).
type insertRows struct {
	ctx   context.Context
	tx    *sql.Tx
	table string
	cols  []string
	full  *sql.Stmt
	args  []any
}

const insertChunk = 500

func newInsertRows(ctx context.Context, tx *sql.Tx, table string, cols ...string) (*insertRows, error) {
	row := "(" + placeholders(len(cols)) + ")"
	full, err := tx.PrepareContext(ctx, `INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `+
		strings.Repeat(row+", ", insertChunk-1)+row)
	if err != nil {
		return nil, err
	}
	return &insertRows{ctx: ctx, tx: tx, table: table, cols: cols, full: full,
		args: make([]any, 0, len(cols)*insertChunk)}, nil
}

// add adds a row (its values in the order of the columns).
func (w *insertRows) add(vals ...any) error {
	if w.args = append(w.args, vals...); len(w.args) == cap(w.args) {
		return w.flush()
	}
	return nil
}

// flush inserts the rows added since the last flush.
func (w *insertRows) flush() error {
	var err error
	switch n := len(w.args) / len(w.cols); {
	case n == insertChunk:
		_, err = w.full.ExecContext(w.ctx, w.args...)
	case n > 0:
		row := "(" + placeholders(len(w.cols)) + ")"
		_, err = w.tx.ExecContext(w.ctx, `INSERT INTO `+w.table+` (`+strings.Join(w.cols, ", ")+`) VALUES `+
			strings.Repeat(row+", ", n-1)+row, w.args...)
	}
	w.args = w.args[:0]
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.table, err)
	}
	return nil
}

func (w *insertRows) close() { w.full.Close() }

// writeCells appends cells, in rollup_cells' order, to the empty
// rollup_cells and rollup_pairs, and the day totals summed from them, and
// returns how many cells it wrote.
func writeCells(ctx context.Context, tx *sql.Tx, cells iter.Seq[sumCell], names *txNames) (int64, error) {
	cellRows, err := newInsertRows(ctx, tx, "rollup_cells", "pair", "day", "kind", "n", "goldstein")
	if err != nil {
		return 0, err
	}
	defer cellRows.close()
	pairRows, err := newInsertRows(ctx, tx, "rollup_pairs", "src", "tgt")
	if err != nil {
		return 0, err
	}
	defer pairRows.close()
	type dayOrigin struct{ day, origin int64 }
	days := map[dayOrigin]daySum{}
	var n int64
	var last cellKey
	for c := range cells {
		if n == 0 || c.k.pair != last.pair {
			if err := pairRows.add(c.k.src(), c.k.tgt()); err != nil {
				return n, err
			}
		}
		last = c.k
		n++
		if err := cellRows.add(c.k.pair, c.k.day, c.k.kind, c.s.n, c.s.g); err != nil {
			return n, err
		}
		d := days[dayOrigin{c.k.day, c.k.origin()}]
		d.n += c.s.n
		if c.k.quad() >= 3 {
			d.conflict += c.s.n
		}
		days[dayOrigin{c.k.day, c.k.origin()}] = d
	}
	if err := cellRows.flush(); err != nil {
		return n, err
	}
	if err := pairRows.flush(); err != nil {
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

// writeDays appends cells, in rollup_days' order, to the empty rollup_days.
func writeDays(ctx context.Context, tx *sql.Tx, cells iter.Seq[sumCell]) error {
	rows, err := newInsertRows(ctx, tx, "rollup_days", "day", "pair", "kind", "n", "goldstein")
	if err != nil {
		return err
	}
	defer rows.close()
	for c := range cells {
		if err := rows.add(c.k.day, c.k.pair, c.k.kind, c.s.n, c.s.g); err != nil {
			return err
		}
	}
	return rows.flush()
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
