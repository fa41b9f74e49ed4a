package plot

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
)

func day(d int) time.Time { return time.Date(2023, 7, 1+d, 0, 0, 0, 0, time.UTC) }

func sample() Chart {
	s1 := Series{Name: "CHN→NATO conflict"}
	s2 := Series{Name: "FRA–NATO"}
	for i := 0; i < 40; i++ {
		s1.X = append(s1.X, day(i))
		s1.Y = append(s1.Y, float64(i%7))
		s2.X = append(s2.X, day(i))
		s2.Y = append(s2.Y, float64(10-i%5))
	}
	return Chart{
		Title: "Tension <CHN & NATO>", YLabel: "events",
		Series: []Series{s1, s2},
		Marks:  []Mark{{X: day(10), Label: "Vilnius communiqué"}},
	}
}

// svgDoc is the part of an SVG document the tests look at.
type svgDoc struct {
	Width  string `xml:"width,attr"`
	Height string `xml:"height,attr"`
	Texts  []struct {
		Class string `xml:"class,attr"`
		X     string `xml:"x,attr"`
		Y     string `xml:"y,attr"`
		Text  string `xml:",chardata"`
	} `xml:"text"`
	Polylines []struct {
		Class  string `xml:"class,attr"`
		Series string `xml:"data-series,attr"`
		Points string `xml:"points,attr"`
	} `xml:"polyline"`
	Lines []struct {
		Class string `xml:"class,attr"`
		X1    string `xml:"x1,attr"`
	} `xml:"line"`
	Circles []struct {
		Series string `xml:"data-series,attr"`
	} `xml:"circle"`
}

func parseSVG(t *testing.T, c Chart) svgDoc {
	t.Helper()
	var b bytes.Buffer
	if err := SVG(&b, c); err != nil {
		t.Fatal(err)
	}
	var d svgDoc
	if err := xml.Unmarshal(b.Bytes(), &d); err != nil {
		t.Fatalf("SVG is not XML: %v\n%s", err, b.String())
	}
	return d
}

func points(t *testing.T, s string) [][2]float64 {
	t.Helper()
	var out [][2]float64
	for _, f := range strings.Fields(s) {
		x, y, ok := strings.Cut(f, ",")
		if !ok {
			t.Fatalf("bad point %q", f)
		}
		fx, err1 := strconv.ParseFloat(x, 64)
		fy, err2 := strconv.ParseFloat(y, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad point %q", f)
		}
		out = append(out, [2]float64{fx, fy})
	}
	return out
}

func TestSVGPoints(t *testing.T) {
	c := sample()
	d := parseSVG(t, c)
	if len(d.Polylines) != 2 {
		t.Fatalf("got %d polylines, want 2", len(d.Polylines))
	}
	for i, pl := range d.Polylines {
		if pl.Series != c.Series[i].Name {
			t.Errorf("polyline %d is %q, want %q", i, pl.Series, c.Series[i].Name)
		}
		pts := points(t, pl.Points)
		if len(pts) != len(c.Series[i].Y) {
			t.Fatalf("%s: %d points, want %d", pl.Series, len(pts), len(c.Series[i].Y))
		}
		// x increases with time, evenly for daily points
		step := pts[1][0] - pts[0][0]
		for j := 1; j < len(pts); j++ {
			if d := pts[j][0] - pts[j-1][0]; math.Abs(d-step) > 0.02 || d <= 0 {
				t.Fatalf("%s: x step %d is %.2f, want %.2f", pl.Series, j, d, step)
			}
		}
		// y is an affine, decreasing map of the value: check against two points
		ys := c.Series[i].Y
		var a, b int
		for j := range ys {
			if ys[j] != ys[a] {
				b = j
				break
			}
		}
		scale := (pts[b][1] - pts[a][1]) / (ys[b] - ys[a])
		if scale >= 0 {
			t.Fatalf("%s: higher values are drawn lower (scale %.3f)", pl.Series, scale)
		}
		for j := range ys {
			want := pts[a][1] + scale*(ys[j]-ys[a])
			if math.Abs(pts[j][1]-want) > 0.05 {
				t.Errorf("%s: point %d at y=%.2f, want %.2f", pl.Series, j, pts[j][1], want)
			}
		}
	}
	// the two series share one y scale: equal values get equal y
	p0, p1 := points(t, d.Polylines[0].Points), points(t, d.Polylines[1].Points)
	// series 0 has value 6 at day 6; series 1 has 6 at day 4
	if math.Abs(p0[6][1]-p1[4][1]) > 0.05 {
		t.Errorf("value 6 drawn at %.2f and %.2f", p0[6][1], p1[4][1])
	}
	var title, mark bool
	for _, tx := range d.Texts {
		title = title || tx.Class == "title" && tx.Text == c.Title
		mark = mark || tx.Class == "marklabel" && tx.Text == "Vilnius communiqué"
	}
	if !title || !mark {
		t.Errorf("title found %v, mark label found %v", title, mark)
	}
	var marks int
	for _, l := range d.Lines {
		if l.Class == "mark" {
			marks++
			x, _ := strconv.ParseFloat(l.X1, 64)
			if math.Abs(x-p0[10][0]) > 0.05 {
				t.Errorf("mark at x=%.2f, want the day-10 point's %.2f", x, p0[10][0])
			}
		}
	}
	if marks != 1 {
		t.Errorf("%d marks, want 1", marks)
	}
}

func TestSVGTicks(t *testing.T) {
	d := parseSVG(t, sample())
	var xt, yt []string
	for _, tx := range d.Texts {
		switch tx.Class {
		case "xtick":
			xt = append(xt, tx.Text)
		case "ytick":
			yt = append(yt, tx.Text)
		}
	}
	if len(xt) < 2 || len(yt) < 2 {
		t.Fatalf("ticks: x %v y %v", xt, yt)
	}
	for _, s := range xt {
		if _, err := time.Parse(time.DateOnly, s); err != nil {
			t.Errorf("x tick %q is not a date", s)
		}
	}
	if yt[0] != "0" {
		t.Errorf("y ticks start at %q, want 0 for counts", yt[0])
	}
}

