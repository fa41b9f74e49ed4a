package watch

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseGood(t *testing.T) {
	f, err := Load("testdata/full.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	want := []Watch{
		{Name: "chn-nato", Dyad: "China->NATO", Codes: []string{"11", "12"}, Metric: "conflict", By: "week",
			Detectors: []string{"poisson", "cusum"}, Thresholds: Thresholds{PoissonAlpha: 0.01, CUSUMH: 4, MinEvents: 2},
			MinSeverity: "medium", Line: 3},
		{Name: "quad-goldstein", Actor: "@Quad", Metric: "goldstein", By: "day", Detectors: []string{"ewma", "cusum"},
			Thresholds: Thresholds{EWMAZ: 3.5}, MinSeverity: "low", Line: 11},
		{Name: "baltics", Countries: []string{"Lithuania", "Latvia", "EST"}, Metric: "events", By: "day",
			Detectors: []string{"poisson", "cusum"}, MinSeverity: "low", Line: 15},
		{Name: "tokyo-office", Keywords: []string{"Tokyo office", "liaison office"}, Metric: "events", By: "day",
			Detectors: []string{"poisson", "cusum"}, MinSeverity: "low", Line: 17},
	}
	if d := cmp.Diff(want, f.Watches); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestParseBad(t *testing.T) {
	cases := []struct {
		file   string
		want   string // file:line: and the reason
		reason string
	}{
		{"unknown-key.bad.yaml", `:4: field treshold not found`, "misspelt keys are errors, at their line"},
		{"bad-metric.bad.yaml", `:4: watch "b": metric "vibes"`, "bad values point at the watch"},
		{"two-targets.bad.yaml", `:2: watch "a": give exactly one of dyad, actor`, "one target per watch"},
		{"duplicate.bad.yaml", `:4: watch "a" is already defined at line 2`, "names are unique"},
		{"wrong-type.bad.yaml", `:4: cannot unmarshal !!str ` + "`many`", "type errors keep their line"},
		{"syntax.bad.yaml", `:2: did not find expected`, "syntax errors keep their line (where the parser noticed)"},
		{"poisson-float.bad.yaml", `:2: watch "a": detector poisson needs a count metric`, "Poisson counts"},
	}
	for _, tc := range cases {
		path := filepath.Join("testdata", tc.file)
		_, err := Load(path)
		if err == nil || !strings.Contains(err.Error(), path+tc.want) {
			t.Errorf("%s (%s): error %v, want one containing %q", tc.file, tc.reason, err, path+tc.want)
		}
		var le *LineError
		if err != nil && !errors.As(err, &le) {
			t.Errorf("%s: error %T is not a *LineError", tc.file, err)
		}
	}
}

func TestSaveLoad(t *testing.T) {
	f, err := Load("testdata/full.good.yaml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "w.yaml")
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	g, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(f.Watches, g.Watches, cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Line" }, cmp.Ignore())); d != "" {
		t.Errorf("round trip (-want +got):\n%s", d)
	}
	if _, err := os.Stat(path + ".tmp"); err == nil {
		t.Error("Save left its temporary file")
	}
	if g, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err != nil || len(g.Watches) != 0 {
		t.Errorf("a missing file: %v, %d watches; want an empty file", err, len(g.Watches))
	}
}

type fakeDict struct{}

func (fakeDict) Resolve(name string) (string, bool) {
	m := map[string]string{"china": "CHN", "nato": "IGOWSTNAT", "chn": "CHN", "japan": "JPN"}
	c, ok := m[strings.ToLower(name)]
	return c, ok
}

func (fakeDict) Members(group string, _ time.Time) []string {
	if group == "Quad" {
		return []string{"AUS", "IND", "JPN", "USA"}
	}
	return nil
}

func TestSide(t *testing.T) {
	got, err := Side(fakeDict{}, "China, @Quad", time.Now())
	if err != nil || !cmp.Equal(got, []string{"CHN", "AUS", "IND", "JPN", "USA"}) {
		t.Errorf("Side = %v, %v", got, err)
	}
	for in, want := range map[string]string{"Narnia": `unknown actor "Narnia"`, "@Narnia": `"Narnia" is not a group`, "China,": "empty actor"} {
		if _, err := Side(fakeDict{}, in, time.Now()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Side(%q): %v, want %q", in, err, want)
		}
	}
}

// FuzzParse checks that no input makes Parse panic, and that whatever it
// accepts survives Save and Load unchanged.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"full.good.yaml", "unknown-key.bad.yaml", "wrong-type.bad.yaml", "syntax.bad.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("watches: []\n"))
	f.Add([]byte("watches:\n  - {name: x, actor: a, by: week, metric: tension}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		wf, err := Parse("fuzz.yaml", bytes.NewReader(data))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Errorf("error %q does not name the file", err)
			}
			return
		}
		path := filepath.Join(t.TempDir(), "w.yaml")
		if err := Save(path, wf); err != nil {
			t.Fatal(err)
		}
		again, err := Load(path)
		if err != nil {
			t.Fatalf("a file Parse accepted does not load after Save: %v", err)
		}
		if len(again.Watches) != len(wf.Watches) {
			t.Fatalf("%d watches after a round trip, want %d", len(again.Watches), len(wf.Watches))
		}
	})
}
