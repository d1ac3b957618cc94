package plots

import (
	"bytes"
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
	"github.com/ccsim/ccsim/sweep"
)

// SweepCharts draws what a sweep's points support: a tornado chart
// (tornado.png) when the sweep holds its base point and points that each
// change one parameter from it, and a heatmap (heatmap.png) when two
// parameters form a grid. channel names the channel whose service level
// and abandonment they show; empty means the first channel with a
// service-level goal. notes say why a chart was not drawn.
func SweepCharts(s output.Sweep, channel string) (charts []Chart, notes []string, err error) {
	ch, err := sweepChannel(s.Plan.Base, channel)
	if err != nil {
		return nil, nil, err
	}
	var figs []namedFigure
	if tor, note := tornadoFigure(s, ch); tor != nil {
		figs = append(figs, namedFigure{"tornado.png", tor.figure})
	} else {
		notes = append(notes, note)
	}
	if fig, note := heatmapFigure(s, ch); fig != nil {
		figs = append(figs, namedFigure{"heatmap.png", fig})
	} else {
		notes = append(notes, note)
	}
	for _, fig := range figs {
		var buf bytes.Buffer
		if err := fig.render(&buf); err != nil {
			return nil, nil, err
		}
		charts = append(charts, Chart{File: fig.file, PNG: buf.Bytes()})
	}
	return charts, notes, nil
}

// sweepChannel finds the channel the charts show.
func sweepChannel(m *sim.Model, name string) (int, error) {
	if name != "" {
		for c := range m.Channels {
			if m.Channels[c].Name == name {
				return c, nil
			}
		}
		var names []string
		for _, c := range m.Channels {
			names = append(names, c.Name)
		}
		return 0, fmt.Errorf("plots: unknown channel %q (the scenario has %s)", name, strings.Join(names, ", "))
	}
	for c := range m.Channels {
		if t := m.Channels[c].Target; t.Goal > 0 && t.Threshold > 0 {
			return c, nil
		}
	}
	return 0, nil
}

// atBase reports whether axis a of point pt is at its base value.
func atBase(p *sweep.Plan, pt sweep.Point, a int) bool {
	v, b := pt.Values[a], p.Axes[a].Base
	return v == b || math.IsNaN(v) && math.IsNaN(b)
}

// basePoint returns the index of the point with every axis at its base,
// or -1.
func basePoint(p *sweep.Plan) int {
	for i := range p.Len() {
		pt := p.Point(i)
		all := true
		for a := range p.Axes {
			all = all && atBase(p, pt, a)
		}
		if all {
			return i
		}
	}
	return -1
}

// tornadoKPI is one panel of a tornado chart.
type tornadoKPI struct {
	title  string
	unit   sim.Unit
	target float64 // NaN for none
	value  func(t *sweep.Totals) sim.Stat
}

// tornadoBar is one parameter's row: the KPI at its lowest and highest
// value, with those values' labels.
type tornadoBar struct {
	label        string
	lowV, highV  string
	low, high    int // point indices; high == -1 when the axis has one value
	swingOfFirst float64
}

// tornado is a tornado chart and the bars of each of its panels.
type tornado struct {
	*figure
	bars []*hbars
}

