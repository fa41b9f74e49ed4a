package assess

import (
	"math"
	"sort"

	"github.com/georisk/georisk/internal/store"
)

// Score is how well a set of resolved forecasts did.
type Score struct {
	Group    string  `json:"group"`    // the author or topic scored
	Forecast int     `json:"forecast"` // forecasts in the group
	Resolved int     `json:"resolved"` // resolved ones with a probability: the ones scored
	Brier    float64 `json:"brier"`    // mean (p − outcome)², 0 best, 0.25 for always 50%
	// Log is the mean natural log of the probability given to what
	// happened (p clamped to [0.01, 0.99]); 0 best, −0.69 for always 50%.
	Log         float64       `json:"log"`
	Calibration []Calibration `json:"calibration"`
}

// Calibration is one ICD 203 band of a calibration table: how often what
// was forecast in the band happened.
type Calibration struct {
	Term     string  `json:"term"`
	N        int     `json:"n"`
	Mean     float64 `json:"mean_forecast"`
	Observed float64 `json:"observed"` // share that happened
}

// Scores groups forecasts by key (author, topic…) and scores the resolved
// ones that carry a probability. Groups come in name order.
func Scores(fs []store.Forecast, key func(store.Forecast) string) []Score {
	groups := map[string][]store.Forecast{}
	for _, f := range fs {
		groups[key(f)] = append(groups[key(f)], f)
	}
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	out := make([]Score, 0, len(names))
	for _, g := range names {
		out = append(out, score(g, groups[g]))
	}
	return out
}

func score(group string, fs []store.Forecast) Score {
	s := Score{Group: group, Forecast: len(fs)}
	bands := make([]Calibration, len(Bands))
	for i, b := range Bands {
		bands[i].Term = b.Term
	}
	for _, f := range fs {
		if f.Resolution == nil || !f.HasProbability {
			continue
		}
		s.Resolved++
		o := 0.0
		if f.Resolution.Outcome {
			o = 1
		}
		s.Brier += (f.Probability - o) * (f.Probability - o)
		p := min(0.99, max(0.01, f.Probability))
		if o == 1 {
			s.Log += math.Log(p)
		} else {
			s.Log += math.Log(1 - p)
		}
		for i, b := range Bands {
			if b.Term == BandOf(f.Probability).Term {
				bands[i].N++
				bands[i].Mean += f.Probability
				bands[i].Observed += o
			}
		}
	}
	if s.Resolved > 0 {
		s.Brier = round3(s.Brier / float64(s.Resolved))
		s.Log = round3(s.Log / float64(s.Resolved))
	}
	for _, b := range bands {
		if b.N > 0 {
			b.Mean = round3(b.Mean / float64(b.N))
			b.Observed = round3(b.Observed / float64(b.N))
			s.Calibration = append(s.Calibration, b)
		}
	}
	return s
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Forecasts turns an assessment's judgments into forecasts for the
// ledger, keyed by client, risk and the end of the window, so that running
// the same assessment again records nothing new.
func Forecasts(a *Assessment) []*store.Forecast {
	var out []*store.Forecast
	for _, j := range a.Judgments {
		out = append(out, &store.Forecast{
			Key:    "georisk:" + a.Client + ":" + j.Risk + ":" + day(a.Until),
			Author: "georisk", Topic: j.Risk, Question: j.Question, Text: j.Text, Term: j.Term,
			Probability: j.Probability, HasProbability: true, Made: j.Made, Horizon: j.Horizon,
		})
	}
	return out
}
