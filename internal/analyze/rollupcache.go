package analyze

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/store"
)

// RollupCache holds every rollup cell and day total of a range in memory
// and answers RollupQuery for sub-ranges of it, so that evaluating many
// watches over one window reads the store once. It is read-only after
// LoadRollups and safe for concurrent use.
//
// The cells are kept packed (24 bytes without pointers instead of 112
// with five, which the garbage collector scans) in one slice ordered by
// source, target, origin and day, so that a (source, target, origin) is a
// run of it: a query finds runs by binary search, without maps or
// per-query state (a thousand watches each walk thousands of pairs).
type RollupCache struct {
	since, until time.Time
	days         []time.Time  // the days of the range, from since's
	roots        []string     // the distinct roots, by packedCell.root
	cells        []packedCell // by source, target, origin, day
	runs         []cellRun    // by source, target, origin
	pairs        []cellPair   // by source, target
	srcs         []string     // distinct sources, sorted
	srcPairs     []int32      // pairs[srcPairs[i]:srcPairs[i+1]] have source srcs[i]
	tgts         []string     // distinct targets, sorted
	tgtPairs     [][]int32    // the pairs whose target is tgts[i], by source
	totals       []store.DayTotal
}

// packedCell is a store.RollupCell of a run, which has its source, target
// and origin.
type packedCell struct {
	goldstein float64
	n         int64
	day       int32 // index in RollupCache.days
	root      uint16
	quad      int16
}

// cellPair is the cells of one (source, target): runs[lo:hi].
type cellPair struct {
	src, tgt string
	lo, hi   int32
}

// cellRun is the cells of one (source, target, origin): cells[lo:hi].
type cellRun struct {
	origin string
	lo, hi int32
}

var _ RollupReader = (*RollupCache)(nil)

