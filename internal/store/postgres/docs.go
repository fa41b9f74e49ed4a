package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/extract/fingerprint"
	"github.com/georisk/georisk/internal/store"
)

var docInsertColumns = []string{"id", "key", "url", "source_id", "source", "input", "format", "title", "author", "site", "lang",
	"published", "ingested_at", "body", "text_hash", "minhash", "story_id", "copy_of"}

// PutDocs stores documents; see store.Docs for the contract.
//
// Everything that needs no database (compression, band keys) is done
// before the transaction. Inside it, under the documents advisory lock,
// PutDocs looks up the batch's keys, text hashes and band keys in three
// queries, matches in memory (against stored documents and earlier ones of
// the batch, in order, as the SQLite store does one by one) and writes with
// COPY.
func (s *Store) PutDocs(ctx context.Context, docs []*event.Document) ([]store.PutResult, error) {
	if len(docs) == 0 {
		return nil, nil
	}
	raws := store.CompressAll(docs)
	bands := make([][]int64, len(docs))
	for i, d := range docs {
		bands[i] = fingerprint.BandKeys(d.MinHash)
	}
	now := time.Now().UTC()
	var res []store.PutResult
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lock(ctx, tx, lockDocs); err != nil {
			return err
		}
		var err error
		res, err = s.putDocs(ctx, tx, docs, raws, bands, now)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storing documents: %w", err)
	}
	for i, d := range docs {
		if res[i].Status != store.Exists {
			d.ID, d.StoryID, d.CopyOf = res[i].ID, res[i].StoryID, res[i].CopyOf
		}
	}
	return res, nil
}

// candidate is a document that may be copied: its ID, story and MinHash.
type candidate struct {
	id, story int64
	sig       []uint32
}

