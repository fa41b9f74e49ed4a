package extract

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML extracts an article from page bytes in any charset: a byte order mark
// or a <meta> charset declaration decides, and bytes that are not valid UTF-8
// are read as Windows-1252. pageURL, which may be "", is the address the page
// was fetched from; it resolves relative links and may carry the date.
//
// The body comes from go-trafilatura (with its Readability and DOM Distiller
// fallbacks), cleaned of the boilerplate lines it leaves. The title, author,
// date, site and canonical URL come from the page's <meta> tags, JSON-LD and
// markup, then from the text. When no article text remains HTML returns the
// metadata it found and an error wrapping [ErrNoContent].
//
// HTML is safe for concurrent use. It does not panic: a panic inside a
// library is returned as an error.
func HTML(raw []byte, pageURL string) (a Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = Article{}, fmt.Errorf("extracting html: %w: %v", errPanic, r)
		}
	}()
	return extractHTML(raw, pageURL)
}

// extractHTML is HTML without the recovery from panics, which fuzzing wants
// to see.
func extractHTML(raw []byte, pageURL string) (a Article, err error) {
	doc, err := html.Parse(strings.NewReader(decodeHTML(raw)))
	if err != nil {
		return Article{}, fmt.Errorf("parsing html: %w", err)
	}
	pm := scanPage(doc)
	ld := pm.parseJSONLD()

	a.URL = pm.articleURL(ld, pageURL)
	a.Site = pm.site(ld)
	if a.Site == "" {
		a.Site = hostName(a.URL)
	}
	a.Title = pm.pageTitle(ld, a.Site, a.URL)
	a.Author = pm.author(ld, a.Site)
	a.Date, a.DateSource = pm.published(ld, a.URL, pageURL)

	units, guessedLang := trafilaturaParagraphs(doc, a.URL)
	if len(units) == 0 {
		units = fallbackParagraphs(doc)
	}
	units = cutAtPageSection(units, nodeParagraphs(doc))
	c := cleanUnits(units, a.Title, a.Title == "")
	if a.Title == "" {
		a.Title = c.title
	}
	if a.Author == "" {
		a.Author = c.author
	}
	if a.Date.IsZero() && !c.date.IsZero() {
		a.Date, a.DateSource = c.date, "text"
	}
	if a.Date.IsZero() {
		for _, s := range pm.dateTexts {
			if t, ok := findDate(s, 40); ok {
				a.Date, a.DateSource = t, "text"
				break
			}
		}
	}
	a.Body = strings.Join(c.paras, "\n\n")
	// go-trafilatura has already guessed the language of about the same
	// text; on a long body, where a guess is reliable, that guess will do.
	if guessedLang != "" && len(a.Body) >= reliableLangBytes {
		a.Lang = guessedLang
	} else {
		a.Lang = Language(a.Body)
	}
	for _, tag := range []string{pm.lang, ld.lang, pm.meta("content-language", "og:locale", "language", "dc.language")} {
		if a.Lang != "" {
			break
		}
		a.Lang = langTag(tag)
	}
	a.sanitize()
	if !hasArticle(c.paras) {
		return a, fmt.Errorf("extracting html: %w", ErrNoContent)
	}
	return a, nil
}

// published finds the publication date in the page's metadata, then in its
// URL. The text is searched later, once the body is known.
func (pm *pageMeta) published(ld ldData, urls ...string) (time.Time, string) {
	if t, ok := pm.metaPublished(); ok {
		return t, "meta"
	}
	if ld.published != "" {
		if t, ok := ParseDate(ld.published); ok {
			return t, "json-ld"
		}
	}
	for _, u := range urls {
		if t, ok := urlDate(u); ok {
			return t, "url"
		}
	}
	return time.Time{}, ""
}

// trafilaturaParagraphs runs go-trafilatura on doc, which it does not modify,
// and returns the paragraphs of the content it finds, or nil.
//
// It also returns go-trafilatura's guess at the content's language.
func trafilaturaParagraphs(doc *html.Node, pageURL string) (paras []string, lang string) {
	defer func() {
		if recover() != nil {
			paras, lang = nil, ""
		}
	}()
	opts := trafilatura.Options{
		EnableFallback:  true,
		ExcludeComments: true,
		HtmlDateMode:    trafilatura.Disabled, // we find the date ourselves
	}
	if u, err := url.Parse(pageURL); err == nil && u.IsAbs() {
		opts.OriginalURL = u
	}
	res, err := trafilatura.ExtractDocument(doc, opts)
	if err != nil || res == nil || res.ContentNode == nil {
		return nil, ""
	}
	return nodeParagraphs(res.ContentNode), langTag(res.Metadata.Language)
}

// reliableLangBytes is the body length from which go-trafilatura's language
// guess, made without a confidence threshold, is trusted.
const reliableLangBytes = 500

// blockAtoms are the elements that start a new paragraph.
var blockAtoms = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Blockquote: true,
	atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Figure: true, atom.Figcaption: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Main: true, atom.Aside: true, atom.Nav: true, atom.Hr: true,
	atom.Br: true, atom.Address: true, atom.Details: true, atom.Summary: true, atom.Caption: true,
	atom.Form: true, atom.Fieldset: true, atom.Body: true, atom.Html: true,
}

// skipAtoms are the elements whose text is never article text.
var skipAtoms = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Svg: true,
	atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Button: true, atom.Select: true,
	atom.Textarea: true, atom.Input: true, atom.Head: true,
}

// nodeParagraphs flattens a content tree into paragraphs: each block element
// and each line break ends one; table cells are joined with " | ".
func nodeParagraphs(root *html.Node) []string {
	var paras []string
	var b strings.Builder
	flush := func() {
		if s := normSpace(b.String()); s != "" {
			paras = append(paras, s)
		}
		b.Reset()
	}
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			a := nodeAtom(n)
			if skipAtoms[a] {
				return
			}
			if a == atom.Td || a == atom.Th {
				if n.PrevSibling != nil && strings.TrimSpace(b.String()) != "" {
					b.WriteString(" | ")
				}
			}
		}
		block := n.Type == html.ElementNode && blockAtoms[nodeAtom(n)]
		if block {
			flush()
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
		if block {
			flush()
		}
	}
	walk(root, 0)
	flush()
	return paras
}

// nodeAtom returns the atom of an element. Trees built by go-trafilatura
// name their elements without setting DataAtom.
func nodeAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Data == "" {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

// fallbackParagraphs returns the text blocks of a page outside its navigation,
// header, footer and asides, for when go-trafilatura finds nothing.
func fallbackParagraphs(doc *html.Node) []string {
	var paras []string
	var walk func(n *html.Node, depth int)
	walk = func(n *html.Node, depth int) {
		if depth > 512 {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Nav, atom.Header, atom.Footer, atom.Aside, atom.Form:
				return
			case atom.P, atom.H1, atom.H2, atom.H3, atom.Li, atom.Blockquote, atom.Pre, atom.Td:
				paras = append(paras, nodeParagraphs(n)...)
				return
			}
			if skipAtoms[n.DataAtom] {
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, depth+1)
		}
	}
	walk(doc, 0)
	if len(paras) == 0 {
		paras = nodeParagraphs(doc)
	}
	return paras
}

// langTag turns a language tag ("en-GB", "fr_FR") into its ISO 639-1 code,
// or "".
func langTag(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_,; "); i >= 0 {
		tag = tag[:i]
	}
	if len(tag) != 2 || tag[0] < 'a' || tag[0] > 'z' || tag[1] < 'a' || tag[1] > 'z' {
		return ""
	}
	return tag
}
