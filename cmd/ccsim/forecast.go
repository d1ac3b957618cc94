package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ccsim/ccsim/history"
	"github.com/ccsim/ccsim/sim"
	"github.com/spf13/cobra"
)

// forecastOptions are the flags of "ccsim forecast".
type forecastOptions struct {
	logs        []string
	logFormat   string
	mapping     string
	delimiter   string
	strict      bool
	reports     []string
	reportMap   string
	queues      []string
	from, to    string
	start       string
	days        int
	interval    time.Duration
	exclude     []string
	excludeFile string
	dayTypes    string
	weekend     string
	level       float64
	hours       string
	evaluate    string
	step        int
	weekdays    string
	format      string
}

func newForecastCmd() *cobra.Command {
	o := &forecastOptions{}
	cmd := &cobra.Command{
		Use:   "forecast [LOG...]",
		Short: "Forecast contact volume per interval for future days from history",
		Long: `forecast reads contact logs (or interval reports), counts the contacts offered
per day and interval, and forecasts the volume of each interval of future days
with prediction intervals.

The model regresses log(1 + daily volume) on the day type (each weekday, or
workday/weekend) and a linear trend, and spreads each day's forecast over the
intervals with the day type's intraday profile. Daily prediction intervals are
the regression's (Student t, with the day type's own spread and the
uncertainty of the fitted levels and trend); interval ones are gamma quantiles
whose variance adds the measured within-day noise to the day's uncertainty.
See docs/calibration.md.

Logs are read with a built-in format (--log-format anonymous-bank) or a column
mapping (--map arrival=COL,outcome=COL,...; see "Reading history" in the
docs). Rows that cannot be read are reported with file and line and skipped;
--strict stops at the first.

--evaluate FROM..TO holds those days back instead: the model and a seasonal
naive forecast (same weekday of the latest week) are fitted on the history
before them and scored by WAPE per interval and per day.`,
		Example: `  # a week of half-hourly forecasts after the history, as a table
  ccsim forecast --log-format anonymous-bank --log january.txt --log february.txt

  # June from January-May, holidays left out, 15-minute intervals, as CSV
  ccsim forecast --log-format anonymous-bank --log *.txt --from 1999-01-01 --to 1999-05-31 \
      --start 1999-06-01 --days 30 --interval 15m --exclude 1999-04-01..1999-04-07 --format csv

  # a generic CSV log
  ccsim forecast calls.csv --map arrival=start_time,outcome=result,wait=queue_s,handle=talk_s

  # hold back June-July and compare with the seasonal naive forecast
  ccsim forecast --log-format anonymous-bank --log *.txt --evaluate 1999-06-01..1999-07-31 \
      --weekdays sun-thu --hours 07:00-24:00 --exclude-file holidays.txt`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.logs = append(o.logs, args...)
			return runForecast(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringArrayVar(&o.logs, "log", nil, "contact log `FILE` (repeatable; positional arguments are logs too)")
	f.StringVar(&o.logFormat, "log-format", "", "built-in log format: "+strings.Join(history.Formats(), ", "))
	f.StringVar(&o.mapping, "map", "", "column `MAPPING` for logs: arrival=COL,outcome=COL,wait=COL,handle=COL,...")
	f.StringVar(&o.delimiter, "delimiter", "", "field delimiter (default: chosen from the header line; \\t for tab)")
	f.BoolVar(&o.strict, "strict", false, "stop at the first row that cannot be read")
	f.StringArrayVar(&o.reports, "report", nil, "interval report `FILE` (repeatable)")
	f.StringVar(&o.reportMap, "report-map", "", "column `MAPPING` for reports: start=COL,offered=COL,queue=COL,length=15m,...")
	f.StringArrayVar(&o.queues, "queue", nil, "forecast only this queue or channel (repeatable; default all together)")
	f.StringVar(&o.from, "from", "", "first `DATE` of history to use (YYYY-MM-DD)")
	f.StringVar(&o.to, "to", "", "last `DATE` of history to use")
	f.StringVar(&o.start, "start", "", "first `DATE` to forecast (default: the day after the history)")
	f.IntVar(&o.days, "days", 7, "number of days to forecast")
	f.DurationVar(&o.interval, "interval", 30*time.Minute, "interval length; must divide a day")
	f.StringArrayVar(&o.exclude, "exclude", nil, "`DATES` to leave out of the history: 2024-12-25,2024-12-31..2025-01-01 (repeatable)")
	f.StringVar(&o.excludeFile, "exclude-file", "", "`FILE` of dates or ranges to leave out, one a line, # comments")
	f.StringVar(&o.dayTypes, "day-types", "weekday", "day types: weekday (each weekday its own) or weekend (workdays and weekend days)")
	f.StringVar(&o.weekend, "weekend", "sat,sun", "weekend `DAYS` for --day-types weekend")
	f.Float64Var(&o.level, "level", 0.8, "coverage of the prediction intervals, between 0 and 1")
	f.StringVar(&o.hours, "hours", "00:00-24:00", "time-of-day `WINDOW` to print and score")
	f.StringVar(&o.evaluate, "evaluate", "", "hold back `FROM..TO` and score the forecast against the seasonal naive one")
	f.IntVar(&o.step, "step", 0, "with --evaluate: refit every N days (0: one forecast from the first held-back day)")
	f.StringVar(&o.weekdays, "weekdays", "", "with --evaluate: `DAYS` to score, such as sun-thu or mon,tue (default all)")
	f.StringVar(&o.format, "format", "table", "output format: table, json or csv")
	return cmd
}

func runForecast(cmd *cobra.Command, o *forecastOptions) error {
	if len(o.logs) == 0 && len(o.reports) == 0 {
		return usageErrorf("forecast: no history: give contact logs (--log) or interval reports (--report)")
	}
	if !slices.Contains([]string{"table", "json", "csv"}, o.format) {
		return usageErrorf("forecast: --format %q: want table, json or csv", o.format)
	}
	if o.interval <= 0 || o.interval%time.Minute != 0 || (24*time.Hour)%o.interval != 0 {
		return usageErrorf("forecast: --interval %v: want whole minutes that divide a day (15m, 30m, 1h)", o.interval)
	}
	if o.days < 1 || o.days > 3660 {
		return usageErrorf("forecast: --days %d: want 1 to 3660", o.days)
	}
	fopt := history.ForecastOptions{Level: o.level}
	if !(o.level > 0 && o.level < 1) {
		return usageErrorf("forecast: --level %v: want a number between 0 and 1, such as 0.8", o.level)
	}
	switch o.dayTypes {
	case "weekday":
	case "weekend":
		fopt.DayTypes = history.WorkdayWeekend
		days, err := parseWeekdays(o.weekend)
		if err != nil {
			return usageErrorf("forecast: --weekend: %v", err)
		}
		fopt.Weekend = days
	default:
		return usageErrorf("forecast: --day-types %q: want weekday or weekend", o.dayTypes)
	}
	var err error
	if fopt.Exclude, err = readExclusions(o.exclude, o.excludeFile); err != nil {
		return usageError(err)
	}
	hoursFrom, hoursTo, err := parseHours(o.hours, o.interval)
	if err != nil {
		return usageErrorf("forecast: --hours: %v", err)
	}
	var from, to, start time.Time
	for _, d := range []struct {
		flag, value string
		dst         *time.Time
	}{{"from", o.from, &from}, {"to", o.to, &to}, {"start", o.start, &start}} {
		if d.value == "" {
			continue
		}
		if *d.dst, err = history.ParseDate(d.value); err != nil {
			return usageErrorf("forecast: --%s: %v", d.flag, err)
		}
	}
	if o.evaluate == "" && (o.step != 0 || o.weekdays != "") {
		return usageErrorf("forecast: --step and --weekdays go with --evaluate")
	}

	table, err := readHistory(cmd, o)
	if err != nil {
		return err
	}
	for _, q := range o.queues {
		if !slices.Contains(table.Queues(), q) {
			return usageErrorf("forecast: --queue %q: not in the history (queues: %s)", q, strings.Join(table.Queues(), ", "))
		}
	}
	vol := table.Volumes(o.queues...).Window(from, to)
	if len(vol.Days) == 0 {
		return usageErrorf("forecast: no contacts in the history window")
	}
	if o.evaluate != "" {
		return runEvaluation(cmd, o, vol, fopt, hoursFrom, hoursTo)
	}
	model, err := history.FitForecast(vol, fopt)
	if err != nil {
		return err
	}
	if start.IsZero() {
		start = vol.Days[len(vol.Days)-1].Date.AddDate(0, 0, 1)
	}
	pred := model.Predict(start, o.days)
	first, last := int(hoursFrom/o.interval), int(hoursTo/o.interval)
	w := cmd.OutOrStdout()
	switch o.format {
	case "json":
		return writeForecastJSON(w, pred, model.Summary(), first, last)
	case "csv":
		return writeForecastCSV(w, pred, first, last)
	}
	return writeForecastTable(w, pred, model.Summary(), first, last, o.interval)
}

// readHistory reads every log and report into one aggregate, reporting on
// stderr what was read and which rows were not.
func readHistory(cmd *cobra.Command, o *forecastOptions) (*history.Table, error) {
	agg, err := history.NewAggregator(history.AggregateOptions{IntervalSeconds: int(o.interval / time.Second)})
	if err != nil {
		return nil, usageError(err)
	}
	var delim rune
	switch o.delimiter {
	case "":
	case `\t`, "tab":
		delim = '\t'
	default:
		if len(o.delimiter) != 1 {
			return nil, usageErrorf("forecast: --delimiter %q: want one character", o.delimiter)
		}
		delim = rune(o.delimiter[0])
	}
	stderr := cmd.ErrOrStderr()
	if len(o.logs) > 0 {
		opt := history.Options{Format: o.logFormat, Delimiter: delim, Strict: o.strict}
		switch {
		case o.logFormat != "" && o.mapping != "":
			return nil, usageErrorf("forecast: give --log-format or --map, not both")
		case o.logFormat == "" && o.mapping == "":
			return nil, usageErrorf("forecast: say how to read the logs: --log-format %s or --map arrival=COL,outcome=COL,...", strings.Join(history.Formats(), "|"))
		case o.mapping != "":
			if opt.Mapping, err = history.ParseMapping(o.mapping); err != nil {
				return nil, usageErrorf("forecast: --map: %w", err)
			}
		}
		for _, path := range o.logs {
			st, err := history.ReadLog(path, opt, agg.Add)
			if err != nil {
				return nil, usageError(err)
			}
			reportRead(stderr, path, "contacts", st)
		}
	}
	if len(o.reports) > 0 {
		if o.reportMap == "" {
			return nil, usageErrorf("forecast: say how to read the reports: --report-map start=COL,offered=COL,...")
		}
		m, err := history.ParseReportMapping(o.reportMap)
		if err != nil {
			return nil, usageErrorf("forecast: --report-map: %w", err)
		}
		for _, path := range o.reports {
			st, err := history.ReadReport(path, history.ReportOptions{Mapping: m, Delimiter: delim, Strict: o.strict}, agg.AddRecord)
			if err != nil {
				return nil, usageError(err)
			}
			reportRead(stderr, path, "interval records", st)
		}
	}
	return agg.Table(), nil
}

// maxShownProblems caps the unreadable rows listed per file.
const maxShownProblems = 5

func reportRead(w io.Writer, path, what string, st history.Stats) {
	msg := fmt.Sprintf("ccsim: %s: %d %s from %d rows", path, st.Contacts, what, st.Rows)
	if st.Dropped > 0 {
		msg += fmt.Sprintf(", %d left out by the format's definitions", st.Dropped)
	}
	if st.ProblemCount > 0 {
		msg += fmt.Sprintf(", %d unreadable", st.ProblemCount)
	}
	fmt.Fprintln(w, msg)
	for i, p := range st.Problems {
		if i == maxShownProblems {
			fmt.Fprintf(w, "ccsim: %s: ... %d more unreadable rows\n", path, st.ProblemCount-i)
			break
		}
		fmt.Fprintln(w, "ccsim: "+strings.TrimPrefix(p.Error(), "history: "))
	}
}

func readExclusions(lists []string, file string) ([]time.Time, error) {
	var out []time.Time
	for _, l := range lists {
		ds, err := history.ParseDates(l)
		if err != nil {
			return nil, fmt.Errorf("forecast: --exclude: %w", err)
		}
		out = append(out, ds...)
	}
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return nil, fmt.Errorf("forecast: --exclude-file: %w", err)
		}
		defer f.Close()
		ds, err := history.ReadDates(f, file)
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

// parseHours reads HH:MM-HH:MM (24:00 allowed at the end) on interval
// boundaries.
func parseHours(s string, interval time.Duration) (time.Duration, time.Duration, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return 0, 0, fmt.Errorf("%q: want HH:MM-HH:MM", s)
	}
	clock := func(v string) (time.Duration, error) {
		h, m, ok := strings.Cut(strings.TrimSpace(v), ":")
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if !ok || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
			return 0, fmt.Errorf("%q is not a time HH:MM", v)
		}
		return time.Duration(hh*60+mm) * time.Minute, nil
	}
	from, err := clock(a)
	if err != nil {
		return 0, 0, err
	}
	to, err := clock(b)
	if err != nil {
		return 0, 0, err
	}
	if from >= to {
		return 0, 0, fmt.Errorf("%q: the window must end after it starts", s)
	}
	if from%interval != 0 || to%interval != 0 {
		return 0, 0, fmt.Errorf("%q: the window must start and end on %v boundaries", s, interval)
	}
	return from, to, nil
}

