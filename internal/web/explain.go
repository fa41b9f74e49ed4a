package web

import (
	"context"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
	"github.com/georisk/georisk/internal/text"
)

// explained is a document as the coder saw it: its sentences, each with
// the actors, events, quotes and judgments found in it, and the marks that
// highlight them in the text.
type explained struct {
	Doc       docJSON        `json:"document"`
	Sentences []explSentence `json:"sentences"`
	Events    int            `json:"events"`
	Quotes    int            `json:"quotes"`
	Judgments int            `json:"judgments"`
}

type explSentence struct {
	Index     int            `json:"index"`
	Start     int            `json:"start"`
	End       int            `json:"end"`
	Text      string         `json:"text"`
	Para      bool           `json:"-"` // starts a paragraph
	Parts     []markPart     `json:"-"`
	Actors    []ActorSpan    `json:"actors,omitempty"`
	Events    []eventJSON    `json:"events,omitempty"`
	Quotes    []quoteJSON    `json:"quotes,omitempty"`
	Judgments []judgmentJSON `json:"judgments,omitempty"`
}

// Found reports whether anything was found in the sentence.
func (e explSentence) Found() bool {
	return len(e.Events)+len(e.Quotes)+len(e.Judgments) > 0
}

// markPart is a run of a sentence's text, highlighted when Class is set.
type markPart struct {
	Text, Class, Title string
}

type quoteJSON struct {
	Speaker     actorJSON `json:"speaker"`
	SpeakerText string    `json:"speaker_text,omitempty"`
	Text        string    `json:"text"`
}

type judgmentJSON struct {
	Author  string `json:"author,omitempty"`
	Term    string `json:"term"`
	Band    string `json:"band,omitempty"`
	Low     int    `json:"low,omitempty"`
	High    int    `json:"high,omitempty"`
	Subject string `json:"subject,omitempty"`
	Claim   string `json:"claim,omitempty"`
}

type mark struct {
	start, end   int
	class, title string
}

