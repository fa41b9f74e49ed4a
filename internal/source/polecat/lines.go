package polecat

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// maxLine is the longest line read; the rest of a longer line is dropped and
// the line reported.
const maxLine = 1 << 20

var errTooLong = errors.New("line too long")

// lines reads the lines of a tab-separated file and splits them into fields.
type lines struct {
	src    *bufio.Reader
	n      int
	eof    bool
	scr    []byte
	fields []string
}

func newLines(r io.Reader) *lines {
	return &lines{src: bufio.NewReaderSize(r, 64<<10)}
}

// read returns the fields of the next line that is not blank, valid until
// the next call, and its line number. err is errTooLong for an over-long
// line, io.EOF at the end, or the source's read error.
func (r *lines) read() (fields []string, n int, err error) {
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
				if len(r.scr) <= maxLine {
					r.scr = append(r.scr, b...)
				}
			}
			long = len(r.scr) > maxLine
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
			return nil, r.n, errTooLong
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
			r.fields = append(r.fields, unquote(f))
		}
		return r.fields, r.n, nil
	}
}

// unquote removes the double quotes around a field wholly in them, undoubling
// the quotes inside.
func unquote(f string) string {
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
