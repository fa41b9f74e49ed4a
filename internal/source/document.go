package source

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// readDoc yields a single document: an HTML page, a Markdown or a text file.
func (rd *reader) readDoc(s src, data []byte, format string) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return errEmpty
	}
	it := Item{Input: s.name, Format: format, Raw: data}
	if s.base != nil {
		it.URL = s.base.String()
	}
	switch format {
	case fmtHTML:
		d := decodeHTML(data, s.ctype)
		it.HTML, it.Warn = d.text, d.warn
		it.RawType = withCharset("text/html", d.charset)
	case fmtMD:
		d := decodeText(data, s.ctype)
		it.Warn = d.warn
		it.RawType = withCharset("text/markdown", d.charset)
		rd.markdown(&it, d.text)
	default:
		d := decodeText(data, s.ctype)
		it.Text, it.Warn = d.text, d.warn
		it.RawType = withCharset("text/plain", d.charset)
	}
	return rd.emit(it)
}

// markdown fills it from a Markdown document: the front matter fields it
// knows, the body as Text, and the first level-one heading as Title when
// the front matter has none.
func (rd *reader) markdown(it *Item, doc string) {
	fm, body, ok := frontMatter([]byte(doc))
	it.Text = doc
	if ok {
		it.Text = string(body)
		for k, v := range fm {
			switch k {
			case "title":
				it.Title = v
			case "author", "byline":
				it.Author = v
			case "url", "link", "canonical", "canonical_url":
				it.URL = v
			case "source", "outlet", "publisher":
				it.Source = v
			case "id":
				it.ID = v
			case "date", "published", "published_at":
				if t, ok := parseDate(v); ok {
					it.Date = t
				} else {
					it.Warn = joinWarn(it.Warn, fmt.Sprintf("unparsed date %q", v))
				}
			}
		}
	}
	if it.Title == "" {
		for line := range strings.Lines(it.Text) {
			if t, ok := strings.CutPrefix(line, "# "); ok {
				it.Title = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t), "#"))
				break
			}
		}
	}
}

// frontMatter splits a Markdown document that starts with YAML ("---") or
// TOML ("+++") front matter into its simple "key: value" fields and the
// body. Nested YAML is not parsed; its keys are skipped.
func frontMatter(b []byte) (map[string]string, []byte, bool) {
	b = bytes.TrimPrefix(b, []byte(utf8BOM))
	var fence string
	switch {
	case bytes.HasPrefix(b, []byte("---\n")), bytes.HasPrefix(b, []byte("---\r\n")):
		fence = "---"
	case bytes.HasPrefix(b, []byte("+++\n")), bytes.HasPrefix(b, []byte("+++\r\n")):
		fence = "+++"
	default:
		return nil, b, false
	}
	_, rest, _ := bytes.Cut(b, []byte("\n"))
	fields := make(map[string]string)
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		l := strings.TrimRight(string(line), "\r")
		if l == fence || (fence == "---" && l == "...") {
			return fields, rest, true
		}
		if l == "" || l[0] == ' ' || l[0] == '\t' || l[0] == '#' {
			continue
		}
		sep := ":"
		if fence == "+++" {
			sep = "="
		}
		k, v, ok := strings.Cut(l, sep)
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"') {
			if u, err := strconv.Unquote(v); err == nil {
				v = u
			} else {
				v = v[1 : len(v)-1]
			}
		} else if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			v = strings.ReplaceAll(v[1:len(v)-1], "''", "'")
		}
		fields[k] = v
	}
	return nil, b, false // no closing fence: not front matter
}

// dateLayouts are the date forms accepted in JSON records and front
// matter. Forms without a zone are taken as UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"2 Jan 2006",
	"January 2, 2006",
}

// parseDate parses a date in one of dateLayouts.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
