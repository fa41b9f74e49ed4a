package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
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

// TestMigrationGap: a database that has every migration but one in the
// middle (two lines of work that each added one) is upgraded by Migrate with
// the missing one, not skipped for being below the newest.
func TestMigrationGap(t *testing.T) {
	ms, err := loadMigrations()
	if err != nil || len(ms) < 3 {
		t.Fatalf("migrations: %v (%d)", err, len(ms))
	}
	// Leave out the newest migration that a database can lack while having
	// every later one (most build on earlier tables; one below the newest
	// is the case this test is about).
	var gap store.Migration
	var file string
	for i := len(ms) - 2; i >= 1 && file == ""; i-- {
		f := filepath.Join(t.TempDir(), "gap.db")
		if err := applyAllBut(f, ms, ms[i].Version); err == nil {
			gap, file = ms[i], f
		}
	}
	if file == "" {
		t.Fatal("every migration below the newest is needed by a later one: no database with a gap can exist")
	}
	if _, err := Open(t.Context(), file); !errors.Is(err, store.ErrOldSchema) || !strings.Contains(err.Error(), gap.Name) {
		t.Fatalf("Open of a database without %s: %v, want ErrOldSchema naming it", gap.Name, err)
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

// applyAllBut creates a database at file with every migration of ms but
// the versions skip, recorded in schema_version.
func applyAllBut(file string, ms []store.Migration, skip ...int) error {
	raw, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		return err
	}
	defer raw.Close()
	if _, err := raw.Exec(`CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	for _, m := range ms {
		if slices.Contains(skip, m.Version) {
			continue
		}
		if _, err := raw.Exec(m.SQL); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := raw.Exec(`INSERT INTO schema_version VALUES (?, ?, '')`, m.Version, m.Name); err != nil {
			return err
		}
	}
	return nil
}
