// Package storetest is the conformance suite of the store contract: every
// backend runs Run against a fresh, empty store, so that SQLite and
// PostgreSQL behave the same.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/extract/fingerprint"
	"github.com/georisk/georisk/internal/store"
)

// Opener returns a new, empty store; the suite closes it.
type Opener func(t *testing.T) store.Store

// Run runs the conformance suite; each subtest gets a fresh store.
func Run(t *testing.T, open Opener) {
	runSuite(t, open, []suiteTest{
		{"RoundTrip", testRoundTrip},
		{"Idempotent", testIdempotent},
		{"Copies", testCopies},
		{"ListDocs", testListDocs},
		{"Search", testSearch},
		{"Stats", testStats},
		{"Validators", testValidators},
		{"NotFound", testNotFound},
		{"Concurrent", testConcurrent},
		{"Cancelled", testCancelled},
		{"Events", testEvents},
		{"Mentions", testMentions},
		{"Coded", testCoded},
	})
}

// Stories written for the suite.
const (
	drill = `Japan and France held their first joint fighter exercise over the Pacific between 26 and 29 July,
sending jets from both air forces on drills that officials in Tokyo described as a step toward deeper
defence ties. The French aircraft were in the region for a longer deployment that took them to several
partners across the Indo-Pacific over the following weeks. Japanese officials said the exercise showed a
shared interest in keeping sea lanes open, while French officers stressed the value of operating with a
close partner far from home.`
	chips = `The United States announced new rules on the export of advanced computing chips and chip-making
equipment to China on 17 October, closing gaps left by the controls of the previous year. Companies in the
Netherlands and Japan that sell lithography tools were watching closely, and Beijing said the measures broke
the rules of international trade and would hurt the global supply chain for semiconductors.`
	shoal = `Chinese coast guard ships fired water cannon at a Philippine supply boat near Second Thomas Shoal,
the Philippine military said, in the latest clash over a reef where Manila keeps a handful of marines on a
grounded warship. Beijing said the Philippine vessels had entered its waters without permission and that
its ships had acted in a professional and restrained way, while Washington restated its treaty commitments.`
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// doc builds a document the way the ingest pipeline does.
func doc(key, source, title, body string, published time.Time) *event.Document {
	fp := fingerprint.Compute(body)
	return &event.Document{
		Key: key, URL: "https://" + source + ".example/" + key, SourceID: key, Source: source,
		Input: "testdata/" + key + ".html", Format: "html", Title: title, Author: "A. Writer", Site: source + ".example",
		Lang: "en", Published: published, Body: body,
		Raw: []byte("<html><body><p>" + body + "</p></body></html>"), RawType: "text/html",
		TextHash: fp.Hash, MinHash: fp.MinHash,
	}
}

func put(t *testing.T, s store.Store, docs ...*event.Document) []store.PutResult {
	t.Helper()
	res, err := s.PutDocs(t.Context(), docs)
	if err != nil {
		t.Fatalf("PutDocs: %v", err)
	}
	if len(res) != len(docs) {
		t.Fatalf("PutDocs returned %d results for %d documents", len(res), len(docs))
	}
	return res
}

func statuses(res []store.PutResult) []store.PutStatus {
	var out []store.PutStatus
	for _, r := range res {
		out = append(out, r.Status)
	}
	return out
}

func testRoundTrip(t *testing.T, s store.Store) {
	in := doc("drill", "harbourpost", "Japan and France fly together", drill, day("2023-07-30").Add(9*time.Hour))
	res := put(t, s, in)
	if res[0].Status != store.Added || res[0].ID == 0 || res[0].StoryID != res[0].ID || res[0].CopyOf != 0 {
		t.Fatalf("PutDocs = %+v, want Added with ID = StoryID and no CopyOf", res[0])
	}
	if in.ID != res[0].ID || in.StoryID != res[0].ID {
		t.Errorf("PutDocs did not set ID/StoryID on the document: %d/%d", in.ID, in.StoryID)
	}
	got, err := s.Doc(t.Context(), res[0].ID)
	if err != nil {
		t.Fatalf("Doc: %v", err)
	}
	want := *in
	want.Raw, want.RawType = nil, ""
	if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(event.Document{}, "IngestedAt")); diff != "" {
		t.Errorf("Doc mismatch (-want +got):\n%s", diff)
	}
	if got.IngestedAt.IsZero() || time.Since(got.IngestedAt) > time.Hour {
		t.Errorf("IngestedAt = %v, want about now", got.IngestedAt)
	}
	raw, typ, err := s.Raw(t.Context(), res[0].ID)
	if err != nil {
		t.Fatalf("Raw: %v", err)
	}
	if string(raw) != string(in.Raw) || typ != "text/html" {
		t.Errorf("Raw = %q, %q; want the input back", raw, typ)
	}
}

