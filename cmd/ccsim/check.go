package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/baseline"
	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// checkOptions are the flags of "ccsim check".
type checkOptions struct {
	simFlags
	model     modelFlags
	baseline  string
	update    bool
	junit     string
	intervals bool
	verbose   bool
	html      string
}

func newCheckCmd(s *streams) *cobra.Command {
	o := &checkOptions{}
	cmd := &cobra.Command{
		Use:   "check scenario.yaml|- --baseline FILE",
		Short: "Fail when a forecast moves beyond its baseline's tolerances (for CI)",
		Long: `Check runs a scenario with its seed and compares each KPI of the forecast with a
baseline file kept under version control: per channel and for all channels
(service level, ASA, abandonment, the p90 wait, volume, backlog, cost per
contact), each group's occupancy and cost, and per interval when the
baseline records intervals. It prints a table of the differences and exits
0 when every KPI holds, 1 when one moved beyond its tolerance, and 2 on bad
input (a broken scenario, a missing or invalid baseline, bad flags) or when
an output cannot be written (checked before anything is simulated). Run it
in CI as a built binary: "go run" turns every non-zero exit code into 1.
"-" reads the scenario from standard input.

By default a KPI fails only when its change is larger than the noise of the
replications explains: beyond the combined confidence interval of the two
forecasts at 99.9% family-wise confidence. Running the same scenario with
another seed passes; a real change fails. Absolute and relative tolerances
per KPI can be written into the baseline file (see docs/check.md).

--update writes the baseline, or refreshes its values while keeping its
tolerances. --junit writes a JUnit XML report, one test case per KPI. Under
GitHub Actions (GITHUB_ACTIONS=true) each failing KPI also becomes an error
annotation on the scenario file.`,
		Example: `  ccsim check center.yaml --baseline forecasts/center.json --update    # write the baseline
  ccsim check center.yaml --baseline forecasts/center.json             # check against it
  ccsim check center.yaml --baseline forecasts/center.json --junit report.xml
  ccsim check center.yaml --baseline forecasts/center.json --html check.html     # a page for the CI artefacts
  ccsim check center.yaml --baseline forecasts/center.json --update --intervals   # every interval too`,
		Args: usageArgs(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error { return o.run(cmd, s, args[0]) },
	}
	f := cmd.Flags()
	f.StringVar(&o.baseline, "baseline", "", "baseline file (JSON) to compare with, or to write with --update")
	f.BoolVar(&o.update, "update", false, "write the baseline from this run (keeps its tolerances)")
	f.StringVar(&o.junit, "junit", "", "also write a JUnit XML report to this file")
	addHTMLFlag(f, &o.html, "the check, every KPI and the forecast's charts,")
	f.BoolVar(&o.intervals, "intervals", false, "with --update: record per-interval KPIs too (or stop, with =false)")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "show every KPI, not only the horizon's and those that did not pass")
	o.model.add(f, "", "the scenario's")
	o.simFlags.add(f)
	addShardFlags(cmd, s)
	return cmd
}

func (o *checkOptions) run(cmd *cobra.Command, s *streams, scenario string) error {
	switch {
	case o.baseline == "":
		return usageErrorf("--baseline is required: the file to compare with (or to write, with --update)")
	case o.update && o.junit != "":
		return usageErrorf("--junit reports a check; --update writes the baseline instead of checking")
	case cmd.Flags().Changed("intervals") && !o.update:
		return usageErrorf("--intervals applies with --update: the baseline file says which KPIs a check compares")
	}
	target, err := o.load(cmd, s, scenario)
	if err != nil {
		return err
	}
	if target.capacity != nil {
		if s.shard.writing() || s.shard.merging() {
			return usageErrorf("--shard splits a scenario's replications; a capacity plan is checked in one process")
		}
	} else if done, err := shardReplications(cmd, s, target.model, o.workers); done || err != nil {
		return err
	}
	// The outputs are checked before anything else is read or run.
	if o.update {
		if err := prepareFile(s, "--baseline", o.baseline, scenario); err != nil {
			return err
		}
	}
	if o.junit != "" {
		if err := prepareFile(s, "--junit", o.junit, scenario, o.baseline); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := prepareFile(s, "--html", o.html); err != nil {
			return err
		}
	}
	old, err := baseline.Load(o.baseline)
	switch {
	case err == nil:
	case errors.Is(err, fs.ErrNotExist) && o.update:
		old = nil
	case errors.Is(err, fs.ErrNotExist):
		return usageErrorf("baseline %s does not exist (write it with --update)", o.baseline)
	default:
		return usageError(err)
	}
	capacityFile := target.capacity != nil
	if old != nil && (old.Subject == baseline.SubjectCapacity) != capacityFile {
		what := "a forecast"
		if old.Subject == baseline.SubjectCapacity {
			what = "a capacity plan"
		}
		return usageErrorf("baseline %s records %s; %s is not one (use another baseline file)", o.baseline, what, scenario)
	}

	sel := baseline.DefaultSelection()
	weeks := baseline.DefaultIntervals()
	if capacityFile {
		sel = baseline.DefaultCapacitySelection()
		weeks = sel.Intervals
	}
	if old != nil {
		sel = old.Select
	}
	if cmd.Flags().Changed("intervals") {
		sel.Intervals = nil
		if o.intervals {
			sel.Intervals = weeks
		}
	}
	if target.capacity == nil {
		if err := budget(s, "check", []*sim.Model{target.model}, o.workers, 1, o.maxMemory, nil); err != nil {
			return err
		}
	}
	fresh, res, err := target.baseline(cmd, s, sel, o.workers)
	if err != nil {
		return err
	}
	if old != nil {
		if fresh, err = old.Refresh(fresh); err != nil {
			return usageError(fmt.Errorf("%s: %w", o.baseline, err))
		}
	}
	ref := old
	if ref == nil {
		// A new baseline must be able to check a later run.
		ref = fresh
	}
	rep, err := baseline.Compare(ref, fresh)
	if err != nil {
		return usageError(err)
	}

	doc := output.Check{Scenario: scenario, BaselineFile: o.baseline, Base: old, Now: fresh, Report: rep,
		Verbose: o.verbose, Updated: o.update}
	var page []byte
	if o.html != "" {
		var figures []output.Figure
		if res != nil {
			// A scenario's check shows the forecast it simulated; a
			// capacity plan's has its tables alone.
			if figures, err = plots.ForecastFigures(output.Forecast{Result: res, Currency: target.model.Currency}); err != nil {
				return err
			}
			doc.Description = target.model.Description
		}
		doc.HTML = pageReport(s, figures)
		if page, err = renderHTML(doc); err != nil {
			return err
		}
	}
	if o.update {
		if err := writeCheckFile(cmd.Context(), o.baseline, fresh.Marshal()); err != nil {
			return err
		}
		if err := writeHTML(cmd.Context(), o.html, page); err != nil {
			return err
		}
		return output.Write(s.out, doc, output.Table)
	}
	if s.getenv("GITHUB_ACTIONS") == "true" {
		doc.GitHub, doc.Lines = true, scenarioLines(scenario)
	}
	if o.junit != "" {
		if err := writeCheckFile(cmd.Context(), o.junit, doc.JUnit()); err != nil {
			return err
		}
	}
	if err := writeHTML(cmd.Context(), o.html, page); err != nil {
		return err
	}
	if err := output.Write(s.out, doc, output.Table); err != nil {
		return err
	}
	if n := rep.Failed(); n > 0 {
		return &exitError{code: 1, err: fmt.Errorf("check failed: %d of %d KPIs beyond tolerance or missing", n, len(rep.Rows))}
	}
	return nil
}

