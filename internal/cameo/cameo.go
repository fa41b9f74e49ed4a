// Package cameo is the table of CAMEO event codes: names, Goldstein scores,
// quad classes and the PLOVER event type each maps to. Codes are strings:
// "010" is not "10".
//
// # Conventions
//
// Goldstein values are GDELT's (they differ from ICEWS's on 016, 022, 164 and
// 165); 1213, which GDELT leaves out, takes ICEWS's value. Quad classes follow
// GDELT: 1 verbal cooperation (roots 01–05), 2 material cooperation (06–09),
// 3 verbal conflict (10–14), 4 material conflict (15–20). PLOVER types come
// from the PLOVER project's CAMEO2PLOVER table; roots 01 and 02 (statements,
// appeals) have none.
package cameo

import (
	_ "embed"
	"strconv"
	"strings"
)

//go:embed codes.tsv
var codesTSV string

// Code describes one CAMEO event code.
type Code struct {
	Code          string
	Name          string
	Root          string // the two-digit root: "19" for "193"
	Goldstein     float64
	Quad          int
	PLOVER        string // PLOVER event type, "" when unmapped
	PLOVERMode    string
	PLOVERContext string // "|"-separated when several
}

// Table holds every code. The zero value is empty; use Load.
type Table struct {
	codes map[string]Code
}

// Load parses the embedded table. It is cheap (a few hundred rows); callers
// keep one Table and share it: it is read-only and safe for concurrent use.
func Load() *Table {
	t := &Table{codes: map[string]Code{}}
	for line := range strings.Lines(codesTSV) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		for len(f) < 6 {
			f = append(f, "")
		}
		g, _ := strconv.ParseFloat(f[2], 64)
		c := Code{Code: f[0], Name: f[1], Root: f[0][:2], Goldstein: g, PLOVER: f[3], PLOVERMode: f[4], PLOVERContext: f[5]}
		c.Quad = QuadOf(c.Root)
		t.codes[c.Code] = c
	}
	return t
}

// Lookup returns the description of a code, written with its leading zero
// ("010", not "10": readers of datasets that drop it must restore it, since
// "10" is also the root DEMAND).
func (t *Table) Lookup(code string) (Code, bool) {
	c, ok := t.codes[strings.TrimSpace(code)]
	return c, ok
}

// Len is the number of codes in the table.
func (t *Table) Len() int { return len(t.codes) }

// QuadOf returns the GDELT quad class of a root ("01".."20"), or 0.
func QuadOf(root string) int {
	n, err := strconv.Atoi(root)
	switch {
	case err != nil || n < 1 || n > 20:
		return 0
	case n <= 5:
		return 1
	case n <= 9:
		return 2
	case n <= 14:
		return 3
	}
	return 4
}
