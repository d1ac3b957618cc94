package plan

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// BudgetInfo describes a plan made for a budget (Options.Budget).
type BudgetInfo struct {
	// Hours is the budget in paid agent-hours; Used is what the plan
	// schedules, at most Hours.
	Hours float64
	Used  float64
	// ErlangServiceLevel is the service level the allocation expects by
	// Erlang over the real-time channels it bought agents for; the
	// simulated figure is in Totals.ServiceLevel.
	ErlangServiceLevel float64
	// FirstServiceLevel is the simulated service level of the real-time
	// channels under Erlang's allocation, ServiceLevel under the final
	// one, after the simulation moved agents (Moves rounds kept).
	FirstServiceLevel, ServiceLevel float64
	Moves                           int
	// Traded are the targets the budget does not buy: those whose
	// estimate falls short of the limit in the final check.
	Traded []Miss
}

// budgetStep is how many agents past the Erlang need the budget
// allocation weighs at once.
const budgetStep = 4

// budget answers the reverse question: the best service level a number of
// paid hours buys. Work that must be done whatever the service level comes
// first: deferred work (its backlog would otherwise grow without end) and
// real-time channels without a service-level target, both at their Erlang
// seed. The rest of the hours buy real-time agents one run at a time,
// each time the run that adds the most contacts answered within target
// (by the channel's Erlang model) per paid hour, until no run fits. The
// allocation is then simulated; it is not corrected by simulation, as
// there are no targets to correct towards.
func (p *planner) budget(ctx context.Context) ([][]int, *Result, error) {
	p.workTotal = 1
	res := p.newResult("budget")
	info := &BudgetInfo{Hours: p.opts.Budget}
	res.Budget = info

	nch := len(p.dem)
	// fixed[k][i]: fractional agents the budget must fund first.
	fixed := make([][]float64, len(p.planned))
	for k := range fixed {
		fixed[k] = append([]float64(nil), p.defSeed[k]...)
	}
	// agents[c][i]: whole agents bought for real-time channel c; owner[c][i]
	// is the planned group that gets them.
	agents := make([][]int, nch)
	owner := make([][]int, nch)
	bought := make([]bool, nch)
	for c, d := range p.dem {
		agents[c] = make([]int, p.n)
		owner[c] = make([]int, p.n)
		for i := range p.n {
			owner[c][i] = p.addGroup(c, i)
		}
		if d.ch.Kind.Deferred() {
			continue
		}
		bought[c] = p.goal(c) > 0
		if bought[c] {
			continue
		}
		for k := range p.planned {
			for i := range p.n {
				fixed[k][i] += p.share[c][k][i] * d.need[i]
			}
		}
	}
	staff := func(k, i int) int {
		v := fixed[k][i]
		for c := range nch {
			if bought[c] && owner[c][i] == k {
				v += float64(agents[c][i])
			}
		}
		return int(math.Ceil(v - 1e-9))
	}
	x := make([][]int, len(p.planned))
	for k := range x {
		x[k] = make([]int, p.n)
		for i := range p.n {
			x[k][i] = staff(k, i)
		}
	}
	used, _ := p.paidHours(x)
	if used > p.opts.Budget+1e-9 {
		return nil, nil, &InputError{fmt.Errorf("plan: a budget of %g paid hours is below the %g that deferred work and channels without a service-level target need", p.opts.Budget, used)}
	}

	// within(c, i, n) is the expected contacts of c answered within target
	// in interval i with n agents.
	within := func(c, i, n int) float64 {
		d := p.dem[c]
		a := d.load(i, p.L)
		if a == 0 || n == 0 {
			return 0
		}
		m, err := d.queue(a).MetricsAt(float64(n), p.threshold(c), erlang.OverOffered)
		if err != nil {
			return 0 // unstable: no service level to speak of
		}
		return d.arrivals[i] * m.ServiceLevel
	}
	type run struct {
		c, i, n int
		gain    float64 // contacts answered in time per paid hour
		hours   float64
		ok      bool
	}
	bestRun := func(c, i int, left float64) run {
		k := owner[c][i]
		if k < 0 || p.dem[c].arrivals[i] < p.opts.MinVolume {
			return run{}
		}
		base := within(c, i, agents[c][i])
		before := float64(p.scheduled(k, x[k][i]))
		best := run{}
		// Look as far as the Erlang seed's agents (and budgetStep past
		// them), so that a peak that needs many agents before its service
		// level lifts off is weighed as a whole.
		far := max(budgetStep, int(math.Ceil(p.dem[c].need[i]))-agents[c][i]+budgetStep)
		for j := 1; j <= far; j++ {
			agents[c][i] += j
			after := float64(p.scheduled(k, staff(k, i)))
			gain := within(c, i, agents[c][i]) - base
			agents[c][i] -= j
			hours := (after - before) * p.L / 3600
			if hours > left+1e-9 || gain <= 1e-12 {
				continue
			}
			g := math.Inf(1)
			if hours > 0 {
				g = gain / hours
			}
			if !best.ok || g > best.gain {
				best = run{c, i, j, g, hours, true}
			}
		}
		return best
	}
	// The best run per channel and interval changes only when that
	// group-interval changes or the budget left no longer covers it.
	runs := make([][]run, nch)
	stale := make([][]bool, nch)
	for c := range runs {
		runs[c] = make([]run, p.n)
		stale[c] = make([]bool, p.n)
		for i := range stale[c] {
			stale[c][i] = true
		}
	}
	for {
		left := p.opts.Budget - used
		best := run{}
		for c := range nch {
			if !bought[c] {
				continue
			}
			for i := range p.n {
				if stale[c][i] || runs[c][i].hours > left+1e-9 {
					runs[c][i], stale[c][i] = bestRun(c, i, left), false
				}
				if r := runs[c][i]; r.ok && (!best.ok || r.gain > best.gain) {
					best = r
				}
			}
		}
		if !best.ok {
			break
		}
		agents[best.c][best.i] += best.n
		k := owner[best.c][best.i]
		x[k][best.i] = staff(k, best.i)
		for c := range nch {
			if owner[c][best.i] == k {
				stale[c][best.i] = true
			}
		}
		used, _ = p.paidHours(x)
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
	}
	info.Used = used
	var in, offered float64
	for c := range nch {
		if !bought[c] {
			continue
		}
		for i := range p.n {
			in += within(c, i, agents[c][i])
			offered += p.dem[c].arrivals[i]
		}
	}
	if offered > 0 {
		info.ErlangServiceLevel = in / offered
	}
	hours, cost := p.paidHours(x)
	res.Iterations = append(res.Iterations, Iteration{Step: "budget", PaidHours: hours, Cost: cost})
	floor := make([][]int, len(p.planned))
	for k := range floor {
		floor[k] = make([]int, p.n)
		for i := range p.n {
			floor[k][i] = int(math.Ceil(fixed[k][i] - 1e-9))
		}
	}
	if err := p.budgetMoves(ctx, x, floor, res); err != nil {
		return nil, nil, err
	}
	return x, res, nil
}

