// Package country maps the country names and ISO 3166 numeric codes that
// event datasets write to ISO 3166-1 alpha-3 codes. The table is a data file,
// countries.tsv, with the ISO names and the spellings ACLED, ICEWS and GDELT
// use ("Democratic Republic of Congo", "Russian Federation", "Occupied
// Palestinian Territory").
//
// It sits under source/acled because the ACLED reader was its first user;
// the ICEWS reader uses it too. It is a candidate for a home of its own
// (internal/actor) once the actor dictionaries exist.
package country

import (
	_ "embed"
	"strings"
	"unicode/utf8"
)

//go:embed countries.tsv
var countriesTSV string

// Table maps names and numeric codes to alpha-3 codes. It is read-only once
// loaded and safe for concurrent use.
type Table struct {
	byName map[string]string
	byNum  map[string]string
	codes  map[string]bool
}

// Load parses the embedded table. Callers keep the Table and share it.
func Load() *Table {
	t := &Table{byName: map[string]string{}, byNum: map[string]string{}, codes: map[string]bool{}}
	for line := range strings.Lines(countriesTSV) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue
		}
		code := f[0]
		t.codes[code] = true
		if f[1] != "" {
			t.byNum[f[1]] = code
		}
		t.byName[Fold(code)] = code
		for name := range strings.SplitSeq(f[2], "|") {
			t.byName[Fold(name)] = code
		}
	}
	return t
}

// ByName returns the alpha-3 code of a country name, or of an alpha-3 code
// itself. Case, accents, curly apostrophes and runs of spaces don't matter.
func (t *Table) ByName(name string) (string, bool) {
	c, ok := t.byName[Fold(name)]
	return c, ok
}

// ByNumeric returns the alpha-3 code of an ISO 3166-1 numeric code, with or
// without leading zeros ("4", "004").
func (t *Table) ByNumeric(num string) (string, bool) {
	num = strings.TrimSpace(num)
	for len(num) > 1 && num[0] == '0' {
		num = num[1:]
	}
	c, ok := t.byNum[num]
	return c, ok
}

// IsCode reports whether code is an alpha-3 code in the table (upper case).
func (t *Table) IsCode(code string) bool { return t.codes[code] }

// Len is the number of countries and territories in the table.
func (t *Table) Len() int { return len(t.codes) }

// Fold is the key names are matched by: lower case, Latin accents removed,
// curly apostrophes straightened, spaces trimmed and collapsed.
func Fold(s string) string {
	s = strings.TrimSpace(s)
	simple := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' || c == ' ' && i+1 < len(s) && s[i+1] == ' ' || c == '\t' {
			simple = false
			break
		}
	}
	if simple {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\u00a0' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		switch {
		case 'A' <= r && r <= 'Z':
			r += 'a' - 'A'
		case r == '\u2019' || r == '\u2018' || r == '`':
			r = '\''
		case r >= 0xc0:
			r = fold(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fold maps an accented Latin letter to its lower-case base letter.
func fold(r rune) rune {
	const (
		from = "àáâãäåāăąçćčďèéêëēėęěìíîïīįıñńňòóôõöøōőřśšşțťùúûüūůűųýÿźżžÀÁÂÃÄÅĀĂĄÇĆČĎÈÉÊËĒĖĘĚÌÍÎÏĪĮİÑŃŇÒÓÔÕÖØŌŐŘŚŠŞȚŤÙÚÛÜŪŮŰŲÝŸŹŻŽ"
		to   = "aaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooorsssttuuuuuuuuyyzzzaaaaaaaaacccdeeeeeeeeiiiiiiinnnoooooooorsssttuuuuuuuuyyzzz"
	)
	i := 0
	for _, f := range from {
		if f == r {
			return rune(to[i])
		}
		i++
	}
	return r
}
