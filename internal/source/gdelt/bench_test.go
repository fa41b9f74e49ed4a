package gdelt

import (
	"bytes"
	"io"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// benchRead reads data with format b.N times, reporting bytes (as MB/s)
// and rows per second.
func benchRead(b *testing.B, format dataset.Format, data []byte, want int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		n := 0
		err := format.Read(b.Context(), bytes.NewReader(data), "bench", func(dataset.Record) error {
			n++
			return nil
		}, func(e *dataset.RowError) { b.Fatal(e) })
		if err != nil {
			b.Fatal(err)
		}
		if n != want {
			b.Fatalf("%d rows, want %d", n, want)
		}
		rows += n
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkEvents(b *testing.B) {
	data, err := io.ReadAll(sample(b, "gdelt2_events/20191024143000.export.CSV"))
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, Events(), data, 2111)
}

func BenchmarkV1(b *testing.B) {
	data, err := io.ReadAll(sample(b, "gdelt1_events/events_sample_gdelt1.tsv"))
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, V1(), data, 710)
}

func BenchmarkGKG(b *testing.B) {
	rc, _ := gkgZip(b)
	data, err := io.ReadAll(rc)
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, GKG(), data, 951)
}
