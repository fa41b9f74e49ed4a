package analyze

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// Cohesion of an alliance in a bucket:
//
//	cohesion = 100 · (1 − disagreement) · (1 − divergence)
//
//	disagreement = conflict events (quads 3 and 4) between two different
//	               members / all events between two different members
//	               (0 when members had no events with each other)
//	divergence   = population standard deviation, across the members with
//	               events towards the third party, of each member's mean
//	               Goldstein towards it, divided by 10 and capped at 1
//	               (0 without a third party or with fewer than two such
//	               members)
//
// 100 is an alliance whose members never quarrel and speak of the third
// party with one voice; France blocking a NATO office in Tokyo (a
// rejection, CAMEO 12, between two members) lowers it through
// disagreement, members splitting over China through divergence.
// Membership is taken on each bucket's first day.

// CohesionQuery selects an alliance, an optional third party and the
// buckets.
type CohesionQuery struct {
	Group string // for messages: "NATO"
	// Members returns the member codes on a date (actor.Dict.Members).
	Members func(date time.Time) []string
	// Towards is the third party's code prefix ("CHN"); "" for none.
	Towards      string
	By           Interval
	Since, Until time.Time
	// StoryOf is as in SeriesQuery: coded copies of a story count once.
	StoryOf func(ctx context.Context, docID int64) (int64, string, error)
	// Evidence is how many disagreement events to keep per bucket;
	// default 5.
	Evidence int
}

// CohesionPoint is one bucket.
type CohesionPoint struct {
	Start, End        time.Time
	Members           int
	IntraEvents       int // events between two different members
	IntraConflict     int // of which conflict (quads 3, 4)
	Disagreement      float64
	Towards           map[string]float64 // member → mean Goldstein towards the third party
	TowardsEvents     int
	Divergence        float64
	Cohesion          float64
	Evidence          []event.Event  // the most hostile intra-alliance events (coded first)
	DisagreementPairs map[string]int // "FRA->USA" → conflict events
}

type cohesionAcc struct {
	towardsSum map[string]float64
	towardsN   map[string]int
}