// LoadRollups reads the cells and day totals of [since, until) from r.
// The range is read in as many day ranges as there are processors, at
// once, each a week at a time and packed as soon as read: reading a
// quarter's cells is most of the time of evaluating a thousand watches. r
// must then be safe for concurrent use (the stores are).
func LoadRollups(ctx context.Context, r RollupReader, since, until time.Time) (*RollupCache, error) {
	c := &RollupCache{since: since, until: until}
	for d := Day.Start(since); d.Before(until); d = d.AddDate(0, 0, 1) {
		c.days = append(c.days, d)
	}
	ranges := splitDays(since, until, runtime.GOMAXPROCS(0))
	parts := make([]part, len(ranges))
	errs := make([]error, len(ranges)+1)
	var wg sync.WaitGroup
	for i, rg := range ranges {
		wg.Go(func() {
			// A week at a time: the cells read are dropped once packed,
			// and reading a range's in one slice of full cells, 112
			// bytes with five pointers each, took a fifth more CPU
			// (growing it and collecting it).
			k := c.packer()
			for _, cr := range splitDays(rg[0], rg[1], (days(rg[0], rg[1])+readDays-1)/readDays) {
				cells, err := r.RollupCells(ctx, store.RollupQuery{Since: cr[0], Until: cr[1]})
				if err == nil {
					err = k.add(cells)
				}
				if err != nil {
					errs[i] = fmt.Errorf("loading rollups: %w", err)
					return
				}
			}
			parts[i] = k.done()
		})
	}
	wg.Go(func() {
		var err error
		if c.totals, err = r.DayTotals(ctx, since, until); err != nil {
			errs[len(ranges)] = fmt.Errorf("loading day totals: %w", err)
		}
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	c.merge(parts)
	return c, nil
}

// readDays is how many days of cells LoadRollups reads at a time.
const readDays = 7

// days returns how many days [since, until) touches.
func days(since, until time.Time) int {
	return int(until.Sub(since).Hours()/24) + 1
}

// splitDays cuts [since, until) into at most n ranges of whole days, in
// order.
func splitDays(since, until time.Time, n int) [][2]time.Time {
	total := days(since, until)
	n = max(1, min(n, total))
	var out [][2]time.Time
	from := since
	for i := 1; i <= n; i++ {
		to := until
		if i < n {
			to = Day.Start(since).AddDate(0, 0, total*i/n)
			if !to.After(from) || !to.Before(until) {
				continue
			}
		}
		out = append(out, [2]time.Time{from, to})
		from = to
	}
	return out
}

// part is the cells of a day range, packed, with the run of each and
// roots numbered in the part.
type part struct {
	cells []packedCell
	run   []int32  // the run of cells[i], in runs
	runs  []runKey // sorted
	roots []string // by packedCell.root
}

// runKey is what the cells of a run share.
type runKey struct{ src, tgt, origin string }

func (k runKey) compare(l runKey) int {
	return cmp.Or(strings.Compare(k.src, l.src), strings.Compare(k.tgt, l.tgt), strings.Compare(k.origin, l.origin))
}

// packer packs the cells of a day range of c.days as they are read. It
// only reads c.
type packer struct {
	c      *RollupCache
	p      part
	runOf  map[runKey]int32
	rootOf map[string]uint16
}

func (c *RollupCache) packer() *packer {
	return &packer{c: c, runOf: map[runKey]int32{}, rootOf: map[string]uint16{}}
}

// add packs cells.
func (k *packer) add(cells []store.RollupCell) error {
	c, p := k.c, &k.p
	first := int64(0)
	if len(c.days) > 0 {
		first = c.days[0].Unix()
	}
	p.cells, p.run = slices.Grow(p.cells, len(cells)), slices.Grow(p.run, len(cells))
	for i := range cells {
		x := &cells[i]
		day := (x.Day.Unix() - first) / secondsPerDay
		if x.Day.Unix() < first || day >= int64(len(c.days)) || !c.days[day].Equal(x.Day) {
			return fmt.Errorf("cell of %s: not a day of [%s, %s)", x.Day, c.since.Format(time.DateOnly), c.until.Format(time.DateOnly))
		}
		if x.Quad != int(int16(x.Quad)) {
			return fmt.Errorf("cell of %s: quad %d", x.Day.Format(time.DateOnly), x.Quad)
		}
		root, ok := k.rootOf[x.Root]
		if !ok {
			if len(p.roots) > math.MaxUint16 {
				return fmt.Errorf("more than %d CAMEO roots", math.MaxUint16)
			}
			root = uint16(len(p.roots))
			k.rootOf[x.Root] = root
			p.roots = append(p.roots, x.Root)
		}
		rk := runKey{x.Src, x.Tgt, x.Origin}
		run, ok := k.runOf[rk]
		if !ok {
			run = int32(len(p.runs))
			k.runOf[rk] = run
			p.runs = append(p.runs, rk)
		}
		p.cells = append(p.cells, packedCell{goldstein: x.Goldstein, n: x.N, day: int32(day), root: root, quad: int16(x.Quad)})
		p.run = append(p.run, run)
	}
	return nil
}

// done returns the part packed, its runs sorted (here, in parallel, so
// that merge only merges).
func (k *packer) done() part {
	p := k.p
	order := make([]int32, len(p.runs)) // runs by rank
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return p.runs[a].compare(p.runs[b]) })
	rank := make([]int32, len(p.runs))
	sorted := make([]runKey, len(p.runs))
	for r, id := range order {
		rank[id], sorted[r] = int32(r), p.runs[id]
	}
	for i, run := range p.run {
		p.run[i] = rank[run]
	}
	p.runs = sorted
	return p
}

// merge puts the cells of parts (of consecutive day ranges, in order) in
// one slice by run, each run by day (a counting sort: a comparison sort of
// a quarter's cells by their codes took longer than reading them), and
// builds the runs, pairs and code lists.
func (c *RollupCache) merge(parts []part) {
	keys, ranks := mergeRuns(parts)
	// The number of each part's roots in c.roots.
	roots := make([][]uint16, len(parts))
	rootOf := map[string]uint16{}
	n := 0
	start := make([]int32, len(keys)+1) // the cells of the run of rank r begin at start[r]
	for i, p := range parts {
		roots[i] = make([]uint16, len(p.roots))
		for j, name := range p.roots {
			k, ok := rootOf[name]
			if !ok {
				k = uint16(len(c.roots))
				rootOf[name] = k
				c.roots = append(c.roots, name)
			}
			roots[i][j] = k
		}
		for _, run := range p.run {
			start[ranks[i][run]+1]++
		}
		n += len(p.cells)
	}
	for r := range keys {
		start[r+1] += start[r]
	}
	c.cells = make([]packedCell, n)
	next := slices.Clone(start[:len(keys)])
	for i, p := range parts {
		for j, x := range p.cells {
			r := ranks[i][p.run[j]]
			x.root = roots[i][x.root]
			c.cells[next[r]] = x
			next[r]++
		}
	}
	// Runs and pairs; the cells of a run came by part, in the order read.
	c.runs = make([]cellRun, len(keys))
	for r, k := range keys {
		c.runs[r] = cellRun{origin: k.origin, lo: start[r], hi: start[r+1]}
		slices.SortStableFunc(c.cells[start[r]:start[r+1]], func(a, b packedCell) int { return cmp.Compare(a.day, b.day) })
		if np := len(c.pairs); np == 0 || c.pairs[np-1].src != k.src || c.pairs[np-1].tgt != k.tgt {
			c.pairs = append(c.pairs, cellPair{src: k.src, tgt: k.tgt, lo: int32(r)})
		}
		c.pairs[len(c.pairs)-1].hi = int32(r + 1)
	}
	c.codes()
}

