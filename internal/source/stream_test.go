package source

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestStreamingMemory reads a generated ~200 MB (decompressed) .jsonl.gz
// and wants the heap to stay small all along: records are streamed, not
// slurped. With -short it reads 20 MB.
func TestStreamingMemory(t *testing.T) {
	size := int64(200 << 20)
	if testing.Short() || raceEnabled {
		size = 20 << 20
	}
	name := filepath.Join(t.TempDir(), "big.jsonl.gz")
	records := writeBigJSONL(t, name, size)

	runtime.GC()
	var peak atomic.Uint64
	sample := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		for {
			p := peak.Load()
			if ms.HeapInuse <= p || peak.CompareAndSwap(p, ms.HeapInuse) {
				return
			}
		}
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				sample()
			}
		}
	})
	n := 0
	start := time.Now()
	err := Read(t.Context(), []string{name}, nil, Options{}, func(it Item) error {
		n++
		if n%5000 == 0 {
			sample()
		}
		return nil
	}, func(f Failure) { t.Errorf("failure: %v", f) })
	close(done)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if n != records {
		t.Errorf("%d items; want %d", n, records)
	}
	const limit = 100 << 20
	t.Logf("%d records, %d MB in %v; peak heap in use %.1f MB", n, size>>20, time.Since(start).Round(time.Millisecond), float64(peak.Load())/(1<<20))
	if p := peak.Load(); p > limit {
		t.Errorf("peak heap in use %d MB; want under %d MB", p>>20, limit>>20)
	}
}

// writeBigJSONL writes about size bytes of JSON Lines, gzipped, to name and
// returns how many records it wrote. One record in 10,000 is 1 MB long.
func writeBigJSONL(tb testing.TB, name string, size int64) int {
	tb.Helper()
	f, err := os.Create(name)
	if err != nil {
		tb.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	w := bufio.NewWriterSize(zw, 1<<20)
	para := strings.Repeat("Negotiators from both sides met again in Doha on Tuesday and said the talks on a prisoner exchange had made progress. ", 16)
	long := strings.Repeat("The foreign ministers spoke by telephone. ", 25000)
	var written int64
	n := 0
	for written < size {
		text := para
		if n%10000 == 9999 {
			text = long
		}
		k, err := fmt.Fprintf(w, `{"id": "gen-%d", "title": "Talks continue, day %d", "date": "2023-09-18T08:00:00Z", "source": "generated", "text": %q}`+"\n", n, n%365, text)
		if err != nil {
			tb.Fatal(err)
		}
		written += int64(k)
		n++
	}
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	return n
}
