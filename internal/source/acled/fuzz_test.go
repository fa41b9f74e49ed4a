package acled

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// FuzzACLED reads arbitrary bytes as an ACLED file: no panics, and records
// and row errors come in file order.
func FuzzACLED(f *testing.F) {
	for _, s := range []string{
		"event_id_cnty,event_date,event_type,sub_event_type,actor1,inter1,latitude,longitude,fatalities,timestamp,notes\n" +
			"X1,01 May 2020,Battles,Armed clash,Military Forces of Chad,1,12.1,15.0,2,1589000000,\"a\n\"\"b\"\"\"\n",
		"event_id_cnty,event_date,event_type\nX1,\"9-May-20,Riots\nX2,9-May-20,Riots\n",
	} {
		f.Add([]byte(s))
	}
	format := Format()
	f.Fuzz(func(t *testing.T, data []byte) {
		last := 0
		check := func(line int) {
			if line < last {
				t.Fatalf("line %d after line %d", line, last)
			}
			last = line
		}
		err := format.Read(context.Background(), bytes.NewReader(data), "fuzz", func(r dataset.Record) error {
			check(r.Line)
			if r.Event == nil || r.Event.OriginID == "" || r.Event.Date.IsZero() {
				t.Fatalf("line %d: incomplete event %+v", r.Line, r.Event)
			}
			return nil
		}, func(e *dataset.RowError) { check(e.Line) })
		if err != nil && !strings.Contains(err.Error(), "header") {
			t.Fatalf("Read: %v", err)
		}
	})
}

// FuzzRecords checks the CSV reader against encoding/csv (with LazyQuotes)
// on the input both read without a broken record.
func FuzzRecords(f *testing.F) {
	for _, s := range []string{
		"a,b,c\n1,\"2\n3\",4\r\n\n5,6\"x\",\"7\"\"8\"\n",
		"\"a\"b,c\n",
		"x,\"y\"\"\",z\r\n",
		",,\n\"\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cr := csv.NewReader(bytes.NewReader(data))
		cr.LazyQuotes = true
		cr.FieldsPerRecord = -1
		var want [][]string
		var wantLines []int
		for {
			rec, err := cr.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return // encoding/csv rejects it; ours may differ
			}
			line, _ := cr.FieldPos(0)
			want = append(want, rec)
			wantLines = append(wantLines, line)
		}
		r := newRecords(bytes.NewReader(data), ',')
		for i := 0; ; i++ {
			fields, line, err := r.read()
			if errors.Is(err, io.EOF) {
				if i != len(want) {
					t.Fatalf("%d records, encoding/csv read %d", i, len(want))
				}
				return
			}
			if err != nil {
				return // an unterminated quote, which LazyQuotes accepts at EOF
			}
			if i >= len(want) {
				t.Fatalf("record %d %q: encoding/csv read only %d", i, fields, len(want))
			}
			if !utfEqual(fields, want[i]) || line != wantLines[i] {
				t.Fatalf("record %d = %q at line %d, encoding/csv: %q at line %d", i, fields, line, want[i], wantLines[i])
			}
		}
	})
}

// utfEqual compares fields; ours decodes invalid UTF-8 as Windows-1252,
// encoding/csv keeps the bytes.
func utfEqual(got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] && got[i] != decode1252(want[i]) {
			return false
		}
	}
	return true
}

func TestRecordsRecover(t *testing.T) {
	tests := []struct {
		in     string
		want   []string // "line:fields" or "line:error"
		reason string
	}{
		{"a,\"b\nc,d\n", []string{"1:" + errUnterminated.Error(), "2:c|d"}, "a quote open at the end of input gives its lines back"},
		{"a,b\n\n\nc,d", []string{"1:a|b", "4:c|d"}, "blank lines are skipped, no final newline"},
		{"a,\"" + strings.Repeat("x\n", maxRecordLines+1) + "\"", []string{"1:" + errUnterminated.Error(), "2:x", "3:x"}, "a record longer than maxRecordLines is broken"},
	}
	for _, tt := range tests {
		r := newRecords(strings.NewReader(tt.in), ',')
		var got []string
		for {
			fields, line, err := r.read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				got = append(got, strconv.Itoa(line)+":"+err.Error())
				continue
			}
			got = append(got, strconv.Itoa(line)+":"+strings.Join(fields, "|"))
		}
		if len(got) > len(tt.want) {
			got = got[:len(tt.want)]
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s:\ngot  %q\nwant %q", tt.reason, got, tt.want)
		}
	}
}

func TestLongLine(t *testing.T) {
	in := "a,b\n" + strings.Repeat("y", maxRecordBytes+100) + "\nc,d\n"
	r := newRecords(strings.NewReader(in), ',')
	var got []string
	for {
		fields, line, err := r.read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			got = append(got, strconv.Itoa(line)+":"+err.Error())
			continue
		}
		got = append(got, strconv.Itoa(line)+":"+strings.Join(fields, "|"))
	}
	want := []string{"1:a|b", "2:" + errTooLong.Error(), "3:c|d"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}
