package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/baseline"
)

type checkOptions struct {
	baseline  string
	update    bool
	junit     string
	intervals bool
	verbose   bool
	reps      int
	seed      uint64
	workers   int
}

func newCheckCmd() *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check scenario.yaml --baseline FILE",
		Short: "Fail when a forecast moves beyond its baseline's tolerances (for CI)",
		Long: `Check runs a scenario with its seed and compares each KPI of the forecast with a
baseline file kept under version control: per channel and for all channels
(service level, ASA, abandonment, the p90 wait, volume, backlog, cost per
contact), each group's occupancy and cost, and per interval when the
baseline records intervals. It prints a table of the differences and exits
0 when every KPI holds, 1 when one moved beyond its tolerance, and 2 on bad
input (a broken scenario, a missing or invalid baseline, bad flags).

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
  ccsim check center.yaml --baseline forecasts/center.json --update --intervals   # every interval too`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runCheck(cmd, args, &o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.baseline, "baseline", "", "baseline file (JSON) to compare with, or to write with --update")
	f.BoolVar(&o.update, "update", false, "write the baseline from this run (keeps its tolerances)")
	f.StringVar(&o.junit, "junit", "", "also write a JUnit XML report to this file")
	f.BoolVar(&o.intervals, "intervals", false, "with --update: record per-interval KPIs too (or stop, with =false)")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "show every KPI, not only the horizon's and those that did not pass")
	f.IntVar(&o.reps, "reps", 0, "replications (default: the scenario's)")
	f.Uint64Var(&o.seed, "seed", 0, "random seed (default: the scenario's)")
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
	return cmd
}

func runCheck(cmd *cobra.Command, args []string, o *checkOptions) error {
	switch {
	case o.baseline == "":
		return usageErrorf("--baseline is required: the file to compare with (or to write, with --update)")
	case o.update && o.junit != "":
		return usageErrorf("--junit reports a check; --update writes the baseline instead of checking")
	case cmd.Flags().Changed("intervals") && !o.update:
		return usageErrorf("--intervals applies with --update: the baseline file says which KPIs a check compares")
	}
	m, err := loadModel(cmd, args, o.reps, o.seed)
	if err != nil {
		return err
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

	sel := baseline.DefaultSelection()
	if old != nil {
		sel = old.Select
	}
	if cmd.Flags().Changed("intervals") {
		sel.Intervals = nil
		if o.intervals {
			sel.Intervals = baseline.DefaultIntervals()
		}
	}
	res, err := simulate(cmd, m, o.workers)
	if err != nil {
		return err
	}
	fresh, err := baseline.New(res, sel, version)
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

	var out bytes.Buffer
	info := checkInfo{scenario: args[0], baselineFile: o.baseline, base: old, now: fresh}
	if o.update {
		if old != nil {
			writeCheckTable(&out, rep, info, o.verbose)
			fmt.Fprintln(&out)
		}
		if err := writeCheckFile(o.baseline, fresh.Marshal()); err != nil {
			return err
		}
		fmt.Fprintf(&out, "wrote %s: %d KPIs of %s, seed %d, %d replications\n", o.baseline, len(fresh.KPIs),
			modelName(m), fresh.Seed, fresh.Replications)
		_, err := cmd.OutOrStdout().Write(out.Bytes())
		return err
	}

	writeCheckTable(&out, rep, info, o.verbose)
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		writeAnnotations(&out, rep, info, scenarioLines(args[0]))
	}
	if o.junit != "" {
		if err := writeCheckFile(o.junit, junitReport(rep, info)); err != nil {
			return err
		}
	}
	if _, err := cmd.OutOrStdout().Write(out.Bytes()); err != nil {
		return err
	}
	if n := rep.Failed(); n > 0 {
		return &exitError{code: 1, err: fmt.Errorf("check failed: %d of %d KPIs beyond tolerance or missing", n, len(rep.Rows))}
	}
	return nil
}
