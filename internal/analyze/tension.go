package analyze

import (
	"fmt"
	"io"
	"math"
	"time"
)

// The tension index of a bucket is a weighted sum of z-scores:
//
//	index = wC·z(conflict share) + wH·z(hostility) + wV·z(conflict volume)
//
// with the inputs
//
//	conflict share   = (quad 3 + quad 4 events) / events of the dyad
//	hostility        = −(mean Goldstein of the dyad's events) / 10, in [−1, 1]
//	conflict volume  = conflict events of the dyad per 1,000 events of all
//	                   dyads in the bucket (TensionOptions.Totals)
//
// and z(x) = (x − baseline mean) / max(baseline std, floor), the mean and
// population standard deviation taken over the buckets of the baseline
// window. The first two inputs compare the dyad with its own history; the
// third also divides by total volume, so that GDELT's growth in coverage
// (many more events per day in 2024 than in 2015) does not read as rising
// tension. An index of 0 is the dyad's baseline; 2 is two weighted standard
// deviations above it.
//
// In a bucket with no events of the dyad, conflict share and hostility are
// undefined: they contribute 0 and are left out of the baseline. Conflict
// volume is defined (0) whenever the totals have events in the bucket.
// Without totals, conflict volume is the raw conflict count, not
// normalized, and says so in its name.
const (
	InputConflictShare  = "conflict_share"
	InputHostility      = "hostility"
	InputConflictVolume = "conflict_per_1000"
	InputConflictCount  = "conflict_count" // conflict volume without totals
)

// Weights weigh the z-scores of the inputs; they need not sum to 1.
type Weights struct {
	ConflictShare, Hostility, ConflictVolume float64
}

// DefaultWeights weigh conflict share and hostility equally and volume
// less, since volume is the noisiest input.
var DefaultWeights = Weights{ConflictShare: 0.4, Hostility: 0.4, ConflictVolume: 0.2}

// Floors of the baseline standard deviations, so that a quiet baseline (a
// dyad that never varied) does not turn a small change into a huge z.
var floors = map[string]float64{
	InputConflictShare:  0.05,
	InputHostility:      0.05,
	InputConflictVolume: 0.1,
	InputConflictCount:  1,
}

// Baseline is the window the inputs are compared with: the buckets whose
// start is in [Since, Until). Zero bounds mean no bound, so the zero
// Baseline is the whole series.
type Baseline struct {
	Since, Until time.Time
}

func (b Baseline) holds(t time.Time) bool {
	return (b.Since.IsZero() || !t.Before(b.Since)) && (b.Until.IsZero() || t.Before(b.Until))
}

// TensionOptions configure [Tension].
type TensionOptions struct {
	// Weights; the zero value means DefaultWeights.
	Weights Weights
	// Totals is the series of all events (every dyad) over the same
	// buckets, matched by Start; nil means conflict volume is not
	// normalized.
	Totals []Point
}

// Input is one input of a bucket's index, with what it was compared with.
type Input struct {
	Name    string
	Value   float64
	Defined bool    // false when the bucket has no data for it; Z is then 0
	Mean    float64 // of the baseline
	Std     float64 // of the baseline, before the floor
	Z       float64
	Weight  float64
	Term    float64 // Weight·Z, this input's part of the index
}

// TensionPoint is the index of one bucket with its inputs.
type TensionPoint struct {
	Start, End time.Time
	Events     int // the dyad's events in the bucket
	Total      int // all events in the bucket; -1 without totals
	Index      float64
	Inputs     []Input
}

