package code

import (
	"strings"

	"github.com/georisk/georisk/internal/text"
)

// Role rules. Every rule looks at a bounded window of tokens, so a sentence
// costs time linear in its length.
const (
	subjectWindow = 40 // tokens to the left searched for a subject
	objectWords   = 8  // plain words to the right searched for an object
	compWords     = 8  // plain words allowed between a head and its complement
	carryWindow   = 3  // sentences back for a carried target
)

// roles sets the tense, negation, voice, complement and roles of every
// trigger of the sentence.
func (st *state) roles() {
	for i := range st.trigs {
		st.modifiers(i)
	}
	// Right to left, so that a chain of heads ("warned that it would
	// consider downgrading relations") composes from the inside out.
	for i := len(st.trigs) - 1; i >= 0; i-- {
		st.complement(i)
	}
	for i := range st.trigs {
		t := &st.trigs[i]
		if t.p.code == "" || t.absorbed {
			continue
		}
		st.assign(i)
	}
}

// modifiers reads the words before a trigger: negation ("did not
// attack"), the passive ("was attacked"), the future ("will meet") and
// hypothetical modals ("could attack").
func (st *state) modifiers(i int) {
	t := &st.trigs[i]
	if t.p.code == "" {
		return
	}
	be := false
	// A verb after an article, possibly with one modifier between, is a
	// noun: "the visit", "a state visit", "its fight".
	t.nominal = t.p.has(flagNoun)
	for j := t.t0 - 1; !t.nominal && j >= 0 && j >= t.t0-3; j-- {
		k := &st.tk[j]
		if k.actor >= 0 {
			break
		}
		if k.class&wcArticle != 0 {
			t.nominal = true // "the 7 October attack", "a state visit"
			break
		}
		if !(k.kind == text.Number || st.plain(j) && !k.ly) {
			break
		}
	}
	// A gerund after a preposition ("for supporting", "by sailing") is a
	// noun too: its subject is not the sentence's.
	if !t.nominal && st.is(t.t0-1, wcPrep) && st.tk[t.t0-1].actor < 0 && st.endsING(t.t0) {
		t.nominal = true
	}
	skip := 1 // plain words the look-back may cross: "no secret plan", "would pay a state visit"
	if t.nominal {
		skip = 3
	}
loop:
	for j, n := t.t0-1, 0; j >= 0 && n < 4+skip; j, n = j-1, n+1 {
		k := &st.tk[j]
		if k.actor >= 0 || k.trig >= 0 || k.kind != text.Word {
			break
		}
		c := k.class
		switch {
		case c&wcNeg != 0:
			t.neg = true
		case c&(wcBe|wcGet) != 0:
			be = true
		case c&wcFuture != 0:
			t.future = true
		case c&wcModal != 0:
			t.modal = true
		case c&wcTo != 0:
			if j > 0 && st.tk[j-1].class&wcFail != 0 {
				t.neg = true
			}
			break loop
		case k.ly || c&wcAux != 0:
		case skip > 0 && (c&(wcArticle|wcDet) != 0 || st.plain(j)):
			skip--
		default:
			break loop
		}
	}
	part := st.tk[t.t0].class&wcPart != 0
	t.passive = be && !t.p.has(flagNoun) && part
	// A participle followed by "by" and an actor is a passive too: "a deal
	// brokered by China".
	if !t.passive && part && !t.p.has(flagNoun) && st.is(t.t1, wcBy) && t.t1+1 < len(st.tk) && st.tk[t.t1+1].actor >= 0 {
		t.passive = true
	}
	if t.passive {
		t.nominal = false
	}
	// A participle right after the noun an earlier verb governs qualifies
	// that noun ("opened an investigation into brandy imported from the
	// EU", "sanctioned companies accused of helping Russia"): no event.
	if !t.passive && part && !t.p.has(flagNoun) && !be && (i > 0 || st.is(t.t0-2, wcArticle)) && t.t0 > 0 && st.plain(t.t0-1) &&
		!st.tk[t.t0-1].title && !st.tk[t.t0-1].ly && st.is(t.t1, wcPrep) &&
		strings.HasSuffix(st.s[st.tk[t.t0].start:st.tk[t.t0].end], "ed") {
		t.reduced = true
	}
	// A verb after a possessive, when it is not a participle, is a noun:
	// "China's blockade" (but "NATO's declared stance" is an adjective, and
	// "NATO's calling out" a gerund).
	if !t.nominal && t.t0 > 0 {
		if a := st.tk[t.t0-1].actor; a >= 0 && st.acts[a].poss && st.acts[a].t1 == t.t0 &&
			st.tk[t.t0].class&wcPart == 0 && !st.endsING(t.t0) {
			t.nominal = true
		}
	}
	// A condition after the verb makes a future act a threat: "would
	// impose sanctions if".
	for j := t.t1; j < len(st.tk) && j-t.t1 < 15; j++ {
		k := &st.tk[j]
		if k.kind == text.Punct && (st.s[k.start] == ';' || st.s[k.start] == '.') {
			break
		}
		if k.class&wcIf != 0 && k.actor < 0 {
			t.cond = true
			break
		}
	}
	// A conditional clause is hypothetical: "if Israel launched a war".
	for j := t.t0 - 1; j >= 0 && t.t0-j <= 12; j-- {
		k := &st.tk[j]
		if k.kind == text.Punct && st.s[k.start] != '-' || k.trig >= 0 && k.trig != i {
			break
		}
		if k.class&wcIf != 0 && k.actor < 0 {
			t.modal = true
			break
		}
	}
	// A noun after "since", "after"… dates the main clause: "since the
	// invasion" is background.
	if t.nominal {
		for j := t.t0 - 1; j >= 0 && t.t0-j <= 4; j-- {
			k := &st.tk[j]
			if k.class&wcBack != 0 && k.actor < 0 {
				t.background = true
				break
			}
			if k.kind != text.Word || k.trig >= 0 {
				break
			}
		}
	}
}

