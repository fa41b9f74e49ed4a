package cli

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
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
				for countDocs(b, bin, db) < n {
					time.Sleep(100 * time.Millisecond)
				}
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

// countDocs runs "georisk stats" on db and returns its document count.
func countDocs(b *testing.B, bin, db string) int {
	out, err := exec.Command(bin, "stats", "--json", "--db", db).Output()
	if err != nil {
		return 0
	}
	var st struct{ Documents int }
	json.Unmarshal(out, &st)
	return st.Documents
}
