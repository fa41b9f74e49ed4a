package queue

import (
	"container/heap"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// Memory is an in-process [Queue] with the same semantics as [NATS]:
// deduplication by ID, redelivery after a failure (with backoff) or after
// AckWait, and dead letters after MaxDeliver attempts, kept in memory and
// returned by [Memory.DeadLetters]. Messages do not survive the process.
//
// Its methods are safe for concurrent use.
type Memory struct {
	opt Options

	mu       sync.Mutex
	closed   bool
	wake     chan struct{} // closed and replaced when a message becomes ready or on Close
	seq      uint64        // last message sequence
	ready    entryHeap     // waiting for (re)delivery, by due time
	waits    deliveryHeap  // the deliveries in inflight, by ack deadline
	inflight map[uint64]*delivery
	seen     map[string]time.Time // publish time by ID, for deduplication
	seenFIFO []seenID             // the same in publish order, for pruning
	seenHead int                  // seenFIFO[:seenHead] is pruned
	dead     []DeadLetter
}

var _ Queue = (*Memory)(nil)

type entry struct {
	seq     uint64
	msg     Msg // Attempt counts deliveries so far
	due     time.Time
	settled bool
}

// delivery is one delivery of an entry. It is current while
// inflight[e.seq] points to it; a settlement of any other is stale.
type delivery struct {
	e        *entry
	deadline time.Time
	index    int // in Memory.waits, or -1
}

type seenID struct {
	id string
	at time.Time
}

// NewMemory returns an empty in-process queue. Of opt it uses Subjects,
// MaxDeliver, AckWait, Backoff, DeadLetter (the subject recorded on dead
// letters) and DedupWindow. It panics if opt is invalid, as a programming
// error.
func NewMemory(opt Options) *Memory {
	opt = opt.withDefaults()
	if err := opt.validate(); err != nil {
		panic("queue.NewMemory: " + err.Error())
	}
	return &Memory{
		opt:      opt,
		wake:     make(chan struct{}),
		inflight: map[uint64]*delivery{},
		seen:     map[string]time.Time{},
	}
}

// Publish implements [Queue].
func (m *Memory) Publish(ctx context.Context, subject, id string, data []byte) error {
	if err := m.opt.checkPublish(subject, id); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return fmt.Errorf("publishing %s: %w", id, ErrClosed)
	}
	now := time.Now()
	m.pruneSeen(now)
	if _, dup := m.seen[id]; dup {
		return nil
	}
	m.seen[id] = now
	m.seenFIFO = append(m.seenFIFO, seenID{id, now})
	m.seq++
	heap.Push(&m.ready, &entry{
		seq: m.seq,
		msg: Msg{ID: id, Subject: subject, Data: slices.Clone(data)},
		due: now,
	})
	m.signal()
	return nil
}

// Read implements [Queue].
func (m *Memory) Read(ctx context.Context) (*Msg, AckFunc, error) {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		m.mu.Lock()
		if m.closed {
			m.mu.Unlock()
			return nil, nil, fmt.Errorf("reading: %w", ErrClosed)
		}
		now := time.Now()
		m.expire(now)
		if e := m.nextReady(now); e != nil {
			msg, ack := m.deliver(e, now)
			m.mu.Unlock()
			return msg, ack, nil
		}
		// Sleep until something may change: a publish or Close (wake), a
		// delayed redelivery coming due, or an ack deadline passing.
		var next time.Time
		if len(m.ready) > 0 {
			next = m.ready[0].due
		}
		if len(m.waits) > 0 && (next.IsZero() || m.waits[0].deadline.Before(next)) {
			next = m.waits[0].deadline
		}
		wake := m.wake
		m.mu.Unlock()

		var tc <-chan time.Time
		if !next.IsZero() {
			d := max(time.Until(next), time.Millisecond)
			if timer == nil {
				timer = time.NewTimer(d)
			} else {
				timer.Reset(d)
			}
			tc = timer.C
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-wake:
		case <-tc:
		}
	}
}

// nextReady pops the first entry due by now, skipping settled ones.
func (m *Memory) nextReady(now time.Time) *entry {
	for len(m.ready) > 0 {
		e := m.ready[0]
		if e.settled {
			heap.Pop(&m.ready)
			continue
		}
		if e.due.After(now) {
			return nil
		}
		heap.Pop(&m.ready)
		return e
	}
	return nil
}

// deliver marks e in flight and returns its message and settlement.
func (m *Memory) deliver(e *entry, now time.Time) (*Msg, AckFunc) {
	e.msg.Attempt++
	d := &delivery{e: e, deadline: now.Add(m.opt.AckWait)}
	m.inflight[e.seq] = d
	heap.Push(&m.waits, d)
	msg := e.msg
	msg.Data = slices.Clone(e.msg.Data)
	return &msg, settleOnce(func(ctx context.Context, err error) error {
		return m.settle(d, err)
	})
}

