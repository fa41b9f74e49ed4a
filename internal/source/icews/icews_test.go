package icews

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

const sample = "../../../../shared/samples/icews/events.2018.sample.tab"

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

func readFile(t testing.TB, path string) *result {
	t.Helper()
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("sample %s is not here (it lives in ../shared, outside the repository)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var res result
	res.err = Format().Read(context.Background(), bytes.NewReader(data), filepath.Base(path), func(r dataset.Record) error {
		res.recs = append(res.recs, r)
		return nil
	}, func(e *dataset.RowError) { res.errs = append(res.errs, e) })
	return &res
}

func TestSample(t *testing.T) {
	r := readFile(t, sample)
	if r.err != nil {
		t.Fatal(r.err)
	}
	for _, e := range r.errs {
		t.Errorf("row error: %v", e)
	}
	if len(r.recs) != 3705 {
		t.Fatalf("%d records, want 3705", len(r.recs))
	}
	ids := r.byID()
	want := &event.Event{
		Origin: "icews", OriginID: "32889836",
		Date:   time.Date(2018, 6, 1, 0, 0, 0, 0, time.UTC),
		Source: event.Actor{Code: "BGDGOV", Country: "BGD", Name: "Foreign Affairs (Bangladesh)", Sectors: "Executive,Foreign Ministry,Government"},
		Target: event.Actor{Code: "VNMMIL", Country: "VNM", Name: "High Ranking Military Personnel (Vietnam)", Sectors: "Military,Government"},
		Code:   "040", Root: "04", PLOVER: "CONSULT", Goldstein: 1, Quad: 1,
		Location: event.Location{Name: "Hanoi", Country: "VNM", ADM1: "Thanh Pho Ha Noi", Lat: 21.0245, Lon: 105.841, HasGeo: true},
		Attrs: map[string]string{
			"Story ID": "47400351", "Sentence Number": "2", "Publisher": "Vietnam News Agency Bulletin", "Event Text": "Consult",
		},
	}
	if d := cmp.Diff(want, ids["32889836"]); d != "" {
		t.Errorf("32889836 (-want +got):\n%s", d)
	}
	tests := []struct {
		id     string
		check  func(e *event.Event) bool
		reason string
	}{
		{"32891065", func(e *event.Event) bool {
			return e.Source.Code == "JPN" && e.Target.Code == "VNM" && e.Code == "032" && e.Goldstein == 4.5 && e.Location.Name == "Japan" && e.Location.HasGeo
		}, "country actors without sectors; a location with only a country"},
		{"32891290", func(e *event.Event) bool {
			return e.Source.Code == "JPNGOV" && e.Target.Code == "JPNCVL" && e.Code == "014" && e.Attrs["District"] == "Osaka-shi" && e.Location.ADM1 == "Osaka-fu"
		}, "civilians; district kept in Attrs"},
		{"32891407", func(e *event.Event) bool {
			return e.Source.Code == "BUS" && e.Target.Name == "Unspecified Actor" && e.Target.Code == "" && !e.Location.HasGeo && e.Location.Country == "" && e.Code == "141"
		}, "no country, no location"},
		{"32888261", func(e *event.Event) bool {
			return e.Source.Code == "IGO" && e.Target.Code == "IGOUNO" && e.Target.Country == "IGOUNO"
		}, "IGOs"},
	}
	for _, tt := range tests {
		if e := ids[tt.id]; e == nil || !tt.check(e) {
			t.Errorf("%s (%s) = %+v", tt.id, tt.reason, e)
		}
	}
}

type rowErr struct {
	Line int
	Err  error
}

func TestBadRows(t *testing.T) {
	r := readFile(t, "testdata/events.tab")
	if r.err != nil {
		t.Fatal(r.err)
	}
	wantErrs := []rowErr{{4, errColumns}, {5, errDate}, {6, errCode}, {8, errCoordinates}, {9, errNumber}, {11, errNoID}}
	if len(r.errs) != len(wantErrs) {
		t.Errorf("%d row errors, want %d", len(r.errs), len(wantErrs))
		for _, e := range r.errs {
			t.Logf("  %v", e)
		}
	} else {
		for i, e := range r.errs {
			if e.File != "events.tab" || e.Line != wantErrs[i].Line || !errors.Is(e, wantErrs[i].Err) {
				t.Errorf("row error %d = %v, want line %d: %v", i, e, wantErrs[i].Line, wantErrs[i].Err)
			}
		}
	}
	got := map[string]int{}
	for _, rec := range r.recs {
		got[rec.Event.OriginID] = rec.Line
	}
	want := map[string]int{"900001": 2, "900002": 3, "900006": 7, "900007": 8, "900009": 10, "900010": 12, "900011": 14}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}
	ids := r.byID()
	if e := ids["900001"]; e.Source.Code != "KENCOP" || e.Target.Code != "KENOPP" || e.Goldstein != -5 || e.Quad != 4 || e.PLOVERMode != "arrest" ||
		e.Location.ADM1 != "Nairobi Province" || e.Location.Lat != -1.2833 {
		t.Errorf("900001 = %+v", e)
	}
	if e := ids["900002"]; e.Code != "010" || e.Root != "01" || e.Goldstein != 0 || e.Source.Code != "KEN" || e.Target != (event.Actor{}) {
		t.Errorf("a code that lost its zero: %+v", e)
	}
	if e := ids["900006"]; e.Source.Name != "Ministère des Armées (France)" || e.Source.Code != "FRAGOV" ||
		e.Target.Name != "Government (Côte d'Ivoire)" || e.Target.Code != "CIVGOV" || e.Location.Country != "CIV" || e.Attrs["Sentence Number"] != "1" {
		t.Errorf("Latin-1 row = %+v", e)
	}
	if e := ids["900007"]; e.Location.HasGeo || e.Location.Name != "Nairobi" {
		t.Errorf("bad coordinates kept geography: %+v", e.Location)
	}
	if e := ids["900009"]; e.Code != "0213" || e.Attrs["Event Text"] != `Appeal for "judicial" cooperation` || e.Goldstein != 3.4 {
		t.Errorf("900009 = %+v", e)
	}
	if e := ids["900010"]; e.Source.Code != "IGOEUREEC" || e.Target.Code != "IGOEUREECGOV" || e.Location.Name != "Belgium" || e.Location.Country != "BEL" {
		t.Errorf("IGOs = %+v", e)
	}
	if e := ids["900011"]; e.Source.Code != "IGO" || e.Target.Code != "SDNMIL" || e.Location != (event.Location{}) {
		t.Errorf("900011 = %+v", e)
	}
}

