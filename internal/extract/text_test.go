package extract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fixtureDir holds the project's shared fixtures, beside the repository.
const fixtureDir = "../../../shared/fixtures"

// TestTextFixture is the acceptance test: an analyst's brief saved as text
// from a web page.
func TestTextFixture(t *testing.T) {
	path := filepath.Join(fixtureDir, "pamir-nato-china-2023-08-09.txt")
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("fixture %s not present: the shared folder is not beside the repository", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	a, err := Text(raw)
	if err != nil {
		t.Fatalf("Text: %v", err)
	}
	type meta struct {
		Title string
		Date  time.Time
	}
	want := meta{"NATO angers China. France blocks NATO liaison office in Tokyo", time.Date(2023, 8, 9, 0, 0, 0, 0, time.UTC)}
	if diff := cmp.Diff(want, meta{a.Title, a.Date}); diff != "" {
		t.Errorf("Text metadata mismatch (-want +got):\n%s", diff)
	}
	if a.DateSource != "text" {
		t.Errorf("DateSource = %q, want %q", a.DateSource, "text")
	}
	if !strings.HasPrefix(a.Body, "Beijing criticized NATO") {
		t.Errorf("Body starts %q, want it to start with %q", firstLine(a.Body), "Beijing criticized NATO")
	}
	for _, bad := range []string{
		"Skip to main content", "3 min read", "Latest posts", "Pamir guide", "5G",
		"China’s 5G influence", "Belt and Road", "Digital Silk Road", a.Title,
	} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("Body contains %q", bad)
		}
	}
	if a.Lang != "en" {
		t.Errorf("Lang = %q, want en", a.Lang)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func TestText(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		want    Article // without Body
		starts  []string
		wantErr error
		reason  string
	}{
		{
			name: "newswire with hard wraps and indented paragraphs",
			file: "newswire.txt",
			want: Article{
				Title: "JAPAN AND FRANCE START FIRST JOINT FIGHTER DRILL", Lang: "en",
				Date: time.Date(2023, 7, 26, 8, 15, 0, 0, time.UTC), DateSource: "text",
			},
			starts: []string{
				"TOKYO, July 26 - Japanese", "The French aircraft, Rafale fighters", "Officials in Tokyo said the",
				"The exercise follows the NATO",
			},
			reason: "lines join into paragraphs at indents; the Reuters date line gives the date; the sign-off goes",
		},
		{
			name: "hard wraps with blank lines between paragraphs",
			file: "wrapped.txt",
			want: Article{Title: "Sweden's NATO bid moves to Ankara", Lang: "en"},
			starts: []string{
				"Turkey's president agreed on Monday", "The agreement was announced by", "Hungary, the other member that",
			},
			reason: "a short first line is the title, not the start of a paragraph",
		},
		{
			name: "Markdown with front matter",
			file: "front-matter.md",
			want: Article{
				Title: "Allies agree new regional defence plans in Vilnius", Author: "Maria Lopez, Jan Berg",
				Site: "Alliance Notes", URL: "https://alliance-notes.example/2023/07/12/defence-plans", Lang: "en",
				Date: time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC), DateSource: "meta",
			},
			starts: []string{
				"NATO leaders approved the alliance's", "What the plans do", "The plans divide the alliance",
				"Allies said a force of", "Members also agreed that spending", "Officials described the plans as",
			},
			reason: "front matter gives the metadata; the newsletter line and the Related list go",
		},
		{
			name: "Markdown with a heading title",
			file: "heading.md",
			want: Article{
				Title: "China's mission to the EU condemns NATO communiqué", Author: "Wei Zhang", Lang: "en",
				Date: time.Date(2023, 7, 12, 0, 0, 0, 0, time.UTC), DateSource: "text",
			},
			starts: []string{
				"China's mission to the European", "The mission said China was", "Analysts noted that the communiqué's",
			},
			reason: "the first # heading is the title; the emphasised dateline gives date and author",
		},
		{
			name: "page saved as text",
			file: "saved-page.txt",
			want: Article{
				Title: "Turkey clears the way for Sweden's NATO membership", Author: "Leyla Demir", Lang: "en",
				Date: time.Date(2023, 7, 10, 0, 0, 0, 0, time.UTC), DateSource: "text",
			},
			starts: []string{
				"Turkey's president agreed on Monday", "The decision ended a dispute", "Sweden agreed to work with",
			},
			reason: "the site name above the title, share links, cookie notice, related teasers and copyright go",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Text(readTestdata(t, tt.file))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Text(%s) error = %v, want %v", tt.file, err, tt.wantErr)
			}
			body := got.Body
			got.Body = ""
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Text(%s) metadata mismatch (-want +got): %s\n%s", tt.file, tt.reason, diff)
			}
			if diff := cmp.Diff(tt.starts, paraStarts(body)); diff != "" {
				t.Errorf("Text(%s) paragraphs mismatch (-want +got): %s\n%s", tt.file, tt.reason, diff)
			}
			for _, b := range append(boilerplate, "Reuter", "Eastern Europe Monitor", "![", "](", "**", "##", "Sweden's accession") {
				if strings.Contains(body, b) {
					t.Errorf("Text(%s) body contains %q", tt.file, b)
				}
			}
		})
	}
}

