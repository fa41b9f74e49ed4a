package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Headers that georisk sets on dead letters, besides Nats-Msg-Id.
const (
	HeaderID       = "Georisk-Id"       // the ID of the failed message
	HeaderSubject  = "Georisk-Subject"  // its subject
	HeaderError    = "Georisk-Error"    // the last error
	HeaderAttempts = "Georisk-Attempts" // how many deliveries it had
)

// Timeouts of single requests to the server; the operations around them
// retry, within the caller's context. A publish whose reply was lost in a
// reconnect is retried after publishTimeout; the retry is deduplicated.
const (
	requestTimeout = 5 * time.Second
	publishTimeout = 2 * time.Second
	retryMin       = 50 * time.Millisecond
	retryMax       = 2 * time.Second
)

// NATS is a [Queue] on NATS JetStream.
//
// Work is kept in a file-backed stream with work-queue retention (a message
// is deleted once acknowledged) and read through one durable pull consumer
// shared by every worker, with explicit acknowledgement, AckWait and
// MaxDeliver. Dead letters go to a second stream, Options.Stream + "_DEAD",
// on Options.DeadLetter, with the error and delivery count in headers
// ([HeaderError], …). A message whose handler keeps failing is
// dead-lettered by the reader on its last attempt; one that is never
// acknowledged at all (its worker keeps crashing) is dead-lettered when the
// server reports that it ran out of deliveries.
//
// The connection is re-established forever after a loss; Read waits
// through it, and Publish retries until its context ends.
//
// Messages are pulled from the server only once Read has been called, and
// then up to [Options.Prefetch] ahead; a process that only publishes holds
// none.
//
// Its methods are safe for concurrent use, and any number of NATS values,
// in any processes, may share the same stream and consumer.
type NATS struct {
	opt    Options
	log    *slog.Logger
	nc     *nats.Conn
	js     jetstream.JetStream
	work   jetstream.Stream
	dead   jetstream.Stream
	cons   jetstream.Consumer
	advSub *nats.Subscription

	msgs      chan jetstream.Msg // from pump to Read
	done      chan struct{}      // closed by Close
	pumpOnce  sync.Once          // starts pump on the first Read, or marks it done on Close
	pumpDone  chan struct{}      // closed when pump has returned
	closeOnce sync.Once
}

var _ Queue = (*NATS)(nil)

// OpenNATS connects to the NATS server at url and creates or updates the
// work stream, its durable consumer and the dead-letter stream described by
// opt. It fails if the server cannot be reached or has no JetStream; once
// open, it reconnects forever.
func OpenNATS(ctx context.Context, url string, opt Options) (*NATS, error) {
	opt = opt.withDefaults()
	if err := opt.validate(); err != nil {
		return nil, fmt.Errorf("opening queue: %w", err)
	}
	n := &NATS{
		opt:      opt,
		log:      opt.Logger.With(slog.String("stream", opt.Stream)),
		msgs:     make(chan jetstream.Msg),
		done:     make(chan struct{}),
		pumpDone: make(chan struct{}),
	}
	log := n.log
	nc, err := nats.Connect(url,
		nats.Name("georisk "+opt.Consumer),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.Timeout(requestTimeout),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				log.Warn("queue disconnected, reconnecting", slog.Any("err", err))
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) {
			log.Info("queue reconnected", slog.String("url", c.ConnectedUrlRedacted()))
		}),
		nats.ClosedHandler(func(*nats.Conn) {
			log.Debug("queue connection closed")
		}),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			log.Warn("queue error", slog.Any("err", err))
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("connecting to NATS at %s: %w", redact(url), err)
	}
	n.nc = nc
	if n.js, err = jetstream.New(nc); err == nil {
		n.work, n.dead, n.cons, err = n.setup(ctx)
	}
	if err == nil {
		n.advSub, err = nc.QueueSubscribe(
			fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.%s", opt.Stream, opt.Consumer),
			opt.Consumer+"-dead", n.onMaxDeliveries)
	}
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("opening queue %s at %s: %w", opt.Stream, redact(url), err)
	}
	return n, nil
}

