package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/output"
)

// validateOptions are the flags of "ccsim validate".
type validateOptions struct {
	quiet bool
}

func newValidateCmd(s *streams) *cobra.Command {
	o := &validateOptions{}
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
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error { return o.run(s, args) },
	}
	cmd.Flags().BoolVarP(&o.quiet, "quiet", "q", false, "print nothing for good files")
	return cmd
}

func (o *validateOptions) run(s *streams, files []string) error {
	bad := 0
	for _, file := range files {
		sc, err := loadScenario(s, file)
		if err != nil {
			bad++
			output.Invalid(s.err, file, err)
			continue
		}
		if !o.quiet {
			output.Valid(s.out, file, &sc.Model)
		}
	}
	if bad > 0 {
		return usageError(errors.New(output.Invalids(bad, len(files))))
	}
	return nil
}
