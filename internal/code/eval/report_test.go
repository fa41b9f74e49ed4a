package eval

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/georisk/georisk/internal/event"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func TestReport(t *testing.T) {
	s, details := Run(partialCases, fixed(partialAnswers))
	for _, tt := range []struct {
		golden  string
		details []CaseResult
	}{
		{"report.golden", nil},
		{"report-verbose.golden", details},
	} {
		t.Run(tt.golden, func(t *testing.T) {
			var b bytes.Buffer
			if err := Report(&b, s, tt.details); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", tt.golden)
			if *update {
				if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), b.String()); diff != "" {
				t.Errorf("Report (-want +got), run with -update to accept:\n%s", diff)
			}
		})
	}
}

func ExampleScore() {
	cases := []Case{{
		ID:        "drill",
		Published: time.Date(2023, 7, 30, 0, 0, 0, 0, time.UTC),
		Text:      "Japan and France held a joint fighter drill between 26 and 29 July.",
		Want: []Expected{
			{Source: "JPN", Target: "FRA", Code: "062", Date: time.Date(2023, 7, 26, 0, 0, 0, 0, time.UTC)},
			{Source: "FRA", Target: "JPN", Code: "062", Date: time.Date(2023, 7, 26, 0, 0, 0, 0, time.UTC)},
		},
	}}
	// A coder that finds one direction only, on the publication date.
	code := func(text string, published time.Time) []event.Event {
		return []event.Event{{
			Source: event.Actor{Code: "JPN"}, Target: event.Actor{Code: "FRA"},
			Code: "062", Date: published,
		}}
	}
	s := Score(cases, code)
	fmt.Printf("full: P=%.2f R=%.2f F1=%.2f; right dates %d of %d\n",
		s.Full.Precision, s.Full.Recall, s.Full.F1, s.Date.TP, s.Date.TP+s.Date.FN)
	// Output:
	// full: P=1.00 R=0.50 F1=0.67; right dates 0 of 1
}
