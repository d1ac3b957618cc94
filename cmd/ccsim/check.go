package main

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/baseline"
	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/plots"
	"github.com/ccsim/ccsim/scenarios"
)

// checkOptions are the flags of "ccsim check".
type checkOptions struct {
	model     modelFlags
	baseline  string
	update    bool
	junit     string
	intervals bool
	verbose   bool
	workers   int
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
	f.IntVar(&o.workers, "workers", 0, "replications run at once (default: all cores); never changes the result")
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
	m, err := o.model.load(cmd, s, scenario)
	if err != nil {
		return err
	}
	// The outputs are checked before anything else is read or run.
	if o.update {
		if err := prepareFile(s, "--baseline", o.baseline); err != nil {
			return err
		}
	}
	if o.junit != "" {
		if err := prepareFile(s, "--junit", o.junit); err != nil {
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
	res, err := simulate(cmd, s, m, o.workers)
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

	doc := output.Check{Scenario: scenario, BaselineFile: o.baseline, Base: old, Now: fresh, Report: rep,
		Verbose: o.verbose, Updated: o.update}
	var page []byte
	if o.html != "" {
		figures, err := plots.ForecastFigures(output.Forecast{Result: res, Currency: m.Currency})
		if err != nil {
			return err
		}
		doc.Description, doc.HTML = m.Description, pageReport(s, figures)
		if page, err = renderHTML(doc); err != nil {
			return err
		}
	}
	if o.update {
		if err := writeCheckFile(o.baseline, fresh.Marshal()); err != nil {
			return err
		}
		if o.html != "" {
			if err := writeHTML(o.html, page); err != nil {
				return err
			}
		}
		return output.Write(s.out, doc, output.Table)
	}
	if s.getenv("GITHUB_ACTIONS") == "true" {
		doc.GitHub, doc.Lines = true, scenarioLines(scenario)
	}
	if o.junit != "" {
		if err := writeCheckFile(o.junit, doc.JUnit()); err != nil {
			return err
		}
	}
	if o.html != "" {
		if err := writeHTML(o.html, page); err != nil {
			return err
		}
	}
	if err := output.Write(s.out, doc, output.Table); err != nil {
		return err
	}
	if n := rep.Failed(); n > 0 {
		return &exitError{code: 1, err: fmt.Errorf("check failed: %d of %d KPIs beyond tolerance or missing", n, len(rep.Rows))}
	}
	return nil
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
func writeCheckFile(path string, data []byte) error {
	if err := atomicfile.Write(path, data); err != nil {
		return writeFailed(path, err)
	}
	return nil
}
