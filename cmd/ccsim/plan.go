package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// planOptions are the flags of "ccsim plan".
type planOptions struct {
	simFlags
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
	charts        string
	output        string
	roster        string
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
first-reply target) and corrects it by simulation: a coarse stage with a
quarter of the replications, a fine stage with all of them, then checks with
fresh seeds that add agents where a target falls short; the figures printed
come from the last check. A share is judged by the wider of Student's t over
the replications and the exact binomial bound, intervals with few contacts
pooled with their neighbours. docs/planning.md explains the method.

The summary gives totals, cost, each group's hours, each channel's service,
the targets short or missed, and the search's steps; --intervals adds the
tables by interval and the staffing blocks. -o FILE writes the scenario with
the planned staffing in place, which run, compare and check take as it is.

--shifts FILE works the plan into a roster: shifts of the file's templates,
breaks placed within their windows, and weekly agent lines that keep its
contracts (days, consecutive days off, weekly hours, headcount, cost, rest).
The roster is simulated and repaired until its targets hold; its paid hours
are given against a lower bound (the covering program's linear relaxation).
--roster FILE writes one row per agent's shift. A shift file:

  templates:
    - name: day
      length: 8h30m                                    # breaks included
      starts: {from: "06:00", to: "12:00", every: 15m}   # or ["07:00", "08:00"]
      breaks:
        - {name: meal, within: {from: 3h30m, to: 5h}, length: 30m}
        - {after: 7h, length: 15m, paid: true}
      groups: [voice]                                  # optional; default all
  contracts:                                           # optional
    - {name: full-time, days: 5, consecutive_days_off: 2,
       weekly_hours: {min: 37h30m, max: 40h}, min_rest: 11h}

--budget HOURS asks the reverse question: the best service those paid hours
buy, Erlang's allocation corrected by simulation, and the targets it trades.

Exit status: 0 when the plan (and its roster) meets every target; 1 when the
last check misses a target beyond its confidence bound, some target cannot be
met by adding agents, a budget trades targets off, or a roster breaks a
contract rule (the plan printed is the last one tried); 2 for bad input or an
output that cannot be written.`,
		Example: `  ccsim plan                                   # plan the built-in default scenario
  ccsim plan center.yaml -o planned.yaml         # the scenario with the plan in place
  ccsim run planned.yaml --seed 99 --reps 30     # rerun it with a seed the plan never saw
  ccsim plan center.yaml --shifts shifts.yaml -o rostered.yaml --roster roster.csv --charts charts/
  ccsim plan center.yaml --budget 450            # best service for 450 paid hours
  ccsim plan center.yaml --format json > plan.json
  ccsim plan center.yaml --html plan.html        # a report page to open in a browser`,
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
	f.BoolVar(&o.intervals, "intervals", false, "table: show the tables by interval and the staffing blocks")
	f.StringVar(&o.charts, "charts", "", "also write PNG charts of the planned forecast and staffing into this directory")
	addHTMLFlag(f, &o.html, "the plan with its charts")
	o.simFlags.add(f)
	f.StringVarP(&o.output, "output", "o", "", "also write the scenario with the planned staffing (or the roster's shifts) in place to this file")
	f.StringVar(&o.roster, "roster", "", "also write the roster (with --shifts) to this CSV file: one row per agent's shift")
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
	if o.yaml && cmd.Flags().Changed("format") {
		return opts, usageErrorf("plan: --yaml prints staffing blocks, not a report: give --yaml or --format, not both")
	}
	if o.budget > 0 && o.shifts != "" {
		return opts, usageErrorf("plan: --budget and --shifts cannot be combined")
	}
	opts = plan.Options{
		Confidence: o.confidence, Replications: o.reps, MaxIterations: o.maxIterations,
		MinVolume: o.minVolume, Budget: o.budget, Workers: o.workers,
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
	if o.shifts != "" {
		// The shift file is read against the scenario's groups, so that
		// a group it names that the plan has not is a problem at its line.
		var groups []string
		for _, g := range sc.Model.Groups {
			if !g.Unlimited {
				groups = append(groups, g.Name)
			}
		}
		rules, err := scenarios.LoadShiftsFor(o.shifts, groups)
		if err != nil {
			return usageError(err)
		}
		opts.Shifts = rules
	}
	if o.charts != "" {
		if err := prepareDir(s, "--charts", o.charts, firstArg(args), o.shifts); err != nil {
			return err
		}
	}
	if o.html != "" {
		inputs := []string{o.shifts}
		if len(args) > 0 && args[0] != "-" {
			inputs = append(inputs, args[0])
		}
		if err := prepareFile(s, "--html", o.html, inputs...); err != nil {
			return err
		}
	}
	if o.roster != "" && o.shifts == "" {
		return usageErrorf("plan: --roster %s: a roster needs --shifts", o.roster)
	}
	for _, f := range []struct{ flag, path string }{{"--output", o.output}, {"--roster", o.roster}} {
		if f.path == "" {
			continue
		}
		inputs := []string{o.shifts}
		if len(args) > 0 && args[0] != "-" {
			inputs = append(inputs, args[0])
		}
		if err := prepareFile(s, f.flag, f.path, inputs...); err != nil {
			return err
		}
	}
	if cmd.Flags().Changed("seed") {
		if o.seed == 0 {
			return usageErrorf("plan: --seed 0: give a positive seed")
		}
		opts.Seed = o.seed
	}
	// The planner keeps two forecasts at once (the best so far and the
	// one it tries), and simulates many times.
	if err := budget(s, "plan", []*sim.Model{&sc.Model}, o.workers, 2, o.maxMemory, nil); err != nil {
		return err
	}
	bar := startProgress(s, &opts.Progress)
	res, err := plan.Plan(cmd.Context(), &sc.Model, opts)
	bar.done()
	var bad *plan.InputError
	if errors.As(err, &bad) {
		if o.shifts != "" && strings.Contains(err.Error(), "shift") || strings.Contains(err.Error(), "contract") {
			return usageErrorf("%s: %w", o.shifts, err)
		}
		return usageError(err)
	}
	// Contracts that cannot work the shifts the plan needs are the shift
	// file's to mend, as templates that cannot reach them are.
	var infeasible *plan.RosterError
	if errors.As(err, &infeasible) {
		return usageErrorf("%s: %w", o.shifts, err)
	}
	if err != nil {
		return err
	}
	warnSurges(s, &sc.Model, res.Forecast)
	// Render fully before writing anything, so a failure never leaves
	// half a report or charts without one.
	doc := output.Plan{Model: &sc.Model, Result: res, Intervals: o.intervals, Written: o.output}
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
	// The planned scenario and the roster, rendered before anything is
	// written.
	var planned, rosterCSV bytes.Buffer
	if o.output != "" {
		m, err := doc.Planned()
		if err != nil {
			return err
		}
		source := scenarios.DefaultYAML()
		if len(args) > 0 && args[0] != "-" {
			if source, err = os.ReadFile(args[0]); err != nil {
				return usageError(err)
			}
		}
		note := "planned by ccsim plan: scheduled (paid) agents, before shrinkage"
		if res.Roster != nil {
			note = "rostered by ccsim plan: the roster's shifts (ccsim plan --roster lists each agent's)"
		}
		var data []byte
		if len(args) > 0 && args[0] == "-" {
			// Standard input cannot be read again: the scenario is
			// written from the model, without the input's comments.
			err = scenarios.Write(&planned, m, scenarios.WriteOptions{})
		} else if data, err = scenarios.WithStaffing(sc.Name, source, m, note); err == nil {
			planned.Write(data)
		}
		if err != nil {
			return err
		}
	}
	if o.roster != "" {
		if err := doc.WriteRosterCSV(&rosterCSV); err != nil {
			return err
		}
	}
	if o.charts != "" {
		if err := writePlanCharts(cmd.Context(), o.charts, &sc.Model, res); err != nil {
			return writeFailed(o.charts, err)
		}
	}
	if err := writeHTML(cmd.Context(), o.html, page); err != nil {
		return err
	}
	for _, f := range []struct {
		path string
		data *bytes.Buffer
	}{{o.output, &planned}, {o.roster, &rosterCSV}} {
		if f.path == "" {
			continue
		}
		if err := atomicfile.Write(cmd.Context(), f.path, f.data.Bytes()); err != nil {
			return writeFailed(f.path, err)
		}
	}
	if _, err := s.out.Write(out.Bytes()); err != nil {
		return err
	}
	switch {
	case res.Mode == "budget":
		if n := len(res.Budget.Traded); n > 0 {
			return fmt.Errorf("plan: the budget trades off %d targets (listed)", n)
		}
	case res.Met:
	case len(res.GaveUp) > 0:
		return fmt.Errorf("plan: %d targets cannot be met by adding agents; the plan printed meets the others", len(res.GaveUp))
	case len(res.Misses) > 0:
		return fmt.Errorf("plan: the check misses %d targets beyond their confidence bound; the last staffing tried is printed", len(res.Misses))
	default:
		return fmt.Errorf("plan: no staffing met every target within %d simulations; the last one tried is printed", o.maxIterations)
	}
	if r := res.Roster; r != nil && !r.Met {
		problems := 0
		for _, g := range r.Groups {
			problems += len(g.Problems)
		}
		var why []string
		if problems > 0 {
			why = append(why, fmt.Sprintf("breaks %d contract rules (listed under the roster)", problems))
		}
		if len(r.Misses) > 0 {
			why = append(why, fmt.Sprintf("its simulation misses %d targets beyond their confidence bound", len(r.Misses)))
		}
		return fmt.Errorf("plan: the roster %s", strings.Join(why, ", and "))
	}
	return nil
}

// writePlanCharts draws the planned forecast (the check simulation's) and
// the agents each group requires on the floor against those scheduled
// (paid, before shrinkage), the two columns of the plan's table.
func writePlanCharts(ctx context.Context, dir string, m *sim.Model, res *plan.Result) error {
	charts, err := plots.Charts(output.Forecast{Name: m.Name, Result: res.Forecast, Currency: m.Currency})
	if err != nil {
		return err
	}
	staffing, err := plots.StaffingChart(plots.ResultTimeline(res.Forecast), planStaffingTitle, planStaffing(res))
	if err != nil {
		return err
	}
	charts = append(charts, staffing)
	if rp := res.Roster; rp != nil {
		c, err := plots.RosterCoverageChart(plots.ResultTimeline(rp.Forecast), rosterCoverageTitle, rosterCoverage(rp))
		if err != nil {
			return err
		}
		charts = append(charts, c)
	}
	return plots.WriteCharts(ctx, dir, charts)
}

const planStaffingTitle = "Agents required on the floor and scheduled (paid, before shrinkage)"

const rosterCoverageTitle = "Roster: agents on duty required and rostered, and on the floor after shrinkage"

// rosterCoverage is each group's roster cover against what it was built
// for, and the agents it leaves on the floor.
func rosterCoverage(rp *plan.RosterPlan) []plots.StaffingSeries {
	var cover []plots.StaffingSeries
	for _, g := range rp.Groups {
		floor := make([]float64, len(g.OnFloor))
		for i, v := range g.OnFloor {
			floor[i] = float64(v)
		}
		cover = append(cover, plots.StaffingSeries{Group: g.Name, Required: g.Required, Scheduled: g.Coverage, OnFloor: floor})
	}
	return cover
}

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

// planFigures are the charts of a plan's page: the staffing, the
// roster's cover when there is one, then the planned forecast's.
func planFigures(m *sim.Model, res *plan.Result) ([]output.Figure, error) {
	staffing, err := plots.StaffingFigure(plots.ResultTimeline(res.Forecast), planStaffingTitle, planStaffing(res))
	if err != nil {
		return nil, err
	}
	out := []output.Figure{staffing}
	if rp := res.Roster; rp != nil {
		cover, err := plots.RosterCoverageFigure(plots.ResultTimeline(rp.Forecast), rosterCoverageTitle, rosterCoverage(rp))
		if err != nil {
			return nil, err
		}
		out = append(out, cover)
	}
	figures, err := plots.ForecastFigures(output.Forecast{Name: m.Name, Result: res.Forecast, Currency: m.Currency})
	if err != nil {
		return nil, err
	}
	return append(out, figures...), nil
}
