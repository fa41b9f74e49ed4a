package gdelt

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/source/dataset"
)

// gdeltServer serves a GDELT 2.0 directory under /gdeltv2/: lastupdate.txt,
// a masterfilelist.txt of every update from start to last, and zip files.
type gdeltServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
	files    map[string][]byte
}

func newGDELTServer(t *testing.T, start, last time.Time) *gdeltServer {
	t.Helper()
	s := &gdeltServer{files: map[string][]byte{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.Path)
		body, ok := s.files[r.URL.Path]
		s.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(body)
	}))
	t.Cleanup(s.Close)
	base := s.URL + "/gdeltv2/"

	entry := func(b *bytes.Buffer, ts time.Time, kind, ext string) {
		fmt.Fprintf(b, "%d %032x %s%s.%s.%s\n", 1000+ts.Minute(), ts.Unix(), base, ts.Format("20060102150405"), kind, ext)
	}
	update := func(b *bytes.Buffer, ts time.Time) {
		entry(b, ts, "export", "CSV.zip")
		entry(b, ts, "mentions", "CSV.zip")
		entry(b, ts, "gkg", "csv.zip")
	}
	var master bytes.Buffer
	for ts := start; !ts.After(last); ts = ts.Add(Interval) {
		update(&master, ts)
	}
	// What the real list also holds: a line without size and md5, a blank
	// line, a translingual file and a stray name.
	fmt.Fprintf(&master, "%s%s.export.CSV.zip\n\n", base, last.Format("20060102150405"))
	entry(&master, last, "translation.export", "CSV.zip")
	fmt.Fprintf(&master, "12 abc %smd5sums\n", base)
	var lastUpdate bytes.Buffer
	update(&lastUpdate, last)
	s.files["/gdeltv2/masterfilelist.txt"] = master.Bytes()
	s.files["/gdeltv2/lastupdate.txt"] = lastUpdate.Bytes()
	return s
}

func (s *gdeltServer) requested() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

func (s *gdeltServer) feed() *Feed {
	return &Feed{Fetcher: source.NewFetcher(source.FetchOptions{AllowPrivate: true}), Base: s.URL + "/gdeltv2/"}
}

// names strips the server's address from urls.
func (s *gdeltServer) names(urls []string) []string {
	out := []string{}
	for _, u := range urls {
		out = append(out, strings.TrimPrefix(u, s.URL+"/gdeltv2/"))
	}
	return out
}

var (
	feedStart = time.Date(2023, 8, 7, 0, 0, 0, 0, time.UTC)
	feedLast  = time.Date(2023, 8, 9, 12, 15, 0, 0, time.UTC) // three days of updates
)

