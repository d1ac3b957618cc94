package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/backtest"
	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// backtestOptions are the flags of "ccsim backtest".
type backtestOptions struct {
	in             logInput
	rep            reportInput
	days           dayFlags
	weekdays       string
	hours          string
	interval       time.Duration
	staffStep      time.Duration
	spell          spellFlags
	priority       []string
	sl             time.Duration
	reps           int
	seed           uint64
	erlangPatience time.Duration
	format         *formatFlag
	workers        int
	charts         string
	html           string
}

func newBacktestCmd(s *streams) *cobra.Command {
	o := &backtestOptions{in: logInput{cmdName: "backtest"}, rep: reportInput{cmdName: "backtest"}}
	cmd := &cobra.Command{
		Use:   "backtest scenario.yaml [LOG...] [--log LOG...] | --report FILE...",
		Short: "Replay a contact log through a scenario and compare predicted with observed",
		Long: `backtest replays each day of a contact log through the simulator and compares,
interval by interval, what it predicts with what the log shows: the share of
arrivals that abandoned, the service level (answered within the threshold over
all arrivals) and the ASA (mean wait of answered contacts). Erlang A and Erlang C
on the same inputs stand beside it.

For every day in range the simulator takes the logged arrival times, the
scenario's handle time, after-contact work and patience, and the staffing
inferred from that day of the log: agents on duty (busy periods joined across
idle gaps of up to --agent-gap) times one minus the scenario group's shrinkage,
changing every --staff-step. It does not take the scenario's arrivals or
staffing: the backtest tests the model, given what really happened. Erlang A and
C get, per interval, the arrivals, the scenario's mean handle time (with
after-contact work), the mean of its patience (or --erlang-patience) and the
same agents.

Errors are arrival-weighted over the intervals scored: the mean absolute error
and the bias (predicted minus observed). The threshold is the scenario's target
unless --sl says otherwise. --skip-queue leaves a queue out of the replay and the
scores entirely, its contacts and the agents' work on them, as calibrate's
--skip-queue does: give both the same. docs/calibration.md describes the method
and the JSON keys.

With --report, the backtest replays an ACD's interval reports instead of a log
(not both; --report-format and --report-map as in calibrate): each interval's
offered count is placed uniformly at random within it (a Poisson process given
its count; the replications of a day share the draw), the staff is the reports'
staffed figure less the scenario's shrinkage, and the observed figures are the
reports' abandonment, service level and ASA, those they have. The reports'
interval must divide --interval.`,
		Example: `  # calibrate on January-May, then backtest June and July, Sunday to Thursday 07:00-24:00
  ccsim calibrate --log-format anonymous-bank january.txt february.txt march.txt april.txt may.txt -o bank.yaml
  ccsim backtest bank.yaml --log-format anonymous-bank --log june.txt --log july.txt \
      --weekdays sun-thu --hours 07:00-24:00

  # against an Avaya CMS daily split report (hourly rows; the date in a column of its own)
  ccsim backtest center.yaml --report split.txt --report-format avaya-cms-daily-split --report-map date=Date --interval 1h

  # one week as JSON, 15-minute intervals
  ccsim backtest bank.yaml --log-format anonymous-bank --log june.txt --from 1999-06-06 --to 1999-06-10 \
      --interval 15m --format json`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			// Logs after the scenario are read as --log gives them, as
			// calibrate and forecast read theirs.
			o.in.logs = append(o.in.logs, args[1:]...)
			return o.run(cmd, s, args[0])
		},
	}
	f := cmd.Flags()
	o.in.flags(f, "contact log `FILE` (repeatable)")
	o.rep.flags(f)
	o.days.flags(f, "first `DATE` to replay (YYYY-MM-DD; default the log's first)", "last `DATE` to replay (default the log's last)",
		"`DATES` to leave out: 1999-06-20,1999-07-01..1999-07-03 (repeatable)")
	f.StringVar(&o.weekdays, "weekdays", "", "`DAYS` to replay and score, such as sun-thu or mon,tue (default all)")
	f.StringVar(&o.hours, "hours", "00:00-24:00", "time-of-day `WINDOW` scored")
	f.DurationVar(&o.interval, "interval", 30*time.Minute, "interval scored; must divide a day")
	f.DurationVar(&o.staffStep, "staff-step", 5*time.Minute, "how often the inferred staffing changes in the simulation; must divide the interval")
	o.spell.add(f, " (as calibrated)", " (as calibrated)")
	o.in.skipFlag(f)
	f.StringArrayVar(&o.priority, "priority", nil, "priority `VALUES` of the first class, as calibrated with --priority: each replayed contact keeps its logged class")
	f.DurationVar(&o.sl, "sl", 0, "service-level threshold (default: the scenario's target)")
	f.IntVar(&o.reps, "reps", 0, "replications per day (default: the scenario's)")
	f.Uint64Var(&o.seed, "seed", 0, "random seed (default: the scenario's)")
	f.DurationVar(&o.erlangPatience, "erlang-patience", 0, "mean patience for Erlang A (default: the mean of the scenario's patience)")
	o.format = addFormatFlag(f, output.Backtest{}, "output format", "backtest: ")
	addWorkersFlag(f, &o.workers, "replications of a day simulated at once (default: all cores); never changes the result")
	f.StringVar(&o.charts, "charts", "", "also draw observed against predicted by time of day into `DIR` (backtest.png)")
	addHTMLFlag(f, &o.html, "the backtest with its chart")
	return cmd
}

