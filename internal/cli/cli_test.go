package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/sample"
)

// result is what one georisk command line produced.
type result struct {
	code           int
	stdout, stderr string
}

// run runs georisk in-process as a user would type it, in dir.
func run(t *testing.T, dir, stdin string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(string) string { return "" }}
	err := Run(t.Context(), args, env)
	if err != nil && !strings.Contains(errb.String(), err.Error()) && ExitCode(err) != 0 && err != ErrFailed {
		fmt.Fprintf(&errb, "georisk: %v\n", err)
	}
	return result{ExitCode(err), out.String(), errb.String()}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a regexp
		stderr string
		reason string
	}{
		{"help", []string{"help"}, 0, `(?s)Commands:.*demo.*ingest.*search`, ``, "help lists the commands"},
		{"help command", []string{"help", "ingest"}, 0, `Usage: georisk ingest.*SOURCE`, ``, "help CMD is CMD --help"},
		{"flag help", []string{"search", "--help"}, 0, `(?s)Usage: georisk search.*-since`, ``, "--help prints flags"},
		{"no command", nil, 2, ``, `Commands:`, "usage on stderr"},
		{"unknown", []string{"frobnicate"}, 2, ``, `unknown command "frobnicate"`, "names the command"},
		{"missing args", []string{"ingest", "--db", filepath.Join(dir, "x.db")}, 2, ``, `no SOURCE`, "ingest needs sources"},
		{"bad flag", []string{"docs", "--bogus"}, 2, ``, `bogus`, "unknown flags are usage errors"},
		{"bad date", []string{"search", "--since", "July", "nato"}, 2, ``, `--since "July"`, "dates are checked"},
		{"bad id", []string{"docs", "show", "abc"}, 2, ``, `"abc" is not a document ID`, "IDs are numbers"},
		{"version", []string{"version"}, 0, `^georisk .* schema \d+`, ``, "version prints the schema"},
		{"migrate", []string{"migrate", "--db", filepath.Join(dir, "m.db")}, 0, `schema at version \d+`, ``, "migrate creates or upgrades"},
		{"no database", []string{"stats", "--db", "postgres://nobody@127.0.0.1:1/x?connect_timeout=2"}, 1, ``, `opening postgres database "x" on 127.0.0.1:1`, "an unreachable database is a clear error"},
		{"no queue", []string{"worker", "--queue", "nats://127.0.0.1:1", "--db", filepath.Join(dir, "w.db")}, 1, ``, `127.0.0.1:1`, "an unreachable queue is a clear error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := run(t, dir, "", tt.args...)
			if r.code != tt.code {
				t.Errorf("exit %d, want %d (%s)\nstderr: %s", r.code, tt.code, tt.reason, r.stderr)
			}
			if !regexp.MustCompile(tt.stdout).MatchString(r.stdout) {
				t.Errorf("stdout %q does not match %q (%s)", r.stdout, tt.stdout, tt.reason)
			}
			if !regexp.MustCompile(tt.stderr).MatchString(r.stderr) {
				t.Errorf("stderr %q does not match %q (%s)", r.stderr, tt.stderr, tt.reason)
			}
		})
	}
}

