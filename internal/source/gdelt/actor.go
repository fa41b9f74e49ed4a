package gdelt

import (
	"strings"

	"github.com/georisk/georisk/internal/event"
)

// knownIGOs gives the normalized code of the IGOs whose
// Actor1KnownGroupCode GDELT writes, for the organisations georisk's
// analyses name (see the package doc). Other IGOs are built from GDELT's own
// region and group fields.
var knownIGOs = map[string]string{
	"NAT": "IGOWSTNAT", // NATO
	"EEC": "IGOEUREEC", // European Union
	"EUR": "IGOEUREEC", // European Union, as some dictionaries write it
	"UNO": "IGOUNO",    // United Nations
	"ARL": "IGOMEAARL", // Arab League
	"ASN": "IGOSEAASN", // ASEAN
	"SAD": "IGOSAFSAD", // SADC
}

// actorCols are the columns of one actor in an event row: Code, Name,
// CountryCode, KnownGroupCode, EthnicCode, Religion1Code, Religion2Code,
// Type1Code, Type2Code, Type3Code.
const actorCols = 10

// actor maps the ten actor columns f to an Actor.
func actor(f []string) event.Actor {
	raw, name, cc, group := f[0], f[1], f[2], f[3]
	types := f[7:10]
	if raw == "" && name == "" && cc == "" && group == "" && types[0] == "" && types[1] == "" && types[2] == "" {
		return event.Actor{}
	}
	a := event.Actor{Raw: raw, Name: name}
	var kind string // "IGO" or "NGO" when the country part says so
	switch {
	case hasType(types, "IGO"):
		kind = "IGO"
	case hasType(types, "NGO"):
		kind = "NGO"
	}
	if group == "" && kind != "" {
		group = groupOf(raw, kind+cc, types)
	}
	switch igo, known := knownIGOs[group]; {
	case known:
		a.Country, kind = igo, "IGO"
	case group != "" && kind != "":
		a.Country = kind + cc + group
	case cc != "":
		a.Country, kind = cc, ""
	default:
		a.Country, kind = group, ""
	}
	n := 0
	for _, t := range types {
		if t != "" {
			n++
		}
	}
	switch n {
	case 0:
	case 1:
		for _, t := range types {
			if t != "" {
				a.Sectors = t
			}
		}
	default:
		var sb strings.Builder
		for _, t := range types {
			if t == "" {
				continue
			}
			if sb.Len() > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(t)
		}
		a.Sectors = sb.String()
	}
	if a.Country == "" {
		return a
	}
	if n == 0 || n == 1 && a.Sectors == kind {
		a.Code = a.Country
		return a
	}
	var sb strings.Builder
	sb.Grow(len(a.Country) + 3*n)
	sb.WriteString(a.Country)
	for _, t := range types {
		if t != "" && t != kind {
			sb.WriteString(t)
		}
	}
	a.Code = sb.String()
	return a
}

// groupOf finds the organisation code in the raw code of an IGO or NGO
// whose Actor1KnownGroupCode GDELT left empty: "IGOAFRAFU" with prefix
// "IGOAFR" gives "AFU". It returns "" when the three letters after prefix
// are missing or are one of the actor's type codes.
func groupOf(raw, prefix string, types []string) string {
	if !strings.HasPrefix(raw, prefix) || len(raw) < len(prefix)+3 {
		return ""
	}
	g := raw[len(prefix) : len(prefix)+3]
	if hasType(types, g) {
		return ""
	}
	return g
}

func hasType(types []string, t string) bool {
	return types[0] == t || types[1] == t || types[2] == t
}
