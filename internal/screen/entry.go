package screen

import (
	"errors"
	"strings"
)

// Algorithm is the version of the normalizer and matcher. It changes
// whenever a change may change a score, and is recorded with results.
const Algorithm = "screen/1"

// Entity types of entries and queries.
const (
	Person   = "person"
	Org      = "org"
	Vessel   = "vessel"
	Aircraft = "aircraft"
)

// Entry is one party on a list.
type Entry struct {
	List string // the list's name, as imported ("csl", "sdn", "1260h")
	ID   string // the entry's own id in its list (OFAC ent_num, CSL _id, UN reference number, FtM id)
	Type string // Person, Org, Vessel, Aircraft or "" when the list does not say
	Name string // the primary name as the list writes it
	// Aliases are other names of the party; WeakAliases are names the list
	// itself calls weak or low quality.
	Aliases     []string
	WeakAliases []string
	Countries   []string // ISO 3166 alpha-2 codes where known, else as given
	DOBs        []string // dates of birth as given: 1960, 1960-01-12, 12 Jan 1960
	IDs         []string // identifiers as given ("USCC 91440300192203821T", "IMO 9876543")
	Programs    []string // sanction programmes or sub-lists
	Source      string   // the sub-list or publisher, where one file holds several (CSL's "source")
	Remarks     string
}

// Query is one name to screen.
type Query struct {
	Name    string
	Type    string   // Person or Org to prefer entries of that type; "" for any
	Country string   // ISO 3166 alpha-2 (or a country name), "" when unknown
	DOB     string   // a date of birth (year, or YYYY-MM-DD), "" when unknown
	IDs     []string // identifiers of the party: a USCC, a passport number…
	// Threshold is the lowest score returned; 0 means DefaultThreshold.
	Threshold float64
	// Limit is the most hits returned; 0 means 10.
	Limit int
}

// DefaultThreshold is the score from which a candidate is a hit. It is set
// on our evaluation set (testdata/eval.tsv); see TestEval.
const DefaultThreshold = 0.84

// Hit is one entry that matches a query.
type Hit struct {
	List      string   `json:"list"`
	ID        string   `json:"id"`
	Name      string   `json:"name"`    // the entry's primary name
	Matched   string   `json:"matched"` // the name or alias that matched
	Score     float64  `json:"score"`   // 0–1
	Why       []string `json:"why"`     // how it matched, one reason a line
	Type      string   `json:"type,omitempty"`
	Countries []string `json:"countries,omitempty"`
	Programs  []string `json:"programs,omitempty"`
	Source    string   `json:"source,omitempty"`
}

// ErrQuery is returned (wrapped, with the reason) for a query that cannot be
// screened: empty, a single character, only punctuation or legal forms, or
// too long.
var ErrQuery = errors.New("cannot screen this name")

// MaxQueryRunes is the longest name a query may have.
const MaxQueryRunes = 300

// NormalType maps the ways lists write entity types to Person, Org, Vessel,
// Aircraft or "".
func NormalType(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "individual", "person", "individuals", "people", "i":
		return Person
	case "entity", "org", "organization", "organisation", "company", "legalentity", "publicbody", "e", "entities":
		return Org
	case "vessel", "ship":
		return Vessel
	case "aircraft", "airplane":
		return Aircraft
	}
	return ""
}
