package cli

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store/sqlite"
)

// analyticsDB stores imported events a user could have imported: China
// and NATO talk calmly for ten weeks, then China denounces NATO for two
// days; France rejects a US plan; the US and France differ about China.
func analyticsDB(t *testing.T) (dir, db string) {
	t.Helper()
	dir = t.TempDir()
	db = filepath.Join(dir, "a.db")
	s, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var evs []*event.Event
	n := 0
	add := func(date time.Time, src, tgt, code string, quad int, gs float64) {
		n++
		evs = append(evs, &event.Event{Origin: "gdelt", OriginID: fmt.Sprint(n), Date: date,
			Source: event.Actor{Code: src}, Target: event.Actor{Code: tgt}, Code: code, Root: code[:2],
			Quad: quad, Goldstein: gs, URL: fmt.Sprintf("https://news.example/%d", n)})
	}
	start := time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	for d := start; d.Before(time.Date(2023, 7, 20, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, 1) {
		add(d, "CHNGOV", "IGOWSTNAT", "036", 1, 4)
		add(d, "USA", "JPN", "042", 1, 1.9)
	}
	for _, d := range []time.Time{time.Date(2023, 7, 11, 0, 0, 0, 0, time.UTC), time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC)} {
		for range 12 {
			add(d, "CHNGOV", "IGOWSTNAT", "111", 3, -2)
		}
		for range 3 {
			add(d, "FRAGOV", "USAGOV", "125", 3, -5)
		}
		add(d, "USAGOV", "CHN", "112", 3, -6)
		add(d, "FRAGOV", "CHN", "057", 1, 8)
		add(d, "FRA", "DEU", "042", 1, 1.9)
	}
	if _, err := s.PutEvents(t.Context(), evs); err != nil {
		t.Fatal(err)
	}
	return dir, db
}

