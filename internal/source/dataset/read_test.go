package dataset

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source"
)

// pairs is a toy format for the tests: "id<TAB>code" lines after a "PAIRS"
// header; a line without a tab is a bad row.
func pairs() Format {
	return Format{
		Name:   "pairs",
		Detect: func(head []byte) bool { return bytes.HasPrefix(head, []byte("PAIRS\n")) },
		Read: func(ctx context.Context, r io.Reader, name string, emit func(Record) error, fail func(*RowError)) error {
			sc := bufio.NewScanner(r)
			n := 0
			for sc.Scan() {
				n++
				if n == 1 {
					continue
				}
				id, code, ok := strings.Cut(sc.Text(), "\t")
				if !ok {
					fail(&RowError{File: name, Line: n, Err: fmt.Errorf("want 2 columns")})
					continue
				}
				if err := emit(Record{Line: n, Event: &event.Event{Origin: "pairs", OriginID: id, Code: code}}); err != nil {
					return err
				}
			}
			return sc.Err()
		},
	}
}

type got struct {
	ids   []string
	bad   []string
	files []string
}

func read(t *testing.T, inputs []string, opt Options) got {
	t.Helper()
	var g got
	opt.Formats = []Format{pairs()}
	err := Read(t.Context(), inputs, opt, func(file string, r Record) error {
		g.ids = append(g.ids, r.Event.OriginID)
		return nil
	}, func(e *RowError) { g.bad = append(g.bad, e.Error()) }, func(f File) {
		s := fmt.Sprintf("%s %s rows=%d bad=%d", filepath.Base(f.Name), f.Format, f.Rows, f.Bad)
		if f.Err != nil {
			s += " err=" + f.Err.Error()
		}
		g.files = append(g.files, s)
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestRead(t *testing.T) {
	dir := t.TempDir()
	content := "PAIRS\na\t111\nbroken\nb\t138\n"
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := write("d/one.tsv", []byte(content))
	var gzb bytes.Buffer
	zw := gzip.NewWriter(&gzb)
	zw.Write([]byte(strings.ReplaceAll(content, "a\t", "c\t")))
	zw.Close()
	gzPath := write("d/two.tsv.gz", gzb.Bytes())
	var zb bytes.Buffer
	zwr := zip.NewWriter(&zb)
	f, _ := zwr.Create("inner.tsv")
	f.Write([]byte("PAIRS\nz\t0311\n"))
	zwr.Close()
	zipPath := write("z.zip", zb.Bytes())
	truncated := write("cut.zip", zb.Bytes()[:zb.Len()/2])
	empty := write("empty.tsv", nil)
	unknown := write("other.txt", []byte("hello\n"))

	g := read(t, []string{plain}, Options{})
	if diff := cmp.Diff([]string{"a", "b"}, g.ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	if len(g.bad) != 1 || !strings.Contains(g.bad[0], "one.tsv:3: want 2 columns") {
		t.Errorf("bad rows = %q", g.bad)
	}
	g = read(t, []string{filepath.Join(dir, "d"), zipPath, truncated, empty, unknown, filepath.Join(dir, "nothing*.tsv")}, Options{})
	if diff := cmp.Diff([]string{"a", "b", "c", "b", "z"}, g.ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	want := []string{
		"one.tsv pairs rows=2 bad=1",
		"two.tsv pairs rows=2 bad=1",
		"inner.tsv pairs rows=1 bad=0",
		"cut.zip  rows=0 bad=0 err=reading zip: zip: not a valid zip file",
		"empty.tsv  rows=0 bad=0 err=empty file",
		"other.txt  rows=0 bad=0 err=cannot tell which dataset this is (name the format: georisk import FORMAT ...)",
		"nothing*.tsv  rows=0 bad=0 err=no file matches the pattern",
	}
	if diff := cmp.Diff(want, g.files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	_ = gzPath

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write(zb.Bytes()) }))
	t.Cleanup(srv.Close)
	g = read(t, []string{srv.URL + "/x.zip"}, Options{Fetcher: source.NewFetcher(source.FetchOptions{AllowPrivate: true})})
	if diff := cmp.Diff([]string{"z"}, g.ids); diff != "" {
		t.Errorf("URL ids (-want +got):\n%s", diff)
	}

	err := Read(t.Context(), []string{plain}, Options{Formats: []Format{pairs()}, Format: "gdelt"}, nil, nil, nil)
	if err == nil || !strings.Contains(err.Error(), `unknown format "gdelt"`) {
		t.Errorf("unknown format name: %v", err)
	}
}
