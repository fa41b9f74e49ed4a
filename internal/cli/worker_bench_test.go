package cli

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// BenchmarkWorkers measures queue throughput with one and with two worker
// processes: documents of the benchmark corpus are enqueued, then the
// workers extract, code and store them into a fresh PostgreSQL schema. It
// needs GEORISK_TEST_NATS_URL, GEORISK_TEST_PG_URL and ../shared.
// GEORISK_BENCH_BATCH sets the workers' --batch (default 200). It also
// reports how busy the machine's CPUs were during the run.
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
	batch := "200"
	if v := os.Getenv("GEORISK_BENCH_BATCH"); v != "" {
		batch = v
	}
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
				busy0, all0 := cpuTicks()
				start := time.Now()
				var cmds []*exec.Cmd
				for range workers {
					c := exec.Command(bin, "worker", "--queue", url, "--queue-stream", stream, "--db", db, "--batch", batch)
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
				busy1, all1 := cpuTicks()
				b.StopTimer()
				if all1 > all0 {
					b.ReportMetric(100*float64(busy1-busy0)/float64(all1-all0), "machine-busy-%")
				}
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

// cpuTicks reads the machine's busy (user, nice, system) and total CPU ticks
// from /proc/stat; zeros where it is not there.
func cpuTicks() (busy, total int64) {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	for i, v := range f[1:] {
		n, _ := strconv.ParseInt(v, 10, 64)
		total += n
		if i < 3 {
			busy += n
		}
	}
	return busy, total
}
