package output

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// Lines that commands print as they go, one per file: what `ccsim
// validate` found in a scenario, what a log reader read, what
// `ccsim calibrate` wrote.

// Valid writes the line of a scenario file that loads: its size.
func Valid(w io.Writer, file string, m *sim.Model) {
	fmt.Fprintf(w, "%s: ok (%s, %s, %s)\n", sim.Printable(file), Plural(float64(len(m.Channels)), "channel"),
		Plural(float64(len(m.Groups)), "group"), Plural(float64(m.Intervals), "interval"))
}

// Invalid writes why a scenario file does not load: every problem of a
// scenarios.Error, each as FILE:LINE:COLUMN: KEY.PATH: MESSAGE, or the
// error after the file's name.
func Invalid(w io.Writer, file string, err error) {
	var problems *scenarios.Error
	if errors.As(err, &problems) {
		for _, p := range problems.Problems {
			fmt.Fprintln(w, sim.Printable(p.String()))
		}
		return
	}
	fmt.Fprintf(w, "%s: %s\n", sim.Printable(file), sim.Printable(err.Error()))
}

// Invalids says how many of the files have problems.
func Invalids(bad, files int) string {
	verb := "have"
	if bad == 1 {
		verb = "has"
	}
	return fmt.Sprintf("%d of %s %s problems", bad, Plural(float64(files), "file"), verb)
}

// maxShownProblems caps the unreadable rows listed per file.
const maxShownProblems = 5

// Read writes what a log or report reader read from a file: the count of
// what (contacts, interval records) from rows, the rows left out and the
// first few unreadable ones.
func Read(w io.Writer, path, what string, st contactlog.Stats) {
	path = sim.Printable(path)
	msg := fmt.Sprintf("ccsim: %s: %d %s from %d rows", path, st.Contacts, what, st.Rows)
	if st.Dropped > 0 {
		msg += fmt.Sprintf(", %d left out by the format's definitions", st.Dropped)
	}
	if st.ProblemCount > 0 {
		msg += fmt.Sprintf(", %d unreadable", st.ProblemCount)
	}
	fmt.Fprintln(w, msg)
	for i, p := range st.Problems {
		if i == maxShownProblems {
			fmt.Fprintf(w, "ccsim: %s: ... %d more unreadable rows\n", path, st.ProblemCount-i)
			break
		}
		// A problem names a column by its header, text from the file.
		fmt.Fprintln(w, "ccsim: "+sim.Printable(strings.TrimPrefix(p.Error(), "contactlog: ")))
	}
}

// Calibrated writes the line that says where a calibrated scenario went
// and what it was fitted to.
func Calibrated(w io.Writer, file string, cal *calibrate.Calibration) {
	fmt.Fprintf(w, "ccsim: wrote %s: %s contacts, %s to %s\n", sim.Printable(file), Int(cal.Total.Offered),
		cal.First.Format(time.DateOnly), cal.Last.Format(time.DateOnly))
}

// CalibratedReport says on w what a calibration from interval reports
// could not fit and how it fitted the rest: the figures the reports
// lacked, the handle-time distribution assumed and the patience's method.
func CalibratedReport(w io.Writer, cal *calibrate.Calibration) {
	r := cal.Report
	if len(r.Missing) > 0 {
		fmt.Fprintf(w, "ccsim: the reports have no %s figure\n", strings.Join(r.Missing, ", "))
	}
	fmt.Fprintf(w, "ccsim: handle time: the reports' AHT %.1f s, exponential assumed (a report has no single handle times)\n", cal.AHT)
	switch {
	case math.IsNaN(r.Patience):
		fmt.Fprintf(w, "ccsim: patience: not fitted (%s); the scenario has none, so nobody abandons\n", r.Why)
	case math.IsInf(r.Patience, 1):
		fmt.Fprintln(w, "ccsim: patience: nobody abandoned in the reports; the scenario has none")
	case r.Simulated != nil:
		fmt.Fprintf(w, "ccsim: patience: exponential, mean %.1f s, refitted by simulation to %.1f%% abandoned (Erlang A gave %.1f s)\n",
			r.Patience, 100*r.Simulated.Observed, r.Simulated.Erlang)
	default:
		fmt.Fprintf(w, "ccsim: patience: exponential, mean %.1f s, fitted with Erlang A to %.1f%% abandoned\n", r.Patience, 100*r.Observed)
	}
	if cal.Shrinkage > 0 {
		fmt.Fprintf(w, "ccsim: shrinkage: %.1f%%, fitted with Erlang A beside the patience to the reports' ASA %.1f s\n", 100*cal.Shrinkage, r.ObservedASA)
	} else if !math.IsNaN(r.Patience) && math.IsNaN(r.ObservedASA) {
		fmt.Fprintln(w, "ccsim: shrinkage: none (no ASA in the reports to tell it from the patience)")
	}
	if !slices.Contains(r.Present, "staffed") {
		fmt.Fprintln(w, "ccsim: staffing: not in the reports; the scenario has none (plan it with ccsim plan, or set it)")
	}
	if !slices.Contains(r.Present, "sl") {
		fmt.Fprintln(w, "ccsim: service level: not in the reports; the scenario's goal is a placeholder (80%)")
	}
	not := "handle-time spread, after-contact work apart, absence, priorities"
	if !(cal.Shrinkage > 0) {
		not = "shrinkage, " + not
	}
	fmt.Fprintf(w, "ccsim: not fitted from reports: %s (see the scenario's comments)\n", not)
}
