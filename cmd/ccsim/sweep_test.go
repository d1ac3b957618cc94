package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
)

// TestSweepTable pins the table of a small one-at-a-time sweep of the
// default scenario.
func TestSweepTable(t *testing.T) {
	code, out, stderr := run(t, "", "sweep", "--reps", "3", "--mode", "one-at-a-time",
		"--vary", "volume:phone=0.9,1.1", "--vary", "staff_delta:voice=-2,2", "--vary", "shrinkage:voice=25%")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	golden(t, "sweep-table.golden", out)
}

// TestSweepBadInput checks each kind of bad input the issue names, and
// others: a clear message and exit code 2, and nothing written.
func TestSweepBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("vary:\n  volume:phone: [1, 2]\n  staff_delta: {from: 3, to: 1}\n"), 0o644)
	charts := filepath.Join(dir, "charts")
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"an unknown parameter":  {[]string{"--vary", "volumes:phone=1,2"}, `unknown parameter "volumes": want one of volume,`},
		"an unknown channel":    {[]string{"--vary", "volume:phnoe=1,2"}, `unknown channel "phnoe" (the scenario has phone, chat, email)`},
		"a range with no point": {[]string{"--vary", "volume=1.2..0.8/0.1"}, "the range from 1.2 to 0.8 has no points"},
		"a file's empty range":  {[]string{"--sweep", bad}, "bad.yaml:3:16: vary.staff_delta: the range from 3 to 1 has no points"},
		"too many points": {[]string{"--vary", "volume=0.5..1.5/0.01", "--vary", "staff_delta=-5..5"},
			"the sweep has 1,111 points (22,220 replications), more than 1,000: give --yes to run it"},
		"a shard out of range": {[]string{"--vary", "volume=1,2", "--shard", "5/4", "--shard-out", filepath.Join(dir, "s")},
			`--shard "5/4": shard index 5 is out of range: shards are counted from 1 to 4`},
		"a shard without a file": {[]string{"--vary", "volume=1,2", "--shard", "1/4"}, "--shard 1/4 needs --shard-out FILE"},
		"a file without a shard": {[]string{"--vary", "volume=1,2", "--shard-out", "x"}, "--shard-out is written only with --shard K/N"},
		"nothing to vary":        {nil, "nothing to vary"},
		"a bad mode":             {[]string{"--vary", "volume=1,2", "--mode", "grid"}, `--mode: unknown mode "grid"`},
		"a value that cannot apply": {[]string{"--vary", "handle_delta:phone=-4m..-3m/1m", "--charts", charts},
			"point 1 (handle_delta:phone=-240s): handle_delta:phone = -240s: handle time of mean 190.5s changed by -240s would not be positive"},
		"an unknown chart channel": {[]string{"--vary", "volume=1,2", "--chart-channel", "fax"}, `--chart-channel "fax": the scenario has no such channel`},
		"a missing sweep file":     {[]string{"--sweep", filepath.Join(dir, "none.yaml")}, "none.yaml"},
	} {
		code, out, stderr := run(t, "", append([]string{"sweep"}, tc.args...)...)
		if code != 2 || out != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", name, code, out, stderr, tc.want)
		}
	}
	if _, err := os.Stat(charts); err == nil {
		t.Error("a failed sweep left its charts folder")
	}
}

// TestShardInProcess shards a run of a scenario read from standard input
// in-process and merges it: a merge needs no copy of the scenario, whose
// bytes the shards carry.
func TestShardInProcess(t *testing.T) {
	dir := t.TempDir()
	scenario := string(scenarios.StarterYAML())
	_, want, _ := run(t, scenario, "run", "-", "--reps", "4", "--intervals=false")
	var files []string
	for _, k := range []string{"1", "2", "3"} {
		f := filepath.Join(dir, k+".shard")
		code, out, stderr := run(t, scenario, "run", "-", "--reps", "4", "--intervals=false", "--shard", k+"/3", "--shard-out", f)
		if code != 0 || out != "" || !strings.Contains(stderr, "wrote shard "+k+"/3") {
			t.Fatalf("shard %s: exit %d, stdout %q\n%s", k, code, out, stderr)
		}
		files = append(files, f)
	}
	code, got, stderr := run(t, "", append([]string{"merge"}, files...)...)
	if code != 0 || got != want {
		t.Fatalf("merge: exit %d, %d bytes against %d\n%s", code, len(got), len(want), stderr)
	}
}

