package plots

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// hover is what a panel tells a reader who points at it: one target per
// interval or day, as tall as the panel, each with its text. A browser
// shows the text as a tooltip (an SVG <title>), so the page needs no
// script for it.
type hover struct {
	from, to []float64 // each target's x range, in the panel's data units
	text     []string
}

func (h *hover) add(from, to float64, text string) {
	h.from, h.to, h.text = append(h.from, from), append(h.to, to), append(h.text, text)
}

// maxHoverTargets bounds the tooltips of one figure: past it (a month of
// half-hours in every panel) they would weigh more than the drawing, and
// the figures by day carry the tooltips instead.
const maxHoverTargets = 600

// fontFamily replaces the font gonum names in an SVG: Liberation Sans
// where it is installed, else the fonts it was made to match in width
// (Arimo, Arial, Helvetica), so that labels keep the room laid out for
// them.
const fontFamily = "font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif"

// svg draws the figure as an SVG element for a web page: it scales to the
// page's width, names itself for assistive technology (role img, a title
// and a description), uses the page's fonts and carries a tooltip over
// each interval of its panels (at most maxHoverTargets in all). id must
// be unique in the page.
func (f *figure) svg(id, desc string) ([]byte, error) {
	var c *vgsvg.Canvas
	areas, err := f.drawOn(func(w, h float64) vg.CanvasSizer {
		c = vgsvg.NewWith(vgsvg.UseWH(px(w), px(h)))
		return c
	})
	if err != nil {
		return nil, err
	}
	var raw bytes.Buffer
	if _, err := c.WriteTo(&raw); err != nil {
		return nil, err
	}
	body := raw.Bytes()
	// gonum writes an XML prolog and an <svg> tag sized in points; the
	// page wants the element alone, sized in CSS pixels.
	start := bytes.Index(body, []byte("<svg"))
	if start < 0 {
		return nil, errors.New("plots: no <svg> element in the drawing")
	}
	open := bytes.IndexByte(body[start:], '>')
	end := bytes.LastIndex(body, []byte("</svg>"))
	if open < 0 || end < 0 {
		return nil, errors.New("plots: malformed SVG drawing")
	}
	inner := bytes.ReplaceAll(body[start+open+1:end], []byte("font-family:Liberation Sans"), []byte(fontFamily))
	inner = roundPaths(inner)
	wPt, hPt := px(f.widthPx).Points(), px(f.heightPx).Points()

	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" class="chart" id="%s">`,
		num(wPt), num(hPt), num(f.widthPx), num(f.heightPx), id, id, id)
	fmt.Fprintf(&b, "\n<title id=\"%s-title\">%s</title>\n<desc id=\"%s-desc\">%s</desc>\n", id, html.EscapeString(f.title), id, html.EscapeString(desc))
	b.Write(inner)
	writeHovers(&b, f, areas, hPt)
	b.WriteString("</svg>")
	return b.Bytes(), nil
}

// writeHovers adds a transparent target with its tooltip over each
// interval of each panel that has a hover, as long as the figure's
// targets stay within maxHoverTargets.
func writeHovers(b *bytes.Buffer, f *figure, areas []panelArea, heightPt float64) {
	total := 0
	for _, a := range areas {
		if h := f.hovers[a.panel]; h != nil {
			total += len(h.text)
		}
	}
	if total == 0 || total > maxHoverTargets {
		return
	}
	b.WriteString(`<g class="hover">` + "\n")
	for _, a := range areas {
		h := f.hovers[a.panel]
		if h == nil {
			continue
		}
		p := a.panel
		x0, x1 := a.rect.Min.X.Points(), a.rect.Max.X.Points()
		top, bottom := heightPt-a.rect.Max.Y.Points(), heightPt-a.rect.Min.Y.Points()
		toX := func(v float64) float64 {
			return math.Min(math.Max(x0+(v-p.X.Min)/(p.X.Max-p.X.Min)*(x1-x0), x0), x1)
		}
		for k, text := range h.text {
			l, r := toX(h.from[k]), toX(h.to[k])
			if !(r > l) {
				continue
			}
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s"><title>%s</title></rect>`+"\n",
				num(l), num(top), num(r-l), num(bottom-top), html.EscapeString(text))
		}
	}
	b.WriteString("</g>\n")
}

