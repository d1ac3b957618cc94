package main

import (
	"bytes"
	"context"
	"fmt"
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
