package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// The kinds of rollup_names (migration 012).
const (
	nameCode   = 0 // actor codes
	nameOrigin = 1 // event origins
	nameRoot   = 2 // CAMEO roots
)

// rollupNames keeps the numbers of rollup_names in memory: the rollups
// store numbers, and every read turns them back into names. Numbers never
// change once committed, and each kind's committed numbers are 1…max
// without gaps (a transaction numbers a name max+1 of what it sees, and
// writers are serialized), so the cache is brought up to date by reading
// the rows past the highest number it knows. It holds committed rows only
// (it reads through the database, not a transaction): a number a
// transaction gives and then rolls back never reaches it. Safe for
// concurrent use.
type rollupNames struct {
	db *sql.DB

	mu    sync.RWMutex
	ids   [3]map[string]int64
	names [3][]string // by number, "" at 0: the highest known is len-1
	codes []string    // the actor codes, sorted, for prefix matching
}

func newRollupNames(db *sql.DB) *rollupNames {
	n := &rollupNames{db: db}
	for k := range n.ids {
		n.ids[k] = map[string]int64{}
		n.names[k] = []string{""}
	}
	return n
}

// refresh reads the names committed since the last refresh: three index
// seeks when there are none.
func (n *rollupNames) refresh(ctx context.Context) error {
	n.mu.RLock()
	var max [3]int64
	for k := range max {
		max[k] = int64(len(n.names[k]) - 1)
	}
	n.mu.RUnlock()
	rows, err := n.db.QueryContext(ctx, `SELECT kind, id, name FROM rollup_names
		WHERE kind = 0 AND id > ? OR kind = 1 AND id > ? OR kind = 2 AND id > ? ORDER BY kind, id`, max[0], max[1], max[2])
	if err != nil {
		return fmt.Errorf("reading rollup names: %w", err)
	}
	defer rows.Close()
	type row struct {
		kind, id int64
		name     string
	}
	var got []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.kind, &r.id, &r.name); err != nil {
			return fmt.Errorf("reading rollup names: %w", err)
		}
		if r.kind < 0 || r.kind > 2 {
			return fmt.Errorf("reading rollup names: unknown kind %d of %q", r.kind, r.name)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading rollup names: %w", err)
	}
	if len(got) == 0 {
		return nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	codes := false
	for _, r := range got {
		if r.id < int64(len(n.names[r.kind])) {
			continue // read by a concurrent refresh
		}
		for int64(len(n.names[r.kind])) <= r.id {
			n.names[r.kind] = append(n.names[r.kind], "")
		}
		n.names[r.kind][r.id] = r.name
		n.ids[r.kind][r.name] = r.id
		if r.kind == nameCode {
			n.codes = append(n.codes, r.name)
			codes = true
		}
	}
	if codes {
		slices.Sort(n.codes) // only read under the lock
	}
	return nil
}

// id returns the number of a name, if the cache knows it.
func (n *rollupNames) id(kind int, name string) (int64, bool) {
	n.mu.RLock()
	defer n.mu.RUnlock()
	id, ok := n.ids[kind][name]
	return id, ok
}

// withPrefix returns the numbers of the actor codes that start with p.
func (n *rollupNames) withPrefix(p string) []int64 {
	n.mu.RLock()
	defer n.mu.RUnlock()
	var out []int64
	for i, _ := slices.BinarySearch(n.codes, p); i < len(n.codes) && strings.HasPrefix(n.codes[i], p); i++ {
		out = append(out, n.ids[nameCode][n.codes[i]])
	}
	return out
}

// snapshot returns the names of each kind by number, for decoding many
// cells without taking the lock for each. The slices must not be modified.
func (n *rollupNames) snapshot() [3][]string {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.names
}

// txNames gives numbers to names in a write transaction: from the cache
// when it knows them, else from rollup_names, adding the names it lacks.
// The numbers it adds are its own until the transaction commits.
type txNames struct {
	ctx   context.Context
	tx    *sql.Tx
	cache *rollupNames
	own   [3]map[string]int64
	given [3]map[int64]string // every number id returned, with its name
	find  *sql.Stmt
	add   *sql.Stmt
}

func (n *rollupNames) inTx(ctx context.Context, tx *sql.Tx) *txNames {
	t := &txNames{ctx: ctx, tx: tx, cache: n}
	for k := range t.own {
		t.own[k], t.given[k] = map[string]int64{}, map[int64]string{}
	}
	return t
}

func (t *txNames) close() {
	if t.find != nil {
		t.find.Close()
	}
	if t.add != nil {
		t.add.Close()
	}
}

// id returns name's number, giving it one if it has none.
func (t *txNames) id(kind int, name string) (int64, error) {
	if id, ok := t.own[kind][name]; ok {
		return id, nil
	}
	if id, ok := t.cache.id(kind, name); ok {
		t.given[kind][id] = name
		return id, nil
	}
	var err error
	if t.find == nil {
		if t.find, err = t.tx.PrepareContext(t.ctx, `SELECT id FROM rollup_names WHERE kind = ? AND name = ?`); err != nil {
			return 0, fmt.Errorf("numbering %q: %w", name, err)
		}
		if t.add, err = t.tx.PrepareContext(t.ctx, `INSERT INTO rollup_names (kind, id, name)
			SELECT ?1, COALESCE(MAX(id), 0) + 1, ?2 FROM rollup_names WHERE kind = ?1 RETURNING id`); err != nil {
			return 0, fmt.Errorf("numbering %q: %w", name, err)
		}
	}
	var id int64
	err = t.find.QueryRowContext(t.ctx, kind, name).Scan(&id)
	if err == sql.ErrNoRows {
		err = t.add.QueryRowContext(t.ctx, kind, name).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("numbering %q: %w", name, err)
	}
	t.own[kind][name], t.given[kind][id] = id, name
	return id, nil
}
