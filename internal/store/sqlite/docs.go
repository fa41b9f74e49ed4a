package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/extract/fingerprint"
	"github.com/georisk/georisk/internal/store"
)

// PutDocs stores documents; see store.Docs for the contract.
func (s *Store) PutDocs(ctx context.Context, docs []*event.Document) ([]store.PutResult, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	raws := store.CompressAll(docs)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
	}
	defer tx.Rollback()
	st, err := prepare(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
	}
	defer st.close()
	var next int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM documents`).Scan(&next); err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
	}
	now := formatTime(time.Now())
	res := make([]store.PutResult, len(docs))
	for i, d := range docs {
		r, err := st.put(ctx, d, raws[i], next, now)
		if err != nil {
			return nil, fmt.Errorf("storing document %q (%s): %w", d.Key, d.Input, err)
		}
		if r.Status != store.Exists {
			next++
		}
		res[i] = r
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
	}
	for i, d := range docs {
		if res[i].Status != store.Exists {
			d.ID, d.StoryID, d.CopyOf = res[i].ID, res[i].StoryID, res[i].CopyOf
		}
	}
	return res, nil
}

type stmts struct {
	byKey, byHash, insert, insertRaw *sql.Stmt
	tx                               *sql.Tx
}

func prepare(ctx context.Context, tx *sql.Tx) (*stmts, error) {
	st := &stmts{tx: tx}
	var err error
	p := func(q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = tx.PrepareContext(ctx, q)
		return s
	}
	st.byKey = p(`SELECT id, story_id, COALESCE(copy_of, 0) FROM documents WHERE key = ?`)
	st.byHash = p(`SELECT id, story_id FROM documents WHERE text_hash = ? ORDER BY id LIMIT 1`)
	st.insert = p(`INSERT INTO documents (id, key, url, source_id, source, input, format, title, author, site, lang,
		published, ingested_at, body, text_hash, minhash, story_id, copy_of)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	st.insertRaw = p(`INSERT INTO raw (doc_id, media_type, data) VALUES (?, ?, ?)`)
	if err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

func (st *stmts) close() {
	for _, s := range []*sql.Stmt{st.byKey, st.byHash, st.insert, st.insertRaw} {
		if s != nil {
			s.Close()
		}
	}
}

func (st *stmts) put(ctx context.Context, d *event.Document, raw []byte, id int64, now string) (store.PutResult, error) {
	var r store.PutResult
	err := st.byKey.QueryRowContext(ctx, d.Key).Scan(&r.ID, &r.StoryID, &r.CopyOf)
	if err == nil {
		r.Status = store.Exists
		return r, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return r, err
	}
	r = store.PutResult{ID: id, StoryID: id, Status: store.Added}
	var copyOf, story int64
	err = st.byHash.QueryRowContext(ctx, d.TextHash).Scan(&copyOf, &story)
	switch {
	case err == nil:
	case errors.Is(err, sql.ErrNoRows):
		copyOf, story, err = st.nearest(ctx, d.MinHash)
		if err != nil {
			return r, err
		}
	default:
		return r, err
	}
	var copyOfArg any
	if copyOf != 0 {
		r.CopyOf, r.StoryID, r.Status = copyOf, story, store.Copied
		copyOfArg = copyOf
	}
	if _, err := st.insert.ExecContext(ctx, id, d.Key, d.URL, d.SourceID, d.Source, d.Input, d.Format, d.Title, d.Author,
		d.Site, d.Lang, nullTime(d.Published), now, d.Body, d.TextHash, store.EncodeSig(d.MinHash), r.StoryID, copyOfArg); err != nil {
		return r, err
	}
	if _, err := st.insertRaw.ExecContext(ctx, id, rawType(d), raw); err != nil {
		return r, err
	}
	if keys := fingerprint.BandKeys(d.MinHash); len(keys) > 0 {
		q := "INSERT OR IGNORE INTO doc_bands (band, doc_id) VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?), ", len(keys)), ", ")
		args := make([]any, 0, 2*len(keys))
		for _, k := range keys {
			args = append(args, k, id)
		}
		if _, err := st.tx.ExecContext(ctx, q, args...); err != nil {
			return r, err
		}
	}
	return r, nil
}

