package screen

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// token is one word of a normalized name.
type token struct {
	s    string
	kind uint8    // kindCore, kindDesc or kindPlace
	syl  []string // the token's pinyin syllables, when it is pinyin of two or more
	// flat marks the tokens of a name made only of descriptive words and
	// places: each counts fully, whatever its frequency.
	flat bool
}

// form is one normalized name of an entry or a query.
type form struct {
	text   string   // the name as written
	toks   []token  // words: Latin, or pinyin and canonical words for Chinese
	syl    []string // pinyin syllables; nil when the name does not read as pinyin
	han    string   // Chinese characters (simplified), legal forms dropped
	hanKey string   // han without places: what characters are compared on
	joined string   // toks joined without spaces
	weak   bool     // a weak alias (the list's own, or a Wade–Giles form)
	wg     bool     // a Wade–Giles form we made
}

func (f *form) empty() bool { return len(f.toks) == 0 && f.han == "" }

// hasCore reports whether the form has a distinctive token (not only
// descriptive words and places).
func (f *form) hasCore() bool {
	for _, t := range f.toks {
		if t.kind == kindCore {
			return true
		}
	}
	return f.han != "" && len(f.toks) == 0
}

// Normalize returns a name as georisk compares it: its words after
// case and accent folding, legal-form removal and canonical mapping, with
// Chinese read as pinyin, one normalized variant per line of the result
// (names in brackets or after ";" are variants of their own). It is meant
// for people and tests; the matcher uses the same steps.
func Normalize(name string) string {
	var lines []string
	for i, v := range variants(name) {
		for _, f := range analyze(v, "", i > 0) {
			var ws []string
			for _, t := range f.toks {
				ws = append(ws, t.s)
			}
			line := strings.Join(ws, " ")
			if f.han != "" {
				line += " [" + f.han + "]"
			}
			if f.syl != nil {
				line += " {" + strings.Join(f.syl, " ") + "}"
			}
			if f.wg {
				line += " (Wade–Giles)"
			}
			lines = append(lines, strings.TrimSpace(line))
		}
	}
	return strings.Join(lines, "\n")
}

// variants splits a name as lists write it into the names it holds: parts
// separated by ";" (dropping "and any successor, sub-unit…" clauses), and
// the text in brackets, which is an acronym or another name.
func variants(name string) []string {
	name = norm.NFKC.String(name)
	var out []string
	for _, part := range strings.Split(name, ";") {
		part = strings.TrimSpace(part)
		low := strings.ToLower(part)
		if part == "" || strings.HasPrefix(low, "and any ") || strings.HasPrefix(low, "and all ") || strings.HasPrefix(low, "including any ") {
			continue
		}
		main, inner := cutBrackets(part)
		if strings.TrimSpace(main) != "" {
			out = append(out, main)
		}
		out = append(out, inner...)
	}
	return out
}

