package plan

import (
	"context"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
)

// BenchmarkPlanDefault plans the default scenario (one day, three
// channels, two groups) with the default options: the Erlang seed, the
// simulation correction and the check, about fifteen simulations of 30
// replications.
func BenchmarkPlanDefault(b *testing.B) {
	m := &scenarios.Default().Model
	b.ReportAllocs()
	sims := 0.0
	for b.Loop() {
		res, err := Plan(context.Background(), m, Options{})
		if err != nil {
			b.Fatal(err)
		}
		sims = float64(len(res.Iterations) + 1)
	}
	b.ReportMetric(sims, "simulations")
}

// BenchmarkErlangSeed is the Erlang stage alone: expected arrivals with
// follow-ons, every channel sized in every interval, the split among
// groups.
func BenchmarkErlangSeed(b *testing.B) {
	m := &scenarios.Default().Model
	b.ReportAllocs()
	for b.Loop() {
		if _, err := newPlanner(m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
