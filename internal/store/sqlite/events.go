package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

const dayLayout = "2006-01-02"

var eventColumns = []string{"origin", "origin_id", "date",
	"src_code", "src_country", "src_name", "src_raw", "src_sectors",
	"tgt_code", "tgt_country", "tgt_name", "tgt_raw", "tgt_sectors",
	"code", "root", "plover", "plover_mode", "goldstein", "quad",
	"loc_name", "loc_country", "loc_adm1", "lat", "lon", "loc_precision",
	"url", "mentions", "sources", "articles", "fatalities", "tone", "doc_id", "updated", "attrs",
	"sent_start", "sent_end", "trigger", "src_text", "tgt_text", "pattern", "confidence", "date_source", "date_text",
	"row_hash"}

func eventArgs(e *event.Event, hash string) []any {
	var lat, lon any
	if e.Location.HasGeo {
		lat, lon = e.Location.Lat, e.Location.Lon
	}
	var doc any
	if e.DocID != 0 {
		doc = e.DocID
	}
	attrs := "{}"
	if len(e.Attrs) > 0 {
		b, _ := json.Marshal(e.Attrs)
		attrs = string(b)
	}
	return []any{e.Origin, e.OriginID, e.Date.UTC().Format(dayLayout),
		e.Source.Code, e.Source.Country, e.Source.Name, e.Source.Raw, e.Source.Sectors,
		e.Target.Code, e.Target.Country, e.Target.Name, e.Target.Raw, e.Target.Sectors,
		e.Code, e.Root, e.PLOVER, e.PLOVERMode, e.Goldstein, e.Quad,
		e.Location.Name, e.Location.Country, e.Location.ADM1, lat, lon, e.Location.Precision,
		e.URL, e.Mentions, e.Sources, e.Articles, e.Fatalities, e.Tone, doc, nullTime(e.Updated), attrs,
		e.Evidence.Sentence.Start, e.Evidence.Sentence.End, e.Evidence.Trigger, e.Evidence.SourceText, e.Evidence.TargetText,
		e.Evidence.Pattern, e.Evidence.Confidence, e.Evidence.DateSource, e.Evidence.DateText,
		hash}
}

// PutEvents stores events; see store.Events for the contract.
func (s *Store) PutEvents(ctx context.Context, events []*event.Event) (store.EventCounts, error) {
	var c store.EventCounts
	if len(events) == 0 {
		return c, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return c, fmt.Errorf("storing events: %w", err)
	}
	defer tx.Rollback()
	lookup, err := tx.PrepareContext(ctx, `SELECT id, row_hash, updated, `+cellColumns+` FROM events WHERE origin = ? AND origin_id = ?`)
	if err != nil {
		return c, fmt.Errorf("storing events: %w", err)
	}
	defer lookup.Close()
	insert, err := tx.PrepareContext(ctx, `INSERT INTO events (`+strings.Join(eventColumns, ", ")+`) VALUES (`+placeholders(len(eventColumns))+`)`)
	if err != nil {
		return c, fmt.Errorf("storing events: %w", err)
	}
	defer insert.Close()
	update, err := tx.PrepareContext(ctx, `UPDATE events SET `+strings.Join(eventColumns, " = ?, ")+` = ? WHERE id = ?`)
	if err != nil {
		return c, fmt.Errorf("storing events: %w", err)
	}
	defer update.Close()
	delta := newRollupDelta()
	for _, e := range events {
		if e.Origin == "" || e.OriginID == "" {
			return c, fmt.Errorf("storing events: event without origin or id: %+v", e)
		}
		hash := store.EventHash(e)
		var id int64
		var oldHash string
		var oldUpdated sql.NullString
		var old cell
		var oldG float64
		err := lookup.QueryRowContext(ctx, e.Origin, e.OriginID).Scan(&id, &oldHash, &oldUpdated,
			&old.src, &old.tgt, &old.day, &old.origin, &old.root, &old.quad, &oldG)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			res, err := insert.ExecContext(ctx, eventArgs(e, hash)...)
			if err != nil {
				return c, fmt.Errorf("storing event %s: %w", e.Key(), err)
			}
			e.ID, _ = res.LastInsertId()
			delta.addEvent(e)
			c.Added++
		case err != nil:
			return c, fmt.Errorf("storing event %s: %w", e.Key(), err)
		case oldHash == hash || e.Updated.Before(parseTime(oldUpdated)):
			e.ID = id
			c.Unchanged++
		default:
			if _, err := update.ExecContext(ctx, append(eventArgs(e, hash), id)...); err != nil {
				return c, fmt.Errorf("replacing event %s: %w", e.Key(), err)
			}
			delta.add(old, oldG, -1)
			delta.addEvent(e)
			e.ID = id
			c.Replaced++
		}
	}
	if err := delta.apply(ctx, tx, s.names, s.dayChunkCells()); err != nil {
		return store.EventCounts{}, fmt.Errorf("storing events: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return store.EventCounts{}, fmt.Errorf("storing events: %w", err)
	}
	return c, nil
}

