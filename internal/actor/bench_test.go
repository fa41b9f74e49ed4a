package actor

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// benchSentences reads the shared news corpus and splits its texts into
// sentences crudely: on line breaks and ". ".
func benchSentences(tb testing.TB, max int) []string {
	tb.Helper()
	f, err := os.Open("../../../shared/bench/news_corpus.jsonl.gz")
	if err != nil {
		tb.Skipf("no benchmark corpus: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() && len(out) < max {
		var doc struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
			tb.Fatal(err)
		}
		for _, para := range strings.Split(doc.Text, "\n") {
			for _, s := range strings.Split(para, ". ") {
				if s = strings.TrimSpace(s); len(s) > 20 {
					out = append(out, s)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// BenchmarkFind runs Find over sentences of the benchmark corpus; one op is
// one sentence.
func BenchmarkFind(b *testing.B) {
	sents := benchSentences(b, 1<<30)
	d, err := Load()
	if err != nil {
		b.Fatal(err)
	}
	date := time.Date(2023, 8, 9, 0, 0, 0, 0, time.UTC)
	var dst []Match
	matches := 0
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		dst = d.Find(sents[i%len(sents)], date, dst[:0])
		matches += len(dst)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(matches)/float64(b.N), "matches/op")
}

// BenchmarkLoad measures loading the embedded dictionaries: time per load
// and the heap they keep.
func BenchmarkLoad(b *testing.B) {
	var d *Dict
	var err error
	b.ReportAllocs()
	for b.Loop() {
		if d, err = Load(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/load")
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	d, _ = Load()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "MB")
	runtime.KeepAlive(d)
}
