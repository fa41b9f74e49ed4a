package eval

import (
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/georisk/georisk/internal/event"
)

// ev builds a predicted event; a "" actor is an actor the coder could not
// normalise (or no target at all).
func ev(src, tgt, code string, date string) event.Event {
	e := event.Event{Source: event.Actor{Code: src}, Target: event.Actor{Code: tgt}, Code: code}
	if date != "" {
		e.Date = day(date)
	}
	return e
}

func want(src, tgt, code, date string) Expected {
	e := Expected{Source: src, Target: tgt, Code: code}
	if date != "" {
		e.Date = day(date)
	}
	return e
}

// fixed returns a coder that answers from a table keyed by case text.
func fixed(answers map[string][]event.Event) CodeFunc {
	return func(text string, _ time.Time) []event.Event { return answers[text] }
}

var approx = cmpopts.EquateApprox(0, 1e-9)

func prf(tp, fp, fn int, p, r, f float64) PRF {
	return PRF{TP: tp, FP: fp, FN: fn, Precision: p, Recall: r, F1: f}
}

// partialCases is the worked example of TestScore "partial".
var partialCases = []Case{{
	ID: "denounce", Text: "a", Published: day("2023-07-13"), Pos: "x.txt:1",
	Want: []Expected{
		want("CHNGOV", "IGOWSTNAT", "111", "2023-07-12"),
		want("JPN", "FRA", "062", "2023-07-26"),
		want("FRA", "JPN", "062", "2023-07-26"),
	},
}, {
	ID: "nothing", Text: "b", Published: day("2023-08-09"), Pos: "x.txt:9",
}}

var partialAnswers = map[string][]event.Event{
	"a": {
		ev("CHN", "IGOWSTNAT", "112", "2023-07-12"), // right root and dyad, wrong full
		ev("JPN", "FRA", "062", "2023-07-26"),       // right
		ev("USA", "CHN", "190", "2023-07-13"),       // wrong
	},
	"b": {ev("PRK", "", "150", "")}, // nothing was expected
}

