package plan

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"

	"github.com/ccsim/ccsim/sim"
)

// check is one target in one interval (or over the horizon) with the
// simulated figure it is judged on.
type check struct {
	scope    string // "channel", "class" or "group"
	channel  int    // -1 for a group
	class    int    // -1 unless scope is "class"
	group    int    // planned group index, -1 for channels
	interval int    // -1: over the horizon
	metric   string // sim metric key
	// upper is true for limits the figure must stay at or below (ASA,
	// abandonment, occupancy), false for goals it must reach (service
	// level).
	upper bool
	limit float64
	est   estimate
	// from and to are the intervals the figure pools, [from, to): the
	// check's own interval, widened to its neighbours when it has too few
	// contacts to be judged alone (see pooled).
	from, to int
	// decisive is false when even the pooled contacts are too few for any
	// staffing to confirm the target at the confidence (see
	// decisiveTrials): such a check is judged by its mean alone.
	decisive bool
}

// checkKey identifies a check across simulations.
type checkKey struct {
	scope                           string
	channel, class, group, interval int
	metric                          string
}

func (k check) key() checkKey {
	return checkKey{k.scope, k.channel, k.class, k.group, k.interval, k.metric}
}

// sample is one simulation of a staffing as the checks read it: the
// merged result, and the replications' counts of every channel with a
// per-interval target in every interval (the spans the simulation was
// asked for, see spans).
type sample struct {
	r    *sim.Result
	reps int
	// span[c][i] indexes r.Spans for channel c, interval i; nil for a
	// channel without per-interval targets.
	span [][]int
}

// spans asks the simulator to keep every checked channel's counts per
// interval and replication, and returns the index of each span.
func (p *planner) spans() ([]sim.Span, [][]int) {
	var out []sim.Span
	idx := make([][]int, len(p.m.Channels))
	for c := range p.m.Channels {
		if !p.hasIntervalTarget(c) {
			continue
		}
		idx[c] = make([]int, p.n)
		for i := range p.n {
			idx[c][i] = len(out)
			out = append(out, sim.Span{From: i, To: i + 1, Channels: []int{c}})
		}
	}
	return out, idx
}

// hasIntervalTarget reports whether channel c is checked per interval.
func (p *planner) hasIntervalTarget(c int) bool {
	ch := &p.m.Channels[c]
	if p.goal(c) > 0 {
		return true
	}
	return len(ch.Classes) == 0 && (ch.Target.ASA > 0 || ch.Target.MaxAbandon > 0 && ch.Realtime())
}

// Pooling. A share needs twice the contacts that a perfect record needs to
// pass (see decisiveTrials) before it is judged on its own interval, and
// an ASA poolASA answered contacts; below that the neighbouring intervals
// of the same channel join, one at a time on alternate sides, up to
// poolRadius on each side.
const (
	poolFactor = 2
	poolASA    = 60
	poolRadius = 4
)

// figure is what a per-interval check measures.
type figure int

const (
	figSL figure = iota
	figAbandon
	figASA
)

// pooledEstimate is channel c's figure over intervals [from, to), from the
// replications' counts: service level (answered within the target over
// the contacts whose outcome is known, as sim.ServiceLevel is: those
// turned away while the channel was closed and those still waiting at the
// end of the horizon within their target time are left out), abandonment
// (abandoned over the contacts that arrived while the channel was open)
// or ASA (the answered contacts' waits over their number). The counts
// come back from the replication's figures: answered within the target
// from its share of the answered, the contacts it is a share of from the
// service level (or, where that is 0, the offered less the blocked and
// the unfinished: the most its zero can stand for).
func (p *planner) pooledEstimate(s *sample, c int, f figure, from, to int) estimate {
	num := make([]float64, s.reps)
	den := make([]float64, s.reps)
	for i := from; i < to; i++ {
		sp := &s.r.Spans[s.span[c][i]]
		for r := range s.reps {
			v := &sp.Replications[r]
			switch f {
			case figSL:
				sl := v[sim.ServiceLevel]
				if math.IsNaN(sl) {
					continue
				}
				within := 0.0
				if a := v[sim.Answered]; a > 0 && !math.IsNaN(v[sim.ServiceLevelAnswered]) {
					within = math.Round(v[sim.ServiceLevelAnswered] * a)
				}
				known := math.Max(0, v[sim.Offered]-v[sim.Blocked]-v[sim.Unfinished])
				if sl > 0 {
					known = math.Round(within / sl)
				}
				num[r] += within
				den[r] += known
			case figAbandon:
				ab, rate := v[sim.Abandoned], v[sim.AbandonRate]
				if math.IsNaN(rate) {
					continue
				}
				open := math.Max(0, v[sim.Offered]-v[sim.Blocked])
				if rate > 0 {
					open = math.Round(ab / rate)
				}
				num[r] += ab
				den[r] += open
			case figASA:
				if a := v[sim.Answered]; a > 0 {
					num[r] += v[sim.ASA] * a
					den[r] += a
				}
			}
		}
	}
	return ratioEstimate(num, den, f != figASA)
}

