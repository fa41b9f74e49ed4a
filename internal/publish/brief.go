// Package publish writes briefs: a dated, sourced analysis of a dyad,
// topic or client — summary, key developments, analysis with a chart, key
// judgments in ICD 203 language with their confidence and evidence,
// business implications, indicators, claim-check notes and numbered
// sources — as Markdown, HTML or PDF. Every statement that is not a
// quotation cites the sources it rests on by number, so that briefs pass
// "georisk lint".
//
// Files are written atomically: to a temporary file in the target folder,
// then renamed, so that a failed run leaves no half-written brief.
package publish

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/claims"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/plot"
)

// Brief is a brief ready to render.
type Brief struct {
	Title          string
	Subject        string // "China–NATO"
	Date           time.Time
	Since, Until   time.Time // the window, Until exclusive
	ReadingMinutes int
	Summary        []string // paragraphs with citations
	Developments   []Development
	Analysis       []string
	ChartSVG       string // the chart, "" when there is nothing to draw
	ChartCaption   string
	Judgments      []Judgment
	Implications   []string
	Indicators     []string
	Claims         []ClaimNote
	Sources        []Source
	Grades         []assess.GradeCount
}

// Development is a dated event with the sentence that reports it.
type Development struct {
	Date     time.Time
	Outlet   string
	Sentence string
	Refs     []int
}

// Judgment is a key judgment with the sources of its evidence.
type Judgment struct {
	assess.Judgment
	Refs []int
}

// ClaimNote is a claim found in a source, with its check.
type ClaimNote struct {
	claims.Claim
	Ref int
}

// Source is a numbered source of the brief.
type Source struct {
	N         int
	DocID     int64
	Title     string
	Outlet    string
	URL       string
	Published time.Time
	Grade     string
}

// Inputs are what Compose builds a brief from.
type Inputs struct {
	Subject      string // "China–NATO"
	Since, Until time.Time
	Now          time.Time
	Events       []event.Event             // the subject's events in the window and the window before
	Docs         map[int64]*event.Document // the documents of the events (and of claims)
	Assessment   *assess.Assessment        // nil when there is no client
	Claims       map[int64][]claims.Claim  // checked claims by document
	Grade        func(*event.Document) string
	ActorName    func(code string) string
}