func tornadoFigure(s output.Sweep, ch int) (*tornado, string) {
	p := s.Plan
	m := p.Base
	b := basePoint(p)
	if b < 0 {
		return nil, "no tornado chart: the sweep does not hold its base point (every parameter at the scenario's value)"
	}
	c := &m.Channels[ch]
	kpis := []tornadoKPI{{
		title: c.Name + " service level", unit: sim.Share, target: nanIfZero(c.Target.Goal),
		value: func(t *sweep.Totals) sim.Stat { return t.Channels[ch][sim.ServiceLevel] },
	}}
	if c.Realtime() && c.Patience != nil {
		kpis = append(kpis, tornadoKPI{
			title: c.Name + " abandonment", unit: sim.Share, target: nanIfZero(c.Target.MaxAbandon),
			value: func(t *sweep.Totals) sim.Stat { return t.Channels[ch][sim.AbandonRate] },
		})
	}
	kpis = append(kpis, tornadoKPI{
		title: "cost of " + output.HorizonText(m.Horizon()), unit: sim.Money, target: math.NaN(),
		value: func(t *sweep.Totals) sim.Stat { return t.All[sim.Cost] },
	})
	if !finite(kpis[0].value(&s.Totals[b]).Mean) {
		kpis = kpis[1:]
	}

	var bars []tornadoBar
	for a := range p.Axes {
		var idx []int
		for i := range p.Len() {
			pt := p.Point(i)
			if atBase(p, pt, a) {
				continue
			}
			others := true
			for o := range p.Axes {
				others = others && (o == a || atBase(p, pt, o))
			}
			if others {
				idx = append(idx, i)
			}
		}
		if len(idx) == 0 {
			continue
		}
		slices.SortFunc(idx, func(x, y int) int {
			return cmp.Compare(p.Point(x).Values[a], p.Point(y).Values[a])
		})
		ax := &p.Axes[a]
		bar := tornadoBar{label: output.ParamPhrase(ax), low: idx[0], high: -1}
		bar.lowV = output.ParamValue(ax.Unit, p.Point(idx[0]).Values[a])
		if len(idx) > 1 {
			bar.high = idx[len(idx)-1]
			bar.highV = output.ParamValue(ax.Unit, p.Point(bar.high).Values[a])
		}
		base := kpis[0].value(&s.Totals[b]).Mean
		for _, i := range []int{bar.low, bar.high} {
			if i >= 0 {
				if v := kpis[0].value(&s.Totals[i]).Mean; finite(v) {
					bar.swingOfFirst = math.Max(bar.swingOfFirst, math.Abs(v-base))
				}
			}
		}
		bars = append(bars, bar)
	}
	if len(bars) == 0 {
		return nil, "no tornado chart: no point changes a single parameter from the base"
	}
	// The widest swing on top, as a tornado reads.
	slices.SortStableFunc(bars, func(x, y tornadoBar) int { return cmp.Compare(y.swingOfFirst, x.swingOfFirst) })

	lowColor, highColor := seriesColor(5), seriesColor(1)
	var grid [][]*plot.Plot
	var panelBars []*hbars
	for _, k := range kpis {
		base := k.value(&s.Totals[b]).Mean
		scale := 1.0
		if k.unit == sim.Share {
			scale = 100
		}
		pl := newPanel(tornadoTitle(k, base, m.Currency), tornadoAxis(k, m.Currency), "")
		var hb hbars
		var labels []string
		lo, hi := base*scale, base*scale
		for r, bar := range bars {
			y := float64(len(bars) - 1 - r)
			labels = append(labels, bar.label)
			if bar.high >= 0 && same(k.value(&s.Totals[bar.low]).Mean, base) && same(k.value(&s.Totals[bar.high]).Mean, base) {
				// Neither end moves the KPI: one label says so.
				hb.bars = append(hb.bars, hbar{y: y, from: base * scale, to: base * scale, color: muted,
					label: bar.lowV + " to " + bar.highV + ": no change"})
				continue
			}
			for side, i := range []int{bar.low, bar.high} {
				if i < 0 {
					continue
				}
				v := k.value(&s.Totals[i]).Mean
				if !finite(v) {
					continue
				}
				col, pv := lowColor, bar.lowV
				if side == 1 {
					col, pv = highColor, bar.highV
				}
				hb.bars = append(hb.bars, hbar{y: y, from: base * scale, to: v * scale, color: col,
					label: pv + ": " + kpiText(k.unit, v, m.Currency)})
				lo, hi = math.Min(lo, v*scale), math.Max(hi, v*scale)
			}
		}
		if finite(k.target) {
			lo, hi = math.Min(lo, k.target*scale), math.Max(hi, k.target*scale)
		}
		span := hi - lo
		if !(span > 0) {
			span = math.Max(math.Abs(hi), 1) * 0.1
		}
		// Room for the labels at the bars' ends.
		pl.X.Min, pl.X.Max = lo-0.45*span, hi+0.45*span
		pl.X.Tick.Marker = numberTicks{}
		if k.unit == sim.Share {
			// Room for labels may run past 0% or 100%; no tick does.
			pl.X.Tick.Marker = within(numberTicks{}, 0, 100)
		}
		pl.Y.Min, pl.Y.Max = -0.6, float64(len(bars))-0.4
		pl.Y.Tick.Marker = categoryTicks(slices.Backward(labels))
		// The lines first, so that the bars' labels stand on top of them.
		pl.Add(&rule{at: base * scale, vertical: true, style: draw.LineStyle{Color: ink, Width: px(2)}})
		if finite(k.target) {
			pl.Add(&rule{at: k.target * scale, vertical: true, style: targetStyle})
		}
		pl.Add(&hb)
		grid = append(grid, []*plot.Plot{pl})
		panelBars = append(panelBars, &hb)
	}
	legend := []legendItem{
		{"lower value of the parameter", bandThumb(lowColor)},
		{"higher value", bandThumb(highColor)},
		{"base: the scenario as given", lineThumb(ink, nil)},
	}
	if finite(kpis[0].target) || len(kpis) > 1 && finite(kpis[1].target) {
		legend = append(legend, legendItem{"target", targetThumb()})
	}
	return &tornado{bars: panelBars, figure: &figure{
		title: "What moves " + c.Name + "'s service level, abandonment and cost",
		subtitle: fmt.Sprintf("%s: each bar changes one parameter from the base and keeps the others; "+
			"widest swing in %s on top.", output.ScenarioName(m.Name), strings.ToLower(kpis[0].title)),
		legend:        legend,
		panels:        grid,
		panelsWidthPx: 1100,
		rowHeightPx:   math.Max(230, 90+52*float64(len(bars))),
		footer: fmt.Sprintf("Means of %s per point, every point on the same random numbers (seed %d): "+
			"the differences are the parameters', not the luck of the draw. Confidence intervals: ccsim sweep's table.",
			output.Plural(float64(m.Replications), "replication"), m.Seed),
	}}, ""
}

