package analyze

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// EventLister lists stored events; *sqlite.Store and *postgres.Store
// implement it. ListEvents must honour the query's Limit and Offset (Series
// pages through with them until a page comes back short) and must be safe
// to call repeatedly; Series filters what it gets again, so a lister may
// return more than the query asks for, but never less.
type EventLister interface {
	ListEvents(ctx context.Context, q store.EventQuery) ([]event.Event, error)
}

var _ EventLister = store.Store(nil)

// Interval is the width of a series bucket.
type Interval int

// Intervals. A week is an ISO week: it starts on Monday, 00:00 UTC.
const (
	Day Interval = iota + 1
	Week
	Month
)

// ParseInterval parses "day", "week" or "month".
func ParseInterval(s string) (Interval, error) {
	switch s {
	case "day":
		return Day, nil
	case "week":
		return Week, nil
	case "month":
		return Month, nil
	}
	return 0, fmt.Errorf("interval %q: want day, week or month", s)
}

func (iv Interval) String() string {
	switch iv {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	}
	return "interval(" + strconv.Itoa(int(iv)) + ")"
}

// Start returns the start of the bucket holding t, in UTC.
func (iv Interval) Start(t time.Time) time.Time {
	t = t.UTC()
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	switch iv {
	case Week:
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	case Month:
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	}
	return d
}

// Next returns the start of the bucket after the one starting at start.
func (iv Interval) Next(start time.Time) time.Time {
	switch iv {
	case Week:
		return start.AddDate(0, 0, 7)
	case Month:
		return start.AddDate(0, 1, 0)
	}
	return start.AddDate(0, 0, 1)
}

// SeriesQuery selects the events of a series and how to bucket them.
//
// A and B are sides, each a list of actor code prefixes (as in
// [store.EventQuery.Actor]: "CHN" matches CHNGOV, "IGOWSTNAT" is NATO):
//   - only A: an actor or a group — events with any member of A as source
//     or target (events between two members count once);
//   - A and B: a dyad — events between a member of A and a member of B, in
//     either direction, or only from A to B when Directed.
//
// With one code per side this is a country dyad (CHN–JPN) or one with
// agents (CHN→IGOWSTNAT, CHNGOV–USAMIL); with lists it is a group dyad
// (CHN–NATO members).
type SeriesQuery struct {
	A, B     []string
	Directed bool
	Origin   string // only events of this origin; "" for all
	// Codes keeps only events whose CAMEO code starts with one of these
	// prefixes ("11", "172"); nil keeps all.
	Codes []string
	By    Interval
	// Since and Until bound the series: buckets from the one holding Since
	// up to the one holding the last day before Until. Both are required
	// (Series does not guess a range from the data).
	Since, Until time.Time
	// StoryOf maps a coded event's document to its story (the store's
	// near-duplicate cluster, event.Document.StoryID) and outlet. Nil means
	// each document is its own story and its outlet is unknown.
	StoryOf func(ctx context.Context, docID int64) (story int64, outlet string, err error)
	// PageSize is how many events to ask the lister for per call; 0 means
	// 10,000.
	PageSize int
	// Rollups, when set, serves imported events from the store's daily
	// rollups instead of listing them (see seriesFromRollups): the same
	// counts, far faster, but Stories and Sources are Unknown in buckets
	// with imported events.
	Rollups RollupReader
}

func (q *SeriesQuery) check() error {
	if q.By == 0 {
		q.By = Day
	}
	if q.Since.IsZero() || q.Until.IsZero() || !q.Since.Before(q.Until) {
		return fmt.Errorf("series: want Since before Until, got %s and %s",
			q.Since.Format(time.DateOnly), q.Until.Format(time.DateOnly))
	}
	if len(q.A) == 0 && len(q.B) > 0 {
		return fmt.Errorf("series: side B given without side A")
	}
	return nil
}

