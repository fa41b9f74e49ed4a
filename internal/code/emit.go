package code

import (
	"math"
	"strconv"
	"strings"

	"github.com/georisk/georisk/internal/event"
)

// maxPerSide bounds the events of one trigger with compound actors.
const maxPerSide = 4

// needsTarget lists the roots whose events mean nothing without a target:
// a meeting, material cooperation or a cut in relations with no one.
func needsTarget(root string) bool {
	switch root {
	case "04", "06", "16":
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
		if t.p.code == "" || t.absorbed {
			continue
		}
		if t.src < 0 && t.tgt < 0 && t.carried.code == "" {
			continue
		}
		recip := t.p.has(flagRecip) || t.comp >= 0 && st.trigs[t.comp].p.has(flagRecip)
		if t.nominal && t.src < 0 && !(recip && st.compound(t.tgt)) {
			continue // "the attack on Kyiv": whose, the text does not say
		}
		if t.neg || t.modal {
			why := "negated"
			if !t.neg {
				why = "hypothetical"
			}
			st.note(st.idx, "“"+st.triggerText(t)+"” is "+why+"; no event")
			continue
		}
		st.dateOf(t)
		code := t.code
		if t.future {
			code = futureCode(code)
		}
		root := code[:2]
		if t.src >= 0 {
			s := &st.acts[t.src]
			switch {
			case root == "14" && isState(s.role):
				code = "114" // a state does not march: it complains officially
			case (root == "18" || root == "19" || root == "20") && isMedia(s.role):
				code = "111" // the media attack in words
			}
			root = code[:2]
		}
		hasTarget := t.tgt >= 0 || t.carried.code != ""
		if (needsTarget(root) || needsTarget(t.p.code[:2])) && !hasTarget && !(recip && st.compound(t.src)) {
			continue
		}
		n := 0
		add := func(src, tgt *role, srcCoref, tgtCoref bool) {
			if n >= maxPerSide*maxPerSide {
				return
			}
			n++
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