func TestScore(t *testing.T) {
	tests := []struct {
		name    string
		cases   []Case
		answers map[string][]event.Event
		want    Scores
		reason  string
	}{{
		name:  "perfect",
		cases: partialCases,
		answers: map[string][]event.Event{"a": {
			ev("FRA", "JPN", "062", "2023-07-26"),
			ev("CHNGOV", "IGOWSTNAT", "111", "2023-07-12"),
			ev("JPN", "FRA", "062", "2023-07-26"),
		}},
		want: Scores{
			Root: prf(3, 0, 0, 1, 1, 1), Dyad: prf(3, 0, 0, 1, 1, 1), Full: prf(3, 0, 0, 1, 1, 1), Date: prf(3, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"11": prf(1, 0, 0, 1, 1, 1), "06": prf(2, 0, 0, 1, 1, 1)},
			Cases:  2, Want: 3, Got: 3,
		},
		reason: "order does not matter; a case with nothing expected and nothing found adds nothing",
	}, {
		name:  "all wrong",
		cases: partialCases,
		answers: map[string][]event.Event{"a": {
			ev("USA", "RUS", "190", ""),
			ev("KOR", "PRK", "130", ""),
		}},
		want: Scores{
			Root: prf(0, 2, 3, 0, 0, 0), Dyad: prf(0, 2, 3, 0, 0, 0), Full: prf(0, 2, 3, 0, 0, 0), Date: prf(0, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"11": prf(0, 0, 1, 0, 0, 0), "06": prf(0, 0, 2, 0, 0, 0), "19": prf(0, 1, 0, 0, 0, 0), "13": prf(0, 1, 0, 0, 0, 0)},
			Cases:  2, Want: 3, Got: 2,
		},
		reason: "no match at any level; with no Full match there are no dates to check",
	}, {
		name:    "partial",
		cases:   partialCases,
		answers: partialAnswers,
		// Root: want 11 06 06, got 11 06 19 | 15: TP 2, FP 2, FN 1.
		// Dyad: CHN-IGOWSTNAT-11 and JPN-FRA-06 match: the same.
		// Full: only JPN FRA 062 matches: TP 1, FP 3, FN 2.
		want: Scores{
			Root:   prf(2, 2, 1, 0.5, 2.0/3, 4.0/7),
			Dyad:   prf(2, 2, 1, 0.5, 2.0/3, 4.0/7),
			Full:   prf(1, 3, 2, 0.25, 1.0/3, 2.0/7),
			Date:   prf(1, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"11": prf(0, 1, 1, 0, 0, 0), "06": prf(1, 0, 1, 1, 0.5, 2.0/3), "19": prf(0, 1, 0, 0, 0, 0), "15": prf(0, 1, 0, 0, 0, 0)},
			Cases:  2, Want: 3, Got: 4,
		},
		reason: "the worked example in the comments",
	}, {
		name:  "duplicate prediction",
		cases: []Case{{ID: "d", Text: "d", Want: []Expected{want("CHNGOV", "USA", "111", "")}}},
		answers: map[string][]event.Event{"d": {
			ev("CHNGOV", "USA", "111", ""),
			ev("CHNGOV", "USA", "111", ""),
		}},
		want: Scores{
			Root: prf(1, 1, 0, 0.5, 1, 2.0/3), Dyad: prf(1, 1, 0, 0.5, 1, 2.0/3), Full: prf(1, 1, 0, 0.5, 1, 2.0/3), Date: prf(0, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"11": prf(1, 1, 0, 0.5, 1, 2.0/3)},
			Cases:  1, Want: 1, Got: 2,
		},
		reason: "matching is one-to-one: the second copy is a false positive",
	}, {
		name: "duplicate expectation",
		cases: []Case{{ID: "d", Text: "d", Want: []Expected{
			want("CHNMIL", "TWN", "150", ""),
			want("CHNMIL", "TWN", "150", ""),
		}}},
		answers: map[string][]event.Event{"d": {ev("CHNMIL", "TWN", "150", "")}},
		want: Scores{
			Root: prf(1, 0, 1, 1, 0.5, 2.0/3), Dyad: prf(1, 0, 1, 1, 0.5, 2.0/3), Full: prf(1, 0, 1, 1, 0.5, 2.0/3), Date: prf(0, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"15": prf(1, 0, 1, 1, 0.5, 2.0/3)},
			Cases:  1, Want: 2, Got: 1,
		},
		reason: "two acts expected, one found",
	}, {
		name: "empty targets",
		cases: []Case{
			{ID: "e1", Text: "e1", Want: []Expected{want("PRK", "", "150", "")}},
			{ID: "e2", Text: "e2", Want: []Expected{want("PRK", "", "150", "")}},
			{ID: "e3", Text: "e3", Want: []Expected{want("PRK", "JPN", "150", "")}},
		},
		answers: map[string][]event.Event{
			"e1": {ev("PRK", "", "150", "")},    // no target: matches "---"
			"e2": {ev("PRK", "KOR", "150", "")}, // a target where none is expected
			"e3": {ev("PRK", "", "150", "")},    // no target where one is expected
		},
		want: Scores{
			Root:   prf(3, 0, 0, 1, 1, 1),
			Dyad:   prf(1, 2, 2, 1.0/3, 1.0/3, 1.0/3),
			Full:   prf(1, 2, 2, 1.0/3, 1.0/3, 1.0/3),
			Date:   prf(0, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"15": prf(1, 2, 2, 1.0/3, 1.0/3, 1.0/3)},
			Cases:  3, Want: 3, Got: 3,
		},
		reason: `an empty target is compared as "---"`,
	}, {
		name:    "unnormalised source",
		cases:   []Case{{ID: "s", Text: "s", Want: []Expected{want("CHNGOV", "USA", "111", "")}}},
		answers: map[string][]event.Event{"s": {ev("", "USA", "111", "")}},
		want: Scores{
			Root: prf(1, 0, 0, 1, 1, 1), Dyad: prf(0, 1, 1, 0, 0, 0), Full: prf(0, 1, 1, 0, 0, 0), Date: prf(0, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"11": prf(0, 1, 1, 0, 0, 0)},
			Cases:  1, Want: 1, Got: 1,
		},
		reason: "an actor the coder could not normalise matches no expected actor",
	}, {
		name: "agents and IGOs at the dyad level",
		cases: []Case{{ID: "a", Text: "a", Want: []Expected{
			want("CHNGOV", "IGOWSTNAT", "111", ""),
			want("IGOUNO", "RUSMIL", "094", ""),
		}}},
		answers: map[string][]event.Event{"a": {
			ev("CHNMED", "IGOWSTNAT", "110", ""),
			ev("IGOUNO", "RUS", "090", ""),
		}},
		want: Scores{
			Root: prf(2, 0, 0, 1, 1, 1), Dyad: prf(2, 0, 0, 1, 1, 1), Full: prf(0, 2, 2, 0, 0, 0), Date: prf(0, 0, 0, 1, 1, 1),
			ByRoot: map[string]PRF{"11": prf(0, 1, 1, 0, 0, 0), "09": prf(0, 1, 1, 0, 0, 0)},
			Cases:  1, Want: 2, Got: 2,
		},
		reason: "the dyad level drops agents and keeps IGO codes whole",
	}, {
		name: "dates",
		cases: []Case{
			{ID: "d1", Text: "d1", Want: []Expected{want("JPN", "FRA", "062", "2023-07-26")}},
			{ID: "d2", Text: "d2", Want: []Expected{want("JPN", "FRA", "062", "2023-07-26")}},
			{ID: "d3", Text: "d3", Want: []Expected{want("JPN", "FRA", "062", "")}},
		},
		answers: map[string][]event.Event{
			"d1": {ev("JPN", "FRA", "062", "2023-07-29"), ev("JPN", "FRA", "062", "2023-07-26")},
			"d2": {ev("JPN", "FRA", "062", "2023-08-09")},
			"d3": {ev("JPN", "FRA", "062", "2023-08-09")},
		},
		// d1: the prediction with the right date is matched, the other is an FP.
		// d2: matched with a wrong date: a date FP and FN. d3: date not checked.
		want: Scores{
			Root: prf(3, 1, 0, 0.75, 1, 6.0/7), Dyad: prf(3, 1, 0, 0.75, 1, 6.0/7), Full: prf(3, 1, 0, 0.75, 1, 6.0/7),
			Date:   prf(1, 1, 1, 0.5, 0.5, 0.5),
			ByRoot: map[string]PRF{"06": prf(3, 1, 0, 0.75, 1, 6.0/7)},
			Cases:  3, Want: 3, Got: 4,
		},
		reason: "a right date is preferred; unset dates are not checked",
	}, {
		name:   "no cases",
		want:   Scores{Root: prf(0, 0, 0, 1, 1, 1), Dyad: prf(0, 0, 0, 1, 1, 1), Full: prf(0, 0, 0, 1, 1, 1), Date: prf(0, 0, 0, 1, 1, 1), ByRoot: map[string]PRF{}},
		reason: "nothing to find and nothing found is perfect",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(tt.cases, fixed(tt.answers))
			if diff := cmp.Diff(tt.want, got, approx); diff != "" {
				t.Errorf("Score (-want +got) (%s):\n%s", tt.reason, diff)
			}
		})
	}
}

