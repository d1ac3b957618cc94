package plan

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/ccsim/ccsim/scenarios"
)

// TestPlanDegenerateShifts is issue 16's degenerate shift program: gonum's
// simplex cycled on it and the plan never returned. It must be answered,
// and soon: the test fails if either file takes more than 30 seconds
// (it takes well under one; the bound only catches a hang).
func TestPlanDegenerateShifts(t *testing.T) {
	m := loadTestScenario(t, "degenerate.yaml")
	for _, name := range []string{"degenerate-shifts.yaml", "degenerate-shifts-2.yaml"} {
		rules, err := scenarios.LoadShifts(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		res, err := Plan(ctx, m, Options{Replications: 8, Shifts: rules})
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		r := res.Roster
		if r == nil || r.PaidHours < r.BoundHours-1e-9 || r.BoundHours <= 0 {
			t.Fatalf("%s: roster %+v", name, r)
		}
		for _, g := range r.Groups {
			for i, v := range g.Required {
				if g.Coverage[i] < v-1e-9 {
					t.Errorf("%s: interval %d covered %v, needs %v", name, i, g.Coverage[i], v)
				}
			}
		}
	}
}
