package ingest

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/extract"
	"github.com/georisk/georisk/internal/extract/fingerprint"
	"github.com/georisk/georisk/internal/source"
)

// Build turns one item into a document: it extracts the article (from the
// item's HTML, or its text), lets the container's metadata (feed, JSON
// Lines, SGML fields) win over what extraction guessed, and computes the key
// and fingerprints. It fails when no article text remains.
func Build(it source.Item, now time.Time) (*event.Document, error) {
	var art extract.Article
	var err error
	switch {
	case it.HTML != "":
		art, err = extract.HTML([]byte(it.HTML), it.URL)
	case it.Format == "text" || it.Format == "markdown":
		// A file: a page saved as text, or an article with its title and
		// date in its first lines or front matter.
		art, err = extract.Text([]byte(it.Text))
	case it.Text != "":
		// A body from a container (JSON Lines, SGML, a feed) that gave
		// the metadata: only its line wrapping needs undoing.
		art = extract.Article{Body: reflow(it.Text)}
	default:
		err = extract.ErrNoContent
	}
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(art.Body) == "" {
		return nil, extract.ErrNoContent
	}
	d := &event.Document{
		URL:      first(it.URL, art.URL),
		SourceID: it.ID,
		Source:   first(it.Source, art.Site, host(first(it.URL, art.URL))),
		Input:    it.Input,
		Format:   it.Format,
		Title:    clean(first(it.Title, art.Title)),
		Author:   clean(first(it.Author, art.Author)),
		Site:     first(art.Site, host(first(it.URL, art.URL))),
		Lang:     art.Lang,
		Body:     art.Body,
		Raw:      it.Raw,
		RawType:  it.RawType,
	}
	if art.URL != "" && it.Format == "html" {
		// A page's canonical URL names it better than the address it was
		// fetched from.
		d.URL = art.URL
	}
	d.Published = it.Date
	if d.Published.IsZero() {
		d.Published = art.Date
	}
	if d.Published.After(now.Add(48 * time.Hour)) {
		d.Published = time.Time{} // a date in the future is a misreading
	}
	if d.Lang == "" {
		d.Lang = extract.Language(d.Body) // it reads only the start of long texts
	}
	if d.Title == "" {
		d.Title = headline(d.Body)
	}
	fp := fingerprint.Compute(d.Body)
	if fp.Words == 0 {
		return nil, fmt.Errorf("%w: the text has no words", extract.ErrNoContent)
	}
	d.TextHash, d.MinHash = fp.Hash, fp.MinHash
	d.Key = Key(d)
	return d, nil
}

// Key derives a document's identity: its normalized URL when it has one, else
// its source's own id, else the hash of its text. Two items with the same key
// are the same document, so storing the second adds nothing.
func Key(d *event.Document) string {
	switch {
	case d.URL != "":
		return "url:" + NormalizeURL(d.URL)
	case d.SourceID != "":
		return "id:" + d.Source + ":" + d.SourceID
	}
	return "text:" + d.TextHash
}

// NormalizeURL makes equal the spellings of one address that differ only by
// case of scheme and host, a default port, a fragment, a trailing slash or
// tracking parameters (utm_*, fbclid, gclid).
func NormalizeURL(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimSpace(raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	u.Host = strings.TrimSuffix(strings.TrimSuffix(u.Host, ":80"), ":443")
	u.Fragment, u.RawFragment = "", ""
	if q := u.Query(); len(q) > 0 {
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	if len(u.Path) > 1 {
		u.Path = strings.TrimSuffix(u.Path, "/")
		u.RawPath = ""
	}
	return u.String()
}

func first(s ...string) string {
	for _, v := range s {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func clean(s string) string { return strings.Join(strings.Fields(s), " ") }

func host(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// headline makes a title from the start of a body when no title is known.
func headline(body string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	words := strings.Fields(line)
	if len(words) > 12 {
		return strings.Join(words[:12], " ") + "…"
	}
	return strings.Join(words, " ")
}

// reflow joins hard-wrapped lines (newswire copy) into paragraphs. A blank
// line or a line indented by a tab or two or more spaces starts a paragraph.
func reflow(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	para := false
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" {
			para = false
			continue
		}
		indented := strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "  ")
		switch {
		case b.Len() == 0:
		case !para || indented:
			b.WriteString("\n\n")
		default:
			b.WriteByte(' ')
		}
		b.WriteString(strings.Join(strings.Fields(trimmed), " "))
		para = true
	}
	return b.String()
}
