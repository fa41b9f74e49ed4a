package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

// PutBrief stores a brief, replacing the one stored under its slug.
func (s *Store) PutBrief(ctx context.Context, b *store.Brief) error {
	if err := store.CheckBrief(b); err != nil {
		return err
	}
	if b.Published.IsZero() {
		b.Published = time.Now().UTC()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `INSERT INTO briefs (slug, title, subject, date, summary, reading_minutes, html, markdown, published)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (slug) DO UPDATE SET title = excluded.title, subject = excluded.subject, date = excluded.date,
			summary = excluded.summary, reading_minutes = excluded.reading_minutes, html = excluded.html,
			markdown = excluded.markdown, published = excluded.published
		RETURNING id`,
		b.Slug, b.Title, b.Subject, formatTime(b.Date), b.Summary, b.ReadingMinutes, b.HTML, b.Markdown, formatTime(b.Published)).Scan(&b.ID)
	if err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM brief_topics WHERE brief_id = ?`, b.ID); err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	for i, t := range b.Topics {
		if _, err := tx.ExecContext(ctx, `INSERT INTO brief_topics (brief_id, pos, topic) VALUES (?, ?, ?)`, b.ID, i, t); err != nil {
			return fmt.Errorf("storing brief %s: topic %q: %w", b.Slug, t, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	return nil
}

// ListBriefs lists briefs newest first, without bodies.
func (s *Store) ListBriefs(ctx context.Context, q store.BriefQuery) ([]store.Brief, error) {
	sqlText := `SELECT id, slug, title, subject, date, summary, reading_minutes, published FROM briefs`
	var args []any
	if q.Topic != "" {
		sqlText += ` WHERE EXISTS (SELECT 1 FROM brief_topics t WHERE t.brief_id = briefs.id AND lower(t.topic) = lower(?))`
		args = append(args, q.Topic)
	}
	lim := q.Limit
	if lim <= 0 {
		lim = 50
	}
	sqlText += ` ORDER BY date DESC, id DESC LIMIT ? OFFSET ?`
	args = append(args, lim, max(q.Offset, 0))
	rows, err := s.db.QueryContext(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("listing briefs: %w", err)
	}
	defer rows.Close()
	var out []store.Brief
	for rows.Next() {
		var b store.Brief
		var date, pub sql.NullString
		if err := rows.Scan(&b.ID, &b.Slug, &b.Title, &b.Subject, &date, &b.Summary, &b.ReadingMinutes, &pub); err != nil {
			return nil, fmt.Errorf("listing briefs: %w", err)
		}
		b.Date, b.Published = parseTime(date), parseTime(pub)
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing briefs: %w", err)
	}
	if err := s.briefTopics(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

func (s *Store) briefTopics(ctx context.Context, bs []store.Brief) error {
	if len(bs) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]any, len(bs))
	for i, b := range bs {
		idx[b.ID], ids[i] = i, b.ID
	}
	rows, err := s.db.QueryContext(ctx, `SELECT brief_id, topic FROM brief_topics WHERE brief_id IN (?`+strings.Repeat(", ?", len(ids)-1)+`) ORDER BY brief_id, pos`, ids...)
	if err != nil {
		return fmt.Errorf("reading brief topics: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t string
		if err := rows.Scan(&id, &t); err != nil {
			return fmt.Errorf("reading brief topics: %w", err)
		}
		bs[idx[id]].Topics = append(bs[idx[id]].Topics, t)
	}
	return rows.Err()
}

// Brief returns one brief with its bodies.
func (s *Store) Brief(ctx context.Context, slug string) (store.Brief, error) {
	var b store.Brief
	var date, pub sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT id, slug, title, subject, date, summary, reading_minutes, html, markdown, published FROM briefs WHERE slug = ?`, slug).
		Scan(&b.ID, &b.Slug, &b.Title, &b.Subject, &date, &b.Summary, &b.ReadingMinutes, &b.HTML, &b.Markdown, &pub)
	if errors.Is(err, sql.ErrNoRows) {
		return b, fmt.Errorf("brief %q: %w", slug, store.ErrNotFound)
	}
	if err != nil {
		return b, fmt.Errorf("reading brief %q: %w", slug, err)
	}
	b.Date, b.Published = parseTime(date), parseTime(pub)
	bs := []store.Brief{b}
	if err := s.briefTopics(ctx, bs); err != nil {
		return b, err
	}
	return bs[0], nil
}
