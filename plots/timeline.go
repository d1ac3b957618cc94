package plots

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg/draw"

	"github.com/ccsim/ccsim/sim"
)

// Timeline places a horizon's intervals on the time axis. Charts measure
// time in hours from 00:00 of the horizon's first day, and name instants
// as sim.Timeline names intervals, so that an axis reads like the tables.
type Timeline sim.Timeline

// ResultTimeline returns the timeline of a forecast.
func ResultTimeline(r *sim.Result) Timeline {
	return Timeline{IntervalSeconds: r.IntervalSeconds, Intervals: r.Intervals, StartWeekday: r.StartWeekday}
}

// maxIntervals bounds what a chart will draw: a year of 15-minute
// intervals, far beyond any scenario, so that a corrupt input cannot make
// the renderer allocate without bound.
const maxIntervals = 366 * 96

func (t Timeline) validate() error {
	switch {
	case !(t.IntervalSeconds > 0) || math.IsInf(t.IntervalSeconds, 0):
		return fmt.Errorf("plots: interval length %v must be positive", t.IntervalSeconds)
	case t.Intervals < 1 || t.Intervals > maxIntervals:
		return fmt.Errorf("plots: %d intervals: want 1 to %d", t.Intervals, maxIntervals)
	case t.IntervalSeconds*float64(t.Intervals) > 400*86400:
		return errors.New("plots: horizon longer than 400 days")
	}
	return nil
}

// hours is the horizon's length in hours.
func (t Timeline) hours() float64 { return t.IntervalSeconds * float64(t.Intervals) / 3600 }

// start and mid are the start and midpoint of interval i, in hours.
func (t Timeline) start(i int) float64 { return float64(i) * t.IntervalSeconds / 3600 }
func (t Timeline) mid(i int) float64   { return (float64(i) + 0.5) * t.IntervalSeconds / 3600 }
func (t Timeline) end(i int) float64   { return float64(i+1) * t.IntervalSeconds / 3600 }

func (t Timeline) multiDay() bool { return t.hours() > 24+1e-9 }

// axisLabel names the x axis.
func (t Timeline) axisLabel() string {
	if t.multiDay() {
		return "day and time of day"
	}
	return "time of day"
}

// tickSteps are the spacings of labelled ticks, in hours, with the
// spacing of the unlabelled ticks between them.
var tickSteps = []tickStep{
	{5.0 / 60, 0}, {0.25, 0}, {0.5, 0.25}, {1, 0.5}, {2, 1}, {3, 1}, {4, 1}, {6, 1}, {12, 3},
	{24, 6}, {48, 24}, {72, 24}, {168, 24}, {336, 168}, {672, 168}, {1344, 168}, {2688, 672}, {5376, 672},
	{10752, 2688},
}

// timeTicks labels the time axis: "07:00" within one day, "Tue 06:00"
// over several, and day names alone when the ticks are whole days apart.
type timeTicks struct {
	timeline Timeline
	// widthPx is the axis length; the tick spacing keeps labels apart.
	widthPx float64
}

var _ plot.Ticker = timeTicks{}

// Ticks returns major ticks at the smallest step from tickSteps whose
// labels fit the axis, and minor ticks between them. When each day gets
// a label of its own, the label stands under the middle of the day (of
// its part in view) and the days' bounds are minor ticks with grid lines
// (see timeGrid): a reader sees which span of the axis is Tuesday.
func (tt timeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return nil
	}
	step := tt.step(lo, hi)
	if tt.centeredDays(step) {
		var ticks []plot.Tick
		for d := math.Floor(lo / 24); d*24 < hi-1e-9; d++ {
			a, b := math.Max(d*24, lo), math.Min(d*24+24, hi)
			if b-a >= 6 {
				ticks = append(ticks, plot.Tick{Value: (a + b) / 2, Label: tt.label(d*24, 24)})
			}
			if d*24 >= lo-1e-9 {
				ticks = append(ticks, plot.Tick{Value: d * 24})
			}
		}
		if math.Abs(math.Round(hi/24)*24-hi) < 1e-9 {
			ticks = append(ticks, plot.Tick{Value: hi})
		}
		return ticks
	}
	var ticks []plot.Tick
	first := math.Ceil(lo/step.major-1e-9) * step.major
	for k := 0; ; k++ {
		v := first + float64(k)*step.major
		if v > hi+1e-9 {
			break
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: tt.label(v, step.major)})
	}
	if step.minor > 0 {
		first := math.Ceil(lo/step.minor-1e-9) * step.minor
		for k := 0; ; k++ {
			v := first + float64(k)*step.minor
			if v > hi+1e-9 {
				break
			}
			if r := math.Mod(v, step.major); r > 1e-9 && step.major-r > 1e-9 {
				ticks = append(ticks, plot.Tick{Value: v})
			}
		}
	}
	return ticks
}