// settle records the outcome of delivery d.
func (m *Memory) settle(d *delivery, err error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return fmt.Errorf("settling %s: %w", d.e.msg.ID, ErrClosed)
	}
	e := d.e
	if m.inflight[e.seq] != d {
		// Stale: the ack wait expired and the message was requeued,
		// redelivered or dead-lettered. A success still counts (the work
		// is done, and JetStream accepts it too); a failure is moot.
		if err == nil && !e.settled {
			e.settled = true
			if cur := m.inflight[e.seq]; cur != nil {
				m.drop(cur)
			}
		}
		return nil
	}
	m.drop(d)
	if err == nil {
		e.settled = true
		return nil
	}
	now := time.Now()
	if e.msg.Attempt >= m.opt.MaxDeliver {
		m.bury(e, err.Error(), now)
		return nil
	}
	e.due = now.Add(m.opt.backoff(e.msg.Attempt))
	heap.Push(&m.ready, e)
	m.signal()
	return nil
}

// expire requeues or buries messages whose ack wait has passed.
func (m *Memory) expire(now time.Time) {
	requeued := false
	defer func() {
		if requeued {
			m.signal()
		}
	}()
	for len(m.waits) > 0 && !m.waits[0].deadline.After(now) {
		d := m.waits[0]
		m.drop(d)
		e := d.e
		if e.msg.Attempt >= m.opt.MaxDeliver {
			m.bury(e, notAcked(e.msg.Attempt, m.opt.AckWait), now)
			continue
		}
		e.due = now
		heap.Push(&m.ready, e)
		requeued = true
	}
}

// drop removes the current delivery d from the in-flight set.
func (m *Memory) drop(d *delivery) {
	delete(m.inflight, d.e.seq)
	if d.index >= 0 {
		heap.Remove(&m.waits, d.index)
	}
}

// notAcked is the dead-letter error of a message that was never settled.
func notAcked(attempts int, wait time.Duration) string {
	return fmt.Sprintf("not acknowledged within %s, %d deliveries", wait, attempts)
}

// bury moves e to the dead letters.
func (m *Memory) bury(e *entry, reason string, now time.Time) {
	e.settled = true
	msg := e.msg
	msg.Data = slices.Clone(e.msg.Data)
	m.dead = append(m.dead, DeadLetter{Msg: msg, Err: reason, Time: now})
}

// DeadLetters returns the messages that failed MaxDeliver times, oldest
// first. The caller owns the slice.
func (m *Memory) DeadLetters() []DeadLetter {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.expire(time.Now())
	out := make([]DeadLetter, len(m.dead))
	for i, d := range m.dead {
		d.Msg.Data = slices.Clone(d.Msg.Data)
		out[i] = d
	}
	return out
}

// Close implements [Queue]. Messages still queued are dropped.
func (m *Memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed {
		m.closed = true
		m.signal()
	}
	return nil
}

// signal wakes every blocked Read. Callers hold m.mu.
func (m *Memory) signal() {
	close(m.wake)
	m.wake = make(chan struct{})
}

// pruneSeen forgets IDs published before the dedup window.
func (m *Memory) pruneSeen(now time.Time) {
	cut := now.Add(-m.opt.DedupWindow)
	for m.seenHead < len(m.seenFIFO) && m.seenFIFO[m.seenHead].at.Before(cut) {
		delete(m.seen, m.seenFIFO[m.seenHead].id)
		m.seenFIFO[m.seenHead] = seenID{}
		m.seenHead++
	}
	if m.seenHead > len(m.seenFIFO)/2 {
		m.seenFIFO = slices.Delete(m.seenFIFO, 0, m.seenHead)
		m.seenHead = 0
	}
}

// entryHeap orders entries by due time, then sequence.
type entryHeap []*entry

func (h entryHeap) Len() int { return len(h) }
func (h entryHeap) Less(i, j int) bool {
	if !h[i].due.Equal(h[j].due) {
		return h[i].due.Before(h[j].due)
	}
	return h[i].seq < h[j].seq
}
func (h entryHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *entryHeap) Push(x any)   { *h = append(*h, x.(*entry)) }
func (h *entryHeap) Pop() any {
	old := *h
	n := len(old)
	e := old[n-1]
	old[n-1] = nil
	*h = old[:n-1]
	return e
}

// deliveryHeap orders deliveries by ack deadline.
type deliveryHeap []*delivery

func (h deliveryHeap) Len() int           { return len(h) }
func (h deliveryHeap) Less(i, j int) bool { return h[i].deadline.Before(h[j].deadline) }
func (h deliveryHeap) Swap(i, j int) {
	h[i], h[j] = h[j], h[i]
	h[i].index = i
	h[j].index = j
}
func (h *deliveryHeap) Push(x any) {
	d := x.(*delivery)
	d.index = len(*h)
	*h = append(*h, d)
}
func (h *deliveryHeap) Pop() any {
	old := *h
	n := len(old)
	d := old[n-1]
	d.index = -1
	old[n-1] = nil
	*h = old[:n-1]
	return d
}
