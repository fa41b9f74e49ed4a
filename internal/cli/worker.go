package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/ingest"
	"github.com/georisk/georisk/internal/queue"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
)

// ingestSubject is where ingestion work for a stream is published: the
// stream's lower-cased name, then ".ingest" ("georisk.ingest" for the
// default stream), so that several georisk deployments (or test runs) can
// share a NATS server without their subjects overlapping.
func ingestSubject(stream string) string { return strings.ToLower(stream) + ".ingest" }

// maxQueuedItem bounds a queued item: NATS refuses messages over its
// max_payload (1 MB by default).
const maxQueuedItem = 900 << 10

// queueFlags declares the flags shared by the commands that use the queue.
func queueFlags(fs *flag.FlagSet) (url, stream *string) {
	url = fs.String("queue", "", "NATS URL of the work queue (nats://host:4222); $GEORISK_QUEUE")
	stream = fs.String("queue-stream", queue.DefaultStream, "JetStream stream name")
	return url, stream
}

func openQueue(ctx context.Context, env *Env, url, stream string) (queue.Queue, error) {
	return openQueueWith(ctx, env, url, stream, 0)
}

// openQueueWith opens the queue; ackWait 0 keeps the default.
func openQueueWith(ctx context.Context, env *Env, url, stream string, ackWait time.Duration) (queue.Queue, error) {
	if url == "" {
		url = env.Getenv("GEORISK_QUEUE")
	}
	if url == "" {
		return nil, &UsageError{"no queue: give --queue nats://… or set GEORISK_QUEUE"}
	}
	return queue.OpenNATS(ctx, url, queue.Options{Stream: stream, Subjects: []string{strings.ToLower(stream) + ".>"}, AckWait: ackWait,
		DeadLetter: "dead." + strings.ToLower(stream), Logger: logger(env)})
}

// enqueue reads the inputs here and publishes each item for workers, keyed
// by a hash of its input name and bytes so that publishing it again within
// the queue's dedup window enqueues nothing (and a worker storing it again
// adds nothing either: documents are keyed).
func enqueue(ctx context.Context, env *Env, q queue.Queue, subject string, inputs []string, opt source.Options) (published, failed int, err error) {
	err = source.Read(ctx, inputs, env.Stdin, opt, func(it source.Item) error {
		data, err := json.Marshal(it)
		if err != nil {
			return err
		}
		if len(data) > maxQueuedItem {
			failed++
			fmt.Fprintf(env.Stderr, "georisk: %s: too large for the queue (%d KB > %d KB)\n", it.Input, len(data)>>10, maxQueuedItem>>10)
			return nil
		}
		sum := sha256.Sum256(append([]byte(it.Input+"\x00"), it.Raw...))
		if err := q.Publish(ctx, subject, hex.EncodeToString(sum[:16]), data); err != nil {
			return fmt.Errorf("publishing %s: %w", it.Input, err)
		}
		published++
		return nil
	}, func(f source.Failure) {
		failed++
		fmt.Fprintf(env.Stderr, "georisk: %s\n", failureText(f))
	})
	return published, failed, err
}

