package main

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/backtest"
	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// bankCredit acknowledges the Anonymous Bank data, as its documentation
// asks of any work that uses it.
var bankCredit = []string{
	"Data: Anonymous Bank call-center data, Technion Service Enterprise Engineering Center (I. Guedj,",
	"A. Mandelbaum); see Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn and Zhao (2005), \"Statistical analysis",
	"of a telephone call center: a queueing-science perspective\", JASA 100(469):36-50.",
}

// calibrateOptions are the flags of "ccsim calibrate".
type calibrateOptions struct {
	in       logInput
	rep      reportInput
	output   string
	days     dayFlags
	interval time.Duration
	sl       time.Duration
	spell    spellFlags
	queues   []string
	dayTypes string
	weekend  string
	name     string
	channel  string
	kind     string
	group    string
	priority []string
	byTime   bool
	fitShr   bool
	seed     uint64
	reps     int
	// noVariation writes Poisson arrivals and no absence.
	noVariation bool
	// fitPat refits a report calibration's patience by simulation.
	fitPat bool
}

func newCalibrateCmd(s *streams) *cobra.Command {
	o := &calibrateOptions{in: logInput{cmdName: "calibrate"}, rep: reportInput{cmdName: "calibrate"}}
	cmd := &cobra.Command{
		Use:   "calibrate LOG... -o scenario.yaml | calibrate --report FILE... -o scenario.yaml",
		Short: "Fit a scenario to a contact log or to interval reports",
		Long: `calibrate reads contact logs and writes a scenario fitted to them alone, with
comments that state each fit: the rows and days used, the goodness of fit and
the alternatives.

  arrivals    the mean daily volume of each weekday (or workday and weekend,
              --day-types weekend) and its intraday profile per interval;
  handle time the best of exponential, lognormal and gamma by likelihood
              (log-likelihood and Kolmogorov-Smirnov distance reported),
              scaled by each hour's mean over the day's (handle_by_time;
              --handle-by-time=false for one handle time all day);
  patience    from censored waits (answered callers would have waited
              longer): the exponential estimate and the Kaplan-Meier
              estimate, which the scenario uses as an empirical distribution;
  staffing    agents on duty per interval and day type, inferred from agent
              activity (busy periods joined across idle gaps of up to
              --agent-gap, plus --spell-edge either side), and the share of
              them not taking calls as the group's shrinkage: measured while
              callers waited, then fitted by replaying the log through the
              simulator until it abandons as many calls as the log did
              (--fit-shrinkage=false keeps the measured share);
  priorities  reported; --priority VALUES makes those contacts a class
              served first;
  variation   how much more the half-hourly volumes vary than Poisson
              (dispersion) and whole days (day_cv), days far from their
              weekday's median left out; and absence, from the days agents
              who usually work a weekday missed one alone (the staffing is
              then raised so that those present average the agents on
              duty). Each is written only when the log can tell it, and the
              comments say why not otherwise; --no-variation writes Poisson
              arrivals and no absence, keeping the figures in comments.

All queues of the log are pooled into one channel (--queue picks some; the
staffing still counts the agents' work on every queue). --skip-queue leaves a
queue out entirely, its contacts and the agents' work on them, as if the log
had none: for a queue served apart (give backtest the same). The
service-level threshold is 20s unless --sl says otherwise. The logs are read
twice: standard input (-) and pipes are copied to a temporary file first. The
method is described in docs/calibration.md.

With --report, calibrate reads an ACD's interval reports instead of a log (not
both). --report-format names a documented export layout:
  ` + strings.Join(contactlog.ReportPresets(), ", ") + `;
--report-map maps columns (start=COL,offered=COL,aht=COL,staffed=COL,...) or adds
to a preset what its documentation does not name. A report has no single
contacts, so it fits less: arrivals as above; the AHT (exponential assumed: no
spread can be seen) with its hourly factor; staffing from the staffed figure;
an exponential patience and a shrinkage fitted so that Erlang A abandons as many
contacts as the reports and waits as long (ASA); --fit-patience refits the
patience by replaying the reports through the simulator until it abandons as
many (on the bank's held-back months Erlang A's predicted better). Offered and AHT are required; without staffed the scenario has no
staffing (ccsim plan finds one) and no patience. What cannot be fitted is said
in the comments and on standard error. --sl is the threshold the reports' service
level was measured at.`,
		Example: `  # the Anonymous Bank log, January to May 1999
  ccsim calibrate --log-format anonymous-bank january.txt february.txt march.txt \
      april.txt may.txt -o bank.yaml

  # a generic CSV log, 15-minute intervals, weekday and weekend day types
  ccsim calibrate calls.csv --map arrival=start,outcome=result,wait=queue_s,handle=talk_s,agent=agent \
      --interval 15m --day-types weekend --sl 30s -o center.yaml

  # then check it and replay a later month against it
  ccsim validate bank.yaml
  ccsim backtest bank.yaml --log-format anonymous-bank --log june.txt

  # without the internet queue (IN), its calls and the agents' work on them; backtest likewise
  ccsim calibrate --log-format anonymous-bank january.txt february.txt --skip-queue IN -o bank-no-in.yaml
  ccsim backtest bank-no-in.yaml --log-format anonymous-bank --log june.txt --skip-queue IN

  # from a Calabrio Interval Service Queue export, whose documented columns do not name the interval
  ccsim calibrate --report may.csv --report-format calabrio-interval-service-queue --report-map start=Interval -o center.yaml

  # from any interval report, column by column
  ccsim calibrate --report acd.csv --report-map start=Interval,offered=Offered,answered=Handled,abandoned=Abandoned,aht=AHT,asa=ASA,sl=SL,staffed=Agents,length=15m \
      --interval 30m --sl 30s -o center.yaml`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.in.logs = append(o.in.logs, args...)
			return o.run(cmd.Context(), s)
		},
	}
	f := cmd.Flags()
	o.in.flags(f, "contact log `FILE` (repeatable)")
	o.rep.flags(f)
	f.BoolVar(&o.fitPat, "fit-patience", false, "with --report: refit the patience by replaying the reports through the simulator (default: Erlang A's, which predicted held-back months better)")
	f.StringVarP(&o.output, "output", "o", "", "write the scenario to `FILE` (default: standard output)")
	o.days.flags(f, "first `DATE` of the log to use (YYYY-MM-DD)", "last `DATE` of the log to use",
		"`DATES` to leave out: 2024-12-25,2024-12-31..2025-01-01 (repeatable)")
	f.DurationVar(&o.interval, "interval", 30*time.Minute, "interval length: whole minutes, at least 5, dividing a day")
	f.DurationVar(&o.sl, "sl", 20*time.Second, "service-level threshold")
	o.spell.add(f, "", " (at most half --agent-gap)")
	f.StringArrayVar(&o.queues, "queue", nil, "pool only this queue (repeatable; default all)")
	o.in.skipFlag(f)
	f.StringVar(&o.dayTypes, "day-types", "weekday", "day types: weekday (each weekday its own) or weekend (workdays and weekend days)")
	f.StringVar(&o.weekend, "weekend", "sat,sun", "weekend `DAYS` for --day-types weekend")
	f.StringVar(&o.name, "name", "", "scenario name (default: from the first log's file name)")
	f.StringVar(&o.channel, "channel", "phone", "channel name")
	f.StringVar(&o.kind, "kind", "call", "channel kind: call or chat")
	f.StringVar(&o.group, "group", "agents", "agent group name")
	f.StringArrayVar(&o.priority, "priority", nil, "priority `VALUES` whose contacts form a class served first (repeatable or comma-separated)")
	f.BoolVar(&o.noVariation, "no-variation", false, "write Poisson arrivals and no absence (the measured variation stays in comments)")
	f.BoolVar(&o.fitShr, "fit-shrinkage", true, "fit the shrinkage by replaying the log through the simulator (false: the measured availability)")
	f.BoolVar(&o.byTime, "handle-by-time", true, "write the handle time's factor by hour of arrival (handle_by_time); false: one handle time all day")
	f.Uint64Var(&o.seed, "seed", 1, "seed written into the scenario")
	f.IntVar(&o.reps, "reps", 10, "replications written into the scenario")
	return cmd
}

