package plots

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// MaxPlans bounds a comparison: past a dozen lines a panel no longer
// reads, and the table no longer fits beside the panels.
const MaxPlans = 12

// Compare draws several plans side by side as one PNG of panels, one line
// per plan in the same colour in every panel: for each channel its
// service level, 90th-percentile wait and abandonment (or backlog, for
// email and messaging); for the whole center its scheduled agents,
// occupancy and cost per interval. A table of the headline KPIs
// (output.CompareKPIs) with their deltas against the first plan stands at the
// right. Plans are matched by channel name and drawn on one time axis,
// so their intervals may differ.
func Compare(w io.Writer, plans []output.Forecast) error {
	fig, err := compareFigure(plans)
	if err != nil {
		return err
	}
	return fig.render(w)
}

func compareFigure(plans []output.Forecast) (*figure, error) {
	if len(plans) > MaxPlans {
		return nil, fmt.Errorf("plots: %d plans: at most %d fit one image", len(plans), MaxPlans)
	}
	for _, p := range plans {
		if err := checkResult(p.Result); err != nil {
			return nil, fmt.Errorf("plan %q: %w", p.Title(), err)
		}
	}
	rows, err := output.CompareKPIs(plans)
	if err != nil {
		return nil, err
	}
	names, kinds := output.ChannelUnion(plans)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range plans {
		a, b := resultSpan(p.Result)
		lo, hi = math.Min(lo, a), math.Max(hi, b)
	}
	t := ResultTimeline(plans[0].Result)
	// Label the axis over the longest horizon, so that a two-day plan
	// compared with a one-day one gets day names.
	for _, p := range plans[1:] {
		if pt := ResultTimeline(p.Result); pt.hours() > t.hours() {
			t.IntervalSeconds, t.Intervals = pt.IntervalSeconds, pt.Intervals
		}
	}

	var grid [][]*plot.Plot
	for c, name := range names {
		grid = append(grid, []*plot.Plot{
			compareServiceLevel(plans, t, lo, hi, name),
			compareWaits(plans, t, lo, hi, name),
			compareThird(plans, t, lo, hi, name, kinds[c]),
		})
	}
	grid = append(grid, []*plot.Plot{
		compareAgents(plans, t, lo, hi),
		compareOccupancy(plans, t, lo, hi),
		compareCost(plans, t, lo, hi),
	})

	var legend []legendItem
	for i, p := range plans {
		legend = append(legend, legendItem{p.Title(), lineThumb(seriesColor(i), seriesDashes(i))})
	}
	legend = append(legend, legendItem{"95% confidence interval", bandThumb(band(muted, bandAlpha))},
		legendItem{"target", targetThumb()})

	var sub strings.Builder
	for i, p := range plans {
		if i > 0 {
			sub.WriteString("; ")
		}
		r := p.Result
		fmt.Fprintf(&sub, "%s: %s, %d replications, seed %d", p.Title(), horizonText(r), r.Replications, r.Seed)
	}
	fig := &figure{
		title:         "Plans compared",
		subtitle:      sub.String(),
		legend:        legend,
		panels:        grid,
		panelsWidthPx: 1160,
		rowHeightPx:   215,
		footer: "Lines: means per interval over the replications; shaded: 95% confidence interval. " +
			"Service-level axes start below the lowest value or goal, not at 0. " +
			"Table: whole horizon, Δ against " + plans[0].Title() + " (pp: percentage points).",
		table: kpiTable(plans, rows),
	}
	// Each group's agents fill the column under the table.
	for _, g := range groupUnion(plans) {
		fig.side = append(fig.side, compareGroupAgents(plans, t, lo, hi, g))
	}
	return fig, nil
}

// kpiTable lays the KPIs out for the image: a column per plan headed by
// its name in its colour (darkened where text needs it, see textColor),
// and after each plan but the first its delta.
func kpiTable(plans []output.Forecast, rows []output.KPIRow) [][]tableCell {
	header := []tableCell{{text: "whole horizon"}}
	for i, p := range plans {
		header = append(header, tableCell{text: wrapName(p.Title(), 20, 3), color: textColor(seriesColor(i))})
		if i > 0 {
			header = append(header, tableCell{text: "Δ", color: textColor(seriesColor(i))})
		}
	}
	table := [][]tableCell{header}
	for _, r := range rows {
		line := []tableCell{{text: r.Label()}}
		for i, p := range plans {
			line = append(line, tableCell{text: r.FormatValue(i, p.Currency, false)})
			if i > 0 {
				line = append(line, tableCell{text: r.FormatDelta(i, p.Currency), color: muted})
			}
		}
		table = append(table, line)
	}
	return table
}

