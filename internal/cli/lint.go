package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/georisk/georisk/internal/lint"
)

func lintCmd() *command {
	return &command{
		name:    "lint",
		args:    "[--json] FILE...",
		summary: "check estimative writing against ICD 203 (uncalibrated terms, mixed confidence, judgments without evidence)",
		help: `Lint reads Markdown, HTML or plain text (by extension, else by content; "-" is
stdin) and flags, with file and line:

  non-icd-term      "may", "might", "could", "possibly", "perhaps" or "certain"
                    used where an ICD 203 term belongs (almost no chance 1–5%,
                    very unlikely 5–20%, unlikely 20–45%, roughly even chance
                    45–55%, likely 55–80%, very likely 80–95%, almost certain
                    95–99%)
  mixed-confidence  likelihood and confidence stated in one sentence
  no-evidence       a judgment with no citation ([1], a URL, "Evidence") in its
                    paragraph or the next

Quoted words and block quotes are someone else's and are not checked. The
exit status is 1 when anything is found.`,
		flags: func(fs *flag.FlagSet) func(context.Context, *Env, []string) error {
			asJSON := fs.Bool("json", false, "print JSON")
			return func(ctx context.Context, env *Env, args []string) error {
				if len(args) == 0 {
					return &UsageError{"lint: give a file to check"}
				}
				type fileFindings struct {
					File     string         `json:"file"`
					Findings []lint.Finding `json:"findings"`
				}
				var all []fileFindings
				n := 0
				for _, name := range args {
					var b []byte
					var err error
					if name == "-" {
						b, err = io.ReadAll(env.Stdin)
					} else {
						b, err = os.ReadFile(name)
					}
					if err != nil {
						return fmt.Errorf("lint: %w", err)
					}
					fs := lint.Check(name, b)
					n += len(fs)
					all = append(all, fileFindings{name, orEmpty(fs)})
					if !*asJSON {
						for _, f := range fs {
							fmt.Fprintf(env.Stdout, "%s:%s\n", name, f)
						}
					}
				}
				if *asJSON {
					if err := writeJSON(env.Stdout, all); err != nil {
						return err
					}
				} else if n > 0 {
					fmt.Fprintf(env.Stderr, "lint: %d %s\n", n, plural(n, "finding", "findings"))
				}
				if n > 0 {
					return ErrFailed
				}
				return nil
			}
		},
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
