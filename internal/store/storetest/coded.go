package storetest

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

func testCoded(t *testing.T, s store.Store) {
	ctx := t.Context()
	res := put(t, s,
		doc("a", "harbourpost", "Drill", drill, day("2023-07-30")),
		doc("b", "meridian", "Chips", chips, day("2023-10-17")),
	)
	a, b := res[0].ID, res[1].ID
	coded := func(n int) []store.CodedDoc {
		e := ev("coded", "x", "2023-07-26", "JPNMIL", "FRAMIL", "0621")
		e.OriginID = "a:0:0"
		e.Evidence = event.Evidence{Sentence: event.Span{Start: 0, End: 90}, Trigger: "held", SourceText: "Japan",
			TargetText: "France", Pattern: "062.drill", Confidence: 0.8, DateSource: "text", DateText: "between 26 and 29 July"}
		e.Location, e.URL, e.Mentions, e.Sources, e.Articles, e.Tone, e.Attrs = event.Location{}, "", 0, 0, 0, 0, nil
		var evs []*event.Event
		for i := range n {
			c := *e
			c.OriginID = "a:0:" + string(rune('0'+i))
			evs = append(evs, &c)
		}
		return []store.CodedDoc{{
			DocID: a, Version: "v1", Events: evs,
			Quotes: []*event.Quote{{Speaker: event.Actor{Code: "CHNGOV", Country: "CHN", Name: "China's Mission"},
				SpeakerText: "China's Mission", Text: "Any act will be met with a resolute response.", Span: event.Span{Start: 10, End: 55},
				Sentence: event.Span{Start: 0, End: 60}, Date: day("2023-07-12")}},
			Judgments: []*event.Judgment{{Author: "Pamir", Term: "likely", Band: "55-80%", Low: 55, High: 80, Subject: "US companies",
				Claim: "US companies will become targets", Span: event.Span{Start: 100, End: 180}, Date: day("2023-08-09")}},
		}}
	}
	first := coded(2)
	if err := s.PutCoded(ctx, first); err != nil {
		t.Fatal(err)
	}
	if first[0].Events[0].ID == 0 || first[0].Quotes[0].ID == 0 || first[0].Judgments[0].ID == 0 {
		t.Error("PutCoded did not set IDs")
	}
	// Coding again replaces: one event now, not three.
	if err := s.PutCoded(ctx, coded(1)); err != nil {
		t.Fatal(err)
	}
	evs, err := s.ListEvents(ctx, store.EventQuery{DocID: a})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 1 {
		t.Fatalf("after re-coding, %d events of document %d, want 1", len(evs), a)
	}
	want := *coded(1)[0].Events[0]
	want.ID, want.DocID, want.Origin, want.OriginID = evs[0].ID, a, event.OriginCoded, fmt.Sprintf("%d:0", a)
	if diff := cmp.Diff(want, evs[0]); diff != "" {
		t.Errorf("coded event round trip (-want +got):\n%s", diff)
	}
	qs, err := s.ListQuotes(ctx, store.TextQuery{Who: "CHN"})
	if err != nil || len(qs) != 1 || qs[0].Text != "Any act will be met with a resolute response." || qs[0].DocID != a || !qs[0].Date.Equal(day("2023-07-12")) {
		t.Errorf("ListQuotes = %+v, %v", qs, err)
	}
	if qs, _ := s.ListQuotes(ctx, store.TextQuery{Who: "USA"}); len(qs) != 0 {
		t.Errorf("ListQuotes(USA) = %+v, want none", qs)
	}
	js, err := s.ListJudgments(ctx, store.TextQuery{DocID: a})
	if err != nil || len(js) != 1 || js[0].Term != "likely" || js[0].Low != 55 || js[0].High != 80 || js[0].Author != "Pamir" {
		t.Errorf("ListJudgments = %+v, %v", js, err)
	}
	// One call with a document twice: the last entry wins; and several
	// documents in one call each get their own rows.
	twice := append(coded(3), coded(2)...)
	other := coded(1)[0]
	other.DocID = b
	other.Events[0].OriginID = "b:0:0"
	if err := s.PutCoded(ctx, append(twice, other)); err != nil {
		t.Fatal(err)
	}
	if evs, err := s.ListEvents(ctx, store.EventQuery{DocID: a}); err != nil || len(evs) != 2 {
		t.Errorf("document %d coded twice in one call: %d events, %v; want the last entry's 2", a, len(evs), err)
	}
	if qs, err := s.ListQuotes(ctx, store.TextQuery{DocID: a}); err != nil || len(qs) != 1 {
		t.Errorf("document %d coded twice in one call: %d quotes, %v; want 1", a, len(qs), err)
	}
	if evs, err := s.ListEvents(ctx, store.EventQuery{DocID: b}); err != nil || len(evs) != 1 || evs[0].DocID != b || other.Events[0].ID == 0 {
		t.Errorf("document %d in the same call: events %+v, %v", b, evs, err)
	}
	if err := s.PutCoded(ctx, coded(1)); err != nil {
		t.Fatal(err)
	}
	if err := s.PutCoded(ctx, []store.CodedDoc{{DocID: b, Version: "v0"}}); err != nil {
		t.Fatal(err)
	}

	todo, err := s.DocsToCode(ctx, 0, 10, "v1")
	if err != nil || len(todo) != 1 || todo[0].ID != b || todo[0].Body == "" {
		t.Errorf("DocsToCode(v1) = %d docs, %v; want only document %d with its body", len(todo), err, b)
	}
	all, err := s.DocsToCode(ctx, a, 10, "")
	if err != nil || len(all) != 1 || all[0].ID != b {
		t.Errorf("DocsToCode(after %d, all) = %d docs, %v", a, len(all), err)
	}
}
