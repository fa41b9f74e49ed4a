package actor

// token is one word of a sentence or of a dictionary phrase.
type token struct {
	start, end int32 // byte offsets; end is before a possessive "'s"
	id         int32 // dictionary token id, or -1
	flags      uint8
	gap        uint8 // what joins this token to the next
}

const (
	tPoss  uint8 = 1 << iota // followed by a possessive 's, 's or s'
	tUpper                   // has letters and no lower-case ASCII letter
	tCap                     // starts with an upper-case letter
)

// Gaps between a token and the next one.
const (
	gapSpace  uint8 = iota // only white space (after an optional possessive)
	gapHyphen              // a hyphen or dash, maybe with spaces around it
	gapOther               // punctuation
	gapEnd                 // the last token
)

// wordByte reports whether s[i] starts or continues a word, and the
// width of the character there when it is punctuation coded in several
// bytes (curly quotes, dashes, no-break space).
func wordByte(s string, i int) (word bool, width int) {
	c := s[i]
	switch {
	case c < 0x80:
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9', 1
	case c == 0xE2 && i+2 < len(s) && (s[i+1] == 0x80 || s[i+1] == 0x81):
		return false, 3 // U+2000–U+207F: spaces, dashes, quotes, ellipsis
	case c == 0xC2 && i+1 < len(s) && s[i+1] >= 0xA0 && s[i+1] <= 0xBF:
		return false, 2 // no-break space, «, », £, °…
	case c == 0xE3 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] <= 0x82:
		return false, 3 // ideographic space and full stop
	case c == 0xEF && i+2 < len(s) && s[i+1] == 0xBC:
		return false, 3 // full-width punctuation
	}
	return true, 1
}

// apostrophe reports the width of an apostrophe at s[i] (' or ’), or 0.
func apostrophe(s string, i int) int {
	if s[i] == '\'' {
		return 1
	}
	if s[i] == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x99 || s[i+2] == 0x98) {
		return 3
	}
	return 0
}

func isWordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	w, _ := wordByte(s, i)
	return w
}

func isLetter(c byte) bool { return 'A' <= c&^0x20 && c&^0x20 <= 'Z' }

// tokenize splits s into words and appends them to dst. A word is a run of
// letters and digits (any byte of a multi-byte letter counts as a letter);
// it keeps inner apostrophes ("d'Ivoire") and the dots of initialisms
// ("U.S.", "U.N."). A possessive ('s, ’s, or a bare apostrophe after s) is
// cut off the word and recorded as a flag. ids are left at -1.
func tokenize(s string, dst []token) []token {
	n := len(s)
	i := 0
	for i < n {
		w, width := wordByte(s, i)
		if !w {
			i += width
			continue
		}
		start := i
		var flags uint8
		segLen := 0 // letters since the start or the last dot
		dots := false
		lower, letters := false, false
		for i < n {
			c := s[i]
			if ok, _ := wordByte(s, i); ok {
				if c < 0x80 {
					if 'a' <= c && c <= 'z' {
						lower, letters = true, true
					} else if 'A' <= c && c <= 'Z' {
						letters = true
					}
				} else {
					letters = true
				}
				segLen++
				i++
				continue
			}
			if c == '.' && segLen == 1 && i+1 < n && isLetter(s[i+1]) && (i+2 >= n || !isWordAt(s, i+2) || s[i+2] == '.') {
				// An initialism: one letter, a dot, one letter.
				dots = true
				segLen = 0
				i++
				continue
			}
			if a := apostrophe(s, i); a > 0 {
				j := i + a
				if j < n && (s[j] == 's' || s[j] == 'S') && !isWordAt(s, j+1) {
					flags |= tPoss // China's
					break
				}
				if j < n && isWordAt(s, j) && i > start {
					segLen = 0
					i = j // d'Ivoire, O'Brien
					continue
				}
				if i > start && (s[i-1] == 's' || s[i-1] == 'S') {
					flags |= tPoss // Philippines'
				}
				break
			}
			break
		}
		end := i
		if i < n && s[i] == '.' && (dots || i-start == 1 && 'A' <= s[start] && s[start] <= 'Z' && flags&tPoss == 0) {
			end = i + 1 // the last dot of "U.S.", or an initial: "J."
			i++
		}
		if letters && !lower {
			flags |= tUpper
		}
		if c := s[start]; 'A' <= c && c <= 'Z' || c == 0xC3 && start+1 < n && s[start+1] >= 0x80 && s[start+1] <= 0x9E {
			flags |= tCap
		}
		// Skip the possessive ending.
		if flags&tPoss != 0 {
			a := apostrophe(s, i)
			i += a
			if i < n && (s[i] == 's' || s[i] == 'S') && !isWordAt(s, i+1) {
				i++
			}
		}
		dst = append(dst, token{start: int32(start), end: int32(end), id: -1, flags: flags, gap: gapEnd})
		// Classify the gap to the next word.
		gap := gapSpace
		for i < n {
			w, width := wordByte(s, i)
			if w {
				break
			}
			c := s[i]
			switch {
			case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xC2 && width == 2 && s[i+1] == 0xA0:
			case c == '-' || width == 3 && s[i+1] == 0x80 && (s[i+2] == 0x90 || s[i+2] == 0x91 || s[i+2] == 0x93 || s[i+2] == 0x94):
				if gap == gapSpace {
					gap = gapHyphen
				}
			default:
				gap = gapOther
			}
			i += width
		}
		if i < n {
			dst[len(dst)-1].gap = gap
		}
	}
	return dst
}

