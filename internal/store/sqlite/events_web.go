package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// rareLimit is how many rows the indexes may find for an actor or a dyad
// before ListEventsIndexed leaves the query to ListEvents: up to it, the
// matching rows are gathered by index and sorted; past it, matches are
// dense enough that scanning by date finds a page quickly.
const rareLimit = 5000

// ListEventsIndexed returns what ListEvents returns, faster for rare actors
// and dyads. ListEvents writes an actor as "code prefix OR country" on each
// side; SQLite cannot use an index for that inside an AND, so it walks the
// date index through the whole table for a dyad seen a few times. Here the
// condition is put in disjunctive normal form, each term answered by an
// index (events_dyad, events_tgt, and the case-insensitive code indexes of
// migration 007), and the few matching rows sorted by date.
func (s *Store) ListEventsIndexed(ctx context.Context, q store.EventQuery) ([]event.Event, error) {
	var arms []arm
	switch {
	case q.DyadA != "" && q.DyadB != "":
		arms = dyadArms(q.DyadA, q.DyadB)
		if !q.Directed {
			arms = append(arms, dyadArms(q.DyadB, q.DyadA)...)
		}
	case q.Actor != "":
		c := q.Actor
		sc, sa := prefixCond("src", c)
		tc, ta := prefixCond("tgt", c)
		arms = []arm{{"src_country = ?", []any{c}}, {"tgt_country = ?", []any{c}}, {sc, sa}, {tc, ta}}
	default:
		return s.ListEvents(ctx, q)
	}
	// Count each arm up to the limit: cheap, bounded index range scans.
	n := 0
	for _, a := range arms {
		var k int
		if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM events WHERE `+a.cond+` LIMIT ?)`,
			append(append([]any{}, a.args...), rareLimit+1)...).Scan(&k); err != nil {
			return nil, fmt.Errorf("listing events: %w", err)
		}
		if n += k; n > rareLimit {
			return s.ListEvents(ctx, q)
		}
	}
	var union []string
	var args []any
	for _, a := range arms {
		union = append(union, "SELECT id FROM events WHERE "+a.cond)
		args = append(args, a.args...)
	}
	// The matching ids drive the query (CROSS JOIN fixes the join order):
	// left to itself, SQLite may walk the date index to avoid a sort.
	where := []string{"1"}
	// The other filters, as ListEvents applies them.
	if q.Actor != "" && q.DyadA != "" {
		sc, sa := actorCond("src", q.Actor)
		tc, ta := actorCond("tgt", q.Actor)
		where = append(where, "("+sc+" OR "+tc+")")
		args = append(append(args, sa...), ta...)
	}
	if q.Origin != "" {
		where, args = append(where, "origin = ?"), append(args, q.Origin)
	}
	if q.Code != "" {
		where, args = append(where, `code LIKE ? ESCAPE '\'`), append(args, likePrefix(q.Code))
	}
	if q.Root != "" {
		where, args = append(where, "root = ?"), append(args, q.Root)
	}
	if q.Quad != 0 {
		where, args = append(where, "quad = ?"), append(args, q.Quad)
	}
	if !q.Since.IsZero() {
		where, args = append(where, "date >= ?"), append(args, q.Since.UTC().Format(dayLayout))
	}
	if !q.Until.IsZero() {
		where, args = append(where, "date < ?"), append(args, q.Until.UTC().Format(dayLayout))
	}
	if q.DocID != 0 {
		where, args = append(where, "doc_id = ?"), append(args, q.DocID)
	}
	args = append(args, limit(q.Limit), max(q.Offset, 0))
	rows, err := s.db.QueryContext(ctx, `SELECT events.id, `+strings.Join(eventColumns[:len(eventColumns)-1], ", ")+
		` FROM (`+strings.Join(union, " UNION ")+`) AS m CROSS JOIN events ON events.id = m.id WHERE `+strings.Join(where, " AND ")+
		` ORDER BY date DESC, events.id DESC LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	defer rows.Close()
	var out []event.Event
	for rows.Next() {
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
			return nil, fmt.Errorf("listing events: %w", err)
		}
		e.Date, _ = time.Parse(dayLayout, date)
		if lat.Valid && lon.Valid {
			e.Location.Lat, e.Location.Lon, e.Location.HasGeo = lat.Float64, lon.Float64, true
		}
		e.DocID = doc.Int64
		e.Updated = parseTime(updated)
		if attrs != "{}" {
			if err := json.Unmarshal([]byte(attrs), &e.Attrs); err != nil {
				return nil, fmt.Errorf("event %d: attributes: %w", e.ID, err)
			}
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing events: %w", err)
	}
	return out, nil
}

// arm is one term of a condition in disjunctive normal form.
type arm struct {
	cond string
	args []any
}

// dyadArms are the four ways an event can go from a to b: by country or
// by code prefix on each side.
func dyadArms(a, b string) []arm {
	sc, sa := prefixCond("src", a)
	tc, ta := prefixCond("tgt", b)
	return []arm{
		{"src_country = ? AND tgt_country = ?", []any{a, b}},
		{"src_country = ? AND " + tc, append([]any{a}, ta...)},
		{sc + " AND tgt_country = ?", append(append([]any{}, sa...), b)},
		{sc + " AND " + tc, append(append([]any{}, sa...), ta...)},
	}
}

// prefixCond matches a code prefix as ListEvents does (LIKE, ignoring ASCII
// case) as a range of the lower-cased code, which the indexes of migration
// 007 answer without reading the table: lower() folds ASCII letters only,
// as LIKE does, so lower(code) in [lower(p), lower(p)+1) is exactly
// code LIKE 'p%'. A prefix ending in byte 0xFF has no upper bound and keeps
// the LIKE.
func prefixCond(side, prefix string) (string, []any) {
	lo := []byte(prefix)
	for i, c := range lo {
		if 'A' <= c && c <= 'Z' {
			lo[i] = c + 'a' - 'A'
		}
	}
	hi := append([]byte(nil), lo...)
	col := "lower(" + side + "_code)"
	if last := hi[len(hi)-1]; last < 0xff {
		hi[len(hi)-1] = last + 1
		return "(" + col + " >= ? AND " + col + " < ?)", []any{string(lo), string(hi)}
	}
	return "(" + col + " >= ? AND " + side + `_code LIKE ? ESCAPE '\')`, []any{string(lo), likePrefix(prefix)}
}
