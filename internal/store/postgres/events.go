package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

var eventColumns = []string{"id", "origin", "origin_id", "date",
	"src_code", "src_country", "src_name", "src_raw", "src_sectors",
	"tgt_code", "tgt_country", "tgt_name", "tgt_raw", "tgt_sectors",
	"code", "root", "plover", "plover_mode", "goldstein", "quad",
	"loc_name", "loc_country", "loc_adm1", "lat", "lon", "loc_precision",
	"url", "mentions", "sources", "articles", "fatalities", "tone", "doc_id", "updated", "attrs",
	"sent_start", "sent_end", "trigger", "src_text", "tgt_text", "pattern", "confidence", "date_source", "date_text"}

var keyColumns = []string{"origin", "origin_id", "id", "date", "doc_id", "updated", "row_hash"}

// eventRow is the events row of e, with ID id.
func eventRow(e *event.Event, id int64) []any {
	var lat, lon any
	if e.Location.HasGeo {
		lat, lon = e.Location.Lat, e.Location.Lon
	}
	attrs := []byte("{}")
	if len(e.Attrs) > 0 {
		attrs, _ = json.Marshal(e.Attrs) // a map[string]string always marshals
	}
	return []any{id, e.Origin, e.OriginID, day(e.Date),
		e.Source.Code, e.Source.Country, e.Source.Name, e.Source.Raw, e.Source.Sectors,
		e.Target.Code, e.Target.Country, e.Target.Name, e.Target.Raw, e.Target.Sectors,
		e.Code, e.Root, e.PLOVER, e.PLOVERMode, e.Goldstein, e.Quad,
		e.Location.Name, e.Location.Country, e.Location.ADM1, lat, lon, e.Location.Precision,
		e.URL, e.Mentions, e.Sources, e.Articles, e.Fatalities, e.Tone, docID(e.DocID), nullTime(e.Updated), attrs,
		e.Evidence.Sentence.Start, e.Evidence.Sentence.End, e.Evidence.Trigger, e.Evidence.SourceText, e.Evidence.TargetText,
		e.Evidence.Pattern, e.Evidence.Confidence, e.Evidence.DateSource, e.Evidence.DateText}
}

// keyRow is the event_keys row of e.
func keyRow(e *event.Event, id int64, hash string) []any {
	return []any{e.Origin, e.OriginID, id, day(e.Date), docID(e.DocID), nullTime(e.Updated), hash}
}

func docID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// hashAll computes store.EventHash of the events, in parallel when there
// are many.
func hashAll(events []*event.Event) []string {
	out := make([]string, len(events))
	workers := min(runtime.GOMAXPROCS(0), len(events)/256+1)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(events); i += workers {
				out[i] = store.EventHash(events[i])
			}
		})
	}
	wg.Wait()
	return out
}

type eventKey struct{ origin, id string }

func compareKeys(a, b eventKey) int {
	return cmp.Or(cmp.Compare(a.origin, b.origin), cmp.Compare(a.id, b.id))
}

// keyState is what PutEvents knows of one key: its events in the call, the
// row as stored (if it is), and what the events make of it.
type keyState struct {
	events []int // indexes of the key's events, in call order

	stored                    bool
	id                        int64
	storedHash                string
	storedUpdated, storedDate time.Time

	final  int // index of the event whose row is to be written; -1 for none
	counts store.EventCounts
}

// decide runs the key's events in order against the stored row, as the
// SQLite store does one row at a time: the first event of a new key adds
// it; a later one, or one of a stored key, replaces the row unless it is
// identical or older.
func (st *keyState) decide(events []*event.Event, hashes []string) {
	st.final, st.counts = -1, store.EventCounts{}
	hash, updated := st.storedHash, st.storedUpdated
	for n, i := range st.events {
		e := events[i]
		switch {
		case n == 0 && !st.stored:
			st.counts.Added++
		case hashes[i] == hash || e.Updated.Before(updated):
			st.counts.Unchanged++
			continue
		default:
			st.counts.Replaced++
		}
		hash, updated, st.final = hashes[i], e.Updated, i
	}
}

