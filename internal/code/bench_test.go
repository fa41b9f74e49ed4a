package code_test

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/code"
	"github.com/georisk/georisk/internal/text"
)

const corpusPath = "../../../shared/bench/news_corpus.jsonl.gz"

// benchDocs reads up to n documents of the benchmark corpus, skipping the
// benchmark when it is absent.
func benchDocs(b *testing.B, n int) []code.Doc {
	b.Helper()
	f, err := os.Open(corpusPath)
	if err != nil {
		b.Skipf("benchmark corpus not available: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	var docs []code.Doc
	for sc.Scan() && len(docs) < n {
		var rec struct {
			ID   string `json:"id"`
			Date string `json:"date"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatal(err)
		}
		pub, _ := time.Parse("2006-01-02T15:04:05", rec.Date)
		if pub.IsZero() {
			pub = time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
		}
		docs = append(docs, code.Doc{ID: rec.ID, Body: rec.Text, Published: pub, DocID: int64(len(docs) + 1)})
	}
	if err := sc.Err(); err != nil {
		b.Fatal(err)
	}
	return docs
}

func countSentences(docs []code.Doc) int {
	n := 0
	var buf []text.Sentence
	for _, d := range docs {
		buf = text.Sentences(d.Body, buf[:0])
		n += len(buf)
	}
	return n
}

// replay is an actor finder that returns what a real one found before, in
// the same order: it lets the benchmark time the coder without the actor
// lookup.
type replay struct {
	found [][]code.ActorMatch
	i     int
}

func (r *replay) find(_ string, _ time.Time, dst []code.ActorMatch) []code.ActorMatch {
	m := r.found[r.i%len(r.found)]
	r.i++
	return append(dst, m...)
}

// BenchmarkCode codes the sentences of the news corpus: with the real
// actor dictionary ("full"), and with the actors of each sentence replayed
// ("coder"), which times the coder's own work.
func BenchmarkCode(b *testing.B) {
	docs := benchDocs(b, 1<<30)
	nsent := countSentences(docs)
	find := actorFinder(b)

	var rec replay
	recorder := func(s string, date time.Time, dst []code.ActorMatch) []code.ActorMatch {
		start := len(dst)
		dst = find(s, date, dst)
		rec.found = append(rec.found, append([]code.ActorMatch(nil), dst[start:]...))
		return dst
	}
	c, err := code.New(code.Options{Actors: recorder})
	if err != nil {
		b.Fatal(err)
	}
	events := 0
	for _, d := range docs {
		events += len(c.Code(d).Events)
	}

	run := func(b *testing.B, c *code.Coder, reset func()) {
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			reset()
			for _, d := range docs {
				c.Code(d)
			}
		}
		b.StopTimer()
		sec := b.Elapsed().Seconds() / float64(b.N)
		b.ReportMetric(float64(nsent)/sec, "sentences/s")
		b.ReportMetric(float64(testing.AllocsPerRun(1, func() {
			reset()
			for _, d := range docs {
				c.Code(d)
			}
		}))/float64(nsent), "allocs/sentence")
		b.ReportMetric(0, "ns/op")
	}
	b.Run("coder", func(b *testing.B) {
		rp := &replay{found: rec.found}
		c, err := code.New(code.Options{Actors: rp.find})
		if err != nil {
			b.Fatal(err)
		}
		run(b, c, func() { rp.i = 0 })
	})
	b.Run("full", func(b *testing.B) {
		c, err := code.New(code.Options{Actors: find})
		if err != nil {
			b.Fatal(err)
		}
		run(b, c, func() {})
	})
	b.Logf("%d documents, %d sentences, %d events", len(docs), nsent, events)
}