func TestGapsAndSinglePoints(t *testing.T) {
	c := Chart{Series: []Series{{
		Name: "gappy",
		X:    []time.Time{day(0), day(1), day(2), day(3), day(4)},
		Y:    []float64{1, 2, math.NaN(), 4, math.Inf(1)},
	}}}
	d := parseSVG(t, c)
	if len(d.Polylines) != 2 {
		t.Fatalf("%d runs, want 2 (the NaN splits the line)", len(d.Polylines))
	}
	if len(d.Circles) != 1 {
		t.Errorf("%d dots, want 1 for the lone point", len(d.Circles))
	}
}

func TestUnsortedX(t *testing.T) {
	c := Chart{Series: []Series{{Name: "s", X: []time.Time{day(2), day(0), day(1)}, Y: []float64{3, 1, 2}}}}
	pts := points(t, parseSVG(t, c).Polylines[0].Points)
	for i := 1; i < len(pts); i++ {
		if pts[i][0] <= pts[i-1][0] || pts[i][1] >= pts[i-1][1] {
			t.Fatalf("points not in time order: %v", pts)
		}
	}
}

func TestEmptyCharts(t *testing.T) {
	cases := []struct {
		name   string
		c      Chart
		reason string
	}{
		{"no series", Chart{Title: "t"}, "nothing to draw"},
		{"no points", Chart{Series: []Series{{Name: "a"}}}, "no finite values"},
		{"all NaN", Chart{Series: []Series{{Name: "a", X: []time.Time{day(0)}, Y: []float64{math.NaN()}}}}, "no finite values"},
		{"mismatch", Chart{Series: []Series{{Name: "a", X: []time.Time{day(0)}, Y: []float64{1, 2}}}}, "1 times but 2 values"},
		{"too small", Chart{Width: 10, Series: []Series{{Name: "a", X: []time.Time{day(0)}, Y: []float64{1}}}}, "size"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for name, f := range map[string]func(*bytes.Buffer, Chart) error{
				"svg": func(b *bytes.Buffer, c Chart) error { return SVG(b, c) },
				"png": func(b *bytes.Buffer, c Chart) error { return PNG(b, c) },
			} {
				var b bytes.Buffer
				err := f(&b, tc.c)
				if err == nil || !strings.Contains(err.Error(), tc.reason) {
					t.Errorf("%s: error %v, want one containing %q", name, err, tc.reason)
				}
				if b.Len() != 0 {
					t.Errorf("%s: wrote %d bytes for a chart it refused", name, b.Len())
				}
			}
		})
	}
	if err := SVG(&bytes.Buffer{}, Chart{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty chart error %v is not ErrEmpty", err)
	}
}

func TestPNG(t *testing.T) {
	c := sample()
	c.Width, c.Height = 640, 320
	var b bytes.Buffer
	if err := PNG(&b, c); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds(); got != image.Rect(0, 0, 640, 320) {
		t.Fatalf("bounds %v", got)
	}
	// The layout says where each series' points are: the pixels there must
	// carry the series' colour (allowing for anti-aliasing and overdraw).
	l, err := plan(c)
	if err != nil {
		t.Fatal(err)
	}
	for i, ln := range l.Lines {
		want := parseHex(ln.Color)
		hits := 0
		pts := ln.Runs[0]
		for _, p := range pts {
			if near(img, int(p[0]), int(p[1]), want) {
				hits++
			}
		}
		// later series may cover earlier ones where they cross
		if hits < len(pts)*3/4 {
			t.Errorf("series %d (%s): colour found at %d of %d points", i, ln.Name, hits, len(pts))
		}
	}
	// the background is white away from the lines
	if r, g, bb, _ := img.At(2, l.H-2).RGBA(); r != 0xffff || g != 0xffff || bb != 0xffff {
		t.Errorf("corner pixel is not white")
	}
}

// near reports whether a pixel within 1 of (x, y) is close to col.
func near(img image.Image, x, y int, col interface{ RGBA() (r, g, b, a uint32) }) bool {
	wr, wg, wb, _ := col.RGBA()
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			r, g, b, _ := img.At(x+dx, y+dy).RGBA()
			if absDiff(r, wr) < 0x3000 && absDiff(g, wg) < 0x3000 && absDiff(b, wb) < 0x3000 {
				return true
			}
		}
	}
	return false
}

func absDiff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

func TestTimeTicksSpans(t *testing.T) {
	base := time.Date(2020, 1, 15, 0, 0, 0, 0, time.UTC)
	for _, span := range []time.Duration{3 * time.Hour, 20 * 24 * time.Hour, 200 * 24 * time.Hour, 5 * 365 * 24 * time.Hour, 80 * 365 * 24 * time.Hour} {
		ts := timeTicks(base, base.Add(span), 8)
		if len(ts) < 2 || len(ts) > 9 {
			t.Errorf("span %v: %d ticks %v", span, len(ts), ts)
		}
		for i := 1; i < len(ts); i++ {
			if !ts[i].t.After(ts[i-1].t) {
				t.Errorf("span %v: ticks not increasing", span)
			}
		}
	}
}

func BenchmarkSVG(b *testing.B) {
	c := sample()
	for b.Loop() {
		_ = SVG(&bytes.Buffer{}, c)
	}
}

func BenchmarkPNG(b *testing.B) {
	c := sample()
	for b.Loop() {
		_ = PNG(&bytes.Buffer{}, c)
	}
}
