package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

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
