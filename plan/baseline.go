package plan

import (
	"context"
	"fmt"
	"math"

	"github.com/ccsim/ccsim/sim"
)

// MarginStep is the step by which ErlangBaseline raises its margin.
const MarginStep = 0.02

// maxMargin bounds ErlangBaseline's margin (the seed tripled).
const maxMargin = 2.0

// ErlangBaseline is the pure-Erlang plan that meets the same targets: the
// Erlang seed with one uniform margin on every group and interval,
// on-floor agents ceil(need x (1 + margin)), the margin raised by
// MarginStep from 0 until a simulation with the search's seed meets every
// target at the confidence the planner demands. It is what a planner
// without the simulation correction would have to schedule, and the
// yardstick Plan is measured against. The result's Margin field holds the
// margin found; it errs when no margin up to 200% meets the targets.
func ErlangBaseline(ctx context.Context, m *sim.Model, opts Options) (*Result, error) {
	opts.Budget, opts.Shifts = 0, nil
	p, err := newPlanner(m, opts)
	if err != nil {
		return nil, err
	}
	steps := int(math.Round(maxMargin / MarginStep))
	p.workTotal = float64(steps) + 2
	res := p.newResult("erlang-margin")
	for s := 0; s <= steps; s++ {
		margin := float64(s) * MarginStep
		x := p.withMargin(margin)
		r, err := p.simulate(ctx, x, p.opts.Seed, p.opts.Replications)
		if err != nil {
			return nil, err
		}
		failing := 0
		for _, k := range p.checks(r, x) {
			if !p.met(k) && p.plannable(k) {
				failing++
			}
		}
		hours, cost := p.paidHours(x)
		res.Iterations = append(res.Iterations, Iteration{Step: fmt.Sprintf("margin %.0f%%", 100*margin), PaidHours: hours, Cost: cost, Failing: failing})
		if failing == 0 {
			res.Met, res.Margin = true, margin
			if err := p.finish(ctx, res, x, nil); err != nil {
				return nil, err
			}
			p.progress(1)
			return res, nil
		}
	}
	return nil, fmt.Errorf("plan: no uniform margin up to %g%% on the Erlang seed meets every target", 100*maxMargin)
}

// withMargin is the seed with a uniform margin, rounded up per interval.
func (p *planner) withMargin(margin float64) [][]int {
	x := make([][]int, len(p.planned))
	for k := range x {
		x[k] = make([]int, p.n)
		for i, f := range p.seed[k] {
			x[k][i] = int(math.Ceil(f*(1+margin) - 1e-9))
		}
	}
	return x
}
