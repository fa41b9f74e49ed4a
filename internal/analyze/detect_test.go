package analyze

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(a, b, rel float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

func indices(sig []Signal) []int {
	var out []int
	for _, s := range sig {
		out = append(out, s.Index)
	}
	return out
}

func repeat(v float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func repeatInt(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// noisy returns a deterministic series 9, 10, 11, 9, 10, 11, … around base 10.
func noisy(n int, base float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = base + float64(i%3-1)
	}
	return out
}

func TestPoissonLogTail(t *testing.T) {
	// Expected values summed exactly with 60-digit decimals:
	// P(X>=x) = 1 - e^-λ Σ_{k<x} λ^k/k!, e.g. λ=1, x=3: 1 - 2.5/e.
	tests := []struct {
		x      int
		lambda float64
		logp   float64
	}{
		{0, 1, 0},
		{1, 1, math.Log(1 - math.Exp(-1))},     // 0.6321205588
		{3, 1, math.Log(1 - 2.5*math.Exp(-1))}, // 0.0803013971
		{5, 2, math.Log(1 - 7*math.Exp(-2))},   // 0.0526530173
		{5, 0.5, -8.6673440398360597},          // 1.7211562996e-4
		{15, 5, -8.3938537272211882},           // 2.2625367618e-4
		{30, 1, -75.625481105994083},           // 1.4330814167e-33
		{200, 100, -41.51447330459257},         // 9.3431500730e-19
		{50, 100, -1.1784500790416652e-08},     // 0.99999998821549929
		{1000, 10, -3619.5330453507495},        // far below float64's range
	}
	for _, tt := range tests {
		got := PoissonLogTail(tt.x, tt.lambda)
		if !near(got, tt.logp, 1e-9) {
			t.Errorf("PoissonLogTail(%d, %g) = %.17g, want %.17g", tt.x, tt.lambda, got, tt.logp)
		}
	}
	if got := PoissonLogTail(1, 0); !math.IsInf(got, -1) {
		t.Errorf("PoissonLogTail(1, 0) = %g, want -Inf", got)
	}
}

func TestNegBinLogTail(t *testing.T) {
	// r = 2, p = 1/2: pmf(k) = (k+1)/4 · 2^-k, so P(X>=1) = 3/4 and
	// P(X>=3) = 1 - (1/4 + 1/4 + 3/16) = 5/16; P(X>=x) = (x+2)/2^(x+1).
	tests := []struct {
		x    int
		want float64
	}{
		{0, 1}, {1, 0.75}, {3, 5.0 / 16}, {10, 12.0 / 2048}, {60, 62 / math.Pow(2, 61)},
	}
	for _, tt := range tests {
		got := math.Exp(negBinLogTail(tt.x, 2, 0.5))
		if !near(got, tt.want, 1e-9) {
			t.Errorf("negBin tail x=%d = %.17g, want %.17g", tt.x, got, tt.want)
		}
	}
}

func TestEWMA(t *testing.T) {
	spike := noisy(40, 10)
	spike[30] = 25
	drop := repeat(10, 20)
	drop[15] = 0
	tests := []struct {
		name   string
		values []float64
		opt    EWMAOptions
		want   []int
		dir    int
	}{
		{"empty", nil, EWMAOptions{}, nil, 0},
		{"short", []float64{1, 100, 1000}, EWMAOptions{}, nil, 0},
		{"flat", repeat(5, 100), EWMAOptions{}, nil, 0},
		{"zeros", repeat(0, 100), EWMAOptions{}, nil, 0},
		{"noisy flat", noisy(100, 10), EWMAOptions{}, nil, 0},
		{"spike", spike, EWMAOptions{}, []int{30}, 1},
		{"drop", drop, EWMAOptions{}, []int{15}, -1},
		{"all NaN", repeat(math.NaN(), 50), EWMAOptions{}, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := EWMA(tt.values, tt.opt)
			if got := indices(sig); !equalInts(got, tt.want) {
				t.Fatalf("indices = %v, want %v (%+v)", got, tt.want, sig)
			}
			for _, s := range sig {
				if s.Direction != tt.dir || s.Method != "ewma" {
					t.Errorf("signal %+v: want direction %d", s, tt.dir)
				}
			}
		})
	}
}

func TestEWMAHandComputed(t *testing.T) {
	// α = 0.5, warm-up 2. After 0: mean 0, var 0 (weight 1). After 2:
	// weights max(0.5, 1/2), max(0.125, 1/2): d = 2, mean = 1,
	// var = 0.5·(0 + 0.5·2²) = 1.
	// At 10: z = (10-1)/1 = 9. Span (2-α)/α = 3 > 2 values seen: the
	// window starts at the first value. The NaN is skipped.
	opt := EWMAOptions{Alpha: 0.5, Warmup: 2}
	for _, values := range [][]float64{{0, 2, 10}, {0, math.NaN(), 2, math.Inf(1), 10}} {
		sig := EWMA(values, opt)
		if len(sig) != 1 {
			t.Fatalf("%v: got %+v, want one signal", values, sig)
		}
		s := sig[0]
		want := Signal{Index: len(values) - 1, Method: "ewma", Score: 9, Direction: 1,
			Severity: SeverityHigh, Baseline: 1, Value: 10, Window: [2]int{0, len(values) - 1}}
		if !near(s.Score, 9, 1e-12) {
			t.Errorf("score %v, want 9", s.Score)
		}
		s.Score = 9
		if s != want {
			t.Errorf("got %+v, want %+v", s, want)
		}
	}
	// Past the span, the window covers the last 3 valid values: [5, 8).
	sig := EWMA([]float64{0, 2, 0, 2, 0, 2, 0, 2, 100}, opt)
	if len(sig) != 1 || sig[0].Index != 8 || sig[0].Window != [2]int{5, 8} {
		t.Errorf("span window: got %+v", sig)
	}
	// A value just inside the threshold is not flagged: z = (3.9-1)/1 = 2.9.
	if sig := EWMA([]float64{0, 2, 3.9}, opt); len(sig) != 0 {
		t.Errorf("z = 2.9 flagged: %+v", sig)
	}
}

func TestPoissonSpikes(t *testing.T) {
	spike := repeatInt(3, 60)
	spike[40] = 20
	zeroBase := repeatInt(0, 8)
	zeroBase[7] = 5
	withMissing := repeatInt(1, 10)
	withMissing[2], withMissing[5] = -1, -1
	withMissing[9] = 8
	tests := []struct {
		name   string
		counts []int
		opt    PoissonOptions
		want   []int
	}{
		{"empty", nil, PoissonOptions{}, nil},
		{"short", []int{0, 100, 1000}, PoissonOptions{}, nil},
		{"flat", repeatInt(3, 100), PoissonOptions{}, nil},
		{"zeros", repeatInt(0, 100), PoissonOptions{}, nil},
		{"spike", spike, PoissonOptions{}, []int{40}},
		{"spike negbin", spike, PoissonOptions{NegBin: true}, []int{40}},
		// λ floored at 0.5: P(X>=5) = 1.72e-4 < 0.001.
		{"zero baseline", zeroBase, PoissonOptions{Window: 7}, []int{7}},
		// 7 valid ones before index 9 (two missing): λ = 1, P(X>=8) = 1.02e-5.
		{"missing", withMissing, PoissonOptions{}, []int{9}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := PoissonSpikes(tt.counts, tt.opt)
			if got := indices(sig); !equalInts(got, tt.want) {
				t.Fatalf("indices = %v, want %v (%+v)", got, tt.want, sig)
			}
			for _, s := range sig {
				if s.Direction != 1 || s.Score <= 3 {
					t.Errorf("bad signal %+v", s)
				}
			}
		})
	}
}

