package assess

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
)

//go:embed data/sectors.tsv
var sectorsTSV string

// Sector is a line of the sector list: a key, its NAICS code and the tags
// the risk model reads.
type Sector struct {
	Key   string
	NAICS string
	Name  string
	Tags  []string
}

// naicsSectors are the two-digit sectors of NAICS 2022.
var naicsSectors = map[string]bool{
	"11": true, "21": true, "22": true, "23": true, "31": true, "32": true, "33": true, "42": true,
	"44": true, "45": true, "48": true, "49": true, "51": true, "52": true, "53": true, "54": true,
	"55": true, "56": true, "61": true, "62": true, "71": true, "72": true, "81": true, "92": true,
}

// Sectors is the sector list.
type Sectors struct {
	byKey map[string]Sector
	list  []Sector
}

// DefaultSectors parses the embedded sector list.
func DefaultSectors() (*Sectors, error) { return parseSectors("sectors.tsv", sectorsTSV) }

func parseSectors(name, text string) (*Sectors, error) {
	s := &Sectors{byKey: map[string]Sector{}}
	sc := bufio.NewScanner(strings.NewReader(text))
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("%s:%d: want 4 tab-separated fields, got %d", name, n, len(f))
		}
		sec := Sector{Key: f[0], NAICS: f[1], Name: f[2], Tags: strings.Split(f[3], ",")}
		s.byKey[sec.Key] = sec
		s.list = append(s.list, sec)
	}
	return s, nil
}

// Lookup resolves a sector key ("aerospace") or a NAICS code ("336413").
func (s *Sectors) Lookup(name string) (Sector, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if sec, ok := s.byKey[name]; ok {
		return sec, true
	}
	if len(name) < 2 || len(name) > 6 || strings.Trim(name, "0123456789") != "" || !naicsSectors[name[:2]] {
		return Sector{}, false
	}
	best := Sector{Key: name, NAICS: name, Name: "NAICS " + name}
	n := 0 // length of the listed code that gave best its tags
	for _, sec := range s.list {
		if strings.HasPrefix(name, sec.NAICS) && len(sec.NAICS) > n {
			n = len(sec.NAICS)
			best.Tags, best.Name = sec.Tags, sec.Name+" (NAICS "+name+")"
		}
	}
	return best, true
}

// Keys lists the sector keys, in file order.
func (s *Sectors) Keys() []string {
	out := make([]string, len(s.list))
	for i, sec := range s.list {
		out[i] = sec.Key
	}
	return out
}
