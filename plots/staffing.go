package plots

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// StaffingSeries is one agent group's staffing per interval: what the
// plan requires and what is scheduled. Either may be nil; NaN marks an
// interval without a value.
type StaffingSeries struct {
	Group     string
	Required  []float64
	Scheduled []float64
}

// Staffing draws required (dashed) against scheduled (solid) agents per
// interval, one colour per group, in one panel, as a PNG. The timeline
// places the intervals; every series must have one value per interval.
func Staffing(w io.Writer, t Timeline, title string, groups []StaffingSeries) error {
	fig, err := staffingChartFigure(t, title, groups)
	if err != nil {
		return err
	}
	return fig.render(w)
}

func staffingChartFigure(t Timeline, title string, groups []StaffingSeries) (*figure, error) {
	if err := t.validate(); err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("plots: staffing: no groups")
	}
	for _, g := range groups {
		for _, s := range [][]float64{g.Required, g.Scheduled} {
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
	fig := staffingFigure(t, lo, hi, groups, "scheduled", "required")
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
	var buf bytes.Buffer
	if err := Staffing(&buf, t, title, groups); err != nil {
		return Chart{}, err
	}
	return Chart{File: "staffing.png", PNG: buf.Bytes()}, nil
}

// staffingFigure draws the Scheduled series solid and the Required
// series dashed, as steps over their intervals.
func staffingFigure(t Timeline, lo, hi float64, groups []StaffingSeries, solid, dashed string) *figure {
	p := timePanel(t, lo, hi, "Agents by group", "agents")
	var legend []legendItem
	top := 0.0
	dashes := []vg.Length{px(9), px(5)}
	for g, s := range groups {
		c := seriesColor(g)
		if s.Scheduled != nil {
			pts := stepPoints(t, s.Scheduled)
			// Earlier groups are drawn wider, so that where two groups
			// have the same staffing the first shows as an edge around
			// the second instead of vanishing under it.
			addLine(p, pts, layeredStyle(g, len(groups)))
			top = math.Max(top, maxOf(pts.y))
		}
		if s.Required != nil {
			pts := stepPoints(t, s.Required)
			st := lineStyle(c, dashes)
			st.Width = px(2)
			addLine(p, pts, st)
			top = math.Max(top, maxOf(pts.y))
		}
		legend = append(legend, legendItem{s.Group, lineThumb(c, nil)})
	}
	legend = append(legend, legendItem{solid, lineThumb(ink, nil)}, legendItem{dashed, lineThumb(ink, dashes)})
	fixX(p, lo, hi)
	setY(p, top)
	return &figure{
		legend:        legend,
		panels:        [][]*plot.Plot{{p}},
		panelsWidthPx: 1100,
		rowHeightPx:   480,
	}
}