// pooled judges channel c's figure in interval i: on the interval alone
// when it has contacts enough, else pooled with its neighbours (see
// poolFactor). It returns the estimate, the intervals pooled and whether
// the contacts suffice for the bound to confirm the limit at all.
func (p *planner) pooled(s *sample, c, i int, f figure, limit float64, upper bool) (estimate, int, int, bool) {
	need, decide := float64(poolASA), 2.0
	if f != figASA {
		decide = decisiveTrials(limit, upper, p.opts.Confidence)
		need = poolFactor * decide
	}
	from, to := i, i+1
	e := p.pooledEstimate(s, c, f, from, to)
	left := true
	for e.trials < need && to-from < 2*poolRadius+1 && (from > 0 || to < p.n) {
		if (left && from > 0) || to >= p.n {
			from--
		} else {
			to++
		}
		left = !left
		e = p.pooledEstimate(s, c, f, from, to)
	}
	if f == figASA {
		return e, from, to, e.reps >= 2
	}
	return e, from, to, e.trials >= decide
}

// checks lists every target the sample can be judged on. Service level,
// ASA and abandonment are checked per channel and interval, pooled with
// neighbouring intervals at low volume; a channel with priority classes
// has one service level per interval in which each contact is judged
// against its class's target time, compared with the share-weighted goal
// (the simulator does not split intervals by class), and its classes'
// targets are checked over the horizon. Occupancy is checked per group and
// interval. Intervals with fewer than MinVolume contacts offered on average
// are not checked.
func (p *planner) checks(s *sample, x [][]int) []check {
	var out []check
	r := s.r
	for c := range p.m.Channels {
		ch := &p.m.Channels[c]
		cr := &r.Channels[c]
		goal := p.goal(c)
		if s.span[c] != nil {
			first := len(out)
			for i := range p.n {
				v := &cr.Intervals[i]
				if !(v[sim.Offered].Mean >= p.opts.MinVolume) {
					continue
				}
				add := func(metric string, f figure, upper bool, limit float64) {
					e, from, to, decisive := p.pooled(s, c, i, f, limit, upper)
					if e.reps == 0 {
						return
					}
					out = append(out, check{scope: "channel", channel: c, class: -1, group: -1, interval: i,
						metric: metric, upper: upper, limit: limit, est: e, from: from, to: to, decisive: decisive})
				}
				if goal > 0 {
					add(sim.ServiceLevel.Key(), figSL, false, goal)
				}
				if len(ch.Classes) == 0 {
					if ch.Target.ASA > 0 {
						add(sim.ASA.Key(), figASA, true, ch.Target.ASA)
					}
					if ch.Target.MaxAbandon > 0 && ch.Realtime() {
						add(sim.AbandonRate.Key(), figAbandon, true, ch.Target.MaxAbandon)
					}
				}
			}
			borrowSpread(out[first:])
		}
		for j, cl := range cr.Classes {
			t := cl.Target
			v := &cl.Total
			if !(v[sim.Offered].Mean >= p.opts.MinVolume) {
				continue
			}
			base := check{scope: "class", channel: c, class: j, group: -1, interval: -1, from: 0, to: p.n, decisive: true}
			trials := v[sim.Offered].Mean * float64(v[sim.Offered].N)
			if t.Goal > 0 && v[sim.ServiceLevel].N > 0 {
				k := base
				e := statEstimate(v[sim.ServiceLevel])
				e.share, e.trials, e.events = true, trials, e.mean*trials
				k.metric, k.limit, k.est = sim.ServiceLevel.Key(), t.Goal, e
				out = append(out, k)
			}
			if t.ASA > 0 && v[sim.ASA].N > 0 {
				k := base
				k.metric, k.upper, k.limit, k.est = sim.ASA.Key(), true, t.ASA, statEstimate(v[sim.ASA])
				out = append(out, k)
			}
			if t.MaxAbandon > 0 && ch.Realtime() && v[sim.AbandonRate].N > 0 {
				k := base
				e := statEstimate(v[sim.AbandonRate])
				e.share, e.trials, e.events = true, trials, e.mean*trials
				k.metric, k.upper, k.limit, k.est = sim.AbandonRate.Key(), true, t.MaxAbandon, e
				out = append(out, k)
			}
		}
	}
	for c := range p.m.Channels {
		if lim, ok := p.backlogLimit(c); ok {
			st := r.Channels[c].Intervals[p.n-1][sim.QueueEnd]
			out = append(out, check{scope: "channel", channel: c, class: -1, group: -1, interval: p.n - 1,
				metric: sim.QueueEnd.Key(), upper: true, limit: lim, est: statEstimate(st), from: p.n - 1, to: p.n, decisive: true})
		}
	}
	for k, gi := range p.planned {
		mo := p.m.Groups[gi].MaxOccupancy
		if mo <= 0 {
			continue
		}
		for i := range p.n {
			st := r.Groups[gi].Intervals[i][sim.Occupancy]
			if x[k][i] == 0 || st.N == 0 || math.IsNaN(st.Mean) {
				continue
			}
			out = append(out, check{scope: "group", channel: -1, class: -1, group: k, interval: i,
				metric: sim.Occupancy.Key(), upper: true, limit: mo, est: statEstimate(st), from: i, to: i + 1, decisive: true})
		}
	}
	return out
}

