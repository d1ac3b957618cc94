package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/forecast"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// capacityOptions are the flags of "ccsim capacity".
type capacityOptions struct {
	risk       float64
	scope      string
	paths      int
	confidence float64
	reps       int
	seed       uint64
	everyWeek  bool
	weeks      bool
	png        string
	workers    int
	format     *formatFlag
	// The volume of one channel from history, instead of the file's.
	in         logInput
	queues     []string
	logChannel string
}

func newCapacityCmd(s *streams) *cobra.Command {
	o := &capacityOptions{in: logInput{cmdName: "capacity"}}
	cmd := &cobra.Command{
		Use:   "capacity capacity.yaml",
		Short: "Hiring plan for the next weeks and months: requirement, supply, classes, risk of being short",
		Long: `Capacity plans months ahead (up to 78 weeks): how many people each group must
hire, and when, so that it holds the scenario's targets week by week at the
least cost, with a chosen risk of being short.

The requirement per week comes from the scenario (a day or a week of the
center): it is planned by simulation (as "ccsim plan" does) at a few
representative volume levels that span the weekly forecast and its error, and
each week's requirement is interpolated between them. The supply is the
staff by contract and tenure, thinned by attrition (29% a year by default, by
tenure band if given), hiring classes that train at zero output and then ramp
up, weekly shrinkage, transfers, overtime and outsourcing. A bounded simplex
solves the linear relaxation of the least-cost plan, classes are rounded to
whole people within their limits, and targets are raised until the
probability of being short, simulated on random paths of attrition (binomial
leavers) and volume, stays within the risk. docs/capacity.md explains the
method and the capacity file.

The capacity file names the scenario and gives the horizon, the volume, and
each group's contracts, staff, attrition, hiring, shrinkage and flexible
capacity (with --log, one channel's weekly volume is forecast from contact
logs instead, as "ccsim forecast" does, with the file's seasonality on top):

  scenario: center.yaml
  start: 2027-01-04
  weeks: 78
  risk: 10%
  volume: {growth: 15%, seasonality: {nov: 1.15, dec: 1.3}, error: 5%}
  groups:
    voice:
      contracts: {full-time: {hours: 40, hourly_cost: 24}}
      staff: [{contract: full-time, people: 30, tenure: 2y}]
      hiring: {contract: full-time, lead_time: 4w, training: 4w, ramp: [50%, 75%], class: {max: 15}}

Exit status: 0 when the plan holds the risk in every week; 1 when some week
cannot be held (lead time, class limits or flexible capacity too small; the
plan printed is the best found); 2 for bad input.`,
		Example: `  ccsim capacity scenarios/capacity/growth.yaml
  ccsim capacity growth.yaml --weeks=false               # the summary only
  ccsim capacity growth.yaml --risk 5% --risk-scope any-week
  ccsim capacity growth.yaml --png capacity.png          # requirement and supply bands, hires marked
  ccsim capacity growth.yaml --format csv > plan.csv
  ccsim capacity growth.yaml --every-week                # also plan each week, to measure the shortcut
  # the phone channel's weekly volume forecast from history (trend and error from the logs)
  ccsim capacity bank.yaml --log-format anonymous-bank --log june.txt --log july.txt`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd, s, args[0]) },
	}
	f := cmd.Flags()
	f.Var((*shareFlag)(&o.risk), "risk", "largest probability of being short, above 0 and at most 50%, as 10% or 0.1 (default: the file's, else 10%)")
	f.StringVar(&o.scope, "risk-scope", "", "each-week (every week's risk) or any-week (the chance of a short week anywhere); default: the file's")
	f.IntVar(&o.paths, "paths", 0, fmt.Sprintf("random paths of attrition and volume (default: the file's, else %d)", capacity.DefaultPaths))
	f.Float64Var(&o.confidence, "confidence", 0.95, "how sure each representative week's plan must be that a target is met")
	f.IntVar(&o.reps, "reps", 0, fmt.Sprintf("replications per simulation of the representative weeks (default: the scenario's, at least %d)", plan.DefaultReplications))
	f.Uint64Var(&o.seed, "seed", 0, "seed of the representative weeks' plans (default: the scenario's)")
	f.BoolVar(&o.everyWeek, "every-week", false, "also plan every week by simulation and report the representative weeks' error (slow)")
	f.BoolVar(&o.weeks, "weeks", true, "table: show each group's figures week by week")
	f.StringVar(&o.png, "png", "", "also draw the plan as a PNG image into this file")
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
	o.format = addFormatFlag(f, output.Capacity{}, "output format", "capacity: ")
	o.in.flags(f, "contact `FILE` whose history forecasts one channel's weekly volume (repeatable)")
	f.StringArrayVar(&o.queues, "queue", nil, "with --log: forecast only this queue of the log (repeatable; default all together)")
	f.StringVar(&o.logChannel, "log-channel", "", "with --log: the scenario channel the history forecasts (default: its first call channel)")
	return cmd
}

