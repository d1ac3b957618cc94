package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
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
		newCheckCmd(s), newPlanCmd(s), newCompareCmd(s), newCalibrateCmd(s), newBacktestCmd(s))
	return root
}

// execute runs the CLI with args on the streams and returns the process
// exit code. Errors are printed once, here, prefixed with "ccsim: ".
func execute(ctx context.Context, s *streams, args []string) int {
	out := &guardedWriter{w: s.out}
	s2 := *s
	s2.out, s2.args = out, args
	s = &s2
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
	if out.err != nil {
		// Whatever else happened, the output is lost: say so, exit 2.
		err = &exitError{code: 2, err: fmt.Errorf("cannot write standard output: %w", out.err)}
	}
	if err != nil {
		s.removeMadeDirs()
	}
	if err != nil {
		msg := err.Error()
		if errors.Is(err, context.Canceled) {
			msg = "interrupted"
		}
		fmt.Fprintln(s.err, "ccsim: "+strings.TrimPrefix(msg, "ccsim: "))
	}
	return exitCode(err)
}
