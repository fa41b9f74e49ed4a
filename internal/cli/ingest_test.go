package cli

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/sample"
)

// corpusFile returns a file of the bundled sample corpus.
func corpusFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(sample.FS(), name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func write(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gz(data []byte) []byte {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func zipOf(t *testing.T, files map[string][]byte) []byte {
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for name, data := range files {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write(data)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

type summary struct {
	Seen, New, Copies, Duplicate, Failed int
}

func ingestJSON(t *testing.T, dir, stdin string, args ...string) (summary, result) {
	t.Helper()
	r := run(t, dir, stdin, append([]string{"ingest", "--json"}, args...)...)
	var s summary
	if err := json.Unmarshal([]byte(r.stdout), &s); err != nil {
		t.Fatalf("ingest --json printed %q: %v\nstderr: %s", r.stdout, err, r.stderr)
	}
	return s, r
}

// TestIngestSources feeds every kind of source to "georisk ingest".
func TestIngestSources(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	html := corpusFile(t, "html/meridian-aukus-submarine-plan.html")
	rss := corpusFile(t, "feeds/pacificwire-rss.xml")
	jsonl := corpusFile(t, "jsonl/wire.jsonl")
	text := corpusFile(t, "text/tidewater-finland-joins-nato.txt")
	md := corpusFile(t, "markdown/nato-defence-spending-2024.md")

	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(rss)
	})
	mux.HandleFunc("GET /page.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(corpusFile(t, "html/harbourpost-taiwan-election-lai-wins.html"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	opml := fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><head><title>feeds</title></head><body>
<outline text="Pacific Wire" type="rss" xmlUrl="%s/feed.xml"/></body></opml>`, srv.URL)

	tests := []struct {
		name  string
		files map[string][]byte // written under in/<name>/
		args  func(base string) []string
		stdin string
		seen  int
	}{
		{"html file", map[string][]byte{"a.html": html}, func(b string) []string { return []string{b + "/a.html"} }, "", 1},
		{"directory", map[string][]byte{"x/a.html": html, "x/y/b.txt": text, "x/c.md": md}, func(b string) []string { return []string{b} }, "", 3},
		{"glob", map[string][]byte{"a.html": html, "b.txt": text, "c.md": md}, func(b string) []string { return []string{b + "/*.txt", b + "/*.md"} }, "", 2},
		{"stdin", nil, func(string) []string { return []string{"-"} }, string(text), 1},
		{"feed file", map[string][]byte{"feed.rss": rss}, func(b string) []string { return []string{b + "/feed.rss"} }, "", 6},
		{"jsonl", map[string][]byte{"w.jsonl": jsonl}, func(b string) []string { return []string{b + "/w.jsonl"} }, "", 5},
		{"gzip", map[string][]byte{"w.jsonl.gz": gz(jsonl), "p.gz": gz(html)}, func(b string) []string { return []string{b} }, "", 6},
		{"zip", map[string][]byte{"all.zip": zipOf(t, map[string][]byte{"a.html": html, "b.txt": text, "w.jsonl": jsonl})}, func(b string) []string { return []string{b + "/all.zip"} }, "", 7},
		{"no extension", map[string][]byte{"feed": rss, "page": html}, func(b string) []string { return []string{b} }, "", 7},
		{"url page", nil, func(string) []string { return []string{"--allow-private", srv.URL + "/page.html"} }, "", 1},
		{"url feed", nil, func(string) []string { return []string{"--allow-private", srv.URL + "/feed.xml"} }, "", 6},
		{"opml", map[string][]byte{"feeds.opml": []byte(opml)}, func(b string) []string { return []string{"--allow-private", b + "/feeds.opml"} }, "", 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := filepath.Join(in, strings.ReplaceAll(tt.name, " ", "-"))
			for name, data := range tt.files {
				write(t, filepath.Join(base, name), data)
			}
			db := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-")+".db")
			args := append([]string{"--db", db}, tt.args(base)...)
			s, r := ingestJSON(t, dir, tt.stdin, args...)
			if r.code != 0 || s.Seen != tt.seen || s.New != tt.seen || s.Failed != 0 {
				t.Fatalf("ingest %v: exit %d, %+v; want %d new\nstderr: %s", args, r.code, s, tt.seen, r.stderr)
			}
			again, r := ingestJSON(t, dir, tt.stdin, args...)
			if r.code != 0 || again.New != 0 || again.Duplicate != tt.seen {
				t.Errorf("ingest again: %+v, want all %d duplicate", again, tt.seen)
			}
		})
	}
}

// TestIngestBadInput gives ingest one of each kind of bad input beside a good
// file: each gets one line naming it and the reason, the good file is
// stored, the exit status is 1, and nothing is stored twice.
func TestIngestBadInput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	good := write(t, filepath.Join(in, "good.html"), corpusFile(t, "html/meridian-aukus-submarine-plan.html"))
	empty := write(t, filepath.Join(in, "empty.txt"), nil)
	brokenFeed := write(t, filepath.Join(in, "broken.xml"), []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</ti`))
	noArticle := write(t, filepath.Join(in, "nav.html"), []byte(`<html><body><nav><a href="/">Home</a></nav></body></html>`))
	badJSON := write(t, filepath.Join(in, "bad.jsonl"), []byte(`{"id": "1", "title": "Fine", "text": "`+strings.Repeat("Ships sailed through the strait. ", 10)+`"}`+"\n"+`{"id": "2", "title": `+"\n"))
	// Reuters-style Latin-1: é is 0xE9.
	latin1 := write(t, filepath.Join(in, "latin1.txt"), []byte("Paris talks end\n\nThe minister of the \xc9lys\xe9e said on Monday that talks with Ankara and T\xfcrkiye's partners on the accession of Sweden to the alliance would go on through the summer, and that no date had been set for a vote in parliament.\n"))
	big := filepath.Join(in, "big.txt")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	line := []byte(strings.Repeat("The talks went on late into the night. ", 100) + "\n")
	for written := 0; written < 200<<20; written += len(line) { // 200 MB of text
		if _, err := f.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	f.Close()
	missing := filepath.Join(in, "missing.html")
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(5 * time.Second):
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(slow.Close)

	db := filepath.Join(dir, "bad.db")
	args := []string{"--db", db, "--allow-private", "--timeout", "300ms",
		good, empty, brokenFeed, noArticle, badJSON, latin1, big, missing, slow.URL + "/page"}
	s, r := ingestJSON(t, dir, "", args...)
	if r.code != 1 {
		t.Errorf("exit %d, want 1", r.code)
	}
	wantLines := map[string]string{
		empty:              "empty",
		brokenFeed:         "",
		noArticle:          "no article text",
		badJSON + ":2":     "",
		big:                "too large",
		missing:            "no such file",
		slow.URL + "/page": "timeout",
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	for input, reason := range wantLines {
		n := 0
		for _, l := range lines {
			if strings.Contains(l, input+":") || strings.Contains(l, input+" ") {
				n++
				if !strings.Contains(strings.ToLower(l), reason) {
					t.Errorf("line for %s lacks %q: %s", input, reason, l)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d lines name %s, want 1\nstderr:\n%s", n, input, r.stderr)
		}
	}
	if s.New != 3 || s.Failed != len(wantLines) {
		t.Errorf("summary %+v, want 3 new (good, latin1, the good JSON line) and %d failed\nstderr:\n%s", s, len(wantLines), r.stderr)
	}
	show := run(t, dir, "", "search", "--db", db, "--json", "Élysée")
	if !strings.Contains(show.stdout, "Paris talks end") {
		t.Errorf("the Latin-1 file was not stored as UTF-8: %s", show.stdout)
	}
	again, _ := ingestJSON(t, dir, "", args...)
	if again.New != 0 || again.Duplicate != 3 {
		t.Errorf("second run %+v, want 0 new and 3 duplicate", again)
	}
}

// TestIngestConditionalGET ingests a feed URL twice: the second request is
// conditional (the validators were kept in the store) and brings nothing.
func TestIngestConditionalGET(t *testing.T) {
	rss := corpusFile(t, "feeds/pacificwire-rss.xml")
	var conditional []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("User-Agent") == "" || !strings.Contains(r.Header.Get("User-Agent"), "georisk") {
			t.Errorf("request without georisk's User-Agent: %q", r.Header.Get("User-Agent"))
		}
		conditional = append(conditional, r.Header.Get("If-None-Match"))
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(rss)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	db := filepath.Join(dir, "c.db")
	first, r := ingestJSON(t, dir, "", "--db", db, "--allow-private", srv.URL+"/rss")
	if r.code != 0 || first.New != 6 {
		t.Fatalf("first ingest: %+v\n%s", first, r.stderr)
	}
	second, r := ingestJSON(t, dir, "", "--db", db, "--allow-private", srv.URL+"/rss")
	if r.code != 0 || second.Seen != 0 {
		t.Errorf("second ingest: %+v, want nothing seen (304)\n%s", second, r.stderr)
	}
	if diff := cmp.Diff([]string{"", `"v1"`}, conditional); diff != "" {
		t.Errorf("If-None-Match sent (-want +got):\n%s", diff)
	}
}

// TestIngestRefusesPrivate checks that loopback addresses need --allow-private.
func TestIngestRefusesPrivate(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("the server was reached without --allow-private")
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	s, r := ingestJSON(t, dir, "", "--db", filepath.Join(dir, "p.db"), srv.URL+"/page")
	if r.code != 1 || s.Failed != 1 || !strings.Contains(r.stderr, "--allow-private") {
		t.Errorf("ingest of a loopback URL: exit %d %+v\n%s", r.code, s, r.stderr)
	}
}

// TestIngestBrokenHTML stores the article of a page cut off mid-tag.
func TestIngestBrokenHTML(t *testing.T) {
	dir := t.TempDir()
	page := corpusFile(t, "html/meridian-aukus-submarine-plan.html")
	cut := page[:bytes.LastIndex(page, []byte("</p>"))+2] // ends inside "</p>"
	path := write(t, filepath.Join(dir, "cut.html"), cut)
	s, r := ingestJSON(t, dir, "", "--db", filepath.Join(dir, "b.db"), path)
	if r.code != 0 || s.New != 1 {
		t.Errorf("ingest of truncated HTML: exit %d %+v\n%s", r.code, s, r.stderr)
	}
}