func (o *calibrateOptions) run(ctx context.Context, s *streams) error {
	if err := o.rep.exclusive(&o.in); err != nil {
		return err
	}
	if len(o.rep.files) > 0 {
		if len(o.in.skip) > 0 {
			return usageErrorf("calibrate: --skip-queue needs a contact log: a report's staffed agents cannot be split by queue (--queue picks a report's rows)")
		}
		return o.runReports(ctx, s)
	}
	if o.fitPat {
		return usageErrorf("calibrate: --fit-patience goes with --report (a log's patience is fitted from its waits)")
	}
	if err := o.in.files(); err != nil {
		return err
	}
	ropt, err := o.in.options()
	if err != nil {
		return err
	}
	copt, window, err := o.common()
	if err != nil {
		return err
	}
	if err := o.spell.check("calibrate"); err != nil {
		return err
	}
	if o.output != "" {
		if err := prepareFile(s, "-o", o.output, append(slices.Clone(o.in.logs), o.days.excludeFile)...); err != nil {
			return err
		}
	}
	copt.HandleByTime, copt.Sources = o.byTime, o.in.sourceLines()
	copt.HighPriority = splitValues(o.priority)
	if copt.Name == "" {
		base := filepath.Base(o.in.logs[0])
		if o.in.logs[0] == "-" {
			base = "standard input"
		}
		copt.Name = "calibrated from " + strings.TrimSuffix(base, filepath.Ext(base))
	}
	if o.in.format == contactlog.BankFormat {
		copt.Credit = bankCredit
	}
	if len(window.Exclude) > 0 || !window.From.IsZero() || !window.To.IsZero() {
		copt.Sources = append(copt.Sources, dayWindowLine(window))
	}
	for _, q := range o.in.skip {
		if slices.Contains(o.queues, q) {
			return usageErrorf("calibrate: queue %q is given to both --queue and --skip-queue", q)
		}
	}
	if line := o.in.skipLine(); line != "" {
		copt.Sources = append(copt.Sources, line)
	}
	return o.runLogs(ctx, s, ropt, copt, window)
}

