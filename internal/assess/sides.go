package assess

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/event"
)

// sideSet says which countries are hosts (where the client is exposed,
// outside its home bloc) and how much each other actor counts as the
// client's own side.
type sideSet struct {
	hosts []string
	host  map[string]bool
	home  map[string]float64 // country or group code → relevance
	// target holds the countries and groups whose being targeted concerns
	// the client directly: its home country, its sites' countries and its
	// customers' countries and groups (with their members); names holds
	// the client's and its counterparties' names, lower-cased.
	target map[string]bool
	names  []string
}

func sides(p *Profile, m *Model, places Places, on time.Time) *sideSet {
	s := &sideSet{host: map[string]bool{}, home: map[string]float64{}}
	set := func(code string, w float64) {
		if code != "" && w > s.home[code] {
			s.home[code] = w
		}
	}
	hq := p.Headquarters.Code
	set(hq, m.Relevance.Home)
	for _, g := range m.HomeGroups {
		if slices.Contains(places.Members(g, on), hq) {
			set(g, m.Relevance.Bloc)
			for _, c := range places.Members(g, on) {
				set(c, m.Relevance.Bloc)
			}
		}
	}
	candidate := func(code string) {
		if code != "" && s.home[code] == 0 && !s.host[code] {
			s.host[code] = true
			s.hosts = append(s.hosts, code)
		}
	}
	for _, o := range p.Operations {
		candidate(o.Country.Code)
	}
	for _, mk := range p.Markets {
		candidate(mk.Country.Code)
	}
	for _, sp := range p.Suppliers {
		for _, pl := range sp.Countries {
			if !pl.Group {
				candidate(pl.Code)
			}
		}
	}
	for _, c := range p.Counterparties {
		candidate(c.Country.Code)
	}
	// Customers count as the client's side, except in a host country.
	for _, c := range p.Customers {
		for _, pl := range c.Countries {
			if !s.host[pl.Code] {
				set(pl.Code, m.Relevance.Home)
			}
			if pl.Group {
				for _, mem := range places.Members(pl.Code, on) {
					if !s.host[mem] {
						set(mem, m.Relevance.Bloc)
					}
				}
			}
		}
	}
	sort.Strings(s.hosts)
	s.target = map[string]bool{hq: true}
	for _, o := range p.Operations {
		s.target[o.Country.Code] = true
	}
	for _, c := range p.Customers {
		for _, pl := range c.Countries {
			s.target[pl.Code] = true
			if pl.Group {
				for _, mem := range places.Members(pl.Code, on) {
					s.target[mem] = true
				}
			}
		}
	}
	delete(s.target, "")
	for _, n := range append([]string{p.Name}, counterpartyNames(p)...) {
		if n = strings.ToLower(strings.TrimSpace(n)); len(n) >= 4 {
			s.names = append(s.names, n)
		}
	}
	return s
}

func counterpartyNames(p *Profile) []string {
	var out []string
	for _, c := range p.Counterparties {
		out = append(out, c.Name)
	}
	return out
}

// targeted reports whether an event concerns the client directly: the
// side that is not the host is one of the client's target countries or
// groups, or its sentence names the client or a counterparty. Risks the
// model lists as targeted (coercion) count only such events.
func (s *sideSet) targeted(e *event.Event, hs hostSide, sentence string) bool {
	other := e.Source
	if hs.fromHost {
		other = e.Target
	}
	c := countryOf(other)
	if s.target[c] {
		return true
	}
	if strings.HasPrefix(c, "IGO") {
		for g := range s.target {
			if strings.HasPrefix(g, "IGO") && strings.HasPrefix(c, g) {
				return true
			}
		}
	}
	for _, n := range s.names {
		if strings.Contains(sentence, n) {
			return true
		}
	}
	return false
}

