package plan

import (
	"context"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
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

// BenchmarkCoverShifts covers the default plan's voice requirement with
// two templates starting every half-hour (96 columns, 48 rows).
func BenchmarkCoverShifts(b *testing.B) {
	parsed, err := scenarios.ParseShifts("shifts.yaml", []byte(shiftFile))
	if err != nil {
		b.Fatal(err)
	}
	var templates []*sim.ShiftTemplate
	for i := range parsed {
		templates = append(templates, &parsed[i])
	}
	req := []int{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 12, 16, 19, 23, 25, 28, 28, 30, 28,
		28, 26, 28, 28, 28, 28, 25, 23, 22, 22, 19, 16, 15, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := CoverShifts(req, 1800, templates); err != nil {
			b.Fatal(err)
		}
	}
}