// setup creates or updates the streams and the consumer. The handles it
// returns refer to them by name, so they stay valid if the streams are
// created again.
func (n *NATS) setup(ctx context.Context) (work, dead jetstream.Stream, cons jetstream.Consumer, err error) {
	o := n.opt
	work, err = n.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        o.Stream,
		Description: "georisk work queue",
		Subjects:    o.Subjects,
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Discard:     jetstream.DiscardNew,
		Duplicates:  o.DedupWindow,
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating stream %s: %w", o.Stream, err)
	}
	dead, err = n.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        o.Stream + "_DEAD",
		Description: "georisk dead letters",
		Subjects:    []string{o.DeadLetter},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  o.DedupWindow,
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating stream %s_DEAD: %w", o.Stream, err)
	}
	cons, err = work.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       o.Consumer,
		Description:   "georisk workers",
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       o.AckWait,
		MaxDeliver:    o.MaxDeliver,
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("creating consumer %s: %w", o.Consumer, err)
	}
	return work, dead, cons, nil
}

// Publish implements [Queue]. The id goes in the Nats-Msg-Id header, which
// JetStream deduplicates on; so a retry after a lost reply is harmless.
func (n *NATS) Publish(ctx context.Context, subject, id string, data []byte) error {
	if err := n.opt.checkPublish(subject, id); err != nil {
		return err
	}
	m := &nats.Msg{Subject: subject, Data: data, Header: nats.Header{}}
	m.Header.Set(jetstream.MsgIDHeader, id)
	if err := n.publish(ctx, m); err != nil {
		return fmt.Errorf("publishing %s to %s: %w", id, subject, err)
	}
	return nil
}

// publish stores m, retrying transient failures until ctx ends.
func (n *NATS) publish(ctx context.Context, m *nats.Msg) error {
	wait := retryMin
	for try := 1; ; try++ {
		if n.closed() {
			return ErrClosed
		}
		rctx, cancel := context.WithTimeout(ctx, publishTimeout)
		_, err := n.js.PublishMsg(rctx, m)
		cancel()
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
		case errors.Is(err, nats.ErrConnectionClosed):
			return ErrClosed
		case permanent(err):
			return err
		}
		n.log.Warn("publish failed, retrying", slog.String("subject", m.Subject),
			slog.Int("try", try), slog.Duration("wait", wait), slog.Any("err", err))
		if !sleep(ctx, n.done, wait) {
			if ctx.Err() != nil {
				return fmt.Errorf("%w (last error: %w)", ctx.Err(), err)
			}
			return ErrClosed
		}
		wait = min(2*wait, retryMax)
	}
}

// permanent reports whether a publish error will not go away by retrying.
func permanent(err error) bool {
	if errors.Is(err, nats.ErrMaxPayload) || errors.Is(err, nats.ErrBadSubject) ||
		errors.Is(err, nats.ErrInvalidMsg) || errors.Is(err, nats.ErrBadHeaderMsg) {
		return true
	}
	var jsErr jetstream.JetStreamError
	if errors.As(err, &jsErr) && jsErr.APIError() != nil {
		return jsErr.APIError().Code == 400
	}
	return false
}

// Read implements [Queue].
func (n *NATS) Read(ctx context.Context) (*Msg, AckFunc, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if n.closed() {
		return nil, nil, fmt.Errorf("reading: %w", ErrClosed)
	}
	// Pull only once somebody reads: a process that only publishes must
	// not hold messages that workers are waiting for.
	n.pumpOnce.Do(func() { go n.pump() })
	select {
	case jm := <-n.msgs:
		return n.wrap(jm)
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	case <-n.done:
		return nil, nil, fmt.Errorf("reading: %w", ErrClosed)
	}
}

