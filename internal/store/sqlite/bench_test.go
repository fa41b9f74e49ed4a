package sqlite

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/extract/fingerprint"
)

const benchCorpus = "../../../../shared/bench/news_corpus.jsonl.gz"

// corpusDocs reads the benchmark corpus into documents ready to store.
func corpusDocs(b *testing.B) []*event.Document {
	f, err := os.Open(benchCorpus)
	if err != nil {
		b.Skipf("benchmark corpus %s absent (it lives in ../shared): %v", benchCorpus, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		b.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	var docs []*event.Document
	for sc.Scan() {
		var r struct{ ID, Title, Text, Source string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		fp := fingerprint.Compute(r.Text)
		docs = append(docs, &event.Document{
			Key: "id:" + r.Source + ":" + r.ID, SourceID: r.ID, Source: r.Source, Title: r.Title, Body: r.Text,
			Format: "jsonl", Lang: "en", Raw: append([]byte(nil), sc.Bytes()...), RawType: "application/json",
			TextHash: fp.Hash, MinHash: fp.MinHash,
		})
	}
	return docs
}

// BenchmarkPutDocs stores the benchmark corpus in batches of 500: the
// writer's share of an ingest.
func BenchmarkPutDocs(b *testing.B) {
	docs := corpusDocs(b)
	for b.Loop() {
		b.StopTimer()
		s, err := Open(b.Context(), filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		batch := 500
		if v, err := strconv.Atoi(os.Getenv("BATCH")); err == nil {
			batch = v
		}
		for i := 0; i < len(docs); i += batch {
			if _, err := s.PutDocs(b.Context(), docs[i:min(i+batch, len(docs))]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(docs)*b.N)/b.Elapsed().Seconds(), "docs/s")
}

// BenchmarkRebuildPhases rebuilds the rollups of the database in
// GEORISK_BENCH_DB (made by internal/analyze's benchmarks with
// GEORISK_BENCH_EVENTS) and reports the seconds of each phase: reading
// the events, sorting the cells, writing them by pair, by day, and the
// commit.
func BenchmarkRebuildPhases(b *testing.B) {
	file := os.Getenv("GEORISK_BENCH_DB")
	if file == "" {
		b.Skip("set GEORISK_BENCH_DB to a database of generated events (see internal/analyze's BenchmarkSeries10M)")
	}
	s, err := Open(b.Context(), file)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	sum := map[string]time.Duration{}
	var last time.Time
	s.rebuildPhase = func(name string) {
		sum[name] += time.Since(last)
		last = time.Now()
	}
	for b.Loop() {
		last = time.Now()
		if _, err := s.RebuildRollups(b.Context()); err != nil {
			b.Fatal(err)
		}
	}
	for _, name := range []string{"read", "sort", "cells", "days", "commit"} {
		b.ReportMetric(sum[name].Seconds()/float64(b.N), name+"_s")
	}
}
