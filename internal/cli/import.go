package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/source"
	"github.com/georisk/georisk/internal/source/acled"
	"github.com/georisk/georisk/internal/source/dataset"
	"github.com/georisk/georisk/internal/source/gdelt"
	"github.com/georisk/georisk/internal/source/icews"
	"github.com/georisk/georisk/internal/source/polecat"
	"github.com/georisk/georisk/internal/store"
)

// datasetFormats lists the dataset readers, most specific first (auto
// detection takes the first that recognises a file).
func datasetFormats() []dataset.Format {
	return []dataset.Format{
		gdelt.Events(), gdelt.Mentions(), gdelt.GKG(), gdelt.V1(),
		acled.Format(), acled.Deletions(), icews.Format(), polecat.Format(),
	}
}

func importCmd() *command {
	return &command{
		name:    "import",
		args:    "[flags] FORMAT FILE|DIR|URL...",
		summary: "import event datasets: GDELT, ACLED, ICEWS, POLECAT",
		help: `Import reads event datasets into the store, beside the events georisk codes
itself. FORMAT is one of: auto, gdelt (2.0 events), gdelt-mentions, gkg (2.1),
gdelt1 (1.0 events), acled, acled-deletions, icews, polecat. auto detects each
file's format from its header or column count. Inputs are files, directories,
globs or http(s) URLs; .zip and .gz are read directly.

Importing the same file twice adds nothing; a revised row (a later ACLED
timestamp) replaces the stored one. Each bad row is reported once with
file:line and the reason and skipped; the exit status is then 1.

With --since and no inputs, "georisk import gdelt" (or gdelt-mentions, gkg)
fetches the live GDELT 2.0 15-minute files of that period that it has not
imported yet.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			asJSON := fs.Bool("json", false, "print the summary as JSON on stdout")
			since := fs.Duration("since", 0, "with gdelt, gdelt-mentions or gkg and no inputs: fetch the live files of this period (e.g. 2h)")
			base := fs.String("gdelt-base", "http://data.gdeltproject.org/gdeltv2/", "where the live GDELT 2.0 files are")
			allowPrivate := fs.Bool("allow-private", false, "allow fetching from loopback, private and link-local addresses")
			timeout := fs.Duration("timeout", 60*time.Second, "timeout of each HTTP request")
			maxBad := fs.Int("max-bad-lines", 20, "most bad rows to print per file (all are counted)")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 {
					return &UsageError{"import: give a FORMAT and inputs (try: georisk import --help)"}
				}
				format, inputs := args[0], args[1:]
				fetcher := source.NewFetcher(source.FetchOptions{Timeout: *timeout, MaxBytes: 256 << 20, AllowPrivate: *allowPrivate})
				opt := datasetOptions(format, fetcher)
				if format != "auto" {
					if _, err := findFormat(opt.Formats, format); err != nil {
						return &UsageError{"import: " + err.Error()}
					}
				}
				s, err := openStore(ctx, db(env))
				if err != nil {
					return err
				}
				defer s.Close()
				live := false
				if len(inputs) == 0 {
					kind, ok := map[string]string{"gdelt": "export", "gdelt-mentions": "mentions", "gkg": "gkg"}[format]
					if !ok || *since <= 0 {
						return &UsageError{"import: give inputs, or --since with gdelt, gdelt-mentions or gkg"}
					}
					feed := &gdelt.Feed{Fetcher: fetcher, Base: *base, Open: fetcher.Open}
					files, err := feed.Files(ctx, *since, time.Now().UTC(), kind)
					if err != nil {
						return fmt.Errorf("listing live GDELT files: %w", err)
					}
					for _, f := range files {
						seen, err := s.ImportedFile(ctx, f)
						if err != nil {
							return err
						}
						if !seen {
							inputs = append(inputs, f)
						}
					}
					live = true
					fmt.Fprintf(env.Stderr, "georisk: %d live GDELT files in the last %s, %d not yet imported\n", len(files), *since, len(inputs))
				}
				sum, err := runImport(ctx, env, s, inputs, opt, *maxBad, live)
				if *asJSON {
					if e := writeJSON(env.Stdout, sum); e != nil {
						return e
					}
				} else {
					fmt.Fprintf(env.Stderr, "%s\n", sum)
				}
				switch {
				case errors.Is(err, context.Canceled):
					fmt.Fprintf(env.Stderr, "georisk: interrupted: what was counted is stored; run again to resume\n")
					return ErrFailed
				case err != nil:
					return err
				case sum.BadRows > 0 || sum.FailedFiles > 0:
					return ErrFailed
				}
				return nil
			}
		},
	}
}

func datasetOptions(format string, f *source.Fetcher) dataset.Options {
	return dataset.Options{Formats: datasetFormats(), Format: format, Fetcher: f}
}

func findFormat(fs []dataset.Format, name string) (dataset.Format, error) {
	var names []string
	for _, f := range fs {
		if f.Name == name {
			return f, nil
		}
		names = append(names, f.Name)
	}
	return dataset.Format{}, fmt.Errorf("unknown format %q (known: auto, %s)", name, strings.Join(names, ", "))
}

// importSummary counts what an import did.
type importSummary struct {
	Files       int     `json:"files"`
	FailedFiles int     `json:"failed_files"`
	Rows        int     `json:"rows"`
	BadRows     int     `json:"bad_rows"`
	Added       int     `json:"added"`
	Replaced    int     `json:"replaced"`
	Unchanged   int     `json:"unchanged"`
	Deleted     int     `json:"deleted"`
	Mentions    int     `json:"mentions_new"`
	Articles    int     `json:"articles_new"`
	Seconds     float64 `json:"elapsed_seconds"`
}

func (s importSummary) String() string {
	rate := 0.0
	if s.Seconds > 0 {
		rate = float64(s.Rows) / s.Seconds
	}
	return fmt.Sprintf("files %d (%d failed), rows %d: events added %d, replaced %d, unchanged %d, deleted %d; mentions new %d; articles new %d; bad rows %d; %.1fs, %.0f rows/s",
		s.Files, s.FailedFiles, s.Rows, s.Added, s.Replaced, s.Unchanged, s.Deleted, s.Mentions, s.Articles, s.BadRows, s.Seconds, rate)
}

// importBatch is the number of rows stored per transaction.
const importBatch = 5000

// runImport reads the inputs one after the other and stores their records in
// batches, committing each input's rows before going on to the next; live
// GDELT files are marked imported only then. Since rows are keyed by their
// dataset ids, an interrupted import resumes without losing or repeating
// anything.
func runImport(ctx context.Context, env *Env, s store.Store, inputs []string, opt dataset.Options, maxBad int, live bool) (importSummary, error) {
	start := time.Now()
	var sum importSummary
	var events []*event.Event
	var mentions []*event.Mention
	var articles []*event.ArticleMeta
	deletions := map[string][]string{}
	badInFile := map[string]int{}
	flush := func() error {
		// A cancelled import still commits what it has read.
		wctx := context.WithoutCancel(ctx)
		if len(events) > 0 {
			c, err := s.PutEvents(wctx, events)
			if err != nil {
				return err
			}
			sum.Added += c.Added
			sum.Replaced += c.Replaced
			sum.Unchanged += c.Unchanged
			events = events[:0]
		}
		if len(mentions) > 0 {
			n, err := s.PutMentions(wctx, mentions)
			if err != nil {
				return err
			}
			sum.Mentions += n
			mentions = mentions[:0]
		}
		if len(articles) > 0 {
			n, err := s.PutArticleMeta(wctx, articles)
			if err != nil {
				return err
			}
			sum.Articles += n
			articles = articles[:0]
		}
		for origin, ids := range deletions {
			n, err := s.DeleteEvents(wctx, origin, ids)
			if err != nil {
				return err
			}
			sum.Deleted += n
			delete(deletions, origin)
		}
		return nil
	}
	var storeErr error
	var err error
	for _, in := range inputs {
		failed, before := 0, sum.Rows
		err = dataset.Read(ctx, []string{in}, opt, func(file string, r dataset.Record) error {
			sum.Rows++
			switch {
			case r.Event != nil:
				events = append(events, r.Event)
			case r.Mention != nil:
				mentions = append(mentions, r.Mention)
			case r.Article != nil:
				articles = append(articles, r.Article)
			case r.Delete != nil:
				deletions[r.Delete.Origin] = append(deletions[r.Delete.Origin], r.Delete.OriginID)
			}
			if len(events)+len(mentions)+len(articles) >= importBatch {
				if storeErr = flush(); storeErr != nil {
					return storeErr
				}
			}
			return nil
		}, func(e *dataset.RowError) {
			sum.BadRows++
			badInFile[e.File]++
			if n := badInFile[e.File]; n <= maxBad {
				fmt.Fprintf(env.Stderr, "georisk: %v\n", e)
			} else if n == maxBad+1 {
				fmt.Fprintf(env.Stderr, "georisk: %s: more bad rows; only the first %d are shown\n", e.File, maxBad)
			}
		}, func(f dataset.File) {
			sum.Files++
			if f.Err != nil {
				failed++
				sum.FailedFiles++
				fmt.Fprintf(env.Stderr, "georisk: %s: %v\n", f.Name, f.Err)
			}
		})
		if storeErr == nil {
			storeErr = flush()
		}
		if storeErr != nil || err != nil {
			break
		}
		// A live file is marked only once its rows are committed, so an
		// interrupted or failed import fetches it again next time.
		if live && failed == 0 {
			if storeErr = s.MarkImported(context.WithoutCancel(ctx), in, sum.Rows-before); storeErr != nil {
				break
			}
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	if storeErr != nil {
		return sum, fmt.Errorf("storing imported rows: %w", storeErr)
	}
	return sum, err
}
