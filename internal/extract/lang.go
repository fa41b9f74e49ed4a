package extract

import (
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// Thresholds for Language: below minLangLetters letters (a CJK character
// counting four) or minLangConfidence it declines to guess. langSample bounds the text examined, which keeps the
// trigram count cheap on long articles.
const (
	minLangLetters    = 40
	minLangConfidence = 0.5
	langSample        = 1500
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
	info := whatlanggo.Detect(text)
	if info.Lang < 0 || info.Confidence < minLangConfidence {
		return ""
	}
	return info.Lang.Iso6391()
}
