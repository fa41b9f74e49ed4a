package plot

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// PNG writes c as a PNG image of the same layout as [SVG], anti-aliased,
// with the Go font (which covers Latin, Greek, Cyrillic and arrows).
func PNG(w io.Writer, c Chart) error {
	l, err := plan(c)
	if err != nil {
		return err
	}
	face, err := newFace()
	if err != nil {
		return err
	}
	defer face.Close()
	img := image.NewRGBA(image.Rect(0, 0, l.W, l.H))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	cv := &canvas{img: img, face: face}

	grid := color.RGBA{0xe0, 0xe0, 0xe0, 0xff}
	for _, t := range l.YTicks {
		cv.stroke([][2]float64{{l.X0, t.At}, {l.X1, t.At}}, 1, grid)
		cv.text(t.Label, l.X0-6, t.At+4, alignRight, color.Black)
	}
	for _, t := range l.XTicks {
		cv.stroke([][2]float64{{t.At, l.Y0}, {t.At, l.Y1}}, 1, grid)
		cv.text(t.Label, t.At, l.Y1+16, alignCenter, color.Black)
	}
	frame := color.RGBA{0x44, 0x44, 0x44, 0xff}
	cv.stroke([][2]float64{{l.X0, l.Y0}, {l.X1, l.Y0}, {l.X1, l.Y1}, {l.X0, l.Y1}, {l.X0, l.Y0}}, 1, frame)
	if c.Title != "" {
		cv.text(c.Title, float64(l.W)/2, 20, alignCenter, color.Black)
	}
	if c.XLabel != "" {
		cv.text(c.XLabel, (l.X0+l.X1)/2, l.Y1+32, alignCenter, color.Black)
	}
	if c.YLabel != "" {
		cv.vtext(c.YLabel, 6, (l.Y0+l.Y1)/2, color.Black)
	}
	grey := color.RGBA{0x88, 0x88, 0x88, 0xff}
	for _, m := range l.Marks {
		for y := l.Y0; y < l.Y1; y += 7 {
			cv.stroke([][2]float64{{m.X, y}, {m.X, math.Min(y+4, l.Y1)}}, 1, grey)
		}
		if m.Label != "" {
			cv.text(m.Label, m.X+3, l.Y0+12, alignLeft, grey)
		}
	}
	for _, ln := range l.Lines {
		col := parseHex(ln.Color)
		for _, run := range ln.Runs {
			if len(run) == 1 {
				cv.dot(run[0], 2.5, col)
				continue
			}
			cv.stroke(run, 1.8, col)
		}
	}
	if len(l.Lines) > 1 || l.Lines[0].Name != "" {
		wd := 0.0
		for _, ln := range l.Lines {
			wd = math.Max(wd, cv.width(ln.Name))
		}
		cv.fill(l.X1-wd-34, l.Y0+2, l.X1-2, l.Y0+6+14*float64(len(l.Lines)), color.NRGBA{0xff, 0xff, 0xff, 0xe0})
		y := l.Y0 + 14
		for _, ln := range l.Lines {
			x := l.X1 - 8 - wd - 22
			cv.stroke([][2]float64{{x, y - 4}, {x + 16, y - 4}}, 3, parseHex(ln.Color))
			cv.text(ln.Name, x+20, y, alignLeft, color.Black)
			y += 14
		}
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("chart %q: encoding png: %w", c.Title, err)
	}
	return nil
}

type align int

const (
	alignLeft align = iota
	alignCenter
	alignRight
)

type canvas struct {
	img  *image.RGBA
	face font.Face
}

// newFace returns an 11-pixel Go Regular face. A face caches glyphs, so
// each PNG call gets its own and PNG stays safe for concurrent use.
func newFace() (font.Face, error) {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, fmt.Errorf("loading the chart font: %w", err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 11, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("loading the chart font: %w", err)
	}
	return face, nil
}

func (cv *canvas) width(s string) float64 {
	return float64(font.MeasureString(cv.face, s).Ceil())
}

