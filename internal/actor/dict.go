package actor

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/source/acled/country"
)

// Kind is what sort of actor a [Match] is.
type Kind uint8

// The kinds of actor.
const (
	Country Kind = iota + 1 // a country by name, adjective or demonym: "China", "Chinese"
	IGO                     // an intergovernmental organisation: "NATO"
	Agent                   // a country or IGO with an agent ("China's Foreign Ministry"), a seat of power ("the Kremlin"), an institution ("Xinhua"), or an agent alone ("state media")
	Person                  // a named person, coded by their role on the day
	Group                   // a named non-state group: "Hamas"
)

var kindNames = [...]string{"", "country", "igo", "agent", "person", "group"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Match is one actor found in a sentence.
type Match struct {
	Start, End int    // byte offsets in the sentence; End is before a possessive 's
	Code       string // CAMEO-style code: "CHN", "CHNGOV", "IGOWSTNAT", "MED"
	Country    string // the country or IGO part of Code ("CHN", "IGOWSTNAT"), or ""
	Kind       Kind
	Name       string // canonical name: "China", "China government", "Emmanuel Macron"
}

// Dict holds the actor dictionaries and recognizes actors in text. It is
// read-only once loaded and safe for concurrent use.
type Dict struct {
	iso *country.Table

	// Token lookup: folded token text → id, open addressing.
	tokKeys  []string
	tokSlots []int32 // index into tokKeys + 1; 0 is empty
	tokMask  uint64

	rootNext []int32 // token id → trie node, or -1
	nodes    []node
	phrases  []phrase

	places  []place
	agents  []agentCode // CAMEO agent codes
	agentIx map[string]int32
	gov     int32 // the GOV agent
	actors  []named
	people  []person

	comp     [][]compCode // [place][agent]
	placeIx  map[string]int32
	names    map[string]string // folded name → code, for Resolve
	persons  map[string][]int32
	members  map[string][]membership
	display  map[string]string // code → name for Name
	resolveD func() time.Time
}

type node struct {
	next []edge
	ends []int32 // phrases ending here
}

type edge struct{ tok, node int32 }

// phrase is one dictionary phrase and what it stands for.
type phrase struct {
	toks []ptok
	ent  entry
}

type ptok struct {
	form string // as written in the dictionary
	mode uint8
	poss bool
}

// Case modes of a dictionary token.
const (
	mAny   uint8 = iota // any case: "government"
	mExact              // exactly as written, or in capitals if 3+ letters: "China", "US"
	mCap                // capitalised; 3 letters or fewer in capitals (PETRARCH names)
)

type entryKind uint8

const (
	eBlock  entryKind = iota // a non-actor phrase
	eName                    // a country or IGO name → the place
	eAdj                     // an adjective or demonym → the place
	eSeat                    // a capital or seat of power → place + GOV
	eAgent                   // an agent word
	eActor                   // a named institution or group
	ePerson                  // a person
)

type entry struct {
	kind  entryKind
	bound bool // agents that need a country
	post  bool // agents that take "to/in [the] PLACE"
	ref   int32
}

type place struct {
	code string
	name string
	igo  bool
}

type agentCode struct {
	code, label string
}

type compCode struct{ code, name, country string }

type named struct {
	code, country, name string
	kind                Kind
}

type person struct {
	name    string
	country int32 // place, or -1
	roles   []role
	def     compCode // code when no role is held
}

type role struct {
	from, to int32 // days since 1970-01-01, half-open; to == maxDay when open
	code     string
	country  string
	title    string
}

type membership struct {
	code     string
	from, to int32
}

const (
	minDay = -1 << 30
	maxDay = 1 << 30
)

// dayOf returns the calendar day of t in its own location, counted from
// 1970-01-01.
func dayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dayString(d int32) string {
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
}

// Name returns a display name for a code: "IGOWSTNAT" → "NATO", "CHNGOV"
// → "China government", "FRA" → "France". An unknown code is returned as
// it is.
func (d *Dict) Name(code string) string {
	if n, ok := d.display[code]; ok {
		return n
	}
	if pi, rest, ok := d.splitCode(strings.ToUpper(code)); ok {
		parts := make([]string, 0, 4)
		if pi >= 0 {
			parts = append(parts, d.places[pi].name)
		}
		for len(rest) >= 3 {
			parts = append(parts, d.agents[d.agentIx[rest[:3]]].label)
			rest = rest[3:]
		}
		return strings.Join(parts, " ")
	}
	return code
}

// splitCode splits a code into a place (or -1) and agent codes, each
// known. ok is false when any part is unknown.
func (d *Dict) splitCode(code string) (pi int32, agents string, ok bool) {
	pi = -1
	rest := code
	if strings.HasPrefix(code, "IGO") {
		// The longest IGO code that prefixes code.
		best := -1
		for i := len(code); i >= 3; i-- {
			if p, ok := d.placeIx[code[:i]]; ok && d.places[p].igo {
				best = i
				pi = p
				break
			}
		}
		if best < 0 {
			return -1, "", false
		}
		rest = code[best:]
	} else if len(code) >= 3 {
		if p, ok := d.placeIx[code[:3]]; ok {
			pi = p
			rest = code[3:]
		}
	}
	if len(rest)%3 != 0 || pi < 0 && rest == "" {
		return -1, "", false
	}
	for i := 0; i < len(rest); i += 3 {
		if _, ok := d.agentIx[rest[i:i+3]]; !ok {
			return -1, "", false
		}
	}
	return pi, rest, true
}

// Resolve turns what a user types into a code: "NATO" → "IGOWSTNAT",
// "EU" → "IGOEUREEC", "China" → "CHN", "CHN" → "CHN", "Chinese military"
// → "CHNMIL", "Macron" → "FRAGOV" (by the role held today). Case does not
// matter. ok is false when the name is unknown.
func (d *Dict) Resolve(name string) (code string, ok bool) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", false
	}
	key := country.Fold(name)
	key = strings.TrimPrefix(key, "the ")
	today := dayOf(d.resolveD())
	if c, ok := d.names[key]; ok {
		return c, true
	}
	if ps, ok := d.persons[key]; ok {
		if m, ok := d.resolvePerson(ps, today); ok {
			return m.code, true
		}
	}
	if strings.Map(keepLetter, name) == name {
		up := strings.ToUpper(name)
		if _, _, ok := d.splitCode(up); ok {
			return up, true
		}
	}
	if c, ok := d.iso.ByName(name); ok {
		return c, true
	}
	// Compositions: "Chinese military", "China's Foreign Ministry".
	var buf [4]Match
	ms := d.find(name, today, buf[:0], true)
	if len(ms) == 1 {
		m := ms[0]
		lead := strings.TrimSpace(name[:m.Start])
		tail := strings.TrimSpace(name[m.End:])
		tail = strings.TrimLeft(tail, "'’s")
		if (lead == "" || strings.EqualFold(lead, "the")) && tail == "" {
			return m.Code, true
		}
	}
	return "", false
}