// complement lets a head that takes a complement absorb the trigger that
// follows it: "urged Russia to release the crew", "threatened to impose
// sanctions on", "agreed to meet".
func (st *state) complement(i int) {
	h := &st.trigs[i]
	if h.p.code == "" || h.absorbed || !h.p.has(flagComp) || i+1 >= len(st.trigs) {
		return
	}
	k := &st.trigs[i+1]
	if k.p.code == "" {
		return
	}
	words, end := 0, false
	for t := h.t1; t < k.t0; t++ {
		tk := &st.tk[t]
		if tk.opaque {
			return
		}
		if tk.actor >= 0 {
			continue
		}
		// "and" or a comma joins a second verb, not a complement, unless it
		// joins actors: "urged Russia and Ukraine to".
		joinsActors := t+1 < len(st.tk) && st.tk[t+1].actor >= 0
		switch tk.kind {
		case text.Word:
			if tk.class&wcClause != 0 && tk.class&wcThat == 0 || tk.class&wcAnd != 0 && !joinsActors {
				return
			}
			if tk.class&wcEnd != 0 {
				end = true
			}
			words++
		case text.Number:
			words++
		case text.Punct:
			if st.s[tk.start] != ',' || !joinsActors {
				return
			}
		default:
			return
		}
	}
	if words > compWords {
		return
	}
	h.comp = i + 1
	k.absorbed = true
	if k.neg {
		return
	}
	// The complement's own code, or, when that says nothing to the head,
	// the code of what the complement absorbed in turn.
	for c := k; c != nil; {
		if code := composeCode(h.code, c.code, end); code != "" {
			h.code = code
			break
		}
		if code := composeCode(h.code, c.p.code, end); code != "" && c.p.code != c.code {
			h.code = code
			break
		}
		if c.comp < 0 {
			break
		}
		c = &st.trigs[c.comp]
	}
}