// common checks the flags the log and report paths share and returns the
// fit's options and the days wanted.
func (o *calibrateOptions) common() (calibrate.Options, contactlog.DayWindow, error) {
	var copt calibrate.Options
	var window contactlog.DayWindow
	var err error
	if o.interval < 5*time.Minute || o.interval%time.Minute != 0 || (24*time.Hour)%o.interval != 0 {
		return copt, window, usageErrorf("calibrate: --interval %v: want whole minutes, at least 5, that divide a day (15m, 30m, 1h)", o.interval)
	}
	if o.sl <= 0 {
		return copt, window, usageErrorf("calibrate: --sl %v: want a positive duration such as 20s", o.sl)
	}
	if window, err = o.days.window("calibrate"); err != nil {
		return copt, window, err
	}
	copt = calibrate.Options{Name: o.name, Channel: o.channel, Group: o.group, Queues: o.queues,
		Seed: o.seed, Replications: o.reps, NoVariation: o.noVariation}
	switch o.kind {
	case "call":
		copt.Kind = sim.Call
	case "chat":
		copt.Kind = sim.Chat
	default:
		return copt, window, usageErrorf("calibrate: --kind %q: want call or chat", o.kind)
	}
	switch o.dayTypes {
	case "weekday":
	case "weekend":
		copt.DayTypes = contactlog.WorkdayWeekend
		if copt.Weekend, err = parseWeekdays(o.weekend); err != nil {
			return copt, window, usageErrorf("calibrate: --weekend: %v", err)
		}
	default:
		return copt, window, usageErrorf("calibrate: --day-types %q: want weekday or weekend", o.dayTypes)
	}
	if o.reps < 1 || o.reps > sim.MaxReplications {
		return copt, window, usageErrorf("calibrate: --reps %d: want 1 to %d", o.reps, sim.MaxReplications)
	}
	return copt, window, nil
}

