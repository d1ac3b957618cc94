package main

import (
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
	weekdays  string
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
			o.in.logs = append(o.in.logs, args...)
			return o.run(s)
		},
	}
	f := cmd.Flags()
	o.in.flags(f, "contact log `FILE` (repeatable; positional arguments are logs too)")
	f.StringArrayVar(&o.reports, "report", nil, "interval report `FILE` (repeatable)")
	f.StringVar(&o.reportMap, "report-map", "", "column `MAPPING` for reports: start=COL,offered=COL,queue=COL,length=15m,...")
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
	f.StringVar(&o.evaluate, "evaluate", "", "hold back `FROM..TO` and score the forecast against the seasonal naive one")
	f.IntVar(&o.step, "step", 0, "with --evaluate: refit every N days (0: one forecast from the first held-back day)")
	f.StringVar(&o.weekdays, "weekdays", "", "with --evaluate: `DAYS` to score, such as sun-thu or mon,tue (default all)")
	o.format = addFormatFlag(f, output.VolumeForecast{}, "output format", "forecast: ")
	return cmd
}

func (o *forecastOptions) run(s *streams) error {
	if len(o.in.logs) == 0 && len(o.reports) == 0 {
		return usageErrorf("forecast: no history: give contact logs (--log) or interval reports (--report)")
	}
	if o.interval <= 0 || o.interval%time.Minute != 0 || (24*time.Hour)%o.interval != 0 {
		return usageErrorf("forecast: --interval %v: want whole minutes that divide a day (15m, 30m, 1h)", o.interval)
	}
	if o.days < 1 || o.days > 3660 {
		return usageErrorf("forecast: --days %d: want 1 to 3660", o.days)
	}
	fopt := forecast.Options{Level: o.level}
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
	if o.evaluate == "" && (o.step != 0 || o.weekdays != "") {
		return usageErrorf("forecast: --step and --weekdays go with --evaluate")
	}

	table, err := o.read(s)
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
		return o.runEvaluation(s, vol, fopt, hoursFrom, hoursTo)
	}
	model, err := forecast.Fit(vol, fopt)
	if err != nil {
		return err
	}
	if start.IsZero() {
		start = vol.Days[len(vol.Days)-1].Date.AddDate(0, 0, 1)
	}
	doc := output.VolumeForecast{Prediction: model.Predict(start, o.days), Summary: model.Summary(),
		First: int(hoursFrom / o.interval), Last: int(hoursTo / o.interval)}
	return output.Write(s.out, doc, o.format.value)
}

// read reads every log and report into one aggregate, reporting on
// stderr what was read and which rows were not.
func (o *forecastOptions) read(s *streams) (*contactlog.Table, error) {
	agg, err := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: int(o.interval / time.Second)})
	if err != nil {
		return nil, usageError(err)
	}
	delim, err := o.in.delim()
	if err != nil {
		return nil, err
	}
	if len(o.in.logs) > 0 {
		opt, err := o.in.options()
		if err != nil {
			return nil, err
		}
		if err := o.in.read(s, opt, func(contactlog.Contact) bool { return true }, true, agg.Add); err != nil {
			return nil, err
		}
	}
	if len(o.reports) > 0 {
		if o.reportMap == "" {
			return nil, usageErrorf("forecast: say how to read the reports: --report-map start=COL,offered=COL,...")
		}
		m, err := contactlog.ParseReportMapping(o.reportMap)
		if err != nil {
			return nil, usageErrorf("forecast: --report-map: %w", err)
		}
		for _, path := range o.reports {
			st, err := contactlog.ReadReport(path, contactlog.ReportOptions{Mapping: m, Delimiter: delim, Strict: o.in.strict}, agg.AddRecord)
			if err != nil {
				return nil, usageError(err)
			}
			output.Read(s.err, path, "interval records", st)
		}
	}
	return agg.Table(), nil
}

func (o *forecastOptions) runEvaluation(s *streams, vol contactlog.Volumes, fopt forecast.Options, hoursFrom, hoursTo time.Duration) error {
	a, b, ok := strings.Cut(o.evaluate, "..")
	if !ok {
		return usageErrorf("forecast: --evaluate %q: want FROM..TO", o.evaluate)
	}
	testFrom, err := contactlog.ParseDate(a)
	if err != nil {
		return usageErrorf("forecast: --evaluate: %v", err)
	}
	testTo, err := contactlog.ParseDate(b)
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
	ev, err := forecast.Evaluate(vol, forecast.EvaluateOptions{
		Forecast: fopt, TrainFrom: trainFrom, TestFrom: testFrom, TestTo: testTo, Step: o.step,
		Weekdays: weekdays, From: hoursFrom, To: hoursTo,
	})
	if err != nil {
		return err
	}
	return output.Write(s.out, output.VolumeEvaluation{Evaluation: ev, From: testFrom, To: testTo, Step: o.step}, o.format.value)
}
