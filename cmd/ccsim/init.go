package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/scenarios"
)

// initOptions are the flags of "ccsim init".
type initOptions struct {
	force  bool
	schema bool
}

func newInitCmd(s *streams) *cobra.Command {
	o := &initOptions{}
	cmd := &cobra.Command{
		Use:   "init [FILE]",
		Short: "Write a commented starter scenario",
		Long: `init writes a small commented scenario to start from: one phone and one email
channel, an escalation, and a blended team. FILE defaults to scenario.yaml;
"-" writes to standard output. An existing file is kept unless --force is
given. With --schema, schema.json is written beside the file and the file
names it, so editors with the YAML language server complete and check keys.`,
		Example: `  ccsim init
  ccsim init plans/tuesday.yaml --schema
  ccsim init - > scenario.yaml`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(_ *cobra.Command, args []string) error {
			file := "scenario.yaml"
			if len(args) == 1 {
				file = args[0]
			}
			return o.run(s, file)
		},
	}
	cmd.Flags().BoolVarP(&o.force, "force", "f", false, "overwrite existing files")
	cmd.Flags().BoolVar(&o.schema, "schema", false, "also write schema.json beside the file")
	return cmd
}

const schemaModeline = "# yaml-language-server: $schema=./schema.json\n"

func (o *initOptions) run(s *streams, file string) error {
	starter := scenarios.StarterYAML()
	if o.schema {
		starter = append([]byte(schemaModeline), starter...)
	}
	if file == "-" {
		if o.schema {
			return usageErrorf("--schema needs a file name, not -")
		}
		_, err := s.out.Write(starter)
		return err
	}
	type write struct {
		path string
		data []byte
	}
	writes := []write{{file, starter}}
	if o.schema {
		writes = append(writes, write{filepath.Join(filepath.Dir(file), "schema.json"), scenarios.SchemaJSON()})
	}
	// Check every target first, so a refusal leaves nothing half written;
	// a missing folder is created, as for every output.
	for _, w := range writes {
		if err := prepareFile(s, "init", w.path); err != nil {
			return err
		}
		if !o.force {
			if _, err := os.Stat(w.path); err == nil {
				return usageErrorf("%s exists; use --force to overwrite it", w.path)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return usageError(err)
			}
		}
	}
	for _, w := range writes {
		if err := atomicfile.Write(w.path, w.data); err != nil {
			return writeFailed(w.path, err)
		}
		fmt.Fprintf(s.out, "wrote %s\n", w.path)
	}
	return nil
}
