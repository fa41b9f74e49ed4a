package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary builds the georisk command into a temporary directory.
func buildBinary(t testing.TB) string {
	t.Helper()
	if _, err := exec.LookPath("go"); err != nil {
		t.Skipf("the go command is not on PATH: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "georisk")
	out, err := exec.Command("go", "build", "-o", bin, "../../cmd/georisk").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestInterruptResume runs the real binary on a large input, interrupts it
// with SIGINT, and checks that what it reported as stored is stored, and that
// a second run stores the rest without duplicates.
func TestInterruptResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	input := filepath.Join(dir, "many.jsonl")
	f, err := os.Create(input)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	const total = 60000
	for i := range total {
		rec, _ := json.Marshal(map[string]string{
			"id": fmt.Sprint(i), "title": fmt.Sprintf("Report %d", i), "source": "Test Wire",
			"text": fmt.Sprintf("Report %d: officials %d met %d delegates in city %d and agreed %d points on trade %d.", i, i*7, i*13, i%977, i%31, i*3),
		})
		w.Write(rec)
		w.WriteByte('\n')
	}
	w.Flush()
	f.Close()
	db := filepath.Join(dir, "int.db")

	cmd := exec.Command(bin, "ingest", "--json", "--db", db, input)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Interrupt once some documents are committed.
	deadline := time.Now().Add(60 * time.Second)
	for {
		time.Sleep(200 * time.Millisecond)
		if st := statsOf(t, db); st > 0 || time.Now().After(deadline) {
			break
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	var sum summary
	if jerr := json.Unmarshal(stdout.Bytes(), &sum); jerr != nil {
		t.Fatalf("interrupted ingest printed %q (%v); stderr: %s", stdout.String(), jerr, stderr.String())
	}
	if sum.New == total {
		t.Skipf("ingest finished before the interrupt (%+v); nothing to test on this machine", sum)
	}
	if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("interrupted ingest: exit %d (%v), stderr %q; want 1 and a note", code, err, stderr.String())
	}
	if stored := statsOf(t, db); stored != sum.New {
		t.Errorf("interrupted ingest reported %d new but %d are stored", sum.New, stored)
	}
	out, err := exec.Command(bin, "ingest", "--json", "--db", db, input).Output()
	if err != nil {
		t.Fatalf("resumed ingest: %v", err)
	}
	var rest summary
	if err := json.Unmarshal(out, &rest); err != nil {
		t.Fatal(err)
	}
	if rest.Duplicate != sum.New || rest.New != total-sum.New {
		t.Errorf("resumed ingest %+v after %d stored; want the rest new and the stored ones duplicate", rest, sum.New)
	}
	if stored := statsOf(t, db); stored != total {
		t.Errorf("%d documents stored after resuming, want %d", stored, total)
	}
}

// statsOf returns the number of documents in db, 0 when it cannot be read
// yet.
func statsOf(t *testing.T, db string) int {
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	r := run(t, t.TempDir(), "", "stats", "--json", "--db", db)
	var st struct{ Documents int }
	if json.Unmarshal([]byte(r.stdout), &st) != nil {
		return 0
	}
	return st.Documents
}
