package dataset

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"

	"github.com/georisk/georisk/internal/event"
)

// MaxTSVLine is the longest line a TSV reads; the rest of a longer line is
// dropped and the line reported with ErrLineTooLong.
const MaxTSVLine = 1 << 20

// ErrLineTooLong is returned by TSV.Read for a line over MaxTSVLine.
var ErrLineTooLong = errors.New("line too long")

// ErrColumns reports a row whose number of fields is not the header's.
var ErrColumns = errors.New("wrong number of columns")

// EachEvent reads the rows after the header, which has ncols fields, turns
// each into an event with toEvent and emits it. A row that cannot be read,
// has the wrong number of fields or that toEvent rejects (err) is reported
// to fail as name:line and skipped; a warning (warn, such as unusable
// coordinates) is reported and the event kept. It stops at the end of the
// input, on a read error, when emit fails, or when ctx is done.
func (r *TSV) EachEvent(ctx context.Context, name string, ncols int, toEvent func(f []string) (ev *event.Event, warn, err error),
	emit func(Record) error, fail func(*RowError)) error {
	for n := 0; ; n++ {
		if n%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		f, line, err := r.Read()
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, ErrLineTooLong):
			fail(&RowError{File: name, Line: line, Err: err})
			continue
		case err != nil:
			return fmt.Errorf("reading %s: %w", name, err)
		}
		if len(f) != ncols {
			fail(&RowError{File: name, Line: line, Err: fmt.Errorf("%w: %d, want %d", ErrColumns, len(f), ncols)})
			continue
		}
		ev, warn, err := toEvent(f)
		if err != nil {
			fail(&RowError{File: name, Line: line, Err: err})
			continue
		}
		if warn != nil {
			fail(&RowError{File: name, Line: line, Err: warn})
		}
		if err := emit(Record{Line: line, Event: ev}); err != nil {
			return err
		}
	}
}

// TSV reads the lines of a tab-separated file (ICEWS, POLECAT) and splits
// them into fields: blank lines are skipped, CRLF endings trimmed, fields
// wholly in double quotes unquoted, and fields that are not valid UTF-8
// decoded as Windows-1252.
type TSV struct {
	src    *bufio.Reader
	n      int
	eof    bool
	scr    []byte
	fields []string
}

// NewTSV returns a TSV reading r.
func NewTSV(r io.Reader) *TSV {
	return &TSV{src: bufio.NewReaderSize(r, 64<<10)}
}

// Read returns the fields of the next line that is not blank, valid until
// the next call, and its line number. err is ErrLineTooLong for an
// over-long line, io.EOF at the end, or the source's read error.
func (r *TSV) Read() (fields []string, n int, err error) {
	for {
		if r.eof {
			return nil, 0, io.EOF
		}
		b, err := r.src.ReadSlice('\n')
		long := false
		if errors.Is(err, bufio.ErrBufferFull) {
			r.scr = append(r.scr[:0], b...)
			for errors.Is(err, bufio.ErrBufferFull) {
				b, err = r.src.ReadSlice('\n')
				if len(r.scr) <= MaxTSVLine {
					r.scr = append(r.scr, b...)
				}
			}
			long = len(r.scr) > MaxTSVLine
			b = r.scr
		}
		if err != nil {
			r.eof = true
			if !errors.Is(err, io.EOF) {
				return nil, 0, err
			}
			if len(b) == 0 {
				return nil, 0, io.EOF
			}
		}
		r.n++
		if long {
			return nil, r.n, ErrLineTooLong
		}
		b = bytes.TrimSuffix(b, []byte{'\n'})
		b = bytes.TrimSuffix(b, []byte{'\r'})
		if len(b) == 0 {
			continue
		}
		s := string(b)
		valid := utf8.ValidString(s)
		r.fields = r.fields[:0]
		for f := range strings.SplitSeq(s, "\t") {
			if !valid && !utf8.ValidString(f) {
				f = decode1252(f)
			}
			r.fields = append(r.fields, Unquote(f))
		}
		return r.fields, r.n, nil
	}
}

// Unquote removes the double quotes around a field wholly in them, undoubling
// the quotes inside.
func Unquote(f string) string {
	if len(f) < 2 || f[0] != '"' || f[len(f)-1] != '"' {
		return f
	}
	return strings.ReplaceAll(f[1:len(f)-1], `""`, `"`)
}

// decode1252 decodes s, which is not valid UTF-8, as Windows-1252.
func decode1252(s string) string {
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	return out
}
