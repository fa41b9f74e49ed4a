package queue

import (
	"context"
	"crypto/rand"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// natsURL returns the test server's URL, or skips the test.
func natsURL(t testing.TB) string {
	u := os.Getenv("GEORISK_TEST_NATS_URL")
	if u == "" {
		t.Skip("GEORISK_TEST_NATS_URL is not set: skipping NATS JetStream tests (set it to a server with JetStream, e.g. nats://127.0.0.1:4222)")
	}
	return u
}

// uniqueOptions fills in stream, subject and dead-letter names that no other
// test or run uses, and deletes the streams when the test ends.
func uniqueOptions(t testing.TB, url string, opt Options) Options {
	tag := strings.ToLower(rand.Text()[:10])
	opt.Stream = "QT_" + strings.ToUpper(tag)
	opt.Subjects = []string{"qt" + tag + ".>"}
	opt.DeadLetter = "qt" + tag + "dead"
	t.Cleanup(func() { deleteStreams(t, url, opt.Stream) })
	return opt
}

func deleteStreams(t testing.TB, url, stream string) {
	nc, err := nats.Connect(url)
	if err != nil {
		t.Logf("cleanup: %v", err)
		return
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, s := range []string{stream, stream + "_DEAD"} {
		if err := js.DeleteStream(ctx, s); err != nil {
			t.Logf("cleanup: deleting stream %s: %v", s, err)
		}
	}
}

// openNATS opens a queue on url and closes it when the test ends.
func openNATS(t testing.TB, url string, opt Options) *NATS {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	q, err := OpenNATS(ctx, url, opt)
	if err != nil {
		t.Fatalf("OpenNATS: %v", err)
	}
	t.Cleanup(func() { q.Close() })
	return q
}

func natsHarness(t *testing.T, url string, opt Options) *harness {
	opt.Logger = testLogger(t)
	opt = uniqueOptions(t, url, opt)
	q := openNATS(t, url, opt)
	return &harness{
		q:       q,
		opt:     opt,
		subject: strings.TrimSuffix(opt.Subjects[0], ">") + "task",
		dead: func() []DeadLetter {
			d, err := q.DeadLetters(within(t, 10*time.Second))
			if err != nil {
				t.Fatalf("DeadLetters: %v", err)
			}
			return d
		},
		reopen: func() (Queue, bool) { return openNATS(t, url, opt), true },
	}
}

func TestNATS(t *testing.T) {
	url := natsURL(t)
	testQueue(t, func(t *testing.T, opt Options) *harness { return natsHarness(t, url, opt) })
}

func TestOpenNATSUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	_, err := OpenNATS(ctx, "nats://user:secret@127.0.0.1:1", Options{})
	if err == nil {
		t.Fatal("OpenNATS on a closed port succeeded")
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error shows the password: %v", err)
	}
	t.Log(err)
}

// TestNATSStreamRecreated deletes the stream under a running reader (as a
// server that lost its storage would): the reader recreates the stream and
// consumer and work flows again.
func TestNATSStreamRecreated(t *testing.T) {
	url := natsURL(t)
	h := natsHarness(t, url, Options{})
	publish(t, h, "before", "x")
	_, a := read(t, h.q, 10*time.Second)
	ack(t, a, nil)

	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	if err := js.DeleteStream(t.Context(), h.opt.Stream); err != nil {
		t.Fatal(err)
	}
	publish(t, h, "after", "y") // retries until the reader has recreated the stream
	m, a := read(t, h.q, 20*time.Second)
	if m.ID != "after" {
		t.Errorf("Read = %s, want after", m.ID)
	}
	ack(t, a, nil)
}

// TestNATSCloseLeaks checks that Close stops every goroutine the queue
// started.
func TestNATSCloseLeaks(t *testing.T) {
	url := natsURL(t)
	before := runtime.NumGoroutine()
	opt := uniqueOptions(t, url, Options{})
	ctx := within(t, 10*time.Second)
	q, err := OpenNATS(ctx, url, opt)
	if err != nil {
		t.Fatal(err)
	}
	subject := strings.TrimSuffix(opt.Subjects[0], ">") + "task"
	for i := range 20 {
		if err := q.Publish(ctx, subject, strconv.Itoa(i), nil); err != nil {
			t.Fatal(err)
		}
	}
	_, a, err := q.Read(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := a(ctx, nil); err != nil {
		t.Fatal(err)
	}
	q.Close()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines after Close, %d before:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}
