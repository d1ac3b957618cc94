package plots

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

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

// anyCost reports whether any interval of the forecast costs something.
func anyCost(r *sim.Result) bool {
	for i := range r.Total.Intervals {
		if c := r.Total.Intervals[i][sim.Cost].Mean; finite(c) && c != 0 {
			return true
		}
	}
	return false
}

// subtitle says which forecast a chart shows.
func subtitle(f output.Forecast) string {
	r := f.Result
	return fmt.Sprintf("%s: %s, %d replications, seed %d", f.Title(), horizonText(r), r.Replications, r.Seed)
}

// horizonText says how long a horizon is and how it is cut: "1 day of
// 30 min intervals", or "one interval of 30 min".
func horizonText(r *sim.Result) string {
	if r.Intervals == 1 {
		return "one interval of " + durationText(r.IntervalSeconds)
	}
	return spanText(r.IntervalSeconds*float64(r.Intervals)) + " of " + durationText(r.IntervalSeconds) + " intervals"
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

// channelPanel is one channel's panel of a per-channel figure, with its
// hover text and its sentence of the figure's alt text.
type channelPanel struct {
	plot  *plot.Plot
	hover *hover
	alt   string
	// target says that the panel draws a target line, which the legend
	// then explains.
	target bool
}

// channelPanels draws a panel for each channel that keep accepts, in the
// result's order; hasTarget reports whether any panel draws a target.
func channelPanels(r *sim.Result, keep func(*sim.ChannelResult) bool, draw func(c int, ch *sim.ChannelResult) channelPanel) (panels []channelPanel, hasTarget bool) {
	for c := range r.Channels {
		ch := &r.Channels[c]
		if !keep(ch) {
			continue
		}
		p := draw(c, ch)
		panels = append(panels, p)
		hasTarget = hasTarget || p.target
	}
	return panels, hasTarget
}

// everyChannel keeps every channel in channelPanels and channelLegend.
func everyChannel(*sim.ChannelResult) bool { return true }

// channelFigure lays out one panel per channel (channelGrid) as a
// figure of the forecast; nil when no channel has a panel.
func channelFigure(f output.Forecast, title string, cps []channelPanel, legend []legendItem, footer string) *figure {
	if len(cps) == 0 {
		return nil
	}
	panels := make([]*plot.Plot, len(cps))
	alt := make([]string, len(cps))
	for i, cp := range cps {
		panels[i], alt[i] = cp.plot, cp.alt
	}
	grid, w := channelGrid(panels)
	fig := &figure{
		title:         title,
		subtitle:      subtitle(f),
		legend:        legend,
		panels:        grid,
		panelsWidthPx: w,
		rowHeightPx:   300,
		footer:        footer,
		alt:           strings.Join(alt, " "),
	}
	for _, cp := range cps {
		fig.setHover(cp.plot, cp.hover)
	}
	return fig
}

// rangeText says between which values a series moves: "between 62% and
// 100%", or "at 100%"; empty when it has none.
func rangeText(ys []float64, format func(float64) string) string {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, y := range ys {
		if finite(y) {
			lo, hi = math.Min(lo, y), math.Max(hi, y)
		}
	}
	switch {
	case math.IsInf(lo, 1):
		return ""
	case format(lo) == format(hi):
		return "at " + format(lo)
	}
	return "between " + format(lo) + " and " + format(hi)
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

// sharePanel completes the panel p of a channel's share metric m, drawn
// as pts in percent: its hover says the share of each interval with its
// confidence interval, its alt text the range (decimals after the point)
// and the share over the horizon, both followed by what the goal or limit
// says (" (goal 80%)").
func sharePanel(t Timeline, p *plot.Plot, pts points, ch *sim.ChannelResult, m sim.Metric, goal string, decimals int, target bool) channelPanel {
	words := shareWords[m]
	return channelPanel{
		plot: p,
		hover: intervalHover(t, func(i int) string {
			if s := ch.Intervals[i][m]; finite(s.Mean) {
				return ch.Name + " " + words.hover + " " + output.ShareCI(s) + goal
			}
			return ""
		}),
		alt: fmt.Sprintf("%s: %s per interval %s%s; %s over the horizon.", ch.Name, words.alt,
			rangeText(pts.y, func(v float64) string { return trimFloat(v, decimals) + "%" }), goal,
			output.Share(ch.Total[m].Mean)),
		target: target,
	}
}

// shareWords name a share metric in hover and alt texts.
var shareWords = map[sim.Metric]struct{ hover, alt string }{
	sim.ServiceLevel: {"service level", "service level"},
	sim.AbandonRate:  {"abandoned", "abandonment"},
}

func serviceLevelFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	t := ResultTimeline(r)
	panels, hasTarget := channelPanels(r, everyChannel, func(c int, ch *sim.ChannelResult) channelPanel {
		p := timePanel(t, lo, hi, slTitle(ch), slAxisLabel(ch))
		pts := statPoints(t, t.mid, 100, func(i int) sim.Stat { return ch.Intervals[i][sim.ServiceLevel] })
		addBand(p, pts, band(seriesColor(c), bandAlpha), 0, 100)
		g := slGoal(ch)
		if finite(g) {
			addTarget(p, 100*g)
		}
		addLine(p, pts, lineStyle(seriesColor(c), seriesDashes(c)))
		fixX(p, lo, hi)
		setY(p, 100)
		goal := ""
		if finite(g) {
			goal = " (goal " + percent(g) + ")"
		}
		return sharePanel(t, p, pts, ch, sim.ServiceLevel, goal, 0, finite(g))
	})
	legend := append(channelLegend(r, everyChannel), bandLegend)
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
	panels, hasTarget := channelPanels(r, everyChannel, func(_ int, ch *sim.ChannelResult) channelPanel {
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
		}
		fixX(p, lo, hi)
		setY(p, yTop)
		return channelPanel{
			plot: p,
			hover: intervalHover(t, func(i int) string {
				v := &ch.Intervals[i]
				if !finite(v[sim.ASA].Mean) {
					return ""
				}
				return fmt.Sprintf("%s ASA %s, median %s, p90 %s, p95 %s", ch.Name, output.SecondsCI(v[sim.ASA]),
					output.Seconds(v[sim.WaitP50].Mean), output.Seconds(v[sim.WaitP90].Mean), output.Seconds(v[sim.WaitP95].Mean))
			}),
			alt: fmt.Sprintf("%s: ASA %s over the horizon, 90th percentile wait %s.", ch.Name,
				output.Seconds(ch.Total[sim.ASA].Mean), output.Seconds(ch.Total[sim.WaitP90].Mean)),
			target: ch.Target.ASA > 0,
		}
	})
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
	realtime := func(ch *sim.ChannelResult) bool { return !ch.Kind.Deferred() }
	panels, hasTarget := channelPanels(r, realtime, func(c int, ch *sim.ChannelResult) channelPanel {
		limited := ch.Target.MaxAbandon > 0
		title := channelTitle(ch)
		if limited {
			title += ", at most " + percent(ch.Target.MaxAbandon)
		}
		p := timePanel(t, lo, hi, title, "% of offered who hung up")
		pts := statPoints(t, t.mid, 100, func(i int) sim.Stat { return ch.Intervals[i][sim.AbandonRate] })
		addBand(p, pts, band(seriesColor(c), bandAlpha), 0, 100)
		addLine(p, pts, lineStyle(seriesColor(c), seriesDashes(c)))
		top := math.Max(maxOf(pts.y), 1)
		if limited {
			addTarget(p, 100*ch.Target.MaxAbandon)
			top = math.Max(top, 100*ch.Target.MaxAbandon)
		}
		fixX(p, lo, hi)
		setY(p, math.Min(top*1.25, 100))
		limit := ""
		if limited {
			limit = " (at most " + percent(ch.Target.MaxAbandon) + ")"
		}
		return sharePanel(t, p, pts, ch, sim.AbandonRate, limit, 1, limited)
	})
	legend := append(channelLegend(r, realtime), bandLegend)
	if hasTarget {
		legend = append(legend, legendItem{"largest acceptable abandonment", targetThumb()})
	}
	return channelFigure(f, "Abandonment per interval (customers who hung up while waiting)", panels, legend, ciFooter(r))
}

func backlogFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	t := ResultTimeline(r)
	deferred := func(ch *sim.ChannelResult) bool { return ch.Kind.Deferred() }
	panels, _ := channelPanels(r, deferred, func(c int, ch *sim.ChannelResult) channelPanel {
		p := timePanel(t, lo, hi, channelTitle(ch), "requests waiting")
		pts := statPoints(t, t.end, 1, func(i int) sim.Stat { return ch.Intervals[i][sim.QueueEnd] })
		addBand(p, pts, band(seriesColor(c), bandAlpha), 0, math.Inf(1))
		addLine(p, pts, lineStyle(seriesColor(c), seriesDashes(c)))
		fixX(p, lo, hi)
		setY(p, maxOf(pts.y, pts.hi))
		return channelPanel{
			plot: p,
			hover: intervalHover(t, func(i int) string {
				v := &ch.Intervals[i]
				return fmt.Sprintf("%s waiting at the end: %s (oldest %s)", ch.Name, output.Quantity(v[sim.QueueEnd].Mean), output.Seconds(v[sim.OldestAge].Mean))
			}),
			alt: fmt.Sprintf("%s: backlog at interval ends %s requests.", ch.Name,
				rangeText(pts.y, func(v float64) string { return trimFloat(v, 1) })),
		}
	})
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
	var perContact []string
	for g := range r.Groups {
		gr := &r.Groups[g]
		if paidPerContact(gr) {
			perContact = append(perContact, gr.Name)
			continue
		}
		pts := statPoints(t, t.mid, 100, func(i int) sim.Stat { return scheduledOccupancy(gr, i) })
		addBand(p, pts, band(seriesColor(g), bandAlpha), 0, 100)
		addLine(p, pts, layeredStyle(g, len(r.Groups)))
		legend = append(legend, legendItem{gr.Name, lineThumb(seriesColor(g), seriesDashes(g))})
	}
	if len(legend) == 0 {
		return nil
	}
	fixX(p, lo, hi)
	setY(p, 100)
	footer := "A chat holds 1/k of its agent (k: the channel's concurrency). Intervals in which nobody is scheduled " +
		"(agents only finishing a contact past their shift, busy by definition) are left out. "
	if len(perContact) > 0 {
		footer += strings.Join(perContact, ", ") + ": paid per contact, as many agents as contacts, always busy: not drawn. "
	}
	h := intervalHover(t, func(i int) string {
		var parts []string
		for g := range r.Groups {
			if s := scheduledOccupancy(&r.Groups[g], i); finite(s.Mean) && !paidPerContact(&r.Groups[g]) {
				parts = append(parts, r.Groups[g].Name+" "+output.ShareCI(s))
			}
		}
		return strings.Join(parts, ", ")
	})
	fig := &figure{
		title:         "Occupancy per interval (busy time over time on the floor)",
		subtitle:      subtitle(f),
		legend:        append(legend, bandLegend),
		panels:        [][]*plot.Plot{{p}},
		panelsWidthPx: 1100,
		rowHeightPx:   480,
		footer:        footer + ciFooter(r),
		alt:           "Occupancy per interval of " + strings.Join(legendLabels(legend), ", ") + ".",
	}
	fig.setHover(p, h)
	return fig
}