// Compose builds a brief.
func Compose(in Inputs) (*Brief, error) {
	b := &Brief{Subject: in.Subject, Date: in.Now, Since: in.Since, Until: in.Until}
	b.Title = fmt.Sprintf("%s: developments and business risk, %s", in.Subject, period(in.Since, in.Until))
	refs := map[int64]int{}
	ref := func(d *event.Document) int {
		if d == nil {
			return 0
		}
		if n, ok := refs[d.ID]; ok {
			return n
		}
		n := len(b.Sources) + 1
		refs[d.ID] = n
		g := "F"
		if in.Grade != nil {
			g = in.Grade(d)
		}
		b.Sources = append(b.Sources, Source{N: n, DocID: d.ID, Title: d.Title, Outlet: outletOf(d), URL: d.URL, Published: d.Published, Grade: g})
		return n
	}
	var cur, prev []event.Event
	for _, e := range in.Events {
		switch {
		case !e.Date.Before(in.Since) && e.Date.Before(in.Until):
			cur = append(cur, e)
		case e.Date.Before(in.Since):
			prev = append(prev, e)
		}
	}
	if len(cur) == 0 {
		return nil, fmt.Errorf("no events for %s between %s and %s: nothing to brief (ingest or import news of that period first)",
			in.Subject, day(in.Since), day(in.Until.AddDate(0, 0, -1)))
	}
	// Key developments: the most intense event of each story, strongest
	// first, then in date order.
	type cand struct {
		e   event.Event
		doc *event.Document
		s   string
	}
	best := map[int64]cand{}
	for _, e := range cur {
		d := in.Docs[e.DocID]
		if d == nil {
			continue
		}
		s := sentenceOf(d, e)
		if s == "" {
			continue
		}
		c, ok := best[d.StoryID]
		if !ok || abs(e.Goldstein) > abs(c.e.Goldstein) {
			best[d.StoryID] = cand{e, d, s}
		}
	}
	cands := make([]cand, 0, len(best))
	for _, c := range best {
		cands = append(cands, c)
	}
	sort.Slice(cands, func(i, j int) bool {
		if abs(cands[i].e.Goldstein) != abs(cands[j].e.Goldstein) {
			return abs(cands[i].e.Goldstein) > abs(cands[j].e.Goldstein)
		}
		return cands[i].e.ID < cands[j].e.ID
	})
	cands = cands[:min(len(cands), 8)]
	sort.Slice(cands, func(i, j int) bool { return cands[i].e.Date.Before(cands[j].e.Date) })
	for _, c := range cands {
		b.Developments = append(b.Developments, Development{Date: c.e.Date, Outlet: outletOf(c.doc), Sentence: c.s, Refs: []int{ref(c.doc)}})
	}
	// Summary and analysis from counts.
	docs := map[int64]bool{}
	outlets := map[string]bool{}
	var allRefs []int
	for _, e := range cur {
		if d := in.Docs[e.DocID]; d != nil {
			docs[d.ID] = true
			outlets[outletOf(d)] = true
		}
	}
	for _, dv := range b.Developments {
		allRefs = append(allRefs, dv.Refs...)
	}
	cs, ps := conflictShare(cur), conflictShare(prev)
	sum := fmt.Sprintf("Between %s and %s, georisk coded %d events between the sides of %s in %d reports by %d outlets; %.0f%% of them were conflictual (CAMEO quad classes 3 and 4)",
		assess.Date(in.Since), assess.Date(in.Until.AddDate(0, 0, -1)), len(cur), in.Subject, len(docs), len(outlets), cs*100)
	if len(prev) > 0 {
		sum += fmt.Sprintf(", against %.0f%% in the %d days before (%d events)", ps*100, int(in.Until.Sub(in.Since).Hours()/24), len(prev))
	}
	b.Summary = append(b.Summary, sum+" "+cite(allRefs)+".")
	b.ChartSVG, b.ChartCaption = chart(in, cur, b.Developments)
	b.Analysis = analysis(in, cur, b.Developments, ref)
	if a := in.Assessment; a != nil {
		for _, j := range a.Judgments {
			var rs []int
			for _, ev := range j.Evidence {
				if d := in.Docs[ev.DocID]; d != nil {
					rs = append(rs, ref(d))
				}
			}
			b.Judgments = append(b.Judgments, Judgment{j, uniq(rs)})
		}
		if len(b.Judgments) > 0 {
			top := b.Judgments[0]
			b.Summary = append(b.Summary, top.Text+" "+cite(top.Refs)+" "+top.ConfidenceText)
		}
		for _, x := range a.Risks {
			if x.Exposure == 0 {
				continue
			}
			var rs []int
			var drivers []string
			for _, d := range x.Drivers[:min(2, len(x.Drivers))] {
				drivers = append(drivers, fmt.Sprintf("%s (%d events)", d.Name, len(d.Evidence)))
				for _, ev := range d.Evidence[:min(3, len(d.Evidence))] {
					if doc := in.Docs[ev.DocID]; doc != nil {
						rs = append(rs, ref(doc))
					}
				}
			}
			var attrs []string
			for _, at := range x.Attributes {
				attrs = append(attrs, at.Because)
			}
			s := fmt.Sprintf("**%s**: exposure %d of 100 for %s", upperFirst(x.Name), x.Exposure, a.Client)
			if len(drivers) > 0 {
				s += "; driven by " + strings.Join(drivers, " and ")
			}
			if len(attrs) > 0 {
				s += "; it matters to the client through " + strings.Join(uniqStrings(attrs), ", ")
			}
			b.Implications = append(b.Implications, s+" "+cite(uniq(rs))+".")
		}
		b.Implications = append(b.Implications, screeningNotes(a.Screening)...)
		seen := map[string]bool{}
		for _, j := range a.Judgments {
			for _, ind := range j.Indicators {
				if !seen[ind] {
					seen[ind] = true
					b.Indicators = append(b.Indicators, ind)
				}
			}
		}
		b.Grades = a.Grades
	}
	// Claim checks of the sources.
	var ids []int64
	for id := range in.Claims {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	for _, id := range ids {
		for _, c := range in.Claims[id] {
			b.Claims = append(b.Claims, ClaimNote{c, ref(in.Docs[id])})
		}
	}
	b.ReadingMinutes = readingMinutes(b)
	return b, nil
}

// screeningNotes are the business implications of screening the client's
// named parties: each listed party, none, or why nothing was screened.
func screeningNotes(sc assess.Screening) []string {
	const head = "**Restricted-party screening**: "
	switch {
	case len(sc.Lists) == 0:
		return []string{head + upperFirst(strings.TrimSuffix(first(sc.Note, assess.NoListsNote), ".")) + "."}
	case len(sc.Hits) == 0:
		return []string{fmt.Sprintf("%s%d named %s of the client screened against %s; none is listed.", head,
			len(sc.Parties), plural(len(sc.Parties), "party", "parties"), strings.Join(sc.Lists, ", "))}
	}
	var out []string
	for _, h := range sc.Hits {
		v := ""
		if h.ListVersion != "" {
			v = ", list version " + h.ListVersion
		}
		out = append(out, fmt.Sprintf("%s%s%s. A listed party drives the client's exposure to sanctions and export controls.", head, upperFirst(quoteSafe(h.Describe())), v))
	}
	return out
}

// listedNote writes the listed parties a piece of evidence's document
// names, "" when none.
func listedNote(hs []assess.ListHit) string {
	if len(hs) == 0 {
		return ""
	}
	var parts []string
	for _, h := range hs {
		parts = append(parts, fmt.Sprintf("%s matches %s entry %s %s (score %.2f)", quoteSafe(h.Party), h.List, h.EntryID, quoteSafe(h.Name), h.Score))
	}
	return "Listed parties named in this source: " + strings.Join(parts, "; ") + "."
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func analysis(in Inputs, cur []event.Event, devs []Development, ref func(*event.Document) int) []string {
	var out []string
	// The busiest week.
	weeks := map[time.Time][]event.Event{}
	for _, e := range cur {
		w := weekOf(e.Date)
		weeks[w] = append(weeks[w], e)
	}
	var peak time.Time
	for w, es := range weeks {
		if len(es) > len(weeks[peak]) || len(es) == len(weeks[peak]) && w.Before(peak) {
			peak = w
		}
	}
	if es := weeks[peak]; len(es) > 0 {
		var rs []int
		for _, e := range es {
			if d := in.Docs[e.DocID]; d != nil {
				rs = append(rs, ref(d))
			}
		}
		out = append(out, fmt.Sprintf("Activity peaked in the week of %s, with %d of the period's %d events and %.0f%% of them conflictual %s.",
			assess.Date(peak), len(es), len(cur), conflictShare(es)*100, cite(uniq(rs)[:min(len(uniq(rs)), 5)])))
	}
	// Who did what: the leading source actors by count.
	by := map[string]int{}
	for _, e := range cur {
		if e.Source.Code != "" {
			by[e.Source.Code]++
		}
	}
	type kv struct {
		k string
		v int
	}
	var kvs []kv
	for k, v := range by {
		kvs = append(kvs, kv{k, v})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].v > kvs[j].v || kvs[i].v == kvs[j].v && kvs[i].k < kvs[j].k })
	var parts []string
	for _, x := range kvs[:min(3, len(kvs))] {
		name := x.k
		if in.ActorName != nil {
			name = in.ActorName(x.k)
		}
		parts = append(parts, fmt.Sprintf("%s (%d)", name, x.v))
	}
	if len(parts) > 0 {
		var rs []int
		for _, d := range devs {
			rs = append(rs, d.Refs...)
		}
		out = append(out, fmt.Sprintf("The actors behind most events were %s %s.", strings.Join(parts, ", "), cite(uniq(rs))))
	}
	return out
}