// cutBrackets returns s without its bracketed parts, and those parts.
func cutBrackets(s string) (string, []string) {
	var main strings.Builder
	var inner []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(', '[', '{', '【', '〔':
			if depth == 0 {
				start = i + utf8.RuneLen(r)
			}
			depth++
			continue
		case ')', ']', '}', '】', '〕':
			if depth > 0 {
				depth--
				if depth == 0 {
					if in := strings.TrimSpace(s[start:i]); in != "" {
						inner = append(inner, in)
					}
				}
				continue
			}
		}
		if depth == 0 {
			main.WriteRune(r)
		}
	}
	return main.String(), inner
}

// analyze normalizes one variant into a Latin form and a Chinese form (and
// the Chinese form's Wade–Giles spelling), whichever the text has.
// secondary marks bracketed or later variants: their all-descriptive forms
// ("(Shenzhen)") are dropped.
func analyze(text, typ string, secondary bool) []form {
	var latin, han strings.Builder
	for _, r := range text {
		if isHan(r) {
			han.WriteRune(r)
			latin.WriteByte(' ')
		} else {
			latin.WriteRune(r)
		}
	}
	var out []form
	if f := analyzeLatin(latin.String()); !f.empty() {
		f.text = strings.TrimSpace(text)
		out = append(out, f)
	}
	if han.Len() > 0 {
		f, wg := analyzeHan(han.String(), typ)
		if !f.empty() {
			f.text = strings.TrimSpace(text)
			out = append(out, f)
			if !wg.empty() {
				wg.text = f.text
				out = append(out, wg)
			}
		}
	}
	if secondary {
		kept := out[:0]
		for _, f := range out {
			if f.hasCore() && len(f.joined) >= 3 || f.han != "" && utf8.RuneCountInString(f.han) >= 2 {
				kept = append(kept, f)
			}
		}
		out = kept
	}
	return out
}

// analyzeLatin normalizes a name in Latin (or any alphabetic) script.
func analyzeLatin(s string) form {
	words := latinWords(s)
	// Legal forms and function words go, unless nothing would be left.
	if kept := drop(words, legalLatin); len(kept) > 0 {
		words = kept
	}
	if kept := drop(words, stopLatin); len(kept) > 0 {
		words = kept
	}
	var f form
	allPinyin := len(words) > 0
	for _, w := range words {
		if allPinyin {
			if syl, ok := splitPinyin(w); ok {
				f.syl = append(f.syl, syl...)
			} else {
				allPinyin = false
				f.syl = nil
			}
		}
		if c, ok := canonLatin[w]; ok {
			f.toks = append(f.toks, token{s: c.tok, kind: c.kind})
		} else {
			f.toks = append(f.toks, token{s: w, kind: kindCore})
		}
	}
	f.finish()
	return f
}

// finish records the syllables of pinyin tokens, weighs a name made only
// of descriptive words and places as distinctive (it is all the name
// there is: "China Electronics Corporation"), and joins the tokens.
func (f *form) finish() {
	core := false
	for i := range f.toks {
		t := &f.toks[i]
		core = core || t.kind == kindCore
		if t.kind == kindCore && isASCII(t.s) {
			if syl, ok := splitPinyin(t.s); ok && len(syl) >= 2 {
				t.syl = syl
			}
		}
	}
	if !core {
		for i := range f.toks {
			f.toks[i].kind, f.toks[i].flat = kindCore, true
		}
	}
	f.joined = joinToks(f.toks)
}

// latinWords folds case and accents and splits s into words; runs of single
// letters ("S.A.", "I B M") become one word, and "hong kong" one place.
func latinWords(s string) []string {
	s = strings.ToLower(norm.NFD.String(s))
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if r == 'ß' {
				b.WriteString("ss")
			} else {
				b.WriteRune(r)
			}
		default:
			flush()
		}
	}
	flush()
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if utf8.RuneCountInString(w) == 1 && i+1 < len(words) && utf8.RuneCountInString(words[i+1]) == 1 {
			j := i
			var run strings.Builder
			for j < len(words) && utf8.RuneCountInString(words[j]) == 1 {
				run.WriteString(words[j])
				j++
			}
			out = append(out, run.String())
			i = j - 1
			continue
		}
		if w == "hong" && i+1 < len(words) && words[i+1] == "kong" {
			out = append(out, "hongkong")
			i++
			continue
		}
		out = append(out, w)
	}
	return out
}

func drop(words []string, bad map[string]bool) []string {
	var out []string
	for _, w := range words {
		if !bad[w] {
			out = append(out, w)
		}
	}
	return out
}

func joinToks(ts []token) string {
	var b strings.Builder
	for _, t := range ts {
		b.WriteString(t.s)
	}
	return b.String()
}

type hanSeg struct {
	text string
	c    canonHan
	core bool
}

// segmentHan splits Chinese characters into legal forms, descriptive
// words, places and the runs of other characters between them (the
// distinctive part), longest dictionary word first.
func segmentHan(s string) []hanSeg {
	rs := []rune(toSimplified(s))
	var segs []hanSeg
	var core []rune
	flush := func() {
		if len(core) > 0 {
			segs = append(segs, hanSeg{text: string(core), core: true})
			core = nil
		}
	}
	for i := 0; i < len(rs); {
		matched := false
		for n := min(6, len(rs)-i); n >= 1; n-- {
			w := string(rs[i : i+n])
			c, ok := hanWords[w]
			if !ok {
				continue
			}
			if c.kind == kindAdmin && (len(core) > 0 || len(segs) == 0 || segs[len(segs)-1].c.kind != kindPlace) {
				continue // 市 is an administrative suffix only after a place
			}
			flush()
			segs = append(segs, hanSeg{text: w, c: c})
			i += n
			matched = true
			break
		}
		if !matched {
			core = append(core, rs[i])
			i++
		}
	}
	flush()
	return segs
}

