package source

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// Seed corpora are in testdata/fuzz/<Name>; f.Add adds the testdata files.

var knownFormats = []string{fmtGzip, fmtBzip2, fmtZip, fmtTar, fmtUTF16, fmtJSON, fmtOPML, fmtXML, fmtBinary,
	fmtJSONL, fmtJSONFd, fmtRSS, fmtAtom, fmtSGML, fmtHTML, fmtMD, fmtText}

func addFiles(f *testing.F, names ...string) {
	for _, name := range names {
		f.Add(mustRead(f, name))
	}
}

func FuzzSniff(f *testing.F) {
	for _, name := range []string{"testdata/feed.rss", "testdata/feed.atom", "testdata/feed.json", "testdata/feed.rdf",
		"testdata/feeds.opml", "testdata/reuters.sgm", "testdata/news.jsonl", "testdata/articles/wagner.md",
		"testdata/articles/balloon.html", "testdata/latin1.html", "testdata/cp1252.txt"} {
		f.Add(mustRead(f, name), name)
	}
	f.Fuzz(func(t *testing.T, head []byte, name string) {
		got := sniff(head, name)
		if !slices.Contains(knownFormats, got) {
			t.Fatalf("sniff = %q", got)
		}
		// Sniffing is stable: more of the same input after the head does not
		// change a container's format.
		switch got {
		case fmtGzip, fmtZip:
			if again := sniff(append(bytes.Clone(head), "trailing"...), name); again != got {
				t.Errorf("sniff changed from %s to %s", got, again)
			}
		}
	})
}

// fuzzReader returns a reader that collects items and failures and checks
// what every item must satisfy.
func fuzzReader(t *testing.T, max int64) (*reader, *int) {
	n := 0
	rd := newReader(Options{MaxItemBytes: max}, nil, func(it Item) error {
		n++
		if it.Input == "" || it.Format == "" || it.RawType == "" {
			t.Errorf("item without Input, Format or RawType: %+v", it)
		}
		for _, s := range []string{it.Title, it.Text, it.HTML, it.ID, it.Source, it.Author, it.URL, it.Warn, it.Dateline} {
			if !utf8.ValidString(s) {
				t.Errorf("%s: invalid UTF-8 in %q", it.Input, s)
			}
		}
		return nil
	}, func(f Failure) {
		if f.Err == nil || !strings.Contains(f.Err.Error(), f.Input) {
			t.Errorf("failure %+v does not name its input", f)
		}
	})
	return rd, &n
}

func FuzzJSONLines(f *testing.F) {
	addFiles(f, "testdata/news.jsonl")
	f.Add([]byte(`{"title":"a","text":"b","date":1690000000}` + "\n" + `{"html":"<p>x</p>","id":12.5,"date":"2023-01-02 03:04"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, n := fuzzReader(t, 1<<10)
		s := src{name: "fuzz.jsonl", r: bytes.NewReader(data), size: int64(len(data))}
		if err := rd.readJSONL(context.Background(), s, bufio.NewReaderSize(s.r, sniffLen)); err != nil {
			t.Fatalf("readJSONL: %v", err)
		}
		if *n > bytes.Count(data, []byte("\n"))+1 {
			t.Errorf("%d items from %d lines", *n, bytes.Count(data, []byte("\n"))+1)
		}
		// The same records in a JSON array.
		rd, _ = fuzzReader(t, 1<<10)
		arr := append(append([]byte("["), bytes.ReplaceAll(bytes.TrimSpace(data), []byte("\n"), []byte(","))...), ']')
		s = src{name: "fuzz.json", r: bytes.NewReader(arr), size: int64(len(arr))}
		rd.readJSON(context.Background(), s, bufio.NewReaderSize(s.r, sniffLen))
	})
}

func FuzzSGML(f *testing.F) {
	addFiles(f, "testdata/reuters.sgm")
	f.Add([]byte("<REUTERS NEWID=1><TEXT TYPE=\"UNPROC\">&#2;\nFED DATA\n x <TITLE>T</TITLE></TEXT></REUTERS><REUTERS NEWID='2'>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, _ := fuzzReader(t, 4<<10)
		s := src{name: "fuzz.sgm", r: bytes.NewReader(data), size: int64(len(data))}
		rd.readSGML(context.Background(), s, bufio.NewReaderSize(s.r, sniffLen))
	})
}

func FuzzFeed(f *testing.F) {
	addFiles(f, "testdata/feed.rss", "testdata/feed.atom", "testdata/feed.json", "testdata/feed.rdf")
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, _ := fuzzReader(t, 1<<20)
		rd.readFeed(context.Background(), src{name: "fuzz.xml"}, data)
	})
}

// FuzzRead reads anything as stdin: every format, container and failure.
func FuzzRead(f *testing.F) {
	addFiles(f, "testdata/feed.rss", "testdata/feeds.opml", "testdata/reuters.sgm", "testdata/news.jsonl",
		"testdata/articles/wagner.md", "testdata/latin1.html")
	f.Add(gzipBytes(f, mustRead(f, "testdata/news.jsonl")))
	f.Add(zipBytes(f, map[string][]byte{"a.txt": []byte("Text."), "b.jsonl": []byte(`{"text":"x"}`)}))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd, _ := fuzzReader(t, 64<<10)
		// No network here: feeds in OPML lists go to a Fetcher that
		// dials nothing.
		rd.fetch = offline()
		rd.stdin = io.LimitReader(bytes.NewReader(data), 1<<20)
		if err := rd.run(context.Background(), []string{"-"}); err != nil {
			t.Fatalf("run: %v", err)
		}
	})
}

// offline returns a Fetcher that dials nothing, not even DNS.
func offline() *Fetcher {
	f := NewFetcher(FetchOptions{})
	f.client.Transport = &http.Transport{
		Proxy: nil,
		DialContext: func(context.Context, string, string) (net.Conn, error) {
			return nil, errors.New("offline")
		},
	}
	return f
}
