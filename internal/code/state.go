package code

import (
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/text"
)

// state is the scratch space of one Code call. Coders keep them in a pool,
// so that a sentence costs no allocation once the buffers have grown.
type state struct {
	c   *Coder
	doc *Doc
	res Result
	pub time.Time // publication day, UTC midnight

	sents  []text.Sentence
	quotes []quoteSpan
	para   int
	mem    memory

	// The current sentence.
	idx       int    // sentence index
	off       int    // byte offset of the sentence in the body
	s         string // the sentence
	toks      []text.Token
	tk        []tok
	am        []ActorMatch
	acts      []act
	trigs     []trig
	buf       []byte
	first     int  // index of the first word token
	headline  bool // the sentence is in title case or capitals
	date      time.Time
	dateOK    bool
	dateText  string
	speechBuf []bool
	srcBuf    []int
}

// tok is a token with what the coder knows about it.
type tok struct {
	start, end int
	kind       text.Kind
	title      bool // capitalized and not all capitals: "March", "Rally"
	ly         bool // an adverb in -ly
	id         int32
	class      uint32
	actor      int // index into acts, or -1
	trig       int // index into trigs, or -1
	opaque     bool
}

// act is an actor of the current sentence: a dictionary match, or a
// pronoun or noun resolved by coreference.
type act struct {
	t0, t1     int // token range
	start, end int // byte range in the sentence
	role
	prep     uint32 // the class of the preposition before it, if any
	poss     bool   // possessive: "China's"
	coref    bool   // resolved from an earlier sentence
	group    int    // index of the first actor of its compound ("France and Germany")
	targetOf int    // the trigger that took it as target, or -1
	opaque   bool   // inside a long quotation
	subject  bool   // the source of some trigger
	speaker  bool   // the source of a speech trigger
}

// role is an actor as events carry it.
type role struct {
	code, country, name string
	text                string // the words of this sentence that name it ("It")
	ante                string // for a coreference, the words that named it first
	kind                ActorKind
}

func (r role) actor() event.Actor {
	return event.Actor{Code: r.code, Country: r.country, Name: r.name}
}

func (st *state) reset(d *Doc) {
	st.doc = d
	st.res = Result{}
	p := d.Published.UTC()
	st.pub = time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
	st.para = 0
	st.mem.reset()
	st.quotes = st.quotes[:0]
}

// sentence codes one sentence.
func (st *state) sentence(idx int, sp text.Sentence) {
	st.idx = idx
	st.off = sp.Start
	st.s = st.doc.Body[sp.Start:sp.End]
	st.tokens()
	st.actors()
	st.markQuotes()
	st.coref()
	st.trigs = st.trigs[:0]
	if len(st.acts) > 0 {
		st.matchTriggers()
		st.roles()
		st.emit()
	}
	st.attributeQuotes()
	st.judgment()
	st.remember()
}

// tokens splits the sentence into tokens and looks each word up.
func (st *state) tokens() {
	s := st.s
	st.toks = text.Tokens(s, st.toks[:0])
	st.tk = st.tk[:0]
	st.first = -1
	words, caps := 0, 0
	for _, t := range st.toks {
		k := tok{start: t.Start, end: t.End, kind: t.Kind, id: -1, actor: -1, trig: -1}
		if t.Kind == text.Word {
			w := s[t.Start:t.End]
			st.buf = lowerKey(st.buf[:0], w)
			if wi, ok := st.c.words[string(st.buf)]; ok {
				k.id, k.class = wi.id, wi.class
			}
			n := len(st.buf)
			k.ly = n > 3 && st.buf[n-2] == 'l' && st.buf[n-1] == 'y'
			if c := w[0]; c >= 'A' && c <= 'Z' {
				caps++
				k.title = len(w) > 1 && hasLower(w)
			}
			words++
			if st.first < 0 {
				st.first = len(st.tk)
			}
		}
		st.tk = append(st.tk, k)
	}
	st.headline = words >= 3 && caps*10 >= words*6
}

func hasLower(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// lowerKey appends the lookup key of a word: ASCII lowercased, the
// typographic apostrophe written "'".
func lowerKey(dst []byte, w string) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xE2 && i+2 < len(w) && w[i+1] == 0x80 && (w[i+2] == 0x99 || w[i+2] == 0x98):
			c = '\''
			i += 2
		}
		dst = append(dst, c)
	}
	return dst
}

