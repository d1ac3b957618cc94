package plan_test

import (
	"context"
	"fmt"

	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// Plan the built-in default scenario and compare with the Erlang seed.
func ExamplePlan() {
	res, err := plan.Plan(context.Background(), &scenarios.Default().Model, plan.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	voice := res.Groups[0]
	fmt.Printf("met: %v, missed in the check: %d\n", res.Met, len(res.Misses))
	fmt.Printf("paid hours: %.1f (Erlang seed %.1f)\n", res.Totals.PaidHours, res.Totals.SeedHours)
	fmt.Printf("voice at %s: Erlang %.2f on the floor, plan %d on the floor, %d scheduled\n",
		res.Labels[22], voice.Erlang[22], voice.Agents[22], voice.Scheduled[22])
	// Output:
	// met: true, missed in the check: 0
	// paid hours: 514.0 (Erlang seed 481.0)
	// voice at 11:00: Erlang 16.65 on the floor, plan 21 on the floor, 30 scheduled
}

// Cover a day of six 4-hour intervals with 8-hour shifts that may start
// at any interval.
func ExampleCoverShifts() {
	eight := &sim.ShiftTemplate{Name: "eight", Length: 8 * 3600,
		Starts: []float64{0, 4 * 3600, 8 * 3600, 12 * 3600, 16 * 3600, 20 * 3600}}
	shifts, bound, err := plan.CoverShifts([]int{2, 2, 5, 6, 3, 1}, 4*3600, []*sim.ShiftTemplate{eight})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range shifts {
		fmt.Printf("%s from %02.0f:00 x %d\n", s.Template, s.Start/3600, s.Count)
	}
	fmt.Printf("linear-programming bound: %.0f hours\n", bound)
	// Output:
	// eight from 00:00 x 2
	// eight from 08:00 x 5
	// eight from 12:00 x 1
	// eight from 16:00 x 2
	// linear-programming bound: 80 hours
}
