package icews

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// FuzzICEWS reads arbitrary bytes as an ICEWS file: no panics, records and
// row errors in line order, and every record complete.
func FuzzICEWS(f *testing.F) {
	f.Add([]byte("Event ID\tEvent Date\tCAMEO Code\tIntensity\tLatitude\tLongitude\n1\t2018-06-01\t10\tNA\t1\t2\n2\t2018-06-01\t213\t3.4\tx\t\n"))
	format := Format()
	f.Fuzz(func(t *testing.T, data []byte) {
		last := 0
		check := func(line int) {
			if line <= last {
				t.Fatalf("line %d after line %d", line, last)
			}
			last = line
		}
		err := format.Read(context.Background(), bytes.NewReader(data), "fuzz", func(r dataset.Record) error {
			if r.Line < last {
				t.Fatalf("line %d after line %d", r.Line, last)
			}
			last = r.Line
			if e := r.Event; e == nil || e.OriginID == "" || e.Date.IsZero() || e.Code == "" || e.Quad == 0 {
				t.Fatalf("line %d: incomplete event %+v", r.Line, e)
			}
			return nil
		}, func(e *dataset.RowError) { check(e.Line) })
		if err != nil && !strings.Contains(err.Error(), "header") {
			t.Fatalf("Read: %v", err)
		}
	})
}
