package output

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
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

type specialJSON struct {
	Kind    string   `json:"kind"`
	Name    string   `json:"name,omitempty"`
	Line    int      `json:"line"`
	Factor  float64  `json:"factor"`
	Learned bool     `json:"learned"`
	From    string   `json:"learned_from,omitempty"`
	Days    int      `json:"learned_days,omitempty"`
	Note    string   `json:"note,omitempty"`
	LogSD   *float64 `json:"log_sd,omitempty"`
}

type dayJSON struct {
	Date      string       `json:"date"`
	Weekday   string       `json:"weekday"`
	Method    string       `json:"method"`
	NoHistory bool         `json:"no_history,omitempty"`
	Special   *specialJSON `json:"special,omitempty"`
	Total     bandJSON     `json:"total"`
	Intervals []bandJSON   `json:"intervals"`
}

type scoreJSON struct {
	Method       string   `json:"method"`
	IntervalWAPE *float64 `json:"interval_wape"`
	DayWAPE      *float64 `json:"day_wape"`
	Trials       int      `json:"days_forecast"`
}

type selectionJSON struct {
	From   int         `json:"from_days"`
	To     int         `json:"to_days"`
	Chosen string      `json:"chosen"`
	Scores []scoreJSON `json:"scores"`
}

type volumeJSON struct {
	IntervalSeconds int             `json:"interval_seconds"`
	Level           float64         `json:"level"`
	History         historyJSON     `json:"history"`
	Origins         int             `json:"selection_origins"`
	Selection       []selectionJSON `json:"selection"`
	Days            []dayJSON       `json:"days"`
}

// share4 is a figure rounded to four decimals, or nil (JSON null) when it
// is not a number.
func share4(v float64) *float64 {
	if !finite(v) {
		return nil
	}
	r := round4(v)
	return &r
}

func special(s *forecast.SpecialForecast) *specialJSON {
	if s == nil {
		return nil
	}
	out := &specialJSON{Kind: string(s.Entry.Kind), Name: s.Entry.Name, Line: s.Entry.Line, Factor: round4(s.Factor),
		Learned: s.Learned, Note: s.Note}
	if s.Learned {
		out.From, out.Days = "kind", s.Days
		if s.ByName {
			out.From = "name"
		}
		out.LogSD = share4(s.LogSD)
	}
	return out
}

