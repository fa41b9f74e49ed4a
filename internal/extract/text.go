package extract

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text extracts an article from plain text or Markdown: a page saved as text,
// a newswire story with hard line breaks, or a Markdown file with optional
// YAML front matter (keys title, date, author, url, source, lang).
//
// The title is the front matter's, else a first "# Heading", else the first
// short line at the top. A date line near the top gives the date. Boilerplate
// lines, the title repeated in the text, and a trailing "Latest posts",
// "Related" or "Read more" section with everything after it are dropped.
// Markdown syntax is removed from the body, and hard-wrapped lines are joined
// back into paragraphs. When no article text remains Text returns the
// metadata it found and an error wrapping [ErrNoContent].
//
// Text is safe for concurrent use and does not panic.
func Text(raw []byte) (a Article, err error) {
	defer func() {
		if r := recover(); r != nil {
			a, err = Article{}, fmt.Errorf("extracting text: %w: %v", errPanic, r)
		}
	}()
	return extractText(raw)
}

// extractText is Text without the recovery from panics, which fuzzing wants
// to see.
func extractText(raw []byte) (a Article, err error) {
	s := decodeText(raw)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\x00", "")
	if reEntity.MatchString(s) {
		s = html.UnescapeString(s)
	}

	fm, s := frontMatter(s)
	lines := strings.Split(s, "\n")
	var units []string
	title := fm.title
	if fm.found || isMarkdown(lines) {
		var h1 string
		units, h1 = markdownUnits(lines)
		if title == "" {
			title = h1
		}
	} else {
		units = plainUnits(lines)
	}

	c := cleanUnits(units, title, title == "")
	a.Title = title
	if a.Title == "" {
		a.Title = c.title
	}
	a.Author = fm.author
	if a.Author == "" {
		a.Author = c.author
	}
	a.Site = fm.source
	a.URL = fm.url
	if a.Site == "" {
		a.Site = hostName(a.URL)
	}
	if fm.date != "" {
		if t, ok := ParseDate(fm.date); ok {
			a.Date, a.DateSource = t, "meta"
		}
	}
	if a.Date.IsZero() && !c.date.IsZero() {
		a.Date, a.DateSource = c.date, "text"
	}
	a.Body = strings.Join(c.paras, "\n\n")
	a.Lang = langTag(fm.lang)
	if a.Lang == "" {
		a.Lang = Language(a.Body)
	}
	a.sanitize()
	if !hasArticle(c.paras) {
		return a, fmt.Errorf("extracting text: %w", ErrNoContent)
	}
	return a, nil
}

var reEntity = regexp.MustCompile(`&(?:#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);`)

// front is what a document's YAML front matter says.
type front struct {
	found                                  bool
	title, date, author, url, source, lang string
}

// frontMatter splits off a YAML front matter block ("---" lines around
// "key: value" lines) and reads the keys georisk knows. Lists of authors,
// inline ([a, b]) or one per line ("- a"), are joined with ", ".
func frontMatter(s string) (front, string) {
	var fm front
	lines := strings.Split(strings.TrimLeft(s, "\n"), "\n")
	if len(lines) < 3 || strings.TrimSpace(lines[0]) != "---" {
		return fm, s
	}
	end := -1
	for i := 1; i < len(lines) && i < 200; i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			end = i
			break
		}
	}
	if end < 0 {
		return fm, s
	}
	block := lines[1:end]
	after := strings.Join(lines[end+1:], "\n")
	var key string
	var list []string
	flush := func() {
		if key != "" && len(list) > 0 {
			fm.set(key, strings.Join(list, ", "))
		}
		key, list = "", nil
	}
	pairs := 0
	for _, line := range block {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasPrefix(trimmed, "- ") && key != "" {
			list = append(list, yamlScalar(trimmed[2:]))
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			continue // nested mapping
		}
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			return front{}, s
		}
		flush()
		pairs++
		k = strings.ToLower(strings.TrimSpace(k))
		v = strings.TrimSpace(v)
		if v == "" {
			key = k
			continue
		}
		if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
			var items []string
			for _, it := range strings.Split(v[1:len(v)-1], ",") {
				if it = yamlScalar(it); it != "" {
					items = append(items, it)
				}
			}
			fm.set(k, strings.Join(items, ", "))
			continue
		}
		fm.set(k, yamlScalar(v))
	}
	flush()
	if pairs == 0 {
		return front{}, s
	}
	fm.found = true
	return fm, after
}

