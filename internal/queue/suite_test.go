package queue

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// harness is one queue under test, opened by an opener.
type harness struct {
	q       Queue
	opt     Options              // as given to the opener, with names filled in
	subject string               // a subject Publish accepts
	dead    func() []DeadLetter  // the dead letters so far
	reopen  func() (Queue, bool) // another handle on the same queue, if the implementation has one
}

// opener opens a fresh, empty queue for one test with opt (names are left
// for the opener to choose) and closes it in t.Cleanup.
type opener func(t *testing.T, opt Options) *harness

// testQueue is the conformance suite every Queue implementation passes.
func testQueue(t *testing.T, open opener) {
	t.Run("PublishReadAck", func(t *testing.T) { testPublishReadAck(t, open) })
	t.Run("Dedup", func(t *testing.T) { testDedup(t, open) })
	t.Run("Nack", func(t *testing.T) { testNack(t, open) })
	t.Run("AckWait", func(t *testing.T) { testAckWait(t, open) })
	t.Run("LateAck", func(t *testing.T) { testLateAck(t, open) })
	t.Run("Poison", func(t *testing.T) { testPoison(t, open) })
	t.Run("NeverAcked", func(t *testing.T) { testNeverAcked(t, open) })
	t.Run("Competing", func(t *testing.T) { testCompeting(t, open, 0) })
	t.Run("CompetingWithFailures", func(t *testing.T) { testCompeting(t, open, 3) })
	t.Run("ReadCancel", func(t *testing.T) { testReadCancel(t, open) })
	t.Run("Close", func(t *testing.T) { testClose(t, open) })
	t.Run("BadPublish", func(t *testing.T) { testBadPublish(t, open) })
}

// within returns a context that ends after d or with the test.
func within(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}

// read reads one message or fails the test.
func read(t *testing.T, q Queue, d time.Duration) (*Msg, AckFunc) {
	t.Helper()
	m, ack, err := q.Read(within(t, d))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return m, ack
}

// expectEmpty checks that nothing is delivered for d.
func expectEmpty(t *testing.T, q Queue, d time.Duration) {
	t.Helper()
	m, _, err := q.Read(within(t, d))
	if err == nil {
		t.Fatalf("Read = message %s (attempt %d), want nothing left", m.ID, m.Attempt)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Read = %v, want context.DeadlineExceeded", err)
	}
}

func publish(t *testing.T, h *harness, id, data string) {
	t.Helper()
	if err := h.q.Publish(within(t, 10*time.Second), h.subject, id, []byte(data)); err != nil {
		t.Fatalf("Publish(%s): %v", id, err)
	}
}

func ack(t *testing.T, a AckFunc, err error) {
	t.Helper()
	if err := a(within(t, 10*time.Second), err); err != nil {
		t.Fatalf("AckFunc: %v", err)
	}
}

