package extract

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkArticle fails the test if a breaks a promise of the API.
func checkArticle(t *testing.T, a Article, err error) {
	t.Helper()
	if errors.Is(err, errPanic) {
		t.Fatalf("recovered panic: %v", err)
	}
	for name, s := range map[string]string{
		"Title": a.Title, "Author": a.Author, "Site": a.Site, "URL": a.URL,
		"Lang": a.Lang, "DateSource": a.DateSource, "Body": a.Body,
	} {
		if !utf8.ValidString(s) {
			t.Fatalf("%s is not valid UTF-8: %q", name, s)
		}
	}
	if strings.Contains(a.Body, "\n\n\n") || strings.HasPrefix(a.Body, "\n") || strings.HasSuffix(a.Body, "\n") {
		t.Fatalf("Body paragraphs are not separated by single blank lines: %q", a.Body)
	}
	if a.Date.IsZero() != (a.DateSource == "") {
		t.Fatalf("Date %v does not match DateSource %q", a.Date, a.DateSource)
	}
	if err == nil && a.Body == "" {
		t.Fatal("no error but an empty body")
	}
	if err != nil && !errors.Is(err, ErrNoContent) {
		t.Fatalf("unexpected error: %v", err)
	}
}

func FuzzHTML(f *testing.F) {
	for _, name := range []string{"vilnius-summit.html", "japan-france-drill.html", "latin1.html", "broken.html", "no-article.html"} {
		f.Add(readTestdata(f, name), "https://example.org/2023/08/09/x")
	}
	f.Fuzz(func(t *testing.T, raw []byte, pageURL string) {
		a, err := extractHTML(raw, pageURL)
		checkArticle(t, a, err)
	})
}

func FuzzText(f *testing.F) {
	for _, name := range []string{"newswire.txt", "wrapped.txt", "front-matter.md", "heading.md", "saved-page.txt"} {
		f.Add(readTestdata(f, name))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		a, err := extractText(raw)
		checkArticle(t, a, err)
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"09 August 2023", "Aug. 9, 2023", "2023-08-09T10:30:00+02:00", "Wed, 09 Aug 2023 10:30:00 GMT", "26-FEB-1987 15:01:01.79", "Wed Aug  9 10:30:00 CET 2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseDate(s)
		if !ok && !got.IsZero() {
			t.Fatalf("parseDate(%q) = %v, false; want the zero time", s, got)
		}
		if ok && (got.Year() < 1000 || got.Year() > 9999) {
			t.Fatalf("parseDate(%q) = %v: year out of range", s, got)
		}
		if got, ok := findDate(s, 200); ok && (got.Year() < 1900 || got.Year() > 2100) {
			t.Fatalf("findDate(%q) = %v: year out of range", s, got)
		}
	})
}
