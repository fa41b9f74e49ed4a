package extract

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what one walk over a page's DOM finds besides its body text.
type pageMeta struct {
	metas      map[string]string // <meta> content by lower-case name, property or itemprop; first wins
	title      string            // <title>
	h1         string            // the first <h1> with text
	lang       string            // <html lang>
	canonical  string            // <link rel=canonical href>
	jsonLD     []string          // application/ld+json scripts
	pubTime    string            // datetime of <time pubdate> or an itemprop=datePublished element
	dateTexts  []string          // text of elements that look like datelines
	bylines    []string          // text of rel=author links and byline elements
	itemAuthor string            // text of an itemprop=author element
}

// Limits on what the walk keeps, so a hostile page cannot make it slow.
const (
	maxCandidates = 20
	maxCandText   = 200
	maxJSONLD     = 1 << 20
)

var (
	reDateClass   = regexp.MustCompile(`(?i)date|time|publish|posted|dateline|datum|fecha|byline|article-meta|post-meta|entry-meta`)
	reAuthorClass = regexp.MustCompile(`(?i)author|byline|signature|autor|auteur|writer|reporter`)
)

// scanPage walks the DOM once and collects the page's metadata.
func scanPage(doc *html.Node) pageMeta {
	pm := pageMeta{metas: make(map[string]string)}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode {
			pm.element(n)
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	return pm
}

// element records what one element tells about the page.
func (pm *pageMeta) element(n *html.Node) {
	switch n.DataAtom {
	case atom.Html:
		if pm.lang == "" {
			pm.lang = attr(n, "lang")
		}
	case atom.Meta:
		content := strings.TrimSpace(attr(n, "content"))
		if content == "" {
			return
		}
		for _, k := range []string{"property", "name", "itemprop", "http-equiv"} {
			if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" {
				if _, dup := pm.metas[key]; !dup {
					pm.metas[key] = content
				}
			}
		}
	case atom.Link:
		if pm.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
			pm.canonical = strings.TrimSpace(attr(n, "href"))
		}
	case atom.Title:
		if pm.title == "" && !insideSVG(n) {
			pm.title = normSpace(nodeText(n, 1000))
		}
	case atom.H1:
		if pm.h1 == "" {
			pm.h1 = normSpace(nodeText(n, 1000))
		}
	case atom.Script:
		if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && len(pm.jsonLD) < 10 {
			if t := nodeText(n, maxJSONLD); t != "" {
				pm.jsonLD = append(pm.jsonLD, t)
			}
		}
		return
	case atom.Time:
		dt := strings.TrimSpace(attr(n, "datetime"))
		if dt != "" && pm.pubTime == "" && (hasAttr(n, "pubdate") || strings.EqualFold(attr(n, "itemprop"), "datePublished")) {
			pm.pubTime = dt
		}
		if dt != "" && len(pm.dateTexts) < maxCandidates {
			pm.dateTexts = append(pm.dateTexts, dt)
		}
	}
	itemprop := strings.ToLower(attr(n, "itemprop"))
	switch itemprop {
	case "datepublished":
		if pm.pubTime == "" {
			v := attr(n, "datetime")
			if v == "" {
				v = attr(n, "content")
			}
			if v == "" {
				v = nodeText(n, maxCandText)
			}
			pm.pubTime = strings.TrimSpace(v)
		}
	case "author", "creator":
		if pm.itemAuthor == "" {
			v := attr(n, "content")
			if v == "" {
				v = nodeText(n, maxCandText)
			}
			pm.itemAuthor = normSpace(v)
		}
	}
	class := attr(n, "class") + " " + attr(n, "id")
	if len(class) > 1 && len(pm.dateTexts) < maxCandidates && reDateClass.MatchString(class) {
		if t := normSpace(nodeText(n, maxCandText)); t != "" && len(t) < maxCandText {
			pm.dateTexts = append(pm.dateTexts, t)
		}
	}
	if len(pm.bylines) < maxCandidates && (hasToken(attr(n, "rel"), "author") || (len(class) > 1 && reAuthorClass.MatchString(class))) {
		if t := normSpace(nodeText(n, maxCandText)); t != "" && len(t) < maxCandText {
			pm.bylines = append(pm.bylines, t)
		}
	}
}