// PutEvents stores events; see store.Events for the contract.
//
// One call is one transaction: it reads the stored state of its keys from
// event_keys, decides for every event in order (as the SQLite store does
// row by row, so that a key repeated in the call behaves the same), then
// writes only what changes: new keys and rows with COPY (or pipelined
// INSERTs for a few), and for a replacement an update of event_keys plus a
// delete and insert of the events row, which may move it to another
// partition. See putEvents for concurrent writers.
func (s *Store) PutEvents(ctx context.Context, events []*event.Event) (store.EventCounts, error) {
	if len(events) == 0 {
		return store.EventCounts{}, nil
	}
	for _, e := range events {
		if e.Origin == "" || e.OriginID == "" {
			return store.EventCounts{}, fmt.Errorf("storing events: event without origin or id: %+v", e)
		}
	}
	hashes := hashAll(events)
	if err := s.ensurePartitions(ctx, events); err != nil {
		return store.EventCounts{}, fmt.Errorf("storing events: %w", err)
	}
	var counts store.EventCounts
	var ids []int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var err error
		counts, ids, err = s.putEvents(ctx, tx, events, hashes)
		return err
	})
	if err != nil {
		return store.EventCounts{}, fmt.Errorf("storing events: %w", err)
	}
	for i, e := range events {
		e.ID = ids[i]
	}
	return counts, nil
}

// putEvents does the work of PutEvents in tx.
//
// It reads the stored state of its keys without locking them, so that a
// re-import, which changes nothing, writes nothing. It then locks the rows
// it replaces, in key order, and decides again for those that changed
// since it read them; and it inserts new keys in key order. Writers that
// overlap therefore wait for each other rather than deadlock; a key added
// by another writer meanwhile makes the insert fail, and PutEvents retries.
func (s *Store) putEvents(ctx context.Context, tx pgx.Tx, events []*event.Event, hashes []string) (store.EventCounts, []int64, error) {
	var c store.EventCounts
	states := make(map[eventKey]*keyState, len(events))
	var origins, originIDs []string
	for i, e := range events {
		k := eventKey{e.Origin, e.OriginID}
		st := states[k]
		if st == nil {
			st = &keyState{}
			states[k] = st
			origins, originIDs = append(origins, k.origin), append(originIDs, k.id)
		}
		st.events = append(st.events, i)
	}
	rows, _ := tx.Query(ctx, `SELECT k.origin, k.origin_id, k.id, k.row_hash, k.updated, k.date
		FROM event_keys k JOIN unnest($1::text[], $2::text[]) AS u (origin, origin_id)
		ON k.origin = u.origin AND k.origin_id = u.origin_id`, origins, originIDs)
	var k eventKey
	var id int64
	var hash string
	var updated *time.Time
	var date time.Time
	if _, err := pgx.ForEachRow(rows, []any{&k.origin, &k.id, &id, &hash, &updated, &date}, func() error {
		st := states[k]
		st.stored, st.id, st.storedHash, st.storedUpdated, st.storedDate = true, id, hash, utc(updated), date
		return nil
	}); err != nil {
		return c, nil, fmt.Errorf("looking up stored events: %w", err)
	}
	var added, replaced []eventKey
	for k, st := range states {
		st.decide(events, hashes)
		switch {
		case !st.stored:
			added = append(added, k)
		case st.final >= 0:
			replaced = append(replaced, k)
		}
	}
	slices.SortFunc(added, compareKeys)
	slices.SortFunc(replaced, compareKeys)

	if len(replaced) > 0 {
		var err error
		if replaced, err = lockReplaced(ctx, tx, states, replaced, events, hashes); err != nil {
			return c, nil, err
		}
	}
	for _, st := range states {
		c.Added, c.Replaced, c.Unchanged = c.Added+st.counts.Added, c.Replaced+st.counts.Replaced, c.Unchanged+st.counts.Unchanged
	}

	if len(added) > 0 {
		rows, _ := tx.Query(ctx, `SELECT nextval('events_id_seq') FROM generate_series(1, $1)`, len(added))
		n := 0
		if _, err := pgx.ForEachRow(rows, []any{&id}, func() error {
			if n < len(added) {
				states[added[n]].id = id
			}
			n++
			return nil
		}); err != nil {
			return c, nil, fmt.Errorf("drawing event IDs: %w", err)
		}
	}
	delta := newRollupDelta()
	var keyRows, eventRows [][]any
	for _, k := range added {
		st := states[k]
		e := events[st.final]
		keyRows = append(keyRows, keyRow(e, st.id, hashes[st.final]))
		eventRows = append(eventRows, eventRow(e, st.id))
		delta.addEvent(e)
	}
	if len(replaced) > 0 {
		n := len(replaced)
		origins, originIDs, newHashes := make([]string, n), make([]string, n), make([]string, n)
		dates, oldDates := make([]time.Time, n), make([]time.Time, n)
		docs, ids := make([]*int64, n), make([]int64, n)
		ups := make([]*time.Time, n)
		for i, k := range replaced {
			st := states[k]
			e := events[st.final]
			origins[i], originIDs[i], newHashes[i] = k.origin, k.id, hashes[st.final]
			dates[i], oldDates[i], ids[i], ups[i] = day(e.Date), st.storedDate, st.id, timePtr(e.Updated)
			if e.DocID != 0 {
				docs[i] = &e.DocID
			}
			eventRows = append(eventRows, eventRow(e, st.id))
			delta.addEvent(e)
		}
		if _, err := tx.Exec(ctx, `UPDATE event_keys k SET row_hash = u.new_hash, date = u.date, doc_id = u.doc_id, updated = u.updated
			FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::bigint[], $6::timestamptz[])
				AS u (origin, origin_id, new_hash, date, doc_id, updated)
			WHERE k.origin = u.origin AND k.origin_id = u.origin_id`,
			origins, originIDs, newHashes, dates, docs, ups); err != nil {
			return c, nil, fmt.Errorf("replacing event keys: %w", err)
		}
		rows, _ := tx.Query(ctx, `DELETE FROM events e USING unnest($1::bigint[], $2::date[]) AS o (id, date)
			WHERE e.id = o.id AND e.date = o.date RETURNING `+cellColumns("e."), ids, oldDates)
		if _, err := delta.subRows(rows); err != nil {
			return c, nil, fmt.Errorf("removing replaced events: %w", err)
		}
	}
	if err := s.insertRows(ctx, tx, "event_keys", keyColumns, keyRows); err != nil {
		return c, nil, err
	}
	if err := s.insertRows(ctx, tx, "events", eventColumns, eventRows); err != nil {
		return c, nil, err
	}
	if err := delta.apply(ctx, tx); err != nil {
		return c, nil, err
	}
	ids := make([]int64, len(events))
	for _, st := range states {
		for _, i := range st.events {
			ids[i] = st.id
		}
	}
	return c, ids, nil
}

