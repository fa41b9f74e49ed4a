package gdelt

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/georisk/georisk/internal/source/dataset"
)

// MaxLine is the longest line a reader accepts, in bytes. A longer line is
// reported as a bad row and skipped up to its end.
const MaxLine = 16 << 20

// errTooLong is the reason given for a line over MaxLine.
var errTooLong = fmt.Errorf("line longer than %d MB", MaxLine>>20)

// lineReader reads a stream line by line, accepting lines longer than its
// buffer. Lines are returned without their "\n" or "\r\n".
type lineReader struct {
	br   *bufio.Reader
	buf  []byte // a long line being assembled
	n    int    // the number of the last line returned, 1-based
	max  int
	over bool // the last line returned was longer than max, and was dropped
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{br: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line, valid until the following call. At the end
// of the stream it returns io.EOF; a last line without "\n" is returned
// first. When the line was longer than max, over is set and line is nil.
func (lr *lineReader) next() (line []byte, err error) {
	lr.buf = lr.buf[:0]
	lr.over = false
	long := false // the line did not fit the bufio buffer
	size := 0
	for {
		frag, err := lr.br.ReadSlice('\n')
		size += len(frag)
		if size > lr.max+2 { // longer than max even without "\r\n"
			lr.over = true
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			if !lr.over {
				lr.buf = append(lr.buf, frag...)
			}
			long = true
			continue
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, err
		}
		if size == 0 {
			return nil, io.EOF
		}
		// frag ends the line (with "\n", or at the end of the stream).
		lr.n++
		if lr.over {
			return nil, nil
		}
		line = frag
		if long {
			lr.buf = append(lr.buf, frag...)
			line = lr.buf
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > lr.max {
			lr.over = true
			return nil, nil
		}
		return line, nil
	}
}

// rowFunc turns the tab-separated fields of one line into a record. The
// slice is reused for the next line; the strings are the record's to keep.
type rowFunc func(fields []string) (dataset.Record, error)

// readRows reads the lines of r, splits each into fields and hands them to
// row, reporting bad rows to fail. want lists the accepted numbers of
// fields; a line with another number is a bad row.
func readRows(ctx context.Context, r io.Reader, name string, emit func(dataset.Record) error, fail func(*dataset.RowError), want []int, row rowFunc) error {
	lr := newLineReader(r, MaxLine)
	maxFields := 0
	for _, n := range want {
		maxFields = max(maxFields, n)
	}
	fields := make([]string, 0, maxFields)
	for {
		if lr.n&127 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		b, err := lr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading %s: %w", name, err)
		}
		if lr.over {
			fail(&dataset.RowError{File: name, Line: lr.n, Err: errTooLong})
			continue
		}
		if lr.n == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if blank(b) {
			continue
		}
		n := bytes.Count(b, []byte{'\t'}) + 1
		if !slices.Contains(want, n) {
			fail(&dataset.RowError{File: name, Line: lr.n, Err: fieldCountError(n, want)})
			continue
		}
		fields = split(text(b), fields[:0])
		rec, err := row(fields)
		if err != nil {
			fail(&dataset.RowError{File: name, Line: lr.n, Err: err})
			continue
		}
		rec.Line = lr.n
		if err := emit(rec); err != nil {
			return err
		}
	}
}

func fieldCountError(n int, want []int) error {
	if len(want) == 2 {
		return fmt.Errorf("has %d fields, want %d or %d", n, want[0], want[1])
	}
	return fmt.Errorf("has %d fields, want %d", n, want[0])
}

// blank reports whether b holds only spaces or carriage returns.
// A line of tabs alone is not blank: it is a row of empty fields.
func blank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\r' {
			return false
		}
	}
	return true
}

// split splits s at tabs into dst.
func split(s string, dst []string) []string {
	for {
		i := strings.IndexByte(s, '\t')
		if i < 0 {
			return append(dst, s)
		}
		dst = append(dst, s[:i])
		s = s[i+1:]
	}
}

// text converts b to a string, decoding each byte that is not part of valid
// UTF-8 as Windows-1252.
func text(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size == 1 {
			sb.WriteRune(charmap.Windows1252.DecodeByte(b[0]))
		} else {
			sb.Write(b[:size])
		}
		b = b[size:]
	}
	return sb.String()
}

// firstLine returns the first line of head that is not blank, without its
// end of line; complete is false when head ends inside it.
func firstLine(head []byte) (line []byte, complete bool) {
	head = bytes.TrimPrefix(head, []byte("\uFEFF"))
	for len(head) > 0 {
		i := bytes.IndexByte(head, '\n')
		if i < 0 {
			return bytes.TrimSuffix(head, []byte("\r")), false
		}
		line, head = bytes.TrimSuffix(head[:i], []byte("\r")), head[i+1:]
		if !blank(line) {
			return line, true
		}
	}
	return nil, false
}