// meta returns the first non-empty <meta> content among keys.
func (pm *pageMeta) meta(keys ...string) string {
	for _, k := range keys {
		if v := pm.metas[k]; v != "" {
			return v
		}
	}
	return ""
}

// ldData is what the JSON-LD of a page says about its article.
type ldData struct {
	headline  string
	published string
	author    string
	publisher string
	url       string
	lang      string
}

// articleTypes are the schema.org types whose fields describe the article.
var articleTypes = map[string]bool{
	"article": true, "newsarticle": true, "blogposting": true, "reportagenewsarticle": true,
	"analysisnewsarticle": true, "opinionnewsarticle": true, "backgroundnewsarticle": true,
	"reviewnewsarticle": true, "scholarlyarticle": true, "techarticle": true, "report": true,
	"liveblogposting": true, "socialmediaposting": true, "posting": true, "webpage": true,
	"creativework": true, "askpublicnewsarticle": true, "satiricalarticle": true,
}

// parseJSONLD reads the page's JSON-LD scripts. Malformed scripts, which are
// common, are searched with patterns for the date and headline instead.
func (pm *pageMeta) parseJSONLD() ldData {
	var d ldData
	for _, src := range pm.jsonLD {
		var v any
		if err := json.Unmarshal([]byte(src), &v); err != nil {
			d.fillFromBrokenJSON(src)
			continue
		}
		d.fill(v, 0)
	}
	return d
}

var (
	reLDDate     = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{6,40})"`)
	reLDHeadline = regexp.MustCompile(`"headline"\s*:\s*"((?:[^"\\]|\\.){3,300})"`)
)

func (d *ldData) fillFromBrokenJSON(src string) {
	if d.published == "" {
		if m := reLDDate.FindStringSubmatch(src); m != nil {
			d.published = m[1]
		}
	}
	if d.headline == "" {
		if m := reLDHeadline.FindStringSubmatch(src); m != nil {
			var s string
			if json.Unmarshal([]byte(`"`+m[1]+`"`), &s) == nil {
				d.headline = s
			}
		}
	}
}

// fill takes the article fields from a decoded JSON-LD value, looking into
// @graph lists and arrays. The first article-like object wins each field.
func (d *ldData) fill(v any, depth int) {
	if depth > 8 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			d.fill(e, depth+1)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			d.fill(g, depth+1)
		}
		isArticle := false
		for _, t := range ldStrings(x["@type"]) {
			if articleTypes[strings.ToLower(t)] {
				isArticle = true
			}
		}
		if !isArticle {
			return
		}
		if d.headline == "" {
			d.headline = ldString(x["headline"])
			if d.headline == "" && !ldIsType(x, "webpage") {
				d.headline = ldString(x["name"])
			}
		}
		if d.published == "" {
			d.published = ldString(x["datePublished"])
			if d.published == "" {
				d.published = ldString(x["dateCreated"])
			}
		}
		if d.author == "" {
			d.author = strings.Join(ldNames(x["author"], 0), ", ")
			if d.author == "" {
				d.author = strings.Join(ldNames(x["creator"], 0), ", ")
			}
		}
		if d.publisher == "" {
			if names := ldNames(x["publisher"], 0); len(names) > 0 {
				d.publisher = names[0]
			}
		}
		if d.url == "" {
			d.url = ldString(x["url"])
			if d.url == "" {
				if m, ok := x["mainEntityOfPage"].(map[string]any); ok {
					d.url = ldString(m["@id"])
				} else {
					d.url = ldString(x["mainEntityOfPage"])
				}
			}
		}
		if d.lang == "" {
			d.lang = ldString(x["inLanguage"])
		}
	}
}

func ldIsType(x map[string]any, t string) bool {
	for _, s := range ldStrings(x["@type"]) {
		if strings.EqualFold(s, t) {
			return true
		}
	}
	return false
}

// ldString returns a JSON-LD value as a string: a string itself, or the
// first string of a list.
func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		for _, e := range x {
			if s, ok := e.(string); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

func ldStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// ldNames returns the names in a JSON-LD person or organisation value, which
// may be a string, an object with a name, or a list of either.
func ldNames(v any, depth int) []string {
	if depth > 4 {
		return nil
	}
	switch x := v.(type) {
	case string:
		if s := strings.TrimSpace(x); s != "" && !strings.Contains(s, "://") {
			return []string{s}
		}
	case map[string]any:
		return ldNames(x["name"], depth+1)
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, ldNames(e, depth+1)...)
			if len(out) >= 6 {
				break
			}
		}
		return out
	}
	return nil
}

