// Package claims finds checkable claims in text — how many members NATO
// has, how many allies meet the 2% of GDP defence-spending guideline in a
// year — and checks them against dated reference tables: georisk's own
// (data/reference.tsv, with its sources) and any the user adds. A claim is
// supported, contradicted, or unverifiable when the reference has no value
// for its time; georisk never guesses one.
package claims

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

//go:embed data/reference.tsv
var referenceTSV string

// Fact is one line of a reference table.
type Fact struct {
	Table       string
	Year        int       // for yearly facts; 0 for ranges
	From, Until time.Time // for ranges; Until zero when open
	Value       float64
	Vintage     time.Time // zero for plain historical facts
	Source      string
	File        string
	Line        int
}

// Reference is a set of tables.
type Reference struct {
	facts map[string][]Fact
}

// DefaultReference returns georisk's own tables.
func DefaultReference() (*Reference, error) {
	r := &Reference{facts: map[string][]Fact{}}
	return r, r.Add("reference.tsv", strings.NewReader(referenceTSV))
}

// AddFile adds the facts of a user's reference file.
func (r *Reference) AddFile(file string) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("reading reference file: %w", err)
	}
	defer f.Close()
	return r.Add(file, f)
}

// Add reads facts (see data/reference.tsv for the format); each bad line
// is reported as file:line and nothing of a bad file is added.
func (r *Reference) Add(name string, rd io.Reader) error {
	var facts []Fact
	var errs []error
	sc := bufio.NewScanner(rd)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 5 {
			errs = append(errs, fmt.Errorf("%s:%d: want 5 tab-separated fields (table, key, value, vintage, source), got %d", name, n, len(f)))
			continue
		}
		fact := Fact{Table: strings.TrimSpace(f[0]), Source: strings.TrimSpace(f[4]), File: name, Line: n}
		var err error
		if from, until, ok := strings.Cut(f[1], ".."); ok {
			if fact.From, err = time.Parse(time.DateOnly, from); err == nil && until != "" {
				fact.Until, err = time.Parse(time.DateOnly, until)
			}
		} else {
			fact.Year, err = strconv.Atoi(f[1])
			if err == nil && (fact.Year < 1000 || fact.Year > 9999) {
				err = errors.New("not a year")
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: key %q: want a year or FROM..UNTIL dates", name, n, f[1]))
			continue
		}
		if fact.Value, err = strconv.ParseFloat(f[2], 64); err != nil {
			errs = append(errs, fmt.Errorf("%s:%d: value %q is not a number", name, n, f[2]))
			continue
		}
		if v := strings.TrimSpace(f[3]); v != "-" && v != "" {
			if fact.Vintage, err = time.Parse(time.DateOnly, v); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: vintage %q: want a date or -", name, n, v))
				continue
			}
		}
		if fact.Table == "" || fact.Source == "" {
			errs = append(errs, fmt.Errorf("%s:%d: a fact needs a table and a source", name, n))
			continue
		}
		facts = append(facts, fact)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("reading %s: %w", name, err))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, f := range facts {
		r.facts[f.Table] = append(r.facts[f.Table], f)
	}
	return nil
}

// onDate returns the range facts of a table that hold on a day.
func (r *Reference) onDate(table string, d time.Time) []Fact {
	var out []Fact
	for _, f := range r.facts[table] {
		if f.Year == 0 && !d.Before(f.From) && (f.Until.IsZero() || d.Before(f.Until)) {
			out = append(out, f)
		}
	}
	return out
}

// inYear returns the facts of a table for a year: yearly facts of that
// year, or range facts that hold on any day of it.
func (r *Reference) inYear(table string, year int) []Fact {
	start := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
	end := start.AddDate(1, 0, 0)
	var out []Fact
	for _, f := range r.facts[table] {
		switch {
		case f.Year == year:
			out = append(out, f)
		case f.Year == 0 && f.From.Before(end) && (f.Until.IsZero() || f.Until.After(start)):
			out = append(out, f)
		}
	}
	return out
}
