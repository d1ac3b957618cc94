package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/scenarios"
)

// validateOptions are the flags of "ccsim validate".
type validateOptions struct {
	quiet bool
}

func newValidateCmd() *cobra.Command {
	var opts validateOptions
	cmd := &cobra.Command{
		Use:   "validate FILE...",
		Short: "Check scenario files without running them",
		Long: `validate loads each scenario file strictly and builds its model, without
simulating it. A good file prints one line with its size; a bad one prints
every problem found, each as FILE:LINE:COLUMN: KEY.PATH: MESSAGE (HINT).
The exit code is 2 when any file has a problem. "-" reads standard input.`,
		Example: `  ccsim validate scenario.yaml
  ccsim validate scenarios/*.yaml
  ccsim init - | ccsim validate -`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd, args, opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "print nothing for good files")
	return cmd
}

func runValidate(cmd *cobra.Command, files []string, opts validateOptions) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	bad := 0
	for _, file := range files {
		s, err := loadScenario(cmd.InOrStdin(), file)
		if err != nil {
			bad++
			var problems *scenarios.Error
			if errors.As(err, &problems) {
				fmt.Fprintln(errOut, problems.Error())
			} else {
				fmt.Fprintf(errOut, "%s: %v\n", file, err)
			}
			continue
		}
		if !opts.quiet {
			fmt.Fprintf(out, "%s: ok (%s, %s, %s)\n", file,
				count(len(s.Channels), "channel"), count(len(s.Groups), "group"), count(s.Intervals, "interval"))
		}
	}
	if bad > 0 {
		verb := "have"
		if bad == 1 {
			verb = "has"
		}
		return usageErrorf("%d of %s %s problems", bad, count(len(files), "file"), verb)
	}
	return nil
}

// loadScenario loads a scenario file, or standard input for "-".
func loadScenario(stdin io.Reader, file string) (*scenarios.Scenario, error) {
	if file != "-" {
		return scenarios.Load(file)
	}
	// One byte past the limit is enough for Parse to refuse a large input.
	data, err := io.ReadAll(io.LimitReader(stdin, scenarios.MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return scenarios.Parse("-", data)
}

// count writes n with a noun in the right number: "1 group", "3 groups".
func count(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
