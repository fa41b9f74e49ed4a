package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// readTestdata returns the bytes of a file in testdata.
func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// paraStarts returns the first five words of each paragraph of body, to
// compare the paragraphs kept without spelling them out.
func paraStarts(body string) []string {
	if body == "" {
		return nil
	}
	var out []string
	for _, p := range strings.Split(body, "\n\n") {
		words := strings.Fields(p)
		if len(words) > 5 {
			words = words[:5]
		}
		out = append(out, strings.Join(words, " "))
	}
	return out
}

// boilerplate lists text that must never reach a body: one entry for each
// kind of page furniture in the test pages.
var boilerplate = []string{
	"Skip to", "skip to", "min read", "Share on", "Share this", "cookie", "Cookie", "newsletter",
	"Newsletter", "Related stories", "Latest posts", "Most read", "Read more", "All rights reserved",
	"©", "Copyright", "Advertisement", "Photo:", "Tags:", "Sign up", "Aller au contenu",
	"Partager", "teilen", "Cookies", "Rechte vorbehalten", "droits réservés", "Log in",
	"Finland becomes", "Baltic air policing", "AUKUS", "Quad leaders", "Allies promise to invite",
	"Ankara's decision ended", "Five things to know", "Enjoying Brussels Brief",
}

func TestHTML(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		pageURL string
		want    Article // without Body
		starts  []string
		wantErr error
		reason  string
	}{
		{
			name:    "news page with every kind of boilerplate",
			file:    "vilnius-summit.html",
			pageURL: "https://baltic-ledger.example/world/nato-vilnius-summit-sweden?utm_source=feed",
			want: Article{
				Title: "NATO leaders meet in Vilnius as Sweden's path opens", Author: "Anna Kask",
				Site: "Baltic Ledger", URL: "https://baltic-ledger.example/world/nato-vilnius-summit-sweden",
				Lang: "en", Date: time.Date(2023, 7, 11, 15, 30, 0, 0, time.UTC), DateSource: "meta",
			},
			starts: []string{
				"Leaders of the thirty-one NATO", "The announcement, made late on", "Ukraine dominated the agenda. Allies",
				"To soften the message, the", "The heads of government of", "The final communiqué described Beijing's",
			},
			reason: "og:title loses its site suffix; the canonical URL replaces the tracking URL",
		},
		{
			name: "date from JSON-LD",
			file: "japan-france-drill.html",
			want: Article{
				Title: "Japan and France hold first joint fighter drill", Author: "Kenji Morita",
				Site: "Pacific Security Monitor", URL: "https://psm.example/asia/japan-france-fighter-drill",
				Lang: "en", Date: time.Date(2023, 7, 31, 0, 0, 0, 0, time.UTC), DateSource: "json-ld",
			},
			starts: []string{
				"French Rafale jets flew alongside", "The French aircraft were in", "Tokyo's defence ministry said the",
				"France keeps territories and permanent",
			},
			reason: "the 'Read more:' teaser line and the 'Latest posts' list go",
		},
		{
			name:    "date only in the URL",
			file:    "url-date.html",
			pageURL: "https://strait-review.example/news/2023/07/14/nato-tokyo-office",
			want: Article{
				Title: "Paris blocks plan for NATO office in Tokyo", Author: "Claire Dubois",
				Site: "strait-review.example", URL: "https://strait-review.example/news/2023/07/14/nato-tokyo-office",
				Lang: "en", Date: time.Date(2023, 7, 14, 0, 0, 0, 0, time.UTC), DateSource: "url",
			},
			starts: []string{
				"A proposal to open a", "French officials argued that the", "Supporters of the office said",
				"Chinese officials had warned Tokyo",
			},
			reason: "without a site name the host stands in",
		},
		{
			name: "date only in the visible text",
			file: "text-date.html",
			want: Article{
				Title: "China's EU mission rejects NATO communiqué", Site: "", Lang: "en",
				Date: time.Date(2023, 7, 12, 8, 40, 0, 0, time.UTC), DateSource: "text",
			},
			starts: []string{
				"China's mission to the European", "The statement accused the alliance", "A spokesperson for the foreign",
				"Diplomats in Brussels noted that",
			},
			reason: "the dateline sits outside the extracted content",
		},
		{
			name: "Latin-1 page with a meta charset",
			file: "latin1.html",
			want: Article{
				Title: "Pégase 2023: French jets tour the Indo-Pacific", Lang: "en",
				Date: time.Date(2023, 8, 2, 0, 0, 0, 0, time.UTC), DateSource: "meta",
			},
			starts: []string{
				"The French air and space", "Officials at the Élysée presented", "The crews trained with local",
				"Analysts said the deployment also",
			},
			reason: "ISO-8859-1 bytes decode to é and É",
		},
		{
			name: "undeclared Windows-1252",
			file: "undeclared-cp1252.html",
			want: Article{Title: "Sweden clears last hurdle on NATO path", Lang: "en"},
			starts: []string{
				"Turkey’s president said on 10", "“This is a good day", "In return, Stockholm agreed to",
			},
			reason: "bytes that are not UTF-8 are read as Windows-1252 curly quotes; a date inside a sentence is not a dateline",
		},
		{
			name: "French article",
			file: "french.html",
			want: Article{
				Title: "Macron s'oppose à un bureau de l'OTAN à Tokyo", Author: "Julien Lefèvre",
				Site: "Le Courrier Stratégique", Lang: "fr",
				Date: time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC), DateSource: "text",
			},
			starts: []string{
				"Le président de la République", "Selon l'Élysée, l'OTAN doit rester", "Plusieurs alliés ont regretté cette",
				"Pékin a salué à demi-mot",
			},
			reason: "'Par' byline and 'Publié le' dateline in French",
		},
		{
			name: "German article",
			file: "german.html",
			want: Article{
				Title: "Scholz sagt in Vilnius weitere Hilfe für die Ukraine zu", Lang: "de",
				Date: time.Date(2023, 7, 11, 0, 0, 0, 0, time.UTC), DateSource: "text",
			},
			starts: []string{
				"Bundeskanzler Olaf Scholz hat beim", "Der Kanzler betonte, Deutschland werde", "Zugleich bekräftigte die Bundesregierung ihre",
				"Mit Blick auf China sagte",
			},
			reason: "German cookie layer and share label go; '11. Juli 2023' is the date",
		},
		{
			name: "boilerplate inside the article container",
			file: "inline-boilerplate.html",
			want: Article{
				Title: "G7 offers Kyiv long-term security commitments", Author: "Tomas Novak", Lang: "en",
				Date: time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC), DateSource: "meta",
			},
			starts: []string{
				"The Group of Seven published", "Under the declaration, each of", "The text was presented as",
				"Other governments were invited to", "Ukraine's president called the commitments",
			},
			reason: "no class names to go by: line rules drop ads, credits, tags, the newsletter box and the related teasers",
		},
		{
			name: "truncated HTML",
			file: "broken.html",
			want: Article{Title: "Vilnius summit: what allies agreed", Lang: "en"},
			starts: []string{
				"Allied leaders agreed on new", "They also endorsed a pledge",
			},
			reason: "unclosed tags and a cut-off paragraph still give the text",
		},
		{
			name:    "empty page",
			file:    "empty.html",
			wantErr: ErrNoContent,
		},
		{
			name:    "page with no article",
			file:    "no-article.html",
			want:    Article{Title: "Page not found", Lang: "en"},
			starts:  []string{"Sorry, we could not find", "Return to the home page"},
			wantErr: ErrNoContent,
			reason:  "a 404 page has a title but no article",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := HTML(readTestdata(t, tt.file), tt.pageURL)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("HTML(%s) error = %v, want %v", tt.file, err, tt.wantErr)
			}
			body := got.Body
			got.Body = ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("HTML(%s) metadata mismatch (-want +got): %s\n%s", tt.file, tt.reason, diff)
			}
			if diff := cmp.Diff(tt.starts, paraStarts(body)); diff != "" {
				t.Errorf("HTML(%s) paragraphs mismatch (-want +got): %s\n%s", tt.file, tt.reason, diff)
			}
			for _, b := range boilerplate {
				if strings.Contains(body, b) {
					t.Errorf("HTML(%s) body contains boilerplate %q", tt.file, b)
				}
			}
			if !utf8.ValidString(body) {
				t.Errorf("HTML(%s) body is not valid UTF-8", tt.file)
			}
		})
	}
}

