package code

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// fakeActors is a test-only actor finder over a handful of names, so that
// the rules can be tested without the real dictionary. Names match whole
// words, longest first; a possessive 's stays outside the match, as the
// real dictionary does.
var fakeNames = []struct {
	name, code, country string
	kind                ActorKind
}{
	{"China", "CHN", "CHN", ActorCountry},
	{"Chinese", "CHN", "CHN", ActorCountry},
	{"Beijing", "CHNGOV", "CHN", ActorAgent},
	{"Chinese coast guard", "CHNMIL", "CHN", ActorAgent},
	{"China's Foreign Ministry", "CHNGOV", "CHN", ActorAgent},
	{"Chinese media", "CHNMED", "CHN", ActorAgent},
	{"Xi Jinping", "CHNGOV", "CHN", ActorPerson},
	{"Wang Yi", "CHNGOV", "CHN", ActorPerson},
	{"NATO", "IGOWSTNAT", "IGOWSTNAT", ActorIGO},
	{"EU", "IGOEUREEC", "IGOEUREEC", ActorIGO},
	{"Japan", "JPN", "JPN", ActorCountry},
	{"Japanese", "JPN", "JPN", ActorCountry},
	{"Tokyo", "JPNGOV", "JPN", ActorAgent},
	{"France", "FRA", "FRA", ActorCountry},
	{"Germany", "DEU", "DEU", ActorCountry},
	{"French", "FRA", "FRA", ActorCountry},
	{"Russia", "RUS", "RUS", ActorCountry},
	{"Russian", "RUS", "RUS", ActorCountry},
	{"Moscow", "RUSGOV", "RUS", ActorAgent},
	{"the Kremlin", "RUSGOV", "RUS", ActorAgent},
	{"Vladimir Putin", "RUSGOV", "RUS", ActorPerson},
	{"Ukraine", "UKR", "UKR", ActorCountry},
	{"Ukrainian", "UKR", "UKR", ActorCountry},
	{"Kyiv", "UKRGOV", "UKR", ActorAgent},
	{"Zelensky", "UKRGOV", "UKR", ActorPerson},
	{"United States", "USA", "USA", ActorCountry},
	{"US", "USA", "USA", ActorCountry},
	{"Washington", "USAGOV", "USA", ActorAgent},
	{"Joe Biden", "USAGOV", "USA", ActorPerson},
	{"Biden", "USAGOV", "USA", ActorPerson},
	{"Antony Blinken", "USAGOV", "USA", ActorPerson},
	{"Israel", "ISR", "ISR", ActorCountry},
	{"Israeli", "ISR", "ISR", ActorCountry},
	{"Gaza", "PSE", "PSE", ActorCountry},
	{"Hamas", "PSEREB", "PSE", ActorGroup},
	{"Iran", "IRN", "IRN", ActorCountry},
	{"Philippines", "PHL", "PHL", ActorCountry},
	{"Philippine", "PHL", "PHL", ActorCountry},
	{"Taiwan", "TWN", "TWN", ActorCountry},
	{"Vietnam", "VNM", "VNM", ActorCountry},
	{"Georgian police", "GEOCOP", "GEO", ActorAgent},
	{"protesters", "OPP", "", ActorAgent},
	{"Georgian protesters", "GEOOPP", "GEO", ActorAgent},
	{"Niger", "NER", "NER", ActorCountry},
	{"Niger's junta", "NERMIL", "NER", ActorAgent},
	{"ECOWAS", "IGOWAFWAS", "IGOWAFWAS", ActorIGO},
	{"South Korea", "KOR", "KOR", ActorCountry},
	{"North Korea", "PRK", "PRK", ActorCountry},
	{"Australia", "AUS", "AUS", ActorCountry},
	{"Sweden", "SWE", "SWE", ActorCountry},
	{"Turkey", "TUR", "TUR", ActorCountry},
	{"Serbia", "SRB", "SRB", ActorCountry},
	{"Kosovo", "XKX", "XKX", ActorCountry},
	{"Houthi rebels", "YEMREB", "YEM", ActorGroup},
	{"Houthis", "YEMREB", "YEM", ActorGroup},
	{"Britain", "GBR", "GBR", ActorCountry},
	{"Armenia", "ARM", "ARM", ActorCountry},
	{"Azerbaijan", "AZE", "AZE", ActorCountry},
	{"India", "IND", "IND", ActorCountry},
	{"Canada", "CAN", "CAN", ActorCountry},
	{"Pamir", "", "", ActorAgent},
}

func fakeActors(s string, _ time.Time, dst []ActorMatch) []ActorMatch {
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) || i > 0 && wordByte(s[i-1]) {
			i += n
			continue
		}
		best, bestEnd := -1, 0
		for k, a := range fakeNames {
			if a.code == "" || !strings.HasPrefix(s[i:], a.name) {
				continue
			}
			end := i + len(a.name)
			if end < len(s) && wordByte(s[end]) && !strings.HasPrefix(s[end:], "'s") && !strings.HasPrefix(s[end:], "’s") {
				continue
			}
			if end > bestEnd {
				best, bestEnd = k, end
			}
		}
		if best < 0 {
			i += n
			continue
		}
		a := fakeNames[best]
		dst = append(dst, ActorMatch{Start: i, End: bestEnd, Code: a.code, Country: a.country, Name: a.name, Kind: a.kind})
		i = bestEnd
	}
	return dst
}

func wordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

func newFakeCoder(tb testing.TB) *Coder {
	tb.Helper()
	c, err := New(Options{Actors: fakeActors})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

var pub = time.Date(2024, 3, 14, 0, 0, 0, 0, time.UTC) // a Thursday

// brief writes the events of a result as "SRC>TGT:CODE", in order.
func brief(r Result) []string {
	var out []string
	for _, e := range r.Events {
		out = append(out, e.Source.Code+">"+e.Target.Code+":"+e.Code)
	}
	return out
}
