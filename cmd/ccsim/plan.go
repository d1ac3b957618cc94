package main

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

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
	format        string
	yaml          bool
	intervals     bool
	workers       int
	charts        string
}

func newPlanCmd() *cobra.Command {
	var o planOptions
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
  ccsim plan center.yaml --shifts shifts.yaml   # cover the plan with shifts`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlan(cmd, args, &o)
		},
	}
	f := cmd.Flags()
	f.Float64Var(&o.confidence, "confidence", 0.95, "how sure the plan must be that each target is met, 0.5 to 0.999")
	f.IntVar(&o.reps, "reps", 0, fmt.Sprintf("replications per simulation (default: the scenario's, at least %d)", plan.DefaultReplications))
	f.Uint64Var(&o.seed, "seed", 0, "seed of the search (default: the scenario's); the check uses the next seeds")
	f.IntVar(&o.maxIterations, "max-iterations", plan.DefaultMaxIterations, "most simulations of the correction")
	f.Float64Var(&o.minVolume, "min-volume", 1, "contacts per interval below which a channel forces no staff and is not checked")
	f.Float64Var(&o.budget, "budget", 0, "paid agent-hours to spend: plan the best service level they buy")
	f.StringVar(&o.shifts, "shifts", "", "shift-template file: cover the plan with shifts")
	f.StringVar(&o.format, "format", "table", "output format: table, json or csv")
	f.BoolVar(&o.yaml, "yaml", false, "print only the staffing blocks to paste into the scenario")
	f.BoolVar(&o.intervals, "intervals", true, "table: show the per-interval tables")
	f.StringVar(&o.charts, "charts", "", "also write PNG charts of the planned forecast and staffing into this directory")
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
	return cmd
}

// options checks the flags and turns them into plan options.
func (o *planOptions) options(cmd *cobra.Command) (plan.Options, error) {
	var opts plan.Options
	switch o.format {
	case "table", "json", "csv":
	default:
		return opts, usageErrorf("plan: --format %q: want table, json or csv", o.format)
	}
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
		rules, err := scenarios.LoadShifts(o.shifts)
		if err != nil {
			return opts, usageError(err)
		}
		opts.Shifts = rules
	}
	return opts, nil
}

func runPlan(cmd *cobra.Command, args []string, o *planOptions) error {
	opts, err := o.options(cmd)
	if err != nil {
		return err
	}
	if o.charts != "" {
		if err := plots.CheckDir(o.charts); err != nil {
			return usageErrorf("--charts: %w", err)
		}
	}
	sc, err := planScenario(cmd, args)
	if err != nil {
		return err
	}
	if cmd.Flags().Changed("seed") {
		if o.seed == 0 {
			return usageErrorf("plan: --seed 0: give a positive seed")
		}
		opts.Seed = o.seed
	}
	var bar *progressBar
	if isTerminal(cmd.ErrOrStderr()) {
		bar = newProgressBar(cmd.ErrOrStderr())
		opts.Progress = bar.update
	}
	res, err := plan.Plan(cmd.Context(), &sc.Model, opts)
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return err
	}
	// Render fully before writing, so a failure never leaves half a report.
	var out bytes.Buffer
	switch {
	case o.yaml:
		err = writePlanYAML(&out, sc, res)
	case o.format == "json":
		err = writePlanJSON(&out, sc, res)
	case o.format == "csv":
		err = writePlanCSV(&out, res)
	default:
		err = writePlanTable(&out, sc, res, o.intervals)
	}
	if err != nil {
		return err
	}
	if o.charts != "" {
		if err := writePlanCharts(o.charts, sc, res); err != nil {
			return err
		}
	}
	if _, err := cmd.OutOrStdout().Write(out.Bytes()); err != nil {
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

// planScenario reads the scenario named by args ("-" for standard
// input), or the built-in default.
func planScenario(cmd *cobra.Command, args []string) (*scenarios.Scenario, error) {
	if len(args) == 0 {
		return scenarios.Default(), nil
	}
	sc, err := loadScenario(cmd.InOrStdin(), args[0])
	if err != nil {
		return nil, usageError(err)
	}
	return sc, nil
}

// staffingYAML renders each planned group's staffing block, to paste
// under the group's key in the scenario.
func staffingYAML(sc *scenarios.Scenario, res *plan.Result) (map[string]string, []string, error) {
	planned := sc.Model.Clone()
	for _, g := range res.Groups {
		if err := planned.SetStaffing(g.Name, g.Scheduled); err != nil {
			return nil, nil, err
		}
	}
	blocks := map[string]string{}
	var order []string
	for _, g := range res.Groups {
		y, err := scenarios.StaffingYAML(planned, g.Name)
		if err != nil {
			return nil, nil, err
		}
		blocks[g.Name] = string(y)
		order = append(order, g.Name)
	}
	return blocks, order, nil
}

func indent(s, pad string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" && l != "\n" {
			b.WriteString(pad)
		}
		b.WriteString(l)
	}
	return b.String()
}