// assign finds the source and target of trigger i.
func (st *state) assign(i int) {
	t := &st.trigs[i]
	p := t.p
	noun := t.nominal
	speech := p.has(flagSpeech)
	switch {
	case p.has(flagBlame):
		// "X said that Y was responsible for…": X accuses Y.
		for j := i - 1; j >= 0; j-- {
			if o := &st.trigs[j]; o.p.has(flagSpeech) && o.src >= 0 && !o.absorbed {
				t.src, t.srcHow = o.src, howSpeaker
				t.tgt, t.tgtHow = st.subject(i, o.t1, true)
				break
			}
		}
	case t.passive:
		t.tgt, t.tgtHow = st.subject(i, 0, false)
		t.src = st.byAgent(t.t1)
		if t.src >= 0 {
			t.srcHow = howBy
		}
	case p.has(flagSwap):
		t.tgt, t.tgtHow = st.subject(i, 0, false)
		t.src = st.object(i, t.t1, len(st.tk), false)
		if t.src >= 0 {
			t.srcHow = howDirect
		}
	default:
		t.src, t.srcHow = st.subject(i, 0, false)
		if t.src < 0 {
			if t.src = st.byAgent(t.t1); t.src >= 0 {
				t.srcHow = howBy
			}
		}
		if t.src < 0 && t.t0 == st.first && st.endsING(t.t0) {
			t.src = st.afterComma(t.t1) // "Visiting Seoul on Monday, Stoltenberg urged…"
		}
		if t.src < 0 && speech && (t.t0 == 0 || st.tk[t.t0-1].kind != text.Word) {
			// `“…,” said the ministry`, not "Analysts say Budapest's …".
			t.src = st.inverted(t.t1)
			if t.src >= 0 {
				t.srcHow = howDirect
			}
		}
	}
	if t.slotS >= 0 {
		t.src, t.srcHow = t.slotS, howSlot
	}
	if t.slotT >= 0 {
		t.tgt, t.tgtHow = t.slotT, howSlot
	} else if t.tgt < 0 && !t.passive && !p.has(flagSwap|flagBlame|flagSpeech|flagNoTgt) {
		limit := len(st.tk)
		if t.comp >= 0 {
			limit = st.trigs[t.comp].t0
			// "demanded that Hamas release", "urged Russia to": the actor
			// between the head and its complement.
			for j := t.t1; j < limit; j++ {
				if a := st.tk[j].actor; a >= 0 && !st.acts[a].opaque && st.acts[a].country != "" &&
					(t.src < 0 || !st.same(t.src, st.acts[a].group)) {
					t.tgt = st.acts[a].group
					break
				}
			}
		}
		if t.tgt < 0 {
			t.tgt = st.object(i, t.t1, limit, noun)
		}
		if t.tgt < 0 && t.comp >= 0 {
			c := &st.trigs[t.comp]
			if c.slotT >= 0 {
				t.tgt = c.slotT
			} else {
				t.tgt = st.object(t.comp, c.t1, len(st.tk), c.nominal)
			}
		}
		if g := t.gapActor; t.tgt < 0 && g >= 0 && !st.acts[g].opaque && st.acts[g].country != "" &&
			(t.src < 0 || !st.same(t.src, g) && !(bare(st.acts[g].role) && st.acts[g].country == st.acts[t.src].country)) {
			t.tgt = g // "expelled the French ambassador"
		}
		if t.tgt >= 0 {
			t.tgtHow = howDirect
		}
	}
	if t.src >= 0 && t.tgt >= 0 && st.same(t.src, t.tgt) {
		t.tgt, t.tgtHow = -1, howNone
	}
	// A plain statement is about the first other actor it names: "the
	// office said … Taiwan is part of China".
	if speech && t.code == "010" && t.tgt < 0 && t.src >= 0 {
		for a := range st.acts {
			o := &st.acts[a]
			if o.t0 < t.t1 || o.opaque || o.country == "" || o.country == st.acts[t.src].country || st.same(t.src, o.group) {
				continue
			}
			t.tgt, t.tgtHow = o.group, howAbout
			break
		}
	}
	if t.tgt < 0 && t.src >= 0 && !speech {
		st.carryTarget(i)
	}
	// Remember who did what, for the subjects of later verbs and for
	// coreference in later sentences.
	if t.tgt >= 0 && t.tgtHow != howAbout {
		for m := t.tgt; m < len(st.acts) && st.acts[m].group == t.tgt; m++ {
			if st.acts[m].targetOf < 0 {
				st.acts[m].targetOf = i
			}
		}
	}
	if t.src >= 0 {
		verbal := speech || isVerbal(t.code)
		for m := t.src; m < len(st.acts) && st.acts[m].group == t.src; m++ {
			st.acts[m].subject = true
			if verbal {
				st.acts[m].speaker = true
			}
		}
	}
}

