package plan

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// maxStep bounds how many agents one iteration adds to or removes from
// one group in one interval, so that a poor Erlang calibration cannot
// throw the search far off.
const maxStep = 4

// simulate runs the model with on-floor staffing x (paid headcount from
// the shrinkage) and the given seed.
func (p *planner) simulate(ctx context.Context, x [][]int, seed uint64) (*sim.Result, error) {
	paid := make([][]float64, len(x))
	for k := range x {
		paid[k] = make([]float64, p.n)
		for i, a := range x[k] {
			paid[k][i] = float64(p.scheduled(k, a))
		}
	}
	return p.simulateWith(ctx, x, paid, seed)
}

// simulateWith runs the model with on-floor staff and paid headcount per
// planned group and interval.
func (p *planner) simulateWith(ctx context.Context, staff [][]int, paid [][]float64, seed uint64) (*sim.Result, error) {
	m := *p.m
	m.Seed, m.Replications = seed, p.opts.Replications
	m.Groups = append([]sim.Group(nil), p.m.Groups...)
	for k, gi := range p.planned {
		g := &m.Groups[gi]
		g.Staff = append([]int(nil), staff[k]...)
		g.Paid = append([]float64(nil), paid[k]...)
	}
	base := p.work
	opts := sim.Options{Workers: p.opts.Workers}
	if p.opts.Progress != nil && p.workTotal > 0 {
		opts.Progress = func(done float64) { p.progress((base + done) / p.workTotal) }
	}
	r, err := sim.Run(ctx, &m, opts)
	p.work++
	if err != nil {
		return nil, fmt.Errorf("plan: simulating: %w", err)
	}
	return r, nil
}

// verifyRounds bounds the fresh-seed checks of a plan.
const verifyRounds = 3

// maxTries is how many consecutive simulations may find a target unmet
// after agents were added for it before the search gives up on it.
const maxTries = 8

// search runs the simulation correction from the Erlang seed (see
// correct), then checks the plan with a fresh seed. Where that check finds
// a target missed at the confidence, the search seed was misleading there:
// agents are added, the correction resumes, and the plan is checked again
// with another fresh seed, at most verifyRounds times. A seed that led to
// a change is never the one reported, so the final check is independent of
// every decision but the last "keep".
func (p *planner) search(ctx context.Context) ([][]int, *sim.Result, *Result, error) {
	p.workTotal = float64(p.opts.MaxIterations) + verifyRounds
	x := p.seedStaff()
	// known[k][i] is the highest count known to fail (-1: none): the
	// search never goes back down to it.
	known := make([][]int, len(x))
	for k := range known {
		known[k] = make([]int, p.n)
		for i := range known[k] {
			known[k][i] = -1
		}
	}
	res := p.newResult("targets")
	best, err := p.correct(ctx, x, known, res, "seed", 0)
	if err != nil {
		return nil, nil, nil, err
	}
	res.Met = best != nil && len(res.GaveUp) == 0
	if best == nil {
		return x, nil, res, nil
	}
	for round := 1; ; round++ {
		res.CheckSeed = p.opts.Seed + uint64(round)
		r, err := p.simulate(ctx, best, res.CheckSeed)
		if err != nil {
			return nil, nil, nil, err
		}
		var missed []check
		for _, k := range p.checks(r, best) {
			if p.missed(k) && p.plannable(k) && !p.gaveUp[k.key()] {
				missed = append(missed, k)
			}
		}
		adds := p.adds(r, best, missed, nil)
		if len(missed) == 0 || round == verifyRounds || len(adds) == 0 {
			res.Met = res.Met && len(res.GaveUp) == 0
			return best, r, res, nil
		}
		x, changed := cloneStaff(best), 0
		for _, a := range adds {
			known[a.k][a.i] = max(known[a.k][a.i], x[a.k][a.i])
			x[a.k][a.i] += a.n
			changed += a.n
		}
		hours, cost := p.paidHours(best)
		res.Iterations = append(res.Iterations, Iteration{Step: fmt.Sprintf("check %d", round), PaidHours: hours, Cost: cost, Failing: len(missed)})
		next, err := p.correct(ctx, x, known, res, "add", changed)
		if err != nil {
			return nil, nil, nil, err
		}
		if next == nil {
			// Out of iterations before the search seed confirmed the
			// additions: keep them, but the search can no longer say that
			// every target is met.
			next, res.Met = x, false
		}
		best = next
	}
}

