package gdelt

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/georisk/georisk/internal/source/dataset"
)

// samples is where the shared real-format samples live, relative to the
// package directory.
const samples = "../../../../shared/samples"

// sample opens a shared sample file, or skips the test when it is absent.
func sample(t testing.TB, name string) *os.File {
	t.Helper()
	f, err := os.Open(filepath.Join(samples, name))
	if os.IsNotExist(err) {
		t.Skipf("sample %s not found (the shared samples live beside the repository): %v", name, err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// result is what one Read produced.
type result struct {
	recs []dataset.Record
	errs []*dataset.RowError
}

// read reads r with format and collects records and row errors.
func read(t testing.TB, format dataset.Format, r io.Reader, name string) result {
	t.Helper()
	var res result
	err := format.Read(context.Background(), r, name, func(rec dataset.Record) error {
		res.recs = append(res.recs, rec)
		return nil
	}, func(e *dataset.RowError) {
		res.errs = append(res.errs, e)
	})
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return res
}
