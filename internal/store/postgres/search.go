package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/georisk/georisk/internal/store"
)

// headline are the ts_headline options: matches marked with « and », as the
// SQLite store's snippets are, in up to two fragments of about 16 words.
const headline = `StartSel=«, StopSel=», MaxWords=24, MinWords=10, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "`

// Search runs a full-text query, best match first. The text is read by
// websearch_to_tsquery, which never fails on stray punctuation ("U.S.");
// see webQuery for the FTS5 spellings it also accepts. A query made only
// of stop words matches nothing.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.Hit, error) {
	text, prefixes := webQuery(q.Text)
	var c conds
	var tsq string
	if len(prefixes) == 0 {
		tsq = "websearch_to_tsquery('english', " + c.next(text) + ")"
	} else {
		var err error
		if tsq, err = s.prefixQuery(ctx, text, prefixes, &c); err != nil {
			return nil, fmt.Errorf("searching %q: %w", q.Text, err)
		}
	}
	c.add("d.tsv @@ q.q")
	c.docFilter("d.", q.Since, q.Until, q.Source)
	sql := `WITH q AS (SELECT ` + tsq + ` AS q),
		hits AS (SELECT d.id, ts_rank(d.tsv, q.q) AS rank FROM documents d, q` + c.where() + `
			ORDER BY rank DESC, d.id LIMIT ` + c.next(limit(q.Limit)) + `)
		SELECT ` + columns("d.") + `,
			CASE WHEN strpos(hb, '«') > 0 OR strpos(ht, '«') = 0 THEN hb ELSE ht END, -h.rank
		FROM hits h JOIN documents d ON d.id = h.id CROSS JOIN q,
			LATERAL ts_headline('english', d.body, q.q, ` + c.next(headline) + `) hb,
			LATERAL ts_headline('english', d.title, q.q, ` + c.next(headline) + `) ht
		ORDER BY h.rank DESC, d.id`
	rows, err := s.pool.Query(ctx, sql, c.args...)
	if err != nil {
		return nil, fmt.Errorf("searching %q: %w", q.Text, err)
	}
	defer rows.Close()
	var hits []store.Hit
	for rows.Next() {
		var h store.Hit
		d, err := scanDoc(rows, &h.Snippet, &h.Rank)
		if err != nil {
			return nil, fmt.Errorf("searching %q: %w", q.Text, err)
		}
		h.Doc = d
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("searching %q: %w", q.Text, err)
	}
	return hits, nil
}

// webQuery rewrites the FTS5 spellings of the SQLite store into web-search
// syntax: "a NOT b" becomes "a -b", AND is dropped (words are required
// anyway), and the stars of prefix terms ("negotiat*") are removed and the
// words returned, for prefixQuery. Phrases in double quotes are kept whole.
func webQuery(s string) (string, []string) {
	var out, prefixes []string
	neg := false
	for _, f := range splitQuoted(s) {
		switch {
		case strings.HasPrefix(f, `"`):
		case f == "AND":
			continue
		case f == "NOT":
			neg = true
			continue
		case len(f) > 1 && strings.HasSuffix(f, "*"):
			f = strings.TrimRight(f, "*")
			prefixes = append(prefixes, strings.TrimLeft(f, "-"))
		}
		if neg && f != "OR" {
			f = "-" + f
			neg = false
		}
		out = append(out, f)
	}
	return strings.Join(out, " "), prefixes
}

// splitQuoted splits s at spaces outside double quotes; a quoted phrase
// (with its quotes) is one field.
func splitQuoted(s string) []string {
	var fields []string
	var b strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case !quoted && (r == ' ' || r == '\t' || r == '\n' || r == '\r'):
			if b.Len() > 0 {
				fields = append(fields, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		fields = append(fields, b.String())
	}
	return fields
}

// prefixQuery returns a tsquery parameter (added to c) for text in which
// the lexemes of the prefix words match as prefixes: the web-search query is
// built first, then each of those lexemes is given the :* mark.
func (s *Store) prefixQuery(ctx context.Context, text string, prefixes []string, c *conds) (string, error) {
	var tsq string
	var lexemes []string
	err := s.pool.QueryRow(ctx, `SELECT websearch_to_tsquery('english', $1)::text,
		tsvector_to_array(to_tsvector('english', $2))`, text, strings.Join(prefixes, " ")).Scan(&tsq, &lexemes)
	if err != nil {
		return "", err
	}
	for _, l := range lexemes {
		tsq = strings.ReplaceAll(tsq, quoteLexeme(l), prefixTerm(l))
	}
	return c.next(tsq) + "::tsquery", nil
}

func quoteLexeme(l string) string { return "'" + strings.ReplaceAll(l, "'", "''") + "'" }

// prefixTerm is the tsquery matching the words that start with the stem l
// of a prefix. Their stems start with l ('negot':* finds negotiations),
// or, as a stemmer cuts suffixes, are l cut short: the stem of
// negotiations, 'negoti', is shorter than the prefix negotiat*, so up to
// three letters shorter forms are matched too, exactly and not below four
// letters.
func prefixTerm(l string) string {
	terms := []string{quoteLexeme(l) + ":*"}
	r := []rune(l)
	for n := len(r) - 1; n >= max(4, len(r)-3); n-- {
		terms = append(terms, quoteLexeme(string(r[:n])))
	}
	if len(terms) == 1 {
		return terms[0]
	}
	return "( " + strings.Join(terms, " | ") + " )"
}
