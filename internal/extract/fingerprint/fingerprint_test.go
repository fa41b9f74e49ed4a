package fingerprint

import (
	"strings"
	"testing"
)

const wire = `Japan and France held their first joint fighter exercise over the
Pacific between 26 and 29 July, sending jets from both air forces on drills
that officials in Tokyo described as a step toward deeper defence ties. The
French aircraft were in the region for a longer deployment that took them to
several partners across the Indo-Pacific over the following weeks. Japanese
officials said the exercise showed a shared interest in keeping sea lanes
open, while French officers stressed the value of operating with a close
partner far from home. Analysts noted that the drill came weeks after a NATO
summit at which allies discussed China and the idea of a liaison office in
Tokyo, a proposal that Paris opposed.`

const other = `The United States announced new rules on the export of advanced
computing chips and chip-making equipment to China on 17 October, closing gaps
left by the controls of the previous year. Companies in the Netherlands and
Japan that sell lithography tools were watching closely, and Beijing said the
measures broke the rules of international trade and would hurt the global
supply chain for semiconductors. Officials in Washington said the aim was to
keep the most capable technology away from military uses, and that most trade
would continue.`

func near(a, b Fingerprint) bool {
	shared := false
	ka, kb := BandKeys(a.MinHash), BandKeys(b.MinHash)
	for i := range ka {
		shared = shared || ka[i] == kb[i]
	}
	return shared && Similarity(a.MinHash, b.MinHash) >= NearThreshold
}

func TestCompute(t *testing.T) {
	base := Compute(wire)
	if base.MinHash == nil || base.Words < MinSimWords {
		t.Fatalf("Compute(wire) = %+v, want a MinHash", base)
	}
	tests := []struct {
		name     string
		body     string
		sameHash bool
		near     bool
		reason   string
	}{
		{"reflowed", strings.Join(strings.Fields(wire), " "), true, true, "whitespace does not matter"},
		{"case and punctuation", strings.ToUpper(strings.ReplaceAll(wire, ",", " ;")), true, true, "case and punctuation do not matter"},
		{"editor's line", wire + " Our correspondent in Paris contributed to this report.", false, true, "a sentence added is a near copy"},
		{"one word changed", strings.Replace(wire, "several partners", "many partners", 1), false, true, "a word changed is a near copy"},
		{"other story", other, false, false, "an unrelated story is not a copy"},
		{"half the story", wire[:len(wire)/2] + other[len(other)/2:], false, false, "half of a story is not a copy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Compute(tt.body)
			if (got.Hash == base.Hash) != tt.sameHash {
				t.Errorf("hash equal = %v, want %v (%s)", got.Hash == base.Hash, tt.sameHash, tt.reason)
			}
			if n := near(got, base); n != tt.near {
				t.Errorf("near = %v (similarity %.2f), want %v (%s)", n, Similarity(got.MinHash, base.MinHash), tt.near, tt.reason)
			}
		})
	}
}

func TestFingerprintsShort(t *testing.T) {
	fp := Compute("China warns NATO.")
	if fp.MinHash != nil || fp.Words != 3 || fp.Hash == "" {
		t.Errorf("Compute(short) = %+v, want no MinHash, 3 words, a hash", fp)
	}
	if BandKeys(nil) != nil {
		t.Error("BandKeys(nil) != nil")
	}
}

func BenchmarkCompute(b *testing.B) {
	body := strings.Repeat(wire+"\n", 4)
	b.SetBytes(int64(len(body)))
	for b.Loop() {
		Compute(body)
	}
}
