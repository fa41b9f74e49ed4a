package source

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestSniff(t *testing.T) {
	long := `{"title": "x", "text": "` + strings.Repeat("y", sniffLen) + `"}`
	tests := []struct {
		name, reason string
		head         string
		file         string
		want         string
	}{
		{"gzip", "gzip magic", "\x1f\x8b\x08\x00rest", "x.txt", "gzip"},
		{"zip", "zip magic", "PK\x03\x04rest", "", "zip"},
		{"empty zip", "an empty zip is a zip", "PK\x05\x06", "", "zip"},
		{"bzip2", "bzip2 magic with its block magic", "BZh91AY&SYrest", "", "bzip2"},
		{"bzip2 lookalike", "text that starts with BZh is text", "BZh is not a word", "", "text"},
		{"utf16", "a UTF-16 byte order mark", "\xff\xfeh\x00i\x00", "", "utf16"},
		{"jsonl", "a complete object on the first line", `{"title": "a", "text": "b"}` + "\n" + `{"title": "c"}`, "", "jsonl"},
		{"jsonl long line", "a first line longer than the head is a record", long[:sniffLen], "", "jsonl"},
		{"jsonl broken first line", "a first line ending in } is a record, even if invalid", `{"title": "a", text}` + "\n", "", "jsonl"},
		{"jsonl extension", "the extension breaks a tie", "{\n", "x.jsonl", "jsonl"},
		{"pretty json", "a multi-line object", "{\n  \"title\": \"a\"\n}\n", "", "json"},
		{"json array", "an array of objects", "[\n {\"text\": \"a\"}]", "", "json"},
		{"bracket text", "a bracket before words is text", "[Draft] Minutes of the meeting", "", "text"},
		{"jsonfeed", "a version of jsonfeed.org", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, "x.jsonl", "jsonfeed"},
		{"rss", "an <rss> root after a declaration and comment", "<?xml version=\"1.0\"?>\n<!-- c -->\n<rss version=\"2.0\">", "", "rss"},
		{"rdf", "an <rdf:RDF> root is RSS 1.0", "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"x\">", "", "rss"},
		{"atom", "a <feed> root", "\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">", "", "atom"},
		{"opml", "an <opml> root", "<?xml version=\"1.0\"?><opml version=\"2.0\">", "x.xml", "opml"},
		{"sgml doctype", "the Reuters doctype", "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"1\">", "", "sgml"},
		{"sgml", "a <REUTERS> root", "<REUTERS TOPICS=\"YES\" NEWID=\"1\">", "", "sgml"},
		{"sgml extension", "junk before the first record, with .sgm", "junk\n<REUTERS NEWID=\"1\">", "x.sgm", "sgml"},
		{"html doctype", "an HTML doctype", "<!doctype html><title>x</title>", "", "html"},
		{"html root", "an <html> root", "<html lang=\"en\">", "", "html"},
		{"html body", "a bare <body>", "<body><p>x</p>", "", "html"},
		{"html fragment", "a fragment with HTML tags", "<div class=\"story\"><p>x</p></div>", "", "html"},
		{"html extension", "text with a tag, named .html", "Hello <b>world</b>", "x.html", "html"},
		{"xml", "an XML document of another kind", "<?xml version=\"1.0\"?><urlset>", "", "xml"},
		{"markdown front matter", "YAML front matter", "---\ntitle: x\n---\nBody", "", "markdown"},
		{"markdown heading", "an ATX heading", "Intro\n\n## Background\n\nText", "", "markdown"},
		{"markdown extension", "text named .md", "Just text.", "notes.md", "markdown"},
		{"hash tag", "a hashtag is not a heading", "#breaking news from the summit", "", "text"},
		{"text", "plain text", "Leaders met in Vilnius.", "x.dat", "text"},
		{"cp1252 text", "high bytes are still text", "Chile\x92s lithium", "", "text"},
		{"binary", "NUL bytes", "\x89PNG\r\n\x1a\n\x00\x00", "x.txt", "binary"},
		{"control bytes", "many control bytes", "\x01\x02\x03\x04abc", "", "binary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := sniff([]byte(tc.head), tc.file); got != tc.want {
				t.Errorf("%s: sniff = %q; want %q", tc.reason, got, tc.want)
			}
		})
	}
}

func TestFeedEncodings(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, reason, data  string
		wantTitle, wantWarn string
	}{
		{"latin1.rss", "a declared XML encoding is honoured",
			"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>\xc9t\xe9 de crise</title><description>x</description></item></channel></rss>",
			"Été de crise", ""},
		{"nodecl.rss", "undeclared invalid UTF-8 is decoded as Windows-1252, with a warning",
			"<rss version=\"2.0\"><channel><title>Caf\xe9</title><item><title>\x93Quoted\x94</title><description>x</description></item></channel></rss>",
			"“Quoted”", warnWindows1252},
	}
	for _, tc := range tests {
		name := writeFile(t, filepath.Join(dir, tc.name), []byte(tc.data))
		items, fails := readAll(t, []string{name}, Options{})
		if len(fails) > 0 || len(items) != 1 {
			t.Fatalf("%s: %d items, failures %v", tc.reason, len(items), fails)
		}
		if it := items[0]; it.Title != tc.wantTitle || it.Warn != tc.wantWarn || it.Source != "Café" {
			t.Errorf("%s: title %q warn %q source %q; want %q %q %q", tc.reason, it.Title, it.Warn, it.Source, tc.wantTitle, tc.wantWarn, "Café")
		}
	}
}

func TestMarkdownHeadingTitle(t *testing.T) {
	name := writeFile(t, filepath.Join(t.TempDir(), "notes.md"), []byte("# Coup in Gabon\n\nOfficers seized power in Libreville on 30 August 2023.\n"))
	items, _ := readAll(t, []string{name}, Options{})
	if len(items) != 1 || items[0].Title != "Coup in Gabon" || !items[0].Date.IsZero() {
		t.Errorf("the first heading is the title: %+v", items)
	}
}