// correct runs the simulation correction from staffing x: simulate with
// the search seed; if a target is not met at the confidence, add agents
// where it fails; else remove agents where Erlang, calibrated on the
// simulated figures, says they are spare. A count that failed is never
// tried again (known), so the search ends; it returns the cheapest
// staffing that met every target, nil if none did within the iterations
// left. step and changed describe how x was reached, for the log.
func (p *planner) correct(ctx context.Context, x [][]int, known [][]int, res *Result, step string, changed int) ([][]int, error) {
	var best [][]int
	bestCost := math.Inf(1)
	var cuts []change // the last step's removals
	for p.iterations < p.opts.MaxIterations {
		p.iterations++
		r, err := p.simulate(ctx, x, p.opts.Seed)
		if err != nil {
			return nil, err
		}
		all := p.checks(r, x)
		var failing []check
		for _, k := range all {
			key := k.key()
			switch {
			case p.met(k):
				delete(p.tries, key)
				delete(p.firstTry, key)
			case !p.plannable(k) || p.gaveUp[key]:
			case p.tries[key] >= maxTries:
				// Agents added again and again have not met it: an
				// outage, an overflow that cannot reach the target time,
				// a goal beyond the model. Stop spending on it, and let
				// the removals take back what was added for it.
				p.gaveUp[key] = true
				res.GaveUp = append(res.GaveUp, p.miss(k, res.Labels))
				if at, ok := p.firstTry[key]; ok {
					known[at.k][at.i] = min(known[at.k][at.i], at.n-1)
				}
			default:
				if p.tries[key] == 0 && k.scope == "channel" && k.interval >= 0 {
					if g := p.addGroup(k.channel, k.interval); g >= 0 {
						p.firstTry[key] = change{g, k.interval, x[g][k.interval]}
					}
				}
				p.tries[key]++
				failing = append(failing, k)
			}
		}
		hours, cost := p.paidHours(x)
		res.Iterations = append(res.Iterations, Iteration{Step: step, Changed: changed, PaidHours: hours, Cost: cost, Failing: len(failing)})
		if len(failing) == 0 {
			if cost < bestCost {
				best, bestCost = cloneStaff(x), cost
			}
			cuts = p.removals(r, x, all, known)
			if len(cuts) == 0 {
				break
			}
			step, changed = "remove", 0
			for _, c := range cuts {
				x[c.k][c.i] -= c.n
				changed += c.n
			}
			continue
		}
		adds := p.adds(r, x, failing, cuts)
		cuts = nil
		if len(adds) == 0 {
			break
		}
		step, changed = "add", 0
		for _, a := range adds {
			known[a.k][a.i] = max(known[a.k][a.i], x[a.k][a.i])
			x[a.k][a.i] += a.n
			changed += a.n
		}
	}
	return best, nil
}

// change is a number of on-floor agents to add or remove in one group
// (planned index k) and interval.
type change struct{ k, i, n int }

// merge keeps the largest change per group and interval, in a fixed order.
func merge(cs []change) []change {
	var out []change
	at := map[[2]int]int{}
	for _, c := range cs {
		key := [2]int{c.k, c.i}
		if j, ok := at[key]; ok {
			out[j].n = max(out[j].n, c.n)
			continue
		}
		at[key] = len(out)
		out = append(out, c)
	}
	return out
}

