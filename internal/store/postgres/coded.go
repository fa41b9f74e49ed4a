package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

var (
	quoteColumns = []string{"id", "doc_id", "speaker_code", "speaker_country", "speaker_name", "speaker_text", "text",
		"span_start", "span_end", "sent_start", "sent_end", "date"}
	judgmentColumns = []string{"id", "doc_id", "author", "term", "band", "low", "high", "subject", "claim",
		"span_start", "span_end", "date"}
)

// PutCoded replaces what was coded from each document (the last entry wins
// when a document comes twice). It works by sets, whatever the number of
// documents: one statement removes the earlier events, quotes and judgments
// of all of them, IDs are drawn in one round trip, and the new rows go in by
// COPY. (Statements per document and per event cost 200 µs of PostgreSQL
// time per document in BenchmarkWorkers, more than storing the document.)
// A call that loses a race with another coding the same document is retried.
func (s *Store) PutCoded(ctx context.Context, docs []store.CodedDoc) error {
	if len(docs) == 0 {
		return nil
	}
	last := map[int64]int{}
	for i, d := range docs {
		last[d.DocID] = i
	}
	var all []*event.Event
	var quotes []*event.Quote
	var judgments []*event.Judgment
	var docIDs []int64
	var versions []string
	for i, d := range docs {
		if last[d.DocID] != i {
			continue
		}
		docIDs, versions = append(docIDs, d.DocID), append(versions, d.Version)
		for i, e := range d.Events {
			e.Origin, e.DocID, e.OriginID = event.OriginCoded, d.DocID, fmt.Sprintf("%d:%d", d.DocID, i)
			all = append(all, e)
		}
		for _, q := range d.Quotes {
			q.DocID = d.DocID
			quotes = append(quotes, q)
		}
		for _, j := range d.Judgments {
			j.DocID = d.DocID
			judgments = append(judgments, j)
		}
	}
	hashes := hashAll(all)
	if err := s.ensurePartitions(ctx, all); err != nil {
		return fmt.Errorf("storing coded results: %w", err)
	}
	var eventIDs, quoteIDs, judgmentIDs []int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		var b pgx.Batch
		delta := newRollupDelta()
		b.Queue(`WITH k AS (DELETE FROM event_keys WHERE origin = 'coded' AND doc_id = ANY($1) RETURNING id, date)
			DELETE FROM events e USING k WHERE e.id = k.id AND e.date = k.date RETURNING `+cellColumns("e."), docIDs).Query(func(rows pgx.Rows) error {
			_, err := delta.subRows(rows)
			return err
		})
		b.Queue(`DELETE FROM quotes WHERE doc_id = ANY($1)`, docIDs)
		b.Queue(`DELETE FROM judgments WHERE doc_id = ANY($1)`, docIDs)
		draw := func(seq string, n int, into *[]int64) {
			*into = make([]int64, 0, n)
			if n == 0 {
				return
			}
			b.Queue(`SELECT nextval(`+seq+`) FROM generate_series(1, $1)`, n).Query(func(rows pgx.Rows) error {
				var id int64
				_, err := pgx.ForEachRow(rows, []any{&id}, func() error { *into = append(*into, id); return nil })
				return err
			})
		}
		draw(`'events_id_seq'`, len(all), &eventIDs)
		draw(`pg_get_serial_sequence('quotes', 'id')`, len(quotes), &quoteIDs)
		draw(`pg_get_serial_sequence('judgments', 'id')`, len(judgments), &judgmentIDs)
		if err := tx.SendBatch(ctx, &b).Close(); err != nil {
			return fmt.Errorf("removing earlier coding: %w", err)
		}
		if len(eventIDs) != len(all) || len(quoteIDs) != len(quotes) || len(judgmentIDs) != len(judgments) {
			return fmt.Errorf("drew %d/%d/%d IDs for %d events, %d quotes, %d judgments",
				len(eventIDs), len(quoteIDs), len(judgmentIDs), len(all), len(quotes), len(judgments))
		}
		keyRows, eventRows := make([][]any, len(all)), make([][]any, len(all))
		for i, e := range all {
			keyRows[i], eventRows[i] = keyRow(e, eventIDs[i], hashes[i]), eventRow(e, eventIDs[i])
			delta.addEvent(e)
		}
		quoteRows := make([][]any, len(quotes))
		for i, q := range quotes {
			quoteRows[i] = []any{quoteIDs[i], q.DocID, q.Speaker.Code, q.Speaker.Country, q.Speaker.Name, q.SpeakerText, q.Text,
				q.Span.Start, q.Span.End, q.Sentence.Start, q.Sentence.End, nullDay(q.Date)}
		}
		judgmentRows := make([][]any, len(judgments))
		for i, j := range judgments {
			judgmentRows[i] = []any{judgmentIDs[i], j.DocID, j.Author, j.Term, j.Band, j.Low, j.High, j.Subject, j.Claim,
				j.Span.Start, j.Span.End, nullDay(j.Date)}
		}
		if err := s.insertRows(ctx, tx, "event_keys", keyColumns, keyRows); err != nil {
			return err
		}
		if err := s.insertRows(ctx, tx, "events", eventColumns, eventRows); err != nil {
			return err
		}
		if err := delta.apply(ctx, tx); err != nil {
			return err
		}
		// COPY, whatever the count: the IDs are given, and an INSERT
		// may not give the value of an identity column.
		for _, t := range []struct {
			table string
			cols  []string
			rows  [][]any
		}{{"quotes", quoteColumns, quoteRows}, {"judgments", judgmentColumns, judgmentRows}} {
			if len(t.rows) == 0 {
				continue
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.table}, t.cols, pgx.CopyFromRows(t.rows)); err != nil {
				return fmt.Errorf("copying into %s: %w", t.table, err)
			}
		}
		if _, err := tx.Exec(ctx, `INSERT INTO coded_docs (doc_id, version, coded_at)
			SELECT d, v, now() FROM unnest($1::bigint[], $2::text[]) AS u (d, v)
			ON CONFLICT (doc_id) DO UPDATE SET version = excluded.version, coded_at = excluded.coded_at`, docIDs, versions); err != nil {
			return fmt.Errorf("marking documents coded: %w", err)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storing coded results: %w", err)
	}
	for i, e := range all {
		e.ID = eventIDs[i]
	}
	for i, q := range quotes {
		q.ID = quoteIDs[i]
	}
	for i, j := range judgments {
		j.ID = judgmentIDs[i]
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
