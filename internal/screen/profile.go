package screen

import (
	"strings"
	"unicode"
)

// NamedParty reports whether a customer's or supplier's name, as a client
// profile writes it, names a party that can be screened ("Aviation
// Industry Corporation of China", "中航工业", "Tianjin Zhongke Ltd.")
// rather than describing a kind of party ("defence ministries of NATO
// members", "commercial airframers"). A name is a named party when it has
// Chinese characters, ends in a legal form, or capitalizes every word but
// the small joining ones ("of", "and", "for", "the"…). The test is a
// heuristic: counterparties, which profiles list by name, are screened
// whatever this says.
func NamedParty(name string) bool {
	name = strings.TrimSpace(name)
	if name == "" {
		return false
	}
	for _, r := range name {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	words := strings.FieldsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || r == ',' || r == '(' || r == ')' })
	if len(words) == 0 {
		return false
	}
	last := strings.ToLower(strings.Trim(words[len(words)-1], "."))
	for _, lf := range partyLegalForms {
		if last == lf {
			return true
		}
	}
	capital := 0
	for _, w := range words {
		if joiningWords[strings.ToLower(w)] {
			continue
		}
		r := []rune(w)[0]
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return false
		}
		capital++
	}
	return capital > 0
}

var partyLegalForms = []string{"ltd", "limited", "inc", "incorporated", "corp", "corporation", "co", "company", "llc", "plc",
	"gmbh", "ag", "sa", "s.a", "bv", "nv", "spa", "srl", "kk", "jsc", "pjsc", "oao", "ooo", "group", "holdings"}

var joiningWords = map[string]bool{"of": true, "and": true, "&": true, "for": true, "the": true, "de": true, "du": true,
	"des": true, "la": true, "le": true, "und": true, "der": true, "-": true}

// PartyQuery is the query that screens a party of a client profile: an
// organisation, in a country given by code or English name ("" when
// unknown; a country screening does not know is left out rather than
// guessed).
func PartyQuery(name, country string) Query {
	return Query{Name: strings.TrimSpace(name), Type: Org, Country: CountryCode(country)}
}
