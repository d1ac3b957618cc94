package plan

import (
	"context"
	"fmt"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
)

// FuzzPlan feeds numbers into a one-channel, one-group scenario and plans
// it with few replications and iterations: any figures give a plan or an
// error; never a panic. Loads above 2,000 Erlangs are skipped: they are
// valid but take seconds to simulate, which the fuzzer reports as a hang.
func FuzzPlan(f *testing.F) {
	f.Add(120.0, 240.0, 180.0, 0.8, 20.0, uint8(1), 0.3, 0.0)
	f.Add(0.0, 1.0, 0.0, 0.99, 0.0, uint8(3), 0.0, 50.0)
	f.Add(5000.0, 3600.0, 1.0, 0.5, 3600.0, uint8(0), 0.99, 0.1)
	f.Fuzz(func(t *testing.T, volume, aht, patience, goal, within float64, kind uint8, shrinkage, budget float64) {
		if volume*aht/3600 > 2000 {
			return
		}
		kinds := []string{"call", "chat", "email"}
		k := kinds[int(kind)%len(kinds)]
		text := fmt.Sprintf(`
seed: 1
interval: 1h
horizon: {intervals: 3}
channels:
  c:
    kind: %s
    arrivals: {per_interval: [%g, %g, 0]}
    handle: %gs
`, k, volume, volume/2, aht)
		if k != "email" && patience > 0 {
			text += fmt.Sprintf("    patience: %gs\n", patience)
		}
		if k == "chat" {
			text += "    concurrency: 2\n"
		}
		text += fmt.Sprintf("    target: {answered: %g, within: %gs}\n", goal, within)
		text += fmt.Sprintf("groups:\n  g:\n    skills: [c]\n    shrinkage: %g\n    hourly_cost: 10\n    staffing: [1, 1, 1]\n", shrinkage)
		sc, err := scenarios.Parse("fuzz.yaml", []byte(text))
		if err != nil {
			return
		}
		opts := Options{Replications: 2, MaxIterations: 3}
		if budget > 0 && budget < 1e4 {
			opts.Budget = budget
		}
		res, err := Plan(context.Background(), &sc.Model, opts)
		if err != nil {
			return
		}
		for _, g := range res.Groups {
			for i, a := range g.Agents {
				if a < 0 || g.Scheduled[i] < a {
					t.Fatalf("interval %d: %d agents, %d scheduled", i, a, g.Scheduled[i])
				}
			}
		}
	})
}
