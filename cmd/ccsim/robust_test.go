package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// panicWriter panics on the first write: a stand-in for a bug anywhere
// in a command.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("a bug") }

// TestPanicIsABugReport: a panic is reported as a bug with its own exit
// code and the stack, never as bad input (exit 2, Go's code for a panic).
func TestPanicIsABugReport(t *testing.T) {
	var errOut bytes.Buffer
	s := &streams{in: strings.NewReader(""), out: panicWriter{}, err: &errOut, getenv: func(string) string { return "" }}
	code := execute(context.Background(), s, []string{"erlang", "--volume", "360", "--interval", "30m", "--aht", "4m", "--agents", "54"})
	got := errOut.String()
	if code != exitBug || !strings.Contains(got, "ccsim: internal error: a bug") ||
		!strings.Contains(got, "This is a bug in ccsim") || !strings.Contains(got, "goroutine") {
		t.Errorf("exit %d, stderr:\n%s", code, got)
	}
}

// TestSimPanicExitCode: a panic inside a replication, which sim returns as
// an error, maps to the bug's exit code however it is wrapped.
func TestSimPanicExitCode(t *testing.T) {
	err := fmt.Errorf("simulating x: %w", &sim.PanicError{Value: "boom"})
	if got := exitCode(err); got != exitBug {
		t.Errorf("exit code %d, want %d", got, exitBug)
	}
}

// TestInterruptedWritesNothing: every command that reads or writes, given
// a context that is already done (Ctrl-C before its first check), exits
// 130 and writes nothing: no file, not a byte of standard output.
func TestInterruptedWritesNothing(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := func(name string) string { return filepath.Join(dir, name) }
	for _, args := range [][]string{
		{"run", "--charts", out("charts")},
		{"run", "--format", "json"},
		{"plan", "testdata/plan-small.yaml", "--charts", out("plan-charts")},
		{"compare", "../../scenarios/default.yaml", "../../scenarios/default.yaml", "--png", out("c.png")},
		{"check", "../../scenarios/default.yaml", "--baseline", out("b.json"), "--update"},
		{"init", out("s.yaml")},
		{"calibrate", "--log-format", "anonymous-bank", bankDayLog, "-o", out("cal.yaml")},
		{"calibrate", "--log-format", "anonymous-bank", bankDayLog},
		{"forecast", "--log-format", "anonymous-bank", bankDayLog},
		{"backtest", "testdata/calibrate-day.yaml.golden", "--log-format", "anonymous-bank", "--log", bankDayLog, "--charts", out("bt")},
	} {
		code, stdout, stderr := invoke(ctx, nil, "", args...)
		if code != 130 || stdout != "" || !strings.Contains(stderr, "ccsim: interrupted") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("interrupted runs left %v", names)
	}
}