func workerCmd() *command {
	return &command{
		name:    "worker",
		args:    "--queue nats://… [--db postgres://…] [flags]",
		summary: "take ingestion work from the queue: extract, code and store",
		help: `Worker reads items that "georisk ingest --queue" or "georisk schedule"
published, extracts, fingerprints and codes them, and stores them, in batches;
each message is acknowledged only after its batch is committed, so a worker
killed mid-batch loses nothing (its messages are delivered again) and
duplicates nothing (documents are keyed). Run any number of workers, on any
number of machines, against one PostgreSQL database. A message that fails
repeatedly goes to the dead-letter subject. SIGINT or SIGTERM finishes the
current batch and stops.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			qurl, stream := queueFlags(fs)
			dicts := dictFlag(fs)
			batchSize := fs.Int("batch", 200, "most messages per store transaction")
			ackWait := fs.Duration("ack-wait", queue.DefaultAckWait, "how long a message may stay unacknowledged before it goes to another worker")
			allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback, private and link-local addresses")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"worker takes no arguments"}
				}
				q, err := openQueueWith(ctx, env, *qurl, *stream, *ackWait)
				if err != nil {
					return err
				}
				defer q.Close()
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				c, err := newCoder(*dicts)
				if err != nil {
					return err
				}
				opt := source.Options{AllowPrivate: *allowPrivate, FetchPages: true, Logger: logger(env),
					Client: source.NewFetcher(source.FetchOptions{AllowPrivate: *allowPrivate, Cache: s})}
				return runWorker(ctx, env, q, s, c, *batchSize, fetcher(opt))
			}
		},
	}
}

type delivery struct {
	msg *queue.Msg
	ack queue.AckFunc
	doc *event.Document
	cd  store.CodedDoc
}

// runWorker processes batches until ctx is done.
func runWorker(ctx context.Context, env *Env, q queue.Queue, s store.Store, c *coder, batchSize int, fetch fetchFunc) error {
	log := logger(env).With(slog.String("component", "worker"))
	// Two stages overlap: this goroutine reads and prepares (extracts,
	// codes) the next batch while the committer stores the previous one
	// and acknowledges it. Messages are still acknowledged only after
	// their batch is committed.
	prepared := make(chan []*delivery, 1)
	committed := make(chan int, 1)
	go func() {
		total := 0
		for ok := range prepared {
			n, err := commitBatch(context.WithoutCancel(ctx), s, ok)
			if err != nil {
				log.Error("storing a batch failed; its messages will be delivered again", slog.Any("error", err))
			}
			total += n
		}
		committed <- total
	}()
	var rerr error
	for {
		batch, err := readBatch(ctx, q, batchSize, 200*time.Millisecond)
		if len(batch) > 0 {
			if ok := prepareBatch(context.WithoutCancel(ctx), c, batch, fetch); len(ok) > 0 {
				prepared <- ok
			}
		}
		if err != nil {
			rerr = err
			break
		}
	}
	close(prepared)
	total := <-committed
	if errors.Is(rerr, context.Canceled) || errors.Is(rerr, queue.ErrClosed) {
		fmt.Fprintf(env.Stderr, "georisk worker: stopped after storing %d new documents\n", total)
		return nil
	}
	return rerr
}

// readBatch reads up to n messages, waiting at most wait for more once it
// has one.
func readBatch(ctx context.Context, q queue.Queue, n int, wait time.Duration) ([]delivery, error) {
	var out []delivery
	for len(out) < n {
		rctx, cancel := ctx, context.CancelFunc(func() {})
		if len(out) > 0 {
			rctx, cancel = context.WithTimeout(ctx, wait)
		}
		m, ack, err := q.Read(rctx)
		cancel()
		if err != nil {
			if len(out) > 0 && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				return out, nil
			}
			return out, err
		}
		out = append(out, delivery{msg: m, ack: ack})
	}
	return out, nil
}

// prepareBatch builds and codes the items of a batch; messages that cannot
// be built are failed here. It is the CPU-bound stage of a worker.
func prepareBatch(ctx context.Context, c *coder, batch []delivery, fetch fetchFunc) []*delivery {
	now := time.Now()
	var ok []*delivery
	for i := range batch {
		d := &batch[i]
		var it source.Item
		if err := json.Unmarshal(d.msg.Data, &it); err != nil {
			d.ack(ctx, fmt.Errorf("message %s is not an ingestion item: %w", d.msg.ID, err))
			continue
		}
		items := []source.Item{it}
		if it.HTML == "" && it.Text == "" && it.URL != "" {
			// A request for a URL (from the API): fetch it here; a
			// feed gives several items, all settled with this message.
			var err error
			if items, err = fetch(ctx, it.URL); err != nil {
				d.ack(ctx, err)
				continue
			}
		}
		var built []*event.Document
		var err error
		for _, x := range items {
			var doc *event.Document
			if doc, err = ingest.Build(x, now); err != nil {
				err = fmt.Errorf("%s: %w", x.Input, err)
				break
			}
			built = append(built, doc)
		}
		if err != nil || len(built) == 0 {
			d.ack(ctx, errors.Join(err, errors.New("no article")))
			continue
		}
		for _, doc := range built {
			ok = append(ok, &delivery{msg: d.msg, ack: d.ack, doc: doc, cd: c.codeDoc(doc)})
		}
	}
	return ok
}

// commitBatch stores prepared documents and their coded results, then
// settles their messages: all acknowledged once committed, all failed (to
// come back) when the store fails.
func commitBatch(ctx context.Context, s store.Store, ok []*delivery) (int, error) {
	docs := make([]*event.Document, len(ok))
	for i, d := range ok {
		docs[i] = d.doc
	}
	settle := func(err error) {
		// Each settlement waits for the server's confirmation: send them
		// concurrently, or a batch spends longer acking than working.
		var wg sync.WaitGroup
		sem := make(chan struct{}, 32)
		for _, d := range ok {
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				d.ack(ctx, err) // acks after the first for one message do nothing
				<-sem
			}()
		}
		wg.Wait()
	}
	if len(docs) == 0 {
		return 0, nil
	}
	res, err := s.PutDocs(ctx, docs)
	if err != nil {
		settle(err)
		return 0, err
	}
	var coded []store.CodedDoc
	n := 0
	for i, r := range res {
		if r.Status == store.Exists {
			continue
		}
		n++
		cd := ok[i].cd
		cd.DocID = r.ID
		coded = append(coded, cd)
	}
	if err := s.PutCoded(ctx, coded); err != nil {
		settle(err)
		return n, err
	}
	settle(nil)
	return n, nil
}

// fetchFunc reads the items behind a URL (a page, or a feed's items).
type fetchFunc func(ctx context.Context, url string) ([]source.Item, error)

func fetcher(opt source.Options) fetchFunc {
	return func(ctx context.Context, url string) ([]source.Item, error) {
		var items []source.Item
		var errs []error
		err := source.Read(ctx, []string{url}, nil, opt, func(it source.Item) error {
			items = append(items, it)
			return nil
		}, func(f source.Failure) { errs = append(errs, f.Err) })
		return items, errors.Join(append(errs, err)...)
	}
}
