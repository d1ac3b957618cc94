package capacity_test

import (
	"context"
	"testing"

	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// simulationPlanner plans a week with plan.Plan, as the command does.
func simulationPlanner(opts plan.Options) capacity.Planner {
	return func(ctx context.Context, m *sim.Model, progress func(float64)) (capacity.WeekPlan, error) {
		opts.Progress = progress
		res, err := plan.Plan(ctx, m, opts)
		if err != nil {
			return capacity.WeekPlan{}, err
		}
		wp := capacity.WeekPlan{Hours: map[string]float64{}, Met: res.Met, GaveUp: len(res.GaveUp)}
		for _, g := range res.Groups {
			wp.Hours[g.Name] = g.PaidHours
		}
		return wp, nil
	}
}

// BenchmarkExample plans the example of scenarios/capacity/growth.yaml:
// 78 weeks, two groups, five representative weeks planned by simulation
// (plan.Plan, 30 replications each), 2,000 decision paths and 2,000
// check paths.
func BenchmarkExample(b *testing.B) {
	c, err := scenarios.LoadCapacity("../scenarios/capacity/growth.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := capacity.Plan(context.Background(), &c.Scenario.Model, &c.Input, capacity.Options{Planner: simulationPlanner(plan.Options{})}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExampleWeekPlan plans the example's scenario week once, as
// ccsim plan does: the unit of work of a representative week, the
// baseline that BenchmarkExample is read against.
func BenchmarkExampleWeekPlan(b *testing.B) {
	c, err := scenarios.LoadCapacity("../scenarios/capacity/growth.yaml")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := plan.Plan(context.Background(), &c.Scenario.Model, plan.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
