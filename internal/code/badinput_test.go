package code

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/cameo"
)

func TestBadInput(t *testing.T) {
	c := newFakeCoder(t)
	tab := cameo.Load()
	rng := rand.New(rand.NewPCG(1, 2))
	junk := make([]byte, 100_000)
	for i := range junk {
		junk[i] = byte(rng.IntN(256))
	}
	long := strings.Repeat("China and Russia and Japan criticized ", 100_000/38)
	tests := []struct {
		name, body string
		note       string // a note must contain this
	}{
		{"empty", "", "empty document"},
		{"blank", " \n\t\n ", "empty document"},
		{"long sentence", long, "without a sentence boundary"},
		{"binary", string(junk), "binary"},
		{"another script", strings.Repeat("北京谴责了北约的声明，并表示将采取措施。", 200), "non-Latin script"},
		{"cyrillic", strings.Repeat("Россия осудила заявление НАТО. ", 100), "non-Latin script"},
		{"punctuation only", strings.Repeat("!?.,;: ", 1000), "no words"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			r := c.Code(Doc{Body: tt.body, Published: pub})
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %v", d)
			}
			checkResult(t, tab, tt.body, r)
			if !strings.Contains(strings.Join(r.Notes, "\n"), tt.note) {
				t.Errorf("notes %q, want one about %q", r.Notes, tt.note)
			}
		})
	}
}

// TestLinear checks that coding time grows linearly with the length of a
// sentence without boundaries, and of a document of many sentences.
func TestLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	c := newFakeCoder(t)
	for _, unit := range []string{
		"China and Russia criticized Japan and warned “the United States” ",
		"\"China denounced ‘NATO’ ",
		"China denounced NATO. ",
	} {
		timeOf := func(n int) time.Duration {
			body := strings.Repeat(unit, n)
			best := time.Duration(1 << 62)
			for range 3 {
				start := time.Now()
				c.Code(Doc{Body: body, Published: pub})
				best = min(best, time.Since(start))
			}
			return best
		}
		small, big := timeOf(2000), timeOf(8000)
		if big > 8*small+10*time.Millisecond {
			t.Errorf("%q: 4× the text took %v, against %v: not linear", unit, big, small)
		}
	}
}
