package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"sort"

	"github.com/georisk/georisk/internal/store"
)

func statsCmd() *command {
	return &command{
		name:    "stats",
		summary: "count what is stored: documents, stories, copies, sources, events by origin",
		help:    "Stats counts what the store holds. Event counts appear once the event coder has run.",
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 {
					return &UsageError{"stats takes no arguments"}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				st, err := s.Stats(ctx)
				if err != nil {
					return err
				}
				if *asJSON {
					return writeJSON(env.Stdout, statsJSON(st))
				}
				printStats(env.Stdout, st)
				return nil
			}
		},
	}
}

func statsJSON(st store.Stats) map[string]any {
	m := map[string]any{
		"documents": st.Documents, "stories": st.Stories, "copies": st.Copies, "sources": st.Sources,
		"events": st.Events, "events_by_origin": st.Origins, "mentions": st.Mentions, "article_meta": st.Articles, "formats": st.Formats, "languages": st.Langs, "raw_bytes": st.RawBytes,
		"oldest": nil, "newest": nil,
	}
	if !st.Oldest.IsZero() {
		m["oldest"], m["newest"] = st.Oldest.Format("2006-01-02"), st.Newest.Format("2006-01-02")
	}
	return m
}

func printStats(w io.Writer, st store.Stats) {
	fmt.Fprintf(w, "documents  %d\nstories    %d\ncopies     %d\nsources    %d\nevents     %d\n", st.Documents, st.Stories, st.Copies, st.Sources, st.Events)
	if !st.Oldest.IsZero() {
		fmt.Fprintf(w, "published  %s to %s\n", st.Oldest.Format("2006-01-02"), st.Newest.Format("2006-01-02"))
	}
	fmt.Fprintf(w, "raw        %.1f MB compressed\n", float64(st.RawBytes)/1e6)
	fmt.Fprintf(w, "formats    %s\nlanguages  %s\n", counts(st.Formats), counts(st.Langs))
	if st.Events > 0 {
		fmt.Fprintf(w, "origins    %s\nmentions   %d\narticles   %d (knowledge-graph rows)\n", counts(st.Origins), st.Mentions, st.Articles)
	}
}

func counts(m map[string]int64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return m[keys[i]] > m[keys[j]] || m[keys[i]] == m[keys[j]] && keys[i] < keys[j] })
	if len(keys) == 0 {
		return "none"
	}
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		name := k
		if name == "" {
			name = "unknown"
		}
		out += fmt.Sprintf("%s %d", name, m[k])
	}
	return out
}
