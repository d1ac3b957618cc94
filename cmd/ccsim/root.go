package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

// newRootCmd builds the command tree. Every subcommand writes to the
// writers set on the root, so tests can run the CLI in-process.
func newRootCmd() *cobra.Command {
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
	// Flag parse errors are bad input: exit code 2, one line.
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError(err) })
	root.AddCommand(newRunCmd())
	root.AddCommand(newErlangCmd())
	root.AddCommand(newValidateCmd())
	root.AddCommand(newInitCmd())
	root.AddCommand(newForecastCmd())
	root.AddCommand(newCheckCmd())
	root.AddCommand(newPlanCmd())
	root.AddCommand(newCompareCmd())
	root.AddCommand(newCalibrateCmd())
	root.AddCommand(newBacktestCmd())
	return root
}

// execute runs the CLI with args and returns the process exit code. Errors
// are printed once, here, prefixed with "ccsim: ".
func execute(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, context.Canceled) {
			msg = "interrupted"
		}
		fmt.Fprintln(stderr, "ccsim: "+strings.TrimPrefix(msg, "ccsim: "))
		if isCobraArgError(err) {
			return 2
		}
		if errors.Is(err, context.Canceled) {
			return 130 // the shell's code for a run stopped by Ctrl-C
		}
	}
	return exitCode(err)
}

// isCobraArgError reports errors cobra raises itself for unknown commands
// or a wrong number of arguments; they are usage errors.
func isCobraArgError(err error) bool {
	var ee *exitError
	if errors.As(err, &ee) {
		return false
	}
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") ||
		strings.Contains(msg, "arg(s)") ||
		strings.HasPrefix(msg, "unknown flag") ||
		strings.HasPrefix(msg, "unknown shorthand flag")
}