func TestAgent(t *testing.T) {
	m := newMapper()
	tests := []struct {
		sectors, want, reason string
	}{
		{"Government,Police", "COP", "police beat the generic government"},
		{"Government,Marines,Executive,Defense / Security Ministry,Military", "GOV", "a defence minister is in the executive"},
		{"Military,Government", "MIL", ""},
		{"Parties,Opposition Major Party (Out Of Government),(National) Major Party", "OPP", "whole names: not GOV for \"Government\""},
		{"Government,Executive Office,Executive,(National) Major Party,Parties,Legislative / Parliamentary", "GOV", "a prime minister who sits in parliament"},
		{"Government,Legislative / Parliamentary", "LEG", ""},
		{"Finance / Economy / Commerce / Trade Ministry", "GOV", "a suffix rule"},
		{"Consumer Goods Business,Social", "BUS", ""},
		{"Social,General Population / Civilian / Social", "CVL", ""},
		{"Unspecified", "", "no rule"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := agentOf(m.sectors, tt.sectors); got != tt.want {
			t.Errorf("agentOf(%q) = %q, want %q (%s)", tt.sectors, got, tt.want, tt.reason)
		}
	}
}

func TestDetect(t *testing.T) {
	data, err := os.ReadFile("testdata/events.tab")
	if err != nil {
		t.Fatal(err)
	}
	if !detect(data) {
		t.Error("detect(events.tab) = false")
	}
	for _, head := range []string{"event_id_cnty,event_date,event_type\n", "Event ID\tEvent Date\tEvent Type\tEvent Mode\n", ""} {
		if detect([]byte(head)) {
			t.Errorf("detect(%q) = true", head)
		}
	}
}