func TestFilesLastUpdate(t *testing.T) {
	s := newGDELTServer(t, feedStart, feedLast)
	f := s.feed()
	now := feedLast.Add(9 * time.Minute)
	tests := []struct {
		name   string
		since  time.Duration
		now    time.Time
		kinds  []string
		want   []string
		reason string
	}{{
		name: "all", since: 15 * time.Minute, now: now,
		want:   []string{"20230809121500.export.CSV.zip", "20230809121500.mentions.CSV.zip", "20230809121500.gkg.csv.zip"},
		reason: "no kinds means all three, in the order export, mentions, gkg",
	}, {
		name: "export", since: 15 * time.Minute, now: now, kinds: []string{"export"},
		want:   []string{"20230809121500.export.CSV.zip"},
		reason: "the kinds filter",
	}, {
		name: "gkg and export", since: 10 * time.Minute, now: now, kinds: []string{"gkg", "export"},
		want:   []string{"20230809121500.export.CSV.zip", "20230809121500.gkg.csv.zip"},
		reason: "kinds come in their fixed order, not the order asked",
	}, {
		name: "too old", since: 15 * time.Minute, now: feedLast.Add(16 * time.Minute),
		want:   []string{},
		reason: "the last update is older than the window",
	}, {
		name: "boundary", since: 15 * time.Minute, now: feedLast.Add(15 * time.Minute), kinds: []string{"mentions"},
		want:   []string{"20230809121500.mentions.CSV.zip"},
		reason: "a file exactly since old is in the window",
	}, {
		name: "latest", since: 0, now: feedLast.Add(24 * time.Hour), kinds: []string{"export"},
		want:   []string{"20230809121500.export.CSV.zip"},
		reason: "since 0 asks for the latest update whatever its age",
	}, {
		name: "clock behind", since: 15 * time.Minute, now: feedLast.Add(-2 * time.Minute), kinds: []string{"export"},
		want:   []string{"20230809121500.export.CSV.zip"},
		reason: "a file stamped after now is included",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.Files(t.Context(), tt.since, tt.now, tt.kinds...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, s.names(got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
	for _, p := range s.requested() {
		if p != "/gdeltv2/lastupdate.txt" {
			t.Errorf("requested %s; windows up to 15 minutes read lastupdate.txt only", p)
		}
	}
}

func TestFilesMasterList(t *testing.T) {
	s := newGDELTServer(t, feedStart, feedLast)
	now := feedLast.Add(5 * time.Minute)

	got, err := s.feed().Files(t.Context(), 2*time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"/gdeltv2/masterfilelist.txt"}, s.requested()); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	// From 10:20 on: the updates of 10:30 to 12:15, 8 of them.
	var want []string
	for ts := time.Date(2023, 8, 9, 10, 30, 0, 0, time.UTC); !ts.After(feedLast); ts = ts.Add(Interval) {
		stamp := ts.Format("20060102150405")
		want = append(want, stamp+".export.CSV.zip", stamp+".mentions.CSV.zip", stamp+".gkg.csv.zip")
	}
	if diff := cmp.Diff(want, s.names(got)); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	for _, u := range got {
		if !strings.HasPrefix(u, s.URL+"/gdeltv2/") {
			t.Errorf("URL %s is not on the server", u)
		}
	}

	// A window of days, one kind: every export since then, oldest first.
	got, err = s.feed().Files(t.Context(), 48*time.Hour, feedLast, "export")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2*96+1 {
		t.Errorf("%d exports in 48 hours, want %d", len(got), 2*96+1)
	}
	names := s.names(got)
	if len(names) > 0 && (names[0] != "20230807121500.export.CSV.zip" || names[len(names)-1] != "20230809121500.export.CSV.zip") {
		t.Errorf("first %s, last %s", names[0], names[len(names)-1])
	}
	for i := 1; i < len(names); i++ {
		if names[i] <= names[i-1] {
			t.Fatalf("not in order: %s after %s", names[i], names[i-1])
		}
	}
}

func TestFilesOpen(t *testing.T) {
	s := newGDELTServer(t, feedStart, feedLast)
	f := s.feed()
	want, err := f.Files(t.Context(), 6*time.Hour, feedLast, "mentions", "gkg")
	if err != nil {
		t.Fatal(err)
	}
	opened := 0
	f.Open = func(ctx context.Context, u string) (io.ReadCloser, error) {
		opened++
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
		if err != nil {
			return nil, err
		}
		resp, err := s.Client().Do(req)
		if err != nil {
			return nil, err
		}
		return resp.Body, nil
	}
	got, err := f.Files(t.Context(), 6*time.Hour, feedLast, "mentions", "gkg")
	if err != nil {
		t.Fatal(err)
	}
	if opened != 1 {
		t.Errorf("Open called %d times, want 1", opened)
	}
	if len(got) != 2*(6*4+1) {
		t.Errorf("%d files, want %d", len(got), 2*(6*4+1))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("streamed list differs from the fetched one (-get +open):\n%s", diff)
	}
}

func TestFilesErrors(t *testing.T) {
	s := newGDELTServer(t, feedStart, feedLast)
	tests := []struct {
		name  string
		feed  *Feed
		since time.Duration
		kinds []string
		want  string
	}{
		{"unknown kind", s.feed(), time.Hour, []string{"events"}, `unknown kind "events"`},
		{"no fetcher", &Feed{Base: s.URL + "/gdeltv2/"}, time.Hour, nil, "no Fetcher"},
		{"not found", &Feed{Fetcher: s.feed().Fetcher, Base: s.URL + "/nothing/"}, time.Minute, nil, "404"},
		{"refused address", &Feed{Fetcher: source.NewFetcher(source.FetchOptions{}), Base: s.URL + "/gdeltv2/"}, time.Minute, nil, "refusing private address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.feed.Files(t.Context(), tt.since, feedLast, tt.kinds...)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestFeedRead(t *testing.T) {
	s := newGDELTServer(t, feedStart, feedLast)
	data, err := os.ReadFile("testdata/events.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	w, err := zw.Create("20230809121500.export.CSV")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	s.files["/gdeltv2/20230809121500.export.CSV.zip"] = zb.Bytes()

	f := s.feed()
	urls, err := f.Files(t.Context(), 15*time.Minute, feedLast, "export")
	if err != nil || len(urls) != 1 {
		t.Fatalf("Files = %v, %v", urls, err)
	}
	var recs []dataset.Record
	var errs []*dataset.RowError
	err = f.Read(t.Context(), urls[0], func(r dataset.Record) error {
		recs = append(recs, r)
		return nil
	}, func(e *dataset.RowError) { errs = append(errs, e) })
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 || len(errs) != 5 || recs[0].Event.OriginID != "1000000001" {
		t.Errorf("%d records, %d row errors, want 6 and 5", len(recs), len(errs))
	}
	if len(errs) > 0 && errs[0].File != "20230809121500.export.CSV" {
		t.Errorf("row error names %q, want the file inside the zip", errs[0].File)
	}

	if err := f.Read(t.Context(), s.URL+"/gdeltv2/20230809121500.mentions.CSV.zip", nil, nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("reading a missing file: %v", err)
	}
	if err := f.Read(t.Context(), s.URL+"/gdeltv2/lastupdate.txt", nil, nil); err == nil {
		t.Error("reading lastupdate.txt as a 15-minute file: no error")
	}
}

func TestParseName(t *testing.T) {
	tests := []struct {
		name string
		kind string
		ok   bool
	}{
		{"20191024143000.export.CSV.zip", "export", true},
		{"20191024143000.mentions.CSV.zip", "mentions", true},
		{"20191024143000.gkg.csv.zip", "gkg", true},
		{"20191024143000.export.CSV", "export", true},
		{"20191024143000.translation.export.CSV.zip", "", false},
		{"20191024143000.gkg.csv.gz", "", false},
		{"2019102414300.export.CSV.zip", "", false},
		{"20191324143000.export.CSV.zip", "", false},
		{"masterfilelist.txt", "", false},
	}
	for _, tt := range tests {
		ts, kind, ok := ParseName(tt.name)
		if kind != tt.kind || ok != tt.ok {
			t.Errorf("ParseName(%q) = %q, %v; want %q, %v", tt.name, kind, ok, tt.kind, tt.ok)
		}
		if ok && !ts.Equal(time.Date(2019, 10, 24, 14, 30, 0, 0, time.UTC)) {
			t.Errorf("ParseName(%q) time = %v", tt.name, ts)
		}
	}
}
