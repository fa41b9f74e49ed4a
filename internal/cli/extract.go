package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"time"

	"github.com/georisk/georisk/internal/ingest"
	"github.com/georisk/georisk/internal/source"
)

func extractCmd() *command {
	return &command{
		name:    "extract",
		args:    "[flags] FILE|URL|-",
		summary: "print the article extracted from a page, file or feed, without storing it",
		help: `Extract prints what georisk finds in an input: title, date, author, site,
language, URL and the clean body, with navigation, cookie banners, share bars,
related posts and footers removed. Nothing is stored. A feed or JSON Lines file
gives one article per item (with --json, one JSON object per line).`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			asJSON := fs.Bool("json", false, `print {"title", "date", "author", "site", "lang", "url", "body"} as JSON`)
			allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback, private and link-local addresses")
			timeout := fs.Duration("timeout", 20*time.Second, "timeout of each HTTP request")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) != 1 {
					return &UsageError{"extract: give one FILE, URL or -"}
				}
				opt := source.Options{
					AllowPrivate: *allowPrivate,
					FetchPages:   true,
					Logger:       logger(env),
					Client:       source.NewFetcher(source.FetchOptions{Timeout: *timeout, AllowPrivate: *allowPrivate}),
				}
				failed := false
				now := time.Now()
				enc := json.NewEncoder(env.Stdout)
				enc.SetEscapeHTML(false)
				err := source.Read(ctx, args, env.Stdin, opt, func(it source.Item) error {
					d, err := ingest.Build(it, now)
					if err != nil {
						failed = true
						fmt.Fprintf(env.Stderr, "georisk: %s: %v\n", it.Input, err)
						return nil
					}
					date := ""
					if !d.Published.IsZero() {
						date = d.Published.Format("2006-01-02")
					}
					if *asJSON {
						return enc.Encode(extracted{d.Title, date, d.Author, d.Site, d.Lang, d.URL, d.Body})
					}
					fmt.Fprintf(env.Stdout, "Title:  %s\nDate:   %s\nAuthor: %s\nSite:   %s\nLang:   %s\nURL:    %s\n\n%s\n\n",
						d.Title, date, d.Author, d.Site, d.Lang, d.URL, d.Body)
					return nil
				}, func(f source.Failure) {
					failed = true
					fmt.Fprintf(env.Stderr, "georisk: %s\n", failureText(f))
				})
				if err != nil {
					return err
				}
				if failed {
					return ErrFailed
				}
				return nil
			}
		},
	}
}

// extracted is the JSON shape of georisk extract --json.
type extracted struct {
	Title  string `json:"title"`
	Date   string `json:"date"`
	Author string `json:"author"`
	Site   string `json:"site"`
	Lang   string `json:"lang"`
	URL    string `json:"url"`
	Body   string `json:"body"`
}