// same reports whether two figures are equal but for the rounding of
// sums taken in another order.
func same(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

func nanIfZero(v float64) float64 {
	if v == 0 {
		return math.NaN()
	}
	return v
}

func tornadoTitle(k tornadoKPI, base float64, currency string) string {
	t := k.title + ": base " + kpiText(k.unit, base, currency)
	if finite(k.target) {
		word := "goal "
		if strings.HasSuffix(k.title, "abandonment") {
			word = "at most "
		}
		t += ", " + word + kpiText(k.unit, k.target, currency)
	}
	return t
}

func tornadoAxis(k tornadoKPI, currency string) string {
	switch k.unit {
	case sim.Share:
		return k.title + " (%)"
	case sim.Money:
		if currency != "" {
			return k.title + " (" + currency + ")"
		}
	}
	return k.title
}

// kpiText writes a KPI's value for a label: "87.7%", "24,425".
func kpiText(u sim.Unit, v float64, currency string) string {
	if u == sim.Share {
		return output.Share(v)
	}
	if u == sim.Money {
		return output.Money(v)
	}
	num, unit := output.Amount(u, v, v, currency)
	return num + unit
}

// within keeps the ticks of t that fall in [lo, hi].
func within(t plot.Ticker, lo, hi float64) plot.TickerFunc {
	return func(min, max float64) []plot.Tick {
		var out []plot.Tick
		for _, tk := range t.Ticks(min, max) {
			if tk.Value >= lo-1e-9 && tk.Value <= hi+1e-9 {
				out = append(out, tk)
			}
		}
		return out
	}
}

// categoryTicks labels whole positions 0, 1, ... of an axis with labels,
// the first at 0.
func categoryTicks(labels func(func(int, string) bool)) plot.TickerFunc {
	var ticks []plot.Tick
	k := 0
	for _, l := range labels {
		ticks = append(ticks, plot.Tick{Value: float64(k), Label: l})
		k++
	}
	return func(min, max float64) []plot.Tick { return ticks }
}

// hbar is one horizontal bar from one value to another at height y, with
// a label past its outer end.
type hbar struct {
	y, from, to float64
	color       color.Color
	label       string
}

// hbars draws horizontal bars; a bar is 0.6 of a row high.
type hbars struct{ bars []hbar }

func (h *hbars) Plot(c draw.Canvas, pl *plot.Plot) {
	trX, trY := pl.Transforms(&c)
	sty := textStyle(tickLabelSize, false, ink)
	sty.YAlign = draw.YCenter
	for _, b := range h.bars {
		x0, x1 := trX(b.from), trX(b.to)
		y0, y1 := trY(b.y-0.3), trY(b.y+0.3)
		if x0 == x1 {
			// No change: a hairline, so that the row does not look empty.
			x0, x1 = x0-px(1), x0+px(1)
		}
		c.FillPolygon(b.color, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
		at := vg.Point{X: x1 + px(6), Y: trY(b.y)}
		sty.XAlign = draw.XLeft
		if b.to < b.from {
			at.X = x1 - px(6)
			sty.XAlign = draw.XRight
		}
		// A white ground keeps the label legible over grid, base and
		// target lines.
		w, ht := sty.Width(b.label), sty.Height(b.label)
		x0b := at.X
		if sty.XAlign == draw.XRight {
			x0b -= w
		}
		c.FillPolygon(color.White, []vg.Point{{X: x0b - px(2), Y: at.Y - ht/2}, {X: x0b + w + px(2), Y: at.Y - ht/2},
			{X: x0b + w + px(2), Y: at.Y + ht/2}, {X: x0b - px(2), Y: at.Y + ht/2}})
		c.FillText(sty, at, b.label)
	}
}

func (h *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax, ymin, ymax = math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, b := range h.bars {
		xmin, xmax = math.Min(xmin, math.Min(b.from, b.to)), math.Max(xmax, math.Max(b.from, b.to))
		ymin, ymax = math.Min(ymin, b.y-0.5), math.Max(ymax, b.y+0.5)
	}
	return xmin, xmax, ymin, ymax
}

// heatmapFigure draws a two-parameter grid of the channel's service
// level, each cell coloured by how far it is from the goal and labelled
// with its value, with the contour where the goal is just met.
func heatmapFigure(s output.Sweep, ch int) (*figure, string) {
	p := s.Plan
	m := p.Base
	var varying []int
	for a := range p.Axes {
		if len(p.Axes[a].Values) > 1 {
			varying = append(varying, a)
		}
	}
	switch {
	case p.Mode != sweep.Factorial:
		return nil, "no heatmap: it needs a factorial sweep (--mode factorial) of two parameters"
	case len(varying) < 2:
		return nil, "no heatmap: it needs two parameters with several values each"
	}
	ax, ay := varying[0], varying[1]
	xs, ys := p.Axes[ax].Values, p.Axes[ay].Values
	z := make([][]float64, len(ys))
	for r := range z {
		z[r] = make([]float64, len(xs))
		for c := range z[r] {
			z[r][c] = math.NaN()
		}
	}
	filled := 0
	for i := range p.Len() {
		pt := p.Point(i)
		others := true
		for _, o := range varying[2:] {
			others = others && atBase(p, pt, o)
		}
		if !others {
			continue
		}
		c, r := slices.Index(xs, pt.Values[ax]), slices.Index(ys, pt.Values[ay])
		z[r][c] = s.Totals[i].Channels[ch][sim.ServiceLevel].Mean
		filled++
	}
	if filled == 0 {
		return nil, "no heatmap: the parameters beyond the first two do not take their base values"
	}
	// Cells are drawn in value order along each axis.
	xo, yo := order(xs), order(ys)
	g := &sweepGrid{z: z, xs: xs, ys: ys, xo: xo, yo: yo}

	c := &m.Channels[ch]
	goal := c.Target.Goal
	if !(c.Target.Threshold > 0) {
		goal = 0
	}
	zs := slices.Concat(z...)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range zs {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if !finite(lo) {
		return nil, "no heatmap: the channel has no service level at any point"
	}
	bins := newShareBins(lo, hi, goal)

	xa, ya := &p.Axes[ax], &p.Axes[ay]
	pl := newPanel("", output.ParamPhrase(xa)+"  ("+xa.Label()+")", output.ParamPhrase(ya)+"  ("+ya.Label()+")")
	pl.Add(&cells{g: g, bins: bins, goal: goal})
	pl.X.Tick.Marker = valueTicks(xa, g.xpos)
	pl.Y.Tick.Marker = valueTicks(ya, g.ypos)
	pl.X.Min, pl.X.Max = -0.5, float64(len(xs))-0.5
	pl.Y.Min, pl.Y.Max = -0.5, float64(len(ys))-0.5

	var legend []legendItem
	for k := len(bins.edges); k >= 0; k-- {
		legend = append(legend, legendItem{bins.label(k), bandThumb(bins.colors[k])})
	}
	sub := fmt.Sprintf("%s: the share of %s contacts answered within %s at each combination, in percent.",
		output.ScenarioName(m.Name), c.Name, output.FormatSeconds(c.Target.Threshold))
	if goal > 0 {
		legend = append(legend, legendItem{"border of the cells that meet the " + output.Percent(goal) + " goal", lineThumb(ink, nil)})
		switch {
		case lo >= goal:
			sub += " Every cell meets the goal."
		case hi < goal:
			sub += " No cell meets the goal."
		}
	}
	if len(varying) > 2 {
		var rest []string
		for _, o := range varying[2:] {
			rest = append(rest, p.Axes[o].Label()+" at "+output.ParamValue(p.Axes[o].Unit, p.Axes[o].Base))
		}
		sub += " Other parameters at the scenario's values: " + strings.Join(rest, ", ") + "."
	}
	cellPx := math.Max(34, math.Min(90, 900/float64(len(xs))))
	width := math.Max(700, cellPx*float64(len(xs))+160)
	height := math.Max(420, math.Min(1100, cellPx*0.8*float64(len(ys))+140))
	return &figure{
		title:         c.Name + " service level by " + output.ParamPhrase(xa) + " and " + output.ParamPhrase(ya),
		subtitle:      sub,
		legend:        legend,
		panels:        [][]*plot.Plot{{pl}},
		panelsWidthPx: width,
		rowHeightPx:   height,
		footer: fmt.Sprintf("Each cell is the mean of %s on the same random numbers (seed %d). "+
			"Read across a row for the staffing a volume needs.", output.Plural(float64(m.Replications), "replication"), m.Seed),
	}, ""
}

// order returns the positions of values sorted ascending: order[i] is
// where value i is drawn.
func order(vs []float64) []int {
	idx := make([]int, len(vs))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(vs[a], vs[b]) })
	pos := make([]int, len(vs))
	for p, i := range idx {
		pos[i] = p
	}
	return pos
}

// sweepGrid is a heatmap's values as gonum's GridXYZ, on positions 0, 1,
// ... of the values sorted (cells of equal size whatever the spacing of
// the values).
type sweepGrid struct {
	z      [][]float64 // z[row][col], in the axes' order
	xs, ys []float64
	xo, yo []int
}

func (g *sweepGrid) Dims() (c, r int) { return len(g.xs), len(g.ys) }

// Z, X and Y read the grid in drawing order.
func (g *sweepGrid) Z(c, r int) float64 {
	return g.z[slices.Index(g.yo, r)][slices.Index(g.xo, c)]
}
func (g *sweepGrid) X(c int) float64 { return float64(c) }
func (g *sweepGrid) Y(r int) float64 { return float64(r) }

func (g *sweepGrid) xpos(i int) float64 { return float64(g.xo[i]) }
func (g *sweepGrid) ypos(i int) float64 { return float64(g.yo[i]) }

// valueTicks labels each value of an axis at its position, thinning the
// labels of a long axis to about twelve.
func valueTicks(a *sweep.CheckedAxis, pos func(int) float64) plot.TickerFunc {
	every := max(1, (len(a.Values)+11)/12)
	idx := make([]int, len(a.Values))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(x, y int) int { return cmp.Compare(pos(x), pos(y)) })
	var ticks []plot.Tick
	for k, i := range idx {
		t := plot.Tick{Value: pos(i)}
		if k%every == 0 {
			t.Label = output.ParamValue(a.Unit, a.Values[i])
		}
		ticks = append(ticks, t)
	}
	return func(min, max float64) []plot.Tick { return ticks }
}

