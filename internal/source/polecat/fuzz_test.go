package polecat

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// FuzzPOLECAT reads arbitrary bytes as a POLECAT file: no panics, records
// and row errors in line order, and every record complete.
func FuzzPOLECAT(f *testing.F) {
	f.Add([]byte("Event ID\tEvent Date\tEvent Type\tEvent Mode\tIntensity\tActor Name\n1\t2023-01-01\tassault\taerial\tNone\tX\n2\t2023-01-01 00:00:00\tFIGHT\t\t-9\t\n"))
	format := Format()
	f.Fuzz(func(t *testing.T, data []byte) {
		last := 0
		err := format.Read(context.Background(), bytes.NewReader(data), "fuzz", func(r dataset.Record) error {
			if r.Line < last {
				t.Fatalf("line %d after line %d", r.Line, last)
			}
			last = r.Line
			if e := r.Event; e == nil || e.OriginID == "" || e.Date.IsZero() || e.PLOVER == "" || e.Quad == 0 {
				t.Fatalf("line %d: incomplete event %+v", r.Line, e)
			}
			return nil
		}, func(e *dataset.RowError) {
			if e.Line <= last {
				t.Fatalf("row error at line %d after line %d", e.Line, last)
			}
			last = e.Line
		})
		if err != nil && !strings.Contains(err.Error(), "header") {
			t.Fatalf("Read: %v", err)
		}
	})
}
