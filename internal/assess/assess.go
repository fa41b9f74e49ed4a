package assess

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/analyze"
	"github.com/georisk/georisk/internal/event"
	"github.com/georisk/georisk/internal/store"
)

// EventSource is what Assess reads: events of a window and the documents
// they were coded from. Both store backends are one.
type EventSource interface {
	ListEvents(ctx context.Context, q store.EventQuery) ([]event.Event, error)
	Doc(ctx context.Context, id int64) (event.Document, error)
}

// ErrNoEvidence is returned (wrapped) by Assess when the window holds no
// event involving the client's host countries.
var ErrNoEvidence = errors.New("no evidence")

// Options configure [Assess].
type Options struct {
	// Since and Until bound the evidence window [Since, Until); both are
	// required.
	Since, Until time.Time
	Model        *Model
	Sources      *Sources // nil grades every outlet F
	Places       Places
	// Screen screens the client's named parties against the loaded
	// restricted-party lists; nil means no list is loaded (the assessment
	// says so). Lists names the lists, "name (version)".
	Screen Screener
	Lists  []string
	// NamedParty decides which customers and suppliers are named parties
	// to screen (counterparties always are); nil screens them all.
	NamedParty func(name string) bool
	// Rollups, when set, serves the tension index's totals from the
	// store's daily rollups (see analyze.Totals); nil lists them.
	Rollups analyze.RollupReader
	// Alerts, when set, gives the stored alerts of the window.
	Alerts AlertSource
	// DocHits, when set, gives the screening hits stored on the documents
	// that are evidence of a driver, shown with that evidence.
	DocHits DocHits
}

// Assessment is a client's exposure to each risk of the model, with the
// key judgments for the material ones.
type Assessment struct {
	Client    string       `json:"client"`
	Profile   string       `json:"profile"`
	Since     time.Time    `json:"since"`
	Until     time.Time    `json:"until"`
	Horizon   time.Time    `json:"horizon"`
	Hosts     []string     `json:"hosts"`      // country codes outside the home bloc where the client is exposed
	HostNames []string     `json:"host_names"` // their display names
	Home      []string     `json:"home"`       // codes that count fully as the client's side
	Events    int          `json:"events"`     // events in the window with a host on one side
	Risks     []Exposure   `json:"risks"`      // highest exposure first
	Judgments []Judgment   `json:"judgments"`
	Grades    []GradeCount `json:"grades"` // the outlets the evidence rests on, with their grades
	Screening Screening    `json:"screening"`
	// Tension is the tension index between each host and the client's
	// side over the window.
	Tension []TensionNote `json:"tension"`
}

// GradeCount is an outlet with its grade and how many evidence items came
// from it.
type GradeCount struct {
	Outlet string `json:"outlet"`
	Grade  string `json:"grade"`
	Items  int    `json:"items"`
}

// Exposure is one risk's score with its drivers.
type Exposure struct {
	Risk          string         `json:"risk"`
	Name          string         `json:"name"`
	Exposure      int            `json:"exposure"` // 0–100
	Hazard        float64        `json:"hazard"`
	Vulnerability float64        `json:"vulnerability"`
	Material      bool           `json:"material"`
	Cared         bool           `json:"cared"` // among the profile's concerns
	Drivers       []Driver       `json:"drivers"`
	Attributes    []AttributeHit `json:"attributes"`
	host          string
}

// Driver is a rule's part of a risk's hazard, with the events behind it.
type Driver struct {
	Rule     string     `json:"rule"`
	Name     string     `json:"name"`
	Weight   float64    `json:"weight"`
	Evidence []Evidence `json:"evidence"`
	// Hits are the list entries behind a screening driver.
	Hits []ListHit `json:"hits,omitempty"`
}

// AttributeHit is a profile attribute's part of a risk's vulnerability.
type AttributeHit struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Weight  float64 `json:"weight"`
	Because string  `json:"because"`
}