// roundPaths rounds the coordinates of the SVG's paths to a tenth of a
// point (a seventh of a pixel): gonum writes five significant digits, and
// a month of intervals is megabytes of them.
func roundPaths(svg []byte) []byte {
	var out bytes.Buffer
	out.Grow(len(svg))
	for {
		i := bytes.Index(svg, []byte(` d="`))
		if i < 0 {
			out.Write(svg)
			return out.Bytes()
		}
		i += len(` d="`)
		out.Write(svg[:i])
		svg = svg[i:]
		j := bytes.IndexByte(svg, '"')
		if j < 0 {
			out.Write(svg)
			return out.Bytes()
		}
		var rounded bytes.Buffer
		d := svg[:j]
		for len(d) > 0 {
			k := 0
			for k < len(d) && (d[k] == '-' || d[k] == '.' || d[k] >= '0' && d[k] <= '9') {
				k++
			}
			if k == 0 {
				rounded.WriteByte(d[0])
				d = d[1:]
				continue
			}
			if v, err := strconv.ParseFloat(string(d[:k]), 64); err == nil {
				rounded.WriteString(strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64))
			} else {
				rounded.Write(d[:k])
			}
			d = d[k:]
		}
		out.WriteString(simplifyPath(rounded.String()))
		svg = svg[j:]
	}
}

// simplifyPath drops the points of a path made of straight lines (M, L
// and Z commands) that draw nothing: a point equal to the one before it,
// and a point in the middle of a horizontal or vertical run that goes on
// in the same direction (steps of staffing, flat stretches at 0 or 100%).
// The shape drawn is the same; a month of 15-minute steps is half the
// bytes. A path with any other command is left as it is.
func simplifyPath(d string) string {
	type point struct {
		cmd  byte
		x, y string
		fx   float64
		fy   float64
	}
	var pts []point
	rest := d
	for rest != "" {
		cmd := rest[0]
		rest = rest[1:]
		if cmd == 'Z' {
			pts = append(pts, point{cmd: 'Z'})
			continue
		}
		if cmd != 'M' && cmd != 'L' {
			return d
		}
		end := strings.IndexAny(rest, "MLZ")
		if end < 0 {
			end = len(rest)
		}
		x, y, ok := strings.Cut(rest[:end], ",")
		fx, errX := strconv.ParseFloat(x, 64)
		fy, errY := strconv.ParseFloat(y, 64)
		if !ok || errX != nil || errY != nil {
			return d
		}
		pts = append(pts, point{cmd, x, y, fx, fy})
		rest = rest[end:]
	}
	var kept []point
	for _, p := range pts {
		n := len(kept)
		if p.cmd == 'L' && n > 0 && kept[n-1].cmd != 'Z' {
			last := kept[n-1]
			if p.fx == last.fx && p.fy == last.fy {
				continue
			}
			// last is the middle of a straight run from the point before
			// it to p, going on in the same direction: p replaces it.
			if last.cmd == 'L' && n > 1 && kept[n-2].cmd != 'Z' {
				first := kept[n-2]
				sameY := first.fy == last.fy && last.fy == p.fy && (last.fx-first.fx)*(p.fx-last.fx) > 0
				sameX := first.fx == last.fx && last.fx == p.fx && (last.fy-first.fy)*(p.fy-last.fy) > 0
				if sameX || sameY {
					kept[n-1] = p
					continue
				}
			}
		}
		kept = append(kept, p)
	}
	var b strings.Builder
	b.Grow(len(d))
	for _, p := range kept {
		b.WriteByte(p.cmd)
		if p.cmd != 'Z' {
			b.WriteString(p.x + "," + p.y)
		}
	}
	return b.String()
}

// num writes a coordinate to a hundredth of a point.
func num(v float64) string { return strconv.FormatFloat(math.Round(v*100)/100, 'f', -1, 64) }

// figureSVG renders a named figure for a page.
func figureSVG(id string, fig *figure) (output.Figure, error) {
	desc := fig.alt
	if desc == "" {
		desc = strings.TrimSpace(fig.subtitle + ". " + fig.footer)
	}
	svg, err := fig.svg(id, desc)
	if err != nil {
		return output.Figure{}, err
	}
	return output.Figure{ID: id, Title: fig.title, Description: desc, SVG: svg}, nil
}