// TestDemo runs the demo and checks the stories it found against the
// corpus manifest: every group of copies is one story, and nothing else is.
func TestDemo(t *testing.T) {
	dir := t.TempDir()
	r := run(t, dir, "", "demo", "--no-serve")
	if r.code != 0 {
		t.Fatalf("demo exit %d\nstderr: %s", r.code, r.stderr)
	}
	for _, want := range []string{"seen 40, new 40", "Stories published more than once", "Search for"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo output lacks %q:\n%s", want, r.stdout)
		}
	}
	db := filepath.Join(dir, "georisk-demo.db")
	docs := run(t, dir, "", "docs", "--db", db, "--json", "--limit", "1000")
	var listed []struct {
		ID      int64  `json:"id"`
		Input   string `json:"input"`
		StoryID int64  `json:"story_id"`
		Title   string `json:"title"`
		Lang    string `json:"lang"`
		Pub     string `json:"published"`
	}
	if err := json.Unmarshal([]byte(docs.stdout), &listed); err != nil {
		t.Fatalf("docs --json: %v\n%s", err, docs.stdout)
	}
	manifest, err := sample.Manifest()
	if err != nil {
		t.Fatal(err)
	}
	// Input "sample/feeds/x.xml#2" or "sample/jsonl/wire.jsonl:2" ↔ manifest "feeds/x.xml" item 2.
	itemRE := regexp.MustCompile(`[#:](\d+)$`)
	storyOf := map[string]int64{}
	for _, d := range listed {
		key := strings.TrimPrefix(d.Input, "sample/")
		key = itemRE.ReplaceAllString(key, "#$1")
		storyOf[key] = d.StoryID
	}
	if len(listed) != len(manifest) {
		t.Errorf("stored %d documents, manifest has %d", len(listed), len(manifest))
	}
	groups := map[string]map[int64]bool{} // manifest copy group → story IDs
	owner := map[int64]string{}           // story ID → manifest group or path
	for _, e := range manifest {
		key := e.Path
		if e.Item > 0 {
			key = fmt.Sprintf("%s#%d", e.Path, e.Item)
		}
		id, ok := storyOf[key]
		if !ok {
			t.Errorf("manifest entry %s was not stored", key)
			continue
		}
		group := key
		if e.Dup != "" {
			group = "copies of " + e.Story
		}
		if groups[group] == nil {
			groups[group] = map[int64]bool{}
		}
		groups[group][id] = true
		if prev, ok := owner[id]; ok && prev != group {
			t.Errorf("story %d holds both %s and %s: unrelated articles joined", id, prev, group)
		}
		owner[id] = group
	}
	for g, ids := range groups {
		if len(ids) != 1 {
			t.Errorf("%s landed in %d stories, want 1", g, len(ids))
		}
	}

	// The same corpus again, into the same file, adds nothing.
	again := run(t, dir, "", "demo", "--db", db)
	if again.code != 0 || !strings.Contains(again.stdout, "seen 40, new 0") {
		t.Errorf("second demo into the same file: exit %d\n%s", again.code, again.stdout)
	}
}

// TestQueries ingests the sample corpus and runs search, docs and stats as a
// user would.
func TestQueries(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	if r := run(t, dir, "", "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %d %s", r.code, r.stderr)
	}
	t.Run("search", func(t *testing.T) {
		r := run(t, dir, "", "search", "--db", db, "--json", "gallium", "germanium")
		var hits []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil {
			t.Fatalf("search --json: %v: %s", err, r.stdout)
		}
		if len(hits) < 4 {
			t.Errorf("search gallium germanium found %d articles, want the 4 copies of the wire story at least", len(hits))
		}
		for _, h := range hits {
			if !strings.Contains(strings.ToLower(fmt.Sprint(h["snippet"])), "«") {
				t.Errorf("hit %v has no marked snippet", h["id"])
			}
		}
		none := run(t, dir, "", "search", "--db", db, "zeppelin")
		if none.code != 0 || none.stdout != "" || !strings.Contains(none.stderr, "no articles match") {
			t.Errorf("search with no hits: %+v", none)
		}
		since := run(t, dir, "", "search", "--db", db, "--json", "--since", "2024-01-01", "gallium")
		if strings.Contains(since.stdout, `"published": "2023`) {
			t.Errorf("--since 2024-01-01 returned 2023 articles: %s", since.stdout)
		}
	})
	t.Run("docs show", func(t *testing.T) {
		r := run(t, dir, "", "search", "--db", db, "--json", "--limit", "1", "gallium")
		var hits []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &hits); err != nil || len(hits) != 1 {
			t.Fatalf("search: %v %s", err, r.stdout)
		}
		id := fmt.Sprint(hits[0]["id"])
		show := run(t, dir, "", "docs", "show", "--db", db, id)
		if show.code != 0 || !strings.Contains(show.stdout, "Copies of this story (3)") || !strings.Contains(show.stdout, "gallium") {
			t.Errorf("docs show %s:\n%s%s", id, show.stdout, show.stderr)
		}
		raw := run(t, dir, "", "docs", "show", "--raw", "--db", db, id)
		if raw.code != 0 || len(raw.stdout) < 500 {
			t.Errorf("docs show --raw printed %d bytes", len(raw.stdout))
		}
		missing := run(t, dir, "", "docs", "show", "--db", db, "99999")
		if missing.code != 1 || !strings.Contains(missing.stderr, "not found") {
			t.Errorf("docs show 99999: %+v", missing)
		}
	})
	t.Run("docs", func(t *testing.T) {
		r := run(t, dir, "", "docs", "--db", db, "--limit", "3")
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if len(lines) != 3 || !strings.Contains(lines[0], "2024-") {
			t.Errorf("docs --limit 3 = %q, want three lines, newest (2024) first", lines)
		}
	})
	t.Run("stats", func(t *testing.T) {
		r := run(t, dir, "", "stats", "--db", db, "--json")
		var st map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
			t.Fatal(err)
		}
		got := map[string]any{"documents": st["documents"], "copies": st["copies"], "oldest": st["oldest"]}
		want := map[string]any{"documents": 40.0, "copies": 4.0, "oldest": "2023-02-04"}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("stats (-want +got):\n%s", diff)
		}
	})
}

