package code

import (
	"math"
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/text"
)

// maxPerSide bounds the events of one trigger with compound actors.
const maxPerSide = 4

// needsTarget lists the codes whose events mean nothing without a target:
// a meeting, material cooperation, a cut in relations or talks with no
// one.
func needsTarget(code string) bool {
	switch code {
	case "161", "164", "165":
		return true
	}
	switch code[:2] {
	case "04", "06":
		return true
	}
	return false
}

// emit turns the sentence's triggers into events.
func (st *state) emit() {
	first := len(st.res.Events)
	speech := st.speechBuf[:0]
	for i := range st.trigs {
		t := &st.trigs[i]
		if t.p.code == "" || t.absorbed || t.background || t.reduced {
			continue
		}
		recip := t.p.has(flagRecip) || t.comp >= 0 && st.trigs[t.comp].p.has(flagRecip) ||
			t.code[:2] == "03" && st.compound(t.src) // a joint promise
		// "Talks between Serbia and Kosovo resumed": a reciprocal noun over a
		// compound, when no other verb governs it.
		pairsTarget := recip && t.src < 0 && st.compound(t.tgt) && !st.governed(i)
		if t.src < 0 && !pairsTarget {
			continue // an event needs a source: "was detained", "the attack on Kyiv"
		}
		// Actors acting together ("Japan and France held talks") take as
		// partner only an actor after "with".
		if recip && st.compound(t.src) && t.tgt >= 0 && st.acts[t.tgt].prep&wcWith == 0 {
			t.tgt = -1
		}
		if t.neg || t.modal {
			why := "negated"
			if !t.neg {
				why = "hypothetical"
			}
			st.note(st.idx, "“"+st.triggerText(t)+"” is "+why+"; no event")
			continue
		}
		code := t.code
		if t.future && !(!t.cond && measure(code)) {
			// A measure decided and announced is the act ("will restrict
			// exports from July"); other acts to come are intents and
			// threats.
			code = futureCode(code)
		}
		if t.p.has(flagDisplay) && !(t.tgt >= 0 && st.acts[t.tgt].prep&wcAim != 0) {
			code = "150" // a launch into the sea or over a country shows force
		}
		root := code[:2]
		srcOPP := false
		if t.src >= 0 {
			s := &st.acts[t.src]
			switch {
			case root == "14" && bare(s.role) && st.quantified(t.src):
				srcOPP = true // "thousands of Georgians protested": people, not the state
				if code == "140" {
					code = "141"
				}
			case root == "14" && (isState(s.role) && !bare(s.role) || bare(s.role) && t.p.id == "protest"):
				code = "114" // a state does not march: it complains officially
			case root == "14" && bare(s.role):
				srcOPP = true // "Georgians protested": the country's people, in opposition
			case (root == "18" || root == "19" || root == "20") && isMedia(s.role):
				code = "111" // the media attack in words
			case code == "190" || code == "193" || code == "194":
				if a := airborne(s.text); a != "" {
					code = a // "Israeli warplanes struck…"
				} else if code == "190" {
					if w := st.weapon(t); w != "" {
						code = w // "attacked Kyiv with drones"
					}
				}
			case code == "175" && t.tgt >= 0 && st.acts[t.tgt].country != "" && st.acts[t.tgt].country != s.country:
				code = "190" // force against another country's people is no repression: water cannon on a foreign ship
			case code == "040" && t.place >= 0:
				pc := st.acts[t.place].country
				if pc != s.country && (t.tgt < 0 || pc != st.acts[t.tgt].country) && !st.compoundHas(t.src, pc) {
					code = "044" // a meeting in a third country
				}
			}
			root = code[:2]
		}
		code = st.refine(t, code)
		root = code[:2]
		st.dateOf(t, code)
		hasTarget := t.tgt >= 0 || t.carried.code != ""
		if code == "010" && !hasTarget {
			continue // a statement about no one: no event
		}
		if (needsTarget(code) || needsTarget(t.p.code)) && !hasTarget && !(recip && st.compound(t.src)) {
			continue
		}
		n := 0
		place := placeCode(code)
		mutual := t.p.has(flagRecip) && reciprocalCode(code)
		add := func(src, tgt *role, srcCoref, tgtCoref bool) {
			if n >= 2*maxPerSide*maxPerSide || src == nil || src.country == "" {
				return // an event needs a source of known country
			}
			n++
			if srcOPP && src != nil && bare(*src) {
				r := *src
				r.code = r.country + "OPP"
				src = &r
			}
			if place && tgt != nil && metonym(tgt) {
				r := *tgt
				r.code = r.country // "visited Beijing", "missiles hit Kyiv": the place
				tgt = &r
			}
			if tgt != nil && tgt.country == "" && tgt.kind == ActorAgent {
				r := *tgt
				r.country, r.code = src.country, src.country+r.code // "police fired at protesters": their own
				if c := st.placeCountry(src.country); c != "" && root >= "18" {
					r.country, r.code = c, c+tgt.code // "stormed into Israel, killing civilians": the place's
				}
				tgt = &r
			}
			if tgt != nil && tgt.code == src.code {
				return // an actor does not act on itself
			}
			st.res.Events = append(st.res.Events, st.event(t, code, src, tgt, srcCoref, tgtCoref))
			speech = append(speech, t.p.has(flagSpeech) && code == "010")
		}
		switch {
		case recip && !hasTarget && st.compound(t.src):
			st.pairs(t.src, add)
		case recip && t.src < 0 && t.tgt >= 0 && st.compound(t.tgt):
			st.pairs(t.tgt, add)
		default:
			srcs := st.srcBuf[:0]
			for si := t.src; si >= 0 && si < len(st.acts) && st.acts[si].group == t.src && len(srcs) < maxPerSide; si++ {
				srcs = append(srcs, si)
			}
			if len(srcs) == 0 {
				srcs = append(srcs, -1)
			}
			st.srcBuf = srcs
			for _, si := range srcs {
				var src *role
				srcCoref := false
				if si >= 0 {
					src, srcCoref = &st.acts[si].role, st.acts[si].coref
				}
				switch {
				case t.tgt >= 0:
					for ti, tn := t.tgt, 0; tn < maxPerSide && ti < len(st.acts) && st.acts[ti].group == t.tgt; ti, tn = ti+1, tn+1 {
						add(src, &st.acts[ti].role, srcCoref, st.acts[ti].coref)
						if mutual && src != nil {
							add(&st.acts[ti].role, src, st.acts[ti].coref, srcCoref) // "A met B": B met A
						}
					}
				case t.carried.code != "":
					add(src, &t.carried, srcCoref, false)
				default:
					add(src, nil, srcCoref, false)
				}
			}
		}
	}
	st.speechBuf = speech
	st.finish(first)
}

