package screen

import (
	"strings"
	"sync"
	"unicode"

	"github.com/mozillazg/go-pinyin"
)

// pinyinArgs asks go-pinyin for tone-less readings and nothing for
// characters it does not know.
var pinyinArgs = pinyin.Args{Style: pinyin.Normal, Fallback: func(rune, pinyin.Args) []string { return nil }}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// hanSyllables reads a string of Chinese characters as tone-less pinyin
// syllables, one per character it knows, with our overrides for words.
func hanSyllables(s string) []string {
	rs := []rune(s)
	var out []string
	for i := 0; i < len(rs); {
		done := false
		for n := min(4, len(rs)-i); n >= 1; n-- {
			if p, ok := pinyinOverrides[string(rs[i:i+n])]; ok {
				out = append(out, strings.Fields(p)...)
				i += n
				done = true
				break
			}
		}
		if done {
			continue
		}
		if p := pinyin.SinglePinyin(rs[i], pinyinArgs); len(p) > 0 {
			out = append(out, fold(p[0]))
		}
		i++
	}
	return out
}

// fold writes ü as v (go-pinyin's convention for "lv", "nv" is kept) and
// drops anything else that is not a–z.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == 'ü':
			b.WriteByte('v')
		}
	}
	return b.String()
}

// syllableSet is every tone-less pinyin syllable go-pinyin knows, less the
// consonant-only interjections (m, n, ng, hm): the inventory that Latin
// tokens are split against.
var syllableSet = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	args := pinyinArgs
	args.Heteronym = true
	for r := rune(0x4E00); r <= 0x9FFF; r++ {
		for _, p := range pinyin.SinglePinyin(r, args) {
			p = fold(p)
			if p != "" && strings.ContainsAny(p, "aeiouv") {
				m[p] = true
			}
		}
	}
	return m
})

// splitPinyin splits a Latin token into pinyin syllables when it is wholly
// made of them ("jinping" → jin ping, "huawei" → hua wei), preferring the
// fewest syllables and then the longest first one; ok is false otherwise.
func splitPinyin(tok string) (syl []string, ok bool) {
	if len(tok) > 48 {
		return nil, false
	}
	syls := syllableSet()
	n := len(tok)
	// best[i] = fewest syllables covering tok[i:]; next[i] = end of the
	// first syllable of that cover.
	best := make([]int, n+1)
	next := make([]int, n+1)
	for i := range best {
		best[i] = 1 << 30
	}
	best[n] = 0
	for i := n - 1; i >= 0; i-- {
		for j := min(n, i+6); j > i; j-- {
			if best[j] < 1<<30 && syls[tok[i:j]] && best[j]+1 < best[i] {
				best[i], next[i] = best[j]+1, j
			}
		}
	}
	if best[0] >= 1<<30 {
		return nil, false
	}
	for i := 0; i < n; i = next[i] {
		syl = append(syl, tok[i:next[i]])
	}
	return syl, true
}

// wadeGiles writes a pinyin syllable in Wade–Giles without apostrophes or
// diacritics, as names were spelled in English before pinyin (Mao
// Tse-tung, Teng Hsiao-ping): the form older lists and documents use.
func wadeGiles(s string) string {
	switch s {
	case "zi":
		return "tzu"
	case "ci":
		return "tzu"
	case "si":
		return "ssu"
	case "ri":
		return "jih"
	case "zhi":
		return "chih"
	case "chi":
		return "chih"
	case "shi":
		return "shih"
	case "you":
		return "yu"
	case "yan":
		return "yen"
	case "ye":
		return "yeh"
	case "er":
		return "erh"
	}
	initials := []struct{ py, wg string }{
		{"zh", "ch"}, {"ch", "ch"}, {"sh", "sh"}, {"b", "p"}, {"p", "p"}, {"d", "t"}, {"t", "t"}, {"g", "k"}, {"k", "k"},
		{"j", "ch"}, {"q", "ch"}, {"x", "hs"}, {"z", "ts"}, {"c", "ts"}, {"r", "j"},
	}
	ini, fin := "", s
	for _, in := range initials {
		if strings.HasPrefix(s, in.py) {
			ini, fin = in.wg, s[len(in.py):]
			break
		}
	}
	switch {
	case strings.HasSuffix(fin, "ong"):
		fin = strings.TrimSuffix(fin, "ong") + "ung"
	case strings.HasSuffix(fin, "ian"):
		fin = strings.TrimSuffix(fin, "ian") + "ien"
	case fin == "ie":
		fin = "ieh"
	case fin == "ue" || fin == "ve":
		fin = "ueh"
	case fin == "e" && (ini == "k" || ini == "h"):
		fin = "o"
	case fin == "uo" && (ini == "k" || ini == "h" || ini == "sh"):
		fin = "o"
	}
	return ini + fin
}
