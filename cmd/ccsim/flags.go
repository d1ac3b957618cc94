package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// formatFlag is --format: one of the formats of the document a command
// prints (output.Formats), checked when the flag is parsed.
type formatFlag struct {
	value   output.Format
	allowed []output.Format
	// prefix starts the error, for commands whose errors name them.
	prefix string
}

// formatError is a --format the command's document does not have.
type formatError struct {
	value string
	flag  *formatFlag
}

func (e *formatError) Error() string {
	return fmt.Sprintf("%s--format %q: want %s", e.flag.prefix, e.value, e.flag.list())
}

// addFormatFlag adds --format to f for a document of doc's type, table
// by default; what names the output in the help.
func addFormatFlag(f *pflag.FlagSet, doc output.Document, what, prefix string) *formatFlag {
	ff := &formatFlag{value: output.Table, allowed: output.Formats(doc), prefix: prefix}
	f.Var(ff, "format", what+": "+ff.list())
	return ff
}

// list names the formats: "table, json or csv".
func (f *formatFlag) list() string {
	names := make([]string, len(f.allowed))
	for i, a := range f.allowed {
		names[i] = string(a)
	}
	last := len(names) - 1
	return strings.Join(names[:last], ", ") + " or " + names[last]
}

func (f *formatFlag) String() string { return string(f.value) }

// Type is what the help shows the flag takes: a string, as before the
// formats were checked.
func (f *formatFlag) Type() string { return "string" }

func (f *formatFlag) Set(s string) error {
	if !slices.Contains(f.allowed, output.Format(s)) {
		return &formatError{value: s, flag: f}
	}
	f.value = output.Format(s)
	return nil
}

// rollupFlag is --rollup: day or week, checked when the flag is parsed.
type rollupFlag struct{ value output.Rollup }

// addRollupFlag adds --rollup to f.
func addRollupFlag(f *pflag.FlagSet) *rollupFlag {
	r := &rollupFlag{}
	f.Var(r, "rollup", "also sum the forecast up by day or by week of the horizon: day or week")
	return r
}

func (r *rollupFlag) String() string { return string(r.value) }
func (r *rollupFlag) Type() string   { return "day|week" }
func (r *rollupFlag) Set(s string) error {
	v, err := output.ParseRollup(s)
	if err != nil {
		return err
	}
	r.value = v
	return nil
}

// modelFlags are --reps and --seed, which override a scenario's.
type modelFlags struct {
	reps int
	seed uint64
}

// add adds the flags; each names whose replications they override, and
// forWhat what they apply to.
func (o *modelFlags) add(f *pflag.FlagSet, forWhat, whose string) {
	f.IntVar(&o.reps, "reps", 0, "replications"+forWhat+" (default: "+whose+")")
	f.Uint64Var(&o.seed, "seed", 0, "random seed"+forWhat+" (default: "+whose+")")
}

// load reads a scenario file (the embedded default when file is empty,
// standard input for "-"), prints its warnings, and applies --reps and
// --seed where they were given.
func (o *modelFlags) load(cmd *cobra.Command, s *streams, file string) (*sim.Model, error) {
	var sc *scenarios.Scenario
	if file == "" {
		sc = scenarios.Default()
	} else {
		var err error
		if sc, err = loadScenario(s, file); err != nil {
			return nil, usageError(err)
		}
	}
	m := &sc.Model
	if cmd.Flags().Changed("reps") {
		if o.reps < 1 || o.reps > sim.MaxReplications {
			return nil, usageErrorf("--reps %d: must be between 1 and %d", o.reps, sim.MaxReplications)
		}
		m.Replications = o.reps
	}
	if cmd.Flags().Changed("seed") {
		m.Seed = o.seed
	}
	return m, nil
}

// loadScenario loads a scenario file, or standard input for "-", and
// prints its warnings (implausible values) on standard error.
func loadScenario(s *streams, file string) (*scenarios.Scenario, error) {
	var sc *scenarios.Scenario
	var err error
	if data, ok := s.shard.input(file); ok {
		// A merge reads the scenario its shards recorded.
		sc, err = scenarios.Parse(file, data)
	} else if file != "-" {
		sc, err = scenarios.Load(file)
		if err == nil {
			err = s.shard.recordFile(file)
		}
	} else {
		var data []byte
		data, err = readStdin(s, scenarios.MaxFileBytes)
		if err != nil {
			return nil, err
		}
		s.shard.record("-", data)
		sc, err = scenarios.Parse("-", data)
	}
	if err != nil {
		return nil, err
	}
	for _, w := range sc.Warnings {
		fmt.Fprintln(s.err, "ccsim: warning: "+sim.Printable(w.String()))
	}
	return sc, nil
}

// readStdin reads standard input, one byte past limit at most: enough
// for the parser to refuse a large input.
func readStdin(s *streams, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(s.in, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return data, nil
}

// oneStdin refuses to read standard input for more than one file.
func oneStdin(files []string) error {
	n := 0
	for _, f := range files {
		if f == "-" {
			n++
		}
	}
	if n > 1 {
		return usageErrorf("standard input (-) can be read once: give it for one file only")
	}
	return nil
}

// simulate runs a model, with a progress bar when a person watches.
func simulate(cmd *cobra.Command, s *streams, m *sim.Model, workers int) (*sim.Result, error) {
	if s.shard.merging() {
		return s.shard.mergedResult(m)
	}
	opts := sim.Options{Workers: workers}
	bar := startProgress(s, &opts.Progress)
	res, err := sim.Run(cmd.Context(), m, opts)
	bar.done()
	if err != nil {
		return nil, fmt.Errorf("simulating %s: %w", output.ScenarioName(m.Name), err)
	}
	return res, nil
}

// simFlags are the flags of the commands that simulate a scenario: how
// many replications run at once, and the memory a run may need.
type simFlags struct {
	workers   int
	maxMemory int64
}

// add adds --workers and --max-memory to f.
func (o *simFlags) add(f *pflag.FlagSet) {
	addWorkersFlag(f, &o.workers, "replications run at once (default: all cores); never changes the result")
	addMemoryFlag(f, &o.maxMemory)
}

// maxWorkers bounds --workers: each worker holds a replication's state,
// and more workers than cores only share them (a billion asked for 1.9 GB
// and brought nothing).
const maxWorkers = 1024

// workersFlag is --workers, checked when it is parsed: 0 (all cores) to
// maxWorkers.
type workersFlag struct{ n *int }

// addWorkersFlag adds --workers to f, bound to n.
func addWorkersFlag(f *pflag.FlagSet, n *int, usage string) {
	f.Var(workersFlag{n}, "workers", usage)
}

func (w workersFlag) String() string { return strconv.Itoa(*w.n) }
func (w workersFlag) Type() string   { return "int" }

func (w workersFlag) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil || v < 0 || v > maxWorkers {
		return &valueError{fmt.Sprintf("--workers %s: want 0 (all cores) to %d", s, maxWorkers)}
	}
	*w.n = v
	return nil
}

// valueError is a flag value that a flag's own check refused; it is
// reported in its own words, without pflag's "invalid argument" preamble.
type valueError struct{ msg string }

func (e *valueError) Error() string { return e.msg }
