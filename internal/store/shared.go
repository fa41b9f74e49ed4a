package store

import (
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/georisk/georisk/internal/event"
)

// Migration is one numbered schema change of a backend.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// PlanMigrations compares the migrations a build knows (ms, in order) with
// the versions a database has applied, and returns those still to apply, in
// order. Applied versions are a set, not a high-water mark: a migration
// numbered below the newest applied one (two lines of work that each added
// one) is applied all the same. A database with a version the build does not
// know was migrated by a newer georisk: the error wraps ErrStaleSchema. With
// upgrade false, a database that has some migrations but lacks others gets
// an error wrapping ErrOldSchema; an empty one gets them all.
func PlanMigrations(ms []Migration, applied []int, upgrade bool) ([]Migration, error) {
	known := map[int]bool{}
	for _, m := range ms {
		known[m.Version] = true
	}
	have := map[int]bool{}
	top := 0
	for _, v := range applied {
		have[v] = true
		top = max(top, v)
		if !known[v] {
			return nil, fmt.Errorf("%w: database has migration %d, which this build does not know", ErrStaleSchema, v)
		}
	}
	var pending []Migration
	var names []string
	for _, m := range ms {
		if !have[m.Version] {
			pending = append(pending, m)
			names = append(names, m.Name)
		}
	}
	if len(pending) > 0 && len(applied) > 0 && !upgrade {
		return nil, fmt.Errorf("%w (database at version %d, without %s)", ErrOldSchema, top, strings.Join(names, ", "))
	}
	return pending, nil
}

// LoadMigrations reads the migrations in dir of fsys (files named
// "NNN_what.sql"), in version order.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{v, e.Name(), string(b)})
	}
	slices.SortFunc(ms, func(a, b Migration) int { return a.Version - b.Version })
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			// Two lines of work took the same number: one of them would
			// be taken as applied when the other is. Renumber one.
			return nil, fmt.Errorf("migrations %s and %s have the same number", ms[i-1].Name, ms[i].Name)
		}
	}
	return ms, nil
}

// CompressAll gzips the raw inputs of docs in parallel, so that a backend
// can do it before its write transaction rather than inside it.
func CompressAll(docs []*event.Document) [][]byte {
	out := make([][]byte, len(docs))
	workers := min(runtime.GOMAXPROCS(0), len(docs))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(docs); i += workers {
				out[i] = Compress(docs[i].Raw)
			}
		})
	}
	wg.Wait()
	return out
}
