package source

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"golang.org/x/net/html/charset"
)

// shortSummaryWords is the length under which a feed item's content counts
// as a summary whose linked page is worth fetching.
const shortSummaryWords = 80

// pageFetchers is how many linked pages of one feed are fetched at once.
const pageFetchers = 4

// readFeed yields the items of an RSS, Atom, RDF or JSON feed, fetching
// their linked pages when Options.FetchPages asks for it.
func (rd *reader) readFeed(ctx context.Context, s src, data []byte) error {
	data, warn := feedUTF8(data, s.ctype)
	feed, err := parseFeed(data)
	if err != nil {
		return fmt.Errorf("parsing feed: %w", err)
	}
	format := fmtRSS
	switch feed.FeedType {
	case "atom":
		format = fmtAtom
	case "json":
		format = fmtJSONFd
	}
	items := make([]Item, 0, len(feed.Items))
	var pages []int // indexes of items whose page to fetch
	for i, fi := range feed.Items {
		if fi == nil {
			continue
		}
		it := feedItem(feed, i, fi, s)
		it.Input = s.name + "#" + strconv.Itoa(len(items)+1)
		it.Format = format
		it.Warn = joinWarn(warn, it.Warn)
		if rd.opt.FetchPages && s.base != nil && isURL(it.URL) && words(firstNonEmpty(it.HTML, it.Text)) < shortSummaryWords {
			pages = append(pages, len(items))
		}
		items = append(items, it)
	}
	rd.log.Debug("read feed", slog.String("input", s.name), slog.Int("items", len(items)), slog.Int("pages", len(pages)))
	if len(pages) == 0 {
		for _, it := range items {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := rd.emit(it); err != nil {
				return err
			}
		}
		return nil
	}
	return rd.emitWithPages(ctx, items, pages)
}

// parseFeed parses a feed with gofeed, turning a panic of the parser on
// malformed input (a null JSON Feed item, for one) into an error.
func parseFeed(data []byte) (feed *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			feed, err = nil, fmt.Errorf("malformed feed (parser panic: %v)", r)
		}
	}()
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	return p.Parse(bytes.NewReader(data))
}

