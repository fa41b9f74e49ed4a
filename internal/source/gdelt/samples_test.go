package gdelt

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// The shared samples are real GDELT files (see their README). The values
// checked here were read from the files by hand.

func TestEventsSample(t *testing.T) {
	name := "gdelt2_events/20191024143000.export.CSV"
	res := read(t, Events(), sample(t, name), name)
	if len(res.errs) != 0 {
		t.Errorf("%d row errors, first %v", len(res.errs), res.errs[0])
	}
	if len(res.recs) != 2111 {
		t.Fatalf("%d events, want 2111", len(res.recs))
	}
	updated := time.Date(2019, 10, 24, 14, 30, 0, 0, time.UTC)
	for i, r := range res.recs {
		ev := r.Event
		if r.Line != i+1 || ev == nil || ev.Origin != "gdelt" || !ev.Updated.Equal(updated) || ev.Code == "" || ev.Quad < 1 || ev.URL == "" {
			t.Fatalf("record %d: %+v", i, r)
		}
	}
	want := map[int]*event.Event{
		1: {
			Origin: "gdelt", OriginID: "881990832", Date: day(2018, 10, 24), Updated: updated,
			Target: event.Actor{Code: "AUS", Country: "AUS", Name: "VICTORIA", Raw: "AUS"},
			Code:   "139", Root: "13", PLOVER: "THREATEN", PLOVERMode: "relations", Goldstein: -7, Quad: 3,
			Location: event.Location{Name: "Vancouver, British Columbia, Canada", Country: "CAN", ADM1: "CA02", Lat: 49.25, Lon: -123.133, HasGeo: true, Precision: "4"},
			URL:      "https://www.timescolonist.com/entertainment/jeremy-dutcher-brings-ancestors-songs-to-life-1.23985964",
			Mentions: 3, Sources: 1, Articles: 3, Tone: 2.02774813233724,
			Attrs: map[string]string{"IsRootEvent": "0", "EventBaseCode": "139", "ActionGeo_CountryCode": "CA",
				"ActionGeo_FeatureID": "-575268", "Actor2Geo_FullName": "Vancouver, British Columbia, Canada"},
		},
		30: {
			Origin: "gdelt", OriginID: "881990861", Date: day(2019, 9, 24), Updated: updated,
			Source: event.Actor{Code: "CHNGOV", Country: "CHN", Name: "CHINESE", Raw: "CHNGOV", Sectors: "GOV"},
			Target: event.Actor{Code: "BRA", Country: "BRA", Name: "BRAZIL", Raw: "BRA"},
			Code:   "036", Root: "03", PLOVER: "AGREE", Goldstein: 4, Quad: 1,
			Location: event.Location{Name: "China", Country: "CHN", Lat: 35, Lon: 105, HasGeo: true, Precision: "1"},
			URL:      "https://af.reuters.com/article/commoditiesNews/idAFL2N2790KV",
			Mentions: 10, Sources: 1, Articles: 10, Tone: 1.0989010989011,
			Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "036", "ActionGeo_CountryCode": "CH",
				"ActionGeo_FeatureID": "CH", "Actor1Geo_FullName": "China", "Actor2Geo_FullName": "China"},
		},
		57: {
			Origin: "gdelt", OriginID: "881990888", Date: day(2019, 10, 23), Updated: updated,
			Source: event.Actor{Code: "RUSGOV", Country: "RUS", Name: "VLADIMIR PUTIN", Raw: "RUSGOV", Sectors: "GOV"},
			Target: event.Actor{Code: "SYR", Country: "SYR", Name: "SYRIA", Raw: "SYR"},
			Code:   "040", Root: "04", PLOVER: "CONSULT", Goldstein: 1, Quad: 1,
			Location: event.Location{Name: "Utah, United States", Country: "USA", ADM1: "USUT", Lat: 40.1135, Lon: -111.854, HasGeo: true, Precision: "2"},
			URL:      "https://www.theguardian.com/culture/2019/oct/24/stephen-colbert-trump-samantha-bee-seth-meyers",
			Mentions: 3, Sources: 1, Articles: 3, Tone: -3.05429864253394,
			Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "040", "ActionGeo_CountryCode": "US",
				"ActionGeo_FeatureID": "UT", "Actor1Geo_FullName": "Utah, United States", "Actor2Geo_FullName": "Utah, United States"},
		},
	}
	for line, w := range want {
		if diff := cmp.Diff(w, res.recs[line-1].Event); diff != "" {
			t.Errorf("line %d (-want +got):\n%s", line, diff)
		}
	}
	// The IGO actors of the file, normalized.
	igos := map[string]string{}
	for _, r := range res.recs {
		for _, a := range []event.Actor{r.Event.Source, r.Event.Target} {
			if strings.HasPrefix(a.Raw, "IGO") {
				igos[a.Raw] = a.Code
			}
		}
	}
	wantIGOs := map[string]string{
		"IGOAFRAFU":       "IGOAFRAFU", // no KnownGroupCode: read from the raw code
		"IGOEUREEC":       "IGOEUREEC",
		"IGOUNO":          "IGOUNO",
		"IGOUNODEVWBK":    "IGOUNODEV", // the World Bank: UN, development
		"IGOUNODEVWBKMED": "IGOUNODEVMED",
		"IGOUNOREFHCR":    "IGOUNOREF", // UNHCR
		"IGOSAFSAD":       "IGOSAFSAD",
		"IGOSEAASN":       "IGOSEAASN",
	}
	if diff := cmp.Diff(wantIGOs, igos); diff != "" {
		t.Errorf("IGO codes (-want +got):\n%s", diff)
	}
}

