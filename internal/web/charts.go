package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/store"
)

// seriesParams are a chart's query: a dyad (A-B, A->B) or an actor, the
// bucket width and the range; a missing range ends at the newest matching
// event and spans 90 days, 26 weeks or 24 months.
func (s *Server) seriesParams(ctx context.Context, r *http.Request, defBy string) (analyze.SeriesQuery, error) {
	var q analyze.SeriesQuery
	v := r.URL.Query()
	by := v.Get("by")
	if by == "" {
		by = defBy
	}
	var err error
	if q.By, err = analyze.ParseInterval(by); err != nil {
		return q, badParam("by", "want day, week or month, got %q", by)
	}
	if q.Since, q.Until, err = dayRangeParams(r); err != nil {
		return q, err
	}
	q.Origin = v.Get("origin")
	switch d, a := v.Get("dyad"), v.Get("actor"); {
	case d != "" && a != "":
		return q, badParam("actor", "give dyad or actor, not both")
	case d != "":
		x, y, directed, err := s.dyad(d)
		if err != nil {
			return q, err
		}
		q.A, q.B, q.Directed = []string{x}, []string{y}, directed
	case a != "":
		x, err := s.actor("actor", a)
		if err != nil {
			return q, err
		}
		q.A = []string{x}
	default:
		return q, badParam("dyad", "give dyad=A-B or actor=A")
	}
	if q.Until.IsZero() {
		probe := store.EventQuery{Origin: q.Origin, Since: q.Since, Limit: 1}
		if len(q.B) > 0 {
			probe.DyadA, probe.DyadB, probe.Directed = q.A[0], q.B[0], q.Directed
		} else {
			probe.Actor = q.A[0]
		}
		evs, err := s.opt.Store.ListEvents(ctx, probe)
		if err != nil {
			return q, err
		}
		if len(evs) == 0 {
			return q, errNoEvents
		}
		q.Until = analyze.Day.Start(evs[0].Date).AddDate(0, 0, 1)
	}
	if q.Since.IsZero() {
		switch q.By {
		case analyze.Week:
			q.Since = q.Until.AddDate(0, 0, -26*7)
		case analyze.Month:
			q.Since = q.Until.AddDate(0, -24, 0)
		default:
			q.Since = q.Until.AddDate(0, 0, -90)
		}
	}
	q.StoryOf = s.storyOf()
	return q, nil
}

// errNoEvents means a chart has nothing to show; the API answers with an
// empty series.
var errNoEvents = errors.New("no events match")

// storyOf memoizes documents' stories and outlets for one computation.
func (s *Server) storyOf() func(ctx context.Context, id int64) (int64, string, error) {
	type so struct {
		story  int64
		outlet string
	}
	var mu sync.Mutex
	memo := map[int64]so{}
	return func(ctx context.Context, id int64) (int64, string, error) {
		mu.Lock()
		v, ok := memo[id]
		mu.Unlock()
		if ok {
			return v.story, v.outlet, nil
		}
		d, err := s.opt.Store.Doc(ctx, id)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return 0, "", err
		}
		v = so{d.StoryID, d.Source}
		if v.story == 0 {
			v.story = id
		}
		mu.Lock()
		memo[id] = v
		mu.Unlock()
		return v.story, v.outlet, nil
	}
}

type pointJSON struct {
	Start         string         `json:"start"`
	End           string         `json:"end"`
	Events        int            `json:"events"`
	Rows          int            `json:"rows"`
	Quad          [5]int         `json:"quad"`
	Roots         map[string]int `json:"roots,omitempty"`
	GoldsteinSum  float64        `json:"goldstein_sum"`
	GoldsteinMean float64        `json:"goldstein_mean"`
	ConflictShare float64        `json:"conflict_share"`
	Stories       int            `json:"stories"`
	Sources       int            `json:"sources"`
}

func (s *Server) seriesAPI(w http.ResponseWriter, r *http.Request) error {
	return s.cached(w, r, func() (any, error) {
		q, err := s.seriesParams(r.Context(), r, "week")
		if errors.Is(err, errNoEvents) {
			return []pointJSON{}, nil
		}
		if err != nil {
			return nil, err
		}
		points, err := analyze.Series(r.Context(), s.opt.Store, q)
		if err != nil {
			return nil, err
		}
		out := make([]pointJSON, 0, len(points))
		for _, p := range points {
			out = append(out, pointJSON{Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly), Events: p.Events,
				Rows: p.Rows, Quad: p.Quad, Roots: p.Roots, GoldsteinSum: p.GoldsteinSum, GoldsteinMean: p.GoldsteinMean,
				ConflictShare: p.ConflictShare, Stories: p.Stories, Sources: p.Sources})
		}
		return out, nil
	})
}

type tensionJSON struct {
	Start    string      `json:"start"`
	End      string      `json:"end"`
	Events   int         `json:"events"`
	Conflict int         `json:"conflict"`
	Total    int         `json:"total"`
	Index    float64     `json:"index"`
	Inputs   []inputJSON `json:"inputs"`
}

type inputJSON struct {
	Name    string  `json:"name"`
	Value   float64 `json:"value"`
	Defined bool    `json:"defined"`
	Z       float64 `json:"z"`
	Weight  float64 `json:"weight"`
}

