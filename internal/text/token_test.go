package text

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// tok is a token as tests write it.
type tok struct {
	Kind Kind
	Text string
}

func tokenTexts(s string) []tok {
	var out []tok
	for _, t := range Tokens(s, nil) {
		out = append(out, tok{t.Kind, t.Text(s)})
	}
	return out
}

// W, N, P, Q and O build expected tokens.
func W(s string) tok { return tok{Word, s} }
func N(s string) tok { return tok{Number, s} }
func P(s string) tok { return tok{Punct, s} }
func Q(s string) tok { return tok{Quote, s} }
func O(s string) tok { return tok{Other, s} }

func TestTokens(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		text   string
		want   []tok
	}{
		{"empty", "no text, no tokens", "", nil},
		{"space", "space is not a token", " \t\n\u00a0\u3000", nil},
		{
			"apostrophe", "an apostrophe between letters stays in the word, straight or curly",
			"China's navy and China’s coast guard don't",
			[]tok{W("China's"), W("navy"), W("and"), W("China’s"), W("coast"), W("guard"), W("don't")},
		},
		{
			"trailing apostrophe", "an apostrophe after a word is a quote",
			"the allies' summit",
			[]tok{W("the"), W("allies"), Q("'"), W("summit")},
		},
		{
			"hyphens", "hyphenated words are one token",
			"Indo-Pacific F-16s Su-35 10-year U.S.-led Japan-France",
			[]tok{W("Indo-Pacific"), W("F-16s"), W("Su-35"), W("10-year"), W("U.S.-led"), W("Japan-France")},
		},
		{
			"number range", "a hyphen between numbers separates them, so date ranges can be read",
			"26-29 July and 26–29 July",
			[]tok{N("26"), P("-"), N("29"), W("July"), W("and"), N("26"), P("–"), N("29"), W("July")},
		},
		{
			"numbers", "separators, decimals and percent signs stay in the number",
			"2,111 troops, 3.5 billion, 2% of GDP, 1,000,000 and 2,11",
			[]tok{
				N("2,111"), W("troops"), P(","), N("3.5"), W("billion"), P(","), N("2%"), W("of"), W("GDP"),
				P(","), N("1,000,000"), W("and"), N("2"), P(","), N("11"),
			},
		},
		{
			"number suffixes", "ordinals and decades are numbers, other suffixes make words",
			"the 12th, the 1990s, 5G and 10km",
			[]tok{W("the"), N("12th"), P(","), W("the"), N("1990s"), P(","), W("5G"), W("and"), W("10km")},
		},
		{
			"abbreviations", "abbreviations keep their periods; a sentence-final abbreviation absorbs the full stop",
			"Gen. Brown met Mr. Kishida at 9 a.m., e.g. in Tokyo, etc. and left the U.S.",
			[]tok{
				W("Gen."), W("Brown"), W("met"), W("Mr."), W("Kishida"), W("at"), N("9"), W("a.m."), P(","),
				W("e.g."), W("in"), W("Tokyo"), P(","), W("etc."), W("and"), W("left"), W("the"), W("U.S."),
			},
		},
		{
			"initials and numbers", "an initial keeps its period; No. and Sept. too",
			"J. Biden, No. 10, Sept. 11",
			[]tok{W("J."), W("Biden"), P(","), W("No."), N("10"), P(","), W("Sept."), N("11")},
		},
		{
			"full stop", "the period after an ordinary word is punctuation",
			"Talks ended in Washington.",
			[]tok{W("Talks"), W("ended"), W("in"), W("Washington"), P(".")},
		},
		{
			"domain", "a period inside a long word is punctuation",
			"reuters.com",
			[]tok{W("reuters"), P("."), W("com")},
		},
		{
			"quotes", "straight and typographic quote marks are quotes",
			`"It is over," he said. “Yes” ‘no’ «non»`,
			[]tok{
				Q(`"`), W("It"), W("is"), W("over"), P(","), Q(`"`), W("he"), W("said"), P("."),
				Q("“"), W("Yes"), Q("”"), Q("‘"), W("no"), Q("’"), Q("«"), W("non"), Q("»"),
			},
		},
		{
			"punctuation runs", "runs of periods and hyphens are one token",
			"wait... -- no!?",
			[]tok{W("wait"), P("..."), P("--"), W("no"), P("!"), P("?")},
		},
		{
			"symbols", "currency signs and emoji are Other",
			"$5 billion €3 🚀",
			[]tok{O("$"), N("5"), W("billion"), O("€"), N("3"), O("🚀")},
		},
		{
			"time", "a time is three tokens",
			"at 14:30",
			[]tok{W("at"), N("14"), P(":"), N("30")},
		},
		{
			"Chinese", "each ideograph is a word",
			"中国海警。",
			[]tok{W("中"), W("国"), W("海"), W("警"), P("。")},
		},
		{
			"Japanese kana", "kana run together",
			"ロシア軍",
			[]tok{W("ロシア"), W("軍")},
		},
		{
			"Devanagari", "combining marks stay in the word",
			"भारत ने",
			[]tok{W("भारत"), W("ने")},
		},
		{
			"Arabic", "Arabic letters and digits",
			"الأزمة ٢٠٢٣؟",
			[]tok{W("الأزمة"), N("٢٠٢٣"), P("؟")},
		},
		{
			"accents", "letters outside ASCII are letters",
			"Côte d’Ivoire and Élysée",
			[]tok{W("Côte"), W("d’Ivoire"), W("and"), W("Élysée")},
		},
		{
			"invalid UTF-8", "each invalid byte is Other",
			"a\xffb \xc3",
			[]tok{W("a"), O("\xff"), W("b"), O("\xc3")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tokenTexts(tt.text)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s\nTokens(%q) mismatch (-want +got):\n%s", tt.reason, tt.text, diff)
			}
			checkTokens(t, tt.text, Tokens(tt.text, nil))
		})
	}
}