// mergeRuns merges the sorted runs of parts into keys, without repeats,
// and returns the rank in keys of each part's runs.
func mergeRuns(parts []part) (keys []runKey, ranks [][]int32) {
	ranks = make([][]int32, len(parts))
	for i, p := range parts {
		ranks[i] = make([]int32, len(p.runs))
	}
	at := make([]int, len(parts)) // the next run of each part
	for {
		least := -1
		for i, p := range parts {
			if at[i] < len(p.runs) && (least < 0 || p.runs[at[i]].compare(parts[least].runs[at[least]]) < 0) {
				least = i
			}
		}
		if least < 0 {
			return keys, ranks
		}
		k := parts[least].runs[at[least]]
		for i, p := range parts {
			if at[i] < len(p.runs) && p.runs[at[i]] == k {
				ranks[i][at[i]] = int32(len(keys))
				at[i]++
			}
		}
		keys = append(keys, k)
	}
}

// codes builds the lists of sources and targets and their pairs.
func (c *RollupCache) codes() {
	tgtOf := map[string]int{}
	for i, p := range c.pairs {
		if len(c.srcs) == 0 || c.srcs[len(c.srcs)-1] != p.src {
			c.srcs = append(c.srcs, p.src)
			c.srcPairs = append(c.srcPairs, int32(i))
		}
		if _, ok := tgtOf[p.tgt]; !ok {
			tgtOf[p.tgt] = len(c.tgts)
			c.tgts = append(c.tgts, p.tgt)
		}
	}
	c.srcPairs = append(c.srcPairs, int32(len(c.pairs)))
	byTgt := make([][]int32, len(c.tgts))
	for i, p := range c.pairs { // by source: each target's list is too
		t := tgtOf[p.tgt]
		byTgt[t] = append(byTgt[t], int32(i))
	}
	at := make([]int, len(c.tgts))
	for i := range at {
		at[i] = i
	}
	sort.Slice(at, func(i, j int) bool { return c.tgts[at[i]] < c.tgts[at[j]] })
	sorted := make([]string, len(c.tgts))
	c.tgtPairs = make([][]int32, len(c.tgts))
	for i, t := range at {
		sorted[i], c.tgtPairs[i] = c.tgts[t], byTgt[t]
	}
	c.tgts = sorted
}

// prefixRange returns the range [i, j) of the codes of sorted that start
// with p.
func prefixRange(sorted []string, p string) (int, int) {
	i := sort.SearchStrings(sorted, p)
	j := i
	for j < len(sorted) && strings.HasPrefix(sorted[j], p) {
		j++
	}
	return i, j
}

// RollupCells answers q from memory; q's range must lie within the
// cache's.
func (c *RollupCache) RollupCells(ctx context.Context, q store.RollupQuery) ([]store.RollupCell, error) {
	var out []store.RollupCell
	err := c.EachRollupCell(ctx, q, func(cs []store.RollupCell) { out = append(out, cs...) })
	return out, err
}