// tensionAPI returns a dyad's tension index per bucket, normalized against
// its own baseline (the whole range) and against all events.
func (s *Server) tensionAPI(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("dyad") == "" {
		return badParam("dyad", "give dyad=A-B")
	}
	return s.cached(w, r, func() (any, error) {
		q, err := s.seriesParams(r.Context(), r, "week")
		if errors.Is(err, errNoEvents) {
			return []tensionJSON{}, nil
		}
		if err != nil {
			return nil, err
		}
		points, err := analyze.Series(r.Context(), s.opt.Store, q)
		if err != nil {
			return nil, err
		}
		all := q
		all.A, all.B, all.Directed = nil, nil, false
		totals, err := analyze.Series(r.Context(), s.opt.Store, all)
		if err != nil {
			return nil, err
		}
		tps := analyze.Tension(points, analyze.Baseline{}, analyze.TensionOptions{Totals: totals})
		out := make([]tensionJSON, 0, len(tps))
		for i, tp := range tps {
			t := tensionJSON{Start: tp.Start.Format(time.DateOnly), End: tp.End.Format(time.DateOnly), Events: tp.Events,
				Conflict: points[i].Conflict(), Total: tp.Total, Index: tp.Index}
			for _, in := range tp.Inputs {
				t.Inputs = append(t.Inputs, inputJSON{Name: in.Name, Value: in.Value, Defined: in.Defined, Z: in.Z, Weight: in.Weight})
			}
			out = append(out, t)
		}
		return out, nil
	})
}

type gprJSON struct {
	Scope       string  `json:"scope"`
	Start       string  `json:"start"`
	End         string  `json:"end"`
	Stories     int     `json:"stories"`
	Matches     int     `json:"matches"`
	Share       float64 `json:"share"`
	ThreatShare float64 `json:"threat_share"`
	ActShare    float64 `json:"act_share"`
	GPR         float64 `json:"gpr"`
	GPRT        float64 `json:"gpr_threats"`
	GPRA        float64 `json:"gpr_acts"`
	Normalized  bool    `json:"normalized"`
}

// gprAPI returns the GPR-style index over the stored documents; country
// adds that country's scope.
func (s *Server) gprAPI(w http.ResponseWriter, r *http.Request) error {
	var q analyze.GPRQuery
	by := r.URL.Query().Get("by")
	if by == "" {
		by = "month"
	}
	var err error
	if q.By, err = analyze.ParseInterval(by); err != nil {
		return badParam("by", "want day, week or month, got %q", by)
	}
	if q.Since, q.Until, err = dayRangeParams(r); err != nil {
		return err
	}
	if c := r.URL.Query().Get("country"); c != "" {
		if s.opt.GPRMatch == nil {
			return badParam("country", "this server computes the global index only")
		}
		code, err := s.actor("country", c)
		if err != nil {
			return err
		}
		if !strings.HasPrefix(code, "IGO") && len(code) > 3 {
			code = code[:3]
		}
		q.Countries, q.Match = []string{code}, s.opt.GPRMatch
	}
	return s.cached(w, r, func() (any, error) {
		if q.Until.IsZero() {
			docs, err := s.opt.Store.ListDocs(r.Context(), store.DocQuery{Limit: 1})
			if err != nil {
				return nil, err
			}
			if len(docs) == 0 || docs[0].Published.IsZero() {
				return []gprJSON{}, nil
			}
			q.Until = analyze.Day.Start(docs[0].Published).AddDate(0, 0, 1)
		}
		if q.Since.IsZero() {
			switch q.By {
			case analyze.Day:
				q.Since = q.Until.AddDate(0, 0, -90)
			case analyze.Week:
				q.Since = q.Until.AddDate(0, 0, -26*7)
			default:
				q.Since = q.Until.AddDate(0, -24, 0)
			}
		}
		points, err := analyze.GPR(r.Context(), s.opt.Store, q)
		if err != nil {
			return nil, err
		}
		out := make([]gprJSON, 0, len(points))
		for _, p := range points {
			out = append(out, gprJSON{Scope: p.Scope, Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly),
				Stories: p.Stories, Matches: p.Matches, Share: p.Share, ThreatShare: p.ThreatShare, ActShare: p.ActShare,
				GPR: p.GPR, GPRT: p.GPRT, GPRA: p.GPRA, Normalized: p.Normalized})
		}
		return out, nil
	})
}

// cached answers a computed GET from the cache when the same URL was
// computed less than the cache's TTL ago.
func (s *Server) cached(w http.ResponseWriter, r *http.Request, compute func() (any, error)) error {
	key := r.URL.Path + "?" + r.URL.RawQuery
	v, err := s.cache.get(key, compute)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// ttlCache keeps computed values for a while; it holds at most 256 and
// forgets them all when full. Concurrent gets of one key compute once.
type ttlCache struct {
	ttl     time.Duration
	mu      sync.Mutex
	entries map[string]*cacheEntry
}

type cacheEntry struct {
	done chan struct{}
	val  any
	err  error
	exp  time.Time
}

func newTTLCache(ttl time.Duration) *ttlCache {
	return &ttlCache{ttl: ttl, entries: map[string]*cacheEntry{}}
}

func (c *ttlCache) get(key string, compute func() (any, error)) (any, error) {
	c.mu.Lock()
	e, ok := c.entries[key]
	if ok && (e.exp.IsZero() || time.Now().Before(e.exp)) {
		c.mu.Unlock()
		<-e.done
		return e.val, e.err
	}
	if len(c.entries) >= 256 {
		c.entries = map[string]*cacheEntry{}
	}
	e = &cacheEntry{done: make(chan struct{})}
	c.entries[key] = e
	c.mu.Unlock()
	e.val, e.err = compute()
	c.mu.Lock()
	if e.err != nil {
		delete(c.entries, key) // errors are not kept
	} else {
		e.exp = time.Now().Add(c.ttl)
	}
	c.mu.Unlock()
	close(e.done)
	return e.val, e.err
}
