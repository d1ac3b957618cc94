package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"
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

// exitCode maps an error returned by a command to the process exit code:
// 0 success, 2 bad input, 130 interrupted (the shell's code for a run
// stopped by Ctrl-C), 1 anything else (including a failed check).
func exitCode(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled):
		return 130
	case errors.As(err, &ee):
		return ee.code
	}
	return 1
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
	return usageError(err)
}
