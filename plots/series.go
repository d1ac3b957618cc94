package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ccsim/ccsim/sim"
)

// points is one measure over a horizon: a value (and optionally the 95%
// confidence bounds) at each x, in the axis unit. NaN marks an interval
// where the measure is undefined.
type points struct {
	x, y, lo, hi []float64
	// step draws each value flat over [x[i], x[i+1]): staffing is constant
	// within an interval. A step series has one more x than values.
	step bool
}

// finite reports whether v can be drawn.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// statPoints reads stat(i) for each interval at the interval's midpoint,
// multiplied by scale (100 for shares drawn in percent).
func statPoints(t Timeline, x func(int) float64, scale float64, stat func(i int) sim.Stat) points {
	p := points{x: make([]float64, t.Intervals), y: make([]float64, t.Intervals),
		lo: make([]float64, t.Intervals), hi: make([]float64, t.Intervals)}
	for i := range t.Intervals {
		s := stat(i)
		p.x[i] = x(i)
		p.y[i], p.lo[i], p.hi[i] = math.NaN(), math.NaN(), math.NaN()
		if !finite(s.Mean) {
			continue
		}
		p.y[i] = s.Mean * scale
		if finite(s.HalfWidth) && s.HalfWidth >= 0 {
			p.lo[i], p.hi[i] = (s.Mean-s.HalfWidth)*scale, (s.Mean+s.HalfWidth)*scale
		}
	}
	return p
}

// valuePoints draws plain values (no confidence band).
func valuePoints(x []float64, y []float64) points { return points{x: x, y: y} }

// stepPoints draws one value per interval as a step over the interval.
func stepPoints(t Timeline, y []float64) points {
	x := make([]float64, len(y)+1)
	for i := range x {
		x[i] = t.start(i)
	}
	return points{x: x, y: y, step: true}
}