// setHover attaches a hover to a panel of the figure.
func (f *figure) setHover(p *plot.Plot, h *hover) {
	if p == nil || h == nil || len(h.text) == 0 {
		return
	}
	if f.hovers == nil {
		f.hovers = map[*plot.Plot]*hover{}
	}
	f.hovers[p] = h
}

// intervalHover gives each interval of a timeline a target whose text
// names the interval ("Mon 10:00-10:30") and what text says of it;
// intervals for which text says nothing get none.
func intervalHover(t Timeline, text func(i int) string) *hover {
	h := &hover{}
	tl := sim.Timeline(t)
	for i := range t.Intervals {
		if s := text(i); s != "" {
			end := sim.Clock(math.Mod(float64(i+1)*t.IntervalSeconds, 86400))
			if end == "00:00" {
				end = "24:00"
			}
			h.add(t.start(i), t.end(i), tl.Label(i)+"-"+end+": "+s)
		}
	}
	return h
}

// ForecastFigures returns a forecast's charts for a web page, as SVG with
// tooltips (output.Figure): those Charts draws as PNG, in the same order,
// then for a horizon of several days the forecast by day.
func ForecastFigures(f output.Forecast) ([]output.Figure, error) {
	figs, err := chartFigures(f)
	if err != nil {
		return nil, err
	}
	var out []output.Figure
	for _, nf := range figs {
		fig, err := figureSVG("fig-"+strings.TrimSuffix(nf.file, ".png"), nf.figure)
		if err != nil {
			return nil, err
		}
		out = append(out, fig)
	}
	days, err := daysFigure([]output.Forecast{f})
	if err != nil || days == nil {
		return out, err
	}
	fig, err := figureSVG("fig-days", days)
	if err != nil {
		return nil, err
	}
	return append(out, fig), nil
}

// CompareFigures returns the comparison Compare draws, as SVG with
// tooltips, and for horizons of several days the plans by day.
func CompareFigures(plans []output.Forecast) ([]output.Figure, error) {
	cf, err := compareFigure(plans)
	if err != nil {
		return nil, err
	}
	// The comparison's hovers: each plan's figures of each interval.
	for _, row := range cf.panels {
		for _, p := range row {
			cf.setHover(p, compareHover(plans, p.Title.Text))
		}
	}
	for _, p := range cf.side {
		cf.setHover(p, compareHover(plans, p.Title.Text))
	}
	fig, err := figureSVG("fig-compare", cf)
	if err != nil {
		return nil, err
	}
	out := []output.Figure{fig}
	days, err := daysFigure(plans)
	if err != nil || days == nil {
		return out, err
	}
	fig, err = figureSVG("fig-days", days)
	if err != nil {
		return nil, err
	}
	return append(out, fig), nil
}

// StaffingFigure returns the chart StaffingChart draws, as SVG.
func StaffingFigure(t Timeline, title string, groups []StaffingSeries) (output.Figure, error) {
	return staffingSVG("fig-staffing", t, title, groups, planLabels)
}

// RosterCoverageFigure returns the chart RosterCoverageChart draws, as
// SVG.
func RosterCoverageFigure(t Timeline, title string, groups []StaffingSeries) (output.Figure, error) {
	return staffingSVG("fig-roster-coverage", t, title, groups, rosterLabels)
}