// finish drops the sentence's plain statements when it has a more specific
// event, drops duplicates, numbers the events and remembers them.
func (st *state) finish(first int) {
	evs := st.res.Events[first:]
	other := false
	for i := range evs {
		if !st.speechBuf[i] {
			other = true
		}
	}
	out := evs[:0]
	for i := range evs {
		e := &evs[i]
		if other && st.speechBuf[i] {
			continue
		}
		dup := false
		for j := range out {
			o := &out[j]
			if o.Code == e.Code && o.Source.Code == e.Source.Code && o.Target.Code == e.Target.Code {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, *e)
		}
	}
	st.res.Events = st.res.Events[:first+len(out)]
	prefix := strconv.FormatInt(st.doc.DocID, 10) + ":" + strconv.Itoa(st.idx) + ":"
	for i := range out {
		e := &st.res.Events[first+i]
		e.OriginID = prefix + strconv.Itoa(i)
		st.mem.pushEvent(memEvent{sent: st.idx, sourceCountry: e.Source.Country,
			target: role{code: e.Target.Code, country: e.Target.Country, name: e.Target.Name, text: e.Evidence.TargetText}})
	}
}

// pairs emits a reciprocal event in both directions between each pair of
// the compound g: "Japan and France held drills".
func (st *state) pairs(g int, add func(src, tgt *role, sc, tc bool)) {
	last := st.lastOf(g)
	if last-g >= maxPerSide {
		last = g + maxPerSide - 1
	}
	for a := g; a <= last; a++ {
		for b := g; b <= last; b++ {
			if a != b && st.acts[a].code != st.acts[b].code {
				add(&st.acts[a].role, &st.acts[b].role, st.acts[a].coref, st.acts[b].coref)
			}
		}
	}
}

