package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"iter"
	"runtime"
	"slices"
	"strconv"
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
	r := &rollupReader{ctx: ctx, db: s.db, names: s.names, snap: s.names.snapshot(), since: dayNumber(q.Since), until: dayNumber(q.Until)}
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
		err = r.readDays()
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
	since, until    int64       // day numbers
	origin, exclude int64       // 0 for none
	snap            [3][]string // the names, as of the last refresh
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
	var k cellKey
	var n int64
	var g float64
	for rows.Next() {
		if err := rows.Scan(&k.pair, &k.day, &k.kind, &n, &g); err != nil {
			return err
		}
		if skip != nil && skip(k) {
			continue
		}
		if err := r.emit(k, n, g); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readDays appends the cells of the range from the chunks by day.
func (r *rollupReader) readDays() error {
	rows, err := r.db.QueryContext(r.ctx, `SELECT day, pair, kind, cells FROM rollup_day_chunks WHERE day >= ? AND day < ? ORDER BY day, pair, kind`,
		r.since, r.until)
	if err != nil {
		return err
	}
	defer rows.Close()
	var day, pair, kind int64
	var blob sql.RawBytes
	var cells []dayCell
	for rows.Next() {
		if err := rows.Scan(&day, &pair, &kind, &blob); err != nil {
			return err
		}
		if cells, err = decodeDayCells(blob, cells[:0]); err != nil {
			return fmt.Errorf("rollup chunk of day %d at pair %d, kind %d: %w", day, pair, kind, err)
		}
		for _, c := range cells {
			k := cellKey{c.pair, day, c.kind}
			if r.origin != 0 && k.origin() != r.origin || r.exclude != 0 && k.origin() == r.exclude {
				continue
			}
			if err := r.emit(k, c.s.n, c.s.g); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}

// emit appends the cell k with its sums, named.
func (r *rollupReader) emit(k cellKey, n int64, g float64) error {
	if !known(r.snap, k) {
		// Numbered after the refresh that began this read.
		if err := r.names.refresh(r.ctx); err != nil {
			return err
		}
		if r.snap = r.names.snapshot(); !known(r.snap, k) {
			return fmt.Errorf("rollup cell %+v refers to names rollup_names lacks", k)
		}
	}
	names := r.snap
	r.out = append(r.out, store.RollupCell{
		Src: names[nameCode][k.src()], Tgt: names[nameCode][k.tgt()], Origin: names[nameOrigin][k.origin()], Root: names[nameRoot][k.root()],
		Day: time.Unix(k.day*86400, 0).UTC(), Quad: int(k.quad()), N: n, Goldstein: g,
	})
	return nil
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
// cut into the chunks by day. Both the reads and the appends go
// through the driver's rows and statements, on connections held for
// them: database/sql's conversion of each value cost a sixth of the time.
func (s *Store) RebuildRollups(ctx context.Context) (int64, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
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
	s.phase("read")
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
	for _, q := range []string{`DELETE FROM rollup_cells`, `DELETE FROM rollup_day_chunks`, `DELETE FROM rollup_pairs`, `DELETE FROM event_day_totals`} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			wg.Wait()
			return 0, fmt.Errorf("rebuilding rollups: %w", err)
		}
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	s.phase("sort")
	// The same cells by day, sorted (a copy of each run) while the
	// cells are written.
	byDay := make([][]sumCell, len(cells))
	for i := range cells {
		wg.Go(func() {
			byDay[i] = slices.Clone(cells[i])
			slices.SortFunc(byDay[i], func(a, b sumCell) int { return compareDayKeys(a.k, b.k) })
		})
	}
	n, err := writeCells(ctx, tx, conn, mergeCells(slices.Clone(cells), compareCellKeys), names)
	wg.Wait()
	if err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	s.phase("cells")
	cells = nil
	if err := writeDays(ctx, conn, mergeCells(byDay, compareDayKeys), s.dayChunkCells()); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	s.phase("days")
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("rebuilding rollups: %w", err)
	}
	s.phase("commit")
	return n, nil
}

// phase reports the end of a phase of RebuildRollups to rebuildPhase.
func (s *Store) phase(name string) {
	if s.rebuildPhase != nil {
		s.rebuildPhase(name)
	}
}

// eventSums is what one reader of the events sums: cells keyed by the
// reader's own numbers, which are cheaper to hash than the names.
type eventSums struct {
	names  [3][]string // by kind and the reader's number
	ids    [3]map[string]int32
	kinds  []kindNames      // by number
	kindOf map[string]int32 // kind numbers by "quad␟origin␟root"
	cells  map[localKey]cellSum
}

// kindNames are the class and the reader's numbers of the origin and root
// of a kind.
type kindNames struct{ quad, origin, root int32 }

// localKey is a cell keyed by the reader's numbers of its source and
// target codes and kind. (Numbering the combinations instead makes a map
// too large for the processor's caches: a lookup in it cost more than
// the three in small ones.)
type localKey struct{ src, tgt, kind, day int32 }

// eventText is, of an event, its day, quad class, origin, root, source
// and target as one text: one column where there were six, each a call
// into SQLite and a conversion. The fields of a kind come before those of
// a pair, so that each is a substring. concat_ws builds it in one call
// (each || copies what it has so far: a fifth of the read); it skips
// NULLs, which none of these columns may hold.
const eventText = `concat_ws(char(31), date, quad, origin, root, src_code, tgt_code)`

// sumEvents sums the events with ids in [from, to) by cell. It reads
// through the driver's rows (skipping database/sql's copy of each value)
// on a connection of its own.
func (s *Store) sumEvents(ctx context.Context, from, to int64) (*eventSums, error) {
	e := &eventSums{kindOf: map[string]int32{}, cells: map[localKey]cellSum{}}
	for k := range e.ids {
		e.ids[k] = map[string]int32{}
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading events: %w", err)
	}
	defer conn.Close()
	var bad, which string // the text of a row add refused, and what else picks it
	err = conn.Raw(func(dc any) error {
		q, ok := dc.(driver.QueryerContext)
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) runs no queries", dc)
		}
		rows, err := q.QueryContext(ctx, `SELECT `+eventText+`, goldstein FROM events WHERE id >= ? AND id < ?`,
			[]driver.NamedValue{{Ordinal: 1, Value: from}, {Ordinal: 2, Value: to}})
		if err != nil {
			return err
		}
		defer rows.Close()
		row := make([]driver.Value, 2)
		for {
			if err := rows.Next(row); err == io.EOF {
				return nil
			} else if err != nil {
				return err
			}
			text, _ := row[0].(string)
			var g float64
			switch v := row[1].(type) {
			case float64:
				g = v
			case int64:
				g = float64(v)
			default:
				bad, which = text, ` AND typeof(goldstein) NOT IN ('real', 'integer')`
				return fmt.Errorf("Goldstein score %q is not a number", v)
			}
			if err := e.add(text, g); err != nil {
				bad = text
				return err
			}
		}
	})
	if err != nil && bad != "" {
		// Name the event, with one more read of the range on failure.
		var id int64
		if e := conn.QueryRowContext(ctx, `SELECT id FROM events WHERE id >= ? AND id < ? AND `+eventText+` = ?`+which+` ORDER BY id LIMIT 1`,
			from, to, bad).Scan(&id); e == nil {
			err = fmt.Errorf("event %d: %w", id, err)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("reading events: %w", err)
	}
	return e, nil
}

// add counts an event given as eventText and its Goldstein score.
func (e *eventSums) add(text string, g float64) error {
	var cut [3]int // the ends of the day, of the class and of the origin
	at := 0
	for i := range cut {
		j := strings.IndexByte(text[at:], 31)
		if j < 0 {
			return fmt.Errorf("event text %q has too few fields", text)
		}
		at += j + 1
		cut[i] = at - 1
	}
	j := strings.IndexByte(text[at:], 31) // the end of the root
	if j < 0 {
		return fmt.Errorf("event text %q has too few fields", text)
	}
	day, ok := dayOfText(text[:cut[0]])
	if !ok {
		return fmt.Errorf("date %q is not a day", text[:cut[0]])
	}
	kind, ok := e.kindOf[text[cut[0]+1:at+j]]
	if !ok {
		var err error
		if kind, err = e.newKind(text[cut[0]+1 : at+j]); err != nil {
			return err
		}
	}
	pair := text[at+j+1:]
	k := strings.IndexByte(pair, 31)
	if k < 0 || strings.IndexByte(pair[k+1:], 31) >= 0 {
		// A separator too many, in any name, leaves the pair with more than two fields.
		return fmt.Errorf("a code, origin or root holds the character 31")
	}
	key := localKey{e.code(pair[:k]), e.code(pair[k+1:]), kind, int32(day)}
	c := e.cells[key]
	c.n++
	c.g += g
	e.cells[key] = c
	return nil
}

// code returns the reader's number of the actor code name.
func (e *eventSums) code(name string) int32 {
	if id, ok := e.ids[nameCode][name]; ok {
		return id
	}
	return e.name(nameCode, strings.Clone(name))
}

// name returns the reader's number of name, of kind.
func (e *eventSums) name(kind int, name string) int32 {
	if id, ok := e.ids[kind][name]; ok {
		return id
	}
	id := int32(len(e.names[kind]))
	e.names[kind] = append(e.names[kind], name)
	e.ids[kind][name] = id
	return id
}

// newKind numbers the kind of text ("quad␟origin␟root").
func (e *eventSums) newKind(text string) (int32, error) {
	text = strings.Clone(text) // not to keep the row's text
	f := strings.Split(text, "\x1f")
	quad, err := strconv.ParseInt(f[0], 10, 32)
	if err != nil {
		return 0, fmt.Errorf("quad class %q is not a number", f[0])
	}
	id := int32(len(e.kinds))
	e.kinds = append(e.kinds, kindNames{int32(quad), e.name(nameOrigin, f[1]), e.name(nameRoot, f[2])})
	e.kindOf[text] = id
	return id, nil
}

// dayOfText returns the number of days from 1970-01-01 to the day s
// (YYYY-MM-DD), and whether s is one: what dayNumber of time.Parse with
// dayLayout gives, without its cost per row.
func dayOfText(s string) (int64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	num := func(s string) (int64, bool) {
		var n int64
		for i := range len(s) {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int64(s[i]-'0')
		}
		return n, true
	}
	y, ok1 := num(s[:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:])
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, false
	}
	if d > 28 && time.Date(int(y), time.Month(m), int(d), 0, 0, 0, 0, time.UTC).Day() != int(d) {
		return 0, false // past the month's end (rare enough to ask time)
	}
	// Days from 0000-03-01 (counting years from March, so that February
	// and its leap day end the year), then moved to 1970-01-01.
	// 400 years more keep the year positive (0000-01 would be in year
	// -1); they are 146,097 days, taken off again with the 719,468 from
	// 0000-03-01 to 1970-01-01.
	if m <= 2 {
		y--
	}
	y += 400
	m = (m + 9) % 12 // March is 0
	return 365*y + y/4 - y/100 + y/400 + (153*m+2)/5 + d - 1 - 146097 - 719468, true
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
		c := e.kinds[k.kind]
		key, err := packKey(global[nameCode][k.src], global[nameCode][k.tgt], int64(k.day),
			global[nameOrigin][c.origin], global[nameRoot][c.root], int64(c.quad))
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

// insertRows appends rows of cols to table, in statements of insertChunk
// rows, which it runs through the driver on conn (inside the rebuild's
// transaction): database/sql's check and conversion of every value cost
// more than a tenth of the writes.
type insertRows struct {
	ctx   context.Context
	conn  *sql.Conn
	table string
	cols  []string
	full  driver.Stmt // of insertChunk rows
	args  []driver.NamedValue
	n     int // values added since the last flush
}

const insertChunk = 500

func newInsertRows(ctx context.Context, conn *sql.Conn, table string, cols ...string) (*insertRows, error) {
	w := &insertRows{ctx: ctx, conn: conn, table: table, cols: cols, args: make([]driver.NamedValue, len(cols)*insertChunk)}
	for i := range w.args {
		w.args[i].Ordinal = i + 1
	}
	err := conn.Raw(func(dc any) error {
		p, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("the SQLite driver's connection (%T) prepares no statements", dc)
		}
		var err error
		w.full, err = p.PrepareContext(ctx, w.insert(insertChunk))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("writing %s: %w", table, err)
	}
	return w, nil
}

// insert is the statement that inserts rows rows.
func (w *insertRows) insert(rows int) string {
	row := "(" + placeholders(len(w.cols)) + ")"
	return `INSERT INTO ` + w.table + ` (` + strings.Join(w.cols, ", ") + `) VALUES ` + strings.Repeat(row+", ", rows-1) + row
}

// add adds a row (its values in the order of the columns).
func (w *insertRows) add(vals ...driver.Value) error {
	for _, v := range vals {
		w.args[w.n].Value = v
		w.n++
	}
	if w.n == len(w.args) {
		return w.flush()
	}
	return nil
}

// flush inserts the rows added since the last flush.
func (w *insertRows) flush() error {
	rows := w.n / len(w.cols)
	if rows == 0 {
		return nil
	}
	err := w.conn.Raw(func(dc any) error {
		st := w.full
		if rows < insertChunk {
			var err error
			if st, err = dc.(driver.ConnPrepareContext).PrepareContext(w.ctx, w.insert(rows)); err != nil {
				return err
			}
			defer st.Close()
		}
		ex, ok := st.(driver.StmtExecContext)
		if !ok {
			return fmt.Errorf("the SQLite driver's statement (%T) runs with no context", st)
		}
		_, err := ex.ExecContext(w.ctx, w.args[:w.n])
		return err
	})
	w.n = 0
	if err != nil {
		return fmt.Errorf("writing %s: %w", w.table, err)
	}
	return nil
}

func (w *insertRows) close() {
	w.conn.Raw(func(any) error { return w.full.Close() })
}

// writeCells appends cells, in rollup_cells' order, to the empty
// rollup_cells and rollup_pairs, and the day totals summed from them, and
// returns how many cells it wrote.
func writeCells(ctx context.Context, tx *sql.Tx, conn *sql.Conn, cells iter.Seq[sumCell], names *txNames) (int64, error) {
	cellRows, err := newInsertRows(ctx, conn, "rollup_cells", "pair", "day", "kind", "n", "goldstein")
	if err != nil {
		return 0, err
	}
	defer cellRows.close()
	pairRows, err := newInsertRows(ctx, conn, "rollup_pairs", "src", "tgt")
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

// writeDays appends cells, by day (compareDayKeys), to the empty
// rollup_day_chunks, size cells a chunk.
func writeDays(ctx context.Context, conn *sql.Conn, cells iter.Seq[sumCell], size int) error {
	rows, err := newInsertRows(ctx, conn, "rollup_day_chunks", "day", "pair", "kind", "cells")
	if err != nil {
		return err
	}
	defer rows.close()
	chunks := &dayChunker{size: size, put: func(r dayChunkRow) error { return rows.add(r.day, r.pair, r.kind, r.cells) }}
	for c := range cells {
		if err := chunks.add(c.k.day, dayCell{c.k.pair, c.k.kind, c.s}); err != nil {
			return err
		}
	}
	if err := chunks.flush(); err != nil {
		return err
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
