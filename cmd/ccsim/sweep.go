package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/shard"
	"github.com/ccsim/ccsim/sim"
	"github.com/ccsim/ccsim/sweep"
)

// sweepOptions are the flags of "ccsim sweep".
type sweepOptions struct {
	model        modelFlags
	format       *formatFlag
	file         string
	vary         []string
	mode         string
	yes          bool
	charts       string
	chartChannel string
	workers      int
}

func newSweepCmd(s *streams) *cobra.Command {
	o := &sweepOptions{}
	cmd := &cobra.Command{
		Use:   "sweep [scenario.yaml|-] (--sweep FILE | --vary PARAM[:TARGET]=VALUES ...)",
		Short: "Run what-if grids over a scenario: one parameter at a time or every combination",
		Long: `Sweep runs a scenario (the built-in default without a file) at many points,
each with some parameters changed, and prints the headline KPIs of every point
with their 95% confidence intervals: service level per channel, ASA,
abandonment, occupancy, paid hours and cost, and the targets the point misses.

Parameters (TARGET names a channel, a group or an escalation from:to; without
it a parameter applies to every channel or group it fits):
` + paramHelp() + `
Values are lists (0.9,1,1.1) or ranges FROM..TO/STEP (-4..4/2, 0s..60s/15s);
shares take percentages (25%), durations units (15s, -1m). Factors go up to
` + fmt.Sprint(sweep.MaxFactor) + `, changes of time to a day either way. A sweep file (--sweep)
lists the same in YAML (docs/sweeps.md). --mode factorial (the default)
runs every combination; --mode one-at-a-time runs the scenario as given
and then each value of each parameter with the others as given.

Every point runs on the scenario's seed: the same customers, handle times and
patience at every point (common random numbers), so a difference between two
points is the parameters' doing. A sweep of more than ` + fmt.Sprint(sweep.ConfirmPoints) + ` points asks for --yes.

--charts DIR writes tornado.png (what moves service level, abandonment and
cost most, from the points that change one parameter from the scenario) and
heatmap.png (a two-parameter grid of a channel's service level with the
border of the cells that meet its goal). --shard K/N runs part of the points
for "ccsim merge" (docs/scale-out.md).`,
		Example: `  ccsim sweep --vary volume:phone=0.9..1.2/0.05 --vary staff_delta:voice=-4..6 --charts sweep-charts/
  ccsim sweep center.yaml --mode one-at-a-time --vary volume:phone=0.9,1.1 \
      --vary handle_delta:phone=-15s,15s --vary staff_delta:voice=-5,5 --vary shrinkage:voice=25%,35%
  ccsim sweep center.yaml --sweep what-if.yaml --reps 30 --format csv > what-if.csv`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd, s, args) },
	}
	f := cmd.Flags()
	o.model.add(f, " per point", "the scenario's")
	o.format = addFormatFlag(f, output.Sweep{}, "output format", "")
	f.StringVar(&o.file, "sweep", "", "sweep file (YAML) naming the parameters to vary (docs/sweeps.md)")
	f.StringArrayVar(&o.vary, "vary", nil, "a parameter to vary, PARAM[:TARGET]=VALUES (repeat for more)")
	f.StringVar(&o.mode, "mode", "", "factorial (every combination; the default) or one-at-a-time")
	f.BoolVar(&o.yes, "yes", false, fmt.Sprintf("run a sweep of more than %d points", sweep.ConfirmPoints))
	f.StringVar(&o.charts, "charts", "", "also write tornado.png and heatmap.png into this directory")
	f.StringVar(&o.chartChannel, "chart-channel", "", "the channel the charts show (default: the first with a service-level goal)")
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
	addShardFlags(cmd, s)
	return cmd
}

// paramHelp lists the parameters for the help, one a line.
func paramHelp() string {
	var b strings.Builder
	for _, p := range sweep.Params() {
		kind := output.SweepUnitName(p.Unit)
		fmt.Fprintf(&b, "  %-13s %-8s %s: %s\n", p.Name, p.Target, kind, p.Doc)
	}
	return b.String()
}