// plannable reports whether the search can act on a check: some planned
// group can take more agents for it.
func (p *planner) plannable(k check) bool {
	if k.scope == "group" {
		return !p.outAll(k.group, k.interval)
	}
	if k.interval < 0 {
		return len(p.servers(k.channel)) > 0
	}
	return p.addGroup(k.channel, k.interval) >= 0
}

// servers are the planned groups that serve channel c, takers first.
func (p *planner) servers(c int) []int {
	ks, _ := p.takers(c)
	for k := range p.planned {
		if p.serves(k, c) && !slices.Contains(ks, k) {
			ks = append(ks, k)
		}
	}
	return ks
}

// addGroup picks the planned group that gets an extra agent for channel c
// in interval i: the cheapest per on-floor agent among the groups that
// take the channel (see takers), not out all interval; only when there is
// none, the cheapest of the other groups that serve it (an overflow group
// seldom helps a short target). It returns -1 when there is none.
func (p *planner) addGroup(c, i int) int {
	takers, _ := p.takers(c)
	best := p.cheapest(takers, i)
	if best < 0 {
		best = p.cheapest(p.servers(c), i)
	}
	return best
}

// cheapest returns the group of ks with the lowest hourly cost per
// on-floor agent that is not out all of interval i, -1 if none.
func (p *planner) cheapest(ks []int, i int) int {
	best, bestCost := -1, math.Inf(1)
	for _, k := range ks {
		if p.outAll(k, i) {
			continue
		}
		cost := p.m.Groups[p.planned[k]].HourlyCost / (1 - p.shrink[k])
		if cost < bestCost {
			best, bestCost = k, cost
		}
	}
	return best
}

// outAll reports whether planned group k is out (an outage) for the whole
// of interval i, so that agents there take nothing.
func (p *planner) outAll(k, i int) bool {
	lo, hi := float64(i)*p.L, float64(i+1)*p.L
	for _, w := range p.m.Groups[p.planned[k]].Outages {
		if w.From <= lo && w.To >= hi {
			return true
		}
	}
	return false
}

// adds decides where agents go for the failing checks. When the last
// step removed agents, a failure is first put down to the removals that
// can explain it, which are undone: those of a group serving the channel
// in the failing interval or the one before (a queue carries over), or,
// for deferred work, anywhere in the request's target window. Only a
// failure no removal explains gets new agents.
func (p *planner) adds(r *sim.Result, x [][]int, failing []check, cuts []change) []change {
	var out []change
	undo := func(f check) bool {
		found := false
		for _, c := range cuts {
			var near bool
			switch {
			case f.scope == "group":
				near = c.k == f.group && c.i == f.interval
			case f.interval < 0:
				near = false
			case p.m.Channels[f.channel].Realtime():
				near = p.serves(c.k, f.channel) && (c.i == f.interval || c.i == f.interval-1)
			default:
				near = p.serves(c.k, f.channel) && c.i >= f.interval && c.i < f.interval+p.window(f.channel)
			}
			if near {
				out = append(out, c)
				found = true
			}
		}
		return found
	}
	for _, f := range failing {
		if undo(f) {
			continue
		}
		switch {
		case f.scope == "group":
			xi := float64(x[f.group][f.interval])
			hi := f.stat.Mean + p.halfWidth(f.stat)
			n := int(math.Ceil(xi*(hi/f.limit-1) - 1e-9))
			out = append(out, change{f.group, f.interval, clampStep(n)})
		case f.interval < 0:
			// A class missing its target over the horizon: one more agent
			// where its channel does worst.
			i := p.worstInterval(r, f.channel)
			if i < 0 {
				continue
			}
			if c, ok := p.addFor(r, f.channel, i, 1); ok {
				out = append(out, c)
			}
		default:
			n := 1
			if p.m.Channels[f.channel].Realtime() {
				n = p.erlangStep(f)
			}
			if c, ok := p.addFor(r, f.channel, f.interval, n); ok {
				out = append(out, c)
			}
		}
	}
	return merge(out)
}

