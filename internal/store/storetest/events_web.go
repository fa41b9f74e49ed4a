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
		{Code: "JPN", Country: "JPN"}, {Code: "ISL", Country: "ISL"}, {Code: "", Country: "RUS"}, {Code: "GOV"}, {Code: "chngov", Country: ""}}
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