// DeleteEvents removes events of an origin by their dataset ids.
func (s *Store) DeleteEvents(ctx context.Context, origin string, ids []string) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("deleting events: %w", err)
	}
	defer tx.Rollback()
	del, err := tx.PrepareContext(ctx, `DELETE FROM events WHERE origin = ? AND origin_id = ? RETURNING `+cellColumns)
	if err != nil {
		return 0, fmt.Errorf("deleting events: %w", err)
	}
	defer del.Close()
	delta := newRollupDelta()
	n := 0
	for _, id := range ids {
		rows, err := del.QueryContext(ctx, origin, id)
		if err != nil {
			return 0, fmt.Errorf("deleting event %s:%s: %w", origin, id, err)
		}
		k, err := delta.subRows(rows)
		if err != nil {
			return 0, fmt.Errorf("deleting event %s:%s: %w", origin, id, err)
		}
		n += k
	}
	if err := delta.apply(ctx, tx, s.names, s.dayChunkCells()); err != nil {
		return 0, fmt.Errorf("deleting events: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("deleting events: %w", err)
	}
	return n, nil
}

// actorCond matches a code prefix on one side of an event.
func actorCond(side, prefix string) (string, []any) {
	return "(" + side + "_code LIKE ? ESCAPE '\\' OR " + side + "_country = ?)", []any{likePrefix(prefix), prefix}
}

func likePrefix(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s) + "%"
}

