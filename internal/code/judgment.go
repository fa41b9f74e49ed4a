package code

import (
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/text"
)

// Estimative judgments. A sentence states a judgment when it holds a term
// of ICD 203's calibrated scale ("likely", "almost certainly"), or "is
// certain to", or, after a verb of assessment ("Pamir assesses that", "we
// judge"), an uncalibrated modal ("may", "could", "possible"). The band is
// ICD 203's for the calibrated terms and empty for the others.

type estimKind uint8

const (
	ekBand    estimKind = iota // a calibrated term: a judgment by itself
	ekCertain                  // "certain": only as "is certain to" or "is certain that"
	ekWeak                     // may, could…: only after a verb of assessment
)

var estimTerms = []struct {
	words  string
	band   string
	lo, hi int
	kind   estimKind
}{
	{"almost no chance", "01-05%", 1, 5, ekBand},
	{"remote chance", "01-05%", 1, 5, ekBand},
	{"remote possibility", "01-05%", 1, 5, ekBand},
	{"very unlikely", "05-20%", 5, 20, ekBand},
	{"highly unlikely", "05-20%", 5, 20, ekBand},
	{"extremely unlikely", "05-20%", 5, 20, ekBand},
	{"highly improbable", "05-20%", 5, 20, ekBand},
	{"very improbable", "05-20%", 5, 20, ekBand},
	{"unlikely", "20-45%", 20, 45, ekBand},
	{"improbable", "20-45%", 20, 45, ekBand},
	{"probably not", "20-45%", 20, 45, ekBand},
	{"roughly even chance", "45-55%", 45, 55, ekBand},
	{"roughly even odds", "45-55%", 45, 55, ekBand},
	{"even chance", "45-55%", 45, 55, ekBand},
	{"even odds", "45-55%", 45, 55, ekBand},
	{"very likely", "80-95%", 80, 95, ekBand},
	{"highly likely", "80-95%", 80, 95, ekBand},
	{"very probably", "80-95%", 80, 95, ekBand},
	{"highly probable", "80-95%", 80, 95, ekBand},
	{"very probable", "80-95%", 80, 95, ekBand},
	{"almost certainly", "95-99%", 95, 99, ekBand},
	{"almost certain", "95-99%", 95, 99, ekBand},
	{"nearly certain", "95-99%", 95, 99, ekBand},
	{"nearly certainly", "95-99%", 95, 99, ekBand},
	{"virtually certain", "95-99%", 95, 99, ekBand},
	{"virtually certainly", "95-99%", 95, 99, ekBand},
	{"likely", "55-80%", 55, 80, ekBand},
	{"probably", "55-80%", 55, 80, ekBand},
	{"probable", "55-80%", 55, 80, ekBand},
	{"certain", "", 0, 0, ekCertain},
	{"may", "", 0, 0, ekWeak},
	{"might", "", 0, 0, ekWeak},
	{"could", "", 0, 0, ekWeak},
	{"possible", "", 0, 0, ekWeak},
	{"possibly", "", 0, 0, ekWeak},
	{"perhaps", "", 0, 0, ekWeak},
}

type estimTerm struct {
	words  []int32
	band   string
	lo, hi int
	kind   estimKind
}

// hedge is an estimative term found in the sentence, in tokens.
type hedge struct {
	term   *estimTerm
	t0, t1 int // the term as written, with "is … to" for "is certain to"
	w0, w1 int // the words the claim replaces
	repl   string
}

