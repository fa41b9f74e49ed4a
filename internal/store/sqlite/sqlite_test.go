package sqlite

import (
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
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

// TestOldSchema builds a database at the first schema version, as an older
// georisk left it: Open refuses it, Migrate upgrades it, and Open then works.
func TestOldSchema(t *testing.T) {
	file := filepath.Join(t.TempDir(), "old.db")
	ms, err := loadMigrations()
	if err != nil || len(ms) < 2 {
		t.Fatalf("migrations: %v (%d)", err, len(ms))
	}
	raw, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
		ms[0].SQL, `INSERT INTO schema_version VALUES (1, 'old', '')`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	if _, err := Open(t.Context(), file); !errors.Is(err, store.ErrOldSchema) || !strings.Contains(err.Error(), "georisk migrate") {
		t.Fatalf("Open of an old database: %v, want ErrOldSchema saying to run georisk migrate", err)
	}
	s, err := Migrate(t.Context(), file)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	s.Close()
	s, err = Open(t.Context(), file)
	if err != nil {
		t.Fatalf("Open after Migrate: %v", err)
	}
	s.Close()
}
