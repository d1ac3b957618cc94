package main

import (
	"bytes"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

type runOptions struct {
	reps      int
	seed      uint64
	format    string
	intervals bool
	workers   int
	charts    string
}

func newRunCmd() *cobra.Command {
	var o runOptions
	cmd := &cobra.Command{
		Use:   "run [scenario.yaml]",
		Short: "Simulate a scenario and print its forecast",
		Long: `Run replays a scenario's arrivals through the discrete-event simulator and
prints the forecast per channel, group and interval: offered, answered,
abandoned, service level, ASA, wait percentiles, occupancy, backlog and cost,
each as a mean over replications with its 95% confidence interval.

Without a file it runs the built-in default scenario (phone, chat and email;
see "ccsim init" for a copy to edit). The same scenario and seed give the
same output on any machine and number of cores.

With --charts DIR it also writes PNG charts of the forecast into DIR: service
level, waits, abandonment, backlog, occupancy, agents and cost per interval
(see docs/charts.md).`,
		Example: `  ccsim run                                  # the built-in default scenario
  ccsim run scenarios/worked-example.yaml
  ccsim run center.yaml --reps 30 --seed 7   # more replications, another seed
  ccsim run center.yaml --format json > forecast.json
  ccsim run center.yaml --format csv --intervals=false
  ccsim run center.yaml --charts charts/      # also write PNG charts into charts/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, args, &o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.reps, "reps", 0, "replications (default: the scenario's)")
	f.Uint64Var(&o.seed, "seed", 0, "random seed (default: the scenario's)")
	f.StringVar(&o.format, "format", "table", "output format: table, json or csv")
	f.BoolVar(&o.intervals, "intervals", true, "table: show each channel's intervals")
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
	f.StringVar(&o.charts, "charts", "", "also write PNG charts of the forecast into this directory (see docs/charts.md)")
	return cmd
}

// loadModel reads the scenario named by args (the embedded default when
// there is none) and applies the --reps and --seed overrides.
func loadModel(cmd *cobra.Command, args []string, reps int, seed uint64) (*sim.Model, error) {
	var sc *scenarios.Scenario
	if len(args) == 0 {
		sc = scenarios.Default()
	} else {
		var err error
		if sc, err = scenarios.Load(args[0]); err != nil {
			return nil, usageError(err)
		}
	}
	m := &sc.Model
	if cmd.Flags().Changed("reps") {
		if reps < 1 || reps > sim.MaxReplications {
			return nil, usageErrorf("--reps %d: must be between 1 and %d", reps, sim.MaxReplications)
		}
		m.Replications = reps
	}
	if cmd.Flags().Changed("seed") {
		m.Seed = seed
	}
	return m, nil
}

func runRun(cmd *cobra.Command, args []string, o *runOptions) error {
	switch o.format {
	case "table", "json", "csv":
	default:
		return usageErrorf("--format %q: want table, json or csv", o.format)
	}
	if o.charts != "" {
		if err := plots.CheckDir(o.charts); err != nil {
			return usageErrorf("--charts: %w", err)
		}
	}
	m, err := loadModel(cmd, args, o.reps, o.seed)
	if err != nil {
		return err
	}
	res, err := simulate(cmd, m, o.workers)
	if err != nil {
		return err
	}
	if o.charts != "" {
		charts, err := plots.Charts(plots.Forecast{Result: res, Currency: m.Currency})
		if err != nil {
			return err
		}
		if err := plots.WriteCharts(o.charts, charts); err != nil {
			return err
		}
	}
	// Render fully before writing, so a failure never leaves half a report.
	var out bytes.Buffer
	switch o.format {
	case "json":
		err = writeJSON(&out, res)
	case "csv":
		err = writeCSV(&out, res)
	default:
		err = writeTable(&out, res, tableOptions{intervals: o.intervals})
	}
	if err != nil {
		return err
	}
	_, err = cmd.OutOrStdout().Write(out.Bytes())
	return err
}

// simulate runs a model with a progress bar on a terminal's stderr.
func simulate(cmd *cobra.Command, m *sim.Model, workers int) (*sim.Result, error) {
	opts := sim.Options{Workers: workers}
	var bar *progressBar
	if isTerminal(cmd.ErrOrStderr()) {
		bar = newProgressBar(cmd.ErrOrStderr())
		opts.Progress = bar.update
	}
	res, err := sim.Run(cmd.Context(), m, opts)
	if bar != nil {
		bar.done()
	}
	if err != nil {
		return nil, fmt.Errorf("simulating %s: %w", modelName(m), err)
	}
	return res, nil
}

func modelName(m *sim.Model) string {
	if m.Name != "" {
		return fmt.Sprintf("%q", m.Name)
	}
	return "the scenario"
}