// judgment finds the estimative judgment of the sentence, if any.
func (st *state) judgment() {
	var best, weak, certain hedge
	assess := -1
	for i := 0; i < len(st.tk); i++ {
		k := &st.tk[i]
		if k.kind != text.Word {
			continue
		}
		if k.class&wcAssess != 0 && assess < 0 && !k.title {
			assess = i
		}
		if k.class&wcEstim == 0 || k.title && i != st.first {
			continue
		}
		h, ok := st.estimAt(i)
		if !ok {
			continue
		}
		switch h.term.kind {
		case ekBand:
			if best.term == nil {
				best = h
			}
		case ekCertain:
			if certain.term == nil {
				certain = h
			}
		case ekWeak:
			if weak.term == nil && assess >= 0 {
				weak = h
			}
		}
		i = h.t1 - 1
	}
	h := best
	if h.term == nil {
		h = certain
	}
	if h.term == nil {
		h = weak
	}
	if h.term == nil {
		return
	}
	j := event.Judgment{
		DocID: st.doc.DocID,
		Term:  st.s[st.tk[h.t0].start:st.tk[h.t1-1].end],
		Band:  h.term.band,
		Low:   h.term.lo,
		High:  h.term.hi,
		Span:  event.Span{Start: st.off, End: st.off + len(st.s)},
		Date:  st.pub,
	}
	cs := 0 // the first token of the judged clause
	if assess >= 0 && assess < h.t0 {
		j.Author = st.author(assess)
		cs = assess + 1
		if st.is(cs, wcThat) {
			cs++
		}
	} else {
		cs = st.first
		if cs < 0 {
			cs = 0
		}
	}
	j.Subject = st.judgedSubject(cs, h)
	j.Claim = st.claim(cs, h)
	st.res.Judgments = append(st.res.Judgments, j)
}

// estimAt matches the longest estimative term at token i.
func (st *state) estimAt(i int) (hedge, bool) {
	var h hedge
	for ti := range st.c.estim {
		e := &st.c.estim[ti]
		if e.words[0] != st.tk[i].id || (h.term != nil && len(e.words) <= len(h.term.words)) {
			continue
		}
		ok := true
		for wi := 1; wi < len(e.words); wi++ {
			j := i + wi
			if j >= len(st.tk) || st.tk[j].id != e.words[wi] || st.tk[j].kind != text.Word {
				ok = false
				break
			}
		}
		if ok {
			h.term = e
			h.t0, h.t1 = i, i+len(e.words)
		}
	}
	if h.term == nil {
		return h, false
	}
	h.w0, h.w1 = h.t0, h.t1
	// Comparatives are no estimate: "more likely", "less likely".
	if i > 0 {
		prev := strings.ToLower(st.s[st.tk[i-1].start:st.tk[i-1].end])
		if prev == "more" || prev == "less" {
			return h, false
		}
	}
	beBefore := i > 0 && st.tk[i-1].class&wcBe != 0 && st.tk[i-1].kind == text.Word
	toAfter := st.is(h.t1, wcTo)
	thatAfter := st.is(h.t1, wcThat)
	switch h.term.kind {
	case ekCertain:
		// "is certain to", "are certain that"; not "certain countries".
		if !beBefore || !toAfter && !thatAfter {
			return h, false
		}
		h.t0 = i - 1
		if toAfter {
			h.t1++
		}
	case ekWeak:
		// "May 5" is a date.
		if st.tk[i].title && h.t1 < len(st.tk) && st.tk[h.t1].kind == text.Number {
			return h, false
		}
		if st.tk[i].class&wcModal != 0 {
			h.repl = "will"
		}
	}
	if last := strings.ToLower(st.s[st.tk[h.t1-1].start:st.tk[h.t1-1].end]); last == "chance" || last == "possibility" || last == "odds" {
		// "there is a remote chance of X" → "X".
		if st.is(h.t1, wcThat) || strings.EqualFold(st.span(h.t1, h.t1+1), "of") {
			w0 := i
			for w0 > 0 && w0 > i-3 && st.tk[w0-1].kind == text.Word && (st.tk[w0-1].class&(wcBe|wcArticle) != 0 ||
				strings.EqualFold(st.span(w0-1, w0), "there")) {
				w0--
			}
			h.w0, h.w1, h.repl = w0, h.t1+1, ""
		}
		return h, true
	}
	switch {
	case beBefore && !toAfter && !thatAfter && h.term.kind == ekBand:
		// "a ceasefire is unlikely before winter" → "a ceasefire before winter".
		h.w0 = i - 1
	case beBefore && toAfter:
		// "is likely to", "is certain to" → "will".
		h.w0, h.w1, h.repl = i-1, h.t1+1, "will"
		if h.term.kind == ekCertain {
			h.w1 = h.t1
		}
	case beBefore && thatAfter && i >= 2 && strings.EqualFold(st.s[st.tk[i-2].start:st.tk[i-2].end], "it"):
		// "it is likely that X" → "X".
		h.w0, h.w1, h.repl = i-2, h.t1+1, ""
	}
	return h, true
}

