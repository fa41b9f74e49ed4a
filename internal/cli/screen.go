package cli

import (
	"context"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/screen"
	"github.com/georisk/georisk/internal/store"
)

func screenCmd() *command {
	return &command{
		name:    "screen",
		args:    "[flags] NAME | --batch FILE.csv | --docs",
		summary: "screen a name, a CSV of names, or the parties named in stored documents against the loaded lists",
		help: `Screen matches a name against the restricted-party lists loaded with
"georisk lists import": legal forms, case, accents and punctuation are ignored,
Chinese names match in characters, pinyin (joined, spaced, in any order) and
English trade names, and each hit says why it matched. Hits are printed best
first with their score (0-1); the algorithm version and the list versions are
recorded in --json output.

--batch FILE.csv screens every row of a CSV with a header holding a "name"
column (and optionally id, type, country, dob, ids); a row that cannot be
screened is reported as FILE:LINE and the rest go on.

--docs screens the people and organisations found in stored documents (event
actors, quoted speakers, knowledge-graph names) and stores the hits on each
document (see georisk docs show); running it again stores nothing twice.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			country := fs.String("country", "", "the party's country (ISO code or name): a match raises, a mismatch lowers the score")
			typ := fs.String("type", "", "person or org: entries of the other type score lower")
			dob := fs.String("dob", "", "a person's date or year of birth")
			ids := fs.String("id", "", "identifiers of the party, comma-separated (a Unified Social Credit Code, a passport number)")
			threshold := fs.Float64("threshold", screen.DefaultThreshold, "lowest score reported")
			limit := fs.Int("limit", 10, "most hits per name")
			only := fs.String("list", "", "screen only against these lists, comma-separated")
			batch := fs.String("batch", "", "screen the names of this CSV file")
			docs := fs.Bool("docs", false, "screen the parties named in stored documents and store the hits")
			dates := dayRange(fs, "with --docs, documents published")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if *threshold <= 0 || *threshold > 1 {
					return &UsageError{fmt.Sprintf("screen: --threshold %v: want a score above 0 and at most 1", *threshold)}
				}
				t := ""
				if *typ != "" {
					if t = screen.NormalType(*typ); t != screen.Person && t != screen.Org {
						return &UsageError{fmt.Sprintf("screen: --type %q: want person or org", *typ)}
					}
				}
				modes := 0
				for _, on := range []bool{len(args) > 0, *batch != "", *docs} {
					if on {
						modes++
					}
				}
				if modes != 1 {
					return &UsageError{"screen: give a NAME, or --batch FILE.csv, or --docs"}
				}
				since, until, err := dates()
				if err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				var onlyLists []string
				if *only != "" {
					onlyLists = strings.Split(*only, ",")
				}
				ix, used, err := loadIndex(ctx, s, onlyLists)
				if err != nil {
					return err
				}
				base := screen.Query{Type: t, Country: *country, DOB: *dob, Threshold: *threshold, Limit: *limit}
				if *ids != "" {
					base.IDs = strings.Split(*ids, ",")
				}
				switch {
				case *batch != "":
					return screenBatch(env, ix, used, *batch, base, *asJSON)
				case *docs:
					return screenDocs(ctx, env, s, ix, used, base, since, until, *asJSON)
				}
				q := base
				q.Name = strings.Join(args, " ")
				hits, err := ix.Screen(q)
				if err != nil {
					return fmt.Errorf("screen: %w", err)
				}
				if *asJSON {
					return writeJSON(env.Stdout, screenJSON(q.Name, hits, used))
				}
				printHits(env.Stdout, q.Name, hits)
				return nil
			}
		},
	}
}

// screenJSON is the JSON form of one query's result.
func screenJSON(query string, hits []screen.Hit, used []store.ListInfo) map[string]any {
	ls := make([]map[string]any, 0, len(used))
	for _, l := range used {
		ls = append(ls, map[string]any{"name": l.Name, "version": l.Version, "imported": l.Imported.Format(time.RFC3339), "entries": l.Entries})
	}
	return map[string]any{"query": query, "algorithm": screen.Algorithm, "lists": ls, "hits": orEmpty(hits)}
}

func printHits(w io.Writer, query string, hits []screen.Hit) {
	if len(hits) == 0 {
		fmt.Fprintf(w, "%s: no hits\n", query)
		return
	}
	for _, h := range hits {
		fmt.Fprintf(w, "%.3f  %s %s  %s", h.Score, h.List, h.ID, h.Name)
		if h.Matched != h.Name {
			fmt.Fprintf(w, "  (matched %q)", h.Matched)
		}
		fmt.Fprintln(w)
		for _, why := range h.Why {
			fmt.Fprintf(w, "       %s\n", why)
		}
	}
}

func screenBatch(env *Env, ix *screen.Index, used []store.ListInfo, file string, base screen.Query, asJSON bool) error {
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("screen: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("screen: %s:1: %w", file, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	if _, ok := col["name"]; !ok {
		return fmt.Errorf("screen: %s:1: no \"name\" column in the header", file)
	}
	get := func(rec []string, k string) string {
		if i, ok := col[k]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var qs []screen.Query
	var lines []int
	var rowIDs []string
	failed := false
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				fmt.Fprintf(env.Stderr, "%s:%d: %v\n", file, pe.StartLine, pe.Err)
				failed = true
				continue
			}
			return fmt.Errorf("screen: %s: %w", file, err)
		}
		line, _ := r.FieldPos(0)
		q := base
		q.Name = get(rec, "name")
		if v := get(rec, "type"); v != "" {
			q.Type = screen.NormalType(v)
		}
		q.Country = first(get(rec, "country"), base.Country)
		q.DOB = first(get(rec, "dob"), base.DOB)
		if v := get(rec, "ids"); v != "" {
			q.IDs = strings.Split(v, ";")
		}
		qs = append(qs, q)
		lines = append(lines, line)
		rowIDs = append(rowIDs, get(rec, "id"))
	}
	results := ix.ScreenAll(qs)
	var out []map[string]any
	hitCount := 0
	for i, res := range results {
		if res.Err != nil {
			fmt.Fprintf(env.Stderr, "%s:%d: %v\n", file, lines[i], res.Err)
			failed = true
			continue
		}
		hitCount += len(res.Hits)
		if asJSON {
			m := screenJSON(res.Query.Name, res.Hits, nil)
			delete(m, "lists")
			delete(m, "algorithm")
			m["line"], m["id"] = lines[i], rowIDs[i]
			out = append(out, m)
			continue
		}
		for _, h := range res.Hits {
			fmt.Fprintf(env.Stdout, "%s:%d\t%s\t%.3f\t%s\t%s\t%s\n", file, lines[i], res.Query.Name, h.Score, h.List, h.ID, h.Name)
		}
	}
	if asJSON {
		if err := writeJSON(env.Stdout, map[string]any{"algorithm": screen.Algorithm, "lists": screenJSON("", nil, used)["lists"], "results": orEmpty(out)}); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(env.Stderr, "%d names screened, %d hits\n", len(qs), hitCount)
	}
	if failed {
		return ErrFailed
	}
	return nil
}

// docScreener is what screening stored documents needs of a store.
type docScreener interface {
	ListDocs(ctx context.Context, q store.DocQuery) ([]event.Document, error)
	ListEvents(ctx context.Context, q store.EventQuery) ([]event.Event, error)
	ListQuotes(ctx context.Context, q store.TextQuery) ([]event.Quote, error)
	ArticleMeta(ctx context.Context, url string) ([]event.ArticleMeta, error)
	PutScreenHits(ctx context.Context, hits []store.ScreenHit) (int, error)
}

// docNames returns the names of parties found in a document: the words
// naming event actors, quoted speakers, and knowledge-graph persons and
// organisations.
func docNames(ctx context.Context, s docScreener, d event.Document) ([]string, error) {
	seen := map[string]bool{}
	var names []string
	add := func(n string) {
		n = strings.TrimSpace(n)
		if n != "" && !seen[strings.ToLower(n)] {
			seen[strings.ToLower(n)] = true
			names = append(names, n)
		}
	}
	evs, err := s.ListEvents(ctx, store.EventQuery{DocID: d.ID, Origin: event.OriginCoded, Limit: 10000})
	if err != nil {
		return nil, err
	}
	for _, e := range evs {
		add(e.Evidence.SourceText)
		add(e.Evidence.TargetText)
		add(e.Source.Name)
		add(e.Target.Name)
	}
	qs, err := s.ListQuotes(ctx, store.TextQuery{DocID: d.ID, Limit: 10000})
	if err != nil {
		return nil, err
	}
	for _, q := range qs {
		add(q.SpeakerText)
		add(q.Speaker.Name)
	}
	if d.URL != "" {
		ms, err := s.ArticleMeta(ctx, d.URL)
		if err != nil {
			return nil, err
		}
		for _, m := range ms {
			for _, n := range append(m.Persons, m.Organizations...) {
				add(n)
			}
		}
	}
	return names, nil
}

func screenDocs(ctx context.Context, env *Env, s store.Store, ix *screen.Index, used []store.ListInfo, base screen.Query, since, until time.Time, asJSON bool) error {
	versions := map[string]string{}
	for _, l := range used {
		versions[l.Name] = l.Version
	}
	nDocs, nNames, nHits, nNew := 0, 0, 0, 0
	now := time.Now().UTC().Truncate(time.Second)
	var report []map[string]any
	const page = 200
	for offset := 0; ; offset += page {
		docs, err := s.ListDocs(ctx, store.DocQuery{Since: since, Until: until, Limit: page, Offset: offset})
		if err != nil {
			return err
		}
		for _, d := range docs {
			names, err := docNames(ctx, s, d)
			if err != nil {
				return err
			}
			nDocs++
			var hits []store.ScreenHit
			for _, n := range names {
				q := base
				q.Name = n
				hs, err := ix.Screen(q)
				if err != nil {
					continue // a name too short or long to screen ("EU") is no party to check
				}
				nNames++
				for _, h := range hs {
					hits = append(hits, store.ScreenHit{DocID: d.ID, Query: n, List: h.List, EntryID: h.ID, Name: h.Name, Matched: h.Matched,
						Score: h.Score, Why: h.Why, Algorithm: screen.Algorithm, ListVersion: versions[h.List], ScreenedAt: now})
				}
			}
			added, err := s.PutScreenHits(ctx, hits)
			if err != nil {
				return err
			}
			nHits += len(hits)
			nNew += added
			for _, h := range hits {
				if asJSON {
					report = append(report, map[string]any{"doc": h.DocID, "query": h.Query, "list": h.List, "id": h.EntryID,
						"name": h.Name, "matched": h.Matched, "score": h.Score, "why": h.Why})
				} else {
					fmt.Fprintf(env.Stdout, "doc %-6d %-30s %.3f  %s %s  %s\n", h.DocID, trunc(h.Query, 30), h.Score, h.List, h.EntryID, h.Name)
				}
			}
		}
		if len(docs) < page {
			break
		}
	}
	if asJSON {
		return writeJSON(env.Stdout, map[string]any{"algorithm": screen.Algorithm, "documents": nDocs, "names": nNames,
			"hits": orEmpty(report), "new": nNew})
	}
	fmt.Fprintf(env.Stderr, "%d documents, %d names screened: %d hits, %d new\n", nDocs, nNames, nHits, nNew)
	return nil
}

// printDocScreenHits prints the screening hits stored on a document, for
// georisk docs show.
func printDocScreenHits(ctx context.Context, w io.Writer, s interface {
	ScreenHits(ctx context.Context, docID int64) ([]store.ScreenHit, error)
}, docID int64) error {
	hits, err := s.ScreenHits(ctx, docID)
	if err != nil || len(hits) == 0 {
		return err
	}
	fmt.Fprintf(w, "\nScreening hits (%d):\n", len(hits))
	for _, h := range hits {
		fmt.Fprintf(w, "  %.3f  %q → %s %s %s (list version %s, %s)\n", h.Score, h.Query, h.List, h.EntryID, h.Name, first(h.ListVersion, "—"), h.Algorithm)
	}
	return nil
}

// screenHitsJSON is the JSON shape of a document's stored screening hits
// (in docs show --json).
func screenHitsJSON(hits []store.ScreenHit) []map[string]any {
	out := make([]map[string]any, len(hits))
	for i, h := range hits {
		out[i] = map[string]any{"query": h.Query, "list": h.List, "id": h.EntryID, "name": h.Name, "matched": h.Matched,
			"score": h.Score, "why": h.Why, "algorithm": h.Algorithm, "list_version": h.ListVersion,
			"screened_at": h.ScreenedAt.UTC().Format(time.RFC3339)}
	}
	return out
}