// checked is what a check runs: a scenario's forecast, or a capacity
// plan (a capacity file is recognised by its scenario key).
type checked struct {
	model    *sim.Model
	capacity *scenarios.Capacity
	opts     capacity.Options
}

// load reads the scenario or capacity file a check runs.
func (o *checkOptions) load(cmd *cobra.Command, s *streams, file string) (*checked, error) {
	data, err := os.ReadFile(file)
	if err != nil || !scenarios.IsCapacity(data) {
		m, err := o.model.load(cmd, s, file)
		return &checked{model: m}, err
	}
	c, err := scenarios.LoadCapacity(file)
	if err != nil {
		return nil, usageError(err)
	}
	popts := plan.Options{Workers: o.workers}
	if cmd.Flags().Changed("reps") {
		if o.model.reps < 2 || o.model.reps > sim.MaxReplications {
			return nil, usageErrorf("--reps %d: must be between 2 and %d", o.model.reps, sim.MaxReplications)
		}
		popts.Replications = o.model.reps
	}
	if cmd.Flags().Changed("seed") {
		if o.model.seed == 0 {
			return nil, usageErrorf("--seed 0: give a positive seed")
		}
		popts.Seed = o.model.seed
	}
	return &checked{capacity: c, opts: capacity.Options{Planner: weekPlanner(popts)}}, nil
}

// baseline runs the forecast or the plan and records its KPIs.
// baseline measures the scenario (and returns its forecast too) or plans
// the capacity file (and returns no forecast).
func (c *checked) baseline(cmd *cobra.Command, s *streams, sel baseline.Selection, workers int) (*baseline.Baseline, *sim.Result, error) {
	if c.capacity == nil {
		res, err := simulate(cmd, s, c.model, workers)
		if err != nil {
			return nil, nil, err
		}
		b, err := baseline.New(res, sel, version)
		return b, res, err
	}
	opts := c.opts
	bar := startProgress(s, &opts.Progress)
	res, err := capacity.Plan(cmd.Context(), &c.capacity.Scenario.Model, &c.capacity.Input, opts)
	bar.done()
	if err != nil {
		var bad *capacity.InputError
		if errors.As(err, &bad) {
			return nil, nil, usageError(err)
		}
		return nil, nil, err
	}
	b, err := baseline.NewCapacity(res, sel, version)
	if err != nil {
		return nil, nil, usageError(err)
	}
	return b, nil, nil
}

// scenarioLines maps the scopes of KPI IDs (a channel's name, "group x",
// "all channels") to the line of their key in the scenario file. It is
// best effort: an unreadable file gives no lines, never an error.
func scenarioLines(path string) map[string]int {
	lines := map[string]int{}
	for key, line := range scenarios.KeyLines(path) {
		switch section, name, _ := strings.Cut(key, "."); {
		case key == "channels":
			lines[baseline.AllChannels] = line
		case section == "channels":
			lines[name] = line
		case section == "groups" && name != "":
			lines["group "+name] = line
		}
	}
	return lines
}

// writeCheckFile writes a baseline or report through a temporary file
// beside path, renamed into place, so that a reader never sees half a file
// and a failure leaves the old one as it was. Its folder was made by
// prepareFile before the simulation (forecasts/ on a first --update).
func writeCheckFile(ctx context.Context, path string, data []byte) error {
	if err := atomicfile.Write(ctx, path, data); err != nil {
		return writeFailed(path, err)
	}
	return nil
}
