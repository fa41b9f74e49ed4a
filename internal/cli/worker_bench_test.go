package cli

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// BenchmarkWorkers measures queue throughput with one and with two worker
// processes: documents of the benchmark corpus are enqueued, then the
// workers extract, code and store them into a fresh PostgreSQL schema. It
// needs GEORISK_TEST_NATS_URL, GEORISK_TEST_PG_URL and ../shared.
func BenchmarkWorkers(b *testing.B) {
	const n = 6000
	in, err := os.Open("../../../shared/bench/news_corpus.jsonl.gz")
	if err != nil {
		b.Skipf("benchmark corpus absent (it lives in ../shared): %v", err)
	}
	zr, _ := gzip.NewReader(in)
	dir := b.TempDir()
	input := filepath.Join(dir, "part.jsonl")
	out, _ := os.Create(input)
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for i := 0; i < n && sc.Scan(); i++ {
		out.Write(sc.Bytes())
		out.Write([]byte{10})
	}
	out.Close()
	in.Close()
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				url, stream := natsStream(b)
				db := pgURL(b)
				bin := buildBinary(b)
				if o, err := exec.Command(bin, "ingest", "--queue", url, "--queue-stream", stream, input).CombinedOutput(); err != nil {
					b.Fatalf("enqueue: %v %s", err, o)
				}
				if o, err := exec.Command(bin, "migrate", "--db", db).CombinedOutput(); err != nil {
					b.Fatalf("migrate: %v %s", err, o)
				}
				b.StartTimer()
				start := time.Now()
				var cmds []*exec.Cmd
				for range workers {
					c := exec.Command(bin, "worker", "--queue", url, "--queue-stream", stream, "--db", db, "--batch", "200")
					if err := c.Start(); err != nil {
						b.Fatal(err)
					}
					cmds = append(cmds, c)
				}
				conn, err := pgx.Connect(b.Context(), db)
				if err != nil {
					b.Fatal(err)
				}
				for countDocs(b, conn) < n {
					time.Sleep(50 * time.Millisecond)
				}
				conn.Close(b.Context())
				elapsed := time.Since(start)
				b.StopTimer()
				for _, c := range cmds {
					c.Process.Kill()
					c.Wait()
				}
				b.ReportMetric(float64(n)/elapsed.Seconds(), "docs/s")
				b.StartTimer()
			}
		})
	}
}

// countDocs counts stored documents with one cheap query.
func countDocs(b *testing.B, conn *pgx.Conn) int {
	var n int
	if err := conn.QueryRow(b.Context(), "SELECT COUNT(*) FROM documents").Scan(&n); err != nil {
		return 0
	}
	return n
}