// specialText describes how a special day was forecast, for the table.
func specialText(s *forecast.SpecialForecast) string {
	if s == nil {
		return ""
	}
	what := string(s.Entry.Kind)
	if s.Entry.Name != "" {
		what += " (" + s.Entry.Name + ")"
	}
	switch {
	case s.Learned:
		from := "past " + string(s.Entry.Kind) + "s"
		if s.ByName {
			from = "past days named so"
		}
		return fmt.Sprintf("%s: x%.2f, learned from %d %s", what, s.Factor, s.Days, from)
	case s.Note != "":
		return what + ": " + s.Note
	}
	return fmt.Sprintf("%s: x%.2f", what, s.Factor)
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
		WeeklyGrowth: round4(s.WeeklyGrowth), ResidualSD: round4(s.ResidualSD), Dispersion: round4(s.Dispersion)},
		Origins: p.Selection.Origins, Selection: []selectionJSON{}}
	sel := p.Selection
	for b, h := range sel.Horizons {
		sj := selectionJSON{From: h.From, To: h.To, Chosen: sel.Chosen[b]}
		for m, name := range sel.Methods {
			sc := sel.Scores[m][b]
			sj.Scores = append(sj.Scores, scoreJSON{Method: name, IntervalWAPE: share4(sc.IntervalWAPE), DayWAPE: share4(sc.DayWAPE), Trials: sc.Trials})
		}
		doc.Selection = append(doc.Selection, sj)
	}
	for _, d := range p.Days {
		jd := dayJSON{Date: d.Date.Format(time.DateOnly), Weekday: d.Date.Weekday().String(), Method: d.Method, NoHistory: d.NoHistory,
			Special: special(d.Special), Total: band("", d.Total), Intervals: []bandJSON{}}
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
	fmt.Fprintf(w, "History %s to %s: %d usual days used, %d excluded or special; trend %+.1f%% a week; daily spread %.3f (log sd)\n",
		s.From.Format(time.DateOnly), s.To.Format(time.DateOnly), s.Days, s.Excluded, 100*s.WeeklyGrowth, s.ResidualSD)
	if sel := p.Selection; len(sel.Horizons) > 0 {
		var parts []string
		for b, h := range sel.Horizons {
			parts = append(parts, fmt.Sprintf("%s %s", horizonName(h), sel.Chosen[b]))
		}
		fmt.Fprintf(w, "Method by days ahead (rolling-origin evaluation from %d origins of the history): %s\n", sel.Origins, strings.Join(parts, ", "))
	}
	fmt.Fprintln(w)
	tw := newTable(w)
	fmt.Fprintln(tw, "date\tday\tforecast\tlow\thigh\tmethod\t")
	for _, d := range p.Days {
		note := specialText(d.Special)
		if d.NoHistory {
			note = "no history of this day type"
		}
		if note != "" {
			note = "  " + note
		}
		fmt.Fprintf(tw, "%s\t%s\t%.0f\t%.0f\t%.0f\t%s\t%s\n", d.Date.Format(time.DateOnly), d.Date.Weekday().String()[:3],
			d.Total.Forecast, d.Total.Low, d.Total.High, d.Method, note)
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

// horizonName names a range of days ahead: "1", "2-7".
func horizonName(h forecast.Horizon) string {
	if h.From == h.To {
		return strconv.Itoa(h.From)
	}
	return fmt.Sprintf("%d-%d", h.From, h.To)
}

// VolumeEvaluation is what `ccsim forecast --evaluate` prints: the
// forecast, the seasonal baselines and every candidate method scored on
// held-back days, overall and by days ahead.
type VolumeEvaluation struct {
	Evaluation forecast.Evaluation
	From, To   time.Time // the held-back days
	Step       int       // days between origins; 0: one origin
	Horizon    int       // days forecast from each origin
	// SpecialScored says whether the special days were scored.
	SpecialScored bool
}

type accuracyJSON struct {
	IntervalWAPE     *float64  `json:"interval_wape"`
	DayWAPE          *float64  `json:"day_wape"`
	IntervalBias     *float64  `json:"interval_bias"`
	DayBias          *float64  `json:"day_bias"`
	IntervalCoverage *float64  `json:"interval_coverage,omitempty"`
	DayCoverage      *float64  `json:"day_coverage,omitempty"`
	ByInterval       []float64 `json:"wape_by_interval,omitempty"`
}

func accuracy(a forecast.Accuracy, bands bool) accuracyJSON {
	out := accuracyJSON{IntervalWAPE: share4(a.IntervalWAPE), DayWAPE: share4(a.DayWAPE),
		IntervalBias: share4(a.IntervalBias), DayBias: share4(a.DayBias)}
	if bands {
		out.IntervalCoverage, out.DayCoverage = share4(a.IntervalCoverage), share4(a.DayCoverage)
	}
	for _, v := range a.ByInterval {
		out.ByInterval = append(out.ByInterval, round4(v))
	}
	return out
}

func named(names []string, as []forecast.Accuracy) map[string]accuracyJSON {
	out := map[string]accuracyJSON{}
	for i, n := range names {
		a := as[i]
		a.ByInterval = nil
		out[n] = accuracy(a, false)
	}
	return out
}

type horizonJSON struct {
	From      int                     `json:"from_days"`
	To        int                     `json:"to_days"`
	Days      int                     `json:"days"`
	Intervals int                     `json:"intervals"`
	Forecast  accuracyJSON            `json:"forecast"`
	Baselines map[string]accuracyJSON `json:"baselines"`
	Methods   map[string]accuracyJSON `json:"methods"`
	Chosen    map[string]int          `json:"chosen"`
}

type evaluationJSON struct {
	From          string                  `json:"from"`
	To            string                  `json:"to"`
	Step          int                     `json:"step_days"`
	Horizon       int                     `json:"horizon_days"`
	Origins       int                     `json:"origins"`
	Level         float64                 `json:"level"`
	Days          int                     `json:"days"`
	Intervals     int                     `json:"intervals"`
	SpecialScored bool                    `json:"special_days_scored"`
	Special       int                     `json:"special_days"`
	Starts        []string                `json:"interval_starts"`
	Forecast      accuracyJSON            `json:"forecast"`
	Baselines     map[string]accuracyJSON `json:"baselines"`
	Methods       map[string]accuracyJSON `json:"methods"`
	ByHorizon     []horizonJSON           `json:"by_horizon"`
}

// WriteJSON writes the scores.
func (e VolumeEvaluation) WriteJSON(w io.Writer) error {
	ev := e.Evaluation
	var starts []string
	for _, s := range ev.Starts {
		starts = append(starts, sim.Clock(float64(s)))
	}
	doc := evaluationJSON{From: e.From.Format(time.DateOnly), To: e.To.Format(time.DateOnly), Step: e.Step, Horizon: e.Horizon,
		Origins: ev.Origins, Level: ev.Level, Days: ev.Days, Intervals: ev.Intervals, SpecialScored: e.SpecialScored,
		Special: ev.Special, Starts: starts, Forecast: accuracy(ev.Forecast, true),
		Baselines: named(forecast.Baselines, ev.Baselines), Methods: named(forecast.Methods(), ev.Methods), ByHorizon: []horizonJSON{}}
	for _, h := range ev.ByHorizon {
		fc := h.Forecast
		fc.ByInterval = nil
		doc.ByHorizon = append(doc.ByHorizon, horizonJSON{From: h.Horizon.From, To: h.Horizon.To, Days: h.Days, Intervals: h.Intervals,
			Forecast: accuracy(fc, true), Baselines: named(forecast.Baselines, h.Baselines), Methods: named(forecast.Methods(), h.Methods),
			Chosen: h.Chosen})
	}
	return writeJSON(w, doc)
}

// WriteCSV writes each time of day's WAPE of the forecast and the
// baselines.
func (e VolumeEvaluation) WriteCSV(w io.Writer) error {
	ev := e.Evaluation
	cw := csv.NewWriter(w)
	head := []string{"interval", "forecast_wape"}
	for _, b := range forecast.Baselines {
		head = append(head, strings.ReplaceAll(b, "-", "_")+"_wape")
	}
	_ = cw.Write(head)
	f := func(v float64) string { return strconv.FormatFloat(round4(v), 'f', -1, 64) }
	for i, s := range ev.Starts {
		row := []string{sim.Clock(float64(s)), f(ev.Forecast.ByInterval[i])}
		for _, b := range ev.Baselines {
			row = append(row, f(b.ByInterval[i]))
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable prints the forecast beside the baselines, overall and by
// days ahead, then every candidate method.
func (e VolumeEvaluation) WriteTable(w io.Writer) error {
	ev := e.Evaluation
	origin := "one forecast from " + e.From.Format(time.DateOnly)
	if e.Step > 0 {
		origin = fmt.Sprintf("%d origins, every %d days, each forecasting %d days", ev.Origins, e.Step, e.Horizon)
	}
	special := "special days left out"
	if e.SpecialScored {
		special = fmt.Sprintf("%d special-day forecasts scored in", ev.Special)
	}
	fmt.Fprintf(w, "Held back %s to %s (%s): %d day and %d interval forecasts scored; %s\n\n",
		e.From.Format(time.DateOnly), e.To.Format(time.DateOnly), origin, ev.Days, ev.Intervals, special)
	pct := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return Share(v)
	}
	tw := newTable(w)
	fmt.Fprint(tw, "days ahead\tdays\tWAPE\tforecast\t")
	for _, b := range forecast.Baselines {
		fmt.Fprintf(tw, "%s\t", b)
	}
	fmt.Fprintf(tw, "forecast bias\t%.0f%% coverage\tchosen\t\n", 100*ev.Level)
	row := func(name string, days int, fc forecast.Accuracy, base []forecast.Accuracy, chosen map[string]int) {
		for k, pick := range []func(forecast.Accuracy) float64{
			func(a forecast.Accuracy) float64 { return a.IntervalWAPE }, func(a forecast.Accuracy) float64 { return a.DayWAPE }} {
			label, per := name, "per interval"
			if k == 1 {
				label, per = "", "per day"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t", label, map[bool]string{true: strconv.Itoa(days), false: ""}[k == 0], per, pct(pick(fc)))
			for _, b := range base {
				fmt.Fprintf(tw, "%s\t", pct(pick(b)))
			}
			bias, cov := fc.IntervalBias, fc.IntervalCoverage
			if k == 1 {
				bias, cov = fc.DayBias, fc.DayCoverage
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t\n", pct(bias), pct(cov), chosenText(chosen, k))
		}
	}
	for _, h := range ev.ByHorizon {
		row(horizonName(h.Horizon), h.Days, h.Forecast, h.Baselines, h.Chosen)
	}
	row("all", ev.Days, ev.Forecast, ev.Baselines, nil)
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nEvery candidate method, WAPE per interval / per day (special days with their factors):")
	tw = newTable(w)
	fmt.Fprint(tw, "method\t")
	for _, h := range ev.ByHorizon {
		fmt.Fprintf(tw, "%s\t", horizonName(h.Horizon))
	}
	fmt.Fprintln(tw, "all\t")
	for m, name := range forecast.Methods() {
		fmt.Fprintf(tw, "%s\t", name)
		for _, h := range ev.ByHorizon {
			fmt.Fprintf(tw, "%s / %s\t", pct(h.Methods[m].IntervalWAPE), pct(h.Methods[m].DayWAPE))
		}
		fmt.Fprintf(tw, "%s / %s\t\n", pct(ev.Methods[m].IntervalWAPE), pct(ev.Methods[m].DayWAPE))
	}
	return tw.Flush()
}

// chosenText lists how often each method was chosen, on the first line of
// a horizon's rows.
func chosenText(chosen map[string]int, line int) string {
	if line != 0 || len(chosen) == 0 {
		return ""
	}
	var parts []string
	for _, m := range forecast.Methods() {
		if n := chosen[m]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", m, n))
		}
	}
	return strings.Join(parts, ", ")
}
