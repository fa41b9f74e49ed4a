package analyze

// Spike and change-point detection on a series of bucket values (one value
// per day, week or month; see [Series]). Three detectors, all pure functions
// over a slice, with no storage and no state between calls:
//
//   - [EWMA]: exponentially weighted mean and variance; a bucket is flagged
//     when its z-score against the EWMA of the preceding buckets exceeds a
//     threshold. For any float series (Goldstein mean, conflict share,
//     tension index).
//   - [PoissonSpikes]: for event counts; the exact upper-tail probability
//     P(X >= x) of a bucket's count under a Poisson (or, when the baseline
//     is overdispersed, negative binomial) law fitted to a rolling window of
//     the preceding buckets.
//   - [CUSUM]: one-sided upper and lower cumulative sums of standardized
//     values; an alarm marks a change of level (a change point), after which
//     both sums reset and the reference level is estimated again.
//
// Missing values (NaN or ±Inf in float series, negative counts) are skipped:
// they neither raise a signal nor enter a baseline. Short series never
// panic; they simply produce no signals while the detectors warm up.
//
// Severity cut-offs (the same scale for the three detectors, roughly
// matched through the normal tail: z = 4 is p ≈ 3e-5, z = 5 is p ≈ 3e-7):
//
//	method  score            low            medium         high
//	EWMA    |z|              < 4            4 to < 5       >= 5
//	Poisson -log10 p         < 4            4 to < 6       >= 6
//	CUSUM   S/h (S at alarm) < 1.5          1.5 to < 2     >= 2
//
// A detector only emits signals past its own threshold, so a user-raised
// threshold (say EWMA Threshold = 4.5) simply starts at "medium".

import (
	"math"
)

// Signal is one unusual bucket found by a detector.
type Signal struct {
	Index  int    // index of the flagged value in the input slice
	Method string // "ewma", "poisson", "negbin" or "cusum"
	// Score is the detector's statistic: |z| for EWMA, -log10 p for
	// Poisson and negative binomial, and the cumulative sum S (in standard
	// deviations) at the alarm for CUSUM. Always >= 0; see Direction.
	Score     float64
	Direction int    // +1 for a rise, -1 for a fall
	Severity  string // "low", "medium" or "high" (see the package cut-offs)
	// Baseline is the expected value the bucket was compared with: the EWMA
	// mean, the Poisson λ (baseline mean) or the CUSUM reference mean.
	Baseline float64
	Value    float64 // the bucket's value
	// Window holds the half-open range [Window[0], Window[1]) of input
	// indices that formed the baseline: the effective EWMA span
	// (2-α)/α before Index, the rolling Poisson window, or the CUSUM
	// reference segment.
	Window [2]int
}

// Severity levels.
const (
	SeverityLow    = "low"
	SeverityMedium = "medium"
	SeverityHigh   = "high"
)

// Severity cut-offs on Signal.Score, per method (see the package comment).
const (
	EWMAMediumZ     = 4.0
	EWMAHighZ       = 5.0
	PoissonMedium   = 4.0 // -log10 p, i.e. p < 1e-4
	PoissonHigh     = 6.0 // p < 1e-6
	CUSUMMediumRate = 1.5 // S >= 1.5 h
	CUSUMHighRate   = 2.0 // S >= 2 h
)

func severity(score, medium, high float64) string {
	switch {
	case score >= high:
		return SeverityHigh
	case score >= medium:
		return SeverityMedium
	}
	return SeverityLow
}

