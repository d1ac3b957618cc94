package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ccsim/ccsim/internal/atomicfile"
	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/shard"
	"github.com/ccsim/ccsim/sim"
)

// A command run with --shard K/N does part K of its work (replications of
// a run or a check, points of a sweep) and writes it to --shard-out
// instead of printing; "ccsim merge" reads the N files and runs the
// command again with the parts in place of the simulation, so that it
// prints what one machine would have, byte for byte.

// shardFlags are --shard and --shard-out.
type shardFlags struct {
	spec, out string
}

// notRecorded are flags a shard file leaves out of the arguments it
// records: the split itself, and --workers, which never changes a figure,
// so that shards run with different workers still merge.
var notRecorded = []string{"shard", "shard-out", "workers"}

// addShardFlags adds --shard and --shard-out to a command whose work can
// be split, and checks them (and notes what to record) before it runs.
func addShardFlags(cmd *cobra.Command, s *streams) {
	o := &shardFlags{}
	f := cmd.Flags()
	f.StringVar(&o.spec, "shard", "", "do part K of N of the work (K/N, counted from 1) and write it to --shard-out for ccsim merge")
	f.StringVar(&o.out, "shard-out", "", "with --shard: the shard file to write (see ccsim merge)")
	cmd.PreRunE = func(cmd *cobra.Command, args []string) error {
		switch {
		case o.spec == "" && o.out == "":
			return nil
		case s.shard != nil && s.shard.merging():
			return usageErrorf("a merged command cannot itself be a shard")
		case o.spec == "":
			return usageErrorf("--shard-out is written only with --shard K/N")
		case o.out == "":
			return usageErrorf("--shard %s needs --shard-out FILE: where to write this part", o.spec)
		}
		k, n, err := shard.ParseSpec(o.spec)
		if err != nil {
			return usageErrorf("--shard %v", err)
		}
		if err := prepareFile(s, "--shard-out", o.out); err != nil {
			return err
		}
		s.shard = &shardState{index: k, count: n, out: o.out, command: cmd.Name(), args: recordedArgs(cmd)}
		return nil
	}
}

// recordedArgs are a command's arguments in a form that runs it again:
// every flag given, as --name=value in name order (repeated for each
// value of a list flag), then "--" and the positional arguments.
func recordedArgs(cmd *cobra.Command) []string {
	var out []string
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if slices.Contains(notRecorded, f.Name) {
			return
		}
		if sv, ok := f.Value.(pflag.SliceValue); ok {
			for _, v := range sv.GetSlice() {
				out = append(out, "--"+f.Name+"="+v)
			}
			return
		}
		out = append(out, "--"+f.Name+"="+f.Value.String())
	})
	return append(append(out, "--"), cmd.Flags().Args()...)
}

// shardState is the split of one command: either the part this run
// writes, or the parts a merge puts back.
type shardState struct {
	// Writing a part.
	index, count int
	out          string
	command      string
	args         []string
	inputs       []shard.Input

	// Merging: the shard files, in part order.
	parts []shard.Named
}

func (st *shardState) writing() bool { return st != nil && st.parts == nil }
func (st *shardState) merging() bool { return st != nil && st.parts != nil }

// record keeps an input the command read, for the shard file.
func (st *shardState) record(name string, data []byte) {
	if st.writing() {
		st.inputs = append(st.inputs, shard.Input{Name: name, Data: bytes.Clone(data)})
	}
}

// recordFile keeps a file the command read by path.
func (st *shardState) recordFile(path string) error {
	if !st.writing() {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	st.record(path, data)
	return nil
}

// input returns the bytes the shards recorded for an input, when
// merging.
func (st *shardState) input(name string) ([]byte, bool) {
	if !st.merging() {
		return nil, false
	}
	for _, in := range st.parts[0].Inputs {
		if in.Name == name {
			return in.Data, true
		}
	}
	return nil, false
}

// checkModel refuses to merge shards of another model than the one the
// command has just built from their inputs: a data file the scenario
// reads has changed, or the seed.
func (st *shardState) checkModel(m *sim.Model, unit string, total int) error {
	first := st.parts[0]
	fp := m.Fingerprint()
	if got := fmt.Sprintf("%x", fp[:]); got != first.Model {
		return usageErrorf("%s: the model built from its inputs here differs from the one the shards simulated "+
			"(a data file the scenario reads differs, or is read from another folder): merge where the shards ran", first.Name)
	}
	if first.Unit != unit || first.Total != total {
		return usageErrorf("%s holds %d %s; this %s has %d %s", first.Name, first.Total, first.Unit, first.Command, total, unit)
	}
	return nil
}

// write writes this run's part: units [from, to) of total, width values
// each.
func (st *shardState) write(ctx context.Context, s *streams, m *sim.Model, unit string, from, to, total, width int, values []float64) error {
	fp := m.Fingerprint()
	f := &shard.File{
		Version: version, Command: st.command, Args: st.args, Index: st.index, Count: st.count,
		Seed: m.Seed, Replications: m.Replications, Model: fmt.Sprintf("%x", fp[:]), Inputs: st.inputs,
		Unit: unit, From: from, To: to, Total: total, Width: width, Values: values,
	}
	data, err := f.Encode()
	if err != nil {
		return err
	}
	if err := atomicfile.Write(ctx, st.out, data); err != nil {
		return writeFailed(st.out, err)
	}
	fmt.Fprintf(s.err, "ccsim: wrote shard %d/%d (%s %s of %d) to %s\n", st.index, st.count, unit, span(from, to), total, st.out)
	return nil
}

// span names units [from, to) counted from 1: "11-20", "none".
func span(from, to int) string {
	switch {
	case to <= from:
		return "none"
	case to == from+1:
		return fmt.Sprint(from + 1)
	}
	return fmt.Sprintf("%d-%d", from+1, to)
}

// shardReplications is the hook of run and check, called once the model
// is loaded. Writing a part, it simulates this shard's replications,
// writes them and reports done; merging, it checks that the shards
// simulated this model. Otherwise it does nothing.
func shardReplications(cmd *cobra.Command, s *streams, m *sim.Model, workers int) (done bool, err error) {
	st := s.shard
	switch {
	case st.merging():
		return false, st.checkModel(m, "replications", m.Replications)
	case !st.writing():
		return false, nil
	}
	from, to := shard.Split(st.index, st.count, m.Replications)
	opts := sim.Options{Workers: workers}
	bar := startProgress(s, &opts.Progress)
	p, err := sim.RunPartial(cmd.Context(), m, opts, from, to)
	bar.done()
	if err != nil {
		return true, fmt.Errorf("simulating %s: %w", output.ScenarioName(m.Name), err)
	}
	return true, st.write(cmd.Context(), s, m, "replications", from, to, m.Replications, p.Width, p.Values)
}

// mergedResult is the run the shards' replications make, when merging.
func (st *shardState) mergedResult(m *sim.Model) (*sim.Result, error) {
	parts := make([]*sim.Partial, len(st.parts))
	for i, p := range st.parts {
		parts[i] = &sim.Partial{From: p.From, To: p.To, Width: p.Width, Values: p.Values}
	}
	r, err := sim.Merge(m, sim.Options{}, parts)
	if err != nil {
		return nil, usageError(err)
	}
	return r, nil
}