func (o *backtestOptions) run(cmd *cobra.Command, s *streams, scenario string) error {
	if err := o.rep.exclusive(&o.in); err != nil {
		return err
	}
	reports := len(o.rep.files) > 0
	var ropt contactlog.Options
	var repOpt contactlog.ReportOptions
	var err error
	if reports {
		if repOpt, err = o.rep.options(&o.in); err != nil {
			return err
		}
		if len(o.priority) > 0 {
			return usageErrorf("backtest: --priority needs a contact log: an interval report has no priorities")
		}
		if len(o.in.skip) > 0 {
			return usageErrorf("backtest: --skip-queue needs a contact log: a report's staffed agents cannot be split by queue")
		}
	} else {
		if err := o.in.files(); err != nil {
			return err
		}
		if ropt, err = o.in.options(); err != nil {
			return err
		}
	}
	if o.interval < time.Minute || o.interval%time.Minute != 0 || (24*time.Hour)%o.interval != 0 {
		return usageErrorf("backtest: --interval %v: want whole minutes that divide a day (15m, 30m, 1h)", o.interval)
	}
	if o.staffStep < time.Minute || o.staffStep%time.Minute != 0 || o.interval%o.staffStep != 0 || time.Hour%o.staffStep != 0 {
		return usageErrorf("backtest: --staff-step %v: want whole minutes that divide the interval and an hour", o.staffStep)
	}
	if err := o.spell.check("backtest"); err != nil {
		return err
	}
	if o.sl < 0 || o.erlangPatience < 0 {
		return usageErrorf("backtest: --sl and --erlang-patience must not be negative")
	}
	if cmd.Flags().Changed("reps") && (o.reps < 1 || o.reps > 100000) {
		return usageErrorf("backtest: --reps %d: want 1 to 100000", o.reps)
	}
	if cmd.Flags().Changed("seed") && o.seed == 0 {
		return usageErrorf("backtest: --seed 0: want a positive seed")
	}
	window, err := o.days.window("backtest")
	if err != nil {
		return err
	}
	if o.weekdays != "" {
		if window.Weekdays, err = parseWeekdays(o.weekdays); err != nil {
			return usageErrorf("backtest: --weekdays: %v", err)
		}
	}
	hoursFrom, hoursTo, err := parseHours(o.hours, o.interval)
	if err != nil {
		return usageErrorf("backtest: --hours: %v", err)
	}
	if o.charts != "" {
		if err := prepareDir(s, "--charts", o.charts, append(append([]string{scenario}, o.in.logs...), o.rep.files...)...); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := prepareFile(s, "--html", o.html); err != nil {
			return err
		}
	}
	sc, err := scenarios.Load(scenario)
	if err != nil {
		return usageError(err)
	}
	bt, err := backtest.New(&sc.Model, backtest.Options{
		Window: window, From: hoursFrom, To: hoursTo,
		IntervalSeconds: int(o.interval / time.Second), StaffSeconds: int(o.staffStep / time.Second),
		AgentGap: o.spell.gap.Seconds(), SpellEdge: o.spell.edge.Seconds(), Threshold: o.sl.Seconds(), Replications: o.reps, Seed: o.seed,
		ErlangPatience: o.erlangPatience.Seconds(), Workers: o.workers, Priority: splitValues(o.priority),
	})
	if err != nil {
		return usageError(err)
	}
	if reports {
		if _, err := o.rep.read(cmd.Context(), s, repOpt, true, bt.AddRecord); err != nil {
			return err
		}
	} else if err := o.in.read(cmd.Context(), s, ropt, func(contactlog.Contact) bool { return true }, true, bt.Add); err != nil {
		return err
	} else if err := o.in.checkSkipped(); err != nil {
		return err
	}
	res, err := bt.Run(cmd.Context())
	var nothing *backtest.NothingToScoreError
	if errors.As(err, &nothing) {
		return usageError(err)
	}
	if err != nil {
		return err
	}
	// Render fully before writing anything, so a failure never leaves
	// half a report or a chart without one.
	var out bytes.Buffer
	doc := output.Backtest{Result: res, Weekdays: o.weekdays, Hours: o.hours, From: hoursFrom, To: hoursTo, Reports: reports}
	var page []byte
	if wantsHTML(o.html, o.format) {
		sub, series := backtestSeries(res, hoursFrom, hoursTo, reports)
		figure, err := plots.BacktestFigure(float64(res.IntervalSeconds), res.Threshold, sub, series)
		if err != nil {
			return err
		}
		doc.HTML = pageReport(s, []output.Figure{figure})
	}
	if o.html != "" {
		if page, err = renderHTML(doc); err != nil {
			return err
		}
	}
	if err := output.Write(&out, doc, o.format.value); err != nil {
		return err
	}
	if o.charts != "" {
		if err := writeBacktestChart(cmd.Context(), o.charts, res, hoursFrom, hoursTo, reports); err != nil {
			return writeFailed(o.charts, err)
		}
	}
	if err := writeHTML(cmd.Context(), o.html, page); err != nil {
		return err
	}
	_, err = s.out.Write(out.Bytes())
	return err
}