// explain builds the document view from what the store keeps of the coded
// document (events, quotes, judgments) and the actors found again in each
// sentence.
func (s *Server) explain(ctx context.Context, d *event.Document) (*explained, error) {
	evs, err := s.opt.Store.ListEvents(ctx, store.EventQuery{DocID: d.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	qs, err := s.opt.Store.ListQuotes(ctx, store.TextQuery{DocID: d.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	js, err := s.opt.Store.ListJudgments(ctx, store.TextQuery{DocID: d.ID, Limit: 1000})
	if err != nil {
		return nil, err
	}
	x := &explained{Doc: toJSON(*d), Events: len(evs), Quotes: len(qs), Judgments: len(js)}
	pub := d.Published
	if pub.IsZero() {
		pub = d.IngestedAt
	}
	body := d.Body
	prevEnd := 0
	for i, sn := range text.Sentences(body, nil) {
		sent := body[sn.Start:sn.End]
		es := explSentence{Index: i + 1, Start: sn.Start, End: sn.End, Text: sent,
			Para: i == 0 || strings.Contains(body[prevEnd:sn.Start], "\n\n")}
		prevEnd = sn.End
		var marks []mark
		in := func(off int) bool { return off >= sn.Start && off < sn.End }
		if s.opt.FindActors != nil {
			es.Actors = s.opt.FindActors(sent, pub)
			for _, a := range es.Actors {
				marks = append(marks, mark{a.Start, a.End, "actor", a.Name + " (" + a.Code + ")"})
			}
		}
		for k := range evs {
			e := &evs[k]
			if !in(e.Evidence.Sentence.Start) {
				continue
			}
			j := s.eventJSON(e, nil)
			es.Events = append(es.Events, j)
			if t := e.Evidence.Trigger; t != "" {
				if at := indexFold(sent, t); at >= 0 {
					marks = append(marks, mark{at, at + len(t), "trigger q" + itoa(e.Quad), e.Code + " " + j.CodeName})
				}
			}
		}
		for _, q := range qs {
			if !in(q.Sentence.Start) && !in(q.Span.Start) {
				continue
			}
			es.Quotes = append(es.Quotes, quoteJSON{Speaker: s.actorJSON(q.Speaker), SpeakerText: q.SpeakerText, Text: q.Text})
			a, b := max(q.Span.Start, sn.Start)-sn.Start, min(q.Span.End, sn.End)-sn.Start
			if a < b {
				marks = append(marks, mark{a, b, "quote", "quote: " + q.SpeakerText})
			}
		}
		for _, j := range js {
			if !in(j.Span.Start) {
				continue
			}
			es.Judgments = append(es.Judgments, judgmentJSON{Author: j.Author, Term: j.Term, Band: j.Band, Low: j.Low, High: j.High, Subject: j.Subject, Claim: j.Claim})
			if at := indexFold(sent, j.Term); at >= 0 {
				title := "estimative: " + j.Term
				if j.Band != "" {
					title += " (" + j.Band + ")"
				}
				marks = append(marks, mark{at, at + len(j.Term), "judgment", title})
			}
		}
		es.Parts = splitMarks(sent, marks)
		x.Sentences = append(x.Sentences, es)
	}
	return x, nil
}

// splitMarks cuts a sentence into runs. Short marks (actors, triggers,
// terms) win over the long quote marks they overlap: a quote is then
// highlighted only where nothing shorter is.
func splitMarks(sent string, marks []mark) []markPart {
	sort.SliceStable(marks, func(i, j int) bool {
		li, lj := marks[i].end-marks[i].start, marks[j].end-marks[j].start
		return li < lj
	})
	owner := make([]int, len(sent)) // index+1 of the mark covering each byte
	for i, m := range marks {
		if m.start < 0 || m.end > len(sent) || m.start >= m.end {
			continue
		}
		for p := m.start; p < m.end; p++ {
			if owner[p] == 0 {
				owner[p] = i + 1
			}
		}
	}
	var parts []markPart
	for p := 0; p < len(sent); {
		q := p
		for q < len(sent) && owner[q] == owner[p] {
			q++
		}
		part := markPart{Text: sent[p:q]}
		if o := owner[p]; o > 0 {
			part.Class, part.Title = marks[o-1].class, marks[o-1].title
		}
		parts = append(parts, part)
		p = q
	}
	return parts
}

// indexFold finds sub in s ignoring ASCII case, at a byte offset of s.
func indexFold(s, sub string) int {
	if sub == "" || len(sub) > len(s) {
		return -1
	}
	ls, lsub := strings.ToLower(s), strings.ToLower(sub)
	if len(ls) != len(s) {
		return strings.Index(s, sub)
	}
	return strings.Index(ls, lsub)
}

func itoa(n int) string {
	return string(rune('0' + n%10))
}

func (s *Server) explainAPI(w http.ResponseWriter, r *http.Request) error {
	d, err := s.doc(r)
	if err != nil {
		return err
	}
	x, err := s.explain(r.Context(), &d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, x)
	return nil
}

func (s *Server) documentPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.doc(r)
	if err != nil {
		return err
	}
	x, err := s.explain(r.Context(), &d)
	if err != nil {
		return err
	}
	var copies []event.Document
	if d.StoryID != 0 {
		if copies, err = s.opt.Store.Story(r.Context(), d.StoryID); err != nil {
			return err
		}
	}
	_, rawType, err := s.opt.Store.Raw(r.Context(), d.ID)
	if err != nil && !isNotFound(err) {
		return err
	}
	s.render(w, r, http.StatusOK, "document", map[string]any{"Title": d.Title, "Doc": d, "X": x, "Copies": copies,
		"HasHTML": strings.Contains(rawType, "html"), "Published": pubDay(d.Published), "Claims": s.docClaims(d.Body, d.Published)})
	return nil
}

// originalPage shows the page a document was extracted from, after
// allow-list sanitizing.
func (s *Server) originalPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.doc(r)
	if err != nil {
		return err
	}
	raw, typ, err := s.opt.Store.Raw(r.Context(), d.ID)
	if isNotFound(err) {
		return notFound("document %d has no stored original", d.ID)
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "original", map[string]any{"Title": d.Title, "Doc": d, "HTML": sanitized(string(raw), typ)})
	return nil
}

func pubDay(t time.Time) string {
	if t.IsZero() {
		return "undated"
	}
	return t.UTC().Format("2 January 2006")
}
