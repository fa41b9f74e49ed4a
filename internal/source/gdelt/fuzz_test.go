package gdelt

import (
	"bytes"
	"math"
	"testing"
	"unicode/utf8"

	"github.com/georisk/georisk/internal/cameo"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source/dataset"
)

// Seed corpora are in testdata/fuzz/<Name>: the rows of our testdata files,
// good and bad, and a few edge cases.

// fuzzRead reads data with format and checks what holds for any input:
// no panic, one outcome at most for each line, in order, and valid UTF-8
// everywhere. It returns the records.
func fuzzRead(t *testing.T, format dataset.Format, data []byte) []dataset.Record {
	format.Detect(data)
	var recs []dataset.Record
	last := 0
	lines := bytes.Count(data, []byte("\n")) + 1
	step := func(line int, what string) {
		if line <= last || line > lines {
			t.Fatalf("%s at line %d after line %d (of %d)", what, line, last, lines)
		}
		last = line
	}
	err := format.Read(t.Context(), bytes.NewReader(data), "fuzz", func(r dataset.Record) error {
		step(r.Line, "record")
		recs = append(recs, r)
		return nil
	}, func(e *dataset.RowError) {
		step(e.Line, "row error")
		if e.File != "fuzz" || e.Err == nil || !utf8.ValidString(e.Error()) {
			t.Fatalf("row error %#v", e)
		}
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return recs
}

func checkStrings(t *testing.T, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8: %q", s)
		}
	}
}

func checkLocation(t *testing.T, l event.Location) {
	t.Helper()
	checkStrings(t, l.Name, l.Country, l.ADM1, l.Precision)
	if l.HasGeo && !(l.Lat >= -90 && l.Lat <= 90 && l.Lon >= -180 && l.Lon <= 180) {
		t.Fatalf("HasGeo with %v, %v", l.Lat, l.Lon)
	}
	if !l.HasGeo && (l.Lat != 0 || l.Lon != 0) {
		t.Fatalf("coordinates without HasGeo: %+v", l)
	}
}

func checkEvents(t *testing.T, recs []dataset.Record) {
	codes := cameo.Load()
	for _, r := range recs {
		ev := r.Event
		if ev == nil || r.Mention != nil || r.Article != nil {
			t.Fatalf("record %+v", r)
		}
		c, ok := codes.Lookup(ev.Code)
		if !ok || c.Code != ev.Code || ev.Root != c.Root || ev.Quad < 1 || ev.Quad > 4 {
			t.Fatalf("event code %q root %q quad %d", ev.Code, ev.Root, ev.Quad)
		}
		if ev.OriginID == "" || ev.Date.IsZero() || ev.Updated.IsZero() || math.IsNaN(ev.Goldstein) || math.IsNaN(ev.Tone) {
			t.Fatalf("event %+v", ev)
		}
		for _, a := range []event.Actor{ev.Source, ev.Target} {
			checkStrings(t, a.Code, a.Country, a.Name, a.Raw, a.Sectors)
			if a.Country == "" && a.Code != "" {
				t.Fatalf("actor with a code and no country: %+v", a)
			}
		}
		checkLocation(t, ev.Location)
		checkStrings(t, ev.URL)
		for k, v := range ev.Attrs {
			checkStrings(t, k, v)
		}
	}
}

func FuzzEvents(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEvents(t, fuzzRead(t, Events(), data))
	})
}

func FuzzV1(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		checkEvents(t, fuzzRead(t, V1(), data))
	})
}

func FuzzMentions(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range fuzzRead(t, Mentions(), data) {
			m := r.Mention
			if m == nil || m.EventID == "" || m.Time.IsZero() || math.IsNaN(m.Tone) {
				t.Fatalf("record %+v", r)
			}
			checkStrings(t, m.SourceName, m.URL)
		}
	})
}

func FuzzGKG(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, r := range fuzzRead(t, GKG(), data) {
			a := r.Article
			if a == nil || !gkgID(a.RecordID) || a.Date.IsZero() || math.IsNaN(a.Tone) {
				t.Fatalf("record %+v", r)
			}
			checkStrings(t, a.URL, a.SourceName)
			for _, list := range [][]string{a.Themes, a.Persons, a.Organizations} {
				seen := map[string]bool{}
				for _, s := range list {
					checkStrings(t, s)
					if s == "" || seen[s] {
						t.Fatalf("empty or repeated name %q in %q", s, list)
					}
					seen[s] = true
				}
			}
			for _, l := range a.Locations {
				checkLocation(t, l)
			}
			for k, v := range a.Attrs {
				checkStrings(t, k, v)
			}
		}
	})
}