// wrap turns a JetStream message into a Msg and its AckFunc.
func (n *NATS) wrap(jm jetstream.Msg) (*Msg, AckFunc, error) {
	attempt, seq := 1, uint64(0)
	if md, err := jm.Metadata(); err == nil {
		attempt, seq = int(md.NumDelivered), md.Sequence.Stream
	}
	m := &Msg{
		ID:      jm.Headers().Get(jetstream.MsgIDHeader),
		Subject: jm.Subject(),
		Data:    jm.Data(),
		Attempt: attempt,
	}
	return m, settleOnce(func(ctx context.Context, herr error) error {
		if err := n.settle(ctx, jm, m, seq, herr); err != nil {
			if n.closed() {
				err = errors.Join(ErrClosed, err)
			}
			return fmt.Errorf("settling %s: %w", m.ID, err)
		}
		return nil
	}), nil
}

// settle acknowledges, naks or dead-letters a delivery.
func (n *NATS) settle(ctx context.Context, jm jetstream.Msg, m *Msg, seq uint64, herr error) error {
	switch {
	case herr == nil:
		return jm.DoubleAck(ctx)
	case m.Attempt < n.opt.MaxDeliver:
		return jm.NakWithDelay(n.opt.backoff(m.Attempt))
	}
	dl := deadLetter(n.opt.DeadLetter, n.opt.Stream, seq, m, herr.Error())
	if err := n.publish(ctx, dl); err != nil {
		return fmt.Errorf("dead-lettering: %w", err)
	}
	n.log.Warn("message dead-lettered", slog.String("id", m.ID),
		slog.Int("attempts", m.Attempt), slog.String("err", herr.Error()))
	return jm.DoubleAck(ctx)
}

// deadLetter builds the dead letter of m, which had stream sequence seq.
func deadLetter(subject, stream string, seq uint64, m *Msg, reason string) *nats.Msg {
	dl := &nats.Msg{Subject: subject, Data: m.Data, Header: nats.Header{}}
	// A retried dead-lettering of the same delivery stores one letter.
	dl.Header.Set(jetstream.MsgIDHeader, fmt.Sprintf("%s.%d", stream, seq))
	dl.Header.Set(HeaderID, m.ID)
	dl.Header.Set(HeaderSubject, m.Subject)
	dl.Header.Set(HeaderError, reason)
	dl.Header.Set(HeaderAttempts, strconv.Itoa(m.Attempt))
	return dl
}

// onMaxDeliveries handles the server's advisory that a message was
// delivered MaxDeliver times without being settled (its worker crashed or
// hung each time): it moves the message to the dead letters.
func (n *NATS) onMaxDeliveries(am *nats.Msg) {
	var adv struct {
		StreamSeq  uint64 `json:"stream_seq"`
		Deliveries int    `json:"deliveries"`
	}
	if err := json.Unmarshal(am.Data, &adv); err != nil {
		n.log.Warn("bad max-deliveries advisory", slog.Any("err", err))
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*requestTimeout)
	defer cancel()
	go func() {
		select {
		case <-n.done:
			cancel()
		case <-ctx.Done():
		}
	}()
	raw, err := n.work.GetMsg(ctx, adv.StreamSeq)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return // settled late, or handled by another instance
	}
	if err != nil {
		n.log.Warn("dead-lettering unacknowledged message", slog.Uint64("seq", adv.StreamSeq), slog.Any("err", err))
		return
	}
	m := &Msg{ID: raw.Header.Get(jetstream.MsgIDHeader), Subject: raw.Subject, Data: raw.Data, Attempt: adv.Deliveries}
	reason := notAcked(adv.Deliveries, n.opt.AckWait)
	if err := n.publish(ctx, deadLetter(n.opt.DeadLetter, n.opt.Stream, adv.StreamSeq, m, reason)); err != nil {
		n.log.Warn("dead-lettering unacknowledged message", slog.String("id", m.ID), slog.Any("err", err))
		return
	}
	if err := n.work.DeleteMsg(ctx, adv.StreamSeq); err != nil && !errors.Is(err, jetstream.ErrMsgNotFound) {
		n.log.Warn("deleting dead-lettered message", slog.String("id", m.ID), slog.Any("err", err))
		return
	}
	n.log.Warn("message dead-lettered", slog.String("id", m.ID), slog.Int("attempts", m.Attempt), slog.String("err", reason))
}

