package actor

import (
	"strings"
	"time"
)

// unit is a dictionary phrase found in a sentence: tokens i..j (inclusive),
// the trie node it ends at, and which of the node's phrases fit the case of
// the text.
type unit struct {
	i, j int32
	node int32
	mask uint32
}

// Find appends the actors in sentence to dst and returns it. Matches are
// leftmost-longest and do not overlap. Phrases combine: "China's Foreign
// Ministry" is one CHNGOV match, "French President Emmanuel Macron" one
// person. People are coded by the role they held on date (its calendar day
// in its location); a zero date means today. Find does not allocate when
// dst has room.
func (d *Dict) Find(sentence string, date time.Time, dst []Match) []Match {
	if date.IsZero() {
		date = d.resolveD()
	}
	return d.find(sentence, dayOf(date), dst, false)
}

// Words that end a match when they follow it after a hyphen: "London-based"
// is not London acting.
var hyphenSuffixes = []string{"based", "born", "listed", "made", "headquartered", "registered", "style", "era", "class"}

func (d *Dict) find(s string, day int32, dst []Match, ignoreCase bool) []Match {
	var tbuf [96]token
	toks := tokenize(s, tbuf[:0])
	for i := range toks {
		toks[i].id = d.lookupTok(s, int(toks[i].start), int(toks[i].end))
	}
	var ubuf [32]unit
	units := ubuf[:0]
	for i := 0; i < len(toks); {
		id := toks[i].id
		if id < 0 || d.rootNext[id] < 0 {
			i++
			continue
		}
		n := d.rootNext[id]
		best := unit{j: -1}
		for j := i; ; {
			if ends := d.nodes[n].ends; len(ends) > 0 {
				var mask uint32
				for k, ph := range ends {
					if k < 32 && d.caseOK(s, toks[i:j+1], ph, ignoreCase) {
						mask |= 1 << k
					}
				}
				if mask != 0 {
					best = unit{i: int32(i), j: int32(j), node: n, mask: mask}
				}
			}
			if g := toks[j].gap; g != gapSpace && g != gapHyphen || j+1 >= len(toks) {
				break
			}
			nid := toks[j+1].id
			if nid < 0 {
				break
			}
			if n = d.child(n, nid); n < 0 {
				break
			}
			j++
		}
		if best.j < 0 {
			i++
			continue
		}
		i = int(best.j) + 1
		last := toks[best.j]
		if int(last.end) < len(s) && s[last.end] == '$' {
			continue // US$
		}
		if last.gap == gapHyphen && i < len(toks) && d.entryOf(best).kind != eBlock {
			next := toks[i]
			skip := false
			for _, w := range hyphenSuffixes {
				if equalFold(s, int(next.start), int(next.end), w) {
					skip = true
					break
				}
			}
			if skip {
				continue
			}
		}
		units = append(units, best)
	}
	return d.compose(s, toks, units, day, dst, ignoreCase)
}

// child returns the child of trie node n on token id, or -1.
func (d *Dict) child(n, id int32) int32 {
	for _, e := range d.nodes[n].next {
		if e.tok == id {
			return e.node
		}
	}
	return -1
}

// caseOK reports whether the text tokens fit the case of phrase ph, and
// its possessives: only the last word may carry one that the phrase lacks.
func (d *Dict) caseOK(s string, toks []token, ph int32, ignoreCase bool) bool {
	p := &d.phrases[ph]
	for k := range p.toks {
		pt := &p.toks[k]
		t := &toks[k]
		if k < len(p.toks)-1 && (t.flags&tPoss != 0) != pt.poss {
			return false
		}
		if ignoreCase || pt.mode == mAny {
			continue
		}
		switch pt.mode {
		case mExact:
			if len(pt.form) >= 3 && t.flags&tUpper != 0 {
				continue // capitals: "CHINA"
			}
			if !equalForm(s[t.start:t.end], pt.form) {
				return false
			}
		case mCap:
			if len(pt.form) <= 3 {
				if t.flags&tUpper == 0 {
					return false
				}
			} else if t.flags&(tCap|tUpper) == 0 {
				return false
			}
		}
	}
	return true
}

// entryOf returns the entry of the phrase of u that fits, the one defined
// last if several do (later files override earlier ones).
func (d *Dict) entryOf(u unit) entry {
	ends := d.nodes[u.node].ends
	for k := len(ends) - 1; k >= 0; k-- {
		if u.mask&(1<<k) != 0 {
			return d.phrases[ends[k]].ent
		}
	}
	return entry{kind: eBlock}
}

func (d *Dict) isPlace(u unit) (entry, bool) {
	e := d.entryOf(u)
	return e, e.kind == eName || e.kind == eAdj || e.kind == eSeat
}