// Tension computes the tension index of each point (see the formula above).
// Points are a dyad's [Series]; the result has one TensionPoint per point.
func Tension(points []Point, baseline Baseline, opts TensionOptions) []TensionPoint {
	w := opts.Weights
	if w == (Weights{}) {
		w = DefaultWeights
	}
	totals := map[time.Time]int{}
	for _, t := range opts.Totals {
		totals[t.Start] = t.Events
	}
	volName := InputConflictVolume
	if opts.Totals == nil {
		volName = InputConflictCount
	}
	names := []string{InputConflictShare, InputHostility, volName}
	weights := []float64{w.ConflictShare, w.Hostility, w.ConflictVolume}

	out := make([]TensionPoint, len(points))
	for i, p := range points {
		tp := TensionPoint{Start: p.Start, End: p.End, Events: p.Events, Total: -1, Inputs: make([]Input, 3)}
		for k := range tp.Inputs {
			tp.Inputs[k] = Input{Name: names[k], Weight: weights[k]}
		}
		if p.Events > 0 {
			tp.Inputs[0].Value, tp.Inputs[0].Defined = p.ConflictShare, true
			tp.Inputs[1].Value, tp.Inputs[1].Defined = -p.GoldsteinMean/10, true
		}
		if opts.Totals == nil {
			tp.Inputs[2].Value, tp.Inputs[2].Defined = float64(p.Conflict()), true
		} else if n := totals[p.Start]; n > 0 {
			tp.Total = n
			tp.Inputs[2].Value, tp.Inputs[2].Defined = 1000*float64(p.Conflict())/float64(n), true
		} else {
			tp.Total = 0
		}
		out[i] = tp
	}
	for k := range 3 {
		var n, sum, sq float64
		for _, tp := range out {
			if in := tp.Inputs[k]; in.Defined && baseline.holds(tp.Start) {
				n++
				sum += in.Value
				sq += in.Value * in.Value
			}
		}
		var mean, std float64
		if n > 0 {
			mean = sum / n
			std = math.Sqrt(math.Max(0, sq/n-mean*mean))
		}
		for i := range out {
			in := &out[i].Inputs[k]
			in.Mean, in.Std = mean, std
			if in.Defined && n > 0 {
				in.Z = (in.Value - mean) / math.Max(std, floors[in.Name])
			}
			in.Term = in.Weight * in.Z
			out[i].Index += in.Term
		}
	}
	return out
}

// Explain writes the formula, the weights, the baseline and each input of
// the last n points (all when n <= 0), so that users can recompute the
// index by hand.
func Explain(w io.Writer, points []TensionPoint, baseline Baseline, n int) error {
	if len(points) == 0 {
		_, err := fmt.Fprintln(w, "no buckets: nothing to explain")
		return err
	}
	ins := points[0].Inputs
	p := &printer{w: w}
	p.printf("tension index = %g·z(%s) + %g·z(%s) + %g·z(%s)\n",
		ins[0].Weight, ins[0].Name, ins[1].Weight, ins[1].Name, ins[2].Weight, ins[2].Name)
	p.printf("  %s = (quad 3 + quad 4 events) / events of the dyad\n", InputConflictShare)
	p.printf("  %s = -(mean Goldstein of the dyad) / 10\n", InputHostility)
	if ins[2].Name == InputConflictVolume {
		p.printf("  %s = 1000 · conflict events of the dyad / events of all dyads in the bucket\n", InputConflictVolume)
	} else {
		p.printf("  %s = conflict events of the dyad (no totals given: not normalized for volume)\n", InputConflictCount)
	}
	p.printf("  z(x) = (x - baseline mean) / max(baseline std, floor); undefined inputs (no events) give z = 0\n")
	from, to := "start", "end"
	if !baseline.Since.IsZero() {
		from = baseline.Since.Format(time.DateOnly)
	}
	if !baseline.Until.IsZero() {
		to = baseline.Until.Format(time.DateOnly)
	}
	p.printf("baseline: buckets starting in [%s, %s)\n", from, to)
	for _, in := range ins {
		p.printf("  %-18s mean %9.4f  std %9.4f  floor %g  weight %g\n", in.Name, in.Mean, in.Std, floors[in.Name], in.Weight)
	}
	if n <= 0 || n > len(points) {
		n = len(points)
	}
	p.printf("%-10s %6s %7s", "", "", "")
	for _, in := range ins {
		p.printf("  %-27s", in.Name)
	}
	p.printf("\n%-10s %6s %7s", "bucket", "events", "total")
	for range ins {
		p.printf("  %8s %8s %9s", "value", "z", "term")
	}
	p.printf("  %7s\n", "index")
	for _, tp := range points[len(points)-n:] {
		total := "-"
		if tp.Total >= 0 {
			total = fmt.Sprint(tp.Total)
		}
		p.printf("%-10s %6d %7s", tp.Start.Format(time.DateOnly), tp.Events, total)
		for _, in := range tp.Inputs {
			if !in.Defined {
				p.printf("  %-27s", "undefined")
				continue
			}
			p.printf("  %8.4f %8.3f %9.3f", in.Value, in.Z, in.Term)
		}
		p.printf("  %7.3f\n", tp.Index)
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}
