package icews

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// BenchmarkICEWS reads a file made of the good rows of testdata/events.tab,
// repeated.
func BenchmarkICEWS(b *testing.B) {
	data, err := os.ReadFile("testdata/events.tab")
	if err != nil {
		b.Fatal(err)
	}
	ls := strings.Split(string(data), "\n")
	good := []string{ls[1], ls[2], ls[6], ls[9], ls[11], ls[13]} // lines 2, 3, 7, 10, 12, 14
	var buf bytes.Buffer
	buf.WriteString(ls[0] + "\n")
	const rows = 20000
	for i := range rows {
		buf.WriteString(good[i%len(good)] + "\n")
	}
	in := buf.Bytes()
	f := Format()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		err := f.Read(context.Background(), bytes.NewReader(in), "bench.tab",
			func(dataset.Record) error { n++; return nil },
			func(e *dataset.RowError) { b.Fatal(e) })
		if err != nil || n != rows {
			b.Fatalf("%d records, err %v", n, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkICEWSSample reads the shared ICEWS sample, when it is there.
func BenchmarkICEWSSample(b *testing.B) {
	in, err := os.ReadFile(sample)
	if err != nil {
		b.Skip("no sample")
	}
	f := Format()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		f.Read(context.Background(), bytes.NewReader(in), "sample.tab",
			func(dataset.Record) error { n++; return nil }, func(*dataset.RowError) {})
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
}