// emitWithPages yields items in order, fetching the linked pages of
// items[pages[…]] a few at a time ahead of the one being yielded.
func (rd *reader) emitWithPages(ctx context.Context, items []Item, pages []int) error {
	type result struct {
		done chan struct{}
		resp *Response
		err  error
	}
	results := make(map[int]*result, len(pages))
	for _, i := range pages {
		results[i] = &result{done: make(chan struct{})}
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	fctx, cancel := context.WithCancel(ctx)
	defer cancel()
	slots := make(chan struct{}, pageFetchers)
	wg.Go(func() {
		// Start fetches in item order, so that the next item to yield is
		// always among those started.
		for _, i := range pages {
			select {
			case slots <- struct{}{}:
			case <-fctx.Done():
				return
			}
			r, link := results[i], items[i].URL
			wg.Go(func() {
				defer close(r.done)
				r.resp, r.err = rd.fetch.get(fctx, link, false)
			})
		}
	})
	for i := range items {
		if r, ok := results[i]; ok {
			select {
			case <-r.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			<-slots
			usePage(&items[i], r.resp, r.err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := rd.emit(items[i]); err != nil {
			return err
		}
		items[i] = Item{} // let it go
	}
	return nil
}

// usePage makes a fetched page the item's HTML and Raw, keeping what the
// feed said as Summary; or notes why it could not.
func usePage(it *Item, resp *Response, err error) {
	if err != nil {
		it.Warn = joinWarn(it.Warn, "linked page not fetched: "+err.Error())
		return
	}
	head := resp.Body
	if len(head) > sniffLen {
		head = head[:sniffLen]
	}
	mt, _, _ := strings.Cut(strings.ToLower(resp.ContentType), ";")
	mt = strings.TrimSpace(mt)
	if f := sniff(head, "page.html"); f != fmtHTML || (mt != "" && mt != "text/html" && mt != "application/xhtml+xml") {
		if mt == "" {
			mt = f
		}
		it.Warn = joinWarn(it.Warn, fmt.Sprintf("linked page not used: not HTML (%s)", mt))
		return
	}
	d := decodeHTML(resp.Body, resp.ContentType)
	if it.Summary == "" {
		it.Summary = firstNonEmpty(it.HTML, it.Text)
	}
	it.HTML, it.Text = d.text, ""
	it.Raw, it.RawType = resp.Body, withCharset("text/html", d.charset)
	it.URL = resp.URL
	it.Warn = joinWarn(it.Warn, d.warn)
}

// feedItem turns the i-th item of feed into an Item, without Input, Format
// and the feed's warnings.
func feedItem(feed *gofeed.Feed, i int, fi *gofeed.Item, s src) Item {
	it := Item{
		RawType: "application/json",
		Source:  strings.TrimSpace(feed.Title),
		Title:   strings.Join(strings.Fields(fi.Title), " "),
		ID:      strings.TrimSpace(fi.GUID),
	}
	raw, err := json.Marshal(fi)
	if err == nil {
		it.Raw = raw
	}
	link := strings.TrimSpace(fi.Link)
	if link == "" && len(fi.Links) > 0 {
		link = strings.TrimSpace(fi.Links[0])
	}
	if link == "" && isURL(it.ID) {
		link = it.ID // an RSS permalink GUID
	}
	it.URL = resolve(s.base, feed, link)
	if len(fi.Authors) > 0 && fi.Authors[0] != nil {
		it.Author = firstNonEmpty(fi.Authors[0].Name, fi.Authors[0].Email)
	} else if fi.Author != nil {
		it.Author = firstNonEmpty(fi.Author.Name, fi.Author.Email)
	}
	it.Author = strings.TrimSpace(it.Author)
	switch {
	case fi.PublishedParsed != nil:
		it.Date = *fi.PublishedParsed
	case fi.UpdatedParsed != nil:
		it.Date = *fi.UpdatedParsed
	case fi.Published != "" || fi.Updated != "":
		it.Warn = fmt.Sprintf("unparsed date %q", firstNonEmpty(fi.Published, fi.Updated))
	}
	content, desc := fi.Content, fi.Description
	textContent := false
	switch orig := feed.OriginalFeed().(type) {
	case *jsonfeed.Feed:
		if i < len(orig.Items) && orig.Items[i] != nil && orig.Items[i].ContentHTML == "" && orig.Items[i].ContentText != "" {
			textContent = true
		}
	case *atom.Feed:
		if i < len(orig.Entries) && orig.Entries[i] != nil && orig.Entries[i].Content != nil {
			textContent = strings.EqualFold(orig.Entries[i].Content.Type, "text")
		}
	}
	switch {
	case strings.TrimSpace(content) == "":
		it.HTML = desc
	case textContent:
		it.Text = content
		it.Summary = desc
	default:
		it.HTML = content
		if desc != content {
			it.Summary = desc
		}
	}
	return it
}

// resolve makes link absolute against the URL the feed came from, else
// against the feed's own link.
func resolve(base *url.URL, feed *gofeed.Feed, link string) string {
	if link == "" {
		return ""
	}
	u, err := url.Parse(link)
	if err != nil || u.IsAbs() {
		return link
	}
	if base == nil && feed.Link != "" {
		base, _ = url.Parse(feed.Link)
	}
	if base == nil || !base.IsAbs() {
		return link
	}
	return base.ResolveReference(u).String()
}

// feedUTF8 makes sure a feed can be parsed: an XML feed that declares no
// encoding (or UTF-8) but is not valid UTF-8 is decoded from the HTTP
// charset, else from Windows-1252, with a warning. A declared encoding is
// left to the feed parser.
func feedUTF8(data []byte, contentType string) ([]byte, string) {
	enc := strings.ToLower(xmlEncoding(data))
	if enc != "" && enc != "utf-8" && enc != "utf8" {
		return data, ""
	}
	if enc == "" {
		if cs := charsetParam(contentType); cs != "" {
			if e, name := charset.Lookup(cs); e != nil && name != "utf-8" {
				if b, err := e.NewDecoder().Bytes(data); err == nil {
					return b, ""
				}
			}
		}
	}
	if utf8.Valid(data) {
		return data, ""
	}
	return []byte(windows1252(data)), warnWindows1252
}

// words counts the words of an HTML fragment or text, tags left out.
func words(s string) int {
	n, in, tag := 0, false, false
	for _, r := range s {
		switch {
		case r == '<':
			tag, in = true, false
		case tag:
			if r == '>' {
				tag = false
			}
		case r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0':
			in = false
		case !in:
			in = true
			n++
		}
	}
	return n
}
