package assess

import (
	"fmt"
	"math"
)

// Band is one term of the ICD 203 likelihood scale with its range in
// percent.
type Band struct {
	Term      string
	Low, High int
}

// Bands is the ICD 203 scale, least likely first.
var Bands = []Band{
	{"almost no chance", 1, 5},
	{"very unlikely", 5, 20},
	{"unlikely", 20, 45},
	{"roughly even chance", 45, 55},
	{"likely", 55, 80},
	{"very likely", 80, 95},
	{"almost certain", 95, 99},
}

// BandOf returns the band of probability p (0–1). A p on a boundary goes to
// the band nearer to even chance (0.55 is "roughly even chance", 0.80
// "likely", 0.20 "unlikely", 0.05 "very unlikely"); p outside [0, 1] is
// clamped.
func BandOf(p float64) Band {
	if math.IsNaN(p) {
		return Bands[3]
	}
	pct := math.Round(p*1e6) / 1e4 // 0.55 is 55, not 55.00000000000001
	switch {
	case pct < 5:
		return Bands[0]
	case pct < 20:
		return Bands[1]
	case pct < 45:
		return Bands[2]
	case pct <= 55:
		return Bands[3]
	case pct <= 80:
		return Bands[4]
	case pct <= 95:
		return Bands[5]
	}
	return Bands[6]
}

// Range returns the band's range as written in judgments: "55–80%".
func (b Band) Range() string { return fmt.Sprintf("%d–%d%%", b.Low, b.High) }

// Mid returns the middle of the band as a probability.
func (b Band) Mid() float64 { return float64(b.Low+b.High) / 200 }

// Phrase writes "SUBJECT is likely (55–80%) to PREDICATE" or, for the
// terms that are chances, "there is a roughly even chance (45–55%) that
// SUBJECT will PREDICATE".
func (b Band) Phrase(subject, predicate string) string {
	switch b.Term {
	case "almost no chance", "roughly even chance":
		article := "a "
		if b.Term == "almost no chance" {
			article = ""
		}
		return fmt.Sprintf("there is %s%s (%s) that %s will %s", article, b.Term, b.Range(), subject, predicate)
	}
	return fmt.Sprintf("%s is %s (%s) to %s", subject, b.Term, b.Range(), predicate)
}
