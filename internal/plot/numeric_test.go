package plot

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestNumericX draws a calibration-style chart over probabilities: x is
// an affine, increasing map of XV, shared by every series and the marks,
// and the x ticks are numbers covering [0, 1], with the x label drawn.
func TestNumericX(t *testing.T) {
	c := Chart{Title: "calibration", XLabel: "forecast probability", YLabel: "share",
		Series: []Series{
			{Name: "author", XV: []float64{0.9, 0.1, 0.5}, Y: []float64{0.8, 0.2, 0.4}},
			{Name: "diagonal", XV: []float64{0, 1}, Y: []float64{0, 1}},
		},
		Marks: []Mark{{XV: 0.5, Label: "even odds"}},
	}
	d := parseSVG(t, c)
	if len(d.Polylines) != 2 {
		t.Fatalf("%d polylines, want 2", len(d.Polylines))
	}
	a, diag := points(t, d.Polylines[0].Points), points(t, d.Polylines[1].Points)
	// sorted by x: 0.1, 0.5, 0.9
	x0, x1 := diag[0][0], diag[1][0]
	for i, xv := range []float64{0.1, 0.5, 0.9} {
		if want := x0 + (x1-x0)*xv; math.Abs(a[i][0]-want) > 0.05 {
			t.Errorf("point %d (x=%.1f) at %.2f, want %.2f", i, xv, a[i][0], want)
		}
	}
	var ticks []float64
	var label bool
	for _, tx := range d.Texts {
		switch tx.Class {
		case "xtick":
			v, err := strconv.ParseFloat(tx.Text, 64)
			if err != nil {
				t.Errorf("x tick %q is not a number", tx.Text)
			}
			ticks = append(ticks, v)
		case "xlabel":
			label = tx.Text == c.XLabel
		}
	}
	if len(ticks) < 2 || ticks[0] > 0 || ticks[len(ticks)-1] < 1 {
		t.Errorf("x ticks %v do not cover [0, 1]", ticks)
	}
	if !label {
		t.Error("x label not drawn")
	}
	for _, l := range d.Lines {
		if l.Class == "mark" {
			x, _ := strconv.ParseFloat(l.X1, 64)
			if math.Abs(x-a[1][0]) > 0.05 {
				t.Errorf("mark at %.2f, want the x=0.5 point's %.2f", x, a[1][0])
			}
		}
	}
	var png bytes.Buffer
	if err := PNG(&png, c); err != nil || png.Len() == 0 {
		t.Errorf("PNG: %v (%d bytes)", err, png.Len())
	}
}

func TestNumericXErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		c      Chart
		reason string
	}{
		{"both", Chart{Series: []Series{{Name: "a", X: []time.Time{day(0)}, XV: []float64{1}, Y: []float64{1}}}}, "both times"},
		{"mixed", Chart{Series: []Series{{Name: "a", XV: []float64{1}, Y: []float64{1}}, {Name: "b", X: []time.Time{day(0)}, Y: []float64{1}}}}, `series "b": x axis of times`},
		{"mismatch", Chart{Series: []Series{{Name: "a", XV: []float64{1}, Y: []float64{1, 2}}}}, "1 x numbers but 2 values"},
		{"no finite x", Chart{Series: []Series{{Name: "a", XV: []float64{math.NaN()}, Y: []float64{1}}}}, "no finite values"},
	} {
		err := SVG(&bytes.Buffer{}, tc.c)
		if err == nil || !strings.Contains(err.Error(), tc.reason) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.reason)
		}
	}
}
