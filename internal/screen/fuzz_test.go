package screen

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Huawei Technologies Co., Ltd.", "华为技术有限公司", "习近平", "((;;", "S.A. de C.V.", "重庆(厦门)", "",
		"Xi'an", "ÉCOLE", "\xff\xfe", strings.Repeat("a ", 300), "【華為】", "ǅ", "and any successor"} {
		f.Add(s)
	}
	ix := NewIndex(readEvalEntriesFuzz())
	f.Fuzz(func(t *testing.T, s string) {
		out := Normalize(s)
		if !utf8.ValidString(out) && utf8.ValidString(s) {
			t.Errorf("Normalize(%q) = %q: invalid UTF-8", s, out)
		}
		hits, err := ix.Screen(Query{Name: s})
		if err != nil && !errors.Is(err, ErrQuery) {
			t.Errorf("Screen(%q): %v, want nil or ErrQuery", s, err)
		}
		for _, h := range hits {
			if h.Score < DefaultThreshold || h.Score > 1 {
				t.Errorf("Screen(%q): score %v out of range", s, h.Score)
			}
		}
	})
}

// readEvalEntriesFuzz is a few entries for the fuzzer, without testing.TB.
func readEvalEntriesFuzz() []Entry {
	return []Entry{
		{List: "f", ID: "1", Type: Org, Name: "Huawei Technologies Co., Ltd.", Aliases: []string{"华为技术有限公司"}, IDs: []string{"USCC 914403001922038216"}, Countries: []string{"CN"}},
		{List: "f", ID: "2", Type: Person, Name: "XI Jinping", Aliases: []string{"习近平"}, DOBs: []string{"1953-06-15"}},
		{List: "f", ID: "3", Name: "Sinobright Import and Export Company; and any successor"},
	}
}

func TestBadQueries(t *testing.T) {
	ix := NewIndex(readEvalEntriesFuzz())
	for _, tt := range []struct{ name, reason string }{
		{"", "empty"},
		{"   ", "blank"},
		{"X", "one character"},
		{"华", "one Chinese character"},
		{"!!! ??? ...", "punctuation only"},
		{strings.Repeat("Huawei ", 100), "too long"},
	} {
		_, err := ix.Screen(Query{Name: tt.name})
		if !errors.Is(err, ErrQuery) {
			t.Errorf("Screen(%q) (%s): error %v, want ErrQuery", tt.name, tt.reason, err)
		}
	}
	// A legal form alone is a name, but matches nothing here.
	if hits, err := ix.Screen(Query{Name: "Co., Ltd."}); err != nil || len(hits) != 0 {
		t.Errorf("Screen(Co., Ltd.) = %v, %v; want no hits", hits, err)
	}
}

func TestSecondaryFeatures(t *testing.T) {
	ix := NewIndex(readEvalEntriesFuzz())
	score := func(q Query) float64 {
		q.Threshold = 0.01
		hits, err := ix.Screen(q)
		if err != nil || len(hits) == 0 {
			t.Fatalf("Screen(%+v) = %v, %v", q, hits, err)
		}
		return hits[0].Score
	}
	base := score(Query{Name: "Xi Jinpin"}) // a typo, so that the score is below 1
	if s := score(Query{Name: "Xi Jinpin", DOB: "1953"}); s <= base {
		t.Errorf("matching year of birth: %v, want more than %v", s, base)
	}
	if s := score(Query{Name: "Xi Jinpin", DOB: "1970"}); s >= base {
		t.Errorf("other year of birth: %v, want less than %v", s, base)
	}
	if s := score(Query{Name: "Xi Jinpin", Type: Org}); s >= base {
		t.Errorf("wrong type: %v, want less than %v", s, base)
	}
	// A valid USCC in the query finds the company even under another name.
	hits, err := ix.Screen(Query{Name: "Shenzhen Renamed Company", IDs: []string{"914403001922038216"}})
	if err != nil || len(hits) == 0 || hits[0].ID != "1" || hits[0].Score < 0.99 {
		t.Errorf("screening by USCC = %v, %v; want entry 1 at 0.99", hits, err)
	}
	h := score(Query{Name: "Huawei Technologies", Country: "CN"})
	if h2 := score(Query{Name: "Huawei Technologies", Country: "Russia"}); h2 >= h {
		t.Errorf("country mismatch %v not lower than match %v", h2, h)
	}
}