// Point is one bucket of a series.
//
// # Syndication
//
// A wire story syndicated 300 times must count once. Events are therefore
// counted by story: a coded event's story is its document's story (see
// SeriesQuery.StoryOf), an imported event's story is the report it cites
// (GDELT SOURCEURL), and an imported event without one is its own story.
// Coded events with the same story, day, source and target code and CAMEO
// code are one event however many copies of the story they were coded
// from: Rows counts them all, every other count counts them once.
// Imported datasets have already merged their reports into one row per
// event (GDELT's NumMentions), so each imported row is one event.
type Point struct {
	Start, End time.Time // the bucket is [Start, End)
	Rows       int       // stored event rows matched, syndicated copies included
	Events     int       // events, syndicated copies counted once
	// Quad counts events by quad class: Quad[1] verbal cooperation …
	// Quad[4] material conflict, Quad[0] unknown.
	Quad          [5]int
	Roots         map[string]int // events by CAMEO root ("" when unknown); nil when empty
	GoldsteinSum  float64
	GoldsteinMean float64 // 0 when the bucket is empty
	// ConflictShare is (Quad[3]+Quad[4]) / Events; 0 when empty.
	ConflictShare float64
	Stories       int // distinct stories (see above)
	// Sources counts distinct outlets: the host of an imported event's URL
	// and the outlet StoryOf gives for a coded event; outlets that are not
	// known are not counted.
	Sources int
}

// Conflict returns the conflict events of the bucket (quads 3 and 4).
func (p Point) Conflict() int { return p.Quad[3] + p.Quad[4] }

