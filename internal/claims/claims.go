package claims

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/georisk/georisk/internal/text"
)

// Status is the outcome of checking a claim.
type Status string

const (
	Supported    Status = "supported"
	Contradicted Status = "contradicted"
	Unverifiable Status = "unverifiable"
)

// Claim is a checkable statement found in a text, with the verdict.
type Claim struct {
	Text      string  `json:"text"`  // the sentence
	Table     string  `json:"table"` // nato.members, nato.allies_at_2pct
	What      string  `json:"what"`  // "NATO members", "allies at 2% of GDP"
	Value     float64 `json:"value"`
	When      string  `json:"when"` // "2023" or "2023-08-09"
	Status    Status  `json:"status"`
	Reference string  `json:"reference,omitempty"` // "31", "11 (7 July 2023), revised to 10 (17 June 2024)"
	Note      string  `json:"note"`
	Source    string  `json:"source,omitempty"`
	Offset    int     `json:"offset"` // of the sentence in the text
}

var (
	numWord = `(\d{1,3}|` + strings.Join(numberWordList(), "|") + `)`
	// "20 out of 32 members", "20 of NATO's 32 allies"
	outOfRE = regexp.MustCompile(`(?i)\b` + numWord + `\s+(?:out\s+)?of\s+(?:the\s+|nato'?s?’?s?\s+|its\s+)?` + numWord + `\s+(?:nato\s+)?(?:members?|allies|member\s+(?:states|countries)|countries)\b`)
	// "23 NATO allies", "11 allies", "ten members"
	alliesRE = regexp.MustCompile(`(?i)\b` + numWord + `\s+(?:nato\s+|of\s+the\s+alliance'?s\s+)?(?:allies|members|member\s+(?:states|countries)|countries)\b`)
	twoPctRE = regexp.MustCompile(`(?i)\b(2\s?%|2\s?per\s?cent|two\s+per\s?cent|2\s+percent|two\s+percent)`)
	// "NATO's 32nd member", "the 31st member of Nato", "a 32-member alliance", "32 NATO members", "NATO's 32 members"
	ordinalRE  = regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)\s+(?:member|ally)\b`)
	memberRE   = regexp.MustCompile(`(?i)\b(?:nato'?s?’?s?\s+|the\s+alliance'?s?\s+|all\s+)` + numWord + `\s+(?:members|allies|member\s+states)\b|\b` + numWord + `[- ](?:member|nation)\s+(?:alliance|nato)\b|\b` + numWord + `\s+nato\s+(?:members|allies|member\s+states)\b`)
	natoRE     = regexp.MustCompile(`(?i)\b(nato|otan|alliance|allies)\b`)
	yearRE     = regexp.MustCompile(`\b(?:(?:in|as of|by|for|during|of)\s+)?((?:19|20)\d\d)\b`)
	yearLeadRE = regexp.MustCompile(`(?i)\b(?:in|as of|by|for|during)\s+((?:19|20)\d\d)\b`)
)

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
	"eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
	"twenty": 20, "twenty-one": 21, "twenty-two": 22, "twenty-three": 23, "twenty-four": 24, "twenty-five": 25, "twenty-six": 26, "twenty-seven": 27,
	"twenty-eight": 28, "twenty-nine": 29, "thirty": 30, "thirty-one": 31, "thirty-two": 32, "thirty-three": 33}

func numberWordList() []string {
	ws := make([]string, 0, len(numberWords))
	for w := range numberWords {
		ws = append(ws, w)
	}
	sort.Slice(ws, func(i, j int) bool { return len(ws[i]) > len(ws[j]) }) // longest first: "twenty-one" before "twenty"
	return ws
}

func number(s string) (float64, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return float64(n), true
	}
	n, ok := numberWords[strings.ToLower(s)]
	return float64(n), ok
}

// Find returns the claims in a text written on date (the publication
// date: a claim without a year of its own is about that day).
func Find(body string, date time.Time) []Claim {
	var out []Claim
	sents := text.Sentences(body, nil)
	for i, s := range sents {
		sent := body[s.Start:s.End]
		// The sentence, or one of the two before it, is about NATO.
		context := body[sents[max(0, i-2)].Start:s.End]
		if !natoRE.MatchString(context) {
			continue
		}
		one := strings.Join(strings.Fields(sent), " ")
		year := 0
		if m := yearLeadRE.FindStringSubmatch(sent); m != nil {
			year, _ = strconv.Atoi(m[1])
		} else if m := yearRE.FindStringSubmatch(sent); m != nil {
			year, _ = strconv.Atoi(m[1])
		}
		add := func(table string, v float64, yearly bool) {
			c := Claim{Text: one, Table: table, Value: v, Offset: s.Start}
			switch {
			case year > 0:
				c.When = strconv.Itoa(year)
			case yearly && !date.IsZero():
				c.When = strconv.Itoa(date.Year())
			case !date.IsZero():
				c.When = date.Format(time.DateOnly)
			}
			for _, x := range out {
				if x.Offset == c.Offset && x.Table == c.Table && x.Value == c.Value {
					return
				}
			}
			out = append(out, c)
		}
		twoPct := twoPctRE.MatchString(sent)
		used := map[int]bool{} // offsets of numbers already read
		if m := outOfRE.FindStringSubmatchIndex(sent); m != nil {
			part, _ := number(sent[m[2]:m[3]])
			whole, _ := number(sent[m[4]:m[5]])
			add("nato.members", whole, false)
			used[m[4]] = true
			if twoPct {
				add("nato.allies_at_2pct", part, true)
				used[m[2]] = true
			}
		}
		if twoPct {
			for _, m := range alliesRE.FindAllStringSubmatchIndex(sent, -1) {
				if used[m[2]] {
					continue
				}
				v, _ := number(sent[m[2]:m[3]])
				if v >= 1 && v <= 40 {
					add("nato.allies_at_2pct", v, true)
					used[m[2]] = true
				}
			}
			continue
		}
		for _, m := range ordinalRE.FindAllStringSubmatchIndex(sent, -1) {
			v, _ := number(sent[m[2]:m[3]])
			add("nato.members", v, false)
		}
		for _, m := range memberRE.FindAllStringSubmatch(sent, -1) {
			for _, g := range m[1:] {
				if v, ok := number(g); ok && v >= 12 && v <= 40 {
					add("nato.members", v, false)
				}
			}
		}
	}
	return out
}

// Check gives each claim its status against the reference.
func (r *Reference) Check(cs []Claim) []Claim {
	out := make([]Claim, len(cs))
	for i, c := range cs {
		out[i] = r.check(c)
	}
	return out
}

var names = map[string]string{"nato.members": "NATO members", "nato.allies_at_2pct": "NATO allies spending at least 2% of GDP on defence"}

func (r *Reference) check(c Claim) Claim {
	c.What = names[c.Table]
	if c.What == "" {
		c.What = c.Table
	}
	var facts []Fact
	switch {
	case len(c.When) == 4:
		y, _ := strconv.Atoi(c.When)
		facts = r.inYear(c.Table, y)
	case c.When != "":
		d, err := time.Parse(time.DateOnly, c.When)
		if err == nil {
			facts = r.onDate(c.Table, d)
		}
	}
	if len(facts) == 0 {
		c.Status = Unverifiable
		when := c.When
		if when == "" {
			when = "an unknown date"
		}
		c.Note = fmt.Sprintf("the reference has no figure for %s in %s", c.What, when)
		return c
	}
	sort.SliceStable(facts, func(i, j int) bool {
		if !facts[i].From.Equal(facts[j].From) {
			return facts[i].From.Before(facts[j].From)
		}
		return facts[i].Vintage.Before(facts[j].Vintage)
	})
	var vals []string
	var srcs []string
	match := false
	for i, f := range facts {
		v := strconv.FormatFloat(f.Value, 'f', -1, 64)
		switch {
		case f.Year == 0 && len(facts) > 1:
			v += fmt.Sprintf(" from %s", f.From.Format("2 January 2006"))
		case !f.Vintage.IsZero() && i > 0:
			v = fmt.Sprintf("revised to %s (%s)", v, f.Vintage.Format("2 January 2006"))
		case !f.Vintage.IsZero():
			v += fmt.Sprintf(" (%s)", f.Vintage.Format("2 January 2006"))
		}
		vals = append(vals, v)
		if !contains(srcs, f.Source) {
			srcs = append(srcs, f.Source)
		}
		if f.Value == c.Value {
			match = true
		}
	}
	c.Reference = strings.Join(vals, ", ")
	c.Source = strings.Join(srcs, "; ")
	claimed := strconv.FormatFloat(c.Value, 'f', -1, 64)
	when := "in " + c.When
	if len(c.When) > 4 {
		when = "on " + c.When
	}
	if match {
		c.Status = Supported
		c.Note = fmt.Sprintf("%s %s: %s, as claimed", c.What, when, c.Reference)
	} else {
		c.Status = Contradicted
		c.Note = fmt.Sprintf("the text says %s; the reference gives %s %s: %s", claimed, c.What, when, c.Reference)
	}
	return c
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
