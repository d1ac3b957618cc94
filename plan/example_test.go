package plan_test

import (
	"context"
	"fmt"

	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/scenarios"
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
	// voice at 11:00: Erlang 16.65 on the floor, plan 22 on the floor, 32 scheduled
}
