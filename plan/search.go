package plan

import (
	"context"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// maxStep bounds how many agents one iteration adds to or removes from
// one group in one interval, so that a poor Erlang calibration cannot
// throw the search far off.
const maxStep = 4

// simulate runs the model with on-floor staffing x (paid headcount from
// the shrinkage), the given seed and replications.
func (p *planner) simulate(ctx context.Context, x [][]int, seed uint64, reps int) (*sample, error) {
	paid := make([][]float64, len(x))
	for k := range x {
		paid[k] = make([]float64, p.n)
		for i, a := range x[k] {
			paid[k][i] = float64(p.scheduled(k, a))
		}
	}
	return p.simulateWith(ctx, x, paid, seed, reps)
}

// simulateWith runs the model with on-floor staff and paid headcount per
// planned group and interval, keeping the replications' counts the checks
// pool.
func (p *planner) simulateWith(ctx context.Context, staff [][]int, paid [][]float64, seed uint64, reps int) (*sample, error) {
	m := *p.m
	m.Seed, m.Replications = seed, reps
	m.Groups = append([]sim.Group(nil), p.m.Groups...)
	for k, gi := range p.planned {
		g := &m.Groups[gi]
		g.Staff = append([]int(nil), staff[k]...)
		g.Paid = append([]float64(nil), paid[k]...)
		// The input's shifts, and their paid breaks, are replaced.
		g.Shifts, g.PaidBreaks = nil, nil
	}
	spans, idx := p.spans()
	base := p.work
	opts := sim.Options{Workers: p.opts.Workers, Spans: spans}
	weight := float64(reps) / float64(p.opts.Replications)
	if p.opts.Progress != nil && p.workTotal > 0 {
		opts.Progress = func(done float64) { p.progress((base + weight*done) / p.workTotal) }
	}
	r, err := sim.Run(ctx, &m, opts)
	p.work += weight
	if err != nil {
		return nil, fmt.Errorf("plan: simulating: %w", err)
	}
	return &sample{r: r, reps: reps, span: idx}, nil
}

// A plan is checked with fresh seeds: while a check finds estimates
// short of their limits, at most verifyRounds times, and then only while
// some target is missed beyond its confidence bound, at most
// maxVerifyRounds times.
const (
	verifyRounds    = 2
	maxVerifyRounds = 3
)

// GiveUpTries is how many consecutive simulations may find a target
// unmet after agents were added for it before the search gives up on it,
// unless the agents have closed at least half of its gap in that time
// (see progressing).
const GiveUpTries = 4

// gapOf is how far a check's estimate falls short of its limit.
func gapOf(k check) float64 {
	if k.upper {
		return k.est.mean - k.limit
	}
	return k.limit - k.est.mean
}

// progressing reports whether the agents added for a failing check since
// it first failed have closed at least half of its gap then: a target
// that more agents still move is not one they cannot meet.
func (p *planner) progressing(k check) bool {
	first, ok := p.firstGap[k.key()]
	return ok && first > 0 && gapOf(k) <= first/2
}

// Replications of the coarse stage: a quarter of the plan's, at least
// coarseMinReps, for at most coarseRounds simulations.
const (
	coarseMinReps = 4
	coarseRounds  = 6
)

// The coarse stage stops when a step changes fewer agent-intervals than
// coarseSettled of them all. The fine stage stops removing agents when a
// removal would save less than fineGain of the paid hours: its
// simulations cost four times the coarse stage's, and a removal that
// overshoots costs another to undo.
const (
	coarseSettled = 0.002
	fineGain      = 0.01
)

// coarseReps is the replications of the coarse stage; 0 when the plan's
// are too few to save anything.
func (p *planner) coarseReps() int {
	r := max(coarseMinReps, (p.opts.Replications+3)/4)
	if 2*r > p.opts.Replications {
		return 0
	}
	return r
}

// fineRounds bounds the fine stage's simulations with all the
// replications: with the coarse stage's and the checks' they keep a plan
// within about ten times one run of the scenario.
const fineRounds = 2

// search runs the simulation correction from the Erlang seed: a coarse
// stage with a quarter of the replications brings each interval close to
// what it needs (see coarse), the fine stage with all of them settles it
// at the confidence (see correct), then the plan is checked with a fresh
// seed. Where that check finds a target's estimate short of its limit,
// the search seed flattered that interval: agents are added there and the
// plan is checked again with the next fresh seed (see verifyRounds). A
// seed that led to a change is never the one reported, so the final check
// is independent of every decision but the last "keep". A plan is met
// when its last check misses no target beyond its confidence bound and no
// target was given up; estimates short of their limit within their
// confidence (noise, at that seed) are listed apart.
func (p *planner) search(ctx context.Context) ([][]int, *sample, *Result, error) {
	cr := p.coarseReps()
	x := p.seedStaff()
	p.workTotal = float64(min(p.opts.MaxIterations, fineRounds)+verifyRounds) + float64(coarseRounds*cr)/float64(p.opts.Replications)
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
	step, changed := "seed", 0
	if cr > 0 {
		var err error
		if changed, err = p.coarse(ctx, x, res, cr); err != nil {
			return nil, nil, nil, err
		}
		step = "coarse"
	}
	x, err := p.correct(ctx, x, known, res, step, changed)
	if err != nil {
		return nil, nil, nil, err
	}
	for round := 1; ; round++ {
		res.CheckSeed = p.opts.Seed + uint64(round)
		s, err := p.simulate(ctx, x, res.CheckSeed, p.opts.Replications)
		if err != nil {
			return nil, nil, nil, err
		}
		// Short: the fresh bound on the unfavourable side falls short of
		// the limit (the estimate, for a figure too thin to be confirmed).
		// Missed: even the favourable bound does.
		var short []check
		missed, stuck := 0, 0
		for _, k := range p.checks(s, x) {
			key := k.key()
			switch {
			case p.met(k):
				delete(p.tries, key)
			case p.gaveUp[key]:
				// Given up in an earlier check: its figures are this
				// check's, as the plan's other figures are.
				p.refreshGaveUp(res, k)
			case !p.plannable(k):
				// No planned group can take an agent for it: missed
				// beyond its bound, it cannot be met by this plan.
				if p.missed(k) {
					p.gaveUp[key] = true
					m := p.miss(k, res.Labels)
					m.Why = p.whyUnplannable(k)
					res.GaveUp = append(res.GaveUp, m)
				} else {
					stuck++
				}
			case p.tries[key] >= GiveUpTries && !p.progressing(k):
				p.gaveUp[key] = true
				res.GaveUp = append(res.GaveUp, p.miss(k, res.Labels))
			default:
				if p.tries[key] == 0 {
					p.firstGap[key] = gapOf(k)
				}
				p.tries[key]++
				short = append(short, k)
				if p.missed(k) {
					missed++
				}
			}
		}
		hours, cost := p.paidHours(x)
		res.Iterations = append(res.Iterations, Iteration{Step: fmt.Sprintf("check %d", round), PaidHours: hours, Cost: cost, Failing: len(short) + stuck + len(p.gaveUp)})
		// Agents go where the fresh figures fall short, to bring them to
		// the limit moved by their half-width, as the search demands.
		adds := p.addsAt(s, x, short, nil, p.halfWidth)
		if len(short) == 0 || len(adds) == 0 || round >= verifyRounds && (missed == 0 || round >= maxVerifyRounds) {
			res.Met = missed == 0 && len(res.GaveUp) == 0
			return x, s, res, nil
		}
		// The search seed flattered these intervals: their agents go up
		// to what the fresh figures ask, and the next fresh seed checks
		// the plan again. Agents added take no service from another
		// target, so the search need not run again.
		for _, a := range adds {
			x[a.k][a.i] += a.n
			res.Iterations[len(res.Iterations)-1].Changed += a.n
		}
	}
}

// coarse brings staffing x close to what each interval needs with few
// replications: every check whose estimate misses the figure the fine
// stage will demand (the limit moved by the half-width the plan's
// replications are expected to give) gets the agents the calibrated
// Erlang model says; every group and interval whose checks all have room
// gives up the agents they can spare against the same figure. Adds and
// removals go together, so a few simulations move the whole horizon. It
// stops when a step changes fewer agent-intervals than coarseSettled of
// them all, and returns the last step's change for the log.
func (p *planner) coarse(ctx context.Context, x [][]int, res *Result, reps int) (int, error) {
	step, changed := "seed", 0
	// failed[k][i] is the highest count the coarse stage found short: it
	// does not cut back to it, so that an interval does not swing.
	failed := make([][]int, len(x))
	for k := range failed {
		failed[k] = make([]int, p.n)
		for i := range failed[k] {
			failed[k][i] = -1
		}
	}
	for round := 0; round < coarseRounds && p.iterations < p.opts.MaxIterations-1; round++ {
		p.iterations++
		s, err := p.simulate(ctx, x, p.opts.Seed, reps)
		if err != nil {
			return 0, err
		}
		all := p.checks(s, x)
		p.observe(all, x, reps)
		// The fine stage will demand the limit moved by the half-width its
		// replications give (aim). The coarse estimate is itself noisy:
		// only a check short of the aim by more than its own standard
		// error gets agents, and agents go only where they are spare with
		// that error to spare as well; the fine stage settles the rest.
		aim := func(k check) float64 { return p.expectedHalfWidth(k, reps) }
		noise := func(k check) float64 {
			if !k.decisive || k.est.reps < 2 || math.IsNaN(k.est.sd) {
				return 0
			}
			return k.est.sd / math.Sqrt(float64(k.est.reps))
		}
		var failing []check
		stuck := 0 // short, and no agent can be added for them
		for _, k := range all {
			if !p.plannable(k) {
				if !p.met(k) {
					stuck++
				}
				continue
			}
			if !p.meetsAim(k, aim(k)-noise(k)) {
				failing = append(failing, k)
			}
		}
		hours, cost := p.paidHours(x)
		res.Iterations = append(res.Iterations, Iteration{Step: step, Changed: changed, PaidHours: hours, Cost: cost, Failing: len(failing) + stuck + len(p.gaveUp)})
		adds := p.addsAt(s, x, failing, nil, aim)
		spareAim := func(k check) float64 { return aim(k) + noise(k) }
		added := map[[2]int]bool{}
		for _, a := range adds {
			added[[2]int{a.k, a.i}] = true
		}
		var cuts []change
		if round < coarseRounds-1 {
			// The last coarse step only adds, so that the fine stage
			// starts where the coarse estimates say nothing is short.
			for _, c := range p.removalsAt(s, x, all, failed, spareAim) {
				if !added[[2]int{c.k, c.i}] {
					cuts = append(cuts, c)
				}
			}
		}
		changed = 0
		for _, a := range adds {
			failed[a.k][a.i] = max(failed[a.k][a.i], x[a.k][a.i])
			x[a.k][a.i] += a.n
			changed += a.n
		}
		for _, c := range cuts {
			x[c.k][c.i] -= c.n
			changed += c.n
		}
		step = "coarse"
		total := 0
		for k := range x {
			for _, a := range x[k] {
				total += a
			}
		}
		if float64(changed) < coarseSettled*float64(total) || changed == 0 {
			break
		}
	}
	return changed, nil
}

// expectedHalfWidth is the half-width a check is expected to have with
// the plan's replications, from an estimate made with fewer: Student's t
// at the plan's replications on the deviation seen, and for a share the
// binomial width on the contacts scaled up to them.
func (p *planner) expectedHalfWidth(k check, reps int) float64 {
	if !k.decisive {
		return 0
	}
	e := k.est
	scale := float64(p.opts.Replications) / float64(reps)
	e.reps = int(math.Round(float64(e.reps) * scale))
	e.trials *= scale
	e.events *= scale
	k.est = e
	return p.halfWidth(k)
}

// meetsAim reports whether the check's estimate is within its limit moved
// by h towards the safe side.
func (p *planner) meetsAim(k check, h float64) bool {
	if k.upper {
		return k.est.mean+h <= k.limit+slack
	}
	return k.est.mean-h >= k.limit-slack
}

// correct runs the fine stage from staffing x with all the plan's
// replications, for at most fineRounds simulations: simulate with the
// search seed; if a target is not met at the confidence, add agents where
// it fails; else, when it saves at least fineGain of the paid hours,
// remove agents where the secant or the calibrated Erlang model says they
// are spare. A count that failed is never tried again (known). It
// returns the staffing to check: the last one simulated if every target
// held there, else the last one with its additions (which the checks then
// judge with fresh seeds). step and changed describe how x was reached,
// for the log.
func (p *planner) correct(ctx context.Context, x [][]int, known [][]int, res *Result, step string, changed int) ([][]int, error) {
	var cuts []change // the last step's removals
	aim := p.halfWidth
	for round := 0; round < fineRounds && p.iterations < p.opts.MaxIterations; round++ {
		p.iterations++
		s, err := p.simulate(ctx, x, p.opts.Seed, p.opts.Replications)
		if err != nil {
			return nil, err
		}
		all := p.checks(s, x)
		p.observe(all, x, p.opts.Replications)
		var failing []check
		stuck := 0 // short, and no agent can be added for them
		for _, k := range all {
			key := k.key()
			switch {
			case p.met(k):
				delete(p.tries, key)
				delete(p.firstTry, key)
			case p.gaveUp[key]:
			case !p.plannable(k):
				stuck++
			case p.tries[key] >= GiveUpTries && meetsAtMean(k):
				// Its estimate meets the limit, but agents added again and
				// again have not confirmed it at the confidence: a figure
				// this noisy is judged by its estimate from now on, never
				// called impossible.
				p.lenient[key] = true
				delete(p.tries, key)
			case p.lenient[key] && meetsAtMean(k):
			case p.tries[key] >= GiveUpTries && p.progressing(k):
				// Still closing in: keep adding.
				p.tries[key] = 1
				p.firstGap[key] = gapOf(k)
				failing = append(failing, k)
			case p.tries[key] >= GiveUpTries:
				// Agents added again and again have not met it, nor
				// brought it closer: an outage, an overflow that cannot
				// reach the target time, a goal beyond the model. Stop
				// spending on it, and let the removals take back what was
				// added for it.
				p.gaveUp[key] = true
				res.GaveUp = append(res.GaveUp, p.miss(k, res.Labels))
				if at, ok := p.firstTry[key]; ok {
					known[at.k][at.i] = min(known[at.k][at.i], at.n-1)
				}
			default:
				if p.tries[key] == 0 {
					p.firstGap[key] = gapOf(k)
					if k.scope == "channel" && k.interval >= 0 {
						if g := p.addGroup(k.channel, k.interval); g >= 0 {
							p.firstTry[key] = change{g, k.interval, x[g][k.interval]}
						}
					}
				}
				p.tries[key]++
				failing = append(failing, k)
			}
		}
		hours, cost := p.paidHours(x)
		res.Iterations = append(res.Iterations, Iteration{Step: step, Changed: changed, PaidHours: hours, Cost: cost, Failing: len(failing) + stuck + len(p.gaveUp)})
		if os.Getenv("PLANDEBUG") != "" {
			for _, f := range failing {
				fmt.Fprintf(os.Stderr, "  fail %s %d %s pool[%d,%d) mean %.4f lo %.4f hi %.4f lim %.3f n %.0f reps %d tries %d x=%v\n", p.m.Channels[max(0, f.channel)].Name, f.interval, f.metric, f.from, f.to, f.est.mean, f.est.lower(0.95), f.est.upper(0.95), f.limit, f.est.trials, f.est.reps, p.tries[f.key()], xAt(x, f.interval))
			}
		}
		if len(failing) == 0 {
			cuts = p.removalsAt(s, x, all, known, aim)
			if saved, _ := p.paidHours(cutStaff(x, cuts)); len(cuts) == 0 || hours-saved < fineGain*hours || round == fineRounds-1 {
				return x, nil
			}
			step, changed = "remove", 0
			for _, c := range cuts {
				x[c.k][c.i] -= c.n
				changed += c.n
			}
			continue
		}
		adds := p.addsAt(s, x, failing, cuts, aim)
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
	return x, nil
}

func xAt(x [][]int, i int) []int {
	if i < 0 {
		return nil
	}
	var out []int
	for k := range x {
		out = append(out, x[k][i])
	}
	return out
}

// change is a number of on-floor agents to add or remove in one group
// (planned index k) and interval.
type change struct{ k, i, n int }

// cutStaff is x less the cuts, in a copy.
func cutStaff(x [][]int, cuts []change) [][]int {
	y := cloneStaff(x)
	for _, c := range cuts {
		y[c.k][c.i] -= c.n
	}
	return y
}

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

// answeredTooLate reports whether a service-level check cannot be met by
// any staffing because every group that serves its channel takes a
// contact only after it has waited longer than the target's time (an
// overflow group alone): it then names the shortest such wait.
func (p *planner) answeredTooLate(k check) (float64, bool) {
	if k.metric != sim.ServiceLevel.Key() || k.channel < 0 {
		return 0, false
	}
	ch := &p.m.Channels[k.channel]
	threshold := ch.Target.Threshold
	// A class without a target time of its own is held to the channel's,
	// as the engine counts it.
	if k.class >= 0 && ch.Classes[k.class].Target.Threshold > 0 {
		threshold = ch.Classes[k.class].Target.Threshold
	}
	soonest, serves := math.Inf(1), false
	for _, g := range p.m.Groups {
		for _, s := range g.Skills {
			if s.Channel == k.channel {
				soonest, serves = math.Min(soonest, s.After), true
			}
		}
	}
	return soonest, serves && soonest > threshold
}

// refreshGaveUp sets a given-up target's figures in res to check k's.
func (p *planner) refreshGaveUp(res *Result, k check) {
	m := p.miss(k, res.Labels)
	for i := range res.GaveUp {
		g := &res.GaveUp[i]
		if g.Scope == m.Scope && g.Name == m.Name && g.Interval == m.Interval && g.Metric == m.Metric {
			g.Mean, g.Bound, g.Pooled = m.Mean, m.Bound, m.Pooled
			return
		}
	}
}

// whyUnplannable says why no planned group can take an agent for a
// check (see plannable), naming the groups.
func (p *planner) whyUnplannable(k check) string {
	if after, late := p.answeredTooLate(k); late {
		return fmt.Sprintf("every group that serves %s takes a contact only after it has waited %s, past the target's time",
			p.m.Channels[k.channel].Name, strconv.FormatFloat(after, 'g', -1, 64)+"s")
	}
	if k.scope == "group" {
		return fmt.Sprintf("group %s is out all interval (an outage)", p.m.Groups[p.planned[k.group]].Name)
	}
	ks := p.servers(k.channel)
	if len(ks) == 0 {
		return fmt.Sprintf("no planned group serves %s", p.m.Channels[k.channel].Name)
	}
	var names []string
	for _, g := range ks {
		names = append(names, p.m.Groups[p.planned[g]].Name)
	}
	return fmt.Sprintf("every planned group that serves %s is out (an outage): %s", p.m.Channels[k.channel].Name, strings.Join(names, ", "))
}

// plannable reports whether the search can act on a check: some planned
// group can take more agents for it.
func (p *planner) plannable(k check) bool {
	if _, late := p.answeredTooLate(k); late {
		return false
	}
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
// (For a channel routed by site the search places agents with addRouted;
// addGroup only says whether and where a first one could go.)
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

// outAll reports whether planned group k is out (an outage, or its site
// closed or down) for the whole of interval i, so that agents there take
// nothing.
func (p *planner) outAll(k, i int) bool {
	lo, hi := float64(i)*p.L, float64(i+1)*p.L
	for _, w := range p.m.GroupDown(p.planned[k]) {
		if w.From <= lo && w.To >= hi {
			return true
		}
	}
	return false
}

// addsAt decides where agents go for the failing checks, each of which
// must reach its limit moved by aim(check) to the safe side. When the last
// step removed agents, a failure is first put down to the removals that
// can explain it, which are undone: those of a group serving the channel
// in the failing interval or the one before (a queue carries over), or,
// for deferred work, anywhere in the request's target window. Only a
// failure no removal explains gets new agents.
func (p *planner) addsAt(s *sample, x [][]int, failing []check, cuts []change, aim func(check) float64) []change {
	var out []change
	var deferred []check
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
				near = p.serves(c.k, f.channel) && c.i >= f.from-1 && c.i < f.to
			default:
				near = p.serves(c.k, f.channel) && c.i >= f.from && c.i < f.to-1+p.window(f.channel)
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
			hi := f.est.mean + aim(f)
			n := int(math.Ceil(xi*(hi/f.limit-1) - 1e-9))
			out = append(out, change{f.group, f.interval, p.clampStep(n, x[f.group][f.interval])})
		case f.metric == sim.QueueEnd.Key():
			out = append(out, p.backlogAdds(f, x)...)
		case f.interval < 0:
			// A class missing its target over the horizon: one more agent
			// where its channel does worst.
			i := p.worstInterval(s.r, f.channel)
			if i < 0 {
				continue
			}
			if c, ok := p.addFor(s.r, f.channel, i, 1); ok {
				out = append(out, c)
			}
		case !p.m.Channels[f.channel].Realtime() && f.metric == sim.ServiceLevel.Key():
			deferred = append(deferred, f)
		case p.m.Routed(f.channel) && p.m.Channels[f.channel].Realtime():
			// A channel routed by site: its agents go to every open site
			// by its share.
			i := f.interval
			if f.to-f.from > 1 {
				i = p.worstOf(s.r, f)
			}
			n := max(p.erlangStep(f, aim(f), x), p.tries[f.key()])
			out = append(out, p.addRouted(f.channel, i, n)...)
		default:
			i, n := f.interval, 1
			if f.to-f.from > 1 {
				// Pooled: the agents go where the pool loses most.
				i = p.worstOf(s.r, f)
			} else if p.m.Channels[f.channel].Realtime() {
				n = p.erlangStep(f, aim(f), x)
			}
			// A target still short after agents were added for it took
			// too small a step: each repeat adds one more.
			n = max(n, p.tries[f.key()])
			if c, ok := p.addFor(s.r, f.channel, i, n); ok {
				out = append(out, c)
			}
		}
	}
	return sumChanges(merge(out), p.deferredAdds(s, x, deferred, aim))
}

// sumChanges adds the changes of b to those of a, per group and interval,
// in a fixed order.
func sumChanges(a, b []change) []change {
	out := append([]change(nil), a...)
	at := map[[2]int]int{}
	for j, c := range out {
		at[[2]int{c.k, c.i}] = j
	}
	for _, c := range b {
		key := [2]int{c.k, c.i}
		if j, ok := at[key]; ok {
			out[j].n += c.n
			continue
		}
		at[key] = len(out)
		out = append(out, c)
	}
	return out
}

// deferredAdds are the agents for deferred service levels short of their
// goal. A request is answered some time within its target window, so the
// work of the requests that must be answered sooner (the shortfall times
// the interval's requests times the agent time of one) is spread over the
// check's window, the shortfalls of a channel add up, and the agent time
// is turned into whole agents interval by interval, carrying the
// remainder forward, in the group that takes the channel. The agents are
// summed, not merged: each failing interval's late requests need their
// own agent time.
func (p *planner) deferredAdds(s *sample, x [][]int, failing []check, aim func(check) float64) []change {
	if len(failing) == 0 {
		return nil
	}
	work := make([][]float64, len(p.m.Channels)) // agent-seconds per interval
	for _, f := range failing {
		c := f.channel
		if work[c] == nil {
			work[c] = make([]float64, p.n)
		}
		offered := 0.0
		for i := f.from; i < f.to; i++ {
			offered += s.r.Channels[c].Intervals[i][sim.Offered].Mean
		}
		short := math.Max(0, f.limit+aim(f)-f.est.mean) * offered * p.dem[c].aht
		// A target still short after agents were added for it took too
		// small a step: each repeat adds as much again.
		short *= float64(max(1, p.tries[f.key()]))
		hi := min(p.n, f.to-1+p.window(c))
		for i := f.from; i < hi; i++ {
			work[c][i] += short / float64(hi-f.from)
		}
	}
	var out []change
	for c, w := range work {
		if w == nil {
			continue
		}
		carry, placed, last := 0.0, 0, -1
		for i, v := range w {
			carry += v / p.L
			if v > 0 {
				last = i
			}
			if n := int(math.Round(carry)); n >= 1 {
				if k := p.addGroup(c, i); k >= 0 {
					out = append(out, change{k, i, n})
					placed += n
				}
				carry -= float64(n)
			}
		}
		if placed == 0 && last >= 0 {
			// Less than half an agent's interval of work in all: one
			// agent where the backlog stands highest.
			if ch, ok := p.addFor(s.r, c, failing[0].interval, 1); ok {
				out = append(out, ch)
			}
		}
	}
	return out
}

// backlogAdds are the agents that clear a deferred channel's excess
// backlog at the end of the horizon (see backlogLimit): the excess
// requests' agent time, spread evenly over the channel's last window, in
// the group that takes the channel there.
func (p *planner) backlogAdds(f check, x [][]int) []change {
	w := p.window(f.channel)
	excess := f.est.mean + p.halfWidth(f) - f.limit
	perAgent := float64(w) * p.L / p.dem[f.channel].aht // requests one agent answers over the window
	n := max(1, int(math.Ceil(excess/perAgent-1e-9)))
	var out []change
	for i := max(0, p.n-w); i < p.n; i++ {
		if k := p.addGroup(f.channel, i); k >= 0 {
			out = append(out, change{k, i, p.clampStep(n, x[k][i])})
		}
	}
	return out
}

// worstOf is the interval of a pooled check where its channel loses the
// most contacts to the figure: late or abandoned contacts, or waiting
// time for an ASA.
func (p *planner) worstOf(r *sim.Result, f check) int {
	best, most := f.interval, -1.0
	for i := f.from; i < f.to; i++ {
		v := &r.Channels[f.channel].Intervals[i]
		var lost float64
		switch f.metric {
		case sim.ServiceLevel.Key():
			lost = v[sim.Offered].Mean * (1 - nanTo(v[sim.ServiceLevel].Mean, 1))
		case sim.AbandonRate.Key():
			lost = v[sim.Abandoned].Mean
		default:
			lost = v[sim.Answered].Mean * nanTo(v[sim.ASA].Mean, 0)
		}
		if lost > most {
			best, most = i, lost
		}
	}
	return best
}

func nanTo(v, alt float64) float64 {
	if math.IsNaN(v) {
		return alt
	}
	return v
}

// addRouted places n agents for a real-time channel c routed by site that
// fails in interval i. The channel's figures do not say which site's
// contacts waited too long, and a contact waits for its own site before
// it overflows, so every site open in i gets agents in proportion to its
// share (at least one each), at its cheapest taker; the removals take
// back what a site did not need.
func (p *planner) addRouted(c, i, n int) []change {
	takers, _ := p.takers(c)
	buckets, weight := p.siteBuckets(c, takers, i)
	var out []change
	for b, ks := range buckets {
		if k := p.cheapest(ks, i); k >= 0 {
			out = append(out, change{k, i, max(1, int(math.Round(float64(n)*weight[b])))})
		}
	}
	return out
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

// clampStep bounds a step of agents in one group and interval: at least
// one, at most maxStep or a sixth of the agents there, whichever is more,
// so that a large interval can move as far as its calibration says in
// one simulation while a small one is not thrown off by a poor one.
func (p *planner) clampStep(n, agents int) int {
	return max(1, min(max(maxStep, agents/6), n))
}

// erlangStep is how many agents a failing real-time check needs. Erlang
// calibrated on the simulation gives a first answer: the agent count at
// which the channel's Erlang model gives the simulated figure stands for
// the agents the channel really has (blending, escalations and carry-over
// included); the step is the distance from there to the count at which
// Erlang gives the figure the check demands (the limit moved by h). Once
// the check has been simulated at two agent counts with the same
// replications, the secant through them replaces Erlang's slope: common
// random numbers make that difference the agents' doing, and blended
// teams and ramps make the simulated curve flatter or steeper than
// Erlang's.
func (p *planner) erlangStep(f check, h float64, x [][]int) int {
	agents := 0
	if k := p.addGroup(f.channel, f.interval); k >= 0 {
		agents = x[k][f.interval]
	}
	if n, ok := p.secant(f, h, x); ok {
		return p.clampStep(int(math.Ceil(n-1e-9)), agents)
	}
	have, want, ok := p.calibrate(f, h)
	if !ok {
		return 1
	}
	return p.clampStep(int(math.Ceil(want-have-1e-9)), agents)
}

// spare is how many agents a met real-time check can give up: by the
// secant through its last two simulated agent counts when there is one
// (see erlangStep), else by the Erlang calibration, halved and rounded up:
// far above its limit Erlang's curve is flatter than the simulated one,
// so the whole excess would overshoot, and every removal that overshoots
// costs a simulation to undo. 0 when neither can tell.
func (p *planner) spare(f check, h float64, x [][]int) int {
	if n, ok := p.secant(f, h, x); ok {
		return max(0, int(math.Floor(-n+1e-9)))
	}
	have, want, ok := p.calibrate(f, h)
	if !ok {
		return 0
	}
	return max(0, int(math.Ceil(math.Floor(have-want+1e-9)/2)))
}

// observation is a real-time check's figure at the agents of the group
// that takes its channel, in one simulation.
type observation struct {
	agents, reps int
	mean         float64
}

// observe records the single-interval real-time checks of a simulation:
// p.last holds each one's latest observation, and p.slopes its latest
// slope on the shortfall scale (see shortfall) between two simulations
// with the same replications at different agent counts. Common random
// numbers make that difference the agents' doing; blended teams and ramps
// make it steeper or flatter than Erlang's.
func (p *planner) observe(all []check, x [][]int, reps int) {
	for _, f := range all {
		if f.scope != "channel" || f.to-f.from != 1 || !p.m.Channels[f.channel].Realtime() || math.IsNaN(f.est.mean) {
			continue
		}
		k := p.addGroup(f.channel, f.interval)
		if k < 0 {
			continue
		}
		o := observation{agents: x[k][f.interval], reps: reps, mean: f.est.mean}
		key := f.key()
		if l, ok := p.last[key]; ok && l.agents != o.agents && l.reps == o.reps {
			slope := (shortfall(f.metric, o.mean) - shortfall(f.metric, l.mean)) / float64(o.agents-l.agents)
			if slope < -1e-9 {
				p.slopes[key] = slope
			}
		}
		p.last[key] = o
	}
}

// shortfall maps a figure to a scale on which a queue's curve against its
// agents is close to a straight line, lower being better: the log of the
// share answered late, of the share abandoning, of the ASA. Each falls
// about exponentially as agents are added (the tail of Erlang's waiting
// time), so a secant on this scale extrapolates where a secant on the
// figure itself would fall short.
func shortfall(metric string, v float64) float64 {
	switch metric {
	case sim.ServiceLevel.Key():
		return math.Log(math.Max(1e-6, 1-v))
	case sim.AbandonRate.Key():
		return math.Log(math.Max(1e-6, v))
	case sim.ASA.Key():
		return math.Log(math.Max(1e-3, v))
	}
	return v
}

// secant is the change in agents that brings the check to its limit
// moved by h, along the check's latest simulated slope (see observe) from
// its current figure: positive to add, negative when agents are spare.
// ok only when a slope was seen.
func (p *planner) secant(f check, h float64, x [][]int) (float64, bool) {
	slope, ok := p.slopes[f.key()]
	if !ok || f.to-f.from != 1 || math.IsNaN(f.est.mean) {
		return 0, false
	}
	target := f.limit + h
	if f.upper {
		target = f.limit - h
	}
	return (shortfall(f.metric, target) - shortfall(f.metric, f.est.mean)) / slope, true
}

// calibrate returns the Erlang agent counts that give the check's
// simulated figure (have) and the figure it must reach, its limit moved
// by h to the safe side (want).
func (p *planner) calibrate(f check, h float64) (have, want float64, ok bool) {
	d := p.dem[f.channel]
	a := d.load(f.interval, p.L)
	if a <= 0 || f.to-f.from > 1 || math.IsNaN(f.est.mean) {
		return 0, 0, false
	}
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
	have, okH = at(f.est.mean)
	if f.upper {
		want, okW = at(f.limit - h)
	} else {
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

// removalsAt decides where agents can go when every target is met, each
// check keeping its limit moved by aim(check) to the safe side. A group
// gives up agents in an interval only when every check they touch can
// spare them: real-time checks by the Erlang calibration, occupancy by
// its ratio, deferred service levels when their margin covers the requests
// that the lost agent time would have answered (counted as all late).
// known holds counts known to fail.
func (p *planner) removalsAt(s *sample, x [][]int, all []check, known [][]int, aim func(check) float64) []change {
	// byInterval[i] lists the checks a removal in interval i may disturb;
	// deferred service levels are budgeted apart (below).
	byInterval := make([][]int, p.n)
	var deferred []int
	for j, f := range all {
		switch {
		case f.interval < 0:
			// Class totals over the horizon can spare anything (see
			// canSpare).
		case f.scope == "group":
			byInterval[f.interval] = append(byInterval[f.interval], j)
		case f.metric == sim.QueueEnd.Key():
			for i := max(0, p.n-p.window(f.channel)); i < p.n; i++ {
				byInterval[i] = append(byInterval[i], j)
			}
		case p.m.Channels[f.channel].Realtime():
			for i := f.from; i < f.to; i++ {
				byInterval[i] = append(byInterval[i], j)
			}
		default:
			deferred = append(deferred, j)
		}
	}
	// A deferred service level is far from its deadlines when no request
	// of the channel waits more than half the longest target time anywhere
	// in the check's window: agents may then go, as the simulation will
	// show if they went too far. Closer to the deadline, none may.
	blocked := make([][]bool, p.n) // blocked[i][c]
	for _, j := range deferred {
		f := all[j]
		c := f.channel
		tmax := float64(p.window(c)) * p.L
		far := !f.upper && p.met(f)
		hi := min(p.n, f.to-1+p.window(c))
		for i := f.from; far && i < hi; i++ {
			age := statEstimate(s.r.Channels[c].Intervals[i][sim.OldestAge])
			far = !(age.mean > 0) || age.mean+p.halfWidth(check{upper: true, est: age}) <= tmax/2
		}
		if far {
			continue
		}
		for i := f.from; i < hi; i++ {
			if blocked[i] == nil {
				blocked[i] = make([]bool, len(p.m.Channels))
			}
			blocked[i][c] = true
		}
	}
	var out []change
	for i := range p.n {
		for k := range p.planned {
			s0 := min(x[k][i], x[k][i]-1-known[k][i])
			st := min(p.clampStep(s0, x[k][i]), s0)
			if st < 1 {
				continue
			}
			for _, j := range byInterval[i] {
				if st < 1 {
					break
				}
				st = min(st, p.canSpare(s.r, all[j], k, i, x, aim(all[j])))
			}
			for c, b := range blocked[i] {
				if b && p.serves(k, c) {
					st = 0
				}
			}
			if st < 1 {
				continue
			}
			out = append(out, change{k, i, st})
		}
	}
	return out
}

// canSpare bounds the agents group k may lose in interval i for check f,
// which must keep its limit moved by h (maxStep when f does not depend on
// them).
func (p *planner) canSpare(r *sim.Result, f check, k, i int, x [][]int, h float64) int {
	free := math.MaxInt32
	switch {
	case p.gaveUp[f.key()]:
		return free // agents do not help it
	case f.scope == "group":
		if f.group != k || f.interval != i {
			return free
		}
		xi := float64(x[k][i])
		hi := f.est.mean + h
		if hi <= 0 {
			return free
		}
		return int(math.Floor(xi - xi*hi/f.limit + 1e-9))
	case !p.serves(k, f.channel):
		return free
	case f.interval < 0:
		// A class total over the horizon: one interval's agents hardly
		// move it, and the per-interval checks guard the same contacts.
		// A removal that breaks it is added back by the repair.
		return free
	case f.metric == sim.QueueEnd.Key():
		// The backlog at the end: the room under its limit is agent time
		// the channel's last window can give up, spread over the window.
		w := p.window(f.channel)
		if i < p.n-w {
			return free
		}
		room := f.limit - (f.est.mean + h)
		return max(0, int(math.Floor(room*p.dem[f.channel].aht/(float64(w)*p.L)+1e-9)))
	case p.m.Channels[f.channel].Realtime():
		if f.to-f.from > 1 {
			// Pooled: thin intervals give up nothing on a figure that
			// stands for several of them.
			return 0
		}
		if f.interval != i {
			return free
		}
		return p.spare(f, h, x)
	default:
		// Deferred service levels are budgeted by removalsAt.
		return free
	}
}

// newResult starts a Result with the scenario's description.
func (p *planner) newResult(mode string) *Result {
	return &Result{
		Name: p.m.Name, Currency: p.m.Currency, IntervalSeconds: p.L, Intervals: p.n,
		Labels: p.m.Timeline().Labels(), Mode: mode, Confidence: p.opts.Confidence,
		Replications: p.opts.Replications, Seed: p.opts.Seed, CheckSeed: p.opts.Seed + 1,
	}
}
