package sqlite

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/store/storetest"
)

func TestEventsIndexedConformance(t *testing.T) {
	storetest.RunEventsIndexed(t, func(t *testing.T) store.Store {
		s, err := Open(t.Context(), filepath.Join(t.TempDir(), "georisk.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestEventsIndexedPlans checks that each kind of term reads its index in
// order (no sort of the term's rows) and that the code pairs are found by
// seeks, not by a scan of the prefix's range.
func TestEventsIndexedPlans(t *testing.T) {
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "georisk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	plan := func(q string, args ...any) string {
		rows, err := s.db.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			b.WriteString(detail + "\n")
		}
		return b.String()
	}
	for _, a := range []arm{
		{"events_src", "src_country = ?", []any{"CHN"}},
		{"events_tgt", "tgt_country = ?", []any{"CHN"}},
		{"events_src_code_country", "lower(src_code) = ? AND src_country = ?", []any{"igowstnat", ""}},
		{"events_tgt_code_country", "lower(tgt_code) = ? AND tgt_country = ?", []any{"igowstnat", ""}},
		{"events_dyad", "src_country = ? AND tgt_country = ?", []any{"CHN", "USA"}},
	} {
		q := "SELECT date, id FROM events INDEXED BY " + a.index + " WHERE " + a.cond +
			" AND date >= '2023-01-01' AND quad = 4 ORDER BY date DESC, id DESC LIMIT 50"
		p := plan(q, a.args...)
		if strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, a.index) {
			t.Errorf("%s:\n%s", q, p)
		}
	}
	if _, _, err := s.sideTerms(t.Context(), "src", "CHN"); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"SELECT min(lower(src_code)) FROM events INDEXED BY events_src_code_country WHERE lower(src_code) > ? AND lower(src_code) < ?",
		"SELECT min(src_country) FROM events INDEXED BY events_src_code_country WHERE lower(src_code) = ? AND src_country > ?",
	} {
		p := plan(q, "chn", "cho")
		if strings.Contains(p, "TEMP B-TREE") || !strings.Contains(p, "SEARCH") {
			t.Errorf("%s:\n%s", q, p)
		}
		t.Log(p)
	}
}