func (fm *front) set(key, v string) {
	if v == "" {
		return
	}
	switch key {
	case "title", "headline":
		fm.title = v
	case "date", "published", "pubdate", "publishdate", "date_published", "published_at":
		if fm.date == "" {
			fm.date = v
		}
	case "author", "authors", "byline":
		fm.author = v
	case "url", "link", "canonical", "canonical_url", "permalink":
		fm.url = v
	case "source", "site", "publisher":
		fm.source = v
	case "lang", "language", "locale":
		fm.lang = v
	}
}

// yamlScalar unquotes a plain YAML scalar and drops a trailing comment.
func yamlScalar(v string) string {
	v = strings.TrimSpace(v)
	if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
		inner := v[1 : len(v)-1]
		if v[0] == '\'' {
			return strings.ReplaceAll(inner, "''", "'")
		}
		return strings.NewReplacer(`\"`, `"`, `\\`, `\`, `\n`, " ").Replace(inner)
	}
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v)
}

var (
	reATX       = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	reMDLink    = regexp.MustCompile(`!?\[[^\]\n]*\]\([^)\n]*\)`)
	reMDBold    = regexp.MustCompile(`\*\*[^*\n]+\*\*|__[^_\n]+__`)
	reFence     = regexp.MustCompile("^ {0,3}(```|~~~)")
	reSetext    = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	reHRule     = regexp.MustCompile(`^ {0,3}([-*_])(?:[ \t]*[-*_]){2,}[ \t]*$`)
	reListItem  = regexp.MustCompile(`^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+`)
	reQuote     = regexp.MustCompile(`^[ \t]*(?:>[ \t]?)+`)
	reTableRule = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?[ \t]*$`)
	reRefDef    = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S+`)
)

// isMarkdown reports whether lines carry Markdown syntax: ATX headings,
// links, images, code fences or bold text.
func isMarkdown(lines []string) bool {
	signals := 0
	for i, l := range lines {
		if i > 2000 {
			break
		}
		if m := reATX.FindStringSubmatch(l); m != nil && m[2] != "" {
			signals += 2
		}
		if reFence.MatchString(l) {
			signals += 2
		}
		if strings.Contains(l, "](") && reMDLink.MatchString(l) {
			signals += 2
		}
		if strings.Contains(l, "**") && reMDBold.MatchString(l) {
			signals++
		}
		if signals >= 2 {
			return true
		}
	}
	return false
}

