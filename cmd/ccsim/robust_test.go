package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

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
