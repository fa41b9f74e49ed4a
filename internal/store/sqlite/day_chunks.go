package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// The cells by day are kept in chunks (migration 013): rows of
// rollup_day_chunks, each a day's run of cells in (pair, kind) order,
// keyed by the day and its first cell's pair and kind, the cells packed
// in a blob. SQLite writes a row in about 2 µs whatever its key, so a
// rebuild spent 19 s of 60 writing 9.75 M cells a row each; in chunks it
// writes a few thousand rows.

// dayChunkCells is how many cells a rebuild puts in a chunk; a chunk that
// grows past twice as many is split.
const dayChunkCells = 512

// dayCellSize is the size of a packed cell: its pair (8 bytes), kind (4),
// event count (8) and Goldstein sum (8, IEEE 754), little-endian.
const dayCellSize = 28

// dayCell is a cell of a chunk; its day is the chunk's.
type dayCell struct {
	pair, kind int64
	s          cellSum
}

func compareDayCells(a, b dayCell) int {
	if a.pair != b.pair {
		return cmp.Compare(a.pair, b.pair)
	}
	return cmp.Compare(a.kind, b.kind)
}

// appendDayCells packs cells after b.
func appendDayCells(b []byte, cells []dayCell) []byte {
	for _, c := range cells {
		b = binary.LittleEndian.AppendUint64(b, uint64(c.pair))
		b = binary.LittleEndian.AppendUint32(b, uint32(c.kind))
		b = binary.LittleEndian.AppendUint64(b, uint64(c.s.n))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(c.s.g))
	}
	return b
}

// decodeDayCells unpacks a chunk's blob, checking that it is whole cells
// in strictly increasing order.
func decodeDayCells(b []byte, out []dayCell) ([]dayCell, error) {
	if len(b)%dayCellSize != 0 {
		return out, fmt.Errorf("a chunk of %d bytes is not cells of %d", len(b), dayCellSize)
	}
	start := len(out)
	for ; len(b) > 0; b = b[dayCellSize:] {
		c := dayCell{
			pair: int64(binary.LittleEndian.Uint64(b)),
			kind: int64(binary.LittleEndian.Uint32(b[8:])),
			s:    cellSum{int64(binary.LittleEndian.Uint64(b[12:])), math.Float64frombits(binary.LittleEndian.Uint64(b[20:]))},
		}
		if len(out) > start && compareDayCells(out[len(out)-1], c) >= 0 {
			return out, fmt.Errorf("a chunk's cells are out of order at pair %d, kind %d", c.pair, c.kind)
		}
		out = append(out, c)
	}
	return out, nil
}

// dayChunkRow is a row of rollup_day_chunks to write.
type dayChunkRow struct {
	day, pair, kind int64
	cells           []byte
}

// chunkDay cuts a day's cells (sorted, none empty) into rows of at most
// size cells.
func chunkDay(day int64, cells []dayCell, size int) []dayChunkRow {
	var out []dayChunkRow
	for i := 0; i < len(cells); i += size {
		part := cells[i:min(i+size, len(cells))]
		out = append(out, dayChunkRow{day, part[0].pair, part[0].kind, appendDayCells(make([]byte, 0, len(part)*dayCellSize), part)})
	}
	return out
}

// dayChunker cuts cells that come by day, in (pair, kind) order within
// one, into chunks of size cells, which it hands to put.
type dayChunker struct {
	size int
	put  func(dayChunkRow) error
	day  int64
	run  []dayCell // of day
}

// add takes the next cell, of day.
func (c *dayChunker) add(day int64, cell dayCell) error {
	if len(c.run) > 0 && day != c.day {
		if err := c.flush(); err != nil {
			return err
		}
	}
	c.day, c.run = day, append(c.run, cell)
	return nil
}

// flush hands over the chunks of the cells taken since the last flush.
func (c *dayChunker) flush() error {
	for _, r := range chunkDay(c.day, c.run, c.size) {
		if err := c.put(r); err != nil {
			return err
		}
	}
	c.run = c.run[:0]
	return nil
}