// TestFlagLimits: flags that disagreed with the scenario keys or took any
// number are refused before anything runs, exit 2, in their own words.
func TestFlagLimits(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--workers", "-5"}, "--workers -5: want 0 (all cores) to 1024"},
		{[]string{"run", "--workers", "1000000000"}, "--workers 1000000000: want 0 (all cores) to 1024"},
		{[]string{"compare", "a.yaml", "b.yaml", "--workers", "-1"}, "--workers -1"},
		{[]string{"check", "a.yaml", "--baseline", "b.json", "--workers", "2000"}, "--workers 2000"},
		{[]string{"plan", "--workers", "-2"}, "--workers -2"},
		{[]string{"backtest", "a.yaml", "--log", "x", "--workers", "1e9"}, "--workers 1e9"},
		{[]string{"plan", "--yaml", "--format", "json"}, "give --yaml or --format, not both"},
		{[]string{"forecast", "--log-format", "anonymous-bank", "--log", "no-such-log.txt", "--evaluate", "1999-06-30..1999-06-01"}, "the range ends before it starts"},
		{[]string{"forecast", "--log-format", "anonymous-bank", "--log", "no-such-log.txt", "--report", "r.csv", "--report-map", "start=a,bogus=b"}, "--report-map"},
	} {
		code, out, errOut := run(t, "", c.args...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
}

// TestFileTextIsEscaped: text from files (a scenario's name, a baseline's
// version and scenario) holding terminal escapes, CR, LF and a bidi
// override reaches no output raw: no control character but the line
// breaks of the output itself, and no line of its own that a CI runner
// would read as a command.
func TestFileTextIsEscaped(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("../../scenarios/worked-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	evil := regexp.MustCompile(`(?m)^name: .*$`).ReplaceAll(good, []byte(`name: "evil\e[31mRED\r\n::warning::injected\u202etxt\t"`))
	scenario := filepath.Join(dir, "evil.yaml")
	okFile := filepath.Join(dir, "ok.yaml")
	base := filepath.Join(dir, "b.json")
	for name, data := range map[string][]byte{scenario: evil, okFile: good} {
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if code, _, errOut := run(t, "", "check", okFile, "--baseline", base, "--update", "--reps", "2"); code != 0 {
		t.Fatal(errOut)
	}
	data, err := os.ReadFile(base)
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`"ccsim_version": "`), []byte(`"ccsim_version": "\u001b[2J\r\n::warning::pwned `), 1)
	data = bytes.Replace(data, []byte(`"scenario": "`), []byte(`"scenario": "\u001b]0;title\u0007`), 1)
	evilBase := filepath.Join(dir, "evil.json")
	if err := os.WriteFile(evilBase, data, 0o644); err != nil {
		t.Fatal(err)
	}
	gh := map[string]string{"GITHUB_ACTIONS": "true"}
	for _, args := range [][]string{
		{"validate", scenario},
		{"run", scenario, "--reps", "2"},
		{"run", scenario, "--reps", "2", "--format", "csv"},
		{"compare", scenario, okFile, "--reps", "2"},
		{"compare", scenario, okFile, "--reps", "2", "--format", "csv"},
		{"check", okFile, "--baseline", evilBase, "--reps", "2"},
		{"check", scenario, "--baseline", evilBase, "--reps", "2", "--seed", "5"},
	} {
		_, stdout, stderr := invoke(context.Background(), gh, "", args...)
		text := stdout + stderr
		if i := strings.IndexFunc(text, func(r rune) bool { return r != '\n' && !unicode.IsPrint(r) }); i >= 0 {
			t.Errorf("%v printed %q raw:\n%s", args, text[i:i+1], text)
		}
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(line, "::") && !strings.HasPrefix(line, "::error file=") {
				t.Errorf("%v printed a workflow command of its own: %q", args, line)
			}
		}
	}
}

// TestHugeRunRefused: twelve lines within every limit whose forecast
// needs gigabytes (ten channels, a year at 5-minute intervals) are refused
// before anything runs, exit 2, with the estimate and the flags that let
// a user go further; nothing reaches standard output. Without the
// estimate, run grew past 9 GB and died. (Its table, about 1.8 GB, runs
// under the default limit; a lower --max-memory refuses it.)
func TestHugeRunRefused(t *testing.T) {
	const huge = "testdata/ten-channels-a-year.yaml"
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"run", huge, "--reps", "1", "--format", "json"}, []string{"99,936 intervals", "GB of memory", "GB of JSON", "--intervals=false", "--max-memory"}},
		{[]string{"run", huge, "--reps", "1", "--format", "csv"}, []string{"GB of CSV", "--intervals=false"}},
		{[]string{"run", huge, "--reps", "1", "--max-memory", "1GB"}, []string{"GB of memory", "more than --max-memory 1 GB allows"}},
		{[]string{"compare", huge, huge, "--reps", "1"}, []string{"the 2 runs would need about", "--max-memory"}},
		{[]string{"check", huge, "--baseline", filepath.Join(t.TempDir(), "b.json"), "--update", "--reps", "2", "--max-memory", "1GB"}, []string{"GB of memory"}},
		{[]string{"plan", huge, "--max-memory", "1GB"}, []string{"GB of memory"}},
		{[]string{"run", huge, "--reps", "1", "--max-memory", "lots"}, []string{"--max-memory lots: want a size"}},
	} {
		code, out, errOut := run(t, "", c.args...)
		if code != 2 || out != "" {
			t.Errorf("%v: exit %d, %d bytes of output; want exit 2 and none\n%s", c.args, code, len(out), errOut)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", c.args, w, errOut)
			}
		}
	}
}

// TestTotalsOnly: run --intervals=false leaves every interval out of JSON
// and CSV and keeps the totals exactly as the full output has them.
func TestTotalsOnly(t *testing.T) {
	for _, f := range []string{"json", "csv"} {
		_, full, e1 := run(t, "", "run", "--reps", "2", "--format", f)
		code, short, e2 := run(t, "", "run", "--reps", "2", "--format", f, "--intervals=false")
		if code != 0 || full == "" {
			t.Fatalf("%s: exit %d: %s%s", f, code, e1, e2)
		}
		if len(short)*10 > len(full) {
			t.Errorf("%s: totals alone are %d bytes of %d", f, len(short), len(full))
		}
		if f == "csv" {
			lines := map[string]bool{}
			for _, l := range strings.Split(full, "\n") {
				lines[l] = true
			}
			for _, l := range strings.Split(short, "\n") {
				if !lines[l] {
					t.Errorf("csv: totals-only row %q is not in the full output", l)
				}
				if fs := strings.Split(l, ","); len(fs) > 2 && fs[2] != "total" && fs[2] != "interval" {
					t.Errorf("csv: totals-only output has an interval row %q", l)
				}
			}
		}
	}
}

