package actor

import (
	"fmt"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/source/acled/country"
)

// builder collects dictionary entries from files and turns them into a Dict.
type builder struct {
	d         *Dict
	tokIx     map[string]int32
	phraseIx  map[string]int32 // phrase key → index in d.phrases
	phraseIDs [][]int32        // token ids of each phrase
}

func newBuilder() *builder {
	d := &Dict{
		agentIx:  map[string]int32{},
		placeIx:  map[string]int32{},
		names:    map[string]string{},
		persons:  map[string][]int32{},
		members:  map[string][]membership{},
		display:  map[string]string{},
		resolveD: time.Now,
	}
	return &builder{d: d, tokIx: map[string]int32{}, phraseIx: map[string]int32{}}
}

// lineError is a syntax or reference error in a dictionary file.
type lineError struct {
	file string
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg) }

func errorf(file string, line int, format string, args ...any) error {
	return &lineError{file: file, line: line, msg: fmt.Sprintf(format, args...)}
}

// addPlace declares a country or IGO, or returns the one declared.
func (b *builder) addPlace(code, name string, igo bool) int32 {
	if i, ok := b.d.placeIx[code]; ok {
		if name != "" {
			b.d.places[i].name = name
		}
		return i
	}
	i := int32(len(b.d.places))
	if name == "" {
		name = code
	}
	b.d.places = append(b.d.places, place{code: code, name: name, igo: igo})
	b.d.placeIx[code] = i
	return i
}

func (b *builder) addAgentCode(code, label string) int32 {
	if i, ok := b.d.agentIx[code]; ok {
		b.d.agents[i].label = label
		return i
	}
	i := int32(len(b.d.agents))
	b.d.agents = append(b.d.agents, agentCode{code: code, label: label})
	b.d.agentIx[code] = i
	return i
}

// addName records a name for Resolve (later names win).
func (b *builder) addName(name, code string) {
	k := strings.TrimPrefix(country.Fold(name), "the ")
	if k != "" {
		b.d.names[k] = code
	}
}

// tokenID returns the id of a folded token, adding it if new.
func (b *builder) tokenID(folded string) int32 {
	if id, ok := b.tokIx[folded]; ok {
		return id
	}
	id := int32(len(b.d.tokKeys))
	b.d.tokKeys = append(b.d.tokKeys, folded)
	b.tokIx[folded] = id
	return id
}

// phraseToks splits a dictionary phrase into tokens. caseMode chooses how
// words are matched: mExact for our own dictionaries (lower-case words match
// any case), mCap for PETRARCH's upper-case names, mAny for agent words.
func (b *builder) phraseToks(text string, caseMode uint8) ([]ptok, []int32, error) {
	toks := tokenize(text, nil)
	// A leading "the" is optional in text and never part of a match.
	if len(toks) > 1 && equalFold(text, int(toks[0].start), int(toks[0].end), "the") && toks[0].flags&tPoss == 0 {
		toks = toks[1:]
	}
	if len(toks) == 0 {
		return nil, nil, fmt.Errorf("%q has no words", text)
	}
	out := make([]ptok, len(toks))
	ids := make([]int32, len(toks))
	for i, t := range toks {
		if i < len(toks)-1 && t.gap != gapSpace && t.gap != gapHyphen {
			return nil, nil, fmt.Errorf("%q: words must be separated by spaces or hyphens", text)
		}
		form := text[t.start:t.end]
		mode := caseMode
		switch {
		case caseMode == mExact && !hasUpper(form):
			mode = mAny
		case caseMode == mCap && functionWord(form):
			mode = mAny
		}
		out[i] = ptok{form: form, mode: mode, poss: t.flags&tPoss != 0}
		if i == len(toks)-1 {
			out[i].poss = false // a final possessive is allowed anyway
		}
		ids[i] = b.tokenID(fold(form))
	}
	return out, ids, nil
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' || c == 0xC3 && i+1 < len(s) && foldLatin1(s[i+1]) != s[i+1] {
			return true
		}
	}
	return false
}

var functionWords = map[string]bool{
	"of": true, "the": true, "and": true, "for": true, "to": true, "on": true, "in": true,
	"de": true, "del": true, "da": true, "di": true, "du": true, "des": true, "la": true, "le": true,
	"al": true, "el": true, "bin": true, "von": true, "van": true, "der": true, "y": true,
}

