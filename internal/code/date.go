package code

import (
	"github.com/georisk/georisk/internal/code/when"
)

// dateOf dates the events of trigger t: the date phrase of the sentence
// nearest after its verb (else before it), as package when ranks them.
// Words are dated when they were said: a speaker's accusation, a statement,
// and an act announced for the future ("said on Friday that Xi would
// visit…", "will scrap tariffs from Friday, the ministry said on Thursday")
// take the date of the speech verb, not the dates of what is reported.
func (st *state) dateOf(t *trig, code string) {
	at := st.tk[t.t0].start
	speech := -1
	if t.srcHow == howSpeaker || t.p.has(flagSpeech) || t.future || isVerbal(code) && t.comp >= 0 {
		if t.p.has(flagSpeech) {
			speech = at
		} else if k := st.speechVerb(t.t0); k >= 0 {
			speech = st.tk[st.trigs[k].t0].start
		} else if t.srcHow == howSpeaker {
			speech = at
		}
		if speech >= 0 {
			at = speech
		}
	}
	st.dateOK = false
	d, ok := when.Near(st.s, st.doc.Published, at)
	if !ok {
		return
	}
	if speech >= 0 && (d.Span.Start > speech+24 || d.Span.End <= speech && speech-d.Span.End > 60) {
		return // a date of the reported clause
	}
	st.date, st.dateOK, st.dateText = d.Day, true, d.Text
}

// speechVerb returns the speech trigger that reports the trigger at token
// t0: the last before it, else the first after it ("…, the ministry said
// on Thursday"), or -1.
func (st *state) speechVerb(t0 int) int {
	found := -1
	for k := range st.trigs {
		o := &st.trigs[k]
		if !o.p.has(flagSpeech) || o.absorbed {
			continue
		}
		if o.t0 < t0 {
			found = k
			continue
		}
		if found < 0 {
			return k
		}
		break
	}
	return found
}