// runs returns the maximal runs [a, b) of consecutive indexes at which ok
// holds.
func runs(n int, ok func(i int) bool) [][2]int {
	var out [][2]int
	for i := 0; i < n; {
		if !ok(i) {
			i++
			continue
		}
		j := i
		for j < n && ok(j) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// lineStyle is a data line.
func lineStyle(c color.Color, dashes []vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: c, Width: px(lineWidth), Dashes: dashes}
}

// addBand shades the confidence band of p where both bounds are known,
// clipped to [floor, ceil]: a share lies in 0..100%, a count is never
// negative.
func addBand(pl *plot.Plot, p points, c color.Color, floor, ceil float64) {
	clip := func(v float64) float64 { return math.Min(math.Max(v, floor), ceil) }
	if p.lo == nil {
		return
	}
	for _, r := range runs(len(p.y), func(i int) bool { return finite(p.lo[i]) && finite(p.hi[i]) }) {
		a, b := r[0], r[1]
		if b-a < 2 {
			// A lone interval gets a vertical error bar instead.
			x := p.x[a]
			pl.Add(&segment{x0: x, y0: clip(p.lo[a]), x1: x, y1: clip(p.hi[a]), style: draw.LineStyle{Color: c, Width: px(6)}})
			continue
		}
		ring := make(plotter.XYs, 0, 2*(b-a))
		for i := a; i < b; i++ {
			ring = append(ring, plotter.XY{X: p.x[i], Y: clip(p.hi[i])})
		}
		for i := b - 1; i >= a; i-- {
			ring = append(ring, plotter.XY{X: p.x[i], Y: clip(p.lo[i])})
		}
		pl.Add(&clampedPolygon{plotter.Polygon{XYs: []plotter.XYs{ring}, Color: c}})
	}
}

// addLine draws p as lines broken at undefined values; a value with no
// defined neighbour is drawn as a dot so it does not vanish.
func addLine(pl *plot.Plot, p points, style draw.LineStyle) {
	for _, r := range runs(len(p.y), func(i int) bool { return finite(p.y[i]) }) {
		a, b := r[0], r[1]
		if p.step {
			xy := make(plotter.XYs, 0, 2*(b-a))
			for i := a; i < b; i++ {
				xy = append(xy, plotter.XY{X: p.x[i], Y: p.y[i]}, plotter.XY{X: p.x[i+1], Y: p.y[i]})
			}
			pl.Add(&clampedLine{plotter.Line{XYs: xy, LineStyle: style}})
			continue
		}
		if b-a == 1 {
			pl.Add(&dot{x: p.x[a], y: p.y[a], style: draw.GlyphStyle{Color: style.Color, Radius: px(3.5), Shape: draw.CircleGlyph{}}})
			continue
		}
		xy := make(plotter.XYs, 0, b-a)
		for i := a; i < b; i++ {
			xy = append(xy, plotter.XY{X: p.x[i], Y: p.y[i]})
		}
		pl.Add(&clampedLine{plotter.Line{XYs: xy, LineStyle: style}})
	}
}

// clamp pulls a data point to within one axis span of the visible range.
// Points far outside it (a corrupt 1e300) would otherwise become pixel
// coordinates the rasterizer cannot handle; within one span, every line
// leaves the panel at the same angle as before.
func clamp(pl *plot.Plot, xy plotter.XY) plotter.XY {
	in := func(v, lo, hi float64) float64 {
		span := hi - lo
		return math.Min(math.Max(v, lo-span), hi+span)
	}
	return plotter.XY{X: in(xy.X, pl.X.Min, pl.X.Max), Y: in(xy.Y, pl.Y.Min, pl.Y.Max)}
}

func clampAll(pl *plot.Plot, xys plotter.XYs) plotter.XYs {
	out := make(plotter.XYs, len(xys))
	for i, xy := range xys {
		out[i] = clamp(pl, xy)
	}
	return out
}

// clampedLine is a gonum line drawn with its points clamped. It reports
// no glyph boxes: a line needs no padding, and the panels' layout must
// not depend on the data.
type clampedLine struct{ plotter.Line }

func (l *clampedLine) Plot(c draw.Canvas, pl *plot.Plot) {
	line := l.Line
	line.XYs = clampAll(pl, l.XYs)
	line.Plot(c, pl)
}

func (l *clampedLine) GlyphBoxes(*plot.Plot) []plot.GlyphBox { return nil }

// clampedPolygon is a gonum polygon drawn with its points clamped.
type clampedPolygon struct{ plotter.Polygon }

func (p *clampedPolygon) Plot(c draw.Canvas, pl *plot.Plot) {
	poly := p.Polygon
	poly.XYs = make([]plotter.XYs, len(p.XYs))
	for i, ring := range p.XYs {
		poly.XYs[i] = clampAll(pl, ring)
	}
	poly.Plot(c, pl)
}

// dot marks a value with no defined neighbour, so that it does not vanish
// from a line chart.
type dot struct {
	x, y  float64
	style draw.GlyphStyle
}

func (d *dot) Plot(c draw.Canvas, pl *plot.Plot) {
	trX, trY := pl.Transforms(&c)
	xy := clamp(pl, plotter.XY{X: d.x, Y: d.y})
	c.DrawGlyph(d.style, vg.Point{X: trX(xy.X), Y: trY(xy.Y)})
}

func (d *dot) DataRange() (xmin, xmax, ymin, ymax float64) { return d.x, d.x, d.y, d.y }

// addTarget draws a horizontal target line at y across the x range.
func addTarget(pl *plot.Plot, y float64) {
	if !finite(y) {
		return
	}
	pl.Add(&rule{at: y, style: targetStyle})
}

// rule is a line across the whole panel at one data value: horizontal at
// y = at, or vertical at x = at. It widens that axis's range to include at
// but leaves the other axis to the data.
type rule struct {
	at       float64
	vertical bool
	style    draw.LineStyle
}

func (r *rule) Plot(c draw.Canvas, pl *plot.Plot) {
	trX, trY := pl.Transforms(&c)
	from, to := c.Min, c.Max
	if r.vertical {
		from.X = trX(r.at)
		to.X = from.X
	} else {
		from.Y = trY(r.at)
		to.Y = from.Y
	}
	if from.X < c.Min.X || from.X > c.Max.X || from.Y < c.Min.Y || from.Y > c.Max.Y {
		return
	}
	c.StrokeLine2(r.style, from.X, from.Y, to.X, to.Y)
}

func (r *rule) DataRange() (xmin, xmax, ymin, ymax float64) {
	if r.vertical {
		return r.at, r.at, math.Inf(1), math.Inf(-1)
	}
	return math.Inf(1), math.Inf(-1), r.at, r.at
}

// segment is a straight line between two data points.
type segment struct {
	x0, y0, x1, y1 float64
	style          draw.LineStyle
}

func (s *segment) Plot(c draw.Canvas, pl *plot.Plot) {
	trX, trY := pl.Transforms(&c)
	a, b := clamp(pl, plotter.XY{X: s.x0, Y: s.y0}), clamp(pl, plotter.XY{X: s.x1, Y: s.y1})
	c.StrokeLines(s.style, c.ClipLinesXY([]vg.Point{{X: trX(a.X), Y: trY(a.Y)}, {X: trX(b.X), Y: trY(b.Y)}})...)
}

func (s *segment) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Min(s.x0, s.x1), math.Max(s.x0, s.x1), math.Min(s.y0, s.y1), math.Max(s.y0, s.y1)
}

// maxOf returns the largest finite value among the series, or 0.
func maxOf(ps ...[]float64) float64 {
	m := 0.0
	for _, p := range ps {
		for _, v := range p {
			if finite(v) && v > m {
				m = v
			}
		}
	}
	return m
}
