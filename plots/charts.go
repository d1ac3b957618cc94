package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// Chart is one rendered PNG and the file name it is meant to be saved as.
type Chart struct {
	File string // base name, such as "service-level.png"
	PNG  []byte
}

// checkResult rejects results the charts cannot read: missing series or
// series whose length disagrees with the horizon.
func checkResult(r *sim.Result) error {
	if r == nil {
		return errors.New("plots: no forecast")
	}
	t := ResultTimeline(r)
	if err := t.validate(); err != nil {
		return err
	}
	if len(r.Channels) == 0 {
		return errors.New("plots: forecast has no channels")
	}
	for _, c := range r.Channels {
		if len(c.Intervals) != r.Intervals {
			return fmt.Errorf("plots: channel %q: %d intervals, want %d", c.Name, len(c.Intervals), r.Intervals)
		}
	}
	if len(r.Total.Intervals) != r.Intervals {
		return fmt.Errorf("plots: total: %d intervals, want %d", len(r.Total.Intervals), r.Intervals)
	}
	for _, g := range r.Groups {
		if len(g.Intervals) != r.Intervals {
			return fmt.Errorf("plots: group %q: %d intervals, want %d", g.Name, len(g.Intervals), r.Intervals)
		}
	}
	if len(r.AllGroups.Intervals) != r.Intervals {
		return fmt.Errorf("plots: all groups: %d intervals, want %d", len(r.AllGroups.Intervals), r.Intervals)
	}
	return nil
}

// Charts renders every chart that applies to the forecast, in a fixed
// order: service level, waits, abandonment (when a channel is real-time),
// backlog (when one is deferred), occupancy, agents and cost.
func Charts(f output.Forecast) ([]Chart, error) {
	figs, err := chartFigures(f)
	if err != nil {
		return nil, err
	}
	charts := make([]Chart, len(figs))
	for i, fig := range figs {
		var buf bytes.Buffer
		if err := fig.render(&buf); err != nil {
			return nil, err
		}
		charts[i] = Chart{File: fig.file, PNG: buf.Bytes()}
	}
	return charts, nil
}

// namedFigure is a chart before it is drawn.
type namedFigure struct {
	file string
	*figure
}

func chartFigures(f output.Forecast) ([]namedFigure, error) {
	if err := checkResult(f.Result); err != nil {
		return nil, err
	}
	lo, hi := resultSpan(f.Result)
	builders := []struct {
		file  string
		build func(output.Forecast, float64, float64) *figure
	}{
		{"service-level.png", serviceLevelFigure},
		{"waits.png", waitsFigure},
		{"abandonment.png", abandonmentFigure},
		{"backlog.png", backlogFigure},
		{"occupancy.png", occupancyFigure},
		{"agents.png", agentsFigure},
		{"cost.png", costFigure},
	}
	var figs []namedFigure
	for _, b := range builders {
		if fig := b.build(f, lo, hi); fig != nil {
			figs = append(figs, namedFigure{b.file, fig})
		}
	}
	return figs, nil
}

// resultSpan is the part of the horizon where anything happens.
func resultSpan(r *sim.Result) (lo, hi float64) {
	return activeSpan(ResultTimeline(r), func(i int) bool { return activeInterval(r, i) })
}

func activeInterval(r *sim.Result, i int) bool {
	for c := range r.Channels {
		v := &r.Channels[c].Intervals[i]
		if v[sim.Offered].Mean > 0 || v[sim.QueueEnd].Mean > 0 || v[sim.HandledMinutes].Mean > 0 {
			return true
		}
	}
	for _, g := range r.Groups {
		if g.Intervals[i][sim.Staff].Mean > 0 {
			return true
		}
	}
	return false
}

// subtitle says which forecast a chart shows.
func subtitle(f output.Forecast) string {
	r := f.Result
	return fmt.Sprintf("%s: %s of %s intervals, %d replications, seed %d", f.Title(),
		spanText(r.IntervalSeconds*float64(r.Intervals)), durationText(r.IntervalSeconds), r.Replications, r.Seed)
}

