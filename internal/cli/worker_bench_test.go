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
// reports how busy the machine's CPUs were during the run and the CPU time
// the workers themselves used per document (the rest is PostgreSQL, NATS
// and the machine). GEORISK_BENCH_DOCS sets how many documents (default
// 6000): more make the workers' fixed start-up cost (dictionaries, connections)
// a smaller share of the figure.
func BenchmarkWorkers(b *testing.B) {
	n := 6000
	if v, err := strconv.Atoi(os.Getenv("GEORISK_BENCH_DOCS")); err == nil && v > 0 {
		n = v
	}
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
				pg0, nats0 := procTicks("postgres"), procTicks("nats-server")
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
				for countDocs(b, conn, n) < n {
					time.Sleep(50 * time.Millisecond)
				}
				conn.Close(b.Context())
				elapsed := time.Since(start)
				busy1, all1 := cpuTicks()
				pg1, nats1 := procTicks("postgres"), procTicks("nats-server")
				b.StopTimer()
				if all1 > all0 {
					b.ReportMetric(100*float64(busy1-busy0)/float64(all1-all0), "machine-busy-%")
				}
				var cpu time.Duration
				for _, c := range cmds {
					c.Process.Kill()
					c.Wait()
					cpu += c.ProcessState.UserTime() + c.ProcessState.SystemTime()
				}
				b.ReportMetric(float64(n)/elapsed.Seconds(), "docs/s")
				b.ReportMetric(float64(cpu.Microseconds())/float64(n), "worker-cpu-us/doc")
				b.ReportMetric(ticksMicros(pg1-pg0)/float64(n), "postgres-cpu-us/doc")
				b.ReportMetric(ticksMicros(nats1-nats0)/float64(n), "nats-cpu-us/doc")
				b.StartTimer()
			}
		})
	}
}

// countDocs counts stored documents. It polls the highest ID first, an
// index lookup, and counts rows only once that reaches want (IDs are drawn
// under the documents lock, so they are dense): a COUNT(*) every 50 ms
// scanned the table and showed up as PostgreSQL time in the figures.
func countDocs(b *testing.B, conn *pgx.Conn, want int) int {
	var n int
	if err := conn.QueryRow(b.Context(), "SELECT COALESCE(MAX(id), 0) FROM documents").Scan(&n); err != nil || n < want {
		return 0
	}
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

// procTicks sums the CPU ticks (user and system) of the running processes
// whose command name is name, read from /proc; 0 where it is not there.
func procTicks(name string) int64 {
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	var sum int64
	for _, p := range dirs {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		s := string(b)
		open, close := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || close < open || s[open+1:close] != name {
			continue
		}
		f := strings.Fields(s[close+1:])
		if len(f) < 13 {
			continue
		}
		u, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		sum += u + st
	}
	return sum
}

// ticksMicros converts clock ticks (USER_HZ, 100 a second on Linux) to
// microseconds.
func ticksMicros(t int64) float64 { return float64(t) * 1e4 }
