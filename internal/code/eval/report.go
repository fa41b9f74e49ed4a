package eval

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/georisk/georisk/internal/cameo"
)

// Report writes the scores as a table, then the Full level per CAMEO root.
// With details (from [Run]; nil for none) it then lists every case the
// coder did not get entirely right: its id, place and text, and one line
// per miss:
//
//	FN   CHNGOV IGOWSTNAT 111 2023-07-12    [full]  Criticize or denounce
//	FP   CHN IGOWSTNAT 112 2023-07-13       [full]  Accuse
//	DATE CHNGOV IGOWSTNAT 111: want 2023-07-12, got 2023-07-13
//
// FN is an expected event that was not found, FP a predicted event that
// was not expected; the brackets say at which levels it went unmatched,
// and the CAMEO name follows.
func Report(w io.Writer, s Scores, details []CaseResult) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%d cases, %d expected events, %d predicted\n\n", s.Cases, s.Want, s.Got)
	fmt.Fprintf(bw, "%-6s %5s %5s %5s %9s %7s %6s\n", "level", "TP", "FP", "FN", "precision", "recall", "F1")
	for _, l := range []struct {
		name string
		p    PRF
	}{{"root", s.Root}, {"dyad", s.Dyad}, {"full", s.Full}, {"date", s.Date}} {
		writePRF(bw, l.name, l.p)
	}
	if len(s.ByRoot) > 0 {
		fmt.Fprintf(bw, "\nfull level by CAMEO root\n")
		fmt.Fprintf(bw, "%-6s %5s %5s %5s %9s %7s %6s\n", "root", "TP", "FP", "FN", "precision", "recall", "F1")
		roots := make([]string, 0, len(s.ByRoot))
		for r := range s.ByRoot {
			roots = append(roots, r)
		}
		slices.Sort(roots)
		for _, r := range roots {
			name := r
			if name == "" {
				name = "(none)"
			}
			writePRF(bw, name, s.ByRoot[r])
		}
	}
	var table *cameo.Table
	for _, r := range details {
		if r.OK() {
			continue
		}
		if table == nil {
			table = cameo.Load()
		}
		writeCase(bw, r, table)
	}
	return bw.Flush()
}

func writePRF(w io.Writer, name string, p PRF) {
	fmt.Fprintf(w, "%-6s %5d %5d %5d %9.3f %7.3f %6.3f\n", name, p.TP, p.FP, p.FN, p.Precision, p.Recall, p.F1)
}

func writeCase(w io.Writer, r CaseResult, table *cameo.Table) {
	c := r.Case
	fmt.Fprintf(w, "\n%s (%s)\n", c.ID, c.Pos)
	for l := range strings.Lines(c.Text) {
		fmt.Fprintf(w, "    %s\n", strings.TrimRight(l, "\n"))
	}
	if c.Note != "" {
		fmt.Fprintf(w, "    note: %s\n", c.Note)
	}
	levels := func(i int, pick func(Misses) []int) string {
		var out []string
		for _, l := range []struct {
			name string
			m    Misses
		}{{"root", r.Root}, {"dyad", r.Dyad}, {"full", r.Full}} {
			if slices.Contains(pick(l.m), i) {
				out = append(out, l.name)
			}
		}
		return strings.Join(out, " ")
	}
	missed := func(m Misses) []int { return m.Missed }
	extra := func(m Misses) []int { return m.Extra }
	// Greedy matching may pair differently at each level, so an event is
	// listed when it is unmatched at any level.
	name := func(code string) string {
		if c, ok := table.Lookup(code); ok {
			return c.Name
		}
		return "(unknown code)"
	}
	for i, e := range c.Want {
		if l := levels(i, missed); l != "" {
			fmt.Fprintf(w, "  FN   %-38s %-18s %s\n", e, "["+l+"]", name(e.Code))
		}
	}
	for i, e := range r.Got {
		if l := levels(i, extra); l != "" {
			fmt.Fprintf(w, "  FP   %-38s %-18s %s\n", e, "["+l+"]", name(e.Code))
		}
	}
	for _, d := range r.WrongDates {
		want, got := c.Want[d.Want], r.Got[d.Got]
		fmt.Fprintf(w, "  DATE %s %s %s: want %s, got %s\n", orNone(want.Source), orNone(want.Target), want.Code,
			want.Date.Format(dateLayout), dateOrNone(got))
	}
	if len(c.Want) == 0 && len(r.Got) > 0 {
		fmt.Fprintf(w, "  (no event expected)\n")
	}
}

func dateOrNone(e Expected) string {
	if e.Date.IsZero() {
		return "none"
	}
	return e.Date.Format(dateLayout)
}