// ListEvents returns events newest first.
func (s *Store) ListEvents(ctx context.Context, q store.EventQuery) ([]event.Event, error) {
	var conds []string
	var args []any
	add := func(c string, a ...any) {
		conds = append(conds, c)
		args = append(args, a...)
	}
	if q.Origin != "" {
		add("origin = ?", q.Origin)
	}
	if q.Actor != "" {
		sc, sa := actorCond("src", q.Actor)
		tc, ta := actorCond("tgt", q.Actor)
		add("("+sc+" OR "+tc+")", append(sa, ta...)...)
	}
	if q.DyadA != "" && q.DyadB != "" {
		ac, aa := actorCond("src", q.DyadA)
		bc, ba := actorCond("tgt", q.DyadB)
		fwd, fargs := "("+ac+" AND "+bc+")", append(aa, ba...)
		if q.Directed {
			add(fwd, fargs...)
		} else {
			rc, ra := actorCond("src", q.DyadB)
			tc, ta := actorCond("tgt", q.DyadA)
			add("("+fwd+" OR ("+rc+" AND "+tc+"))", append(append(fargs, ra...), ta...)...)
		}
	}
	if q.Code != "" {
		add("code LIKE ? ESCAPE '\\'", likePrefix(q.Code))
	}
	if q.Root != "" {
		add("root = ?", q.Root)
	}
	if q.Quad != 0 {
		add("quad = ?", q.Quad)
	}
	if !q.Since.IsZero() {
		add("date >= ?", q.Since.UTC().Format(dayLayout))
	}
	if !q.Until.IsZero() {
		add("date < ?", q.Until.UTC().Format(dayLayout))
	}
	if q.DocID != 0 {
		add("doc_id = ?", q.DocID)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	args = append(args, limit(q.Limit), max(q.Offset, 0))
	rows, err := s.db.QueryContext(ctx, `SELECT id, `+strings.Join(eventColumns[:len(eventColumns)-1], ", ")+
		` FROM events`+where+` ORDER BY date DESC, id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	defer rows.Close()
	var out []event.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	return out, nil
}

// PutMentions stores event–article links once each.
func (s *Store) PutMentions(ctx context.Context, ms []*event.Mention) (int, error) {
	if len(ms) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storing mentions: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO mentions (origin, event_id, url, time, source_name, type, confidence, tone, doc_len, char_offset)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("storing mentions: %w", err)
	}
	defer st.Close()
	n := 0
	for _, m := range ms {
		res, err := st.ExecContext(ctx, m.Origin, m.EventID, m.URL, nullTime(m.Time), m.SourceName, m.Type, m.Confidence, m.Tone, m.DocLen, m.CharOffset)
		if err != nil {
			return 0, fmt.Errorf("storing mention of %s:%s: %w", m.Origin, m.EventID, err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("storing mentions: %w", err)
	}
	return n, nil
}

// Mentions returns the articles that report an event.
func (s *Store) Mentions(ctx context.Context, origin, eventID string) ([]event.Mention, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT origin, event_id, url, time, source_name, type, confidence, tone, doc_len, char_offset
		FROM mentions WHERE origin = ? AND event_id = ? ORDER BY time, url`, origin, eventID)
	if err != nil {
		return nil, fmt.Errorf("reading mentions of %s:%s: %w", origin, eventID, err)
	}
	defer rows.Close()
	var out []event.Mention
	for rows.Next() {
		var m event.Mention
		var t sql.NullString
		if err := rows.Scan(&m.Origin, &m.EventID, &m.URL, &t, &m.SourceName, &m.Type, &m.Confidence, &m.Tone, &m.DocLen, &m.CharOffset); err != nil {
			return nil, fmt.Errorf("reading mentions: %w", err)
		}
		m.Time = parseTime(t)
		out = append(out, m)
	}
	return out, rows.Err()
}

// PutArticleMeta stores knowledge-graph rows once each.
func (s *Store) PutArticleMeta(ctx context.Context, as []*event.ArticleMeta) (int, error) {
	if len(as) == 0 {
		return 0, nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("storing article metadata: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO article_meta (origin, record_id, date, url, source_name, themes, persons, organizations, locations, tone, attrs)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		return 0, fmt.Errorf("storing article metadata: %w", err)
	}
	defer st.Close()
	n := 0
	for _, a := range as {
		res, err := st.ExecContext(ctx, a.Origin, a.RecordID, nullTime(a.Date), a.URL, a.SourceName,
			jsonOf(a.Themes, "[]"), jsonOf(a.Persons, "[]"), jsonOf(a.Organizations, "[]"), jsonOf(a.Locations, "[]"), a.Tone, jsonOf(a.Attrs, "{}"))
		if err != nil {
			return 0, fmt.Errorf("storing article metadata %s:%s: %w", a.Origin, a.RecordID, err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("storing article metadata: %w", err)
	}
	return n, nil
}

func jsonOf[T any](v T, empty string) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return empty
	}
	return string(b)
}

// ArticleMeta returns the knowledge-graph rows about a URL.
func (s *Store) ArticleMeta(ctx context.Context, url string) ([]event.ArticleMeta, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT origin, record_id, date, url, source_name, themes, persons, organizations, locations, tone, attrs
		FROM article_meta WHERE url = ? ORDER BY date, record_id`, url)
	if err != nil {
		return nil, fmt.Errorf("reading article metadata of %s: %w", url, err)
	}
	defer rows.Close()
	var out []event.ArticleMeta
	for rows.Next() {
		var a event.ArticleMeta
		var d sql.NullString
		var themes, persons, orgs, locs, attrs string
		if err := rows.Scan(&a.Origin, &a.RecordID, &d, &a.URL, &a.SourceName, &themes, &persons, &orgs, &locs, &a.Tone, &attrs); err != nil {
			return nil, fmt.Errorf("reading article metadata: %w", err)
		}
		a.Date = parseTime(d)
		for _, f := range []struct {
			s string
			v any
		}{{themes, &a.Themes}, {persons, &a.Persons}, {orgs, &a.Organizations}, {locs, &a.Locations}, {attrs, &a.Attrs}} {
			if err := json.Unmarshal([]byte(f.s), f.v); err != nil {
				return nil, fmt.Errorf("reading article metadata %s: %w", a.RecordID, err)
			}
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ImportedFile reports whether a dataset file was imported.
func (s *Store) ImportedFile(ctx context.Context, name string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM imported_files WHERE name = ?`, name).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("checking imported file %s: %w", name, err)
	}
	return n > 0, nil
}

// MarkImported records a dataset file as imported.
func (s *Store) MarkImported(ctx context.Context, name string, rows int) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO imported_files (name, rows, imported_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET rows = excluded.rows, imported_at = excluded.imported_at`, name, rows, formatTime(time.Now()))
	if err != nil {
		return fmt.Errorf("recording imported file %s: %w", name, err)
	}
	return nil
}
