package text

import (
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a [Token].
type Kind uint8

// The kinds of tokens. The zero Kind is none of them.
const (
	// Word is a run of letters and digits starting with a letter, with the
	// apostrophes, hyphens and periods it holds ("China's", "Indo-Pacific",
	// "F-16s", "U.S."), or a number with a suffix that is not a plural or
	// ordinal ("5G", "10km").
	Word Kind = iota + 1
	// Number is a run of digits with thousands separators, a decimal part,
	// a percent sign and a plural or ordinal suffix ("2,111", "3.5", "2%",
	// "1990s", "12th").
	Number
	// Punct is punctuation: one character, or a run of periods ("...") or
	// hyphens ("--").
	Punct
	// Quote is an opening or closing quotation mark: " ' “ ” ‘ ’ « » ‹ › „
	// 「 」 『 』 and `.
	Quote
	// Other is anything else: a symbol ("$", "€", "+"), an emoji, a control
	// character, or a byte that is not valid UTF-8.
	Other
)

// String returns the name of k.
func (k Kind) String() string {
	switch k {
	case Word:
		return "Word"
	case Number:
		return "Number"
	case Punct:
		return "Punct"
	case Quote:
		return "Quote"
	case Other:
		return "Other"
	}
	return "Kind(0)"
}

// Token is a token of a sentence: the byte offsets [Start, End) into the
// string given to [Tokens], and its kind.
type Token struct {
	Start, End int
	Kind       Kind
}

// Text returns the text of t in s, the string t was read from.
func (t Token) Text(s string) string { return s[t.Start:t.End] }

// Tokens appends the tokens of s to dst and returns it. Space (Unicode
// white space, U+200B and U+FEFF) separates tokens and is not one. Tokens runs in time linear in len(s) and
// allocates only when dst has to grow.
//
// A word holds:
//   - an apostrophe, straight or curly, between letters: "China's", "don't",
//     "d’Ivoire"; an apostrophe after a word is a Quote ("allies' " gives
//     "allies" and "'");
//   - a hyphen between two letters or digits when one of them is a letter:
//     "Indo-Pacific", "F-16s", "10-year", "U.S.-led" (but "26-29" is three
//     tokens, so that date ranges can be read);
//   - a period between one- or two-letter segments: "U.S.", "a.m.", "Ph.D.";
//   - its final period when it is a dotted abbreviation ("U.S."), a single
//     capital (the initial "J."), or a known abbreviation ("Gen.", "Mr.",
//     "Jan.", "Sept.", "Inc.", "No.", "etc."). At the end of a sentence the
//     abbreviation keeps its period and no "." token follows.
//
// A Chinese or Japanese ideograph is a word of its own; other letters,
// whatever the script, run together until space or punctuation. Numbers in
// other scripts' digits are Numbers without separators.
func Tokens(s string, dst []Token) []Token {
	n := len(s)
	for i := 0; i < n; {
		c := s[i]
		if c < utf8.RuneSelf {
			var j int
			var k Kind
			switch ascii[c] {
			case aSpace:
				i++
				continue
			case aLetter:
				j, k = word(s, i), Word
			case aDigit:
				j, k = number(s, i)
			case aQuote:
				j, k = i+1, Quote
			case aPunct:
				j, k = i+1, Punct
				if c == '.' || c == '-' {
					for j < n && s[j] == c {
						j++
					}
				}
			default:
				j, k = i+1, Other
			}
			dst = append(dst, Token{i, j, k})
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		j, k := i+size, Other
		switch {
		case r == utf8.RuneError && size == 1:
		case unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff':
			i += size
			continue
		case quoteRune(r):
			k = Quote
		case unicode.IsLetter(r):
			k = Word
			if !unicode.Is(unicode.Han, r) {
				j = word(s, i)
			}
		case unicode.IsDigit(r):
			j, k = number(s, i)
		case unicode.IsPunct(r):
			k = Punct
		}
		dst = append(dst, Token{i, j, k})
		i = j
	}
	return dst
}

// ASCII classes of the tokenizer.
const (
	aOther = iota
	aSpace
	aLetter
	aDigit
	aQuote
	aPunct
)

var ascii = func() (t [utf8.RuneSelf]uint8) {
	for c := 0; c < utf8.RuneSelf; c++ {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f':
			t[c] = aSpace
		case isLetter(byte(c)):
			t[c] = aLetter
		case isDigit(byte(c)):
			t[c] = aDigit
		case c == '"' || c == '\'' || c == '`':
			t[c] = aQuote
		case unicode.IsPunct(rune(c)):
			t[c] = aPunct
		}
	}
	return t
}()

func quoteRune(r rune) bool {
	switch r {
	case '“', '”', '‘', '’', '«', '»', '‹', '›', '„', '‚', '「', '」', '『', '』', '〝', '〞', '＂', '＇':
		return true
	}
	return false
}

// alnumAt returns the length of the letter, digit or combining mark at s[i]
// that may continue a word, or 0. Ideographs do not continue words.
func alnumAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	if c < utf8.RuneSelf {
		if t := ascii[c]; t == aLetter || t == aDigit {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if unicode.IsLetter(r) && !unicode.Is(unicode.Han, r) || unicode.IsDigit(r) || unicode.IsMark(r) {
		return size
	}
	return 0
}

// letterAt reports whether s[i] starts a letter.
func letterAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return ascii[c] == aLetter
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) && !unicode.Is(unicode.Han, r)
}

