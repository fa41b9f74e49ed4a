package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

var (
	// insertCoded adds a coded event: its key (drawing the ID) and its row.
	// Its parameters are the events row without the ID ($n is column n of
	// eventColumns), then the row hash.
	insertCoded = `WITH k AS (INSERT INTO event_keys (origin, origin_id, date, doc_id, updated, row_hash)
			VALUES ($1, $2, $3, $32, $33, $44) RETURNING id)
		INSERT INTO events (` + strings.Join(eventColumns, ", ") + `) SELECT k.id, ` + params(1, len(eventColumns)-1) + ` FROM k RETURNING id`
	deleteCoded = `WITH k AS (DELETE FROM event_keys WHERE origin = 'coded' AND doc_id = $1 RETURNING id, date)
		DELETE FROM events e USING k WHERE e.id = k.id AND e.date = k.date`
	insertQuote = `INSERT INTO quotes (doc_id, speaker_code, speaker_country, speaker_name, speaker_text, text,
			span_start, span_end, sent_start, sent_end, date)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`
	insertJudgment = `INSERT INTO judgments (doc_id, author, term, band, low, high, subject, claim, span_start, span_end, date)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`
	markCoded = `INSERT INTO coded_docs (doc_id, version, coded_at) VALUES ($1, $2, now())
		ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version, coded_at = excluded.coded_at`
)

// PutCoded replaces what was coded from each document. The statements of
// the whole call, in order, go to the server as one pipelined batch; a
// call that loses a race with another coding the same document is retried.
func (s *Store) PutCoded(ctx context.Context, docs []store.CodedDoc) error {
	if len(docs) == 0 {
		return nil
	}
	var all []*event.Event
	for _, d := range docs {
		for i, e := range d.Events {
			e.Origin, e.DocID, e.OriginID = event.OriginCoded, d.DocID, fmt.Sprintf("%d:%d", d.DocID, i)
			all = append(all, e)
		}
		for _, q := range d.Quotes {
			q.DocID = d.DocID
		}
		for _, j := range d.Judgments {
			j.DocID = d.DocID
		}
	}
	hashes := hashAll(all)
	if err := s.ensurePartitions(ctx, all); err != nil {
		return fmt.Errorf("storing coded results: %w", err)
	}
	var eventIDs, quoteIDs, judgmentIDs []int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		eventIDs, quoteIDs, judgmentIDs = eventIDs[:0], quoteIDs[:0], judgmentIDs[:0]
		var b pgx.Batch
		n := 0
		for _, d := range docs {
			b.Queue(deleteCoded, d.DocID)
			b.Queue(`DELETE FROM quotes WHERE doc_id = $1`, d.DocID)
			b.Queue(`DELETE FROM judgments WHERE doc_id = $1`, d.DocID)
			for _, e := range d.Events {
				b.Queue(insertCoded, append(eventRow(e, 0)[1:], hashes[n])...).QueryRow(func(r pgx.Row) error {
					eventIDs = append(eventIDs, 0)
					return r.Scan(&eventIDs[len(eventIDs)-1])
				})
				n++
			}
			for _, q := range d.Quotes {
				b.Queue(insertQuote, d.DocID, q.Speaker.Code, q.Speaker.Country, q.Speaker.Name, q.SpeakerText, q.Text,
					q.Span.Start, q.Span.End, q.Sentence.Start, q.Sentence.End, nullDay(q.Date)).QueryRow(func(r pgx.Row) error {
					quoteIDs = append(quoteIDs, 0)
					return r.Scan(&quoteIDs[len(quoteIDs)-1])
				})
			}
			for _, j := range d.Judgments {
				b.Queue(insertJudgment, d.DocID, j.Author, j.Term, j.Band, j.Low, j.High, j.Subject, j.Claim,
					j.Span.Start, j.Span.End, nullDay(j.Date)).QueryRow(func(r pgx.Row) error {
					judgmentIDs = append(judgmentIDs, 0)
					return r.Scan(&judgmentIDs[len(judgmentIDs)-1])
				})
			}
			b.Queue(markCoded, d.DocID, d.Version)
		}
		return tx.SendBatch(ctx, &b).Close()
	})
	if err != nil {
		return fmt.Errorf("storing coded results: %w", err)
	}
	for i, e := range all {
		e.ID = eventIDs[i]
	}
	var qi, ji int
	for _, d := range docs {
		for _, q := range d.Quotes {
			q.ID, qi = quoteIDs[qi], qi+1
		}
		for _, j := range d.Judgments {
			j.ID, ji = judgmentIDs[ji], ji+1
		}
	}
	return nil
}

