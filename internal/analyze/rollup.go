package analyze

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// RollupReader reads the store's daily event rollups (see store.Rollups);
// *sqlite.Store and *postgres.Store implement it.
type RollupReader interface {
	RollupCells(ctx context.Context, q store.RollupQuery) ([]store.RollupCell, error)
	DayTotals(ctx context.Context, since, until time.Time) ([]store.DayTotal, error)
}

var _ RollupReader = store.Store(nil)

// RollupVisitor is a RollupReader that can hand over the matching cells in
// runs without building a slice of them (RollupCache); Series uses it when
// its reader has it. f must not keep or modify a run.
type RollupVisitor interface {
	EachRollupCell(ctx context.Context, q store.RollupQuery, f func([]store.RollupCell)) error
}

var _ RollupVisitor = (*RollupCache)(nil)

// eachCell calls f with the cells of q, through r's EachRollupCell when it
// has one.
func eachCell(ctx context.Context, r RollupReader, q store.RollupQuery, f func([]store.RollupCell)) error {
	if v, ok := r.(RollupVisitor); ok {
		return v.EachRollupCell(ctx, q, f)
	}
	cells, err := r.RollupCells(ctx, q)
	if err != nil {
		return err
	}
	f(cells)
	return nil
}

// Unknown is the value of Point.Stories and Point.Sources when a bucket
// was counted from rollups, which keep counts but not stories.
const Unknown = -1