func TestTokensAppends(t *testing.T) {
	dst := []Token{{Start: 7, End: 9, Kind: Other}}
	got := Tokens("NATO met", dst)
	want := []Token{{7, 9, Other}, {0, 4, Word}, {5, 8, Word}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Tokens must append to dst (-want +got):\n%s", diff)
	}
}

func TestTokensLong(t *testing.T) {
	for _, s := range []string{
		strings.Repeat("U.S. ", 1<<18),
		strings.Repeat("a-", 1<<18),
		strings.Repeat("1,000", 1<<16),
		strings.Repeat("x", 1<<18),
	} {
		checkTokens(t, s, Tokens(s, nil))
	}
}

// checkTokens checks what every result of Tokens must satisfy: tokens are
// in order, do not overlap, are not empty, and only space lies between them.
func checkTokens(t testing.TB, s string, got []Token) {
	t.Helper()
	prev := 0
	for k, tk := range got {
		if tk.Start < prev || tk.End <= tk.Start || tk.End > len(s) {
			t.Fatalf("token %d %v is out of order, empty or out of range (previous end %d, len %d)", k, tk, prev, len(s))
		}
		if tk.Kind < Word || tk.Kind > Other {
			t.Fatalf("token %d %v has no kind", k, tk)
		}
		if gap := s[prev:tk.Start]; strings.TrimSpace(strings.ReplaceAll(gap, "\u200b", "")) != "" {
			t.Fatalf("text %q before token %d %v is not space", gap, k, tk)
		}
		prev = tk.End
	}
	if rest := s[prev:]; strings.TrimSpace(strings.ReplaceAll(rest, "\u200b", "")) != "" {
		t.Fatalf("text %q after the last token is not space", rest)
	}
}

func TestLower(t *testing.T) {
	tests := []struct {
		name, reason, in, want string
		allocs                 float64
	}{
		{"lower", "already lower case: returned as is", "vilnius", "vilnius", 0},
		{"mixed", "ASCII capitals are lowered", "NATO's Vilnius", "nato's vilnius", 1},
		{"non-ASCII", "other letters are left alone", "Élysée", "Élysée", 0},
		{"empty", "nothing to do", "", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Lower(tt.in); got != tt.want {
				t.Errorf("%s: Lower(%q) = %q, want %q", tt.reason, tt.in, got, tt.want)
			}
			if got := string(AppendLower(nil, tt.in)); got != tt.want {
				t.Errorf("%s: AppendLower(%q) = %q, want %q", tt.reason, tt.in, got, tt.want)
			}
			if got := testing.AllocsPerRun(10, func() { _ = Lower(tt.in) }); got != tt.allocs {
				t.Errorf("%s: Lower(%q) makes %v allocations, want %v", tt.reason, tt.in, got, tt.allocs)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	got := []string{Word.String(), Number.String(), Punct.String(), Quote.String(), Other.String(), Kind(0).String()}
	want := []string{"Word", "Number", "Punct", "Quote", "Other", "Kind(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Kind.String mismatch (-want +got):\n%s", diff)
	}
}

func TestNoAllocs(t *testing.T) {
	text := "NATO LEADERS MEET\nVILNIUS, July 11 (Reuters) - The U.S. and Gen. Brown said, \"It is over.\" Then 2,111 troops left."
	ss := make([]Sentence, 0, 16)
	ts := make([]Token, 0, 64)
	if n := testing.AllocsPerRun(100, func() { ss = Sentences(text, ss[:0]) }); n != 0 {
		t.Errorf("Sentences with a large enough dst makes %v allocations, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { ts = Tokens(text, ts[:0]) }); n != 0 {
		t.Errorf("Tokens with a large enough dst makes %v allocations, want 0", n)
	}
}