func functionWord(s string) bool { return functionWords[strings.ToLower(s)] }

// addPhrase adds a phrase for an entry. A phrase written the same way as an
// earlier one replaces it, except that people accumulate (a surname shared
// by two people is resolved by date).
func (b *builder) addPhrase(text string, caseMode uint8, e entry) error {
	toks, ids, err := b.phraseToks(text, caseMode)
	if err != nil {
		return err
	}
	var key strings.Builder
	for i, t := range toks {
		fmt.Fprintf(&key, "%d/%s/%d/%v ", ids[i], t.form, t.mode, t.poss)
	}
	k := key.String()
	if e.kind == ePerson {
		k += fmt.Sprintf("p%d", e.ref)
	}
	if i, ok := b.phraseIx[k]; ok {
		b.d.phrases[i].ent = e
		return nil
	}
	b.phraseIx[k] = int32(len(b.d.phrases))
	b.d.phrases = append(b.d.phrases, phrase{toks: toks, ent: e})
	b.phraseIDs = append(b.phraseIDs, ids)
	return nil
}

// loadISO reads the ISO 3166 table (a copy of the acled/country table):
// alpha-3, numeric, and "|"-separated names, the first the short name.
func (b *builder) loadISO(file, text string) error {
	n := 0
	for line := range strings.Lines(text) {
		n++
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 || !isCode(f[0], 3) {
			return errorf(file, n, "want alpha-3, numeric and names separated by tabs")
		}
		names := strings.Split(f[2], "|")
		pi := b.addPlace(f[0], names[0], false)
		b.addName(f[0], f[0])
		for _, name := range names {
			b.addName(name, f[0])
			if strings.ContainsAny(name, ",().") {
				continue // "Korea, Republic of", "St. Lucia": for Resolve only
			}
			if err := b.addPhrase(name, mExact, entry{kind: eName, ref: pi}); err != nil {
				return errorf(file, n, "%v", err)
			}
		}
	}
	return nil
}

func isCode(s string, n int) bool {
	if len(s) < n || len(s)%3 != 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}

// parseDate reads YYYY-MM-DD, or YYYY-MM for a month known to the month
// only (read as its first day).
func parseDate(s string) (int32, error) {
	layout := "2006-01-02"
	if len(s) == 7 {
		layout = "2006-01"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return 0, fmt.Errorf("bad date %q: want YYYY-MM-DD or YYYY-MM", s)
	}
	return dayOf(t), nil
}

// parseSpan reads FROM..TO, FROM.. or ..TO (half-open: TO is the first day
// not included).
func parseSpan(s string) (from, to int32, err error) {
	a, z, ok := strings.Cut(s, "..")
	if !ok {
		return 0, 0, fmt.Errorf("bad span %q: want FROM..TO, FROM.. or ..TO", s)
	}
	from, to = minDay, maxDay
	if a != "" {
		if from, err = parseDate(a); err != nil {
			return 0, 0, err
		}
	}
	if z != "" {
		if to, err = parseDate(z); err != nil {
			return 0, 0, err
		}
	}
	if from >= to {
		return 0, 0, fmt.Errorf("span %q ends before it starts", s)
	}
	return from, to, nil
}

// checkCode checks that a code is known: a declared country or IGO followed
// by declared agent codes, or agent codes alone.
func (b *builder) checkCode(code string) (country string, err error) {
	if !isCode(code, 3) {
		return "", fmt.Errorf("bad code %q: want upper-case letters in groups of three", code)
	}
	pi, _, ok := b.d.splitCode(code)
	if !ok {
		// Name the first part that is unknown.
		i := 0
		if _, ok := b.d.placeIx[code[:3]]; ok {
			i = 3
		}
		for ; i+3 <= len(code); i += 3 {
			if _, ok := b.d.agentIx[code[i:i+3]]; !ok {
				break
			}
		}
		part := code[min(i, len(code)-3):]
		if len(part) > 3 {
			part = part[:3]
		}
		return "", fmt.Errorf("unknown code %q in %q: not a declared country or IGO, nor a CAMEO agent code", part, code)
	}
	if pi >= 0 {
		return b.d.places[pi].code, nil
	}
	return "", nil
}
