package eval

import (
	"slices"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
)

// CodeFunc codes one text published on the given date. Score calls it once
// per case, one call at a time; it must not keep text.
type CodeFunc func(text string, published time.Time) []event.Event

// PRF is precision, recall and F1 with the counts they come from.
//
// Precision is TP/(TP+FP) and 0 when nothing was predicted; Recall is
// TP/(TP+FN) and 0 when nothing was expected; F1 is their harmonic mean, 0
// when both are 0. When there was nothing to find and nothing was found
// (TP+FP+FN = 0) all three are 1.
type PRF struct {
	TP, FP, FN            int
	Precision, Recall, F1 float64
}

func newPRF(tp, fp, fn int) PRF {
	p := PRF{TP: tp, FP: fp, FN: fn}
	if tp+fp+fn == 0 {
		p.Precision, p.Recall, p.F1 = 1, 1, 1
		return p
	}
	if tp+fp > 0 {
		p.Precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		p.Recall = float64(tp) / float64(tp+fn)
	}
	if p.Precision+p.Recall > 0 {
		p.F1 = 2 * p.Precision * p.Recall / (p.Precision + p.Recall)
	}
	return p
}

func (p PRF) add(q PRF) PRF { return newPRF(p.TP+q.TP, p.FP+q.FP, p.FN+q.FN) }

// Scores are a coder's figures on a set of cases.
type Scores struct {
	// Root compares CAMEO roots only ("11").
	Root PRF
	// Dyad compares (source country, target country, root); see
	// [Country].
	Dyad PRF
	// Full compares (source code, target code, full CAMEO code).
	Full PRF
	// Date is the date check among Full matches whose expected date is
	// set: a right date is a TP, a wrong one both an FP and an FN, so
	// precision, recall and F1 are all the share of right dates.
	Date PRF
	// ByRoot is the Full level split by the CAMEO root of the events.
	ByRoot map[string]PRF
	// Cases is the number of cases; Want and Got the expected and
	// predicted events.
	Cases, Want, Got int
}

// Misses are, at one level, the indices of the expected events nothing
// matched (false negatives, into Case.Want) and of the predicted events
// that matched nothing (false positives, into CaseResult.Got).
type Misses struct {
	Missed, Extra []int
}

// DateMiss is a Full match with the wrong date: indices into Case.Want and
// CaseResult.Got.
type DateMiss struct {
	Want, Got int
}

// CaseResult is how a coder did on one case.
type CaseResult struct {
	Case Case
	// Got are the coder's events as they were compared: actor codes, the
	// event code and the date. An actor with an empty code is NoActor.
	Got              []Expected
	Root, Dyad, Full Misses
	WrongDates       []DateMiss
}

// OK reports whether the coder got the case entirely right, dates
// included.
func (r CaseResult) OK() bool {
	return len(r.Full.Missed)+len(r.Full.Extra)+len(r.Dyad.Missed)+len(r.Dyad.Extra)+
		len(r.Root.Missed)+len(r.Root.Extra)+len(r.WrongDates) == 0
}

// Score runs code on every case and compares its events with the expected
// ones; see [Run].
func Score(cases []Case, code CodeFunc) Scores {
	s, _ := Run(cases, code)
	return s
}

// Run runs code on every case and compares, case by case, the predicted
// events with the expected ones at each level. Matching is one-to-one and
// greedy, in the order of Case.Want and then of the predictions: an
// expected event takes the first unused prediction with the same key, so a
// duplicate prediction is a false positive and an event expected twice
// must be predicted twice. At the Full level a prediction with the right
// date is preferred to one with a wrong date.
//
// An empty target (no target, or one the coder could not normalise) is
// compared as NoActor ("---"): it matches an expected "---" and nothing
// else, at the Dyad and Full levels. The same holds for sources.
func Run(cases []Case, code CodeFunc) (Scores, []CaseResult) {
	s := Scores{Cases: len(cases), ByRoot: map[string]PRF{}}
	results := make([]CaseResult, 0, len(cases))
	root, dyad, full, date := newPRF(0, 0, 0), newPRF(0, 0, 0), newPRF(0, 0, 0), newPRF(0, 0, 0)
	for _, c := range cases {
		r := compare(c, code(c.Text, c.Published))
		results = append(results, r)
		s.Want += len(c.Want)
		s.Got += len(r.Got)
		root = root.add(counts(len(c.Want), len(r.Got), r.Root))
		dyad = dyad.add(counts(len(c.Want), len(r.Got), r.Dyad))
		full = full.add(counts(len(c.Want), len(r.Got), r.Full))
		nDated := 0
		for _, m := range fullMatches(c, r) {
			if !c.Want[m].Date.IsZero() {
				nDated++
			}
		}
		bad := len(r.WrongDates)
		date = date.add(newPRF(nDated-bad, bad, bad))
		for rt, p := range byRoot(c, r) {
			s.ByRoot[rt] = s.ByRoot[rt].add(p)
		}
	}
	s.Root, s.Dyad, s.Full, s.Date = root, dyad, full, date
	return s, results
}