// tickStep is a spacing of labelled ticks and of the unlabelled ones
// between them, in hours.
type tickStep struct{ major, minor float64 }

// step is the spacing of the labelled ticks: the smallest of tickSteps
// whose labels fit the axis.
func (tt timeTicks) step(lo, hi float64) tickStep {
	span := hi - lo
	for _, s := range tickSteps {
		if sim.Timeline(tt.timeline).Seconds() > 7*86400 && (s.major == 48 || s.major == 72) {
			// Past a week, labels every two or three days would name
			// a different weekday each time: a week apart, one weekday.
			continue
		}
		// Each label needs its width plus a gap; 8 px a character is
		// generous for 12 pt sans at 100 dpi. The last label is the
		// longest when days are numbered.
		chars := max(len(tt.label(lo, s.major)), len(tt.label(hi, s.major)))
		room := float64(chars*8 + 28)
		if span/s.major*room <= tt.widthPx {
			return s
		}
	}
	return tickSteps[len(tickSteps)-1]
}

// centeredDays reports whether every day of a multi-day axis gets its
// own label, set under the day's middle.
func (tt timeTicks) centeredDays(s tickStep) bool {
	return sim.Timeline(tt.timeline).MultiDay() && s.major == 24
}

// gridAt returns where the vertical grid lines of the axis go: at the
// labelled ticks, or at the bounds of the days when the labels stand
// under their middles.
func (tt timeTicks) gridAt(lo, hi float64) []float64 {
	var out []float64
	centered := tt.centeredDays(tt.step(lo, hi))
	for _, tk := range tt.Ticks(lo, hi) {
		if centered == tk.IsMinor() {
			out = append(out, tk.Value)
		}
	}
	return out
}

// label names the instant h hours from the horizon start, to the minute,
// for ticks step hours apart: as sim.Timeline names it ("07:00",
// "Tue 06:00", "d9 06:00"), the end of a one-day horizon "24:00", and the
// day alone when the ticks are whole days apart, with its weekday even
// past a week ("d9 Tue").
func (tt timeTicks) label(h, step float64) string {
	tl := sim.Timeline(tt.timeline)
	sec := 60 * math.Round(h*60)
	switch {
	case !tl.MultiDay():
		return sim.Clock(sec)
	case step >= 24:
		return tl.DayTitle(int(math.Floor(sec / 86400)))
	}
	return tl.At(sec)
}

// timeGrid draws a time panel's grid: vertical lines where its time axis
// says (timeTicks.gridAt), horizontal ones at the labelled values, as
// gonum's grid does.
type timeGrid struct{ style draw.LineStyle }

func (g timeGrid) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	var xs []float64
	if tt, ok := plt.X.Tick.Marker.(timeTicks); ok {
		xs = tt.gridAt(plt.X.Min, plt.X.Max)
	} else {
		for _, tk := range plt.X.Tick.Marker.Ticks(plt.X.Min, plt.X.Max) {
			if !tk.IsMinor() {
				xs = append(xs, tk.Value)
			}
		}
	}
	for _, v := range xs {
		if x := trX(v); x >= c.Min.X && x <= c.Max.X {
			c.StrokeLine2(g.style, x, c.Min.Y, x, c.Max.Y)
		}
	}
	for _, tk := range plt.Y.Tick.Marker.Ticks(plt.Y.Min, plt.Y.Max) {
		if tk.IsMinor() {
			continue
		}
		if y := trY(tk.Value); y >= c.Min.Y && y <= c.Max.Y {
			c.StrokeLine2(g.style, c.Min.X, y, c.Max.X, y)
		}
	}
}

// activeSpan returns the part of the horizon worth drawing, in hours:
// from the start of the first interval to the end of the last one in
// which active reports anything, widened to whole hours. A center closed
// at night is then drawn from its morning to its evening.
func activeSpan(t Timeline, active func(i int) bool) (lo, hi float64) {
	first, last := -1, -1
	for i := range t.Intervals {
		if active(i) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 {
		return 0, t.hours()
	}
	lo, hi = t.start(first), t.end(last)
	if t.hours() >= 2 {
		lo, hi = math.Floor(lo), math.Min(math.Ceil(hi-1e-9), t.hours())
	}
	return lo, hi
}
