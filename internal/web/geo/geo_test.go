package geo

import (
	"strings"
	"testing"
)

func TestWorld(t *testing.T) {
	m, err := Parse(World, "countries", 960, -60)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Countries) < 170 {
		t.Errorf("got %d countries, want the ~177 of Natural Earth 1:110m", len(m.Countries))
	}
	byID := map[string]Country{}
	for _, c := range m.Countries {
		byID[c.ID] = c
	}
	for id, name := range map[string]string{"156": "China", "392": "Japan", "840": "United States of America", "250": "France"} {
		c, ok := byID[id]
		if !ok || c.Name != name || !strings.HasPrefix(c.Path, "M") || !strings.HasSuffix(c.Path, "Z") {
			t.Errorf("country %s = %+v, want %s with a closed path", id, c.Name, name)
		}
	}
	// Beijing (116.4E, 39.9N) projects inside the map, upper right.
	x, y := m.Project(116.4, 39.9)
	if x < 0.75*960 || x > 0.85*960 || y < 0 || y > m.Height/2 {
		t.Errorf("Beijing at %.0f,%.0f", x, y)
	}
	if _, y := m.Project(0, -80); y != m.Height {
		t.Errorf("latitude below MinLat projects to %v, want the bottom edge %v", y, m.Height)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"not json", `{`, "reading the topology"},
		{"not a topology", `{"type":"FeatureCollection"}`, "want Topology"},
		{"no object", `{"type":"Topology","objects":{}}`, `no object "countries"`},
		{"bad arc", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"1","arcs":[[5]]}]}},"arcs":[[[0,0],[1,1]]]}`, "arc index out of range"},
		{"bad arcs", `{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"1","arcs":"x"}]}},"arcs":[]}`, "geometry 0 (1)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.in), "countries", 960, -60)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse(%s) error %v, want one containing %q", tt.in, err, tt.want)
			}
		})
	}
}

func TestReversedArc(t *testing.T) {
	in := `{"type":"Topology","objects":{"c":{"type":"GeometryCollection","geometries":[
	  {"type":"Polygon","id":"1","arcs":[[0,~1]]}]}},
	  "arcs":[[[0,0],[10,0]],[[0,0],[0,10],[10,10],[10,0]]]}`
	in = strings.ReplaceAll(in, "~1", "-2")
	m, err := Parse([]byte(in), "c", 360, -60)
	if err != nil {
		t.Fatal(err)
	}
	// Arc 0 from (0,0) to (10,0), then arc 1 reversed, without its first point.
	want := "M180.0,90.0L190.0,90.0L190.0,80.0L180.0,80.0L180.0,90.0Z"
	if got := m.Countries[0].Path; got != want {
		t.Errorf("path %s, want %s", got, want)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"Polygon","id":"1","arcs":[[0,-1]]}]}},"arcs":[[[0,0],[1,1]]],"transform":{"scale":[1,1],"translate":[0,0]}}`))
	f.Add([]byte(`{"type":"Topology","objects":{"countries":{"type":"GeometryCollection","geometries":[{"type":"MultiPolygon","arcs":[[[0]],[[-3]]]}]}},"arcs":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse(data, "countries", 960, -60)
		if err != nil {
			return
		}
		for _, c := range m.Countries {
			if strings.ContainsAny(c.Path, `"<>&`) {
				t.Fatalf("path %q has characters unsafe in an attribute", c.Path)
			}
		}
	})
}
