package source

import (
	"context"
	"os"
	"testing"
	"time"
)

const (
	benchCorpus = "../../../shared/bench/news_corpus.jsonl.gz"
	benchSGML   = "../../../shared/bench/raw/reut2-000.sgm"
)

// readAll reads inputs with opt and returns the items and failures.
func readAll(tb testing.TB, inputs []string, opt Options) ([]Item, []Failure) {
	tb.Helper()
	var items []Item
	var fails []Failure
	err := Read(tb.Context(), inputs, nil, opt, func(it Item) error {
		items = append(items, it)
		return nil
	}, func(f Failure) { fails = append(fails, f) })
	if err != nil {
		tb.Fatalf("Read: %v", err)
	}
	return items, fails
}

func needFile(tb testing.TB, name string) {
	tb.Helper()
	if _, err := os.Stat(name); err != nil {
		tb.Skipf("bench file absent: %v", err)
	}
}

func TestBenchCorpus(t *testing.T) {
	needFile(t, benchCorpus)
	n := 0
	var fails []Failure
	err := Read(t.Context(), []string{benchCorpus}, nil, Options{}, func(it Item) error {
		n++
		if it.Text == "" || it.ID == "" || it.Format != "jsonl" {
			t.Fatalf("item %s: empty text or id, or format %q", it.Input, it.Format)
		}
		return nil
	}, func(f Failure) { fails = append(fails, f) })
	if err != nil {
		t.Fatal(err)
	}
	if n != 31402 || len(fails) != 0 {
		t.Errorf("got %d items, %d failures (first %v); want 31402, 0", n, len(fails), first(fails))
	}
}

func TestBenchSGML(t *testing.T) {
	needFile(t, benchSGML)
	items, fails := readAll(t, []string{benchSGML}, Options{})
	if len(items) != 1000 || len(fails) != 0 {
		t.Fatalf("got %d items, %d failures (first %v); want 1000, 0", len(items), len(fails), first(fails))
	}
	it := items[0]
	want := time.Date(1987, 2, 26, 15, 1, 1, 790000000, time.UTC)
	if it.ID != "1" || it.Title != "BAHIA COCOA REVIEW" || !it.Date.Equal(want) || it.Source != "reuters21578" || it.Dateline != "SALVADOR, Feb 26" {
		t.Errorf("first record: id %q title %q date %v source %q dateline %q", it.ID, it.Title, it.Date, it.Source, it.Dateline)
	}
	for _, it := range items {
		if it.Warn != "" {
			t.Errorf("%s: warning %q", it.Input, it.Warn)
		}
	}
}

func first(fails []Failure) any {
	if len(fails) == 0 {
		return nil
	}
	return fails[0]
}

// BenchmarkReadJSONL reads the bench corpus (31,402 records, gzip).
func BenchmarkReadJSONL(b *testing.B) {
	needFile(b, benchCorpus)
	fi, err := os.Stat(benchCorpus)
	if err != nil {
		b.Fatal(err)
	}
	var docs, bytes int
	for b.Loop() {
		docs, bytes = 0, 0
		err := Read(context.Background(), []string{benchCorpus}, nil, Options{}, func(it Item) error {
			docs++
			bytes += len(it.Raw)
			return nil
		}, func(f Failure) { b.Fatal(f.Err) })
		if err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(docs)/sec, "docs/s")
	b.ReportMetric(float64(bytes)/sec/1e6, "MB/s")
	b.ReportMetric(float64(fi.Size())/sec/1e6, "gzMB/s")
	b.ReportMetric(0, "ns/op")
}

// BenchmarkReadSGML reads one Reuters-21578 file (1,000 records).
func BenchmarkReadSGML(b *testing.B) {
	needFile(b, benchSGML)
	fi, err := os.Stat(benchSGML)
	if err != nil {
		b.Fatal(err)
	}
	docs := 0
	for b.Loop() {
		docs = 0
		err := Read(context.Background(), []string{benchSGML}, nil, Options{}, func(Item) error {
			docs++
			return nil
		}, func(f Failure) { b.Fatal(f.Err) })
		if err != nil {
			b.Fatal(err)
		}
	}
	sec := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(float64(docs)/sec, "docs/s")
	b.ReportMetric(float64(fi.Size())/sec/1e6, "MB/s")
	b.ReportMetric(0, "ns/op")
}
