package acled

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/georisk/georisk/internal/event"
)

//go:embed acled_actors.tsv
var actorsTSV string

// inter is an ACLED interaction code: its label and CAMEO agent.
type inter struct {
	label, agent string
}

// prefix assigns an agent to the actors whose names start with it.
type prefix struct {
	prefix, agent string // prefix in lower case
}

func parseActors(tsv string) (map[string]inter, []prefix, error) {
	inters := map[string]inter{}
	var prefixes []prefix
	n := 0
	for l := range strings.Lines(tsv) {
		n++
		l = strings.TrimRight(l, "\r\n")
		if l == "" || l[0] == '#' {
			continue
		}
		f := strings.Split(l, "\t")
		if len(f) != 4 {
			return nil, nil, fmt.Errorf("acled_actors.tsv:%d: %d fields, want 4", n, len(f))
		}
		switch f[0] {
		case "inter":
			labels := strings.Split(f[2], "|")
			in := inter{label: labels[0], agent: f[3]}
			inters[f[1]] = in
			for _, lb := range labels {
				inters[strings.ToLower(lb)] = in
			}
		case "prefix":
			prefixes = append(prefixes, prefix{strings.ToLower(f[1]), f[3]})
		default:
			return nil, nil, fmt.Errorf("acled_actors.tsv:%d: unknown kind %q", n, f[0])
		}
	}
	return inters, prefixes, nil
}

// actorInfo is what an actor's name says: its country and agent.
type actorInfo struct {
	country, agent string
	agentOK        bool // agent comes from the name
}

// actor maps an actor name and its interaction code.
func (s *state) actor(name, code string) event.Actor {
	if name == "" {
		return event.Actor{}
	}
	a := event.Actor{Name: name, Raw: code}
	var agent string
	if code != "" && code != "0" {
		in, ok := s.inters[code]
		if !ok {
			in, ok = s.inters[strings.ToLower(code)]
		}
		switch {
		case ok && isDigits(code):
			a.Sectors = in.label
		default:
			a.Sectors = code // a label, kept as given
		}
		agent = in.agent
	}
	info, ok := s.actors[name]
	if !ok {
		info = s.nameInfo(name)
		if len(s.actors) < maxCachedActors {
			s.actors[name] = info
		}
	}
	if info.agentOK {
		agent = info.agent
	}
	a.Country = info.country
	a.Code = a.Country + agent
	return a
}

// nameInfo reads a country and an agent from an actor's name.
func (m *mapper) nameInfo(name string) actorInfo {
	var info actorInfo
	lower := strings.ToLower(name)
	for _, p := range m.prefixes {
		if strings.HasPrefix(lower, p.prefix) {
			info.agent, info.agentOK = p.agent, true
			break
		}
	}
	info.country = m.nameCountry(name)
	return info
}

// nameCountry finds the country an ACLED actor name gives: "Military Forces
// of Yemen (2016-) …", "Government of the Democratic Republic of Congo",
// "Protesters (Israel)", or the name itself ("Russia").
func (m *mapper) nameCountry(name string) string {
	for rest := name; ; {
		i := strings.Index(rest, " of ")
		if i < 0 {
			break
		}
		rest = rest[i+4:]
		cand := rest
		if j := strings.Index(cand, " ("); j >= 0 {
			cand = cand[:j]
		}
		cand = strings.TrimPrefix(cand, "the ")
		if c, ok := m.countries.ByName(cand); ok {
			return c
		}
	}
	for rest := name; ; {
		i := strings.IndexByte(rest, '(')
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		j := strings.IndexByte(rest, ')')
		if j < 0 {
			break
		}
		if c, ok := m.countries.ByName(rest[:j]); ok {
			return c
		}
		rest = rest[j+1:]
	}
	if c, ok := m.countries.ByName(name); ok {
		return c
	}
	return ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
