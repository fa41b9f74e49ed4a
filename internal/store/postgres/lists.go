package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/store"
)

var _ store.Lists = (*Store)(nil)

// PutList replaces a list's entries and record in one transaction. The
// list's row is written first, so that concurrent imports of one list wait
// for each other; entries go in with COPY.
func (s *Store) PutList(ctx context.Context, info *store.ListInfo, entries []store.ListEntry) error {
	if info.Imported.IsZero() {
		info.Imported = time.Now().UTC().Truncate(time.Second)
	}
	// A later duplicate id replaces an earlier one, as in the contract.
	last := map[string]int{}
	for i := range entries {
		entries[i].List = info.Name
		last[entries[i].ID] = i
	}
	rows := make([][]any, 0, len(last))
	for i := range entries {
		e := &entries[i]
		if last[e.ID] == i {
			rows = append(rows, []any{e.List, e.ID, e.Type, e.Name, json.RawMessage(store.EncodeEntry(e))})
		}
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO lists (name, format, version, source, imported, entries) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (name) DO UPDATE SET format = excluded.format, version = excluded.version, source = excluded.source,
			imported = excluded.imported, entries = excluded.entries`,
			info.Name, info.Format, info.Version, info.Source, info.Imported, len(rows)); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM list_entries WHERE list = $1`, info.Name); err != nil {
			return err
		}
		_, err := tx.CopyFrom(ctx, pgx.Identifier{"list_entries"}, []string{"list", "entry_id", "type", "name", "data"}, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return fmt.Errorf("storing list %s: %w", info.Name, err)
	}
	info.Entries = len(rows)
	return nil
}

// ListInfos returns the loaded lists by name.
func (s *Store) ListInfos(ctx context.Context) ([]store.ListInfo, error) {
	rows, err := s.pool.Query(ctx, `SELECT name, format, version, source, imported, entries FROM lists ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("listing lists: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.ListInfo, error) {
		var l store.ListInfo
		err := r.Scan(&l.Name, &l.Format, &l.Version, &l.Source, &l.Imported, &l.Entries)
		l.Imported = l.Imported.UTC()
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("listing lists: %w", err)
	}
	return out, nil
}

// ListEntries returns a list's entries ("" for all), by list and ID.
func (s *Store) ListEntries(ctx context.Context, list string) ([]store.ListEntry, error) {
	rows, err := s.pool.Query(ctx, `SELECT list, entry_id, type, name, data FROM list_entries
		WHERE $1 = '' OR list = $1 ORDER BY list COLLATE "C", entry_id COLLATE "C"`, list)
	if err != nil {
		return nil, fmt.Errorf("reading entries of list %q: %w", list, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.ListEntry, error) {
		var e store.ListEntry
		var data []byte
		if err := r.Scan(&e.List, &e.ID, &e.Type, &e.Name, &data); err != nil {
			return e, err
		}
		return e, store.DecodeEntry(data, &e)
	})
	if err != nil {
		return nil, fmt.Errorf("reading entries of list %q: %w", list, err)
	}
	return out, nil
}

// PutScreenHits records hits; a stored (document, query, list, entry) is
// updated in place.
func (s *Store) PutScreenHits(ctx context.Context, hits []store.ScreenHit) (int, error) {
	if len(hits) == 0 {
		return 0, nil
	}
	added := 0
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		added = 0
		var b pgx.Batch
		for _, h := range hits {
			why := h.Why
			if why == nil {
				why = []string{}
			}
			wb, _ := json.Marshal(why)
			at := h.ScreenedAt
			if at.IsZero() {
				at = time.Now()
			}
			b.Queue(`INSERT INTO screen_hits (doc_id, query, list, entry_id, name, matched, score, why, algorithm, list_version, screened_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
				ON CONFLICT (doc_id, query, list, entry_id) DO UPDATE SET name = excluded.name, matched = excluded.matched,
				score = excluded.score, why = excluded.why, algorithm = excluded.algorithm, list_version = excluded.list_version,
				screened_at = excluded.screened_at
				RETURNING (xmax = 0)`,
				h.DocID, h.Query, h.List, h.EntryID, h.Name, h.Matched, h.Score, json.RawMessage(wb), h.Algorithm, h.ListVersion, at)
		}
		br := tx.SendBatch(ctx, &b)
		for range hits {
			var inserted bool
			if err := br.QueryRow().Scan(&inserted); err != nil {
				br.Close()
				return err
			}
			if inserted {
				added++
			}
		}
		return br.Close()
	})
	if err != nil {
		return 0, fmt.Errorf("storing screening hits: %w", err)
	}
	return added, nil
}

// ScreenHits returns a document's hits, best first.
func (s *Store) ScreenHits(ctx context.Context, docID int64) ([]store.ScreenHit, error) {
	rows, err := s.pool.Query(ctx, `SELECT doc_id, query, list, entry_id, name, matched, score, why, algorithm, list_version, screened_at
		FROM screen_hits WHERE doc_id = $1 ORDER BY score DESC, query COLLATE "C", list COLLATE "C", entry_id COLLATE "C"`, docID)
	if err != nil {
		return nil, fmt.Errorf("reading screening hits of document %d: %w", docID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.ScreenHit, error) {
		var h store.ScreenHit
		var why []byte
		if err := r.Scan(&h.DocID, &h.Query, &h.List, &h.EntryID, &h.Name, &h.Matched, &h.Score, &why, &h.Algorithm, &h.ListVersion, &h.ScreenedAt); err != nil {
			return h, err
		}
		h.ScreenedAt = h.ScreenedAt.UTC()
		return h, json.Unmarshal(why, &h.Why)
	})
	if err != nil {
		return nil, fmt.Errorf("reading screening hits of document %d: %w", docID, err)
	}
	return out, nil
}