// runLogs calibrates from contact logs.
func (o *calibrateOptions) runLogs(ctx context.Context, s *streams, ropt contactlog.Options, copt calibrate.Options, window contactlog.DayWindow) error {
	// Every flag is checked; the logs are read now, twice, so standard
	// input and pipes are copied to files first.
	remove, err := o.in.spool(ctx, s)
	if err != nil {
		return err
	}
	defer remove()
	agg, err := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: int(o.interval / time.Second),
		Threshold: o.sl.Seconds(), AgentGap: o.spell.gap.Seconds(), SpellEdge: o.spell.edge.Seconds()})
	if err != nil {
		return usageError(err)
	}
	// The first of the two passes the availability needs also fills the
	// aggregate and reports what each file held.
	keep := func(c contactlog.Contact) bool { return window.Contains(c.Arrival) }
	passes := 0
	read := func(add func(contactlog.Contact)) error {
		passes++
		if passes > 1 {
			return o.in.read(ctx, s, ropt, keep, false, add)
		}
		return o.in.read(ctx, s, ropt, keep, true, func(c contactlog.Contact) {
			agg.Add(c)
			add(c)
		})
	}
	if copt.Availability, err = contactlog.MeasureAvailabilityEdge(read, o.spell.gap.Seconds(), o.spell.edge.Seconds()); err != nil {
		return err
	}
	if err := o.in.checkSkipped(); err != nil {
		return err
	}
	cal, err := calibrate.Fit(agg.Table(), copt)
	if err != nil {
		return usageError(err)
	}
	if o.fitShr {
		if err := o.fitShrinkage(ctx, s, ropt, window, cal); err != nil {
			return err
		}
	}
	return o.write(ctx, s, cal)
}

// write writes the calibrated scenario to -o or standard output, after
// checking that it loads.
func (o *calibrateOptions) write(ctx context.Context, s *streams, cal *calibrate.Calibration) error {
	var out bytes.Buffer
	m, notes := cal.Model()
	if err := scenarios.Write(&out, m, scenarios.WriteOptions{Comments: notes.Comments, After: notes.After, StaffingPerInterval: true}); err != nil {
		return err
	}
	// The file must load: a scenario that ccsim itself refuses would be a
	// bug here, not bad input.
	name := o.output
	if name == "" {
		name = "calibrated.yaml"
	}
	if _, err := scenarios.Parse(name, out.Bytes()); err != nil {
		return fmt.Errorf("calibrate: the scenario written does not load: %w", err)
	}
	if cal.Report != nil {
		output.CalibratedReport(s.err, cal)
	}
	if o.output == "" {
		_, err := s.out.Write(out.Bytes())
		return err
	}
	if err := atomicfile.Write(ctx, o.output, out.Bytes()); err != nil {
		return writeFailed(o.output, err)
	}
	output.Calibrated(s.err, o.output, cal)
	return nil
}

