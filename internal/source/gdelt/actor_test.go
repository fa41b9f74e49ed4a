package gdelt

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
)

func TestActor(t *testing.T) {
	tests := []struct {
		name string
		// Code, Name, CountryCode, KnownGroupCode, Type1Code, Type2Code, Type3Code
		raw, actorName, cc, group, t1, t2, t3 string
		want                                  event.Actor
		reason                                string
	}{{
		name: "country and type", raw: "CHNGOV", actorName: "CHINA", cc: "CHN", t1: "GOV",
		want:   event.Actor{Code: "CHNGOV", Country: "CHN", Name: "CHINA", Raw: "CHNGOV", Sectors: "GOV"},
		reason: "country code followed by the type",
	}, {
		name: "two types", raw: "FRAMILGOV", cc: "FRA", t1: "MIL", t2: "GOV",
		want:   event.Actor{Code: "FRAMILGOV", Country: "FRA", Raw: "FRAMILGOV", Sectors: "MIL,GOV"},
		reason: "types in order, Sectors joined by commas",
	}, {
		name: "NATO", raw: "IGOWSTNAT", actorName: "NATO", cc: "WST", group: "NAT", t1: "IGO",
		want:   event.Actor{Code: "IGOWSTNAT", Country: "IGOWSTNAT", Name: "NATO", Raw: "IGOWSTNAT", Sectors: "IGO"},
		reason: "a known IGO; the IGO type is not repeated in Code",
	}, {
		name: "NATO without region", raw: "NAT", actorName: "NATO", group: "NAT",
		want:   event.Actor{Code: "IGOWSTNAT", Country: "IGOWSTNAT", Name: "NATO", Raw: "NAT"},
		reason: "the table gives the region GDELT left out",
	}, {
		name: "EU", raw: "IGOEUREEC", cc: "EUR", group: "EEC", t1: "IGO",
		want:   event.Actor{Code: "IGOEUREEC", Country: "IGOEUREEC", Raw: "IGOEUREEC", Sectors: "IGO"},
		reason: "GDELT's CountryCode EUR is the region, not the country",
	}, {
		name: "EU as EUR", raw: "EUR", group: "EUR",
		want:   event.Actor{Code: "IGOEUREEC", Country: "IGOEUREEC", Raw: "EUR"},
		reason: "EUR as a group code is the EU too",
	}, {
		name: "World Bank", raw: "IGOUNODEVWBK", actorName: "WORLD BANK", group: "UNO", t1: "IGO", t2: "DEV",
		want:   event.Actor{Code: "IGOUNODEV", Country: "IGOUNO", Name: "WORLD BANK", Raw: "IGOUNODEVWBK", Sectors: "IGO,DEV"},
		reason: "a UN agency: the UN with its types",
	}, {
		name: "African Union", raw: "IGOAFRAFU", actorName: "THE AU", cc: "AFR", t1: "IGO",
		want:   event.Actor{Code: "IGOAFRAFU", Country: "IGOAFRAFU", Name: "THE AU", Raw: "IGOAFRAFU", Sectors: "IGO"},
		reason: "no KnownGroupCode: the organisation comes from the raw code",
	}, {
		name: "NGO", raw: "NGOHRIAMN", actorName: "AMNESTY INTERNATIONAL", group: "AMN", t1: "NGO", t2: "HRI",
		want:   event.Actor{Code: "NGOAMNHRI", Country: "NGOAMN", Name: "AMNESTY INTERNATIONAL", Raw: "NGOHRIAMN", Sectors: "NGO,HRI"},
		reason: "an NGO is written like an IGO",
	}, {
		name: "group in a country", raw: "AFGINSTAL", actorName: "TALIBAN", cc: "AFG", group: "TAL", t1: "INS",
		want:   event.Actor{Code: "AFGINS", Country: "AFG", Name: "TALIBAN", Raw: "AFGINSTAL", Sectors: "INS"},
		reason: "a group that is no IGO keeps the country",
	}, {
		name: "group alone", raw: "TAL", group: "TAL",
		want:   event.Actor{Code: "TAL", Country: "TAL", Raw: "TAL"},
		reason: "without a country, the group code",
	}, {
		name: "region", raw: "EURGOV", cc: "EUR", t1: "GOV",
		want:   event.Actor{Code: "EURGOV", Country: "EUR", Raw: "EURGOV", Sectors: "GOV"},
		reason: "a CAMEO region without a group is kept as given",
	}, {
		name: "type alone", raw: "GOV", actorName: "CABINET", t1: "GOV",
		want:   event.Actor{Name: "CABINET", Raw: "GOV", Sectors: "GOV"},
		reason: "no country: no Code, which would read as a country",
	}, {
		name: "ethnic code alone", raw: "kur",
		want:   event.Actor{Raw: "kur"},
		reason: "only the raw code",
	}, {
		name: "empty",
		want: event.Actor{}, reason: "no actor",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := []string{tt.raw, tt.actorName, tt.cc, tt.group, "", "", "", tt.t1, tt.t2, tt.t3}
			if diff := cmp.Diff(tt.want, actor(f)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
		})
	}
}
