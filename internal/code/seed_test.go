package code_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/code"
	"github.com/georisk/georisk/internal/event"
)

const seedPath = "../../../shared/fixtures/pamir-nato-china-2023-08-09.txt"

// TestSeedBrief codes the brief an analyst wrote from the news of August
// 2023, with the real actor dictionary, and checks what the issue requires
// of it.
func TestSeedBrief(t *testing.T) {
	b, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed brief not available: %v", err)
	}
	body := string(b)
	c := realCoder(t)
	r := c.Code(code.Doc{Body: body, Published: time.Date(2023, 8, 9, 0, 0, 0, 0, time.UTC), DocID: 7})
	for _, e := range r.Events {
		t.Logf("%s %s>%s %s %q pattern=%s conf=%.2f date=%s (%s)", e.OriginID, e.Source.Code, e.Target.Code, e.Code,
			e.Evidence.Trigger, e.Evidence.Pattern, e.Evidence.Confidence, e.Date.Format("2006-01-02"), e.Evidence.DateSource)
	}

	has := func(what string, ok func(e *event.Event) bool) *event.Event {
		t.Helper()
		for i := range r.Events {
			if ok(&r.Events[i]) {
				return &r.Events[i]
			}
		}
		t.Errorf("no event: %s", what)
		return nil
	}
	trigger := func(e *event.Event, w string) bool { return strings.Contains(e.Evidence.Trigger, w) }
	dyad := func(e *event.Event, src, tgt, root string) bool {
		return e.Source.Country == src && e.Target.Country == tgt && e.Root == root
	}
	has("China → NATO disapproval from the denunciation", func(e *event.Event) bool {
		return dyad(e, "CHN", "IGOWSTNAT", "11") && trigger(e, "denounced")
	})
	has("China → NATO disapproval from the accusation", func(e *event.Event) bool {
		return dyad(e, "CHN", "IGOWSTNAT", "11") && trigger(e, "accused")
	})
	has("China → NATO threat from the warning", func(e *event.Event) bool {
		return dyad(e, "CHN", "IGOWSTNAT", "13") && trigger(e, "warned")
	})
	drill := time.Date(2023, 7, 26, 0, 0, 0, 0, time.UTC)
	for _, d := range [][2]string{{"JPN", "FRA"}, {"FRA", "JPN"}} {
		has(d[0]+" → "+d[1]+" military cooperation on 2023-07-26", func(e *event.Event) bool {
			return dyad(e, d[0], d[1], "06") && e.Date.Equal(drill)
		})
	}
	has("France → NATO rejection from blocking the move", func(e *event.Event) bool {
		return dyad(e, "FRA", "IGOWSTNAT", "12") && trigger(e, "blocked")
	})
	for _, tgt := range []string{"FRA", "DEU"} {
		has("Ukraine → "+tgt+" accusation from Zelensky's statement", func(e *event.Event) bool {
			return dyad(e, "UKR", tgt, "11")
		})
	}
	teaser := strings.Index(body, "Latest posts")
	for _, e := range r.Events {
		if teaser >= 0 && e.Evidence.Sentence.Start >= teaser {
			t.Errorf("event from the teaser: %s>%s %s %q", e.Source.Code, e.Target.Code, e.Code, e.Evidence.Trigger)
		}
	}

	var terms []string
	for _, j := range r.Judgments {
		t.Logf("judgment: author=%q term=%q band=%q subject=%q claim=%q", j.Author, j.Term, j.Band, j.Subject, j.Claim)
		terms = append(terms, j.Term)
	}
	want := []string{"may", "certain", "probably", "likely"}
	if len(terms) != len(want) {
		t.Errorf("judgment terms = %q, want four: %q", terms, want)
	} else {
		for i, w := range want {
			if !strings.Contains(terms[i], w) {
				t.Errorf("judgment %d term = %q, want %q", i, terms[i], w)
			}
		}
		if r.Judgments[0].Author != "Pamir" || r.Judgments[3].Author != "Pamir" {
			t.Errorf("authors = %q, %q, want Pamir", r.Judgments[0].Author, r.Judgments[3].Author)
		}
		if r.Judgments[2].Band != "55-80%" || r.Judgments[0].Band != "" || r.Judgments[1].Band != "" {
			t.Errorf("bands = %q %q %q", r.Judgments[0].Band, r.Judgments[1].Band, r.Judgments[2].Band)
		}
	}

	mission := 0
	for _, q := range r.Quotes {
		t.Logf("quote: %s (%q): %.50q", q.Speaker.Code, q.SpeakerText, q.Text)
		if body[q.Span.Start:q.Span.End] != q.Text {
			t.Errorf("quote span %v is not its text", q.Span)
		}
		for _, w := range []string{"ignored the facts", "Any act that jeopardizes"} {
			if strings.HasPrefix(q.Text, w) {
				if q.Speaker.Code != "CHNGOV" {
					t.Errorf("quote %q: speaker %q, want CHNGOV (China's Mission)", w, q.Speaker.Code)
				}
				mission++
			}
		}
		if strings.Contains(q.Text, "Cold War mentality") && q.Speaker.Country != "CHN" {
			t.Errorf("quote %q: speaker %q, want China", q.Text, q.Speaker.Code)
		}
	}
	if mission != 2 {
		t.Errorf("found %d of the 2 quotes of China's Mission", mission)
	}
}
