package cli

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const samples = "../../../shared/samples"

func needSamples(t *testing.T) {
	if _, err := os.Stat(samples); err != nil {
		t.Skipf("dataset samples %s absent (they live in ../shared, beside the repository): %v", samples, err)
	}
}

func importJSON(t *testing.T, dir string, args ...string) (importSummary, result) {
	t.Helper()
	r := run(t, dir, "", append([]string{"import", "--json"}, args...)...)
	var s importSummary
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("import --json printed %q: %v\nstderr: %s", r.stdout, err, r.stderr)
	}
	return s, r
}

// TestImportSamples imports the real dataset samples, each with its format
// named and then all of them with auto detection, and re-imports them.
func TestImportSamples(t *testing.T) {
	needSamples(t)
	dir := t.TempDir()
	files := []struct {
		format, path string
		rows         int
	}{
		{"gdelt", "gdelt2_events/20191024143000.export.CSV", 2111},
		{"gdelt1", "gdelt1_events/events_sample_gdelt1.tsv", 710},
		{"gkg", "gdelt2_gkg/20230702153000.gkg.csv.zip", 951},
		{"acled", "acled/acled_export_2024-11_current_format.csv", 2},
		{"acled", "acled/acled_api_export_2020-05_head300.csv", 300},
		{"acled", "acled/acled_asia_2015_legacy2016_format_head300.csv", 300},
		{"icews", "icews/events.2018.sample.tab", -1},
	}
	db := filepath.Join(dir, "s.db")
	total := 0
	for _, f := range files {
		s, r := importJSON(t, dir, "--db", db, f.format, filepath.Join(samples, f.path))
		if r.code != 0 || s.BadRows != 0 || s.FailedFiles != 0 || f.rows >= 0 && s.Rows != f.rows {
			t.Errorf("import %s %s: exit %d %+v; want %d rows, none bad\nstderr: %s", f.format, f.path, r.code, s, f.rows, r.stderr)
		}
		total += s.Rows
	}
	// Everything again, detected: nothing new.
	var paths []string
	for _, f := range files {
		paths = append(paths, filepath.Join(samples, f.path))
	}
	s, r := importJSON(t, dir, append([]string{"--db", db, "auto"}, paths...)...)
	if r.code != 0 || s.Rows != total || s.Added != 0 || s.Articles != 0 || s.BadRows != 0 {
		t.Errorf("auto re-import: exit %d %+v; want %d rows, nothing added\nstderr: %s", r.code, s, total, r.stderr)
	}
	st := run(t, dir, "", "stats", "--db", db, "--json")
	var stats struct {
		Events  int            `json:"events"`
		Origins map[string]int `json:"events_by_origin"`
		Art     int            `json:"article_meta"`
	}
	if err := json.Unmarshal([]byte(st.stdout), &stats); err != nil {
		t.Fatal(err)
	}
	if stats.Origins["gdelt"] == 0 || stats.Origins["acled"] != 602 || stats.Origins["icews"] == 0 || stats.Art != 951 {
		t.Errorf("stats after import: %+v", stats)
	}

	t.Run("events filters", func(t *testing.T) {
		r := run(t, dir, "", "events", "--db", db, "--origin", "acled", "--limit", "1000", "--json")
		var evs []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &evs); err != nil {
			t.Fatal(err)
		}
		if len(evs) != 602 {
			t.Errorf("events --origin acled: %d, want 602", len(evs))
		}
		for _, e := range evs {
			if e["origin"] != "acled" {
				t.Fatalf("events --origin acled listed %v", e["origin"])
			}
		}
		r = run(t, dir, "", "events", "--db", db, "--origin", "gdelt", "--quad", "4", "--csv", "--limit", "5000")
		rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
		if err != nil || len(rows) < 2 || rows[0][0] != "id" {
			t.Fatalf("events --csv: %v %q", err, r.stdout[:min(200, len(r.stdout))])
		}
		for _, row := range rows[1:] {
			if row[12] != "4" {
				t.Fatalf("events --quad 4 listed quad %s", row[12])
			}
		}
	})
}

