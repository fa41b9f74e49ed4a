package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/sqlite"
)

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), filepath.Join(t.TempDir(), "georisk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// story returns article body n: about 60 words drawn from a vocabulary in an
// order that depends on n, so that two stories share almost no word triples.
func story(n int) string {
	words := strings.Fields(`officials governments met question shipping lanes western Pacific agreed
		talking statement meeting talks covered coast guard conduct fishing rights handling incidents sea
		delegations promised again before end year ministers warned sanctions exports chips gallium drills
		aircraft carrier strait island summit alliance communique liaison office Tokyo Beijing Manila
		Washington Paris Brussels Kyiv Moscow troops border ceasefire grain corridor tariffs`)
	var b strings.Builder
	x := uint64(n)*2654435761 + 1
	for i := range 60 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[x%uint64(len(words))])
	}
	b.WriteString(".")
	return b.String()
}

func items(n int) []source.Item {
	var out []source.Item
	for i := range n {
		out = append(out, source.Item{
			Input: fmt.Sprintf("wire.jsonl:%d", i+1), Format: "jsonl", ID: fmt.Sprint(i),
			Source: "Global Wire Service", Title: fmt.Sprintf("Story %d", i), Text: story(i),
			Date: time.Date(2023, 7, 12, 9, 0, 0, 0, time.UTC), Raw: []byte(story(i)), RawType: "application/json",
		})
	}
	return out
}

func producer(its []source.Item, fails ...source.Failure) Producer {
	return func(ctx context.Context, emit func(source.Item) error, fail func(source.Failure)) error {
		for _, f := range fails {
			fail(f)
		}
		for _, it := range its {
			if err := emit(it); err != nil {
				return err
			}
		}
		return nil
	}
}

