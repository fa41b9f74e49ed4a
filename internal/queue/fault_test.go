package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// The killed-worker test runs TestHelperWorker in a child process (this
// test binary, re-executed) configured through this environment variable.
const helperEnv = "GEORISK_QUEUE_HELPER"

// helperConfig tells the child worker what to do.
type helperConfig struct {
	URL     string
	Options Options // names and timings; Logger is not sent
	Log     string  // file the worker appends "got|acked|held ID ATTEMPT" lines and "ready" to
	Ack     int     // messages to process and acknowledge
	Hold    int     // then messages to read and never settle
}

// TestHelperWorker is not a test: it is the worker process of
// TestNATSKilledWorker. It acknowledges Ack messages, reads Hold more
// without settling them, writes "ready" and waits to be killed.
func TestHelperWorker(t *testing.T) {
	env := os.Getenv(helperEnv)
	if env == "" {
		t.Skip("helper process for TestNATSKilledWorker")
	}
	var cfg helperConfig
	if err := json.Unmarshal([]byte(env), &cfg); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(cfg.Log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	record := func(format string, args ...any) {
		if _, err := fmt.Fprintf(f, format+"\n", args...); err != nil {
			t.Fatal(err)
		}
	}
	ctx := t.Context()
	q, err := OpenNATS(ctx, cfg.URL, cfg.Options)
	if err != nil {
		t.Fatal(err)
	}
	for i := range cfg.Ack + cfg.Hold {
		m, ack, err := q.Read(ctx)
		if err != nil {
			t.Fatal(err)
		}
		record("got %s %d", m.ID, m.Attempt)
		if i >= cfg.Ack {
			record("held %s %d", m.ID, m.Attempt)
			continue
		}
		if err := ack(ctx, nil); err != nil {
			t.Fatal(err)
		}
		record("acked %s %d", m.ID, m.Attempt)
	}
	record("ready")
	time.Sleep(time.Hour) // mid-batch: the parent kills us here
}

// TestNATSKilledWorker kills a worker process (SIGKILL) that holds
// unacknowledged messages; another worker gets them after AckWait, and
// every message is processed, none lost, none that was acknowledged
// delivered again.
func TestNATSKilledWorker(t *testing.T) {
	url := natsURL(t)
	const (
		n       = 30
		ackWait = time.Second
	)
	opt := uniqueOptions(t, url, Options{AckWait: ackWait, Prefetch: 4})
	opt.Logger = testLogger(t)
	q := openNATS(t, url, opt) // publishes now, reads after the kill
	subject := strings.TrimSuffix(opt.Subjects[0], ">") + "task"
	for i := range n {
		if err := q.Publish(t.Context(), subject, fmt.Sprintf("k%02d", i), []byte(strconv.Itoa(i))); err != nil {
			t.Fatal(err)
		}
	}

	logPath := filepath.Join(t.TempDir(), "worker.log")
	childOpt := opt
	childOpt.Logger = nil
	cfg, err := json.Marshal(helperConfig{URL: url, Options: childOpt, Log: logPath, Ack: 10, Hold: 5})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWorker$", "-test.v")
	cmd.Env = append(os.Environ(), helperEnv+"="+string(cfg))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
	})

	// Wait until the worker is mid-batch, then kill it.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(readFile(t, logPath), "ready") {
		select {
		case err := <-exited:
			t.Fatalf("worker exited early: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("worker not ready after 30s:\n%s", out.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = <-exited
	exited <- err // for the cleanup
	killed := time.Now()
	t.Logf("worker killed: %v", err)

	childAcked, childHeld := map[string]bool{}, map[string]bool{}
	for _, line := range strings.Split(readFile(t, logPath), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) == 3 && f[0] == "acked":
			childAcked[f[1]] = true
		case len(f) == 3 && f[0] == "held":
			childHeld[f[1]] = true
		}
	}
	if len(childAcked) != 10 || len(childHeld) != 5 {
		t.Fatalf("worker acked %d and held %d, want 10 and 5", len(childAcked), len(childHeld))
	}

	// The second worker: this process.
	done := map[string]bool{}
	for id := range childAcked {
		done[id] = true
	}
	var firstHeld time.Duration
	for len(done) < n {
		m, a := read(t, q, 20*time.Second)
		if childAcked[m.ID] {
			t.Errorf("%s was acknowledged by the killed worker but delivered again (attempt %d)", m.ID, m.Attempt)
		}
		if childHeld[m.ID] {
			if m.Attempt < 2 {
				t.Errorf("%s held by the killed worker: Attempt = %d, want ≥ 2", m.ID, m.Attempt)
			}
			if firstHeld == 0 {
				firstHeld = time.Since(killed)
			}
		}
		if done[m.ID] {
			t.Errorf("%s delivered again after it was done", m.ID)
		}
		done[m.ID] = true
		ack(t, a, nil)
	}
	expectEmpty(t, q, 2*ackWait)
	t.Logf("killed worker acked %d, held %d; the other worker finished the remaining %d; first held message back %s after the kill",
		len(childAcked), len(childHeld), n-len(childAcked), firstHeld.Round(time.Millisecond))
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(b)
}