// Cohesion computes the alliance's cohesion per bucket (see the formula
// above), reading every member's events (imported ones from the rollups
// when r is not nil, coded ones listed, with copies of a story counted
// once).
func Cohesion(ctx context.Context, src EventLister, r RollupReader, q CohesionQuery) ([]CohesionPoint, error) {
	if q.By == 0 {
		q.By = Month
	}
	if q.Since.IsZero() || q.Until.IsZero() || !q.Since.Before(q.Until) {
		return nil, fmt.Errorf("cohesion: want since before until")
	}
	if q.Evidence <= 0 {
		q.Evidence = 5
	}
	var points []CohesionPoint
	for s := q.By.Start(q.Since); s.Before(q.Until); s = q.By.Next(s) {
		points = append(points, CohesionPoint{Start: s, End: q.By.Next(s), Towards: map[string]float64{}, DisagreementPairs: map[string]int{}})
	}
	all := map[string]bool{}
	memberSets := make([]map[string]bool, len(points))
	for i, p := range points {
		ms := q.Members(p.Start)
		memberSets[i] = map[string]bool{}
		for _, m := range ms {
			memberSets[i][m] = true
			all[m] = true
		}
		points[i].Members = len(ms)
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("cohesion: %s has no members in [%s, %s)", q.Group, q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
	}
	members := make([]string, 0, len(all))
	for m := range all {
		members = append(members, m)
	}
	sort.Strings(members)
	// memberOf returns the member a code belongs to ("FRAGOV" → "FRA").
	memberOf := func(i int, code string) string {
		for m := range memberSets[i] {
			if strings.HasPrefix(code, m) {
				return m
			}
		}
		return ""
	}
	accs := make([]cohesionAcc, len(points))
	for i := range accs {
		accs[i] = cohesionAcc{towardsSum: map[string]float64{}, towardsN: map[string]int{}}
	}
	bucketOf := func(t time.Time) int {
		i := sort.Search(len(points), func(i int) bool { return points[i].End.After(t) })
		if i == len(points) || t.Before(points[i].Start) {
			return -1
		}
		return i
	}
	add := func(i int, srcCode, tgtCode string, quad, n int, goldstein float64, e *event.Event) {
		sm, tm := memberOf(i, srcCode), memberOf(i, tgtCode)
		p := &points[i]
		if sm != "" && tm != "" && sm != tm {
			p.IntraEvents += n
			if quad >= 3 {
				p.IntraConflict += n
				p.DisagreementPairs[sm+"->"+tm] += n
				if e != nil {
					p.Evidence = append(p.Evidence, *e)
				}
			}
		}
		if q.Towards != "" && sm != "" && strings.HasPrefix(tgtCode, q.Towards) && !strings.HasPrefix(sm, q.Towards) {
			accs[i].towardsSum[sm] += goldstein
			accs[i].towardsN[sm] += n
			p.TowardsEvents += n
		}
	}
	// Coded events, copies counted once.
	seen := map[string]bool{}
	for _, m := range members {
		sq := SeriesQuery{A: []string{m}, Origin: event.OriginCoded, Since: q.Since, Until: q.Until, StoryOf: q.StoryOf}
		if r == nil {
			sq.Origin = ""
		}
		err := fetch(ctx, src, sq, func(e *event.Event) error {
			i := bucketOf(e.Date)
			if i < 0 {
				return nil
			}
			key := e.Key()
			if e.Origin == event.OriginCoded {
				story, _, err := storyOf(ctx, q.StoryOf, e)
				if err != nil {
					return err
				}
				key = story + "|" + e.Date.Format(time.DateOnly) + "|" + e.Source.Code + "|" + e.Target.Code + "|" + e.Code
			}
			if seen[key] {
				return nil
			}
			seen[key] = true
			add(i, e.Source.Code, e.Target.Code, e.Quad, 1, e.Goldstein, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if r != nil {
		type ck struct {
			day                    time.Time
			origin, src, tgt, root string
			quad                   int
		}
		cells := map[ck]bool{}
		for _, m := range members {
			cs, err := r.RollupCells(ctx, store.RollupQuery{Actor: m, ExcludeOrigin: event.OriginCoded, Since: q.Since, Until: q.Until})
			if err != nil {
				return nil, fmt.Errorf("reading rollups: %w", err)
			}
			for _, c := range cs {
				k := ck{c.Day, c.Origin, c.Src, c.Tgt, c.Root, c.Quad}
				if cells[k] {
					continue
				}
				cells[k] = true
				if i := bucketOf(c.Day); i >= 0 {
					add(i, c.Src, c.Tgt, c.Quad, int(c.N), c.Goldstein, nil)
				}
			}
		}
	}
	if r != nil {
		// Rollups count imported events but do not hold them: list the
		// disagreement events of buckets that have some, for evidence.
		for i := range points {
			p := &points[i]
			if p.IntraConflict == 0 {
				continue
			}
			ids := map[int64]bool{}
			for _, e := range p.Evidence {
				ids[e.ID] = true
			}
			for _, m := range members {
				if !memberSets[i][m] {
					continue
				}
				for _, quad := range []int{3, 4} {
					evs, err := src.ListEvents(ctx, store.EventQuery{Actor: m, Quad: quad, Since: p.Start, Until: p.End, Limit: 4 * q.Evidence})
					if err != nil {
						return nil, fmt.Errorf("listing evidence: %w", err)
					}
					for _, e := range evs {
						sm, tm := memberOf(i, e.Source.Code), memberOf(i, e.Target.Code)
						if e.Origin == event.OriginCoded || ids[e.ID] || sm == "" || tm == "" || sm == tm {
							continue
						}
						ids[e.ID] = true
						p.Evidence = append(p.Evidence, e)
					}
				}
			}
		}
	}
	for i := range points {
		p := &points[i]
		if p.IntraEvents > 0 {
			p.Disagreement = float64(p.IntraConflict) / float64(p.IntraEvents)
		}
		var means []float64
		for m, n := range accs[i].towardsN {
			mean := accs[i].towardsSum[m] / float64(n)
			p.Towards[m] = mean
			means = append(means, mean)
		}
		if len(means) >= 2 {
			mu, sd := 0.0, 0.0
			for _, v := range means {
				mu += v
			}
			mu /= float64(len(means))
			for _, v := range means {
				sd += (v - mu) * (v - mu)
			}
			p.Divergence = math.Min(1, math.Sqrt(sd/float64(len(means)))/10)
		}
		p.Cohesion = 100 * (1 - p.Disagreement) * (1 - p.Divergence)
		sort.SliceStable(p.Evidence, func(a, b int) bool {
			ca, cb := p.Evidence[a].Origin == event.OriginCoded, p.Evidence[b].Origin == event.OriginCoded
			if ca != cb {
				return ca
			}
			return p.Evidence[a].Goldstein < p.Evidence[b].Goldstein
		})
		if len(p.Evidence) > q.Evidence {
			p.Evidence = p.Evidence[:q.Evidence]
		}
	}
	return points, nil
}