// markdownUnits turns Markdown lines into plain paragraphs, one per paragraph,
// heading, list item or table row, and returns the text of the first level-1
// heading if it comes before any paragraph (the document's title), removing it.
func markdownUnits(lines []string) (units []string, title string) {
	var para []string
	sawText := false
	flush := func() {
		if len(para) > 0 {
			if s := stripInlineMarkdown(strings.Join(para, " ")); strings.TrimSpace(s) != "" {
				units = append(units, s)
				sawText = true
			}
			para = para[:0]
		}
	}
	heading := func(level int, text string) {
		flush()
		text = stripInlineMarkdown(text)
		if strings.TrimSpace(text) == "" {
			return
		}
		if level == 1 && title == "" && !sawText {
			title = normSpace(text)
			return
		}
		units = append(units, text)
	}
	inFence := false
	var fence string
	var code []string
	for i := 0; i < len(lines); i++ {
		l := strings.TrimRight(lines[i], " \t")
		if m := reFence.FindStringSubmatch(l); m != nil {
			if !inFence {
				flush()
				inFence, fence = true, m[1]
				continue
			}
			if m[1] == fence {
				inFence = false
				if len(code) > 0 {
					units = append(units, strings.Join(code, " "))
					code = code[:0]
				}
				continue
			}
		}
		if inFence {
			code = append(code, l)
			continue
		}
		switch {
		case strings.TrimSpace(l) == "":
			flush()
		case reATX.MatchString(l):
			m := reATX.FindStringSubmatch(l)
			heading(len(m[1]), m[2])
		case len(para) > 0 && reSetext.MatchString(l) && !reListItem.MatchString(l):
			level := 2
			if strings.Contains(l, "=") {
				level = 1
			}
			text := strings.Join(para, " ")
			para = para[:0]
			heading(level, text)
		case reHRule.MatchString(l):
			flush()
		case reRefDef.MatchString(l):
			flush()
		case reTableRule.MatchString(l) && strings.Contains(l, "|"):
			flush()
		case strings.HasPrefix(strings.TrimSpace(l), "|"):
			flush()
			cells := strings.Split(strings.Trim(strings.TrimSpace(l), "|"), "|")
			for j := range cells {
				cells[j] = strings.TrimSpace(cells[j])
			}
			para = append(para, strings.Join(cells, " | "))
			flush()
		case reListItem.MatchString(l):
			flush()
			para = append(para, reListItem.ReplaceAllString(l, ""))
		default:
			line := reQuote.ReplaceAllString(l, "")
			if strings.TrimSpace(line) == "" {
				flush()
				continue
			}
			para = append(para, strings.TrimSpace(line))
		}
	}
	flush()
	if len(code) > 0 {
		units = append(units, strings.Join(code, " "))
	}
	return units, title
}

var (
	reMDImage    = regexp.MustCompile(`!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])`)
	reMDInline   = regexp.MustCompile(`\[([^\]\n]*)\]\([^)\n]*\)`)
	reMDRef      = regexp.MustCompile(`\[([^\]\n]+)\]\[[^\]\n]*\]`)
	reMDFootnote = regexp.MustCompile(`\[\^[^\]\n]+\]`)
	reMDAutolink = regexp.MustCompile(`<((?:https?|mailto):[^>\s]+)>`)
	reMDStrong   = regexp.MustCompile(`\*\*([^*\n]+)\*\*|__([^_\n]+)__`)
	reMDEmStar   = regexp.MustCompile(`\*([^*\s][^*\n]*?)\*`)
	reMDEmUnder  = regexp.MustCompile(`(^|[^\p{L}\p{N}_])_([^_\n]+?)_($|[^\p{L}\p{N}_])`)
	reMDStrike   = regexp.MustCompile(`~~([^~\n]+)~~`)
	reMDCode     = regexp.MustCompile("`+([^`\n]+)`+")
	reMDTag      = regexp.MustCompile(`</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>|<!--.*?-->`)
	reMDEscape   = regexp.MustCompile(`\\([\\` + "`" + `*_{}\[\]()#+\-.!|>~])`)
)

// stripInlineMarkdown removes inline Markdown syntax: images and struck-out
// text go, links keep their text, emphasis and code marks go, inline HTML tags
// go.
func stripInlineMarkdown(s string) string {
	if !strings.ContainsAny(s, "[]*_~`<\\") {
		return s
	}
	// Escaped characters hide from the patterns as private-use runes.
	escaped := strings.Contains(s, "\\")
	if escaped {
		s = reMDEscape.ReplaceAllStringFunc(s, func(m string) string {
			return string(rune(escapeBase + int(m[1])))
		})
	}
	s = reMDImage.ReplaceAllString(s, "")
	s = reMDInline.ReplaceAllString(s, "$1")
	s = reMDRef.ReplaceAllString(s, "$1")
	s = reMDFootnote.ReplaceAllString(s, "")
	s = reMDAutolink.ReplaceAllString(s, "$1")
	s = reMDCode.ReplaceAllString(s, "$1")
	s = reMDStrong.ReplaceAllString(s, "$1$2")
	s = reMDEmStar.ReplaceAllString(s, "$1")
	s = reMDEmUnder.ReplaceAllString(s, "$1$2$3")
	s = reMDStrike.ReplaceAllString(s, "")
	s = reMDTag.ReplaceAllString(s, "")
	if escaped {
		s = strings.Map(func(r rune) rune {
			if r >= escapeBase && r < escapeBase+128 {
				return r - escapeBase
			}
			return r
		}, s)
	}
	return s
}