func keepLetter(r rune) rune {
	if 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' {
		return r
	}
	return -1
}

// Members returns the member countries of a group on a date, sorted:
// "IGOWSTNAT" on 2023-07-11 gives 31 codes. group is a code or anything
// [Dict.Resolve] accepts ("NATO", "G20"). Members of the G20 include the
// EU and the African Union by their IGO codes. It returns nil for an
// unknown group.
func (d *Dict) Members(group string, date time.Time) []string {
	ms, ok := d.members[group]
	if !ok {
		c, ok := d.Resolve(group)
		if !ok {
			return nil
		}
		ms = d.members[c]
	}
	day := dayOf(date)
	var out []string
	for _, m := range ms {
		if m.from <= day && day < m.to {
			out = append(out, m.code)
		}
	}
	sort.Strings(out)
	return compactStrings(out)
}

func compactStrings(s []string) []string {
	if len(s) < 2 {
		return s
	}
	j := 1
	for i := 1; i < len(s); i++ {
		if s[i] != s[j-1] {
			s[j] = s[i]
			j++
		}
	}
	return s[:j]
}

// lookupTok returns the id of the folded token s[start:end], or -1.
func (d *Dict) lookupTok(s string, start, end int) int32 {
	h := hashFold(s, start, end)
	for i := h & d.tokMask; ; i = (i + 1) & d.tokMask {
		slot := d.tokSlots[i]
		if slot == 0 {
			return -1
		}
		if equalFold(s, start, end, d.tokKeys[slot-1]) {
			return slot - 1
		}
	}
}
