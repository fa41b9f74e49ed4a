package screen

import "unicode/utf8"

// JaroWinkler returns the Jaro–Winkler similarity of a and b (0–1), with
// the usual prefix scale 0.1 over at most 4 characters. It compares
// characters (runes), not bytes.
func JaroWinkler(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if isASCII(a) && isASCII(b) {
		return jaroWinkler([]byte(a), []byte(b))
	}
	return jaroWinkler([]rune(a), []rune(b))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func jaroWinkler[T byte | rune](a, b []T) float64 {
	la, lb := len(a), len(b)
	if la == 0 || lb == 0 {
		return 0
	}
	if la > 64 {
		a, la = a[:64], 64
	}
	if lb > 64 {
		b, lb = b[:64], 64
	}
	window := max(la, lb)/2 - 1
	window = max(window, 0)
	var am, bm uint64 // matched positions
	m := 0
	for i := range la {
		lo, hi := max(0, i-window), min(lb, i+window+1)
		for j := lo; j < hi; j++ {
			if bm&(1<<j) == 0 && a[i] == b[j] {
				am |= 1 << i
				bm |= 1 << j
				m++
				break
			}
		}
	}
	if m == 0 {
		return 0
	}
	t, j := 0, 0
	for i := range la {
		if am&(1<<i) == 0 {
			continue
		}
		for bm&(1<<j) == 0 {
			j++
		}
		if a[i] != b[j] {
			t++
		}
		j++
	}
	fm := float64(m)
	jaro := (fm/float64(la) + fm/float64(lb) + (fm-float64(t)/2)/fm) / 3
	p := 0
	for p < min(4, la, lb) && a[p] == b[p] {
		p++
	}
	return jaro + float64(p)*0.1*(1-jaro)
}

// levRatio is 1 − edit distance / longer length, over characters; strings
// are compared on their first 64 characters.
func levRatio(a, b string) float64 {
	if a == b {
		if a == "" {
			return 0
		}
		return 1
	}
	if isASCII(a) && isASCII(b) {
		return levenshteinRatio([]byte(a), []byte(b))
	}
	return levenshteinRatio([]rune(a), []rune(b))
}

func levenshteinRatio[T byte | rune](a, b []T) float64 {
	a, b = a[:min(len(a), 64)], b[:min(len(b), 64)]
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	var rowBuf [65]int
	row := rowBuf[:len(b)+1]
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			row[j] = min(row[j]+1, row[j-1]+1, prev+cost)
			prev = cur
		}
	}
	return 1 - float64(row[len(b)])/float64(max(len(a), len(b)))
}

// skeleton is a consonant key of a Latin word for blocking spelling
// variants (Mohammed, Muhammad → mhmd): the first letter, then consonants
// with close sounds merged and repeats and vowels dropped.
func skeleton(w string) string {
	var b []byte
	var last byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return ""
		}
		switch c {
		case 'c', 'q':
			c = 'k'
		case 'z':
			c = 's'
		case 'v':
			c = 'w'
		case 'h':
			if i > 0 {
				continue // ph, kh, gh, sh, th: keep the first letter only
			}
		case 'y':
			c = 'i'
		}
		if i > 0 && (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
			last = 0
			continue
		}
		if c == last {
			continue
		}
		b = append(b, c)
		last = c
	}
	return string(b)
}