// lockReplaced locks the stored rows of the keys to replace, in key order.
// A row changed since it was read is decided again from its locked state;
// the keys still to replace are returned. A row deleted meanwhile is a
// conflict: the transaction is retried.
func lockReplaced(ctx context.Context, tx pgx.Tx, states map[eventKey]*keyState, replaced []eventKey, events []*event.Event, hashes []string) ([]eventKey, error) {
	n := len(replaced)
	origins, originIDs := make([]string, n), make([]string, n)
	for i, k := range replaced {
		origins[i], originIDs[i] = k.origin, k.id
	}
	rows, _ := tx.Query(ctx, `SELECT k.origin, k.origin_id, k.id, k.row_hash, k.updated, k.date
		FROM event_keys k JOIN unnest($1::text[], $2::text[]) AS u (origin, origin_id)
		ON k.origin = u.origin AND k.origin_id = u.origin_id
		ORDER BY k.origin, k.origin_id FOR UPDATE OF k`, origins, originIDs)
	var k eventKey
	var id int64
	var hash string
	var updated *time.Time
	var date time.Time
	locked := 0
	if _, err := pgx.ForEachRow(rows, []any{&k.origin, &k.id, &id, &hash, &updated, &date}, func() error {
		locked++
		st := states[k]
		if id != st.id || hash != st.storedHash {
			st.id, st.storedHash, st.storedUpdated, st.storedDate = id, hash, utc(updated), date
			st.decide(events, hashes)
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("locking replaced events: %w", err)
	}
	if locked != n {
		return nil, errConflict
	}
	return slices.DeleteFunc(replaced, func(k eventKey) bool { return states[k].final < 0 }), nil
}

// DeleteEvents removes events of an origin by their dataset ids.
func (s *Store) DeleteEvents(ctx context.Context, origin string, ids []string) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	var n int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		// Every key has its events row, so the rows removed count both.
		rows, _ := tx.Query(ctx, `WITH k AS (DELETE FROM event_keys WHERE origin = $1 AND origin_id = ANY($2) RETURNING id, date)
			DELETE FROM events e USING k WHERE e.id = k.id AND e.date = k.date RETURNING `+cellColumns("e."), origin, ids)
		delta := newRollupDelta()
		var err error
		if n, err = delta.subRows(rows); err != nil {
			return err
		}
		return delta.apply(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("deleting events of %s: %w", origin, err)
	}
	return n, nil
}

// actorCond matches a code prefix on one side of an event, ignoring ASCII
// case as SQLite's LIKE does.
func actorCond(c *conds, side, prefix string) string {
	return "(" + side + "_code ILIKE " + c.next(likePrefix(prefix)) + ` ESCAPE '\' OR ` + side + "_country = " + c.next(prefix) + ")"
}

// ListEvents returns events newest first.
func (s *Store) ListEvents(ctx context.Context, q store.EventQuery) ([]event.Event, error) {
	var c conds
	if q.Origin != "" {
		c.add("origin = ?", q.Origin)
	}
	if q.Actor != "" {
		c.add("(" + actorCond(&c, "src", q.Actor) + " OR " + actorCond(&c, "tgt", q.Actor) + ")")
	}
	if q.DyadA != "" && q.DyadB != "" {
		fwd := "(" + actorCond(&c, "src", q.DyadA) + " AND " + actorCond(&c, "tgt", q.DyadB) + ")"
		if q.Directed {
			c.add(fwd)
		} else {
			c.add("(" + fwd + " OR (" + actorCond(&c, "src", q.DyadB) + " AND " + actorCond(&c, "tgt", q.DyadA) + "))")
		}
	}
	if q.Code != "" {
		c.add(`code LIKE ? ESCAPE '\'`, likePrefix(q.Code))
	}
	if q.Root != "" {
		c.add("root = ?", q.Root)
	}
	if q.Quad != 0 {
		c.add("quad = ?", q.Quad)
	}
	if !q.Since.IsZero() {
		c.add("date >= ?", day(q.Since))
	}
	if !q.Until.IsZero() {
		c.add("date < ?", day(q.Until))
	}
	if q.DocID != 0 {
		c.add("doc_id = ?", q.DocID)
	}
	sql := `SELECT ` + strings.Join(eventColumns, ", ") + ` FROM events` + c.where() +
		` ORDER BY date DESC, id DESC LIMIT ` + c.next(limit(q.Limit)) + ` OFFSET ` + c.next(max(q.Offset, 0))
	rows, err := s.pool.Query(ctx, sql, c.args...)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	defer rows.Close()
	var out []event.Event
	for rows.Next() {
		var e event.Event
		var lat, lon *float64
		var doc *int64
		var updated *time.Time
		var attrs []byte
		if err := rows.Scan(&e.ID, &e.Origin, &e.OriginID, &e.Date,
			&e.Source.Code, &e.Source.Country, &e.Source.Name, &e.Source.Raw, &e.Source.Sectors,
			&e.Target.Code, &e.Target.Country, &e.Target.Name, &e.Target.Raw, &e.Target.Sectors,
			&e.Code, &e.Root, &e.PLOVER, &e.PLOVERMode, &e.Goldstein, &e.Quad,
			&e.Location.Name, &e.Location.Country, &e.Location.ADM1, &lat, &lon, &e.Location.Precision,
			&e.URL, &e.Mentions, &e.Sources, &e.Articles, &e.Fatalities, &e.Tone, &doc, &updated, &attrs,
			&e.Evidence.Sentence.Start, &e.Evidence.Sentence.End, &e.Evidence.Trigger, &e.Evidence.SourceText, &e.Evidence.TargetText,
			&e.Evidence.Pattern, &e.Evidence.Confidence, &e.Evidence.DateSource, &e.Evidence.DateText); err != nil {
			return nil, fmt.Errorf("listing events: %w", err)
		}
		e.Date = e.Date.UTC()
		if lat != nil && lon != nil {
			e.Location.Lat, e.Location.Lon, e.Location.HasGeo = *lat, *lon, true
		}
		if doc != nil {
			e.DocID = *doc
		}
		e.Updated = utc(updated)
		if string(attrs) != "{}" {
			if err := json.Unmarshal(attrs, &e.Attrs); err != nil {
				return nil, fmt.Errorf("event %d: attributes: %w", e.ID, err)
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	return out, nil
}
