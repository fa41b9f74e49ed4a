package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"io/fs"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/georisk/georisk/internal/sample"
)

// natsStream returns the NATS URL and a fresh stream name, deleting the
// stream (and its dead letters) after the test; it skips without a server.
func natsStream(t testing.TB) (string, string) {
	u := os.Getenv("GEORISK_TEST_NATS_URL")
	if u == "" {
		t.Skip("GEORISK_TEST_NATS_URL not set: the queue tests need a NATS server with JetStream (.ci/run provides one)")
	}
	name := fmt.Sprintf("CLI%d", rand.Uint64()%1e9)
	t.Cleanup(func() {
		nc, err := nats.Connect(u)
		if err != nil {
			return
		}
		defer nc.Close()
		js, err := jetstream.New(nc)
		if err != nil {
			return
		}
		js.DeleteStream(context.Background(), name)
		js.DeleteStream(context.Background(), name+"_DEAD")
	})
	return u, name
}

func docsIn(t *testing.T, dir, db string) int {
	r := run(t, dir, "", "stats", "--db", db, "--json")
	var st struct{ Documents int }
	json.Unmarshal([]byte(r.stdout), &st)
	return st.Documents
}

// TestQueueEndToEnd enqueues the sample corpus and lets an in-process
// worker store it; enqueuing again adds nothing.
func TestQueueEndToEnd(t *testing.T) {
	url, stream := natsStream(t)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus")
	if err := os.CopyFS(corpus, sampleArticles(t)); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "q.db")
	r := run(t, dir, "", "ingest", "--json", "--queue", url, "--queue-stream", stream, corpus)
	if r.code != 0 || !strings.Contains(r.stdout, `"enqueued": 40`) {
		t.Fatalf("ingest --queue: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
	work := func() {
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan result, 1)
		go func() {
			var out, errb bytes.Buffer
			env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Dir: dir, Getenv: func(string) string { return "" }}
			err := Run(ctx, []string{"worker", "--queue", url, "--queue-stream", stream, "--db", db}, env)
			done <- result{ExitCode(err), out.String(), errb.String()}
		}()
		deadline := time.Now().Add(60 * time.Second)
		for docsIn(t, dir, db) < 40 && time.Now().Before(deadline) {
			time.Sleep(200 * time.Millisecond)
		}
		time.Sleep(500 * time.Millisecond) // let a repeat, if any, arrive
		cancel()
		if w := <-done; w.code != 0 {
			t.Errorf("worker exit %d: %s", w.code, w.stderr)
		}
	}
	work()
	if n := docsIn(t, dir, db); n != 40 {
		t.Fatalf("the worker stored %d documents, want 40", n)
	}
	run(t, dir, "", "ingest", "--queue", url, "--queue-stream", stream, corpus)
	work()
	if n := docsIn(t, dir, db); n != 40 {
		t.Errorf("after enqueuing again: %d documents, want 40", n)
	}
	evs := run(t, dir, "", "stats", "--db", db, "--json")
	if !strings.Contains(evs.stdout, `"coded"`) {
		t.Errorf("the worker coded no events: %s", evs.stdout)
	}
}

// TestWorkerKilled SIGKILLs a worker process mid-run: a second worker gets
// its unacknowledged messages, and every document ends up stored once.
func TestWorkerKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	url, stream := natsStream(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	input := filepath.Join(dir, "many.jsonl")
	f, _ := os.Create(input)
	w := bufio.NewWriter(f)
	const total = 3000
	for i := range total {
		rec, _ := json.Marshal(map[string]string{"id": fmt.Sprint(i), "title": fmt.Sprintf("Report %d", i), "source": "Test Wire",
			"text": fmt.Sprintf("Report %d: officials %d met %d delegates in city %d and agreed %d points.", i, i*7, i*13, i%977, i%31)})
		w.Write(rec)
		w.WriteByte('\n')
	}
	w.Flush()
	f.Close()
	db := filepath.Join(dir, "k.db")
	if out, err := exec.Command(bin, "ingest", "--queue", url, "--queue-stream", stream, input).CombinedOutput(); err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	worker := func() *exec.Cmd {
		c := exec.Command(bin, "worker", "--queue", url, "--queue-stream", stream, "--db", db, "--ack-wait", "2s", "--batch", "100")
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		return c
	}
	first := worker()
	for docsIn(t, dir, db) == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()
	killedAt := docsIn(t, dir, db)
	second := worker()
	deadline := time.Now().Add(90 * time.Second)
	for docsIn(t, dir, db) < total && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	second.Process.Signal(syscall.SIGTERM)
	second.Wait()
	if n := docsIn(t, dir, db); n != total {
		t.Errorf("%d documents stored after the kill (at %d), want %d: none lost, none doubled", n, killedAt, total)
	}
	if killedAt >= total {
		t.Logf("the first worker finished before it was killed; the redelivery path was not exercised")
	}
}

