package source

import (
	"errors"
	"io"
	"sync"
)

// readAhead reads r in a goroutine of its own, a few chunks ahead of its
// consumer, so that decompressing a stream and parsing it use two cores.
// Close must be called; it waits for the goroutine, which owns r until then.
// It is meant for local files, whose reads do not block for long.
type readAhead struct {
	full chan []byte // chunks read
	free chan []byte // chunks to fill
	done chan struct{}
	once sync.Once
	wg   sync.WaitGroup
	cur  []byte // what is left of the chunk being consumed
	buf  []byte // the whole of that chunk
	err  error  // the error that ended r, set before full is closed
}

const (
	readAheadChunk  = 256 << 10
	readAheadChunks = 4
)

func newReadAhead(r io.Reader) *readAhead {
	ra := &readAhead{
		full: make(chan []byte, readAheadChunks),
		free: make(chan []byte, readAheadChunks+1),
		done: make(chan struct{}),
	}
	for range readAheadChunks + 1 {
		ra.free <- make([]byte, readAheadChunk)
	}
	ra.wg.Go(func() {
		defer close(ra.full)
		for {
			var b []byte
			select {
			case b = <-ra.free:
			case <-ra.done:
				return
			}
			n, err := r.Read(b)
			for n == 0 && err == nil {
				n, err = r.Read(b)
			}
			if n > 0 {
				select {
				case ra.full <- b[:n]:
				case <-ra.done:
					return
				}
			}
			if err != nil {
				ra.err = err
				return
			}
		}
	})
	return ra
}

func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.buf != nil {
			ra.free <- ra.buf[:cap(ra.buf)]
			ra.buf = nil
		}
		b, ok := <-ra.full
		if !ok {
			if ra.err == nil {
				return 0, errors.New("read after close")
			}
			return 0, ra.err
		}
		ra.cur, ra.buf = b, b
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops the goroutine and waits for it.
func (ra *readAhead) Close() error {
	ra.once.Do(func() { close(ra.done) })
	ra.wg.Wait()
	return nil
}