// escapeBase starts the private-use runes that stand for escaped ASCII
// characters while inline Markdown is stripped.
const escapeBase = 0xF700

// plainUnits splits plain text into paragraphs. Text whose lines are wrapped
// at a fixed width (newswire, e-mail) is re-flowed: lines join until a blank
// line, an indented line (where paragraphs are marked by indentation), a list
// item, or a line that ends well short of the wrap width. Otherwise each line
// is a paragraph of its own.
func plainUnits(lines []string) []string {
	width, wrapped := wrapWidth(lines)
	if !wrapped {
		units := make([]string, 0, len(lines))
		for _, l := range lines {
			if l = strings.TrimSpace(l); l != "" {
				units = append(units, l)
			}
		}
		return units
	}
	indentBreaks := usesIndentParagraphs(lines)
	var units []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			units = append(units, strings.Join(cur, " "))
			cur = cur[:0]
		}
	}
	prevLen := 0
	for _, raw := range lines {
		l := strings.TrimRight(raw, " \t")
		t := strings.TrimSpace(l)
		if t == "" {
			flush()
			prevLen = 0
			continue
		}
		switch {
		case len(cur) == 0:
		case indentBreaks && indent(l) >= 2:
			flush()
		case reListItem.MatchString(l):
			flush()
		case prevLen+1+firstWordLen(t) <= width*9/10:
			// The previous line stopped although the next word would fit.
			flush()
		}
		// A line that hyphenates a word across the break joins without a space.
		if n := len(cur); n > 0 && strings.HasSuffix(cur[n-1], "-") && !strings.HasSuffix(cur[n-1], " -") &&
			startsLower(t) {
			cur[n-1] += t
		} else {
			cur = append(cur, t)
		}
		prevLen = utf8.RuneCountInString(l)
	}
	flush()
	return units
}

// wrapWidth reports whether lines look hard-wrapped at a fixed width, and
// that width: most lines are near one length, few are longer.
func wrapWidth(lines []string) (int, bool) {
	var lens []int
	for _, l := range lines {
		if n := utf8.RuneCountInString(strings.TrimRight(l, " \t")); n > 0 {
			lens = append(lens, n)
		}
	}
	if len(lens) < 6 {
		return 0, false
	}
	sorted := append([]int(nil), lens...)
	sort.Ints(sorted)
	w := sorted[len(sorted)*9/10]
	if w < 30 || w > 110 {
		return 0, false
	}
	longer, near := 0, 0
	for _, n := range lens {
		if n > w+15 {
			longer++
		}
		if n*10 >= w*6 {
			near++
		}
	}
	if longer*20 > len(lens) || near*2 < len(lens) {
		return 0, false
	}
	return w, true
}

// usesIndentParagraphs reports whether paragraphs are marked by indenting
// their first line, as newswires do: some lines, but far from all, indented.
func usesIndentParagraphs(lines []string) bool {
	total, indented := 0, 0
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		total++
		if indent(l) >= 2 {
			indented++
		}
	}
	return indented > 0 && indented*10 <= total*7
}

// indent counts the leading blanks of l, a tab counting four.
func indent(l string) int {
	n := 0
	for _, r := range l {
		switch r {
		case ' ':
			n++
		case '\t':
			n += 4
		default:
			return n
		}
	}
	return n
}

func firstWordLen(s string) int {
	if i := strings.IndexFunc(s, unicode.IsSpace); i >= 0 {
		return utf8.RuneCountInString(s[:i])
	}
	return utf8.RuneCountInString(s)
}

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}
