// Package lint checks estimative writing against ICD 203: it flags
// uncalibrated terms used as estimates (may, might, could, possibly,
// perhaps, "certain"), likelihood and confidence stated in one sentence, and
// judgments with no evidence cited near them. It reads Markdown, HTML and
// plain text.
//
// Lint judges the author's own words: text in quotation marks and Markdown
// block quotes is someone else's and is skipped.
package lint

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/georisk/georisk/internal/text"
)

// Finding is one problem, at a line of the input.
type Finding struct {
	Line     int    `json:"line"`
	Rule     string `json:"rule"` // non-icd-term, mixed-confidence, no-evidence
	Term     string `json:"term,omitempty"`
	Message  string `json:"message"`
	Sentence string `json:"sentence"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%d: %s: %s: %q", f.Line, f.Rule, f.Message, trim(f.Sentence, 160))
}

// Format is how the input is written.
type Format int

const (
	Text Format = iota
	Markdown
	HTML
)

// FormatOf guesses the format from a file name, else from the content.
func FormatOf(name string, b []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".md", ".markdown":
		return Markdown
	case ".html", ".htm", ".xhtml":
		return HTML
	case ".txt", ".text":
		return Text
	}
	head := bytes.ToLower(bytes.TrimSpace(b[:min(len(b), 512)]))
	if bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) {
		return HTML
	}
	if bytes.HasPrefix(head, []byte("# ")) {
		return Markdown
	}
	return Text
}

var (
	// Uncalibrated estimative words.
	weakRE = regexp.MustCompile(`(?i)\b(may|might|could|possibly|perhaps|conceivably|certainly|certain)\b`)
	// ICD 203 likelihood terms (and the accepted synonyms).
	icdRE        = regexp.MustCompile(`(?i)\b(almost no chance|remote|very unlikely|highly improbable|unlikely|improbable|roughly even (chance|odds)|likely|probable|probably|very likely|highly probable|almost certain(ly)?|nearly certain(ly)?)\b`)
	confidenceRE = regexp.MustCompile(`(?i)\b((low|moderate|high)[- ]confidence|confidence|confident(ly)?)\b`)
	assessRE     = regexp.MustCompile(`(?i)\b(assess(es|ed)?|judge[sd]?|estimate[sd]?) that\b`)
	citationRE   = regexp.MustCompile(`\[\d+(?:[,–-]\s*\d+)*\]|\[\^[\w-]+\]|https?://\S+|\(doc \d+\)|(?m)^\s*(?:[-*]\s*)?(?:\*\*)?Evidence\b`)
	monthMayRE   = regexp.MustCompile(`^May\b`)
)

// Check lints a document.
func Check(name string, b []byte) []Finding {
	var doc *plain
	switch FormatOf(name, b) {
	case HTML:
		doc = fromHTML(b)
	case Markdown:
		doc = fromMarkdown(string(b))
	default:
		doc = fromText(string(b))
	}
	return check(doc)
}

// plain is a document as text, in paragraphs, with the source line of
// every byte offset and the spans that are quoted.
type plain struct {
	text   string
	lines  []lineAt // sorted by offset
	quoted []span
}

type lineAt struct{ off, line int }
type span struct{ start, end int }

func (p *plain) lineOf(off int) int {
	i := sort.Search(len(p.lines), func(i int) bool { return p.lines[i].off > off })
	if i == 0 {
		return 1
	}
	return p.lines[i-1].line
}

func (p *plain) isQuoted(off int) bool {
	for _, q := range p.quoted {
		if q.start <= off && off < q.end {
			return true
		}
	}
	return false
}

// paragraphs splits the text at blank lines.
func (p *plain) paragraphs() []span {
	var out []span
	start := 0
	for start < len(p.text) {
		i := strings.Index(p.text[start:], "\n\n")
		end := len(p.text)
		if i >= 0 {
			end = start + i
		}
		if strings.TrimSpace(p.text[start:end]) != "" {
			out = append(out, span{start, end})
		}
		if i < 0 {
			break
		}
		start = end + 2
	}
	return out
}

func check(doc *plain) []Finding {
	var out []Finding
	paras := doc.paragraphs()
	var sents []text.Sentence
	for pi, para := range paras {
		body := doc.text[para.start:para.end]
		evidence := citationRE.MatchString(body) || pi+1 < len(paras) && citationRE.MatchString(doc.text[paras[pi+1].start:paras[pi+1].end])
		sents = text.Sentences(body, sents[:0])
		for _, s := range sents {
			start := para.start + s.Start
			sentence := body[s.Start:s.End]
			own := ownWords(doc, start, sentence)
			line := doc.lineOf(start)
			add := func(rule, term, msg string) {
				out = append(out, Finding{Line: line, Rule: rule, Term: term, Message: msg, Sentence: oneLine(sentence)})
			}
			estimative := false
			for _, m := range weakRE.FindAllStringSubmatchIndex(own, -1) {
				w := own[m[2]:m[3]]
				lw := strings.ToLower(w)
				switch lw {
				case "may":
					if monthMayRE.MatchString(own[m[2]:]) && w == "May" {
						continue // the month
					}
				case "certain", "certainly":
					before := strings.ToLower(own[:m[2]])
					if strings.HasSuffix(strings.TrimSpace(before), "almost") || strings.HasSuffix(strings.TrimSpace(before), "nearly") || strings.HasSuffix(strings.TrimSpace(before), "virtually") {
						continue // ICD 203's "almost certain"
					}
					if lw == "certain" && !certainEstimate(own, m[2], m[3]) {
						continue // "certain countries": not an estimate
					}
				}
				estimative = true
				add("non-icd-term", lw, fmt.Sprintf("%q carries no calibrated probability: use an ICD 203 term (almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain)", lw))
			}
			icd := icdRE.FindString(own)
			if icd != "" {
				estimative = true
				if c := confidenceRE.FindString(own); c != "" {
					add("mixed-confidence", strings.ToLower(icd), fmt.Sprintf("likelihood (%q) and confidence (%q) in one sentence: state confidence in a sentence of its own", strings.ToLower(icd), strings.ToLower(c)))
				}
			}
			if assessRE.MatchString(own) {
				estimative = true
			}
			if estimative && !evidence {
				add("no-evidence", "", "a judgment with no evidence cited in its paragraph or the next")
			}
		}
	}
	return out
}

// certainEstimate reports whether "certain" at [i, j) of s is used as an
// estimate: "is certain to", "certain that", "are certain".
func certainEstimate(s string, i, j int) bool {
	after := strings.ToLower(strings.TrimSpace(s[j:]))
	before := strings.Fields(strings.ToLower(s[:i]))
	if strings.HasPrefix(after, "to ") || strings.HasPrefix(after, "that") || after == "" || strings.HasPrefix(after, ".") || strings.HasPrefix(after, ",") {
		return true
	}
	if len(before) > 0 {
		switch before[len(before)-1] {
		case "is", "are", "was", "were", "be", "seems", "looks", "appears", "remains", "quite", "not":
			return true
		}
	}
	return false
}

// ownWords blanks out the quoted parts of a sentence so that only the
// author's words are checked; offsets stay the same.
func ownWords(doc *plain, start int, sentence string) string {
	if len(doc.quoted) == 0 {
		return sentence
	}
	b := []byte(sentence)
	for i := range b {
		if doc.isQuoted(start + i) {
			b[i] = ' '
		}
	}
	return string(b)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func trim(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xC0) == 0x80 {
		n--
	}
	return s[:n] + "…"
}
