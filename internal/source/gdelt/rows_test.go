package gdelt

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// The files in testdata are ours: a few rows of each layout with plausible
// values, and bad rows among them.

func open(t *testing.T, name string) *os.File {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rowErr is a RowError as compared in tests.
type rowErr struct {
	Line int
	Msg  string
}

func rowErrs(errs []*dataset.RowError) []rowErr {
	var out []rowErr
	for _, e := range errs {
		out = append(out, rowErr{e.Line, e.Err.Error()})
	}
	return out
}

func recLines(recs []dataset.Record) []int {
	var out []int
	for _, r := range recs {
		out = append(out, r.Line)
	}
	return out
}

func day(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

var added = time.Date(2023, 8, 9, 12, 15, 0, 0, time.UTC)

func TestEventsRows(t *testing.T) {
	res := read(t, Events(), open(t, "testdata/events.tsv"), "events.tsv")
	wantErrs := []rowErr{
		{3, "has 60 fields, want 61"},
		{4, `bad SQLDATE "20231345"`},
		{5, "unknown CAMEO code 999"},
		{9, `bad NumMentions "x7"`},
		{10, `bad GLOBALEVENTID "abc"`},
	}
	if diff := cmp.Diff(wantErrs, rowErrs(res.errs)); diff != "" {
		t.Errorf("row errors (-want +got):\n%s", diff)
	}
	for _, e := range res.errs {
		if e.File != "events.tsv" {
			t.Errorf("RowError.File = %q", e.File)
		}
	}
	// Line 7 is blank and skipped; line 11 ends with "\r\n"; line 12 has
	// no "\n".
	if diff := cmp.Diff([]int{1, 2, 6, 8, 11, 12}, recLines(res.recs)); diff != "" {
		t.Fatalf("lines of records (-want +got):\n%s", diff)
	}
	beijing := event.Location{Name: "Beijing, Beijing, China", Country: "CHN", ADM1: "CH22", Lat: 39.9289, Lon: 116.388, HasGeo: true, Precision: "4"}
	want := []*event.Event{{
		Origin: "gdelt", OriginID: "1000000001", Date: day(2023, 8, 9), Updated: added,
		Source: event.Actor{Code: "CHNGOV", Country: "CHN", Name: "CHINA", Raw: "CHNGOV", Sectors: "GOV"},
		Target: event.Actor{Code: "IGOWSTNAT", Country: "IGOWSTNAT", Name: "NATO", Raw: "IGOWSTNAT", Sectors: "IGO"},
		Code:   "111", Root: "11", PLOVER: "ACCUSE", PLOVERMode: "disapprove", Goldstein: -2, Quad: 3,
		Location: beijing,
		URL:      "https://example.com/news/china-criticizes-nato", Mentions: 10, Sources: 2, Articles: 9, Tone: -4.5,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "111", "ActionGeo_CountryCode": "CH",
			"ActionGeo_FeatureID": "-1898541", "Actor1Geo_FullName": "Beijing, Beijing, China"},
	}, {
		Origin: "gdelt", OriginID: "1000000002", Date: day(2023, 8, 8), Updated: added,
		Source: event.Actor{Code: "USABUS", Country: "USA", Name: "UNITED STATES", Raw: "USABUS", Sectors: "BUS"},
		Target: event.Actor{Code: "FRAMILGOV", Country: "FRA", Name: "FRANCE", Raw: "FRAMILGOV", Sectors: "MIL,GOV"},
		Code:   "036", Root: "03", PLOVER: "AGREE", Goldstein: 4, Quad: 1,
		// A country-level place: ADM1Code "FR" is only the country.
		Location: event.Location{Name: "France", Country: "FRA", Lat: 46, Lon: 2, HasGeo: true, Precision: "1"},
		URL:      "https://example.com/news/us-firms-french-army", Mentions: 4, Sources: 1, Articles: 4, Tone: 1.25,
		Attrs: map[string]string{"IsRootEvent": "0", "EventBaseCode": "036", "ActionGeo_CountryCode": "FR",
			"ActionGeo_FeatureID": "FR", "Actor2Geo_FullName": "France"},
	}, {
		// The place name holds a Latin-1 byte (0xE1), decoded as "á".
		Origin: "gdelt", OriginID: "1000000006", Date: day(2023, 8, 9), Updated: added,
		Source: event.Actor{Code: "COL", Country: "COL", Name: "COLOMBIA", Raw: "COL"},
		Target: event.Actor{Code: "IGOEUREEC", Country: "IGOEUREEC", Name: "EUROPEAN UNION", Raw: "IGOEUREEC", Sectors: "IGO"},
		Code:   "0311", Root: "03", PLOVER: "AGREE", PLOVERMode: "", Goldstein: 5.2, Quad: 1,
		Location: event.Location{Name: "Bogotá, Bogota, Colombia", Country: "COL", ADM1: "CO34", Lat: 4.6, Lon: -74.0833, HasGeo: true, Precision: "4"},
		URL:      "https://example.com/bogota", Mentions: 2, Sources: 1, Articles: 2, Tone: 0.5,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "031", "ActionGeo_CountryCode": "CO",
			"ActionGeo_FeatureID": "-578472", "Actor1Geo_FullName": "Bogotá, Bogota, Colombia"},
	}, {
		// The latitude does not parse: the event is kept without geo.
		Origin: "gdelt", OriginID: "1000000008", Date: day(2023, 8, 7), Updated: added,
		Source: event.Actor{Code: "RUSGOV", Country: "RUS", Name: "RUSSIA", Raw: "RUSGOV", Sectors: "GOV"},
		Code:   "190", Root: "19", PLOVER: "ASSAULT", Goldstein: -10, Quad: 4,
		Location: event.Location{Name: "Kyiv, Kyyivska Oblast, Ukraine", Country: "UKR", ADM1: "UP12", Precision: "4"},
		URL:      "https://example.com/kyiv", Mentions: 30, Sources: 5, Articles: 25, Tone: -8.25,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "190", "ActionGeo_CountryCode": "UP",
			"ActionGeo_FeatureID": "-1044367", "Actor1Geo_FullName": "Kyiv, Kyyivska Oblast, Ukraine"},
	}, {
		Origin: "gdelt", OriginID: "1000000011", Date: day(2023, 8, 9), Updated: added,
		Source: event.Actor{Code: "IGOEUREEC", Country: "IGOEUREEC", Name: "EUROPEAN UNION", Raw: "IGOEUREEC", Sectors: "IGO"},
		Target: event.Actor{Code: "RUSGOV", Country: "RUS", Name: "RUSSIA", Raw: "RUSGOV", Sectors: "GOV"},
		Code:   "163", Root: "16", PLOVER: "COERCE", PLOVERMode: "restrict", Goldstein: -8, Quad: 4,
		Location: event.Location{Name: "Belgium", Country: "BEL", Lat: 50.8333, Lon: 4, HasGeo: true, Precision: "1"},
		URL:      "https://example.com/eu-sanctions", Mentions: 12, Sources: 3, Articles: 12, Tone: -3,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "163", "ActionGeo_CountryCode": "BE",
			"ActionGeo_FeatureID": "BE", "Actor1Geo_FullName": "Belgium"},
	}, {
		// The FIPS code XX is unknown: no Country, the raw code in Attrs.
		Origin: "gdelt", OriginID: "1000000012", Date: day(2023, 8, 9), Updated: added,
		Source: event.Actor{Code: "CHNGOV", Country: "CHN", Name: "CHINA", Raw: "CHNGOV", Sectors: "GOV"},
		Code:   "043", Root: "04", PLOVER: "CONSULT", PLOVERMode: "visit", Goldstein: 2.8, Quad: 1,
		Location: event.Location{Name: "Xinjiang, Xinjiang, China", ADM1: "XX99", Lat: 41.5, Lon: 88, HasGeo: true, Precision: "4"},
		URL:      "https://example.com/unknown-fips", Mentions: 6, Sources: 2, Articles: 6,
		Attrs: map[string]string{"IsRootEvent": "0", "EventBaseCode": "043", "ActionGeo_CountryCode": "XX",
			"ActionGeo_FeatureID": "-1", "Actor1Geo_FullName": "Beijing, Beijing, China"},
	}}
	var got []*event.Event
	for _, r := range res.recs {
		got = append(got, r.Event)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestV1Rows(t *testing.T) {
	res := read(t, V1(), open(t, "testdata/v1.tsv"), "v1.tsv")
	wantErrs := []rowErr{
		{5, "has 59 fields, want 57 or 58"},
		{6, `bad DATEADDED "2016072"`},
	}
	if diff := cmp.Diff(wantErrs, rowErrs(res.errs)); diff != "" {
		t.Errorf("row errors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 4, 7}, recLines(res.recs)); diff != "" {
		t.Fatalf("lines of records (-want +got):\n%s", diff)
	}
	accra := event.Location{Name: "Accra, Greater Accra, Ghana", Country: "GHA", ADM1: "GH01", Lat: 5.55, Lon: -0.216667, HasGeo: true, Precision: "4"}
	us := event.Location{Name: "United States", Country: "USA", Lat: 38, Lon: -97, HasGeo: true, Precision: "1"}
	ghaGov := event.Actor{Code: "GHAGOV", Country: "GHA", Name: "GHANA", Raw: "GHAGOV", Sectors: "GOV"}
	usa := event.Actor{Code: "USA", Country: "USA", Name: "UNITED STATES", Raw: "USA"}
	want := []*event.Event{{
		// 57 fields: the backfile layout, no SOURCEURL; DATEADDED is a day.
		Origin: "gdelt", OriginID: "2000000001", Date: day(1982, 1, 2), Updated: day(2013, 2, 3),
		Source: ghaGov, Target: usa, Code: "042", Root: "04", PLOVER: "CONSULT", PLOVERMode: "visit", Goldstein: 1.9, Quad: 1,
		Location: accra, Mentions: 2, Sources: 1, Articles: 2, Tone: 1.5,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "042", "ActionGeo_CountryCode": "GH", "ActionGeo_FeatureID": "-2067935"},
	}, {
		Origin: "gdelt", OriginID: "2000000002", Date: day(2016, 7, 27), Updated: day(2016, 7, 28),
		Source: usa, Target: ghaGov, Code: "0874", Root: "08", PLOVER: "RETREAT", PLOVERMode: "disarm", Goldstein: 9, // GDELT's value, not the table's 10
		Quad:     2,
		Location: us, URL: "http://example.com/us-ghana", Mentions: 2, Sources: 1, Articles: 2, Tone: 1.5,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "087", "ActionGeo_CountryCode": "US", "ActionGeo_FeatureID": "US"},
	}, {
		// EventCode "10" under root "01" lost its leading zero: "010".
		Origin: "gdelt", OriginID: "2000000004", Date: day(1982, 1, 3), Updated: day(2013, 2, 3),
		Source: ghaGov, Target: usa, Code: "010", Root: "01", Goldstein: 0, Quad: 1,
		Location: accra, Mentions: 2, Sources: 1, Articles: 2, Tone: 1.5,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "010", "ActionGeo_CountryCode": "GH", "ActionGeo_FeatureID": "-2067935"},
	}, {
		Origin: "gdelt", OriginID: "2000000007", Date: day(2016, 7, 27), Updated: day(2016, 7, 28),
		Source: usa, Target: ghaGov, Code: "042", Root: "04", PLOVER: "CONSULT", PLOVERMode: "visit", Goldstein: 1.9, Quad: 1,
		Location: us, URL: "http://example.com/last", Mentions: 2, Sources: 1, Articles: 2, Tone: 1.5,
		Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "042", "ActionGeo_CountryCode": "US", "ActionGeo_FeatureID": "US"},
	}}
	var got []*event.Event
	for _, r := range res.recs {
		got = append(got, r.Event)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func TestMentionsRows(t *testing.T) {
	res := read(t, Mentions(), open(t, "testdata/mentions.tsv"), "mentions.tsv")
	wantErrs := []rowErr{
		{3, `bad MentionTimeDate "2023080912300"`},
		{4, "has 15 fields, want 16"},
	}
	if diff := cmp.Diff(wantErrs, rowErrs(res.errs)); diff != "" {
		t.Errorf("row errors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 5}, recLines(res.recs)); diff != "" {
		t.Fatalf("lines of records (-want +got):\n%s", diff)
	}
	t1 := added
	t2 := added.Add(15 * time.Minute)
	want := []*event.Mention{
		{Origin: "gdelt", EventID: "1000000001", Time: t1, SourceName: "example.com", URL: "https://example.com/news/china-criticizes-nato",
			Type: 1, Confidence: 70, Tone: -4.5, DocLen: 2811, CharOffset: 150},
		{Origin: "gdelt", EventID: "1000000001", Time: t2, SourceName: "BBC Monitoring", URL: "BBC Monitoring: Xinhua, 9 August 2023",
			Type: 2, Confidence: 50, Tone: -2.25, DocLen: 900, CharOffset: 20},
		{Origin: "gdelt", EventID: "1000000004", Time: t2, SourceName: "example.org", URL: "https://example.org/café",
			Type: 1, Confidence: 30, Tone: 0.75, DocLen: 1200, CharOffset: 30},
	}
	var got []*event.Mention
	for _, r := range res.recs {
		got = append(got, r.Mention)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
}

func TestGKGRows(t *testing.T) {
	res := read(t, GKG(), open(t, "testdata/gkg.tsv"), "gkg.tsv")
	wantErrs := []rowErr{
		{3, `bad GKGRECORDID "x-1"`},
		{4, "has 26 fields, want 27"},
		{6, `bad V2Tone "minus"`},
		{7, `bad DATE "2023080912"`},
	}
	if diff := cmp.Diff(wantErrs, rowErrs(res.errs)); diff != "" {
		t.Errorf("row errors (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1, 2, 5}, recLines(res.recs)); diff != "" {
		t.Fatalf("lines of records (-want +got):\n%s", diff)
	}
	date := added
	want := []*event.ArticleMeta{{
		Origin: "gdelt", RecordID: "20230809121500-0", Date: date,
		URL: "https://example.com/news/china-criticizes-nato", SourceName: "example.com",
		Themes:        []string{"TAX_FNCACT_SPOKESMAN", "ARMEDCONFLICT", "TAX_FNCACT"}, // V2, then the parent V1 adds
		Persons:       []string{"Wang Wenbin", "Jens Stoltenberg"},
		Organizations: []string{"Foreign Ministry", "Nato"},
		Locations: []event.Location{
			{Name: "Beijing, Beijing, China", Country: "CHN", ADM1: "CH22", Lat: 39.9289, Lon: 116.388, HasGeo: true, Precision: "4"},
			{Name: "Belgium", Country: "BEL", Lat: 50.8333, Lon: 4, HasGeo: true, Precision: "1"},
		},
		Tone:  -4.5,
		Attrs: map[string]string{"PAGE_TITLE": "China criticizes NATO & its summit"},
	}, {
		// A citation (collection 2): no URL; V1 fields only.
		Origin: "gdelt", RecordID: "20230809121500-1", Date: date, SourceName: "BBC Monitoring",
		Themes:    []string{"ECON_TRADE"},
		Persons:   []string{"emmanuel macron"},
		Locations: []event.Location{{Name: "France", Country: "FRA", Lat: 46, Lon: 2, HasGeo: true, Precision: "1"}},
		Tone:      1.5,
		Attrs:     map[string]string{"SourceCollectionIdentifier": "2", "DocumentIdentifier": "BBC Monitoring: Xinhua, 9 August 2023"},
	}, {
		// A translated record: a Latin-1 byte in a name, a place out of
		// range (kept without geo, unknown FIPS code) and a malformed
		// location (skipped).
		Origin: "gdelt", RecordID: "20230809121500-T4", Date: date, URL: "https://www.lemonde.fr/x", SourceName: "lemonde.fr",
		Themes:  []string{"TAX_FNCACT_PRESIDENT"},
		Persons: []string{"François Hollande"},
		Locations: []event.Location{
			{Name: "France", Country: "FRA", Lat: 46, Lon: 2, HasGeo: true, Precision: "1"},
			{Name: "Atlantis", ADM1: "", Precision: "1"},
		},
		Tone:  2,
		Attrs: map[string]string{"TranslationInfo": "srclc:fra;eng:GT-FRA 1.0"},
	}}
	var got []*event.ArticleMeta
	for _, r := range res.recs {
		got = append(got, r.Article)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("articles (-want +got):\n%s", diff)
	}
}
