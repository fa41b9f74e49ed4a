package sample

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"io/fs"
	"math"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// article is what the tests can recover from the corpus for one manifest row.
type article struct {
	title string
	date  time.Time // zero if the format carries none the test reads
	body  string    // plain text of the body
}

func mustManifest(t *testing.T) []Entry {
	t.Helper()
	entries, err := Manifest()
	if err != nil {
		t.Fatalf("Manifest: %v", err)
	}
	return entries
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := fs.ReadFile(FS(), name)
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	return b
}

func TestManifestRows(t *testing.T) {
	entries := mustManifest(t)
	if len(entries) < 34 {
		t.Errorf("manifest has %d entries, want at least 34", len(entries))
	}
	seen := map[string]bool{}
	langs := map[string]int{}
	for _, e := range entries {
		if seen[e.ID()] {
			t.Errorf("duplicate manifest row %s", e.ID())
		}
		seen[e.ID()] = true
		if e.Words < 150 || e.Words > 600 {
			t.Errorf("%s: %d words, want 150-600", e.ID(), e.Words)
		}
		if y := e.Date.Year(); y < 2023 || y > 2024 {
			t.Errorf("%s: date %s outside 2023-2024", e.ID(), e.Date.Format(time.DateOnly))
		}
		switch e.Lang {
		case "en", "fr", "de":
		default:
			t.Errorf("%s: unexpected lang %q", e.ID(), e.Lang)
		}
		langs[e.Lang]++
	}
	if langs["fr"] == 0 || langs["de"] == 0 {
		t.Errorf("want at least one French and one German article, got %v", langs)
	}
}

