package web

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// mapScan is how many of the newest matching events the map counts.
const mapScan = 20000

type countryCount struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Events   int    `json:"events"`
	Conflict int    `json:"conflict"`
}

type placeJSON struct {
	ID       int         `json:"id"`
	Name     string      `json:"name"`
	Country  string      `json:"country,omitempty"`
	Lat      float64     `json:"lat"`
	Lon      float64     `json:"lon"`
	Events   int         `json:"events"`
	Conflict int         `json:"conflict"`
	Sample   []eventJSON `json:"sample"` // the newest events there, at most 10
	X, Y     float64     `json:"-"`
	R        float64     `json:"-"`
}

type mapData struct {
	Countries []countryCount `json:"countries"`
	Places    []placeJSON    `json:"places"`
	Scanned   int            `json:"scanned"`
	Complete  bool           `json:"complete"` // false when more events matched than were scanned
}

// mapCounts counts the newest matching events (at most mapScan) by country —
// each country an event involves as source, target or place — and groups
// geolocated events by place.
func (s *Server) mapCounts(ctx context.Context, q store.EventQuery) (*mapData, error) {
	q.Limit, q.Offset = 5000, 0
	md := &mapData{Complete: true}
	byCountry := map[string]*countryCount{}
	byPlace := map[[2]int64]*placeJSON{}
	var order [][2]int64
	for md.Scanned < mapScan {
		evs, err := s.opt.Store.ListEvents(ctx, q)
		if err != nil {
			return nil, err
		}
		for i := range evs {
			e := &evs[i]
			conflict := e.Quad >= 3
			seen := [3]string{}
			for k, c := range []string{countryOf(e.Source), countryOf(e.Target), e.Location.Country} {
				if c == "" || c == seen[0] || c == seen[1] {
					continue
				}
				seen[k] = c
				cc := byCountry[c]
				if cc == nil {
					cc = &countryCount{Code: c, Name: s.name(c)}
					byCountry[c] = cc
				}
				cc.Events++
				if conflict {
					cc.Conflict++
				}
			}
			if l := e.Location; l.HasGeo && !math.IsNaN(l.Lat) && !math.IsNaN(l.Lon) {
				key := [2]int64{int64(math.Round(l.Lat * 10)), int64(math.Round(l.Lon * 10))}
				p := byPlace[key]
				if p == nil {
					p = &placeJSON{Name: l.Name, Country: l.Country, Lat: l.Lat, Lon: l.Lon}
					byPlace[key] = p
					order = append(order, key)
				}
				p.Events++
				if conflict {
					p.Conflict++
				}
				if len(p.Sample) < 10 {
					p.Sample = append(p.Sample, s.eventJSON(e, nil))
				}
			}
		}
		md.Scanned += len(evs)
		if len(evs) < q.Limit {
			break
		}
		q.Offset += len(evs)
		if md.Scanned >= mapScan {
			md.Complete = false
		}
	}
	for _, c := range byCountry {
		md.Countries = append(md.Countries, *c)
	}
	sort.Slice(md.Countries, func(i, j int) bool {
		a, b := md.Countries[i], md.Countries[j]
		return a.Events > b.Events || a.Events == b.Events && a.Code < b.Code
	})
	for i, k := range order {
		p := byPlace[k]
		p.ID = i + 1
		md.Places = append(md.Places, *p)
	}
	sort.SliceStable(md.Places, func(i, j int) bool { return md.Places[i].Events > md.Places[j].Events })
	if len(md.Places) > 500 {
		md.Places = md.Places[:500]
	}
	return md, nil
}

// countryOf is the country (or IGO) an actor belongs to.
func countryOf(a event.Actor) string {
	if a.Country != "" {
		return a.Country
	}
	if strings.HasPrefix(a.Code, "IGO") || len(a.Code) < 3 {
		return ""
	}
	return a.Code[:3]
}

func (s *Server) mapAPI(w http.ResponseWriter, r *http.Request) error {
	q, err := s.eventQuery(r, 50)
	if err != nil {
		return err
	}
	return s.cached(w, r, func() (any, error) { return s.mapCounts(r.Context(), q) })
}

type mapShape struct {
	Code, Name, Path, Class, Title, Href string
}

func (s *Server) mapPage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.eventQuery(r, 50)
	if err != nil {
		return err
	}
	v, err := s.cache.get("map-page?"+r.URL.RawQuery, func() (any, error) { return s.mapCounts(r.Context(), q) })
	if err != nil {
		return err
	}
	md := v.(*mapData)
	counts := map[string]countryCount{}
	maxN := 0
	for _, c := range md.Countries {
		counts[c.Code] = c
		maxN = max(maxN, c.Events)
	}
	filter := r.URL.Query()
	filter.Del("actor")
	shapes := make([]mapShape, 0, len(s.world.Countries))
	for _, c := range s.world.Countries {
		sh := mapShape{Name: c.Name, Path: c.Path, Class: "c0", Title: c.Name + ": no events"}
		if s.opt.Countries != nil {
			if code, ok := s.opt.Countries(c.ID); ok {
				sh.Code = code
				if n := counts[code]; n.Events > 0 {
					// Five classes on a log scale of the largest count.
					k := 1 + int(4*math.Log1p(float64(n.Events))/math.Log1p(float64(maxN)))
					sh.Class = fmt.Sprintf("c%d", min(k, 5))
					sh.Title = fmt.Sprintf("%s: %d events, %d of conflict", c.Name, n.Events, n.Conflict)
				}
				f := cloneValues(filter)
				f.Set("actor", code)
				sh.Href = "/events?" + f.Encode()
			}
		}
		shapes = append(shapes, sh)
	}
	places := make([]placeJSON, len(md.Places))
	maxP := 1
	for _, p := range md.Places {
		maxP = max(maxP, p.Events)
	}
	for i, p := range md.Places {
		p.X, p.Y = s.world.Project(p.Lon, p.Lat)
		p.R = 2.5 + 6*math.Sqrt(float64(p.Events)/float64(maxP))
		places[i] = p
	}
	top := md.Countries
	if len(top) > 25 {
		top = top[:25]
	}
	s.render(w, r, http.StatusOK, "map", map[string]any{"Title": "Map", "Shapes": shapes, "Places": places, "Top": top,
		"W": s.world.Width, "H": s.world.Height, "Data": md, "Scan": mapScan, "Q": r.URL.Query()})
	return nil
}
