package polecat

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// BenchmarkPOLECAT reads a file made of the good rows of
// testdata/ngecEvents.sample.txt, repeated.
func BenchmarkPOLECAT(b *testing.B) {
	data, err := os.ReadFile("testdata/ngecEvents.sample.txt")
	if err != nil {
		b.Fatal(err)
	}
	ls := strings.Split(string(data), "\n")
	good := []string{ls[1], ls[2], ls[6], ls[9]} // lines 2, 3, 7, 10
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
		err := f.Read(context.Background(), bytes.NewReader(in), "bench.txt",
			func(dataset.Record) error { n++; return nil },
			func(e *dataset.RowError) { b.Fatal(e) })
		if err != nil || n != rows {
			b.Fatalf("%d records, err %v", n, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
