package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ccsim/ccsim/history"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// logInput are the flags that say which contact logs to read and how.
type logInput struct {
	logs      []string
	format    string
	mapping   string
	delimiter string
	strict    bool
}

func (in *logInput) flags(f *pflag.FlagSet) {
	f.StringArrayVar(&in.logs, "log", nil, "contact log `FILE` (repeatable)")
	f.StringVar(&in.format, "log-format", "", "built-in log format: "+strings.Join(history.Formats(), ", "))
	f.StringVar(&in.mapping, "map", "", "column `MAPPING` for logs: arrival=COL,outcome=COL,wait=COL,handle=COL,...")
	f.StringVar(&in.delimiter, "delimiter", "", "field delimiter (default: chosen from the header line; \\t for tab)")
	f.BoolVar(&in.strict, "strict", false, "stop at the first row that cannot be read")
}

// options checks the flags and returns the reader options.
func (in *logInput) options(cmdName string) (history.Options, error) {
	var opt history.Options
	if len(in.logs) == 0 {
		return opt, usageErrorf("%s: no contact log: give one or more with --log", cmdName)
	}
	for _, l := range in.logs {
		if l == "-" {
			return opt, usageErrorf("%s: logs are read twice, so standard input (-) cannot be one; give files", cmdName)
		}
	}
	switch in.delimiter {
	case "":
	case `\t`, "tab":
		opt.Delimiter = '\t'
	default:
		if len(in.delimiter) != 1 {
			return opt, usageErrorf("%s: --delimiter %q: want one character", cmdName, in.delimiter)
		}
		opt.Delimiter = rune(in.delimiter[0])
	}
	opt.Strict = in.strict
	switch {
	case in.format != "" && in.mapping != "":
		return opt, usageErrorf("%s: give --log-format or --map, not both", cmdName)
	case in.format == "" && in.mapping == "":
		return opt, usageErrorf("%s: say how to read the logs: --log-format %s or --map arrival=COL,outcome=COL,...", cmdName, strings.Join(history.Formats(), "|"))
	case in.mapping != "":
		m, err := history.ParseMapping(in.mapping)
		if err != nil {
			return opt, usageErrorf("%s: --map: %w", cmdName, err)
		}
		opt.Mapping = m
	default:
		opt.Format = in.format
	}
	return opt, nil
}

// reader returns a function that streams every log to add, reporting on
// stderr what each file held when report is set.
func (in *logInput) reader(cmd *cobra.Command, opt history.Options, keep func(history.Contact) bool, report bool) func(func(history.Contact)) error {
	return func(add func(history.Contact)) error {
		for _, path := range in.logs {
			st, err := history.ReadLog(path, opt, func(c history.Contact) {
				if keep(c) {
					add(c)
				}
			})
			if err != nil {
				return usageError(err)
			}
			if report {
				reportRead(cmd.ErrOrStderr(), path, "contacts", st)
			}
		}
		return nil
	}
}

// sourceLines describes what was read, for a scenario's header.
func (in *logInput) sourceLines() []string {
	names := make([]string, len(in.logs))
	for i, l := range in.logs {
		names[i] = filepath.Base(l)
	}
	how := "read with --log-format " + in.format
	if in.format == "" {
		how = "read with --map " + in.mapping
	}
	return []string{fmt.Sprintf("Log: %s, %s.", strings.Join(names, ", "), how)}
}

// bankCredit acknowledges the Anonymous Bank data, as its documentation
// asks of any work that uses it.
var bankCredit = []string{
	"Data: Anonymous Bank call-center data, Technion Service Enterprise Engineering Center (I. Guedj,",
	"A. Mandelbaum); see Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn and Zhao (2005), \"Statistical analysis",
	"of a telephone call center: a queueing-science perspective\", JASA 100(469):36-50.",
}

// calibrateOptions are the flags of "ccsim calibrate".
type calibrateOptions struct {
	in          logInput
	output      string
	from, to    string
	exclude     []string
	excludeFile string
	interval    time.Duration
	sl          time.Duration
	agentGap    time.Duration
	queues      []string
	dayTypes    string
	weekend     string
	name        string
	channel     string
	kind        string
	group       string
	priority    []string
	seed        uint64
	reps        int
}