func TestWatchCommands(t *testing.T) {
	dir := t.TempDir()
	wf := filepath.Join(dir, "w.yaml")
	if r := run(t, dir, "", "watch", "list", "--watch", wf); r.code != 0 || !strings.Contains(r.stdout, "no watches") {
		t.Errorf("list of a missing file: exit %d %q", r.code, r.stdout)
	}
	if r := run(t, dir, "", "watch", "add", "chn-nato", "--watch", wf, "--dyad", "China-NATO", "--codes", "11,12"); r.code != 0 {
		t.Fatalf("add: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, dir, "", "watch", "add", "words", "--watch", wf, "--keywords", "Tokyo office, veto"); r.code != 0 {
		t.Fatalf("add keywords: exit %d %s", r.code, r.stderr)
	}
	bad := []struct {
		args   []string
		stderr string
	}{
		{[]string{"add", "chn-nato", "--dyad", "China-Japan"}, "already"},
		{[]string{"add", "x", "--dyad", "China-NATO", "--metric", "vibes"}, `metric "vibes"`},
		{[]string{"add", "x", "--dyad", "China-NATO", "--actor", "Japan"}, "exactly one"},
		{[]string{"add", "x", "--actor", "China", "--codes", "1a"}, `code "1a"`},
		{[]string{"frobnicate"}, "unknown subcommand"},
	}
	for _, b := range bad {
		r := run(t, dir, "", append(append([]string{"watch"}, b.args...), "--watch", wf)...)
		if r.code != 2 || !strings.Contains(r.stderr, b.stderr) {
			t.Errorf("watch %v: exit %d, stderr %q; want 2 and %q", b.args, r.code, r.stderr, b.stderr)
		}
	}
	r := run(t, dir, "", "watch", "list", "--watch", wf)
	if !strings.Contains(r.stdout, "chn-nato") || !strings.Contains(r.stdout, "dyad China-NATO codes 11,12, conflict by day") ||
		!strings.Contains(r.stdout, "keywords Tokyo office,veto") {
		t.Errorf("list:\n%s", r.stdout)
	}
	if r := run(t, dir, "", "watch", "remove", "words", "--watch", wf); r.code != 0 {
		t.Errorf("remove: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, dir, "", "watch", "remove", "words", "--watch", wf); r.code != 1 || !strings.Contains(r.stderr, `no watch "words"`) {
		t.Errorf("remove again: exit %d %s", r.code, r.stderr)
	}
	if r := run(t, dir, "", "watch", "list", "--watch", wf); strings.Contains(r.stdout, "words") {
		t.Errorf("removed watch still listed:\n%s", r.stdout)
	}
}

func TestAlertsCommand(t *testing.T) {
	dir, db := analyticsDB(t)
	// watch add writes the default watch file, ./georisk-watch.yaml in dir.
	for _, a := range [][]string{
		{"chn-nato", "--dyad", "China->NATO"},
		{"chn", "--actor", "CHN", "--metric", "conflict"},
		{"calm", "--dyad", "USA-JPN", "--metric", "events"},
	} {
		if r := run(t, dir, "", append([]string{"watch", "add"}, a...)...); r.code != 0 {
			t.Fatalf("watch add %v: %s", a, r.stderr)
		}
	}
	svg := filepath.Join(dir, "alerts.svg")
	args := []string{"alerts", "--db", db, "--since", "2023-07-01", "--until", "2023-07-20"}
	r := run(t, dir, "", append(args, "--plot", svg)...)
	if r.code != 0 {
		t.Fatalf("alerts: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"2023-07-11  ", "chn-nato", "correlated", "2 watches moved together: chn, chn-nato", "CHNGOV→IGOWSTNAT 111  https://news.example/"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("alerts output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, " calm ") {
		t.Errorf("the calm dyad alerted:\n%s", r.stdout)
	}
	b, err := os.ReadFile(svg)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Lines []struct {
			Class string `xml:"class,attr"`
		} `xml:"line"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("--plot wrote bad SVG: %v", err)
	}
	marks := 0
	for _, l := range doc.Lines {
		if l.Class == "mark" {
			marks++
		}
	}
	if marks == 0 {
		t.Error("the alerts chart marks no alert")
	}

	stored := func() []map[string]any {
		t.Helper()
		r := run(t, dir, "", "alerts", "--db", db, "--stored", "--json")
		var out []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
			t.Fatalf("alerts --stored --json: %v\n%s", err, r.stdout)
		}
		return out
	}
	first := stored()
	if len(first) < 3 {
		t.Fatalf("%d stored alerts, want at least chn-nato, chn and correlated", len(first))
	}
	if r := run(t, dir, "", args...); r.code != 0 {
		t.Fatalf("alerts again: %s", r.stderr)
	}
	if again := stored(); len(again) != len(first) {
		t.Errorf("running alerts twice stored %d alerts, then %d: duplicates", len(first), len(again))
	}
	var ev []any
	for _, a := range first {
		if a["rule"] == "chn-nato" {
			ev, _ = a["evidence"].([]any)
		}
	}
	if len(ev) == 0 {
		t.Errorf("the chn-nato alert has no evidence: %v", first)
	}
	r = run(t, dir, "", "alerts", "--db", db, "--stored", "--csv", "--severity", "high")
	if !strings.HasPrefix(r.stdout, "id,start,end,rule,series,detector,severity") {
		t.Errorf("--csv:\n%s", r.stdout)
	}
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n")[1:] {
		if !strings.Contains(line, ",high,") {
			t.Errorf("--severity high printed %q", line)
		}
	}
}

func TestAlertsBadInput(t *testing.T) {
	dir, db := analyticsDB(t)
	wf := filepath.Join(dir, "w.yaml")
	os.WriteFile(wf, []byte("watches:\n  - name: a\n    dyad: China-NATO\n    treshold: 3\n"), 0o644)
	r := run(t, dir, "", "alerts", "--db", db, "--watch", wf)
	if r.code != 1 || !strings.Contains(r.stderr, wf+":4:") || !strings.Contains(r.stderr, "treshold") {
		t.Errorf("misspelt key: exit %d, stderr %q; want the file:line and the key", r.code, r.stderr)
	}
	os.WriteFile(wf, []byte("watches:\n  - name: a\n    dyad: China-NATO\n  - name: b\n    dyad: Narnia-NATO\n"), 0o644)
	r = run(t, dir, "", "alerts", "--db", db, "--watch", wf, "--since", "2023-07-01")
	if r.code != 1 || !strings.Contains(r.stderr, `watch b: unknown actor "Narnia"`) || !strings.Contains(r.stdout, "3 watches") && !strings.Contains(r.stdout, "2 watches") {
		t.Errorf("unknown actor: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, dir, "", "alerts", "--db", db, "--watch", filepath.Join(dir, "none.yaml")); r.code != 1 || !strings.Contains(r.stderr, "no watches") {
		t.Errorf("no watch file: exit %d %s", r.code, r.stderr)
	}
	empty := filepath.Join(dir, "empty.db")
	os.WriteFile(wf, []byte("watches:\n  - name: a\n    dyad: China-NATO\n"), 0o644)
	if r := run(t, dir, "", "alerts", "--db", empty, "--watch", wf); r.code != 1 || !strings.Contains(r.stderr, "no events stored") {
		t.Errorf("empty store: exit %d %s", r.code, r.stderr)
	}
}

func TestSeriesOutputs(t *testing.T) {
	dir, db := analyticsDB(t)
	base := []string{"--db", db, "--dyad", "China-NATO", "--since", "2023-07-01", "--until", "2023-07-15"}
	r := run(t, dir, "", append([]string{"series", "--csv"}, base...)...)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || len(lines) != 15 || !strings.HasPrefix(lines[0], "start,end,events,") {
		t.Fatalf("series --csv: exit %d, %d lines\n%s%s", r.code, len(lines), r.stdout, r.stderr)
	}
	if !strings.HasPrefix(lines[11], "2023-07-11,2023-07-12,13,13,1,0,12,0,") {
		t.Errorf("2023-07-11 row: %s", lines[11])
	}
	pngFile := filepath.Join(dir, "s.png")
	if r := run(t, dir, "", append([]string{"index", "--plot", pngFile, "--by", "day"}, base...)...); r.code != 0 {
		t.Fatalf("index --plot: %s", r.stderr)
	}
	f, err := os.Open(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if img, err := png.Decode(f); err != nil || img.Bounds().Dx() < 200 {
		t.Errorf("index --plot wrote no PNG: %v", err)
	}
	r = run(t, dir, "", append([]string{"index", "--csv", "--by", "day"}, base...)...)
	if !strings.HasPrefix(r.stdout, "start,end,events,total,index,") || strings.Count(r.stdout, "\n") != 15 {
		t.Errorf("index --csv:\n%s", r.stdout)
	}
	bad := []struct {
		args   []string
		stderr string
	}{
		{[]string{"series", "--db", db, "--dyad", "Narnia-NATO"}, `unknown actor "Narnia"`},
		{[]string{"series", "--db", db, "--dyad", "China-NATO", "--plot", filepath.Join(dir, "x.gif")}, "want a file name ending in .svg or .png"},
		{[]string{"series", "--db", db, "--dyad", "China-NATO", "--csv", "--json"}, "not both"},
		{[]string{"series", "--db", db, "--actor", "@Narnia"}, "not a group"},
	}
	for _, b := range bad {
		r := run(t, dir, "", b.args...)
		if r.code != 2 || !strings.Contains(r.stderr, b.stderr) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", b.args, r.code, r.stderr, b.stderr)
		}
	}
	// A range with no events is an error, not an empty chart.
	svg := filepath.Join(dir, "none.svg")
	r = run(t, dir, "", "series", "--db", db, "--dyad", "China-NATO", "--since", "2020-01-01", "--until", "2020-02-01", "--plot", svg)
	if r.code != 1 || !strings.Contains(r.stderr, "no events of CHN - IGOWSTNAT in [2020-01-01, 2020-02-01)") {
		t.Errorf("empty range: exit %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(svg); err == nil {
		t.Error("an empty range still wrote a chart")
	}
}

func TestCohesionCommand(t *testing.T) {
	dir, db := analyticsDB(t)
	r := run(t, dir, "", "cohesion", "NATO", "--db", db, "--towards", "China", "--since", "2023-06-01", "--until", "2023-08-01")
	if r.code != 0 {
		t.Fatalf("cohesion: exit %d %s", r.code, r.stderr)
	}
	for _, want := range []string{"NATO cohesion by month", "disagreements: FRA->USA×6", "event ", "FRAGOV→USAGOV 125", "mean Goldstein towards CHN: FRA +8.0, USA -6.0"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("cohesion output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, dir, "", "cohesion", "NATO", "--db", db, "--towards", "China", "--since", "2023-06-01", "--until", "2023-08-01", "--csv")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 {
		t.Fatalf("cohesion --csv:\n%s", r.stdout)
	}
	june, july := strings.Split(lines[1], ","), strings.Split(lines[2], ",")
	// June: no intra-NATO events and no stances: 100. July: 6 of 8
	// intra-NATO events are conflict, stances +8 and -6 (std 7, /10).
	if june[8] != "100" {
		t.Errorf("June cohesion %s, want 100", june[8])
	}
	if july[4] != "6" || july[3] != "8" || !strings.HasPrefix(july[8], "7.5") {
		t.Errorf("July: %v; want 8 intra events, 6 conflict, cohesion 100·0.25·0.3 = 7.5", july)
	}
	for _, b := range [][]string{{"cohesion", "Narnia", "--db", db}, {"cohesion", "NATO", "--towards", "Narnia", "--db", db}, {"cohesion", "--db", db}} {
		if r := run(t, dir, "", b...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2", b, r.code)
		}
	}
}

func TestRollupRebuild(t *testing.T) {
	dir, db := analyticsDB(t)
	before := run(t, dir, "", "series", "--db", db, "--actor", "CHN", "--since", "2023-07-01", "--until", "2023-07-20", "--csv")
	r := run(t, dir, "", "rollup", "--db", db, "--rebuild")
	if r.code != 0 || !strings.Contains(r.stdout, "rebuilt ") {
		t.Fatalf("rollup --rebuild: exit %d %s%s", r.code, r.stdout, r.stderr)
	}
	after := run(t, dir, "", "series", "--db", db, "--actor", "CHN", "--since", "2023-07-01", "--until", "2023-07-20", "--csv")
	if before.stdout != after.stdout || !bytes.Contains([]byte(after.stdout), []byte("2023-07-11")) {
		t.Errorf("series changed after a rebuild:\n%s\n%s", before.stdout, after.stdout)
	}
	if r := run(t, dir, "", "rollup", "--db", db); r.code != 2 {
		t.Errorf("rollup without --rebuild: exit %d", r.code)
	}
}