func (s *Store) putDocs(ctx context.Context, tx pgx.Tx, docs []*event.Document, raws [][]byte, bands [][]int64, now time.Time) ([]store.PutResult, error) {
	res := make([]store.PutResult, len(docs))

	// Keys already stored; a key repeated in the batch is stored once.
	keys := make([]string, len(docs))
	for i, d := range docs {
		keys[i] = d.Key
	}
	stored := map[string]store.PutResult{}
	rows, _ := tx.Query(ctx, `SELECT key, id, story_id, COALESCE(copy_of, 0) FROM documents WHERE key = ANY($1)`, keys)
	var key string
	var r store.PutResult
	if _, err := pgx.ForEachRow(rows, []any{&key, &r.ID, &r.StoryID, &r.CopyOf}, func() error {
		r.Status = store.Exists
		stored[key] = r
		return nil
	}); err != nil {
		return nil, fmt.Errorf("looking up keys: %w", err)
	}
	var fresh []int // indexes of the documents to store
	first := map[string]int{}
	for i, d := range docs {
		if _, ok := stored[d.Key]; ok {
			continue
		}
		if _, ok := first[d.Key]; ok {
			continue
		}
		first[d.Key] = i
		fresh = append(fresh, i)
	}
	if len(fresh) == 0 {
		for i, d := range docs {
			res[i] = stored[d.Key]
		}
		return res, nil
	}

	// IDs, drawn under the lock so that they grow with storage order.
	ids := make([]int64, 0, len(fresh))
	rows, _ = tx.Query(ctx, `SELECT nextval('documents_id_seq') FROM generate_series(1, $1)`, len(fresh))
	var id int64
	if _, err := pgx.ForEachRow(rows, []any{&id}, func() error { ids = append(ids, id); return nil }); err != nil {
		return nil, fmt.Errorf("drawing IDs: %w", err)
	}
	slices.Sort(ids)

	// Stored exact and near copies of the new documents.
	hashes := make([]string, 0, len(fresh))
	var allBands []int64
	for _, i := range fresh {
		hashes = append(hashes, docs[i].TextHash)
		allBands = append(allBands, bands[i]...)
	}
	byHash := map[string]candidate{}
	rows, _ = tx.Query(ctx, `SELECT DISTINCT ON (text_hash) text_hash, id, story_id FROM documents
		WHERE text_hash = ANY($1) ORDER BY text_hash, id`, hashes)
	var hash string
	var c candidate
	if _, err := pgx.ForEachRow(rows, []any{&hash, &c.id, &c.story}, func() error {
		byHash[hash] = c
		return nil
	}); err != nil {
		return nil, fmt.Errorf("looking up text hashes: %w", err)
	}
	byBand := map[int64][]*candidate{}
	if len(allBands) > 0 {
		// Two queries, each by index. One join lets the planner pick a
		// hash join over every stored document once a batch has a few
		// thousand band keys: a full scan per batch that grows with the
		// database (a third of PostgreSQL's time in BenchmarkWorkers at
		// 20,000 documents).
		docBands := map[int64][]int64{}
		var ids []int64
		rows, _ = tx.Query(ctx, `SELECT band, doc_id FROM doc_bands WHERE band = ANY($1)`, allBands)
		var band, id int64
		if _, err := pgx.ForEachRow(rows, []any{&band, &id}, func() error {
			if docBands[id] == nil {
				ids = append(ids, id)
			}
			docBands[id] = append(docBands[id], band)
			return nil
		}); err != nil {
			return nil, fmt.Errorf("looking up near copies: %w", err)
		}
		if len(ids) > 0 {
			rows, _ = tx.Query(ctx, `SELECT id, story_id, minhash FROM documents WHERE id = ANY($1) ORDER BY id`, ids)
			var sig []byte
			if _, err := pgx.ForEachRow(rows, []any{&c.id, &c.story, &sig}, func() error {
				cd := &candidate{id: c.id, story: c.story, sig: store.DecodeSig(sig)}
				for _, b := range docBands[c.id] {
					byBand[b] = append(byBand[b], cd)
				}
				return nil
			}); err != nil {
				return nil, fmt.Errorf("reading near-copy candidates: %w", err)
			}
		}
	}

	// Match in order; each stored document becomes a candidate for the
	// next ones. Stored documents have lower IDs than new ones, and ties go
	// to the lowest ID, as in the SQLite store.
	var docRows, rawRows, bandRows [][]any
	for n, i := range fresh {
		d := docs[i]
		r := store.PutResult{ID: ids[n], StoryID: ids[n], Status: store.Added}
		if c, ok := byHash[d.TextHash]; ok {
			r.CopyOf, r.StoryID, r.Status = c.id, c.story, store.Copied
		} else if c := nearest(d.MinHash, bands[i], byBand); c != nil {
			r.CopyOf, r.StoryID, r.Status = c.id, c.story, store.Copied
		}
		res[i] = r
		self := &candidate{id: r.ID, story: r.StoryID, sig: d.MinHash}
		if _, ok := byHash[d.TextHash]; !ok {
			byHash[d.TextHash] = *self
		}
		var copyOf any
		if r.CopyOf != 0 {
			copyOf = r.CopyOf
		}
		docRows = append(docRows, []any{r.ID, d.Key, d.URL, d.SourceID, d.Source, d.Input, d.Format, d.Title, d.Author, d.Site, d.Lang,
			nullTime(d.Published), now, d.Body, d.TextHash, store.EncodeSig(d.MinHash), r.StoryID, copyOf})
		rawRows = append(rawRows, []any{r.ID, rawType(d), raws[i]})
		for k, b := range bands[i] {
			if slices.Contains(bands[i][:k], b) {
				continue
			}
			byBand[b] = append(byBand[b], self)
			bandRows = append(bandRows, []any{b, r.ID})
		}
	}
	for i, d := range docs {
		if res[i].Status == 0 {
			if r, ok := stored[d.Key]; ok {
				res[i] = r
			} else {
				r := res[first[d.Key]]
				res[i] = store.PutResult{ID: r.ID, StoryID: r.StoryID, CopyOf: r.CopyOf, Status: store.Exists}
			}
		}
	}

	if err := s.insertRows(ctx, tx, "documents", docInsertColumns, docRows); err != nil {
		return nil, err
	}
	if err := s.insertRows(ctx, tx, "raw", []string{"doc_id", "media_type", "data"}, rawRows); err != nil {
		return nil, err
	}
	if err := s.insertRows(ctx, tx, "doc_bands", []string{"band", "doc_id"}, bandRows); err != nil {
		return nil, err
	}
	return res, nil
}

// nearest returns the most similar candidate sharing a band with sig, if
// one reaches fingerprint.NearThreshold; ties go to the lowest ID.
func nearest(sig []uint32, bands []int64, byBand map[int64][]*candidate) *candidate {
	var best *candidate
	bestSim := 0.0
	for _, b := range bands {
		for _, c := range byBand[b] {
			sim := fingerprint.Similarity(sig, c.sig)
			if sim < fingerprint.NearThreshold {
				continue
			}
			if sim > bestSim || sim == bestSim && c.id < best.id {
				best, bestSim = c, sim
			}
		}
	}
	return best
}

