// Package queue is georisk's work queue: at-least-once delivery with explicit
// acknowledgement.
//
// A producer publishes a message under an ID; a worker reads it, does the
// work and settles it with the [AckFunc] that came with it. A message that is
// not acknowledged (the handler failed, the worker crashed, or it took longer
// than [Options.AckWait]) is delivered again, to this worker or another one,
// with [Msg.Attempt] counting the deliveries. After [Options.MaxDeliver]
// attempts the message is moved to the dead-letter subject together with the
// last error, and the rest of the queue flows on.
//
// The shape follows Benthos' input contract (Read returns a message and a
// function to acknowledge it), so a worker loop is:
//
//	for {
//		m, ack, err := q.Read(ctx)
//		if err != nil {
//			return err // ctx done or queue closed
//		}
//		err = handle(ctx, m)
//		if err := ack(ctx, err); err != nil {
//			log.Warn("settling message", "id", m.ID, "err", err)
//		}
//	}
//
// # Guarantees
//
// Delivery is at least once, not exactly once: a message can be handled more
// than once (a worker dies after doing the work but before its
// acknowledgement arrives, a connection drops, the acknowledgement wait
// expires while the handler is still running). Handlers must therefore be
// idempotent, keyed by [Msg.ID]; georisk's store writes are. Order is not
// guaranteed once several readers or redeliveries are involved.
//
// Publishing the same ID twice within [Options.DedupWindow] enqueues the
// message once; outside the window it enqueues it again.
//
// # Implementations
//
// [Memory] is in-process, for tests and the single-binary mode; its messages
// live as long as the process. [NATS] stores them in a NATS JetStream stream,
// so any number of worker processes on any number of machines share the
// work and nothing is lost when a worker or the server restarts. Both pass
// the same conformance tests.
package queue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Msg is one delivery of a queued message.
type Msg struct {
	// ID is the ID it was published with; it is the key for idempotent
	// handling.
	ID string
	// Subject is the subject it was published to.
	Subject string
	// Data is the payload. The reader owns it.
	Data []byte
	// Attempt counts deliveries of this message: 1 on the first delivery.
	Attempt int
}

// AckFunc settles a message: a nil error acknowledges it; a non-nil error
// asks for redelivery (after the [Options.Backoff] delay), and after
// [Options.MaxDeliver] attempts the message goes to the dead-letter subject
// with the error's text.
//
// It returns an error when the settlement could not be recorded (the
// connection is down, ctx ended, the queue is closed); the message is then
// delivered again after [Options.AckWait], so the handler's work may be done
// twice. It may be called again after an error; once it has returned nil,
// later calls do nothing and return nil. It is safe to call from any
// goroutine.
type AckFunc func(ctx context.Context, err error) error

// ErrClosed is returned (wrapped) by Read, Publish and AckFunc after Close.
var ErrClosed = errors.New("queue closed")

// Queue is a work queue with at-least-once delivery.
//
// All methods are safe for concurrent use; several goroutines (and, for
// [NATS], several processes) reading the same queue compete for messages,
// and each delivery goes to one reader.
type Queue interface {
	// Publish enqueues data under id on subject, which must match one of
	// [Options.Subjects]. The id deduplicates: publishing the same id twice
	// within [Options.DedupWindow] enqueues it once, and the second call
	// returns nil. id must not be empty. Publish returns once the message
	// is stored; an implementation with a network retries while it is
	// disconnected, until ctx ends.
	Publish(ctx context.Context, subject, id string, data []byte) error

	// Read blocks until a message is available, ctx is done (it returns
	// ctx.Err()) or the queue is closed (it returns an error wrapping
	// [ErrClosed]). Every message returned must be settled with its
	// AckFunc; one that is not is redelivered after [Options.AckWait].
	Read(ctx context.Context) (*Msg, AckFunc, error)

	// Close stops reading and releases resources. Blocked Reads return
	// [ErrClosed]. Messages read but not yet acknowledged are redelivered
	// (to other readers) later. Close is idempotent.
	Close() error
}

// DeadLetter is a message that failed [Options.MaxDeliver] times.
type DeadLetter struct {
	// Msg is the message as last delivered; Msg.Attempt is the number of
	// deliveries it had.
	Msg Msg
	// Err is the text of the last error, or a note that the message was
	// never acknowledged.
	Err string
	// Time is when the message was dead-lettered.
	Time time.Time
}

// Defaults of [Options].
const (
	DefaultStream      = "GEORISK"
	DefaultSubjects    = "georisk.>"
	DefaultConsumer    = "workers"
	DefaultMaxDeliver  = 5
	DefaultAckWait     = 30 * time.Second
	DefaultDedupWindow = 2 * time.Minute
	DefaultPrefetch    = 8

	// DefaultDeadLetter is outside DefaultSubjects on purpose: JetStream
	// does not let two streams share subjects, and a dead letter inside
	// the work subjects would be read again as work.
	DefaultDeadLetter = "dead.georisk"
)

// DefaultBackoff is the default for [Options.Backoff].
var DefaultBackoff = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second, 2 * time.Minute}