func TestTextInline(t *testing.T) {
	para := "Allied leaders agreed on new regional defence plans, the first of their kind since the end of the Cold War, and assigned forces to specific regions."
	tests := []struct {
		name    string
		in      string
		want    Article
		wantErr error
		reason  string
	}{
		{
			name:    "empty",
			in:      "",
			wantErr: ErrNoContent,
		},
		{
			name:    "only boilerplate",
			in:      "Skip to main content\n\nShare on Facebook\n\n© 2023 Example. All rights reserved.\n",
			wantErr: ErrNoContent,
		},
		{
			name:   "no title line",
			in:     para + "\n",
			want:   Article{Lang: "en", Body: para},
			reason: "a document that starts with prose has no title",
		},
		{
			name: "CRLF and BOM",
			in:   "\xef\xbb\xbfVilnius summit ends\r\n\r\n" + para + "\r\n",
			want: Article{Title: "Vilnius summit ends", Lang: "en", Body: para},
		},
		{
			name:   "Windows-1252 bytes",
			in:     "Vilnius summit ends\n\n\x93" + para + "\x94\n",
			want:   Article{Title: "Vilnius summit ends", Lang: "en", Body: "“" + para + "”"},
			reason: "invalid UTF-8 is read as Windows-1252",
		},
		{
			name:   "front matter with a date-time and a lang",
			in:     "---\ntitle: 'Allies''s plans'\ndate: \"2023-07-12T10:00:00Z\"\nauthors:\n  - Ana\n  - Jan\nlang: fr-FR\n---\n" + para + "\n",
			want:   Article{Title: "Allies's plans", Author: "Ana, Jan", Lang: "fr", Date: time.Date(2023, 7, 12, 10, 0, 0, 0, time.UTC), DateSource: "meta", Body: para},
			reason: "a declared language wins over detection",
		},
		{
			name:   "unterminated front matter is text",
			in:     "---\ntitle: Half\n" + para + "\n",
			want:   Article{Title: "title: Half", Lang: "en", Body: para},
			reason: "without a closing line the block is not front matter",
		},
		{
			name:   "Chinese",
			in:     "北约峰会在维尔纽斯举行\n\n中国常驻欧盟使团发表声明，批评北约峰会公报歪曲中国立场，并表示坚决反对北约东扩至亚太地区。\n",
			want:   Article{Title: "北约峰会在维尔纽斯举行", Lang: "zh", Body: "中国常驻欧盟使团发表声明，批评北约峰会公报歪曲中国立场，并表示坚决反对北约东扩至亚太地区。"},
			reason: "each Chinese character counts as a word",
		},
		{
			name:   "setext heading and lists",
			in:     "Vilnius summit\n==============\n\n* **Sweden**: Turkey lifts its veto.\n* [Ukraine](https://example.org): an invitation when conditions are met.\n\n" + para + "\n",
			want:   Article{Title: "Vilnius summit", Lang: "en", Body: "Sweden: Turkey lifts its veto.\n\nUkraine: an invitation when conditions are met.\n\n" + para},
			reason: "Markdown structure becomes paragraphs",
		},
		{
			name:   "trailing read more section",
			in:     "Vilnius summit ends\n\n" + para + "\n\n" + para[:60] + " again, and more words to make this a second paragraph of prose.\n\nRead more\n\nA teaser about something else entirely that should not be kept here.\n",
			want:   Article{Title: "Vilnius summit ends", Lang: "en", Body: para + "\n\n" + para[:60] + " again, and more words to make this a second paragraph of prose."},
			reason: "everything after a trailing Read more header goes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Text([]byte(tt.in))
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Text error = %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr != nil {
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Text mismatch (-want +got): %s\n%s", tt.reason, diff)
			}
		})
	}
}

func TestStripInlineMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"link", "see [the statement](https://example.org/x) here", "see the statement here"},
		{"image", "before ![alt text](img.png) after", "before  after"},
		{"reference link", "the [communiqué][1] says", "the communiqué says"},
		{"bold and italic", "**NATO** and *China* and __EU__ and _Japan_", "NATO and China and EU and Japan"},
		{"snake case kept", "the snake_case_name stays", "the snake_case_name stays"},
		{"code", "run `go test` now", "run go test now"},
		{"strike", "a ~~draft~~ final text", "a  final text"},
		{"autolink", "at <https://example.org>", "at https://example.org"},
		{"escapes", `2 \* 3 \_ok\_`, "2 * 3 _ok_"},
		{"html tag", "a <span class=\"x\">word</span>", "a word"},
		{"footnote", "a claim[^1].", "a claim."},
		{"plain", "nothing to strip", "nothing to strip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, stripInlineMarkdown(tt.in)); diff != "" {
				t.Errorf("stripInlineMarkdown(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestPlainUnits(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		want   []string
		reason string
	}{
		{
			name:   "long lines stay lines",
			in:     "Title here\n09 August 2023\n" + strings.Repeat("word ", 40) + "\n",
			want:   []string{"Title here", "09 August 2023", strings.TrimSpace(strings.Repeat("word ", 40))},
			reason: "not hard-wrapped: each line is a paragraph",
		},
		{
			name: "hyphenated break",
			in: "The alliance agreed to strengthen its eastern flank with new\n" +
				"forces and to raise spending on defence as a share of economic\n" +
				"output, officials said after the meeting, which lasted two-\n" +
				"days, in the Lithuanian capital and ended on Wednesday.\n" +
				"Leaders also discussed Ukraine and China at some length and\n" +
				"agreed to meet again next year in Washington for the 75th\n" +
				"anniversary of the alliance.\n",
			want: []string{
				"The alliance agreed to strengthen its eastern flank with new forces and to raise spending on defence as a share of economic output, officials said after the meeting, which lasted two-days, in the Lithuanian capital and ended on Wednesday. Leaders also discussed Ukraine and China at some length and agreed to meet again next year in Washington for the 75th anniversary of the alliance.",
			},
			reason: "a word split across lines at a hyphen is joined without a space",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := plainUnits(strings.Split(tt.in, "\n"))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("plainUnits mismatch (-want +got): %s\n%s", tt.reason, diff)
			}
		})
	}
}
