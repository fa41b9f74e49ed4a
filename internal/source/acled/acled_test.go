package acled

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/cameo"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// samples is where the shared real-data samples are; they are ACLED's and
// may not be copied into the repository.
const samples = "../../../../shared/samples/acled"

// result is what a read of one file produced.
type result struct {
	recs []dataset.Record
	errs []*dataset.RowError
	err  error
}

func (r *result) byID() map[string]*event.Event {
	m := map[string]*event.Event{}
	for _, rec := range r.recs {
		m[rec.Event.OriginID] = rec.Event
	}
	return m
}

func readAll(t testing.TB, f dataset.Format, name string, data []byte) *result {
	t.Helper()
	var res result
	res.err = f.Read(context.Background(), bytes.NewReader(data), name, func(r dataset.Record) error {
		res.recs = append(res.recs, r)
		return nil
	}, func(e *dataset.RowError) { res.errs = append(res.errs, e) })
	return &res
}

func readFile(t testing.TB, f dataset.Format, path string) *result {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("sample %s is not here (it lives in ../shared, outside the repository)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	return readAll(t, f, filepath.Base(path), data)
}

func TestSamples(t *testing.T) {
	tests := []struct {
		file   string
		layout string
		n      int
		check  func(t *testing.T, r *result)
	}{{
		file: "acled_export_2024-11_current_format.csv", layout: "current", n: 2,
		check: func(t *testing.T, r *result) {
			// Spot checks only: ACLED's terms forbid copying its rows.
			e := r.byID()["PSE62716"]
			type spot struct {
				Date           time.Time
				Source, Target string
				Code, PLOVER   string
				Goldstein      float64
				Quad           int
				Country, ADM1  string
				Lat            float64
				Updated        int64
				SubType        string
			}
			want := spot{time.Date(2024, 11, 1, 0, 0, 0, 0, time.UTC), "ISRSET", "PSECVL", "171", "COERCE", -9.2, 4, "PSE", "West Bank", 31.3942, 1730758098, "Looting/property destruction"}
			got := spot{e.Date, e.Source.Code, e.Target.Code, e.Code, e.PLOVER, e.Goldstein, e.Quad, e.Location.Country, e.Location.ADM1, e.Location.Lat, e.Updated.Unix(), e.Attrs["sub_event_type"]}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("PSE62716 (-want +got):\n%s", d)
			}
			if e.Source.Raw != "Political militia" || e.Source.Sectors != "Political militia" || !strings.HasPrefix(e.Attrs["notes"], "Land seizure:") {
				t.Errorf("PSE62716 = %+v", e)
			}
			e = r.byID()["YEM93235"]
			if e.Source.Code != "YEMCVL" || e.Target != (event.Actor{}) || e.Code != "141" || e.Attrs["tags"] != "crowd size=large" ||
				e.Attrs["assoc_actor_1"] != "Government of Yemen (2017-) Houthi" || e.Location.Country != "YEM" {
				t.Errorf("YEM93235 = %+v", e)
			}
		},
	}, {
		file: "acled_api_export_2020-05_head300.csv", layout: "api2020", n: 300,
		check: func(t *testing.T, r *result) {
			if r.recs[0].Line != 2 || r.recs[299].Line != 301 {
				t.Errorf("lines %d…%d, want 2…301", r.recs[0].Line, r.recs[299].Line)
			}
			ids := r.byID()
			e := ids["YEM52360"]
			want := event.Actor{Code: "YEMMIL", Country: "YEM", Name: "Military Forces of Yemen (2016-) Supreme Political Council", Raw: "1", Sectors: "State Forces"}
			if e.Source != want || e.Fatalities != 7 || e.Code != "190" || e.PLOVER != "ASSAULT" || e.Goldstein != -10 ||
				!e.Date.Equal(time.Date(2020, 5, 9, 0, 0, 0, 0, time.UTC)) || e.Location.Name != "Al Madid" || e.Location.ADM1 != "Sanaa" ||
				e.Updated.Unix() != 1589229240 || e.Attrs["assoc_actor_2"] != "Militia (Pro-Government)" {
				t.Errorf("YEM52360 = %+v", e)
			}
			e = ids["ISR1786"]
			if e.Source.Code != "ISRCVL" || e.Source.Sectors != "Protesters" || e.PLOVERMode != "demo" || e.Location.Lat != 32.8184 {
				t.Errorf("ISR1786 = %+v", e)
			}
			// The one row without event_id_cnty keeps its data_id.
			e = ids["data_id:7080698"]
			if e == nil || e.Source.Code != "CODCOP" || e.Target.Code != "CODCVL" || e.Location.Country != "COD" || e.Code != "180" {
				t.Errorf("data_id:7080698 = %+v", e)
			}
			if e := ids["MEX17991"]; e.Location.Country != "MEX" || e.Attrs["time_precision"] != "2" || e.Location.Lon != -106.866 {
				t.Errorf("MEX17991 = %+v", e)
			}
		},
	}, {
		file: "acled_asia_2015_legacy2016_format_head300.csv", layout: "legacy2016", n: 300,
		check: func(t *testing.T, r *result) {
			// Notes span lines: records start where their first field is.
			if r.recs[1].Line != 8 || r.recs[1].Event.OriginID != "2BNG" || r.recs[299].Event.OriginID != "300BNG" {
				t.Errorf("record 2 = %s at line %d, last = %s", r.recs[1].Event.OriginID, r.recs[1].Line, r.recs[299].Event.OriginID)
			}
			e := r.byID()["2BNG"]
			if e.Source.Code != "BGDCVL" || e.Target.Code != "BGDCOP" || e.Target.Sectors != "State Forces" ||
				e.Code != "140" || e.PLOVER != "PROTEST" || e.Location.Country != "BGD" || e.Location.Precision != "3" ||
				!strings.HasPrefix(e.Attrs["notes"], "The last day of") ||
				strings.Count(e.Attrs["notes"], "\n") != 5 || e.Attrs["assoc_actor_1"] != "JeI: Jamaat-e-Islami" ||
				!e.Updated.IsZero() {
				t.Errorf("2BNG = %+v", e)
			}
			if e := r.byID()["1BNG"]; e.Location.Name != "Bagachra" || e.Attrs["admin3"] != "Sharsha" || e.Date.Day() != 1 {
				t.Errorf("1BNG = %+v", e)
			}
		},
	}}
	for _, tt := range tests {
		t.Run(tt.layout, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(samples, tt.file))
			if errors.Is(err, os.ErrNotExist) {
				t.Skipf("sample %s is not here (it lives in ../shared, outside the repository)", tt.file)
			}
			if !detect(data[:min(len(data), 64<<10)]) || detectDeletions(data) {
				t.Errorf("detect = false or detectDeletions = true")
			}
			r := readFile(t, Format(), filepath.Join(samples, tt.file))
			if r.err != nil {
				t.Fatal(r.err)
			}
			for _, e := range r.errs {
				t.Errorf("row error: %v", e)
			}
			if len(r.recs) != tt.n {
				t.Fatalf("%d records, want %d", len(r.recs), tt.n)
			}
			for _, rec := range r.recs {
				if e := rec.Event; e.Origin != "acled" || e.OriginID == "" || e.Date.IsZero() || !e.Location.HasGeo || e.Location.Country == "" {
					t.Errorf("line %d: incomplete event %+v", rec.Line, e)
				}
			}
			tt.check(t, r)
		})
	}
}