func ciFooter(r *sim.Result) string {
	return fmt.Sprintf("Lines: means over %d replications, at the middle of each interval; shaded: 95%% confidence interval. "+
		"A gap means the measure is undefined there (no contacts).", r.Replications)
}

// spanText prints a horizon length: "1 day", "2 days", "12 h".
func spanText(sec float64) string {
	days := sec / 86400
	if days >= 1 && days == math.Trunc(days) {
		if days == 1 {
			return "1 day"
		}
		return strconv.FormatFloat(days, 'f', 0, 64) + " days"
	}
	return durationText(sec)
}

// durationText prints a duration compactly in the unit a planner uses:
// "20 s", "30 min", "1.5 h", "8 h".
func durationText(sec float64) string {
	switch {
	case !finite(sec):
		return "-"
	case sec < 120:
		return trimFloat(sec, 1) + " s"
	case sec < 7200 && sec != 3600:
		return trimFloat(sec/60, 1) + " min"
	default:
		return trimFloat(sec/3600, 1) + " h"
	}
}

func trimFloat(v float64, prec int) string {
	s := strconv.FormatFloat(v, 'f', prec, 64)
	for prec > 0 && len(s) > 0 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	if len(s) > 0 && s[len(s)-1] == '.' {
		s = s[:len(s)-1]
	}
	return s
}

func percent(v float64) string { return trimFloat(100*v, 1) + "%" }

// channelGrid lays out one panel per channel: a single column for up to
// three channels (they share the time axis), two columns beyond.
func channelGrid(panels []*plot.Plot) (grid [][]*plot.Plot, widthPx float64) {
	cols := 1
	widthPx = 1100
	if len(panels) > 3 {
		cols, widthPx = 2, 1560
	}
	for i := 0; i < len(panels); i += cols {
		row := make([]*plot.Plot, cols)
		copy(row, panels[i:min(i+cols, len(panels))])
		grid = append(grid, row)
	}
	return grid, widthPx
}

// channelFigure lays out one panel per channel (channelGrid) as a
// figure of the forecast; nil when no channel has a panel.
func channelFigure(f output.Forecast, title string, panels []*plot.Plot, legend []legendItem, footer string) *figure {
	if len(panels) == 0 {
		return nil
	}
	grid, w := channelGrid(panels)
	return &figure{
		title:         title,
		subtitle:      subtitle(f),
		legend:        legend,
		panels:        grid,
		panelsWidthPx: w,
		rowHeightPx:   300,
		footer:        footer,
	}
}

// timePanel returns a panel whose x axis is the time of day over [lo, hi].
func timePanel(t Timeline, lo, hi float64, title, yLabel string) *plot.Plot {
	p := newPanel(title, t.axisLabel(), yLabel)
	p.X.Min, p.X.Max = lo, hi
	p.X.Tick.Marker = timeTicks{timeline: t, widthPx: 900}
	return p
}

// fixX restores the time range after plotters widened it.
func fixX(p *plot.Plot, lo, hi float64) { p.X.Min, p.X.Max = lo, hi }

func lineThumb(c color.Color, dashes []vg.Length) plot.Thumbnailer {
	return &plotter.Line{LineStyle: lineStyle(c, dashes)}
}

func bandThumb(c color.Color) plot.Thumbnailer {
	return &plotter.Polygon{Color: c}
}

func targetThumb() plot.Thumbnailer { return &plotter.Line{LineStyle: targetStyle} }

var bandLegend = legendItem{"95% confidence interval", bandThumb(band(muted, bandAlpha))}

func channelLegend(r *sim.Result, keep func(*sim.ChannelResult) bool) []legendItem {
	var items []legendItem
	for c := range r.Channels {
		if keep(&r.Channels[c]) {
			items = append(items, legendItem{r.Channels[c].Name, lineThumb(seriesColor(c), seriesDashes(c))})
		}
	}
	return items
}

// channelTitle names a channel and, when its name does not say it, its
// kind: "phone (call)", "email".
func channelTitle(ch *sim.ChannelResult) string {
	if ch.Name == ch.Kind.String() {
		return ch.Name
	}
	return ch.Name + " (" + ch.Kind.String() + ")"
}