// word returns the end of the word starting at s[i].
func word(s string, i int) int {
	for {
		j, more := wordPart(s, i)
		if !more {
			return j
		}
		i = j + 1
	}
}

// wordPart returns the end of the word starting at s[i] and whether it goes
// on after a hyphen at s[j] ("U.S.-led").
func wordPart(s string, i int) (j int, more bool) {
	n := len(s)
	j = i
	seg := 0       // letters in the current period-separated segment
	dots := false  // whether the word has inner periods
	letter := true // whether the last character was a letter
	for j < n {
		c := s[j]
		if c < utf8.RuneSelf {
			switch ascii[c] {
			case aLetter:
				j++
				seg++
				letter = true
				continue
			case aDigit:
				j++
				seg = 3 // digits end a dotted abbreviation
				letter = false
				continue
			}
			switch c {
			case '\'':
				if letter && letterAt(s, j+1) {
					j++
					seg = 3
					continue
				}
			case '-':
				if l := alnumAt(s, j+1); l > 0 && (letter || letterAt(s, j+1)) {
					j += 1 + l
					seg, letter = 3, letterAt(s, j-l)
					continue
				}
			case '.':
				if seg <= 2 && letter && j+1 < n && isLetter(s[j+1]) {
					j++
					seg, dots = 0, true
					continue
				}
			}
			break
		}
		if l := alnumAt(s, j); l > 0 {
			j += l
			seg = 3
			letter = true
			continue
		}
		if l := apostropheAt(s, j); l > 0 && letter && letterAt(s, j+l) {
			j += l
			seg = 3
			continue
		}
		if l := hyphenAt(s, j); l > 0 && alnumAt(s, j+l) > 0 && (letter || letterAt(s, j+l)) {
			j += l
			continue
		}
		break
	}
	// The final period of an abbreviation.
	if j < n && s[j] == '.' && (j+1 >= n || s[j+1] != '.') {
		if dots && seg > 0 && seg <= 2 || abbrev(s[i:j]) != abNone {
			j++
			// "U.S.-led": a hyphen after the period goes on.
			if j+1 < n && s[j] == '-' && letterAt(s, j+1) {
				return j, true
			}
		}
	}
	return j, false
}

// apostropheAt returns the length of the curly apostrophe ’ at s[i], or 0.
func apostropheAt(s string, i int) int {
	if i+2 < len(s) && s[i] == 0xE2 && s[i+1] == 0x80 && s[i+2] == 0x99 {
		return 3
	}
	return 0
}

// hyphenAt returns the length of the Unicode hyphen (U+2010, U+2011) at
// s[i], or 0.
func hyphenAt(s string, i int) int {
	if i+2 < len(s) && s[i] == 0xE2 && s[i+1] == 0x80 && (s[i+2] == 0x90 || s[i+2] == 0x91) {
		return 3
	}
	return 0
}

// number returns the end and kind of the number starting at s[i].
func number(s string, i int) (int, Kind) {
	n := len(s)
	j := i
	for {
		l := digitAt(s, j)
		if l == 0 {
			break
		}
		j += l
	}
	if s[i] < utf8.RuneSelf {
		point := false
		for j < n {
			switch s[j] {
			case ',':
				if !point && j+3 < n && isDigit(s[j+1]) && isDigit(s[j+2]) && isDigit(s[j+3]) &&
					(j+4 >= n || !isDigit(s[j+4])) {
					j += 4
					continue
				}
			case '.':
				if !point && j+1 < n && isDigit(s[j+1]) {
					point = true
					j += 2
					for j < n && isDigit(s[j]) {
						j++
					}
					continue
				}
			}
			break
		}
	}
	if j < n && s[j] == '%' {
		return j + 1, Number
	}
	if !letterAt(s, j) && !(j+1 < n && s[j] == '-' && letterAt(s, j+1)) {
		return j, Number
	}
	// A suffix: "12th", "1990s", "5G", "10-year".
	e := j
	for e < n && isLetter(s[e]) {
		e++
	}
	switch suf := s[j:e]; suf {
	case "st", "nd", "rd", "th", "s", "ST", "ND", "RD", "TH":
		if e >= n || alnumAt(s, e) == 0 && s[e] != '-' {
			return e, Number
		}
	}
	return word(s, j), Word
}

// digitAt returns the length of the digit at s[i], or 0.
func digitAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		if isDigit(c) {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if unicode.IsDigit(r) {
		return size
	}
	return 0
}

// Lower returns s with its ASCII letters in lower case; other characters
// are unchanged. When s has no ASCII capital, Lower returns s itself and
// does not allocate; otherwise it allocates the result. To lower-case
// without allocating at all, use [AppendLower] with a reused buffer.
func Lower(s string) string {
	for i := 0; i < len(s); i++ {
		if isUpper(s[i]) {
			return string(AppendLower(make([]byte, 0, len(s)), s))
		}
	}
	return s
}

// AppendLower appends s with its ASCII letters in lower case to dst and
// returns it.
func AppendLower(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