// TestOutputIsNoInput: an output path that names one of the command's
// inputs (the same path, another spelling, or a link to it) is refused
// before anything runs, and the input is left as it was. compare --png
// a.yaml used to replace the scenario with a PNG, and calibrate -o the log.
func TestOutputIsNoInput(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "a.yaml")
	logFile := filepath.Join(dir, "log.txt")
	link := filepath.Join(dir, "link.yaml")
	for file, src := range map[string]string{scenario: "../../scenarios/worked-example.yaml", logFile: bankDayLog} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(scenario, link); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, f := range []string{scenario, logFile} {
		before[f], _ = os.ReadFile(f)
	}
	for _, args := range [][]string{
		{"compare", scenario, "../../scenarios/default.yaml", "--png", scenario},
		{"compare", scenario, "../../scenarios/default.yaml", "--png", link},
		{"compare", scenario, "../../scenarios/default.yaml", "--png", filepath.Join(dir, ".", "x", "..", "a.yaml")},
		{"calibrate", "--log-format", "anonymous-bank", logFile, "-o", logFile},
		{"check", scenario, "--baseline", scenario, "--update"},
		{"check", scenario, "--baseline", filepath.Join(dir, "b.json"), "--junit", scenario},
	} {
		code, out, errOut := run(t, "", args...)
		if code != 2 || out != "" || !strings.Contains(errOut, "that is also an input") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	for f, data := range before {
		if now, _ := os.ReadFile(f); !bytes.Equal(now, data) {
			t.Errorf("%s was changed", f)
		}
	}
}

// TestPlanShiftsFileChecked: a shift file naming a group the scenario has
// not is bad input at its line, exit 2, before anything is planned.
func TestPlanShiftsFileChecked(t *testing.T) {
	file := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(file, []byte("templates:\n  - name: four\n    length: 4h\n    groups: [nosuch]\n    starts: [\"08:00\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "", "plan", "testdata/plan-small.yaml", "--shifts", file)
	if code != 2 || out != "" || !strings.Contains(errOut, `s.yaml:4:14: templates[0].groups[0]: unknown or unlimited group "nosuch"`) {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestPlanShiftsCannotReach: a shift file whose templates cannot reach
// hours the plan needs staffed is bad input (exit 2) named by its file,
// and nothing is written.
func TestPlanShiftsCannotReach(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(file, []byte("templates:\n  - name: one\n    length: 1h\n    starts: [\"03:00\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "planned.yaml")
	code, stdout, errOut := run(t, "", "plan", "testdata/plan-small.yaml", "--shifts", file, "-o", out)
	if code != 2 || stdout != "" || !strings.Contains(errOut, "s.yaml: plan: group") || !strings.Contains(errOut, "no shift template covers") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was written", out)
	}
}

// TestBudgetWarns: before a run starts, a user is told when it will take
// long (with the estimate) and when an arrival's follow-ons multiply it
// far (redials at 99.9999% make up to a million contacts of one call),
// and the run goes on; an ordinary scenario gets no warning.
func TestBudgetWarns(t *testing.T) {
	for _, c := range []struct {
		name, channel string
		days          int
		want          string
	}{
		{"ten million a day for a year", "{kind: call, arrivals: {per_day: 10000000, profile: flat}, handle: 3m}", 366,
			"run simulates up to 36,599,999,999 contacts (10 replications): about"},
		{"redials", "{kind: call, arrivals: {per_day: 1, profile: flat}, handle: 3m, patience: 1s, redial: {share: 99.9999%, delay: 1m}}", 1,
			"each arrival of phone may lead to up to 1,000,000 contacts"},
		{"ordinary", "{kind: call, arrivals: {per_day: 1000, profile: flat}, handle: 3m}", 1, ""},
	} {
		text := fmt.Sprintf("name: x\nreplications: 10\nhorizon: {days: %d}\ninterval: 1h\nchannels:\n  phone: %s\n"+
			"groups: {g: {skills: [phone], staffing: [{from: \"00:00\", to: \"24:00\", agents: 100}]}}\n", c.days, c.channel)
		sc, err := scenarios.Parse("x.yaml", []byte(text))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var errOut bytes.Buffer
		s := &streams{out: io.Discard, err: &errOut}
		if err := budget(s, "run", []*sim.Model{&sc.Model}, 2, 1, defaultMaxMemory, nil); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
		if got := errOut.String(); (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: warned %q, want %q", c.name, got, c.want)
		}
	}
}

// TestChartsFolderHoldsNoInput: an input that is a PNG in the --charts
// folder could be replaced by a chart of the same name; the command
// refuses before any work and leaves it as it was.
func TestChartsFolderHoldsNoInput(t *testing.T) {
	dir := t.TempDir()
	scenario := filepath.Join(dir, "service-level.png")
	data, err := os.ReadFile("../../scenarios/worked-example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scenario, data, 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "", "run", scenario, "--reps", "1", "--charts", dir)
	if code != 2 || !strings.Contains(errOut, "is a PNG in that folder") {
		t.Errorf("exit %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(scenario); string(got) != string(data) {
		t.Error("the input was changed")
	}
	// Another folder is fine.
	if code, _, errOut := run(t, "", "run", scenario, "--reps", "1", "--charts", filepath.Join(dir, "charts")); code != 0 {
		t.Errorf("another folder: exit %d: %s", code, errOut)
	}
}