func TestRunDetails(t *testing.T) {
	_, results := Run(partialCases, fixed(partialAnswers))
	want := []struct {
		root, dyad, full Misses
		ok               bool
	}{
		{root: Misses{Missed: []int{2}, Extra: []int{2}}, dyad: Misses{Missed: []int{2}, Extra: []int{2}}, full: Misses{Missed: []int{0, 2}, Extra: []int{0, 2}}},
		{root: Misses{Extra: []int{0}}, dyad: Misses{Extra: []int{0}}, full: Misses{Extra: []int{0}}},
	}
	if len(results) != len(want) {
		t.Fatalf("%d results, want %d", len(results), len(want))
	}
	for i, w := range want {
		r := results[i]
		if diff := cmp.Diff(w.root, r.Root); diff != "" {
			t.Errorf("case %d root misses (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(w.dyad, r.Dyad); diff != "" {
			t.Errorf("case %d dyad misses (-want +got):\n%s", i, diff)
		}
		if diff := cmp.Diff(w.full, r.Full); diff != "" {
			t.Errorf("case %d full misses (-want +got):\n%s", i, diff)
		}
		if r.OK() != w.ok {
			t.Errorf("case %d OK() = %v, want %v", i, r.OK(), w.ok)
		}
	}
	if got := results[1].Got[0].Target; got != "" {
		t.Errorf("an empty target is kept empty in CaseResult.Got, got %q", got)
	}
}

func TestCountry(t *testing.T) {
	for in, want := range map[string]string{
		"CHNGOV": "CHN", "CHN": "CHN", "IGOWSTNAT": "IGOWSTNAT", "IGOUNO": "IGOUNO", "": NoActor, NoActor: NoActor, "XY": "XY",
	} {
		if got := Country(in); got != want {
			t.Errorf("Country(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPRFBounds(t *testing.T) {
	for tp := 0; tp < 5; tp++ {
		for fp := 0; fp < 5; fp++ {
			for fn := 0; fn < 5; fn++ {
				p := newPRF(tp, fp, fn)
				for _, v := range []float64{p.Precision, p.Recall, p.F1} {
					if math.IsNaN(v) || v < 0 || v > 1 {
						t.Fatalf("newPRF(%d, %d, %d) = %+v", tp, fp, fn, p)
					}
				}
			}
		}
	}
}