// paidPerContact reports whether a group is an outsourcer paid per
// contact (sim.Group.Unlimited): never paid by the hour, and busy in every
// interval it has any time on the floor, so its occupancy says nothing.
func paidPerContact(g *sim.GroupResult) bool {
	onFloor := false
	for i := range g.Intervals {
		v := &g.Intervals[i]
		if v[sim.Paid].Mean != 0 {
			return false
		}
		if o := v[sim.Occupancy]; finite(o.Mean) {
			if o.Mean != 1 || o.SD > 0 {
				return false
			}
			onFloor = true
		}
	}
	return onFloor
}

// scheduledOccupancy is a group's occupancy in interval i when anyone is
// scheduled there; undefined when its only agents are finishing contacts
// past their shift, whose occupancy is 100% by definition.
func scheduledOccupancy(g *sim.GroupResult, i int) sim.Stat {
	if g.Intervals[i][sim.Paid].Mean == 0 {
		return sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN()}
	}
	return g.Intervals[i][sim.Occupancy]
}

func legendLabels(items []legendItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.label)
	}
	return out
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
	fig := staffingFigure(t, lo, hi, series, staffingLabels{solid: "scheduled (paid)", dashed: "on the floor (mean, after shrinkage)"})
	fig.title = "Agents per interval: scheduled and on the floor"
	fig.subtitle = subtitle(f)
	fig.footer = "On the floor counts agents taking contacts, including those who stay past their shift to finish one."
	var alt []string
	for g := range r.Groups {
		floor, _ := output.WhileStaffed(&r.Groups[g])
		alt = append(alt, fmt.Sprintf("%s: %s agents scheduled per interval, %s on the floor on average while scheduled.",
			r.Groups[g].Name, rangeText(series[g].Scheduled, func(v float64) string { return trimFloat(v, 1) }), output.Float(floor, 1)))
	}
	fig.alt = strings.Join(alt, " ")
	fig.setHover(fig.panels[0][0], intervalHover(t, func(i int) string {
		var parts []string
		for g := range r.Groups {
			v := &r.Groups[g].Intervals[i]
			if v[sim.Paid].Mean > 0 || v[sim.Staff].Mean > 0 {
				parts = append(parts, fmt.Sprintf("%s %s scheduled, %s on the floor", r.Groups[g].Name,
					trimFloat(v[sim.Paid].Mean, 1), trimFloat(v[sim.Staff].Mean, 1)))
			}
		}
		return strings.Join(parts, "; ")
	}))
	return fig
}

