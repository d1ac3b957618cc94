package main

import (
	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/sim"
)

// runOptions are the flags of "ccsim run".
type runOptions struct {
	simFlags
	model     modelFlags
	format    *formatFlag
	intervals bool
	charts    string
	rollup    *rollupFlag
	html      string
}

func newRunCmd(s *streams) *cobra.Command {
	o := &runOptions{}
	cmd := &cobra.Command{
		Use:   "run [scenario.yaml|-]",
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
(see docs/charts.md). With --html FILE it also writes a self-contained report
page: headline figures against targets, tables that sort, charts with
tooltips, the forecast by day and week, definitions (see docs/reports.md).

Before it starts, run estimates the memory the run and its output need and
refuses, with the figures, a run past --max-memory (default 4 GB); it warns
when a run will take more than five minutes. For a long horizon at short
intervals, --intervals=false prints JSON and CSV totals alone (docs/limits.md).

--rollup day (or week) adds the forecast by day (or week) of the horizon to
the table, JSON or CSV: each day's contacts merged as one, shares as ratios
of the day's counts (see docs/output.md). With it the per-interval detail is
left out unless --intervals is given; --intervals=false leaves it out of the
JSON and CSV too, which keeps a month's forecast to kilobytes.`,
		Example: `  ccsim run                                  # the built-in default scenario
  ccsim run scenarios/worked-example.yaml
  ccsim run center.yaml --reps 30 --seed 7   # more replications, another seed
  ccsim run center.yaml --format json > forecast.json
  ccsim run year.yaml --format csv --intervals=false   # the horizon's totals alone
  ccsim run center.yaml --charts charts/      # also write PNG charts into charts/
  ccsim run center.yaml --html forecast.html  # also write a report page to open in a browser
  ccsim run month.yaml --rollup day           # a month by day, without its 1,344 intervals
  ccsim run month.yaml --rollup week --format json > weeks.json
  ccsim init - | ccsim run -                  # a scenario on standard input`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd, s, args) },
	}
	f := cmd.Flags()
	o.model.add(f, "", "the scenario's")
	o.format = addFormatFlag(f, output.Forecast{}, "output format", "")
	f.BoolVar(&o.intervals, "intervals", true, "show each channel's intervals (table); =false leaves every interval's figures out of JSON and CSV; with --rollup only when given")
	o.simFlags.add(f)
	f.StringVar(&o.charts, "charts", "", "also write PNG charts of the forecast into this directory (see docs/charts.md)")
	o.rollup = addRollupFlag(f)
	addHTMLFlag(f, &o.html, "the forecast with its charts")
	addShardFlags(cmd, s)
	return cmd
}

func (o *runOptions) run(cmd *cobra.Command, s *streams, args []string) error {
	file := ""
	if len(args) > 0 {
		file = args[0]
	}
	m, err := o.model.load(cmd, s, file)
	if err != nil {
		return err
	}
	if done, err := shardReplications(cmd, s, m, o.workers); done || err != nil {
		return err
	}
	if o.charts != "" {
		if err := prepareDir(s, "--charts", o.charts, file); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := prepareFile(s, "--html", o.html, file); err != nil {
			return err
		}
	}
	doc := output.Forecast{Intervals: o.intervals, Rollup: o.rollup.value}
	if doc.Rollup != output.NoRollup && !cmd.Flags().Changed("intervals") {
		// A roll-up stands for the intervals unless they are asked for.
		doc.Intervals = false
	}
	doc.OmitIntervals = !doc.Intervals && (cmd.Flags().Changed("intervals") || doc.Rollup != output.NoRollup)
	if err := budget(s, "run", []*sim.Model{m}, o.workers, 1, o.maxMemory, forecastPrinting(o.format.value, doc.OmitIntervals)); err != nil {
		return err
	}
	res, err := simulate(cmd, s, m, o.workers)
	if err != nil {
		return err
	}
	warnSurges(s, m, res)
	if o.charts != "" {
		charts, err := plots.Charts(output.Forecast{Result: res, Currency: m.Currency})
		if err != nil {
			return err
		}
		if err := plots.WriteCharts(cmd.Context(), o.charts, charts); err != nil {
			return writeFailed(o.charts, err)
		}
	}
	doc.Result = res
	if wantsHTML(o.html, o.format) {
		doc.File, doc.Currency, doc.Description = file, m.Currency, m.Description
		figures, err := plots.ForecastFigures(doc)
		if err != nil {
			return err
		}
		doc.HTML = pageReport(s, figures)
	}
	if o.html != "" {
		page, err := renderHTML(doc)
		if err != nil {
			return err
		}
		if err := writeHTML(cmd.Context(), o.html, page); err != nil {
			return err
		}
	}
	return output.Write(s.out, doc, o.format.value)
}
