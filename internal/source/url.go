package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"

	"golang.org/x/net/html/charset"
)

// readURL fetches rawURL and reads what it holds: a page, a feed, an OPML
// list or any other format. A feed's validators are saved once all its items
// were yielded, so that the next read of an unchanged feed yields nothing.
func (rd *reader) readURL(ctx context.Context, rawURL string, depth int) error {
	b, err := rd.fetch.open(ctx, rawURL, true, true)
	if err != nil {
		return err
	}
	defer b.Close()
	if b.resp.NotModified {
		rd.log.Debug("not modified", slog.String("url", rawURL))
		return nil
	}
	base, err := url.Parse(b.resp.URL)
	if err != nil {
		return fmt.Errorf("fetching %s: %w", rawURL, err)
	}
	s := src{
		name:  rawURL,
		r:     b,
		size:  b.length,
		fname: base.Path,
		ctype: b.resp.ContentType,
		base:  base,
		depth: depth,
	}
	br := bufio.NewReaderSize(b, sniffLen)
	format, err := peekFormat(br, s)
	if err != nil {
		return err
	}
	if err := rd.dispatch(ctx, s, br, format); err != nil {
		return err
	}
	switch format {
	case fmtRSS, fmtAtom, fmtJSONFd:
		if err := rd.fetch.SaveValidators(ctx, rawURL, b.resp); err != nil {
			rd.log.Warn("saving validators", slog.String("url", rawURL), slog.Any("error", err))
		}
	}
	return nil
}

// readOPML reads each feed an OPML list names, as a URL input of its own.
func (rd *reader) readOPML(ctx context.Context, s src, data []byte) error {
	feeds, err := opmlFeeds(data)
	if err != nil {
		return fmt.Errorf("parsing OPML: %w", err)
	}
	if len(feeds) == 0 {
		return errors.New("no feeds in OPML list")
	}
	for _, f := range feeds {
		if err := ctx.Err(); err != nil {
			return err
		}
		if s.base != nil {
			if u, err := s.base.Parse(f); err == nil {
				f = u.String()
			}
		}
		var ferr error
		if isURL(f) {
			ferr = rd.readURL(ctx, f, s.depth+1)
		} else {
			ferr = fmt.Errorf("unsupported feed address %q in %s", f, s.name)
		}
		if err := rd.report(ctx, f, ferr); err != nil {
			return err
		}
	}
	return nil
}

// opmlFeeds returns the xmlUrl of each outline of an OPML document, in
// document order, without repeats.
func opmlFeeds(data []byte) ([]string, error) {
	data, _ = feedUTF8(data, "")
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = charset.NewReaderLabel
	var feeds []string
	seen := make(map[string]bool)
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return feeds, nil
		}
		if err != nil {
			return feeds, err
		}
		el, ok := tok.(xml.StartElement)
		if !ok || !strings.EqualFold(el.Name.Local, "outline") {
			continue
		}
		for _, a := range el.Attr {
			if strings.EqualFold(a.Name.Local, "xmlUrl") {
				if u := strings.TrimSpace(a.Value); u != "" && !seen[u] {
					seen[u] = true
					feeds = append(feeds, u)
				}
			}
		}
	}
}