// TestMergeRefuses checks that a merge refuses mixed, missing and
// duplicated shards, another version's and damaged files, with exit
// code 2 and nothing on standard output.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, args ...string) string {
		t.Helper()
		f := filepath.Join(dir, name)
		code, _, stderr := run(t, "", append(args, "--shard-out", f)...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", name, code, stderr)
		}
		return f
	}
	a1 := write("a1", "run", "--reps", "3", "--shard", "1/2")
	a2 := write("a2", "run", "--reps", "3", "--shard", "2/2")
	seed := write("seed", "run", "--reps", "3", "--seed", "7", "--shard", "2/2")
	workers := write("workers", "run", "--reps", "3", "--shard", "2/2", "--workers", "1")
	three := write("three", "run", "--reps", "3", "--shard", "2/3")
	sw := write("sweep", "sweep", "--vary", "volume=1,2", "--reps", "2", "--shard", "2/2")
	saved := version
	version = "9.9.9"
	other := write("other", "run", "--reps", "3", "--shard", "2/2")
	version = saved
	data, _ := os.ReadFile(a2)
	cut := filepath.Join(dir, "cut")
	os.WriteFile(cut, data[:len(data)-8], 0o644)

	if code, _, stderr := run(t, "", "merge", a1, workers); code != 0 {
		t.Errorf("shards run with different --workers did not merge: exit %d\n%s", code, stderr)
	}
	for name, tc := range map[string]struct {
		files []string
		want  string
	}{
		"missing":         {[]string{a1}, "shard 2/2 missing: a merge needs all 2 parts"},
		"duplicated":      {[]string{a1, a2, a2}, "shard 2/2 is given twice"},
		"another seed":    {[]string{a1, seed}, "are parts of different runs: the arguments differ (--reps=3 -- against --reps=3 --seed=7 --)"},
		"another split":   {[]string{a1, three}, "split into 2 against 3 shards"},
		"another command": {[]string{a1, sw}, "ccsim run against ccsim sweep"},
		"another version": {[]string{a1, other}, "was written by ccsim 9.9.9, and this is ccsim " + saved},
		"a damaged file":  {[]string{a1, cut}, "cut: the file holds"},
		"not a shard":     {[]string{a1, "../../README.md"}, "README.md: not a ccsim shard file"},
		"no such file":    {[]string{a1, filepath.Join(dir, "none")}, "cannot read it"},
	} {
		code, out, stderr := run(t, "", append([]string{"merge"}, tc.files...)...)
		if code != 2 || out != "" || !strings.Contains(stderr, tc.want) {
			t.Errorf("%s: exit %d, stdout %d bytes, stderr %q; want exit 2 and %q", name, code, len(out), stderr, tc.want)
		}
	}
}

// TestShardAtWeekScale shards, in-process, a run of the week scenario
// (168 hourly intervals of every figure, as CSV), a sweep of it, and a
// sweep of the default day at seven times its volume and staff (about
// 21,000 to 23,000 contacts a day, a real center's size), and merges
// them: the bytes must equal the unsharded output's at these sizes too,
// not only at the default day's.
func TestShardAtWeekScale(t *testing.T) {
	if testing.Short() {
		t.Skip("a week's run and sweep, sharded: skipped under -short")
	}
	dir := t.TempDir()
	for i, args := range [][]string{
		{"run", "../../scenarios/week.yaml", "--reps", "5", "--format", "csv"},
		{"sweep", "../../scenarios/week.yaml", "--vary", "volume=0.9,1.1", "--vary", "staff_delta=-2,0,2", "--reps", "3", "--format", "json"},
		{"sweep", "--vary", "volume=7,7.7", "--vary", "staff=7,7.5", "--reps", "3", "--format", "csv"},
	} {
		code, want, stderr := run(t, "", args...)
		if code != 0 {
			t.Fatalf("%s: exit %d\n%s", args[0], code, stderr)
		}
		var files []string
		for _, k := range []string{"1", "2", "3"} {
			f := filepath.Join(dir, fmt.Sprintf("%d-%s.shard", i, k))
			if code, _, stderr := run(t, "", append(args, "--shard", k+"/3", "--shard-out", f)...); code != 0 {
				t.Fatalf("%s shard %s: exit %d\n%s", args[0], k, code, stderr)
			}
			files = append(files, f)
		}
		// In reverse: merge orders the parts itself.
		files[0], files[2] = files[2], files[0]
		code, got, stderr := run(t, "", append([]string{"merge"}, files...)...)
		if code != 0 || got != want {
			t.Errorf("%s: merge exit %d, %d bytes against %d unsharded\n%s", args[0], code, len(got), len(want), stderr)
		}
	}
}

// TestSweepFileInputs: a sweep file read from standard input, the same
// file named, and the same axis given with --vary run the same sweep.
func TestSweepFileInputs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sweep.yaml")
	text := "vary:\n  volume:phone: [0.9, 1.1]\n"
	if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	flags := runOK(t, "", "sweep", "--vary", "volume:phone=0.9,1.1", "--reps", "2", "--format", "json")
	if !strings.Contains(flags, `"target": "phone"`) {
		t.Fatalf("the sweep does not name its axis:\n%s", flags)
	}
	for name, got := range map[string]string{
		"standard input": runOK(t, text, "sweep", "--sweep", "-", "--reps", "2", "--format", "json"),
		"a file":         runOK(t, "", "sweep", "--sweep", file, "--reps", "2", "--format", "json"),
	} {
		if got != flags {
			t.Errorf("the sweep of %s differs from the one of --vary", name)
		}
	}
}