// weaponWords give an attack the code of its weapon: "attacked Kyiv with
// drones" is 1952, "shelled" is already 194.
var weaponWords = []struct{ word, code string }{
	{"missile", "195"}, {"airstrike", "195"}, {"warplane", "195"}, {"bomber", "195"},
	{"drone", "1952"},
	{"rocket", "194"}, {"artillery", "194"}, {"shell", "194"}, {"tank", "194"}, {"howitzer", "194"}, {"mortar", "194"},
	{"rifle", "193"}, {"gunfire", "193"}, {"gun", "193"}, {"bullet", "193"},
}

// weapon returns the code of the weapon named after an attack, in its
// clause: missiles and drones together are aerial (195).
func (st *state) weapon(t *trig) string {
	found := ""
	for j := t.t1; j < len(st.tk) && j-t.t1 < 12; j++ {
		k := &st.tk[j]
		if k.kind == text.Punct && st.s[k.start] != ',' || k.class&wcClause != 0 {
			break
		}
		w, ok := st.c.weapons[k.id]
		if !ok {
			continue
		}
		if found == "" || w == "195" && found == "1952" {
			found = w
		}
	}
	return found
}

// governed reports whether trigger i is the object of an earlier verb of
// the sentence ("mediated the truce between Israel and Hamas").
func (st *state) governed(i int) bool {
	t := &st.trigs[i]
	for j := i - 1; j >= 0; j-- {
		o := &st.trigs[j]
		if o.p.code != "" && t.t0-o.t1 <= 8 {
			return true
		}
	}
	return false
}

// compoundHas reports whether the compound g has an actor of country c.
func (st *state) compoundHas(g int, c string) bool {
	for i := g; i < len(st.acts) && st.acts[i].group == g; i++ {
		if st.acts[i].country == c {
			return true
		}
	}
	return false
}

// measure reports whether an act is a measure a government decides and
// announces, which is the act even when it takes effect later: sanctions,
// restrictions, their easing.
func measure(code string) bool {
	switch code[:2] {
	case "16", "17":
		return true
	}
	return code == "081" || code == "085"
}

// reciprocalCode reports whether an event is done together: a meeting,
// talks, an agreement, cooperation, a truce, accord, a clash.
func reciprocalCode(code string) bool {
	switch code {
	case "042", "043", "045":
		return false
	case "019", "057", "0871", "111", "182", "190", "193", "194":
		return true
	}
	r := code[:2]
	return r == "04" || r == "06"
}

// placeCode reports whether the target of a code is where it happens: a
// visit, a show of force, an attack.
func placeCode(code string) bool {
	return code == "042" || code == "192" || violent(code)
}

// metonym reports whether an actor is a capital standing for its
// government ("Beijing", "Kyiv"): a one-word name coded as the government.
func metonym(r *role) bool {
	return r.kind == ActorAgent && r.code == r.country+"GOV" && !strings.ContainsAny(r.text, " ") &&
		!strings.EqualFold(r.text, "government")
}

// airborne returns the aerial code of an attack by aircraft ("warplanes
// struck", "drones attacked"), or "".
func airborne(text string) string {
	t := strings.ToLower(text)
	switch {
	case strings.Contains(t, "drone"):
		return "1952"
	case strings.Contains(t, "warplane"), strings.Contains(t, "jet"), strings.Contains(t, "aircraft"),
		strings.Contains(t, "bomber"), strings.Contains(t, "air force"), strings.Contains(t, "helicopter"):
		return "195"
	}
	return ""
}

// compound reports whether the compound g has more than one actor.
func (st *state) compound(g int) bool {
	return g >= 0 && g+1 < len(st.acts) && st.acts[g+1].group == g
}

func (st *state) triggerText(t *trig) string {
	end := t.t1
	if t.comp >= 0 {
		end = st.trigs[t.comp].t1
	}
	return st.s[st.tk[t.t0].start:st.tk[end-1].end]
}

