package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

func ev(origin, id, date, src, tgt, code string) *event.Event {
	e := &event.Event{
		Origin: origin, OriginID: id, Date: day(date),
		Source: event.Actor{Code: src, Country: src[:3], Name: src + " name", Raw: src},
		Target: event.Actor{Code: tgt, Country: tgt[:min(3, len(tgt))], Name: tgt + " name", Raw: tgt},
		Code:   code, Root: code[:2], Goldstein: -2, Quad: 3,
		Location: event.Location{Name: "Vilnius", Country: "LTU", ADM1: "LH65", Lat: 54.68, Lon: 25.28, HasGeo: true, Precision: "4"},
		URL:      "https://example.org/" + id, Mentions: 3, Sources: 2, Articles: 3, Tone: -1.5,
		Attrs: map[string]string{"IsRootEvent": "1"},
	}
	if len(tgt) >= 9 && tgt[:3] == "IGO" {
		e.Target.Country = tgt[:9]
	}
	return e
}

func eventIDs(es []event.Event) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.OriginID)
	}
	return out
}

func testEvents(t *testing.T, s store.Store) {
	ctx := t.Context()
	in := []*event.Event{
		ev("gdelt", "1", "2023-07-11", "CHNGOV", "IGOWSTNAT", "111"),
		ev("gdelt", "2", "2023-07-12", "CHNGOV", "IGOWSTNAT", "138"),
		ev("gdelt", "3", "2023-07-26", "JPNMIL", "FRAMIL", "0611"),
		ev("acled", "PHL1", "2024-06-17", "CHNMIL", "PHLMIL", "171"),
	}
	in[3].Location.HasGeo = false
	in[3].Location.Lat, in[3].Location.Lon = 0, 0
	in[3].Fatalities = 0
	in[3].Updated = time.Date(2024, 6, 20, 0, 0, 0, 0, time.UTC)
	c, err := s.PutEvents(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if c != (store.EventCounts{Added: 4}) || in[0].ID == 0 {
		t.Fatalf("PutEvents = %+v (ID %d), want 4 added with IDs", c, in[0].ID)
	}
	all, err := s.ListEvents(ctx, store.EventQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"PHL1", "3", "2", "1"}, eventIDs(all)); diff != "" {
		t.Errorf("ListEvents order (-want +got):\n%s", diff)
	}
	byID := map[string]event.Event{}
	for _, e := range all {
		byID[e.OriginID] = e
	}
	for _, e := range in {
		if diff := cmp.Diff(*e, byID[e.OriginID], cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("event %s round trip (-want +got):\n%s", e.OriginID, diff)
		}
	}

	// The same rows again change nothing; a revision replaces; an older
	// revision does not.
	again := []*event.Event{ev("gdelt", "1", "2023-07-11", "CHNGOV", "IGOWSTNAT", "111")}
	if c, err := s.PutEvents(ctx, again); err != nil || c != (store.EventCounts{Unchanged: 1}) {
		t.Errorf("PutEvents(same) = %+v, %v; want 1 unchanged", c, err)
	}
	rev := *in[3]
	rev.Fatalities, rev.Updated = 2, rev.Updated.Add(24*time.Hour)
	if c, err := s.PutEvents(ctx, []*event.Event{&rev}); err != nil || c != (store.EventCounts{Replaced: 1}) {
		t.Errorf("PutEvents(revision) = %+v, %v; want 1 replaced", c, err)
	}
	old := *in[3]
	old.Fatalities, old.Updated = 9, old.Updated.Add(-24*time.Hour)
	if c, err := s.PutEvents(ctx, []*event.Event{&old}); err != nil || c != (store.EventCounts{Unchanged: 1}) {
		t.Errorf("PutEvents(older revision) = %+v, %v; want 1 unchanged", c, err)
	}
	got, err := s.ListEvents(ctx, store.EventQuery{Origin: "acled"})
	if err != nil || len(got) != 1 || got[0].Fatalities != 2 {
		t.Errorf("after revisions: %+v, %v; want the revision with 2 fatalities", got, err)
	}

	tests := []struct {
		name string
		q    store.EventQuery
		want []string
	}{
		{"origin", store.EventQuery{Origin: "gdelt"}, []string{"3", "2", "1"}},
		{"actor country", store.EventQuery{Actor: "CHN"}, []string{"PHL1", "2", "1"}},
		{"actor code", store.EventQuery{Actor: "FRAMIL"}, []string{"3"}},
		{"igo", store.EventQuery{Actor: "IGOWSTNAT"}, []string{"2", "1"}},
		{"dyad either way", store.EventQuery{DyadA: "IGOWSTNAT", DyadB: "CHN"}, []string{"2", "1"}},
		{"dyad directed", store.EventQuery{DyadA: "IGOWSTNAT", DyadB: "CHN", Directed: true}, nil},
		{"code prefix", store.EventQuery{Code: "11"}, []string{"1"}},
		{"code 06", store.EventQuery{Code: "06"}, []string{"3"}},
		{"root", store.EventQuery{Root: "13"}, []string{"2"}},
		{"since until", store.EventQuery{Since: day("2023-07-12"), Until: day("2023-07-27")}, []string{"3", "2"}},
		{"limit offset", store.EventQuery{Limit: 2, Offset: 1}, []string{"3", "2"}},
		{"like is escaped", store.EventQuery{Actor: "CH_"}, nil},
	}
	for _, tt := range tests {
		got, err := s.ListEvents(ctx, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if diff := cmp.Diff(tt.want, eventIDs(got)); diff != "" {
			t.Errorf("ListEvents %s (-want +got):\n%s", tt.name, diff)
		}
	}

	n, err := s.DeleteEvents(ctx, "acled", []string{"PHL1", "nope"})
	if err != nil || n != 1 {
		t.Errorf("DeleteEvents = %d, %v; want 1", n, err)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Events != 3 || st.Origins["gdelt"] != 3 || st.Origins["acled"] != 0 {
		t.Errorf("Stats events %d origins %v, want 3 gdelt", st.Events, st.Origins)
	}
}

func testMentions(t *testing.T, s store.Store) {
	ctx := t.Context()
	ms := []*event.Mention{
		{Origin: "gdelt", EventID: "1", Time: day("2023-07-12"), SourceName: "harbourpost.example", URL: "https://harbourpost.example/a", Type: 1, Confidence: 80, Tone: -2, DocLen: 3000, CharOffset: 120},
		{Origin: "gdelt", EventID: "1", Time: day("2023-07-13"), SourceName: "meridian.example", URL: "https://meridian.example/b", Type: 1, Confidence: 60},
	}
	if n, err := s.PutMentions(ctx, ms); err != nil || n != 2 {
		t.Fatalf("PutMentions = %d, %v", n, err)
	}
	if n, err := s.PutMentions(ctx, ms); err != nil || n != 0 {
		t.Errorf("PutMentions again = %d, %v; want 0 new", n, err)
	}
	got, err := s.Mentions(ctx, "gdelt", "1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]event.Mention{*ms[0], *ms[1]}, got); diff != "" {
		t.Errorf("Mentions (-want +got):\n%s", diff)
	}

	a := &event.ArticleMeta{Origin: "gdelt", RecordID: "20230702153000-0", Date: day("2023-07-02"), URL: "https://harbourpost.example/a",
		SourceName: "harbourpost.example", Themes: []string{"TAX_FNCACT", "MILITARY"}, Persons: []string{"emmanuel macron"},
		Organizations: []string{"nato"}, Locations: []event.Location{{Name: "Tokyo, Japan", Country: "JPN", Lat: 35.68, Lon: 139.69, HasGeo: true}},
		Tone: -3.1, Attrs: map[string]string{"V2GCAM": "wc:120"}}
	if n, err := s.PutArticleMeta(ctx, []*event.ArticleMeta{a, a}); err != nil || n != 1 {
		t.Fatalf("PutArticleMeta = %d, %v; want 1", n, err)
	}
	am, err := s.ArticleMeta(ctx, a.URL)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]event.ArticleMeta{*a}, am); diff != "" {
		t.Errorf("ArticleMeta (-want +got):\n%s", diff)
	}

	const f = "http://data.gdeltproject.org/gdeltv2/20230702153000.export.CSV.zip"
	if ok, err := s.ImportedFile(ctx, f); err != nil || ok {
		t.Errorf("ImportedFile before = %v, %v", ok, err)
	}
	if err := s.MarkImported(ctx, f, 2111); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.ImportedFile(ctx, f); err != nil || !ok {
		t.Errorf("ImportedFile after = %v, %v", ok, err)
	}
}