// analyzeHan normalizes a name in Chinese characters, and makes its
// Wade–Giles form.
func analyzeHan(s, typ string) (f, wg form) {
	segs := segmentHan(s)
	var kept, key strings.Builder
	dict := false
	for _, sg := range segs {
		if !sg.core {
			dict = true
		}
		if sg.core || sg.c.kind == kindDesc || sg.c.kind == kindPlace {
			kept.WriteString(sg.text)
		}
		if sg.core || sg.c.kind == kindDesc {
			key.WriteString(sg.text)
		}
	}
	f.han, f.hanKey = kept.String(), key.String()
	if f.han == "" { // only legal forms: keep them rather than nothing
		f.han = toSimplified(s)
		segs = []hanSeg{{text: f.han, core: true}}
	}
	if f.hanKey == "" {
		f.hanKey = f.han
	}
	n := utf8.RuneCountInString(f.han)
	person := typ == Person || typ == "" && !dict && n >= 2 && n <= 4 && startsWithSurname(f.han)
	if person && typ != Org {
		sur, given := splitSurname(f.han)
		surPY := surnames[sur]
		if surPY == "" {
			surPY = strings.Join(hanSyllables(sur), "")
		}
		givenSyl := hanSyllables(given)
		f.toks = []token{{s: surPY, kind: kindCore}}
		wg.toks = []token{{s: wadeGilesWord(hanSyllables(sur)), kind: kindCore}}
		if len(givenSyl) > 0 {
			f.toks = append(f.toks, token{s: strings.Join(givenSyl, ""), kind: kindCore})
			wg.toks = append(wg.toks, token{s: wadeGilesWord(givenSyl), kind: kindCore})
		}
		if surnames[sur] != "" && utf8.RuneCountInString(sur) == 1 {
			f.syl = append([]string{surnames[sur]}, givenSyl...)
		} else {
			f.syl = append(hanSyllables(sur), givenSyl...)
		}
	} else {
		for _, sg := range segs {
			switch {
			case sg.core:
				syl := hanSyllables(sg.text)
				if len(syl) > 0 {
					f.toks = append(f.toks, token{s: strings.Join(syl, ""), kind: kindCore})
					wg.toks = append(wg.toks, token{s: wadeGilesWord(syl), kind: kindCore})
				}
			case sg.c.kind == kindDesc || sg.c.kind == kindPlace:
				for _, t := range sg.c.toks {
					f.toks = append(f.toks, token{s: t, kind: sg.c.kind})
					wg.toks = append(wg.toks, token{s: t, kind: sg.c.kind})
				}
			}
		}
		f.syl = hanSyllables(f.han)
	}
	f.finish()
	wg.finish()
	wg.weak, wg.wg = true, true
	if wg.joined == f.joined {
		wg = form{}
	}
	return f, wg
}

func wadeGilesWord(syl []string) string {
	var b strings.Builder
	for _, s := range syl {
		b.WriteString(wadeGiles(s))
	}
	return b.String()
}

func startsWithSurname(s string) bool {
	for sur := range surnames {
		if strings.HasPrefix(s, sur) {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune(commonSurnames, r)
}

// splitSurname splits a Chinese personal name into family and given name;
// two-character surnames are recognised from our list.
func splitSurname(s string) (string, string) {
	rs := []rune(s)
	if len(rs) >= 3 {
		if _, ok := surnames[string(rs[:2])]; ok {
			return string(rs[:2]), string(rs[2:])
		}
	}
	return string(rs[:1]), string(rs[1:])
}

// queryForms normalizes a query's name, or says why it cannot be screened.
func queryForms(name, typ string) ([]form, error) {
	if n := utf8.RuneCountInString(name); n > MaxQueryRunes {
		return nil, fmt.Errorf("%w: the name is %d characters long, at most %d are screened", ErrQuery, n, MaxQueryRunes)
	}
	vs := variants(name)
	var out []form
	for i, v := range vs {
		if i > 0 && len(out) > 0 {
			break // brackets in a query add nothing to match on
		}
		out = append(out, analyze(v, typ, false)...)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: nothing is left of %q after removing punctuation and legal forms", ErrQuery, name)
	}
	longest := 0
	for _, f := range out {
		if f.han != "" {
			longest = max(longest, utf8.RuneCountInString(f.han))
		} else {
			longest = max(longest, utf8.RuneCountInString(f.joined))
		}
	}
	if longest < 2 {
		return nil, fmt.Errorf("%w: %q is too short to screen", ErrQuery, name)
	}
	if len(out[0].toks) > 40 {
		return nil, fmt.Errorf("%w: the name has %d words, at most 40 are screened", ErrQuery, len(out[0].toks))
	}
	return out, nil
}
