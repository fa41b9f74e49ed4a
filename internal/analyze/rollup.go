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
	sum := cellSum{points: points, imported: make([]bool, len(points)), days: newDayBuckets(points)}
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
			i := sum.days.of(e.Date)
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
		var err error
		if c, ok := r.(*RollupCache); ok {
			err = sum.packed(c, rqs, q.Codes)
		} else {
			err = sum.cells(ctx, r, rqs, q.Codes)
		}
		if err != nil {
			return nil, fmt.Errorf("reading rollups: %w", err)
		}
	}
	for i := range points {
		p := &points[i]
		sum.roots.into(p, i)
		if p.Events > 0 {
			p.GoldsteinMean = p.GoldsteinSum / float64(p.Events)
			p.ConflictShare = float64(p.Conflict()) / float64(p.Events)
		}
		p.Stories, p.Sources = len(acc[i].stories), len(acc[i].outlets)
		if sum.imported[i] {
			p.Stories, p.Sources = Unknown, Unknown
		}
	}
	return points, nil
}

// dayBuckets finds the bucket of a day without a search: cells are whole
// days, and a binary search of the buckets for each of the millions of
// cells a thousand watches read was a third of their series' time.
type dayBuckets struct {
	first  int64   // Unix time of the first bucket's start
	bucket []int32 // the bucket of day first+i
}

func newDayBuckets(points []Point) dayBuckets {
	if len(points) == 0 {
		return dayBuckets{}
	}
	d := dayBuckets{first: points[0].Start.Unix()}
	for i, p := range points {
		for range (p.End.Unix() - p.Start.Unix()) / secondsPerDay {
			d.bucket = append(d.bucket, int32(i))
		}
	}
	return d
}

// of returns the index of the bucket holding t, or -1. Buckets start at
// midnight UTC and follow each other, so the day t falls on says which
// (in whole seconds: the first bucket starts on one).
func (d dayBuckets) of(t time.Time) int {
	s := t.Unix() - d.first
	if s < 0 || s/secondsPerDay >= int64(len(d.bucket)) {
		return -1
	}
	return int(d.bucket[s/secondsPerDay])
}

const secondsPerDay = 24 * 60 * 60

// cellSum adds rollup cells to the points of a series.
type cellSum struct {
	points   []Point
	imported []bool // whether a bucket has imported events
	days     dayBuckets
	roots    rootCounts
}

// add adds n events of a quad and their Goldstein sum to bucket i; the
// caller counts their root.
func (s *cellSum) add(i, quad int, n int, goldstein float64) {
	p := &s.points[i]
	p.Rows += n
	p.Events += n
	if quad < 0 || quad > 4 {
		quad = 0
	}
	p.Quad[quad] += n
	p.GoldsteinSum += goldstein
	s.imported[i] = true
}

// cells adds the cells of rqs read from r (a cell matched by two of them
// once).
func (s *cellSum) cells(ctx context.Context, r RollupReader, rqs []store.RollupQuery, codes []string) error {
	s.roots = newRootCounts(standardRoots(), len(s.points))
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
				if codes != nil && !anyPrefix(c.Root, codes) {
					continue
				}
				if seen != nil {
					k := key{c.Day, c.Origin, c.Src, c.Tgt, c.Root, c.Quad}
					if seen[k] {
						continue
					}
					seen[k] = true
				}
				i := s.days.of(c.Day)
				if i < 0 {
					continue
				}
				n := int(c.N)
				s.add(i, c.Quad, n, c.Goldstein)
				if k := rootIndex(c.Root); k >= 0 {
					s.roots.add(i, k, n)
				} else {
					p := &s.points[i]
					if p.Roots == nil {
						p.Roots = map[string]int{}
					}
					p.Roots[c.Root] += n
				}
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// packed adds the cells of rqs from a RollupCache in its packed form:
// the cells, in the order, that cells would read through the cache's
// EachRollupCell, without making them (the bulk of a thousand watches'
// time: a packed cell is 24 bytes instead of 112, and its day and root are
// indexes into the cache's tables).
func (s *cellSum) packed(c *RollupCache, rqs []store.RollupQuery, codes []string) error {
	s.roots = newRootCounts(c.roots, len(s.points))
	bucket := make([]int32, len(c.days)) // by the cache's day
	for k, d := range c.days {
		bucket[k] = int32(s.days.of(d))
	}
	var rootOK []bool // by the cache's root; nil for all
	if codes != nil {
		rootOK = make([]bool, len(c.roots))
		for k, r := range c.roots {
			rootOK[k] = anyPrefix(r, codes)
		}
	}
	var seen map[int]bool // by index in the cache
	if len(rqs) > 1 {
		seen = map[int]bool{}
	}
	for _, rq := range rqs {
		err := c.eachRun(rq, func(_ *cellPair, _ *cellRun, lo, hi int) {
			for j, x := range c.cells[lo:hi] {
				if rootOK != nil && !rootOK[x.root] {
					continue
				}
				if seen != nil {
					if seen[lo+j] {
						continue
					}
					seen[lo+j] = true
				}
				i := int(bucket[x.day])
				if i < 0 {
					continue
				}
				n := int(x.n)
				s.add(i, int(x.quad), n, x.goldstein)
				s.roots.add(i, int(x.root), n)
			}
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// rootCounts adds up the events of each bucket by CAMEO root in an array
// indexed by root, instead of the point's map: a map update for every
// cell was a fifth of a series' time. into moves a bucket's counts to
// Point.Roots, which ends up as it would with every cell added to the map.
type rootCounts struct {
	names []string // the roots counted, by index
	n     []int    // [bucket*len(names) + root]
	used  []bool   // whether a cell of that root was added (its count may be 0)
}

func newRootCounts(names []string, buckets int) rootCounts {
	return rootCounts{names: names, n: make([]int, buckets*len(names)), used: make([]bool, buckets*len(names))}
}

func (rc rootCounts) add(bucket, root, n int) {
	rc.n[bucket*len(rc.names)+root] += n
	rc.used[bucket*len(rc.names)+root] = true
}

func (rc rootCounts) into(p *Point, bucket int) {
	if len(rc.names) == 0 {
		return
	}
	at := bucket * len(rc.names)
	used := rc.used[at : at+len(rc.names)]
	n := 0
	for _, u := range used {
		if u {
			n++
		}
	}
	if n == 0 {
		return
	}
	if p.Roots == nil {
		p.Roots = make(map[string]int, n)
	}
	for k, u := range used {
		if u {
			p.Roots[rc.names[k]] += rc.n[at+k]
		}
	}
}

// standardRoots returns the CAMEO roots "00" to "20", whose index
// rootIndex gives.
func standardRoots() []string {
	const names = "000102030405060708091011121314151617181920"
	out := make([]string, len(names)/2)
	for k := range out {
		out[k] = names[2*k : 2*k+2]
	}
	return out
}

// rootIndex returns the index of a root "00" to "20" in standardRoots, or
// -1.
func rootIndex(r string) int {
	if len(r) != 2 || r[0] < '0' || r[0] > '2' || r[1] < '0' || r[1] > '9' {
		return -1
	}
	if k := int(r[0]-'0')*10 + int(r[1]-'0'); k <= 20 {
		return k
	}
	return -1
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