// site returns the site's name, or "".
func (pm *pageMeta) site(ld ldData) string {
	for _, s := range []string{pm.meta("og:site_name"), pm.meta("application-name"), pm.meta("publisher", "dc.publisher"), ld.publisher} {
		if s = normSpace(s); s != "" && !strings.Contains(s, "://") && len(s) <= 200 {
			return s
		}
	}
	return ""
}

// articleURL returns the canonical URL the page declares, made absolute
// against pageURL, or pageURL.
func (pm *pageMeta) articleURL(ld ldData, pageURL string) string {
	base, _ := url.Parse(pageURL)
	for _, c := range []string{pm.canonical, pm.meta("og:url"), ld.url} {
		if u := absoluteURL(base, c); u != "" {
			return u
		}
	}
	if u := absoluteURL(nil, pageURL); u != "" {
		return u
	}
	return pageURL
}

// absoluteURL resolves ref against base and returns it if the result is an
// absolute http(s) URL.
func absoluteURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || len(ref) > 2048 {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil && base.IsAbs() {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// author returns the author named in the page's metadata, or "".
func (pm *pageMeta) author(ld ldData, site string) string {
	cands := []string{
		pm.meta("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator", "byl", "twitter:creator"),
		ld.author,
		pm.itemAuthor,
	}
	for _, c := range cands {
		a := cleanAuthor(c)
		if a == "" || strings.HasPrefix(a, "@") || strings.EqualFold(a, site) {
			continue
		}
		return a
	}
	for _, b := range pm.bylines {
		if a, ok := bylineAuthor(b); ok {
			return a
		}
	}
	for _, b := range pm.bylines {
		if a := cleanAuthor(b); looksLikeName(a) && wordCount(a) <= 6 {
			return a
		}
	}
	return ""
}

// metaDateKeys are the <meta> names that carry a publication date, best first.
var metaDateKeys = []string{
	"article:published_time", "og:article:published_time", "og:published_time",
	"datepublished", "article.published", "published_time", "published-date", "publishdate",
	"pubdate", "publish-date", "publication_date", "date", "dc.date.issued", "dcterms.issued",
	"dc.date", "dcterms.date", "dc.date.created", "sailthru.date", "parsely-pub-date",
	"cxenseparse:recs:publishtime", "article_date_original", "original-publish-date",
	"citation_publication_date", "citation_date", "release_date", "created",
}

// metaPublished returns the publication date from <meta> tags and microdata.
func (pm *pageMeta) metaPublished() (time.Time, bool) {
	for _, k := range metaDateKeys {
		if v := pm.metas[k]; v != "" {
			if t, ok := ParseDate(v); ok {
				return t, true
			}
		}
	}
	if pm.pubTime != "" {
		if t, ok := ParseDate(pm.pubTime); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

var reURLDate = regexp.MustCompile(`(?:^|[/_-])((?:19|20)\d\d)([/_-]?)(0[1-9]|1[0-2])([/_-]?)(0[1-9]|[12]\d|3[01])(?:[/_.-]|$)`)

// urlDate finds a date written in a URL's path: /2023/08/09/, /2023-08-09-,
// /20230809/.
func urlDate(raw string) (time.Time, bool) {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return time.Time{}, false
	}
	for _, m := range reURLDate.FindAllStringSubmatch(u.Path, 4) {
		if m[2] != m[4] {
			continue
		}
		if t, ok := ParseDate(m[1] + "-" + m[3] + "-" + m[5]); ok {
			return t, true
		}
	}
	return time.Time{}, false
}

// attr returns the value of the attribute key of n, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key && a.Namespace == "" {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// hasToken reports whether the space-separated list s holds tok.
func hasToken(s, tok string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func insideSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

// nodeText returns the text inside n, without scripts and styles, stopping
// after about max bytes.
func nodeText(n *html.Node, max int) string {
	var b strings.Builder
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if b.Len() >= max || depth > 256 {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Style, atom.Noscript, atom.Template:
				return
			case atom.Script:
				if depth > 0 {
					return
				}
			case atom.Br, atom.P, atom.Div, atom.Li:
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}