// author returns the words before a verb of assessment, back to the start
// of its clause: "Pamir" in "Pamir assesses that…".
func (st *state) author(a int) string {
	from := a
	for j := a - 1; j >= 0 && a-j <= 5; j-- {
		k := &st.tk[j]
		if k.kind != text.Word && k.kind != text.Number {
			break
		}
		from = j
	}
	if from == a {
		return ""
	}
	return st.s[st.tk[from].start:st.tk[a-1].end]
}

// judgedSubject returns what the judgment is about: the words of the judged
// clause before the term, without auxiliaries ("China" in "China is certain
// to…"), after the last comma ("US companies…" in "as China ramps up…, US
// companies… will likely become"); for a coordinated verb ("China prefers…
// and probably will court") the clause's first actor.
func (st *state) judgedSubject(cs int, h hedge) string {
	end := h.w0
	if end > h.t0 {
		end = h.t0
	}
	for end > cs {
		k := &st.tk[end-1]
		if k.kind == text.Word && (k.class&(wcAux|wcFuture) != 0 || k.ly) {
			end--
			continue
		}
		break
	}
	if end > cs && st.is(end-1, wcAnd) {
		// A coordinated verb: the subject is the clause's.
		for a := range st.acts {
			if st.acts[a].t0 >= cs && st.acts[a].t0 <= cs+1 && !st.acts[a].opaque {
				return st.acts[a].text
			}
		}
		return st.span(cs, min(cs+2, end))
	}
	start := cs
	for j := end - 1; j >= cs; j-- {
		if st.punct(j) == ',' {
			start = j + 1
			break
		}
	}
	if end <= start || h.repl == "" && h.w1 > h.t1 && h.w0 < h.t0 {
		// "It is likely that China will…", "there is a chance of X": the
		// subject follows.
		if h.repl == "" && h.w1 > h.t1 {
			s := h.w1
			e := s
			for e < len(st.tk) && e-s < 8 && (st.tk[e].kind == text.Word || st.tk[e].kind == text.Number) && st.tk[e].class&(wcFuture|wcBe|wcModal) == 0 {
				e++
			}
			if e > s {
				return st.span(s, e)
			}
		}
		return ""
	}
	if end-start > 14 {
		end = start + 14
	}
	return st.span(start, end)
}

// claim returns the judged proposition: the clause with the hedge taken
// out ("China will use…" for "China may use…").
func (st *state) claim(cs int, h hedge) string {
	if cs >= len(st.tk) {
		return ""
	}
	from := st.tk[cs].start
	w0 := st.tk[h.w0].start
	w1 := len(st.s)
	if h.w1 < len(st.tk) {
		w1 = st.tk[h.w1].start
	}
	if h.w0 < cs {
		from = w1
		w0 = w1
	}
	var b strings.Builder
	b.WriteString(st.s[from:w0])
	if h.repl != "" {
		b.WriteString(h.repl)
		b.WriteByte(' ')
	}
	b.WriteString(st.s[w1:])
	return strings.Join(strings.Fields(b.String()), " ")
}

// span returns the text of tokens [a, b).
func (st *state) span(a, b int) string {
	if a >= b || a >= len(st.tk) {
		return ""
	}
	return st.s[st.tk[a].start:st.tk[b-1].end]
}
