package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

func docsCmd() *command {
	return &command{
		name:    "docs",
		args:    "[flags] | docs show [flags] ID",
		summary: "list stored articles, newest first, or show one with its copies",
		help: `Docs lists stored articles, newest first. "georisk docs show ID" prints one
article's metadata and body, and the other copies of its story (the same wire
text on other sites); --raw prints the raw input it was extracted from.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			lim := fs.Int("limit", 20, "most articles to list")
			offset := fs.Int("offset", 0, "articles to skip")
			src := fs.String("source", "", "only articles from this outlet or dataset")
			dates := dayRange(fs, "articles published")
			raw := fs.Bool("raw", false, "with show: print the raw input instead")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) > 0 && args[0] == "show" {
					if len(args) != 2 {
						return &UsageError{"docs show: give one document ID"}
					}
					id, err := strconv.ParseInt(args[1], 10, 64)
					if err != nil {
						return &UsageError{fmt.Sprintf("docs show: %q is not a document ID", args[1])}
					}
					s, err := openStore(ctx, db(env))
					if err != nil {
						return err
					}
					defer s.Close()
					return showDoc(ctx, env, s, id, *raw, *asJSON)
				}
				if len(args) > 0 {
					return &UsageError{fmt.Sprintf("docs: unexpected argument %q", args[0])}
				}
				q := store.DocQuery{Limit: *lim, Offset: *offset, Source: *src}
				var err error
				if q.Since, q.Until, err = dates(); err != nil {
					return err
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				docs, err := s.ListDocs(ctx, q)
				if err != nil {
					return err
				}
				if *asJSON {
					out := make([]map[string]any, 0, len(docs))
					for _, d := range docs {
						out = append(out, docJSON(d))
					}
					return writeJSON(env.Stdout, out)
				}
				for _, d := range docs {
					mark := ""
					if d.CopyOf != 0 {
						mark = fmt.Sprintf("  (copy of %d)", d.CopyOf)
					}
					fmt.Fprintf(env.Stdout, "%6d  %s  %-22s  %s%s\n", d.ID, day(d.Published), trunc(d.Source, 22), d.Title, mark)
				}
				return nil
			}
		},
	}
}

func showDoc(ctx context.Context, env *Env, s store.Store, id int64, raw, asJSON bool) error {
	if raw {
		b, _, err := s.Raw(ctx, id)
		if err != nil {
			return err
		}
		_, err = env.Stdout.Write(b)
		return err
	}
	d, err := s.Doc(ctx, id)
	if err != nil {
		return err
	}
	story, err := s.Story(ctx, d.StoryID)
	if err != nil {
		return err
	}
	var meta []event.ArticleMeta
	if d.URL != "" {
		if meta, err = s.ArticleMeta(ctx, d.URL); err != nil {
			return err
		}
	}
	var copies []event.Document
	for _, c := range story {
		if c.ID != d.ID {
			copies = append(copies, c)
		}
	}
	if asJSON {
		m := docJSON(d)
		m["body"] = d.Body
		var cs []map[string]any
		for _, c := range copies {
			cs = append(cs, docJSON(c))
		}
		m["copies"] = cs
		if len(meta) > 0 {
			m["knowledge_graph"] = meta
		}
		hits, err := s.ScreenHits(ctx, id)
		if err != nil {
			return err
		}
		if len(hits) > 0 {
			m["screening_hits"] = screenHitsJSON(hits)
		}
		return writeJSON(env.Stdout, m)
	}
	w := env.Stdout
	fmt.Fprintf(w, "ID:        %d\nTitle:     %s\nPublished: %s\nSource:    %s\nAuthor:    %s\nURL:       %s\nLanguage:  %s\nFormat:    %s\nInput:     %s\nStory:     %d\n\n%s\n",
		d.ID, d.Title, day(d.Published), d.Source, d.Author, d.URL, d.Lang, d.Format, d.Input, d.StoryID, d.Body)
	for _, a := range meta {
		fmt.Fprintf(w, "\n%s knowledge graph (%s, tone %.1f):\n  themes: %s\n  persons: %s\n  organizations: %s\n",
			strings.ToUpper(a.Origin), a.RecordID, a.Tone, strings.Join(a.Themes, ", "), strings.Join(a.Persons, ", "), strings.Join(a.Organizations, ", "))
	}
	if len(copies) > 0 {
		fmt.Fprintf(w, "\nCopies of this story (%d):\n", len(copies))
		for _, c := range copies {
			fmt.Fprintf(w, "%6d  %s  %-22s  %s\n", c.ID, day(c.Published), trunc(c.Source, 22), c.Title)
		}
	}
	return printDocScreenHits(ctx, w, s, id)
}

// docJSON is the JSON shape of a document in listings (no body, no raw).
func docJSON(d event.Document) map[string]any {
	m := map[string]any{
		"id": d.ID, "title": d.Title, "url": d.URL, "source": d.Source, "site": d.Site, "author": d.Author,
		"lang": d.Lang, "format": d.Format, "input": d.Input, "story_id": d.StoryID,
		"published": nil, "ingested_at": d.IngestedAt.Format("2006-01-02T15:04:05Z"),
	}
	if !d.Published.IsZero() {
		m["published"] = d.Published.Format("2006-01-02T15:04:05Z")
	}
	if d.CopyOf != 0 {
		m["copy_of"] = d.CopyOf
	}
	return m
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "   undated"
	}
	return t.Format("2006-01-02")
}

func trunc(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
