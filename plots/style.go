package plots

import (
	"image/color"
	"math"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// dpi fixes the pixel size of every chart: sizes below are in pixels at
// this resolution, and font sizes in points read the same on a 1200 px
// laptop window and on a projected slide.
const dpi = 100

// px converts pixels at dpi to a vg length.
func px(n float64) vg.Length { return vg.Length(n) * vg.Inch / dpi }

// okabeIto is the Okabe-Ito palette (Okabe and Ito, "Color Universal
// Design", 2002), ordered so that the first colours are the most distinct
// on white; yellow, hard to see as a thin line, comes last.
var okabeIto = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow
}

// seriesColor is the colour of the i-th plan, channel or group. Past the
// palette the colours repeat, told apart by seriesDashes.
func seriesColor(i int) color.NRGBA { return okabeIto[i%len(okabeIto)] }

// contrastRatio is the WCAG 2.x contrast ratio of two opaque colours:
// (L1 + 0.05) / (L2 + 0.05) of their relative luminances, L1 the lighter.
func contrastRatio(a, b color.NRGBA) float64 {
	lum := func(c color.NRGBA) float64 {
		f := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*f(c.R) + 0.7152*f(c.G) + 0.0722*f(c.B)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// textColor is the colour to write a series' name in on white: the
// series colour when it has WCAG's 4.5:1 for text, else the lightest
// shade of it (its channels scaled down together, in steps of 1%) that
// has. The lines keep the palette's colours; only text is darkened.
func textColor(c color.NRGBA) color.NRGBA {
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	for k := 100; k >= 0; k-- {
		f := float64(k) / 100
		d := color.NRGBA{uint8(math.Round(float64(c.R) * f)), uint8(math.Round(float64(c.G) * f)), uint8(math.Round(float64(c.B) * f)), c.A}
		if contrastRatio(d, white) >= 4.5 {
			return d
		}
	}
	return color.NRGBA{A: c.A}
}

// seriesDashes returns the dash pattern of the i-th series: solid for the
// first round of the palette, then dashed and dotted patterns, so that no
// two series look alike.
func seriesDashes(i int) []vg.Length {
	switch (i / len(okabeIto)) % 3 {
	case 1:
		return []vg.Length{px(10), px(4)}
	case 2:
		return []vg.Length{px(2), px(3)}
	}
	return nil
}

// band is the see-through version of a series colour for its 95%
// confidence band.
func band(c color.NRGBA, alpha uint8) color.NRGBA {
	c.A = alpha
	return c
}

var (
	ink       = color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	muted     = color.NRGBA{0x55, 0x55, 0x55, 0xFF}
	gridColor = color.NRGBA{0xDD, 0xDD, 0xDD, 0xFF}
	// targetStyle draws every target: dashed and dark, so it reads as a
	// reference and not as data.
	targetStyle = draw.LineStyle{Color: ink, Width: px(2), Dashes: []vg.Length{px(9), px(5)}}
)

const (
	bandAlpha        = 0x40 // one series per panel
	compareBandAlpha = 0x24 // several overlapping plans
)

func sans(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

func textStyle(size vg.Length, bold bool, c color.Color) text.Style {
	return text.Style{
		Color:   c,
		Font:    sans(size, bold),
		XAlign:  draw.XLeft,
		YAlign:  draw.YBottom,
		Handler: plot.DefaultTextHandler,
	}
}

// Font sizes in points.
const (
	figureTitleSize = 20
	subtitleSize    = 13
	panelTitleSize  = 15
	axisLabelSize   = 13
	tickLabelSize   = 12
	legendSize      = 13
	tableSize       = 13
	lineWidth       = 2.5 // px
)

// newPanel returns an empty plot styled for ccsim: sans-serif text large
// enough for a slide, light grid lines, no legend of its own (figures
// carry one legend for all their panels).
func newPanel(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = sans(panelTitleSize, true)
	p.Title.TextStyle.Color = ink
	p.Title.Padding = px(6)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(axisLabelSize, false)
		a.Label.TextStyle.Color = ink
		a.Tick.Label.Font = sans(tickLabelSize, false)
		a.Tick.Label.Color = ink
		a.Color = muted
		a.Tick.Color = muted
		a.Padding = px(4)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.Add(timeGrid{style: draw.LineStyle{Color: gridColor, Width: px(1)}})
	return p
}