// Defaults applied to zero (or out-of-range) option fields.
const (
	// DefaultEWMAAlpha weighs the newest value by 0.2, an effective memory
	// of (2-α)/α = 9 buckets: short enough to follow a slow trend, long
	// enough that one noisy week does not move the baseline much. 0.05 to
	// 0.25 is the usual range in control-chart practice.
	DefaultEWMAAlpha = 0.2
	// DefaultEWMAThreshold: |z| > 3, about 1 false alarm in 370 buckets
	// for normal noise and a known variance. The variance is estimated
	// (from about 2/VarAlpha = 40 buckets at the defaults), which fattens
	// the tails like a Student t: measured on white noise, about 1 bucket
	// in 180 is flagged (0.57%).
	DefaultEWMAThreshold = 3.0
	// DefaultWarmup: 7 valid values (one week of days) before the first
	// signal, so that the variance rests on more than one or two points.
	DefaultWarmup = 7
	// DefaultMinStd is an absolute floor on the standard deviation; it only
	// keeps a perfectly flat baseline from dividing by zero.
	DefaultMinStd = 1e-6
	// DefaultMinRelStd floors the standard deviation at 5% of |mean|, so a
	// series that was nearly constant does not turn a 1% wobble into z = 10.
	DefaultMinRelStd = 0.05

	// DefaultPoissonWindow: 28 preceding buckets (four weeks of days, about
	// half a year of weeks): long enough for a stable mean, short enough to
	// follow GDELT's growth in volume.
	DefaultPoissonWindow = 28
	// DefaultPoissonMinWindow: at least 7 valid buckets in the window
	// before a bucket is tested.
	DefaultPoissonMinWindow = 7
	// DefaultPoissonAlpha: flag when P(X >= x) < 0.001 (score > 3).
	DefaultPoissonAlpha = 0.001
	// DefaultMinLambda floors the baseline mean at half an event per
	// bucket: an all-zero baseline means "rare", not "impossible". With
	// λ = 0.5 it takes 5 events in a bucket to pass α = 0.001.
	DefaultMinLambda = 0.5

	// DefaultCUSUMK: slack of half a standard deviation, the value that
	// detects a 1σ shift fastest (k is half the shift to detect).
	DefaultCUSUMK = 0.5
	// DefaultCUSUMH: decision threshold of 5σ; with k = 0.5 that is an
	// in-control run of about 465 buckets between false alarms and a 1σ
	// shift found in about 10 buckets (a 3σ shift in 2 or 3).
	DefaultCUSUMH = 5.0
	// DefaultCUSUMWarmup: 10 valid values to estimate the reference mean
	// and standard deviation, at the start and again after each alarm.
	DefaultCUSUMWarmup = 10
)

// EWMAOptions configures [EWMA]. Zero fields take the defaults above.
type EWMAOptions struct {
	Alpha float64 // smoothing weight in (0, 1]; default 0.2
	// VarAlpha is the smoothing weight of the variance; default Alpha/4.
	VarAlpha  float64
	Threshold float64 // flag when |z| > Threshold; default 3
	Warmup    int     // valid values before the first signal (min 2); default 7
	MinStd    float64 // absolute std floor; default 1e-6
	MinRelStd float64 // std floor relative to |mean|; default 0.05; negative disables
}

func (o EWMAOptions) withDefaults() EWMAOptions {
	if !(o.Alpha > 0 && o.Alpha <= 1) {
		o.Alpha = DefaultEWMAAlpha
	}
	if !(o.VarAlpha > 0 && o.VarAlpha <= 1) {
		o.VarAlpha = o.Alpha / 4
	}
	if !(o.Threshold > 0) {
		o.Threshold = DefaultEWMAThreshold
	}
	if o.Warmup <= 0 {
		o.Warmup = DefaultWarmup
	}
	if o.Warmup < 2 {
		o.Warmup = 2
	}
	if !(o.MinStd > 0) {
		o.MinStd = DefaultMinStd
	}
	if o.MinRelStd == 0 || math.IsNaN(o.MinRelStd) {
		o.MinRelStd = DefaultMinRelStd
	}
	if o.MinRelStd < 0 {
		o.MinRelStd = 0
	}
	return o
}

func stdFloor(std, mean, minStd, minRel float64) float64 {
	return math.Max(std, math.Max(minStd, minRel*math.Abs(mean)))
}