func testIdempotent(t *testing.T, s store.Store) {
	docs := func() []*event.Document {
		return []*event.Document{
			doc("a", "harbourpost", "Drill", drill, day("2023-07-30")),
			doc("b", "meridian", "Chips", chips, day("2023-10-17")),
		}
	}
	first := put(t, s, docs()...)
	again := put(t, s, docs()...)
	if diff := cmp.Diff([]store.PutStatus{store.Exists, store.Exists}, statuses(again)); diff != "" {
		t.Errorf("second PutDocs statuses (-want +got):\n%s", diff)
	}
	for i := range first {
		if again[i].ID != first[i].ID {
			t.Errorf("Exists result %d has ID %d, want the stored %d", i, again[i].ID, first[i].ID)
		}
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 {
		t.Errorf("Documents = %d after storing the same two twice, want 2", st.Documents)
	}
}

func testCopies(t *testing.T, s store.Store) {
	orig := doc("wire", "wire", "Japan, France hold first fighter drill", drill, day("2023-07-30"))
	exact := doc("copy1", "harbourpost", "Japan and France fly together", strings.ToUpper(drill), day("2023-07-30"))
	near := doc("copy2", "meridian", "First Japan–France air drill", drill+"\nOur Paris correspondent contributed to this report.", day("2023-07-31"))
	other := doc("chips", "meridian", "New chip rules", chips, day("2023-10-17"))
	// Copies within one batch are found too.
	res := put(t, s, orig, exact, near, other)
	want := []store.PutStatus{store.Added, store.Copied, store.Copied, store.Added}
	if diff := cmp.Diff(want, statuses(res)); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	for i := 1; i <= 2; i++ {
		if res[i].StoryID != res[0].ID || res[i].CopyOf != res[0].ID {
			t.Errorf("copy %d: StoryID %d CopyOf %d, want both %d", i, res[i].StoryID, res[i].CopyOf, res[0].ID)
		}
	}
	if res[3].StoryID != res[3].ID {
		t.Errorf("unrelated story joined story %d", res[3].StoryID)
	}
	// A later batch joins the story as well.
	late := doc("copy3", "pacific", "Fighter drill", drill+" Editing by the desk.", day("2023-08-01"))
	res2 := put(t, s, late)
	if res2[0].Status != store.Copied || res2[0].StoryID != res[0].ID {
		t.Errorf("late copy = %+v, want Copied into story %d", res2[0], res[0].ID)
	}
	story, err := s.Story(t.Context(), res[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, d := range story {
		keys = append(keys, d.Key)
	}
	if diff := cmp.Diff([]string{"wire", "copy1", "copy2", "copy3"}, keys); diff != "" {
		t.Errorf("Story keys (-want +got):\n%s", diff)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 5 || st.Stories != 2 || st.Copies != 3 {
		t.Errorf("Stats = %d docs, %d stories, %d copies; want 5, 2, 3", st.Documents, st.Stories, st.Copies)
	}
}

func keys(docs []event.Document) []string {
	var out []string
	for _, d := range docs {
		out = append(out, d.Key)
	}
	return out
}

func testListDocs(t *testing.T, s store.Store) {
	put(t, s,
		doc("old", "harbourpost", "Drill", drill, day("2023-07-30")),
		doc("undated", "meridian", "Shoal", shoal, time.Time{}),
		doc("new", "meridian", "Chips", chips, day("2023-10-17")),
	)
	tests := []struct {
		name   string
		q      store.DocQuery
		want   []string
		reason string
	}{
		{"all", store.DocQuery{}, []string{"new", "old", "undated"}, "newest first, undated last"},
		{"limit", store.DocQuery{Limit: 1}, []string{"new"}, "limit applies"},
		{"offset", store.DocQuery{Limit: 1, Offset: 1}, []string{"old"}, "offset applies"},
		{"since", store.DocQuery{Since: day("2023-08-01")}, []string{"new"}, "since is inclusive"},
		{"until", store.DocQuery{Until: day("2023-10-17")}, []string{"old"}, "until is exclusive"},
		{"source", store.DocQuery{Source: "meridian"}, []string{"new", "undated"}, "source is exact"},
		{"none", store.DocQuery{Source: "nobody"}, nil, "no match is an empty list"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.ListDocs(t.Context(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, keys(got)); diff != "" {
				t.Errorf("ListDocs(%+v) (-want +got) [%s]:\n%s", tt.q, tt.reason, diff)
			}
		})
	}
}

func testSearch(t *testing.T, s store.Store) {
	put(t, s,
		doc("drill", "harbourpost", "Japan and France fly together", drill, day("2023-07-30")),
		doc("chips", "meridian", "U.S. tightens chip export rules", chips, day("2023-10-17")),
		doc("shoal", "meridian", "Water cannon at Second Thomas Shoal", shoal, day("2023-12-10")),
	)
	tests := []struct {
		name   string
		q      store.SearchQuery
		want   []string
		reason string
	}{
		{"word", store.SearchQuery{Text: "lithography"}, []string{"chips"}, "a word in one body"},
		{"stem", store.SearchQuery{Text: "exercises"}, []string{"drill"}, "stemming: exercises finds exercise"},
		{"all words", store.SearchQuery{Text: "Beijing cannon"}, []string{"shoal"}, "every word must match"},
		{"phrase", store.SearchQuery{Text: `"supply chain"`}, []string{"chips"}, "phrase query"},
		{"or", store.SearchQuery{Text: "lithography OR marines"}, []string{"chips", "shoal"}, "OR query, any order"},
		{"punctuation", store.SearchQuery{Text: "U.S. chip"}, []string{"chips"}, "stray punctuation does not fail"},
		{"source", store.SearchQuery{Text: "Beijing", Source: "meridian"}, []string{"chips", "shoal"}, "source filter"},
		{"since", store.SearchQuery{Text: "Beijing", Since: day("2023-11-01")}, []string{"shoal"}, "date filter"},
		{"nothing", store.SearchQuery{Text: "zeppelin"}, nil, "no hits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := s.Search(t.Context(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Doc.Key)
				if !strings.Contains(h.Snippet, "«") {
					t.Errorf("snippet of %s has no marked match: %q", h.Doc.Key, h.Snippet)
				}
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("Search(%+v) (-want +got) [%s]:\n%s", tt.q, tt.reason, diff)
			}
		})
	}
	// The title weighs more than the body.
	hits, err := s.Search(t.Context(), store.SearchQuery{Text: "water OR sea"})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) < 2 || hits[0].Doc.Key != "shoal" {
		t.Errorf("Search(water OR sea) ranks %v first, want shoal (title match)", keys(docsOf(hits)))
	}
}

func docsOf(hits []store.Hit) []event.Document {
	var out []event.Document
	for _, h := range hits {
		out = append(out, h.Doc)
	}
	return out
}

func testStats(t *testing.T, s store.Store) {
	empty, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if empty.Documents != 0 || !empty.Oldest.IsZero() {
		t.Errorf("empty Stats = %+v", empty)
	}
	fr := doc("fr", "lemonde", "Exercice", drill, day("2023-07-29"))
	fr.Lang, fr.Format = "fr", "text"
	put(t, s, fr,
		doc("a", "harbourpost", "Drill", drill+" More.", day("2023-07-30")),
		doc("b", "meridian", "Chips", chips, day("2023-10-17")),
	)
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	want := store.Stats{Documents: 3, Stories: 2, Copies: 1, Sources: 3,
		Formats: map[string]int64{"html": 2, "text": 1}, Langs: map[string]int64{"en": 2, "fr": 1}, Origins: map[string]int64{},
		Oldest: day("2023-07-29"), Newest: day("2023-10-17")}
	if diff := cmp.Diff(want, st, cmpopts.IgnoreFields(store.Stats{}, "RawBytes")); diff != "" {
		t.Errorf("Stats (-want +got):\n%s", diff)
	}
	if st.RawBytes <= 0 {
		t.Errorf("RawBytes = %d, want > 0", st.RawBytes)
	}
}

func testValidators(t *testing.T, s store.Store) {
	ctx := t.Context()
	const u = "https://pacificwire.example/rss"
	etag, lm, err := s.Validators(ctx, u)
	if err != nil || etag != "" || lm != "" {
		t.Fatalf("Validators(unknown) = %q, %q, %v; want empty", etag, lm, err)
	}
	for _, v := range [][2]string{{`"v1"`, "Mon, 02 Jan 2006 15:04:05 GMT"}, {`"v2"`, ""}} {
		if err := s.SetValidators(ctx, u, v[0], v[1]); err != nil {
			t.Fatal(err)
		}
		etag, lm, err = s.Validators(ctx, u)
		if err != nil || etag != v[0] || lm != v[1] {
			t.Errorf("Validators = %q, %q, %v; want %q, %q", etag, lm, err, v[0], v[1])
		}
	}
}

func testNotFound(t *testing.T, s store.Store) {
	if _, err := s.Doc(t.Context(), 42); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Doc(42) error = %v, want ErrNotFound", err)
	}
	if _, _, err := s.Raw(t.Context(), 42); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Raw(42) error = %v, want ErrNotFound", err)
	}
	if docs, err := s.Story(t.Context(), 42); err != nil || len(docs) != 0 {
		t.Errorf("Story(42) = %v, %v; want empty", docs, err)
	}
}

