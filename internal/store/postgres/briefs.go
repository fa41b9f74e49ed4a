package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

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
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	defer tx.Rollback(ctx)
	err = tx.QueryRow(ctx, `INSERT INTO briefs (slug, title, subject, date, summary, reading_minutes, html, markdown, published)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (slug) DO UPDATE SET title = excluded.title, subject = excluded.subject, date = excluded.date,
			summary = excluded.summary, reading_minutes = excluded.reading_minutes, html = excluded.html,
			markdown = excluded.markdown, published = excluded.published
		RETURNING id`,
		b.Slug, b.Title, b.Subject, b.Date.UTC(), b.Summary, b.ReadingMinutes, b.HTML, b.Markdown, b.Published.UTC()).Scan(&b.ID)
	if err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	if _, err := tx.Exec(ctx, `DELETE FROM brief_topics WHERE brief_id = $1`, b.ID); err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	if len(b.Topics) > 0 {
		pos := make([]int32, len(b.Topics))
		for i := range pos {
			pos[i] = int32(i)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO brief_topics (brief_id, pos, topic) SELECT $1, p, t FROM unnest($2::int[], $3::text[]) AS u(p, t)`,
			b.ID, pos, b.Topics); err != nil {
			return fmt.Errorf("storing brief %s: topics: %w", b.Slug, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("storing brief %s: %w", b.Slug, err)
	}
	return nil
}

const briefTopicsCol = `COALESCE((SELECT array_agg(t.topic ORDER BY t.pos) FROM brief_topics t WHERE t.brief_id = briefs.id), '{}')`

// ListBriefs lists briefs newest first, without bodies.
func (s *Store) ListBriefs(ctx context.Context, q store.BriefQuery) ([]store.Brief, error) {
	sqlText := `SELECT id, slug, title, subject, date, summary, reading_minutes, published, ` + briefTopicsCol + ` FROM briefs`
	args := []any{}
	if q.Topic != "" {
		args = append(args, q.Topic)
		sqlText += ` WHERE EXISTS (SELECT 1 FROM brief_topics t WHERE t.brief_id = briefs.id AND lower(t.topic) = lower($1))`
	}
	args = append(args, limit(q.Limit), max(q.Offset, 0))
	sqlText += fmt.Sprintf(` ORDER BY date DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args))
	rows, err := s.pool.Query(ctx, sqlText, args...)
	if err != nil {
		return nil, fmt.Errorf("listing briefs: %w", err)
	}
	defer rows.Close()
	var out []store.Brief
	for rows.Next() {
		var b store.Brief
		if err := rows.Scan(&b.ID, &b.Slug, &b.Title, &b.Subject, &b.Date, &b.Summary, &b.ReadingMinutes, &b.Published, &b.Topics); err != nil {
			return nil, fmt.Errorf("listing briefs: %w", err)
		}
		b.Date, b.Published = b.Date.UTC(), b.Published.UTC()
		if len(b.Topics) == 0 {
			b.Topics = nil
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing briefs: %w", err)
	}
	return out, nil
}

// Brief returns one brief with its bodies.
func (s *Store) Brief(ctx context.Context, slug string) (store.Brief, error) {
	var b store.Brief
	err := s.pool.QueryRow(ctx, `SELECT id, slug, title, subject, date, summary, reading_minutes, html, markdown, published, `+briefTopicsCol+` FROM briefs WHERE slug = $1`, slug).
		Scan(&b.ID, &b.Slug, &b.Title, &b.Subject, &b.Date, &b.Summary, &b.ReadingMinutes, &b.HTML, &b.Markdown, &b.Published, &b.Topics)
	if errors.Is(err, pgx.ErrNoRows) {
		return b, fmt.Errorf("brief %q: %w", slug, store.ErrNotFound)
	}
	if err != nil {
		return b, fmt.Errorf("reading brief %q: %w", slug, err)
	}
	b.Date, b.Published = b.Date.UTC(), b.Published.UTC()
	if len(b.Topics) == 0 {
		b.Topics = nil
	}
	return b, nil
}