func TestRun(t *testing.T) {
	s := openStore(t)
	its := items(25)
	// An exact copy under another id, and an item with no text.
	cp := its[3]
	cp.ID, cp.Input, cp.Source = "copy", "other.jsonl:1", "Harbour Post"
	empty := source.Item{Input: "empty.jsonl:1", Format: "jsonl", ID: "e", Title: "Nothing", Text: "   "}
	var failures []string
	p := New(s, Options{BatchSize: 7, OnFailure: func(f source.Failure) {
		failures = append(failures, f.Input+": "+f.Err.Error())
	}})
	sum, err := p.Run(t.Context(), producer(append(its, cp, empty), source.Failure{Input: "missing.html", Err: errors.New("no such file")}))
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	want := Summary{Seen: 28, New: 26, Copies: 1, Duplicate: 0, Failed: 2}
	if diff := cmp.Diff(want, sum, cmpIgnoreRun); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	if len(failures) != 2 || !strings.Contains(strings.Join(failures, "\n"), "missing.html: no such file") ||
		!strings.Contains(strings.Join(failures, "\n"), "empty.jsonl:1: ") {
		t.Errorf("failures = %q, want missing.html and empty.jsonl:1 named", failures)
	}
	// Running again adds nothing.
	again, err := New(s, Options{}).Run(t.Context(), producer(append(its, cp)))
	if err != nil {
		t.Fatal(err)
	}
	if again.New != 0 || again.Duplicate != 26 {
		t.Errorf("second run: %+v, want 0 new and 26 duplicate", again)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 26 || st.Stories != 25 {
		t.Errorf("stored %d documents in %d stories, want 26 in 25", st.Documents, st.Stories)
	}
}

var cmpIgnoreRun = cmp.FilterPath(func(p cmp.Path) bool {
	f := p.Last().String()
	return f == ".Elapsed" || f == ".Bytes" || f == ".Warnings"
}, cmp.Ignore())

// TestInterrupt cancels a run mid-way: what was handed over is stored, the
// summary says so, and a second run stores the rest without duplicates.
func TestInterrupt(t *testing.T) {
	s := openStore(t)
	its := items(200)
	ctx, cancel := context.WithCancel(t.Context())
	var emitted atomic.Int32
	slow := func(ctx context.Context, emit func(source.Item) error, fail func(source.Failure)) error {
		for i, it := range its {
			if i == 120 {
				cancel()
				<-ctx.Done()
				return ctx.Err()
			}
			if err := emit(it); err != nil {
				return err
			}
			emitted.Add(1)
		}
		return nil
	}
	sum, err := New(s, Options{BatchSize: 50, MaxDelay: time.Hour}).Run(ctx, slow)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run error = %v, want context.Canceled", err)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Every item whose emit succeeded is stored, even after the cancel.
	if int64(sum.New) != st.Documents || st.Documents != int64(emitted.Load()) {
		t.Errorf("interrupted run: summary new %d, stored %d, emitted %d; want all equal", sum.New, st.Documents, emitted.Load())
	}
	rest, err := New(s, Options{}).Run(t.Context(), producer(its))
	if err != nil {
		t.Fatal(err)
	}
	if int64(rest.Duplicate) != st.Documents || rest.New+rest.Duplicate != 200 {
		t.Errorf("resumed run: %+v, want %d duplicate and the rest new", rest, st.Documents)
	}
}

type failingSink struct{ calls int }

func (f *failingSink) PutDocs(ctx context.Context, docs []*event.Document) ([]store.PutResult, error) {
	f.calls++
	return nil, errors.New("disk full")
}

func TestSinkError(t *testing.T) {
	sink := &failingSink{}
	_, err := New(sink, Options{BatchSize: 5}).Run(t.Context(), producer(items(30)))
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Run error = %v, want the store's error", err)
	}
	if sink.calls != 1 {
		t.Errorf("PutDocs called %d times after failing, want the run to stop at the first failure", sink.calls)
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		name string
		doc  event.Document
		want string
	}{
		{"url wins", event.Document{URL: "HTTPS://Example.ORG:443/a/b/?utm_source=x&id=3#top", SourceID: "9", TextHash: "h"}, "url:https://example.org/a/b?id=3"},
		{"source id next", event.Document{Source: "reuters21578", SourceID: "17", TextHash: "h"}, "id:reuters21578:17"},
		{"text last", event.Document{TextHash: "abc"}, "text:abc"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Key(&tt.doc); got != tt.want {
				t.Errorf("Key = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestReflow(t *testing.T) {
	in := "Showers continued throughout the week in\nthe Bahia cocoa zone, officials said.\n    The dry period means the harvest\nwill be late.\n\nA third paragraph.\n"
	want := "Showers continued throughout the week in the Bahia cocoa zone, officials said.\n\nThe dry period means the harvest will be late.\n\nA third paragraph."
	if got := reflow(in); got != want {
		t.Errorf("reflow:\n got %q\nwant %q", got, want)
	}
}

func TestBuildMetadata(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	it := source.Item{
		Input: "feed.xml#1", Format: "rss", URL: "https://harbourpost.example/2023/07/12/nato?utm_medium=rss",
		Title: "  NATO  summit ends ", Author: "Feed Author", Date: time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC),
		HTML: `<html><head><title>Other title</title></head><body><article><p>` + story(1) + `</p><p>` + story(2) + `</p></article></body></html>`,
	}
	d, err := Build(it, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Title != "NATO summit ends" || d.Author != "Feed Author" || !d.Published.Equal(it.Date) {
		t.Errorf("Build kept title %q author %q date %v; want the feed's", d.Title, d.Author, d.Published)
	}
	if d.Key != "url:https://harbourpost.example/2023/07/12/nato" || d.Lang != "en" || d.TextHash == "" || d.MinHash == nil {
		t.Errorf("Build: key %q lang %q hash %q minhash %v", d.Key, d.Lang, d.TextHash, d.MinHash != nil)
	}
	future := it
	future.Date = now.AddDate(1, 0, 0)
	if d, err := Build(future, now); err != nil || !d.Published.IsZero() && d.Published.After(now) {
		t.Errorf("a date a year ahead was kept: %v (%v)", d.Published, err)
	}
}

// TestRunCodes checks that the pipeline codes new documents and stores what
// was coded once, with the documents' IDs.
func TestRunCodes(t *testing.T) {
	s := openStore(t)
	code := func(d *event.Document) store.CodedDoc {
		return store.CodedDoc{Version: "test", Events: []*event.Event{{
			Date: d.Published, Source: event.Actor{Code: "CHNGOV", Country: "CHN"}, Target: event.Actor{Code: "IGOWSTNAT", Country: "IGOWSTNAT"},
			Code: "111", Root: "11", Quad: 3, Evidence: event.Evidence{Trigger: "denounced", Pattern: "test"},
		}}}
	}
	its := items(12)
	sum, err := New(s, Options{BatchSize: 5, Code: code}).Run(t.Context(), producer(its))
	if err != nil {
		t.Fatal(err)
	}
	if sum.Events != 12 {
		t.Errorf("summary events = %d, want 12", sum.Events)
	}
	again, err := New(s, Options{Code: code}).Run(t.Context(), producer(its))
	if err != nil || again.Events != 0 {
		t.Errorf("re-ingest coded %d events (%v), want 0: stored documents keep their results", again.Events, err)
	}
	evs, err := s.ListEvents(t.Context(), store.EventQuery{Origin: event.OriginCoded, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[int64]bool{}
	for _, e := range evs {
		docs[e.DocID] = true
	}
	if len(evs) != 12 || len(docs) != 12 || docs[0] {
		t.Errorf("%d coded events over %d documents, want 12 over 12 (each with its document)", len(evs), len(docs))
	}
	todo, err := s.DocsToCode(t.Context(), 0, 100, "test")
	if err != nil || len(todo) != 0 {
		t.Errorf("DocsToCode after coding = %d, %v; want none", len(todo), err)
	}
}