// addFor places n agents for channel c failing in interval i. Real-time
// contacts are helped in the interval they arrive. A deferred request is
// answered some time within its target window, so the agent goes where
// the channel's backlog stands highest in that window.
func (p *planner) addFor(r *sim.Result, c, i, n int) (change, bool) {
	k := p.addGroup(c, i)
	if k < 0 {
		return change{}, false
	}
	if p.m.Channels[c].Realtime() {
		return change{k, i, n}, true
	}
	best, bestQ := i, -1.0
	for j := i; j < min(p.n, i+p.window(c)); j++ {
		if p.outAll(k, j) {
			continue
		}
		if q := r.Channels[c].Intervals[j][sim.QueueEnd].Mean; q > bestQ {
			best, bestQ = j, q
		}
	}
	return change{k, best, n}, true
}

// window is the longest first-reply target of a channel, in intervals.
func (p *planner) window(c int) int {
	t := 0.0
	for _, cl := range p.dem[c].classes {
		t = math.Max(t, cl.Target.Threshold)
	}
	return max(1, int(math.Ceil(t/p.L-1e-9)))
}

// worstInterval is the checked interval with the channel's lowest service
// level, -1 if none.
func (p *planner) worstInterval(r *sim.Result, c int) int {
	best, low := -1, math.Inf(1)
	for i, v := range r.Channels[c].Intervals {
		sl := v[sim.ServiceLevel].Mean
		if v[sim.Offered].Mean >= p.opts.MinVolume && sl < low {
			best, low = i, sl
		}
	}
	return best
}

func clampStep(n int) int { return max(1, min(maxStep, n)) }

// erlangStep is how many agents a failing real-time check needs, by
// Erlang calibrated on the simulation: the agent count at which the
// channel's Erlang model gives the simulated figure stands for the agents
// the channel really has (blending, escalations and carry-over included);
// the step is the distance from there to the count at which Erlang gives
// the figure the check demands (the limit moved by the confidence
// half-width).
func (p *planner) erlangStep(f check) int {
	have, want, ok := p.calibrate(f)
	if !ok {
		return 1
	}
	return clampStep(int(math.Ceil(want - have - 1e-9)))
}

// spare is how many agents a met real-time check can give up by the same
// calibration (0 when it cannot tell).
func (p *planner) spare(f check) int {
	have, want, ok := p.calibrate(f)
	if !ok {
		return 0
	}
	return max(0, int(math.Floor(have-want+1e-9)))
}

// calibrate returns the Erlang agent counts that give the check's
// simulated figure (have) and the figure it must reach (want).
func (p *planner) calibrate(f check) (have, want float64, ok bool) {
	d := p.dem[f.channel]
	a := d.load(f.interval, p.L)
	if a <= 0 {
		return 0, 0, false
	}
	h := p.halfWidth(f.stat)
	at := func(v float64) (float64, bool) {
		var et erlang.Targets
		switch f.metric {
		case sim.ServiceLevel.Key():
			et = erlang.Targets{ServiceLevel: math.Min(1-1e-6, math.Max(1e-4, v)), Threshold: p.threshold(f.channel)}
		case sim.ASA.Key():
			et = erlang.Targets{ASA: math.Max(1e-3, v)}
		case sim.AbandonRate.Key():
			if d.patience == 0 {
				return 0, false
			}
			et = erlang.Targets{MaxAbandon: math.Min(0.999, math.Max(1e-6, v))}
		default:
			return 0, false
		}
		n, err := d.agentsFor(a, et)
		return n, err == nil
	}
	var okH, okW bool
	if f.upper {
		have, okH = at(f.stat.Mean)
		want, okW = at(f.limit - h)
	} else {
		have, okH = at(f.stat.Mean)
		want, okW = at(f.limit + h)
	}
	return have, want, okH && okW
}

