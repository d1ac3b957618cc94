package main

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/forecast"
	"github.com/ccsim/ccsim/output"
)

// forecastOptions are the flags of "ccsim forecast".
type forecastOptions struct {
	in        logInput
	reports   []string
	reportMap string
	reportFmt string
	queues    []string
	history   dayFlags
	start     string
	days      int
	interval  time.Duration
	dayTypes  string
	weekend   string
	level     float64
	hours     string
	evaluate  string
	step      int
	horizon   int
	weekdays  string
	special   string
	method    string
	scoreSpec bool
	format    *formatFlag
}

func newForecastCmd(s *streams) *cobra.Command {
	o := &forecastOptions{in: logInput{cmdName: "forecast"}}
	cmd := &cobra.Command{
		Use:   "forecast [LOG...]",
		Short: "Forecast contact volume per interval for future days from history",
		Long: `forecast reads contact logs (or interval reports), counts the contacts offered
per day and interval, and forecasts the volume of each interval of future days
with prediction intervals.

Several methods are fitted and scored on the history itself by rolling-origin
evaluation (from every day with four weeks of history before it, each method
forecasts up to 13 weeks ahead): the seasonal naive forecast, the weekday by
interval mean of the last 8 weeks, the weekday profile times the last 4 weeks'
level, log-linear regressions on the day type with a linear, damped or no
trend, exponential smoothing with weekly seasonality, a regression on the day
type and the day of the month, and a combination of the last with the two
recent means. Each future day is forecast by the combination unless another
method was clearly better (by two standard errors) at its number of days
ahead; --method forces one. Daily prediction intervals are the quantiles of
that method's errors in the same evaluation; interval ones are gamma quantiles
whose variance adds the measured within-day noise to the day's. See
docs/calibration.md.

--special-days FILE lists holidays and other unusual days (date or range,
then closed, holiday, eve or "custom FACTOR", then a name): they are left out
of the usual pattern, and a future one is forecast as its usual volume times
its factor, learned from past days of the same name or kind when the file
gives none. "ccsim holidays" writes such a file for Israel's holidays.

Logs are read with a built-in format (--log-format anonymous-bank) or a column
mapping (--map arrival=COL,outcome=COL,...; see "Reading history" in the
docs). Rows that cannot be read are reported with file and line and skipped;
--strict stops at the first.

--evaluate FROM..TO holds those days back instead and scores the forecast,
made on the history before them as above, beside three seasonal baselines and
every candidate method, by WAPE per interval and per day. --step N makes an
origin every N days; --horizon H has each forecast H days ahead (a
rolling-origin evaluation when H is longer than N), scored by days ahead.`,
		Example: `  # a week of half-hourly forecasts after the history, as a table
  ccsim forecast --log-format anonymous-bank --log january.txt --log february.txt

  # June from January-May, holidays left out, 15-minute intervals, as CSV
  ccsim forecast --log-format anonymous-bank --log *.txt --from 1999-01-01 --to 1999-05-31 \
      --start 1999-06-01 --days 30 --interval 15m --exclude 1999-04-01..1999-04-07 --format csv

  # a generic CSV log
  ccsim forecast calls.csv --map arrival=start_time,outcome=result,wait=queue_s,handle=talk_s

  # hold back June-July and compare with the seasonal baselines, holidays given
  ccsim forecast --log-format anonymous-bank --log *.txt --evaluate 1999-06-01..1999-07-31 \
      --weekdays sun-thu --hours 07:00-24:00 --special-days special-days.txt

  # rolling origins: a forecast from every day of March-July, each 13 weeks ahead
  ccsim forecast --log-format anonymous-bank --log *.txt --evaluate 1999-03-01..1999-07-31 \
      --step 1 --horizon 91 --weekdays sun-thu --hours 07:00-24:00 --special-days special-days.txt`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.in.logs = append(o.in.logs, args...)
			return o.run(cmd.Context(), s)
		},
	}
	f := cmd.Flags()
	o.in.flags(f, "contact log `FILE` (repeatable; positional arguments are logs too)")
	f.StringArrayVar(&o.reports, "report", nil, "interval report `FILE` (repeatable)")
	f.StringVar(&o.reportMap, "report-map", "", "column `MAPPING` for reports: start=COL,offered=COL,queue=COL,length=15m,...")
	f.StringVar(&o.reportFmt, "report-format", "", "documented report layout: "+strings.Join(contactlog.ReportPresets(), ", ")+" (--report-map keys add to it)")
	f.StringArrayVar(&o.queues, "queue", nil, "forecast only this queue or channel (repeatable; default all together)")
	o.history.flags(f, "first `DATE` of history to use (YYYY-MM-DD)", "last `DATE` of history to use",
		"`DATES` to leave out of the history: 2024-12-25,2024-12-31..2025-01-01 (repeatable)")
	f.StringVar(&o.start, "start", "", "first `DATE` to forecast (default: the day after the history)")
	f.IntVar(&o.days, "days", 7, "number of days to forecast")
	f.DurationVar(&o.interval, "interval", 30*time.Minute, "interval length; must divide a day")
	f.StringVar(&o.dayTypes, "day-types", "weekday", "day types: weekday (each weekday its own) or weekend (workdays and weekend days)")
	f.StringVar(&o.weekend, "weekend", "sat,sun", "weekend `DAYS` for --day-types weekend")
	f.Float64Var(&o.level, "level", 0.8, "coverage of the prediction intervals, between 0 and 1")
	f.StringVar(&o.hours, "hours", "00:00-24:00", "time-of-day `WINDOW` to print and score")
	f.StringVar(&o.evaluate, "evaluate", "", "hold back `FROM..TO` and score the forecast against the seasonal baselines (naive, weekly-mean, recent-level)")
	f.IntVar(&o.step, "step", 0, "with --evaluate: a forecast origin every N days (0: one, the first held-back day)")
	f.IntVar(&o.horizon, "horizon", 0, "with --evaluate: days forecast from each origin (default: --step, or all held-back days)")
	f.StringVar(&o.special, "special-days", "", "special-days `FILE`: holidays, eves, closed and custom days (see ccsim holidays)")
	f.StringVar(&o.method, "method", forecast.MethodAuto, "forecast method: "+forecast.MethodAuto+", "+strings.Join(forecast.Methods(), ", "))
	f.BoolVar(&o.scoreSpec, "score-special", true, "with --evaluate: score the special days too (false leaves them out)")
	f.StringVar(&o.weekdays, "weekdays", "", "with --evaluate: `DAYS` to score, such as sun-thu or mon,tue (default all)")
	o.format = addFormatFlag(f, output.VolumeForecast{}, "output format", "forecast: ")
	return cmd
}

