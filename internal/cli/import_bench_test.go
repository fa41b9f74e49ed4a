package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkImportGDELTDay imports a simulated day of GDELT 2.0: 96
// fifteen-minute files made from the real 2,111-row export with new event
// ids (202,656 events), into a fresh SQLite file.
func BenchmarkImportGDELTDay(b *testing.B) {
	src, err := os.ReadFile(filepath.Join(samples, "gdelt2_events/20191024143000.export.CSV"))
	if err != nil {
		b.Skipf("GDELT sample absent (it lives in ../shared): %v", err)
	}
	dir := b.TempDir()
	rows := 0
	for f := range 96 {
		var out bytes.Buffer
		sc := bufio.NewScanner(bytes.NewReader(src))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			id, rest, _ := strings.Cut(sc.Text(), "\t")
			fmt.Fprintf(&out, "%d%s\t%s\n", f, id, rest)
			rows++
		}
		if err := os.MkdirAll(filepath.Join(dir, "day"), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("day/%03d.export.CSV", f)), out.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	var sum importSummary
	for b.Loop() {
		b.StopTimer()
		db := filepath.Join(b.TempDir(), "day.db")
		env := &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
		s, err := openStore(b.Context(), db)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		sum, err = runImport(b.Context(), env, s, []string{filepath.Join(dir, "day")},
			datasetOptions("gdelt", nil), 0, false)
		b.StopTimer()
		s.Close()
		b.StartTimer()
		if err != nil || sum.Added != rows || sum.BadRows != 0 {
			b.Fatalf("import: %v %+v, want %d added", err, sum, rows)
		}
	}
	b.ReportMetric(float64(sum.Rows)/sum.Seconds, "rows/s")
	b.ReportMetric(sum.Seconds, "s/day")
}
