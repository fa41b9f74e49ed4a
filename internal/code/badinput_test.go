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
			r := c.Code(Doc{Body: tt.body, Published: pub})
			checkResult(t, tab, tt.body, r)
			if !strings.Contains(strings.Join(r.Notes, "\n"), tt.note) {
				t.Errorf("notes %q, want one about %q", r.Notes, tt.note)
			}
		})
	}
}

// BenchmarkLinear measures coding time against the length of a sentence
// without boundaries and of a document of many sentences: each unit is coded
// repeated 2,000 and 8,000 times, and "x4-cost" is the ratio of the two times
// (4 when linear; a quadratic step would make it 16). It is a benchmark, not a
// test: a timed unit test fails on a busy machine.
func BenchmarkLinear(b *testing.B) {
	c := newFakeCoder(b)
	for _, unit := range []struct{ name, text string }{
		{"quoted-sentence", "China and Russia criticized Japan and warned “the United States” "},
		{"open-quote", "\"China denounced ‘NATO’ "},
		{"sentences", "China denounced NATO. "},
	} {
		b.Run(unit.name, func(b *testing.B) {
			small, big := strings.Repeat(unit.text, 2000), strings.Repeat(unit.text, 8000)
			var ts, tb time.Duration
			for b.Loop() {
				start := time.Now()
				c.Code(Doc{Body: small, Published: pub})
				ts += time.Since(start)
				start = time.Now()
				c.Code(Doc{Body: big, Published: pub})
				tb += time.Since(start)
			}
			b.ReportMetric(float64(tb)/float64(ts), "x4-cost")
		})
	}
}
