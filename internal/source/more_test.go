package source

import (
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/unicode"
)

func TestJSONDocuments(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, reason, data string
		want               []string // Input: Title
	}{
		{"array.json", "a JSON array of records, named by index",
			`[{"title": "One", "text": "First."}, {"title": "Two", "html": "<p>Second.</p>"}]`,
			[]string{"array.json#1: One", "array.json#2: Two"}},
		{"pretty.json", "pretty-printed records one after another",
			"{\n  \"title\": \"One\",\n  \"text\": \"First.\"\n}\n{\n  \"title\": \"Two\",\n  \"text\": \"Second.\"\n}\n",
			[]string{"pretty.json#1: One", "pretty.json#2: Two"}},
		{"loose.jsonl", "fields of other types than string are kept as text or ignored",
			`{"id": 7, "title": 2023, "text": "Numbers.", "source": {"name": "x"}, "date": 1690000000}`,
			[]string{"loose.jsonl:1: 2023"}},
	}
	for _, tc := range tests {
		name := writeFile(t, filepath.Join(dir, tc.name), []byte(tc.data))
		items, fails := readAll(t, []string{name}, Options{})
		if len(fails) > 0 {
			t.Fatalf("%s: failures %v", tc.name, fails)
		}
		var got []string
		for _, it := range items {
			got = append(got, strings.TrimPrefix(it.Input, dir+"/")+": "+it.Title)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.reason, diff)
		}
	}
	items, _ := readAll(t, []string{filepath.Join(dir, "loose.jsonl")}, Options{})
	if it := items[0]; it.ID != "7" || it.Source != "" || !it.Date.Equal(time.Unix(1690000000, 0)) {
		t.Errorf("loose record: id %q source %q date %v", it.ID, it.Source, it.Date)
	}
}

func TestUTF16(t *testing.T) {
	text := "Ministers met in Brussels on 15 December 2023.\n"
	enc, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	name := writeFile(t, filepath.Join(t.TempDir(), "utf16.txt"), enc)
	items, fails := readAll(t, []string{name}, Options{})
	if len(fails) > 0 || len(items) != 1 || items[0].Text != text || items[0].Format != "text" {
		t.Errorf("UTF-16 with a BOM is decoded: %+v, failures %v", items, fails)
	}
}

func TestBzip2(t *testing.T) {
	bz, err := exec.LookPath("bzip2")
	if err != nil {
		t.Skip("no bzip2 command")
	}
	name := writeFile(t, filepath.Join(t.TempDir(), "news.jsonl"), mustRead(t, "testdata/news.jsonl"))
	if out, err := exec.Command(bz, name).CombinedOutput(); err != nil {
		t.Fatalf("bzip2: %v %s", err, out)
	}
	items, fails := readAll(t, []string{name + ".bz2"}, Options{})
	if len(fails) > 0 || len(items) != 4 {
		t.Errorf("bzip2: %d items, failures %v; want 4", len(items), fails)
	}
}

// TestStopEarly stops reading a big gzip stream after a few items, and
// wants Read to return at once and leave no goroutine behind.
func TestStopEarly(t *testing.T) {
	name := filepath.Join(t.TempDir(), "big.jsonl.gz")
	writeBigJSONL(t, name, 8<<20)
	before := runtime.NumGoroutine()
	stop := errors.New("stop")
	for _, opt := range []Options{{}, {MaxItemBytes: 4 << 20}} {
		n := 0
		err := Read(t.Context(), []string{name}, nil, opt, func(Item) error {
			if n++; n == 10 {
				return stop
			}
			return nil
		}, func(f Failure) { t.Errorf("failure %v", f) })
		if !errors.Is(err, stop) {
			t.Errorf("Read = %v; want %v", err, stop)
		}
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines before, %d after", before, after)
	}
}

func TestURLContainers(t *testing.T) {
	jsonl := mustRead(t, "testdata/news.jsonl")
	mux := http.NewServeMux()
	mux.HandleFunc("/news.jsonl.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(gzipBytes(t, jsonl))
	})
	mux.HandleFunc("/corpus.zip", func(w http.ResponseWriter, r *http.Request) {
		w.Write(zipBytes(t, map[string][]byte{"a/news.jsonl": jsonl, "b.html": mustRead(t, "testdata/articles/balloon.html")}))
	})
	srv := newServer(t, mux)
	u := srv.URL
	items, fails := readAll(t, []string{u + "/news.jsonl.gz", u + "/corpus.zip"}, Options{AllowPrivate: true})
	if len(fails) > 0 {
		t.Fatalf("failures: %v", fails)
	}
	want := []string{
		u + "/news.jsonl.gz:1", u + "/news.jsonl.gz:2", u + "/news.jsonl.gz:4", u + "/news.jsonl.gz:5",
		u + "/corpus.zip/a/news.jsonl:1", u + "/corpus.zip/a/news.jsonl:2", u + "/corpus.zip/a/news.jsonl:4", u + "/corpus.zip/a/news.jsonl:5",
		u + "/corpus.zip/b.html",
	}
	if diff := cmp.Diff(want, inputs(items)); diff != "" {
		t.Errorf("a gzip and a zip from URLs (-want +got):\n%s", diff)
	}
}

func TestSymlinkedDirNotFollowed(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a", "note.txt"), []byte("The talks ended on 3 May 2023.\n"))
	if err := os.Symlink(dir, filepath.Join(dir, "a", "loop")); err != nil {
		t.Skip(err)
	}
	items, fails := readAll(t, []string{dir}, Options{})
	if len(items) != 1 || len(fails) != 0 {
		t.Errorf("%v, failures %v; want one item and no loop", inputs(items), fails)
	}
}