// isVerbal reports whether a code is a statement, appeal, demand,
// disapproval, rejection or threat.
func isVerbal(code string) bool {
	switch code[:2] {
	case "01", "02", "10", "11", "12", "13":
		return true
	}
	return false
}

// carryTarget gives a conflictual verbal event with no object a target
// from context: the target of the source's previous event ("China's Mission
// warned, “…”" after China criticized NATO), or, when the object is an
// abstract noun ("blocked the move"), the first actor of the previous
// sentence, whose move it was.
func (st *state) carryTarget(i int) {
	t := &st.trigs[i]
	switch t.code[:2] {
	case "10", "11", "12", "13", "16":
	default:
		return
	}
	src := &st.acts[t.src]
	if r, ok := st.mem.carry(st.idx, carryWindow, src.country); ok && r.code != src.code && r.country != src.country {
		t.carried, t.tgtHow = r, howCarry
		return
	}
	if !st.abstractObject(t.t1) {
		return
	}
	m := &st.mem
	if m.hasPrev && m.prev.sent == st.idx-1 && m.prev.country != src.country && m.prev.code != "" {
		t.carried, t.tgtHow = m.prev.role, howTopic
	}
}

// abstractObject reports whether the object after token from is an
// abstract noun standing for someone's act: "the move", "the proposal".
func (st *state) abstractObject(from int) bool {
	for j := from; j < len(st.tk) && j < from+3; j++ {
		k := &st.tk[j]
		if k.class&wcAbstract != 0 {
			return true
		}
		if k.class&wcDet == 0 {
			return false
		}
	}
	return false
}

// same reports whether two compounds are the same actor.
func (st *state) same(a, b int) bool {
	if a == b {
		return true
	}
	return st.acts[a].code == st.acts[b].code && st.lastOf(a) == a && st.lastOf(b) == b
}

// subject finds the source of trigger i: the nearest actor to its left,
// within the clause, that is not the object of a preposition, nor a
// possessive qualifying another noun, nor the object of an earlier verb
// (for whose subject it then stands: "X accused Y of … and criticized
// Y"). lo bounds the search. With blame set, possessives and objects are
// taken as they are ("France and Germany's blocking … was responsible").
func (st *state) subject(i, lo int, blame bool) (int, uint8) {
	t := &st.trigs[i]
	noun := t.nominal
	// A possessive right before a verb makes it a gerund ("NATO's calling
	// out") or an adjective ("NATO's declared stance"): only the gerund is
	// an act.
	gerund := noun || st.endsING(t.t0)
	// The subject of a noun further left is that of a light verb ("X held
	// talks"), unless another event's verb stands between ("X protested
	// the visit").
	between := false
	// An infinitive no head absorbed ("the US agreement to sell") takes the
	// nearest actor, even after a preposition.
	inf := !t.absorbed && st.is(t.t0-1, wcTo)
	window := subjectWindow
	if inf {
		window = 10
		blame = true
	}
	near := true // only auxiliaries and adverbs so far
	for j := t.t0 - 1; j >= lo && t.t0-j <= window; j-- {
		k := &st.tk[j]
		if k.kind == text.Punct && st.s[k.start] == ';' {
			break
		}
		if k.actor < 0 {
			// A relative pronoun right before the verb: the subject is the
			// noun before it ("the strike that killed", "NATO, which
			// said"), an actor or nothing.
			if near && k.kind == text.Word && k.class&(wcThat|wcRel) != 0 && !noun {
				if k.class&wcRel == 0 && st.afterSpeech(j) {
					// "said that it had detained": a complementizer, whose
					// clause reads as if it were not there.
					continue
				}
				b := j - 1
				if st.punct(b) == ',' {
					b--
				}
				if b >= 0 && st.tk[b].actor >= 0 && !st.acts[st.tk[b].actor].opaque && st.acts[st.tk[b].actor].country != "" {
					return st.acts[st.tk[b].actor].group, howDirect
				}
				return -1, howNone
			}
			if !(k.kind == text.Word && (k.class&(wcAux|wcNeg|wcFuture|wcModal) != 0 || k.ly)) {
				near = false
			}
			if k.trig >= 0 && k.trig != i && st.trigs[k.trig].p.code != "" {
				between = true
			}
			if noun && k.kind == text.Word && k.class&wcClause != 0 {
				return -1, howNone // "concluded that a ban…": the ban is nobody's
			}
			continue
		}
		a := &st.acts[k.actor]
		j = a.t0
		if a.opaque || a.country == "" {
			continue
		}
		g := a.group
		last := &st.acts[st.lastOf(g)]
		// Right before the trigger, a possessive or a noun's modifier is its
		// subject whatever comes before it: "NATO's calling out",
		// "opposition to China's blockade", "a Russian missile strike".
		adjacent := last.t1 == t.t0 || noun && last.t1 == t.t0-1 && st.plain(t.t0-1)
		if adjacent && (last.poss && gerund || noun) {
			return g, how(a)
		}
		if adjacent && last.poss {
			return -1, howNone // "NATO's declared stance"
		}
		if a.prep != 0 && !(inf && a.prep&wcBy == 0 && st.plainRun(last.t1, t.t0-1, 3)) && !st.quantified(g) {
			continue
		}
		if noun && between {
			return -1, howNone
		}
		if blame {
			return g, how(a)
		}
		if last.poss && !adjacent && !st.is(last.t1, wcAgentNoun) {
			continue
		}
		if a.targetOf >= 0 && a.targetOf != i {
			// "X accused Y … and criticized Y"; "X summoned Y to express":
			// the object stands for its verb's subject.
			if o := &st.trigs[a.targetOf]; o.src >= 0 && (inf || st.coordinated(last.t1, t.t0)) {
				return o.src, howCoord
			}
			continue
		}
		return g, how(a)
	}
	return -1, howNone
}