// TestImportBadRows imports files of our own with bad rows: each bad row is
// reported with file:line, the good rows are stored, and the exit status is 1.
func TestImportBadRows(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "b.db")
	s, r := importJSON(t, dir, "--db", db, "auto", "../source/gdelt/testdata/events.tsv", "../source/acled/testdata/current.csv")
	if r.code != 1 || s.BadRows == 0 || s.Added == 0 {
		t.Fatalf("import of files with bad rows: exit %d %+v\nstderr: %s", r.code, s, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	bad := 0
	for _, l := range lines {
		if strings.Contains(l, "events.tsv:") || strings.Contains(l, "current.csv:") {
			bad++
		}
	}
	if bad != s.BadRows {
		t.Errorf("%d bad rows counted but %d lines name file:line:\n%s", s.BadRows, bad, r.stderr)
	}
	again, _ := importJSON(t, dir, "--db", db, "auto", "../source/gdelt/testdata/events.tsv", "../source/acled/testdata/current.csv")
	if again.Added != 0 || again.Unchanged != s.Added {
		t.Errorf("re-import: %+v, want all %d unchanged", again, s.Added)
	}
	if u := run(t, dir, "", "import", "--db", db, "nosuch", "x"); u.code != 2 || !strings.Contains(u.stderr, `unknown format "nosuch"`) {
		t.Errorf("unknown format: exit %d %s", u.code, u.stderr)
	}
}

// fakeGDELT serves lastupdate.txt, masterfilelist.txt (three files in the
// last half hour) and the files, all holding our own test export.
func fakeGDELT(t *testing.T) string {
	export, err := os.ReadFile("../source/gdelt/testdata/events.tsv")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(15 * time.Minute)
	stamp := func(d time.Duration) string { return now.Add(-d).Format("20060102150405") }
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	f, _ := zw.Create(stamp(0) + ".export.CSV")
	f.Write(export)
	zw.Close()
	var srv *httptest.Server
	fetched := map[string]int{}
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched[r.URL.Path]++
		switch {
		case strings.HasSuffix(r.URL.Path, "lastupdate.txt"):
			fmt.Fprintf(w, "%d abc %s/gdeltv2/%s.export.CSV.zip\n", zb.Len(), srv.URL, stamp(0))
		case strings.HasSuffix(r.URL.Path, "masterfilelist.txt"):
			for _, d := range []time.Duration{30 * time.Minute, 15 * time.Minute, 0} {
				fmt.Fprintf(w, "%d abc %s/gdeltv2/%s.export.CSV.zip\n", zb.Len(), srv.URL, stamp(d))
			}
		case strings.HasSuffix(r.URL.Path, ".export.CSV.zip"):
			w.Write(zb.Bytes())
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/gdeltv2/"
}

// TestImportLive polls a fake GDELT server: the files of the window are
// imported once, and a second poll finds nothing new.
func TestImportLive(t *testing.T) {
	base := fakeGDELT(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "live.db")
	args := []string{"--db", db, "--allow-private", "--gdelt-base", base, "--since", "1h", "gdelt"}
	s, r := importJSON(t, dir, args...)
	if s.Files != 3 || s.Added == 0 {
		t.Fatalf("live import: %+v\nstderr: %s", s, r.stderr)
	}
	again, r := importJSON(t, dir, args...)
	if again.Files != 0 || !strings.Contains(r.stderr, "0 not yet imported") {
		t.Errorf("second poll: %+v, want no files\nstderr: %s", again, r.stderr)
	}
}

// TestGKGMeetsArticle ingests an article whose URL a GKG row describes, and
// checks that "docs show" joins the two.
func TestGKGMeetsArticle(t *testing.T) {
	needSamples(t)
	gkg := filepath.Join(samples, "gdelt2_gkg/20230702153000.gkg.head150.csv")
	raw, err := os.ReadFile(gkg)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(raw), "\n")
	cols := strings.Split(first, "\t")
	if len(cols) < 5 || !strings.HasPrefix(cols[4], "http") {
		t.Fatalf("first GKG row has no URL: %.200q", first)
	}
	url := cols[4]
	dir := t.TempDir()
	db := filepath.Join(dir, "g.db")
	rec, _ := json.Marshal(map[string]string{"id": "1", "title": "A report", "url": url, "source": "test",
		"text": "Officials met in the capital on Sunday to discuss the harvest, the budget and the state of the roads, and agreed to meet again."})
	path := write(t, filepath.Join(dir, "one.jsonl"), append(rec, '\n'))
	if s, r := ingestJSON(t, dir, "", "--db", db, path); s.New != 1 {
		t.Fatalf("ingest: %+v %s", s, r.stderr)
	}
	if s, r := importJSON(t, dir, "--db", db, "gkg", gkg); s.Articles != 150 {
		t.Fatalf("import gkg: %+v %s", s, r.stderr)
	}
	show := run(t, dir, "", "docs", "show", "--db", db, "--json", "1")
	var d struct {
		KG []struct {
			RecordID string
			Themes   []string
		} `json:"knowledge_graph"`
	}
	if err := json.Unmarshal([]byte(show.stdout), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.KG) != 1 || d.KG[0].RecordID == "" || len(d.KG[0].Themes) == 0 {
		t.Errorf("docs show: knowledge graph %+v, want the GKG row of %s", d.KG, url)
	}
}

// TestScheduleGDELT polls the fake GDELT feed once from "georisk schedule".
func TestScheduleGDELT(t *testing.T) {
	base := fakeGDELT(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "sched.db")
	r := run(t, dir, "", "schedule", "--once", "--db", db, "--allow-private", "--gdelt-base", base, "--gdelt-since", "1h")
	if !strings.Contains(r.stderr, "GDELT: 3 new files") {
		t.Fatalf("schedule --gdelt-since: exit %d\n%s", r.code, r.stderr)
	}
	ev := run(t, dir, "", "events", "--db", db, "--origin", "gdelt", "--json")
	if !strings.Contains(ev.stdout, `"origin": "gdelt"`) {
		t.Errorf("no GDELT events after schedule: %s", ev.stdout)
	}
	again := run(t, dir, "", "schedule", "--once", "--db", db, "--allow-private", "--gdelt-base", base, "--gdelt-since", "1h")
	if !strings.Contains(again.stderr, "GDELT: 0 new files") {
		t.Errorf("second poll:\n%s", again.stderr)
	}
}
