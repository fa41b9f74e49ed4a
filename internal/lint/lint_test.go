package lint

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func rules(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		r := f.Rule
		if f.Term != "" && f.Rule == "non-icd-term" {
			r += ":" + f.Term
		}
		out = append(out, r)
	}
	return out
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name, file, text string
		want             []string
		reason           string
	}{
		{"may", "a.txt", "We assess that Beijing may retaliate [1].", []string{"non-icd-term:may"}, "may is no estimate"},
		{"could", "a.txt", "Tariffs could rise, the ministry said [2].", []string{"non-icd-term:could"}, "could is no estimate"},
		{"certain to", "a.txt", "China is certain to respond [3].", []string{"non-icd-term:certain"}, "certain is not almost certain"},
		{"almost certain", "a.txt", "China is almost certain (95–99%) to respond [3].", nil, "ICD 203's own term"},
		{"certain adjective", "a.txt", "Certain members objected to the plan [4].", nil, "certain as 'some' is not an estimate"},
		{"month", "a.txt", "The talks were held on 3 May 2023 in Paris.", nil, "May the month"},
		{"quoted", "a.txt", "The ministry said the move \"may harm ties\" and called it “a mistake that could backfire”.", nil, "quotes are someone else's words"},
		{"mixed", "a.txt", "We assess with high confidence that Beijing is likely (55–80%) to retaliate [1].", []string{"mixed-confidence"}, "confidence belongs in its own sentence"},
		{"separate", "a.txt", "We assess that Beijing is likely (55–80%) to retaliate [1]. We have high confidence in this judgment.", nil, "separate sentences are fine"},
		{"no evidence", "a.txt", "We assess that Beijing is likely to retaliate.\n\nThe weather was fine.", []string{"no-evidence"}, "a judgment needs a citation"},
		{"evidence next", "a.txt", "We assess that Beijing is likely to retaliate.\n\nEvidence: the ministry's statement [1].", nil, "a citation in the next paragraph counts"},
		{"url", "a.txt", "China is unlikely to back down (https://example.org/x).", nil, "a URL is a citation"},
		{"markdown quote", "a.md", "# Brief\n\n> China may respond, an official said.\n\nFacts only here.", nil, "block quotes are skipped"},
		{"markdown line", "a.md", "# Brief\n\nFirst paragraph.\n\nIt may rain [1].", []string{"non-icd-term:may"}, "found in Markdown"},
		{"html", "a.html", "<html><body><p>Intro.</p><p>China <b>may</b> respond.</p><blockquote>It could.</blockquote><p><a href=\"https://x.example/1\">source</a></p></body></html>", []string{"non-icd-term:may"}, "HTML text, not its quotes; the link is evidence"},
		{"html script", "a.html", "<html><script>var may = 1;</script><p>Calm.</p></html>", nil, "scripts are not prose"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := rules(Check(tt.file, []byte(tt.text)))
			if !slices.Equal(got, tt.want) {
				t.Errorf("findings %v, want %v (%s)", got, tt.want, tt.reason)
			}
		})
	}
}

func TestLines(t *testing.T) {
	fs := Check("a.md", []byte("# T\n\nline three.\n\nIt might rain [1]."))
	if len(fs) != 1 || fs[0].Line != 5 {
		t.Errorf("findings %+v, want one on line 5", fs)
	}
	fs = Check("a.html", []byte("<html>\n<body>\n<p>Calm.</p>\n<p>It might\nrain.</p>\n<p>[1]</p></body></html>"))
	if len(fs) != 1 || fs[0].Line != 4 {
		t.Errorf("HTML findings %+v, want one on line 4", fs)
	}
}

// TestSeed runs lint on the Pamir brief: its "may" and "certain" are
// estimates without a calibrated probability.
func TestSeed(t *testing.T) {
	const seed = "../../../shared/fixtures/pamir-nato-china-2023-08-09.txt"
	b, err := os.ReadFile(seed)
	if err != nil {
		t.Skipf("the seed brief %s is absent (it lives in ../shared beside the repository): %v", seed, err)
	}
	fs := Check(seed, b)
	var terms []string
	for _, f := range fs {
		if f.Rule == "non-icd-term" {
			terms = append(terms, f.Term)
		}
	}
	if !slices.Contains(terms, "may") || !slices.Contains(terms, "certain") {
		t.Errorf("seed: non-ICD terms %v, want may and certain; all findings:\n%v", terms, fs)
	}
	for _, f := range fs {
		if f.Rule == "non-icd-term" && strings.Contains(f.Sentence, "can no longer") {
			t.Errorf("flagged a sentence without an estimate: %v", f)
		}
	}
}

func FuzzCheck(f *testing.F) {
	f.Add("a.md", "# T\n\n> q\n\nIt may rain [1].")
	f.Add("a.html", "<p>China <b>may</b> respond “could”</p><a href='https://x'>x</a>")
	f.Add("a.txt", "China is certain to respond. We assess that it is likely, with high confidence.")
	f.Fuzz(func(t *testing.T, name, s string) {
		for _, fd := range Check(name, []byte(s)) {
			if fd.Line < 1 || fd.Rule == "" {
				t.Errorf("bad finding %+v", fd)
			}
		}
	})
}