func writePlanYAML(w io.Writer, sc *scenarios.Scenario, res *plan.Result) error {
	blocks, order, err := staffingYAML(sc, res)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "# Staffing planned by ccsim plan: replace each group's staffing with its block.")
	fmt.Fprintln(w, "groups:")
	for _, name := range order {
		fmt.Fprintf(w, "  %s:\n%s", name, indent(blocks[name], "    "))
	}
	return nil
}

// planFormat is the version of the plan's JSON and CSV layouts.
const planFormat = "ccsim-plan/1"

func writePlanJSON(w io.Writer, sc *scenarios.Scenario, res *plan.Result) error {
	blocks, _, err := staffingYAML(sc, res)
	if err != nil {
		return err
	}
	rep := struct {
		Format string `json:"format"`
		*plan.Result
		StaffingYAML map[string]string `json:"staffing_yaml"`
	}{planFormat, res, blocks}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// writePlanCSV writes the plan in long form: scope, name, interval (index
// or "total"), start, field, value, ci95.
func writePlanCSV(w io.Writer, res *plan.Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scope", "name", "interval", "start", "field", "value", "ci95"})
	num := func(v float64) string {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ""
		}
		return strconv.FormatFloat(v, 'g', 10, 64)
	}
	row := func(scope, name string, i int, field string, v, ci float64) {
		iv, start := "total", ""
		if i >= 0 {
			iv, start = strconv.Itoa(i), res.Labels[i]
		}
		cw.Write([]string{scope, name, iv, start, field, num(v), num(ci)})
	}
	nan := math.NaN()
	for _, g := range res.Groups {
		for i := range res.Intervals {
			row("group", g.Name, i, "erlang", g.Erlang[i], nan)
			row("group", g.Name, i, "seed_agents", float64(g.SeedAgents[i]), nan)
			row("group", g.Name, i, "seed_scheduled", float64(g.SeedScheduled[i]), nan)
			row("group", g.Name, i, "agents", float64(g.Agents[i]), nan)
			row("group", g.Name, i, "scheduled", float64(g.Scheduled[i]), nan)
			row("group", g.Name, i, "occupancy", g.Occupancy[i].Mean, g.Occupancy[i].HalfWidth)
			row("group", g.Name, i, "cost", g.Cost[i].Mean, g.Cost[i].HalfWidth)
		}
		row("group", g.Name, -1, "paid_hours", g.PaidHours, nan)
		row("group", g.Name, -1, "seed_paid_hours", g.SeedHours, nan)
	}
	for _, c := range res.Channels {
		for i := range res.Intervals {
			row("channel", c.Name, i, "offered", c.Offered[i].Mean, c.Offered[i].HalfWidth)
			row("channel", c.Name, i, "service_level", c.ServiceLevel[i].Mean, c.ServiceLevel[i].HalfWidth)
			row("channel", c.Name, i, "asa_seconds", c.ASA[i].Mean, c.ASA[i].HalfWidth)
			row("channel", c.Name, i, "abandon_rate", c.Abandonment[i].Mean, c.Abandonment[i].HalfWidth)
		}
		for _, m := range []sim.Metric{sim.Offered, sim.ServiceLevel, sim.ASA, sim.AbandonRate} {
			row("channel", c.Name, -1, m.Key(), c.Total[m].Mean, c.Total[m].HalfWidth)
		}
	}
	t := res.Totals
	row("total", "all", -1, "paid_hours", t.PaidHours, nan)
	row("total", "all", -1, "seed_paid_hours", t.SeedHours, nan)
	row("total", "all", -1, "cost", t.Cost.Mean, t.Cost.HalfWidth)
	row("total", "all", -1, "handled", t.Handled.Mean, t.Handled.HalfWidth)
	row("total", "all", -1, "cost_per_contact", t.CostPerContact.Mean, t.CostPerContact.HalfWidth)
	row("total", "all", -1, "service_level", t.ServiceLevel.Mean, t.ServiceLevel.HalfWidth)
	for _, m := range res.Misses {
		row("miss", m.Scope+":"+m.Name, m.Interval, m.Metric, m.Mean, nan)
	}
	cw.Flush()
	return cw.Error()
}