func rawType(d *event.Document) string {
	if d.RawType != "" {
		return d.RawType
	}
	return "application/octet-stream"
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

func scanDoc(sc pgx.Row, extra ...any) (event.Document, error) {
	var d event.Document
	var pub *time.Time
	var ing time.Time
	var sig []byte
	dest := append([]any{&d.ID, &d.Key, &d.URL, &d.SourceID, &d.Source, &d.Input, &d.Format, &d.Title, &d.Author,
		&d.Site, &d.Lang, &pub, &ing, &d.TextHash, &sig, &d.StoryID, &d.CopyOf}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return d, err
	}
	d.Published, d.IngestedAt, d.MinHash = utc(pub), ing.UTC(), store.DecodeSig(sig)
	return d, nil
}

// Doc returns one document with its body.
func (s *Store) Doc(ctx context.Context, id int64) (event.Document, error) {
	var body string
	d, err := scanDoc(s.pool.QueryRow(ctx, `SELECT `+docColumns+`, body FROM documents WHERE id = $1`, id), &body)
	if errors.Is(err, pgx.ErrNoRows) {
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
	err := s.pool.QueryRow(ctx, `SELECT media_type, data FROM raw WHERE doc_id = $1`, id).Scan(&typ, &data)
	if errors.Is(err, pgx.ErrNoRows) {
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

// conds accumulates WHERE conditions with numbered parameters.
type conds struct {
	list []string
	args []any
}

// add appends a condition in which "?" stands for the next parameter.
func (c *conds) add(cond string, args ...any) {
	for _, a := range args {
		c.args = append(c.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(c.args)), 1)
	}
	c.list = append(c.list, cond)
}

// where is " WHERE …" or "".
func (c *conds) where() string {
	if len(c.list) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.list, " AND ")
}

// next is the placeholder of the next parameter, which it adds.
func (c *conds) next(arg any) string {
	c.args = append(c.args, arg)
	return fmt.Sprintf("$%d", len(c.args))
}

// docFilter adds the conditions shared by ListDocs and Search.
func (c *conds) docFilter(alias string, since, until time.Time, source string) {
	if !since.IsZero() {
		c.add(alias+"published >= ?", since.UTC())
	}
	if !until.IsZero() {
		c.add(alias+"published < ?", until.UTC())
	}
	if source != "" {
		c.add(alias+"source = ?", source)
	}
}

// ListDocs lists documents newest first.
func (s *Store) ListDocs(ctx context.Context, q store.DocQuery) ([]event.Document, error) {
	var c conds
	c.docFilter("", q.Since, q.Until, q.Source)
	sql := `SELECT ` + docColumns + ` FROM documents` + c.where() + `
		ORDER BY published DESC NULLS LAST, id DESC LIMIT ` + c.next(limit(q.Limit)) + ` OFFSET ` + c.next(max(q.Offset, 0))
	docs, err := s.collect(ctx, sql, c.args...)
	if err != nil {
		return nil, fmt.Errorf("listing documents: %w", err)
	}
	return docs, nil
}

func (s *Store) collect(ctx context.Context, sql string, args ...any) ([]event.Document, error) {
	rows, err := s.pool.Query(ctx, sql, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []event.Document
	for rows.Next() {
		d, err := scanDoc(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Story returns the documents of a story.
func (s *Store) Story(ctx context.Context, storyID int64) ([]event.Document, error) {
	docs, err := s.collect(ctx, `SELECT `+docColumns+` FROM documents WHERE story_id = $1 ORDER BY id`, storyID)
	if err != nil {
		return nil, fmt.Errorf("reading story %d: %w", storyID, err)
	}
	return docs, nil
}

// Stats counts what is stored.
func (s *Store) Stats(ctx context.Context) (store.Stats, error) {
	st := store.Stats{Formats: map[string]int64{}, Langs: map[string]int64{}, Origins: map[string]int64{}}
	var oldest, newest *time.Time
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*), COUNT(DISTINCT story_id), COUNT(DISTINCT source),
		MIN(published), MAX(published) FROM documents`).Scan(&st.Documents, &st.Stories, &st.Sources, &oldest, &newest)
	if err != nil {
		return st, fmt.Errorf("counting documents: %w", err)
	}
	st.Copies = st.Documents - st.Stories
	st.Oldest, st.Newest = utc(oldest), utc(newest)
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(SUM(octet_length(data)), 0) FROM raw`).Scan(&st.RawBytes); err != nil {
		return st, fmt.Errorf("counting raw inputs: %w", err)
	}
	if err := s.pool.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM event_keys), (SELECT COUNT(*) FROM mentions),
		(SELECT COUNT(*) FROM article_meta)`).Scan(&st.Events, &st.Mentions, &st.Articles); err != nil {
		return st, fmt.Errorf("counting events: %w", err)
	}
	for _, g := range []struct {
		what, sql string
		m         map[string]int64
	}{
		{"documents by format", `SELECT format, COUNT(*) FROM documents GROUP BY format`, st.Formats},
		{"documents by language", `SELECT lang, COUNT(*) FROM documents GROUP BY lang`, st.Langs},
		{"events by origin", `SELECT origin, COUNT(*) FROM event_keys GROUP BY origin`, st.Origins},
	} {
		rows, _ := s.pool.Query(ctx, g.sql)
		var k string
		var n int64
		if _, err := pgx.ForEachRow(rows, []any{&k, &n}, func() error { g.m[k] = n; return nil }); err != nil {
			return st, fmt.Errorf("counting %s: %w", g.what, err)
		}
	}
	return st, nil
}
