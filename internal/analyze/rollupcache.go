package analyze

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

// RollupCache holds every rollup cell and day total of a range in memory
// and answers RollupQuery for sub-ranges of it, so that evaluating many
// watches over one window reads the store once. It is read-only after
// LoadRollups and safe for concurrent use.
type RollupCache struct {
	since, until time.Time
	pairs        map[[2]string]map[string][]store.RollupCell // (src, tgt) → origin → cells, by day
	srcs, tgts   []string                                    // distinct codes, sorted
	tgtsOf       map[string][]string                         // src → its targets
	srcsOf       map[string][]string                         // tgt → its sources
	totals       []store.DayTotal
}

var _ RollupReader = (*RollupCache)(nil)

// LoadRollups reads the cells and day totals of [since, until) from r.
func LoadRollups(ctx context.Context, r RollupReader, since, until time.Time) (*RollupCache, error) {
	cells, err := r.RollupCells(ctx, store.RollupQuery{Since: since, Until: until})
	if err != nil {
		return nil, fmt.Errorf("loading rollups: %w", err)
	}
	totals, err := r.DayTotals(ctx, since, until)
	if err != nil {
		return nil, fmt.Errorf("loading day totals: %w", err)
	}
	c := &RollupCache{since: since, until: until, pairs: map[[2]string]map[string][]store.RollupCell{},
		tgtsOf: map[string][]string{}, srcsOf: map[string][]string{}, totals: totals}
	for _, x := range cells {
		k := [2]string{x.Src, x.Tgt}
		if _, ok := c.pairs[k]; !ok {
			c.tgtsOf[x.Src] = append(c.tgtsOf[x.Src], x.Tgt)
			c.srcsOf[x.Tgt] = append(c.srcsOf[x.Tgt], x.Src)
			c.pairs[k] = map[string][]store.RollupCell{}
		}
		c.pairs[k][x.Origin] = append(c.pairs[k][x.Origin], x)
	}
	for _, byOrigin := range c.pairs {
		for _, cs := range byOrigin {
			sort.Slice(cs, func(i, j int) bool { return cs[i].Day.Before(cs[j].Day) })
		}
	}
	for s := range c.tgtsOf {
		c.srcs = append(c.srcs, s)
	}
	for t := range c.srcsOf {
		c.tgts = append(c.tgts, t)
	}
	sort.Strings(c.srcs)
	sort.Strings(c.tgts)
	return c, nil
}

// withPrefix returns the codes of sorted that start with p.
func withPrefix(sorted []string, p string) []string {
	i := sort.SearchStrings(sorted, p)
	j := i
	for j < len(sorted) && strings.HasPrefix(sorted[j], p) {
		j++
	}
	return sorted[i:j]
}

// RollupCells answers q from memory; q's range must lie within the
// cache's.
func (c *RollupCache) RollupCells(ctx context.Context, q store.RollupQuery) ([]store.RollupCell, error) {
	var out []store.RollupCell
	err := c.EachRollupCell(ctx, q, func(cs []store.RollupCell) { out = append(out, cs...) })
	return out, err
}

// EachRollupCell calls f with the cells matching q, a run at a time,
// without copying them: an actor's window can hold a hundred thousand
// cells, and copying them for each of a thousand watches was most of the
// watches' time. f must not keep or modify the slice.
func (c *RollupCache) EachRollupCell(_ context.Context, q store.RollupQuery, f func([]store.RollupCell)) error {
	if q.Since.Before(c.since) || q.Until.After(c.until) {
		return fmt.Errorf("rollup cache holds [%s, %s), asked for [%s, %s)", c.since.Format(time.DateOnly),
			c.until.Format(time.DateOnly), q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
	}
	seen := map[[2]string]bool{}
	take := func(src, tgt string) {
		k := [2]string{src, tgt}
		if seen[k] {
			return
		}
		seen[k] = true
		for origin, cs := range c.pairs[k] {
			if q.Origin != "" && origin != q.Origin || q.ExcludeOrigin != "" && origin == q.ExcludeOrigin {
				continue
			}
			i := sort.Search(len(cs), func(i int) bool { return !cs[i].Day.Before(q.Since) })
			j := sort.Search(len(cs), func(i int) bool { return !cs[i].Day.Before(q.Until) })
			if i < j {
				f(cs[i:j])
			}
		}
	}
	dyad := func(a, b string) {
		for _, s := range withPrefix(c.srcs, a) {
			for _, t := range c.tgtsOf[s] {
				if strings.HasPrefix(t, b) {
					take(s, t)
				}
			}
		}
	}
	switch {
	case q.DyadA != "" && q.DyadB != "":
		dyad(q.DyadA, q.DyadB)
		if !q.Directed {
			dyad(q.DyadB, q.DyadA)
		}
	case q.Actor != "":
		dyad(q.Actor, "")
		for _, t := range withPrefix(c.tgts, q.Actor) {
			for _, s := range c.srcsOf[t] {
				take(s, t)
			}
		}
	default:
		dyad("", "")
	}
	return nil
}

// DayTotals returns the cached totals of [since, until).
func (c *RollupCache) DayTotals(_ context.Context, since, until time.Time) ([]store.DayTotal, error) {
	var out []store.DayTotal
	for _, t := range c.totals {
		if (since.IsZero() || !t.Day.Before(since)) && (until.IsZero() || t.Day.Before(until)) {
			out = append(out, t)
		}
	}
	return out, nil
}