// shareFlag is a share written as scenario files write it, 10% or 0.1
// (scenarios.ParseShare).
type shareFlag float64

func (f *shareFlag) String() string { return strconv.FormatFloat(float64(*f), 'g', -1, 64) }
func (f *shareFlag) Type() string   { return "share" }

func (f *shareFlag) Set(s string) error {
	v, err := scenarios.ParseShare(s)
	if err != nil {
		return err
	}
	*f = shareFlag(v)
	return nil
}

// options checks the flags and applies them to the loaded file.
func (o *capacityOptions) options(cmd *cobra.Command, c *scenarios.Capacity) (capacity.Options, error) {
	var opts capacity.Options
	fl := cmd.Flags()
	if fl.Changed("risk") {
		if !(o.risk > 0 && o.risk <= 0.5) {
			return opts, usageErrorf("capacity: --risk %v: must be above 0 and at most 0.5 (0.1 is 10%%)", o.risk)
		}
		c.Input.Risk = o.risk
	}
	switch o.scope {
	case "":
	case "each-week":
		c.Input.Scope = capacity.EachWeek
	case "any-week":
		c.Input.Scope = capacity.AnyWeek
	default:
		return opts, usageErrorf("capacity: --risk-scope %q: want each-week or any-week", o.scope)
	}
	if fl.Changed("paths") {
		if o.paths < 100 || o.paths > capacity.MaxPaths {
			return opts, usageErrorf("capacity: --paths %d: must be 100 to %d", o.paths, capacity.MaxPaths)
		}
		c.Input.Paths = o.paths
	}
	if !(o.confidence >= 0.5 && o.confidence <= 0.999) {
		return opts, usageErrorf("capacity: --confidence %v: must be between 0.5 and 0.999", o.confidence)
	}
	if fl.Changed("reps") && (o.reps < 2 || o.reps > sim.MaxReplications) {
		return opts, usageErrorf("capacity: --reps %d: must be between 2 and %d", o.reps, sim.MaxReplications)
	}
	popts := plan.Options{Confidence: o.confidence, Replications: o.reps, Workers: o.workers}
	if fl.Changed("seed") {
		if o.seed == 0 {
			return opts, usageErrorf("capacity: --seed 0: give a positive seed")
		}
		popts.Seed = o.seed
	}
	opts.Planner = weekPlanner(popts)
	opts.EveryWeek = o.everyWeek
	return opts, nil
}

func (o *capacityOptions) run(cmd *cobra.Command, s *streams, file string) error {
	if o.png != "" {
		if err := prepareFile(s, "--png", o.png); err != nil {
			return err
		}
	}
	c, err := loadCapacity(s, file)
	if err != nil {
		return usageError(err)
	}
	opts, err := o.options(cmd, c)
	if err != nil {
		return err
	}
	if err := o.history(cmd.Context(), s, c); err != nil {
		return err
	}
	bar := startProgress(s, &opts.Progress)
	res, err := capacity.Plan(cmd.Context(), &c.Scenario.Model, &c.Input, opts)
	bar.done()
	if err != nil {
		var bad *capacity.InputError
		if errors.As(err, &bad) {
			// A transfer the expected staff cannot provide, say: a
			// mistake in the file.
			return usageError(fmt.Errorf("%s: %w", file, err))
		}
		return err
	}
	// Render fully before writing anything, so a failure never leaves
	// half a report or an image without one.
	doc := output.Capacity{Result: res, Weeks: o.weeks}
	var out, image bytes.Buffer
	if err := output.Write(&out, doc, o.format.value); err != nil {
		return err
	}
	if o.png != "" {
		if err := plots.Capacity(&image, doc); err != nil {
			return err
		}
		if err := plots.WriteFile(cmd.Context(), o.png, image.Bytes()); err != nil {
			return writeFailed(o.png, err)
		}
	}
	if _, err := s.out.Write(out.Bytes()); err != nil {
		return err
	}
	if !res.Met {
		var weeks []string
		for _, g := range res.Groups {
			if !g.Met {
				weeks = append(weeks, g.Name)
			}
		}
		return fmt.Errorf("capacity: the plan cannot hold a risk of %s for group %s; the best plan found is printed",
			output.Percent(math.Round(res.Risk*1e4)/1e4), strings.Join(weeks, ", "))
	}
	return nil
}