// natsServer is a nats-server process of the test's own, which it may
// kill and restart on the same port and store directory.
type natsServer struct {
	t    *testing.T
	bin  string
	args []string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
}

const natsServerBin = "/usr/sbin/nats-server"

// startNATSServer starts a JetStream server on a free loopback port.
func startNATSServer(t *testing.T) (*natsServer, string) {
	bin := natsServerBin
	if _, err := os.Stat(bin); err != nil {
		if bin, err = exec.LookPath("nats-server"); err != nil {
			t.Skipf("no nats-server binary (%s or on PATH): skipping the server restart test", natsServerBin)
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	dir := t.TempDir()
	s := &natsServer{
		t:    t,
		bin:  bin,
		args: []string{"-js", "-sd", filepath.Join(dir, "store"), "-a", "127.0.0.1", "-p", strconv.Itoa(port)},
		log:  filepath.Join(dir, "server.log"),
	}
	s.start()
	t.Cleanup(s.kill)
	return s, fmt.Sprintf("nats://127.0.0.1:%d", port)
}

func (s *natsServer) start() {
	s.t.Helper()
	f, err := os.OpenFile(s.log, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		s.t.Fatal(err)
	}
	defer f.Close()
	s.cmd = exec.Command(s.bin, s.args...)
	s.cmd.Stdout, s.cmd.Stderr = f, f
	if err := s.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	s.done = make(chan struct{})
	go func(cmd *exec.Cmd, done chan struct{}) {
		_ = cmd.Wait()
		close(done)
	}(s.cmd, s.done)
	// Ready when JetStream answers.
	deadline := time.Now().Add(15 * time.Second)
	for {
		nc, err := nats.Connect("nats://"+net.JoinHostPort("127.0.0.1", s.args[len(s.args)-1]), nats.Timeout(time.Second))
		if err == nil {
			js, _ := jetstream.New(nc)
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			_, err = js.AccountInfo(ctx)
			cancel()
			nc.Close()
			if err == nil {
				return
			}
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("nats-server not ready: %v\n%s", err, readFile(s.t, s.log))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill stops the server with SIGKILL and waits for it to exit.
func (s *natsServer) kill() {
	if s.cmd == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
	s.cmd = nil
}

// TestNATSRestart kills the NATS server in the middle of a run and starts
// it again on the same store: publishers and readers reconnect, every
// message is processed, and none takes effect twice.
func TestNATSRestart(t *testing.T) {
	natsURL(t) // run with the other NATS tests only
	if testing.Short() {
		t.Skip("slow: restarts a NATS server")
	}
	srv, url := startNATSServer(t)
	const n = 300
	opt := Options{
		Logger:     testLogger(t),
		AckWait:    time.Second,
		MaxDeliver: 100, // outlive the outage
		Backoff:    []time.Duration{100 * time.Millisecond},
	}
	q := openNATS(t, url, opt)
	q2 := openNATS(t, url, opt) // a second worker on its own connection

	var (
		mu         sync.Mutex
		effect     = map[string]bool{} // the idempotent store
		deliveries int
		ackErrs    atomic.Int64
		pubErrs    atomic.Int64
	)
	progress := make(chan int, n*4)
	ctx, cancel := context.WithTimeout(t.Context(), 90*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { // producer, spread over the run
		for i := range n {
			pctx, pcancel := context.WithTimeout(ctx, 60*time.Second)
			err := q.Publish(pctx, "georisk.task", fmt.Sprintf("r%03d", i), []byte(strconv.Itoa(i)))
			pcancel()
			if err != nil {
				pubErrs.Add(1)
				t.Errorf("Publish r%03d: %v", i, err)
			}
			time.Sleep(3 * time.Millisecond)
		}
	})
	for r := range 4 {
		rq := []*NATS{q, q2}[r%2]
		wg.Go(func() {
			for {
				m, a, err := rq.Read(ctx)
				if err != nil {
					return
				}
				mu.Lock()
				deliveries++
				effect[m.ID] = true
				k := len(effect)
				mu.Unlock()
				select {
				case progress <- k:
				case <-ctx.Done():
				}
				time.Sleep(time.Millisecond)
				if err := a(ctx, nil); err != nil {
					ackErrs.Add(1) // redelivered later; the store is idempotent
				}
			}
		})
	}

	restarted := false
	var outage time.Duration
	for k := 0; k < n; {
		select {
		case k = <-progress:
		case <-ctx.Done():
			mu.Lock()
			k = len(effect)
			mu.Unlock()
			t.Fatalf("%d of %d messages processed before the deadline\nserver log:\n%s", k, n, readFile(t, srv.log))
		}
		if !restarted && k >= n/3 {
			restarted = true
			start := time.Now()
			srv.kill()
			t.Logf("server killed after %d messages", k)
			time.Sleep(time.Second)
			srv.start()
			outage = time.Since(start)
			t.Logf("server restarted after %s", outage.Round(time.Millisecond))
		}
	}
	// Messages whose acknowledgement was lost in the outage come back
	// after AckWait and are settled then; wait for the stream to empty.
	var left uint64
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		info, err := q.work.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if left = info.State.Msgs; left == 0 {
			break
		}
	}
	cancel()
	wg.Wait()
	if left != 0 {
		t.Errorf("stream holds %d messages after the run, want 0", left)
	}

	mu.Lock()
	defer mu.Unlock()
	if len(effect) != n {
		t.Errorf("%d of %d messages processed", len(effect), n)
	}
	if pubErrs.Load() > 0 {
		t.Errorf("%d publishes failed", pubErrs.Load())
	}
	// Both connections come back, though one may have done all the work
	// after the restart.
	reconnected := func() bool {
		return q.nc.Stats().Reconnects > 0 && q.nc.IsConnected() && q2.nc.Stats().Reconnects > 0 && q2.nc.IsConnected()
	}
	for deadline := time.Now().Add(15 * time.Second); !reconnected() && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	reconnects := q.nc.Stats().Reconnects + q2.nc.Stats().Reconnects
	if !reconnected() {
		t.Errorf("connections reconnected %d and %d times, want both reconnected", q.nc.Stats().Reconnects, q2.nc.Stats().Reconnects)
	}
	t.Logf("%d messages, %d deliveries (%d redelivered), %d failed acks, %d reconnects, outage %s",
		n, deliveries, deliveries-n, ackErrs.Load(), reconnects, outage.Round(time.Millisecond))
}