func newCalibrateCmd() *cobra.Command {
	o := &calibrateOptions{}
	cmd := &cobra.Command{
		Use:   "calibrate LOG... -o scenario.yaml",
		Short: "Fit a scenario to a contact log",
		Long: `calibrate reads contact logs and writes a scenario fitted to them alone, with
comments that state each fit: the rows and days used, the goodness of fit and
the alternatives.

  arrivals    the mean daily volume of each weekday (or workday and weekend,
              --day-types weekend) and its intraday profile per interval;
  handle time the best of exponential, lognormal and gamma by likelihood
              (log-likelihood and Kolmogorov-Smirnov distance reported);
  patience    from censored waits (answered callers would have waited
              longer): the exponential estimate and the Kaplan-Meier
              estimate, which the scenario uses as an empirical distribution;
  staffing    agents on duty per interval and day type, inferred from agent
              activity (busy periods joined across idle gaps of up to
              --agent-gap), with the share of them not taking calls, measured
              while callers waited, as the group's shrinkage;
  priorities  reported; --priority VALUES makes those contacts a class
              served first.

All queues of the log are pooled into one channel (--queue picks some). The
service-level threshold is 20s unless --sl says otherwise. The logs are read
twice, so they must be files. The method is described in docs/calibration.md.`,
		Example: `  # the Anonymous Bank log, January to May 1999
  ccsim calibrate --log-format anonymous-bank january.txt february.txt march.txt \
      april.txt may.txt -o bank.yaml

  # a generic CSV log, 15-minute intervals, weekday and weekend day types
  ccsim calibrate calls.csv --map arrival=start,outcome=result,wait=queue_s,handle=talk_s,agent=agent \
      --interval 15m --day-types weekend --sl 30s -o center.yaml

  # then check it and replay a later month against it
  ccsim validate bank.yaml
  ccsim backtest bank.yaml --log-format anonymous-bank --log june.txt`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.in.logs = append(o.in.logs, args...)
			return runCalibrate(cmd, o)
		},
	}
	f := cmd.Flags()
	o.in.flags(f)
	f.StringVarP(&o.output, "output", "o", "", "write the scenario to `FILE` (default: standard output)")
	f.StringVar(&o.from, "from", "", "first `DATE` of the log to use (YYYY-MM-DD)")
	f.StringVar(&o.to, "to", "", "last `DATE` of the log to use")
	f.StringArrayVar(&o.exclude, "exclude", nil, "`DATES` to leave out: 2024-12-25,2024-12-31..2025-01-01 (repeatable)")
	f.StringVar(&o.excludeFile, "exclude-file", "", "`FILE` of dates or ranges to leave out, one a line, # comments")
	f.DurationVar(&o.interval, "interval", 30*time.Minute, "interval length: whole minutes, at least 5, dividing a day")
	f.DurationVar(&o.sl, "sl", 20*time.Second, "service-level threshold")
	f.DurationVar(&o.agentGap, "agent-gap", 30*time.Minute, "longest idle time between an agent's contacts that still counts as on duty")
	f.StringArrayVar(&o.queues, "queue", nil, "pool only this queue (repeatable; default all)")
	f.StringVar(&o.dayTypes, "day-types", "weekday", "day types: weekday (each weekday its own) or weekend (workdays and weekend days)")
	f.StringVar(&o.weekend, "weekend", "sat,sun", "weekend `DAYS` for --day-types weekend")
	f.StringVar(&o.name, "name", "", "scenario name (default: from the first log's file name)")
	f.StringVar(&o.channel, "channel", "phone", "channel name")
	f.StringVar(&o.kind, "kind", "call", "channel kind: call or chat")
	f.StringVar(&o.group, "group", "agents", "agent group name")
	f.StringArrayVar(&o.priority, "priority", nil, "priority `VALUES` whose contacts form a class served first (repeatable or comma-separated)")
	f.Uint64Var(&o.seed, "seed", 1, "seed written into the scenario")
	f.IntVar(&o.reps, "reps", 10, "replications written into the scenario")
	return cmd
}

