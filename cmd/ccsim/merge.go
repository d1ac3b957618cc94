package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/ccsim/ccsim/shard"
)

func newMergeCmd(s *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "merge SHARD...",
		Short: "Put the shards of a run, check or sweep back together",
		Long: `Merge reads the files that "ccsim run", "ccsim check" or "ccsim sweep" wrote
with --shard K/N and --shard-out, and prints what the command would have
printed on one machine, byte for byte: it runs the command again with the
shards' replications (or points) in place of the simulation, merged in
replication order. Files the command writes (--charts, a baseline with
--update, --junit) are written by the merge, and a check's exit code is the
check's.

Each shard file carries the command, its arguments, the ccsim version, K/N,
the seed, the replications, the fingerprint of the model and the scenario
and sweep files it read, so a merge needs no copy of them (a data file the
scenario reads is read again, and must be the same). Merge refuses shards of
different runs, a part given twice and a part missing, with exit code 2;
shards must be merged by the ccsim version that wrote them. Deployment
recipes (Kubernetes, Slurm, xargs) are in deploy/ and docs/scale-out.md.`,
		Example: `  ccsim run center.yaml --reps 200 --shard 1/2 --shard-out part-1.shard
  ccsim run center.yaml --reps 200 --shard 2/2 --shard-out part-2.shard
  ccsim merge part-*.shard > forecast.txt           # what "ccsim run center.yaml --reps 200" prints

  seq 1 8 | xargs -P 8 -I{} ccsim sweep center.yaml --sweep what-if.yaml --shard {}/8 --shard-out parts/{}.shard
  ccsim merge parts/*.shard`,
		Args: usageArgs(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, files []string) error { return runMerge(cmd, s, files) },
	}
}

func runMerge(cmd *cobra.Command, s *streams, files []string) error {
	var parts []shard.Named
	for _, name := range files {
		f, err := readShard(name)
		if err != nil {
			return usageErrorf("%s: %v", name, err)
		}
		parts = append(parts, shard.Named{Name: name, File: f})
	}
	parts, err := shard.Assemble(parts, version)
	if err != nil {
		return usageError(err)
	}
	first := parts[0]
	switch first.Command {
	case "run", "check", "sweep":
	default:
		return usageErrorf("%s: ccsim %s cannot be merged", first.Name, first.Command)
	}
	// The command runs again on the same streams, its simulation replaced
	// by the shards' parts.
	again := *s
	again.shard = &shardState{parts: parts}
	root := newRootCmd(&again)
	root.SetArgs(append([]string{first.Command}, first.Args...))
	root.InitDefaultHelpCmd()
	err = root.ExecuteContext(cmd.Context())
	s.madeDirs = append(s.madeDirs, again.madeDirs...)
	return err
}

func readShard(name string) (*shard.File, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("cannot read it: %w", reason(err))
	}
	defer f.Close()
	return shard.Decode(bufio.NewReader(f))
}
