// Package ingest is the pipeline from raw items to stored documents: it
// extracts articles from items in parallel, fingerprints them, and writes
// them to a store in batches. It never drops an item silently: each one ends
// up stored, recognised as already stored, or reported as a failure.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/store"
)

// DocSink is where the pipeline writes documents. PutDocs must be atomic per
// call and idempotent by document key (see store.Docs).
type DocSink interface {
	PutDocs(ctx context.Context, docs []*event.Document) ([]store.PutResult, error)
}

// CodedSink is where the pipeline writes what the coder found; a DocSink
// that also implements it gets coded results (see store.Coded).
type CodedSink interface {
	PutCoded(ctx context.Context, docs []store.CodedDoc) error
}

// CodeFunc codes one document: its events, quotes and judgments. It runs in
// the extraction goroutines, so it must be safe for concurrent use.
type CodeFunc func(d *event.Document) store.CodedDoc

// Producer reads items and reports them with emit, and inputs or records it
// cannot read with fail. It returns when its inputs are exhausted, when ctx
// is done, or with the error emit returned. source.Read, bound to its inputs,
// is a Producer.
type Producer func(ctx context.Context, emit func(source.Item) error, fail func(source.Failure)) error

// Options tune a pipeline. Zero values get defaults.
type Options struct {
	Workers    int           // extraction goroutines; default GOMAXPROCS
	BatchSize  int           // most documents per store transaction; default 2000
	BatchBytes int           // most text and raw bytes per transaction; default 16 MB
	MaxDelay   time.Duration // longest a document waits for its batch; default 500ms
	Logger     *slog.Logger

	// OnFailure is called, from one goroutine at a time, for each input or
	// item that failed; OnWarning for each non-fatal note. Both may be nil.
	OnFailure func(source.Failure)
	OnWarning func(input, msg string)
	// OnProgress is called, from the writing goroutine, after each batch.
	OnProgress func(Summary)

	// Code, when set, codes every new document; the sink must then be a
	// CodedSink too.
	Code CodeFunc
}

// Summary counts what a run did.
type Summary struct {
	Seen      int // items read plus inputs that failed
	New       int // documents stored by this run
	Copies    int // of New, those that copy a story already stored or seen
	Duplicate int // items already stored: nothing written
	Failed    int
	Warnings  int
	Events    int   // events coded from the new documents
	Bytes     int64 // raw bytes of the items read
	Elapsed   time.Duration
}

// DocsPerSec is the rate of items processed.
func (s Summary) DocsPerSec() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Seen) / s.Elapsed.Seconds()
}

func (s Summary) String() string {
	return fmt.Sprintf("seen %d, new %d (%d copies of stories already seen), duplicate %d (already stored), failed %d, events %d, %.1fs, %.0f docs/s",
		s.Seen, s.New, s.Copies, s.Duplicate, s.Failed, s.Events, s.Elapsed.Seconds(), s.DocsPerSec())
}

// Pipeline runs producers into a sink.
type Pipeline struct {
	sink DocSink
	opt  Options
	now  func() time.Time
}