func TestParseManifestErrors(t *testing.T) {
	header := strings.Join(manifestHeader, "\t") + "\n"
	for name, in := range map[string]string{
		"empty":      "",
		"bad header": "path\toutlet\n",
		"bad date":   header + "a.html\tX\t2023-13-01\tT\t200\ts\t\ten\n",
		"bad words":  header + "a.html\tX\t2023-01-01\tT\tmany\ts\t\ten\n",
		"bad dup":    header + "a.html\tX\t2023-01-01\tT\t200\ts\tmaybe\ten\n",
		"bad item":   header + "a.xml#0\tX\t2023-01-01\tT\t200\ts\t\ten\n",
		"columns":    header + "a.html\tX\t2023-01-01\n",
	} {
		if _, err := parseManifest([]byte(in)); err == nil {
			t.Errorf("%s: parseManifest succeeded, want error", name)
		}
	}
	got, err := parseManifest([]byte(header + "feeds/x.xml#3\tOutlet\t2024-03-07\tA title\t212\tstory\tnear\tde\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := Entry{Path: "feeds/x.xml", Item: 3, Outlet: "Outlet", Date: time.Date(2024, 3, 7, 0, 0, 0, 0, time.UTC),
		Title: "A title", Words: 212, Story: "story", Dup: DupNear, Lang: "de"}
	if len(got) != 1 || got[0] != want {
		t.Errorf("parseManifest = %+v, want %+v", got, want)
	}
	if got[0].ID() != "feeds/x.xml#3" {
		t.Errorf("ID() = %q", got[0].ID())
	}
}

// TestManifestCoversCorpus checks that every manifest path exists and that
// every article file in the corpus is described by the manifest.
func TestManifestCoversCorpus(t *testing.T) {
	entries := mustManifest(t)
	listed := map[string]bool{}
	for _, e := range entries {
		listed[e.Path] = true
		if _, err := fs.Stat(FS(), e.Path); err != nil {
			t.Errorf("%s: %v", e.ID(), err)
		}
	}
	formats := map[string]int{}
	err := fs.WalkDir(FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if p == ManifestFile || p == "README.md" {
			return nil
		}
		formats[strings.Split(p, "/")[0]]++
		if !listed[p] {
			t.Errorf("%s is not in the manifest", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if formats["html"] < 12 || formats["text"] < 6 || formats["markdown"] < 2 || formats["feeds"] < 2 || formats["jsonl"] < 1 {
		t.Errorf("file counts per format = %v", formats)
	}
}

func TestDuplicateGroups(t *testing.T) {
	entries := mustManifest(t)
	arts := loadAll(t, entries)
	byStory := map[string][]Entry{}
	for _, e := range entries {
		byStory[e.Story] = append(byStory[e.Story], e)
	}
	var nearGroups, exactGroups, independent int
	for story, group := range byStory {
		dups := map[string]bool{}
		for _, e := range group {
			dups[e.Dup] = true
		}
		if len(dups) > 1 {
			t.Errorf("story %s mixes dup values %v", story, dups)
			continue
		}
		switch {
		case dups[DupNear]:
			if len(group) >= 4 {
				nearGroups++
			}
			// The copies differ in small ways: at least one retitled copy and
			// at least one copy with an edited body.
			titles, bodies := map[string]bool{}, map[string]bool{}
			for _, e := range group {
				titles[arts[e.ID()].title] = true
				bodies[normSpace(arts[e.ID()].body)] = true
			}
			if len(titles) < 2 || len(bodies) < 2 {
				t.Errorf("near-duplicate story %s: %d distinct titles and %d distinct bodies, want >= 2 of each", story, len(titles), len(bodies))
			}
			for i := range group {
				for j := i + 1; j < len(group); j++ {
					a, b := arts[group[i].ID()], arts[group[j].ID()]
					if s := jaccard(a.body, b.body); s < 0.8 {
						t.Errorf("near copies %s and %s: body similarity %.2f, want >= 0.8", group[i].ID(), group[j].ID(), s)
					}
				}
			}
		case dups[DupExact]:
			if len(group) >= 2 {
				exactGroups++
			}
			for _, e := range group[1:] {
				a, b := arts[group[0].ID()], arts[e.ID()]
				if normSpace(a.body) != normSpace(b.body) || a.title != b.title {
					t.Errorf("exact copies %s and %s differ", group[0].ID(), e.ID())
				}
				if e.Path == group[0].Path {
					t.Errorf("exact copies %s and %s share a file", group[0].ID(), e.ID())
				}
			}
		case len(group) > 1:
			independent++
			for i := range group {
				for j := i + 1; j < len(group); j++ {
					a, b := arts[group[i].ID()], arts[group[j].ID()]
					if s := jaccard(a.body, b.body); s > 0.2 {
						t.Errorf("independent reports %s and %s: body similarity %.2f, want <= 0.2", group[i].ID(), group[j].ID(), s)
					}
				}
			}
		}
	}
	if nearGroups < 1 {
		t.Error("want a near-duplicate group of at least 4 copies")
	}
	if exactGroups < 1 {
		t.Error("want an exact-duplicate pair")
	}
	if independent < 3 {
		t.Errorf("got %d events with independent reports, want at least 3", independent)
	}
	// Stories that are not copies of one another must not be near-duplicates
	// by accident either.
	keys := make([]string, 0, len(entries))
	for _, e := range entries {
		keys = append(keys, e.ID())
	}
	sort.Strings(keys)
	story := map[string]Entry{}
	for _, e := range entries {
		story[e.ID()] = e
	}
	for i, a := range keys {
		for _, b := range keys[i+1:] {
			if story[a].Story == story[b].Story {
				continue
			}
			if s := jaccard(arts[a].body, arts[b].body); s > 0.2 {
				t.Errorf("unrelated articles %s and %s: body similarity %.2f", a, b, s)
			}
		}
	}
}

// TestArticles checks titles, dates and body word counts against the
// manifest, parsing each format.
func TestArticles(t *testing.T) {
	entries := mustManifest(t)
	arts := loadAll(t, entries)
	for _, e := range entries {
		a := arts[e.ID()]
		if a.title != e.Title {
			t.Errorf("%s: title %q, manifest says %q", e.ID(), a.title, e.Title)
		}
		if !a.date.IsZero() && !a.date.Equal(e.Date) {
			t.Errorf("%s: date %s, manifest says %s", e.ID(), a.date.Format(time.DateOnly), e.Date.Format(time.DateOnly))
		}
		n := len(strings.Fields(a.body))
		if math.Abs(float64(n-e.Words)) > 0.1*float64(e.Words) {
			t.Errorf("%s: body has %d words, manifest says %d", e.ID(), n, e.Words)
		}
	}
}

func TestHTMLPages(t *testing.T) {
	entries := mustManifest(t)
	skip := map[string]string{"en": "Skip to main content", "fr": "Aller au contenu principal", "de": "Zum Hauptinhalt springen"}
	related := []string{"Related stories", "Latest posts", "More from", "À lire aussi", "Mehr zum Thema"}
	var og, jsonld, undated, latin1 int
	for _, e := range entries {
		if !strings.HasPrefix(e.Path, "html/") {
			continue
		}
		raw := readFile(t, e.Path)
		page := decodeHTML(raw)
		lower := strings.ToLower(page)
		for _, marker := range []string{skip[e.Lang], "<nav", "<footer", "cookie", "newsletter", "linkedin", "&copy;"} {
			if !strings.Contains(page, marker) && !strings.Contains(lower, strings.ToLower(marker)) {
				t.Errorf("%s: boilerplate marker %q missing", e.Path, marker)
			}
		}
		found := false
		for _, r := range related {
			found = found || strings.Contains(page, r)
		}
		if !found {
			t.Errorf("%s: no related/latest stories section", e.Path)
		}
		if !strings.Contains(page, `lang="`+e.Lang) {
			t.Errorf("%s: <html lang> does not start with %q", e.Path, e.Lang)
		}
		if strings.Contains(page, `property="og:title"`) {
			og++
		}
		if strings.Contains(page, `"NewsArticle"`) {
			jsonld++
		}
		if !strings.Contains(page, "published_time") && !strings.Contains(page, "datePublished") {
			undated++
		}
		if isLatin1(raw) {
			latin1++
			if utf8.Valid(raw) {
				t.Errorf("%s: declares ISO-8859-1 but is valid UTF-8; want real Latin-1 bytes", e.Path)
			}
			for _, s := range []string{"Élysée", "Türkiye"} {
				if !strings.Contains(page, s) {
					t.Errorf("%s: %q missing after Latin-1 decoding", e.Path, s)
				}
			}
		} else if !utf8.Valid(raw) {
			t.Errorf("%s: not valid UTF-8", e.Path)
		}
	}
	if og == 0 || jsonld == 0 || undated == 0 || latin1 == 0 {
		t.Errorf("metadata variety: og=%d json-ld=%d without machine-readable date=%d latin-1=%d; want each >= 1", og, jsonld, undated, latin1)
	}
}

// ---------------------------------------------------------------- loading

func loadAll(t *testing.T, entries []Entry) map[string]article {
	t.Helper()
	out := map[string]article{}
	feeds := map[string][]article{}
	for _, e := range entries {
		var a article
		switch {
		case e.Item > 0:
			items, ok := feeds[e.Path]
			if !ok {
				items = loadItems(t, e.Path)
				feeds[e.Path] = items
			}
			if e.Item > len(items) {
				t.Fatalf("%s: file has only %d items", e.ID(), len(items))
			}
			a = items[e.Item-1]
		case strings.HasPrefix(e.Path, "html/"):
			a = loadHTML(t, e.Path)
		case strings.HasPrefix(e.Path, "text/"):
			a = loadText(t, e.Path)
		case strings.HasPrefix(e.Path, "markdown/"):
			a = loadMarkdown(t, e.Path)
		default:
			t.Fatalf("%s: unknown format", e.ID())
		}
		out[e.ID()] = a
	}
	for p, items := range feeds {
		n := 0
		for _, e := range entries {
			if e.Path == p {
				n++
			}
		}
		if n != len(items) {
			t.Errorf("%s has %d items but %d manifest rows", p, len(items), n)
		}
	}
	return out
}

func loadItems(t *testing.T, name string) []article {
	raw := readFile(t, name)
	switch path.Ext(name) {
	case ".jsonl":
		return loadJSONL(t, name, raw)
	case ".xml":
		if strings.Contains(string(raw), "<rss") {
			return loadRSS(t, name, raw)
		}
		return loadAtom(t, name, raw)
	}
	t.Fatalf("%s: unknown multi-item format", name)
	return nil
}

func loadRSS(t *testing.T, name string, raw []byte) []article {
	var doc struct {
		Items []struct {
			Title   string `xml:"title"`
			PubDate string `xml:"pubDate"`
			GUID    string `xml:"guid"`
			Creator string `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []article
	for i, it := range doc.Items {
		d, err := time.Parse(time.RFC1123Z, it.PubDate)
		if err != nil {
			t.Errorf("%s item %d: pubDate: %v", name, i+1, err)
		}
		if it.GUID == "" || it.Creator == "" || it.Content == "" {
			t.Errorf("%s item %d: missing guid, dc:creator or content:encoded", name, i+1)
		}
		out = append(out, article{title: it.Title, date: day(d), body: stripTags(it.Content)})
	}
	return out
}

func loadAtom(t *testing.T, name string, raw []byte) []article {
	var doc struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Entries []struct {
			Title     string `xml:"title"`
			ID        string `xml:"id"`
			Published string `xml:"published"`
			Author    string `xml:"author>name"`
			Link      struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []article
	for i, en := range doc.Entries {
		d, err := time.Parse(time.RFC3339, en.Published)
		if err != nil {
			t.Errorf("%s entry %d: published: %v", name, i+1, err)
		}
		if en.ID == "" || en.Author == "" || !strings.HasSuffix(hostOf(en.Link.Href), ".example") || en.Content.Type != "html" {
			t.Errorf("%s entry %d: missing id, author, .example link or html content", name, i+1)
		}
		out = append(out, article{title: en.Title, date: day(d), body: stripTags(en.Content.Body)})
	}
	return out
}

func loadJSONL(t *testing.T, name string, raw []byte) []article {
	var out []article
	for i, line := range strings.Split(strings.TrimRight(string(raw), "\n"), "\n") {
		var rec struct {
			ID, Title, Text, HTML, URL, Date, Source string
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("%s line %d: %v", name, i+1, err)
		}
		if rec.ID == "" || rec.Source == "" || !strings.HasSuffix(hostOf(rec.URL), ".example") {
			t.Errorf("%s line %d: missing id, source or .example url", name, i+1)
		}
		if (rec.Text == "") == (rec.HTML == "") {
			t.Errorf("%s line %d: want exactly one of text and html", name, i+1)
		}
		d, err := time.Parse(time.RFC3339, rec.Date)
		if err != nil {
			t.Errorf("%s line %d: date: %v", name, i+1, err)
		}
		body := rec.Text
		if rec.HTML != "" {
			body = stripTags(rec.HTML)
		}
		out = append(out, article{title: rec.Title, date: day(d), body: body})
	}
	return out
}

var (
	h1RE   = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	bodyRE = regexp.MustCompile(`(?s)class="(?:article__body|entry-content|mer-story__body|article-corps|artikel-text)"[^>]*>(.*?)</(?:div|section)>`)
)

// loadHTML reads the headline and the article body container. The container
// class names are those of the corpus's own site templates; georisk's real
// extractor has to find the body without such knowledge.
func loadHTML(t *testing.T, name string) article {
	page := decodeHTML(readFile(t, name))
	var a article
	if m := h1RE.FindStringSubmatch(page); m != nil {
		a.title = strings.TrimSpace(stripTags(m[1]))
	} else {
		t.Errorf("%s: no <h1>", name)
	}
	if m := bodyRE.FindStringSubmatch(page); m != nil {
		a.body = stripTags(m[1])
	} else {
		t.Errorf("%s: no article body container", name)
	}
	return a
}

var readTimeRE = regexp.MustCompile(`^\d+ min read$`)

// loadText parses a page saved as text: optional page debris, a headline
// line, a date line, an optional "By ..." line, then paragraphs, then an
// optional tail starting at "Latest posts" or a copyright line.
func loadText(t *testing.T, name string) article {
	var lines []string
	for _, l := range strings.Split(string(readFile(t, name)), "\n") {
		s := strings.TrimSpace(l)
		if s == "Latest posts" || s == "Related stories" || strings.HasPrefix(s, "Copyright ") || strings.HasPrefix(s, "©") {
			break
		}
		if s == "" || s == "Skip to main content" || readTimeRE.MatchString(s) {
			continue
		}
		lines = append(lines, s)
	}
	if len(lines) < 3 {
		t.Fatalf("%s: too few lines", name)
	}
	a := article{title: lines[0]}
	var err error
	for _, layout := range []string{"2 January 2006", time.DateOnly, "January 2, 2006"} {
		if a.date, err = time.Parse(layout, lines[1]); err == nil {
			break
		}
	}
	if err != nil {
		t.Errorf("%s: second line %q is not a date", name, lines[1])
	}
	rest := lines[2:]
	if strings.HasPrefix(rest[0], "By ") {
		rest = rest[1:]
	}
	a.body = strings.Join(rest, "\n")
	return a
}

func loadMarkdown(t *testing.T, name string) article {
	s := string(readFile(t, name))
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("%s: no front matter", name)
	}
	fm, body, ok := strings.Cut(s[4:], "\n---\n")
	if !ok {
		t.Fatalf("%s: unterminated front matter", name)
	}
	meta := map[string]string{}
	for _, l := range strings.Split(fm, "\n") {
		k, v, _ := strings.Cut(l, ":")
		v = strings.TrimSpace(v)
		if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
			v = strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`)
		}
		meta[strings.TrimSpace(k)] = v
	}
	for _, k := range []string{"title", "date", "author", "source", "url"} {
		if meta[k] == "" {
			t.Errorf("%s: front matter lacks %s", name, k)
		}
	}
	d, err := time.Parse(time.DateOnly, meta["date"])
	if err != nil {
		t.Errorf("%s: date: %v", name, err)
	}
	return article{title: meta["title"], date: d, body: body}
}

// ---------------------------------------------------------------- helpers

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string {
	return html.UnescapeString(tagRE.ReplaceAllString(s, " "))
}

func isLatin1(raw []byte) bool {
	head := strings.ToLower(string(raw[:min(len(raw), 512)]))
	return strings.Contains(head, `charset="iso-8859-1"`) || strings.Contains(head, "charset=iso-8859-1")
}

// decodeHTML returns the page as UTF-8, decoding ISO-8859-1 pages.
func decodeHTML(raw []byte) string {
	if !isLatin1(raw) {
		return string(raw)
	}
	rs := make([]rune, len(raw))
	for i, b := range raw {
		rs[i] = rune(b)
	}
	return string(rs)
}

func day(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func hostOf(u string) string {
	_, rest, _ := strings.Cut(u, "://")
	host, _, _ := strings.Cut(rest, "/")
	return host
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// jaccard returns the Jaccard similarity of the word 5-shingles of a and b.
func jaccard(a, b string) float64 {
	sa, sb := shingles(a), shingles(b)
	if len(sa) == 0 || len(sb) == 0 {
		return 0
	}
	inter := 0
	for s := range sa {
		if sb[s] {
			inter++
		}
	}
	return float64(inter) / float64(len(sa)+len(sb)-inter)
}

func shingles(s string) map[string]bool {
	w := strings.Fields(strings.ToLower(s))
	out := map[string]bool{}
	for i := 0; i+5 <= len(w); i++ {
		out[strings.Join(w[i:i+5], " ")] = true
	}
	return out
}