// backlogLimit is the most a deferred channel with a service-level target
// may leave waiting when the horizon ends: the requests that the fluid
// picture of the Erlang seed (see deferredNeed) still has in hand, those
// that arrived within their target time of the end, each counted for the
// share of its window still to come. Past the horizon nothing is
// simulated: a request still waiting there neither meets nor misses its
// target, so without this limit a plan could answer nothing late in the
// day and call every target met, leaving the work to a next day that has
// no staff for it.
func (p *planner) backlogLimit(c int) (float64, bool) {
	d := p.dem[c]
	if !d.ch.Kind.Deferred() || p.goal(c) <= 0 {
		return 0, false
	}
	H := float64(p.n) * p.L
	cum := newCumulative(d.arrivals, p.L)
	lim := 0.0
	for _, cl := range d.classes {
		T := cl.Target.Threshold
		if T <= 0 || cl.Share == 0 {
			continue
		}
		// The requests of [H-T, H) weighted by (a+T-H)/T, which by parts is
		// Lambda(H) less the integral of Lambda(a)/T over the span (Lambda
		// counts the arrivals before a).
		lo := math.Max(0, H-T)
		lim += cl.Share * (cum.before[p.n] - cum.integral(lo, H)/T)
	}
	return lim, true
}

// spreadQuantile is the quantile of a channel's overdispersion over its
// intervals that every interval's share is given at least (see
// borrowSpread).
const spreadQuantile = 0.75