func runCalibrate(cmd *cobra.Command, o *calibrateOptions) error {
	ropt, err := o.in.options("calibrate")
	if err != nil {
		return err
	}
	if o.interval < 5*time.Minute || o.interval%time.Minute != 0 || (24*time.Hour)%o.interval != 0 {
		return usageErrorf("calibrate: --interval %v: want whole minutes, at least 5, that divide a day (15m, 30m, 1h)", o.interval)
	}
	if o.sl <= 0 {
		return usageErrorf("calibrate: --sl %v: want a positive duration such as 20s", o.sl)
	}
	if o.agentGap <= 0 {
		return usageErrorf("calibrate: --agent-gap %v: want a positive duration", o.agentGap)
	}
	window, err := parseDayWindow("calibrate", o.from, o.to, o.exclude, o.excludeFile)
	if err != nil {
		return err
	}
	copt := history.CalibrateOptions{Name: o.name, Channel: o.channel, Group: o.group, Queues: o.queues,
		Seed: o.seed, Replications: o.reps, Sources: o.in.sourceLines()}
	switch o.kind {
	case "call":
		copt.Kind = sim.Call
	case "chat":
		copt.Kind = sim.Chat
	default:
		return usageErrorf("calibrate: --kind %q: want call or chat", o.kind)
	}
	switch o.dayTypes {
	case "weekday":
	case "weekend":
		copt.DayTypes = history.WorkdayWeekend
		if copt.Weekend, err = parseWeekdays(o.weekend); err != nil {
			return usageErrorf("calibrate: --weekend: %v", err)
		}
	default:
		return usageErrorf("calibrate: --day-types %q: want weekday or weekend", o.dayTypes)
	}
	for _, p := range o.priority {
		for v := range strings.SplitSeq(p, ",") {
			if v = strings.TrimSpace(v); v != "" {
				copt.HighPriority = append(copt.HighPriority, v)
			}
		}
	}
	if copt.Name == "" {
		base := filepath.Base(o.in.logs[0])
		copt.Name = "calibrated from " + strings.TrimSuffix(base, filepath.Ext(base))
	}
	if o.in.format == history.BankFormat {
		copt.Credit = bankCredit
	}
	if len(window.Exclude) > 0 || !window.From.IsZero() || !window.To.IsZero() {
		copt.Sources = append(copt.Sources, dayWindowLine(window))
	}

	agg, err := history.NewAggregator(history.AggregateOptions{IntervalSeconds: int(o.interval / time.Second),
		Threshold: o.sl.Seconds(), AgentGap: o.agentGap.Seconds()})
	if err != nil {
		return usageError(err)
	}
	// The first of the two passes the availability needs also fills the
	// aggregate and reports what each file held.
	keep := func(c history.Contact) bool { return window.Contains(c.Arrival) }
	passes := 0
	read := func(add func(history.Contact)) error {
		passes++
		if passes > 1 {
			return o.in.reader(cmd, ropt, keep, false)(add)
		}
		return o.in.reader(cmd, ropt, keep, true)(func(c history.Contact) {
			agg.Add(c)
			add(c)
		})
	}
	if copt.Availability, err = history.MeasureAvailability(read, o.agentGap.Seconds()); err != nil {
		return err
	}
	cal, err := history.Calibrate(agg.Table(), copt)
	if err != nil {
		return usageError(err)
	}
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
	if o.output == "" {
		_, err = cmd.OutOrStdout().Write(out.Bytes())
		return err
	}
	// Write beside the target and rename, so a failure never leaves half
	// a file.
	tmp, err := os.CreateTemp(filepath.Dir(o.output), ".calibrate-*.yaml")
	if err != nil {
		return usageErrorf("calibrate: -o %s: %w", o.output, err)
	}
	if _, err := tmp.Write(out.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), o.output); err != nil {
		os.Remove(tmp.Name())
		return usageErrorf("calibrate: -o %s: %w", o.output, err)
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "ccsim: wrote %s: %s contacts, %s to %s\n", o.output, groupThousands(strconv.Itoa(cal.Total.Offered)),
		cal.First.Format(time.DateOnly), cal.Last.Format(time.DateOnly))
	return nil
}

// dayWindow reads --from, --to and the exclusions.
func parseDayWindow(cmdName, from, to string, exclude []string, excludeFile string) (history.DayWindow, error) {
	var w history.DayWindow
	var err error
	if from != "" {
		if w.From, err = history.ParseDate(from); err != nil {
			return w, usageErrorf("%s: --from: %v", cmdName, err)
		}
	}
	if to != "" {
		if w.To, err = history.ParseDate(to); err != nil {
			return w, usageErrorf("%s: --to: %v", cmdName, err)
		}
	}
	if !w.From.IsZero() && !w.To.IsZero() && w.To.Before(w.From) {
		return w, usageErrorf("%s: --to %s is before --from %s", cmdName, to, from)
	}
	for _, l := range exclude {
		ds, err := history.ParseDates(l)
		if err != nil {
			return w, usageErrorf("%s: --exclude: %v", cmdName, err)
		}
		w.Exclude = append(w.Exclude, ds...)
	}
	if excludeFile != "" {
		f, err := os.Open(excludeFile)
		if err != nil {
			return w, usageErrorf("%s: --exclude-file: %w", cmdName, err)
		}
		defer f.Close()
		ds, err := history.ReadDates(f, excludeFile)
		if err != nil {
			return w, usageError(err)
		}
		w.Exclude = append(w.Exclude, ds...)
	}
	return w, nil
}

func dayWindowLine(w history.DayWindow) string {
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
