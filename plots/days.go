package plots

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// dayPoints reads stat for each day of a forecast as a step over the
// day (x in hours from the horizon's start), scaled (100 for shares), with
// its confidence bounds.
func dayPoints(r *sim.Result, scale float64, stat func(p *sim.PeriodResult) sim.Stat) points {
	t := ResultTimeline(r)
	n := len(r.Days)
	pts := points{x: make([]float64, n), y: make([]float64, n), lo: make([]float64, n), hi: make([]float64, n)}
	for k := range r.Days {
		p := &r.Days[k]
		s := stat(p)
		pts.x[k] = (t.start(p.From) + t.end(p.To-1)) / 2
		pts.y[k], pts.lo[k], pts.hi[k] = math.NaN(), math.NaN(), math.NaN()
		if finite(s.Mean) {
			pts.y[k] = s.Mean * scale
			if finite(s.HalfWidth) {
				pts.lo[k], pts.hi[k] = (s.Mean-s.HalfWidth)*scale, (s.Mean+s.HalfWidth)*scale
			}
		}
	}
	return pts
}

// dayHover gives each day of the forecast a target with its text.
func dayHover(r *sim.Result, text func(k int, p *sim.PeriodResult) string) *hover {
	t := ResultTimeline(r)
	h := &hover{}
	for k := range r.Days {
		p := &r.Days[k]
		if s := text(k, p); s != "" {
			h.add(t.start(p.From), t.end(p.To-1), output.PeriodLabel(r, *p, output.ByDay)+": "+s)
		}
	}
	return h
}

// multiDay reports whether every plan's horizon has more than one day,
// so that figures by day say something the per-interval ones do not.
func multiDay(plans []output.Forecast) bool {
	for _, p := range plans {
		if len(p.Result.Days) < 2 {
			return false
		}
	}
	return len(plans) > 0
}

