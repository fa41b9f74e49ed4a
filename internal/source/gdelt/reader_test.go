package gdelt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/source/dataset"
)

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// firstRow returns the first line of a testdata file.
func firstRow(t *testing.T, name string) string {
	t.Helper()
	row, _, _ := strings.Cut(string(readFile(t, name)), "\n")
	return row
}

func TestLongLines(t *testing.T) {
	row := firstRow(t, "testdata/events.tsv")
	tests := []struct {
		name     string
		line     string
		wantErr  string
		reason   string
		wantRecs []int
	}{{
		name:     "over the limit",
		line:     strings.Repeat("x", MaxLine+1),
		wantErr:  "line longer than 16 MB",
		wantRecs: []int{1, 3},
		reason:   "the long line is reported and skipped up to its end",
	}, {
		name:     "at the limit",
		line:     strings.Repeat("y", MaxLine),
		wantErr:  "has 1 fields, want 61",
		wantRecs: []int{1, 3},
		reason:   "a line of MaxLine bytes is read",
	}, {
		name:     "over the limit with CRLF",
		line:     strings.Repeat("z", MaxLine+1) + "\r",
		wantErr:  "line longer than 16 MB",
		wantRecs: []int{1, 3},
		reason:   "\\r\\n does not count, the bytes before it do",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := row + "\n" + tt.line + "\n" + row + "\n"
			res := read(t, Events(), strings.NewReader(in), "long.tsv")
			if diff := cmp.Diff([]rowErr{{2, tt.wantErr}}, rowErrs(res.errs)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", tt.reason, diff)
			}
			if diff := cmp.Diff(tt.wantRecs, recLines(res.recs)); diff != "" {
				t.Errorf("records (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLongGKGRecord(t *testing.T) {
	// A GKG record whose GCAM field runs to 2 MB, read through a reader
	// that returns one byte at a time at first and then small chunks.
	row := firstRow(t, "testdata/gkg.tsv")
	f := strings.Split(row, "\t")
	var gcam strings.Builder
	for i := 0; gcam.Len() < 2<<20; i++ {
		gcam.WriteString("c1.1:2,c12.1:32,c12.10:39,")
	}
	f[17] = gcam.String()
	in := strings.Join(f, "\t") + "\n" + row + "\n"
	res := read(t, GKG(), iotest.HalfReader(strings.NewReader(in)), "gcam.tsv")
	if len(res.errs) != 0 || len(res.recs) != 2 {
		t.Fatalf("%d records, %d errors (%v)", len(res.recs), len(res.errs), res.errs)
	}
	if diff := cmp.Diff(res.recs[1].Article, res.recs[0].Article); diff != "" {
		t.Errorf("the record with a long GCAM differs (-short +long):\n%s", diff)
	}
}

func TestEmitError(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Events().Read(t.Context(), bytes.NewReader(readFile(t, "testdata/events.tsv")), "events.tsv", func(dataset.Record) error {
		n++
		if n == 2 {
			return stop
		}
		return nil
	}, func(*dataset.RowError) {})
	if !errors.Is(err, stop) || n != 2 {
		t.Errorf("Read = %v after %d records, want the emit error after 2", err, n)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err := V1().Read(ctx, bytes.NewReader(readFile(t, "testdata/v1.tsv")), "v1.tsv", func(dataset.Record) error {
		t.Error("a record after cancellation")
		return nil
	}, func(*dataset.RowError) {})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Read = %v, want context.Canceled", err)
	}
}

func TestReadError(t *testing.T) {
	bad := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader(firstRow(t, "testdata/events.tsv")+"\n"), iotest.ErrReader(bad))
	var got int
	err := Events().Read(t.Context(), r, "broken.tsv", func(dataset.Record) error { got++; return nil }, func(*dataset.RowError) {})
	if !errors.Is(err, bad) || got != 1 || !strings.Contains(err.Error(), "broken.tsv") {
		t.Errorf("Read = %v after %d records", err, got)
	}
}

func TestDetect(t *testing.T) {
	head := func(name string) []byte { return readFile(t, name) }
	long := []byte(firstRow(t, "testdata/gkg.tsv"))
	long = append(long[:len(long):len(long)], bytes.Repeat([]byte("c1.1:2,"), 10<<10)...) // a GKG head cut inside its first line
	tests := []struct {
		name string
		head []byte
		want string
	}{
		{"events", head("testdata/events.tsv"), "gdelt"},
		{"v1", head("testdata/v1.tsv"), "gdelt1"},
		{"mentions", head("testdata/mentions.tsv"), "gdelt-mentions"},
		{"gkg", head("testdata/gkg.tsv"), "gkg"},
		{"gkg cut", long[:64<<10], "gkg"},
		{"blank lines first", append([]byte("\n\r\n"), head("testdata/mentions.tsv")...), "gdelt-mentions"},
		{"BOM", append([]byte("\uFEFF"), head("testdata/events.tsv")...), "gdelt"},
		{"empty", nil, ""},
		{"csv", []byte("a,b,c\n1,2,3\n"), ""},
		{"61 fields of words", []byte(strings.Repeat("x\t", 60) + "x\n"), ""},
		{"ICEWS-like header", []byte("Event ID\tEvent Date\tSource Name\n"), ""},
	}
	formats := []dataset.Format{Events(), Mentions(), GKG(), V1()}
	for _, tt := range tests {
		var got []string
		for _, f := range formats {
			if f.Detect(tt.head) {
				got = append(got, f.Name)
			}
		}
		want := []string{tt.want}
		if tt.want == "" {
			want = nil
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: detected (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"plain", "plain"},
		{"S\xe3o Paulo", "São Paulo"},
		{"\x93quoted\x94", "\u201cquoted\u201d"},     // Windows-1252 quotes
		{"caf\xc3\xa9 and caf\xe9", "café and café"}, // valid UTF-8 stays as it is
		{"\xff", "ÿ"},
	}
	for _, tt := range tests {
		if got := text([]byte(tt.in)); got != tt.want {
			t.Errorf("text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