func TestPoissonSpikesHandComputed(t *testing.T) {
	// Window of four ones: λ = 1, P(X>=3) = 1 - 2.5/e = 0.0803013971.
	counts := []int{1, 1, 1, 1, 3}
	sig := PoissonSpikes(counts, PoissonOptions{Window: 4, MinWindow: 4, Alpha: 0.1})
	if len(sig) != 1 {
		t.Fatalf("got %+v, want one signal", sig)
	}
	want := -math.Log10(1 - 2.5*math.Exp(-1)) // 1.0952703
	s := sig[0]
	if s.Index != 4 || s.Method != "poisson" || !near(s.Score, want, 1e-12) ||
		s.Baseline != 1 || s.Value != 3 || s.Window != [2]int{0, 4} || s.Severity != SeverityLow {
		t.Errorf("got %+v, want index 4, score %v", s, want)
	}
	if sig := PoissonSpikes(counts, PoissonOptions{Window: 4, MinWindow: 4, Alpha: 0.05}); len(sig) != 0 {
		t.Errorf("p = 0.08 flagged at α = 0.05: %+v", sig)
	}
	// Too few valid buckets in the window: nothing.
	if sig := PoissonSpikes(counts, PoissonOptions{Window: 4, MinWindow: 5, Alpha: 0.1}); len(sig) == 0 {
		t.Errorf("MinWindow > Window should be capped at Window")
	}
}