// Series returns one point per bucket over [q.Since, q.Until), empty
// buckets included (with zeros), oldest first.
func Series(ctx context.Context, src EventLister, q SeriesQuery) ([]Point, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	if q.Rollups != nil && rootLevel(q.Codes) {
		return seriesFromRollups(ctx, src, q.Rollups, q)
	}
	points := buckets(q.By, q.Since, q.Until)
	acc := make([]bucketAcc, len(points))
	err := fetch(ctx, src, q, func(e *event.Event) error {
		if !q.match(e) {
			return nil
		}
		i := sort.Search(len(points), func(i int) bool { return points[i].End.After(e.Date) }) // first End > Date
		if i == len(points) {
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
	for i := range points {
		p := &points[i]
		if p.Events > 0 {
			p.GoldsteinMean = p.GoldsteinSum / float64(p.Events)
			p.ConflictShare = float64(p.Conflict()) / float64(p.Events)
		}
		p.Stories, p.Sources = len(acc[i].stories), len(acc[i].outlets)
	}
	return points, nil
}

func buckets(by Interval, since, until time.Time) []Point {
	// Room for the buckets (a few more at most), so that a thousand
	// watches' series do not grow them by copying.
	n := max(0, int(until.Sub(since).Hours()/24)+2)
	switch by {
	case Week:
		n = n/7 + 2
	case Month:
		n = n/28 + 2
	}
	ps := make([]Point, 0, n)
	for s := by.Start(since); s.Before(until); s = by.Next(s) {
		ps = append(ps, Point{Start: s, End: by.Next(s)})
	}
	return ps
}

type bucketAcc struct {
	stories map[string]bool
	outlets map[string]bool
	seen    map[string]bool // dedup keys of coded events
}

func (a *bucketAcc) add(p *Point, e *event.Event, story, outlet string) {
	if a.stories == nil {
		a.stories, a.outlets, a.seen = map[string]bool{}, map[string]bool{}, map[string]bool{}
	}
	p.Rows++
	a.stories[story] = true
	if outlet != "" {
		a.outlets[outlet] = true
	}
	if e.Origin == event.OriginCoded {
		k := story + "|" + e.Date.UTC().Format(time.DateOnly) + "|" + e.Source.Code + "|" + e.Target.Code + "|" + e.Code
		if a.seen[k] {
			return
		}
		a.seen[k] = true
	}
	p.Events++
	q := e.Quad
	if q < 0 || q > 4 {
		q = 0
	}
	p.Quad[q]++
	if p.Roots == nil {
		p.Roots = map[string]int{}
	}
	p.Roots[e.Root]++
	p.GoldsteinSum += e.Goldstein
}

func storyOf(ctx context.Context, f func(context.Context, int64) (int64, string, error), e *event.Event) (story, outlet string, err error) {
	switch {
	case e.DocID != 0:
		id := e.DocID
		if f != nil {
			if id, outlet, err = f(ctx, e.DocID); err != nil {
				return "", "", fmt.Errorf("story of document %d: %w", e.DocID, err)
			}
		}
		return "story:" + strconv.FormatInt(id, 10), outlet, nil
	case e.URL != "":
		if u, err := url.Parse(e.URL); err == nil && u.Host != "" {
			outlet = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
		}
		return "url:" + e.URL, outlet, nil
	}
	return "event:" + e.Key(), "", nil
}

// match reports whether e belongs to the series (the lister's filter,
// applied again).
func (q *SeriesQuery) match(e *event.Event) bool {
	if q.Origin != "" && e.Origin != q.Origin {
		return false
	}
	if e.Date.Before(q.Since) || !e.Date.Before(q.Until) {
		return false
	}
	if q.Codes != nil && !anyPrefix(e.Code, q.Codes) {
		return false
	}
	s, t := e.Source.Code, e.Target.Code
	switch {
	case len(q.A) == 0:
		return true
	case len(q.B) == 0:
		return anyPrefix(s, q.A) || anyPrefix(t, q.A)
	case q.Directed:
		return anyPrefix(s, q.A) && anyPrefix(t, q.B)
	}
	return anyPrefix(s, q.A) && anyPrefix(t, q.B) || anyPrefix(s, q.B) && anyPrefix(t, q.A)
}

func anyPrefix(code string, prefixes []string) bool {
	if code == "" {
		return false
	}
	for _, p := range prefixes {
		if strings.HasPrefix(code, p) {
			return true
		}
	}
	return false
}

// fetch lists the candidate events, one page at a time, and calls f on each:
// one paged query per member of A (actor or group) or per pair of members
// (dyad), merged without repeats.
func fetch(ctx context.Context, src EventLister, q SeriesQuery, f func(*event.Event) error) error {
	base := store.EventQuery{Origin: q.Origin, Since: q.Since, Until: q.Until}
	var qs []store.EventQuery
	switch {
	case len(q.A) == 0:
		qs = append(qs, base)
	case len(q.B) == 0:
		for _, a := range q.A {
			eq := base
			eq.Actor = a
			qs = append(qs, eq)
		}
	default:
		for _, a := range q.A {
			for _, b := range q.B {
				eq := base
				eq.DyadA, eq.DyadB, eq.Directed = a, b, q.Directed
				qs = append(qs, eq)
			}
		}
	}
	size := q.PageSize
	if size <= 0 {
		size = 10000
	}
	var seen map[string]bool
	if len(qs) > 1 {
		seen = map[string]bool{}
	}
	for _, eq := range qs {
		eq.Limit = size
		for eq.Offset = 0; ; eq.Offset += size {
			if err := ctx.Err(); err != nil {
				return err
			}
			page, err := src.ListEvents(ctx, eq)
			if err != nil {
				return fmt.Errorf("listing events: %w", err)
			}
			for i := range page {
				e := &page[i]
				if seen != nil {
					k := e.Key()
					if seen[k] {
						continue
					}
					seen[k] = true
				}
				if err := f(e); err != nil {
					return err
				}
			}
			if len(page) < size {
				break
			}
		}
	}
	return nil
}

// Matches reports whether e belongs to the series: its sides, origin,
// codes and range.
func (q *SeriesQuery) Matches(e *event.Event) bool { return q.match(e) }
