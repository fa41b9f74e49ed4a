package acled

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Limits of one CSV record. ACLED notes run to a few kilobytes and a few
// dozen lines; a record that grows past these is an unterminated quote.
const (
	maxRecordBytes = 1 << 20
	maxRecordLines = 256
)

var (
	errUnterminated = errors.New("unterminated quoted field")
	errTooLong      = errors.New("record too long")
)

// line is one physical line, without its line ending, and its number.
type line struct {
	b []byte
	n int
}

// records reads CSV records from a stream: RFC 4180 quoting, with a quote
// inside a quoted field that is not doubled taken literally (as
// encoding/csv's LazyQuotes does), fields spanning lines, "\r\n" or "\n" line
// ends, blank lines skipped, and any number of fields per record.
//
// It is not encoding/csv because of what it does with broken records. A
// record can be given back (unread): its lines after the first are read again
// as records of their own. The reader gives back a record that runs into an
// unterminated quote (at the end of input or past maxRecordBytes or
// maxRecordLines) and the caller gives back a multi-line record with the
// wrong number of fields, so that an unterminated quote costs one row, not
// the rows it swallowed, and memory stays bounded. Invalid UTF-8 in a field
// is decoded as Windows-1252.
type records struct {
	src     *bufio.Reader
	comma   byte
	n       int    // lines read from src
	pending []line // lines given back, read before src
	eof     bool
	err     error // a read error of src other than io.EOF

	lines  []line // the current record's lines (copies)
	store  []byte // backing bytes of lines
	buf    []byte // unescaped field contents
	ends   []int
	fields []string
	scr    []byte // scratch for lines longer than the bufio buffer
}

func newRecords(r io.Reader, comma byte) *records {
	return &records{src: bufio.NewReaderSize(r, 64<<10), comma: comma}
}

// next returns the next physical line. A line longer than maxRecordBytes is
// cut there and the rest of it dropped; ok is false at the end of input.
func (r *records) next() (l line, long, ok bool) {
	if len(r.pending) > 0 {
		l = r.pending[0]
		r.pending = r.pending[1:]
		return l, false, true
	}
	if r.eof {
		return line{}, false, false
	}
	b, err := r.src.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		r.scr = append(r.scr[:0], b...)
		for errors.Is(err, bufio.ErrBufferFull) {
			b, err = r.src.ReadSlice('\n')
			if len(r.scr) <= maxRecordBytes {
				r.scr = append(r.scr, b...)
			} else {
				long = true
			}
		}
		if len(r.scr) > maxRecordBytes {
			r.scr = r.scr[:maxRecordBytes]
			long = true
		}
		b = r.scr
	}
	if err != nil {
		r.eof = true
		if !errors.Is(err, io.EOF) {
			r.err = err
		}
		if len(b) == 0 {
			return line{}, false, false
		}
	}
	r.n++
	b = bytes.TrimSuffix(b, []byte{'\n'})
	b = bytes.TrimSuffix(b, []byte{'\r'})
	return line{b: b, n: r.n}, long, true
}

// read returns the next record's fields and the line it starts on. The
// fields are valid until the next call. err is errUnterminated or errTooLong
// for a broken record (whose lines after the first have been given back), or
// io.EOF, or a read error of the source.
func (r *records) read() (fields []string, start int, err error) {
	r.lines = r.lines[:0]
	r.store = r.store[:0]
	r.buf = r.buf[:0]
	r.ends = r.ends[:0]
	var (
		quoted     bool
		fieldStart = true
		size       int
	)
	for {
		l, long, ok := r.next()
		if !ok {
			if len(r.lines) == 0 {
				if r.err != nil {
					return nil, 0, r.err
				}
				return nil, 0, io.EOF
			}
			start = r.lines[0].n
			r.unread()
			return nil, start, errUnterminated
		}
		if len(r.lines) == 0 && len(l.b) == 0 && !long {
			continue // blank line
		}
		// Keep a copy of the line in case the record is given back.
		off := len(r.store)
		r.store = append(r.store, l.b...)
		r.lines = append(r.lines, line{b: r.store[off:len(r.store):len(r.store)], n: l.n})
		start = r.lines[0].n
		if long {
			r.unread()
			return nil, start, errTooLong
		}
		size += len(l.b)
		b := l.b
		for i := 0; i < len(b); {
			if fieldStart {
				fieldStart = false
				if b[i] == '"' {
					quoted = true
					i++
					continue
				}
			}
			if quoted {
				j := bytes.IndexByte(b[i:], '"')
				if j < 0 {
					r.buf = append(r.buf, b[i:]...)
					i = len(b)
					break
				}
				r.buf = append(r.buf, b[i:i+j]...)
				i += j + 1
				switch {
				case i < len(b) && b[i] == '"':
					r.buf = append(r.buf, '"')
					i++
				case i == len(b) || b[i] == r.comma:
					quoted = false
				default:
					r.buf = append(r.buf, '"') // a lazy quote
				}
				continue
			}
			j := bytes.IndexByte(b[i:], r.comma)
			if j < 0 {
				r.buf = append(r.buf, b[i:]...)
				break
			}
			r.buf = append(r.buf, b[i:i+j]...)
			r.ends = append(r.ends, len(r.buf))
			i += j + 1
			fieldStart = true
		}
		if !quoted {
			r.ends = append(r.ends, len(r.buf))
			break
		}
		if size > maxRecordBytes || len(r.lines) >= maxRecordLines {
			r.unread()
			return nil, start, errUnterminated
		}
		r.buf = append(r.buf, '\n')
	}
	s := string(r.buf)
	r.fields = r.fields[:0]
	prev := 0
	valid := utf8.ValidString(s)
	for _, e := range r.ends {
		f := s[prev:e]
		if !valid && !utf8.ValidString(f) {
			f = decode1252(f)
		}
		r.fields = append(r.fields, f)
		prev = e
	}
	return r.fields, start, nil
}

// lineCount is the number of physical lines of the record last read.
func (r *records) lineCount() int { return len(r.lines) }

// unread gives back the lines of the record last read after its first: they
// are read again as records of their own.
func (r *records) unread() {
	if len(r.lines) < 2 {
		return
	}
	back := make([]line, 0, len(r.lines)-1+len(r.pending))
	for _, l := range r.lines[1:] {
		back = append(back, line{b: bytes.Clone(l.b), n: l.n})
	}
	r.pending = append(back, r.pending...)
	r.lines = r.lines[:1]
}

// decode1252 decodes s, which is not valid UTF-8, as Windows-1252: the
// encoding of spreadsheet exports that a Latin-1 byte in a CSV file most
// likely comes from.
func decode1252(s string) string {
	out, err := charmap.Windows1252.NewDecoder().String(s)
	if err != nil {
		return string(bytes.ToValidUTF8([]byte(s), []byte("\uFFFD")))
	}
	return out
}
