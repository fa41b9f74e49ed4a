// Package lists reads restricted-party lists into screen entries: the US
// Consolidated Screening List (CSV, current and older layouts, and JSON),
// OFAC's SDN list in its legacy CSV set (sdn, add, alt, comments), the UN
// Security Council consolidated list (XML), OpenSanctions FollowTheMoney
// entities (JSON Lines) and a simple CSV of our own for lists published
// without a standard format (Section 1260H, China's Unreliable Entity List).
//
// Readers read a whole file before returning and fail on the first
// malformed record, with an error naming the file and line: a list is
// used whole or not at all.
package lists

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/georisk/georisk/internal/screen"
)

// List is what a reader found in its input.
type List struct {
	Entries []screen.Entry
	// Date is the list's own version date when the file carries one
	// (YYYY-MM-DD), else "".
	Date string
}

// File is one named input.
type File struct {
	Name string // for errors, and to tell the files of a set apart
	R    io.Reader
}

// Formats are the names of the formats Read accepts.
var Formats = []string{"csl", "sdn", "un", "ftm", "csv"}

// Read reads files in a format (see Formats) as one list named list.
func Read(format, list string, files []File) (List, error) {
	var out List
	if !slicesContains(Formats, format) {
		return List{}, fmt.Errorf("unknown list format %q (want one of %s)", format, strings.Join(Formats, ", "))
	}
	if format == "sdn" {
		return ReadSDN(list, files)
	}
	for _, f := range files {
		var l List
		var err error
		switch format {
		case "csl":
			l, err = ReadCSL(list, f)
		case "un":
			l, err = ReadUN(list, f)
		case "ftm":
			l, err = ReadFtM(list, f)
		case "csv":
			l, err = ReadCSV(list, f)
		default:
			return List{}, fmt.Errorf("unknown list format %q (want one of %s)", format, strings.Join(Formats, ", "))
		}
		if err != nil {
			return List{}, err
		}
		out.Entries = append(out.Entries, l.Entries...)
		out.Date = max(out.Date, l.Date)
	}
	return out, nil
}

// lineError is an error at a line of a file.
type lineError struct {
	file string
	line int
	err  error
}

func (e *lineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.file, e.line, e.err) }
func (e *lineError) Unwrap() error { return e.err }

func errAt(file string, line int, format string, args ...any) error {
	return &lineError{file, line, fmt.Errorf(format, args...)}
}

// ErrEncoding is wrapped by errors about text that is not UTF-8.
var ErrEncoding = errors.New("not valid UTF-8")

// csvRecords reads all records of a CSV file with their line numbers,
// checking the encoding and the number of fields (want, or the first
// record's when want is 0).
func csvRecords(f File, want int) ([][]string, []int, error) {
	b, err := io.ReadAll(f.R)
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", f.Name, err)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	b = bytes.TrimRight(b, "\x1a") // a DOS end-of-file mark, as OFAC's files have
	if !utf8.Valid(b) {
		line := 1 + bytes.Count(b[:firstInvalid(b)], []byte("\n"))
		return nil, nil, &lineError{f.Name, line, ErrEncoding}
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = want
	var recs [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, nil, &lineError{f.Name, pe.StartLine, pe.Err}
			}
			return nil, nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		line, _ := r.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, line)
	}
	return recs, lines, nil
}

func firstInvalid(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// splitList splits a field holding several values ("a; b; c").
func splitList(s, sep string) []string {
	var out []string
	for _, p := range strings.Split(s, sep) {
		if p = strings.TrimSpace(p); p != "" && p != "-0-" {
			out = append(out, p)
		}
	}
	return out
}

// stableID makes an id for entries their list gives none: a hash of what
// identifies them, so that re-imports keep it.
func stableID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8])
}

func addUnique(list []string, vs ...string) []string {
	for _, v := range vs {
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		dup := false
		for _, x := range list {
			dup = dup || x == v
		}
		if !dup {
			list = append(list, v)
		}
	}
	return list
}

// lines scans a reader line by line with the line's number, up to 16 MB a
// line.
func scanLines(r io.Reader) *bufio.Scanner {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	return sc
}

func slicesContains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