func TestV1Sample(t *testing.T) {
	name := "gdelt1_events/events_sample_gdelt1.tsv"
	res := read(t, V1(), sample(t, name), name)
	if len(res.errs) != 0 {
		t.Errorf("%d row errors, first %v", len(res.errs), res.errs[0])
	}
	if len(res.recs) != 710 {
		t.Fatalf("%d events, want 710", len(res.recs))
	}
	// 509 rows have 58 fields, and every one of them a SOURCEURL.
	withURL := 0
	for _, r := range res.recs {
		if r.Event.URL != "" {
			withURL++
		}
	}
	if withURL != 509 {
		t.Errorf("%d events with a URL, want 509", withURL)
	}
	want := map[int]*event.Event{
		// 58 fields, with SOURCEURL; ActionGeo_Type 3 (a US city).
		1: {
			Origin: "gdelt", OriginID: "564111644", Date: day(2006, 7, 31), Updated: day(2016, 7, 28),
			Source: event.Actor{Code: "USA", Country: "USA", Name: "UNITED STATES", Raw: "USA"},
			Code:   "010", Root: "01", Goldstein: 0, Quad: 1,
			Location: event.Location{Name: "National Postal Museum, District of Columbia, United States", Country: "USA", ADM1: "USDC", Lat: 38.8973, Lon: -77.0083, HasGeo: true, Precision: "3"},
			URL:      "http://wtop.com/lifestyle/2016/07/deepest-darkest-secrets-now-display-national-postal-museum/",
			Mentions: 2, Sources: 1, Articles: 2, Tone: -0.34188034188034,
			Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "010", "ActionGeo_CountryCode": "US",
				"ActionGeo_FeatureID": "1984547", "Actor1Geo_FullName": "National Postal Museum, District of Columbia, United States"},
		},
		// 58 fields, no location at all.
		2: {
			Origin: "gdelt", OriginID: "564111654", Date: day(2015, 7, 29), Updated: day(2016, 7, 28),
			Source: event.Actor{Name: "CABINET", Raw: "GOV", Sectors: "GOV"}, // no country: no Code
			Code:   "0834", Root: "08", PLOVER: "CONCEDE", Goldstein: 5, Quad: 2,
			URL:      "http://www.dailyexcelsior.com/1-addl-tax-dropped-gst-bill/",
			Mentions: 60, Sources: 7, Articles: 60, Tone: -1.96918082576365,
			Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "083"},
		},
		// 57 fields: NATO in the backfile.
		543: {
			Origin: "gdelt", OriginID: "1553159", Date: day(1982, 1, 2), Updated: day(2013, 2, 3),
			Source: event.Actor{Code: "IGOWSTNAT", Country: "IGOWSTNAT", Name: "NATO", Raw: "IGOWSTNAT", Sectors: "IGO"},
			Target: event.Actor{Name: "SPOKESMAN", Raw: "MED", Sectors: "MED"},
			Code:   "014", Root: "01", Goldstein: 0, Quad: 1,
			Location: event.Location{Name: "Indiana, United States", Country: "USA", ADM1: "USIN", Lat: 39.8647, Lon: -86.2604, HasGeo: true, Precision: "2"},
			Mentions: 6, Sources: 1, Articles: 6, Tone: 6.20915032679739,
			Attrs: map[string]string{"IsRootEvent": "1", "EventBaseCode": "014", "ActionGeo_CountryCode": "US",
				"ActionGeo_FeatureID": "0", "Actor1Geo_FullName": "Padua, Veneto, Italy", "Actor2Geo_FullName": "Padua, Veneto, Italy"},
		},
	}
	for line, w := range want {
		if diff := cmp.Diff(w, res.recs[line-1].Event); diff != "" {
			t.Errorf("line %d (-want +got):\n%s", line, diff)
		}
	}
}