// foldAt returns the folded byte at s[i] and the index of the next
// character: ASCII and Latin-1 capitals become lower case and a curly
// apostrophe becomes a straight one. Other bytes are returned as they are.
func foldAt(s string, i int) (byte, int) {
	c := s[i]
	switch {
	case 'A' <= c && c <= 'Z':
		return c + 'a' - 'A', i + 1
	case c < 0x80:
		return c, i + 1
	case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x99 || s[i+2] == 0x98):
		return '\'', i + 3
	}
	return c, i + 1
}

// foldLatin1 reports the folded second byte of a two-byte Latin-1 capital
// (À–Þ but ×), given the lead byte 0xC3.
func foldLatin1(b byte) byte {
	if b >= 0x80 && b <= 0x9E && b != 0x97 {
		return b + 0x20
	}
	return b
}

// fold returns s folded as foldAt does, for building dictionaries.
func fold(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0xC3 && i+1 < len(s) {
			b = append(b, c, foldLatin1(s[i+1]))
			i += 2
			continue
		}
		var f byte
		f, i = foldAt(s, i)
		b = append(b, f)
	}
	return string(b)
}

// hashFold hashes s[start:end] as folded (FNV-1a).
func hashFold(s string, start, end int) uint64 {
	h := uint64(14695981039346656037)
	for i := start; i < end; {
		c := s[i]
		if c == 0xC3 && i+1 < end {
			h = (h ^ uint64(c)) * 1099511628211
			h = (h ^ uint64(foldLatin1(s[i+1]))) * 1099511628211
			i += 2
			continue
		}
		var f byte
		f, i = foldAt(s, i)
		h = (h ^ uint64(f)) * 1099511628211
	}
	return h
}

// equalFold reports whether s[start:end] folds to key.
func equalFold(s string, start, end int, key string) bool {
	k := 0
	for i := start; i < end; {
		if k >= len(key) {
			return false
		}
		c := s[i]
		if c == 0xC3 && i+1 < end {
			if key[k] != c || k+1 >= len(key) || key[k+1] != foldLatin1(s[i+1]) {
				return false
			}
			k += 2
			i += 2
			continue
		}
		var f byte
		f, i = foldAt(s, i)
		if key[k] != f {
			return false
		}
		k++
	}
	return k == len(key)
}

// equalForm reports whether the text token equals the dictionary form,
// case-sensitively, with curly and straight apostrophes equal.
func equalForm(text, form string) bool {
	if text == form {
		return true
	}
	k := 0
	for i := 0; i < len(text); {
		if k >= len(form) {
			return false
		}
		if a := apostrophe(text, i); a > 0 {
			if form[k] != '\'' {
				return false
			}
			i += a
			k++
			continue
		}
		if text[i] != form[k] {
			return false
		}
		i++
		k++
	}
	return k == len(form)
}
