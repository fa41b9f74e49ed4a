package plot

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// SVG writes c as a standalone SVG document. Each series is a <polyline>
// (one per unbroken run) with class "series" and data-series set to its
// name; each mark is a <line> with class "mark"; the axes' ticks carry
// class "xtick" and "ytick".
func SVG(w io.Writer, c Chart) error {
	l, err := plan(c)
	if err != nil {
		return err
	}
	b := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(b, format, args...) }
	p(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	p(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n", l.W, l.H, l.W, l.H)
	p(`<rect width="100%%" height="100%%" fill="white"/>` + "\n")
	if c.Title != "" {
		p(`<text class="title" x="%d" y="20" text-anchor="middle" font-size="14" font-weight="bold">%s</text>`+"\n", l.W/2, esc(c.Title))
	}
	if c.XLabel != "" {
		p(`<text class="xlabel" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num((l.X0+l.X1)/2), num(l.Y1+32), esc(c.XLabel))
	}
	if c.YLabel != "" {
		p(`<text class="ylabel" transform="translate(14 %s) rotate(-90)" text-anchor="middle">%s</text>`+"\n", num((l.Y0+l.Y1)/2), esc(c.YLabel))
	}
	// grid and ticks
	p(`<g stroke="#e0e0e0" stroke-width="1">` + "\n")
	for _, t := range l.YTicks {
		p(`<line x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(l.X0), num(t.At), num(l.X1), num(t.At))
	}
	for _, t := range l.XTicks {
		p(`<line x1="%s" y1="%s" x2="%s" y2="%s"/>`+"\n", num(t.At), num(l.Y0), num(t.At), num(l.Y1))
	}
	p("</g>\n")
	for _, t := range l.YTicks {
		p(`<text class="ytick" x="%s" y="%s" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", num(l.X0-6), num(t.At), esc(t.Label))
	}
	for _, t := range l.XTicks {
		p(`<text class="xtick" x="%s" y="%s" text-anchor="middle">%s</text>`+"\n", num(t.At), num(l.Y1+16), esc(t.Label))
	}
	p(`<rect x="%s" y="%s" width="%s" height="%s" fill="none" stroke="#444"/>`+"\n", num(l.X0), num(l.Y0), num(l.X1-l.X0), num(l.Y1-l.Y0))
	for _, m := range l.Marks {
		p(`<line class="mark" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#888" stroke-dasharray="4 3"/>`+"\n", num(m.X), num(l.Y0), num(m.X), num(l.Y1))
		if m.Label != "" {
			p(`<text class="marklabel" x="%s" y="%s" font-size="10" fill="#555">%s</text>`+"\n", num(m.X+3), num(l.Y0+12), esc(m.Label))
		}
	}
	for _, ln := range l.Lines {
		for _, run := range ln.Runs {
			var pts strings.Builder
			for i, pt := range run {
				if i > 0 {
					pts.WriteByte(' ')
				}
				pts.WriteString(num(pt[0]) + "," + num(pt[1]))
			}
			p(`<polyline class="series" data-series="%s" fill="none" stroke="%s" stroke-width="1.8" points="%s"/>`+"\n", esc(ln.Name), ln.Color, pts.String())
			if len(run) == 1 {
				p(`<circle class="dot" data-series="%s" cx="%s" cy="%s" r="2.5" fill="%s"/>`+"\n", esc(ln.Name), num(run[0][0]), num(run[0][1]), ln.Color)
			}
		}
	}
	// legend, top right inside the plot area
	if len(l.Lines) > 1 || l.Lines[0].Name != "" {
		wd := 0
		for _, ln := range l.Lines {
			wd = max(wd, 6*len([]rune(ln.Name)))
		}
		p(`<rect class="legendbox" x="%s" y="%s" width="%d" height="%d" fill="white" fill-opacity="0.85"/>`+"\n", num(l.X1-float64(wd)-34), num(l.Y0+2), wd+32, 4+14*len(l.Lines))
		y := l.Y0 + 14
		for _, ln := range l.Lines {
			x := l.X1 - 8 - float64(wd) - 22
			p(`<line class="legend" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="3"/>`+"\n", num(x), num(y-4), num(x+16), num(y-4), ln.Color)
			p(`<text x="%s" y="%s">%s</text>`+"\n", num(x+20), num(y), esc(ln.Name))
			y += 14
		}
	}
	p("</svg>\n")
	return b.Flush()
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
