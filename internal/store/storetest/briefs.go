package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/store"
)

// RunBriefs runs the conformance suite of published briefs; each subtest
// gets a fresh store.
func RunBriefs(t *testing.T, open Opener) {
	runSuite(t, open, []suiteTest{
		{"RoundTrip", testBriefsRoundTrip},
		{"Republish", testBriefsRepublish},
		{"ListAndTopics", testBriefsList},
		{"BadInput", testBriefsBad},
		{"Concurrent", testBriefsConcurrent},
	})
}

func sampleBrief(slug, date string, topics ...string) *store.Brief {
	return &store.Brief{Slug: slug, Title: "Brief " + slug, Subject: "China–NATO", Date: day(date),
		Summary: "China's pressure on NATO members rose [1].", Topics: topics, ReadingMinutes: 6,
		HTML: "<h2>Summary</h2><p>China’s pressure rose [1].</p><svg viewBox=\"0 0 10 10\"></svg>", Markdown: "## Summary\n\nChina’s pressure rose [1].\n",
		Published: day(date).Add(3 * time.Hour)}
}

func testBriefsRoundTrip(t *testing.T, s store.Store) {
	ctx := t.Context()
	b := sampleBrief("chn-nato-2023-07", "2023-09-01", "China", "NATO", "coercion")
	if err := s.PutBrief(ctx, b); err != nil {
		t.Fatalf("PutBrief: %v", err)
	}
	if b.ID == 0 {
		t.Fatal("PutBrief set no ID")
	}
	got, err := s.Brief(ctx, b.Slug)
	if err != nil {
		t.Fatalf("Brief: %v", err)
	}
	if d := cmp.Diff(*b, got, cmpopts.EquateApproxTime(time.Second)); d != "" {
		t.Errorf("brief (-want +got):\n%s", d)
	}
	list, err := s.ListBriefs(ctx, store.BriefQuery{})
	if err != nil || len(list) != 1 {
		t.Fatalf("ListBriefs: %d, %v; want 1", len(list), err)
	}
	if list[0].HTML != "" || list[0].Markdown != "" {
		t.Error("ListBriefs returned bodies; it lists without them")
	}
	if d := cmp.Diff(b.Topics, list[0].Topics); d != "" {
		t.Errorf("listed topics (-want +got):\n%s", d)
	}
	if _, err := s.Brief(ctx, "no-such-brief"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Brief of an unknown slug: %v; want ErrNotFound", err)
	}
}

func testBriefsRepublish(t *testing.T, s store.Store) {
	ctx := t.Context()
	b := sampleBrief("chn-nato", "2023-09-01", "China", "NATO")
	if err := s.PutBrief(ctx, b); err != nil {
		t.Fatal(err)
	}
	first := b.ID
	again := sampleBrief("chn-nato", "2023-09-02", "Taiwan")
	again.Title, again.HTML = "Revised", "<p>revised</p>"
	if err := s.PutBrief(ctx, again); err != nil {
		t.Fatalf("re-publishing: %v", err)
	}
	if again.ID != first {
		t.Errorf("re-publishing gave ID %d; want the stored %d", again.ID, first)
	}
	list, err := s.ListBriefs(ctx, store.BriefQuery{})
	if err != nil || len(list) != 1 {
		t.Fatalf("after re-publishing, ListBriefs: %d, %v; want 1", len(list), err)
	}
	got, err := s.Brief(ctx, "chn-nato")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Revised" || got.HTML != "<p>revised</p>" || !got.Date.Equal(day("2023-09-02")) {
		t.Errorf("re-published brief not replaced: %q %q %v", got.Title, got.HTML, got.Date)
	}
	if d := cmp.Diff([]string{"Taiwan"}, got.Topics); d != "" {
		t.Errorf("re-published topics (-want +got):\n%s", d)
	}
	if l, _ := s.ListBriefs(ctx, store.BriefQuery{Topic: "NATO"}); len(l) != 0 {
		t.Errorf("the replaced topic NATO still finds %d briefs", len(l))
	}
}

func testBriefsList(t *testing.T, s store.Store) {
	ctx := t.Context()
	for _, b := range []*store.Brief{
		sampleBrief("b-old", "2023-07-01", "China", "NATO"),
		sampleBrief("b-new", "2023-09-01", "China"),
		sampleBrief("b-mid", "2023-08-01", "Russia", "nato"),
		sampleBrief("b-none", "2023-08-15"),
	} {
		if err := s.PutBrief(ctx, b); err != nil {
			t.Fatal(err)
		}
	}
	slugs := func(q store.BriefQuery) []string {
		t.Helper()
		l, err := s.ListBriefs(ctx, q)
		if err != nil {
			t.Fatalf("ListBriefs(%+v): %v", q, err)
		}
		var out []string
		for _, b := range l {
			out = append(out, b.Slug)
		}
		return out
	}
	for _, c := range []struct {
		q    store.BriefQuery
		want []string
	}{
		{store.BriefQuery{}, []string{"b-new", "b-none", "b-mid", "b-old"}},
		{store.BriefQuery{Limit: 2}, []string{"b-new", "b-none"}},
		{store.BriefQuery{Limit: 2, Offset: 2}, []string{"b-mid", "b-old"}},
		{store.BriefQuery{Topic: "nato"}, []string{"b-mid", "b-old"}},
		{store.BriefQuery{Topic: "China"}, []string{"b-new", "b-old"}},
		{store.BriefQuery{Topic: "Japan"}, nil},
	} {
		if d := cmp.Diff(c.want, slugs(c.q)); d != "" {
			t.Errorf("ListBriefs(%+v) (-want +got):\n%s", c.q, d)
		}
	}
}

func testBriefsBad(t *testing.T, s store.Store) {
	ctx := t.Context()
	for _, b := range []*store.Brief{
		sampleBrief("", "2023-09-01"),
		sampleBrief("Has Spaces", "2023-09-01"),
		sampleBrief("-leading", "2023-09-01"),
		{Slug: "no-title", Date: day("2023-09-01")},
	} {
		if err := s.PutBrief(ctx, b); err == nil {
			t.Errorf("PutBrief(slug %q, title %q) stored it; want an error", b.Slug, b.Title)
		}
	}
	if l, err := s.ListBriefs(ctx, store.BriefQuery{}); err != nil || len(l) != 0 {
		t.Errorf("after refused briefs, ListBriefs: %d, %v; want none", len(l), err)
	}
}

func testBriefsConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Half publish the same slug, half their own.
			slug := "shared"
			if i%2 == 1 {
				slug = fmt.Sprintf("own-%d", i)
			}
			if err := s.PutBrief(ctx, sampleBrief(slug, "2023-09-01", "China", fmt.Sprint("t", i))); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent PutBrief: %v", err)
	}
	l, err := s.ListBriefs(ctx, store.BriefQuery{})
	if err != nil || len(l) != 9 {
		t.Fatalf("ListBriefs after concurrent publishing: %d, %v; want 9", len(l), err)
	}
	for _, b := range l {
		if len(b.Topics) != 2 {
			t.Errorf("brief %s has topics %v; want the 2 of one publication", b.Slug, b.Topics)
		}
	}
}
