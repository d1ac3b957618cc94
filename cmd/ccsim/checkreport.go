package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ccsim/ccsim/baseline"
	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// checkInfo is what the reports of a check say about its inputs.
type checkInfo struct {
	scenario     string // the scenario file as given
	baselineFile string
	base         *baseline.Baseline // nil when a new baseline is written
	now          *baseline.Baseline
}

// writeCheckTable prints the comparison: a header naming both forecasts,
// one row per KPI, and a verdict line. Unless verbose, per-interval KPIs
// that passed are counted rather than listed.
func writeCheckTable(w io.Writer, rep *baseline.Report, info checkInfo, verbose bool) {
	now, base := info.now, info.base
	fmt.Fprintf(w, "Checking %s (seed %d, %d replications) against %s", quoteName(now.Scenario), now.Seed, now.Replications, info.baselineFile)
	if base != nil {
		fmt.Fprintf(w, " (seed %d, %d replications, ccsim %s)", base.Seed, base.Replications, base.Version)
	}
	fmt.Fprintln(w, ".")
	if base != nil && base.Scenario != now.Scenario {
		fmt.Fprintf(w, "Note: the baseline was written for scenario %s.\n", quoteName(base.Scenario))
	}
	fmt.Fprintf(w, "Values are means ± 95%% half-widths. Statistical tolerances hold at %s family-wise confidence over %s.\n",
		percent(rep.Confidence), plural(float64(rep.Tests), "KPI"))
	fmt.Fprintln(w)

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KPI\tbaseline\tnow\tchange\ttolerance\tverdict")
	hidden := 0
	for _, r := range rep.Rows {
		if !verbose && r.Verdict == baseline.Pass && strings.Count(r.ID, "/") == 2 {
			hidden++
			continue
		}
		unit, _ := baseline.Unit(r.ID)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, fmtKPI(r.Base, unit), fmtKPI(r.Now, unit),
			fmtChange(r.Change, unit), fmtAllowed(r, unit), verdictText(r))
	}
	tw.Flush()
	if hidden > 0 {
		fmt.Fprintf(w, "(%s within tolerance not shown; --verbose shows them)\n", plural(float64(hidden), "per-interval KPI"))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, checkSummary(rep))
}

