package when

// The scanner cuts a sentence into the few kinds of tokens date phrases are
// made of. It does not allocate.

type kind uint8

const (
	kEnd   kind = iota
	kWord       // letters, with any non-ASCII letters attached
	kNum        // ASCII digits
	kDash       // - ‐ ‑ ‒ – —
	kComma      // ,
	kDot        // .
	kApos       // ' ’
	kOther      // any other character
)

type tok struct {
	s, e int // byte offsets
	k    kind
}

func isUpper(c byte) bool  { return 'A' <= c && c <= 'Z' }
func isLower(c byte) bool  { return 'a' <= c && c <= 'z' }
func isLetter(c byte) bool { return isUpper(c) || isLower(c) }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// next returns the token at or after s[i], skipping space.
func next(s string, i int) tok {
	n := len(s)
	for i < n {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			i++
			continue
		}
		if c == 0xC2 && i+1 < n && s[i+1] == 0xA0 {
			i += 2
			continue
		}
		break
	}
	if i >= n {
		return tok{n, n, kEnd}
	}
	c := s[i]
	switch {
	case isLetter(c):
		return tok{i, wordEnd(s, i+1), kWord}
	case isDigit(c):
		j := i + 1
		for j < n && isDigit(s[j]) {
			j++
		}
		return tok{i, j, kNum}
	case c == '-':
		return tok{i, i + 1, kDash}
	case c == ',':
		return tok{i, i + 1, kComma}
	case c == '.':
		return tok{i, i + 1, kDot}
	case c == '\'':
		return tok{i, i + 1, kApos}
	case c < 0x80:
		return tok{i, i + 1, kOther}
	}
	if k, l := special(s, i); l > 0 {
		return tok{i, i + l, k}
	}
	return tok{i, wordEnd(s, i+1), kWord}
}

// special returns the kind and length of the non-ASCII dash, apostrophe,
// quote or space at s[i], or a length of 0 when s[i] starts something else,
// which counts as part of a word.
func special(s string, i int) (kind, int) {
	switch s[i] {
	case 0xC2:
		if i+1 < len(s) {
			switch s[i+1] {
			case 0xA0, 0xAB, 0xBB, 0xA3, 0xA5: // no-break space « » £ ¥
				return kOther, 2
			}
		}
	case 0xE2:
		if i+2 < len(s) && s[i+1] == 0x80 {
			switch s[i+2] {
			case 0x90, 0x91, 0x92, 0x93, 0x94:
				return kDash, 3
			case 0x99:
				return kApos, 3
			default:
				return kOther, 3 // quotes, spaces, ellipsis and other punctuation
			}
		}
		if i+2 < len(s) && s[i+1] == 0x82 && s[i+2] == 0xAC { // €
			return kOther, 3
		}
	}
	return kOther, 0
}

// wordEnd returns the end of the word going on at s[j].
func wordEnd(s string, j int) int {
	for j < len(s) {
		c := s[j]
		if isLetter(c) {
			j++
			continue
		}
		if c >= 0x80 {
			if _, l := special(s, j); l == 0 {
				j++
				continue
			}
		}
		break
	}
	return j
}

// glued reports whether the character before s[i] is part of the same
// number or word: a letter, a digit, or one of . , : / $ # + - % £ € ¥.
func glued(s string, i int) bool {
	if i == 0 {
		return false
	}
	c := s[i-1]
	switch {
	case isLetter(c) || isDigit(c):
		return true
	case c == '.' || c == ',' || c == ':' || c == '/' || c == '$' || c == '#' || c == '+' || c == '-' || c == '%':
		return true
	case i >= 2 && s[i-2] == 0xC2 && (c == 0xA3 || c == 0xA5):
		return true
	case i >= 3 && s[i-3] == 0xE2 && s[i-2] == 0x82 && c == 0xAC:
		return true
	}
	return false
}

// standsAlone reports whether a number ending at s[e] ends there: no digit,
// letter, % or separator and digit follows ("2%", "14:30", "3.5",
// "2,111" and "F-16s" are not days or years).
func standsAlone(s string, e int) bool {
	if e >= len(s) {
		return true
	}
	c := s[e]
	switch {
	case isLetter(c) || isDigit(c) || c == '%':
		return false
	case (c == '.' || c == ',' || c == '/' || c == ':') && e+1 < len(s) && isDigit(s[e+1]):
		return false
	}
	return true
}

// atoi returns the value of the ASCII digits s, at most 4 of them.
func atoi(s string) int {
	if len(s) > 4 {
		return -1
	}
	v := 0
	for i := 0; i < len(s); i++ {
		v = v*10 + int(s[i]-'0')
	}
	return v
}

// eqFold reports whether w equals lower, an ASCII lower-case word, ignoring
// case.
func eqFold(w, lower string) bool {
	if len(w) != len(lower) {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if isUpper(c) {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// prev returns the token that ends before s[i], not reaching before lo, or
// a kEnd token.
func prev(s string, i, lo int) tok {
	for i > lo {
		c := s[i-1]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' {
			i--
			continue
		}
		if c == 0xA0 && i-2 >= lo && s[i-2] == 0xC2 {
			i -= 2
			continue
		}
		break
	}
	if i <= lo {
		return tok{lo, lo, kEnd}
	}
	c := s[i-1]
	switch {
	case isDigit(c):
		j := i - 1
		for j > lo && isDigit(s[j-1]) {
			j--
		}
		return tok{j, i, kNum}
	case c == '-':
		return tok{i - 1, i, kDash}
	case c == ',':
		return tok{i - 1, i, kComma}
	case c == '.':
		return tok{i - 1, i, kDot}
	case c == '\'':
		return tok{i - 1, i, kApos}
	case c < 0x80 && !isLetter(c):
		return tok{i - 1, i, kOther}
	}
	if c >= 0x80 {
		if j := runeStart(s, i, lo); j < i {
			if k, l := special(s, j); l > 0 && j+l == i {
				return tok{j, i, k}
			}
		}
	}
	j := i
	for j > lo {
		c := s[j-1]
		if isLetter(c) {
			j--
			continue
		}
		if c < 0x80 {
			break
		}
		k := runeStart(s, j, lo)
		if _, l := special(s, k); l > 0 && k+l == j {
			break
		}
		j = k
	}
	return tok{j, i, kWord}
}

// runeStart returns the start of the UTF-8 sequence that ends before s[i]:
// back over up to three continuation bytes, not before lo.
func runeStart(s string, i, lo int) int {
	j := i - 1
	for j > lo && j > i-4 && s[j]&0xC0 == 0x80 {
		j--
	}
	return j
}
