package main

import (
	"encoding/csv"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestNoShareOutsideBounds walks every example scenario through `run
// --format csv` over several seeds, one replication each (a replication's
// shares bound the means of more), and reads every share it prints:
// service levels, abandonment and occupancy, per interval and over the
// horizon, of channels, classes, totals and groups. Each must lie within
// 0..1.
func TestNoShareOutsideBounds(t *testing.T) {
	files, err := filepath.Glob("../../scenarios/*.yaml")
	if err != nil || len(files) < 8 {
		t.Fatalf("examples: %v, %v", files, err)
	}
	seeds := 10
	if testing.Short() {
		seeds = 2
	}
	share := map[string]bool{sim.Occupancy.Key(): true}
	for k := range sim.NumMetrics {
		if m := sim.Metric(k); m.Unit() == sim.Share {
			share[m.Key()] = true
		}
	}
	read := 0
	for _, f := range files {
		for seed := 1; seed <= seeds; seed++ {
			code, out, errOut := run(t, "", "run", f, "--format", "csv", "--reps", "1", "--seed", strconv.Itoa(seed))
			if code != 0 {
				t.Fatalf("%s seed %d: exit %d: %s", f, seed, code, errOut)
			}
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows[1:] {
				// scope, name, interval, start, metric, mean, ci95, n
				if !share[r[4]] || r[5] == "" {
					continue
				}
				read++
				if v, err := strconv.ParseFloat(r[5], 64); err != nil || v < 0 || v > 1 {
					t.Errorf("%s seed %d: %s %s %s %s = %s", filepath.Base(f), seed, r[0], r[1], r[3], r[4], r[5])
				}
			}
		}
	}
	if read < 1000 {
		t.Errorf("only %d shares read", read)
	}
}