// event builds one event.
func (st *state) event(t *trig, code string, src, tgt *role, srcCoref, tgtCoref bool) event.Event {
	c, _ := st.c.tab.Lookup(code)
	e := event.Event{
		Origin:     event.OriginCoded,
		Code:       code,
		Root:       c.Root,
		PLOVER:     c.PLOVER,
		PLOVERMode: c.PLOVERMode,
		Goldstein:  c.Goldstein,
		Quad:       c.Quad,
		DocID:      st.doc.DocID,
	}
	ev := &e.Evidence
	ev.Sentence = event.Span{Start: st.off, End: st.off + len(st.s)}
	ev.Trigger = st.triggerText(t)
	ev.Pattern = t.p.id
	if src != nil {
		e.Source = src.eventActor()
		ev.SourceText = src.text
	}
	if tgt != nil {
		e.Target = tgt.eventActor()
		ev.TargetText = tgt.text
	}
	if st.dateOK {
		e.Date, ev.DateSource, ev.DateText = st.date, "text", st.dateText
	} else {
		e.Date, ev.DateSource = st.pub, "publication"
	}
	ev.Confidence = st.confidence(t, code, srcCoref, tgtCoref, tgt != nil)
	return e
}

// confidence scores an event: the pattern's own confidence, lowered for
// each role found indirectly.
func (st *state) confidence(t *trig, code string, srcCoref, tgtCoref, hasTarget bool) float64 {
	c := t.p.conf
	switch t.srcHow {
	case howCoord:
		c *= 0.9
	case howBy:
		c *= 0.95
	case howSpeaker:
		c *= 0.85
	}
	if srcCoref {
		c *= 0.85
	}
	switch t.tgtHow {
	case howCarry:
		c *= 0.7
	case howTopic:
		c *= 0.6
	case howAbout:
		c *= 0.8
	}
	if tgtCoref {
		c *= 0.85
	}
	if !hasTarget && code[:2] != "01" {
		c *= 0.85
	}
	if t.passive {
		c *= 0.95
	}
	if len(st.tk) > 60 {
		c *= 0.9
	}
	return math.Round(c*100) / 100
}

func (r *role) eventActor() event.Actor {
	name := r.text
	if r.ante != "" {
		name = r.ante
	}
	return event.Actor{Code: r.code, Country: r.country, Name: name}
}

// isState reports whether an actor is a state or an IGO, or a state's
// government, military or police: actors that do not take to the streets.
func isState(r role) bool {
	switch r.kind {
	case ActorCountry, ActorIGO:
		return true
	}
	if len(r.code) <= 3 {
		return false
	}
	rest := strings.TrimPrefix(r.code, r.country)
	for _, a := range []string{"GOV", "MIL", "COP", "JUD", "LEG", "SPY"} {
		if strings.HasPrefix(rest, a) {
			return true
		}
	}
	return false
}

// isMedia reports whether an actor is the media.
func isMedia(r role) bool {
	rest := strings.TrimPrefix(r.code, r.country)
	return strings.HasPrefix(rest, "MED") || strings.HasPrefix(rest, "JRN")
}

// refine narrows a code by what its trigger acts on: a leader killed is
// assassinated (186), a capital or country captured is occupied (192), a
// state of emergency or curfew with no other target is imposed on the
// source's own country, and a demonstration, strike or blockade takes the
// sub-code of what it demands (1411 a leader's removal, 1412 a policy,
// 1413 rights, 1414 institutions).
func (st *state) refine(t *trig, code string) string {
	switch {
	case t.p.id == "kill" && code == "190" && t.tgt >= 0:
		a := &st.acts[t.tgt]
		if a.kind == ActorPerson || st.isWord(st.acts[st.lastOf(t.tgt)].t1, leaderWords) {
			return "186"
		}
	case t.p.id == "seize" && st.anyWord(t.t1, t.t1+10, vesselWords):
		return "181" // "seized the MSC Aries, a container ship": a ship seized is hijacked
	case (t.p.id == "capture" || t.p.id == "seize") && t.tgt >= 0 && !st.compound(t.tgt):
		// "captured Damascus": a capital or country taken right after the
		// verb is territory occupied.
		if a := &st.acts[t.tgt]; (metonym(&a.role) || bare(a.role)) && a.t0 <= t.t1+1 {
			return "192"
		}
	case (code == "1723" || code == "1724") && t.tgt < 0 && t.carried.code == "" && t.src >= 0:
		if c := st.acts[t.src].country; c != "" {
			t.carried = role{code: c, country: c, kind: ActorCountry}
		}
	case len(code) == 3 && code[:2] == "14" && code != "140":
		if d := st.demandDigit(t.t1); d != 0 {
			return code + string(d)
		}
	}
	return code
}