func writePlanTable(w io.Writer, sc *scenarios.Scenario, res *plan.Result, intervals bool) error {
	bw := bufio.NewWriter(w)
	title := res.Name
	if title == "" {
		title = "the scenario"
	}
	switch res.Mode {
	case "budget":
		fmt.Fprintf(bw, "Budget plan for %s: %s paid hours to spend\n", title, fmtFloat(res.Budget.Hours, 1))
	default:
		fmt.Fprintf(bw, "Plan for %s\n", title)
	}
	fmt.Fprintf(bw, "%d intervals of %s; %d replications; search seed %d, check seed %d; confidence %s\n",
		res.Intervals, scenarios.FormatDuration(res.IntervalSeconds), res.Replications, res.Seed, res.CheckSeed,
		strconv.FormatFloat(100*res.Confidence, 'f', -1, 64)+"%")
	switch {
	case res.Mode == "budget":
		fmt.Fprintf(bw, "Erlang expects a service level of %s on the real-time channels it bought agents for.\n",
			fmtShare(res.Budget.ErlangServiceLevel))
	case len(res.GaveUp) > 0:
		fmt.Fprintf(bw, "%d TARGETS CANNOT BE MET by adding agents (see below); the plan meets the others.\n", len(res.GaveUp))
	case !res.Met:
		fmt.Fprintln(bw, "NO STAFFING MET EVERY TARGET: the last one tried is shown.")
	case len(res.Misses) == 0:
		fmt.Fprintln(bw, "Every target is met at the confidence in the search, and the check (a fresh simulation) finds none missed.")
	default:
		fmt.Fprintf(bw, "Every target is met in the search, but the check (a fresh simulation) finds %d missed: see below.\n", len(res.Misses))
	}
	fmt.Fprintln(bw, "Figures are means of the check simulation; ± is the half-width of the 95% confidence interval.")
	fmt.Fprintln(bw)
	t := res.Totals
	cur := ""
	if res.Currency != "" {
		cur = " " + res.Currency
	}
	fmt.Fprintf(bw, "Paid hours %s (Erlang seed %s); cost %s%s; %s contacts handled, %s per contact; service level %s\n",
		fmtFloat(t.PaidHours, 1), fmtFloat(t.SeedHours, 1), fmtMoney(t.Cost.Mean), cur, fmtCount(t.Handled),
		fmtMoney(t.CostPerContact.Mean), fmtShareCI(t.ServiceLevel))

	for _, g := range res.Groups {
		fmt.Fprintf(bw, "\ngroup %s (shrinkage %s, %s per paid hour): paid hours %s (seed %s)\n", g.Name,
			strconv.FormatFloat(100*g.Shrinkage, 'f', -1, 64)+"%", fmtMoney(g.HourlyCost), fmtFloat(g.PaidHours, 1), fmtFloat(g.SeedHours, 1))
		if !intervals {
			continue
		}
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "start\tErlang\tseed\trequired\tscheduled\tvs seed\toccupancy\tcost\t")
		for i := range res.Intervals {
			if g.Agents[i] == 0 && g.SeedAgents[i] == 0 {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\t%s\t%s\t\n", res.Labels[i], fmtFloat(g.Erlang[i], 2),
				g.SeedScheduled[i], g.Agents[i], g.Scheduled[i], fmtDelta(g.Scheduled[i]-g.SeedScheduled[i]),
				fmtShareCI(g.Occupancy[i]), fmtMoney(g.Cost[i].Mean))
		}
		tw.Flush()
	}
	if intervals {
		fmt.Fprintln(bw, "\nErlang: the seed's fractional on-floor agents; seed: its scheduled headcount; required: on-floor agents")
		fmt.Fprintln(bw, "of the plan; scheduled: its paid headcount after shrinkage; vs seed: scheduled minus the seed's.")
	}

	for _, c := range res.Channels {
		fmt.Fprintf(bw, "\nchannel %s (%s): service level %s", c.Name, c.Kind, fmtShareCI(c.Total[sim.ServiceLevel]))
		if len(c.Classes) == 0 {
			fmt.Fprintf(bw, ", target %s", fmtTarget(c.Target))
		}
		if c.Target.MaxAbandon > 0 {
			fmt.Fprintf(bw, ", abandoned %s (at most %s)", fmtShareCI(c.Total[sim.AbandonRate]), fmtShare(c.Target.MaxAbandon))
		}
		fmt.Fprintln(bw)
		for _, cl := range c.Classes {
			fmt.Fprintf(bw, "  class %s: service level %s, target %s\n", cl.Name, fmtShareCI(cl.Total[sim.ServiceLevel]), fmtTarget(cl.Target))
		}
		if !intervals {
			continue
		}
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "start\toffered\tservice level\tASA\tabandoned\t")
		for i := range res.Intervals {
			if c.Offered[i].Mean == 0 {
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", res.Labels[i], fmtCount(c.Offered[i]), fmtShareCI(c.ServiceLevel[i]),
				fmtSecondsCI(c.ASA[i]), fmtShareCI(c.Abandonment[i]))
		}
		tw.Flush()
	}

	if len(res.GaveUp) > 0 {
		fmt.Fprintln(bw, "\nGiven up by the search (agents added in 8 simulations in a row did not meet them):")
		writeMisses(bw, res.GaveUp)
	}
	if len(res.Misses) > 0 {
		fmt.Fprintln(bw, "\nMissed in the check (the bound on the favourable side is beyond the limit):")
		writeMisses(bw, res.Misses)
	}

	if len(res.Iterations) > 0 {
		fmt.Fprintf(bw, "\nSearch: %d steps\n", len(res.Iterations))
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "step\tagent-intervals\tpaid hours\tcost\ttargets not met\t")
		for _, it := range res.Iterations {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%d\t\n", it.Step, it.Changed, fmtFloat(it.PaidHours, 1), fmtMoney(it.Cost), it.Failing)
		}
		tw.Flush()
	}

	if rp := res.Roster; rp != nil {
		fmt.Fprintf(bw, "\nRoster: %s paid hours (bound %s, %s above); cost %s%s; service level %s; %d targets short, %d missed\n",
			fmtFloat(rp.PaidHours, 1), fmtFloat(rp.BoundHours, 1), fmtShare(rp.Gap), fmtMoney(rp.Cost), cur,
			fmtShareCI(rp.ServiceLevel), len(rp.Short), len(rp.Misses))
		for _, g := range rp.Groups {
			fmt.Fprintf(bw, "  %s: %d agent lines, %d shifts, %s paid hours (bound %s)\n", g.Name, len(g.Lines), len(g.Shifts),
				fmtFloat(g.PaidHours, 1), fmtFloat(g.BoundHours, 1))
		}
	}

	fmt.Fprintln(bw)
	if err := writePlanYAML(bw, sc, res); err != nil {
		return err
	}
	return bw.Flush()
}

