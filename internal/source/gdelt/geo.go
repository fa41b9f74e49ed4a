package gdelt

import (
	_ "embed"
	"strings"
)

//go:embed fips_iso3.tsv
var fipsTSV string

// countries converts FIPS 10-4 country codes to ISO 3166-1 alpha-3.
type countries map[string]string

// loadCountries parses the embedded table. It takes a few microseconds;
// each reader loads it once.
func loadCountries() countries {
	c := make(countries, 280)
	for line := range strings.Lines(fipsTSV) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		fips, rest, _ := strings.Cut(line, "\t")
		iso, _, _ := strings.Cut(rest, "\t")
		c[fips] = iso
	}
	return c
}

// iso3 returns the ISO alpha-3 code of a FIPS code, or "" when the table
// does not know it.
func (c countries) iso3(fips string) string {
	return c[fips]
}
