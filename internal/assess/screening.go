package assess

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// ListHit is a restricted-party list entry that matches a name: one of the
// client's parties, or a party named in a document that is evidence of a
// driver.
type ListHit struct {
	Party       string   `json:"party"`          // the name that was screened
	Role        string   `json:"role,omitempty"` // counterparty, customer or supplier; "" for a document's party
	List        string   `json:"list"`
	ListVersion string   `json:"list_version,omitempty"`
	EntryID     string   `json:"id"`      // the entry's own id in its list
	Name        string   `json:"name"`    // the entry's primary name
	Matched     string   `json:"matched"` // the name or alias of the entry that matched
	Score       float64  `json:"score"`   // 0–1
	Why         []string `json:"why"`
	DocID       int64    `json:"doc_id,omitempty"` // for a hit stored on a document
}

// Screener screens one party of a profile: its name and country (a display
// name such as "China", or "" when unknown). It returns the list entries
// that match, best first.
type Screener func(name, country string) ([]ListHit, error)

// DocHits returns the screening hits stored on a document ("georisk screen
// --docs"); none is not an error.
type DocHits func(ctx context.Context, docID int64) ([]ListHit, error)

// Screening says which of the client's parties were screened, against
// which lists, and what matched.
type Screening struct {
	Lists   []string  `json:"lists"`   // the lists screened against, "name (version)"
	Parties []string  `json:"parties"` // the parties screened
	Hits    []ListHit `json:"hits"`
	// Note says why nothing was screened, e.g. when no lists are loaded.
	Note string `json:"note,omitempty"`
}

// NoListsNote is the Screening note when no restricted-party list is
// loaded.
const NoListsNote = "no restricted-party lists are loaded, so the client's counterparties were not screened (georisk lists import loads one)"

// party is one of a profile's parties to screen.
type party struct {
	name, country, role string
}

// screenedParties lists the profile's counterparties and the customers and
// suppliers whose names name a party rather than describe a kind of one
// (named decides which; nil means every one).
func screenedParties(p *Profile, places Places, named func(string) bool) []party {
	var out []party
	seen := map[string]bool{}
	add := func(name, country, role string) {
		k := strings.ToLower(strings.TrimSpace(name))
		if k == "" || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, party{strings.TrimSpace(name), country, role})
	}
	for _, c := range p.Counterparties {
		country := ""
		if c.Country.Code != "" {
			country = places.Name(c.Country.Code)
		}
		add(c.Name, country, "counterparty")
	}
	parties := func(ps []Party, role string) {
		for _, pt := range ps {
			if named != nil && !named(pt.Name) {
				continue
			}
			country := ""
			for _, pl := range pt.Countries {
				if !pl.Group {
					country = places.Name(pl.Code)
					break
				}
			}
			add(pt.Name, country, role)
		}
	}
	parties(p.Customers, "customer")
	parties(p.Suppliers, "supplier")
	return out
}

// screen runs the screener over the profile's parties.
func screenProfile(p *Profile, opt Options) (Screening, error) {
	sc := Screening{Lists: opt.Lists}
	if opt.Screen == nil {
		sc.Note = NoListsNote
		return sc, nil
	}
	for _, pt := range screenedParties(p, opt.Places, opt.NamedParty) {
		hits, err := opt.Screen(pt.name, pt.country)
		if err != nil {
			// A name too short or only legal forms cannot be screened;
			// say so rather than fail the assessment.
			msg := fmt.Sprintf("%s %q was not screened: %v", pt.role, pt.name, err)
			if sc.Note != "" {
				msg = sc.Note + "; " + msg
			}
			sc.Note = msg
			continue
		}
		sc.Parties = append(sc.Parties, pt.name)
		for _, h := range hits {
			h.Party, h.Role = pt.name, pt.role
			sc.Hits = append(sc.Hits, h)
		}
	}
	sort.SliceStable(sc.Hits, func(i, j int) bool { return sc.Hits[i].Score > sc.Hits[j].Score })
	return sc, nil
}

// Describe writes a hit as a driver lists it: "counterparty "X" matches
// csl entry 123 "Y" (as "Z", score 0.93)".
func (h ListHit) Describe() string {
	s := ""
	if h.Role != "" {
		s = h.Role + " "
	}
	s += fmt.Sprintf("%q matches %s entry %s %q", h.Party, h.List, h.EntryID, h.Name)
	if h.Matched != "" && h.Matched != h.Name {
		s += fmt.Sprintf(" (as %q)", h.Matched)
	}
	s += fmt.Sprintf(", score %.2f", h.Score)
	if len(h.Why) > 0 {
		s += ": " + strings.Join(h.Why, "; ")
	}
	return s
}