// testConcurrent stores overlapping batches from several goroutines: every
// key ends up stored once.
func testConcurrent(t *testing.T, s store.Store) {
	const writers, perWriter = 4, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	bodies := []string{drill, chips, shoal}
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var docs []*event.Document
			for i := range perWriter {
				// Writers share half their keys.
				k := i
				if i%2 == 1 {
					k = w*perWriter + i
				}
				body := fmt.Sprintf("%s Report number %d.", bodies[k%3], k)
				docs = append(docs, doc(fmt.Sprintf("k%d", k), "wire", "Story", body, day("2023-07-30")))
			}
			for len(docs) > 0 {
				n := min(5, len(docs))
				if _, err := s.PutDocs(context.Background(), docs[:n]); err != nil {
					errs <- err
					return
				}
				docs = docs[n:]
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent PutDocs: %v", err)
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	// Keys: the even i (shared: 10 of them) plus writers*10 odd ones.
	if want := int64(perWriter/2 + writers*perWriter/2); st.Documents != want {
		t.Errorf("Documents = %d, want %d", st.Documents, want)
	}
	if st.Stories != 3 {
		t.Errorf("Stories = %d, want 3 (every report is a near copy of one of three stories)", st.Stories)
	}
}

// testCancelled checks that a failed PutDocs stores nothing.
func testCancelled(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := s.PutDocs(ctx, []*event.Document{doc("a", "wire", "Drill", drill, day("2023-07-30"))}); err == nil {
		t.Fatal("PutDocs with a cancelled context succeeded")
	}
	st, err := s.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 0 {
		t.Errorf("Documents = %d after a failed PutDocs, want 0", st.Documents)
	}
}

// suiteTest is a subtest of a conformance suite.
type suiteTest struct {
	name string
	fn   func(t *testing.T, s store.Store)
}

// runSuite runs each test on a fresh store from open, closed after it.
func runSuite(t *testing.T, open Opener, tests []suiteTest) {
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}
