package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// PutCoded replaces what was coded from each document.
func (s *Store) PutCoded(ctx context.Context, docs []store.CodedDoc) error {
	if len(docs) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("storing coded results: %w", err)
	}
	defer tx.Rollback()
	prep := func(q string) (*sql.Stmt, error) { return tx.PrepareContext(ctx, q) }
	var stmts []*sql.Stmt
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	queries := []string{
		`DELETE FROM events WHERE origin = 'coded' AND doc_id = ? RETURNING ` + cellColumns,
		`DELETE FROM quotes WHERE doc_id = ?`,
		`DELETE FROM judgments WHERE doc_id = ?`,
		`INSERT INTO events (` + strings.Join(eventColumns, ", ") + `) VALUES (` + placeholders(len(eventColumns)) + `)`,
		`INSERT INTO quotes (doc_id, speaker_code, speaker_country, speaker_name, speaker_text, text, start, end, sent_start, sent_end, date)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO judgments (doc_id, author, term, band, low, high, subject, claim, start, end, date)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT INTO coded_docs (doc_id, version, coded_at) VALUES (?, ?, ?)
			ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version, coded_at = excluded.coded_at`,
	}
	for _, q := range queries {
		st, err := prep(q)
		if err != nil {
			return fmt.Errorf("storing coded results: %w", err)
		}
		stmts = append(stmts, st)
	}
	delEvents, delQuotes, delJudgments, insEvent, insQuote, insJudgment, mark := stmts[0], stmts[1], stmts[2], stmts[3], stmts[4], stmts[5], stmts[6]
	now := formatTime(time.Now())
	delta := newRollupDelta()
	for _, d := range docs {
		rows, err := delEvents.QueryContext(ctx, d.DocID)
		if err != nil {
			return fmt.Errorf("clearing coded events of document %d: %w", d.DocID, err)
		}
		if _, err := delta.subRows(rows); err != nil {
			return fmt.Errorf("clearing coded events of document %d: %w", d.DocID, err)
		}
		for _, st := range []*sql.Stmt{delQuotes, delJudgments} {
			if _, err := st.ExecContext(ctx, d.DocID); err != nil {
				return fmt.Errorf("clearing coded results of document %d: %w", d.DocID, err)
			}
		}
		for i, e := range d.Events {
			e.Origin, e.DocID, e.OriginID = event.OriginCoded, d.DocID, fmt.Sprintf("%d:%d", d.DocID, i)
			res, err := insEvent.ExecContext(ctx, eventArgs(e, store.EventHash(e))...)
			if err != nil {
				return fmt.Errorf("storing event %s of document %d: %w", e.OriginID, d.DocID, err)
			}
			e.ID, _ = res.LastInsertId()
			delta.addEvent(e)
		}
		for _, q := range d.Quotes {
			q.DocID = d.DocID
			res, err := insQuote.ExecContext(ctx, d.DocID, q.Speaker.Code, q.Speaker.Country, q.Speaker.Name, q.SpeakerText, q.Text,
				q.Span.Start, q.Span.End, q.Sentence.Start, q.Sentence.End, nullDay(q.Date))
			if err != nil {
				return fmt.Errorf("storing a quote of document %d: %w", d.DocID, err)
			}
			q.ID, _ = res.LastInsertId()
		}
		for _, j := range d.Judgments {
			j.DocID = d.DocID
			res, err := insJudgment.ExecContext(ctx, d.DocID, j.Author, j.Term, j.Band, j.Low, j.High, j.Subject, j.Claim,
				j.Span.Start, j.Span.End, nullDay(j.Date))
			if err != nil {
				return fmt.Errorf("storing a judgment of document %d: %w", d.DocID, err)
			}
			j.ID, _ = res.LastInsertId()
		}
		if _, err := mark.ExecContext(ctx, d.DocID, d.Version, now); err != nil {
			return fmt.Errorf("recording the coding of document %d: %w", d.DocID, err)
		}
	}
	if err := delta.apply(ctx, tx, s.names, s.dayChunkCells()); err != nil {
		return fmt.Errorf("storing coded results: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("storing coded results: %w", err)
	}
	return nil
}

