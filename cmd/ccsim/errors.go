package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/sim"
)

// exitError carries a process exit code through cobra's error return.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks bad input (flags, arguments, files): exit code 2.
func usageError(err error) error { return &exitError{code: 2, err: err} }

// usageErrorf formats a usage error.
func usageErrorf(format string, args ...any) error {
	return usageError(fmt.Errorf(format, args...))
}

// exitBug is the exit code of a panic: a bug in ccsim, never a fault of
// the input (70 is EX_SOFTWARE, "internal software error", of
// sysexits.h). Go's own exit code for a panic, 2, would pass for bad input.
const exitBug = 70

// exitCode maps an error returned by a command to the process exit code:
// 0 success, 2 bad input, 130 interrupted (the shell's code for a run
// stopped by Ctrl-C), 70 a bug, 1 anything else (including a failed
// check).
func exitCode(err error) int {
	var ee *exitError
	var pe *sim.PanicError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &pe):
		return exitBug
	case errors.Is(err, context.Canceled):
		return interruptCode(err)
	case errors.As(err, &ee):
		return ee.code
	}
	return 1
}

// interrupted is the cause of a context cancelled by a signal.
type interrupted struct{ sig os.Signal }

func (i interrupted) Error() string { return "interrupted by " + i.sig.String() }

// interruptCode is the exit code of a command stopped by a signal: 128
// plus the signal's number, as shells report it (130 for Ctrl-C, 143 for
// SIGTERM); 130 when the cause is unknown (a test's cancelled context).
func interruptCode(cause error) int {
	var i interrupted
	if errors.As(cause, &i) {
		if n, ok := i.sig.(syscall.Signal); ok {
			return 128 + int(n)
		}
	}
	return 130
}

// reportBug tells the user that ccsim hit a bug, what to send with a
// report, and the details a maintainer needs.
func reportBug(w io.Writer, value any, stack []byte) {
	fmt.Fprintf(w, "ccsim: internal error: %v\n", value)
	fmt.Fprintf(w, "This is a bug in ccsim %s, not a problem with your input. Please report it to the ccsim\n", version)
	fmt.Fprintln(w, "maintainers with the command line, the files it read and the text below.")
	w.Write(stack)
}

// usageArgs makes the errors of cobra's argument validators usage
// errors.
func usageArgs(check cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := check(cmd, args); err != nil {
			return usageError(err)
		}
		return nil
	}
}

// flagError makes a flag that does not parse a usage error. A --format
// that a command does not have is reported in its own words, without
// pflag's "invalid argument" preamble.
func flagError(_ *cobra.Command, err error) error {
	var fe *formatError
	if errors.As(err, &fe) {
		return usageError(fe)
	}
	var ve *valueError
	if errors.As(err, &ve) {
		return usageError(ve)
	}
	return usageError(err)
}
