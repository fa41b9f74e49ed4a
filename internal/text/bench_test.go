package text

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"sync"
	"testing"
)

// corpusPath is the shared benchmark corpus, relative to this package.
const corpusPath = "../../../shared/bench/news_corpus.jsonl.gz"

var corpus struct {
	once  sync.Once
	texts []string
	bytes int64
	err   error
}

// loadCorpus returns the bodies of the benchmark corpus, or skips the
// benchmark when the corpus is absent.
func loadCorpus(b *testing.B) []string {
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
		for sc.Scan() {
			var doc struct {
				Text string `json:"text"`
			}
			if err := json.Unmarshal(sc.Bytes(), &doc); err != nil {
				corpus.err = err
				return
			}
			corpus.texts = append(corpus.texts, doc.Text)
			corpus.bytes += int64(len(doc.Text))
		}
		corpus.err = sc.Err()
	})
	if corpus.err != nil {
		b.Skipf("benchmark corpus %s not available: %v", corpusPath, corpus.err)
	}
	return corpus.texts
}

// corpusSentences returns every sentence of the corpus.
func corpusSentences(b *testing.B) []string {
	var out []string
	var ss []Sentence
	for _, t := range loadCorpus(b) {
		ss = Sentences(t, ss[:0])
		for _, s := range ss {
			out = append(out, t[s.Start:s.End])
		}
	}
	return out
}

func BenchmarkSentences(b *testing.B) {
	texts := loadCorpus(b)
	dst := make([]Sentence, 0, 4096)
	n := 0
	b.SetBytes(corpus.bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			dst = Sentences(t, dst[:0])
			n += len(dst)
		}
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
}

func BenchmarkTokens(b *testing.B) {
	sents := corpusSentences(b)
	var size int64
	for _, s := range sents {
		size += int64(len(s))
	}
	dst := make([]Token, 0, 4096)
	n, toks := 0, 0
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, s := range sents {
			dst = Tokens(s, dst[:0])
			toks += len(dst)
		}
		n += len(sents)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "sentences/s")
	b.ReportMetric(float64(toks)/b.Elapsed().Seconds(), "tokens/s")
}
