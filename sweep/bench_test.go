package sweep

import (
	"context"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// The benchmarks below time one point of a sweep of the default scenario
// at its 20 replications on one worker, against the baseline of a plain
// run of the same model: the difference is what a sweep adds per point
// (building the point's model, keeping its totals). docs/sweeps.md
// quotes them.

// BenchmarkRunDefault is the baseline: the default scenario, 20
// replications, one worker.
func BenchmarkRunDefault(b *testing.B) {
	m := base()
	m.Replications = 20
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Run(context.Background(), m, sim.Options{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSweepPoint runs the point of docs/sweep-1000.yaml's grid that
// leaves the scenario as it is (no agent added, volume ×1, handle time
// +0 s), so that it simulates what BenchmarkRunDefault does.
func BenchmarkSweepPoint(b *testing.B) {
	m := base()
	m.Replications = 20
	p, err := New(m, Factorial, []Axis{
		{Param: "staff_delta", Target: "voice", Values: nums(0)},
		{Param: "volume", Target: "phone", Values: nums(1)},
		{Param: "handle_delta", Target: "phone", Values: []Value{{V: 0, Duration: true}}},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(context.Background(), p, 0, 1, Options{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
