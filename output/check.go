package output

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ccsim/ccsim/baseline"
	"github.com/ccsim/ccsim/sim"
)

// Check is what `ccsim check` prints: a forecast compared with its
// baseline, KPI by KPI.
type Check struct {
	Scenario     string // the scenario file as given
	BaselineFile string
	// Base is the baseline compared with; nil when a new one is written.
	Base   *baseline.Baseline
	Now    *baseline.Baseline
	Report *baseline.Report
	// Verbose lists every KPI, not only the horizon's and those that did
	// not pass.
	Verbose bool
	// Updated says that Now was written to BaselineFile: the table is
	// followed by a line that says so (and left out for a new baseline).
	Updated bool
	// GitHub adds an error annotation for each failing KPI, as GitHub
	// Actions reads them; Lines maps a KPI's scope (a channel, "group x",
	// "all channels") to the line of its key in the scenario file.
	GitHub bool
	Lines  map[string]int
	// Description is the scenario's, and HTML what the HTML page adds:
	// the charts of the forecast checked and provenance.
	Description string
	HTML        Report
}

// ScenarioName quotes a scenario's name for a sentence, or says "the
// scenario" for an unnamed one.
func ScenarioName(name string) string {
	if name == "" {
		return "the scenario"
	}
	return strconv.Quote(name)
}

// WriteTable prints the comparison: a header naming both forecasts, one
// row per KPI, and a verdict line; then the annotations (GitHub). Unless
// Verbose, per-interval KPIs that passed are counted rather than listed.
// An update prints the comparison with the old baseline, if any, and the
// line that says what was written.
func (c Check) WriteTable(w io.Writer) error {
	if c.Updated {
		if c.Base != nil {
			c.writeComparison(w)
			fmt.Fprintln(w)
		}
		_, err := fmt.Fprintf(w, "wrote %s: %d KPIs of %s, %s\n", sim.Printable(c.BaselineFile), len(c.Now.KPIs),
			ScenarioName(c.Now.Scenario), runOf(c.Now))
		return err
	}
	c.writeComparison(w)
	if c.GitHub {
		c.writeAnnotations(w)
	}
	return nil
}

func (c Check) writeComparison(w io.Writer) {
	now, base, rep := c.Now, c.Base, c.Report
	fmt.Fprintf(w, "Checking %s (%s) against %s", ScenarioName(now.Scenario), runOf(now), sim.Printable(c.BaselineFile))
	if base != nil {
		// The version is text from the baseline file: printed raw, it
		// could hold terminal escapes or a line a CI runner obeys.
		fmt.Fprintf(w, " (%s, ccsim %s)", runOf(base), sim.Printable(base.Version))
	}
	fmt.Fprintln(w, ".")
	if base != nil && base.Scenario != now.Scenario {
		fmt.Fprintf(w, "Note: the baseline was written for scenario %s.\n", ScenarioName(base.Scenario))
	}
	fmt.Fprintf(w, "Values are means ± 95%% half-widths. Statistical tolerances hold at %s family-wise confidence over %s.\n",
		Percent(rep.Confidence), Plural(float64(rep.Tests), "KPI"))
	fmt.Fprintln(w)
	// The verdict leads, then what failed, then what was not compared;
	// the KPIs that hold are listed only with --verbose.
	fmt.Fprintln(w, CheckSummary(rep))
	var shown []baseline.Row
	for _, r := range rep.Rows {
		if r.Verdict.Failed() {
			shown = append(shown, r)
		}
	}
	for _, r := range rep.Rows {
		if !r.Verdict.Failed() && (r.Verdict != baseline.Pass || c.Verbose) {
			shown = append(shown, r)
		}
	}
	if len(shown) > 0 {
		fmt.Fprintln(w)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "KPI\tbaseline\tnow\tchange\ttolerance\tverdict")
		for _, r := range shown {
			unit, _ := baseline.Unit(r.ID)
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, ValueCI(r.Base, unit), ValueCI(r.Now, unit),
				Change(r.Change, unit), allowed(r, unit), verdict(r))
		}
		tw.Flush()
	}
	if passed := rep.Count(baseline.Pass); passed > 0 && !c.Verbose {
		fmt.Fprintf(w, "(%s within tolerance not listed; --verbose lists them)\n", Plural(float64(passed), "KPI"))
	}
	if c.Verbose && len(shown) > 20 {
		// A long listing ends with the verdict too, where a log is read.
		fmt.Fprintln(w)
		fmt.Fprintln(w, CheckSummary(rep))
	}
}

// runOf says what run a baseline records: the seed and replications of a
// forecast, or the seed and number of random paths of a capacity plan.
func runOf(b *baseline.Baseline) string {
	if b.Subject == baseline.SubjectCapacity {
		return fmt.Sprintf("path seed %d, %s paths", b.Seed, Int(b.Replications))
	}
	return fmt.Sprintf("seed %d, %d replications", b.Seed, b.Replications)
}

// CheckSummary is the verdict line of a check.
func CheckSummary(rep *baseline.Report) string {
	var extra []string
	if n := rep.Count(baseline.Skip); n > 0 {
		extra = append(extra, fmt.Sprintf("%d skipped", n))
	}
	if n := rep.Count(baseline.Added); n > 0 {
		extra = append(extra, fmt.Sprintf("%d not in the baseline (--update adds them)", n))
	}
	tail := ""
	if len(extra) > 0 {
		tail = " (" + strings.Join(extra, ", ") + ")"
	}
	failed := rep.Failed()
	if failed == 0 {
		return fmt.Sprintf("ok: every compared KPI holds, %d in all%s", len(rep.Rows), tail)
	}
	var ids []string
	for _, r := range rep.Rows {
		if r.Verdict.Failed() && len(ids) < 5 {
			ids = append(ids, r.ID)
		}
	}
	if failed > len(ids) {
		ids = append(ids, "...")
	}
	return fmt.Sprintf("FAIL: %d of %d KPIs failed: %s%s", failed, len(rep.Rows), strings.Join(ids, ", "), tail)
}

