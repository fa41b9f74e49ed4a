package polecat

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

// No real POLECAT sample exists in ../shared (see its README): these tests
// read fixtures written for georisk in the Dataverse layouts.

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
	if err != nil {
		t.Fatal(err)
	}
	if !detect(data) {
		t.Errorf("detect(%s) = false", path)
	}
	var res result
	res.err = Format().Read(context.Background(), bytes.NewReader(data), filepath.Base(path), func(r dataset.Record) error {
		res.recs = append(res.recs, r)
		return nil
	}, func(e *dataset.RowError) { res.errs = append(res.errs, e) })
	return &res
}

func TestRead(t *testing.T) {
	r := readFile(t, "testdata/ngecEvents.sample.txt")
	if r.err != nil {
		t.Fatal(r.err)
	}
	type rowErr struct {
		Line int
		Err  error
	}
	wantErrs := []rowErr{{4, errColumns}, {5, errDate}, {6, errType}, {8, errCoordinates}, {9, errNumber}, {11, errNoID}}
	if len(r.errs) != len(wantErrs) {
		t.Errorf("%d row errors, want %d", len(r.errs), len(wantErrs))
		for _, e := range r.errs {
			t.Logf("  %v", e)
		}
	} else {
		for i, e := range r.errs {
			if e.File != "ngecEvents.sample.txt" || e.Line != wantErrs[i].Line || !errors.Is(e, wantErrs[i].Err) {
				t.Errorf("row error %d = %v, want line %d: %v", i, e, wantErrs[i].Line, wantErrs[i].Err)
			}
		}
	}
	got := map[string]int{}
	for _, rec := range r.recs {
		got[rec.Event.OriginID] = rec.Line
	}
	want := map[string]int{"20230105-0001": 2, "20230105-0002": 3, "20230105-0006": 7, "20230105-0007": 8, "20230105-0009": 10}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("records (-want +got):\n%s", d)
	}

	ids := r.byID()
	wantEv := &event.Event{
		Origin: "polecat", OriginID: "20230105-0001",
		Date:   time.Date(2023, 1, 5, 0, 0, 0, 0, time.UTC),
		Source: event.Actor{Code: "RUSMIL", Country: "RUS", Name: "Russian Armed Forces", Raw: "Q_invented_1", Sectors: "MIL"},
		Target: event.Actor{Code: "UKRCVL", Country: "UKR", Name: "Kharkiv residents", Sectors: "CVL"},
		PLOVER: "ASSAULT", PLOVERMode: "aerial", Goldstein: -9.5, Quad: 4,
		Location: event.Location{Name: "Kharkiv", Country: "UKR", ADM1: "Kharkivska Oblast", Lat: 49.98081, Lon: 36.25272, HasGeo: true, Precision: "PPLA"},
		Attrs: map[string]string{
			"Contexts": "military", "Source": "invented-wire", "Language": "en", "Publication Date": "2023-01-06",
			"Version": "v1.1", "GeoNames ID": "706483",
		},
	}
	if d := cmp.Diff(wantEv, ids["20230105-0001"]); d != "" {
		t.Errorf("20230105-0001 (-want +got):\n%s", d)
	}
	if e := ids["20230105-0002"]; e.PLOVER != "CONSULT" || e.PLOVERMode != "visit" || e.Goldstein != 4 || e.Quad != 1 ||
		e.Target.Code != "KHMGOV" || e.Target.Country != "KHM" || e.Attrs["Actor Title"] != "Foreign Minister" || e.Attrs["Contexts"] != "diplomatic;economic" {
		t.Errorf("20230105-0002 (score from the mode, first of several countries) = %+v", e)
	}
	if e := ids["20230105-0006"]; e.Source.Name != "Sindicato dos Metalúrgicos" || e.Source.Code != "BRALAB" || e.Location.Name != "São Paulo" || e.Attrs["Language"] != "pt" {
		t.Errorf("Latin-1 row = %+v", e)
	}
	if e := ids["20230105-0007"]; e.Location.HasGeo || e.Location.Name != "Kharkiv" {
		t.Errorf("bad coordinates kept geography: %+v", e.Location)
	}
	if e := ids["20230105-0009"]; e.PLOVER != "REQUEST" || e.PLOVERMode != "" || e.Goldstein != 0 || e.Quad != 3 ||
		e.Source.Code != "MED" || e.Target.Code != "INDHLH" || e.Location != (event.Location{}) || e.Attrs["Contexts"] != "" {
		t.Errorf("20230105-0009 (legacy type, JRN and MED sectors, no place) = %+v", e)
	}
}

func TestLaterLayout(t *testing.T) {
	r := readFile(t, "testdata/ngecEvents.later.txt")
	if r.err != nil || len(r.errs) != 0 || len(r.recs) != 2 {
		t.Fatalf("err %v, row errors %v, %d records", r.err, r.errs, len(r.recs))
	}
	ids := r.byID()
	if e := ids["20240301-0001"]; e.Goldstein != -6 || e.PLOVERMode != "discontinue" || !e.Date.Equal(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) ||
		e.Attrs["Story ID"] != "S-invented-1" || e.Attrs["Headline"] != "Japan widens curbs" || e.Source.Code != "JPNGOV" || e.Target.Code != "PRKGOV" {
		t.Errorf("20240301-0001 = %+v", e)
	}
	if e := ids["20240301-0002"]; e.PLOVER != "THREATEN" || e.Goldstein != -3.5 || e.Quad != 3 || e.Source.Code != "UAF" || e.Location.Country != "NGA" || e.Location.HasGeo {
		t.Errorf("20240301-0002 = %+v", e)
	}
}

func TestScores(t *testing.T) {
	m := newMapper()
	types := 0
	for k, s := range m.scores {
		if k[1] == "" {
			types++
			if !s.scored {
				t.Errorf("type %s has no score", k[0])
			}
		}
		if _, ok := m.scores[[2]string{k[0], ""}]; !ok {
			t.Errorf("mode %s/%s of an unlisted type", k[0], k[1])
		}
	}
	if types != 16 {
		t.Errorf("%d PLOVER types, want 16", types)
	}
	if s := m.scores[[2]string{"ACCUSE", ""}]; s.score != -3 || s.quad != 3 {
		t.Errorf("ACCUSE = %+v, want -3 in quad 3", s)
	}
}

func TestDetect(t *testing.T) {
	for _, head := range []string{"Event ID\tEvent Date\tSource Name\tCAMEO Code\n", "event_id_cnty,event_date\n", ""} {
		if detect([]byte(head)) {
			t.Errorf("detect(%q) = true", head)
		}
	}
}