// afterSpeech reports whether the word at j follows a speech verb, with
// only a few words and no actor between: "said on Thursday that".
func (st *state) afterSpeech(j int) bool {
	for b := j - 1; b >= 0 && j-b <= 5; b-- {
		k := &st.tk[b]
		if k.actor >= 0 || k.kind == text.Punct {
			return false
		}
		if k.trig >= 0 {
			return st.trigs[k.trig].p.has(flagSpeech)
		}
	}
	return false
}

// quantified reports whether actor g is counted: "thousands of Georgians",
// "hundreds of protesters", whose "of" does not make it an object.
func (st *state) quantified(g int) bool {
	i := st.acts[g].t0
	return i >= 2 && st.isWord(i-1, ofWord) && st.isWord(i-2, quantityWords)
}

var ofWord = map[string]bool{"of": true}

var quantityWords = map[string]bool{
	"tens": true, "hundreds": true, "thousands": true, "millions": true, "dozens": true, "scores": true,
}

func how(a *act) uint8 {
	if a.coref {
		return howCoref
	}
	return howDirect
}

// plain reports whether token i is an ordinary word: not a function word,
// actor or trigger.
func (st *state) plain(i int) bool {
	k := &st.tk[i]
	return k.kind == text.Word && k.actor < 0 && k.trig < 0 && k.class&^wcPart == 0
}

// object finds the target of trigger i: the nearest actor to the right of
// from, before limit, within the clause. For a noun the actor must follow
// a preposition ("talks with", "the blockade of").
func (st *state) object(i, from, limit int, noun bool) int {
	t := &st.trigs[i]
	words := 0
	for j := from; j < limit && j < len(st.tk); j++ {
		k := &st.tk[j]
		if k.opaque {
			return -1
		}
		if k.actor >= 0 {
			a := &st.acts[k.actor]
			g := a.group
			j = st.acts[st.lastOf(g)].t1 - 1
			switch {
			case a.prep&wcBy != 0:
				continue // an agent: "the attack on X by Y"
			case noun && a.prep&wcNounPrep == 0:
				if a.prep == 0 {
					return -1 // a new subject
				}
				continue
			case a.country == "" && (t.src < 0 || st.acts[t.src].country == "" || a.kind != ActorAgent):
				continue // an agent of no country ("the military") cannot be coded
			case a.prep&wcLoc != 0 && !(a.prep&wcNounPrep != 0 && noun) && t.code[:2] <= "05" && st.place(g):
				if t.place < 0 {
					t.place = g
				}
				continue // a place: "talks in Beijing"

			case t.src >= 0 && st.same(t.src, g):
				continue
			case t.src >= 0 && bare(a.role) && a.country == st.acts[t.src].country:
				continue // "China's Mission … China's positions"
			}
			return g
		}
		if o := k.trig; o >= 0 && o != i && st.trigs[o].p.code != "" && !st.trigs[o].nominal && !st.trigs[o].reduced {
			return -1
		}
		switch k.kind {
		case text.Punct:
			if c := st.s[k.start]; c != ',' && c != '-' {
				return -1
			}
		case text.Word:
			if k.class&wcClause != 0 {
				return -1
			}
			if k.class&wcTo != 0 && j+1 < len(st.tk) {
				n := &st.tk[j+1]
				if n.kind == text.Word && n.actor < 0 && n.class&(wcDet|wcPrep|wcPronoun) == 0 && !n.title {
					return -1 // an infinitive: "ways to respond to China"
				}
			}
			if k.class&(wcDet|wcPrep) == 0 {
				words++
			}
			if words > objectWords {
				return -1
			}
		}
	}
	return -1
}