func (o *forecastOptions) run(ctx context.Context, s *streams) error {
	if len(o.in.logs) == 0 && len(o.reports) == 0 {
		return usageErrorf("forecast: no history: give contact logs (--log) or interval reports (--report)")
	}
	if o.interval <= 0 || o.interval%time.Minute != 0 || (24*time.Hour)%o.interval != 0 {
		return usageErrorf("forecast: --interval %v: want whole minutes that divide a day (15m, 30m, 1h)", o.interval)
	}
	if o.days < 1 || o.days > 3660 {
		return usageErrorf("forecast: --days %d: want 1 to 3660", o.days)
	}
	fopt := forecast.Options{Level: o.level, Method: o.method}
	if o.method != forecast.MethodAuto && !slices.Contains(forecast.Methods(), o.method) {
		return usageErrorf("forecast: --method %q: want %s or one of %s", o.method, forecast.MethodAuto, strings.Join(forecast.Methods(), ", "))
	}
	if !(o.level > 0 && o.level < 1) {
		return usageErrorf("forecast: --level %v: want a number between 0 and 1, such as 0.8", o.level)
	}
	switch o.dayTypes {
	case "weekday":
	case "weekend":
		fopt.DayTypes = contactlog.WorkdayWeekend
		days, err := parseWeekdays(o.weekend)
		if err != nil {
			return usageErrorf("forecast: --weekend: %v", err)
		}
		fopt.Weekend = days
	default:
		return usageErrorf("forecast: --day-types %q: want weekday or weekend", o.dayTypes)
	}
	var err error
	if fopt.Exclude, err = o.history.exclusions("forecast"); err != nil {
		return err
	}
	hoursFrom, hoursTo, err := parseHours(o.hours, o.interval)
	if err != nil {
		return usageErrorf("forecast: --hours: %v", err)
	}
	var from, to, start time.Time
	for _, d := range []struct {
		flag, value string
		dst         *time.Time
	}{{"from", o.history.from, &from}, {"to", o.history.to, &to}, {"start", o.start, &start}} {
		if d.value == "" {
			continue
		}
		if *d.dst, err = contactlog.ParseDate(d.value); err != nil {
			return usageErrorf("forecast: --%s: %v", d.flag, err)
		}
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return usageErrorf("forecast: --to %s is before --from %s", o.history.to, o.history.from)
	}
	if o.evaluate == "" && (o.step != 0 || o.weekdays != "" || o.horizon != 0) {
		return usageErrorf("forecast: --step, --horizon and --weekdays go with --evaluate")
	}
	if o.special != "" {
		if fopt.Special, err = readSpecialDays(o.special); err != nil {
			return err
		}
	}
	var ev evaluation
	if o.evaluate != "" {
		if ev, err = o.evaluation(); err != nil {
			return err
		}
	}
	// Every flag is checked before the history is read: a slip in one
	// must not cost the reading of a large log.
	src, err := o.sources()
	if err != nil {
		return err
	}

	table, err := o.read(ctx, s, src)
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
		return o.runEvaluation(s, vol, fopt, ev, hoursFrom, hoursTo)
	}
	if start.IsZero() {
		start = vol.Days[len(vol.Days)-1].Date.AddDate(0, 0, 1)
	}
	pred, err := forecast.Predict(vol, start, o.days, fopt)
	if err != nil {
		return historyError(err, o.historyFiles())
	}
	doc := output.VolumeForecast{Prediction: pred, Summary: pred.Summary,
		First: int(hoursFrom / o.interval), Last: int(hoursTo / o.interval)}
	return output.Write(s.out, doc, o.format.value)
}

