package extract

import (
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// This file holds the rules that HTML and Text share: which lines are
// boilerplate, where the article proper starts and ends, and which lines at
// its top are metadata (title, dateline, byline) rather than text.

// cleaned is what cleanUnits finds in the paragraphs of a document.
type cleaned struct {
	title  string    // the title found at the top, when asked to look for one
	author string    // from a byline at the top
	date   time.Time // from a dateline at the top
	paras  []string  // the article's paragraphs
}

// cleanUnits turns the paragraphs (or lines) of a document into the article's
// paragraphs. title is the title already known ("" if none); when findTitle is
// set and title is "", the first title-like line at the top is taken as the
// title and removed.
func cleanUnits(units []string, title string, findTitle bool) cleaned {
	var out cleaned
	lines := make([]string, 0, len(units))
	for _, u := range units {
		if u = normSpace(u); u != "" {
			lines = append(lines, u)
		}
	}
	boiler := make([]bool, len(lines))
	for i, l := range lines {
		boiler[i] = isBoilerplate(l)
	}
	paras := make([]string, 0, len(lines))
	for i, l := range lines[:sectionStart(lines, boiler)] {
		if !boiler[i] {
			paras = append(paras, l)
		}
	}
	paras = dropBlobs(paras)

	// The top of the document, up to the first paragraph of prose, holds the
	// title, the dateline and the byline.
	top := 0
	for top < len(paras) && top < maxTopLines && !isProse(paras[top]) {
		top++
	}
	titleIdx := -1
	if findTitle && title == "" {
		titleIdx = pickTitle(paras[:top])
		if titleIdx >= 0 {
			out.title = paras[titleIdx]
			title = paras[titleIdx]
		}
	}
	titleKey := normKey(title)
	if titleIdx < 0 && titleKey != "" {
		for i := 0; i < top; i++ {
			if key := normKey(paras[i]); key == titleKey || isTitleVariant(key, titleKey) {
				titleIdx = i
				break
			}
		}
	}
	seen := make(map[string]bool, len(paras))
	kept := paras[:0]
	for i, p := range paras {
		key := normKey(p)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if i == titleIdx || (titleKey != "" && (key == titleKey || (i < top && isTitleVariant(key, titleKey)))) {
			continue
		}
		if i < top || !isProse(p) {
			if a, ok := bylineAuthor(p); ok {
				if out.author == "" && i < top {
					out.author = a
				}
				continue
			}
			if d, ok := metaDate(p, i < top); ok {
				if i < top {
					if out.date.IsZero() {
						out.date = d
					}
					if out.author == "" {
						out.author = bylineInLine(p)
					}
				}
				continue
			}
		}
		// Lines above the title are the site's name, menus and kickers.
		if i < titleIdx {
			continue
		}
		if isTeaserLine(p) || isSectionHeader(p) {
			continue
		}
		kept = append(kept, p)
	}
	// A label left dangling at the end ("Previous articles:") introduced
	// something that is gone.
	for len(kept) > 0 && strings.HasSuffix(kept[len(kept)-1], ":") && !isProse(kept[len(kept)-1]) {
		kept = kept[:len(kept)-1]
	}
	out.paras = kept
	return out
}

// maxTopLines bounds how far down the title and dateline are looked for.
const maxTopLines = 12

// hasArticle reports whether paras hold something article-like: at least one
// paragraph of prose and a few sentences' worth of words.
func hasArticle(paras []string) bool {
	words, prose := 0, false
	for _, p := range paras {
		words += wordCount(p)
		if isProse(p) {
			prose = true
		}
	}
	return prose && words >= minArticleWords
}

const minArticleWords = 20

// isProse reports whether p reads like a paragraph of running text rather than
// a heading, a label or a link.
func isProse(p string) bool {
	n := wordCount(p)
	if n >= 25 {
		return true
	}
	return n >= 12 && strings.ContainsAny(p, ".!?;:。！？；：")
}

// pickTitle returns the index of the line that is the title among the lines
// at the top of a text, or -1: the first title-like line of four words or
// more, else the first title-like line. Site names, usually shorter, come
// before titles on saved pages.
func pickTitle(top []string) int {
	first := -1
	for i, p := range top {
		if !isTitleLike(p) {
			continue
		}
		if wordCount(p) >= 4 {
			return i
		}
		if first < 0 {
			first = i
		}
	}
	return first
}

// isTitleLike reports whether a line at the top of a text can be its title.
func isTitleLike(p string) bool {
	n := wordCount(p)
	if n < 2 || n > 30 || utf8.RuneCountInString(p) > 250 {
		return false
	}
	if _, ok := metaDate(p, true); ok {
		return false
	}
	if _, ok := bylineAuthor(p); ok {
		return false
	}
	if strings.HasSuffix(p, ":") || isSectionHeader(p) {
		return false
	}
	// A long line ending in a full stop is the first sentence, not a title.
	return !(n > 15 && strings.HasSuffix(p, "."))
}

// isTitleVariant reports whether a line near the top is the title again with
// a site name or a kicker around it.
func isTitleVariant(key, titleKey string) bool {
	if len(key) > len(titleKey)+40 {
		return false
	}
	return strings.HasPrefix(key, titleKey) || strings.HasSuffix(key, titleKey) ||
		(len(key) >= 20 && strings.HasPrefix(titleKey, key))
}

// normKey reduces s to lower-case letters and digits, to compare lines.
func normKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// normSpace collapses runs of white space (including no-break spaces) into one
// space, drops control and zero-width characters and trims the ends.
func normSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == utf8.RuneError:
			// Keep replacement characters out of the output.
			continue
		case unicode.IsSpace(r): // includes no-break spaces
			space = true
			continue
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff' || r == '\u00ad':
			continue
		case unicode.IsControl(r):
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// wordCount counts the runs of letters or digits in s. Chinese and Japanese
// are written without spaces, so each of their characters counts as a word.
func wordCount(s string) int {
	n, in := 0, false
	for _, r := range s {
		if r >= 0x3040 && isCJK(r) {
			n++
			in = false
			continue
		}
		w := unicode.IsLetter(r) || unicode.IsDigit(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// isCJK reports whether r is a Chinese character or Japanese kana.
func isCJK(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

// sectionStart returns the index of the header of a trailing section of
// links to other stories ("Related stories", "Latest posts", "Read more"), or
// len(lines). A header counts only after some prose, and when the text before
// it outweighs the text after it, boilerplate lines (marked in boiler) aside.
func sectionStart(lines []string, boiler []bool) int {
	weight := make([]int, len(lines))
	total := 0
	for i, l := range lines {
		if !boiler[i] {
			weight[i] = len(l)
			total += len(l)
		}
	}
	before := 0
	prose := false
	for i, l := range lines {
		if prose && isSectionHeader(l) && before >= total-before-weight[i] {
			return i
		}
		before += weight[i]
		if isProse(l) {
			prose = true
		}
	}
	return len(lines)
}

// cutAtPageSection cuts paras where the teasers of a trailing section begin,
// when the section's header was lost on the way from the page: blocks are the
// text blocks of the whole page, in which the header is found, and paras are
// cut at the first paragraph that only appears after it.
func cutAtPageSection(paras, blocks []string) []string {
	header := false
	for _, b := range blocks {
		if isSectionHeader(b) {
			header = true
			break
		}
	}
	if !header {
		return paras
	}
	boiler := make([]bool, len(blocks))
	for i, b := range blocks {
		boiler[i] = isBoilerplate(b)
	}
	k := sectionStart(blocks, boiler)
	if k >= len(blocks) {
		return paras
	}
	before := make(map[string]bool, k)
	for _, b := range blocks[:k] {
		before[normKey(b)] = true
	}
	after := make(map[string]bool, len(blocks)-k)
	for _, b := range blocks[k+1:] {
		if key := normKey(b); !before[key] {
			after[key] = true
		}
	}
	total := 0
	for _, p := range paras {
		total += len(p)
	}
	seen, prose := 0, false
	for i, p := range paras {
		if prose && after[normKey(p)] && seen >= total-seen {
			return paras[:i]
		}
		seen += len(p)
		if isProse(p) {
			prose = true
		}
	}
	return paras
}

// dropBlobs removes paragraphs that merely repeat two or more other
// paragraphs run together, as fallback extractors produce from a page's whole
// text.
func dropBlobs(paras []string) []string {
	if len(paras) < 3 || len(paras) > 300 {
		return paras
	}
	kept := paras[:0:0]
	for i, p := range paras {
		inside := 0
		for j, q := range paras {
			if i != j && len(q) < len(p) && wordCount(q) >= 3 && strings.Contains(p, q) {
				inside++
				if inside >= 2 {
					break
				}
			}
		}
		if inside < 2 {
			kept = append(kept, p)
		}
	}
	return kept
}

// metaDate reports whether p is a dateline ("09 August 2023", "Published 12
// July 2023, 09:40 CET", "11 July 2023 · 4 min read") and returns its date.
// Below the top of a document only a bare date or a line that says it is a
// publication date counts.
func metaDate(p string, top bool) (time.Time, bool) {
	if len(p) > 120 {
		return time.Time{}, false
	}
	if t, ok := ParseDate(p); ok {
		return t, true
	}
	if wordCount(p) > 14 {
		return time.Time{}, false
	}
	// "Posted: Thursday, April 21, 2022. 10:11 pm CST." says what it is.
	if reDateLead.MatchString(p) {
		return findDate(p, 40)
	}
	if !top || wordCount(p) > 12 || (strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "min.")) {
		return time.Time{}, false
	}
	return findDate(p, 40)
}

var reDateLead = regexp.MustCompile(`(?i)^(?:published|updated|posted|last updated|first published|date|dated|publié|mis à jour|veröffentlicht|aktualisiert|stand|publicado|actualizado|pubblicato|aggiornato)\b`)

var reByline = regexp.MustCompile(`(?i)^(?:by|von|par|por|di|door|av|written by|words by|reporting by|story by|text by|author:|autor:|auteur ?:|autore:)\s+(.+)$`)

// bylineAuthor reports whether p is a byline and returns the author's name.
func bylineAuthor(p string) (string, bool) {
	if len(p) > 150 || wordCount(p) > 16 {
		return "", false
	}
	m := reByline.FindStringSubmatch(p)
	if m == nil {
		return "", false
	}
	a := cleanAuthor(m[1])
	if !looksLikeName(a) {
		return "", false
	}
	return a, true
}

// bylineInLine finds a byline among the parts of a dateline such as
// "12 July 2023 · By Wei Zhang", or returns "".
func bylineInLine(p string) string {
	parts := strings.FieldsFunc(p, func(r rune) bool { return r == '·' || r == '|' || r == '•' || r == '–' || r == '—' })
	if len(parts) < 2 {
		return ""
	}
	for _, part := range parts {
		if a, ok := bylineAuthor(strings.TrimSpace(part)); ok {
			return a
		}
	}
	return ""
}

// nameJoiners are the lower-case words that may appear inside a list of names.
var nameJoiners = map[string]bool{
	"and": true, "und": true, "et": true, "y": true, "e": true, "en": true, "og": true,
	"de": true, "da": true, "di": true, "van": true, "von": true, "der": true, "den": true,
	"la": true, "le": true, "del": true, "dos": true, "al": true, "bin": true, "ibn": true,
	"staff": true, "in": true,
}

// looksLikeName reports whether s reads like one or a few people's names:
// capitalised words, without digits.
func looksLikeName(s string) bool {
	words := strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '&' })
	if len(words) == 0 || len(words) > 10 {
		return false
	}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsDigit(r) || strings.ContainsAny(w, "0123456789") {
			return false
		}
		if !unicode.IsUpper(r) && !nameJoiners[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// cleanAuthor trims a byline down to the names: it drops a leading "By", and
// anything after a separator or a date.
func cleanAuthor(s string) string {
	s = normSpace(s)
	if m := reByline.FindStringSubmatch(s); m != nil {
		s = m[1]
	}
	for _, sep := range []string{" | ", " · ", " • ", " - ", " – ", " — ", "|", "·", "•"} {
		if i := strings.Index(s, sep); i > 0 {
			s = s[:i]
		}
	}
	// "Anna Kask, 11 July 2023" and "Anna Kask in Vilnius".
	if i := strings.LastIndex(s, ","); i > 0 {
		if _, ok := findDate(s[i:], 20); ok {
			s = s[:i]
		}
	}
	s = strings.TrimSpace(strings.Trim(s, " ,;:-"))
	if strings.Contains(s, "://") || wordCount(s) > 12 || utf8.RuneCountInString(s) > 120 {
		return ""
	}
	return s
}

// Boilerplate line patterns. Each applies only to short lines, so that an
// article paragraph that happens to mention cookies or newsletters survives.
var (
	reSkipLink     = regexp.MustCompile(`(?i)^(?:skip|jump|go) to (?:the )?(?:main |primary )?(?:content|navigation|article|main|story|search)\b|^(?:aller|passer) (?:au|directement au) contenu|^zum (?:haupt)?inhalt|^(?:saltar|ir) al contenido|^vai al contenuto`)
	reReadTime     = regexp.MustCompile(`(?i)(?:^|[\s·|•,–—-])(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)[ -]?(?:min|mins|minutes?|minuten|minutos)\.?(?: (?:read|reading|de lecture|lesezeit|de lectura|lettura))?(?: time)?\s*$|^(?:reading time|read time|lesezeit|lesedauer|temps de lecture|tiempo de lectura|estimated reading time)\s*:?\s*\d+`)
	reShare        = regexp.MustCompile(`(?i)^(?:share|tweet|email|e-mail|print|pin it|save|partager|partagez|teilen|compartir|condividi|delen)(?: (?:on|this|via|to|the|article|story|page|post|sur|auf|en|su|cet|ce|article|artikel|link|by email))*\b`)
	reFollow       = regexp.MustCompile(`(?i)^(?:follow us|follow @|suivez-nous|folgen sie uns|síguenos|seguici)\b`)
	reCopy         = regexp.MustCompile(`(?i)^(?:©|\(c\)|copyright\b)|all rights reserved|tous droits réservés|alle rechte vorbehalten|todos los derechos reservados|tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden`)
	reNewslet      = regexp.MustCompile(`(?i)newsletter|mailing list|in your inbox|to your inbox|dans votre boîte|in ihr postfach`)
	reSignUp       = regexp.MustCompile(`(?i)sign ?up|subscribe|register|join|get (?:the|our)|delivered|inscri|abonn|anmelden|bestellen|suscrib|iscriviti`)
	reCookieBanner = regexp.MustCompile(`(?i)we use cookies|we and our partners use|(?:site|website|page) uses cookies|use of cookies|utilis(?:e|ons) des cookies|(?:verwendet|nutzt|verwenden|nutzen) cookies|(?:usa|usamos|utilizamos|utiliza) cookies|cookie (?:policy|settings|preferences|notice)|accept (?:all )?cookies|by continuing to (?:browse|use)`)
	reConsent      = regexp.MustCompile(`(?i)we use|uses cookies|use of cookies|this (?:web)?site|accept|consent|agree|by continuing|continue browsing|preferences|settings|policy|verwendet|nutzen|zustimm|akzept|utilis|accepte|consentement|usamos|utilizamos`)
	rePhoto        = regexp.MustCompile(`(?i)^(?:photo|image|picture|photograph|foto|bild|illustration|credit|crédit|source image)s?(?: credit)?\s*(?::|by|©|/)`)
	reTags         = regexp.MustCompile(`(?i)^(?:tags|topics|filed under|categories|category|themen|thèmes|mots-clés|schlagwörter|etiquetas|temas)\s*:`)
	reComments     = regexp.MustCompile(`(?i)^(?:\d+\s+)?comments?$|^(?:leave|post|add|write) a (?:comment|reply)|^(?:show|view|load) (?:\d+ )?comments`)
	reClick        = regexp.MustCompile(`(?i)^click here\b|^(?:tap|click) to (?:read|view|expand|enlarge|share)`)
	reAd           = regexp.MustCompile(`(?i)^(?:advertisement|advertising|sponsored(?: content)?|paid content|anzeige|werbung|publicité|publicidad|pubblicità|ad)$`)
	reSection      = regexp.MustCompile(`(?i)^(?:(?:the )?latest(?: (?:posts|news|stories|articles|insights|updates))?|related(?: (?:posts|stories|articles|content|news|reading|coverage|topics|links))?|recommended(?: (?:for you|stories|articles|reading))?|more (?:stories|articles|news|from [\p{L}\p{N} .'&-]+|on (?:this|[\p{L}\p{N} .'&-]+)|like this|to read)|most (?:read|popular|viewed|shared)|popular(?: (?:posts|stories|now))?|trending(?: now)?|read (?:more|next|also)|also read|you (?:may|might) (?:also )?(?:like|be interested in|have missed)|further reading|see also|other stories|top stories|editor'?s picks|what to read next|don'?t miss|in other news|lire aussi|à lire aussi|voir aussi|sur le même (?:sujet|thème)|dans la même rubrique|articles similaires|les plus lus|lesen sie auch|mehr zum thema|weitere (?:artikel|nachrichten|beiträge)|(?:ähnliche|verwandte|vorherige|neueste) (?:artikel|beiträge)|siehe auch|das könnte sie auch interessieren|meistgelesen|te puede interesar|más noticias|(?:artículos|noticias) relacionad[ao]s|leggi anche|articoli correlati)\s*:?$`)
	reTeaser       = regexp.MustCompile(`(?i)^(?:read more|read also|read next|also read|see also|related|more|recommended|watch|listen|lire aussi|à lire aussi|voir aussi|lesen sie auch|mehr zum thema|leia também|lee también|lea también|leggi anche)\s*(?::|»|›|>|\||–|—|-)\s*\S`)
)

// navWords are link labels that make up a whole line of navigation.
var navWords = map[string]bool{
	"menu": true, "home": true, "search": true, "log in": true, "login": true, "sign in": true,
	"sign up": true, "subscribe": true, "register": true, "close": true, "back to top": true,
	"top": true, "next": true, "previous": true, "next article": true, "previous article": true,
	"next post": true, "previous post": true, "loading": true, "toggle navigation": true,
	"open menu": true, "close menu": true, "show more": true, "load more": true, "view all": true,
	"see all": true, "see more": true, "more": true, "print": true, "listen": true,
	"listen to this article": true, "share": true, "share this": true, "share this article": true,
	"share this story": true, "copy link": true, "copied": true, "accept": true, "accept all": true,
	"reject all": true, "manage preferences": true, "cookie settings": true, "ok": true,
	"got it": true, "continue reading": true, "read more": true, "advertisement": true,
	"accueil": true, "rechercher": true, "se connecter": true, "startseite": true, "suche": true,
	"anmelden": true, "inicio": true, "buscar": true, "facebook": true, "twitter": true,
	"linkedin": true, "whatsapp": true, "email": true, "e-mail": true, "telegram": true,
	"reddit": true, "x": true, "instagram": true, "youtube": true, "rss": true,
	"reuter": true, "reuters": true, "ap": true, "afp": true, "end": true, "(end)": true,
}

// shareWords are the words a share bar is made of.
var shareWords = map[string]bool{
	"share": true, "on": true, "this": true, "via": true, "article": true, "story": true,
	"facebook": true, "twitter": true, "x": true, "linkedin": true, "whatsapp": true,
	"email": true, "e": true, "mail": true, "reddit": true, "telegram": true, "print": true,
	"copy": true, "link": true, "pinterest": true, "flipboard": true, "messenger": true,
	"bluesky": true, "threads": true, "mastodon": true, "pocket": true, "tweet": true,
	"partager": true, "sur": true, "teilen": true, "auf": true, "compartir": true, "en": true,
	"artikel": true, "condividi": true, "su": true, "xing": true, "instagram": true, "youtube": true,
}

// isBoilerplate reports whether a line is page furniture rather than article
// text: skip links, reading times, share bars, cookie and newsletter notices,
// copyright lines, photo credits, tag lists and navigation labels.
func isBoilerplate(p string) bool {
	n := len(p)
	if n == 0 || n > 600 {
		return false
	}
	lower := strings.ToLower(p)
	bare := strings.Trim(lower, " .…:!|·•-–—»›>")
	if navWords[bare] || (n < 40 && reAd.MatchString(bare)) {
		return true
	}
	// Markup that leaked into the text, such as a <noscript> tracking pixel.
	if lower[0] == '<' && lower[len(lower)-1] == '>' {
		return true
	}
	// Cheap substring tests guard the patterns that scan the whole line.
	if strings.Contains(lower, "cookie") && (reCookieBanner.MatchString(lower) || n < 200 && reConsent.MatchString(lower)) {
		return true
	}
	if n < 350 && containsAny(lower, newsletterWords) && reNewslet.MatchString(lower) && reSignUp.MatchString(lower) {
		return true
	}
	if n > 250 {
		return false
	}
	if containsAny(lower, copyrightWords) && reCopy.MatchString(lower) {
		return true
	}
	if reSkipLink.MatchString(lower) || rePhoto.MatchString(lower) || (strings.Contains(lower, ":") && reTags.MatchString(lower)) {
		return true
	}
	if n > 120 {
		return false
	}
	words := wordCount(p)
	if words <= 8 && containsAny(lower, readTimeWords) && reReadTime.MatchString(lower) {
		if _, ok := findDate(p, 40); !ok {
			return true
		}
	}
	if words <= 8 && reShare.MatchString(lower) && !strings.ContainsAny(p, ".?!") {
		return true
	}
	return isShareBar(bare) || reFollow.MatchString(lower) || reComments.MatchString(bare) || reClick.MatchString(lower)
}

// Words that must appear in a line before the matching pattern is tried.
var (
	newsletterWords = []string{"newsletter", "mailing list", "inbox", "boîte", "postfach"}
	copyrightWords  = []string{"©", "(c)", "copyright", "rights reserved", "droits réservés", "rechte vorbehalten", "derechos reservados", "diritti riservati", "direitos reservados", "rechten voorbehouden"}
	readTimeWords   = []string{"min", "lesezeit", "lesedauer", "lecture", "lectura", "lettura", "read time", "reading time"}
)

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// isShareBar reports whether every word of a line is a social network or a
// share verb.
func isShareBar(lower string) bool {
	words := strings.FieldsFunc(lower, func(r rune) bool { return !unicode.IsLetter(r) })
	if len(words) == 0 || len(words) > 16 {
		return false
	}
	for _, w := range words {
		if !shareWords[w] {
			return false
		}
	}
	return true
}

// isSectionHeader reports whether p heads a list of other stories.
func isSectionHeader(p string) bool {
	return len(p) <= 60 && wordCount(p) <= 8 && reSection.MatchString(strings.TrimSpace(p))
}

// isTeaserLine reports whether p is a single "Read more: …" link to another story.
func isTeaserLine(p string) bool {
	return len(p) <= 250 && reTeaser.MatchString(p)
}
