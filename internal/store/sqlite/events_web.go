package sqlite

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// maxArms bounds the terms of one listing (SQLite allows 500 SELECTs in a
// compound statement); past it, ListEventsIndexed leaves the query to
// ListEvents.
const maxArms = 200

// ListEventsIndexed returns what ListEvents returns, through indexes that
// deliver each term of an actor's or a dyad's condition already in (date
// DESC, id DESC) order. ListEvents writes an actor as "code prefix OR
// country" on each side; SQLite cannot use an index for that inside an AND,
// so it walks the date index until enough rows match, which takes long for
// an actor or dyad in few of the events. Here a side is the union of its
// country and of the (code, country) pairs under its code prefix whose
// country is another (listed by seeks in the indexes of migration 010); an
// actor is the union of its two sides, a dyad of the pairs of its sides'
// terms (and of the reverse direction). Each term reads at most
// offset+limit rows of one index range, in order, with the other filters
// (dates as part of the range; origin, code, root, quad, document by the
// row); the terms' (date, id) keys are merged, duplicates dropped, the
// offset skipped, and the page's rows read by id.
func (s *Store) ListEventsIndexed(ctx context.Context, q store.EventQuery) ([]event.Event, error) {
	var arms []arm
	var ok bool
	var err error
	switch {
	case q.DyadA != "" && q.DyadB != "":
		arms, ok, err = s.dyadArms(ctx, q.DyadA, q.DyadB)
		if err == nil && ok && !q.Directed {
			var rev []arm
			rev, ok, err = s.dyadArms(ctx, q.DyadB, q.DyadA)
			arms = append(arms, rev...)
		}
	case q.Actor != "":
		arms, ok, err = s.actorArms(ctx, q.Actor)
	default:
		// One term, the planner's choice of index (the date's, or the
		// document's), as ListEvents runs it.
		arms, ok = []arm{{cond: "1"}}, true
	}
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	if !ok || len(arms) > maxArms {
		return s.ListEvents(ctx, q)
	}
	// The other filters, as ListEvents applies them, in every term.
	var where []string
	var fargs []any
	add := func(c string, a ...any) { where, fargs = append(where, c), append(fargs, a...) }
	if q.Actor != "" && q.DyadA != "" && q.DyadB != "" {
		sc, sa := actorCond("src", q.Actor)
		tc, ta := actorCond("tgt", q.Actor)
		add("("+sc+" OR "+tc+")", append(sa, ta...)...)
	}
	if q.Origin != "" {
		add("origin = ?", q.Origin)
	}
	if q.Code != "" {
		add(`code LIKE ? ESCAPE '\'`, likePrefix(q.Code))
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
	filter := ""
	if len(where) > 0 {
		filter = " AND " + strings.Join(where, " AND ")
	}
	offset, lim := max(q.Offset, 0), limit(q.Limit)
	keys, err := s.armKeys(ctx, arms, filter, fargs, offset+lim)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	if offset >= len(keys) {
		return nil, nil
	}
	keys = keys[offset:min(len(keys), offset+lim)]
	return s.eventsByID(ctx, keys)
}

// key is an event's place in the listing order.
type key struct {
	date string
	id   int64
}

// armKeys reads the first n keys of each term in one compound statement
// and merges them: newest first, each event once.
func (s *Store) armKeys(ctx context.Context, arms []arm, filter string, fargs []any, n int) ([]key, error) {
	var b strings.Builder
	var args []any
	for i, a := range arms {
		if i > 0 {
			b.WriteString(" UNION ALL ")
		}
		indexed := ""
		if a.index != "" {
			indexed = " INDEXED BY " + a.index
		}
		b.WriteString("SELECT * FROM (SELECT date, id FROM events" + indexed + " WHERE " + a.cond + filter +
			" ORDER BY date DESC, id DESC LIMIT ?)")
		args = append(append(append(args, a.args...), fargs...), n)
	}
	rows, err := s.query(ctx, b.String(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var keys []key
	for rows.Next() {
		var k key
		if err := rows.Scan(&k.date, &k.id); err != nil {
			return nil, err
		}
		keys = append(keys, k)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// The terms are each in order: a sort of runs. Equal ids have equal
	// dates, so duplicates end up side by side.
	slices.SortFunc(keys, func(x, y key) int {
		if c := cmp.Compare(y.date, x.date); c != 0 {
			return c
		}
		return cmp.Compare(y.id, x.id)
	})
	return slices.CompactFunc(keys, func(x, y key) bool { return x.id == y.id }), nil
}

// eventsByID reads the events of keys, in their order.
func (s *Store) eventsByID(ctx context.Context, keys []key) ([]event.Event, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k.id
	}
	rows, err := s.query(ctx, `SELECT id, `+strings.Join(eventColumns[:len(eventColumns)-1], ", ")+
		` FROM events WHERE id IN (`+placeholders(len(keys))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	defer rows.Close()
	at := make(map[int64]int, len(keys))
	for i, k := range keys {
		at[k.id] = i
	}
	out := make([]event.Event, len(keys))
	found := 0
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		if i, ok := at[e.ID]; ok {
			out[i] = e
			found++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	if found < len(out) {
		// Deleted between the two reads: keep the order, drop the gaps.
		out = slices.DeleteFunc(out, func(e event.Event) bool { return e.ID == 0 })
	}
	return out, nil
}

// scanEvent reads one row of id and eventColumns without row_hash.
func scanEvent(rows *sql.Rows) (event.Event, error) {
	var e event.Event
	var date, attrs string
	var lat, lon sql.NullFloat64
	var doc sql.NullInt64
	var updated sql.NullString
	if err := rows.Scan(&e.ID, &e.Origin, &e.OriginID, &date,
		&e.Source.Code, &e.Source.Country, &e.Source.Name, &e.Source.Raw, &e.Source.Sectors,
		&e.Target.Code, &e.Target.Country, &e.Target.Name, &e.Target.Raw, &e.Target.Sectors,
		&e.Code, &e.Root, &e.PLOVER, &e.PLOVERMode, &e.Goldstein, &e.Quad,
		&e.Location.Name, &e.Location.Country, &e.Location.ADM1, &lat, &lon, &e.Location.Precision,
		&e.URL, &e.Mentions, &e.Sources, &e.Articles, &e.Fatalities, &e.Tone, &doc, &updated, &attrs,
		&e.Evidence.Sentence.Start, &e.Evidence.Sentence.End, &e.Evidence.Trigger, &e.Evidence.SourceText, &e.Evidence.TargetText,
		&e.Evidence.Pattern, &e.Evidence.Confidence, &e.Evidence.DateSource, &e.Evidence.DateText); err != nil {
		return e, fmt.Errorf("listing events: %w", err)
	}
	e.Date, _ = time.Parse(dayLayout, date)
	if lat.Valid && lon.Valid {
		e.Location.Lat, e.Location.Lon, e.Location.HasGeo = lat.Float64, lon.Float64, true
	}
	e.DocID = doc.Int64
	e.Updated = parseTime(updated)
	if attrs != "{}" {
		if err := json.Unmarshal([]byte(attrs), &e.Attrs); err != nil {
			return e, fmt.Errorf("event %d: attributes: %w", e.ID, err)
		}
	}
	return e, nil
}

// arm is one term of a condition in disjunctive normal form, with the
// index that gives its rows in (date DESC, id DESC) order ("": the
// planner's choice).
type arm struct {
	index string
	cond  string
	args  []any
}

// term is one way a side of an event matches an actor: its country, or
// one lower-cased code under the actor's prefix with a country other than
// the actor (the rows with the actor's country are the first term's).
type term struct {
	code, country string
	byCode        bool
}

// cond is the term as a condition on side.
func (t term) cond(side string) (string, []any) {
	if !t.byCode {
		return side + "_country = ?", []any{t.country}
	}
	return "lower(" + side + "_code) = ? AND " + side + "_country = ?", []any{t.code, t.country}
}

// actorArms are the terms of an actor on either side. ok is false when the
// prefix has no range form.
func (s *Store) actorArms(ctx context.Context, x string) ([]arm, bool, error) {
	var arms []arm
	for _, side := range []string{"src", "tgt"} {
		ts, ok, err := s.sideTerms(ctx, side, x)
		if err != nil || !ok {
			return nil, ok, err
		}
		for _, t := range ts {
			c, a := t.cond(side)
			idx := "events_" + side + "_code_country"
			if !t.byCode {
				idx = "events_" + side
			}
			arms = append(arms, arm{idx, c, a})
		}
	}
	return arms, true, nil
}

// dyadArms are the terms of events from a to b: every pair of a source
// term of a and a target term of b, each fixing both countries, so that
// events_dyad gives it in date order (the codes are checked by row).
func (s *Store) dyadArms(ctx context.Context, a, b string) ([]arm, bool, error) {
	src, ok, err := s.sideTerms(ctx, "src", a)
	if err != nil || !ok {
		return nil, ok, err
	}
	tgt, ok, err := s.sideTerms(ctx, "tgt", b)
	if err != nil || !ok {
		return nil, ok, err
	}
	var arms []arm
	for _, st := range src {
		sc, sa := st.cond("src")
		for _, tt := range tgt {
			tc, ta := tt.cond("tgt")
			arms = append(arms, arm{"events_dyad", sc + " AND " + tc, append(append([]any{}, sa...), ta...)})
		}
	}
	return arms, true, nil
}

// sideTerms lists the terms of actor x on side: its country, then each
// (code, country) pair under the code prefix x, found by seeks in the
// index on (lower(code), country, date), whose country is not x. ListEvents
// matches the code with LIKE, which ignores ASCII case: lower() folds the
// same letters, so lower(code) in [lower(x), lower(x) with its last byte
// plus one) is exactly code LIKE 'x%'. ok is false for a prefix ending in
// byte 0xFF, which has no such bound.
func (s *Store) sideTerms(ctx context.Context, side, x string) ([]term, bool, error) {
	lo := []byte(x)
	for i, c := range lo {
		if 'A' <= c && c <= 'Z' {
			lo[i] = c + 'a' - 'A'
		}
	}
	hi := append([]byte(nil), lo...)
	if hi[len(hi)-1] == 0xff {
		return nil, false, nil
	}
	hi[len(hi)-1]++
	col, idx := "lower("+side+"_code)", "events_"+side+"_code_country"
	k := side + "_country"
	seek := func(out, cond string) string {
		return `(SELECT min(` + out + `) FROM events INDEXED BY ` + idx + ` WHERE ` + cond + `)`
	}
	// A loose index scan: each step seeks the code after the last one, and
	// under each code, the country after the last one.
	rows, err := s.query(ctx, `WITH RECURSIVE
		codes(c) AS (
			SELECT `+seek(col, col+` >= ?1 AND `+col+` < ?2`)+`
			UNION ALL
			SELECT `+seek(col, col+` > codes.c AND `+col+` < ?2`)+` FROM codes WHERE codes.c IS NOT NULL LIMIT ?3),
		pairs(c, k) AS (
			SELECT c, `+seek(k, col+` = codes.c`)+` FROM codes WHERE c IS NOT NULL
			UNION ALL
			SELECT c, `+seek(k, col+` = pairs.c AND `+k+` > pairs.k`)+` FROM pairs WHERE pairs.k IS NOT NULL LIMIT ?3)
		SELECT c, k FROM pairs WHERE k IS NOT NULL`, string(lo), string(hi), maxArms+2)
	if err != nil {
		return nil, false, fmt.Errorf("codes under %q: %w", x, err)
	}
	defer rows.Close()
	ts := []term{{country: x}}
	n := 0
	for rows.Next() {
		n++
		var code, country string
		if err := rows.Scan(&code, &country); err != nil {
			return nil, false, fmt.Errorf("codes under %q: %w", x, err)
		}
		if country != x {
			ts = append(ts, term{code: code, country: country, byCode: true})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("codes under %q: %w", x, err)
	}
	if n > maxArms { // perhaps cut short by the LIMIT
		return nil, false, nil
	}
	return ts, true, nil
}

// stmtCache keeps the listing's statements prepared (database/sql prepares
// each once per connection): parsing them cost as much as running them.
// The texts vary only with the number of terms and the filters given, so
// the cache stays small; past maxStmts, statements are prepared per call.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

const maxStmts = 512

// query runs text as a cached prepared statement.
func (s *Store) query(ctx context.Context, text string, args ...any) (*sql.Rows, error) {
	c := &s.stmts
	c.mu.Lock()
	st, ok := c.m[text]
	c.mu.Unlock()
	if !ok {
		var err error
		if st, err = s.db.PrepareContext(ctx, text); err != nil {
			return nil, err
		}
		c.mu.Lock()
		if old, dup := c.m[text]; dup {
			st.Close()
			st = old
		} else if len(c.m) < maxStmts {
			if c.m == nil {
				c.m = map[string]*sql.Stmt{}
			}
			c.m[text] = st
		} else {
			c.mu.Unlock()
			defer st.Close()
			return st.QueryContext(ctx, args...)
		}
		c.mu.Unlock()
	}
	return st.QueryContext(ctx, args...)
}