// budgetRounds bounds the simulations that move a budget's agents.
const budgetRounds = 6

// budgetMoves corrects Erlang's allocation by simulation: each round
// weighs, for every group and interval of a real-time channel with a
// service-level goal, the contacts answered in time that one agent more
// would add and one agent fewer would lose, by the channel's Erlang model
// calibrated on the simulated figure (the agents at which Erlang gives
// what the simulation shows), per paid hour; moves agents from the
// cheapest losses to the dearest gains while the gain is worth the loss
// and the hours stay within the budget; and keeps the move only when the
// next simulation (same seed, a quarter of the replications: common random
// numbers make the difference the move's) answers more of those contacts
// in time. Deferred work keeps the agents Erlang funded it with.
func (p *planner) budgetMoves(ctx context.Context, x, floor [][]int, res *Result) error {
	reps := p.coarseReps()
	if reps == 0 {
		reps = p.opts.Replications
	}
	inTime := func(s *sample) float64 {
		var in, all float64
		for c := range p.m.Channels {
			if !p.m.Channels[c].Realtime() || p.goal(c) <= 0 {
				continue
			}
			for i := range p.n {
				v := &s.r.Channels[c].Intervals[i]
				o, sl := v[sim.Offered].Mean, v[sim.ServiceLevel].Mean
				if math.IsNaN(sl) {
					continue
				}
				in += o * sl
				all += o
			}
		}
		if all == 0 {
			return 0
		}
		return in / all
	}
	s, err := p.simulate(ctx, x, p.opts.Seed, reps)
	if err != nil {
		return err
	}
	cur := inTime(s)
	res.Budget.FirstServiceLevel = cur
	step := max(1, p.n*len(p.planned)/20)
	for round := 0; round < budgetRounds; round++ {
		ups, downs := p.budgetMargins(s, x, floor)
		y := cloneStaff(x)
		moved := 0
		for moved < step && len(ups) > 0 && len(downs) > 0 {
			u, d := ups[0], downs[0]
			if u.k == d.k && u.i == d.i || u.value <= d.value*1.05 {
				break
			}
			y[d.k][d.i]--
			y[u.k][u.i]++
			if h, _ := p.paidHours(y); h > p.opts.Budget+1e-9 {
				y[d.k][d.i]++
				y[u.k][u.i]--
				ups = ups[1:]
				continue
			}
			ups, downs = ups[1:], downs[1:]
			moved++
		}
		if moved == 0 {
			break
		}
		t, err := p.simulate(ctx, y, p.opts.Seed, reps)
		if err != nil {
			return err
		}
		hours, cost := p.paidHours(y)
		res.Iterations = append(res.Iterations, Iteration{Step: "move", Changed: moved, PaidHours: hours, Cost: cost})
		if v := inTime(t); v > cur {
			for k := range x {
				copy(x[k], y[k])
			}
			s, cur = t, v
			res.Budget.Moves++
		} else {
			step = max(1, step/2)
		}
	}
	res.Budget.ServiceLevel = cur
	return nil
}

