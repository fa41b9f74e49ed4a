// Package sanitize cleans article HTML for display with an allow-list: only
// text-structure elements survive (paragraphs, headings, lists, quotes,
// tables, emphasis, links), every attribute but a link's http(s) href is
// dropped, and scripts, styles, frames, forms, embedded objects and images
// are removed with their content. What comes out is safe to place inside
// an HTML page under georisk's Content-Security-Policy.
//
// HTML is a parser of hostile input: HTML never panics, whatever it is
// given, and its output always parses back to the same allowed elements.
package sanitize

import (
	"bytes"
	"io"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// allowed elements are kept (without attributes, but for a's href).
var allowed = map[atom.Atom]bool{
	atom.P: true, atom.Br: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Li: true, atom.Blockquote: true, atom.Em: true, atom.Strong: true, atom.B: true,
	atom.I: true, atom.U: true, atom.A: true, atom.Figure: true, atom.Figcaption: true, atom.Table: true, atom.Thead: true,
	atom.Tbody: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Pre: true, atom.Code: true, atom.Hr: true,
	atom.Sub: true, atom.Sup: true, atom.Small: true, atom.Cite: true, atom.Q: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
}

// dropped elements are removed with everything inside them.
var dropped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Iframe: true, atom.Frame: true, atom.Frameset: true, atom.Object: true,
	atom.Embed: true, atom.Noscript: true, atom.Template: true, atom.Head: true, atom.Title: true, atom.Svg: true,
	atom.Math: true, atom.Form: true, atom.Input: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Img: true, atom.Video: true, atom.Audio: true, atom.Source: true, atom.Picture: true, atom.Canvas: true,
	atom.Link: true, atom.Meta: true, atom.Base: true, atom.Applet: true, atom.Nav: true, atom.Footer: true,
	atom.Aside: true, atom.Dialog: true,
}

var void = map[atom.Atom]bool{atom.Br: true, atom.Hr: true}

// HTML returns the allowed part of the HTML document or fragment in.
func HTML(in string) string {
	z := html.NewTokenizer(strings.NewReader(in))
	var out bytes.Buffer
	var open []atom.Atom // allowed elements open in the output
	skip := 0            // depth inside a dropped element
	var skipTag atom.Atom
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				// The tokenizer only fails on read errors; a string reader has none.
				return ""
			}
			for i := len(open) - 1; i >= 0; i-- {
				out.WriteString("</" + open[i].String() + ">")
			}
			return out.String()
		case html.TextToken:
			if skip == 0 {
				out.WriteString(html.EscapeString(string(z.Text())))
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if skip > 0 {
				if a == skipTag && tt == html.StartTagToken && !void[a] {
					skip++
				}
				continue
			}
			if dropped[a] || a == 0 && isDroppedName(string(name)) {
				if tt == html.StartTagToken && !voidLike(a) {
					skip, skipTag = 1, a
				}
				continue
			}
			if !allowed[a] {
				continue
			}
			out.WriteString("<" + a.String())
			if a == atom.A {
				for hasAttr {
					var k, v []byte
					k, v, hasAttr = z.TagAttr()
					if string(k) == "href" {
						if u := safeURL(string(v)); u != "" {
							out.WriteString(` href="` + html.EscapeString(u) + `" rel="nofollow noopener noreferrer"`)
						}
					}
				}
			}
			out.WriteString(">")
			if !void[a] && tt == html.StartTagToken {
				open = append(open, a)
			} else if !void[a] {
				out.WriteString("</" + a.String() + ">")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skip > 0 {
				if a == skipTag {
					skip--
				}
				continue
			}
			// Close up to the matching open element; ignore stray end tags.
			for i := len(open) - 1; i >= 0; i-- {
				if open[i] == a {
					for j := len(open) - 1; j >= i; j-- {
						out.WriteString("</" + open[j].String() + ">")
					}
					open = open[:i]
					break
				}
			}
		}
	}
}

// voidLike elements have no end tag, so dropping them skips nothing else.
func voidLike(a atom.Atom) bool {
	switch a {
	case atom.Img, atom.Input, atom.Source, atom.Link, atom.Meta, atom.Base, atom.Embed:
		return true
	}
	return false
}

// isDroppedName catches unknown elements that must not be unwrapped.
func isDroppedName(name string) bool {
	return strings.Contains(name, "script") || strings.Contains(name, "style")
}

func safeURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
