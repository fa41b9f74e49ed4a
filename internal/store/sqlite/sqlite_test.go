package sqlite

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := Open(t.Context(), filepath.Join(t.TempDir(), "georisk.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestReopen(t *testing.T) {
	file := filepath.Join(t.TempDir(), "georisk.db")
	for range 2 {
		s, err := Open(t.Context(), file)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestStaleSchema(t *testing.T) {
	file := filepath.Join(t.TempDir(), "georisk.db")
	s, err := Open(t.Context(), file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', '')`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, err = Open(t.Context(), file)
	if !errors.Is(err, store.ErrStaleSchema) {
		t.Errorf("Open of a newer database: error %v, want ErrStaleSchema", err)
	}
}