func testPublishReadAck(t *testing.T, open opener) {
	h := open(t, Options{})
	const n = 50
	want := map[string]string{}
	for i := range n {
		id, data := fmt.Sprintf("m%03d", i), fmt.Sprintf("payload %d", i)
		want[id] = data
		publish(t, h, id, data)
	}
	got := map[string]string{}
	for range n {
		m, a := read(t, h.q, 10*time.Second)
		if m.Attempt != 1 {
			t.Errorf("%s: Attempt = %d, want 1", m.ID, m.Attempt)
		}
		if m.Subject != h.subject {
			t.Errorf("%s: Subject = %q, want %q", m.ID, m.Subject, h.subject)
		}
		if _, dup := got[m.ID]; dup {
			t.Errorf("%s delivered twice", m.ID)
		}
		got[m.ID] = string(m.Data)
		ack(t, a, nil)
		// A second settlement after a successful one is a no-op.
		if err := a(t.Context(), errors.New("late")); err != nil {
			t.Errorf("second AckFunc call: %v, want nil", err)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages read (-want +got):\n%s", diff)
	}
	expectEmpty(t, h.q, 500*time.Millisecond)
}

func testDedup(t *testing.T, open opener) {
	h := open(t, Options{})
	publish(t, h, "a", "first")
	publish(t, h, "a", "second")
	publish(t, h, "b", "other")
	got := map[string]string{}
	for range 2 {
		m, a := read(t, h.q, 10*time.Second)
		got[m.ID] = string(m.Data)
		ack(t, a, nil)
	}
	want := map[string]string{"a": "first", "b": "other"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages read (-want +got):\n%s", diff)
	}
	expectEmpty(t, h.q, 500*time.Millisecond)
	// The id is remembered after the message is done.
	publish(t, h, "a", "third")
	expectEmpty(t, h.q, 500*time.Millisecond)
}

func testNack(t *testing.T, open opener) {
	const backoff = 200 * time.Millisecond
	h := open(t, Options{Backoff: []time.Duration{backoff}})
	publish(t, h, "n1", "data")
	m, a := read(t, h.q, 10*time.Second)
	if m.Attempt != 1 {
		t.Fatalf("first delivery: Attempt = %d, want 1", m.Attempt)
	}
	nacked := time.Now()
	ack(t, a, errors.New("transient failure"))
	m2, a2 := read(t, h.q, 10*time.Second)
	if took := time.Since(nacked); took < backoff*3/4 {
		t.Errorf("redelivered after %s, want at least the backoff %s", took, backoff)
	}
	want := Msg{ID: "n1", Subject: h.subject, Data: []byte("data"), Attempt: 2}
	if diff := cmp.Diff(want, *m2); diff != "" {
		t.Errorf("redelivery (-want +got):\n%s", diff)
	}
	ack(t, a2, nil)
	expectEmpty(t, h.q, 500*time.Millisecond)
}

func testAckWait(t *testing.T, open opener) {
	const wait = 500 * time.Millisecond
	h := open(t, Options{AckWait: wait})
	publish(t, h, "w1", "data")
	m, _ := read(t, h.q, 10*time.Second) // never settled
	got := time.Now()
	m2, a2 := read(t, h.q, 10*time.Second)
	if took := time.Since(got); took < wait*3/4 {
		t.Errorf("redelivered after %s, want at least AckWait %s", took, wait)
	}
	if m2.ID != m.ID || m2.Attempt != 2 {
		t.Errorf("redelivery = %s attempt %d, want %s attempt 2", m2.ID, m2.Attempt, m.ID)
	}
	ack(t, a2, nil)
	expectEmpty(t, h.q, 2*wait)
}

// testLateAck checks that an acknowledgement arriving after AckWait, when
// the message has been delivered again, still settles it.
func testLateAck(t *testing.T, open opener) {
	const wait = 300 * time.Millisecond
	h := open(t, Options{AckWait: wait})
	publish(t, h, "slow", "data")
	_, a1 := read(t, h.q, 10*time.Second)
	m2, a2 := read(t, h.q, 10*time.Second) // after AckWait
	if m2.Attempt != 2 {
		t.Fatalf("redelivery: Attempt = %d, want 2", m2.Attempt)
	}
	ack(t, a1, nil) // the slow first handler finishes
	ack(t, a2, nil)
	expectEmpty(t, h.q, 3*wait)
	if dead := h.dead(); len(dead) != 0 {
		t.Errorf("dead letters = %+v, want none", dead)
	}
}

// testPoison checks that a message that always fails is dead-lettered
// after MaxDeliver attempts while the others are processed.
func testPoison(t *testing.T, open opener) {
	const maxDeliver = 3
	h := open(t, Options{MaxDeliver: maxDeliver, Backoff: []time.Duration{50 * time.Millisecond}})
	publish(t, h, "poison", "{not json")
	const good = 10
	for i := range good {
		publish(t, h, fmt.Sprintf("g%d", i), "ok")
	}
	done := map[string]bool{}
	poisonTries := 0
	for len(done) < good || poisonTries < maxDeliver {
		m, a := read(t, h.q, 10*time.Second)
		if m.ID == "poison" {
			poisonTries++
			if m.Attempt != poisonTries {
				t.Errorf("poison: Attempt = %d, want %d", m.Attempt, poisonTries)
			}
			ack(t, a, fmt.Errorf("decoding %s: unexpected end of JSON input", m.ID))
			continue
		}
		done[m.ID] = true
		ack(t, a, nil)
	}
	expectEmpty(t, h.q, 500*time.Millisecond)
	dead := h.dead()
	if len(dead) != 1 {
		t.Fatalf("dead letters = %+v, want 1", dead)
	}
	d := dead[0]
	want := Msg{ID: "poison", Subject: h.subject, Data: []byte("{not json"), Attempt: maxDeliver}
	if diff := cmp.Diff(want, d.Msg); diff != "" {
		t.Errorf("dead letter (-want +got):\n%s", diff)
	}
	if !strings.Contains(d.Err, "unexpected end of JSON input") {
		t.Errorf("dead letter error = %q, want the handler's error", d.Err)
	}
	if d.Time.IsZero() {
		t.Error("dead letter has no time")
	}
}

// testNeverAcked checks that a message whose deliveries all time out is
// dead-lettered too.
func testNeverAcked(t *testing.T, open opener) {
	const wait = 300 * time.Millisecond
	h := open(t, Options{MaxDeliver: 2, AckWait: wait})
	publish(t, h, "hang", "data")
	for i := 1; i <= 2; i++ {
		m, _ := read(t, h.q, 10*time.Second)
		if m.Attempt != i {
			t.Fatalf("delivery %d: Attempt = %d", i, m.Attempt)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		expectEmpty(t, h.q, wait)
		dead := h.dead()
		if len(dead) == 1 {
			if d := dead[0]; d.Msg.ID != "hang" || string(d.Msg.Data) != "data" || !strings.Contains(d.Err, "not acknowledged") {
				t.Errorf("dead letter = %+v", d)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("dead letters = %+v, want the unacknowledged message", dead)
		}
	}
}

// testCompeting runs several readers on one queue. With failEvery > 0, the
// first delivery of every failEvery-th message fails; the handler is
// idempotent (a set keyed by ID), so every message takes effect once.
func testCompeting(t *testing.T, open opener, failEvery int) {
	h := open(t, Options{Backoff: []time.Duration{20 * time.Millisecond}})
	const n, readers = 200, 4
	for i := range n {
		publish(t, h, fmt.Sprintf("c%03d", i), fmt.Sprint(i))
	}
	queues := []Queue{h.q}
	if q2, ok := h.reopen(); ok {
		queues = append(queues, q2) // readers on two connections
	}
	var (
		mu         sync.Mutex
		effect     = map[string]int{} // the idempotent store
		deliveries = map[string]int{}
		holders    = map[string]int{} // reader holding each message now
		byReader   = make([]int, readers)
	)
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for r := range readers {
		q := queues[r%len(queues)]
		wg.Go(func() {
			for {
				m, a, err := q.Read(ctx)
				if err != nil {
					return
				}
				mu.Lock()
				deliveries[m.ID]++
				if other, ok := holders[m.ID]; ok {
					t.Errorf("%s delivered to reader %d while reader %d holds it", m.ID, r, other)
				}
				holders[m.ID] = r
				var herr error
				i, _ := strconv.Atoi(string(m.Data))
				if failEvery > 0 && i%failEvery == 0 && m.Attempt == 1 {
					herr = errors.New("flaky")
				} else if _, ok := effect[m.ID]; !ok {
					effect[m.ID] = 1
					byReader[r]++
				}
				delete(holders, m.ID)
				finished := len(effect) == n
				mu.Unlock()
				time.Sleep(time.Millisecond) // work, so that readers take turns
				if err := a(t.Context(), herr); err != nil {
					t.Errorf("AckFunc: %v", err)
				}
				if finished {
					cancel()
				}
			}
		})
	}
	wg.Wait()
	if len(effect) != n {
		t.Fatalf("%d of %d messages took effect", len(effect), n)
	}
	for id, k := range deliveries {
		i, _ := strconv.Atoi(strings.TrimPrefix(id, "c"))
		want := 1
		if failEvery > 0 && i%failEvery == 0 {
			want = 2
		}
		if k != want {
			t.Errorf("%s delivered %d times, want %d", id, k, want)
		}
	}
	busy := 0
	for _, k := range byReader {
		if k > 0 {
			busy++
		}
	}
	if busy < 2 {
		t.Errorf("work by reader = %v, want it shared", byReader)
	}
	t.Logf("work by reader: %v", byReader)
	expectEmpty(t, h.q, 300*time.Millisecond)
}

func testReadCancel(t *testing.T, open opener) {
	h := open(t, Options{})
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 1)
	go func() {
		_, _, err := h.q.Read(ctx)
		errc <- err
	}()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-errc:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Read after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Read did not return after cancel")
	}
	// A cancelled read consumed nothing.
	publish(t, h, "after", "x")
	m, a := read(t, h.q, 10*time.Second)
	if m.ID != "after" || m.Attempt != 1 {
		t.Errorf("Read = %s attempt %d, want after attempt 1", m.ID, m.Attempt)
	}
	ack(t, a, nil)
}

func testClose(t *testing.T, open opener) {
	h := open(t, Options{})
	publish(t, h, "held", "x")
	m, a := read(t, h.q, 10*time.Second)
	errc := make(chan error, 1)
	go func() {
		_, _, err := h.q.Read(t.Context())
		errc <- err
	}()
	time.Sleep(100 * time.Millisecond)
	if err := h.q.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	select {
	case err := <-errc:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("blocked Read after Close = %v, want ErrClosed", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Read did not return after Close")
	}
	if _, _, err := h.q.Read(t.Context()); !errors.Is(err, ErrClosed) {
		t.Errorf("Read after Close = %v, want ErrClosed", err)
	}
	if err := h.q.Publish(t.Context(), h.subject, "late", nil); !errors.Is(err, ErrClosed) {
		t.Errorf("Publish after Close = %v, want ErrClosed", err)
	}
	if err := a(t.Context(), nil); !errors.Is(err, ErrClosed) {
		t.Errorf("AckFunc of %s after Close = %v, want ErrClosed", m.ID, err)
	}
	if err := h.q.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func testBadPublish(t *testing.T, open opener) {
	h := open(t, Options{})
	ctx := within(t, 5*time.Second)
	for _, tc := range []struct {
		name, subject, id string
		reason            string
	}{
		{"empty id", h.subject, "", "an ID is what makes redelivery safe"},
		{"foreign subject", "elsewhere.task", "x", "no stream would store it"},
		{"dead-letter subject", h.opt.DeadLetter, "x", "dead letters are not work"},
		{"wildcard", strings.TrimSuffix(h.subject, "task") + "*", "x", "publishing needs a concrete subject"},
	} {
		if err := h.q.Publish(ctx, tc.subject, tc.id, nil); err == nil {
			t.Errorf("%s: Publish(%q, %q) = nil, want an error (%s)", tc.name, tc.subject, tc.id, tc.reason)
		}
	}
}

// testLogger returns a logger that writes to the test log until the test
// ends, and is silent after (connection handlers run asynchronously).
func testLogger(t testing.TB) *slog.Logger {
	w := &testWriter{t: t}
	t.Cleanup(func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
	})
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return len(p), nil
	}
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = (*testWriter)(nil)