// daysFigure draws one or several forecasts by day: for each channel its
// service level (and, for real-time channels, abandonment; for deferred
// ones, the backlog at the end of the day), then the paid hours and cost
// of each day. A forecast is one line per plan, in the plan's colour;
// alone, it takes its channels' colours. Every value is the day's as one
// (sim.Result.Days): shares are ratios of the day's counts.
func daysFigure(plans []output.Forecast) (*figure, error) {
	if !multiDay(plans) {
		return nil, nil
	}
	for _, p := range plans {
		if err := checkResult(p.Result); err != nil {
			return nil, err
		}
		if got, want := len(p.Result.Days), len(p.Result.Timeline().Days()); got != want {
			return nil, fmt.Errorf("plots: %q has %d days, its horizon %d", p.Title(), got, want)
		}
	}
	first := plans[0].Result
	t := ResultTimeline(first)
	for _, p := range plans[1:] {
		if pt := ResultTimeline(p.Result); pt.hours() > t.hours() {
			t = pt
		}
	}
	lo, hi := 0.0, t.hours()
	single := len(plans) == 1
	color := func(plan, channel int) int {
		if single {
			return channel
		}
		return plan
	}
	names, kinds := output.ChannelUnion(plans)
	var grid [][]*plot.Plot
	var hovers []struct {
		p *plot.Plot
		h *hover
	}
	addHover := func(p *plot.Plot, h *hover) {
		hovers = append(hovers, struct {
			p *plot.Plot
			h *hover
		}{p, h})
	}
	var alt []string
	for c, name := range names {
		sl := timePanel(t, lo, hi, name+": service level by day", "% in target")
		third := timePanel(t, lo, hi, name+": abandonment by day", "% of offered")
		if kinds[c].Deferred() {
			third = timePanel(t, lo, hi, name+": backlog at the end of each day", "requests")
		}
		var goals, lows []float64
		top := 0.0
		var slText, thirdText []string
		for i, f := range plans {
			r := f.Result
			ci := channelIndex(r, name)
			if ci < 0 {
				continue
			}
			ch := &r.Channels[ci]
			k := color(i, ci)
			style := lineStyle(seriesColor(k), seriesDashes(k))
			if !single {
				style = planStyle(i, len(plans))
			}
			pts := dayPoints(r, 100, func(p *sim.PeriodResult) sim.Stat { return p.Channels[ci][sim.ServiceLevel] })
			addBand(sl, pts, band(seriesColor(k), compareBandAlpha), 0, 100)
			addLine(sl, pts, style)
			addDots(sl, pts, style)
			goals = append(goals, 100*slGoal(ch))
			lows = append(lows, pts.y...)
			slText = append(slText, fmt.Sprintf("%s%s", planPrefix(f, single), rangeText(pts.y, func(v float64) string { return trimFloat(v, 1) + "%" })))
			var tp points
			if kinds[c].Deferred() {
				tp = dayPoints(r, 1, func(p *sim.PeriodResult) sim.Stat { return p.Channels[ci][sim.QueueEnd] })
				addBand(third, tp, band(seriesColor(k), compareBandAlpha), 0, math.Inf(1))
			} else {
				tp = dayPoints(r, 100, func(p *sim.PeriodResult) sim.Stat { return p.Channels[ci][sim.AbandonRate] })
				addBand(third, tp, band(seriesColor(k), compareBandAlpha), 0, 100)
				if ch.Target.MaxAbandon > 0 {
					addTarget(third, 100*ch.Target.MaxAbandon)
					top = math.Max(top, 100*ch.Target.MaxAbandon)
				}
			}
			addLine(third, tp, style)
			addDots(third, tp, style)
			top = math.Max(top, maxOf(tp.y, tp.hi))
			thirdText = append(thirdText, planPrefix(f, single)+rangeText(tp.y, func(v float64) string { return trimFloat(v, 1) }))
		}
		targets(sl, goals)
		fixX(sl, lo, hi)
		setYFrom(sl, shareAxisFloor(append(lows, goals...)), 100)
		fixX(third, lo, hi)
		if kinds[c].Deferred() {
			setY(third, top)
		} else {
			setY(third, math.Min(math.Max(top*1.1, 1), 100))
		}
		grid = append(grid, []*plot.Plot{sl, third})
		addHover(sl, daysHover(plans, func(r *sim.Result, p *sim.PeriodResult) string {
			if ci := channelIndex(r, name); ci >= 0 {
				return output.ShareCI(p.Channels[ci][sim.ServiceLevel])
			}
			return ""
		}, name+" service level"))
		addHover(third, daysHover(plans, func(r *sim.Result, p *sim.PeriodResult) string {
			ci := channelIndex(r, name)
			switch {
			case ci < 0:
				return ""
			case kinds[c].Deferred():
				return output.Quantity(p.Channels[ci][sim.QueueEnd].Mean) + " waiting"
			}
			return output.ShareCI(p.Channels[ci][sim.AbandonRate])
		}, name+" "+strings.TrimPrefix(third.Title.Text, name+": ")))
		alt = append(alt, fmt.Sprintf("%s: service level by day %s.", name, strings.Join(slText, "; ")))
		unit := "abandonment by day (%)"
		if kinds[c].Deferred() {
			unit = "backlog at the end of each day (requests)"
		}
		alt = append(alt, fmt.Sprintf("%s: %s %s.", name, unit, strings.Join(thirdText, "; ")))
	}

	// Paid hours by day (per group for one forecast, of all groups for
	// several) and cost by day.
	hours := timePanel(t, lo, hi, "paid hours by day", "agent-hours")
	cost := timePanel(t, lo, hi, "cost by day, all channels", plans[0].Money())
	top, costTop := 0.0, 0.0
	for i, f := range plans {
		r := f.Result
		if single {
			for g := range r.Groups {
				pts := dayPoints(r, 1, func(p *sim.PeriodResult) sim.Stat { return p.Groups[g][sim.PaidHours] })
				st := layeredStyle(g, len(r.Groups))
				addLine(hours, pts, st)
				addDots(hours, pts, st)
				top = math.Max(top, maxOf(pts.y))
			}
		} else {
			pts := dayPoints(r, 1, func(p *sim.PeriodResult) sim.Stat { return p.AllGroups[sim.PaidHours] })
			addLine(hours, pts, planStyle(i, len(plans)))
			addDots(hours, pts, planStyle(i, len(plans)))
			top = math.Max(top, maxOf(pts.y))
		}
		pts := dayPoints(r, 1, func(p *sim.PeriodResult) sim.Stat { return p.Total[sim.Cost] })
		k := i
		if single {
			k = 6 // black: all channels, as in the cost chart
		}
		addBand(cost, pts, band(seriesColor(k), compareBandAlpha), 0, math.Inf(1))
		st := lineStyle(seriesColor(k), nil)
		if !single {
			st = planStyle(i, len(plans))
		}
		addLine(cost, pts, st)
		addDots(cost, pts, st)
		costTop = math.Max(costTop, maxOf(pts.y, pts.hi))
	}
	fixX(hours, lo, hi)
	setY(hours, top)
	fixX(cost, lo, hi)
	setY(cost, costTop)
	grid = append(grid, []*plot.Plot{hours, cost})
	addHover(hours, daysHover(plans, func(r *sim.Result, p *sim.PeriodResult) string {
		if !single {
			return output.Number(p.AllGroups[sim.PaidHours].Mean, 1) + " h"
		}
		var parts []string
		for g := range r.Groups {
			parts = append(parts, r.Groups[g].Name+" "+output.Number(p.Groups[g][sim.PaidHours].Mean, 1)+" h")
		}
		return strings.Join(parts, ", ")
	}, "paid hours"))
	addHover(cost, daysHover(plans, func(r *sim.Result, p *sim.PeriodResult) string {
		return output.Money(p.Total[sim.Cost].Mean) + " " + plans[0].Money()
	}, "cost"))

	var legend []legendItem
	if single {
		r := first
		for c := range r.Channels {
			legend = append(legend, legendItem{r.Channels[c].Name, lineThumb(seriesColor(c), seriesDashes(c))})
		}
		for g := range r.Groups {
			legend = append(legend, legendItem{"group " + r.Groups[g].Name, lineThumb(seriesColor(g), seriesDashes(g))})
		}
	} else {
		for i, p := range plans {
			legend = append(legend, legendItem{p.Title(), lineThumb(seriesColor(i), seriesDashes(i))})
		}
	}
	legend = append(legend, bandLegend, legendItem{"target", targetThumb()})
	sub := subtitle(plans[0])
	if !single {
		sub = fmt.Sprintf("%d plans; %s", len(plans), horizonText(first))
	}
	fig := &figure{
		title:         "By day: each day's contacts as one",
		subtitle:      sub,
		legend:        legend,
		panels:        grid,
		panelsWidthPx: 1300,
		rowHeightPx:   260,
		footer: "Each point is a day: shares are ratios of the day's counts (not means of its intervals), the backlog is " +
			"what waits at the day's end, hours and cost are the day's sums; shaded: 95% confidence interval over the replications. " +
			"Service-level axes start below the lowest value or goal.",
		alt: strings.Join(alt, " "),
	}
	for _, h := range hovers {
		fig.setHover(h.p, h.h)
	}
	return fig, nil
}

