package screen

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// readEvalEntries reads testdata/eval_entries.tsv.
func readEvalEntries(t testing.TB) []Entry {
	t.Helper()
	var out []Entry
	for _, f := range readTSV(t, "testdata/eval_entries.tsv") {
		if len(f) < 5 {
			t.Fatalf("eval_entries.tsv: %v: want 5 fields", f)
		}
		e := Entry{List: "eval", ID: f[0], Type: NormalType(f[1]), Name: f[2], Countries: strings.Fields(f[4])}
		if f[3] != "" {
			e.Aliases = strings.Split(f[3], "|")
		}
		out = append(out, e)
	}
	return out
}

func readTSV(t testing.TB, file string) [][]string {
	t.Helper()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var rows [][]string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rows = append(rows, strings.Split(line, "\t"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestEval screens our evaluation set against its entries among 20,000
// made-up ones, and asserts floors for precision and recall at the default
// threshold. Run with -v to see each miss and false alarm.
func TestEval(t *testing.T) {
	entries := append(readEvalEntries(t), genEntries(20000, 1)...)
	ix := NewIndex(entries)
	var tp, fn, fp, tn int
	for _, row := range readTSV(t, "testdata/eval.tsv") {
		if len(row) < 3 {
			t.Fatalf("eval.tsv: %v: want label, query, entry", row)
		}
		label, query, want := row[0], row[1], row[2]
		hits, err := ix.Screen(Query{Name: query, Limit: 50})
		if err != nil {
			t.Errorf("Screen(%q): %v", query, err)
			continue
		}
		var found *Hit
		for i := range hits {
			if hits[i].List == "eval" && hits[i].ID == want {
				found = &hits[i]
			}
		}
		switch {
		case label == "match" && found != nil:
			tp++
		case label == "match":
			fn++
			t.Logf("miss: %q should hit %s (%s); best: %s", query, want, row[3], describe(ix, query, want))
		case found != nil:
			fp++
			t.Logf("false alarm: %q hit %s %q at %.3f (%s): %v", query, want, found.Name, found.Score, row[3], found.Why)
		default:
			tn++
		}
	}
	precision := float64(tp) / float64(max(1, tp+fp))
	recall := float64(tp) / float64(max(1, tp+fn))
	t.Logf("threshold %.2f: %d true pairs, %d hard negatives; precision %.3f, recall %.3f (tp %d, fp %d, fn %d, tn %d)",
		DefaultThreshold, tp+fn, fp+tn, precision, recall, tp, fp, fn, tn)
	if precision < 0.93 {
		t.Errorf("precision %.3f, want at least 0.93", precision)
	}
	if recall < 0.90 {
		t.Errorf("recall %.3f, want at least 0.90", recall)
	}
}

// describe says what the query scores against the entry, below threshold.
func describe(ix *Index, query, id string) string {
	hits, err := ix.Screen(Query{Name: query, Threshold: 0.001, Limit: 100})
	if err != nil {
		return err.Error()
	}
	for _, h := range hits {
		if h.ID == id {
			return strings.Join(append([]string{fmtScore(h.Score)}, h.Why...), "; ")
		}
	}
	return "not a candidate"
}
