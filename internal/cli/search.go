package cli

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/store"
)

func searchCmd() *command {
	return &command{
		name:    "search",
		args:    "[flags] QUERY...",
		summary: "full-text search over stored articles",
		help: `Search finds stored articles by their words, best matches first. The query
uses SQLite FTS5 syntax: plain words must all match (stemmed: "sanction"
finds "sanctions"), "quoted phrases", OR, NOT, prefix*, title:word.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			dates := dayRange(fs, "articles published")
			src := fs.String("source", "", "only articles from this outlet or dataset")
			lim := fs.Int("limit", 20, "most results to show")
			asJSON := fs.Bool("json", false, "print results as JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 {
					return &UsageError{"search: no QUERY given"}
				}
				q := store.SearchQuery{Text: strings.Join(args, " "), Source: *src, Limit: *lim}
				var err error
				if q.Since, q.Until, err = dates(); err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				hits, err := s.Search(ctx, q)
				if err != nil {
					return err
				}
				if *asJSON {
					out := make([]map[string]any, 0, len(hits))
					for _, h := range hits {
						m := docJSON(h.Doc)
						m["snippet"], m["rank"] = h.Snippet, h.Rank
						out = append(out, m)
					}
					return writeJSON(env.Stdout, out)
				}
				if len(hits) == 0 {
					fmt.Fprintf(env.Stderr, "no articles match %q\n", q.Text)
					return nil
				}
				for _, h := range hits {
					fmt.Fprintf(env.Stdout, "%6d  %s  %-22s  %s\n        %s\n", h.Doc.ID, day(h.Doc.Published),
						trunc(h.Doc.Source, 22), h.Doc.Title, strings.ReplaceAll(h.Snippet, "\n", " "))
				}
				return nil
			}
		},
	}
}

// dayRange declares --since and --until on fs (what is filtered is named by
// what); the returned function parses them.
func dayRange(fs *flag.FlagSet, what string) func() (since, until time.Time, err error) {
	since := fs.String("since", "", "only "+what+" on or after this date (YYYY-MM-DD)")
	until := fs.String("until", "", "only "+what+" before this date (YYYY-MM-DD)")
	return func() (time.Time, time.Time, error) {
		s, err := parseDay("since", *since)
		if err != nil {
			return s, time.Time{}, err
		}
		u, err := parseDay("until", *until)
		return s, u, err
	}
}

func parseDay(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, &UsageError{fmt.Sprintf("--%s %q: want a date as YYYY-MM-DD", name, s)}
	}
	return t, nil
}