// tokenAt returns the index of the first token that ends after byte b of
// the sentence, or len(st.tk).
func (st *state) tokenAt(b int) int {
	lo, hi := 0, len(st.tk)
	for lo < hi {
		m := (lo + hi) / 2
		if st.tk[m].end <= b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// word reports whether token i is the word with class bits c.
func (st *state) is(i int, c uint32) bool {
	return i >= 0 && i < len(st.tk) && st.tk[i].class&c != 0
}

// punct returns the punctuation character of token i, or 0.
func (st *state) punct(i int) byte {
	if i < 0 || i >= len(st.tk) || st.tk[i].kind != text.Punct {
		return 0
	}
	return st.s[st.tk[i].start]
}

// actors finds the actors of the sentence and maps them onto tokens.
func (st *state) actors() {
	st.acts = st.acts[:0]
	if st.c.actors == nil {
		return
	}
	s := st.s
	st.am = st.c.actors(s, st.doc.Published, st.am[:0])
	j := 0 // token cursor
	lastEnd := 0
	for _, m := range st.am {
		if m.Start < lastEnd || m.End > len(s) || m.Start >= m.End || m.Code == "" {
			continue // overlapping or out of range: a finder that breaks its contract
		}
		for j < len(st.tk) && st.tk[j].end <= m.Start {
			j++
		}
		t0 := j
		t1 := t0
		for t1 < len(st.tk) && st.tk[t1].start < m.End {
			t1++
		}
		if t1 == t0 || (t0 > 0 && st.tk[t0-1].actor >= 0 && st.tk[t0-1].end > m.Start) {
			continue
		}
		// Half of a hyphenated word qualifies it: "China-related",
		// "US-led", "China-Russia partnership".
		if last := st.tk[t1-1]; last.end > m.End && s[m.End] == '-' || st.tk[t0].start < m.Start && s[m.Start-1] == '-' {
			continue
		}
		lastEnd = m.End
		a := act{t0: t0, t1: t1, start: m.Start, end: m.End, targetOf: -1}
		a.role = role{code: m.Code, country: m.Country, name: m.Name, text: s[m.Start:m.End], kind: m.Kind}
		// A possessive: "China's" (one token that runs past the match), or
		// "allies'" (a quote mark right after).
		last := st.tk[t1-1]
		if last.end > m.End {
			rest := s[m.End:last.end]
			a.poss = rest == "'s" || rest == "’s" || rest == "'S" || rest == "’S"
		} else if t1 < len(st.tk) && st.tk[t1].kind == text.Quote && st.tk[t1].start == m.End &&
			(s[m.End-1] == 's' || s[m.End-1] == 'S') && (s[st.tk[t1].start] == '\'' || st.tk[t1].end-st.tk[t1].start == 3) {
			a.poss = true
		}
		idx := len(st.acts)
		for t := t0; t < t1; t++ {
			st.tk[t].actor = idx
		}
		st.acts = append(st.acts, a)
	}
	st.linkActors()
}

// linkActors sets each actor's preposition and compound group.
func (st *state) linkActors() {
	for i := range st.acts {
		a := &st.acts[i]
		a.group = i
		a.prep = 0
		// The preposition before the actor, over determiners: "against the
		// Chinese government".
		for t, n := a.t0-1, 0; t >= 0 && n < 3; t, n = t-1, n+1 {
			k := &st.tk[t]
			if k.class&wcPrep != 0 && k.actor < 0 {
				a.prep = k.class
				break
			}
			if k.class&wcDet == 0 || k.actor >= 0 {
				break
			}
		}
		if i == 0 {
			continue
		}
		// "France and Germany", "South Korea, Japan, Australia, and New Zealand".
		p := &st.acts[i-1]
		gap := a.t0 - p.t1
		if gap < 1 || gap > 3 {
			continue
		}
		ok, and := true, false
		for t := p.t1; t < a.t0; t++ {
			switch {
			case st.tk[t].class&wcAnd != 0 || st.punct(t) == ',':
				and = true
			case st.tk[t].class&wcArticle != 0 && t == a.t0-1:
			default:
				ok = false
			}
		}
		ok = ok && and
		if ok && !p.poss {
			a.group = p.group
			a.prep = st.acts[p.group].prep
		}
	}
	// An agent of no country ("protesters", "the military") takes the
	// country of the place named right after it: "protesters rallied in
	// Tehran".
	for i := range st.acts {
		a := &st.acts[i]
		if a.country != "" || a.kind != ActorAgent || a.coref {
			continue
		}
		for j := i + 1; j < len(st.acts) && st.acts[j].t0-a.t1 <= 6; j++ {
			p := &st.acts[j]
			if p.prep&wcLoc != 0 && p.country != "" && !isIGO(p.country) {
				a.country, a.code = p.country, p.country+a.code
				break
			}
		}
	}
	// "Chinese and Russian warships": the agent of the last adjective is
	// that of them all.
	for i := len(st.acts) - 1; i > 0; i-- {
		a := &st.acts[i]
		if a.group == i || a.kind != ActorAgent || a.country == "" || len(a.code) <= len(a.country) {
			continue
		}
		agent := a.code[len(a.country):]
		for j := a.group; j < i; j++ {
			m := &st.acts[j]
			if m.kind == ActorCountry && m.code == m.country && adjective(m.text) {
				m.code = m.country + agent
			}
		}
	}
}

// adjective reports whether a country's name is its adjective: "Chinese",
// "Russian", "British", "Israeli".
func adjective(name string) bool {
	for _, suf := range []string{"ese", "ean", "ian", "can", "ish", "ch", "man", "i"} {
		if strings.HasSuffix(name, suf) {
			return true
		}
	}
	return false
}

// members returns the actors of the compound whose first actor is g.
func (st *state) members(g int, dst []int) []int {
	for i := g; i < len(st.acts); i++ {
		if st.acts[i].group != g {
			break
		}
		dst = append(dst, i)
	}
	return dst
}

// lastOf returns the last actor of the compound whose first actor is g.
func (st *state) lastOf(g int) int {
	i := g
	for i+1 < len(st.acts) && st.acts[i+1].group == g {
		i++
	}
	return i
}

// markQuotes marks the tokens inside long quotations: their words are
// the speaker's, not the sentence's, so they neither trigger events nor
// serve as roles of the verbs outside.
func (st *state) markQuotes() {
	lo, hi := st.off, st.off+len(st.s)
	for qi := range st.quotes {
		q := &st.quotes[qi]
		if q.close <= lo {
			continue
		}
		if q.open >= hi {
			break
		}
		if q.words < opaqueWords {
			continue
		}
		a, b := max(q.start, lo)-lo, min(q.end, hi)-lo
		for t := st.tokenAt(a); t < len(st.tk) && st.tk[t].start < b; t++ {
			st.tk[t].opaque = true
		}
	}
	for i := range st.acts {
		a := &st.acts[i]
		a.opaque = st.tk[a.t0].opaque
	}
}