// allowed writes the largest change that passes and what set it.
func allowed(r baseline.Row, unit sim.Unit) string {
	if math.IsNaN(r.Allowed) {
		return "-"
	}
	v := Value(r.Allowed, unit, true)
	if unit == sim.Share {
		v += " pp"
	}
	switch r.By {
	case baseline.ByExact:
		return "exact"
	case baseline.ByStatistical:
		if math.IsNaN(r.Critical) {
			// Every replication agreed on both sides: any change is real.
			return "0 (no noise)"
		}
		return "±" + v + " stat"
	case baseline.ByAbsolute:
		return "±" + v + " abs"
	case baseline.ByRelative:
		return "±" + v + " rel"
	}
	return "±" + v
}

func verdict(r baseline.Row) string {
	switch r.Verdict {
	case baseline.Pass:
		if r.Note != "" {
			return "ok (" + r.Note + ")"
		}
		return "ok"
	case baseline.Fail:
		if r.Note != "" {
			return "FAIL: " + r.Note
		}
		switch better := float64(baseline.Direction(r.ID)) * r.Change; {
		case better > 0:
			return "FAIL (better)"
		case better < 0:
			return "FAIL (worse)"
		}
		return "FAIL"
	case baseline.Missing:
		return "MISSING: " + r.Note
	case baseline.Skip:
		return "skipped: " + r.Note
	case baseline.Added:
		return "added: " + r.Note
	}
	return r.Verdict.String()
}

// failure says in one line why a KPI failed, for annotations and JUnit.
func failure(r baseline.Row, confidence float64) string {
	unit, _ := baseline.Unit(r.ID)
	switch {
	case r.Verdict == baseline.Missing:
		return fmt.Sprintf("%s is in the baseline but not in the forecast (run check --update if the change is intended)", r.ID)
	case r.Note != "":
		return fmt.Sprintf("%s: %s", r.ID, r.Note)
	}
	msg := fmt.Sprintf("%s moved from %s to %s (%s), beyond the tolerance of %s", r.ID,
		ValueCI(r.Base, unit), ValueCI(r.Now, unit), Change(r.Change, unit), allowed(r, unit))
	if r.By == baseline.ByStatistical {
		msg += fmt.Sprintf(" (combined confidence interval at %s family-wise)", Percent(confidence))
	}
	return msg
}

// writeAnnotations prints a GitHub Actions error annotation for each KPI
// that failed, on the line of its channel or group in the scenario when
// known.
func (c Check) writeAnnotations(w io.Writer) {
	for _, r := range c.Report.Rows {
		if !r.Verdict.Failed() {
			continue
		}
		props := "file=" + EscapeProperty(c.Scenario)
		scope, _, _ := strings.Cut(r.ID, "/")
		if line := c.Lines[scope]; line > 0 {
			props += ",line=" + strconv.Itoa(line)
		}
		props += ",title=" + EscapeProperty("ccsim check: "+r.ID)
		fmt.Fprintf(w, "::error %s::%s\n", props, escapeData(failure(r, c.Report.Confidence)))
	}
}

// escapeData escapes the message of a workflow command: the runner reads
// %, CR and LF as its own; other control characters are written as
// escapes (sim.Printable), as everywhere.
func escapeData(s string) string {
	return sim.Printable(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s))
}

// EscapeProperty escapes a property of a GitHub Actions workflow command,
// where : and , also separate.
func EscapeProperty(s string) string {
	return sim.Printable(strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s))
}

// JUnit XML: the subset that CI systems read.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Failure   *junitMessage `xml:"failure"`
	Skipped   *junitMessage `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// JUnit renders the check as a JUnit XML report, one test case per KPI.
// It holds no times, so the same check gives the same bytes.
func (c Check) JUnit() []byte {
	rep := c.Report
	name := "ccsim check " + c.Scenario
	suite := junitSuite{Name: name, Tests: len(rep.Rows)}
	suite.Properties = []junitProperty{
		{Name: "scenario", Value: c.Now.Scenario},
		{Name: "baseline", Value: c.BaselineFile},
		{Name: "seed", Value: strconv.FormatUint(c.Now.Seed, 10)},
		{Name: "replications", Value: strconv.Itoa(c.Now.Replications)},
		{Name: "confidence", Value: strconv.FormatFloat(rep.Confidence, 'g', -1, 64)},
	}
	classname := "ccsim.check." + strings.TrimSuffix(filepath.Base(c.Scenario), filepath.Ext(c.Scenario))
	for _, r := range rep.Rows {
		unit, _ := baseline.Unit(r.ID)
		tc := junitCase{Name: r.ID, Classname: classname, File: c.Scenario}
		tc.SystemOut = fmt.Sprintf("baseline %s, now %s, change %s, tolerance %s", ValueCI(r.Base, unit),
			ValueCI(r.Now, unit), Change(r.Change, unit), allowed(r, unit))
		switch r.Verdict {
		case baseline.Fail, baseline.Missing:
			suite.Failures++
			tc.Failure = &junitMessage{Message: failure(r, rep.Confidence), Type: "forecast regression", Text: tc.SystemOut}
		case baseline.Skip:
			suite.Skipped++
			tc.Skipped = &junitMessage{Message: r.Note}
		}
		suite.Cases = append(suite.Cases, tc)
	}
	doc := junitSuites{Name: name, Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped,
		Suites: []junitSuite{suite}}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	_ = enc.Encode(doc) // plain structs of strings and numbers always encode
	b.WriteString("\n")
	return b.Bytes()
}
