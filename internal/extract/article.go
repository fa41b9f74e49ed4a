// Package extract turns pages into articles: title, date, author, site,
// language and clean body text.
//
// [HTML] reads a web page in any charset; [Text] reads a page saved as text,
// a newswire story or a Markdown file. Both drop the boilerplate that pages
// carry around an article (skip links, share bars, cookie and newsletter
// notices, "Related stories" lists and copyright lines) and return the
// article's paragraphs separated by blank lines. [ParseDate] and [Language]
// are the date reader and language guesser they use.
//
// Every function in the package is safe for concurrent use and never panics.
// The package keeps no mutable state.
package extract

import (
	"errors"
	"strings"
	"time"
)

// Article is the readable content of a page and what is known about it.
type Article struct {
	Title      string
	Author     string
	Site       string    // site name or host
	URL        string    // canonical URL when the page declares one, else the page URL given
	Lang       string    // ISO 639-1 ("en", "fr"), "" when undetermined
	Date       time.Time // publication date; zero when not found
	DateSource string    // where the date came from: "meta", "json-ld", "url", "text", ""
	Body       string    // paragraphs separated by "\n\n", no boilerplate
}

// ErrNoContent is returned, wrapped, when nothing article-like remains of a
// document once its boilerplate is gone. The Article returned with it still
// holds whatever metadata was found.
var ErrNoContent = errors.New("no article text found")

// errPanic marks the error returned in place of a panic in a library.
var errPanic = errors.New("panic")

// sanitize makes every string field valid UTF-8 and trims the one-line fields.
func (a *Article) sanitize() {
	for _, f := range []*string{&a.Title, &a.Author, &a.Site, &a.URL, &a.Lang, &a.DateSource} {
		*f = normSpace(strings.ToValidUTF8(*f, ""))
	}
	a.Body = strings.ToValidUTF8(a.Body, "")
}
