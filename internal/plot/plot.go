// Package plot draws line charts as SVG or PNG without a browser: one or
// more named series over time (or over a number, such as a forecast
// probability: see Series.XV), optional vertical marks (an alert, a
// summit, a communiqué) with labels, axes with readable date or number and
// value ticks, a title, axis labels and a legend.
//
// [SVG] writes a self-contained SVG document of our own making; [PNG]
// rasterizes the same layout with golang.org/x/image/vector and a bitmap
// font. Both refuse a chart with nothing to draw (no series, no finite
// point, mismatched X and Y) with an error rather than draw an empty frame.
// NaN or infinite values are gaps in a line. Nothing is kept between calls;
// both functions are safe for concurrent use.
package plot

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// Series is one line of a chart: Y[i] is the value at X[i], or at XV[i]
// on a chart whose x axis is a number. A series sets X or XV, not both,
// and all series of a chart set the same one. X need not be sorted; points
// are drawn in x order.
type Series struct {
	Name string
	X    []time.Time
	XV   []float64
	Y    []float64
}

// Mark is a labelled vertical line at time X, or at XV on a numeric chart.
type Mark struct {
	X     time.Time
	XV    float64
	Label string
}

// Chart is what to draw. Width and Height are in pixels (SVG user units);
// zero means 800×400.
type Chart struct {
	Title, XLabel, YLabel string
	Series                []Series
	Marks                 []Mark
	Width, Height         int
}

// ErrEmpty is returned (wrapped) when a chart has nothing to draw.
var ErrEmpty = errors.New("nothing to draw")

// palette holds the series colours, cycled.
var palette = [...]string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"}

const (
	marginLeft   = 64
	marginRight  = 16
	marginTop    = 36
	marginBottom = 40
)

// tick is an axis tick: its position along the axis and its label.
type tick struct {
	At    float64
	Label string
}

// layout is the geometry shared by the SVG and PNG writers.
type layout struct {
	W, H           int
	X0, X1, Y0, Y1 float64 // plot area in pixels: X0 left, X1 right, Y0 top, Y1 bottom
	numeric        bool    // x is Series.XV, not time
	xMin, xMax     float64 // x range: numbers, or seconds since 1970 for time
	vMin, vMax     float64
	XTicks, YTicks []tick
	Lines          []line
	Marks          []markPos
}

// line is one series in pixel coordinates, split into runs at gaps.
type line struct {
	Name  string
	Color string
	Runs  [][][2]float64
}

type markPos struct {
	X     float64
	Label string
}

func (l *layout) px(x float64) float64 {
	span := l.xMax - l.xMin
	if span <= 0 {
		return (l.X0 + l.X1) / 2
	}
	return l.X0 + (l.X1-l.X0)*(x-l.xMin)/span
}

// seconds puts a time on the x axis: seconds since 1970, to the
// nanosecond where a float64 holds it.
func seconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

func fromSeconds(x float64) time.Time {
	sec := math.Floor(x)
	return time.Unix(int64(sec), int64((x-sec)*1e9)).UTC()
}

// xs returns the x values of s on the axis, and how many it has.
func (l *layout) xs(s Series) []float64 {
	if l.numeric {
		return s.XV
	}
	out := make([]float64, len(s.X))
	for i, t := range s.X {
		out[i] = seconds(t)
	}
	return out
}

func (l *layout) markX(m Mark) float64 {
	if l.numeric {
		return m.XV
	}
	return seconds(m.X)
}

