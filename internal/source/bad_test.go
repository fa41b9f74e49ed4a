package source

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// good is an input read after each bad one, to show that the run goes on.
const good = "testdata/articles/asia/g20.txt"

// TestBadInputs wants exactly one failure for each bad input, naming it and
// the reason, and the items of the other inputs (and records) still read.
func TestBadInputs(t *testing.T) {
	dir := t.TempDir()
	file := func(name string, data []byte) string { return writeFile(t, filepath.Join(dir, name), data) }

	slow := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { wait(r, 5*time.Second) }))
	mux := http.NewServeMux()
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "broken", http.StatusInternalServerError)
	})
	srv := newServer(t, mux)

	var jsonl bytes.Buffer
	for i := range 2000 {
		fmt.Fprintf(&jsonl, `{"id": "r%d", "title": "Talks resume", "text": "Delegations met again in Geneva on day %d of the talks."}`+"\n", i, i)
	}
	gz := gzipBytes(t, jsonl.Bytes())

	tests := []struct {
		name, reason string
		input        string  // the bad input
		opt          Options // AllowPrivate unless private is set
		private      bool
		wantInput    string // the failure's Input, when not input
		wantErr      string // in the failure's error text, besides wantInput
		wantItems    int    // items in all, good's included
	}{
		{name: "missing file", reason: "a file that does not exist",
			input: "testdata/no-such-file.txt", wantErr: "no such file or directory", wantItems: 1},
		{name: "glob matches nothing", reason: "a glob with no match",
			input: "testdata/*.nothing", wantErr: "no files match", wantItems: 1},
		{name: "empty file", reason: "a file of zero bytes",
			input: file("empty.txt", nil), wantErr: "empty file", wantItems: 1},
		{name: "blank file", reason: "a file of white space only",
			input: file("blank.txt", []byte("\n  \n\t\n")), wantErr: "empty file", wantItems: 1},
		{name: "too large", reason: "a document over MaxItemBytes",
			input: file("big.html", []byte("<html><body>"+strings.Repeat("<p>Long.</p>", 400)+"</body></html>")),
			opt:   Options{MaxItemBytes: 2 << 10}, wantErr: "too large (4.7 KB > 2 KB limit)", wantItems: 1},
		{name: "too large gzip", reason: "a compressed document over MaxItemBytes is measured decompressed",
			input: file("big.txt.gz", gzipBytes(t, bytes.Repeat([]byte("All quiet on the border. "), 1000))),
			opt:   Options{MaxItemBytes: 4 << 10}, wantErr: "too large (24.4 KB > 4 KB limit)", wantItems: 1},
		{name: "broken feed", reason: "XML that the feed parser cannot parse",
			input:   file("broken.rss", []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Half`)),
			wantErr: "parsing feed: XML syntax error on line 1: unexpected EOF", wantItems: 1},
		{name: "invalid JSON line", reason: "a line that is not JSON fails alone; the other lines are read",
			input:     file("bad.jsonl", []byte(`{"title": "One", "text": "First record."}`+"\n"+`{"title": "Two", "text": "unterminated`+"\n"+`{"title": "Three", "text": "Third record."}`+"\n")),
			wantInput: filepath.Join(dir, "bad.jsonl") + ":2", wantErr: "invalid JSON", wantItems: 3},
		{name: "JSON line without text", reason: "a record needs text or html",
			input:     file("notext.jsonl", []byte(`{"title": "One", "text": "First record."}`+"\n"+`{"id": "2", "title": "Headline only"}`+"\n")),
			wantInput: filepath.Join(dir, "notext.jsonl") + ":2", wantErr: "record has no text or html", wantItems: 2},
		{name: "JSON line not an object", reason: "a record must be an object",
			input:     file("array.jsonl", []byte(`{"title": "One", "text": "First record."}`+"\n"+`["a", "b"]`+"\n")),
			wantInput: filepath.Join(dir, "array.jsonl") + ":2", wantErr: "not a JSON object", wantItems: 2},
		{name: "JSON line too long", reason: "a line over MaxItemBytes fails alone",
			input:     file("long.jsonl", []byte(`{"title": "Long", "text": "`+strings.Repeat("x", 3000)+`"}`+"\n"+`{"title": "Short", "text": "Fits."}`+"\n")),
			opt:       Options{MaxItemBytes: 2 << 10},
			wantInput: filepath.Join(dir, "long.jsonl") + ":1", wantErr: "too large", wantItems: 2},
		{name: "broken gzip", reason: "a truncated gzip stream: the records before the break are read",
			input: file("cut.jsonl.gz", gz[:len(gz)/2]), wantErr: "broken gzip stream: unexpected EOF", wantItems: -1},
		{name: "bad gzip checksum", reason: "a gzip stream whose checksum does not match",
			input: file("sum.jsonl.gz", badChecksum(gz)), wantErr: "broken gzip stream: gzip: invalid checksum", wantItems: 2001},
		{name: "broken zip", reason: "a zip whose directory is cut off",
			input: file("cut.zip", zipBytes(t, map[string][]byte{"a.txt": []byte("Some text.")})[:30]), wantErr: "reading zip archive", wantItems: 1},
		{name: "binary", reason: "content that is not text",
			input: file("photo.txt", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")), wantErr: "unsupported content (a PNG image)", wantItems: 1},
		{name: "unknown XML", reason: "an XML document of no known kind",
			input:   file("sitemap.xml", []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.example/</loc></url></urlset>`)),
			wantErr: "unsupported XML document (root element <urlset>)", wantItems: 1},
		{name: "unterminated SGML record", reason: "a record with no end tag fails alone",
			input:     file("cut.sgm", append(mustRead(t, "testdata/reuters.sgm"), "<REUTERS NEWID=\"9003\">\n<TITLE>CUT SHORT</TITLE>\n"...)),
			wantInput: filepath.Join(dir, "cut.sgm") + ":27", wantErr: "record has no </REUTERS> end tag", wantItems: 3},
		{name: "OPML without feeds", reason: "an OPML list must name feeds",
			input:   file("none.opml", []byte(`<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="empty"/></body></opml>`)),
			wantErr: "no feeds in OPML list", wantItems: 1},
		{name: "URL timeout", reason: "a server slower than the Timeout",
			input: slow.URL + "/feed", opt: Options{Client: NewFetcher(FetchOptions{AllowPrivate: true, Timeout: 150 * time.Millisecond})},
			wantErr: "timeout after 150ms", wantItems: 1},
		{name: "HTTP 404", reason: "a client error",
			input: srv.URL + "/missing", wantErr: "HTTP 404 Not Found", wantItems: 1},
		{name: "HTTP 500", reason: "a server error",
			input: srv.URL + "/broken", wantErr: "HTTP 500 Internal Server Error", wantItems: 1},
		{name: "private address", reason: "loopback refused without AllowPrivate",
			input: srv.URL + "/missing", private: true, wantErr: "refusing private address 127.0.0.1 (use --allow-private)", wantItems: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := tc.opt
			opt.AllowPrivate = !tc.private
			items, fails := readAll(t, []string{tc.input, good}, opt)
			checkOneFailure(t, tc.reason, fails, firstNonEmpty(tc.wantInput, tc.input), tc.wantErr)
			switch {
			case tc.wantItems >= 0 && len(items) != tc.wantItems:
				t.Errorf("%s: %d items; want %d", tc.reason, len(items), tc.wantItems)
			case tc.wantItems < 0 && (len(items) < 10 || len(items) > 2000):
				t.Errorf("%s: %d items; want the records before the break", tc.reason, len(items))
			}
			if len(items) == 0 || items[len(items)-1].Input != good {
				t.Errorf("%s: the next input was not read", tc.reason)
			}
		})
	}
}

func checkOneFailure(t *testing.T, reason string, fails []Failure, input, wantErr string) {
	t.Helper()
	if len(fails) != 1 {
		t.Fatalf("%s: %d failures %v; want 1", reason, len(fails), fails)
	}
	f := fails[0]
	if f.Input != input {
		t.Errorf("%s: failure for %q; want %q", reason, f.Input, input)
	}
	if msg := f.Err.Error(); !strings.Contains(msg, input) || !strings.Contains(msg, wantErr) {
		t.Errorf("%s: error %q; want it to name %q and %q", reason, msg, input, wantErr)
	}
}

// badChecksum returns a gzip stream whose CRC-32 trailer is wrong.
func badChecksum(gz []byte) []byte {
	b := bytes.Clone(gz)
	b[len(b)-8] ^= 0xff
	return b
}

func TestPermissionDenied(t *testing.T) {
	name := writeFile(t, filepath.Join(t.TempDir(), "locked.txt"), []byte("Locked away.\n"))
	if err := os.Chmod(name, 0); err != nil {
		t.Fatal(err)
	}
	var items []Item
	var fails []Failure
	rd := newReader(Options{}, nil, func(it Item) error { items = append(items, it); return nil },
		func(f Failure) { fails = append(fails, f) })
	if os.Geteuid() == 0 {
		// root may read anything: simulate what others get.
		rd.open = func(n string) (*os.File, error) {
			if n == name {
				return nil, &fs.PathError{Op: "open", Path: n, Err: syscall.EACCES}
			}
			return os.Open(n)
		}
	}
	if err := rd.run(t.Context(), []string{name, good}); err != nil {
		t.Fatal(err)
	}
	checkOneFailure(t, "a file that cannot be read", fails, name, "permission denied")
	if len(items) != 1 {
		t.Errorf("%d items; want 1", len(items))
	}
}

func TestUnreadableZipEntry(t *testing.T) {
	// An entry that fails is reported alone; the other entries are read.
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range []struct{ name, data string }{
		{"a.txt", "First entry."},
		{"empty.txt", ""},
		{"b.txt", "Third entry."},
		{".DS_Store", "hidden"},
		{"__MACOSX/._a.txt", "metadata"},
	} {
		w, _ := zw.Create(e.name)
		w.Write([]byte(e.data))
	}
	zw.Close()
	name := writeFile(t, filepath.Join(t.TempDir(), "entries.zip"), b.Bytes())
	items, fails := readAll(t, []string{name}, Options{})
	checkOneFailure(t, "an empty entry", fails, name+"/empty.txt", "empty file")
	if got := inputs(items); len(got) != 2 || got[0] != name+"/a.txt" || got[1] != name+"/b.txt" {
		t.Errorf("items %v; want a.txt and b.txt", got)
	}
}