// gkgZip opens the zipped GKG sample, or skips.
func gkgZip(t testing.TB) (io.ReadCloser, int64) {
	t.Helper()
	f := sample(t, "gdelt2_gkg/20230702153000.gkg.csv.zip")
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != 1 {
		t.Fatalf("%d files in the zip, want 1", len(zr.File))
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { rc.Close() })
	return rc, int64(zr.File[0].UncompressedSize64)
}

func TestGKGSample(t *testing.T) {
	rc, _ := gkgZip(t)
	res := read(t, GKG(), rc, "20230702153000.gkg.csv")
	if len(res.errs) != 0 {
		t.Errorf("%d row errors, first %v", len(res.errs), res.errs[0])
	}
	if len(res.recs) != 951 {
		t.Fatalf("%d records, want 951", len(res.recs))
	}
	date := time.Date(2023, 7, 2, 15, 30, 0, 0, time.UTC)
	for i, r := range res.recs {
		a := r.Article
		if a == nil || r.Line != i+1 || !a.Date.Equal(date) || !strings.HasPrefix(a.URL, "http") {
			t.Fatalf("record %d: %+v", i, r)
		}
		checkUTF8(t, a)
	}

	first := res.recs[0].Article
	if first.RecordID != "20230702153000-0" || first.SourceName != "thewestmorlandgazette.co.uk" ||
		first.URL != "https://www.thewestmorlandgazette.co.uk/news/national/23627957.hunt-suspects-shooting-street-party-leaves-two-dead/" ||
		first.Tone != -5.99078341013825 || first.Attrs["PAGE_TITLE"] != "Hunt for suspects after shooting at street party leaves two dead" {
		t.Errorf("first record: %+v", first)
	}
	if diff := cmp.Diff([]string{"Richard Worley", "Brandon Scott", "Julio Cortez", "Lakell Nelson"}, first.Persons); diff != "" {
		t.Errorf("persons (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"Baltimore Baltimore Police Department", "Mass Shooting Baltimore Police"}, first.Organizations); diff != "" {
		t.Errorf("organizations (-want +got):\n%s", diff)
	}
	kansas := []event.Location{{Name: "Kansas, United States", Country: "USA", ADM1: "USKS", Lat: 38.5111, Lon: -96.8005, HasGeo: true, Precision: "2"}}
	if diff := cmp.Diff(kansas, first.Locations); diff != "" {
		t.Errorf("locations (-want +got):\n%s", diff)
	}
	// 54 unique themes in V2Themes, then the 6 parents only V1 Themes has.
	if len(first.Themes) != 60 || first.Themes[0] != "LEADER" || first.Themes[1] != "TAX_FNCACT_MAYOR" || first.Themes[54] != "TAX_FNCACT" {
		t.Errorf("themes: %d %q", len(first.Themes), first.Themes)
	}

	last := res.recs[950].Article
	if last.RecordID != "20230702153000-950" || last.SourceName != "koco.com" ||
		last.URL != "https://www.koco.com/article/mass-shooting-south-baltimore/44408154" ||
		last.Tone != -3.78619153674833 || last.Attrs["PAGE_TITLE"] != "2 dead among as many as 30 shot in south Baltimore mass shooting" ||
		len(last.Themes) != 40 || last.Themes[0] != "TAX_ECON_PRICE" || last.Persons != nil || last.Organizations != nil || last.Locations != nil {
		t.Errorf("last record: %+v", last)
	}
}

func checkUTF8(t *testing.T, a *event.ArticleMeta) {
	t.Helper()
	all := append(append(append([]string{a.RecordID, a.URL, a.SourceName}, a.Themes...), a.Persons...), a.Organizations...)
	for _, l := range a.Locations {
		all = append(all, l.Name, l.Country, l.ADM1, l.Precision)
	}
	for _, v := range a.Attrs {
		all = append(all, v)
	}
	for _, s := range all {
		if !utf8.ValidString(s) {
			t.Fatalf("%s: invalid UTF-8 %q", a.RecordID, s)
		}
	}
}

func TestGKGHeadSample(t *testing.T) {
	name := "gdelt2_gkg/20230702153000.gkg.head150.csv"
	res := read(t, GKG(), sample(t, name), name)
	if len(res.errs) != 0 {
		t.Errorf("%d row errors, first %v", len(res.errs), res.errs[0])
	}
	if len(res.recs) != 150 {
		t.Fatalf("%d records, want 150", len(res.recs))
	}
	// The head is the first 150 lines of the zipped file: same records.
	rc, _ := gkgZip(t)
	var whole []dataset.Record
	err := GKG().Read(t.Context(), rc, "whole", func(r dataset.Record) error {
		if len(whole) < 150 {
			whole = append(whole, r)
		}
		return nil
	}, func(*dataset.RowError) {})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(whole, res.recs); diff != "" {
		t.Errorf("head differs from the zipped file (-zip +head):\n%s", diff)
	}
}

func TestDetectSamples(t *testing.T) {
	heads := map[string][]byte{}
	for _, name := range []string{"gdelt2_events/20191024143000.export.CSV", "gdelt1_events/events_sample_gdelt1.tsv", "gdelt2_gkg/20230702153000.gkg.head150.csv"} {
		f := sample(t, name)
		head := make([]byte, 64<<10)
		n, _ := io.ReadFull(f, head)
		heads[filepath.Base(filepath.Dir(name))] = head[:n]
	}
	rc, _ := gkgZip(t)
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(rc, head)
	heads["gkg.zip"] = head[:n]

	formats := []dataset.Format{Events(), Mentions(), GKG(), V1()}
	want := map[string]string{"gdelt2_events": "gdelt", "gdelt1_events": "gdelt1", "gdelt2_gkg": "gkg", "gkg.zip": "gkg"}
	for file, head := range heads {
		var got []string
		for _, f := range formats {
			if f.Detect(head) {
				got = append(got, f.Name)
			}
		}
		if len(got) != 1 || got[0] != want[file] {
			t.Errorf("%s detected as %q, want %s", file, got, want[file])
		}
	}
}
