package code

import (
	"slices"
	"strings"
	"testing"

	"github.com/georisk/georisk/internal/cameo"
	"github.com/google/go-cmp/cmp"
)

func TestDefaultPatterns(t *testing.T) {
	ps, err := DefaultPatterns()
	if err != nil {
		t.Fatal(err)
	}
	if ps.Len() < 250 {
		t.Errorf("%d patterns, want at least 250", ps.Len())
	}
	tab := cameo.Load()
	byRoot := ps.Codes()
	var summary []string
	for r := 1; r <= 20; r++ {
		root := string([]byte{byte('0' + r/10), byte('0' + r%10)})
		summary = append(summary, root+":"+itoa(byRoot[root]))
		if byRoot[root] == 0 {
			t.Errorf("no pattern for root %s", root)
		}
	}
	t.Logf("%d patterns; by root %s; null %d", ps.Len(), strings.Join(summary, " "), byRoot["-"])
	four := 0
	for _, p := range ps.list {
		if p.code == "" {
			continue
		}
		if _, ok := tab.Lookup(p.code); !ok {
			t.Errorf("pattern %s: code %s is not in the CAMEO table", p.id, p.code)
		}
		if len(p.code) == 4 {
			four++
		}
	}
	if four < 40 {
		t.Errorf("%d patterns with 4-digit codes, want at least 40", four)
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestLoadPatternsErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"unknown code", "a 999 attack+", "x.txt:1: unknown CAMEO code \"999\""},
		{"code without zero", "# c\n\na 10 demand+", "x.txt:3: unknown CAMEO code \"10\""},
		{"root only", "a 01 say+", "x.txt:1: unknown CAMEO code \"01\""},
		{"duplicate id", "a 111 slam+\na 112 accuse+", "x.txt:2: pattern id \"a\" already used on line 1"},
		{"no phrase", "a 111", "x.txt:1: want ID CODE PHRASE"},
		{"bad flag", "a 111 slam+ @loud", "x.txt:1: unknown flag @loud"},
		{"word after flag", "a 111 slam+ @noun hard", "x.txt:1: phrase element \"hard\" after flags"},
		{"starts with gap", "a 111 * slam+", "x.txt:1: phrase must start with a required word"},
		{"starts with slot", "a 111 [TGT] slam+", "x.txt:1: phrase must start with a required word"},
		{"ends with gap", "a 111 slam+ *", "x.txt:1: phrase ends with *"},
		{"bad word", "a 111 sl@m", "x.txt:1: bad word"},
		{"bad confidence", "a 111 slam+ @conf=2", "x.txt:1: bad confidence"},
		{"bad id", "a/b 111 slam+", "x.txt:1: bad pattern id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadPatterns("x.txt", strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
		})
	}
	ps, err := LoadPatterns("ok.txt", strings.NewReader("# comment\nslam 111 slam+ * on? [TGT] @conf=0.5 # trailing\nnone - heart attack\n"))
	if err != nil {
		t.Fatal(err)
	}
	if ps.Len() != 2 || ps.list[0].conf != 0.5 || ps.list[1].code != "" {
		t.Errorf("parsed %+v", ps.list)
	}
}

func TestInflections(t *testing.T) {
	tests := map[string][]string{
		"denounce": {"denounce", "denounces", "denounced", "denouncing"},
		"ban":      {"ban", "bans", "banned", "banning"},
		"meet":     {"meet", "met", "meets", "meeting"},
		"agree":    {"agree", "agrees", "agreed", "agreeing"},
		"deny":     {"deny", "denies", "denied", "denying"},
		"cancel":   {"cancel", "cancels", "canceled", "cancelled", "cancelling"},
		"seize":    {"seize", "seizes", "seized", "seizing"},
		"withdraw": {"withdraw", "withdrew", "withdrawn", "withdraws", "withdrawing"},
	}
	for w, want := range tests {
		got := inflections(w)
		for _, f := range want {
			if !slices.Contains(got, f) {
				t.Errorf("inflections(%q) = %q, missing %q", w, got, f)
			}
		}
	}
	for _, w := range []string{"attacked", "met", "held", "withdrawn", "hit"} {
		if !participle(w) {
			t.Errorf("participle(%q) = false", w)
		}
	}
}

// TestComposeCodes checks that every code the complement and tense rules
// can produce is in the CAMEO table.
func TestComposeCodes(t *testing.T) {
	tab := cameo.Load()
	var codes []string
	for _, line := range strings.Split(cameoCodes(tab), " ") {
		codes = append(codes, line)
	}
	for _, head := range []string{"020", "030", "100", "112", "120", "130"} {
		for _, comp := range codes {
			for _, end := range []bool{false, true} {
				if c := composeCode(head, comp, end); c != "" {
					if _, ok := tab.Lookup(c); !ok {
						t.Errorf("composeCode(%s, %s, %v) = %s, not a CAMEO code", head, comp, end, c)
					}
				}
			}
		}
	}
	for _, c := range codes {
		if f := futureCode(c); f != "" {
			if _, ok := tab.Lookup(f); !ok {
				t.Errorf("futureCode(%s) = %s, not a CAMEO code", c, f)
			}
		}
	}
	tests := []struct{ head, comp, want string }{
		{"020", "0841", "0253"},
		{"020", "046", "026"},
		{"030", "062", "0312"},
		{"030", "190", "1384"},
		{"100", "0874", "1056"},
		{"120", "040", "125"},
		{"120", "026", "125"},
		{"130", "163", "1312"},
		{"130", "161", "1313"},
		{"112", "194", "1123"},
		{"020", "190", "0256"}, // only with end
	}
	for _, tt := range tests {
		end := tt.want == "0256"
		if got := composeCode(tt.head, tt.comp, end); got != tt.want {
			t.Errorf("composeCode(%s, %s) = %s, want %s", tt.head, tt.comp, got, tt.want)
		}
	}
	if diff := cmp.Diff([]string{"036", "1384", "010"}, []string{futureCode("042"), futureCode("190"), futureCode("010")}); diff != "" {
		t.Errorf("futureCode (-want +got):\n%s", diff)
	}
}

// cameoCodes lists the table's codes of three and four digits.
func cameoCodes(tab *cameo.Table) string {
	var out []string
	for r := 1; r <= 20; r++ {
		for a := 0; a <= 9; a++ {
			c := string([]byte{byte('0' + r/10), byte('0' + r%10), byte('0' + a)})
			if _, ok := tab.Lookup(c); ok {
				out = append(out, c)
			}
			for b := 0; b <= 9; b++ {
				if _, ok := tab.Lookup(c + string(rune('0'+b))); ok {
					out = append(out, c+string(rune('0'+b)))
				}
			}
		}
	}
	return strings.Join(out, " ")
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