// adjacent reports whether v follows u with only white space between them.
func adjacent(toks []token, u, v unit) bool {
	return v.i == u.j+1 && toks[u.j].gap == gapSpace
}

// wordAt reports whether token i is the word w (any case) and joins the
// next token with white space.
func wordAt(s string, toks []token, i int32, w string) bool {
	if int(i) >= len(toks) {
		return false
	}
	t := toks[i]
	return t.gap == gapSpace && t.flags&tPoss == 0 && equalFold(s, int(t.start), int(t.end), w)
}

// placeAfter looks for "WORD [the] PLACE" right after unit u, where WORD is
// one of words, and returns the index of the place's unit, or -1.
func (d *Dict) placeAfter(s string, toks []token, units []unit, k int, words ...string) (int, entry) {
	u := units[k]
	if toks[u.j].gap != gapSpace || toks[u.j].flags&tPoss != 0 || k+1 >= len(units) {
		return -1, entry{}
	}
	t := u.j + 1
	ok := false
	for _, w := range words {
		if wordAt(s, toks, t, w) {
			ok = true
			break
		}
	}
	if !ok {
		return -1, entry{}
	}
	t++
	if wordAt(s, toks, t, "the") {
		t++
	}
	v := units[k+1]
	if v.i != t {
		return -1, entry{}
	}
	e := d.entryOf(v)
	if e.kind != eName && e.kind != eSeat {
		return -1, entry{}
	}
	return k + 1, e
}

// agentChain returns the index of the last of the agent units that follow
// units[k] one after another.
func (d *Dict) agentChain(toks []token, units []unit, k int) int {
	for k+1 < len(units) && adjacent(toks, units[k], units[k+1]) && d.entryOf(units[k+1]).kind == eAgent {
		k++
	}
	return k
}

func (d *Dict) compose(s string, toks []token, units []unit, day int32, dst []Match, ignoreCase bool) []Match {
	for k := 0; k < len(units); k++ {
		u := units[k]
		e := d.entryOf(u)
		start, end := int(toks[u.i].start), int(toks[u.j].end)
		switch e.kind {
		case eBlock:
			continue
		case eName, eAdj, eSeat:
			pl := &d.places[e.ref]
			if k+1 < len(units) && adjacent(toks, u, units[k+1]) && d.entryOf(units[k+1]).kind == eAgent {
				a := d.entryOf(units[k+1])
				kk := d.agentChain(toks, units, k+1)
				last := d.entryOf(units[kk])
				end = int(toks[units[kk].j].end)
				k = kk
				if last.post {
					if pk, _ := d.placeAfter(s, toks, units, k, "to", "in", "at"); pk >= 0 {
						k = pk
						end = int(toks[units[pk].j].end)
					}
				}
				c := &d.comp[e.ref][a.ref]
				if m, ok := d.mergePerson(s, toks, units, &k, day, start, c); ok {
					dst = append(dst, m)
					continue
				}
				dst = append(dst, Match{Start: start, End: end, Code: c.code, Country: c.country, Kind: Agent, Name: c.name})
				continue
			}
			if e.kind != eSeat {
				if m, ok := d.mergePerson(s, toks, units, &k, day, start, nil); ok {
					dst = append(dst, m)
					continue
				}
			}
			if e.kind == eSeat {
				c := &d.comp[e.ref][d.gov]
				dst = append(dst, Match{Start: start, End: end, Code: c.code, Country: c.country, Kind: Agent, Name: c.name})
				continue
			}
			kind := Country
			if pl.igo {
				kind = IGO
			}
			dst = append(dst, Match{Start: start, End: end, Code: pl.code, Country: pl.code, Kind: kind, Name: pl.name})
		case eAgent:
			kk := d.agentChain(toks, units, k)
			if pk, pe := d.placeAfter(s, toks, units, kk, "of"); pk >= 0 && pe.kind == eName {
				c := &d.comp[pe.ref][e.ref]
				k = pk
				dst = append(dst, Match{Start: start, End: int(toks[units[pk].j].end), Code: c.code, Country: c.country, Kind: Agent, Name: c.name})
				continue
			}
			k2 := kk
			if m, ok := d.mergePerson(s, toks, units, &k2, day, start, nil); ok {
				k = k2
				dst = append(dst, m)
				continue
			}
			if e.bound {
				k = kk
				continue
			}
			a := &d.agents[e.ref]
			k = kk
			dst = append(dst, Match{Start: start, End: int(toks[units[kk].j].end), Code: a.code, Kind: Agent, Name: a.label})
		case eActor:
			a := &d.actors[e.ref]
			dst = append(dst, Match{Start: start, End: end, Code: a.code, Country: a.country, Kind: a.kind, Name: a.name})
		case ePerson:
			if u.i == u.j && u.i > 1 && (k == 0 || units[k-1].j != u.i-1) && otherFirstName(s, toks[u.i-1]) {
				continue // "Gerhard Stoltenberg" is not Jens Stoltenberg
			}
			if m, ok := d.personMatch(u, day, nil); ok {
				m.Start, m.End = start, end
				dst = append(dst, m)
			}
		}
	}
	return dst
}