func staffingSVG(id string, t Timeline, title string, groups []StaffingSeries, labels staffingLabels) (output.Figure, error) {
	fig, err := staffingChartFigure(t, title, groups, labels)
	if err != nil {
		return output.Figure{}, err
	}
	// Each group's tooltips go over its own panel when the chart gives
	// it one (a roster's), over the one panel otherwise.
	text := func(groups []StaffingSeries) func(i int) string {
		return func(i int) string {
			var parts []string
			for _, g := range groups {
				var vs []string
				for _, v := range []struct {
					values []float64
					label  string
				}{{g.Required, "required"}, {g.Scheduled, strings.Fields(labels.solid)[0]}, {g.OnFloor, "on the floor"}} {
					if v.values != nil && finite(v.values[i]) {
						vs = append(vs, trimFloat(v.values[i], 1)+" "+v.label)
					}
				}
				if len(vs) > 0 {
					parts = append(parts, g.Group+" "+strings.Join(vs, ", "))
				}
			}
			return strings.Join(parts, "; ")
		}
	}
	if labels.split(len(groups)) {
		for g := range groups {
			fig.setHover(fig.panels[g][0], intervalHover(t, text(groups[g:g+1])))
		}
	} else {
		fig.setHover(fig.panels[0][0], intervalHover(t, text(groups)))
	}
	return figureSVG(id, fig)
}

// BacktestFigure returns the chart BacktestChart draws, as SVG.
func BacktestFigure(intervalSeconds, threshold float64, subtitle string, series []BacktestSeries) (output.Figure, error) {
	fig, err := backtestFigure(intervalSeconds, threshold, subtitle, series)
	if err != nil {
		return output.Figure{}, err
	}
	t := Timeline{IntervalSeconds: intervalSeconds, Intervals: int(86400 / intervalSeconds)}
	measures := []struct {
		name   string
		values func(BacktestSeries) []float64
		format func(float64) string
	}{
		{"abandonment", func(s BacktestSeries) []float64 { return s.AbandonRate }, output.Share},
		{"service level", func(s BacktestSeries) []float64 { return s.ServiceLevel }, output.Share},
		{"ASA", func(s BacktestSeries) []float64 { return s.ASA }, output.Seconds},
	}
	for k, row := range fig.panels {
		if k >= len(measures) || row[0] == nil {
			continue
		}
		m := measures[k]
		fig.setHover(row[0], intervalHover(t, func(i int) string {
			var parts []string
			for _, s := range series {
				if v := m.values(s)[i]; finite(v) {
					parts = append(parts, s.Name+" "+m.format(v))
				}
			}
			if len(parts) == 0 {
				return ""
			}
			return m.name + ": " + strings.Join(parts, ", ")
		}))
	}
	return figureSVG("fig-backtest", fig)
}

// compareHover is the tooltip of a comparison panel, by its title: each
// plan's value of the panel's measure in each interval.
func compareHover(plans []output.Forecast, title string) *hover {
	name, measure, ok := strings.Cut(title, ": ")
	t := ResultTimeline(plans[0].Result)
	for _, p := range plans[1:] {
		if pt := ResultTimeline(p.Result); pt.hours() > t.hours() {
			t = pt
		}
	}
	value := func(r *sim.Result, i int) string {
		if i >= r.Intervals {
			return ""
		}
		if ok {
			if ch := output.ChannelByName(r, name); ch != nil {
				v := &ch.Intervals[i]
				switch measure {
				case "service level":
					return output.ShareCI(v[sim.ServiceLevel])
				case "90th percentile wait":
					return output.Seconds(v[sim.WaitP90].Mean)
				case "abandonment":
					return output.ShareCI(v[sim.AbandonRate])
				case "backlog at interval end":
					return output.Quantity(v[sim.QueueEnd].Mean)
				case "scheduled agents":
				default:
					return ""
				}
			}
			if measure == "scheduled agents" {
				for g := range r.Groups {
					if r.Groups[g].Name == name {
						return trimFloat(r.Groups[g].Intervals[i][sim.Paid].Mean, 1)
					}
				}
			}
			return ""
		}
		switch title {
		case "scheduled agents, all groups":
			return trimFloat(r.AllGroups.Intervals[i][sim.Paid].Mean, 1)
		case "occupancy, all groups":
			return output.Share(scheduledOccupancy(&r.AllGroups, i).Mean)
		case "cost per interval, all channels":
			return output.Money(r.Total.Intervals[i][sim.Cost].Mean)
		}
		return ""
	}
	return intervalHover(t, func(i int) string {
		var parts []string
		for _, p := range plans {
			if v := value(p.Result, i); v != "" && v != "-" {
				parts = append(parts, p.Title()+" "+v)
			}
		}
		if len(parts) == 0 {
			return ""
		}
		return title + ": " + strings.Join(parts, "; ")
	})
}