// slAxisLabel says what a service-level axis counts.
func slAxisLabel(ch *sim.ChannelResult) string {
	verb := "answered"
	if ch.Kind.Deferred() {
		verb = "first replies"
	}
	if ch.Target.Threshold > 0 {
		return "% " + verb + " in " + durationText(ch.Target.Threshold)
	}
	if len(ch.Classes) > 0 {
		return "% " + verb + " in class target"
	}
	return "% " + verb + " in target"
}

// slGoal is the service-level goal to draw: the channel's, or the goal
// every class shares; NaN when there is none.
func slGoal(ch *sim.ChannelResult) float64 {
	if ch.Target.Threshold > 0 && ch.Target.Goal > 0 {
		return ch.Target.Goal
	}
	if len(ch.Classes) == 0 {
		return math.NaN()
	}
	g := ch.Classes[0].Target.Goal
	for _, cl := range ch.Classes {
		if cl.Target.Goal != g || !(cl.Target.Threshold > 0) {
			return math.NaN()
		}
	}
	if g > 0 {
		return g
	}
	return math.NaN()
}

func slTitle(ch *sim.ChannelResult) string {
	title := channelTitle(ch)
	switch {
	case ch.Target.Threshold > 0 && ch.Target.Goal > 0:
		title += ", target " + percent(ch.Target.Goal) + " in " + durationText(ch.Target.Threshold)
	case len(ch.Classes) > 0:
		title += ", targets:"
		for i, cl := range ch.Classes {
			if i > 0 {
				title += ","
			}
			title += " " + cl.Name + " " + percent(cl.Target.Goal) + " in " + durationText(cl.Target.Threshold)
		}
	}
	return title
}

func serviceLevelFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	t := ResultTimeline(r)
	var panels []*plot.Plot
	hasTarget := false
	for c := range r.Channels {
		ch := &r.Channels[c]
		p := timePanel(t, lo, hi, slTitle(ch), slAxisLabel(ch))
		pts := statPoints(t, t.mid, 100, func(i int) sim.Stat { return ch.Intervals[i][sim.ServiceLevel] })
		addBand(p, pts, band(seriesColor(c), bandAlpha), 0, 100)
		if g := slGoal(ch); finite(g) {
			addTarget(p, 100*g)
			hasTarget = true
		}
		addLine(p, pts, lineStyle(seriesColor(c), seriesDashes(c)))
		fixX(p, lo, hi)
		setY(p, 100)
		panels = append(panels, p)
	}
	legend := append(channelLegend(r, func(*sim.ChannelResult) bool { return true }), bandLegend)
	if hasTarget {
		legend = append(legend, legendItem{"service-level goal", targetThumb()})
	}
	return channelFigure(f, "Service level per interval (answered within the target time, of offered)", panels, legend, ciFooter(r))
}

// waitUnit picks seconds, minutes or hours for a wait axis so that its
// numbers stay short: seconds up to 10 minutes, minutes up to 2 hours.
func waitUnit(maxSeconds float64) (scale float64, label string) {
	switch {
	case maxSeconds <= 600:
		return 1, "seconds"
	case maxSeconds <= 7200:
		return 1.0 / 60, "minutes"
	default:
		return 1.0 / 3600, "hours"
	}
}

var waitMeasures = []struct {
	metric sim.Metric
	label  string
	color  int
}{
	{sim.ASA, "ASA (mean wait of answered)", 0},
	{sim.WaitP50, "median wait", 2},
	{sim.WaitP90, "90th percentile", 1},
	{sim.WaitP95, "95th percentile", 3},
}

func waitsFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	t := ResultTimeline(r)
	var panels []*plot.Plot
	hasTarget := false
	for c := range r.Channels {
		ch := &r.Channels[c]
		top := 0.0
		for _, m := range waitMeasures {
			for i := range ch.Intervals {
				if v := ch.Intervals[i][m.metric]; finite(v.Mean) {
					top = math.Max(top, v.Mean)
				}
			}
		}
		scale, unit := waitUnit(top)
		p := timePanel(t, lo, hi, channelTitle(ch), "wait, "+unit)
		for _, m := range waitMeasures {
			pts := statPoints(t, t.mid, scale, func(i int) sim.Stat { return ch.Intervals[i][m.metric] })
			if m.metric == sim.ASA {
				addBand(p, pts, band(seriesColor(m.color), bandAlpha), 0, math.Inf(1))
			} else {
				pts.lo, pts.hi = nil, nil
			}
			addLine(p, pts, lineStyle(seriesColor(m.color), nil))
		}
		yTop := top * scale
		if ch.Target.ASA > 0 {
			addTarget(p, ch.Target.ASA*scale)
			yTop = math.Max(yTop, ch.Target.ASA*scale)
			hasTarget = true
		}
		fixX(p, lo, hi)
		setY(p, yTop)
		panels = append(panels, p)
	}
	var legend []legendItem
	for _, m := range waitMeasures {
		legend = append(legend, legendItem{m.label, lineThumb(seriesColor(m.color), nil)})
	}
	legend = append(legend, legendItem{"95% confidence interval of ASA", bandThumb(band(seriesColor(0), bandAlpha))})
	if hasTarget {
		legend = append(legend, legendItem{"ASA target", targetThumb()})
	}
	return channelFigure(f, "Waits per interval (time to answer, or to first reply for email and messaging)", panels, legend,
		"Percentiles are of answered contacts, by the interval they arrived in. "+ciFooter(r))
}

func abandonmentFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	t := ResultTimeline(r)
	var panels []*plot.Plot
	hasTarget := false
	realtime := func(ch *sim.ChannelResult) bool { return !ch.Kind.Deferred() }
	for c := range r.Channels {
		ch := &r.Channels[c]
		if !realtime(ch) {
			continue
		}
		title := channelTitle(ch)
		if ch.Target.MaxAbandon > 0 {
			title += ", at most " + percent(ch.Target.MaxAbandon)
		}
		p := timePanel(t, lo, hi, title, "% of offered who hung up")
		pts := statPoints(t, t.mid, 100, func(i int) sim.Stat { return ch.Intervals[i][sim.AbandonRate] })
		addBand(p, pts, band(seriesColor(c), bandAlpha), 0, 100)
		addLine(p, pts, lineStyle(seriesColor(c), seriesDashes(c)))
		top := math.Max(maxOf(pts.y), 1)
		if ch.Target.MaxAbandon > 0 {
			addTarget(p, 100*ch.Target.MaxAbandon)
			top = math.Max(top, 100*ch.Target.MaxAbandon)
			hasTarget = true
		}
		fixX(p, lo, hi)
		setY(p, math.Min(top*1.25, 100))
		panels = append(panels, p)
	}
	legend := append(channelLegend(r, realtime), bandLegend)
	if hasTarget {
		legend = append(legend, legendItem{"largest acceptable abandonment", targetThumb()})
	}
	return channelFigure(f, "Abandonment per interval (customers who hung up while waiting)", panels, legend, ciFooter(r))
}

func backlogFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	t := ResultTimeline(r)
	var panels []*plot.Plot
	deferred := func(ch *sim.ChannelResult) bool { return ch.Kind.Deferred() }
	for c := range r.Channels {
		ch := &r.Channels[c]
		if !deferred(ch) {
			continue
		}
		p := timePanel(t, lo, hi, channelTitle(ch), "requests waiting")
		pts := statPoints(t, t.end, 1, func(i int) sim.Stat { return ch.Intervals[i][sim.QueueEnd] })
		addBand(p, pts, band(seriesColor(c), bandAlpha), 0, math.Inf(1))
		addLine(p, pts, lineStyle(seriesColor(c), seriesDashes(c)))
		fixX(p, lo, hi)
		setY(p, maxOf(pts.y, pts.hi))
		panels = append(panels, p)
	}
	return channelFigure(f, "Backlog of email and messaging (requests waiting for a first reply)", panels,
		append(channelLegend(r, deferred), bandLegend),
		fmt.Sprintf("Lines: means over %d replications, at the end of each interval; shaded: 95%% confidence interval.", r.Replications))
}

func occupancyFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	if len(r.Groups) == 0 {
		return nil
	}
	t := ResultTimeline(r)
	p := timePanel(t, lo, hi, "Occupancy by agent group", "% of time on the floor busy")
	var legend []legendItem
	for g := range r.Groups {
		gr := &r.Groups[g]
		pts := statPoints(t, t.mid, 100, func(i int) sim.Stat { return gr.Intervals[i][sim.Occupancy] })
		addBand(p, pts, band(seriesColor(g), bandAlpha), 0, 100)
		addLine(p, pts, lineStyle(seriesColor(g), seriesDashes(g)))
		legend = append(legend, legendItem{gr.Name, lineThumb(seriesColor(g), seriesDashes(g))})
	}
	fixX(p, lo, hi)
	setY(p, 100)
	return &figure{
		title:         "Occupancy per interval (busy time over time on the floor)",
		subtitle:      subtitle(f),
		legend:        append(legend, bandLegend),
		panels:        [][]*plot.Plot{{p}},
		panelsWidthPx: 1100,
		rowHeightPx:   480,
		footer:        "A chat holds 1/k of its agent (k: the channel's concurrency). " + ciFooter(r),
	}
}

func agentsFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	if len(r.Groups) == 0 {
		return nil
	}
	t := ResultTimeline(r)
	series := make([]StaffingSeries, len(r.Groups))
	for g := range r.Groups {
		gr := &r.Groups[g]
		paid, staff := make([]float64, r.Intervals), make([]float64, r.Intervals)
		for i := range r.Intervals {
			paid[i], staff[i] = gr.Intervals[i][sim.Paid].Mean, gr.Intervals[i][sim.Staff].Mean
		}
		series[g] = StaffingSeries{Group: gr.Name, Scheduled: paid, Required: staff}
	}
	fig := staffingFigure(t, lo, hi, series, "scheduled (paid)", "on the floor (mean, after shrinkage)")
	fig.title = "Agents per interval: scheduled and on the floor"
	fig.subtitle = subtitle(f)
	fig.footer = "On the floor counts agents taking contacts, including those who stay past their shift to finish one."
	return fig
}

func costFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	t := ResultTimeline(r)
	p := timePanel(t, lo, hi, "Cost per "+durationText(r.IntervalSeconds)+" interval",
		f.Money()+" per interval")
	var legend []legendItem
	top := 0.0
	for c := range r.Channels {
		ch := &r.Channels[c]
		pts := statPoints(t, t.mid, 1, func(i int) sim.Stat { return ch.Intervals[i][sim.Cost] })
		pts.lo, pts.hi = nil, nil
		addLine(p, pts, lineStyle(seriesColor(c), seriesDashes(c)))
		legend = append(legend, legendItem{ch.Name, lineThumb(seriesColor(c), seriesDashes(c))})
		top = math.Max(top, maxOf(pts.y))
	}
	if len(r.Channels) > 1 {
		pts := statPoints(t, t.mid, 1, func(i int) sim.Stat { return r.Total.Intervals[i][sim.Cost] })
		addBand(p, pts, band(ink, bandAlpha), 0, math.Inf(1))
		addLine(p, pts, lineStyle(ink, nil))
		legend = append(legend, legendItem{"all channels", lineThumb(ink, nil)}, bandLegend)
		top = math.Max(top, maxOf(pts.y, pts.hi))
	}
	fixX(p, lo, hi)
	setY(p, top)
	return &figure{
		title:         "Cost per interval (paid agent hours and per-contact costs)",
		subtitle:      subtitle(f),
		legend:        legend,
		panels:        [][]*plot.Plot{{p}},
		panelsWidthPx: 1100,
		rowHeightPx:   480,
		footer:        "A group's hourly cost is split among its channels by handling time. " + ciFooter(r),
	}
}