func TestPoissonSpikesOverdispersed(t *testing.T) {
	// Baseline 0, 10, 0, 10, …: mean 5, variance 25.9 (n-1 = 27). Under
	// Poisson(5), P(X>=15) = 2.26e-4 < 0.001: flagged. The negative
	// binomial with r = 25/20.9 ≈ 1.2 finds 15 unremarkable, but not 80.
	base := make([]int, 28)
	for i := range base {
		base[i] = 10 * (i % 2)
	}
	for _, tt := range []struct {
		x      int
		negbin bool
		method string
	}{
		{15, false, "poisson"},
		{15, true, ""},
		{80, true, "negbin"},
	} {
		sig := PoissonSpikes(append(append([]int{}, base...), tt.x), PoissonOptions{NegBin: tt.negbin})
		var got string
		if len(sig) == 1 && sig[0].Index == 28 {
			got = sig[0].Method
		} else if len(sig) > 0 {
			t.Fatalf("x=%d negbin=%v: %+v", tt.x, tt.negbin, sig)
		}
		if got != tt.method {
			t.Errorf("x=%d negbin=%v: method %q, want %q", tt.x, tt.negbin, got, tt.method)
		}
	}
}

func TestCUSUM(t *testing.T) {
	up := noisy(60, 10)
	for i := 30; i < 60; i++ {
		up[i] += 3
	}
	down := noisy(60, 10)
	for i := 30; i < 60; i++ {
		down[i] -= 3
	}
	tests := []struct {
		name     string
		values   []float64
		from, to int // alarm expected in [from, to]; from < 0 for none
		dir      int
	}{
		{"empty", nil, -1, 0, 0},
		{"short", []float64{1, 2, 1000}, -1, 0, 0},
		{"flat", repeat(5, 200), -1, 0, 0},
		{"zeros", repeat(0, 200), -1, 0, 0},
		{"noisy flat", noisy(200, 10), -1, 0, 0},
		{"shift up", up, 30, 33, 1},
		{"shift down", down, 30, 33, -1},
		{"NaN", repeat(math.NaN(), 50), -1, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sig := CUSUM(tt.values, CUSUMOptions{})
			if tt.from < 0 {
				if len(sig) != 0 {
					t.Fatalf("want no signal, got %+v", sig)
				}
				return
			}
			if len(sig) != 1 {
				t.Fatalf("want one alarm, got %+v", sig)
			}
			s := sig[0]
			if s.Index < tt.from || s.Index > tt.to || s.Direction != tt.dir || s.Window != [2]int{0, 10} {
				t.Errorf("got %+v, want alarm in [%d, %d], direction %d", s, tt.from, tt.to, tt.dir)
			}
		})
	}
}

