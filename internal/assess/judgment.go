package assess

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Judgment is a key judgment about one risk of a client: a calibrated
// likelihood in ICD 203 terms, a separate confidence, its evidence, key
// assumptions and the indicators that would change it. It is also a
// forecast: Question is resolvable by Horizon.
type Judgment struct {
	Risk           string     `json:"risk"`
	RiskName       string     `json:"risk_name"`
	Host           string     `json:"host"`
	Exposure       int        `json:"exposure"`
	Question       string     `json:"question"`
	Probability    float64    `json:"probability"`
	Term           string     `json:"term"`
	Low            int        `json:"low"`
	High           int        `json:"high"`
	Text           string     `json:"text"`
	Confidence     string     `json:"confidence"` // low, moderate, high
	ConfidenceText string     `json:"confidence_text"`
	Made           time.Time  `json:"made"`
	Horizon        time.Time  `json:"horizon"`
	Evidence       []Evidence `json:"evidence"` // the strongest items, at most MaxEvidence
	Events         int        `json:"events"`   // items of evidence (sentences reporting events) behind the judgment
	Outlets        int        `json:"outlets"`
	Assumptions    []string   `json:"assumptions"`
	Indicators     []string   `json:"indicators"`
}

// MaxEvidence is how many evidence items a judgment lists.
const MaxEvidence = 6

// Date writes a date as judgments do: "24 August 2023".
func Date(t time.Time) string { return t.Format("2 January 2006") }

func judge(a *Assessment, p *Profile, m *Model, x Exposure, places Places) Judgment {
	r := m.Risk(x.Risk)
	host := places.Name(x.host)
	fill := func(s string) string { return fillHost(s, host, false) }
	prob := m.ProbabilityOf(x.Exposure)
	band := BandOf(prob)
	outcome := fill(r.Outcome)
	j := Judgment{Risk: r.ID, RiskName: r.Name, Host: host, Exposure: x.Exposure, Probability: prob,
		Term: band.Term, Low: band.Low, High: band.High, Made: a.Until, Horizon: a.Horizon,
		Question: fmt.Sprintf("Will %s %s between %s and %s?", p.Name, outcome, Date(a.Until), Date(a.Horizon))}
	j.Text = "We assess that " + band.Phrase(p.Name, outcome+" before "+Date(a.Horizon))
	if r.Examples != "" {
		j.Text += " (for example " + fill(r.Examples) + ")"
	}
	j.Text += "."
	// All evidence of the risk, strongest first, each event once.
	// Events coded from the same sentence are one item of evidence.
	byEvent := map[string]Evidence{}
	for _, d := range x.Drivers {
		for _, ev := range d.Evidence {
			k := fmt.Sprintf("%d|%s", ev.DocID, ev.Sentence)
			if ev.Sentence == "" {
				k = fmt.Sprint("event ", ev.EventID)
			}
			if cur, ok := byEvent[k]; ok {
				ev.Weight += cur.Weight
				ev.EventID = min(ev.EventID, cur.EventID)
			}
			byEvent[k] = ev
		}
	}
	all := make([]Evidence, 0, len(byEvent))
	for _, ev := range byEvent {
		ev.Weight = round2(ev.Weight)
		all = append(all, ev)
	}
	sort.Slice(all, func(i, k int) bool {
		if all[i].Weight != all[k].Weight {
			return all[i].Weight > all[k].Weight
		}
		return all[i].EventID < all[k].EventID
	})
	j.Events = len(all)
	j.Evidence = all[:min(len(all), MaxEvidence)]
	j.Confidence, j.ConfidenceText, j.Outlets = confidence(all, a.Until)
	for _, s := range r.Assumptions {
		j.Assumptions = append(j.Assumptions, fillHost(s, host, true))
	}
	for _, s := range r.Indicators {
		j.Indicators = append(j.Indicators, fillHost(s, host, true))
	}
	return j
}

// confidence rates the evidence of a judgment: volume (events), diversity
// (outlets), recency (the latest within 30 days of the window's end),
// agreement (the share of hostile events, Goldstein < 0) and the outlets'
// reliability grades. Points: events ≥ 8 two, ≥ 3 one; outlets ≥ 3 two,
// 2 one; recent one; agreement ≥ 75% one, < 50% minus one; any outlet
// graded A–C one, all graded E or F minus one. Six or more is high, three
// or more moderate, less low.
func confidence(evs []Evidence, until time.Time) (level, text string, outlets int) {
	points := 0
	n := len(evs)
	switch {
	case n >= 8:
		points += 2
	case n >= 3:
		points++
	}
	outs := map[string]string{}
	docs := map[int64]bool{}
	var latest time.Time
	hostile := 0
	for _, ev := range evs {
		outs[ev.Outlet] = ev.Grade
		if ev.DocID > 0 {
			docs[ev.DocID] = true
		}
		if ev.Date.After(latest) {
			latest = ev.Date
		}
		if ev.Goldstein < 0 {
			hostile++
		}
	}
	outlets = len(outs)
	switch {
	case outlets >= 3:
		points += 2
	case outlets == 2:
		points++
	}
	recent := !latest.IsZero() && until.Sub(latest) <= 30*24*time.Hour
	if recent {
		points++
	}
	agree := 0.0
	if n > 0 {
		agree = float64(hostile) / float64(n)
	}
	switch {
	case agree >= 0.75:
		points++
	case agree < 0.5:
		points--
	}
	var grades []string
	good, weak := false, true
	for _, g := range outs {
		grades = append(grades, g)
		switch g[:1] {
		case "A", "B", "C":
			good = true
			weak = false
		case "D":
			weak = false
		}
	}
	sort.Strings(grades)
	if good {
		points++
	}
	if weak {
		points--
	}
	switch {
	case points >= 6:
		level = "high"
	case points >= 3:
		level = "moderate"
	default:
		level = "low"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "We have %s confidence in this judgment: it rests on %d %s from %d %s by %d %s (reliability %s)",
		level, n, plural(n, "sentence reporting events", "sentences reporting events"), len(docs), plural(len(docs), "report", "reports"), outlets, plural(outlets, "outlet", "outlets"), strings.Join(compact(grades), ", "))
	if !latest.IsZero() {
		fmt.Fprintf(&b, ", the latest dated %s", Date(latest))
		if !recent {
			b.WriteString(", more than a month before the end of the window")
		}
	}
	switch {
	case agree >= 0.75:
		b.WriteString("; they point the same way.")
	case agree < 0.5:
		b.WriteString("; most of them report no hostility, so they point different ways.")
	default:
		b.WriteString("; they mostly point the same way.")
	}
	if weak {
		b.WriteString(" None of the outlets has a reliability grade better than E or F.")
	}
	return level, b.String(), outlets
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func compact(ss []string) []string {
	var out []string
	for i, s := range ss {
		if i == 0 || s != ss[i-1] {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return []string{"none graded"}
	}
	return out
}
