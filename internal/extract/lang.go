package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// Thresholds for Language: below minLangLetters letters (a CJK character
// counting four) or minLangConfidence it declines to guess. langSample bounds
// the text examined, and trigramSample what the trigram model sees.
const (
	minLangLetters    = 40
	minLangConfidence = 0.5
	langSample        = 1500
	trigramSample     = 600
)

// Language returns the ISO 639-1 code of the language text is written in, or
// "" when the text is too short, the guess is not confident, or the language
// has no two-letter code. It looks at the first few thousand bytes only.
// Language is safe for concurrent use.
func Language(text string) (code string) {
	defer func() {
		if recover() != nil {
			code = ""
		}
	}()
	if len(text) > langSample {
		cut := langSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	letters := 0
	for _, r := range text {
		switch {
		case r >= 0x1100 && (isCJK(r) || unicode.Is(unicode.Hangul, r)):
			letters += 4 // a syllable or word, not a letter
		case unicode.IsLetter(r):
			letters++
		}
	}
	if letters < minLangLetters {
		return ""
	}
	if code, ok := byStopwords(text); ok {
		return code
	}
	// The trigram model costs in proportion to the text and was a fifth of
	// a queue worker's time on short wire copy; a few hundred bytes
	// decide it as well as a few thousand.
	if len(text) > trigramSample {
		cut := trigramSample
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut]
	}
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || info.Confidence < minLangConfidence {
		return ""
	}
	return info.Lang.Iso6391()
}

// stopwords holds, for the languages of most news georisk reads, a few dozen
// of their commonest function words. Counting them settles the language of
// most texts in microseconds; whatlanggo's trigram model, a hundred times
// slower, decides the rest.
var stopwords = func() map[string][]string {
	lists := map[string]string{
		"en": "the of and to in is that for on with as was by it said at from are be has have his her its an were this which will not but they who been after would also their",
		"fr": "le la les des et un une du est que qui dans pour sur au aux par pas ne se ce il elle sont avec mais ont été cette leurs selon",
		"de": "der die das und den dem des ein eine ist nicht mit von zu im auf für sich auch als wird bei sind nach einer hat wurde werden dass",
		"es": "el los las y en que un una del por con para es se al lo su como más pero sus fue ha este entre sobre",
		"it": "il lo gli di e che un una del della per con non si è sono al nel anche come ha dei delle alla più",
		"pt": "o os de e que um uma do da dos das em para com não por se é no na ao foi mais como pelo pela",
		"nl": "de het een en van in is dat op te met voor niet zijn aan er ook als bij door maar werd naar",
		"sv": "och att det som en på är av för med till den inte har om ett var sig vid från",
		"pl": "i w na z się nie do że to jest o jak po ale od za oraz przez które",
		"tr": "ve bir bu da de için ile olan çok daha gibi ama olarak ise kadar sonra",
	}
	m := map[string][]string{}
	for code, words := range lists {
		for _, w := range strings.Fields(words) {
			m[w] = append(m[w], code)
		}
	}
	return m
}()

// byStopwords counts the stopwords of each language among the first words of
// text, and answers only when one language clearly leads: three times as
// many hits as the next, and at least 8 of them, or 5 made of 4 different
// words (short wire copy; one word repeated, like "di", is not enough).
func byStopwords(text string) (string, bool) {
	counts := map[string]int{}
	seen := map[string]bool{}
	distinct := map[string]int{}
	words := 0
	for f := range strings.FieldsFuncSeq(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if words++; words > 150 {
			break
		}
		w := strings.ToLower(f)
		codes := stopwords[w]
		if len(codes) == 0 {
			continue
		}
		first := !seen[w]
		seen[w] = true
		for _, code := range codes {
			counts[code]++
			if first {
				distinct[code]++
			}
		}
	}
	best, second, code := 0, 0, ""
	for c, n := range counts {
		switch {
		case n > best || n == best && c < code:
			best, second, code = n, max(best, second), c
		case n > second:
			second = n
		}
	}
	if best >= 3*second && (best >= 8 || best >= 5 && distinct[code] >= 4) {
		return code, true
	}
	return "", false
}
