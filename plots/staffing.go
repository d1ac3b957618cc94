package plots

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// StaffingSeries is one agent group's staffing per interval: what the
// plan requires and what is scheduled, and (for a roster) the agents it
// leaves on the floor. Any may be nil; NaN marks an interval without a
// value.
type StaffingSeries struct {
	Group     string
	Required  []float64
	Scheduled []float64
	OnFloor   []float64
}

// staffingLabels name the line styles in a staffing chart's legend;
// perGroup gives each group a panel of its own.
type staffingLabels struct {
	solid, dashed, dotted string
	perGroup              bool
}

// split reports whether a chart of n groups gives each its own panel.
func (l staffingLabels) split(n int) bool { return l.perGroup && n > 1 }

var (
	planLabels   = staffingLabels{solid: "scheduled", dashed: "required"}
	rosterLabels = staffingLabels{solid: "rostered (on duty)", dashed: "required (on duty)",
		dotted: "on the floor (rostered less shrinkage)", perGroup: true}
)

// Staffing draws required (dashed) against scheduled (solid) agents per
// interval, one colour per group, in one panel, as a PNG. The timeline
// places the intervals; every series must have one value per interval.
func Staffing(w io.Writer, t Timeline, title string, groups []StaffingSeries) error {
	fig, err := staffingChartFigure(t, title, groups, planLabels)
	if err != nil {
		return err
	}
	return fig.render(w)
}

func staffingChartFigure(t Timeline, title string, groups []StaffingSeries, labels staffingLabels) (*figure, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("plots: staffing: no groups")
	}
	for _, g := range groups {
		for _, s := range [][]float64{g.Required, g.Scheduled, g.OnFloor} {
			if s != nil && len(s) != t.Intervals {
				return nil, fmt.Errorf("plots: staffing of group %q: %d values for %d intervals", g.Group, len(s), t.Intervals)
			}
		}
	}
	lo, hi := activeSpan(t, func(i int) bool {
		for _, g := range groups {
			for _, s := range [][]float64{g.Required, g.Scheduled} {
				if s != nil && s[i] > 0 {
					return true
				}
			}
		}
		return false
	})
	fig := staffingFigure(t, lo, hi, groups, labels)
	if title == "" {
		title = "Required and scheduled agents per interval"
	}
	fig.title = title
	fig.subtitle = fmt.Sprintf("%s of %s intervals", spanText(t.IntervalSeconds*float64(t.Intervals)), durationText(t.IntervalSeconds))
	return fig, nil
}

// StaffingChart is Staffing rendered as a Chart named "staffing.png", to
// write beside the forecast's charts.
func StaffingChart(t Timeline, title string, groups []StaffingSeries) (Chart, error) {
	return staffingChart("staffing.png", t, title, groups, planLabels)
}

// RosterCoverageChart draws a roster's cover: per group, the agents on
// duty required (dashed), rostered (solid) and left on the floor after
// shrinkage (dotted), as "roster-coverage.png".
func RosterCoverageChart(t Timeline, title string, groups []StaffingSeries) (Chart, error) {
	return staffingChart("roster-coverage.png", t, title, groups, rosterLabels)
}

// staffingChart renders a staffing chart with the given legend as a
// Chart named file.
func staffingChart(file string, t Timeline, title string, groups []StaffingSeries, labels staffingLabels) (Chart, error) {
	fig, err := staffingChartFigure(t, title, groups, labels)
	if err != nil {
		return Chart{}, err
	}
	var buf bytes.Buffer
	if err := fig.render(&buf); err != nil {
		return Chart{}, err
	}
	return Chart{File: file, PNG: buf.Bytes()}, nil
}

// staffingFigure draws the Scheduled series solid, the Required series
// dashed and the OnFloor series dotted, as steps over their intervals.
func staffingFigure(t Timeline, lo, hi float64, groups []StaffingSeries, labels staffingLabels) *figure {
	// A roster's chart gives each group a panel of its own: three lines
	// a group over a week of quarter-hours hide each other in one.
	split := labels.split(len(groups))
	var panels [][]*plot.Plot
	var tops []float64
	if !split {
		panels, tops = [][]*plot.Plot{{timePanel(t, lo, hi, "Agents by group", "agents")}}, []float64{0}
	}
	var legend []legendItem
	dashes := []vg.Length{px(9), px(5)}
	dots := []vg.Length{px(2), px(4)}
	dotted := false
	// steps draws a series, when there is one, on the last panel and
	// raises its axis to it.
	steps := func(v []float64, st draw.LineStyle) {
		if v == nil {
			return
		}
		pts := stepPoints(t, v)
		addLine(panels[len(panels)-1][0], pts, st)
		tops[len(tops)-1] = math.Max(tops[len(tops)-1], maxOf(pts.y))
	}
	// thin is the style of the required and on-floor series.
	thin := func(c color.Color, dashes []vg.Length) draw.LineStyle {
		st := lineStyle(c, dashes)
		st.Width = px(2)
		return st
	}
	for g, s := range groups {
		c := seriesColor(g)
		if split {
			panels = append(panels, []*plot.Plot{timePanel(t, lo, hi, s.Group, "agents")})
			tops = append(tops, 0)
		}
		// In one panel, earlier groups are drawn wider, so that where two
		// groups have the same staffing the first shows as an edge around
		// the second instead of vanishing under it; a panel of its own
		// draws a group solid and not so wide that it hides the others.
		solid := layeredStyle(g, len(groups))
		if split {
			solid = lineStyle(c, nil)
		}
		steps(s.Scheduled, solid)
		steps(s.Required, thin(c, dashes))
		steps(s.OnFloor, thin(c, dots))
		dotted = dotted || s.OnFloor != nil
		legend = append(legend, legendItem{s.Group, lineThumb(c, nil)})
	}
	legend = append(legend, legendItem{labels.solid, lineThumb(ink, nil)}, legendItem{labels.dashed, lineThumb(ink, dashes)})
	if dotted {
		legend = append(legend, legendItem{labels.dotted, lineThumb(ink, dots)})
	}
	for k, row := range panels {
		fixX(row[0], lo, hi)
		setY(row[0], tops[k])
	}
	height := 480.0
	if split {
		height = 320
	}
	return &figure{
		legend:        legend,
		panels:        panels,
		panelsWidthPx: 1100,
		rowHeightPx:   height,
	}
}