// Options configure a queue. The zero value selects every default.
type Options struct {
	// Stream names the JetStream stream holding the work (default
	// "GEORISK"). The dead letters go to a second stream named Stream +
	// "_DEAD". Memory ignores it.
	Stream string
	// Subjects are the subjects (NATS wildcards allowed) that Publish
	// accepts (default "georisk.>").
	Subjects []string
	// Consumer is the durable consumer name that all workers share
	// (default "workers"). Memory ignores it.
	Consumer string
	// MaxDeliver is how many deliveries a message gets before it goes to
	// the dead-letter subject (default 5).
	MaxDeliver int
	// AckWait is how long a delivered message may stay unsettled before it
	// is delivered again (default 30s). A handler that may run longer must
	// not rely on its acknowledgement arriving in time.
	AckWait time.Duration
	// Backoff lists the delays before the first, second, … redelivery of a
	// message whose handler failed; the last one repeats (default 1s, 5s,
	// 30s, 2m). It does not apply to messages that were never settled:
	// those come back after AckWait.
	Backoff []time.Duration
	// DeadLetter is the subject failed messages are moved to (default
	// "dead.georisk"). It must not match Subjects.
	DeadLetter string
	// DedupWindow is how long a published ID is remembered for
	// deduplication (default 2m).
	DedupWindow time.Duration
	// Prefetch is how many messages a NATS reader buffers ahead of Read
	// (default 8). Buffered messages count as delivered: their AckWait
	// runs. Memory ignores it.
	Prefetch int
	// Logger receives connection events and retries (default: discard).
	Logger *slog.Logger
}

// withDefaults returns o with zero fields set to their defaults.
func (o Options) withDefaults() Options {
	if o.Stream == "" {
		o.Stream = DefaultStream
	}
	if len(o.Subjects) == 0 {
		o.Subjects = []string{DefaultSubjects}
	}
	if o.Consumer == "" {
		o.Consumer = DefaultConsumer
	}
	if o.MaxDeliver <= 0 {
		o.MaxDeliver = DefaultMaxDeliver
	}
	if o.AckWait <= 0 {
		o.AckWait = DefaultAckWait
	}
	if len(o.Backoff) == 0 {
		o.Backoff = DefaultBackoff
	}
	if o.DeadLetter == "" {
		o.DeadLetter = DefaultDeadLetter
	}
	if o.DedupWindow <= 0 {
		o.DedupWindow = DefaultDedupWindow
	}
	if o.Prefetch <= 0 {
		o.Prefetch = DefaultPrefetch
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	o.Logger = o.Logger.With("component", "queue")
	return o
}

// validate reports configuration errors. It expects defaults applied.
func (o Options) validate() error {
	for _, name := range []string{o.Stream, o.Consumer} {
		if name == "" || strings.ContainsAny(name, ".*>/\\") || strings.ContainsFunc(name, unicode.IsSpace) {
			return fmt.Errorf("invalid stream or consumer name %q", name)
		}
	}
	for _, s := range o.Subjects {
		if !validSubject(s, true) {
			return fmt.Errorf("invalid subject %q", s)
		}
		if matchSubject(s, o.DeadLetter) {
			return fmt.Errorf("dead-letter subject %q matches work subject %q", o.DeadLetter, s)
		}
	}
	if !validSubject(o.DeadLetter, false) {
		return fmt.Errorf("invalid dead-letter subject %q", o.DeadLetter)
	}
	for _, d := range o.Backoff {
		if d < 0 {
			return fmt.Errorf("negative backoff %s", d)
		}
	}
	return nil
}

// checkPublish validates the arguments of Publish.
func (o Options) checkPublish(subject, id string) error {
	if id == "" {
		return errors.New("publishing: empty message id")
	}
	if !validSubject(subject, false) {
		return fmt.Errorf("publishing %s: invalid subject %q", id, subject)
	}
	for _, s := range o.Subjects {
		if matchSubject(s, subject) {
			return nil
		}
	}
	return fmt.Errorf("publishing %s: subject %q is not one of the queue's subjects %v", id, subject, o.Subjects)
}

// backoff returns the delay before redelivering a message that failed on
// the given attempt.
func (o Options) backoff(attempt int) time.Duration {
	i := min(max(attempt-1, 0), len(o.Backoff)-1)
	return o.Backoff[i]
}

// validSubject reports whether s is a NATS subject: dot-separated non-empty
// tokens without white space; with wildcards, a token may be "*" and the
// last one ">".
func validSubject(s string, wildcards bool) bool {
	if s == "" || strings.ContainsFunc(s, unicode.IsSpace) {
		return false
	}
	toks := strings.Split(s, ".")
	for i, t := range toks {
		switch {
		case t == "":
			return false
		case t == "*" || t == ">":
			if !wildcards || t == ">" && i != len(toks)-1 {
				return false
			}
		case strings.ContainsAny(t, "*>"):
			return false
		}
	}
	return true
}

// matchSubject reports whether subject matches pattern, which may hold the
// NATS wildcards "*" (one token) and ">" (one or more trailing tokens).
func matchSubject(pattern, subject string) bool {
	pt := strings.Split(pattern, ".")
	st := strings.Split(subject, ".")
	for i, p := range pt {
		if p == ">" {
			return len(st) > i
		}
		if i >= len(st) || p != "*" && p != st[i] {
			return false
		}
	}
	return len(pt) == len(st)
}

// settleOnce wraps f so that calls after a successful one do nothing.
func settleOnce(f AckFunc) AckFunc {
	var mu sync.Mutex
	done := false
	return func(ctx context.Context, err error) error {
		mu.Lock()
		defer mu.Unlock()
		if done {
			return nil
		}
		if e := f(ctx, err); e != nil {
			return e
		}
		done = true
		return nil
	}
}