// writeBacktestChart draws the by-time-of-day comparison of the table
// within the scored hours.
func writeBacktestChart(ctx context.Context, dir string, r *backtest.Result, from, to time.Duration, reports bool) error {
	sub, series := backtestSeries(r, from, to, reports)
	chart, err := plots.BacktestChart(float64(r.IntervalSeconds), r.Threshold, sub, series)
	if err != nil {
		return err
	}
	return plots.WriteCharts(ctx, dir, []plots.Chart{chart})
}

// backtestSeries are the by-time-of-day means of the log and of each
// method within the scored hours, and the chart's subtitle.
func backtestSeries(r *backtest.Result, from, to time.Duration, reports bool) (string, []plots.BacktestSeries) {
	n := 86400 / r.IntervalSeconds
	names := []string{"observed (the log)", "simulator", "Erlang A", "Erlang C"}
	if reports {
		names[0] = "observed (the reports)"
	}
	series := make([]plots.BacktestSeries, len(names))
	for k := range series {
		series[k] = plots.BacktestSeries{Name: names[k], AbandonRate: nans(n), ServiceLevel: nans(n), ASA: nans(n)}
	}
	for _, row := range r.ByTimeOfDay() {
		if row.Start < from || row.Start >= to {
			continue
		}
		i := int(row.Start/time.Second) / r.IntervalSeconds
		for k, m := range []backtest.Measures{row.Observed, row.Sim, row.ErlangA, row.ErlangC} {
			series[k].AbandonRate[i], series[k].ServiceLevel[i], series[k].ASA[i] = m.AbandonRate, m.ServiceLevel, m.ASA
		}
	}
	sub := fmt.Sprintf("%s: %d days from %s to %s, %d replications a day", sim.Printable(r.Scenario), len(r.Days),
		r.Days[0].Format(time.DateOnly), r.Days[len(r.Days)-1].Format(time.DateOnly), r.Replications)
	return sub, series
}

func nans(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
