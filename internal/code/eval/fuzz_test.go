package eval

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// FuzzLoad checks the file parser behind Load: no panic, every case it
// returns keeps the format's promises, and a file without errors survives
// Format and Parse unchanged. Seeds are in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	f.Add([]byte("# id: x\n# published: 2023-07-13\nText.\n-- events --\nCHNGOV IGOWSTNAT 111 2023-07-12\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, err := Parse("fuzz.txt", data)
		for _, c := range cases {
			if !idRE.MatchString(c.ID) || c.Published.IsZero() || c.Text == "" || c.Pos == "" {
				t.Fatalf("case breaks the format's promises: %+v", c)
			}
			for _, e := range c.Want {
				if e.Source == "" || !actorRE.MatchString(e.Source) || e.Target != "" && !actorRE.MatchString(e.Target) || !codeRE.MatchString(e.Code) {
					t.Fatalf("bad event %+v in %s", e, c.ID)
				}
			}
		}
		if err != nil {
			if !utf8.ValidString(err.Error()) {
				t.Fatalf("error is not valid UTF-8: %q", err)
			}
			return
		}
		var b bytes.Buffer
		if err := Format(&b, cases); err != nil {
			t.Fatal(err)
		}
		back, err := Parse("formatted.txt", b.Bytes())
		if err != nil {
			t.Fatalf("Parse(Format(cases)): %v\n%s", err, b.String())
		}
		if diff := cmp.Diff(cases, back, cmpopts.IgnoreFields(Case{}, "Pos"), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("Parse(Format(cases)) (-want +got):\n%s", diff)
		}
	})
}