func costFigure(f output.Forecast, lo, hi float64) *figure {
	r := f.Result
	if !anyCost(r) {
		// A scenario without costs would get a chart of zeros.
		return nil
	}
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
	fig := &figure{
		title:         "Cost per interval (paid agent hours and per-contact costs)",
		subtitle:      subtitle(f),
		legend:        legend,
		panels:        [][]*plot.Plot{{p}},
		panelsWidthPx: 1100,
		rowHeightPx:   480,
		footer:        "A group's hourly cost is split among its channels by handling time. " + ciFooter(r),
		alt: fmt.Sprintf("Cost per interval of all channels %s %s; %s %s over the horizon.",
			rangeText(totalCosts(r), func(v float64) string { return output.Money(v) }), f.Money(),
			output.Money(r.Total.Total[sim.Cost].Mean), f.Money()),
	}
	fig.setHover(p, intervalHover(t, func(i int) string {
		parts := []string{"all channels " + output.Money(r.Total.Intervals[i][sim.Cost].Mean) + " " + f.Money()}
		for c := range r.Channels {
			parts = append(parts, r.Channels[c].Name+" "+output.Money(r.Channels[c].Intervals[i][sim.Cost].Mean))
		}
		return strings.Join(parts, ", ")
	}))
	return fig
}

// totalCosts is the cost of all channels in each interval.
func totalCosts(r *sim.Result) []float64 {
	out := make([]float64, r.Intervals)
	for i := range out {
		out[i] = r.Total.Intervals[i][sim.Cost].Mean
	}
	return out
}