func TestExtractFixture(t *testing.T) {
	const fixture = "../../../shared/fixtures/pamir-nato-china-2023-08-09.txt"
	if _, err := os.Stat(fixture); err != nil {
		t.Skipf("fixture %s absent (it lives in ../shared): %v", fixture, err)
	}
	r := run(t, t.TempDir(), "", "extract", "--json", fixture)
	if r.code != 0 {
		t.Fatalf("extract exit %d: %s", r.code, r.stderr)
	}
	var got extracted
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("extract --json: %v\n%s", err, r.stdout)
	}
	if got.Title != "NATO angers China. France blocks NATO liaison office in Tokyo" || got.Date != "2023-08-09" || got.Lang != "en" {
		t.Errorf("extract: title %q date %q lang %q", got.Title, got.Date, got.Lang)
	}
	if !strings.HasPrefix(got.Body, "Beijing criticized NATO") || !strings.Contains(got.Body, "intensified economic coercion") {
		t.Errorf("extract body lost the article: %.200q", got.Body)
	}
	for _, junk := range []string{"Skip to main content", "3 min read", "Latest posts", "5G", "Digital Silk Road"} {
		if strings.Contains(got.Body, junk) {
			t.Errorf("extract body contains %q", junk)
		}
	}
}

// TestServe starts "georisk serve", checks /healthz and a posted document,
// and stops it as SIGINT would.
func TestServe(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		env := &Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Dir: dir,
			Getenv: func(k string) string {
				if k == "GEORISK_TOKEN" {
					return "t0k"
				}
				return ""
			}}
		done <- Run(ctx, []string{"serve", "--addr", addr, "--db", filepath.Join(dir, "s.db")}, env)
	}()
	var resp *http.Response
	for range 100 {
		if resp, err = http.Get("http://" + addr + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("/healthz: %v %v", resp, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/documents", strings.NewReader(
		`{"title": "China warns NATO", "text": "China's Foreign Ministry on Wednesday denounced the NATO communique and warned that any act harming its interests would be met with a resolute response."}`))
	req.Header.Set("Authorization", "Bearer t0k")
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("POST /api/documents: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v after shutdown", err)
	}
	if r := run(t, dir, "", "events", "--db", filepath.Join(dir, "s.db"), "--json"); !strings.Contains(r.stdout, "IGOWSTNAT") {
		t.Errorf("the posted document was not coded: %s", r.stdout)
	}
}