// DeadLetters returns the messages in the dead-letter stream, oldest
// first. It reads them all; it is meant for inspection and tests.
func (n *NATS) DeadLetters(ctx context.Context) ([]DeadLetter, error) {
	info, err := n.dead.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading dead letters: %w", err)
	}
	var out []DeadLetter
	for seq := info.State.FirstSeq; seq > 0 && seq <= info.State.LastSeq; seq++ {
		raw, err := n.dead.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading dead letter %d: %w", seq, err)
		}
		attempts, _ := strconv.Atoi(raw.Header.Get(HeaderAttempts))
		out = append(out, DeadLetter{
			Msg: Msg{
				ID:      raw.Header.Get(HeaderID),
				Subject: raw.Header.Get(HeaderSubject),
				Data:    raw.Data,
				Attempt: attempts,
			},
			Err:  raw.Header.Get(HeaderError),
			Time: raw.Time,
		})
	}
	return out, nil
}

// pump pulls messages from the consumer and hands them to Read, one at a
// time, until Close. It survives lost connections (the iterator re-pulls on
// reconnect) and recreates the consumer if it disappears.
func (n *NATS) pump() {
	defer close(n.pumpDone)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-n.done
		cancel()
	}()

	var it jetstream.MessagesContext
	defer func() {
		if it != nil {
			n.release(it)
		}
	}()
	wait := retryMin
	for {
		if it == nil {
			var err error
			it, err = n.cons.Messages(jetstream.PullMaxMessages(n.opt.Prefetch))
			if err != nil {
				it = nil
				n.log.Warn("starting to read, retrying", slog.Duration("wait", wait), slog.Any("err", err))
				if !sleep(ctx, nil, wait) {
					return
				}
				wait = min(2*wait, retryMax)
				continue
			}
		}
		jm, err := it.Next(jetstream.NextContext(ctx))
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) || errors.Is(err, jetstream.ErrConsumerDeleted) ||
				errors.Is(err, jetstream.ErrBadRequest) {
				// The iterator is dead: recreate the stream and consumer
				// if they are gone, and start again.
				it.Stop()
				it = nil
				n.log.Warn("reading stopped, restarting", slog.Any("err", err))
				if !sleep(ctx, nil, wait) {
					return
				}
				wait = min(2*wait, retryMax)
				sctx, scancel := context.WithTimeout(ctx, 2*requestTimeout)
				if _, _, _, err := n.setup(sctx); err != nil {
					n.log.Warn("recreating stream and consumer", slog.Any("err", err))
				}
				scancel()
				continue
			}
			n.log.Warn("reading", slog.Any("err", err))
			continue
		}
		wait = retryMin
		select {
		case n.msgs <- jm:
		case <-ctx.Done():
			_ = jm.Nak()
			return
		}
	}
}

// release stops the iterator and hands the messages it had buffered back
// to the server, so other readers get them now rather than after AckWait.
func (n *NATS) release(it jetstream.MessagesContext) {
	it.Drain()
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		jm, err := it.Next(jetstream.NextMaxWait(100 * time.Millisecond))
		if err != nil {
			break
		}
		_ = jm.Nak()
	}
	it.Stop()
}

// Close implements [Queue]. Messages buffered but not yet read are handed
// back; messages read but not settled are redelivered after AckWait. Close
// does not wait for AckFuncs in flight; call it after the readers are done.
func (n *NATS) Close() error {
	n.closeOnce.Do(func() {
		close(n.done)
		n.pumpOnce.Do(func() { close(n.pumpDone) })
		<-n.pumpDone
		if n.advSub != nil {
			_ = n.advSub.Unsubscribe()
		}
		_ = n.nc.FlushTimeout(time.Second)
		n.nc.Close()
	})
	return nil
}

func (n *NATS) closed() bool {
	select {
	case <-n.done:
		return true
	default:
		return false
	}
}

// sleep waits for d; it returns false if ctx ended or stop closed first.
// Either may be nil.
func sleep(ctx context.Context, stop <-chan struct{}, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-stop:
		return false
	}
}

// redact hides the password of a URL for messages.
func redact(u string) string {
	if p, err := url.Parse(u); err == nil {
		return p.Redacted()
	}
	return "(unparsable URL)"
}