func TestHTMLEdgeInputs(t *testing.T) {
	tests := []struct {
		name    string
		raw     string
		pageURL string
	}{
		{"nil", "", ""},
		{"text without tags", "just some words", ""},
		{"only a doctype", "<!DOCTYPE html>", "https://example.org/"},
		{"bad URL", "<p>x</p>", "::not a url::"},
		{"utf-16 BOM", "\xff\xfe<\x00p\x00>\x00", ""},
		{"deep nesting", strings.Repeat("<div>", 5000) + "text" + strings.Repeat("</div>", 5000), ""},
		{"broken JSON-LD", `<script type="application/ld+json">{"headline": "Half", "datePublished": "2023-08-09"`, ""},
		{"binary", "\x00\x01\x02\xff\xfe\x80", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := HTML([]byte(tt.raw), tt.pageURL)
			if err == nil {
				t.Logf("HTML gave an article: %q", a.Title)
			}
			checkValid(t, a)
		})
	}
}

func TestHTMLBrokenJSONLD(t *testing.T) {
	page := `<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "Allies meet in Vilnius", "datePublished": "2023-07-11T09:00:00Z",}</script></head><body></body></html>`
	a, _ := HTML([]byte(page), "")
	want := Article{Title: "Allies meet in Vilnius", Date: time.Date(2023, 7, 11, 9, 0, 0, 0, time.UTC), DateSource: "json-ld"}
	if diff := cmp.Diff(want, a); diff != "" {
		t.Errorf("HTML mismatch (-want +got):\n%s", diff)
	}
}

// checkValid fails the test if any field of a is not valid UTF-8.
func checkValid(tb testing.TB, a Article) {
	tb.Helper()
	for _, s := range []string{a.Title, a.Author, a.Site, a.URL, a.Lang, a.DateSource, a.Body} {
		if !utf8.ValidString(s) {
			tb.Fatalf("invalid UTF-8 in %q", s)
		}
	}
}

// TestConcurrent runs the extractors from many goroutines; run it with -race.
func TestConcurrent(t *testing.T) {
	pages := []string{"vilnius-summit.html", "japan-france-drill.html", "french.html", "latin1.html"}
	texts := []string{"newswire.txt", "front-matter.md", "saved-page.txt"}
	want := make(map[string]Article)
	for _, p := range pages {
		a, _ := HTML(readTestdata(t, p), "")
		want[p] = a
	}
	for _, p := range texts {
		a, _ := Text(readTestdata(t, p))
		want[p] = a
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				for _, p := range pages {
					a, _ := HTML(readTestdata(t, p), "")
					if diff := cmp.Diff(want[p], a); diff != "" {
						t.Errorf("HTML(%s) differs under concurrency (-want +got):\n%s", p, diff)
					}
				}
				for _, p := range texts {
					a, _ := Text(readTestdata(t, p))
					if diff := cmp.Diff(want[p], a); diff != "" {
						t.Errorf("Text(%s) differs under concurrency (-want +got):\n%s", p, diff)
					}
				}
			}
		}()
	}
	wg.Wait()
}