// Capitalised words that may stand before a surname without being a first
// name.
var beforeSurname = map[string]bool{
	"mr": true, "mrs": true, "ms": true, "miss": true, "dr": true, "sir": true, "dame": true,
	"lord": true, "lady": true, "madam": true, "madame": true, "monsieur": true, "herr": true,
	"frau": true, "comrade": true, "gen": true, "general": true, "marshal": true, "admiral": true,
	"colonel": true, "col": true, "ayatollah": true, "sheikh": true, "prince": true, "princess": true,
	"but": true, "and": true, "when": true, "while": true, "as": true, "if": true, "then": true,
	"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true, "january": true, "february": true, "march": true,
	"april": true, "may": true, "june": true, "july": true, "august": true, "september": true,
	"october": true, "november": true, "december": true,
}

// otherFirstName reports whether t, the word before a surname that stands
// alone in the dictionary, looks like someone else's first name: a
// capitalised word joined to the surname by a space, not the first word of
// the sentence (callers check), not a title or a month.
func otherFirstName(s string, t token) bool {
	if t.gap != gapSpace || t.flags&tPoss != 0 || t.flags&tCap == 0 || t.flags&tUpper != 0 && t.end-t.start > 1 {
		return false
	}
	w := s[t.start:t.end]
	w = strings.TrimSuffix(w, ".")
	if len(w) > 12 {
		return true
	}
	var buf [12]byte
	for i := 0; i < len(w); i++ {
		c := w[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	return !beforeSurname[string(buf[:len(w)])]
}

// mergePerson merges a person that follows units[*k] ("French President" +
// "Emmanuel Macron") into one match that starts at start. The person's role
// on the day gives the code; without one, fallback does, if not nil.
func (d *Dict) mergePerson(s string, toks []token, units []unit, k *int, day int32, start int, fallback *compCode) (Match, bool) {
	if *k+1 >= len(units) || !adjacent(toks, units[*k], units[*k+1]) {
		return Match{}, false
	}
	v := units[*k+1]
	if d.entryOf(v).kind != ePerson {
		return Match{}, false
	}
	m, ok := d.personMatch(v, day, fallback)
	if !ok {
		return Match{}, false
	}
	*k = *k + 1
	m.Start, m.End = start, int(toks[v.j].end)
	return m, true
}

// personMatch codes the person of unit u on day. When several people share
// the name, the one holding a role that day is chosen; if none or several
// do, there is no match.
func (d *Dict) personMatch(u unit, day int32, fallback *compCode) (Match, bool) {
	ends := d.nodes[u.node].ends
	var cands [8]int32
	n := 0
	for k := range ends {
		if u.mask&(1<<k) != 0 {
			if e := d.phrases[ends[k]].ent; e.kind == ePerson && n < len(cands) {
				cands[n] = e.ref
				n++
			}
		}
	}
	r, ok := d.resolvePerson(cands[:n], day)
	if !ok {
		return Match{}, false
	}
	if r.role == nil && fallback != nil && fallback.country != "" {
		return Match{Code: fallback.code, Country: fallback.country, Kind: Person, Name: r.p.name}, true
	}
	return Match{Code: r.code, Country: r.country, Kind: Person, Name: r.p.name}, true
}

type personRes struct {
	p             *person
	role          *role
	code, country string
}

// resolvePerson picks one of the people cands by the roles they held on
// day: the one holding a role, or, when several do, the last defined if
// their codes agree (a person given again in a later file). With no role
// held, it is their civilian code if they all have the same one. Otherwise
// the name is ambiguous and ok is false.
func (d *Dict) resolvePerson(cands []int32, day int32) (personRes, bool) {
	var res personRes
	active := false
	for _, pi := range cands {
		p := &d.people[pi]
		for ri := range p.roles {
			r := &p.roles[ri]
			if r.from <= day && day < r.to {
				if active && r.code != res.code {
					return personRes{}, false
				}
				res = personRes{p: p, role: r, code: r.code, country: r.country}
				active = true
				break
			}
		}
	}
	if active {
		return res, true
	}
	if len(cands) == 0 {
		return personRes{}, false
	}
	p := &d.people[cands[len(cands)-1]]
	for _, pi := range cands {
		if d.people[pi].def.code != p.def.code {
			return personRes{}, false
		}
	}
	return personRes{p: p, code: p.def.code, country: p.def.country}, true
}
