package code

import (
	"github.com/georisk/georisk/internal/code/when"
)

// dateOf dates the events of trigger t: the date phrase of the sentence
// nearest after its verb (else before it), as package when ranks them. A
// speaker's accusation is dated by the speech, not by the dates of what is
// reported: "Zelensky said … in 2008 was responsible" is not an accusation
// of 2008.
func (st *state) dateOf(t *trig) {
	at := st.tk[t.t0].start
	speech := -1
	if t.srcHow == howSpeaker || t.p.has(flagSpeech) {
		speech = at
		for j := t.t0 - 1; j >= 0 && t.srcHow == howSpeaker; j-- {
			if k := st.tk[j].trig; k >= 0 && st.trigs[k].p.has(flagSpeech) {
				speech = st.tk[st.trigs[k].t0].start
				break
			}
		}
		at = speech
	}
	st.dateOK = false
	d, ok := when.Near(st.s, st.doc.Published, at)
	if !ok {
		return
	}
	if speech >= 0 && d.Span.Start > speech+24 {
		return // a date of the reported clause
	}
	st.date, st.dateOK, st.dateText = d.Day, true, d.Text
}