func TestCUSUMHandComputed(t *testing.T) {
	// Warm-up 3 on 0, 1, 2: μ = 1, σ = 1. Then 4, 4, 4: z = 3 each;
	// S⁺ = 2.5, 5.0 (not > 5), 7.5 → alarm at the third, S/h = 1.5
	// (medium). After the reset, 4, 4, 4 form the new reference (σ floored
	// at 0.05·4 = 0.2) and the final 4 is in control.
	values := []float64{0, 1, 2, 4, 4, 4, 4, 4, 4, 4}
	want := Signal{Index: 5, Method: "cusum", Score: 7.5, Direction: 1,
		Severity: SeverityMedium, Baseline: 1, Value: 4, Window: [2]int{0, 3}}
	sig := CUSUM(values, CUSUMOptions{Warmup: 3})
	if len(sig) != 1 || sig[0] != want {
		t.Fatalf("got %+v, want %+v", sig, want)
	}
	// The same with missing values interleaved: indices shift, sums don't.
	values = []float64{math.NaN(), 0, 1, 2, math.NaN(), 4, 4, math.Inf(-1), 4}
	want.Index, want.Window = 8, [2]int{1, 4}
	sig = CUSUM(values, CUSUMOptions{Warmup: 3})
	if len(sig) != 1 || sig[0] != want {
		t.Fatalf("with NaN: got %+v, want %+v", sig, want)
	}
}

func TestSeverity(t *testing.T) {
	for _, tt := range []struct {
		score float64
		want  string
	}{{3.1, SeverityLow}, {4, SeverityMedium}, {4.9, SeverityMedium}, {5, SeverityHigh}, {50, SeverityHigh}} {
		if got := severity(tt.score, EWMAMediumZ, EWMAHighZ); got != tt.want {
			t.Errorf("severity(%v) = %q, want %q", tt.score, got, tt.want)
		}
	}
}

// TestDetectRobust feeds random series with zeros, NaN and infinities and
// checks the invariants every signal must keep.
func TestDetectRobust(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := 0; round < 200; round++ {
		n := r.IntN(80)
		values := make([]float64, n)
		counts := make([]int, n)
		for i := range values {
			switch r.IntN(10) {
			case 0:
				values[i] = math.NaN()
				counts[i] = -1
			case 1:
				values[i] = math.Inf(1)
			case 2:
				values[i] = 0
			default:
				values[i] = r.NormFloat64() * float64(1+r.IntN(100))
				counts[i] = r.IntN(1 + r.IntN(200))
			}
		}
		var all []Signal
		all = append(all, EWMA(values, EWMAOptions{})...)
		all = append(all, CUSUM(values, CUSUMOptions{})...)
		all = append(all, PoissonSpikes(counts, PoissonOptions{})...)
		all = append(all, PoissonSpikes(counts, PoissonOptions{NegBin: true})...)
		for _, s := range all {
			if s.Index < 0 || s.Index >= n || !(s.Score >= 0) || math.IsInf(s.Score, 0) ||
				s.Window[0] < 0 || s.Window[0] > s.Window[1] || s.Window[1] > s.Index ||
				(s.Direction != 1 && s.Direction != -1) || s.Severity == "" || !valid(s.Baseline) || !valid(s.Value) {
				t.Fatalf("bad signal %+v", s)
			}
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func benchSeries(n int) ([]float64, []int) {
	r := rand.New(rand.NewPCG(3, 4))
	values := make([]float64, n)
	counts := make([]int, n)
	for i := range values {
		values[i] = 50 + 5*r.NormFloat64()
		counts[i] = int(math.Max(0, values[i]))
	}
	return values, counts
}

func BenchmarkEWMA100k(b *testing.B) {
	values, _ := benchSeries(100_000)
	for b.Loop() {
		EWMA(values, EWMAOptions{})
	}
}

func BenchmarkPoissonSpikes100k(b *testing.B) {
	_, counts := benchSeries(100_000)
	for b.Loop() {
		PoissonSpikes(counts, PoissonOptions{})
	}
}

func BenchmarkPoissonSpikesNegBin100k(b *testing.B) {
	_, counts := benchSeries(100_000)
	for b.Loop() {
		PoissonSpikes(counts, PoissonOptions{NegBin: true})
	}
}

func BenchmarkCUSUM100k(b *testing.B) {
	values, _ := benchSeries(100_000)
	for b.Loop() {
		CUSUM(values, CUSUMOptions{})
	}
}