func writeMisses(w io.Writer, ms []plan.Miss) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scope\tname\tstart\tmetric\tmean\tbound\tlimit\t")
	for _, m := range ms {
		start := m.Start
		if m.Interval < 0 {
			start = "all day"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", m.Scope, m.Name, start, m.Metric,
			fmtMetric(m.Metric, m.Mean), fmtMetric(m.Metric, m.Bound), fmtMetric(m.Metric, m.Limit))
	}
	tw.Flush()
}

func fmtMetric(key string, v float64) string {
	if strings.HasSuffix(key, "_seconds") {
		return fmtSeconds(v)
	}
	return fmtShare(v)
}

func fmtShare(v float64) string {
	if math.IsNaN(v) {
		return "-"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

func fmtDelta(d int) string {
	if d > 0 {
		return "+" + strconv.Itoa(d)
	}
	return strconv.Itoa(d)
}

// writePlanCharts draws the planned forecast (the check simulation's) and
// the agents each group requires on the floor against those scheduled
// (paid, before shrinkage), the two columns of the plan's table.
func writePlanCharts(dir string, sc *scenarios.Scenario, res *plan.Result) error {
	charts, err := plots.Charts(plots.Forecast{Name: sc.Name, Result: res.Forecast, Currency: sc.Currency})
	if err != nil {
		return err
	}
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
	staffing, err := plots.StaffingChart(plots.ResultTimeline(res.Forecast),
		"Agents required on the floor and scheduled (paid, before shrinkage)", series)
	if err != nil {
		return err
	}
	return plots.WriteCharts(dir, append(charts, staffing))
}