// Evidence is one event with the sentence and document it rests on.
type Evidence struct {
	EventID   int64     `json:"event_id"`
	Date      time.Time `json:"date"`
	Source    string    `json:"source"` // actor codes
	Target    string    `json:"target"`
	Code      string    `json:"code"`
	PLOVER    string    `json:"plover,omitempty"`
	Goldstein float64   `json:"goldstein"`
	Quad      int       `json:"quad"`
	Sentence  string    `json:"sentence,omitempty"`
	DocID     int64     `json:"doc_id,omitempty"`
	Title     string    `json:"title,omitempty"`
	Outlet    string    `json:"outlet,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
	Grade     string    `json:"grade"`
	Weight    float64   `json:"weight"` // the event's contribution to the driver
	targeted  bool      // the event concerns the client directly (see sideSet.targeted)
	// Listed are the screening hits stored on the document (parties it
	// names that match a restricted-party list).
	Listed []ListHit `json:"listed,omitempty"`
	story  string
	host   string
}

// Assess scores a profile against the events of a window.
func Assess(ctx context.Context, src EventSource, p *Profile, opt Options) (*Assessment, error) {
	m := opt.Model
	if m == nil {
		return nil, errors.New("assess: no risk model")
	}
	if opt.Since.IsZero() || opt.Until.IsZero() || !opt.Since.Before(opt.Until) {
		return nil, fmt.Errorf("assess: want a window with since before until, got %s and %s", day(opt.Since), day(opt.Until))
	}
	a := &Assessment{Client: p.Name, Profile: p.File, Since: opt.Since, Until: opt.Until,
		Horizon: opt.Until.AddDate(0, 0, m.HorizonDays)}
	side := sides(p, m, opt.Places, opt.Until)
	a.Hosts = side.hosts
	for _, h := range side.hosts {
		a.HostNames = append(a.HostNames, opt.Places.Name(h))
	}
	for c, w := range side.home {
		if w >= m.Relevance.Home {
			a.Home = append(a.Home, c)
		}
	}
	sort.Strings(a.Home)
	if len(side.hosts) == 0 {
		return nil, fmt.Errorf("profile %s: the client has no operations, markets, suppliers or counterparties outside its home bloc, so there is nothing to assess", p.File)
	}
	window := opt.Until.Sub(opt.Since)
	evs, err := fetchEvents(ctx, src, side.hosts, opt.Since.Add(-window), opt.Until)
	if err != nil {
		return nil, err
	}
	docs := docCache{src: src, docs: map[int64]*event.Document{}}
	t := newTally()
	hazard, drivers, hostPart, add := t.hazard, t.drivers, t.hostPart, t.add
	seen := map[string]bool{}
	conflict := map[string][2][]Evidence{} // host → [before, in window]
	for i := range evs {
		e := &evs[i]
		hs, ok := side.hostSide(e)
		if !ok {
			continue
		}
		in := !e.Date.Before(opt.Since)
		ev, err := evidenceOf(ctx, &docs, e, opt.Sources)
		if err != nil {
			return nil, err
		}
		ev.host = hs.host
		ev.targeted = side.targeted(e, hs, strings.ToLower(ev.Sentence))
		key := ev.story + "|" + day(e.Date) + "|" + e.Source.Code + "|" + e.Target.Code + "|" + e.Code
		if seen[key] {
			continue // a syndicated copy of an event already counted
		}
		seen[key] = true
		if e.Quad >= 3 && hs.other >= m.Relevance.Bloc {
			c := conflict[hs.host]
			idx := 0
			if in {
				idx = 1
			}
			c[idx] = append(c[idx], ev)
			conflict[hs.host] = c
		}
		if !in {
			continue
		}
		a.Events++
		sentence := strings.ToLower(ev.Sentence)
		conf := e.Evidence.Confidence
		if conf <= 0 || conf > 1 {
			conf = 1
		}
		gw := m.grade(ev.Grade[:1])
		for ri := range m.Rules {
			ru := &m.Rules[ri]
			rel, ok := hs.relevance(ru.Between, m)
			if !ok || !ru.matches(e, sentence) {
				continue
			}
			for risk, w := range ru.Risks {
				if m.targeted(risk) && !ev.targeted {
					continue // e.g. coercion of a third country
				}
				add(risk, ru.ID, ru.Name, w*rel*conf*gw, ev)
			}
		}
	}
	if a.Events == 0 {
		return nil, fmt.Errorf("%w: no events involving %s between %s and %s, so there is nothing to assess (ingest or import news of that period first)",
			ErrNoEvidence, strings.Join(a.HostNames, ", "), day(opt.Since), day(opt.Until))
	}
	// Tension: the tension index between each host and the client's side.
	against := side.against()
	for _, h := range side.hosts {
		tn, err := tensionOf(ctx, src, opt, &docs, h, against)
		if err != nil {
			return nil, err
		}
		a.Tension = append(a.Tension, tn)
		if !tn.Driver {
			continue
		}
		all := conflict[h][1]
		name := fmt.Sprintf("the tension index between %s and the client's side averaged %.2f over the window's weeks (peak %.2f in the week of %s; 0 is the level of the %d weeks before)",
			CountryName(tn.HostName), tn.Mean, tn.Peak, Date(tn.PeakWeek), m.Tension.BaselineWeeks)
		for risk, w := range m.Tension.Risks {
			evs := m.evidenceFor(risk, all)
			total := w * min(m.Tension.MaxIndex, tn.Mean)
			if len(evs) == 0 && len(all) > 0 {
				continue // the dyad's conflicts concern the client only indirectly
			}
			if len(evs) == 0 {
				t.addBare(risk, "tension-"+h, name, h, total)
				continue
			}
			for _, ev := range evs {
				add(risk, "tension-"+h, name, total/float64(len(evs)), ev)
			}
		}
	}
	// Alerts: stored rises of watched series between a host and the
	// client's side.
	if opt.Alerts != nil {
		if err := addAlerts(ctx, opt, side, &docs, t); err != nil {
			return nil, err
		}
	}
	// Screening: each hit on a named party of the client drives the
	// screening risks by the model's weight times the match score.
	if a.Screening, err = screenProfile(p, opt); err != nil {
		return nil, err
	}
	if len(a.Screening.Hits) > 0 {
		for risk, w := range m.Screening.Risks {
			for _, h := range a.Screening.Hits {
				d := t.addBare(risk, "listed-party", "a named party of the client matches a restricted-party list", "", w*h.Score)
				d.Hits = append(d.Hits, h)
			}
		}
	}
	if opt.DocHits != nil {
		if err := addDocHits(ctx, opt.DocHits, drivers); err != nil {
			return nil, err
		}
	}
	attrs := attributes(p, side, m)
	if len(a.Screening.Hits) > 0 {
		for _, at := range m.Attributes {
			if at.ID == "listed-parties" {
				h := a.Screening.Hits[0]
				attrs = append(attrs, attr{ID: at.ID, Name: at.Name, weights: at.Risks,
					because: fmt.Sprintf("%s %s on %s (entry %s)", h.Role, h.Party, h.List, h.EntryID)})
			}
		}
	}
	for _, r := range m.Risks {
		x := Exposure{Risk: r.ID, Name: r.Name, Hazard: round2(hazard[r.ID]), Cared: p.Cares(r.ID)}
		v := 0.0
		for _, at := range attrs {
			if w := at.weights[r.ID]; w > 0 {
				v += w
				x.Attributes = append(x.Attributes, AttributeHit{ID: at.ID, Name: at.Name, Weight: w, Because: at.because})
			}
		}
		x.Vulnerability = round2(min(1, v))
		x.Exposure = int(math.Round(100 * x.Vulnerability * (1 - math.Exp(-hazard[r.ID]/m.Scale))))
		x.Material = x.Cared && x.Exposure >= m.Material
		for _, d := range drivers[r.ID] {
			d.Weight = round2(d.Weight)
			sort.SliceStable(d.Evidence, func(i, j int) bool { return d.Evidence[i].Weight > d.Evidence[j].Weight })
			x.Drivers = append(x.Drivers, *d)
		}
		sort.Slice(x.Drivers, func(i, j int) bool {
			if x.Drivers[i].Weight != x.Drivers[j].Weight {
				return x.Drivers[i].Weight > x.Drivers[j].Weight
			}
			return x.Drivers[i].Rule < x.Drivers[j].Rule
		})
		best := 0.0
		for h, w := range hostPart[r.ID] {
			if w > best || w == best && h < x.host {
				best, x.host = w, h
			}
		}
		if x.host == "" {
			x.host = side.hosts[0]
		}
		a.Risks = append(a.Risks, x)
	}
	sort.SliceStable(a.Risks, func(i, j int) bool { return a.Risks[i].Exposure > a.Risks[j].Exposure })
	for _, x := range a.Risks {
		if x.Material {
			a.Judgments = append(a.Judgments, judge(a, p, m, x, opt.Places))
		}
	}
	a.Grades = gradeCounts(a.Judgments)
	return a, nil
}

// addDocHits attaches the screening hits stored on each evidence document.
func addDocHits(ctx context.Context, get DocHits, drivers map[string]map[string]*Driver) error {
	cache := map[int64][]ListHit{}
	for _, byRule := range drivers {
		for _, d := range byRule {
			for i := range d.Evidence {
				id := d.Evidence[i].DocID
				if id == 0 {
					continue
				}
				hs, ok := cache[id]
				if !ok {
					var err error
					if hs, err = get(ctx, id); err != nil {
						return fmt.Errorf("reading the screening hits of document %d: %w", id, err)
					}
					cache[id] = hs
				}
				d.Evidence[i].Listed = hs
			}
		}
	}
	return nil
}

func fetchEvents(ctx context.Context, src EventSource, hosts []string, since, until time.Time) ([]event.Event, error) {
	const page = 5000
	byID := map[int64]bool{}
	var out []event.Event
	for _, h := range hosts {
		for off := 0; ; off += page {
			evs, err := src.ListEvents(ctx, store.EventQuery{Actor: h, Since: since, Until: until, Limit: page, Offset: off})
			if err != nil {
				return nil, fmt.Errorf("reading events of %s: %w", h, err)
			}
			for _, e := range evs {
				if !byID[e.ID] {
					byID[e.ID] = true
					out = append(out, e)
				}
			}
			if len(evs) < page {
				break
			}
		}
	}
	// Oldest first, so that the first copy of a syndicated story counts.
	slices.SortStableFunc(out, func(a, b event.Event) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	return out, nil
}

type docCache struct {
	src  EventSource
	docs map[int64]*event.Document
}

func (c *docCache) get(ctx context.Context, id int64) (*event.Document, error) {
	if d, ok := c.docs[id]; ok {
		return d, nil
	}
	d, err := c.src.Doc(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		c.docs[id] = nil
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading document %d: %w", id, err)
	}
	c.docs[id] = &d
	return &d, nil
}

func evidenceOf(ctx context.Context, docs *docCache, e *event.Event, sources *Sources) (Evidence, error) {
	ev := Evidence{EventID: e.ID, Date: e.Date, Source: e.Source.Code, Target: e.Target.Code, Code: e.Code,
		PLOVER: e.PLOVER, Goldstein: e.Goldstein, Quad: e.Quad, URL: e.URL, story: e.Key()}
	g := sources.OfURL(e.URL)
	if e.DocID > 0 {
		d, err := docs.get(ctx, e.DocID)
		if err != nil {
			return ev, err
		}
		if d != nil {
			ev.DocID, ev.Title, ev.Outlet, ev.Published = d.ID, d.Title, outlet(d), d.Published
			if ev.URL == "" {
				ev.URL = d.URL
			}
			if s := e.Evidence.Sentence; s.Start >= 0 && s.Start < s.End && s.End <= len(d.Body) {
				ev.Sentence = strings.Join(strings.Fields(d.Body[s.Start:s.End]), " ")
			}
			g = sources.Of(d)
			ev.story = fmt.Sprintf("story:%d", d.StoryID)
		}
	} else if h := host(e.URL); h != "" {
		ev.Outlet = h
	}
	ev.Grade = g.String()
	return ev, nil
}

// outlet names a document's outlet: its source, else its site, else its
// URL's host.
func outlet(d *event.Document) string {
	for _, s := range []string{d.Source, d.Site, host(d.URL)} {
		if s != "" {
			return s
		}
	}
	return "unknown outlet"
}

func (ru *Rule) matches(e *event.Event, sentence string) bool {
	if len(ru.Codes) > 0 && !slices.ContainsFunc(ru.Codes, func(c string) bool { return strings.HasPrefix(e.Code, c) }) {
		return false
	}
	if len(ru.PLOVER) > 0 && !slices.Contains(ru.PLOVER, e.PLOVER) {
		return false
	}
	if ru.kw != nil && !ru.kw.MatchString(sentence) {
		return false
	}
	return true
}

func gradeCounts(js []Judgment) []GradeCount {
	n := map[[2]string]int{}
	seen := map[int64]bool{}
	for _, j := range js {
		for _, ev := range j.Evidence {
			if seen[ev.EventID] {
				continue
			}
			seen[ev.EventID] = true
			n[[2]string{ev.Outlet, ev.Grade}]++
		}
	}
	var out []GradeCount
	for k, c := range n {
		out = append(out, GradeCount{Outlet: k[0], Grade: k[1], Items: c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Grade != out[j].Grade {
			return out[i].Grade < out[j].Grade
		}
		return out[i].Outlet < out[j].Outlet
	})
	return out
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

func day(t time.Time) string {
	if t.IsZero() {
		return "(none)"
	}
	return t.Format(time.DateOnly)
}