func (l *layout) py(v float64) float64 {
	return l.Y1 - (l.Y1-l.Y0)*(v-l.vMin)/(l.vMax-l.vMin)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// plan validates c and computes its layout.
func plan(c Chart) (*layout, error) {
	if len(c.Series) == 0 {
		return nil, fmt.Errorf("chart %q: no series: %w", c.Title, ErrEmpty)
	}
	l := &layout{W: c.Width, H: c.Height}
	if l.W == 0 {
		l.W = 800
	}
	if l.H == 0 {
		l.H = 400
	}
	if l.W < 200 || l.H < 120 || l.W > 20000 || l.H > 20000 {
		return nil, fmt.Errorf("chart %q: size %d×%d: want width 200–20000 and height 120–20000", c.Title, l.W, l.H)
	}
	l.X0, l.X1 = marginLeft, float64(l.W-marginRight)
	l.Y0, l.Y1 = marginTop, float64(l.H-marginBottom)

	l.numeric = c.Series[0].XV != nil
	for _, s := range c.Series {
		switch {
		case s.X != nil && s.XV != nil:
			return nil, fmt.Errorf("chart %q: series %q: both times (X) and numbers (XV) on the x axis", c.Title, s.Name)
		case (s.XV != nil) != l.numeric:
			return nil, fmt.Errorf("chart %q: series %q: x axis of %s, but series %q has %s", c.Title, s.Name,
				axisKind(s.XV != nil), c.Series[0].Name, axisKind(l.numeric))
		}
	}
	n := 0
	l.vMin, l.vMax = math.Inf(1), math.Inf(-1)
	l.xMin, l.xMax = math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		xs := l.xs(s)
		if len(xs) != len(s.Y) {
			noun := "times"
			if l.numeric {
				noun = "x numbers"
			}
			return nil, fmt.Errorf("chart %q: series %q: %d %s but %d values", c.Title, s.Name, len(xs), noun, len(s.Y))
		}
		for j, v := range s.Y {
			if !finite(v) || !finite(xs[j]) {
				continue
			}
			l.xMin, l.xMax = math.Min(l.xMin, xs[j]), math.Max(l.xMax, xs[j])
			l.vMin, l.vMax = math.Min(l.vMin, v), math.Max(l.vMax, v)
			n++
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("chart %q: no finite values in %d series: %w", c.Title, len(c.Series), ErrEmpty)
	}
	for _, m := range c.Marks {
		if x := l.markX(m); finite(x) {
			l.xMin, l.xMax = math.Min(l.xMin, x), math.Max(l.xMax, x)
		}
	}
	if l.xMin == l.xMax { // one point: give it a day (or one unit) either side
		w := 1.0
		if !l.numeric {
			w = 24 * 3600
		}
		l.xMin, l.xMax = l.xMin-w, l.xMax+w
	}
	// Counts and shares read best from zero; keep zero in view unless the
	// data sit far from it.
	if l.vMin > 0 && l.vMin < l.vMax*0.5 {
		l.vMin = 0
	}
	if l.vMax < 0 && l.vMax > l.vMin*0.5 {
		l.vMax = 0
	}
	var ys []float64
	l.vMin, l.vMax, ys = niceRange(l.vMin, l.vMax, int((l.Y1-l.Y0)/40))
	for _, v := range ys {
		l.YTicks = append(l.YTicks, tick{At: l.py(v), Label: formatValue(v, ys)})
	}
	if l.numeric {
		var xs []float64
		l.xMin, l.xMax, xs = niceRange(l.xMin, l.xMax, int((l.X1-l.X0)/90))
		for _, x := range xs {
			l.XTicks = append(l.XTicks, tick{At: l.px(x), Label: formatValue(x, xs)})
		}
	} else {
		for _, t := range timeTicks(fromSeconds(l.xMin), fromSeconds(l.xMax), int((l.X1-l.X0)/90)) {
			l.XTicks = append(l.XTicks, tick{At: l.px(seconds(t.t)), Label: t.label})
		}
	}

	for i, s := range c.Series {
		ln := line{Name: s.Name, Color: palette[i%len(palette)]}
		xs := l.xs(s)
		idx := make([]int, len(xs))
		for j := range idx {
			idx[j] = j
		}
		sortByX(idx, xs)
		var run [][2]float64
		for _, j := range idx {
			if !finite(s.Y[j]) || !finite(xs[j]) {
				if len(run) > 0 {
					ln.Runs = append(ln.Runs, run)
				}
				run = nil
				continue
			}
			run = append(run, [2]float64{l.px(xs[j]), l.py(s.Y[j])})
		}
		if len(run) > 0 {
			ln.Runs = append(ln.Runs, run)
		}
		l.Lines = append(l.Lines, ln)
	}
	for _, m := range c.Marks {
		if x := l.markX(m); finite(x) {
			l.Marks = append(l.Marks, markPos{X: l.px(x), Label: m.Label})
		}
	}
	return l, nil
}

func axisKind(numeric bool) string {
	if numeric {
		return "numbers (XV)"
	}
	return "times (X)"
}

func sortByX(idx []int, xs []float64) {
	// insertion sort keeps equal x in input order; series are short
	// and usually sorted already, which makes this linear.
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && xs[idx[j]] < xs[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}

// niceRange widens [lo, hi] to multiples of a 1, 2 or 5 step giving at
// most about want ticks, and returns the ticks.
func niceRange(lo, hi float64, want int) (float64, float64, []float64) {
	if want < 2 {
		want = 2
	}
	if hi == lo {
		d := math.Max(math.Abs(lo)*0.1, 1)
		lo, hi = lo-d, hi+d
	}
	raw := (hi - lo) / float64(want)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag * 10
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	lo = math.Floor(lo/step) * step
	hi = math.Ceil(hi/step) * step
	var ts []float64
	for v := lo; v <= hi+step/2; v += step {
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ts = append(ts, v)
	}
	return lo, hi, ts
}

func formatValue(v float64, all []float64) string {
	step := 1.0
	if len(all) > 1 {
		step = all[1] - all[0]
	}
	prec := 0
	if step < 1 {
		prec = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	if a := math.Abs(v); a >= 1e6 && prec == 0 {
		return strconv.FormatFloat(v/1e6, 'f', -1, 64) + "M"
	} else if a >= 1e4 && prec == 0 {
		return strconv.FormatFloat(v/1e3, 'f', -1, 64) + "k"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

type timeTick struct {
	t     time.Time
	label string
}

// timeTicks returns calendar-aligned ticks in [lo, hi], at most about want.
func timeTicks(lo, hi time.Time, want int) []timeTick {
	if want < 2 {
		want = 2
	}
	type step struct {
		days, months int
		hours        int
		format       string
	}
	steps := []step{
		{hours: 1, format: "15:04"}, {hours: 6, format: "01-02 15h"},
		{days: 1, format: time.DateOnly}, {days: 2, format: time.DateOnly}, {days: 7, format: time.DateOnly},
		{days: 14, format: time.DateOnly}, {months: 1, format: "2006-01"}, {months: 3, format: "2006-01"},
		{months: 6, format: "2006-01"}, {months: 12, format: "2006"}, {months: 24, format: "2006"},
		{months: 60, format: "2006"}, {months: 120, format: "2006"}, {months: 600, format: "2006"},
	}
	span := hi.Sub(lo)
	s := steps[len(steps)-1]
	for _, c := range steps {
		d := time.Duration(c.hours)*time.Hour + time.Duration(c.days)*24*time.Hour + time.Duration(c.months)*30*24*time.Hour
		if span/d <= time.Duration(want) {
			s = c
			break
		}
	}
	lo, hi = lo.UTC(), hi.UTC()
	var t time.Time
	switch {
	case s.hours > 0:
		t = lo.Truncate(time.Duration(s.hours) * time.Hour)
	case s.days > 0:
		t = time.Date(lo.Year(), lo.Month(), lo.Day(), 0, 0, 0, 0, time.UTC)
		if s.days == 7 || s.days == 14 { // Mondays
			t = t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
		}
	default:
		m := (int(lo.Month()) - 1) / min(s.months, 12) * min(s.months, 12)
		y := lo.Year()
		if s.months > 12 {
			y -= y % (s.months / 12)
		}
		t = time.Date(y, time.Month(m+1), 1, 0, 0, 0, 0, time.UTC)
	}
	var out []timeTick
	for ; !t.After(hi); t = next(t, s.hours, s.days, s.months) {
		if t.Before(lo) {
			continue
		}
		out = append(out, timeTick{t, t.Format(s.format)})
	}
	return out
}

func next(t time.Time, hours, days, months int) time.Time {
	if hours > 0 {
		return t.Add(time.Duration(hours) * time.Hour)
	}
	return t.AddDate(0, months, days)
}