func (o *sweepOptions) run(cmd *cobra.Command, s *streams, args []string) error {
	file := ""
	if len(args) > 0 {
		file = args[0]
	}
	if o.file == "" && len(o.vary) == 0 {
		return usageErrorf("nothing to vary: give --sweep FILE or --vary PARAM[:TARGET]=VALUES (see ccsim sweep --help)")
	}
	if file == "-" && o.file == "-" {
		return usageErrorf("standard input (-) can be read once: give it for the scenario or the sweep file, not both")
	}
	m, err := o.model.load(cmd, s, file)
	if err != nil {
		return err
	}
	plan, err := o.plan(s, m)
	if err != nil {
		return err
	}
	if o.chartChannel != "" && !slices.ContainsFunc(m.Channels, func(c sim.Channel) bool { return c.Name == o.chartChannel }) {
		var names []string
		for _, c := range m.Channels {
			names = append(names, c.Name)
		}
		return usageErrorf("--chart-channel %q: the scenario has no such channel (it has %s)", o.chartChannel, strings.Join(names, ", "))
	}
	if n := plan.Len(); n > sweep.ConfirmPoints && !o.yes {
		return usageErrorf("the sweep has %s points (%s replications), more than %s: give --yes to run it",
			output.Int(n), output.Int(n*m.Replications), output.Int(sweep.ConfirmPoints))
	}
	// Every point's model is built before any is simulated, by every
	// shard alike, so that a value that cannot apply fails at once.
	if err := plan.Check(0, plan.Len()); err != nil {
		return usageError(err)
	}
	totals, done, err := sweepShard(cmd, s, plan, o.workers)
	if done || err != nil {
		return err
	}
	if o.charts != "" {
		if err := prepareDir(s, "--charts", o.charts, file, o.file); err != nil {
			return err
		}
	}
	if totals == nil {
		opts := sweep.Options{Workers: o.workers}
		bar := startProgress(s, &opts.Progress)
		totals, err = sweep.Run(cmd.Context(), plan, 0, plan.Len(), opts)
		bar.done()
		if err != nil {
			return fmt.Errorf("sweeping %s: %w", output.ScenarioName(m.Name), err)
		}
	}
	doc := output.Sweep{Result: &sweep.Result{Plan: plan, Totals: totals}}
	if o.charts != "" {
		charts, notes, err := plots.SweepCharts(doc, o.chartChannel)
		if err != nil {
			return err
		}
		for _, n := range notes {
			fmt.Fprintln(s.err, "ccsim: "+n)
		}
		if err := plots.WriteCharts(cmd.Context(), o.charts, charts); err != nil {
			return writeFailed(o.charts, err)
		}
	}
	return output.Write(s.out, doc, o.format.value)
}

// plan reads the sweep file and --vary into a checked plan.
func (o *sweepOptions) plan(s *streams, m *sim.Model) (*sweep.Plan, error) {
	var axes []scenarios.SweepAxis
	mode := ""
	if o.file != "" {
		sf, err := loadSweepFile(s, o.file)
		if err != nil {
			return nil, usageError(err)
		}
		axes, mode = sf.Vary, sf.Mode
	}
	for _, v := range o.vary {
		a, err := scenarios.ParseVary(v)
		if err != nil {
			return nil, usageErrorf("--vary %q: %v", v, err)
		}
		axes = append(axes, a)
	}
	if o.mode != "" {
		mode = o.mode
	}
	if mode == "" {
		mode = sweep.Factorial.String()
	}
	md, err := sweep.ParseMode(mode)
	if err != nil {
		return nil, usageErrorf("--mode: %v", err)
	}
	var in []sweep.Axis
	for _, a := range axes {
		ax := sweep.Axis{Param: a.Param, Target: a.Target, Source: a.At}
		for _, v := range a.Values {
			ax.Values = append(ax.Values, sweep.Value{V: v.V, Percent: v.Percent, Duration: v.Duration})
		}
		in = append(in, ax)
	}
	p, err := sweep.New(m, md, in)
	if err != nil {
		return nil, usageError(err)
	}
	return p, nil
}

// loadSweepFile reads a sweep file, standard input for "-", or the copy a
// shard recorded when merging.
func loadSweepFile(s *streams, file string) (*scenarios.SweepFile, error) {
	if data, ok := s.shard.input(file); ok {
		return scenarios.ParseSweep(file, data)
	}
	if file == "-" {
		data, err := readStdin(s, scenarios.MaxFileBytes)
		if err != nil {
			return nil, err
		}
		s.shard.record("-", data)
		return scenarios.ParseSweep("-", data)
	}
	sf, err := scenarios.LoadSweep(file)
	if err == nil {
		err = s.shard.recordFile(file)
	}
	return sf, err
}

// sweepShard is the sweep's hook for --shard and merge. Writing a part,
// it runs this shard's points and writes them (done). Merging, it
// returns every point's totals from the shards. Otherwise it returns nil.
func sweepShard(cmd *cobra.Command, s *streams, plan *sweep.Plan, workers int) (totals []sweep.Totals, done bool, err error) {
	st := s.shard
	switch {
	case st.merging():
		if err := st.checkModel(plan.Base, "points", plan.Len()); err != nil {
			return nil, true, err
		}
		for _, p := range st.parts {
			if p.Width != plan.Width() {
				return nil, true, usageErrorf("%s: %d values a point, this sweep has %d", p.Name, p.Width, plan.Width())
			}
			for k := range p.To - p.From {
				t, err := plan.Decode(p.Values[k*p.Width : (k+1)*p.Width])
				if err != nil {
					return nil, true, usageError(err)
				}
				totals = append(totals, t)
			}
		}
		return totals, false, nil
	case !st.writing():
		return nil, false, nil
	}
	from, to := shard.Split(st.index, st.count, plan.Len())
	opts := sweep.Options{Workers: workers}
	bar := startProgress(s, &opts.Progress)
	part, err := sweep.Run(cmd.Context(), plan, from, to, opts)
	bar.done()
	if err != nil {
		return nil, true, fmt.Errorf("sweeping %s: %w", output.ScenarioName(plan.Base.Name), err)
	}
	values := make([]float64, 0, len(part)*plan.Width())
	for i := range part {
		values = part[i].Encode(values)
	}
	return nil, true, st.write(cmd.Context(), s, plan.Base, "points", from, to, plan.Len(), plan.Width(), values)
}