// history replaces one channel's weekly volume with a forecast from the
// logs (ccsim's volume model: day types and trend, see docs/calibration.md),
// the file's seasonality on top, and every week's error with the
// forecast's.
func (o *capacityOptions) history(ctx context.Context, s *streams, c *scenarios.Capacity) error {
	if len(o.in.logs) == 0 {
		if len(o.queues) > 0 || o.logChannel != "" {
			return usageErrorf("capacity: --queue and --log-channel go with --log")
		}
		return nil
	}
	opt, err := o.in.options()
	if err != nil {
		return err
	}
	m := &c.Scenario.Model
	channel := o.logChannel
	if channel == "" {
		for _, ch := range m.Channels {
			if ch.Kind == sim.Call && len(ch.Arrivals.Rates) > 0 {
				channel = ch.Name
				break
			}
		}
	}
	if i := slices.IndexFunc(m.Channels, func(ch sim.Channel) bool { return ch.Name == channel }); i < 0 || len(m.Channels[i].Arrivals.Rates) == 0 {
		return usageErrorf("capacity: --log-channel %q: not a channel of the scenario with arrivals of its own", channel)
	}
	agg, err := contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: 3600})
	if err != nil {
		return usageError(err)
	}
	if err := o.in.read(ctx, s, opt, func(contactlog.Contact) bool { return true }, true, agg.Add); err != nil {
		return err
	}
	table := agg.Table()
	for _, q := range o.queues {
		if !slices.Contains(table.Queues(), q) {
			return usageErrorf("capacity: --queue %q: not in the history (queues: %s)", q, strings.Join(table.Queues(), ", "))
		}
	}
	vol := table.Volumes(o.queues...)
	if len(vol.Days) == 0 {
		return usageErrorf("capacity: no contacts in the history")
	}
	model, err := forecast.Fit(vol, forecast.Options{})
	if err != nil {
		return usageError(err)
	}
	last := vol.Days[len(vol.Days)-1].Date
	start := c.Input.Start
	if !start.After(last) || start.Sub(last) > 183*24*time.Hour {
		return usageErrorf("capacity: the plan starts on %s: with --log it starts after the history's last day (%s), within 26 weeks of it",
			start.Format(time.DateOnly), last.Format(time.DateOnly))
	}
	weeks, err := model.PredictWeeks(start, c.Input.Weeks)
	if err != nil {
		return usageErrorf("capacity: --log: %w", err)
	}
	cv := capacity.ChannelVolume{Name: channel, Seasonal: true}
	errs := make([]float64, len(weeks))
	for i, w := range weeks {
		cv.Weeks = append(cv.Weeks, w.Median)
		errs[i] = w.Sigma
	}
	c.Input.Volume.Channels = slices.DeleteFunc(c.Input.Volume.Channels, func(v capacity.ChannelVolume) bool { return v.Name == channel })
	c.Input.Volume.Channels = append(c.Input.Volume.Channels, cv)
	c.Input.Volume.Errors = errs
	sum := model.Summary()
	fmt.Fprintf(s.err, "capacity: %s's volume from %d days of history (%s to %s, %s a week of trend): %s contacts in week 1 (error %s), %s in week %d (error %s)\n",
		channel, sum.Days, sum.From.Format(time.DateOnly), sum.To.Format(time.DateOnly), output.Percent(math.Round(sum.WeeklyGrowth*1e4)/1e4),
		output.Count(weeks[0].Median), output.Percent(math.Round(weeks[0].Sigma*1e3)/1e3), output.Count(weeks[len(weeks)-1].Median), len(weeks),
		output.Percent(math.Round(weeks[len(weeks)-1].Sigma*1e3)/1e3))
	return nil
}

// weekPlanner plans the representative weeks of a capacity plan as
// "ccsim plan" plans a scenario: an Erlang seed corrected by simulation.
func weekPlanner(opts plan.Options) capacity.Planner {
	return func(ctx context.Context, m *sim.Model, progress func(float64)) (capacity.WeekPlan, error) {
		o := opts
		o.Progress = progress
		res, err := plan.Plan(ctx, m, o)
		if err != nil {
			return capacity.WeekPlan{}, err
		}
		wp := capacity.WeekPlan{Hours: map[string]float64{}, Met: res.Met, GaveUp: len(res.GaveUp)}
		for _, g := range res.Groups {
			wp.Hours[g.Name] = g.PaidHours
		}
		return wp, nil
	}
}

// loadCapacity loads a capacity file, or standard input for "-" (its
// scenario then resolves against the working directory).
func loadCapacity(s *streams, file string) (*scenarios.Capacity, error) {
	if file != "-" {
		return scenarios.LoadCapacity(file)
	}
	data, err := io.ReadAll(io.LimitReader(s.in, scenarios.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return scenarios.ParseCapacity("-", data)
}
