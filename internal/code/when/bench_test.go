package when

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/text"
)

// corpusPath is the shared benchmark corpus, relative to this package.
const corpusPath = "../../../../shared/bench/news_corpus.jsonl.gz"

var corpus struct {
	once      sync.Once
	sentences []string
	err       error
}

// corpusSentences returns the sentences of the benchmark corpus, or skips
// the benchmark when the corpus is absent.
func corpusSentences(b *testing.B) []string {
	b.Helper()
	corpus.once.Do(func() {
		f, err := os.Open(corpusPath)
		if err != nil {
			corpus.err = err
			return
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			corpus.err = err
			return
		}
		sc := bufio.NewScanner(zr)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		var ss []text.Sentence
		for sc.Scan() {
			var doc struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
				corpus.err = err
				return
			}
			ss = text.Sentences(doc.Text, ss[:0])
			for _, s := range ss {
				corpus.sentences = append(corpus.sentences, doc.Text[s.Start:s.End])
			}
		}
		corpus.err = sc.Err()
	})
	if corpus.err != nil {
		b.Skipf("benchmark corpus %s not available: %v", corpusPath, corpus.err)
	}
	return corpus.sentences
}

// published is the publication date the benchmarks resolve against.
var published = time.Date(1987, 4, 8, 12, 0, 0, 0, time.UTC)

func BenchmarkFind(b *testing.B) {
	sents := corpusSentences(b)
	found, n := 0, 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			if _, ok := Find(s, published); ok {
				found++
			}
		}
		n += len(sents)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(found)/float64(n), "found/sentence")
}

// BenchmarkFindNoDate measures the fast path: corpus sentences in which
// Find finds nothing.
func BenchmarkFindNoDate(b *testing.B) {
	var sents []string
	for _, s := range corpusSentences(b) {
		if _, ok := Find(s, published); !ok {
			sents = append(sents, s)
		}
	}
	n := 0
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			Find(s, published)
		}
		n += len(sents)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}