// textFilter builds the conditions of ListQuotes and ListJudgments; Who
// matches whoCol by prefix, ignoring case as SQLite's LIKE does.
func textFilter(q store.TextQuery, whoCol string) conds {
	var c conds
	if q.DocID != 0 {
		c.add("doc_id = ?", q.DocID)
	}
	if q.Who != "" {
		c.add(whoCol+` ILIKE ? ESCAPE '\'`, likePrefix(q.Who))
	}
	if !q.Since.IsZero() {
		c.add("date >= ?", day(q.Since))
	}
	if !q.Until.IsZero() {
		c.add("date < ?", day(q.Until))
	}
	return c
}

// ListQuotes returns quotes, newest first (undated last).
func (s *Store) ListQuotes(ctx context.Context, q store.TextQuery) ([]event.Quote, error) {
	c := textFilter(q, "speaker_code")
	rows, _ := s.pool.Query(ctx, `SELECT id, doc_id, speaker_code, speaker_country, speaker_name, speaker_text, text,
		span_start, span_end, sent_start, sent_end, date FROM quotes`+c.where()+`
		ORDER BY date DESC NULLS LAST, id LIMIT `+c.next(limit(q.Limit))+` OFFSET `+c.next(max(q.Offset, 0)), c.args...)
	var out []event.Quote
	var x event.Quote
	var d *time.Time
	_, err := pgx.ForEachRow(rows, []any{&x.ID, &x.DocID, &x.Speaker.Code, &x.Speaker.Country, &x.Speaker.Name, &x.SpeakerText, &x.Text,
		&x.Span.Start, &x.Span.End, &x.Sentence.Start, &x.Sentence.End, &d}, func() error {
		x.Date = utc(d)
		out = append(out, x)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing quotes: %w", err)
	}
	return out, nil
}

// ListJudgments returns judgments, newest first (undated last).
func (s *Store) ListJudgments(ctx context.Context, q store.TextQuery) ([]event.Judgment, error) {
	c := textFilter(q, "author")
	rows, _ := s.pool.Query(ctx, `SELECT id, doc_id, author, term, band, low, high, subject, claim, span_start, span_end, date
		FROM judgments`+c.where()+`
		ORDER BY date DESC NULLS LAST, id LIMIT `+c.next(limit(q.Limit))+` OFFSET `+c.next(max(q.Offset, 0)), c.args...)
	var out []event.Judgment
	var j event.Judgment
	var d *time.Time
	_, err := pgx.ForEachRow(rows, []any{&j.ID, &j.DocID, &j.Author, &j.Term, &j.Band, &j.Low, &j.High, &j.Subject, &j.Claim,
		&j.Span.Start, &j.Span.End, &d}, func() error {
		j.Date = utc(d)
		out = append(out, j)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("listing judgments: %w", err)
	}
	return out, nil
}

// DocsToCode returns documents not coded by version, in ID order.
func (s *Store) DocsToCode(ctx context.Context, after int64, lim int, version string) ([]event.Document, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+columns("d.")+`, d.body FROM documents d
		LEFT JOIN coded_docs c ON c.doc_id = d.id
		WHERE d.id > $1 AND ($2 = '' OR c.version IS DISTINCT FROM $2)
		ORDER BY d.id LIMIT $3`, after, version, limit(lim))
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
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("finding documents to code: %w", err)
	}
	return out, nil
}
