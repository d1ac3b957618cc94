package plots

import (
	"bytes"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/plot"
)

// BacktestSeries is what one source says about each interval of the day:
// the log (observed) or a model's prediction. Values are shares 0..1 for
// the abandonment and the service level and seconds for the ASA; NaN marks
// an interval without a value (a line breaks there).
type BacktestSeries struct {
	Name         string
	AbandonRate  []float64
	ServiceLevel []float64
	ASA          []float64
}

// BacktestChart draws, by time of day, what was observed against what
// each model predicted: abandonment, service level and ASA, one panel
// each. The first series is the observation and is drawn in black, the
// others in the palette. intervalSeconds is the length of an interval
// (the series hold one value for each interval of a day); threshold is
// the service level's, in seconds. The chart is named "backtest.png".
func BacktestChart(intervalSeconds, threshold float64, subtitle string, series []BacktestSeries) (Chart, error) {
	var buf bytes.Buffer
	if err := Backtest(&buf, intervalSeconds, threshold, subtitle, series); err != nil {
		return Chart{}, err
	}
	return Chart{File: "backtest.png", PNG: buf.Bytes()}, nil
}

// Backtest writes BacktestChart's PNG to w.
func Backtest(w io.Writer, intervalSeconds, threshold float64, subtitle string, series []BacktestSeries) error {
	fig, err := backtestFigure(intervalSeconds, threshold, subtitle, series)
	if err != nil {
		return err
	}
	return fig.render(w)
}

func backtestFigure(intervalSeconds, threshold float64, subtitle string, series []BacktestSeries) (*figure, error) {
	if !(intervalSeconds > 0) || math.Mod(86400, intervalSeconds) != 0 {
		return nil, fmt.Errorf("plots: backtest: interval of %v s does not divide a day", intervalSeconds)
	}
	t := Timeline{IntervalSeconds: intervalSeconds, Intervals: int(86400 / intervalSeconds)}
	if len(series) == 0 {
		return nil, fmt.Errorf("plots: backtest: no series")
	}
	for _, s := range series {
		for _, v := range [][]float64{s.AbandonRate, s.ServiceLevel, s.ASA} {
			if len(v) != t.Intervals {
				return nil, fmt.Errorf("plots: backtest: series %q has %d values for %d intervals", s.Name, len(v), t.Intervals)
			}
		}
	}
	lo, hi := activeSpan(t, func(i int) bool {
		for _, s := range series {
			if finite(s.AbandonRate[i]) || finite(s.ServiceLevel[i]) || finite(s.ASA[i]) {
				return true
			}
		}
		return false
	})
	panels := []struct {
		title, yLabel string
		scale         float64
		values        func(BacktestSeries) []float64
		ceiling       float64
	}{
		{"Abandonment", "% of offered who hung up", 100, func(s BacktestSeries) []float64 { return s.AbandonRate }, 100},
		{"Service level", fmt.Sprintf("%% answered in %s", durationText(threshold)), 100, func(s BacktestSeries) []float64 { return s.ServiceLevel }, 100},
		{"Average speed of answer", "seconds", 1, func(s BacktestSeries) []float64 { return s.ASA }, math.Inf(1)},
	}
	var rows [][]*plot.Plot
	for _, pn := range panels {
		p := timePanel(t, lo, hi, pn.title, pn.yLabel)
		top, observed := 0.0, 0.0
		for k, s := range series {
			v := pn.values(s)
			y := make([]float64, len(v))
			for i := range v {
				y[i] = pn.scale * v[i]
			}
			x := make([]float64, len(v))
			for i := range x {
				x[i] = t.mid(i)
			}
			pts := valuePoints(x, y)
			style := lineStyle(ink, nil)
			if k == 0 {
				style.Width = px(3)
			} else {
				style = lineStyle(seriesColor(k-1), seriesDashes(k-1))
			}
			addLine(p, pts, style)
			top = math.Max(top, maxOf(y))
			if k == 0 {
				observed = maxOf(y)
			}
		}
		// Scale to what was observed: a model far off (Erlang C's ASA
		// where its load nears the agents) leaves the top of the panel
		// rather than flattening every other line.
		if observed > 0 {
			top = math.Min(top, 2*observed)
		}
		fixX(p, lo, hi)
		setY(p, math.Min(math.Max(top*1.1, 1), pn.ceiling))
		rows = append(rows, []*plot.Plot{p})
	}
	var legend []legendItem
	for k, s := range series {
		if k == 0 {
			legend = append(legend, legendItem{s.Name, lineThumb(ink, nil)})
			continue
		}
		legend = append(legend, legendItem{s.Name, lineThumb(seriesColor(k-1), seriesDashes(k-1))})
	}
	return &figure{
		title:         "Backtest by time of day: observed against predicted",
		subtitle:      subtitle,
		legend:        legend,
		panels:        rows,
		panelsWidthPx: 1100,
		rowHeightPx:   300,
		footer: "Each point is the arrival-weighted mean, over the days replayed, of the intervals that start at that time. " +
			"Panels are scaled to the observations; a line above twice their highest value leaves the top.",
	}, nil
}
