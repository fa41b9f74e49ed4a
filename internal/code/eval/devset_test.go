package eval

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/cameo"
)

// Minimums the development set must keep.
const (
	minCases       = 300
	minPerRoot     = 8  // cases with an expected event of each root 01–20
	minPerTag      = 8  // cases for each hard-case tag
	minFourDigit   = 40 // distinct 4-digit CAMEO codes
	minDatedEvents = 200
)

// Agent codes and IGOs the conventions (testdata/devset/README.md) allow;
// anything else in an actor code is a typo or a new convention to document.
var (
	agents = map[string]bool{
		"GOV": true, "MIL": true, "COP": true, "SPY": true, "LEG": true, "JUD": true, "MED": true,
		"BUS": true, "OPP": true, "CVL": true, "REF": true, "HLH": true, "LAB": true, "AGR": true,
		"ELI": true, "REB": true, "UAF": true, "NGO": true,
	}
	igos = map[string]bool{"IGOWSTNAT": true, "IGOEUREEC": true, "IGOUNO": true, "IGOSEAASN": true}
)

func loadDevSet(t *testing.T) []Case {
	t.Helper()
	cases, err := DevSet()
	if err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestDevSetMatchesDirectory(t *testing.T) {
	embedded := loadDevSet(t)
	onDisk, err := Load(filepath.Join("testdata", "devset"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(embedded, onDisk, cmpopts.IgnoreFields(Case{}, "Pos")); diff != "" {
		t.Errorf("DevSet and Load(testdata/devset) differ (-embedded +disk):\n%s", diff)
	}
}

func TestDevSetCoverage(t *testing.T) {
	cases := loadDevSet(t)
	if len(cases) < minCases {
		t.Errorf("%d cases, want at least %d", len(cases), minCases)
	}
	perRoot := map[string]int{} // cases
	events := map[string]int{}  // events
	perTag := map[string]int{}  // cases
	perFile := map[string]int{} // cases
	fourDigit := map[string]bool{}
	nEvents, nDated := 0, 0
	for _, c := range cases {
		perFile[strings.SplitN(c.Pos, ":", 2)[0]]++
		roots := map[string]bool{}
		for _, e := range c.Want {
			roots[e.Code[:2]] = true
			events[e.Code[:2]]++
			if len(e.Code) == 4 {
				fourDigit[e.Code] = true
			}
			nEvents++
			if !e.Date.IsZero() {
				nDated++
			}
		}
		for r := range roots {
			perRoot[r]++
		}
		for _, tag := range c.Tags {
			perTag[tag]++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d cases, %d expected events (%d dated), %d distinct 4-digit codes\n", len(cases), nEvents, nDated, len(fourDigit))
	fmt.Fprintf(&b, "root  cases events\n")
	for r := 1; r <= 20; r++ {
		root := fmt.Sprintf("%02d", r)
		fmt.Fprintf(&b, "%s   %5d %6d\n", root, perRoot[root], events[root])
		if perRoot[root] < minPerRoot {
			t.Errorf("root %s: %d cases, want at least %d", root, perRoot[root], minPerRoot)
		}
	}
	fmt.Fprintf(&b, "tag         cases\n")
	for _, tag := range Tags {
		fmt.Fprintf(&b, "%-11s %5d\n", tag, perTag[tag])
		if perTag[tag] < minPerTag {
			t.Errorf("tag %s: %d cases, want at least %d", tag, perTag[tag], minPerTag)
		}
	}
	fmt.Fprintf(&b, "file cases:")
	for _, f := range slices.Sorted(maps.Keys(perFile)) {
		fmt.Fprintf(&b, " %s %d;", filepath.Base(f), perFile[f])
	}
	t.Log("\n" + b.String())
	if len(fourDigit) < minFourDigit {
		t.Errorf("%d distinct 4-digit codes, want at least %d", len(fourDigit), minFourDigit)
	}
	if nDated < minDatedEvents {
		t.Errorf("%d dated events, want at least %d", nDated, minDatedEvents)
	}
}

func TestDevSetCodesExist(t *testing.T) {
	table := cameo.Load()
	for _, c := range loadDevSet(t) {
		for _, e := range c.Want {
			if _, ok := table.Lookup(e.Code); !ok {
				t.Errorf("%s (%s): CAMEO code %q is not in internal/cameo", c.Pos, c.ID, e.Code)
			}
		}
	}
}

func TestDevSetActors(t *testing.T) {
	for _, c := range loadDevSet(t) {
		for _, e := range c.Want {
			for _, code := range []string{e.Source, e.Target} {
				if err := checkActor(code); err != nil {
					t.Errorf("%s (%s): %v", c.Pos, c.ID, err)
				}
			}
		}
	}
}

// checkActor applies the conventions: a country or a known IGO, then at
// most one known agent.
func checkActor(code string) error {
	switch {
	case code == "":
		return nil
	case strings.HasPrefix(code, "IGO"):
		if !igos[code] {
			return fmt.Errorf("actor %q: not one of the IGO codes of the conventions", code)
		}
		return nil
	case len(code) == 3:
		return nil
	case len(code) == 6 && agents[code[3:]]:
		return nil
	}
	return fmt.Errorf("actor %q: want a country code and at most one agent of the conventions", code)
}

func TestDevSetConsistency(t *testing.T) {
	minDate := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range loadDevSet(t) {
		noevent := slices.Contains(c.Tags, "noevent")
		if noevent != (len(c.Want) == 0) {
			t.Errorf("%s (%s): tagged noevent = %v but %d expected events", c.Pos, c.ID, noevent, len(c.Want))
		}
		if c.Published.Year() < 2022 || c.Published.Year() > 2024 {
			t.Errorf("%s (%s): published %s, outside 2022–2024", c.Pos, c.ID, c.Published.Format(dateLayout))
		}
		if len(c.Tags) > 0 && c.Note == "" && len(c.Want) > 2 {
			t.Errorf("%s (%s): a case with %d events needs a note saying why", c.Pos, c.ID, len(c.Want))
		}
		for _, e := range c.Want {
			if e.Date.IsZero() {
				continue
			}
			if e.Date.After(c.Published) || e.Date.Before(minDate) {
				t.Errorf("%s (%s): event dated %s, published %s", c.Pos, c.ID,
					e.Date.Format(dateLayout), c.Published.Format(dateLayout))
			}
		}
		if e := missingReverse(c); e != "" {
			t.Error(e)
		}
		if strings.ContainsAny(c.Text, "\t") {
			t.Errorf("%s (%s): tab in text", c.Pos, c.ID)
		}
	}
}

// missingReverse reports, in a case tagged reciprocal, a meeting, signing or
// cooperation event coded in one direction only.
func missingReverse(c Case) string {
	if !slices.Contains(c.Tags, "reciprocal") {
		return ""
	}
	for _, e := range c.Want {
		back := Expected{Source: e.Target, Target: e.Source, Code: e.Code, Date: e.Date}
		if !slices.Contains(c.Want, back) && slices.Contains([]string{"040", "041", "044", "046", "057", "062", "064", "019"}, e.Code) {
			return fmt.Sprintf("%s (%s): %s has no reverse", c.Pos, c.ID, e)
		}
	}
	return ""
}