// sampleArticles returns the article folders of the bundled corpus.
func sampleArticles(t *testing.T) fs.FS {
	sub, err := fs.Sub(sample.FS(), ".")
	if err != nil {
		t.Fatal(err)
	}
	return onlyDirs{sub}
}

// onlyDirs hides the top-level files of the corpus (its manifest and README).
type onlyDirs struct{ fs.FS }

func (o onlyDirs) ReadDir(name string) ([]fs.DirEntry, error) {
	es, err := fs.ReadDir(o.FS, name)
	if err != nil || name != "." {
		return es, err
	}
	var out []fs.DirEntry
	for _, e := range es {
		if e.IsDir() {
			out = append(out, e)
		}
	}
	return out, nil
}

// startPostgres starts a throwaway PostgreSQL cluster on a free port and
// returns its URL and a function that restarts it; it skips when the
// server binaries or the postgres user are not there.
func startPostgres(t *testing.T) (string, func()) {
	bins, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_ctl")
	if len(bins) == 0 || os.Getuid() != 0 {
		t.Skip("needs Debian's PostgreSQL server binaries and root (to run them as user postgres)")
	}
	bin := filepath.Dir(bins[len(bins)-1])
	dir, err := os.MkdirTemp("", "georisk-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if out, err := exec.Command("chown", "postgres", dir).CombinedOutput(); err != nil {
		t.Skipf("chown postgres: %v %s", err, out)
	}
	port := 20000 + rand.IntN(20000)
	su := func(args string) error {
		out, err := exec.Command("su", "postgres", "-c", args).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %v\n%s", args, err, out)
		}
		return nil
	}
	if err := su(fmt.Sprintf("%s/initdb -A trust -U postgres -D %s/data", bin, dir)); err != nil {
		t.Fatal(err)
	}
	start := fmt.Sprintf("%s/pg_ctl -w -D %s/data -o '-h 127.0.0.1 -p %d -k %s' -l %s/log start", bin, dir, port, dir, dir)
	if err := su(start); err != nil {
		t.Fatal(err)
	}
	stop := fmt.Sprintf("%s/pg_ctl -w -D %s/data -m fast stop", bin, dir)
	t.Cleanup(func() { su(stop) })
	restart := func() {
		if err := su(stop); err != nil {
			t.Error(err)
		}
		time.Sleep(500 * time.Millisecond)
		if err := su(start); err != nil {
			t.Error(err)
		}
	}
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), restart
}

// TestWorkerSurvivesPostgresRestart restarts PostgreSQL under a working
// worker: it reconnects, and every document ends up stored once.
func TestWorkerSurvivesPostgresRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts PostgreSQL and the binary")
	}
	url, stream := natsStream(t)
	db, restart := startPostgres(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	input := filepath.Join(dir, "many.jsonl")
	f, _ := os.Create(input)
	w := bufio.NewWriter(f)
	const total = 3000
	for i := range total {
		rec, _ := json.Marshal(map[string]string{"id": fmt.Sprint(i), "title": fmt.Sprintf("Note %d", i), "source": "Test Wire",
			"text": fmt.Sprintf("Note %d: ministers %d discussed %d items in town %d and settled %d of them.", i, i*3, i*11, i%701, i%17)})
		w.Write(rec)
		w.WriteByte('\n')
	}
	w.Flush()
	f.Close()
	if out, err := exec.Command(bin, "ingest", "--queue", url, "--queue-stream", stream, input).CombinedOutput(); err != nil {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	var logs bytes.Buffer
	c := exec.Command(bin, "worker", "--queue", url, "--queue-stream", stream, "--db", db, "--ack-wait", "3s", "--batch", "100")
	c.Stderr = &logs
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	for docsIn(t, dir, db) == 0 {
		time.Sleep(20 * time.Millisecond)
	}
	atRestart := docsIn(t, dir, db)
	restart()
	t.Logf("restarted PostgreSQL with %d of %d documents stored", atRestart, total)
	deadline := time.Now().Add(120 * time.Second)
	for docsIn(t, dir, db) < total && time.Now().Before(deadline) {
		time.Sleep(250 * time.Millisecond)
	}
	c.Process.Signal(syscall.SIGTERM)
	c.Wait()
	if n := docsIn(t, dir, db); n != total {
		t.Errorf("%d documents stored after restarting PostgreSQL at %d, want %d\nworker log:\n%s", n, atRestart, total, logs.String())
	}
}
