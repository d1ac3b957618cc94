package plan

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// The large scenarios of issue 17, at full size (see testdata): a
// one-day center of 20,000 calls, 5,000 chats and 8,300 emails at
// half-hours, and a large center's week of about 250,000 contacts at
// 15-minute intervals. Each plan benchmark has the run it is measured
// against beside it: one simulation of the scenario with 20 replications,
// as `ccsim run` does it. Compare the two in the same session (the machine
// is shared): the plan must take at most ten of the run.

func loadTestScenario(b testing.TB, name string) *sim.Model {
	b.Helper()
	sc, err := scenarios.Load(filepath.Join("testdata", name))
	if err != nil {
		b.Fatal(err)
	}
	return &sc.Model
}

func benchRun(b *testing.B, name string) {
	m := loadTestScenario(b, name).Clone()
	m.Replications = 20
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sim.Run(context.Background(), m, sim.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func benchPlan(b *testing.B, name string) {
	m := loadTestScenario(b, name)
	b.ReportAllocs()
	var res *Result
	for b.Loop() {
		var err error
		if res, err = Plan(context.Background(), m, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	met := 0.0
	if res.Met {
		met = 1
	}
	b.ReportMetric(float64(len(res.Iterations)), "simulations")
	b.ReportMetric(met, "met")
	b.ReportMetric(res.Totals.PaidHours, "paid-hours")
}

func BenchmarkRunDay20k(b *testing.B)  { benchRun(b, "day-20k.yaml") }
func BenchmarkPlanDay20k(b *testing.B) { benchPlan(b, "day-20k.yaml") }
func BenchmarkRunWeek(b *testing.B)    { benchRun(b, "week-large.yaml") }
func BenchmarkPlanWeek(b *testing.B)   { benchPlan(b, "week-large.yaml") }