// checkSummary is the verdict line of a report.
func checkSummary(rep *baseline.Report) string {
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

func quoteName(name string) string {
	if name == "" {
		return "the scenario"
	}
	return strconv.Quote(name)
}

func percent(share float64) string {
	return strconv.FormatFloat(100*share, 'f', -1, 64) + "%"
}

// fmtKPI prints a mean with its 95% half-width in the KPI's unit.
func fmtKPI(s sim.Stat, unit sim.Unit) string {
	if s.N == 0 || math.IsNaN(s.Mean) {
		return "-"
	}
	out := fmtUnit(s.Mean, unit, false)
	if s.N >= 2 && !math.IsNaN(s.HalfWidth) {
		out += " ±" + fmtUnit(s.HalfWidth, unit, true)
	}
	return out
}

// fmtUnit prints a value; bare leaves out the unit sign of shares, as in
// "81.2% ±1.1" where the half-width is in points.
func fmtUnit(v float64, unit sim.Unit, bare bool) string {
	switch unit {
	case sim.Share:
		s := strconv.FormatFloat(100*v, 'f', 1, 64)
		if bare {
			return s
		}
		return s + "%"
	case sim.Seconds:
		if math.Abs(v) < 600 {
			return strconv.FormatFloat(v, 'f', 1, 64) + "s"
		}
		if math.Abs(v) < 7200 {
			return strconv.FormatFloat(v/60, 'f', 1, 64) + "m"
		}
		return strconv.FormatFloat(v/3600, 'f', 2, 64) + "h"
	case sim.Money:
		if math.Abs(v) >= 1000 {
			return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
		}
		return strconv.FormatFloat(v, 'f', 2, 64)
	default:
		if math.Abs(v) >= 1000 {
			return groupThousands(strconv.FormatFloat(math.Round(v), 'f', 0, 64))
		}
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
}

// fmtChange prints a signed change; shares change in percentage points.
func fmtChange(v float64, unit sim.Unit) string {
	if math.IsNaN(v) {
		return "-"
	}
	s := fmtUnit(math.Abs(v), unit, true)
	// A change that rounds to zero gets no sign, so it reads as none.
	if strings.ContainsAny(s, "123456789") {
		if v < 0 {
			s = "-" + s
		} else {
			s = "+" + s
		}
	}
	if unit == sim.Share {
		s += " pt"
	}
	return s
}

func fmtAllowed(r baseline.Row, unit sim.Unit) string {
	if math.IsNaN(r.Allowed) {
		return "-"
	}
	v := fmtUnit(r.Allowed, unit, true)
	if unit == sim.Share {
		v += " pt"
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

func verdictText(r baseline.Row) string {
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
		switch d := baseline.Direction(r.ID); {
		case d*sgn(r.Change) > 0:
			return "FAIL (better)"
		case d*sgn(r.Change) < 0:
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

func sgn(v float64) int {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// failureMessage says in one line why a KPI failed, for annotations and
// JUnit.
func failureMessage(r baseline.Row, confidence float64) string {
	unit, _ := baseline.Unit(r.ID)
	switch {
	case r.Verdict == baseline.Missing:
		return fmt.Sprintf("%s is in the baseline but not in the forecast (run check --update if the change is intended)", r.ID)
	case r.Note != "":
		return fmt.Sprintf("%s: %s", r.ID, r.Note)
	}
	msg := fmt.Sprintf("%s moved from %s to %s (%s), beyond the tolerance of %s", r.ID,
		fmtKPI(r.Base, unit), fmtKPI(r.Now, unit), fmtChange(r.Change, unit), fmtAllowed(r, unit))
	if r.By == baseline.ByStatistical {
		msg += fmt.Sprintf(" (combined confidence interval at %s family-wise)", percent(confidence))
	}
	return msg
}

// writeAnnotations prints a GitHub Actions error annotation for each KPI
// that failed, on the line of its channel or group in the scenario when
// known.
func writeAnnotations(w io.Writer, rep *baseline.Report, info checkInfo, lines map[string]int) {
	for _, r := range rep.Rows {
		if !r.Verdict.Failed() {
			continue
		}
		props := "file=" + escapeProperty(info.scenario)
		if line := lines[scopeOf(r.ID)]; line > 0 {
			props += ",line=" + strconv.Itoa(line)
		}
		props += ",title=" + escapeProperty("ccsim check: "+r.ID)
		fmt.Fprintf(w, "::error %s::%s\n", props, escapeData(failureMessage(r, rep.Confidence)))
	}
}

// escapeData escapes the message of a workflow command: the runner reads
// %, CR and LF as its own.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property of a workflow command, where : and ,
// also separate.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// scopeOf returns the scope of a KPI ID: its first segment.
func scopeOf(id string) string {
	scope, _, _ := strings.Cut(id, "/")
	return scope
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

// junitReport renders one test case per KPI. It holds no times, so the
// same check gives the same bytes.
func junitReport(rep *baseline.Report, info checkInfo) []byte {
	name := "ccsim check " + info.scenario
	suite := junitSuite{Name: name, Tests: len(rep.Rows)}
	suite.Properties = []junitProperty{
		{Name: "scenario", Value: info.now.Scenario},
		{Name: "baseline", Value: info.baselineFile},
		{Name: "seed", Value: strconv.FormatUint(info.now.Seed, 10)},
		{Name: "replications", Value: strconv.Itoa(info.now.Replications)},
		{Name: "confidence", Value: strconv.FormatFloat(rep.Confidence, 'g', -1, 64)},
	}
	classname := "ccsim.check." + strings.TrimSuffix(filepath.Base(info.scenario), filepath.Ext(info.scenario))
	for _, r := range rep.Rows {
		unit, _ := baseline.Unit(r.ID)
		c := junitCase{Name: r.ID, Classname: classname, File: info.scenario}
		c.SystemOut = fmt.Sprintf("baseline %s, now %s, change %s, tolerance %s", fmtKPI(r.Base, unit),
			fmtKPI(r.Now, unit), fmtChange(r.Change, unit), fmtAllowed(r, unit))
		switch r.Verdict {
		case baseline.Fail, baseline.Missing:
			suite.Failures++
			c.Failure = &junitMessage{Message: failureMessage(r, rep.Confidence), Type: "forecast regression", Text: c.SystemOut}
		case baseline.Skip:
			suite.Skipped++
			c.Skipped = &junitMessage{Message: r.Note}
		}
		suite.Cases = append(suite.Cases, c)
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

// writeCheckFile writes a baseline or report through a temporary file
// beside path, renamed into place, so that a reader never sees half a file
// and a failure leaves the old one as it was. Unlike init's
// writeFileAtomic it creates missing folders (forecasts/ on a first
// --update) and syncs before the rename, since CI keeps what it writes.
func writeCheckFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return usageError(fmt.Errorf("check: %w", err))
	}
	if err := atomicfile.Write(path, data); err != nil {
		return fmt.Errorf("check: %w", err)
	}
	return nil
}