func valid(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// EWMA flags values whose z-score against the exponentially weighted mean
// and variance of the preceding values exceeds opt.Threshold, in either
// direction:
//
//	d = x - mean;  z = d / max(sqrt(var), MinStd, MinRelStd·|mean|)
//	mean += w·d;   var = (1-wv)·(var + wv·d²)
//
// with w = max(Alpha, 1/n) and wv = max(VarAlpha, 1/n) after n valid
// values: the baseline starts as a plain running mean and variance and
// turns into an EWMA once 1/n drops below the weight. The variance is
// smoothed more slowly than the mean (VarAlpha = Alpha/4 by default) since
// a variance from 9 points is too noisy to divide by: with one weight for
// both, white noise is flagged 4 times as often as with the default. Every valid value, flagged or not, updates the
// baseline. NaN and ±Inf are skipped.
func EWMA(values []float64, opt EWMAOptions) []Signal {
	opt = opt.withDefaults()
	span := int(math.Round((2 - opt.Alpha) / opt.Alpha))
	var (
		sig     []Signal
		mean, v float64
		n       int
		first   = -1
	)
	// ring holds the indices of the last span valid values, for Window[0].
	ring := make([]int, span)
	head := 0
	for i, x := range values {
		if !valid(x) {
			continue
		}
		if first < 0 {
			first = i
		}
		if n >= opt.Warmup {
			std := stdFloor(math.Sqrt(v), mean, opt.MinStd, opt.MinRelStd)
			z := (x - mean) / std
			if math.Abs(z) > opt.Threshold {
				dir := 1
				if z < 0 {
					dir = -1
				}
				from := first
				if n >= span && span > 0 {
					from = ring[head]
				}
				sig = append(sig, Signal{
					Index: i, Method: "ewma", Score: math.Abs(z), Direction: dir,
					Severity: severity(math.Abs(z), EWMAMediumZ, EWMAHighZ),
					Baseline: mean, Value: x, Window: [2]int{from, i},
				})
			}
		}
		n++
		w := math.Max(opt.Alpha, 1/float64(n))
		wv := math.Max(opt.VarAlpha, 1/float64(n))
		d := x - mean
		mean += w * d
		v = (1 - wv) * (v + wv*d*d)
		if span > 0 {
			ring[head] = i
			head = (head + 1) % span
		}
	}
	return sig
}

// PoissonOptions configures [PoissonSpikes]. Zero fields take the defaults
// above.
type PoissonOptions struct {
	Window    int     // preceding buckets in the baseline; default 28
	MinWindow int     // valid buckets needed in the window; default 7 (capped at Window)
	Alpha     float64 // flag when P(X >= x) < Alpha; default 0.001
	MinLambda float64 // floor on the baseline mean; default 0.5
	// NegBin switches to a negative binomial when the baseline's sample
	// variance exceeds its mean (overdispersion), with r and p fitted by the
	// method of moments: r = m²/(v-m), p = r/(r+m). Default false (the
	// plain Poisson test); news counts are usually overdispersed, and NegBin
	// is the more conservative choice for them.
	NegBin bool
}

func (o PoissonOptions) withDefaults() PoissonOptions {
	if o.Window <= 0 {
		o.Window = DefaultPoissonWindow
	}
	if o.MinWindow <= 0 {
		o.MinWindow = DefaultPoissonMinWindow
	}
	if o.MinWindow > o.Window {
		o.MinWindow = o.Window
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		o.Alpha = DefaultPoissonAlpha
	}
	if !(o.MinLambda > 0) {
		o.MinLambda = DefaultMinLambda
	}
	return o
}

// PoissonSpikes flags counts that are improbably high against a rolling
// baseline: for bucket i, λ is the mean of the valid counts in the Window
// preceding buckets (at least MinWindow of them, floored at MinLambda), and
// the bucket is flagged when the exact upper tail P(X >= counts[i] | λ) is
// below Alpha. Negative counts are treated as missing. Only rises are
// flagged (Direction +1).
func PoissonSpikes(counts []int, opt PoissonOptions) []Signal {
	opt = opt.withDefaults()
	var (
		sig       []Signal
		sum, sum2 float64 // over valid counts in the window
		nValid    int
	)
	add := func(c int, sign float64) {
		if c < 0 {
			return
		}
		f := float64(c)
		sum += sign * f
		sum2 += sign * f * f
		nValid += int(sign)
	}
	logAlpha := math.Log(opt.Alpha)
	for i, c := range counts {
		if i > opt.Window {
			add(counts[i-opt.Window-1], -1)
		}
		if i > 0 {
			add(counts[i-1], +1)
		}
		if c < 0 || nValid < opt.MinWindow {
			continue
		}
		n := float64(nValid)
		m := sum / n
		lambda := math.Max(m, opt.MinLambda)
		method := "poisson"
		var logp float64
		if opt.NegBin && nValid > 1 {
			v := (sum2 - n*m*m) / (n - 1)
			if v > m && m > 0 {
				r := m * m / (v - m)
				if r < 1e6 { // beyond that the law is Poisson to 1e-6
					method = "negbin"
					// floor the mean, keep the excess variance v-m
					r = lambda * lambda / (v - m)
					logp = negBinLogTail(c, r, r/(r+lambda))
				}
			}
		}
		if method == "poisson" {
			logp = PoissonLogTail(c, lambda)
		}
		if logp >= logAlpha {
			continue
		}
		score := -logp / math.Ln10
		from := i - opt.Window
		if from < 0 {
			from = 0
		}
		sig = append(sig, Signal{
			Index: i, Method: method, Score: score, Direction: 1,
			Severity: severity(score, PoissonMedium, PoissonHigh),
			Baseline: lambda, Value: float64(c), Window: [2]int{from, i},
		})
	}
	return sig
}

// PoissonLogTail returns ln P(X >= x) for X ~ Poisson(λ), exactly up to
// floating-point rounding and without underflow: the tail is summed in log
// space from the term nearest the mode outwards. It returns 0 (p = 1) for
// x <= 0 and -Inf when λ <= 0 and x > 0.
func PoissonLogTail(x int, lambda float64) float64 {
	if x <= 0 {
		return 0
	}
	if !(lambda > 0) {
		return math.Inf(-1)
	}
	logL := math.Log(lambda)
	logpmf := func(k int) float64 {
		lg, _ := math.Lgamma(float64(k) + 1)
		return float64(k)*logL - lambda - lg
	}
	ratio := func(k int) float64 { return lambda / float64(k+1) } // pmf(k+1)/pmf(k)
	return logTail(x, logpmf, ratio)
}

// negBinLogTail returns ln P(X >= x) for the negative binomial with r
// "successes" and success probability p (mean r(1-p)/p).
func negBinLogTail(x int, r, p float64) float64 {
	if x <= 0 {
		return 0
	}
	lgr, _ := math.Lgamma(r)
	logP, log1P := math.Log(p), math.Log1p(-p)
	logpmf := func(k int) float64 {
		a, _ := math.Lgamma(float64(k) + r)
		b, _ := math.Lgamma(float64(k) + 1)
		return a - lgr - b + r*logP + float64(k)*log1P
	}
	ratio := func(k int) float64 { return (float64(k) + r) / float64(k+1) * (1 - p) }
	return logTail(x, logpmf, ratio)
}

// logTail computes ln P(X >= x), x >= 1, for a unimodal law on 0, 1, 2, …
// with a ratio pmf(k+1)/pmf(k) that decreases in k (Poisson, negative
// binomial). Past the mode it sums the tail forwards from x; before it, it
// sums the CDF backwards from x-1 and takes the complement. Either way the
// terms shrink geometrically from the first, so the sum is relative to the
// largest term and cannot underflow.
func logTail(x int, logpmf func(int) float64, ratio func(int) float64) float64 {
	const eps = 1e-17
	const maxTerms = 10_000_000
	if ratio(x) < 1 {
		s, t := 1.0, 1.0
		for k := x; k < x+maxTerms; k++ {
			t *= ratio(k)
			s += t
			if t < eps*s {
				break
			}
		}
		return logpmf(x) + math.Log(s)
	}
	// ln CDF(x-1), summed downwards from x-1: pmf(k-1)/pmf(k) = 1/ratio(k-1).
	s, t := 1.0, 1.0
	for k := x - 1; k > 0; k-- {
		t /= ratio(k - 1)
		s += t
		if t < eps*s {
			break
		}
	}
	logCDF := logpmf(x-1) + math.Log(s)
	if logCDF >= 0 {
		return math.Inf(-1) // rounding: the tail is below float precision
	}
	// ln(1 - e^a), accurate at both ends (Mächler's log1mexp).
	if logCDF > -math.Ln2 {
		return math.Log(-math.Expm1(logCDF))
	}
	return math.Log1p(-math.Exp(logCDF))
}

// CUSUMOptions configures [CUSUM]. Zero fields take the defaults above.
type CUSUMOptions struct {
	K         float64 // slack, in standard deviations; default 0.5
	H         float64 // decision threshold, in standard deviations; default 5
	Warmup    int     // valid values in each reference segment (min 2); default 10
	MinStd    float64 // absolute std floor; default 1e-6
	MinRelStd float64 // std floor relative to |mean|; default 0.05; negative disables
}

func (o CUSUMOptions) withDefaults() CUSUMOptions {
	if !(o.K >= 0) || o.K == 0 {
		o.K = DefaultCUSUMK
	}
	if !(o.H > 0) {
		o.H = DefaultCUSUMH
	}
	if o.Warmup <= 0 {
		o.Warmup = DefaultCUSUMWarmup
	}
	if o.Warmup < 2 {
		o.Warmup = 2
	}
	if !(o.MinStd > 0) {
		o.MinStd = DefaultMinStd
	}
	if o.MinRelStd == 0 || math.IsNaN(o.MinRelStd) {
		o.MinRelStd = DefaultMinRelStd
	}
	if o.MinRelStd < 0 {
		o.MinRelStd = 0
	}
	return o
}

// CUSUM runs one-sided upper and lower cumulative sums on values
// standardized against a reference segment:
//
//	z = (x - μ) / σ
//	S⁺ = max(0, S⁺ + z - k)    alarm (Direction +1) when S⁺ > h
//	S⁻ = max(0, S⁻ - z - k)    alarm (Direction -1) when S⁻ > h
//
// μ and σ (sample standard deviation, floored) come from the first Warmup
// valid values of the segment, during which no alarm is raised. An alarm
// marks a change point: both sums reset and a new segment starts after the
// alarm, whose reference is estimated afresh from its first Warmup values,
// so a lasting level shift gives one alarm, not one every few buckets (the
// detector is blind for Warmup values after each alarm). NaN and ±Inf are
// skipped. Signal.Window is the reference segment.
func CUSUM(values []float64, opt CUSUMOptions) []Signal {
	opt = opt.withDefaults()
	var (
		sig         []Signal
		ref         []float64
		refFrom     = -1
		refTo       int
		mu, sd      float64
		sPlus, sMin float64
		inReference = true
	)
	for i, x := range values {
		if !valid(x) {
			continue
		}
		if inReference {
			if refFrom < 0 {
				refFrom = i
			}
			ref = append(ref, x)
			if len(ref) == opt.Warmup {
				mu, sd = meanStd(ref)
				sd = stdFloor(sd, mu, opt.MinStd, opt.MinRelStd)
				refTo = i + 1
				inReference = false
				sPlus, sMin = 0, 0
			}
			continue
		}
		z := (x - mu) / sd
		sPlus = math.Max(0, sPlus+z-opt.K)
		sMin = math.Max(0, sMin-z-opt.K)
		var s float64
		dir := 0
		switch {
		case sPlus > opt.H && sPlus >= sMin:
			s, dir = sPlus, 1
		case sMin > opt.H:
			s, dir = sMin, -1
		}
		if dir == 0 {
			continue
		}
		sig = append(sig, Signal{
			Index: i, Method: "cusum", Score: s, Direction: dir,
			Severity: severity(s/opt.H, CUSUMMediumRate, CUSUMHighRate),
			Baseline: mu, Value: x, Window: [2]int{refFrom, refTo},
		})
		// Reset: new reference segment after the change point.
		ref = ref[:0]
		refFrom = -1
		inReference = true
		sPlus, sMin = 0, 0
	}
	return sig
}

// meanStd returns the mean and sample standard deviation (n-1) of xs,
// computed in two passes for accuracy.
func meanStd(xs []float64) (mean, std float64) {
	if len(xs) == 0 {
		return 0, 0
	}
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	if len(xs) < 2 {
		return mean, 0
	}
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += d * d
	}
	return mean, math.Sqrt(ss / float64(len(xs)-1))
}
