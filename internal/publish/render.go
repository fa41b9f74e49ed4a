package publish

import (
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"github.com/georisk/georisk/internal/assess"
)

// Markdown writes the brief as Markdown; the chart is an embedded SVG
// image.
func Markdown(w io.Writer, b *Brief) error { return writeMarkdown(w, b, true) }

func writeMarkdown(w io.Writer, b *Brief, withChart bool) error {
	ew := &errWriter{w: w}
	p := func(format string, args ...any) { fmt.Fprintf(ew, format, args...) }
	p("# %s\n\n", b.Title)
	p("%s · %d min read · georisk brief on %s\n\n", assess.Date(b.Date), b.ReadingMinutes, b.Subject)
	p("## Summary\n\n")
	for _, s := range b.Summary {
		p("%s\n\n", s)
	}
	p("## Key developments\n\n")
	for _, d := range b.Developments {
		p("- **%s**, %s: “%s” %s\n", assess.Date(d.Date), d.Outlet, d.Sentence, cite(d.Refs))
	}
	p("\n## Analysis\n\n")
	for _, s := range b.Analysis {
		p("%s\n\n", s)
	}
	if withChart && b.ChartSVG != "" {
		p("![%s](data:image/svg+xml;base64,%s)\n\n", b.ChartCaption, base64.StdEncoding.EncodeToString([]byte(b.ChartSVG)))
		p("*%s*\n\n", b.ChartCaption)
	}
	if len(b.Judgments) > 0 {
		p("## Key judgments\n\n")
		for i, j := range b.Judgments {
			p("### %d. %s\n\n", i+1, upperFirst(j.RiskName))
			p("%s %s\n\n", j.Text, cite(j.Refs))
			p("%s\n\n", j.ConfidenceText)
			p("**Evidence**\n\n")
			for _, ev := range j.Evidence {
				p("- %s, %s (reliability %s): “%s” %s", assess.Date(ev.Date), ev.Outlet, ev.Grade, quoteSafe(ev.Sentence), refOf(b, ev.DocID))
				if n := listedNote(ev.Listed); n != "" {
					p(" %s", n)
				}
				p("\n")
			}
			p("\n**Key assumptions**: %s\n\n", strings.Join(j.Assumptions, " "))
			p("**Resolves**: %s\n\n", j.Question)
		}
	}
	if len(b.Implications) > 0 {
		p("## Business implications\n\n")
		for _, s := range b.Implications {
			p("- %s\n", s)
		}
		p("\n")
	}
	if len(b.Indicators) > 0 {
		p("## Indicators to watch\n\n")
		for _, s := range b.Indicators {
			p("- %s\n", s)
		}
		p("\n")
	}
	p("## Claim checks\n\n")
	if len(b.Claims) == 0 {
		p("No checkable claims were found in the sources.\n\n")
	}
	for _, c := range b.Claims {
		p("- **%s**: “%s” [%d]. %s.", upperFirst(string(c.Status)), quoteSafe(c.Text), c.Ref, upperFirst(c.Note))
		if c.Source != "" {
			p(" Reference: %s.", c.Source)
		}
		p("\n")
	}
	p("\n## Sources\n\n")
	for _, s := range b.Sources {
		p("%d. %s, %s: “%s”", s.N, s.Outlet, dateOr(s), quoteSafe(s.Title))
		if s.URL != "" {
			p(", <%s>", s.URL)
		}
		p(" (reliability %s; georisk document %d)\n", s.Grade, s.DocID)
	}
	p("\nReliability grades follow the Admiralty scale (A completely reliable … E unreliable, F cannot be judged). Likelihood terms follow ICD 203, and every judgment is recorded in georisk's forecast ledger for scoring.\n")
	return ew.err
}

var htmlTmpl = template.Must(template.New("brief").Funcs(template.FuncMap{
	"date":    assess.Date,
	"cite":    cite,
	"upper":   upperFirst,
	"safe":    func(s string) template.HTML { return template.HTML(s) },
	"md":      mdInline,
	"q":       quoteSafe,
	"ref":     func(b *Brief, id int64) string { return refOf(b, id) },
	"srcdate": dateOr,
	"listed":  listedNote,
}).Parse(briefHTML))

//go:embed brief.html
var briefHTML string

// HTML writes the brief as a self-contained HTML page.
func HTML(w io.Writer, b *Brief) error { return htmlTmpl.Execute(w, b) }

var boldRE = regexp.MustCompile(`\*\*([^*]+)\*\*`)

// mdInline renders the only Markdown georisk's own sentences use, bold.
func mdInline(s string) template.HTML {
	return template.HTML(boldRE.ReplaceAllString(template.HTMLEscapeString(s), "<strong>$1</strong>"))
}

func quoteSafe(s string) string {
	return strings.NewReplacer("“", "‘", "”", "’", `"`, "'").Replace(s)
}

func refOf(b *Brief, docID int64) string {
	for _, s := range b.Sources {
		if s.DocID == docID && docID != 0 {
			return fmt.Sprintf("[%d]", s.N)
		}
	}
	return ""
}

func dateOr(s Source) string {
	if s.Published.IsZero() {
		return "undated"
	}
	return assess.Date(s.Published)
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