// historySources are the checked flags that say how to read the
// history.
type historySources struct {
	logs    contactlog.Options
	reports contactlog.ReportOptions
}

// sources checks the flags that say how to read the logs and reports.
func (o *forecastOptions) sources() (historySources, error) {
	var src historySources
	delim, err := o.in.delim()
	if err != nil {
		return src, err
	}
	if len(o.in.logs) > 0 {
		if err := o.in.files(); err != nil {
			return src, err
		}
		if src.logs, err = o.in.options(); err != nil {
			return src, err
		}
	}
	if len(o.reports) > 0 {
		if o.reportMap == "" && o.reportFmt == "" {
			return src, usageErrorf("forecast: say how to read the reports: --report-map start=COL,offered=COL,...")
		}
		m, err := contactlog.ReportFormatMapping(o.reportFmt, o.reportMap)
		if err != nil {
			flag := "--report-map"
			if o.reportFmt != "" {
				flag = "--report-format " + o.reportFmt
			}
			return src, usageErrorf("forecast: %s: %w", flag, err)
		}
		src.reports = contactlog.ReportOptions{Mapping: m, Delimiter: delim, Strict: o.in.strict}
	}
	return src, nil
}

// read reads every log and report into one aggregate, reporting on
// stderr what was read and which rows were not.
func (o *forecastOptions) read(ctx context.Context, s *streams, src historySources) (*contactlog.Table, error) {
	agg, err := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: int(o.interval / time.Second)})
	if err != nil {
		return nil, usageError(err)
	}
	if len(o.in.logs) > 0 {
		if err := o.in.read(ctx, s, src.logs, func(contactlog.Contact) bool { return true }, true, agg.Add); err != nil {
			return nil, err
		}
	}
	for _, path := range o.reports {
		st, err := contactlog.ReadReportContext(ctx, path, src.reports, agg.AddRecord)
		if err != nil {
			if errors.Is(err, context.Canceled) {
				return nil, err
			}
			return nil, usageError(err)
		}
		output.Read(s.err, path, "interval records", st)
	}
	return agg.Table(), nil
}

