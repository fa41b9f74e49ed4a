package code

import (
	"strings"
	"testing"
	"time"

	"github.com/georisk/georisk/internal/cameo"
)

// FuzzCode codes arbitrary text and checks the result's invariants: no
// panic, spans inside the body, events with a source and a known code.
func FuzzCode(f *testing.F) {
	for _, s := range []string{
		"",
		"China denounced the United States on Tuesday.",
		"“We will respond,” the ministry said. He said it would.",
		"Japan and France held joint drills between 26-29 July.",
		"\"unclosed quote and ‘single",
		"\x00\xff\xfe binary \x01\x02",
		"北京谴责了北约。",
		strings.Repeat("China attacked ", 50),
	} {
		f.Add(s)
	}
	c := newFakeCoder(f)
	tab := cameo.Load()
	f.Fuzz(func(t *testing.T, body string) {
		done := make(chan Result, 1)
		go func() { done <- c.Code(Doc{Body: body, Published: pub, DocID: 3}) }()
		select {
		case r := <-done:
			checkResult(t, tab, body, r)
		case <-time.After(3 * time.Second):
			t.Fatalf("coding %d bytes took more than 3 s", len(body))
		}
	})
}

func checkResult(t *testing.T, tab *cameo.Table, body string, r Result) {
	t.Helper()
	span := func(what string, a, b int) {
		if a < 0 || b > len(body) || a > b {
			t.Fatalf("%s span [%d, %d) outside the body of %d bytes", what, a, b, len(body))
		}
	}
	for _, e := range r.Events {
		span("event sentence", e.Evidence.Sentence.Start, e.Evidence.Sentence.End)
		if e.Source.Code == "" {
			t.Fatalf("event without source: %+v", e)
		}
		if _, ok := tab.Lookup(e.Code); !ok {
			t.Fatalf("event code %q not in the table", e.Code)
		}
		if e.Evidence.Confidence <= 0 || e.Evidence.Confidence > 1 {
			t.Fatalf("confidence %v", e.Evidence.Confidence)
		}
		if e.Date.IsZero() {
			t.Fatalf("event without date: %+v", e)
		}
	}
	for _, q := range r.Quotes {
		span("quote", q.Span.Start, q.Span.End)
		span("quote sentence", q.Sentence.Start, q.Sentence.End)
		if body[q.Span.Start:q.Span.End] != q.Text {
			t.Fatalf("quote text %q is not its span", q.Text)
		}
	}
	for _, j := range r.Judgments {
		span("judgment", j.Span.Start, j.Span.End)
		if j.Term == "" {
			t.Fatalf("judgment without term: %+v", j)
		}
	}
}

// FuzzLoadPatterns reads arbitrary dictionaries: an error or a dictionary,
// never a panic, and every code of a dictionary it accepts is known.
func FuzzLoadPatterns(f *testing.F) {
	for _, s := range []string{
		"",
		"a 111 slam+",
		"a 111 slam+ * on? [TGT] @conf=0.5\nb - heart attack\n",
		"a 999 x",
		"a 111 * x",
		"a 111 x|y+|z? [SRC] @noun @recip @comp",
		"# only a comment",
		"a 111 x @conf=",
	} {
		f.Add(s)
	}
	tab := cameo.Load()
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := LoadPatterns("fuzz.txt", strings.NewReader(in))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.txt:") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, p := range ps.list {
			if p.code == "" {
				continue
			}
			if _, ok := tab.Lookup(p.code); !ok {
				t.Fatalf("accepted unknown code %q", p.code)
			}
		}
		c, err := New(Options{Actors: fakeActors, Patterns: ps})
		if err != nil {
			t.Fatal(err)
		}
		c.Code(Doc{Body: "China denounced the United States. Russia attacked Ukraine.", Published: time.Now()})
	})
}