// wrapName breaks a plan's name into at most lines lines of about width
// characters, at spaces (and after hyphens), so that a table heading shows
// the whole name; a name longer still is cut on its last line, marked with
// an ellipsis.
func wrapName(s string, width, lines int) string {
	// A piece is a word, or the part of a long hyphenated word up to a
	// hyphen, which joins the next piece without a space.
	type piece struct {
		text  string
		glued bool // to the piece before
	}
	var pieces []piece
	for _, w := range strings.Fields(s) {
		glued := false
		for utf8.RuneCountInString(w) > width {
			i := strings.LastIndex(string([]rune(w)[:width]), "-")
			if i <= 0 {
				break
			}
			pieces = append(pieces, piece{w[:i+1], glued})
			w, glued = w[i+1:], true
		}
		pieces = append(pieces, piece{w, glued})
	}
	var out []string
	line := ""
	for _, p := range pieces {
		next := line + " " + p.text
		if p.glued {
			next = line + p.text
		}
		switch {
		case line == "":
			line = p.text
		case utf8.RuneCountInString(next) <= width:
			line = next
		default:
			out = append(out, line)
			line = p.text
		}
	}
	if line != "" {
		out = append(out, line)
	}
	if len(out) > lines {
		out = append(out[:lines-1], shorten(strings.Join(out[lines-1:], " "), width))
	}
	for i := range out {
		out[i] = shorten(out[i], width+4)
	}
	return strings.Join(out, "\n")
}

// shorten cuts s to n characters, marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// slShortLabel is the service-level axis label of a small panel: the
// panel's title says what is counted.
func slShortLabel(ch *sim.ChannelResult) string {
	if ch.Target.Threshold > 0 {
		return "% in " + durationText(ch.Target.Threshold)
	}
	return "% in target"
}

// planStyle is the line of plan i of n. Earlier plans are drawn wider,
// so that where plans agree the first shows as an edge around the later
// ones instead of vanishing under them.
func planStyle(i, n int) draw.LineStyle {
	st := lineStyle(seriesColor(i), seriesDashes(i))
	st.Width = px(2 + math.Min(1.5*float64(n-1-i), 3))
	return st
}

// layeredStyle is the line of series i of n sharing a panel (groups,
// channels): as planStyle, from the width of a single line up, so that a
// series hidden under a later one with the same values shows as its edge.
func layeredStyle(i, n int) draw.LineStyle {
	st := lineStyle(seriesColor(i), seriesDashes(i))
	st.Width = px(lineWidth + math.Min(1.5*float64(n-1-i), 3))
	return st
}

// planLine draws plan i of n in its colour, with its band.
func planLine(p *plot.Plot, i, n int, pts points, ceil float64) {
	addBand(p, pts, band(seriesColor(i), compareBandAlpha), 0, ceil)
	addLine(p, pts, planStyle(i, n))
}

// targets draws each distinct target among the plans once.
func targets(p *plot.Plot, values []float64) float64 {
	top := 0.0
	seen := map[float64]bool{}
	for _, v := range values {
		if finite(v) && v > 0 && !seen[v] {
			seen[v] = true
			addTarget(p, v)
			top = math.Max(top, v)
		}
	}
	return top
}

func compareServiceLevel(plans []output.Forecast, t Timeline, lo, hi float64, name string) *plot.Plot {
	var p *plot.Plot
	var goals, lows []float64
	for i, f := range plans {
		ch := output.ChannelByName(f.Result, name)
		if ch == nil {
			continue
		}
		if p == nil {
			p = timePanel(t, lo, hi, name+": service level", slShortLabel(ch))
		}
		ft := ResultTimeline(f.Result)
		pts := statPoints(ft, ft.mid, 100, func(k int) sim.Stat { return ch.Intervals[k][sim.ServiceLevel] })
		planLine(p, i, len(plans), pts, 100)
		goals = append(goals, 100*slGoal(ch))
		lows = append(lows, pts.y...)
	}
	targets(p, goals)
	fixX(p, lo, hi)
	// The axis starts near the lowest value or goal, not at 0: plans a
	// few points apart must look apart.
	setYFrom(p, shareAxisFloor(append(lows, goals...)), 100)
	return p
}

// shareAxisFloor is where a share axis (in percent) starts so that
// values a few points apart stay apart: ten points below the lowest
// value, rounded down to ten, never below 0, and at most 80.
func shareAxisFloor(values []float64) float64 {
	low := math.Inf(1)
	for _, v := range values {
		if finite(v) {
			low = math.Min(low, v)
		}
	}
	if math.IsInf(low, 1) {
		return 0
	}
	return math.Min(math.Max(math.Floor((low-10)/10)*10, 0), 80)
}

func compareWaits(plans []output.Forecast, t Timeline, lo, hi float64, name string) *plot.Plot {
	top := 0.0
	for _, f := range plans {
		if ch := output.ChannelByName(f.Result, name); ch != nil {
			for k := range ch.Intervals {
				if v := ch.Intervals[k][sim.WaitP90].Mean; finite(v) {
					top = math.Max(top, v)
				}
			}
		}
	}
	scale, unit := waitUnit(top)
	p := timePanel(t, lo, hi, name+": 90th percentile wait", unit)
	for i, f := range plans {
		ch := output.ChannelByName(f.Result, name)
		if ch == nil {
			continue
		}
		ft := ResultTimeline(f.Result)
		pts := statPoints(ft, ft.mid, scale, func(k int) sim.Stat { return ch.Intervals[k][sim.WaitP90] })
		pts.lo, pts.hi = nil, nil
		addLine(p, pts, planStyle(i, len(plans)))
	}
	fixX(p, lo, hi)
	setY(p, top*scale)
	return p
}