// New returns a pipeline writing to sink.
func New(sink DocSink, opt Options) *Pipeline {
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.BatchSize <= 0 {
		// Large transactions cost SQLite's full-text index far less
		// than small ones (one flush and merge each): 2000 stores the
		// benchmark corpus 25% faster than 500.
		opt.BatchSize = 2000
	}
	if opt.BatchBytes <= 0 {
		opt.BatchBytes = 16 << 20
	}
	if opt.MaxDelay <= 0 {
		opt.MaxDelay = 500 * time.Millisecond
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{sink: sink, opt: opt, now: time.Now}
}

type result struct {
	doc   *event.Document
	coded *store.CodedDoc
	fail  *source.Failure
	warn  string
	in    string
	size  int
}

// Run reads everything produce yields and stores it. When ctx is cancelled it
// stops reading, and stores every item that produce already handed over
// (emit returned nil) before returning ctx's error with the summary:
// everything counted as new is committed, and a producer may treat an item
// whose emit succeeded as taken (for example to remember a feed's ETag). A
// store error stops the run; failures of single inputs do not.
func (p *Pipeline) Run(ctx context.Context, produce Producer) (Summary, error) {
	start := p.now()
	items := make(chan source.Item, 4*p.opt.Workers)
	results := make(chan result, 4*p.opt.Workers)

	// Reading stops when the run is cancelled or the store fails (stop);
	// extraction and storing then drain what was read.
	rctx, stop := context.WithCancel(ctx)
	defer stop()

	var prodErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(items)
		emit := func(it source.Item) error {
			select {
			case items <- it:
				return nil
			case <-rctx.Done():
				return rctx.Err()
			}
		}
		fail := func(f source.Failure) { results <- result{fail: &f, in: f.Input} }
		prodErr = produce(rctx, emit, fail)
	}()
	var workers sync.WaitGroup
	for range p.opt.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for it := range items {
				r := result{in: it.Input, warn: it.Warn, size: len(it.Raw)}
				doc, err := Build(it, start)
				if err != nil {
					r.fail = &source.Failure{Input: it.Input, Err: err}
				} else {
					r.doc = doc
					if p.opt.Code != nil {
						c := p.opt.Code(doc)
						r.coded = &c
					}
				}
				results <- r
			}
		}()
	}
	go func() {
		wg.Wait()
		workers.Wait()
		close(results)
	}()

	// The writer stores batches while the loop below goes on collecting
	// the next one, so extraction never waits for SQL. Batches already
	// handed over are stored even when ctx is cancelled (each is one short
	// transaction): cancellation stops intake, not storage.
	var mu sync.Mutex // guards sum
	var sum Summary
	batches := make(chan batch, 1)
	writeErr := make(chan error, 1)
	wctx := context.WithoutCancel(ctx)
	go func() {
		var err error
		for b := range batches {
			if err != nil {
				continue // drain after a failure
			}
			var res []store.PutResult
			var events int
			res, events, err = p.store(wctx, b)
			if err != nil {
				stop()
				continue
			}
			mu.Lock()
			sum.Events += events
			for _, r := range res {
				switch r.Status {
				case store.Added:
					sum.New++
				case store.Copied:
					sum.New++
					sum.Copies++
				case store.Exists:
					sum.Duplicate++
				}
			}
			sum.Elapsed = p.now().Sub(start)
			snap := sum
			mu.Unlock()
			if p.opt.OnProgress != nil {
				p.opt.OnProgress(snap)
			}
		}
		writeErr <- err
	}()

	var cur batch
	batchBytes := 0
	send := func() {
		if len(cur.docs) > 0 {
			batches <- cur
			cur, batchBytes = batch{}, 0
		}
	}
	timer := time.NewTimer(p.opt.MaxDelay)
	defer timer.Stop()
	done := ctx.Done()
loop:
	for {
		select {
		case r, ok := <-results:
			if !ok {
				break loop
			}
			mu.Lock()
			sum.Seen++
			sum.Bytes += int64(r.size)
			if r.warn != "" {
				sum.Warnings++
			}
			if r.fail != nil {
				sum.Failed++
			}
			mu.Unlock()
			if r.warn != "" && p.opt.OnWarning != nil {
				p.opt.OnWarning(r.in, r.warn)
			}
			if r.fail != nil {
				p.opt.Logger.Debug("input failed", slog.String("input", r.fail.Input), slog.Any("error", r.fail.Err))
				if p.opt.OnFailure != nil {
					p.opt.OnFailure(*r.fail)
				}
				continue
			}
			if len(cur.docs) == 0 {
				timer.Reset(p.opt.MaxDelay)
			}
			cur.docs = append(cur.docs, r.doc)
			cur.coded = append(cur.coded, r.coded)
			batchBytes += len(r.doc.Body) + len(r.doc.Raw)
			if len(cur.docs) >= p.opt.BatchSize || batchBytes >= p.opt.BatchBytes {
				send()
			}
		case <-timer.C:
			send()
		case <-done:
			// Cancelled: the producer stops, and the results of what it
			// read still arrive until results is closed.
			done = nil
		}
	}
	send()
	close(batches)
	runErr := <-writeErr
	mu.Lock()
	defer mu.Unlock()
	sum.Elapsed = p.now().Sub(start)
	switch {
	case runErr != nil:
		return sum, fmt.Errorf("storing documents: %w", runErr)
	case ctx.Err() != nil:
		return sum, ctx.Err()
	case prodErr != nil && !errors.Is(prodErr, context.Canceled):
		return sum, prodErr
	}
	return sum, nil
}

// batch is what the writer stores in one go: documents and, when coding,
// what was coded from each (nil entries otherwise).
type batch struct {
	docs  []*event.Document
	coded []*store.CodedDoc
}

// store writes a batch: the documents, then the coded results of those that
// were new (a document already stored keeps its coded results). The two are
// separate transactions: a crash between them leaves documents without
// coded results, which "georisk recode" finds and codes (the store records
// which documents were coded).
func (p *Pipeline) store(ctx context.Context, b batch) ([]store.PutResult, int, error) {
	res, err := p.sink.PutDocs(ctx, b.docs)
	if err != nil || p.opt.Code == nil {
		return res, 0, err
	}
	cs, ok := p.sink.(CodedSink)
	if !ok {
		return res, 0, fmt.Errorf("the store cannot keep coded results")
	}
	var coded []store.CodedDoc
	events := 0
	for i, r := range res {
		if r.Status == store.Exists || b.coded[i] == nil {
			continue
		}
		c := *b.coded[i]
		c.DocID = r.ID
		coded = append(coded, c)
		events += len(c.Events)
	}
	if err := cs.PutCoded(ctx, coded); err != nil {
		return res, 0, err
	}
	return res, events, nil
}
