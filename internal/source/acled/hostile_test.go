package acled

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// TestHostileInputs feeds inputs that could make a CSV reader slurp or spin:
// each bad row is reported once, and the reader moves on.
func TestHostileInputs(t *testing.T) {
	const head = "event_id_cnty,event_date,event_type\n"
	tests := []struct {
		name string
		in   string
		errs int
	}{
		{"a quote opened on every line", head + strings.Repeat("a,\"x\n", 2000), 2000},
		{"one line of quotes past the record limit", head + strings.Repeat("\"", maxRecordBytes+10), 1},
		{"one line of commas past the record limit", head + strings.Repeat(",", maxRecordBytes+10) + "\nX1,01 May 2020,Riots\n", 1},
		{"short rows", head + strings.Repeat("a,b\n", 5000), 5000},
	}
	for _, tt := range tests {
		errs, recs := 0, 0
		err := Format().Read(context.Background(), bytes.NewReader([]byte(tt.in)), "x",
			func(dataset.Record) error { recs++; return nil }, func(*dataset.RowError) { errs++ })
		if err != nil || errs != tt.errs {
			t.Errorf("%s: %d row errors, %d records, err %v; want %d row errors", tt.name, errs, recs, err, tt.errs)
		}
	}
}