// runReports calibrates from interval reports.
func (o *calibrateOptions) runReports(ctx context.Context, s *streams) error {
	ropt, err := o.rep.options(&o.in)
	if err != nil {
		return err
	}
	copt, window, err := o.common()
	if err != nil {
		return err
	}
	if len(o.priority) > 0 {
		return usageErrorf("calibrate: --priority needs a contact log: an interval report has no priorities")
	}
	if o.output != "" {
		if err := prepareFile(s, "-o", o.output, append(slices.Clone(o.rep.files), o.days.excludeFile)...); err != nil {
			return err
		}
	}
	copt.HandleByTime, copt.Sources = o.byTime, o.rep.sourceLines()
	if copt.Name == "" {
		base := filepath.Base(o.rep.files[0])
		copt.Name = "calibrated from " + strings.TrimSuffix(base, filepath.Ext(base))
	}
	if len(window.Exclude) > 0 || !window.From.IsZero() || !window.To.IsZero() {
		copt.Sources = append(copt.Sources, dayWindowLine(window))
	}
	var recs []contactlog.IntervalRecord
	series, err := o.rep.read(ctx, s, ropt, true, func(r contactlog.IntervalRecord) error {
		if window.Contains(r.Start) {
			recs = append(recs, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if L := series.Length(); o.interval%L != 0 {
		return usageErrorf("calibrate: --interval %v: the reports' intervals are %v long; want a multiple of them", o.interval, L)
	}
	cal, err := calibrate.FitReport(recs, copt, o.sl.Seconds(), int(o.interval/time.Second))
	if err != nil {
		return usageError(fmt.Errorf("%w (reports: %s)", err, strings.Join(o.rep.files, ", ")))
	}
	if o.fitPat {
		if err := o.fitReportPatience(ctx, s, ropt, window, cal); err != nil {
			return err
		}
	}
	return o.write(ctx, s, cal)
}

// dayWindowLine describes the days used, for a scenario's header.
func dayWindowLine(w contactlog.DayWindow) string {
	from, to := "the first day", "the last"
	if !w.From.IsZero() {
		from = w.From.Format(time.DateOnly)
	}
	if !w.To.IsZero() {
		to = w.To.Format(time.DateOnly)
	}
	s := fmt.Sprintf("Window: %s to %s", from, to)
	if len(w.Exclude) > 0 {
		s += fmt.Sprintf(", %d dates excluded", len(w.Exclude))
	}
	return s + "."
}

// fitShrinkage replays the log through the calibrated model and makes the
// shrinkage the one at which the simulator abandons as many contacts as
// the log did (backtest.Replay.FitShrinkage). Five replications a day:
// the search averages over every day of the log.
func (o *calibrateOptions) fitShrinkage(ctx context.Context, s *streams, ropt contactlog.Options, window contactlog.DayWindow, cal *calibrate.Calibration) error {
	m, _ := cal.Model()
	bt, err := backtest.New(m, backtest.Options{Window: window, AgentGap: o.spell.gap.Seconds(), SpellEdge: o.spell.edge.Seconds(),
		Threshold: o.sl.Seconds(), Replications: min(5, o.reps), Seed: o.seed, Priority: splitValues(o.priority)})
	if err != nil {
		return fmt.Errorf("calibrate: fitting the shrinkage: %w", err)
	}
	keep := func(c contactlog.Contact) bool { return true }
	if err := o.in.read(ctx, s, ropt, keep, false, bt.Add); err != nil {
		return err
	}
	var progress func(float64)
	bar := startProgress(s, &progress)
	fit, err := bt.FitShrinkage(ctx, progress)
	bar.done()
	if err != nil {
		return fmt.Errorf("calibrate: fitting the shrinkage: %w", err)
	}
	return cal.SetFittedShrinkage(fit.Shrinkage, calibrate.FittedShrinkage{Observed: fit.Observed, Predicted: fit.Predicted, Days: fit.Days})
}

// splitValues splits repeated, comma-separated flag values, dropping empty
// ones.
func splitValues(flags []string) []string {
	var out []string
	for _, p := range flags {
		for v := range strings.SplitSeq(p, ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
	}
	return out
}

// fitReportPatience replays the reports through the calibrated model and
// makes the patience the mean at which the simulator abandons as many
// contacts as the reports did (backtest.Replay.FitPatience), starting
// from Erlang A's. Five replications a day, as for the shrinkage.
func (o *calibrateOptions) fitReportPatience(ctx context.Context, s *streams, ropt contactlog.ReportOptions, window contactlog.DayWindow, cal *calibrate.Calibration) error {
	r := cal.Report
	if !(r.Patience > 0) || math.IsInf(r.Patience, 1) {
		return nil // nothing fitted to refine
	}
	m, _ := cal.Model()
	bt, err := backtest.New(m, backtest.Options{Window: window, IntervalSeconds: int(o.interval / time.Second),
		Threshold: o.sl.Seconds(), Replications: min(5, o.reps), Seed: o.seed})
	if err != nil {
		return fmt.Errorf("calibrate: fitting the patience: %w", err)
	}
	if _, err := o.rep.read(ctx, s, ropt, false, bt.AddRecord); err != nil {
		return err
	}
	var progress func(float64)
	bar := startProgress(s, &progress)
	fit, err := bt.FitPatience(ctx, r.Patience, progress)
	bar.done()
	if err != nil {
		return fmt.Errorf("calibrate: fitting the patience: %w", err)
	}
	if fit.AtBound {
		fmt.Fprintf(s.err, "ccsim: patience: the simulator matches the reports' abandonment at no mean within 64 times Erlang A's %.1f s; Erlang A's stands\n", r.Patience)
		return nil
	}
	return cal.SetSimulatedPatience(fit.Mean, calibrate.SimulatedPatience{Observed: fit.Observed, Predicted: fit.Predicted, Days: fit.Days})
}