func chart(in Inputs, cur []event.Event, devs []Development) (string, string) {
	var xs []time.Time
	for w := weekOf(in.Since); w.Before(in.Until); w = w.AddDate(0, 0, 7) {
		xs = append(xs, w)
	}
	conflict := make([]float64, len(xs))
	coop := make([]float64, len(xs))
	for _, e := range cur {
		i := int(weekOf(e.Date).Sub(xs[0]).Hours() / (24 * 7))
		if i < 0 || i >= len(xs) {
			continue
		}
		if e.Quad >= 3 {
			conflict[i]++
		} else if e.Quad >= 1 {
			coop[i]++
		}
	}
	c := plot.Chart{Title: in.Subject + ": events by week", YLabel: "events", Width: 720, Height: 300,
		Series: []plot.Series{{Name: "conflict (quad 3–4)", X: xs, Y: conflict}, {Name: "cooperation (quad 1–2)", X: xs, Y: coop}}}
	for _, d := range devs[:min(3, len(devs))] {
		c.Marks = append(c.Marks, plot.Mark{X: d.Date, Label: d.Date.Format("2 Jan")})
	}
	var buf bytes.Buffer
	if err := plot.SVG(&buf, c); err != nil {
		return "", ""
	}
	return buf.String(), fmt.Sprintf("Events between the sides of %s by week (coded by georisk from the sources below); vertical lines mark the first key developments.", in.Subject)
}

