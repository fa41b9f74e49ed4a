package code

import (
	"strings"

	"github.com/georisk/georisk/internal/text"
)

// Coreference is deliberately small, so that every resolution can be
// explained in one line:
//
//   - "he", "his", "him", "she", "her" → the last person named, within
//     personWindow sentences;
//   - "it", "its" → the last non-person actor that was the subject of a
//     verb in the same paragraph, within itWindow sentences, else the first
//     actor of the previous sentence;
//   - "the alliance", "the bloc", "the organization", "the summit", "the
//     communiqué", "the declaration" → the last IGO named, within
//     nounWindow sentences;
//   - "the ministry", "the mission", "the embassy" → the last actor whose
//     name has that word, else the last government;
//   - "the government", "the administration", "the cabinet", "the
//     spokesman" → the last government actor (code …GOV);
//   - "the statement" → the last speaker;
//   - "the president", "the minister", "the leader" → the last person
//     named, else the last government.
//
// A country adjective before the noun narrows the search to that country:
// "the Chinese statement" is the last Chinese speaker.
const (
	personWindow = 8
	itWindow     = 3
	nounWindow   = 12
)

// memActor is an actor remembered from an earlier sentence.
type memActor struct {
	role
	sent, para       int
	subject, speaker bool
}

// memEvent is a recent event, remembered so that a later sentence of the
// same source can take its target ("China's Mission warned, “…”").
type memEvent struct {
	sent          int
	sourceCountry string
	target        role
}

type memory struct {
	ring    [48]memActor
	n       int
	events  [8]memEvent
	ne      int
	prev    memActor // the first actor of the last sentence that had one
	hasPrev bool
}

func (m *memory) reset() {
	m.n, m.ne, m.hasPrev = 0, 0, false
}

func (m *memory) push(a memActor) {
	m.ring[m.n%len(m.ring)] = a
	m.n++
}

func (m *memory) pushEvent(e memEvent) {
	m.events[m.ne%len(m.events)] = e
	m.ne++
}

// find returns the most recent remembered actor, at most back sentences
// before cur, that satisfies ok.
func (m *memory) find(cur, back int, ok func(*memActor) bool) (memActor, bool) {
	for i := m.n - 1; i >= 0 && i >= m.n-len(m.ring); i-- {
		a := &m.ring[i%len(m.ring)]
		if cur-a.sent > back {
			break
		}
		if ok(a) {
			return *a, true
		}
	}
	return memActor{}, false
}

// carry returns the target of the latest event whose source is of the
// given country, at most back sentences before cur.
func (m *memory) carry(cur, back int, country string) (role, bool) {
	for i := m.ne - 1; i >= 0 && i >= m.ne-len(m.events); i-- {
		e := &m.events[i%len(m.events)]
		if cur-e.sent > back {
			break
		}
		if e.sourceCountry == country && e.target.code != "" {
			return e.target, true
		}
	}
	return role{}, false
}

func isGov(code string) bool    { return len(code) > 3 && strings.HasSuffix(code, "GOV") }
func isIGO(code string) bool    { return strings.HasPrefix(code, "IGO") }
func bare(r role) bool          { return r.code == r.country && r.kind == ActorCountry }
func isPerson(a *memActor) bool { return a.kind == ActorPerson }

// coref adds the pronouns and nouns of the sentence that refer to actors of
// earlier sentences.
func (st *state) coref() {
	n0 := len(st.acts)
	for t := range st.tk {
		k := &st.tk[t]
		if k.class&(wcPronoun|wcCorefNoun) == 0 || k.actor >= 0 || k.opaque || k.kind != text.Word {
			continue
		}
		st.buf = lowerKey(st.buf[:0], st.s[k.start:k.end])
		w := st.buf
		if k.class&wcPronoun != 0 {
			r, ok := st.resolvePronoun(w)
			if !ok {
				continue
			}
			a := act{t0: t, t1: t + 1, start: k.start, end: k.end, coref: true, targetOf: -1}
			a.role = corefRole(r, st.s[k.start:k.end])
			a.poss = string(w) == "its" || string(w) == "his" || string(w) == "her" && t+1 < len(st.tk) && st.tk[t+1].kind == text.Word && st.tk[t+1].class&(wcPrep|wcDet) == 0
			st.acts = append(st.acts, a)
			continue
		}
		// A noun: "the ministry", "the foreign ministry", "the Chinese statement".
		p := t - 1
		if p >= 0 && st.tk[p].actor >= 0 && st.tk[p].actor < n0 {
			ai := st.tk[p].actor
			a := &st.acts[ai]
			if a.t1 == t && bare(a.role) {
				if r, ok := st.resolveNoun(w, a.country); ok {
					a.role = corefRole(r, st.s[a.start:k.end])
					a.t1, a.end, a.coref = t+1, k.end, true
					k.actor = ai
				}
			}
			continue
		}
		start := -1
		if p >= 0 && st.isThe(p) {
			start = p
		} else if p >= 1 && st.isThe(p-1) && st.tk[p].kind == text.Word && st.tk[p].actor < 0 && st.tk[p].class == 0 {
			start = p - 1 // one modifier: "the foreign ministry"
		}
		if start < 0 {
			continue
		}
		r, ok := st.resolveNoun(w, "")
		if !ok {
			continue
		}
		a := act{t0: start, t1: t + 1, start: st.tk[start].start, end: k.end, coref: true, targetOf: -1}
		a.role = corefRole(r, st.s[a.start:a.end])
		st.acts = append(st.acts, a)
	}
	if len(st.acts) == n0 {
		return
	}
	// Merge the new actors into token order (insertion: a sentence has few).
	for i := n0; i < len(st.acts); i++ {
		for j := i; j > 0 && st.acts[j-1].t0 > st.acts[j].t0; j-- {
			st.acts[j-1], st.acts[j] = st.acts[j], st.acts[j-1]
		}
	}
	for t := range st.tk {
		st.tk[t].actor = -1
	}
	for i := range st.acts {
		for t := st.acts[i].t0; t < st.acts[i].t1; t++ {
			st.tk[t].actor = i
		}
	}
	st.linkActors()
}