var weekdayNames = []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// parseWeekdays reads day names and ranges: "sun-thu", "fri,sat".
func parseWeekdays(s string) ([]time.Weekday, error) {
	idx := func(n string) (int, error) {
		n = strings.ToLower(strings.TrimSpace(n))
		for i, w := range weekdayNames {
			if len(n) >= 3 && strings.HasPrefix(strings.ToLower(time.Weekday(i).String()), n) || n == w {
				return i, nil
			}
		}
		return 0, fmt.Errorf("%q is not a day of the week (sun, mon, ... sat)", n)
	}
	var out []time.Weekday
	for item := range strings.SplitSeq(s, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		a, b, isRange := strings.Cut(item, "-")
		i, err := idx(a)
		if err != nil {
			return nil, err
		}
		j := i
		if isRange {
			if j, err = idx(b); err != nil {
				return nil, err
			}
		}
		for k := i; ; k = (k + 1) % 7 {
			if !slices.Contains(out, time.Weekday(k)) {
				out = append(out, time.Weekday(k))
			}
			if k == j {
				break
			}
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no days given")
	}
	return out, nil
}

// round2 keeps output readable and stable in its last digits.
func round2(v float64) float64 { return math.Round(v*100) / 100 }

const isoLocal = "2006-01-02T15:04:05"

type jsonBand struct {
	Start    string  `json:"start,omitempty"`
	Forecast float64 `json:"forecast"`
	Low      float64 `json:"low"`
	High     float64 `json:"high"`
}

func band(start string, b history.Band) jsonBand {
	return jsonBand{Start: start, Forecast: round2(b.Forecast), Low: round2(b.Low), High: round2(b.High)}
}

type jsonHistory struct {
	From         string  `json:"from"`
	To           string  `json:"to"`
	Days         int     `json:"days"`
	Excluded     int     `json:"excluded"`
	WeeklyGrowth float64 `json:"weekly_growth"`
	ResidualSD   float64 `json:"residual_sd"`
	Dispersion   float64 `json:"dispersion"`
}

func historyJSON(s history.ForecastSummary) jsonHistory {
	r4 := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
	return jsonHistory{From: s.From.Format(time.DateOnly), To: s.To.Format(time.DateOnly), Days: s.Days,
		Excluded: s.Excluded, WeeklyGrowth: r4(s.WeeklyGrowth), ResidualSD: r4(s.ResidualSD), Dispersion: r4(s.Dispersion)}
}

func writeForecastJSON(w io.Writer, p history.Prediction, s history.ForecastSummary, first, last int) error {
	type day struct {
		Date      string     `json:"date"`
		Weekday   string     `json:"weekday"`
		NoHistory bool       `json:"no_history,omitempty"`
		Total     jsonBand   `json:"total"`
		Intervals []jsonBand `json:"intervals"`
	}
	out := struct {
		IntervalSeconds int         `json:"interval_seconds"`
		Level           float64     `json:"level"`
		History         jsonHistory `json:"history"`
		Days            []day       `json:"days"`
	}{IntervalSeconds: p.IntervalSeconds, Level: p.Level, History: historyJSON(s)}
	for _, d := range p.Days {
		jd := day{Date: d.Date.Format(time.DateOnly), Weekday: d.Date.Weekday().String(), NoHistory: d.NoHistory,
			Total: band("", d.Total), Intervals: []jsonBand{}}
		for i := first; i < last; i++ {
			at := d.Date.Add(time.Duration(i*p.IntervalSeconds) * time.Second)
			jd.Intervals = append(jd.Intervals, band(at.Format(isoLocal), d.Intervals[i]))
		}
		out.Days = append(out.Days, jd)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

func writeForecastCSV(w io.Writer, p history.Prediction, first, last int) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"start", "forecast", "low", "high"})
	f := func(v float64) string { return strconv.FormatFloat(round2(v), 'f', -1, 64) }
	for _, d := range p.Days {
		for i := first; i < last; i++ {
			at := d.Date.Add(time.Duration(i*p.IntervalSeconds) * time.Second)
			b := d.Intervals[i]
			_ = cw.Write([]string{at.Format(isoLocal), f(b.Forecast), f(b.Low), f(b.High)})
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeForecastTable(w io.Writer, p history.Prediction, s history.ForecastSummary, first, last int, interval time.Duration) error {
	pct := func(v float64) string { return fmt.Sprintf("%+.1f%%", 100*v) }
	fmt.Fprintf(w, "Contacts offered per %v interval, forecast with %.0f%% prediction intervals\n", fmtInterval(interval), 100*p.Level)
	fmt.Fprintf(w, "History %s to %s: %d days used, %d excluded; trend %s a week; daily spread %.3f (log sd)\n\n",
		s.From.Format(time.DateOnly), s.To.Format(time.DateOnly), s.Days, s.Excluded, pct(s.WeeklyGrowth), s.ResidualSD)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
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
	// Per interval: point forecasts, seven days to a block.
	for b := 0; b < len(p.Days); b += 7 {
		days := p.Days[b:min(b+7, len(p.Days))]
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "time\t")
		for _, d := range days {
			fmt.Fprintf(tw, "%s %s\t", d.Date.Weekday().String()[:3], d.Date.Format("01-02"))
		}
		fmt.Fprintln(tw)
		for i := first; i < last; i++ {
			at := time.Duration(i*p.IntervalSeconds) * time.Second
			fmt.Fprintf(tw, "%s\t", sim.Clock(at.Seconds()))
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

func fmtInterval(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d-hour", d/time.Hour)
	}
	return fmt.Sprintf("%d-minute", d/time.Minute)
}

func runEvaluation(cmd *cobra.Command, o *forecastOptions, vol history.Volumes, fopt history.ForecastOptions, hoursFrom, hoursTo time.Duration) error {
	a, b, ok := strings.Cut(o.evaluate, "..")
	if !ok {
		return usageErrorf("forecast: --evaluate %q: want FROM..TO", o.evaluate)
	}
	testFrom, err := history.ParseDate(a)
	if err != nil {
		return usageErrorf("forecast: --evaluate: %v", err)
	}
	testTo, err := history.ParseDate(b)
	if err != nil {
		return usageErrorf("forecast: --evaluate: %v", err)
	}
	if o.step < 0 {
		return usageErrorf("forecast: --step %d: want 0 or more days", o.step)
	}
	var weekdays []time.Weekday
	if o.weekdays != "" {
		if weekdays, err = parseWeekdays(o.weekdays); err != nil {
			return usageErrorf("forecast: --weekdays: %v", err)
		}
	}
	var trainFrom time.Time
	if len(vol.Days) > 0 {
		trainFrom = vol.Days[0].Date
	}
	ev, err := history.Evaluate(vol, history.EvaluateOptions{
		Forecast: fopt, TrainFrom: trainFrom, TestFrom: testFrom, TestTo: testTo, Step: o.step,
		Weekdays: weekdays, From: hoursFrom, To: hoursTo,
	})
	if err != nil {
		return err
	}
	w := cmd.OutOrStdout()
	r4 := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
	switch o.format {
	case "json":
		type acc struct {
			IntervalWAPE     float64   `json:"interval_wape"`
			DayWAPE          float64   `json:"day_wape"`
			IntervalBias     float64   `json:"interval_bias"`
			DayBias          float64   `json:"day_bias"`
			IntervalCoverage *float64  `json:"interval_coverage,omitempty"`
			DayCoverage      *float64  `json:"day_coverage,omitempty"`
			ByInterval       []float64 `json:"wape_by_interval"`
		}
		conv := func(a history.Accuracy, bands bool) acc {
			out := acc{IntervalWAPE: r4(a.IntervalWAPE), DayWAPE: r4(a.DayWAPE), IntervalBias: r4(a.IntervalBias), DayBias: r4(a.DayBias)}
			if bands {
				ic, dc := r4(a.IntervalCoverage), r4(a.DayCoverage)
				out.IntervalCoverage, out.DayCoverage = &ic, &dc
			}
			for _, v := range a.ByInterval {
				out.ByInterval = append(out.ByInterval, r4(v))
			}
			return out
		}
		var starts []string
		for _, s := range ev.Starts {
			at := time.Duration(s) * time.Second
			starts = append(starts, sim.Clock(at.Seconds()))
		}
		out := struct {
			From      string   `json:"from"`
			To        string   `json:"to"`
			Step      int      `json:"step_days"`
			Level     float64  `json:"level"`
			Days      int      `json:"days"`
			Intervals int      `json:"intervals"`
			Starts    []string `json:"interval_starts"`
			Forecast  acc      `json:"forecast"`
			Naive     acc      `json:"seasonal_naive"`
		}{testFrom.Format(time.DateOnly), testTo.Format(time.DateOnly), o.step, ev.Level, ev.Days, ev.Intervals, starts,
			conv(ev.Forecast, true), conv(ev.Naive, false)}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"interval", "forecast_wape", "naive_wape"})
		for i, s := range ev.Starts {
			at := time.Duration(s) * time.Second
			_ = cw.Write([]string{sim.Clock(at.Seconds()),
				strconv.FormatFloat(r4(ev.Forecast.ByInterval[i]), 'f', -1, 64), strconv.FormatFloat(r4(ev.Naive.ByInterval[i]), 'f', -1, 64)})
		}
		cw.Flush()
		return cw.Error()
	}
	origin := "one forecast from " + testFrom.Format(time.DateOnly)
	if o.step > 0 {
		origin = fmt.Sprintf("refitted every %d days", o.step)
	}
	fmt.Fprintf(w, "Held back %s to %s (%s): %d days, %d intervals scored\n\n",
		testFrom.Format(time.DateOnly), testTo.Format(time.DateOnly), origin, ev.Days, ev.Intervals)
	pc := func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tforecast\tseasonal naive\t")
	fmt.Fprintf(tw, "WAPE per interval\t%s\t%s\t\n", pc(ev.Forecast.IntervalWAPE), pc(ev.Naive.IntervalWAPE))
	fmt.Fprintf(tw, "WAPE per day\t%s\t%s\t\n", pc(ev.Forecast.DayWAPE), pc(ev.Naive.DayWAPE))
	fmt.Fprintf(tw, "bias\t%s\t%s\t\n", pc(ev.Forecast.DayBias), pc(ev.Naive.DayBias))
	fmt.Fprintf(tw, "%.0f%% band coverage, intervals\t%s\t-\t\n", 100*ev.Level, pc(ev.Forecast.IntervalCoverage))
	fmt.Fprintf(tw, "%.0f%% band coverage, days\t%s\t-\t\n", 100*ev.Level, pc(ev.Forecast.DayCoverage))
	return tw.Flush()
}
