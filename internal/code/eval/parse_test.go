package eval

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func day(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParse(t *testing.T) {
	const in = `# A preamble of comments is skipped.

# id: first
# published: 2023-07-13
# note: reported speech,
# note: two note lines
# tags: reported, date
# a plain comment
China's Mission to the EU on 12 July denounced the sections
of the NATO communique that dealt with China.

-- events --
CHNGOV IGOWSTNAT 111 2023-07-12   # the denunciation
JPN --- 150 -
FRA JPN 062
===
# id: second
# published: 2024-01-02
Nothing happened.
-- events --
`
	got, err := Parse("f.txt", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Case{{
		ID:        "first",
		Published: day("2023-07-13"),
		Text:      "China's Mission to the EU on 12 July denounced the sections\nof the NATO communique that dealt with China.",
		Note:      "reported speech, two note lines",
		Tags:      []string{"reported", "date"},
		Want: []Expected{
			{Source: "CHNGOV", Target: "IGOWSTNAT", Code: "111", Date: day("2023-07-12")},
			{Source: "JPN", Code: "150"},
			{Source: "FRA", Target: "JPN", Code: "062"},
		},
		Pos: "f.txt:3",
	}, {
		ID:        "second",
		Published: day("2024-01-02"),
		Text:      "Nothing happened.",
		Pos:       "f.txt:17",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Parse (-want +got):\n%s", diff)
	}
}

func TestParseErrors(t *testing.T) {
	const head = "# id: x\n# published: 2023-01-02\nText.\n-- events --\n"
	tests := []struct {
		name, in, want string
		reason         string
	}{
		{"no id", "# published: 2023-01-02\nText.\n-- events --\n", "f.txt:1: case without an id", "every case needs an id"},
		{"bad date", "# id: x\n# published: 2 Jan 2023\nText.\n-- events --\n", "f.txt:2: bad publication date", "dates are YYYY-MM-DD"},
		{"no published", "# id: x\nText.\n-- events --\n", "f.txt:1: case x: no publication date", "dates are resolved against it"},
		{"unknown header", "# id: x\n# publisher: AP\n# published: 2023-01-02\nText.\n-- events --\n", `f.txt:2: unknown header "publisher"`, "a typo in a key must not pass silently"},
		{"unknown tag", "# id: x\n# published: 2023-01-02\n# tags: passive, pasive\nText.\n-- events --\n", `f.txt:3: unknown tag "pasive"`, "tags are counted, so typos matter"},
		{"no text", "# id: x\n# published: 2023-01-02\n-- events --\n", "f.txt:1: case x: no text", "a case codes a text"},
		{"no marker", "# id: x\n# published: 2023-01-02\nText.\n", `no "-- events --" line`, "an empty events section must be explicit"},
		{"second id", "# id: x\n# id: y\n# published: 2023-01-02\nText.\n-- events --\n", `f.txt:2: second id "y"`, "one case per block"},
		{"bad id", "# id: a b\n# published: 2023-01-02\nText.\n-- events --\n", `f.txt:1: bad id "a b"`, "ids are single words"},
		{"bad source", head + "chngov USA 111\n", `f.txt:5: bad source "chngov"`, "codes are upper case"},
		{"empty source", head + "--- USA 111\n", `f.txt:5: bad source "---"`, "an event needs a source"},
		{"bad target", head + "CHN US 111\n", `f.txt:5: bad target "US"`, "codes come in threes"},
		{"unknown code", head + "CHN USA 999\n", `f.txt:5: unknown CAMEO code "999"`, "codes must exist in internal/cameo"},
		{"ten is not 010", head + "CHN USA 10a\n", `f.txt:5: bad CAMEO code "10a"`, "codes are digits"},
		{"bad event date", head + "CHN USA 111 12/07/2023\n", `f.txt:5: bad date "12/07/2023"`, "dates are YYYY-MM-DD"},
		{"too many fields", head + "CHN USA 111 2023-01-01 extra\n", "f.txt:5: event", "one event per line"},
		{"too few fields", head + "CHN 111\n", "f.txt:5: event", "the target is required, --- for none"},
		{"second block", head + "===\n# id: y\n# published: 2023-01-02\nText.\n-- events --\nCHN USA 1111\n", `f.txt:10: unknown CAMEO code "1111"`, "line numbers count across blocks"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.txt", []byte(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Parse error = %v, want it to contain %q (%s)", err, tt.want, tt.reason)
			}
		})
	}
}

func TestParseKeepsGoodCases(t *testing.T) {
	in := "# id: bad\n# published: 2023-01-02\nText.\n-- events --\nCHN USA 999\n===\n# id: good\n# published: 2023-01-02\nText.\n-- events --\n"
	cases, err := Parse("f.txt", []byte(in))
	if err == nil {
		t.Fatal("no error for an unknown code")
	}
	if len(cases) != 1 || cases[0].ID != "good" {
		t.Errorf("Parse kept %v, want only the good case", cases)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("b.txt", "# id: one\n# published: 2023-01-02\nText.\n-- events --\n")
	write("a.txt", "# id: zero\n# published: 2023-01-02\nText.\n-- events --\n")
	write("notes.md", "not a case file")
	cases, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range cases {
		ids = append(ids, c.ID)
	}
	if diff := cmp.Diff([]string{"zero", "one"}, ids); diff != "" {
		t.Errorf("ids in file order (-want +got):\n%s", diff)
	}

	write("c.txt", "# comment\n\n# id: one\n# published: 2023-01-02\nText.\n-- events --\n")
	_, err = Load(dir)
	if err == nil || !strings.Contains(err.Error(), "c.txt:3: duplicate id \"one\"") || !strings.Contains(err.Error(), "b.txt:1") {
		t.Errorf("Load error = %v, want the duplicate id with both places", err)
	}

	if _, err := Load(t.TempDir()); err == nil {
		t.Error("Load of an empty directory: no error")
	}
}

func TestFormatRoundTrip(t *testing.T) {
	cases := loadDevSet(t)
	var b bytes.Buffer
	if err := Format(&b, cases); err != nil {
		t.Fatal(err)
	}
	back, err := Parse("formatted.txt", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(cases, back, cmpopts.IgnoreFields(Case{}, "Pos")); diff != "" {
		t.Errorf("Parse(Format(devset)) (-want +got):\n%s", diff)
	}
}
