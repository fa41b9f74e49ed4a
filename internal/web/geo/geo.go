// Package geo turns world geometry in TopoJSON (such as the world-atlas
// package's countries-110m.json, embedded here as World) into SVG paths on
// an equirectangular projection, so that the web server can draw a
// choropleth map without any JavaScript.
//
// Parse is a parser of untrusted-shaped input: it checks every arc index and
// returns an error naming the geometry at fault rather than panicking. A
// parsed Map is read-only and safe for concurrent use.
package geo

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// World is world-atlas 2.0.2's countries-110m.json (Natural Earth 1:110m
// admin-0 boundaries, public domain; the packaging is ISC-licensed, see
// world-atlas.LICENSE). Country ids are ISO 3166-1 numeric codes.
//
//go:embed countries-110m.json
var World []byte

// Country is one feature of the map.
type Country struct {
	ID   string // the feature's id (an ISO 3166-1 numeric code in World)
	Name string
	Path string // an SVG path in the map's coordinates
}

// Map is a projected collection of countries.
type Map struct {
	Width, Height float64
	Countries     []Country
	// MinLat is the southernmost latitude drawn; the projection maps
	// latitude 90 to y 0 and MinLat to Height.
	MinLat float64
}

type topology struct {
	Type      string                     `json:"type"`
	Objects   map[string]json.RawMessage `json:"objects"`
	Arcs      [][][2]float64             `json:"arcs"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
}

type geometry struct {
	Type       string          `json:"type"`
	ID         json.RawMessage `json:"id"`
	Arcs       json.RawMessage `json:"arcs"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

type collection struct {
	Type       string     `json:"type"`
	Geometries []geometry `json:"geometries"`
}

// Parse reads a TopoJSON topology and projects the geometry collection
// named object onto a map width units wide, cut at latitude minLat (-60
// drops Antarctica). Polygons and MultiPolygons are drawn; other geometry
// types are skipped.
func Parse(data []byte, object string, width, minLat float64) (*Map, error) {
	if width <= 0 || minLat <= -90 || minLat >= 90 {
		return nil, fmt.Errorf("geo: width %g and minLat %g out of range", width, minLat)
	}
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("geo: reading the topology: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("geo: type %q, want Topology", t.Type)
	}
	raw, ok := t.Objects[object]
	if !ok {
		return nil, fmt.Errorf("geo: the topology has no object %q", object)
	}
	var c collection
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, fmt.Errorf("geo: object %q: %w", object, err)
	}
	k := width / 360
	m := &Map{Width: width, Height: (90 - minLat) * k, MinLat: minLat}
	arcs := decodeArcs(&t)
	for i, g := range c.Geometries {
		id := strings.Trim(string(g.ID), `"`)
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				return nil, fmt.Errorf("geo: geometry %d (%s): arcs: %w", i, id, err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("geo: geometry %d (%s): arcs: %w", i, id, err)
			}
		default:
			continue
		}
		var b strings.Builder
		visible := false
		for _, poly := range polys {
			for _, ring := range poly {
				pts, err := ringPoints(arcs, ring)
				if err != nil {
					return nil, fmt.Errorf("geo: geometry %d (%s): %w", i, id, err)
				}
				unwrap(pts)
				for j, p := range pts {
					visible = visible || p[1] > minLat
					x, y := m.Project(p[0], p[1])
					if j == 0 {
						b.WriteByte('M')
					} else {
						b.WriteByte('L')
					}
					b.WriteString(strconv.FormatFloat(x, 'f', 1, 64))
					b.WriteByte(',')
					b.WriteString(strconv.FormatFloat(y, 'f', 1, 64))
				}
				if len(pts) > 0 {
					b.WriteByte('Z')
				}
			}
		}
		if !visible {
			continue // wholly south of the map (Antarctica)
		}
		m.Countries = append(m.Countries, Country{ID: id, Name: g.Properties.Name, Path: b.String()})
	}
	return m, nil
}

// Project maps a longitude and latitude to map coordinates; latitudes below
// MinLat are clamped to the bottom edge.
func (m *Map) Project(lon, lat float64) (x, y float64) {
	k := m.Width / 360
	lat = math.Max(lat, m.MinLat)
	return (lon + 180) * k, (90 - lat) * k
}

// decodeArcs turns quantized, delta-encoded arcs into absolute positions.
func decodeArcs(t *topology) [][][2]float64 {
	out := make([][][2]float64, len(t.Arcs))
	for i, arc := range t.Arcs {
		pts := make([][2]float64, len(arc))
		var x, y float64
		for j, p := range arc {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				pts[j] = [2]float64{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = p
			}
		}
		out[i] = pts
	}
	return out
}

var errArc = errors.New("arc index out of range")

// unwrap keeps a ring continuous across the antimeridian: each longitude is
// moved by 360° to within 180° of the previous one, so that a ring such as
// Chukotka's runs past the map's right edge (and is clipped there) instead
// of striping across the whole map.
func unwrap(pts [][2]float64) {
	for j := 1; j < len(pts); j++ {
		if d := pts[j][0] - pts[j-1][0]; math.Abs(d) > 180 {
			pts[j][0] -= 360 * math.Round(d/360)
		}
	}
}

// ringPoints joins a ring's arcs; a negative index ~i is arc i reversed,
// and each arc after the first drops its first point (the previous arc's
// last).
func ringPoints(arcs [][][2]float64, ring []int) ([][2]float64, error) {
	var pts [][2]float64
	for n, ix := range ring {
		rev := ix < 0
		if rev {
			ix = ^ix
		}
		if ix >= len(arcs) {
			return nil, fmt.Errorf("%w: %d of %d", errArc, ix, len(arcs))
		}
		a := arcs[ix]
		for j := range a {
			p := a[j]
			if rev {
				p = a[len(a)-1-j]
			}
			if j == 0 && n > 0 {
				continue
			}
			pts = append(pts, p)
		}
	}
	return pts, nil
}
