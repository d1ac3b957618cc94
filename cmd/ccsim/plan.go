package main

import (
	"bytes"
	"fmt"
	"math"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// planOptions are the flags of "ccsim plan".
type planOptions struct {
	confidence    float64
	reps          int
	seed          uint64
	maxIterations int
	minVolume     float64
	budget        float64
	shifts        string
	format        *formatFlag
	yaml          bool
	intervals     bool
	workers       int
	charts        string
	html          string
}

func newPlanCmd(s *streams) *cobra.Command {
	o := &planOptions{}
	cmd := &cobra.Command{
		Use:   "plan [scenario.yaml | -]",
		Short: "Least-cost staffing per interval and group that meets every target, checked by simulation",
		Long: `Plan finds how many agents each group needs in each interval so that every
target of the scenario is met (service level, ASA and abandonment per channel,
occupancy per group) at the least cost.

It starts from an Erlang seed (Erlang A where customers have patience, C
otherwise, the chat model for concurrent chats, deferred work spread over its
first-reply target), then simulates that staffing with one fixed seed and
corrects it: agents are added where a target is not met at --confidence and
removed where Erlang, calibrated on the simulation, says they are spare,
until nothing changes. The plan is then checked in a fresh simulation with
another seed; the figures printed come from that check. docs/planning.md
explains the method.

The output gives per group and interval the Erlang seed, the agents required
on the floor and the scheduled (paid) headcount after shrinkage; per channel
and interval the service level with its 95% confidence interval, ASA and
abandonment; totals (paid hours, cost, cost per contact); and a staffing
block per group to paste into the scenario (--yaml prints only that).

--budget HOURS asks the reverse question: the best service level that many
paid agent-hours buy. --shifts FILE covers the plan with shift templates at
the least hours on duty (gonum's linear programming, rounded up) and reports
the over-coverage and a simulation of the shifts. A shift file:

  templates:
    - name: day
      length: 8h30m                                   # breaks included
      starts: {from: "06:00", to: "12:00", every: 30m}  # or ["07:00", "08:00"]
      breaks: [{after: 4h, length: 30m}]              # optional
      groups: [voice]                                 # optional; default all

Exit status: 0 when a plan meets every target (the check's misses, if any,
are listed); 1 when no staffing within --max-iterations met them, or when
some cannot be met by adding agents (the plan printed meets the others); 2
for bad input.`,
		Example: `  ccsim plan                                   # plan the built-in default scenario
  ccsim plan center.yaml --yaml > staffing.yaml  # only the blocks to paste
  ccsim plan center.yaml --confidence 0.9 --reps 50
  ccsim plan center.yaml --format json > plan.json
  ccsim plan center.yaml --budget 450           # best service level for 450 paid hours
  ccsim plan center.yaml --shifts shifts.yaml   # cover the plan with shifts
  ccsim plan center.yaml --html plan.html       # a report page to open in a browser`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd, s, args) },
	}
	f := cmd.Flags()
	f.Float64Var(&o.confidence, "confidence", 0.95, "how sure the plan must be that each target is met, 0.5 to 0.999")
	f.IntVar(&o.reps, "reps", 0, fmt.Sprintf("replications per simulation (default: the scenario's, at least %d)", plan.DefaultReplications))
	f.Uint64Var(&o.seed, "seed", 0, "seed of the search (default: the scenario's); the check uses the next seeds")
	f.IntVar(&o.maxIterations, "max-iterations", plan.DefaultMaxIterations, "most simulations of the correction")
	f.Float64Var(&o.minVolume, "min-volume", 1, "contacts per interval below which a channel forces no staff and is not checked")
	f.Float64Var(&o.budget, "budget", 0, "paid agent-hours to spend: plan the best service level they buy")
	f.StringVar(&o.shifts, "shifts", "", "shift-template file: cover the plan with shifts")
	o.format = addFormatFlag(f, output.Plan{}, "output format", "plan: ")
	f.BoolVar(&o.yaml, "yaml", false, "print only the staffing blocks to paste into the scenario")
	f.BoolVar(&o.intervals, "intervals", true, "table: show the per-interval tables")
	f.StringVar(&o.charts, "charts", "", "also write PNG charts of the planned forecast and staffing into this directory")
	addHTMLFlag(f, &o.html, "the plan with its charts")
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
	return cmd
}

