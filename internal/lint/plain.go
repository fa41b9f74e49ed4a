package lint

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
)

// quotes finds quoted spans: “…”, "…" and ‘…’ (not apostrophes) within a
// paragraph.
var quoteRE = regexp.MustCompile(`“[^”\n]*”|"[^"\n]*"|‘[^’\n]*’`)

func fromText(s string) *plain {
	p := &plain{text: s}
	line := 1
	p.lines = append(p.lines, lineAt{0, 1})
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			line++
			p.lines = append(p.lines, lineAt{i + 1, line})
		}
	}
	p.findQuotes()
	return p
}

func (p *plain) findQuotes() {
	for _, m := range quoteRE.FindAllStringIndex(p.text, -1) {
		p.quoted = append(p.quoted, span{m[0], m[1]})
	}
}

// Markdown: block quotes and code are someone else's words or not prose;
// they are blanked (lines kept, so that line numbers hold). Emphasis marks
// are left: they do not change words.
var mdFence = regexp.MustCompile("^\\s*(```|~~~)")

func fromMarkdown(s string) *plain {
	lines := strings.Split(s, "\n")
	inFence := false
	for i, l := range lines {
		switch {
		case mdFence.MatchString(l):
			inFence = !inFence
			lines[i] = ""
		case inFence, strings.HasPrefix(strings.TrimSpace(l), ">"):
			lines[i] = strings.Repeat(" ", len(l))
		case strings.HasPrefix(strings.TrimSpace(l), "|"):
			// Table rows: each is a line of its own, not a run-on paragraph.
			lines[i] = l + "\n"
		}
	}
	return fromText(strings.Join(lines, "\n"))
}

// blocks are the HTML elements that end a paragraph.
var blocks = map[string]bool{"p": true, "div": true, "li": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"tr": true, "table": true, "section": true, "article": true, "header": true, "footer": true, "ul": true, "ol": true, "br": true,
	"blockquote": true, "figure": true, "figcaption": true, "dt": true, "dd": true, "main": true, "aside": true, "td": true, "th": true}

// fromHTML keeps the text of an HTML page, a blank line after each block,
// without scripts, styles, code and block quotes. Each text node keeps the
// source line it started on.
func fromHTML(b []byte) *plain {
	p := &plain{}
	var sb strings.Builder
	z := html.NewTokenizer(bytes.NewReader(b))
	line := 1
	skip := 0
	for {
		tt := z.Next()
		raw := z.Raw()
		startLine := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.ErrorToken:
			p.text = sb.String()
			p.findQuotes()
			return p
		case html.TextToken:
			if skip > 0 {
				continue
			}
			t := strings.Join(strings.Fields(html.UnescapeString(string(raw))), " ")
			if t == "" {
				continue
			}
			if sb.Len() > 0 && !strings.HasSuffix(sb.String(), "\n") {
				sb.WriteByte(' ')
			}
			p.lines = append(p.lines, lineAt{sb.Len(), startLine})
			sb.WriteString(t)
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			tag := string(name)
			if tag == "a" && tt == html.StartTagToken && hasAttr {
				for {
					k, v, more := z.TagAttr()
					if string(k) == "href" && (bytes.HasPrefix(v, []byte("http://")) || bytes.HasPrefix(v, []byte("https://"))) && skip == 0 {
						// A link is a citation.
						sb.WriteString(" " + string(v) + " ")
					}
					if !more {
						break
					}
				}
			}
			switch tag {
			case "script", "style", "code", "pre", "blockquote", "q", "head", "nav":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			}
			if blocks[tag] && !strings.HasSuffix(sb.String(), "\n\n") && sb.Len() > 0 {
				sb.WriteString("\n\n")
			}
		}
	}
}