func (cv *canvas) fill(x0, y0, x1, y1 float64, col color.Color) {
	draw.Draw(cv.img, image.Rect(int(x0), int(y0), int(math.Ceil(x1)), int(math.Ceil(y1))), image.NewUniform(col), image.Point{}, draw.Over)
}

// stroke draws the polyline pts with the given width.
func (cv *canvas) stroke(pts [][2]float64, width float64, col color.Color) {
	b := cv.img.Bounds()
	r := vector.NewRasterizer(b.Dx(), b.Dy())
	r.DrawOp = draw.Over
	h := width / 2
	for i := 1; i < len(pts); i++ {
		x0, y0, x1, y1 := pts[i-1][0], pts[i-1][1], pts[i][0], pts[i][1]
		dx, dy := x1-x0, y1-y0
		n := math.Hypot(dx, dy)
		if n == 0 {
			continue
		}
		// the segment as a quad, extended by h at both ends so joints close
		ux, uy := dx/n*h, dy/n*h
		nx, ny := -uy, ux
		x0, y0, x1, y1 = x0-ux, y0-uy, x1+ux, y1+uy
		r.MoveTo(f32(x0+nx), f32(y0+ny))
		r.LineTo(f32(x1+nx), f32(y1+ny))
		r.LineTo(f32(x1-nx), f32(y1-ny))
		r.LineTo(f32(x0-nx), f32(y0-ny))
		r.ClosePath()
	}
	r.Draw(cv.img, b, image.NewUniform(col), image.Point{})
}

func (cv *canvas) dot(c [2]float64, radius float64, col color.Color) {
	b := cv.img.Bounds()
	r := vector.NewRasterizer(b.Dx(), b.Dy())
	r.DrawOp = draw.Over
	const n = 16
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / n
		x, y := f32(c[0]+radius*math.Cos(a)), f32(c[1]+radius*math.Sin(a))
		if i == 0 {
			r.MoveTo(x, y)
		} else {
			r.LineTo(x, y)
		}
	}
	r.ClosePath()
	r.Draw(cv.img, b, image.NewUniform(col), image.Point{})
}

// text draws s with its baseline at y, aligned on x.
func (cv *canvas) text(s string, x, y float64, a align, col color.Color) {
	d := &font.Drawer{Dst: cv.img, Src: image.NewUniform(col), Face: cv.face}
	wd := d.MeasureString(s).Round()
	switch a {
	case alignCenter:
		x -= float64(wd) / 2
	case alignRight:
		x -= float64(wd)
	}
	d.Dot = fixed.P(int(math.Round(x)), int(math.Round(y)))
	d.DrawString(s)
}

// vtext draws s rotated a quarter turn anticlockwise, centred on y, its
// top at x.
func (cv *canvas) vtext(s string, x, y float64, col color.Color) {
	d := &font.Drawer{Src: image.NewUniform(col), Face: cv.face}
	wd := d.MeasureString(s).Round()
	tmp := image.NewRGBA(image.Rect(0, 0, wd, 13))
	d.Dst = tmp
	d.Dot = fixed.P(0, 10)
	d.DrawString(s)
	ox, oy := int(x), int(y)+wd/2
	for ty := 0; ty < 13; ty++ {
		for tx := 0; tx < wd; tx++ {
			c := tmp.RGBAAt(tx, ty)
			if c.A == 0 {
				continue
			}
			p := image.Pt(ox+ty, oy-tx)
			if p.In(cv.img.Bounds()) {
				cv.img.SetRGBA(p.X, p.Y, blend(cv.img.RGBAAt(p.X, p.Y), c))
			}
		}
	}
}

func blend(dst, src color.RGBA) color.RGBA {
	a := uint32(src.A)
	mix := func(d, s uint8) uint8 { return uint8((uint32(s)*255 + uint32(d)*(255-a)) / 255) }
	return color.RGBA{mix(dst.R, src.R), mix(dst.G, src.G), mix(dst.B, src.B), 0xff}
}

func f32(v float64) float32 { return float32(v) }

func parseHex(s string) color.RGBA {
	v, err := strconv.ParseUint(s[1:], 16, 32)
	if err != nil || len(s) != 7 {
		return color.RGBA{0, 0, 0, 0xff}
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}
