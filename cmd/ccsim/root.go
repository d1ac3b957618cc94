package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/sim"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// newRootCmd builds the command tree on the given streams.
func newRootCmd(s *streams) *cobra.Command {
	root := &cobra.Command{
		Use:   "ccsim",
		Short: "Contact-center queue simulator and capacity planner",
		Long: `ccsim forecasts a contact center: Erlang staffing (B, C, A), a discrete-event
simulation of calls, chats, email and messaging, and per-interval forecasts of
waits, service level, abandonment, occupancy, backlog and cost.`,
		Example: `  ccsim run                      # simulate the built-in default scenario
  ccsim erlang --volume 360 --interval 30m --aht 4m --sl 80/20s`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetVersionTemplate("ccsim {{.Version}}\n")
	root.SetIn(s.in)
	root.SetOut(s.out)
	root.SetErr(s.err)
	// Flag parse errors are bad input: exit code 2, one line.
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newRunCmd(s), newErlangCmd(s), newValidateCmd(s), newInitCmd(s), newForecastCmd(s),
		newCheckCmd(s), newPlanCmd(s), newCapacityCmd(s), newCompareCmd(s), newCalibrateCmd(s), newBacktestCmd(s),
		newSweepCmd(s), newMergeCmd(s), newHolidaysCmd(s))
	return root
}

// execute runs the CLI with args on the streams and returns the process
// exit code. Errors are printed once, here, prefixed with "ccsim: ". A
// panic is a bug: it is reported as one, with exit code exitBug.
func execute(ctx context.Context, s *streams, args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			reportBug(s.err, r, debug.Stack())
			code = exitBug
		}
	}()
	// What a command prints on standard output is held until it ends, and
	// printed only if it was not interrupted: Ctrl-C leaves nothing half
	// printed, as atomicfile leaves no file half written.
	var held bytes.Buffer
	stdout := s.out
	held2 := *s
	held2.out, held2.args = &held, args
	s = &held2
	root := newRootCmd(s)
	root.SetArgs(args)
	// cobra looks the command up before any validator of ours runs, and
	// an argument that names no command is its only error there: bad
	// input. Its help and completion commands must exist to be found.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd(args...)
	err := func() error {
		if _, _, err := root.Find(args); err != nil {
			return usageError(err)
		}
		return root.ExecuteContext(ctx)
	}()
	var pe *sim.PanicError
	if errors.As(err, &pe) {
		s.removeMadeDirs()
		reportBug(s.err, pe.Value, pe.Stack)
		return exitBug
	}
	if ctx.Err() != nil && err == nil {
		// Interrupted after the command's last check: what it did is not
		// printed, and the exit code says it was interrupted.
		err = ctx.Err()
	}
	if held.Len() > 0 && ctx.Err() == nil {
		if _, werr := stdout.Write(held.Bytes()); werr != nil {
			// Whatever else happened, the output is lost: say so, exit 2.
			err = &exitError{code: 2, err: fmt.Errorf("cannot write standard output: %w", werr)}
		}
	}
	if err != nil {
		s.removeMadeDirs()
	}
	if err != nil {
		msg := err.Error()
		if errors.Is(err, context.Canceled) {
			msg = "interrupted"
		}
		fmt.Fprintln(s.err, "ccsim: "+printableLines(strings.TrimPrefix(msg, "ccsim: ")))
	}
	if errors.Is(err, context.Canceled) {
		return interruptCode(context.Cause(ctx))
	}
	return exitCode(err)
}

// printableLines escapes what is not printable in a message
// (sim.Printable): errors quote names and text from files, which must not
// reach a terminal or a CI log raw. Line breaks and tabs, which lay out
// messages and move nothing but the cursor forward, stay.
func printableLines(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		cells := strings.Split(l, "\t")
		for j, c := range cells {
			cells[j] = sim.Printable(c)
		}
		lines[i] = strings.Join(cells, "\t")
	}
	return strings.Join(lines, "\n")
}
