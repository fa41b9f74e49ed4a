package postgres

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/extract/fingerprint"
)

const benchCorpus = "../../../../shared/bench/news_corpus.jsonl.gz"

// corpusDocs reads the benchmark corpus into documents ready to store, as
// the SQLite store's benchmark does.
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

func batchSize(def int) int {
	if v, err := strconv.Atoi(os.Getenv("BATCH")); err == nil && v > 0 {
		return v
	}
	return def
}

// BenchmarkPutDocs stores the benchmark corpus in batches of 500 (BATCH
// overrides) into an empty schema: the writer's share of an ingest.
func BenchmarkPutDocs(b *testing.B) {
	serverURL(b)
	docs := corpusDocs(b)
	batch := batchSize(500)
	for b.Loop() {
		b.StopTimer()
		s := open(b, freshSchema(b))
		b.StartTimer()
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

// genEvents makes n GDELT-like events over two years (24 partitions).
func genEvents(n int) []*event.Event {
	actors := []string{"CHNGOV", "USAGOV", "RUSMIL", "FRAGOV", "JPNMIL", "IGOWSTNAT", "PHLMIL", "DEUBUS"}
	codes := []string{"010", "036", "042", "057", "111", "120", "138", "172", "190"}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]*event.Event, n)
	for i := range out {
		src, tgt := actors[i%len(actors)], actors[(i/len(actors)+1)%len(actors)]
		code := codes[i%len(codes)]
		out[i] = &event.Event{
			Origin: "gdelt", OriginID: strconv.Itoa(1_100_000_000 + i), Date: start.AddDate(0, 0, i%730),
			Source: event.Actor{Code: src, Country: src[:3], Name: src, Raw: src},
			Target: event.Actor{Code: tgt, Country: tgt[:3], Name: tgt, Raw: tgt},
			Code:   code, Root: code[:2], Goldstein: float64(i%20) - 10, Quad: 1 + i%4,
			Location: event.Location{Name: "Somewhere, Country", Country: src[:3], ADM1: "XX01", Lat: float64(i%180) - 90,
				Lon: float64(i%360) - 180, HasGeo: true, Precision: "4"},
			URL:      fmt.Sprintf("https://news%d.example/story/%d", i%500, i),
			Mentions: 1 + i%10, Sources: 1 + i%3, Articles: 1 + i%10, Tone: float64(i%100)/10 - 5,
			Updated: start.Add(time.Duration(i) * time.Minute),
			Attrs:   map[string]string{"IsRootEvent": strconv.Itoa(i % 2)},
		}
	}
	return out
}

// BenchmarkPutEvents stores 200k generated events, in calls of 10k (BATCH
// overrides), into an empty schema: a bulk dataset import.
func BenchmarkPutEvents(b *testing.B) {
	serverURL(b)
	const n = 200_000
	batch := batchSize(10_000)
	for b.Loop() {
		b.StopTimer()
		events := genEvents(n)
		s := open(b, freshSchema(b))
		b.StartTimer()
		for i := 0; i < n; i += batch {
			if _, err := s.PutEvents(b.Context(), events[i:min(i+batch, n)]); err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkInsertRows compares the ways of writing new events rows: COPY
// straight into the partitioned table (what PutEvents does), COPY into a
// temporary table then INSERT … SELECT, and a pipelined batch of INSERTs,
// for a few and for many rows. It decides copyMin.
func BenchmarkInsertRows(b *testing.B) {
	serverURL(b)
	s := open(b, freshSchema(b))
	defer s.Close()
	ctx := context.Background()
	for _, rows := range []int{4, 32, 256, 10_000} {
		events := genEvents(rows)
		if err := s.ensurePartitions(ctx, events); err != nil {
			b.Fatal(err)
		}
		data := make([][]any, rows)
		for i, e := range events {
			data[i] = eventRow(e, int64(i+1))
		}
		ways := []struct {
			name  string
			write func(tx pgx.Tx) error
		}{
			{"copy", func(tx pgx.Tx) error {
				_, err := tx.CopyFrom(ctx, pgx.Identifier{"events"}, eventColumns, pgx.CopyFromRows(data))
				return err
			}},
			{"temp+insert", func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `CREATE TEMP TABLE new_events (LIKE events) ON COMMIT DROP`); err != nil {
					return err
				}
				if _, err := tx.CopyFrom(ctx, pgx.Identifier{"new_events"}, eventColumns, pgx.CopyFromRows(data)); err != nil {
					return err
				}
				cols := strings.Join(eventColumns, ", ")
				_, err := tx.Exec(ctx, `INSERT INTO events (`+cols+`) SELECT `+cols+` FROM new_events`)
				return err
			}},
			{"batch", func(tx pgx.Tx) error {
				saved := s.copyMin
				s.copyMin = rows + 1
				defer func() { s.copyMin = saved }()
				return s.insertRows(ctx, tx, "events", eventColumns, data)
			}},
		}
		for _, w := range ways {
			b.Run(fmt.Sprintf("%s/%d", w.name, rows), func(b *testing.B) {
				for b.Loop() {
					tx, err := s.pool.Begin(ctx)
					if err != nil {
						b.Fatal(err)
					}
					if err := w.write(tx); err != nil {
						b.Fatal(err)
					}
					tx.Rollback(ctx) // keep the table empty for the next round
				}
				b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}