// options checks the flags and turns them into plan options.
func (o *planOptions) options(cmd *cobra.Command) (plan.Options, error) {
	var opts plan.Options
	if !(o.confidence >= 0.5 && o.confidence <= 0.999) {
		return opts, usageErrorf("plan: --confidence %v: must be between 0.5 and 0.999", o.confidence)
	}
	if cmd.Flags().Changed("reps") && (o.reps < 2 || o.reps > sim.MaxReplications) {
		return opts, usageErrorf("plan: --reps %d: must be between 2 and %d", o.reps, sim.MaxReplications)
	}
	if o.maxIterations < 1 || o.maxIterations > 10000 {
		return opts, usageErrorf("plan: --max-iterations %d: must be between 1 and 10000", o.maxIterations)
	}
	if !(o.minVolume > 0) || math.IsInf(o.minVolume, 0) {
		return opts, usageErrorf("plan: --min-volume %v: must be positive", o.minVolume)
	}
	if cmd.Flags().Changed("budget") && (!(o.budget > 0) || math.IsInf(o.budget, 0)) {
		return opts, usageErrorf("plan: --budget %v: must be a positive number of paid hours", o.budget)
	}
	if o.budget > 0 && o.shifts != "" {
		return opts, usageErrorf("plan: --budget and --shifts cannot be combined")
	}
	opts = plan.Options{
		Confidence: o.confidence, Replications: o.reps, MaxIterations: o.maxIterations,
		MinVolume: o.minVolume, Budget: o.budget, Workers: o.workers,
	}
	if o.shifts != "" {
		templates, err := scenarios.LoadShifts(o.shifts)
		if err != nil {
			return opts, usageError(err)
		}
		opts.Shifts = &plan.ShiftOptions{Templates: templates}
	}
	return opts, nil
}

func (o *planOptions) run(cmd *cobra.Command, s *streams, args []string) error {
	opts, err := o.options(cmd)
	if err != nil {
		return err
	}
	var sc *scenarios.Scenario
	if len(args) == 0 {
		sc = scenarios.Default()
	} else if sc, err = loadScenario(s, args[0]); err != nil {
		return usageError(err)
	}
	if o.charts != "" {
		if err := prepareDir(s, "--charts", o.charts); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := prepareFile(s, "--html", o.html); err != nil {
			return err
		}
	}
	if cmd.Flags().Changed("seed") {
		if o.seed == 0 {
			return usageErrorf("plan: --seed 0: give a positive seed")
		}
		opts.Seed = o.seed
	}
	bar := startProgress(s, &opts.Progress)
	res, err := plan.Plan(cmd.Context(), &sc.Model, opts)
	bar.done()
	if err != nil {
		return err
	}
	// Render fully before writing anything, so a failure never leaves
	// half a report or charts without one.
	doc := output.Plan{Model: &sc.Model, Result: res, Intervals: o.intervals}
	var page []byte
	if wantsHTML(o.html, o.format) {
		figures, err := planFigures(&sc.Model, res)
		if err != nil {
			return err
		}
		doc.HTML = pageReport(s, figures)
	}
	if o.html != "" {
		if page, err = renderHTML(doc); err != nil {
			return err
		}
	}
	var out bytes.Buffer
	if o.yaml {
		err = doc.WriteYAML(&out)
	} else {
		err = output.Write(&out, doc, o.format.value)
	}
	if err != nil {
		return err
	}
	if o.charts != "" {
		if err := writePlanCharts(o.charts, &sc.Model, res); err != nil {
			return writeFailed(o.charts, err)
		}
	}
	if o.html != "" {
		if err := writeHTML(o.html, page); err != nil {
			return err
		}
	}
	if _, err := s.out.Write(out.Bytes()); err != nil {
		return err
	}
	switch {
	case res.Mode != "targets" || res.Met:
	case len(res.GaveUp) > 0:
		return fmt.Errorf("plan: %d targets cannot be met by adding agents; the plan printed meets the others", len(res.GaveUp))
	default:
		return fmt.Errorf("plan: no staffing met every target within %d simulations; the last one tried is printed", o.maxIterations)
	}
	return nil
}

// writePlanCharts draws the planned forecast (the check simulation's) and
// the agents each group requires on the floor against those scheduled
// (paid, before shrinkage), the two columns of the plan's table.
func writePlanCharts(dir string, m *sim.Model, res *plan.Result) error {
	charts, err := plots.Charts(output.Forecast{Name: m.Name, Result: res.Forecast, Currency: m.Currency})
	if err != nil {
		return err
	}
	staffing, err := plots.StaffingChart(plots.ResultTimeline(res.Forecast), planStaffingTitle, planStaffing(res))
	if err != nil {
		return err
	}
	return plots.WriteCharts(dir, append(charts, staffing))
}

const planStaffingTitle = "Agents required on the floor and scheduled (paid, before shrinkage)"

// planStaffing is each group's required and scheduled agents per interval.
func planStaffing(res *plan.Result) []plots.StaffingSeries {
	var series []plots.StaffingSeries
	for _, g := range res.Groups {
		s := plots.StaffingSeries{Group: g.Name, Required: make([]float64, len(g.Agents)), Scheduled: make([]float64, len(g.Scheduled))}
		for i, v := range g.Agents {
			s.Required[i] = float64(v)
		}
		for i, v := range g.Scheduled {
			s.Scheduled[i] = float64(v)
		}
		series = append(series, s)
	}
	return series
}

// planFigures are the charts of a plan's page: the staffing, then the
// planned forecast's.
func planFigures(m *sim.Model, res *plan.Result) ([]output.Figure, error) {
	staffing, err := plots.StaffingFigure(plots.ResultTimeline(res.Forecast), planStaffingTitle, planStaffing(res))
	if err != nil {
		return nil, err
	}
	figures, err := plots.ForecastFigures(output.Forecast{Name: m.Name, Result: res.Forecast, Currency: m.Currency})
	if err != nil {
		return nil, err
	}
	return append([]output.Figure{staffing}, figures...), nil
}
