package acled

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// BenchmarkACLED reads a file of the current layout made of the good rows of
// testdata/current.csv, repeated.
func BenchmarkACLED(b *testing.B) {
	data, err := os.ReadFile("testdata/current.csv")
	if err != nil {
		b.Fatal(err)
	}
	ls := strings.Split(string(data), "\n")
	good := []string{ls[1], strings.Join(ls[4:7], "\n"), ls[7], ls[13], ls[14]} // lines 2, 5–7, 8, 14, 15
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
	b.ResetTimer()
	for b.Loop() {
		n := 0
		err := f.Read(context.Background(), bytes.NewReader(in), "bench.csv",
			func(dataset.Record) error { n++; return nil },
			func(e *dataset.RowError) { b.Fatal(e) })
		if err != nil || n != rows {
			b.Fatalf("%d records, err %v", n, err)
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
