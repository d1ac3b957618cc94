// Command ccsim is a contact-center queue simulator and capacity planner.
//
// It computes Erlang staffing, replays arrivals through a discrete-event
// simulator, and forecasts waits, service levels, abandonment, occupancy,
// backlog and cost per interval and channel. Run "ccsim --help" for the
// list of commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(execute(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// exitError carries a process exit code through cobra's error return.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks bad input (flags, files): exit code 2.
func usageError(err error) error { return &exitError{code: 2, err: err} }

// usageErrorf formats a usage error.
func usageErrorf(format string, args ...any) error {
	return usageError(fmt.Errorf(format, args...))
}

// exitCode maps an error returned by a command to the process exit code:
// 0 success, 2 bad input, 1 anything else (including a failed check).
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return 1
}
