package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/sqlite"
)

// TestBriefPublish runs the demo (which publishes the CHN–NATO brief) and
// "brief --publish" as a user would, then reads the posts back.
func TestBriefPublish(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	if r := run(t, dir, "", "demo", "--db", db); r.code != 0 {
		t.Fatalf("demo: %s", r.stderr)
	}
	window := []string{"--since", "2023-07-01", "--until", "2023-09-01"}
	args := append([]string{"brief", "--db", db, "--dyad", "CHN-USA", "--publish", "--slug", "chn-usa-summer"}, window...)
	for range 2 { // publishing again replaces
		r := run(t, dir, "", args...)
		if r.code != 0 {
			t.Fatalf("brief --publish: exit %d: %s", r.code, r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("brief --publish without -o wrote to stdout: %.80q", r.stdout)
		}
		if !strings.Contains(r.stderr, "/briefs/chn-usa-summer") {
			t.Errorf("brief --publish does not say where: %s", r.stderr)
		}
	}
	for _, bad := range [][]string{
		{"brief", "--db", db, "--dyad", "CHN-USA", "--slug", "x"},
		{"brief", "--db", db, "--dyad", "CHN-USA", "--publish", "--slug", "Not A Slug"},
	} {
		if r := run(t, dir, "", bad...); r.code != 2 || !strings.Contains(r.stderr, "slug") {
			t.Errorf("%v: exit %d, %s; want a usage error about the slug", bad, r.code, r.stderr)
		}
	}
	s, err := sqlite.Open(t.Context(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.ListBriefs(t.Context(), store.BriefQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d posts stored; want the demo's and chn-usa-summer", len(list))
	}
	demo, err := s.Brief(t.Context(), "china-nato-2023-07-01-2023-08-31")
	if err != nil {
		t.Fatalf("the demo's brief is not published: %v", err)
	}
	b, err := s.Brief(t.Context(), "chn-usa-summer")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []store.Brief{demo, b} {
		if p.ReadingMinutes == 0 || p.Summary == "" || len(p.Topics) < 2 || p.Date.IsZero() {
			t.Errorf("post %s lacks metadata: %d min, summary %q, topics %v, date %v", p.Slug, p.ReadingMinutes, p.Summary, p.Topics, p.Date)
		}
		if strings.Contains(p.HTML, "<style") || strings.Contains(p.HTML, "<script") || strings.Contains(p.HTML, "<body") || strings.Contains(p.HTML, "<h1>") {
			t.Errorf("post %s's HTML is not a body fragment without styles and title", p.Slug)
		}
		if !strings.Contains(p.HTML, "Key developments") || !strings.Contains(p.Markdown, "## Sources") {
			t.Errorf("post %s lacks its bodies", p.Slug)
		}
	}
	if !strings.Contains(demo.HTML, "<svg") {
		t.Error("the demo's post has no chart")
	}
	if demo.Topics[0] != "China" || demo.Topics[1] != "NATO" {
		t.Errorf("the demo's post topics %v; want China and NATO first", demo.Topics)
	}
}
