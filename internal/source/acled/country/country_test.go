package country

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tab := Load()
	if tab.Len() < 249 {
		t.Errorf("%d countries, want ISO 3166-1's 249 and more", tab.Len())
	}
	tests := []struct {
		name, want string
	}{
		{"Russian Federation", "RUS"},
		{"russia", "RUS"},
		{"Korea, Republic of", "KOR"},
		{"Occupied Palestinian Territory", "PSE"},
		{"Palestine", "PSE"},
		{"Democratic Republic of Congo", "COD"},
		{"Congo", "COG"},
		{"Republic of Congo", "COG"},
		{"Côte d’Ivoire", "CIV"},
		{"Cote d'Ivoire", "CIV"},
		{"eSwatini", "SWZ"},
		{"the former Yugoslav Republic of Macedonia", "MKD"},
		{"  United   States ", "USA"},
		{"Kosovo", "XKX"},
		{"Türkiye", "TUR"},
		{"CHN", "CHN"},
	}
	for _, tt := range tests {
		if got, ok := tab.ByName(tt.name); got != tt.want || !ok {
			t.Errorf("ByName(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
	for _, name := range []string{"", "Atlantis", "NA", "International"} {
		if got, ok := tab.ByName(name); ok {
			t.Errorf("ByName(%q) = %q, want none", name, got)
		}
	}
	for num, want := range map[string]string{"4": "AFG", "004": "AFG", "275": "PSE", "887": "YEM", "76": "BRA"} {
		if got, _ := tab.ByNumeric(num); got != want {
			t.Errorf("ByNumeric(%q) = %q, want %q", num, got, want)
		}
	}
}

// TestSampleNames checks that every country name in the shared ACLED and
// ICEWS samples is known.
func TestSampleNames(t *testing.T) {
	tab := Load()
	files := []struct {
		path string
		sep  string
		cols []string
	}{
		{"../../../../../shared/samples/icews/events.2018.sample.tab", "\t", []string{"Source Country", "Target Country", "Country"}},
		{"../../../../../shared/samples/acled/acled_api_export_2020-05_head300.csv", ",", []string{"country"}},
	}
	for _, f := range files {
		fh, err := os.Open(f.path)
		if errors.Is(err, os.ErrNotExist) {
			t.Skipf("sample %s is not here (it lives in ../shared)", f.path)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer fh.Close()
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<20)
		sc.Scan()
		var idx []int
		for i, h := range strings.Split(sc.Text(), f.sep) {
			for _, c := range f.cols {
				if h == c {
					idx = append(idx, i)
				}
			}
		}
		for sc.Scan() {
			fields := strings.Split(sc.Text(), f.sep)
			for _, i := range idx {
				// The ACLED file quotes its notes, but country comes before
				// them, so a plain split finds it.
				if i >= len(fields) || fields[i] == "NA" || fields[i] == "" {
					continue
				}
				if _, ok := tab.ByName(fields[i]); !ok {
					t.Errorf("%s: unknown country %q", f.path, fields[i])
				}
			}
		}
	}
}