var vesselWords = map[string]bool{
	"ship": true, "ships": true, "vessel": true, "vessels": true, "tanker": true, "tankers": true,
	"freighter": true, "carrier": true, "trawler": true, "yacht": true,
}

// anyWord reports whether a word of set is among tokens [from, to) of the
// clause: it stops at a semicolon or a new verb's trigger.
func (st *state) anyWord(from, to int, set map[string]bool) bool {
	for j := from; j < to && j < len(st.tk); j++ {
		if st.punct(j) == ';' || st.tk[j].trig >= 0 && st.trigs[st.tk[j].trig].p.code != "" {
			return false
		}
		if st.isWord(j, set) {
			return true
		}
	}
	return false
}

var leaderWords = map[string]bool{
	"leader": true, "chief": true, "commander": true, "head": true, "founder": true, "spokesman": true,
}

// demandDigit reads what a protest demands from the rest of its sentence:
// '1' a change of leader, '4' of institutions or regime, '3' rights, '2' a
// policy, or 0. The first of these classes that any word names wins.
func (st *state) demandDigit(from int) byte {
	best := byte(0)
	rank := func(d byte) int {
		switch d {
		case '1':
			return 4
		case '4':
			return 3
		case '3':
			return 2
		case '2':
			return 1
		}
		return 0
	}
	for j := from; j < len(st.tk); j++ {
		k := &st.tk[j]
		if k.kind != text.Word {
			continue
		}
		w := strings.ToLower(st.s[k.start:k.end])
		d := demandWords[w]
		if (w == "step" || w == "stepping") && j+1 < len(st.tk) && strings.EqualFold(st.s[st.tk[j+1].start:st.tk[j+1].end], "down") {
			d = '1' // "calling for Xi to step down"
		}
		if d != 0 && rank(d) > rank(best) {
			best = d
		}
	}
	return best
}

var demandWords = map[string]byte{
	"removal": '1', "resign": '1', "resignation": '1', "ouster": '1', "oust": '1', "impeach": '1',
	"impeachment": '1', "impeached": '1',
	"overhaul": '4', "judicial": '4', "powers": '4', "constitution": '4', "constitutional": '4', "regime": '4',
	"electoral": '4', "institutions": '4',
	"rights": '3', "freedom": '3', "freedoms": '3', "headscarf": '3', "headscarves": '3', "hijab": '3',
	"plan": '2', "plans": '2', "policy": '2', "policies": '2', "law": '2', "laws": '2', "bill": '2', "bills": '2',
	"restrictions": '2', "release": '2', "reform": '2', "reforms": '2', "tax": '2', "taxes": '2', "lockdown": '2',
	"lockdowns": '2', "rules": '2', "permits": '2', "prices": '2', "cuts": '2',
}

func (st *state) isWord(i int, set map[string]bool) bool {
	if i < 0 || i >= len(st.tk) || st.tk[i].kind != text.Word {
		return false
	}
	return set[strings.ToLower(st.s[st.tk[i].start:st.tk[i].end])]
}

// placeCountry is the country of a place the sentence names ("stormed into
// southern Israel", "in Ukraine"), other than country and not after "from"
// or "by", or "".
func (st *state) placeCountry(country string) string {
	for i := range st.acts {
		a := &st.acts[i]
		if a.prep&wcBy != 0 || a.opaque || a.country == "" || a.country == country || !(bare(a.role) || metonym(&a.role)) {
			continue
		}
		if a.t0 > 0 && strings.EqualFold(st.s[st.tk[a.t0-1].start:st.tk[a.t0-1].end], "from") {
			continue
		}
		return a.country
	}
	return ""
}
