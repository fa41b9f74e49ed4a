package queue_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/georisk/georisk/internal/queue"
)

// A worker reads, handles and settles messages; a handler error asks for a
// redelivery, and after MaxDeliver attempts the message is a dead letter.
func Example() {
	ctx := context.Background()
	q := queue.NewMemory(queue.Options{MaxDeliver: 2, Backoff: []time.Duration{time.Millisecond}})
	defer q.Close()

	_ = q.Publish(ctx, "georisk.fetch", "doc-1", []byte("https://example.org/a"))
	_ = q.Publish(ctx, "georisk.fetch", "doc-1", []byte("https://example.org/a")) // same ID: enqueued once
	_ = q.Publish(ctx, "georisk.fetch", "doc-2", []byte("not a URL"))

	for range 3 { // doc-1 once, doc-2 twice
		m, ack, err := q.Read(ctx)
		if err != nil {
			return
		}
		var herr error
		if m.ID == "doc-2" {
			herr = errors.New("bad URL")
		}
		fmt.Printf("%s attempt %d: %v\n", m.ID, m.Attempt, herr)
		_ = ack(ctx, herr)
	}
	for _, d := range q.DeadLetters() {
		fmt.Printf("dead letter %s after %d attempts: %s\n", d.Msg.ID, d.Msg.Attempt, d.Err)
	}
	// Output:
	// doc-1 attempt 1: <nil>
	// doc-2 attempt 1: bad URL
	// doc-2 attempt 2: bad URL
	// dead letter doc-2 after 2 attempts: bad URL
}