// rowErr is an expected row error: its line and reason.
type rowErr struct {
	Line int
	Err  error
}

func checkErrors(t *testing.T, got []*dataset.RowError, file string, want []rowErr) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d row errors, want %d:", len(got), len(want))
		for _, e := range got {
			t.Logf("  %v", e)
		}
		return
	}
	for i, e := range got {
		if e.File != file || e.Line != want[i].Line || !errors.Is(e, want[i].Err) {
			t.Errorf("row error %d = %v, want line %d: %v", i, e, want[i].Line, want[i].Err)
		}
	}
}

func lines(r *result) map[string]int {
	m := map[string]int{}
	for _, rec := range r.recs {
		m[rec.Event.OriginID] = rec.Line
	}
	return m
}

func TestBadRows(t *testing.T) {
	r := readFile(t, Format(), "testdata/current.csv")
	if r.err != nil {
		t.Fatal(r.err)
	}
	checkErrors(t, r.errs, "current.csv", []rowErr{
		{3, errColumns},      // a field missing
		{4, errDate},         // 31 February
		{9, errNumber},       // fatalities "three"
		{10, errCoordinates}, // latitude 95.2: kept without geography
		{11, errTimestamp},   // "yesterday"
		{13, errColumns},     // an unterminated quote swallows line 14
		{16, errNoID},
	})
	wantLines := map[string]int{
		"SDN1001": 2, "SDN1004": 5, "COL2001": 8, "SDN1006": 10, "SDN1008": 12,
		"SDN1010": 14, // read again after the broken row before it
		"SDN1011": 15,
	}
	if d := cmp.Diff(wantLines, lines(r)); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
	ids := r.byID()
	if e := ids["SDN1001"]; e.Source.Code != "SDNMIL" || e.Source.Sectors != "State forces" || e.Target.Code != "REB" ||
		e.Target.Country != "" || e.Location.Country != "SDN" || e.Fatalities != 3 || e.Code != "190" || e.PLOVERMode != "firearms" {
		t.Errorf("SDN1001 = %+v", e)
	}
	if got, want := ids["SDN1004"].Attrs["notes"], "On 12 March 2024, teachers marched to the ministry.\nThey carried signs reading \"Pay us\".\nNo injuries were reported."; got != want {
		t.Errorf("multi-line notes = %q, want %q", got, want)
	}
	if e := ids["COL2001"]; e.Location.Name != "Bogotá" || e.Location.Country != "COL" || e.Code != "145" || e.PLOVERMode != "riot" {
		t.Errorf("Latin-1 row = %+v", e)
	}
	if e := ids["SDN1006"]; e.Location.HasGeo || e.Location.Lat != 0 || e.Location.Name != "Khartoum North" {
		t.Errorf("bad coordinates kept geography: %+v", e.Location)
	}
	if e := ids["SDN1008"]; e.Code != "" || e.Quad != 0 || e.PLOVER != "" || e.Attrs["sub_event_type"] != "Change to group/activity" {
		t.Errorf("unmapped type = %+v", e)
	}
	if e := ids["SDN1010"]; e.Code != "195" || e.PLOVERMode != "aerial" || e.Attrs["tags"] != "crowd size=no report" {
		t.Errorf("SDN1010 = %+v", e)
	}
	if got, want := ids["SDN1011"].Attrs["notes"], `A witness said "they came at night" and left.`; got != want {
		t.Errorf("lazy quotes: notes = %q, want %q", got, want)
	}
}