// applyDayChanges adds changes (sorted by day key) to the chunks of their
// days: each change goes to the chunk whose first cell is the last at or
// before it (the day's first chunk when it comes before them all), and a
// chunk is rewritten with the changes summed in, its cells left without
// events dropped, and cut in two or more when it has grown past twice
// size.
func applyDayChanges(ctx context.Context, tx *sql.Tx, changes []sumCell, size int) error {
	for i := 0; i < len(changes); {
		day := changes[i].k.day
		j := i
		for j < len(changes) && changes[j].k.day == day {
			j++
		}
		if err := applyDay(ctx, tx, day, changes[i:j], size); err != nil {
			return fmt.Errorf("updating the rollups of day %d: %w", day, err)
		}
		i = j
	}
	return nil
}

func applyDay(ctx context.Context, tx *sql.Tx, day int64, changes []sumCell, size int) error {
	rows, err := tx.QueryContext(ctx, `SELECT pair, kind FROM rollup_day_chunks WHERE day = ? ORDER BY pair, kind`, day)
	if err != nil {
		return err
	}
	var firsts []dayCell
	for rows.Next() {
		var c dayCell
		if err := rows.Scan(&c.pair, &c.kind); err != nil {
			rows.Close()
			return err
		}
		firsts = append(firsts, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// The changes of each chunk (all to a new one when the day has none).
	byChunk := map[int][]dayCell{}
	for _, c := range changes {
		dc := dayCell{c.k.pair, c.k.kind, c.s}
		at, found := slices.BinarySearchFunc(firsts, dc, compareDayCells)
		if !found {
			at = max(at-1, 0)
		}
		byChunk[at] = append(byChunk[at], dc)
	}
	for at, delta := range byChunk {
		var cells []dayCell
		if at < len(firsts) {
			var blob []byte
			f := firsts[at]
			if err := tx.QueryRowContext(ctx, `SELECT cells FROM rollup_day_chunks WHERE day = ? AND pair = ? AND kind = ?`,
				day, f.pair, f.kind).Scan(&blob); err != nil {
				return err
			}
			if cells, err = decodeDayCells(blob, nil); err != nil {
				return fmt.Errorf("chunk at pair %d, kind %d: %w", f.pair, f.kind, err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM rollup_day_chunks WHERE day = ? AND pair = ? AND kind = ?`, day, f.pair, f.kind); err != nil {
				return err
			}
		}
		cells = mergeDayCells(cells, delta)
		per := len(cells)
		if per > 2*size {
			per = size
		}
		if per == 0 {
			continue
		}
		for _, r := range chunkDay(day, cells, per) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rollup_day_chunks (day, pair, kind, cells) VALUES (?, ?, ?, ?)`,
				r.day, r.pair, r.kind, r.cells); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergeDayCells returns cells (sorted) with delta (sorted) summed in,
// leaving out the cells that have no events left.
func mergeDayCells(cells, delta []dayCell) []dayCell {
	out := make([]dayCell, 0, len(cells)+len(delta))
	keep := func(c dayCell) {
		if c.s.n > 0 {
			out = append(out, c)
		}
	}
	for len(cells) > 0 || len(delta) > 0 {
		switch {
		case len(delta) == 0:
			keep(cells[0])
			cells = cells[1:]
		case len(cells) == 0:
			keep(delta[0])
			delta = delta[1:]
		default:
			switch compareDayCells(cells[0], delta[0]) {
			case -1:
				keep(cells[0])
				cells = cells[1:]
			case 1:
				keep(delta[0])
				delta = delta[1:]
			default:
				c := cells[0]
				c.s.n, c.s.g = c.s.n+delta[0].s.n, c.s.g+delta[0].s.g
				keep(c)
				cells, delta = cells[1:], delta[1:]
			}
		}
	}
	return out
}