// shareBins colour service levels by their distance from the goal:
// oranges below it, darker the further, and blues at or above it.
type shareBins struct {
	edges  []float64 // ascending; bin k is [edges[k-1], edges[k])
	colors []color.Color
	goal   float64
}

var (
	belowGoal = []color.Color{ // far below ... just below
		color.NRGBA{0x7f, 0x2b, 0x0a, 0xff}, color.NRGBA{0xb3, 0x47, 0x0b, 0xff}, color.NRGBA{0xe0, 0x6a, 0x1b, 0xff},
		color.NRGBA{0xf5, 0x98, 0x4a, 0xff}, color.NRGBA{0xfc, 0xc4, 0x8c, 0xff},
	}
	atGoal = []color.Color{ // just above ... far above
		color.NRGBA{0xd4, 0xe6, 0xf4, 0xff}, color.NRGBA{0xa3, 0xc9, 0xe6, 0xff}, color.NRGBA{0x64, 0xa2, 0xd2, 0xff},
		color.NRGBA{0x2f, 0x77, 0xb4, 0xff}, color.NRGBA{0x12, 0x4b, 0x84, 0xff},
	}
)

// newShareBins cuts [lo, hi] into bins of a round width (2, 5 or 10
// points) around the goal; without a goal the blues run from lo to hi.
func newShareBins(lo, hi, goal float64) *shareBins {
	b := &shareBins{goal: goal}
	step := 0.1
	for _, s := range []float64{0.02, 0.05} {
		if (hi-lo)/s <= 8 {
			step = s
			break
		}
	}
	if goal <= 0 {
		start := math.Floor(lo/step) * step
		for k := 1; k < len(atGoal) && start+float64(k)*step <= hi; k++ {
			b.edges = append(b.edges, start+float64(k)*step)
		}
		b.colors = atGoal[:len(b.edges)+1]
		return b
	}
	below := min(len(belowGoal)-1, max(0, int(math.Ceil((goal-lo)/step-1e-9))-1))
	above := min(len(atGoal)-1, max(0, int(math.Ceil((hi-goal)/step-1e-9))-1))
	for k := below; k >= 1; k-- {
		b.edges = append(b.edges, goal-float64(k)*step)
	}
	if lo < goal {
		b.edges = append(b.edges, goal)
		b.colors = append(b.colors, belowGoal[len(belowGoal)-1-below:]...)
	}
	for k := 1; k <= above; k++ {
		b.edges = append(b.edges, goal+float64(k)*step)
	}
	b.colors = append(b.colors, atGoal[:above+1]...)
	return b
}