func TestOtherLayouts(t *testing.T) {
	r := readFile(t, Format(), "testdata/api2020.csv")
	checkErrors(t, r.errs, "api2020.csv", []rowErr{{4, errDate}})
	if d := cmp.Diff(map[string]int{"IRQ9001": 2, "PAK9002": 3, "data_id:9000004": 5}, lines(r)); d != "" {
		t.Errorf("api2020 records (-want +got):\n%s", d)
	}
	ids := r.byID()
	if e := ids["IRQ9001"]; e.Code != "183" || e.PLOVERMode != "explosives" || e.Source.Code != "IRQUAF" || !e.Date.Equal(time.Date(2020, 6, 3, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("IRQ9001 = %+v", e)
	}
	if e := ids["PAK9002"]; e.Code != "173" || e.PLOVER != "COERCE" || e.Source.Code != "PAKCOP" || e.Target != (event.Actor{}) {
		t.Errorf("PAK9002 = %+v", e)
	}
	if e := ids["data_id:9000004"]; e.Location.Country != "NGA" || e.Code != "181" {
		t.Errorf("row without id or iso = %+v", e)
	}

	r = readFile(t, Format(), "testdata/legacy2016.csv")
	checkErrors(t, r.errs, "legacy2016.csv", []rowErr{{5, errNumber}})
	if d := cmp.Diff(map[string]int{"1IND": 2, "3IND": 6}, lines(r)); d != "" {
		t.Errorf("legacy records (-want +got):\n%s", d)
	}
	if e := r.byID()["1IND"]; e.Attrs["notes"] != "Armed men attacked a village.\nTwo houses were burned.\nOne man died." ||
		e.Code != "180" || e.Location.Country != "IND" || e.Source.Sectors != "Political Militias" {
		t.Errorf("1IND = %+v", e)
	}
}

func TestDeletions(t *testing.T) {
	data, err := os.ReadFile("testdata/deletions.csv")
	if err != nil {
		t.Fatal(err)
	}
	if !detectDeletions(data) || detect(data) {
		t.Error("deletions file not detected as such")
	}
	r := readAll(t, Deletions(), "deletions.csv", data)
	if r.err != nil {
		t.Fatal(r.err)
	}
	checkErrors(t, r.errs, "deletions.csv", []rowErr{{3, errTimestamp}, {4, errColumns}})
	want := []dataset.Record{
		{Line: 2, Delete: &dataset.Deletion{Origin: "acled", OriginID: "SDN1001", Time: time.Unix(1710600000, 0).UTC()}},
		{Line: 5, Delete: &dataset.Deletion{Origin: "acled", OriginID: "SDN1004", Time: time.Unix(1710700000, 0).UTC()}},
	}
	if d := cmp.Diff(want, r.recs); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestTables checks the embedded tables: every CAMEO code exists, every
// PLOVER type and mode is PLOVER's.
func TestTables(t *testing.T) {
	m := newMapper()
	tab := cameo.Load()
	modes := map[string]map[string]bool{
		"ASSAULT":  {"": true, "firearms": true, "aerial": true, "heavy-weapons": true, "explosives": true, "suicide-attack": true, "unconventional": true, "abduct": true, "sexual": true},
		"PROTEST":  {"": true, "demo": true, "riot": true},
		"COERCE":   {"": true, "arrest": true, "seize": true},
		"SUPPORT":  {"": true},
		"MOBILIZE": {"": true, "militia": true},
		"":         {"": true},
	}
	for k, v := range m.types {
		if v.cameo != "" {
			if _, ok := tab.Lookup(v.cameo); !ok {
				t.Errorf("%s/%s: CAMEO %q not in the CAMEO table", k.typ, k.sub, v.cameo)
			}
		}
		if !modes[v.plover][v.mode] {
			t.Errorf("%s/%s: PLOVER %s/%s not expected", k.typ, k.sub, v.plover, v.mode)
		}
	}
	for _, code := range []string{"1", "2", "3", "4", "5", "6", "7", "8"} {
		if _, ok := m.inters[code]; !ok {
			t.Errorf("interaction code %s missing", code)
		}
	}
}

func TestActor(t *testing.T) {
	s := newMapper().newState()
	tests := []struct {
		name, inter string
		want        event.Actor
		reason      string
	}{
		{"Military Forces of Russia (2000-)", "8", event.Actor{Code: "RUSMIL", Country: "RUS", Raw: "8", Sectors: "External/Other Forces"}, "the name's prefix beats the code"},
		{"Government of the Democratic Republic of Congo (2019-)", "State forces", event.Actor{Code: "CODGOV", Country: "COD", Raw: "State forces", Sectors: "State forces"}, "a text code is kept as given"},
		{"Police Forces of Cote d'Ivoire (2011-)", "1", event.Actor{Code: "CIVCOP", Country: "CIV", Raw: "1", Sectors: "State Forces"}, ""},
		{"Al Shabaab", "2", event.Actor{Code: "REB", Raw: "2", Sectors: "Rebel Groups"}, "no country in the name"},
		{"Refugees/IDPs (Syria)", "7", event.Actor{Code: "SYRREF", Country: "SYR", Raw: "7", Sectors: "Civilians"}, ""},
		{"Unidentified Armed Group (International)", "3", event.Actor{Code: "UAF", Raw: "3", Sectors: "Political Militias"}, ""},
		{"Somebody", "9", event.Actor{Code: "", Raw: "9", Sectors: "9"}, "unknown code"},
	}
	for _, tt := range tests {
		tt.want.Name = tt.name
		if d := cmp.Diff(tt.want, s.actor(tt.name, tt.inter)); d != "" {
			t.Errorf("actor(%q, %q) (%s) (-want +got):\n%s", tt.name, tt.inter, tt.reason, d)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		head       string
		acled, del bool
	}{
		{"\ufeffevent_id_cnty,event_date,year,event_type\r\n", true, false},
		{`"GWNO","EVENT_ID_CNTY","EVENT_DATE","EVENT_TYPE"` + "\n", true, false},
		{"event_id_cnty,deleted_timestamp\n", false, true},
		{"GLOBALEVENTID\tSQLDATE\n", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		if got := detect([]byte(tt.head)); got != tt.acled {
			t.Errorf("detect(%q) = %v", tt.head, got)
		}
		if got := detectDeletions([]byte(tt.head)); got != tt.del {
			t.Errorf("detectDeletions(%q) = %v", tt.head, got)
		}
	}
}

func TestCancel(t *testing.T) {
	data, err := os.ReadFile("testdata/current.csv")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = Format().Read(ctx, bytes.NewReader(data), "x", func(dataset.Record) error { return nil }, func(*dataset.RowError) {})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	stop := errors.New("stop")
	n := 0
	err = Format().Read(context.Background(), bytes.NewReader(data), "x", func(dataset.Record) error { n++; return stop }, func(*dataset.RowError) {})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err = %v after %d records, want stop after 1", err, n)
	}
}

func TestHeader(t *testing.T) {
	r := readAll(t, Format(), "h.csv", []byte("event_id_cnty,year\nX1,2020\n"))
	if r.err == nil || !strings.Contains(r.err.Error(), "event_date") {
		t.Errorf("err = %v, want a missing event_date column", r.err)
	}
	r = readAll(t, Format(), "empty.csv", nil)
	if r.err != nil || len(r.recs) != 0 {
		t.Errorf("empty file: %v, %d records", r.err, len(r.recs))
	}
}
