package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/claims"
)

func claimsCmd() *command {
	return &command{
		name:    "claims",
		args:    "[flags] FILE | --doc ID",
		summary: "check numeric claims (NATO membership, allies at 2% of GDP) against dated reference tables",
		help: `Claims finds checkable claims in a text file or a stored document — how many
members NATO has, how many allies spend 2% of GDP on defence in a year — and
checks each against georisk's dated reference tables (with their sources) and
any added with --ref (table<TAB>key<TAB>value<TAB>vintage<TAB>source; see
internal/claims/data/reference.tsv). Each claim is supported, contradicted,
or unverifiable when the reference has no figure for its time: georisk never
guesses one.

A claim without a year of its own is about the text's date: the document's
publication date, --date, or the first date in the first lines of a file.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			db := dbFlag(fs)
			doc := fs.Int64("doc", 0, "check a stored document instead of a file")
			refs := fs.String("ref", "", "extra reference tables, comma-separated files")
			date := fs.String("date", "", "the text's date (YYYY-MM-DD) for claims without a year")
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if (*doc == 0) == (len(args) == 0) || len(args) > 1 {
					return &UsageError{"claims: give one FILE or --doc ID"}
				}
				ref, err := claims.DefaultReference()
				if err != nil {
					return err
				}
				if *refs != "" {
					for _, f := range strings.Split(*refs, ",") {
						if err := ref.AddFile(strings.TrimSpace(f)); err != nil {
							return err
						}
					}
				}
				when, err := parseDay("date", *date)
				if err != nil {
					return err
				}
				var body string
				if *doc != 0 {
					s, err := openStore(ctx, db(env))
					if err != nil {
						return err
					}
					defer s.Close()
					d, err := s.Doc(ctx, *doc)
					if err != nil {
						return fmt.Errorf("claims: document %d: %w", *doc, err)
					}
					body = d.Title + ".\n\n" + d.Body
					if when.IsZero() {
						when = d.Published
					}
				} else {
					var b []byte
					if args[0] == "-" {
						b, err = io.ReadAll(env.Stdin)
					} else {
						b, err = os.ReadFile(args[0])
					}
					if err != nil {
						return fmt.Errorf("claims: %w", err)
					}
					body = textOf(string(b))
					if when.IsZero() {
						when = leadDate(body)
					}
				}
				cs := ref.Check(claims.Find(body, when))
				if *asJSON {
					return writeJSON(env.Stdout, orEmpty(cs))
				}
				if len(cs) == 0 {
					fmt.Fprintf(env.Stdout, "No checkable claims found.\n")
				}
				for _, c := range cs {
					fmt.Fprintf(env.Stdout, "%-12s %s\n  %q\n  %s", strings.ToUpper(string(c.Status)), c.What, trunc(c.Text, 200), c.Note)
					if c.Source != "" {
						fmt.Fprintf(env.Stdout, "\n  source: %s", c.Source)
					}
					fmt.Fprintf(env.Stdout, "\n\n")
				}
				return nil
			}
		},
	}
}

var tagRE = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// textOf strips HTML tags from a page; other text is returned as it is.
func textOf(s string) string {
	if !strings.Contains(strings.ToLower(s[:min(len(s), 512)]), "<html") {
		return s
	}
	return tagRE.ReplaceAllString(s, "\n")
}

var leadDateRE = regexp.MustCompile(`\b(\d{4}-\d{2}-\d{2}|\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b`)

// leadDate is the first date in the first ten lines of a text, or zero.
func leadDate(s string) time.Time {
	lines := strings.SplitN(s, "\n", 11)
	head := strings.Join(lines[:min(len(lines), 10)], "\n")
	m := leadDateRE.FindString(head)
	for _, layout := range []string{time.DateOnly, "2 January 2006", "02 January 2006"} {
		if t, err := time.Parse(layout, m); err == nil {
			return t
		}
	}
	return time.Time{}
}
