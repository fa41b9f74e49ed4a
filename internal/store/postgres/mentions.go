package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
)

// timePtr is t in UTC, or nil when t is zero: an element of a nullable
// timestamptz array.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

// PutMentions stores event–article links once each, in one statement over
// arrays of the fields.
func (s *Store) PutMentions(ctx context.Context, ms []*event.Mention) (int, error) {
	if len(ms) == 0 {
		return 0, nil
	}
	n := len(ms)
	origins, eventIDs, urls, sources := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	times := make([]*time.Time, n)
	types, confs, lens, offsets := make([]int32, n), make([]int32, n), make([]int32, n), make([]int32, n)
	tones := make([]float64, n)
	for i, m := range ms {
		origins[i], eventIDs[i], urls[i], sources[i] = m.Origin, m.EventID, m.URL, m.SourceName
		times[i] = timePtr(m.Time)
		types[i], confs[i], lens[i], offsets[i] = int32(m.Type), int32(m.Confidence), int32(m.DocLen), int32(m.CharOffset)
		tones[i] = m.Tone
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO mentions (origin, event_id, url, time, source_name, type, confidence, tone, doc_len, char_offset)
		SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::int[], $7::int[], $8::float8[], $9::int[], $10::int[])
		ON CONFLICT DO NOTHING`, origins, eventIDs, urls, times, sources, types, confs, tones, lens, offsets)
	if err != nil {
		return 0, fmt.Errorf("storing mentions: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// Mentions returns the articles that report an event, oldest first.
func (s *Store) Mentions(ctx context.Context, origin, eventID string) ([]event.Mention, error) {
	rows, _ := s.pool.Query(ctx, `SELECT origin, event_id, url, time, source_name, type, confidence, tone, doc_len, char_offset
		FROM mentions WHERE origin = $1 AND event_id = $2 ORDER BY time NULLS FIRST, url COLLATE "C"`, origin, eventID)
	var out []event.Mention
	var m event.Mention
	var t *time.Time
	_, err := pgx.ForEachRow(rows, []any{&m.Origin, &m.EventID, &m.URL, &t, &m.SourceName, &m.Type, &m.Confidence, &m.Tone, &m.DocLen, &m.CharOffset},
		func() error {
			m.Time = utc(t)
			out = append(out, m)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reading mentions of %s:%s: %w", origin, eventID, err)
	}
	return out, nil
}

// jsonOf is v as JSON, or empty when it is nil.
func jsonOf[T any](v T, empty string) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "null" {
		return empty
	}
	return string(b)
}

// PutArticleMeta stores knowledge-graph rows once each.
func (s *Store) PutArticleMeta(ctx context.Context, as []*event.ArticleMeta) (int, error) {
	if len(as) == 0 {
		return 0, nil
	}
	n := len(as)
	origins, records, urls, sources := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	themes, persons, orgs, locs, attrs := make([]string, n), make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	dates := make([]*time.Time, n)
	tones := make([]float64, n)
	for i, a := range as {
		origins[i], records[i], urls[i], sources[i] = a.Origin, a.RecordID, a.URL, a.SourceName
		dates[i], tones[i] = timePtr(a.Date), a.Tone
		themes[i], persons[i], orgs[i] = jsonOf(a.Themes, "[]"), jsonOf(a.Persons, "[]"), jsonOf(a.Organizations, "[]")
		locs[i], attrs[i] = jsonOf(a.Locations, "[]"), jsonOf(a.Attrs, "{}")
	}
	tag, err := s.pool.Exec(ctx, `INSERT INTO article_meta (origin, record_id, date, url, source_name, themes, persons, organizations, locations, tone, attrs)
		SELECT o, r, d, u, sn, th::jsonb, pe::jsonb, org::jsonb, lo::jsonb, t, at::jsonb
		FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::float8[], $11::text[])
			AS a (o, r, d, u, sn, th, pe, org, lo, t, at)
		ON CONFLICT DO NOTHING`, origins, records, dates, urls, sources, themes, persons, orgs, locs, tones, attrs)
	if err != nil {
		return 0, fmt.Errorf("storing article metadata: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// ArticleMeta returns the knowledge-graph rows about a URL.
func (s *Store) ArticleMeta(ctx context.Context, url string) ([]event.ArticleMeta, error) {
	rows, _ := s.pool.Query(ctx, `SELECT origin, record_id, date, url, source_name, themes, persons, organizations, locations, tone, attrs
		FROM article_meta WHERE url = $1 ORDER BY date NULLS FIRST, record_id COLLATE "C"`, url)
	var out []event.ArticleMeta
	var d *time.Time
	var a event.ArticleMeta
	var themes, persons, orgs, locs, attrs []byte
	_, err := pgx.ForEachRow(rows, []any{&a.Origin, &a.RecordID, &d, &a.URL, &a.SourceName, &themes, &persons, &orgs, &locs, &a.Tone, &attrs},
		func() error {
			x := a
			x.Date = utc(d)
			for _, f := range []struct {
				b []byte
				v any
			}{{themes, &x.Themes}, {persons, &x.Persons}, {orgs, &x.Organizations}, {locs, &x.Locations}, {attrs, &x.Attrs}} {
				if err := json.Unmarshal(f.b, f.v); err != nil {
					return fmt.Errorf("record %s: %w", x.RecordID, err)
				}
			}
			out = append(out, x)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("reading article metadata of %s: %w", url, err)
	}
	return out, nil
}

// ImportedFile reports whether a dataset file was imported.
func (s *Store) ImportedFile(ctx context.Context, name string) (bool, error) {
	var ok bool
	err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM imported_files WHERE name = $1)`, name).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("checking imported file %s: %w", name, err)
	}
	return ok, nil
}

// MarkImported records a dataset file as imported.
func (s *Store) MarkImported(ctx context.Context, name string, rows int) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO imported_files (name, rows, imported_at) VALUES ($1, $2, now())
		ON CONFLICT (name) DO UPDATE SET rows = excluded.rows, imported_at = excluded.imported_at`, name, rows)
	if err != nil {
		return fmt.Errorf("recording imported file %s: %w", name, err)
	}
	return nil
}