// against returns the codes of the client's side (its home country, its
// blocs and their members, its customers' countries and groups), sorted:
// the other side of the tension index's dyads.
func (s *sideSet) against() []string {
	out := make([]string, 0, len(s.home))
	for c, w := range s.home {
		if w > 0 {
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

// countryOf returns an actor's country or group code.
func countryOf(a event.Actor) string {
	if strings.HasPrefix(a.Code, "IGO") {
		return a.Code
	}
	if a.Country != "" {
		return a.Country
	}
	if len(a.Code) >= 3 {
		return a.Code[:3]
	}
	return ""
}

// weight returns how much an actor counts as the client's side.
func (s *sideSet) weight(a event.Actor) float64 {
	c := countryOf(a)
	if strings.HasPrefix(c, "IGO") {
		best := 0.0
		for g, w := range s.home {
			if strings.HasPrefix(c, g) && strings.HasPrefix(g, "IGO") && w > best {
				best = w
			}
		}
		return best
	}
	return s.home[c]
}

// hostSide is where an event stands relative to the client.
type hostSide struct {
	host       string
	fromHost   bool    // the host is the event's source
	other      float64 // the weight of the other side as the client's
	otherHome  bool    // the other side is the client's side at all
	toHostHome bool    // the source is the client's side and the target a host
}

func (s *sideSet) hostSide(e *event.Event) (hostSide, bool) {
	src, tgt := countryOf(e.Source), countryOf(e.Target)
	switch {
	case s.host[src]:
		w := s.weight(e.Target)
		return hostSide{host: src, fromHost: true, other: w, otherHome: w > 0}, true
	case s.host[tgt]:
		w := s.weight(e.Source)
		return hostSide{host: tgt, other: w, otherHome: w > 0, toHostHome: w > 0}, true
	}
	return hostSide{}, false
}

// relevance returns the event's relevance under a rule's between, and
// whether the rule applies at all.
func (h hostSide) relevance(between string, m *Model) (float64, bool) {
	switch between {
	case "host-home":
		return h.other, h.otherHome
	case "host->home":
		return h.other, h.fromHost && h.otherHome
	case "home->host":
		return h.other, h.toHostHome
	case "host":
		if h.otherHome {
			return h.other, true
		}
		return m.Relevance.Other, true
	}
	return 0, false
}

// attr is an attribute the profile has, with its weights.
type attr struct {
	ID, Name string
	weights  map[string]float64
	because  string
}

var criticalInputs = []string{"gallium", "germanium", "graphite", "rare earth", "antimony", "tungsten", "lithium", "cobalt", "magnesium"}

var defenceWords = []string{"defence", "defense", "military", "ministr", "armed forces", "government", "navy", "air force", "army"}

func attributes(p *Profile, s *sideSet, m *Model) []attr {
	has := map[string]string{} // attribute → because
	note := func(id, format string, args ...any) {
		if _, ok := has[id]; !ok {
			has[id] = fmt.Sprintf(format, args...)
		}
	}
	for _, o := range p.Operations {
		if s.host[o.Country.Code] {
			what := strings.TrimSpace(strings.Join([]string{o.City, o.Site}, " "))
			note("sites-in-host", "operations in %s (%s)", o.Country.Value, first(what, "a site"))
		}
	}
	for _, mk := range p.Markets {
		if s.host[mk.Country.Code] {
			if mk.Share > 0 {
				note("sells-in-host", "sales in %s (%.0f%% of revenue)", mk.Country.Value, mk.Share*100)
			} else {
				note("sells-in-host", "sales in %s", mk.Country.Value)
			}
		}
	}
	sectors, _ := DefaultSectors()
	for _, c := range p.Customers {
		tags := []string{}
		if sectors != nil {
			if sec, ok := sectors.Lookup(c.Sector.Value); ok {
				tags = sec.Tags
			}
		}
		name := strings.ToLower(c.Name)
		if slices.Contains(tags, "defence") || slices.Contains(tags, "government") ||
			slices.ContainsFunc(defenceWords, func(w string) bool { return strings.Contains(name, w) }) {
			note("defence-customers", "customers: %s", first(c.Name, c.Sector.Value))
		}
	}
	for _, pr := range p.Products {
		if pr.DualUse || pr.ECCN != "" && !strings.EqualFold(pr.ECCN, "EAR99") {
			note("dual-use-products", "dual-use product: %s", pr.Name)
		}
	}
	for _, sp := range p.Suppliers {
		for _, pl := range sp.Countries {
			if s.host[pl.Code] {
				note("suppliers-in-host", "suppliers in %s (%s)", pl.Value, first(sp.Name, strings.Join(sp.Inputs, ", ")))
			}
		}
		for _, in := range sp.Inputs {
			if slices.ContainsFunc(criticalInputs, func(c string) bool { return strings.Contains(strings.ToLower(in), c) }) {
				note("critical-inputs", "critical input: %s", in)
			}
		}
		if sectors != nil {
			if sec, ok := sectors.Lookup(sp.Sector.Value); ok && slices.Contains(sec.Tags, "critical-inputs") {
				note("critical-inputs", "suppliers in %s", sec.Name)
			}
		}
	}
	for _, sec := range p.SectorInfo {
		if slices.Contains(sec.Tags, "tech") {
			note("tech-sector", "sector: %s", sec.Name)
		}
		if slices.Contains(sec.Tags, "consumer") {
			note("consumer-sector", "sector: %s", sec.Name)
		}
	}
	for _, c := range p.Counterparties {
		if s.host[c.Country.Code] {
			note("host-counterparties", "counterparty in %s: %s", c.Country.Value, c.Name)
		}
	}
	var out []attr
	for _, a := range m.Attributes {
		if because, ok := has[a.ID]; ok {
			out = append(out, attr{ID: a.ID, Name: a.Name, weights: a.Risks, because: because})
		}
	}
	return out
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