// EachRollupCell calls f with the cells matching q, a run at a time
// (the cells of a source, target and origin, by day). f must not keep or
// modify the slice, which is reused. Each cell comes once, even when a
// code matches both sides' prefixes (CHN–CHNGOV).
func (c *RollupCache) EachRollupCell(_ context.Context, q store.RollupQuery, f func([]store.RollupCell)) error {
	var buf []store.RollupCell
	return c.eachRun(q, func(p *cellPair, r *cellRun, lo, hi int) {
		buf = buf[:0]
		for _, x := range c.cells[lo:hi] {
			buf = append(buf, store.RollupCell{Day: c.days[x.day], Origin: r.origin, Src: p.src, Tgt: p.tgt,
				Root: c.roots[x.root], Quad: int(x.quad), N: x.n, Goldstein: x.goldstein})
		}
		f(buf)
	})
}

// eachRun calls f with each run matching q, as the range [lo, hi) of
// c.cells within q's days, when not empty.
func (c *RollupCache) eachRun(q store.RollupQuery, f func(p *cellPair, r *cellRun, lo, hi int)) error {
	if q.Since.Before(c.since) || q.Until.After(c.until) {
		return fmt.Errorf("rollup cache holds [%s, %s), asked for [%s, %s)", c.since.Format(time.DateOnly),
			c.until.Format(time.DateOnly), q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
	}
	// The days of q, as indexes in c.days.
	from := int32(sort.Search(len(c.days), func(i int) bool { return !c.days[i].Before(q.Since) }))
	to := int32(sort.Search(len(c.days), func(i int) bool { return !c.days[i].Before(q.Until) }))
	take := func(p *cellPair) {
		for k := p.lo; k < p.hi; k++ {
			r := &c.runs[k]
			if q.Origin != "" && r.origin != q.Origin || q.ExcludeOrigin != "" && r.origin == q.ExcludeOrigin {
				continue
			}
			lo, hi := int(r.lo), int(r.hi)
			// Most runs lie within the days asked for: no search then.
			if c.cells[lo].day < from {
				cs := c.cells[lo:hi]
				lo += sort.Search(len(cs), func(i int) bool { return cs[i].day >= from })
			}
			if lo < hi && c.cells[hi-1].day >= to {
				cs := c.cells[lo:hi]
				hi = lo + sort.Search(len(cs), func(i int) bool { return cs[i].day >= to })
			}
			if lo < hi {
				f(p, r, lo, hi)
			}
		}
	}
	switch {
	case q.DyadA != "" && q.DyadB != "":
		a, b := q.DyadA, q.DyadB
		c.eachPair(a, b, take)
		if !q.Directed {
			// Without the pairs of both directions, taken already.
			c.eachPair(b, a, func(p *cellPair) {
				if !strings.HasPrefix(p.src, a) || !strings.HasPrefix(p.tgt, b) {
					take(p)
				}
			})
		}
	case q.Actor != "":
		c.eachPair(q.Actor, "", take)
		// Then the actor as target, but not as source too (taken above).
		i, j := prefixRange(c.tgts, q.Actor)
		for _, ps := range c.tgtPairs[i:j] {
			for _, k := range ps {
				if p := &c.pairs[k]; !strings.HasPrefix(p.src, q.Actor) {
					take(p)
				}
			}
		}
	default:
		c.eachPair("", "", take)
	}
	return nil
}

// eachPair calls f with each pair whose source starts with a and target
// with b.
func (c *RollupCache) eachPair(a, b string, f func(*cellPair)) {
	i, j := prefixRange(c.srcs, a)
	for s := i; s < j; s++ {
		ps := c.pairs[c.srcPairs[s]:c.srcPairs[s+1]] // by target
		lo := sort.Search(len(ps), func(k int) bool { return ps[k].tgt >= b })
		for k := lo; k < len(ps) && strings.HasPrefix(ps[k].tgt, b); k++ {
			f(&ps[k])
		}
	}
}

// DayTotals returns the cached totals of [since, until).
func (c *RollupCache) DayTotals(_ context.Context, since, until time.Time) ([]store.DayTotal, error) {
	in := func(t *store.DayTotal) bool {
		return (since.IsZero() || !t.Day.Before(since)) && (until.IsZero() || t.Day.Before(until))
	}
	n := 0
	for i := range c.totals {
		if in(&c.totals[i]) {
			n++
		}
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]store.DayTotal, 0, n) // every series asks: no appending
	for i := range c.totals {
		if in(&c.totals[i]) {
			out = append(out, c.totals[i])
		}
	}
	return out, nil
}