func rawType(d *event.Document) string {
	if d.RawType != "" {
		return d.RawType
	}
	return "application/octet-stream"
}

// nearest finds the stored document most similar to sig among those sharing
// an LSH band with it, if any reaches fingerprint.NearThreshold.
func (st *stmts) nearest(ctx context.Context, sig []uint32) (id, story int64, err error) {
	keys := fingerprint.BandKeys(sig)
	if len(keys) == 0 {
		return 0, 0, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	rows, err := st.tx.QueryContext(ctx, `SELECT d.id, d.story_id, d.minhash FROM documents d
		WHERE d.id IN (SELECT doc_id FROM doc_bands WHERE band IN (`+placeholders(len(keys))+`))
		ORDER BY d.id`, args...)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	best := 0.0
	for rows.Next() {
		var cid, cstory int64
		var b []byte
		if err := rows.Scan(&cid, &cstory, &b); err != nil {
			return 0, 0, err
		}
		if sim := fingerprint.Similarity(sig, store.DecodeSig(b)); sim >= fingerprint.NearThreshold && sim > best {
			best, id, story = sim, cid, cstory
		}
	}
	return id, story, rows.Err()
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// columns lists the document columns scanDoc reads, prefixed with alias
// ("" or "d.").
func columns(alias string) string {
	var b strings.Builder
	for i, c := range []string{"id", "key", "url", "source_id", "source", "input", "format", "title", "author", "site",
		"lang", "published", "ingested_at", "text_hash", "minhash", "story_id"} {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(alias + c)
	}
	b.WriteString(", COALESCE(" + alias + "copy_of, 0)")
	return b.String()
}

var docColumns = columns("")

func scanDoc(sc interface{ Scan(...any) error }, extra ...any) (event.Document, error) {
	var d event.Document
	var pub, ing sql.NullString
	var sig []byte
	dest := append([]any{&d.ID, &d.Key, &d.URL, &d.SourceID, &d.Source, &d.Input, &d.Format, &d.Title, &d.Author,
		&d.Site, &d.Lang, &pub, &ing, &d.TextHash, &sig, &d.StoryID, &d.CopyOf}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return d, err
	}
	d.Published, d.IngestedAt, d.MinHash = parseTime(pub), parseTime(ing), store.DecodeSig(sig)
	return d, nil
}

// Doc returns one document with its body.
func (s *Store) Doc(ctx context.Context, id int64) (event.Document, error) {
	var body string
	d, err := scanDoc(s.db.QueryRowContext(ctx, `SELECT `+docColumns+`, body FROM documents WHERE id = ?`, id), &body)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fmt.Errorf("document %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return d, fmt.Errorf("reading document %d: %w", id, err)
	}
	d.Body = body
	return d, nil
}

// Raw returns the raw input of a document, decompressed.
func (s *Store) Raw(ctx context.Context, id int64) ([]byte, string, error) {
	var typ string
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT media_type, data FROM raw WHERE doc_id = ?`, id).Scan(&typ, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("raw input of document %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("reading raw input of document %d: %w", id, err)
	}
	b, err := store.Decompress(data)
	if err != nil {
		return nil, "", fmt.Errorf("document %d: %w", id, err)
	}
	return b, typ, nil
}

// filter builds the WHERE conditions shared by ListDocs and Search.
func filter(alias string, since, until time.Time, source string) (string, []any) {
	var conds []string
	var args []any
	if !since.IsZero() {
		conds = append(conds, alias+"published >= ?")
		args = append(args, formatTime(since))
	}
	if !until.IsZero() {
		conds = append(conds, alias+"published < ?")
		args = append(args, formatTime(until))
	}
	if source != "" {
		conds = append(conds, alias+"source = ?")
		args = append(args, source)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(conds, " AND "), args
}

func limit(n int) int {
	if n <= 0 {
		return 50
	}
	return n
}

// ListDocs lists documents newest first.
func (s *Store) ListDocs(ctx context.Context, q store.DocQuery) ([]event.Document, error) {
	where, args := filter("", q.Since, q.Until, q.Source)
	args = append(args, limit(q.Limit), max(q.Offset, 0))
	rows, err := s.db.QueryContext(ctx, `SELECT `+docColumns+` FROM documents WHERE 1=1`+where+`
		ORDER BY published DESC NULLS LAST, id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing documents: %w", err)
	}
	return collect(rows)
}

func collect(rows *sql.Rows) ([]event.Document, error) {
	defer rows.Close()
	var out []event.Document
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, fmt.Errorf("listing documents: %w", err)
		}
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing documents: %w", err)
	}
	return out, nil
}

