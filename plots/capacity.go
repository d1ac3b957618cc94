package plots

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/output"
)

// Capacity draws a capacity plan as one PNG, a panel per group over the
// weeks: the requirement in FTE (its line at the forecast volume, its
// band from the 10th to the 90th percentile of the volume) against the
// supply (expected productive FTE plus booked overtime and outsourcing,
// with the band the random paths of attrition and volume give it), each
// class's start marked with its size along the bottom.
func Capacity(w io.Writer, doc output.Capacity) error {
	fig, err := capacityFigure(doc)
	if err != nil {
		return err
	}
	return fig.render(w)
}

var (
	requirementColor = seriesColor(1) // vermillion
	supplyColor      = seriesColor(0) // blue
	hireColor        = seriesColor(2) // bluish green
)

func capacityFigure(doc output.Capacity) (*figure, error) {
	r := doc.Result
	if r == nil || len(r.Weeks) == 0 || len(r.Groups) == 0 || !(r.FTEHours > 0) {
		return nil, fmt.Errorf("plots: capacity: an empty plan")
	}
	n := len(r.Weeks)
	for _, g := range r.Groups {
		if len(g.Requirement) != n || len(g.SupplyBand) != n || len(g.Supply.Productive) != n || len(g.Hires) != n ||
			len(g.Overtime) != n || len(g.Outsourced) != n {
			return nil, fmt.Errorf("plots: capacity of group %q: series of the wrong length for %d weeks", g.Name, n)
		}
	}
	fte := func(h float64) float64 { return h / r.FTEHours }
	x := make([]float64, n)
	for w := range x {
		x[w] = float64(w + 1)
	}
	var grid [][]*plot.Plot
	for i := range r.Groups {
		g := &r.Groups[i]
		p := newPanel("group "+g.Name, "", "FTE")
		req := points{x: x, y: make([]float64, n), lo: make([]float64, n), hi: make([]float64, n)}
		sup := points{x: x, y: make([]float64, n), lo: make([]float64, n), hi: make([]float64, n)}
		for w := range n {
			req.y[w], req.lo[w], req.hi[w] = fte(g.Requirement[w].Mid), fte(g.Requirement[w].Low), fte(g.Requirement[w].High)
			sup.y[w] = fte(g.Supply.Productive[w] + g.Overtime[w] + g.Outsourced[w])
			sup.lo[w], sup.hi[w] = fte(g.SupplyBand[w].Low), fte(g.SupplyBand[w].High)
		}
		top := maxOf(req.hi, sup.hi, sup.y)
		setY(p, top)
		addBand(p, req, band(requirementColor, bandAlpha), 0, math.Inf(1))
		addBand(p, sup, band(supplyColor, bandAlpha), 0, math.Inf(1))
		addLine(p, req, lineStyle(requirementColor, []vg.Length{px(9), px(5)}))
		addLine(p, sup, lineStyle(supplyColor, nil))
		p.Add(&hireMarks{x: x, hires: g.Hires, top: top * 1.08})
		p.X.Min, p.X.Max = 0.5, float64(n)+0.5
		p.X.Tick.Marker = weekTicks{starts: r.Weeks}
		grid = append(grid, []*plot.Plot{p})
	}
	scope := "in each week"
	if r.Scope == capacity.AnyWeek {
		scope = "in any week"
	}
	title := "Capacity plan"
	if r.Name != "" {
		title += ": " + r.Name
	}
	return &figure{
		title: title,
		subtitle: fmt.Sprintf("%d weeks from %s; at most %s risk of being short %s; an FTE is %s paid hours a week",
			n, r.Weeks[0].Format(time.DateOnly), output.Percent(r.Risk), scope, output.Float(r.FTEHours, 0)),
		legend: []legendItem{
			{"required (forecast volume)", lineThumb(requirementColor, []vg.Length{px(9), px(5)})},
			{"required, 10th-90th percentile", bandThumb(band(requirementColor, bandAlpha))},
			{"supply with booked overtime and outsourcing", lineThumb(supplyColor, nil)},
			{"supply, 10th-90th percentile of the paths", bandThumb(band(supplyColor, bandAlpha))},
			{"hires starting (class size)", &hireMarks{}},
		},
		panels:        grid,
		panelsWidthPx: 1100,
		rowHeightPx:   340,
		footer:        "Supply counts productive hours: after weekly shrinkage, zero while in training, the ramp-up after it.",
	}, nil
}

// hireMarks marks each week in which a class starts with a triangle on
// the axis and the class size above it.
type hireMarks struct {
	x     []float64
	hires []int
	top   float64
}

var hireGlyph = draw.GlyphStyle{Color: hireColor, Radius: px(6), Shape: draw.TriangleGlyph{}}

func (h *hireMarks) Plot(c draw.Canvas, pl *plot.Plot) {
	trX, _ := pl.Transforms(&c)
	label := textStyle(tickLabelSize, true, hireColor)
	label.XAlign = draw.XCenter
	for i, n := range h.hires {
		if n <= 0 {
			continue
		}
		at := vg.Point{X: trX(h.x[i]), Y: c.Min.Y + px(8)}
		c.DrawGlyph(hireGlyph, at)
		c.FillText(label, vg.Point{X: at.X, Y: at.Y + px(9)}, strconv.Itoa(n))
	}
}

// Thumbnail draws the legend's sample.
func (h *hireMarks) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(hireGlyph, c.Center())
}

// weekTicks labels a week axis at the first week of each quarter with the
// month and year, and marks the first week of the other months.
type weekTicks struct{ starts []time.Time }

func (t weekTicks) Ticks(lo, hi float64) []plot.Tick {
	var out []plot.Tick
	for w, d := range t.starts {
		x := float64(w + 1)
		if x < lo || x > hi {
			continue
		}
		if w > 0 && t.starts[w-1].Month() == d.Month() {
			continue
		}
		tick := plot.Tick{Value: x}
		if (d.Month()-1)%3 == 0 || w == 0 {
			tick.Label = d.Format("Jan 2006")
		}
		out = append(out, tick)
	}
	return out
}
