package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/georisk/georisk/internal/store"
)

var _ store.Lists = (*Store)(nil)

// PutList replaces a list's entries and record in one transaction.
func (s *Store) PutList(ctx context.Context, info *store.ListInfo, entries []store.ListEntry) error {
	if info.Imported.IsZero() {
		info.Imported = time.Now().UTC().Truncate(time.Second)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM list_entries WHERE list = ?`, info.Name); err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lists (name, format, version, source, imported, entries) VALUES (?, ?, ?, ?, ?, 0)
		ON CONFLICT (name) DO UPDATE SET format = excluded.format, version = excluded.version, source = excluded.source,
		imported = excluded.imported`, info.Name, info.Format, info.Version, info.Source, formatTime(info.Imported)); err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO list_entries (list, entry_id, type, name, data) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (list, entry_id) DO UPDATE SET type = excluded.type, name = excluded.name, data = excluded.data`)
	if err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	defer st.Close()
	for i := range entries {
		e := &entries[i]
		e.List = info.Name
		if _, err := st.ExecContext(ctx, e.List, e.ID, e.Type, e.Name, string(store.EncodeEntry(e))); err != nil {
			return fmt.Errorf("storing entry %s of list %s: %w", e.ID, info.Name, err)
		}
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM list_entries WHERE list = ?`, info.Name).Scan(&info.Entries); err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE lists SET entries = ? WHERE name = ?`, info.Entries, info.Name); err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	return nil
}

// ListInfos returns the loaded lists by name.
func (s *Store) ListInfos(ctx context.Context) ([]store.ListInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT name, format, version, source, imported, entries FROM lists ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("listing lists: %w", err)
	}
	defer rows.Close()
	var out []store.ListInfo
	for rows.Next() {
		var l store.ListInfo
		var imported string
		if err := rows.Scan(&l.Name, &l.Format, &l.Version, &l.Source, &imported, &l.Entries); err != nil {
			return nil, fmt.Errorf("listing lists: %w", err)
		}
		l.Imported, _ = time.Parse(timeLayout, imported)
		out = append(out, l)
	}
	return out, rows.Err()
}

// ListEntries returns a list's entries ("" for all), by list and ID.
func (s *Store) ListEntries(ctx context.Context, list string) ([]store.ListEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT list, entry_id, type, name, data FROM list_entries
		WHERE ? = '' OR list = ? ORDER BY list, entry_id`, list, list)
	if err != nil {
		return nil, fmt.Errorf("reading entries of list %q: %w", list, err)
	}
	defer rows.Close()
	var out []store.ListEntry
	for rows.Next() {
		var e store.ListEntry
		var data string
		if err := rows.Scan(&e.List, &e.ID, &e.Type, &e.Name, &data); err != nil {
			return nil, fmt.Errorf("reading entries of list %q: %w", list, err)
		}
		if err := store.DecodeEntry([]byte(data), &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// PutScreenHits records hits; a stored (document, query, list, entry) is
// updated in place.
func (s *Store) PutScreenHits(ctx context.Context, hits []store.ScreenHit) (int, error) {
	if len(hits) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storing screening hits: %w", err)
	}
	defer tx.Rollback()
	added := 0
	for _, h := range hits {
		why, _ := json.Marshal(orEmpty(h.Why))
		at := h.ScreenedAt
		if at.IsZero() {
			at = time.Now()
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO screen_hits (doc_id, query, list, entry_id, name, matched, score, why, algorithm, list_version, screened_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (doc_id, query, list, entry_id) DO NOTHING`,
			h.DocID, h.Query, h.List, h.EntryID, h.Name, h.Matched, h.Score, string(why), h.Algorithm, h.ListVersion, formatTime(at))
		if err != nil {
			return 0, fmt.Errorf("storing a screening hit of document %d: %w", h.DocID, err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			added++
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE screen_hits SET name = ?, matched = ?, score = ?, why = ?, algorithm = ?, list_version = ?, screened_at = ?
			WHERE doc_id = ? AND query = ? AND list = ? AND entry_id = ?`,
			h.Name, h.Matched, h.Score, string(why), h.Algorithm, h.ListVersion, formatTime(at), h.DocID, h.Query, h.List, h.EntryID); err != nil {
			return 0, fmt.Errorf("storing a screening hit of document %d: %w", h.DocID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("storing screening hits: %w", err)
	}
	return added, nil
}

// ScreenHits returns a document's hits, best first.
func (s *Store) ScreenHits(ctx context.Context, docID int64) ([]store.ScreenHit, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT doc_id, query, list, entry_id, name, matched, score, why, algorithm, list_version, screened_at
		FROM screen_hits WHERE doc_id = ? ORDER BY score DESC, query, list, entry_id`, docID)
	if err != nil {
		return nil, fmt.Errorf("reading screening hits of document %d: %w", docID, err)
	}
	defer rows.Close()
	var out []store.ScreenHit
	for rows.Next() {
		var h store.ScreenHit
		var why, at string
		if err := rows.Scan(&h.DocID, &h.Query, &h.List, &h.EntryID, &h.Name, &h.Matched, &h.Score, &why, &h.Algorithm, &h.ListVersion, &at); err != nil {
			return nil, fmt.Errorf("reading screening hits of document %d: %w", docID, err)
		}
		if err := json.Unmarshal([]byte(why), &h.Why); err != nil {
			return nil, fmt.Errorf("reading screening hits of document %d: %w", docID, err)
		}
		h.ScreenedAt, _ = time.Parse(timeLayout, at)
		out = append(out, h)
	}
	return out, rows.Err()
}

func orEmpty(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