func conflictShare(es []event.Event) float64 {
	if len(es) == 0 {
		return 0
	}
	n := 0
	for _, e := range es {
		if e.Quad >= 3 {
			n++
		}
	}
	return float64(n) / float64(len(es))
}

func sentenceOf(d *event.Document, e event.Event) string {
	s := e.Evidence.Sentence
	if s.Start < 0 || s.Start >= s.End || s.End > len(d.Body) {
		return ""
	}
	t := strings.Join(strings.Fields(d.Body[s.Start:s.End]), " ")
	// Quotation marks inside a quoted sentence become single ones, so
	// that the quotation stays one.
	return strings.NewReplacer("“", "‘", "”", "’", `"`, "'").Replace(t)
}

func outletOf(d *event.Document) string {
	for _, s := range []string{d.Source, d.Site} {
		if s != "" {
			return s
		}
	}
	return "unknown outlet"
}

func cite(refs []int) string {
	if len(refs) == 0 {
		return ""
	}
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = fmt.Sprintf("[%d]", r)
	}
	return strings.Join(parts, "")
}

func uniq(xs []int) []int {
	seen := map[int]bool{}
	var out []int
	for _, x := range xs {
		if x > 0 && !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	sort.Ints(out)
	return out
}

func uniqStrings(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func weekOf(t time.Time) time.Time {
	t = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

func period(since, until time.Time) string {
	last := until.AddDate(0, 0, -1)
	if since.Year() == last.Year() {
		if since.Month() == last.Month() {
			return since.Format("January 2006")
		}
		return since.Format("January") + "–" + last.Format("January 2006")
	}
	return since.Format("January 2006") + "–" + last.Format("January 2006")
}

func readingMinutes(b *Brief) int {
	var buf bytes.Buffer
	_ = writeMarkdown(&buf, b, false)
	words := len(strings.Fields(buf.String()))
	return max(1, (words+199)/200)
}

// WriteFile writes a file atomically: a temporary file beside it, synced,
// then renamed over it. On error nothing is left behind.
func WriteFile(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = write(f); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Chmod(f.Name(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err = os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
