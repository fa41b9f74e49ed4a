package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store/sqlite"
)

const benchCorpus = "../../../shared/bench/news_corpus.jsonl.gz"

func needCorpus(b *testing.B) {
	if _, err := os.Stat(benchCorpus); err != nil {
		b.Skipf("benchmark corpus %s absent (it lives in ../shared, beside the repository): %v", benchCorpus, err)
	}
}

// BenchmarkIngestCorpus ingests the whole benchmark corpus (31,402 documents,
// 23 M characters of text) into a fresh SQLite file: read, extract,
// fingerprint, deduplicate, store with raw input and full-text index.
func BenchmarkIngestCorpus(b *testing.B) {
	needCorpus(b)
	var last Summary
	for b.Loop() {
		b.StopTimer()
		s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		last = ingestFiles(b, s, benchCorpus)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(last.Seen)/last.Elapsed.Seconds(), "docs/s")
	b.ReportMetric(last.Elapsed.Seconds(), "s/corpus")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
}

func ingestFiles(b *testing.B, s *sqlite.Store, files ...string) Summary {
	failed := 0
	sum, err := New(s, Options{OnFailure: func(f source.Failure) {
		failed++
		if failed < 5 {
			b.Logf("%s: %v", f.Input, f.Err)
		}
	}}).Run(b.Context(), func(ctx context.Context, emit func(source.Item) error, fail func(source.Failure)) error {
		return source.Read(ctx, files, nil, source.Options{}, emit, fail)
	})
	if err != nil {
		b.Fatal(err)
	}
	if sum.Seen < 31000 {
		b.Fatalf("ingested only %d documents: %s", sum.Seen, sum)
	}
	return sum
}

// BenchmarkIngestLarge ingests a generated JSON Lines file of about
// GEORISK_BENCH_GB gigabytes (default 1; the benchmark corpus repeated with
// new ids) and reports the peak resident memory, which must stay flat: the
// pipeline streams. It takes minutes: run it with -bench IngestLarge.
func BenchmarkIngestLarge(b *testing.B) {
	needCorpus(b)
	gb := 1.0
	if v := os.Getenv("GEORISK_BENCH_GB"); v != "" {
		fmt.Sscan(v, &gb)
	}
	dir := b.TempDir()
	big := filepath.Join(dir, "big.jsonl.gz")
	size := writeRepeated(b, big, int64(gb*(1<<30)))
	var last Summary
	for b.Loop() {
		s, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		last = ingestFiles(b, s, big)
		s.Close()
	}
	b.ReportMetric(float64(size)/(1<<20), "input-MB")
	b.ReportMetric(float64(last.Seen)/last.Elapsed.Seconds(), "docs/s")
	b.ReportMetric(float64(peakRSS())/(1<<20), "peak-RSS-MB")
}

// writeRepeated writes the benchmark corpus again and again, with ids made
// unique, until size uncompressed bytes are written.
func writeRepeated(b *testing.B, path string, size int64) int64 {
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	var written int64
	for round := 0; written < size; round++ {
		in, err := os.Open(benchCorpus)
		if err != nil {
			b.Fatal(err)
		}
		zr, err := gzip.NewReader(in)
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 1<<26)
		for sc.Scan() && written < size {
			line := strings.Replace(sc.Text(), `"id": "`, fmt.Sprintf(`"id": "r%d-`, round), 1)
			// Change the text too, or every round would be exact copies.
			line = strings.Replace(line, `"text": "`, fmt.Sprintf(`"text": "Round %d. `, round), 1)
			n, _ := zw.Write([]byte(line + "\n"))
			written += int64(n)
		}
		in.Close()
	}
	if err := zw.Close(); err != nil {
		b.Fatal(err)
	}
	return written
}

// peakRSS returns the process's peak resident set size in bytes (VmHWM), or
// the Go runtime's view when /proc is not there.
func peakRSS() int64 {
	if b, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(line, "VmHWM:") {
				var kb int64
				fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(line, "VmHWM:"), "kB")), &kb)
				return kb << 10
			}
		}
	}
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.Sys)
}
