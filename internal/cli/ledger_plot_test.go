package cli

import (
	"bytes"
	"regexp"
	"strconv"
	"testing"

	"github.com/georisk/georisk/internal/assess"
	"github.com/georisk/georisk/internal/plot"
)

// TestCalibrationChartAxis: the calibration chart puts forecast
// probabilities on a numeric x axis, so its ticks read as probabilities
// from 0 to 1 (not as years), and each band sits at its mean forecast.
func TestCalibrationChartAxis(t *testing.T) {
	c, err := calibrationChart([]assess.Score{{Group: "georisk", Resolved: 4, Brier: 0.1, Calibration: []assess.Calibration{
		{Term: "unlikely", N: 2, Mean: 0.25, Observed: 0.5}, {Term: "likely", N: 2, Mean: 0.7, Observed: 1},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Series[0].XV; len(got) != 2 || got[0] != 0.25 || got[1] != 0.7 {
		t.Errorf("georisk's x values %v, want the mean forecasts [0.25 0.7]", got)
	}
	var b bytes.Buffer
	if err := plot.SVG(&b, c); err != nil {
		t.Fatal(err)
	}
	ticks := regexp.MustCompile(`class="xtick"[^>]*>([^<]*)<`).FindAllStringSubmatch(b.String(), -1)
	if len(ticks) < 2 {
		t.Fatalf("x ticks %v", ticks)
	}
	for _, m := range ticks {
		if v, err := strconv.ParseFloat(m[1], 64); err != nil || v < 0 || v > 1 {
			t.Errorf("x tick %q is not a probability", m[1])
		}
	}
	if _, err := calibrationChart(nil); err == nil {
		t.Error("no resolved forecast: no error")
	}
}
