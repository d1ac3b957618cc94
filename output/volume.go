package output

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/ccsim/ccsim/forecast"
	"github.com/ccsim/ccsim/sim"
)

// VolumeForecast is what `ccsim forecast` prints: contacts offered per
// day and interval of future days, with prediction intervals.
type VolumeForecast struct {
	Prediction forecast.Prediction
	Summary    forecast.Summary
	// First and Last bound the intervals of each day shown, [First, Last).
	First, Last int
}

// round2 keeps output readable and stable in its last digits.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

// round4 keeps shares and scores to four decimals.
func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

// isoLocal writes a local date and time without a zone.
const isoLocal = "2006-01-02T15:04:05"

type bandJSON struct {
	Start    string  `json:"start,omitempty"`
	Forecast float64 `json:"forecast"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
}

func band(start string, b forecast.Band) bandJSON {
	return bandJSON{Start: start, Forecast: round2(b.Forecast), Low: round2(b.Low), High: round2(b.High)}
}

type historyJSON struct {
	From         string  `json:"from"`
	To           string  `json:"to"`
	Days         int     `json:"days"`
	Excluded     int     `json:"excluded"`
	WeeklyGrowth float64 `json:"weekly_growth"`
	ResidualSD   float64 `json:"residual_sd"`
	Dispersion   float64 `json:"dispersion"`
}

type dayJSON struct {
	Date      string     `json:"date"`
	Weekday   string     `json:"weekday"`
	NoHistory bool       `json:"no_history,omitempty"`
	Total     bandJSON   `json:"total"`
	Intervals []bandJSON `json:"intervals"`
}

type volumeJSON struct {
	IntervalSeconds int         `json:"interval_seconds"`
	Level           float64     `json:"level"`
	History         historyJSON `json:"history"`
	Days            []dayJSON   `json:"days"`
}

// start is the start of interval i of a day.
func (v VolumeForecast) start(d forecast.Day, i int) time.Time {
	return d.Date.Add(time.Duration(i*v.Prediction.IntervalSeconds) * time.Second)
}

// WriteJSON writes the history summary and each day's forecast.
func (v VolumeForecast) WriteJSON(w io.Writer) error {
	p, s := v.Prediction, v.Summary
	doc := volumeJSON{IntervalSeconds: p.IntervalSeconds, Level: p.Level, History: historyJSON{
		From: s.From.Format(time.DateOnly), To: s.To.Format(time.DateOnly), Days: s.Days, Excluded: s.Excluded,
		WeeklyGrowth: round4(s.WeeklyGrowth), ResidualSD: round4(s.ResidualSD), Dispersion: round4(s.Dispersion)}}
	for _, d := range p.Days {
		jd := dayJSON{Date: d.Date.Format(time.DateOnly), Weekday: d.Date.Weekday().String(), NoHistory: d.NoHistory,
			Total: band("", d.Total), Intervals: []bandJSON{}}
		for i := v.First; i < v.Last; i++ {
			jd.Intervals = append(jd.Intervals, band(v.start(d, i).Format(isoLocal), d.Intervals[i]))
		}
		doc.Days = append(doc.Days, jd)
	}
	return writeJSON(w, doc)
}

// WriteCSV writes one row per interval: start, forecast, low, high.
func (v VolumeForecast) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"start", "forecast", "low", "high"})
	f := func(v float64) string { return strconv.FormatFloat(round2(v), 'f', -1, 64) }
	for _, d := range v.Prediction.Days {
		for i := v.First; i < v.Last; i++ {
			b := d.Intervals[i]
			_ = cw.Write([]string{v.start(d, i).Format(isoLocal), f(b.Forecast), f(b.Low), f(b.High)})
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable prints the daily totals with their bands, then the interval
// forecasts, seven days to a block.
func (v VolumeForecast) WriteTable(w io.Writer) error {
	p, s := v.Prediction, v.Summary
	interval := time.Duration(p.IntervalSeconds) * time.Second
	fmt.Fprintf(w, "Contacts offered per %v interval, forecast with %.0f%% prediction intervals\n", IntervalName(interval), 100*p.Level)
	fmt.Fprintf(w, "History %s to %s: %d days used, %d excluded; trend %+.1f%% a week; daily spread %.3f (log sd)\n\n",
		s.From.Format(time.DateOnly), s.To.Format(time.DateOnly), s.Days, s.Excluded, 100*s.WeeklyGrowth, s.ResidualSD)
	tw := newTable(w)
	fmt.Fprintln(tw, "date\tday\tforecast\tlow\thigh\t")
	for _, d := range p.Days {
		note := ""
		if d.NoHistory {
			note = " (no history)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%s\n", d.Date.Format(time.DateOnly), d.Date.Weekday().String()[:3],
			d.Total.Forecast, d.Total.Low, d.Total.High, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for b := 0; b < len(p.Days); b += 7 {
		days := p.Days[b:min(b+7, len(p.Days))]
		fmt.Fprintln(w)
		tw = newTable(w)
		fmt.Fprint(tw, "time\t")
		for _, d := range days {
			fmt.Fprintf(tw, "%s %s\t", d.Date.Weekday().String()[:3], d.Date.Format("01-02"))
		}
		fmt.Fprintln(tw)
		for i := v.First; i < v.Last; i++ {
			fmt.Fprintf(tw, "%s\t", sim.Clock(float64(i*p.IntervalSeconds)))
			for _, d := range days {
				fmt.Fprintf(tw, "%.1f\t", d.Intervals[i].Forecast)
			}
			fmt.Fprintln(tw)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// IntervalName names an interval length as an adjective: "30-minute",
// "1-hour".
func IntervalName(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d-hour", d/time.Hour)
	}
	return fmt.Sprintf("%d-minute", d/time.Minute)
}

// VolumeEvaluation is what `ccsim forecast --evaluate` prints: the
// forecast and the seasonal naive one scored on held-back days.
type VolumeEvaluation struct {
	Evaluation forecast.Evaluation
	From, To   time.Time // the held-back days
	Step       int       // refit every Step days; 0: one forecast
}

type accuracyJSON struct {
	IntervalWAPE     float64   `json:"interval_wape"`
	DayWAPE          float64   `json:"day_wape"`
	IntervalBias     float64   `json:"interval_bias"`
	DayBias          float64   `json:"day_bias"`
	IntervalCoverage *float64  `json:"interval_coverage,omitempty"`
	DayCoverage      *float64  `json:"day_coverage,omitempty"`
	ByInterval       []float64 `json:"wape_by_interval"`
}

func accuracy(a forecast.Accuracy, bands bool) accuracyJSON {
	out := accuracyJSON{IntervalWAPE: round4(a.IntervalWAPE), DayWAPE: round4(a.DayWAPE),
		IntervalBias: round4(a.IntervalBias), DayBias: round4(a.DayBias)}
	if bands {
		ic, dc := round4(a.IntervalCoverage), round4(a.DayCoverage)
		out.IntervalCoverage, out.DayCoverage = &ic, &dc
	}
	for _, v := range a.ByInterval {
		out.ByInterval = append(out.ByInterval, round4(v))
	}
	return out
}

type evaluationJSON struct {
	From      string       `json:"from"`
	To        string       `json:"to"`
	Step      int          `json:"step_days"`
	Level     float64      `json:"level"`
	Days      int          `json:"days"`
	Intervals int          `json:"intervals"`
	Starts    []string     `json:"interval_starts"`
	Forecast  accuracyJSON `json:"forecast"`
	Naive     accuracyJSON `json:"seasonal_naive"`
}

// WriteJSON writes the scores of both forecasts.
func (e VolumeEvaluation) WriteJSON(w io.Writer) error {
	ev := e.Evaluation
	var starts []string
	for _, s := range ev.Starts {
		starts = append(starts, sim.Clock(float64(s)))
	}
	return writeJSON(w, evaluationJSON{e.From.Format(time.DateOnly), e.To.Format(time.DateOnly), e.Step, ev.Level,
		ev.Days, ev.Intervals, starts, accuracy(ev.Forecast, true), accuracy(ev.Naive, false)})
}

// WriteCSV writes each interval's WAPE of both forecasts.
func (e VolumeEvaluation) WriteCSV(w io.Writer) error {
	ev := e.Evaluation
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"interval", "forecast_wape", "naive_wape"})
	for i, s := range ev.Starts {
		_ = cw.Write([]string{sim.Clock(float64(s)),
			strconv.FormatFloat(round4(ev.Forecast.ByInterval[i]), 'f', -1, 64), strconv.FormatFloat(round4(ev.Naive.ByInterval[i]), 'f', -1, 64)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable prints the scores side by side.
func (e VolumeEvaluation) WriteTable(w io.Writer) error {
	ev := e.Evaluation
	origin := "one forecast from " + e.From.Format(time.DateOnly)
	if e.Step > 0 {
		origin = fmt.Sprintf("refitted every %d days", e.Step)
	}
	fmt.Fprintf(w, "Held back %s to %s (%s): %d days, %d intervals scored\n\n",
		e.From.Format(time.DateOnly), e.To.Format(time.DateOnly), origin, ev.Days, ev.Intervals)
	tw := newTable(w)
	fmt.Fprintln(tw, "\tforecast\tseasonal naive\t")
	fmt.Fprintf(tw, "WAPE per interval\t%s\t%s\t\n", Share(ev.Forecast.IntervalWAPE), Share(ev.Naive.IntervalWAPE))
	fmt.Fprintf(tw, "WAPE per day\t%s\t%s\t\n", Share(ev.Forecast.DayWAPE), Share(ev.Naive.DayWAPE))
	fmt.Fprintf(tw, "bias\t%s\t%s\t\n", Share(ev.Forecast.DayBias), Share(ev.Naive.DayBias))
	fmt.Fprintf(tw, "%.0f%% band coverage, intervals\t%s\t-\t\n", 100*ev.Level, Share(ev.Forecast.IntervalCoverage))
	fmt.Fprintf(tw, "%.0f%% band coverage, days\t%s\t-\t\n", 100*ev.Level, Share(ev.Forecast.DayCoverage))
	return tw.Flush()
}
