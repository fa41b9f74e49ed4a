package queue

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// benchQueue publishes b.N messages of 256 bytes from publishers goroutines
// while readers goroutines consume and acknowledge them, and reports
// messages per second end to end. With prefill, everything is published
// before the clock starts, and only consumption is measured.
func benchQueue(b *testing.B, q Queue, subject string, publishers, readers int, prefill bool) {
	data := []byte(strings.Repeat("x", 256))
	ctx, cancel := context.WithCancel(b.Context())
	defer cancel()
	publish := func() {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range publishers {
			wg.Go(func() {
				for i := int(next.Add(1)) - 1; i < b.N; i = int(next.Add(1)) - 1 {
					if err := q.Publish(ctx, subject, fmt.Sprintf("b%d", i), data); err != nil {
						b.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	if prefill {
		publish()
	}
	var (
		wg   sync.WaitGroup
		seen atomic.Int64
		all  = make(chan struct{})
	)
	b.ResetTimer()
	for range readers {
		wg.Go(func() {
			for {
				_, ack, err := q.Read(ctx)
				if err != nil {
					return
				}
				if err := ack(ctx, nil); err != nil {
					b.Error(err)
					return
				}
				if seen.Add(1) == int64(b.N) {
					close(all)
				}
			}
		})
	}
	if !prefill {
		publish()
	}
	<-all
	b.StopTimer()
	cancel()
	wg.Wait()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
}

func BenchmarkMemory(b *testing.B) {
	for _, c := range []struct{ pub, read int }{{1, 1}, {4, 4}} {
		b.Run(fmt.Sprintf("publishers=%d/readers=%d", c.pub, c.read), func(b *testing.B) {
			q := NewMemory(Options{})
			defer q.Close()
			benchQueue(b, q, "georisk.task", c.pub, c.read, false)
		})
	}
}

func BenchmarkNATS(b *testing.B) {
	url := natsURL(b)
	for _, c := range []struct {
		pub, read, prefetch int
		prefill             bool
	}{
		{1, 1, 8, false},
		{4, 4, 1, false},
		{4, 4, 8, false},
		{4, 4, 64, false},
		{0, 1, 8, true},
		{0, 4, 8, true},
		{0, 4, 64, true},
	} {
		name := fmt.Sprintf("publishers=%d/readers=%d/prefetch=%d", c.pub, c.read, c.prefetch)
		if c.prefill {
			name = fmt.Sprintf("consume-only/readers=%d/prefetch=%d", c.read, c.prefetch)
			c.pub = 4
		}
		b.Run(name, func(b *testing.B) {
			opt := uniqueOptions(b, url, Options{Prefetch: c.prefetch})
			q := openNATS(b, url, opt)
			benchQueue(b, q, strings.TrimSuffix(opt.Subjects[0], ">")+"task", c.pub, c.read, c.prefill)
		})
	}
}
