package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, data string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestListsAndScreen imports a list as a user would, screens names one by
// one and in a batch, and checks that a malformed file changes nothing.
func TestListsAndScreen(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	good := writeFile(t, dir, "1260h.csv", "id,name,name_zh,aliases,type,country,ids,program\n"+
		"H1,Beidou Skyline Navigation Co.,北斗天际导航有限公司,Skyline Navigation,org,CN,,1260H\n"+
		"H2,XI Jinping,习近平,,person,CN,,demo\n")
	if r := run(t, dir, "", "lists", "import", "csv", "--db", db, "--name", "1260h", "--date", "2025-01-07", good); r.code != 0 ||
		!strings.Contains(r.stdout, "2 entries (version 2025-01-07)") {
		t.Fatalf("lists import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "", "lists", "--db", db); r.code != 0 || !strings.Contains(r.stdout, "1260h") || !strings.Contains(r.stdout, "2025-01-07") {
		t.Errorf("lists: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	r := run(t, dir, "", "screen", "--db", db, "--json", "北斗天际导航股份有限公司")
	if r.code != 0 {
		t.Fatalf("screen --json: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var out struct {
		Query     string
		Algorithm string
		Lists     []struct{ Name, Version string }
		Hits      []struct {
			List, ID, Name, Matched string
			Score                   float64
			Why                     []string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("screen --json: %v\n%s", err, r.stdout)
	}
	if out.Algorithm == "" || len(out.Lists) != 1 || out.Lists[0].Version != "2025-01-07" || len(out.Hits) == 0 ||
		out.Hits[0].ID != "H1" || out.Hits[0].List != "1260h" || out.Hits[0].Score < 0.9 || len(out.Hits[0].Why) == 0 {
		t.Errorf("screen --json = %+v", out)
	}
	if r := run(t, dir, "", "screen", "--db", db, "Jinping", "Xi"); r.code != 0 || !strings.Contains(r.stdout, "1260h H2") {
		t.Errorf("screen Jinping Xi: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "", "screen", "--db", db, "Zhongnan Shipping"); r.code != 0 || !strings.Contains(r.stdout, "no hits") {
		t.Errorf("screen of an unlisted name: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "", "screen", "--db", db, "X"); r.code != 1 || !strings.Contains(r.stderr, "too short") {
		t.Errorf("screen X: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "", "screen", "--db", db, "--type", "ship", "X"); r.code != 2 {
		t.Errorf("screen --type ship: exit %d, want 2", r.code)
	}

	// A malformed file is refused with its line, and the list stays.
	bad := writeFile(t, dir, "bad.csv", "id,name\nH9,Fine Name\nH9,Duplicate Id\n")
	if r := run(t, dir, "", "lists", "import", "csv", "--db", db, "--name", "1260h", bad); r.code != 1 || !strings.Contains(r.stderr, "bad.csv:3") {
		t.Errorf("import of a bad file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "", "lists", "--db", db, "--json"); !strings.Contains(r.stdout, `"Entries": 2`) {
		t.Errorf("after a failed import the list changed:\n%s", r.stdout)
	}

	batch := writeFile(t, dir, "names.csv", "id,name,country\nc1,Skyline Navigation Co Ltd,CN\nc2,!!!,\nc3,Acme Widgets,US\n")
	r = run(t, dir, "", "screen", "--db", db, "--batch", batch)
	if r.code != 1 || !strings.Contains(r.stderr, "names.csv:3") || !strings.Contains(r.stdout, "names.csv:2") || strings.Contains(r.stdout, "names.csv:4") {
		t.Errorf("screen --batch: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestScreenDocs ingests an article naming a listed person, screens the
// stored documents twice (the second run stores nothing new) and shows the
// hit on the document.
func TestScreenDocs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	article := writeFile(t, dir, "visit.txt", "Xi Jinping meets Kazakh president in Astana\n\n"+
		"Chinese President Xi Jinping met the president of Kazakhstan in Astana on 3 July, and the two leaders signed "+
		"agreements on energy and transport. Xi Jinping praised the partnership between the two countries.\n")
	if r := run(t, dir, "", "ingest", "--db", db, article); r.code != 0 {
		t.Fatalf("ingest: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	list := writeFile(t, dir, "people.csv", "id,name,type\nP1,XI Jinping,person\nP2,Someone Else Entirely,person\n")
	if r := run(t, dir, "", "lists", "import", "csv", "--db", db, "--name", "people", list); r.code != 0 {
		t.Fatalf("lists import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	first := run(t, dir, "", "screen", "--db", db, "--docs")
	if first.code != 0 || !strings.Contains(first.stdout, "people P1") {
		t.Fatalf("screen --docs: exit %d\n%s%s", first.code, first.stdout, first.stderr)
	}
	if strings.Contains(first.stderr, " 0 new") {
		t.Errorf("first screen --docs stored nothing: %s", first.stderr)
	}
	again := run(t, dir, "", "screen", "--db", db, "--docs")
	if again.code != 0 || !strings.Contains(again.stderr, " 0 new") {
		t.Errorf("second screen --docs: exit %d\n%s%s", again.code, again.stdout, again.stderr)
	}
	if r := run(t, dir, "", "docs", "show", "--db", db, "1"); r.code != 0 || !strings.Contains(r.stdout, "Screening hits") || !strings.Contains(r.stdout, "people P1") {
		t.Errorf("docs show: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := run(t, dir, "", "docs", "show", "--db", db, "--json", "1")
	var shown struct {
		Hits []struct {
			Query, List, ID, Matched string
			Score                    float64
		} `json:"screening_hits"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &shown); r.code != 0 || err != nil || len(shown.Hits) == 0 ||
		shown.Hits[0].List == "" || shown.Hits[0].ID == "" || shown.Hits[0].Score <= 0 || shown.Hits[0].Score > 1 {
		t.Errorf("docs show --json: exit %d, %v, hits %+v\n%s", r.code, err, shown.Hits, r.stderr)
	}
}
