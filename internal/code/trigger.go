package code

import "github.com/georisk/georisk/internal/text"

// trig is a pattern matched in the current sentence.
type trig struct {
	p      *pattern
	t0, t1 int    // token range of the matched phrase
	code   string // after composition and the tense rules
	score  int
	slotT  int // actor bound by [TGT], or -1
	slotS  int // actor bound by [SRC], or -1

	neg, passive, future, modal bool
	cond                        bool // "if" or "unless" follows in the clause
	reduced                     bool // a participle qualifying a noun: "brandy imported from the EU"
	nominal                     bool // a noun: "the visit", "China's blockade", a @noun pattern
	background                  bool // a noun that only dates the main clause: "since the invasion"
	place                       int  // a place skipped as target ("met in Bali"), or -1
	gapActor                    int  // first actor a "*" skipped ("expelled the French ambassador"), or -1

	src, tgt       int // first actor of the source and target compounds, or -1
	srcHow, tgtHow uint8
	carried        role // a target carried over from an earlier sentence
	comp           int  // the complement this trigger absorbed, or -1
	absorbed       bool // absorbed as the complement of an earlier trigger
}

// How a role was found; explanations and confidence depend on it.
const (
	howNone    uint8 = iota
	howDirect        // the subject or object of the phrase
	howSlot          // bound by a [TGT] or [SRC] slot
	howCoord         // the subject of a coordinated verb: "X accused Y … and criticized Y"
	howBy            // the agent after "by"
	howCarry         // the target of the source's previous event
	howTopic         // the author of "the move": the first actor of the previous sentence
	howSpeaker       // the speaker of a reported accusation
	howCoref         // a pronoun or noun resolved to an earlier actor
	howAbout         // the first actor a statement names
)

// matchTriggers finds the patterns of the sentence, left to right, taking
// at each word the best pattern that starts there; the words it covers
// cannot start another.
func (st *state) matchTriggers() {
	ps := st.c.pats
	n := len(st.tk)
	for i := 0; i < n; {
		k := &st.tk[i]
		if k.id < 0 || int(k.id) >= len(ps.anchors) || len(ps.anchors[k.id]) == 0 || !st.wordOK(i) {
			i++
			continue
		}
		// A capitalized word inside a sentence is a name ("March", "Rally
		// for the Republic"), unless the sentence is a headline.
		if k.title && i != st.first && !st.headline && !st.afterQuote(i) {
			i++
			continue
		}
		best := trig{slotT: -1, slotS: -1, comp: -1}
		bestIdx := int32(-1)
		for _, pi := range ps.anchors[k.id] {
			p := ps.list[pi]
			r := matchRes{tgt: -1, src: -1, gapActor: -1}
			if !st.match(p, 0, i, &r) {
				continue
			}
			if bestIdx >= 0 && !better(r.score, r.end, p, pi, best.score, best.t1, best.p, bestIdx) {
				continue
			}
			best = trig{p: p, t0: i, t1: r.end, code: p.code, score: r.score, slotT: r.tgt, slotS: r.src, comp: -1, src: -1, tgt: -1, gapActor: r.gapActor, place: -1}
			bestIdx = pi
		}
		if bestIdx < 0 {
			i++
			continue
		}
		ti := len(st.trigs)
		for t := best.t0; t < best.t1; t++ {
			if st.tk[t].actor < 0 {
				st.tk[t].trig = ti
			}
		}
		st.trigs = append(st.trigs, best)
		i = best.t1
	}
}

// better reports whether pattern p matching with score s up to token end
// beats the best so far: the match with more words wins, then the one that
// reaches further, then the more specific code, then the earlier pattern.
func better(s, end int, p *pattern, pi int32, bs, bend int, bp *pattern, bi int32) bool {
	if s != bs {
		return s > bs
	}
	if end != bend {
		return end > bend
	}
	if a, b := specificity(p.code), specificity(bp.code); a != b {
		return a > b
	}
	return pi < bi
}

func (st *state) afterQuote(i int) bool {
	return i > 0 && st.tk[i-1].kind == text.Quote
}

// wordOK reports whether token i can be a word of a pattern.
func (st *state) wordOK(i int) bool {
	k := &st.tk[i]
	return k.kind == text.Word && k.actor < 0 && !k.opaque && k.trig < 0
}

// gapOK reports whether token i can be skipped by a "*".
func (st *state) gapOK(i int) bool {
	k := &st.tk[i]
	return (k.kind == text.Word || k.kind == text.Number) && k.actor < 0 && !k.opaque &&
		k.class&wcClause == 0
}

type matchRes struct {
	end      int
	score    int
	tgt, src int
	gapActor int
}

// match matches the elements of p from ei on, at token ti. It backtracks
// over optional elements and gaps; patterns are short, so the search is
// small and bounded.
func (st *state) match(p *pattern, ei, ti int, r *matchRes) bool {
	if ei == len(p.elems) {
		r.end = ti
		return true
	}
	n := len(st.tk)
	e := &p.elems[ei]
	switch e.kind {
	case elemWord:
		if ti < n && st.wordOK(ti) && containsID(e.words, st.tk[ti].id) {
			w := 2
			if e.optional {
				w = 1
			}
			r.score += w
			if st.match(p, ei+1, ti+1, r) {
				return true
			}
			r.score -= w
		}
		if e.optional {
			return st.match(p, ei+1, ti, r)
		}
		return false
	case elemGap:
		// A gap skips up to maxGap words; an actor in it counts as one word
		// ("expelled the French ambassador").
		save := r.gapActor
		for g, j := 0, ti; g <= maxGap; g++ {
			if st.match(p, ei+1, j, r) {
				return true
			}
			if j >= n {
				break
			}
			if a := st.tk[j].actor; a >= 0 && !st.tk[j].opaque && st.acts[a].t0 == j {
				if r.gapActor < 0 {
					r.gapActor = st.acts[a].group
				}
				j = st.acts[a].t1
				continue
			}
			if !st.gapOK(j) {
				break
			}
			j++
		}
		r.gapActor = save
		return false
	default: // a slot
		j := ti
		if j < n && st.tk[j].actor < 0 && st.tk[j].class&wcDet != 0 && st.tk[j].kind == text.Word {
			j++
		}
		if j < n && st.tk[j].actor >= 0 && !st.tk[j].opaque {
			a := st.tk[j].actor
			if st.acts[a].t0 == j {
				end := st.acts[st.lastOf(st.acts[a].group)].t1
				if st.acts[a].group != a {
					end = st.acts[a].t1
				}
				saveT, saveS := r.tgt, r.src
				if e.kind == elemTgt {
					r.tgt = st.acts[a].group
				} else {
					r.src = st.acts[a].group
				}
				r.score++
				if st.match(p, ei+1, end, r) {
					return true
				}
				r.score--
				r.tgt, r.src = saveT, saveS
			}
		}
		if e.optional {
			return st.match(p, ei+1, ti, r)
		}
		return false
	}
}

// specificity ranks codes: a 4-digit code, then a 3-digit one, then one
// ending in 0 (CAMEO's "not otherwise specified"), then none.
func specificity(code string) int {
	switch {
	case code == "":
		return 0
	case len(code) == 4:
		return 3
	case code[len(code)-1] != '0':
		return 2
	}
	return 1
}