// planPrefix names a plan before its figures in words, for several.
func planPrefix(f output.Forecast, single bool) string {
	if single {
		return ""
	}
	return f.Title() + " "
}

// daysHover gives each day a target listing every plan's value.
func daysHover(plans []output.Forecast, value func(r *sim.Result, p *sim.PeriodResult) string, what string) *hover {
	r := plans[0].Result
	for _, p := range plans[1:] {
		if len(p.Result.Days) > len(r.Days) {
			r = p.Result
		}
	}
	return dayHover(r, func(k int, _ *sim.PeriodResult) string {
		var parts []string
		for _, f := range plans {
			if k >= len(f.Result.Days) {
				continue
			}
			v := value(f.Result, &f.Result.Days[k])
			if v == "" {
				continue
			}
			if len(plans) > 1 {
				v = f.Title() + " " + v
			}
			parts = append(parts, v)
		}
		if len(parts) == 0 {
			return ""
		}
		return what + " " + strings.Join(parts, "; ")
	})
}

// channelIndex is the index of the forecast's channel of that name, or -1.
func channelIndex(r *sim.Result, name string) int {
	for c := range r.Channels {
		if r.Channels[c].Name == name {
			return c
		}
	}
	return -1
}

// addDots marks each value with a dot, so that days read as points.
func addDots(p *plot.Plot, pts points, style draw.LineStyle) {
	for i := range pts.y {
		if finite(pts.y[i]) {
			p.Add(&dot{x: pts.x[i], y: pts.y[i], style: draw.GlyphStyle{Color: style.Color, Radius: px(3.5), Shape: draw.CircleGlyph{}}})
		}
	}
}