// evaluation is what --evaluate, --step and --weekdays ask for.
type evaluation struct {
	from, to time.Time
	weekdays []time.Weekday
}

// evaluation checks --evaluate, --step and --weekdays.
func (o *forecastOptions) evaluation() (evaluation, error) {
	var ev evaluation
	a, b, ok := strings.Cut(o.evaluate, "..")
	if !ok {
		return ev, usageErrorf("forecast: --evaluate %q: want FROM..TO", o.evaluate)
	}
	var err error
	if ev.from, err = contactlog.ParseDate(a); err != nil {
		return ev, usageErrorf("forecast: --evaluate: %v", err)
	}
	if ev.to, err = contactlog.ParseDate(b); err != nil {
		return ev, usageErrorf("forecast: --evaluate: %v", err)
	}
	if ev.to.Before(ev.from) {
		return ev, usageErrorf("forecast: --evaluate %s: the range ends before it starts", o.evaluate)
	}
	if o.step < 0 {
		return ev, usageErrorf("forecast: --step %d: want 0 or more days", o.step)
	}
	if o.horizon < 0 || o.horizon > 3660 {
		return ev, usageErrorf("forecast: --horizon %d: want 1 to 3660 days (0: the default)", o.horizon)
	}
	if o.weekdays != "" {
		if ev.weekdays, err = parseWeekdays(o.weekdays); err != nil {
			return ev, usageErrorf("forecast: --weekdays: %v", err)
		}
	}
	return ev, nil
}

func (o *forecastOptions) runEvaluation(s *streams, vol contactlog.Volumes, fopt forecast.Options, ev evaluation, hoursFrom, hoursTo time.Duration) error {
	var trainFrom time.Time
	if len(vol.Days) > 0 {
		trainFrom = vol.Days[0].Date
	}
	eopt := forecast.EvaluateOptions{
		Forecast: fopt, TrainFrom: trainFrom, TestFrom: ev.from, TestTo: ev.to, Step: o.step, Horizon: o.horizon,
		ScoreSpecial: o.scoreSpec, Weekdays: ev.weekdays, From: hoursFrom, To: hoursTo,
	}
	res, err := forecast.Evaluate(vol, eopt)
	if err != nil {
		return historyError(err, o.historyFiles())
	}
	horizon := o.horizon
	if horizon == 0 {
		horizon = o.step
		if o.step == 0 {
			horizon = int(contactlog.DayNumber(ev.to)-contactlog.DayNumber(ev.from)) + 1
		}
	}
	doc := output.VolumeEvaluation{Evaluation: res, From: ev.from, To: ev.to, Step: o.step, Horizon: horizon, SpecialScored: o.scoreSpec}
	return output.Write(s.out, doc, o.format.value)
}

// readSpecialDays reads a special-days file; its errors are bad input.
func readSpecialDays(path string) (contactlog.SpecialDays, error) {
	f, err := os.Open(path)
	if err != nil {
		return contactlog.SpecialDays{}, usageErrorf("--special-days: %w", err)
	}
	defer f.Close()
	cal, err := contactlog.ReadSpecialDays(f, path)
	if err != nil {
		return contactlog.SpecialDays{}, usageError(err)
	}
	return cal, nil
}

// historyFiles names the files the history was read from, for messages.
func (o *forecastOptions) historyFiles() []string {
	return append(slices.Clone(o.in.logs), o.reports...)
}

// historyError makes a history too short for what was asked, or a horizon
// longer than the held-back days, bad input (exit 2), naming the files the
// history came from.
func historyError(err error, files []string) error {
	var short *forecast.ShortHistoryError
	var horizon *forecast.HorizonError
	var nothing *forecast.NothingToScoreError
	switch {
	case errors.As(err, &short):
		return usageErrorf("%w (history read from %s)", err, strings.Join(files, ", "))
	case errors.As(err, &horizon), errors.As(err, &nothing):
		return usageError(err)
	}
	return err
}