// Story returns the documents of a story.
func (s *Store) Story(ctx context.Context, storyID int64) ([]event.Document, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+docColumns+` FROM documents WHERE story_id = ? ORDER BY id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("reading story %d: %w", storyID, err)
	}
	return collect(rows)
}

// Search runs an FTS5 query. A query that FTS5 cannot parse (stray
// punctuation such as "U.S.") is retried with every word quoted.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
	hits, err := s.search(ctx, q.Text, q)
	if err != nil && strings.Contains(err.Error(), "fts5") {
		hits, err = s.search(ctx, quoteTerms(q.Text), q)
	}
	if err != nil {
		return nil, fmt.Errorf("searching %q: %w", q.Text, err)
	}
	return hits, nil
}

func (s *Store) search(ctx context.Context, match string, q store.SearchQuery) ([]store.Hit, error) {
	where, args := filter("d.", q.Since, q.Until, q.Source)
	args = append([]any{match}, args...)
	args = append(args, limit(q.Limit))
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns("d.")+`,
		snippet(documents_fts, 1, '«', '»', '…', 16), bm25(documents_fts, 4.0, 1.0)
		FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
		WHERE documents_fts MATCH ?`+where+`
		ORDER BY bm25(documents_fts, 4.0, 1.0) LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var hits []store.Hit
	for rows.Next() {
		var h store.Hit
		d, err := scanDoc(rows, &h.Snippet, &h.Rank)
		if err != nil {
			return nil, err
		}
		h.Doc = d
		hits = append(hits, h)
	}
	return hits, rows.Err()
}

// quoteTerms turns free text into an FTS5 query of quoted words, all required.
func quoteTerms(s string) string {
	var terms []string
	for _, f := range strings.Fields(s) {
		f = strings.Trim(f, `"`)
		if f == "" {
			continue
		}
		terms = append(terms, `"`+strings.ReplaceAll(f, `"`, `""`)+`"`)
	}
	return strings.Join(terms, " ")
}

// Stats counts what is stored.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{Formats: map[string]int64{}, Langs: map[string]int64{}, Origins: map[string]int64{}}
	var oldest, newest sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(DISTINCT story_id), COUNT(DISTINCT source),
		MIN(published), MAX(published) FROM documents`).Scan(&st.Documents, &st.Stories, &st.Sources, &oldest, &newest)
	if err != nil {
		return st, fmt.Errorf("counting documents: %w", err)
	}
	st.Copies = st.Documents - st.Stories
	st.Oldest, st.Newest = parseTime(oldest), parseTime(newest)
	if err := s.db.QueryRowContext(ctx, `SELECT COALESCE(SUM(LENGTH(data)), 0) FROM raw`).Scan(&st.RawBytes); err != nil {
		return st, fmt.Errorf("counting raw inputs: %w", err)
	}
	if err := s.db.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM mentions),
		(SELECT COUNT(*) FROM article_meta)`).Scan(&st.Events, &st.Mentions, &st.Articles); err != nil {
		return st, fmt.Errorf("counting events: %w", err)
	}
	for _, g := range []struct {
		table, col string
		m          map[string]int64
	}{{"documents", "format", st.Formats}, {"documents", "lang", st.Langs}, {"events", "origin", st.Origins}} {
		col, m := g.col, g.m
		rows, err := s.db.QueryContext(ctx, `SELECT `+col+`, COUNT(*) FROM `+g.table+` GROUP BY `+col)
		if err != nil {
			return st, fmt.Errorf("counting documents by %s: %w", col, err)
		}
		for rows.Next() {
			var k string
			var n int64
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return st, fmt.Errorf("counting documents by %s: %w", col, err)
			}
			m[k] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return st, fmt.Errorf("counting documents by %s: %w", col, err)
		}
	}
	return st, nil
}
