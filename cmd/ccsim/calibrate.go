package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

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
	output   string
	days     dayFlags
	interval time.Duration
	sl       time.Duration
	agentGap time.Duration
	queues   []string
	dayTypes string
	weekend  string
	name     string
	channel  string
	kind     string
	group    string
	priority []string
	seed     uint64
	reps     int
}

func newCalibrateCmd(s *streams) *cobra.Command {
	o := &calibrateOptions{in: logInput{cmdName: "calibrate"}}
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
			return o.run(s)
		},
	}
	f := cmd.Flags()
	o.in.flags(f, "contact log `FILE` (repeatable)")
	f.StringVarP(&o.output, "output", "o", "", "write the scenario to `FILE` (default: standard output)")
	o.days.flags(f, "first `DATE` of the log to use (YYYY-MM-DD)", "last `DATE` of the log to use",
		"`DATES` to leave out: 2024-12-25,2024-12-31..2025-01-01 (repeatable)")
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

func (o *calibrateOptions) run(s *streams) error {
	if err := o.in.files(); err != nil {
		return err
	}
	ropt, err := o.in.options()
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
	window, err := o.days.window("calibrate")
	if err != nil {
		return err
	}
	if o.output != "" {
		if err := prepareFile(s, "-o", o.output); err != nil {
			return err
		}
	}
	copt := calibrate.Options{Name: o.name, Channel: o.channel, Group: o.group, Queues: o.queues,
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
		copt.DayTypes = contactlog.WorkdayWeekend
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
	if o.in.format == contactlog.BankFormat {
		copt.Credit = bankCredit
	}
	if len(window.Exclude) > 0 || !window.From.IsZero() || !window.To.IsZero() {
		copt.Sources = append(copt.Sources, dayWindowLine(window))
	}

	agg, err := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: int(o.interval / time.Second),
		Threshold: o.sl.Seconds(), AgentGap: o.agentGap.Seconds()})
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
			return o.in.read(s, ropt, keep, false, add)
		}
		return o.in.read(s, ropt, keep, true, func(c contactlog.Contact) {
			agg.Add(c)
			add(c)
		})
	}
	if copt.Availability, err = contactlog.MeasureAvailability(read, o.agentGap.Seconds()); err != nil {
		return err
	}
	cal, err := calibrate.Fit(agg.Table(), copt)
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
		_, err = s.out.Write(out.Bytes())
		return err
	}
	if err := atomicfile.Write(o.output, out.Bytes()); err != nil {
		return writeFailed(o.output, err)
	}
	output.Calibrated(s.err, o.output, cal)
	return nil
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