func counts(want, got int, m Misses) PRF {
	fn, fp := len(m.Missed), len(m.Extra)
	return newPRF(want-fn, fp, fn)
}

// fullMatches returns the indices of the expected events matched at the
// Full level.
func fullMatches(c Case, r CaseResult) []int {
	missed := map[int]bool{}
	for _, i := range r.Full.Missed {
		missed[i] = true
	}
	var out []int
	for i := range c.Want {
		if !missed[i] {
			out = append(out, i)
		}
	}
	return out
}

func byRoot(c Case, r CaseResult) map[string]PRF {
	out := map[string]PRF{}
	missed, extra := map[int]bool{}, map[int]bool{}
	for _, i := range r.Full.Missed {
		missed[i] = true
	}
	for _, i := range r.Full.Extra {
		extra[i] = true
	}
	for i, w := range c.Want {
		rt := rootOf(w.Code)
		p := out[rt]
		if missed[i] {
			p.FN++
		} else {
			p.TP++
		}
		out[rt] = p
	}
	for i, g := range r.Got {
		if extra[i] {
			rt := rootOf(g.Code)
			p := out[rt]
			p.FP++
			out[rt] = p
		}
	}
	for rt, p := range out {
		out[rt] = newPRF(p.TP, p.FP, p.FN)
	}
	return out
}

func compare(c Case, events []event.Event) CaseResult {
	r := CaseResult{Case: c, Got: make([]Expected, len(events))}
	for i, e := range events {
		r.Got[i] = Expected{Source: e.Source.Code, Target: e.Target.Code, Code: e.Code, Date: e.Date}
	}
	r.Root = match(c.Want, r.Got, rootKey, nil)
	r.Dyad = match(c.Want, r.Got, dyadKey, nil)
	pairs := map[int]int{}
	r.Full = match(c.Want, r.Got, fullKey, pairs)
	for w, g := range pairs {
		if !c.Want[w].Date.IsZero() && !sameDay(c.Want[w].Date, r.Got[g].Date) {
			r.WrongDates = append(r.WrongDates, DateMiss{Want: w, Got: g})
		}
	}
	slices.SortFunc(r.WrongDates, func(a, b DateMiss) int { return a.Want - b.Want })
	return r
}

// match pairs want and got greedily on key. When pairs is not nil it
// receives want index → got index, and a first pass pairs only events
// whose dates also agree (or whose expected date is unset).
func match(want, got []Expected, key func(Expected) string, pairs map[int]int) Misses {
	used := make([]bool, len(got))
	done := make([]bool, len(want))
	pass := func(dated bool) {
		for i, w := range want {
			if done[i] {
				continue
			}
			k := key(w)
			for j, g := range got {
				if used[j] || key(g) != k {
					continue
				}
				if dated && !w.Date.IsZero() && !sameDay(w.Date, g.Date) {
					continue
				}
				used[j], done[i] = true, true
				if pairs != nil {
					pairs[i] = j
				}
				break
			}
		}
	}
	if pairs != nil {
		pass(true)
	}
	pass(false)
	var m Misses
	for i, d := range done {
		if !d {
			m.Missed = append(m.Missed, i)
		}
	}
	for j, u := range used {
		if !u {
			m.Extra = append(m.Extra, j)
		}
	}
	return m
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func rootOf(code string) string {
	if len(code) < 2 {
		return code
	}
	return code[:2]
}

// Country returns the country part of an actor code: its first three
// letters ("CHN" for "CHNGOV"), or for an IGO the whole code ("IGOWSTNAT",
// "IGOUNO"). An empty code is NoActor.
func Country(code string) string {
	switch {
	case code == "" || code == NoActor:
		return NoActor
	case strings.HasPrefix(code, "IGO") || len(code) < 3:
		return code
	}
	return code[:3]
}

func rootKey(e Expected) string { return rootOf(e.Code) }

func dyadKey(e Expected) string {
	return Country(e.Source) + " " + Country(e.Target) + " " + rootOf(e.Code)
}

func fullKey(e Expected) string {
	return orNone(e.Source) + " " + orNone(e.Target) + " " + e.Code
}