// seriesFromRollups computes a series with imported events read from the
// daily rollups and coded events listed one by one (so that syndicated
// copies still count once: rollups cannot tell copies apart). The counts
// are those of the listing path; Stories and Sources are Unknown in every
// bucket that has imported events.
func seriesFromRollups(ctx context.Context, src EventLister, r RollupReader, q SeriesQuery) ([]Point, error) {
	points := buckets(q.By, q.Since, q.Until)
	acc := make([]bucketAcc, len(points))
	imported := make([]bool, len(points))
	bucketOf := func(t time.Time) int {
		i := sort.Search(len(points), func(i int) bool { return points[i].End.After(t) })
		if i == len(points) || t.Before(points[i].Start) {
			return -1
		}
		return i
	}
	// The rollups count coded events too, copies included: they say
	// whether there are any to list.
	var rqs []store.RollupQuery
	base := store.RollupQuery{Origin: q.Origin, Since: q.Since, Until: q.Until}
	switch {
	case len(q.A) == 0:
		rqs = append(rqs, base)
	case len(q.B) == 0:
		for _, a := range q.A {
			rq := base
			rq.Actor = a
			rqs = append(rqs, rq)
		}
	default:
		for _, a := range q.A {
			for _, b := range q.B {
				rq := base
				rq.DyadA, rq.DyadB, rq.Directed = a, b, q.Directed
				rqs = append(rqs, rq)
			}
		}
	}
	coded := false
	if q.Origin == "" || q.Origin == event.OriginCoded {
		// The day totals say in a few rows whether the range has coded
		// events at all; only then are the dyad's cells read for them
		// (which reads every cell of the dyad).
		var err error
		if coded, err = anyCoded(ctx, r, q.Since, q.Until); err != nil {
			return nil, err
		}
	}
	if coded {
		coded = false
		for _, rq := range rqs {
			rq.Origin = event.OriginCoded
			cells, err := r.RollupCells(ctx, rq)
			if err != nil {
				return nil, fmt.Errorf("reading rollups: %w", err)
			}
			if len(cells) > 0 {
				coded = true
				break
			}
		}
	}
	if coded {
		cq := q
		cq.Origin = event.OriginCoded
		err := fetch(ctx, src, cq, func(e *event.Event) error {
			if !cq.match(e) {
				return nil
			}
			i := bucketOf(e.Date)
			if i < 0 {
				return nil
			}
			story, outlet, err := storyOf(ctx, q.StoryOf, e)
			if err != nil {
				return err
			}
			acc[i].add(&points[i], e, story, outlet)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	if q.Origin != event.OriginCoded {
		if q.Origin == "" {
			for i := range rqs {
				rqs[i].ExcludeOrigin = event.OriginCoded
			}
		}
		type key struct {
			day                    time.Time
			origin, src, tgt, root string
			quad                   int
		}
		var seen map[key]bool
		if len(rqs) > 1 {
			seen = map[key]bool{}
		}
		for _, rq := range rqs {
			err := eachCell(ctx, r, rq, func(cells []store.RollupCell) {
				for j := range cells {
					c := &cells[j]
					if q.Codes != nil && !anyPrefix(c.Root, q.Codes) {
						continue
					}
					if seen != nil {
						k := key{c.Day, c.Origin, c.Src, c.Tgt, c.Root, c.Quad}
						if seen[k] {
							continue
						}
						seen[k] = true
					}
					i := bucketOf(c.Day)
					if i < 0 {
						continue
					}
					p := &points[i]
					n := int(c.N)
					p.Rows += n
					p.Events += n
					qd := c.Quad
					if qd < 0 || qd > 4 {
						qd = 0
					}
					p.Quad[qd] += n
					if p.Roots == nil {
						p.Roots = map[string]int{}
					}
					p.Roots[c.Root] += n
					p.GoldsteinSum += c.Goldstein
					imported[i] = true
				}
			})
			if err != nil {
				return nil, fmt.Errorf("reading rollups: %w", err)
			}
		}
	}
	for i := range points {
		p := &points[i]
		if p.Events > 0 {
			p.GoldsteinMean = p.GoldsteinSum / float64(p.Events)
			p.ConflictShare = float64(p.Conflict()) / float64(p.Events)
		}
		p.Stories, p.Sources = len(acc[i].stories), len(acc[i].outlets)
		if imported[i] {
			p.Stories, p.Sources = Unknown, Unknown
		}
	}
	return points, nil
}

// anyCoded reports whether the day totals of [since, until) count coded
// events.
func anyCoded(ctx context.Context, r RollupReader, since, until time.Time) (bool, error) {
	days, err := r.DayTotals(ctx, since, until)
	if err != nil {
		return false, fmt.Errorf("reading day totals: %w", err)
	}
	for _, d := range days {
		if d.Origin == event.OriginCoded && d.N > 0 {
			return true, nil
		}
	}
	return false, nil
}

// rootLevel reports whether every code prefix is at most a root (two
// digits), so that rollup cells, which keep the root, can be filtered by it.
func rootLevel(codes []string) bool {
	for _, c := range codes {
		if len(c) > 2 {
			return false
		}
	}
	return true
}

// Totals returns the events of all actors per bucket of q (q.A and q.B
// are ignored): the denominator of [TensionOptions.Totals]. With rollups
// (q.Rollups) it reads the stored day totals for imported events and lists
// coded events, and fills only Start, End, Rows, Events, Quad[3] (all
// conflict events: the day totals do not split quads 3 and 4) and
// ConflictShare; without, it is [Series] over all events.
func Totals(ctx context.Context, src EventLister, q SeriesQuery) ([]Point, error) {
	q.A, q.B, q.Directed = nil, nil, false
	if q.Rollups == nil {
		return Series(ctx, src, q)
	}
	if err := q.check(); err != nil {
		return nil, err
	}
	cq := q
	cq.Rollups = nil
	points := buckets(q.By, q.Since, q.Until)
	days, err := q.Rollups.DayTotals(ctx, q.Since, q.Until)
	if err != nil {
		return nil, fmt.Errorf("reading day totals: %w", err)
	}
	coded := false
	for _, d := range days {
		coded = coded || d.Origin == event.OriginCoded
	}
	if coded && (q.Origin == "" || q.Origin == event.OriginCoded) {
		cq.Origin = event.OriginCoded
		coded, err := Series(ctx, src, cq)
		if err != nil {
			return nil, err
		}
		for i, c := range coded {
			points[i].Rows, points[i].Events = c.Rows, c.Events
			points[i].Quad[3] = c.Conflict()
		}
	}
	if q.Origin != event.OriginCoded {
		for _, d := range days {
			if d.Origin == event.OriginCoded || q.Origin != "" && d.Origin != q.Origin {
				continue
			}
			i := sort.Search(len(points), func(i int) bool { return points[i].End.After(d.Day) })
			if i == len(points) || d.Day.Before(points[i].Start) {
				continue
			}
			points[i].Rows += int(d.N)
			points[i].Events += int(d.N)
			points[i].Quad[3] += int(d.Conflict)
		}
	}
	for i := range points {
		if p := &points[i]; p.Events > 0 {
			p.ConflictShare = float64(p.Quad[3]) / float64(p.Events)
		}
	}
	return points, nil
}