// threshold is the service-level target time of a channel's Erlang model:
// the tightest of its classes.
func (p *planner) threshold(c int) float64 {
	t := math.Inf(1)
	for _, cl := range p.dem[c].classes {
		if cl.Target.Goal > 0 {
			t = math.Min(t, cl.Target.Threshold)
		}
	}
	if math.IsInf(t, 1) {
		return 0
	}
	return t
}

// removals decides where agents can go when every target is met. A group
// gives up agents in an interval only when every check they touch can
// spare them: real-time checks by the Erlang calibration, occupancy by
// its ratio, deferred service levels when their margin covers the requests
// that the lost agent time would have answered (counted as all late).
func (p *planner) removals(r *sim.Result, x [][]int, all []check, known [][]int) []change {
	var out []change
	for k := range p.planned {
		for i := range p.n {
			s := min(maxStep, x[k][i]-1-known[k][i], x[k][i])
			if s < 1 {
				continue
			}
			for _, f := range all {
				if s < 1 {
					break
				}
				s = min(s, p.canSpare(r, f, k, i, x))
			}
			if s >= 1 {
				out = append(out, change{k, i, s})
			}
		}
	}
	return out
}

// canSpare bounds the agents group k may lose in interval i for check f
// (maxStep when f does not depend on them).
func (p *planner) canSpare(r *sim.Result, f check, k, i int, x [][]int) int {
	switch {
	case p.gaveUp[f.key()]:
		return maxStep // agents do not help it
	case f.scope == "group":
		if f.group != k || f.interval != i {
			return maxStep
		}
		xi := float64(x[k][i])
		hi := f.stat.Mean + p.halfWidth(f.stat)
		if hi <= 0 {
			return maxStep
		}
		return int(math.Floor(xi - xi*hi/f.limit + 1e-9))
	case !p.serves(k, f.channel):
		return maxStep
	case f.interval < 0:
		// A class total over the horizon: one interval's agents hardly
		// move it, and the per-interval checks guard the same contacts.
		// A removal that breaks it is added back by the repair.
		return maxStep
	case p.m.Channels[f.channel].Realtime():
		if f.interval != i {
			return maxStep
		}
		return p.spare(f)
	default:
		// Deferred: the check's interval must have this one within its
		// window.
		if i < f.interval || i >= f.interval+p.window(f.channel) {
			return maxStep
		}
		if f.upper {
			return 0
		}
		return p.spareTime(r, k, i, x)
	}
}

// deferredCeiling is the occupancy up to which a group's idle time is
// taken to absorb deferred work when agents are removed.
const deferredCeiling = 0.95

// spareTime bounds the agents group k may lose in interval i without
// leaving deferred work undone: the agent time it spent busy (its upper
// confidence bound) must still fit in the agents left at an occupancy of
// deferredCeiling. Agents who were idle had no request waiting for them,
// so in the fluid picture the backlog moves as before.
func (p *planner) spareTime(r *sim.Result, k, i int, x [][]int) int {
	occ := r.Groups[p.planned[k]].Intervals[i][sim.Occupancy]
	if math.IsNaN(occ.Mean) {
		return maxStep
	}
	xi := float64(x[k][i])
	busy := (occ.Mean + p.halfWidth(occ)) * xi
	return int(math.Floor(xi - busy/deferredCeiling + 1e-9))
}

// newResult starts a Result with the scenario's description.
func (p *planner) newResult(mode string) *Result {
	return &Result{
		Name: p.m.Name, Currency: p.m.Currency, IntervalSeconds: p.L, Intervals: p.n,
		Labels: p.m.Timeline().Labels(), Mode: mode, Confidence: p.opts.Confidence,
		Replications: p.opts.Replications, Seed: p.opts.Seed, CheckSeed: p.opts.Seed + 1,
	}
}