// compareThird is abandonment for a real-time channel and backlog for a
// deferred one.
func compareThird(plans []output.Forecast, t Timeline, lo, hi float64, name string, kind sim.Kind) *plot.Plot {
	var p *plot.Plot
	if kind.Deferred() {
		p = timePanel(t, lo, hi, name+": backlog at interval end", "requests")
	} else {
		p = timePanel(t, lo, hi, name+": abandonment", "% of offered")
	}
	top := 0.0
	var limits []float64
	for i, f := range plans {
		ch := output.ChannelByName(f.Result, name)
		if ch == nil {
			continue
		}
		ft := ResultTimeline(f.Result)
		var pts points
		if kind.Deferred() {
			pts = statPoints(ft, ft.end, 1, func(k int) sim.Stat { return ch.Intervals[k][sim.QueueEnd] })
			planLine(p, i, len(plans), pts, math.Inf(1))
		} else {
			pts = statPoints(ft, ft.mid, 100, func(k int) sim.Stat { return ch.Intervals[k][sim.AbandonRate] })
			planLine(p, i, len(plans), pts, 100)
			limits = append(limits, 100*ch.Target.MaxAbandon)
		}
		top = math.Max(top, maxOf(pts.y))
	}
	top = math.Max(top, targets(p, limits))
	fixX(p, lo, hi)
	if kind.Deferred() {
		setY(p, top)
	} else {
		setY(p, math.Min(math.Max(top*1.2, 1), 100))
	}
	return p
}

// compareGroupAgents draws one group's scheduled (paid) agents, one line
// per plan; plans without the group leave no line.
func compareGroupAgents(plans []output.Forecast, t Timeline, lo, hi float64, name string) *plot.Plot {
	p := timePanel(t, lo, hi, name+": scheduled agents", "agents")
	top := 0.0
	for i, f := range plans {
		r := f.Result
		var g *sim.GroupResult
		for k := range r.Groups {
			if r.Groups[k].Name == name {
				g = &r.Groups[k]
			}
		}
		if g == nil {
			continue
		}
		y := make([]float64, r.Intervals)
		for k := range y {
			y[k] = g.Intervals[k][sim.Paid].Mean
		}
		addLine(p, stepPoints(ResultTimeline(r), y), planStyle(i, len(plans)))
		top = math.Max(top, maxOf(y))
	}
	fixX(p, lo, hi)
	setY(p, top)
	return p
}

// groupUnion lists the agent groups of all plans by name, in the order
// they first appear.
func groupUnion(plans []output.Forecast) []string {
	var names []string
	for _, p := range plans {
		for _, g := range p.Result.Groups {
			if !slices.Contains(names, g.Name) {
				names = append(names, g.Name)
			}
		}
	}
	return names
}

// compareAgents draws the scheduled (paid) agents of all groups together.
func compareAgents(plans []output.Forecast, t Timeline, lo, hi float64) *plot.Plot {
	p := timePanel(t, lo, hi, "scheduled agents, all groups", "agents")
	top := 0.0
	for i, f := range plans {
		r := f.Result
		ft := ResultTimeline(r)
		y := make([]float64, r.Intervals)
		for k := range y {
			y[k] = r.AllGroups.Intervals[k][sim.Paid].Mean
		}
		pts := stepPoints(ft, y)
		addLine(p, pts, planStyle(i, len(plans)))
		top = math.Max(top, maxOf(y))
	}
	fixX(p, lo, hi)
	setY(p, top)
	return p
}

// compareOccupancy draws the occupancy of all groups together: busy
// hours over hours on the floor in each interval (sim.Result.AllGroups).
func compareOccupancy(plans []output.Forecast, t Timeline, lo, hi float64) *plot.Plot {
	p := timePanel(t, lo, hi, "occupancy, all groups", "% busy")
	for i, f := range plans {
		r := f.Result
		ft := ResultTimeline(r)
		y := make([]float64, r.Intervals)
		x := make([]float64, r.Intervals)
		for k := range y {
			x[k], y[k] = ft.mid(k), 100*scheduledOccupancy(&r.AllGroups, k).Mean
		}
		addLine(p, valuePoints(x, y), planStyle(i, len(plans)))
	}
	fixX(p, lo, hi)
	setY(p, 100)
	return p
}

func compareCost(plans []output.Forecast, t Timeline, lo, hi float64) *plot.Plot {
	p := timePanel(t, lo, hi, "cost per interval, all channels", plans[0].Money())
	top := 0.0
	for i, f := range plans {
		r := f.Result
		ft := ResultTimeline(r)
		pts := statPoints(ft, ft.mid, 1, func(k int) sim.Stat { return r.Total.Intervals[k][sim.Cost] })
		planLine(p, i, len(plans), pts, math.Inf(1))
		top = math.Max(top, maxOf(pts.y))
	}
	fixX(p, lo, hi)
	setY(p, top)
	return p
}
