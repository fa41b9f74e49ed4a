package eval

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/cameo"
)

// Minimums the held-out set must keep. The set is for reporting accuracy
// only: see testdata/heldout/README.md, and do not read its cases when
// changing the coder.
const (
	minHeldOutCases   = 120
	minHeldOutPerRoot = 4 // cases with an expected event of each root 01–20
)

func loadHeldOut(t *testing.T) []Case {
	t.Helper()
	cases, err := Load(filepath.Join("testdata", "heldout"))
	if err != nil {
		t.Fatalf("Load(testdata/heldout): %v", err)
	}
	return cases
}

func TestHeldOutCoverage(t *testing.T) {
	cases := loadHeldOut(t)
	if len(cases) < minHeldOutCases {
		t.Errorf("%d cases, want at least %d", len(cases), minHeldOutCases)
	}
	perRoot := map[string]int{}
	perTag := map[string]int{}
	nEvents := 0
	for _, c := range cases {
		roots := map[string]bool{}
		for _, e := range c.Want {
			roots[e.Code[:2]] = true
			nEvents++
		}
		for r := range roots {
			perRoot[r]++
		}
		for _, tag := range c.Tags {
			perTag[tag]++
		}
		if len(c.Want) == 0 && !slices.Contains(c.Tags, "noevent") {
			t.Errorf("%s (%s): no events but not tagged noevent", c.Pos, c.ID)
		}
		if len(c.Want) > 0 && slices.Contains(c.Tags, "noevent") {
			t.Errorf("%s (%s): tagged noevent but has events", c.Pos, c.ID)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d cases, %d expected events\nroot cases\n", len(cases), nEvents)
	for r := 1; r <= 20; r++ {
		root := fmt.Sprintf("%02d", r)
		fmt.Fprintf(&b, "%s   %5d\n", root, perRoot[root])
		if perRoot[root] < minHeldOutPerRoot {
			t.Errorf("root %s: %d cases, want at least %d", root, perRoot[root], minHeldOutPerRoot)
		}
	}
	fmt.Fprintf(&b, "tag         cases\n")
	for _, tag := range Tags {
		fmt.Fprintf(&b, "%-11s %5d\n", tag, perTag[tag])
	}
	t.Log("\n" + b.String())
}

func TestHeldOutCodesExist(t *testing.T) {
	table := cameo.Load()
	for _, c := range loadHeldOut(t) {
		for _, e := range c.Want {
			if _, ok := table.Lookup(e.Code); !ok {
				t.Errorf("%s (%s): CAMEO code %q is not in internal/cameo", c.Pos, c.ID, e.Code)
			}
		}
	}
}

func TestHeldOutDates(t *testing.T) {
	for _, c := range loadHeldOut(t) {
		for _, e := range c.Want {
			if !e.Date.IsZero() && e.Date.After(c.Published) {
				t.Errorf("%s (%s): event %s is dated after publication (%s)",
					c.Pos, c.ID, e, c.Published.Format(dateLayout))
			}
		}
	}
}

// TestHeldOutConventions applies the development set's actor and
// reciprocity checks to the held-out set.
func TestHeldOutConventions(t *testing.T) {
	for _, c := range loadHeldOut(t) {
		for _, e := range c.Want {
			for _, code := range []string{e.Source, e.Target} {
				if err := checkActor(code); err != nil {
					t.Errorf("%s (%s): %v", c.Pos, c.ID, err)
				}
			}
		}
		if e := missingReverse(c); e != "" {
			t.Error(e)
		}
		if !strings.HasPrefix(c.ID, "ho-") {
			t.Errorf("%s (%s): held-out ids start with ho-", c.Pos, c.ID)
		}
	}
}
