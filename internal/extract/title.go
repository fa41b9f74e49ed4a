package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// titleSeparators split a page title from the site name around it.
var titleSeparators = []string{" | ", " || ", " - ", " – ", " — ", " :: ", " · ", " • ", " » ", " / "}

// pageTitle picks the article's title from the page's metadata: og:title,
// then the JSON-LD headline, then the first <h1>, then <title>, each without
// the site name that pages add before or after the headline.
func (pm *pageMeta) pageTitle(ld ldData, site, pageURL string) string {
	h1 := pm.h1
	if h1 != "" && (sameName(h1, site) || utf8.RuneCountInString(h1) > 300) {
		h1 = ""
	}
	host := hostLabel(pageURL)
	for _, c := range []string{pm.meta("og:title", "twitter:title"), ld.headline, h1, pm.title} {
		c = normSpace(c)
		if c == "" {
			continue
		}
		t := stripSiteName(c, site, host)
		// A headline that the <h1> repeats without the site name's decoration.
		if h1 != "" && t != h1 {
			hk, tk := normKey(h1), normKey(t)
			if len(hk) >= 10 && strings.HasPrefix(tk, hk) && len(hk) < len(tk) {
				t = h1
			}
		}
		if t != "" && !sameName(t, site) {
			return t
		}
	}
	return ""
}

// stripSiteName removes a site name written before or after a title with a
// separator: "Headline | Site", "Site - Headline". Without a known site name
// it removes a short trailing segment after " | ".
func stripSiteName(title, site, host string) string {
	for _, sep := range titleSeparators {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		if sameName(tail, site) || sameName(tail, host) {
			return stripSiteName(head, site, host)
		}
		j := strings.Index(title, sep)
		head, tail = strings.TrimSpace(title[:j]), strings.TrimSpace(title[j+len(sep):])
		if sameName(head, site) || sameName(head, host) {
			return stripSiteName(tail, site, host)
		}
	}
	// An unknown trailing name after a pipe: "Headline | The Daily Example".
	if i := strings.LastIndex(title, " | "); i > 0 {
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+3:])
		if wordCount(tail) <= 4 && wordCount(head) >= 2*wordCount(tail) {
			return head
		}
	}
	// An unknown trailing capitalised name after a dash: "Headline - Reuters".
	for _, sep := range []string{" - ", " – ", " — "} {
		i := strings.LastIndex(title, sep)
		if i <= 0 {
			continue
		}
		head, tail := strings.TrimSpace(title[:i]), strings.TrimSpace(title[i+len(sep):])
		if wordCount(tail) <= 3 && wordCount(head) >= 4 && isCapitalised(tail) {
			return head
		}
	}
	return title
}

// sameName reports whether a and b name the same site, ignoring case, spaces,
// punctuation, a leading "www." and a trailing top-level domain.
func sameName(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	ka, kb := siteKey(a), siteKey(b)
	return ka != "" && ka == kb
}

func siteKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(s, "www.")
	if i := strings.LastIndex(s, "."); i > 0 && !strings.Contains(s, " ") {
		s = s[:i]
	}
	s = strings.TrimPrefix(s, "the ")
	return normKey(s)
}

// hostLabel returns the main label of a URL's host: "baltic-ledger" for
// https://www.baltic-ledger.example/x.
func hostLabel(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	labels := strings.Split(strings.TrimPrefix(u.Hostname(), "www."), ".")
	if len(labels) >= 2 {
		return labels[len(labels)-2]
	}
	return labels[0]
}

// hostName returns a URL's host without "www.", or "".
func hostName(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

func isCapitalised(s string) bool {
	for _, w := range strings.Fields(s) {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
	}
	return s != ""
}
