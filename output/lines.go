package output

import (
	"errors"
	"fmt"
	"io"
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
	fmt.Fprintf(w, "%s: ok (%s, %s, %s)\n", file, Plural(float64(len(m.Channels)), "channel"),
		Plural(float64(len(m.Groups)), "group"), Plural(float64(m.Intervals), "interval"))
}

// Invalid writes why a scenario file does not load: every problem of a
// scenarios.Error, each as FILE:LINE:COLUMN: KEY.PATH: MESSAGE, or the
// error after the file's name.
func Invalid(w io.Writer, file string, err error) {
	var problems *scenarios.Error
	if errors.As(err, &problems) {
		fmt.Fprintln(w, problems.Error())
		return
	}
	fmt.Fprintf(w, "%s: %v\n", file, err)
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
		fmt.Fprintln(w, "ccsim: "+strings.TrimPrefix(p.Error(), "contactlog: "))
	}
}

// Calibrated writes the line that says where a calibrated scenario went
// and what it was fitted to.
func Calibrated(w io.Writer, file string, cal *calibrate.Calibration) {
	fmt.Fprintf(w, "ccsim: wrote %s: %s contacts, %s to %s\n", file, Int(cal.Total.Offered),
		cal.First.Format(time.DateOnly), cal.Last.Format(time.DateOnly))
}
