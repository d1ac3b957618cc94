package plan

import (
	"context"
	"math"
	"path/filepath"
	"slices"
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

// TestPlanProgressRoster: with shifts, the rosters take most of a large
// plan's time, so the bar reports them: each group's roster solved moves
// the bar on by its part of a round's share of what the search leaves,
// every report is in [0, 1], and the last is 1.
func TestPlanProgressRoster(t *testing.T) {
	m := loadTestScenario(t, "degenerate.yaml")
	rules, err := scenarios.LoadShifts(filepath.Join("testdata", "degenerate-shifts.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var seen []float64
	res, err := Plan(context.Background(), m, Options{Replications: 8, Shifts: rules,
		Progress: func(done float64) { seen = append(seen, done) }})
	if err != nil {
		t.Fatal(err)
	}
	checkProgress(t, seen)
	// The first round's groups, one by one.
	n := len(res.Roster.Groups)
	for k := range n {
		want := searchShare + (1-searchShare)*float64(k+1)/float64(n)/rosterRounds
		if !slices.ContainsFunc(seen, func(v float64) bool { return math.Abs(v-want) < 1e-12 }) {
			t.Errorf("progress reports %v: none at %v, group %d of %d rostered", seen, want, k+1, n)
		}
	}
}