func (b *shareBins) bin(v float64) int {
	k := 0
	for k < len(b.edges) && v >= b.edges[k]-1e-12 {
		k++
	}
	return k
}

// label names bin k: "below 70%", "70-75%", "90% and more".
func (b *shareBins) label(k int) string {
	pct := func(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%" }
	switch {
	case len(b.edges) == 0:
		return "every cell"
	case k == 0:
		return "below " + pct(b.edges[0])
	case k == len(b.edges):
		return pct(b.edges[k-1]) + " and more"
	}
	return pct(b.edges[k-1]) + "–" + pct(b.edges[k])
}

// cells fills a heatmap's cells, writes each value in it when it fits,
// and draws the border between the cells that meet the goal and those
// that do not: the goal's contour at the grid's resolution, which never
// crosses a cell's label.
type cells struct {
	g    *sweepGrid
	bins *shareBins
	goal float64 // 0: none
}

func (h *cells) Plot(c draw.Canvas, pl *plot.Plot) {
	trX, trY := pl.Transforms(&c)
	nc, nr := h.g.Dims()
	cellW := trX(1) - trX(0)
	cellH := trY(1) - trY(0)
	sty := textStyle(tickLabelSize, false, ink)
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	for col := range nc {
		for row := range nr {
			v := h.g.Z(col, row)
			x0, x1 := trX(float64(col)-0.5), trX(float64(col)+0.5)
			y0, y1 := trY(float64(row)-0.5), trY(float64(row)+0.5)
			fill := color.Color(color.NRGBA{0xee, 0xee, 0xee, 0xff})
			if finite(v) {
				fill = h.bins.colors[h.bins.bin(v)]
			}
			c.FillPolygon(fill, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
			c.StrokeLines(draw.LineStyle{Color: color.White, Width: px(1)}, []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}})
			label := "-"
			if finite(v) {
				label = strconv.FormatFloat(math.Round(v*1000)/10, 'f', 1, 64)
			}
			if sty.Width(label) > cellW-px(4) || sty.Height(label) > cellH-px(2) {
				continue
			}
			sty.Color = ink
			if dark(fill) {
				sty.Color = color.White
			}
			c.FillText(sty, vg.Point{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}, label)
		}
	}
	if h.goal <= 0 {
		return
	}
	meets := func(col, row int) bool {
		if col < 0 || row < 0 || col >= nc || row >= nr {
			return false
		}
		v := h.g.Z(col, row)
		return finite(v) && v >= h.goal
	}
	border := draw.LineStyle{Color: ink, Width: px(4)}
	for col := range nc {
		for row := range nr {
			if !meets(col, row) {
				continue
			}
			x0, x1 := trX(float64(col)-0.5), trX(float64(col)+0.5)
			y0, y1 := trY(float64(row)-0.5), trY(float64(row)+0.5)
			// An edge towards a cell that misses the goal, or towards the
			// outside where a neighbour would miss it, is on the border;
			// the panel's own edges are not.
			if col > 0 && !meets(col-1, row) {
				c.StrokeLine2(border, x0, y0, x0, y1)
			}
			if col < nc-1 && !meets(col+1, row) {
				c.StrokeLine2(border, x1, y0, x1, y1)
			}
			if row > 0 && !meets(col, row-1) {
				c.StrokeLine2(border, x0, y0, x1, y0)
			}
			if row < nr-1 && !meets(col, row+1) {
				c.StrokeLine2(border, x0, y1, x1, y1)
			}
		}
	}
}

// dark reports whether white text reads better than black on c.
func dark(c color.Color) bool {
	r, g, b, _ := c.RGBA()
	return 0.299*float64(r)+0.587*float64(g)+0.114*float64(b) < 0.5*0xffff
}