func nullDay(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(dayLayout)
}

func parseDay(s sql.NullString) time.Time {
	if !s.Valid {
		return time.Time{}
	}
	t, _ := time.Parse(dayLayout, s.String)
	return t
}

func textFilter(q store.TextQuery, whoCol string) (string, []any) {
	var conds []string
	var args []any
	if q.DocID != 0 {
		conds = append(conds, "doc_id = ?")
		args = append(args, q.DocID)
	}
	if q.Who != "" {
		conds = append(conds, whoCol+" LIKE ? ESCAPE '\\'")
		args = append(args, likePrefix(q.Who))
	}
	if !q.Since.IsZero() {
		conds = append(conds, "date >= ?")
		args = append(args, q.Since.UTC().Format(dayLayout))
	}
	if !q.Until.IsZero() {
		conds = append(conds, "date < ?")
		args = append(args, q.Until.UTC().Format(dayLayout))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	return where, append(args, limit(q.Limit), max(q.Offset, 0))
}

// ListQuotes returns quotes, newest first.
func (s *Store) ListQuotes(ctx context.Context, q store.TextQuery) ([]event.Quote, error) {
	where, args := textFilter(q, "speaker_code")
	rows, err := s.db.QueryContext(ctx, `SELECT id, doc_id, speaker_code, speaker_country, speaker_name, speaker_text, text,
		start, end, sent_start, sent_end, date FROM quotes`+where+` ORDER BY date DESC, id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing quotes: %w", err)
	}
	defer rows.Close()
	var out []event.Quote
	for rows.Next() {
		var x event.Quote
		var d sql.NullString
		if err := rows.Scan(&x.ID, &x.DocID, &x.Speaker.Code, &x.Speaker.Country, &x.Speaker.Name, &x.SpeakerText, &x.Text,
			&x.Span.Start, &x.Span.End, &x.Sentence.Start, &x.Sentence.End, &d); err != nil {
			return nil, fmt.Errorf("listing quotes: %w", err)
		}
		x.Date = parseDay(d)
		out = append(out, x)
	}
	return out, rows.Err()
}

// ListJudgments returns judgments, newest first.
func (s *Store) ListJudgments(ctx context.Context, q store.TextQuery) ([]event.Judgment, error) {
	where, args := textFilter(q, "author")
	rows, err := s.db.QueryContext(ctx, `SELECT id, doc_id, author, term, band, low, high, subject, claim, start, end, date
		FROM judgments`+where+` ORDER BY date DESC, id LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing judgments: %w", err)
	}
	defer rows.Close()
	var out []event.Judgment
	for rows.Next() {
		var j event.Judgment
		var d sql.NullString
		if err := rows.Scan(&j.ID, &j.DocID, &j.Author, &j.Term, &j.Band, &j.Low, &j.High, &j.Subject, &j.Claim,
			&j.Span.Start, &j.Span.End, &d); err != nil {
			return nil, fmt.Errorf("listing judgments: %w", err)
		}
		j.Date = parseDay(d)
		out = append(out, j)
	}
	return out, rows.Err()
}

// DocsToCode returns documents not coded by version, in ID order.
func (s *Store) DocsToCode(ctx context.Context, after int64, lim int, version string) ([]event.Document, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns("d.")+`, d.body FROM documents d
		LEFT JOIN coded_docs c ON c.doc_id = d.id
		WHERE d.id > ? AND (? = '' OR c.version IS NULL OR c.version <> ?)
		ORDER BY d.id LIMIT ?`, after, version, version, limit(lim))
	if err != nil {
		return nil, fmt.Errorf("finding documents to code: %w", err)
	}
	defer rows.Close()
	var out []event.Document
	for rows.Next() {
		var body string
		d, err := scanDoc(rows, &body)
		if err != nil {
			return nil, fmt.Errorf("finding documents to code: %w", err)
		}
		d.Body = body
		out = append(out, d)
	}
	return out, rows.Err()
}
