package storetest

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// RunEventsIndexed checks that ListEventsIndexed returns what ListEvents
// returns, row for row, for actor and dyad queries with every other filter.
func RunEventsIndexed(t *testing.T, open Opener) {
	s := open(t)
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	r := rand.New(rand.NewPCG(3, 4))
	actors := []event.Actor{{Code: "CHN", Country: "CHN"}, {Code: "CHNGOV", Country: "CHN"}, {Code: "CHNMIL", Country: "CHN"},
		{Code: "USA", Country: "USA"}, {Code: "USAGOV", Country: "USA"}, {Code: "IGOWSTNAT"}, {Code: "IGOWSTNATMIL"},
		{Code: "JPN", Country: "JPN"}, {Code: "ISL", Country: "ISL"}, {Code: "", Country: "RUS"}, {Code: "GOV"}, {Code: "chngov", Country: ""},
		{Code: "CHNREB", Country: "TWN"}, {Code: "USAMIL", Country: "USA"}, {Code: "", Country: ""}}
	codes := []string{"010", "036", "042", "111", "112", "130", "190", "193"}
	var evs []*event.Event
	for i := range 600 {
		a, b := actors[r.IntN(len(actors))], actors[r.IntN(len(actors))]
		if i%50 == 0 { // a rare dyad
			a, b = actors[8], actors[7]
		}
		c := codes[r.IntN(len(codes))]
		evs = append(evs, &event.Event{Origin: []string{"gdelt", "acled"}[r.IntN(2)], OriginID: fmt.Sprint(i),
			Date: time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(200)), Source: a, Target: b,
			Code: c, Root: c[:2], Quad: 1 + r.IntN(4)})
	}
	// Ties on date: many events of one day, in both directions of a dyad
	// and on both sides of an actor, so that the id decides the order.
	for i := range 40 {
		a, b := actors[i%3], actors[3+i%2]
		if i%2 == 1 {
			a, b = b, a
		}
		evs = append(evs, &event.Event{Origin: "gdelt", OriginID: fmt.Sprint("tie", i),
			Date: time.Date(2023, 3, 15, 0, 0, 0, 0, time.UTC), Source: a, Target: b, Code: "042", Root: "04", Quad: 1})
	}
	if _, err := s.PutEvents(t.Context(), evs); err != nil {
		t.Fatal(err)
	}
	since, until := time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC)
	queries := []store.EventQuery{
		{Actor: "CHN", Limit: 50}, {Actor: "ISL"}, {Actor: "IGOWSTNAT", Limit: 1000}, {Actor: "RUS", Limit: 20, Offset: 7},
		{DyadA: "ISL", DyadB: "JPN"}, {DyadA: "ISL", DyadB: "JPN", Directed: true}, {DyadA: "JPN", DyadB: "ISL", Directed: true},
		{DyadA: "CHN", DyadB: "IGOWSTNAT", Limit: 1000}, {DyadA: "CHNGOV", DyadB: "USA", Origin: "gdelt"},
		{DyadA: "CHN", DyadB: "USA", Code: "1", Since: since, Until: until}, {Actor: "CHN", Root: "19", Quad: 4},
		{DyadA: "USA", DyadB: "CHN", Actor: "CHNGOV"}, {Actor: "ZZZ"}, {Origin: "acled", Limit: 30},
		// Offsets, pages past the end, date ranges.
		{Actor: "CHN", Limit: 10, Offset: 95}, {Actor: "CHN", Offset: 100000}, {DyadA: "CHN", DyadB: "USA", Limit: 7, Offset: 13},
		{DyadA: "USA", DyadB: "CHN", Directed: true, Limit: 5, Offset: 3}, {Actor: "USA", Since: since, Until: until, Limit: 25, Offset: 10},
		{DyadA: "CHN", DyadB: "USA", Since: since}, {Actor: "JPN", Until: since}, {Actor: "CHN", Since: until, Until: since},
		// Code prefixes whose events carry another country or none, and
		// letters in either case (codes match ignoring ASCII case,
		// countries exactly).
		{Actor: "chn", Limit: 200}, {Actor: "CHNREB"}, {Actor: "TWN"}, {Actor: "IGO"}, {Actor: "GOV", Quad: 2},
		{DyadA: "CHNGOV", DyadB: "usa", Limit: 100}, {DyadA: "TWN", DyadB: "IGOWSTNAT"},
		// Sides that overlap: an event can match both directions or both
		// sides, and is listed once.
		{DyadA: "CHN", DyadB: "CHNGOV", Limit: 100}, {DyadA: "CHN", DyadB: "CHN", Limit: 100}, {Actor: "C", Limit: 300},
		{DyadA: "CHN", DyadB: "USA", Actor: "USAGOV", Root: "04", Origin: "gdelt"},
		{Actor: "CHN", Code: "04", Since: time.Date(2023, 3, 15, 0, 0, 0, 0, time.UTC), Until: time.Date(2023, 3, 16, 0, 0, 0, 0, time.UTC), Limit: 9, Offset: 4},
	}
	for _, q := range queries {
		want, err := s.ListEvents(t.Context(), q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.ListEventsIndexed(t.Context(), q)
		if err != nil {
			t.Fatalf("ListEventsIndexed(%+v): %v", q, err)
		}
		if len(want) == 0 && q.Actor != "ZZZ" && q.Offset < 1000 && !q.Since.After(q.Until) {
			t.Errorf("ListEvents(%+v) found nothing: the case tests nothing", q)
		}
		if len(got) != len(want) {
			t.Errorf("ListEventsIndexed(%+v) = %d rows, ListEvents %d", q, len(got), len(want))
			continue
		}
		for i := range got {
			if got[i].ID != want[i].ID || got[i].Source != want[i].Source || !got[i].Date.Equal(want[i].Date) {
				t.Errorf("ListEventsIndexed(%+v)[%d] = %d %+v, ListEvents %d %+v", q, i, got[i].ID, got[i].Source, want[i].ID, want[i].Source)
				break
			}
		}
	}
}