// margin is the contacts answered in time one agent more adds (or one
// fewer loses) in group k, interval i, per paid hour.
type margin struct {
	k, i  int
	value float64
}

// budgetMargins lists the gains of one more agent, best first, and the
// losses of one fewer, cheapest first, by the calibrated Erlang model of
// each real-time channel with a service-level goal that the group takes
// first in the interval.
func (p *planner) budgetMargins(s *sample, x, floor [][]int) (ups, downs []margin) {
	for c, d := range p.dem {
		if !d.ch.Realtime() || p.goal(c) <= 0 {
			continue
		}
		th := p.threshold(c)
		for i := range p.n {
			k := p.addGroup(c, i)
			a := d.load(i, p.L)
			v := &s.r.Channels[c].Intervals[i]
			sl, offered := v[sim.ServiceLevel].Mean, v[sim.Offered].Mean
			if k < 0 || a <= 0 || math.IsNaN(sl) || offered < p.opts.MinVolume {
				continue
			}
			have, err := d.agentsFor(a, erlang.Targets{ServiceLevel: math.Min(1-1e-6, math.Max(1e-4, sl)), Threshold: th})
			if err != nil {
				continue
			}
			at := func(n float64) float64 {
				if n <= 0 {
					return 0
				}
				m, err := d.queue(a).MetricsAt(n, th, erlang.OverOffered)
				if err != nil {
					return 0
				}
				return m.ServiceLevel
			}
			perAgent := func(delta int) float64 {
				return math.Abs(float64(p.scheduled(k, x[k][i]+delta)-p.scheduled(k, x[k][i]))) * p.L / 3600
			}
			if h := perAgent(1); h > 0 {
				ups = append(ups, margin{k, i, offered * (at(have+1) - at(have)) / h})
			}
			if x[k][i] > floor[k][i] {
				if h := perAgent(-1); h > 0 {
					downs = append(downs, margin{k, i, offered * (at(have) - at(have-1)) / h})
				}
			}
		}
	}
	slices.SortStableFunc(ups, func(a, b margin) int { return cmp.Compare(b.value, a.value) })
	slices.SortStableFunc(downs, func(a, b margin) int { return cmp.Compare(a.value, b.value) })
	return ups, downs
}

// goal is the share-weighted service-level goal of a channel.
func (p *planner) goal(c int) float64 {
	g := 0.0
	for _, cl := range p.dem[c].classes {
		g += cl.Share * cl.Target.Goal
	}
	return g
}