func (st *state) isThe(i int) bool {
	if st.tk[i].kind != text.Word || st.tk[i].actor >= 0 {
		return false
	}
	w := st.s[st.tk[i].start:st.tk[i].end]
	return strings.EqualFold(w, "the") || strings.EqualFold(w, "this")
}

func (st *state) resolvePronoun(w []byte) (role, bool) {
	m := &st.mem
	switch string(w) {
	case "he", "his", "him", "she", "her":
		a, ok := m.find(st.idx, personWindow, isPerson)
		return a.role, ok
	case "it", "its":
		para := st.para
		a, ok := m.find(st.idx, itWindow, func(a *memActor) bool {
			return a.para == para && a.subject && a.kind != ActorPerson
		})
		if ok {
			return a.role, true
		}
		if m.hasPrev && m.prev.sent == st.idx-1 && m.prev.para == st.para && m.prev.kind != ActorPerson {
			return m.prev.role, true
		}
	}
	return role{}, false
}

// resolveNoun resolves a coreferent noun, of the given country if country
// is not "".
func (st *state) resolveNoun(w []byte, country string) (role, bool) {
	m := &st.mem
	in := func(a *memActor) bool { return country == "" || a.country == country }
	var a memActor
	var ok bool
	switch string(w) {
	case "alliance", "bloc", "organization", "organisation", "summit", "communiqué", "communique", "declaration":
		a, ok = m.find(st.idx, nounWindow, func(a *memActor) bool { return isIGO(a.code) && in(a) })
	case "ministry", "mission", "embassy":
		word := string(w)
		a, ok = m.find(st.idx, nounWindow, func(a *memActor) bool {
			return in(a) && containsFold(a.text, word)
		})
		if !ok {
			a, ok = m.find(st.idx, nounWindow, func(a *memActor) bool { return in(a) && isGov(a.code) })
		}
	case "government", "administration", "cabinet", "spokesman", "spokeswoman", "spokesperson":
		a, ok = m.find(st.idx, nounWindow, func(a *memActor) bool { return in(a) && isGov(a.code) })
	case "statement", "statements":
		a, ok = m.find(st.idx, nounWindow, func(a *memActor) bool { return in(a) && a.speaker })
	case "president", "minister", "premier", "leader", "chancellor":
		a, ok = m.find(st.idx, personWindow, func(a *memActor) bool { return in(a) && a.kind == ActorPerson })
		if !ok {
			a, ok = m.find(st.idx, nounWindow, func(a *memActor) bool { return in(a) && isGov(a.code) })
		}
	}
	return a.role, ok
}

// remember stores the sentence's actors for the coreference of later
// sentences.
func (st *state) remember() {
	first := true
	for i := range st.acts {
		a := &st.acts[i]
		if a.opaque {
			continue
		}
		ma := memActor{role: a.role, sent: st.idx, para: st.para, subject: a.subject, speaker: a.speaker}
		st.mem.push(ma)
		if first {
			st.mem.prev, st.mem.hasPrev = ma, true
			first = false
		}
	}
}

// containsFold reports whether s contains the lowercase ASCII word w, in
// any case.
func containsFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(w)], w) {
			return true
		}
	}
	return false
}

// corefRole is the antecedent r named here by words.
func corefRole(r role, words string) role {
	if r.ante == "" {
		r.ante = r.text
	}
	r.text = words
	return r
}