// borrowSpread gives each of a channel's per-interval shares at least the
// spread the channel shows elsewhere. An interval's share over
// replications can have a long tail (a chat queue that a burst of arrivals
// overwhelms in one replication in twenty): thirty replications that
// happen to miss it give a mean and a deviation that both flatter the
// interval, and its bound with them. The channel's intervals share the
// mechanism, so their spread stands in where one interval's sample saw
// none of it. The spread is compared as overdispersion, the variance of a
// replication's share over the binomial variance of as many independent
// contacts, p(1-p)/n, so that intervals of different volume and level
// compare; each interval's deviation is raised to what the channel's
// spreadQuantile overdispersion gives at its own level and volume.
func borrowSpread(cs []check) {
	byMetric := map[string][]float64{}
	perRep := func(k check) (p, n float64, ok bool) {
		e := k.est
		if !e.share || e.reps < 2 || math.IsNaN(e.sd) || e.trials <= 0 {
			return 0, 0, false
		}
		p, n = e.mean, e.trials/float64(e.reps)
		return p, n, p > 0.01 && p < 0.99 && n >= 1
	}
	for _, k := range cs {
		if p, n, ok := perRep(k); ok && k.to-k.from == 1 {
			byMetric[k.metric] = append(byMetric[k.metric], k.est.sd*k.est.sd*n/(p*(1-p)))
		}
	}
	q := map[string]float64{}
	for m, phis := range byMetric {
		slices.Sort(phis)
		q[m] = stat.Quantile(spreadQuantile, stat.Empirical, phis, nil)
	}
	for j := range cs {
		k := &cs[j]
		phi, ok := q[k.metric]
		if !ok {
			continue
		}
		if p, n, ok := perRep(*k); ok {
			k.est.sd = math.Max(k.est.sd, math.Sqrt(phi*p*(1-p)/n))
		}
	}
}

const slack = 1e-12 // room for rounding in the comparisons

// meetsAtMean reports whether the check's estimate itself meets the limit.
func meetsAtMean(k check) bool {
	if k.upper {
		return k.est.mean <= k.limit+slack
	}
	return k.est.mean >= k.limit-slack
}

// met reports whether the target is met at the planner's confidence: the
// bound on the unfavourable side is within the limit. This is what the
// search demands of every target whose contacts can show it; a check too
// thin to be confirmed by any staffing (not decisive) is met when its
// estimate is.
func (p *planner) met(k check) bool {
	if !k.decisive {
		return meetsAtMean(k)
	}
	if k.upper {
		return k.est.upper(p.opts.Confidence) <= k.limit+slack
	}
	return k.est.lower(p.opts.Confidence) >= k.limit-slack
}

// missed reports whether the target is missed at the planner's
// confidence: even the bound on the favourable side is beyond the limit.
func (p *planner) missed(k check) bool {
	if k.upper {
		return k.est.lower(p.opts.Confidence) > k.limit+slack
	}
	return k.est.upper(p.opts.Confidence) < k.limit-slack
}

// halfWidth is the distance from the estimate to its bound on the
// unfavourable side (0 when that is unbounded: one replication).
func (p *planner) halfWidth(k check) float64 {
	var h float64
	if k.upper {
		h = k.est.upper(p.opts.Confidence) - k.est.mean
	} else {
		h = k.est.mean - k.est.lower(p.opts.Confidence)
	}
	if math.IsInf(h, 0) || math.IsNaN(h) {
		return 0
	}
	return h
}

// miss describes a check for a report; bound is on the favourable side.
func (p *planner) miss(k check, labels []string) Miss {
	out := Miss{Scope: k.scope, Interval: k.interval, Metric: k.metric, Mean: k.est.mean, Limit: k.limit}
	switch k.scope {
	case "group":
		out.Name = p.m.Groups[p.planned[k.group]].Name
	case "class":
		out.Name = p.m.Channels[k.channel].Name + "/" + p.m.Channels[k.channel].Classes[k.class].Name
	default:
		out.Name = p.m.Channels[k.channel].Name
	}
	if k.interval >= 0 {
		out.Start = labels[k.interval]
		if k.to-k.from > 1 {
			out.Pooled = labels[k.from] + "-" + labels[k.to-1]
		}
	}
	if k.upper {
		out.Bound = k.est.lower(p.opts.Confidence)
	} else {
		out.Bound = k.est.upper(p.opts.Confidence)
	}
	return out
}