// byAgent finds the actor after "by" to the right of token from: the
// source of a passive or of a noun ("the blockade of X by Y").
func (st *state) byAgent(from int) int {
	for j := from; j < len(st.tk) && j < from+objectWords; j++ {
		k := &st.tk[j]
		if k.opaque || k.class&wcClause != 0 {
			return -1
		}
		if k.actor >= 0 {
			a := &st.acts[k.actor]
			if a.prep&wcBy != 0 && !a.opaque && a.country != "" {
				return a.group
			}
			j = a.t1 - 1
			continue
		}
		if k.kind == text.Punct && st.s[k.start] != ',' {
			return -1
		}
	}
	return -1
}

// afterComma returns the first actor after the next comma: the subject of
// the main clause after an opening participle.
func (st *state) afterComma(from int) int {
	for j := from; j < len(st.tk); j++ {
		if st.punct(j) != ',' {
			continue
		}
		for k := j + 1; k < len(st.tk) && k <= j+4; k++ {
			if a := st.tk[k].actor; a >= 0 && st.acts[a].prep == 0 && st.acts[a].country != "" && !st.acts[a].opaque {
				return st.acts[a].group
			}
		}
		return -1
	}
	return -1
}

// inverted finds the speaker after a speech verb: `“…,” said the ministry`.
func (st *state) inverted(from int) int {
	for j := from; j < len(st.tk) && j < from+2; j++ {
		if a := st.tk[j].actor; a >= 0 && !st.acts[a].opaque && st.acts[a].t0 == j && !st.acts[st.lastOf(st.acts[a].group)].poss {
			return st.acts[a].group
		}
	}
	return -1
}

// plainRun reports whether tokens [a, b) are at most n plain words: "the
// US [final agreement] to sell".
func (st *state) plainRun(a, b, n int) bool {
	if b-a > n {
		return false
	}
	for j := a; j < b; j++ {
		if !st.plain(j) {
			return false
		}
	}
	return true
}

// endsING reports whether token i ends in "ing".
func (st *state) endsING(i int) bool {
	w := st.s[st.tk[i].start:st.tk[i].end]
	n := len(w)
	return n > 4 && (w[n-3:] == "ing" || w[n-3:] == "ING")
}

// coordinated reports whether the tokens [a, b) join two verbs of one
// subject: "and", "but" or a comma among them.
func (st *state) coordinated(a, b int) bool {
	for j := a; j < b; j++ {
		if st.is(j, wcAnd) || st.punct(j) == ',' {
			return true
		}
		if w := st.s[st.tk[j].start:st.tk[j].end]; w == "but" {
			return true
		}
	}
	return false
}

// violent reports whether a code is a use or show of force, whose target
// may be a place ("airstrikes in Gaza").
func violent(code string) bool {
	return code[:2] >= "15" && code[:2] <= "20" && code[:2] != "16"
}

// place reports whether actor g can be a place: a country, or a one-word
// agent such as a capital ("in Beijing"), but not an IGO or a document
// ("in the communiqué").
func (st *state) place(g int) bool {
	a := &st.acts[g]
	if a.coref {
		return false
	}
	return a.kind == ActorCountry || a.kind == ActorAgent && !strings.ContainsAny(a.text, " ")
}
