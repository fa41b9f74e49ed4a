package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCodeJSONL codes JSON Lines on stdin as a researcher would, without a
// database.
func TestCodeJSONL(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a", "date": "2023-07-13", "text": "China's Foreign Ministry on 12 July denounced the NATO communique. Japan and France held their first joint fighter drill."}`,
		`not json`,
		`{"id": 7, "date": "2024-06-18T08:00:00Z", "text": "Nothing happened here."}`,
	}, "\n")
	r := run(t, t.TempDir(), in, "code", "--jsonl")
	if r.code != 1 {
		t.Errorf("exit %d, want 1 (a bad line)", r.code)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d output lines, want one per input line:\n%s", len(lines), r.stdout)
	}
	var first codeOutput
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	var found11 bool
	for _, e := range first.Events {
		if e.Root == "11" && strings.HasPrefix(e.Source.Code, "CHN") && e.Target.Code == "IGOWSTNAT" {
			found11 = true
			if e.Date != "2023-07-12" || e.DateSource != "text" || e.Pattern == "" || e.Trigger == "" || e.Sentence[1] <= e.Sentence[0] {
				t.Errorf("denunciation event lacks its evidence: %+v", e)
			}
		}
	}
	if string(first.ID) != `"a"` || !found11 {
		t.Errorf("first line: id %s, events %+v; want CHN → NATO root 11", first.ID, first.Events)
	}
	if !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[1], "line 2") {
		t.Errorf("bad line output: %s", lines[1])
	}
	if !strings.HasPrefix(lines[2], `{"id":7,"events":[]`) {
		t.Errorf("third line: %s", lines[2])
	}
}

// TestCodedCommands runs quotes, judgments, explain and recode on the demo
// corpus.
func TestCodedCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	if r := run(t, dir, "", "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	stats := func() int {
		r := run(t, dir, "", "stats", "--db", db, "--json")
		var st struct{ Events int }
		json.Unmarshal([]byte(r.stdout), &st)
		return st.Events
	}
	before := stats()
	if before == 0 {
		t.Fatal("the demo coded no events")
	}
	var quotes []map[string]any
	r := run(t, dir, "", "quotes", "--db", db, "--json", "--limit", "500")
	if err := json.Unmarshal([]byte(r.stdout), &quotes); err != nil || len(quotes) == 0 {
		t.Errorf("quotes: %v, %d", err, len(quotes))
	}
	var js []map[string]any
	r = run(t, dir, "", "judgments", "--db", db, "--json", "--limit", "500")
	if err := json.Unmarshal([]byte(r.stdout), &js); err != nil {
		t.Errorf("judgments: %v %s", err, r.stdout)
	}
	ex := run(t, dir, "", "explain", "--db", db, "1")
	if ex.code != 0 || !regexp.MustCompile(`(?m)^\[\d+\] `).MatchString(ex.stdout) || !strings.Contains(ex.stdout, "actors:") {
		t.Errorf("explain 1: exit %d\n%s%s", ex.code, ex.stdout, ex.stderr)
	}
	if missing := run(t, dir, "", "explain", "--db", db, "9999"); missing.code != 1 {
		t.Errorf("explain 9999: exit %d, want 1", missing.code)
	}
	// Nothing is stale: recode codes nothing; --all recodes everything and
	// the count of events stays the same.
	r = run(t, dir, "", "recode", "--db", db, "--json")
	var rc struct{ Documents, Events int }
	if err := json.Unmarshal([]byte(r.stdout), &rc); err != nil || rc.Documents != 0 {
		t.Errorf("recode with nothing stale: %+v %v %s", rc, err, r.stderr)
	}
	r = run(t, dir, "", "recode", "--db", db, "--json", "--all")
	if err := json.Unmarshal([]byte(r.stdout), &rc); err != nil || rc.Documents != 40 || rc.Events != before {
		t.Errorf("recode --all: %+v %v; want 40 documents and %d events", rc, err, before)
	}
	if after := stats(); after != before {
		t.Errorf("events after recode --all: %d, want %d (recoding replaces)", after, before)
	}
}

// TestSeriesAndIndex runs series and index on the demo corpus as an analyst
// would.
func TestSeriesAndIndex(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	if r := run(t, dir, "", "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	r := run(t, dir, "", "series", "--db", db, "--dyad", "China-NATO", "--by", "month", "--since", "2023-06-01", "--until", "2023-09-01", "--json")
	if r.code != 0 {
		t.Fatalf("series: exit %d %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "2023-07-01") || !strings.Contains(r.stdout, "2023-08-01") {
		t.Errorf("series --json lacks the July and (empty) August buckets:\n%s", r.stdout)
	}
	var july int
	for _, m := range regexp.MustCompile(`"(?i:events)":\s*(\d+)`).FindAllStringSubmatch(r.stdout, -1) {
		if m[1] != "0" {
			july++
		}
	}
	if july == 0 {
		t.Errorf("no bucket with China–NATO events in July 2023 (the Vilnius coverage):\n%s", r.stdout)
	}
	ix := run(t, dir, "", "index", "--db", db, "--dyad", "China-NATO", "--by", "month", "--since", "2023-01-01", "--until", "2024-08-01", "--explain")
	if ix.code != 0 || !strings.Contains(ix.stdout, "tension index =") || !strings.Contains(ix.stdout, "conflict_share") {
		t.Errorf("index --explain: exit %d\n%s%s", ix.code, ix.stdout, ix.stderr)
	}
	if bad := run(t, dir, "", "series", "--db", db, "--dyad", "China"); bad.code != 2 {
		t.Errorf("series with a one-sided dyad: exit %d, want 2", bad.code)
	}
}

// TestGPR runs the GPR-style index on the demo corpus.
func TestGPR(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	if r := run(t, dir, "", "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	r := run(t, dir, "", "gpr", "--db", db, "--since", "2023-01-01", "--until", "2024-08-01", "--country", "China", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"CHN"`) {
		t.Fatalf("gpr: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if bad := run(t, dir, "", "gpr", "--db", db, "--country", "Atlantis"); bad.code != 2 {
		t.Errorf("gpr with an unknown country: exit %d, want 2", bad.code)
	}
}
