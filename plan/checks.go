package plan

import (
	"math"

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
	stat  sim.Stat
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

// checks lists every target the result can be judged on. Service level,
// ASA and abandonment are checked per channel and interval; a channel with
// priority classes has one service level per interval, each contact judged
// against its class's target time, compared with the share-weighted goal,
// and its classes' targets are checked over the horizon (the simulator
// does not split intervals by class). Occupancy is checked per group and
// interval. Intervals with fewer than MinVolume contacts offered are not
// checked.
func (p *planner) checks(r *sim.Result, x [][]int) []check {
	var out []check
	for c := range p.m.Channels {
		ch := &p.m.Channels[c]
		cr := &r.Channels[c]
		goal := 0.0
		for _, cl := range p.dem[c].classes {
			goal += cl.Share * cl.Target.Goal
		}
		for i := range p.n {
			v := &cr.Intervals[i]
			if !(v[sim.Offered].Mean >= p.opts.MinVolume) {
				continue
			}
			base := check{scope: "channel", channel: c, class: -1, group: -1, interval: i}
			if goal > 0 && v[sim.ServiceLevel].N > 0 {
				k := base
				k.metric, k.limit, k.stat = sim.ServiceLevel.Key(), goal, v[sim.ServiceLevel]
				out = append(out, k)
			}
			if len(ch.Classes) == 0 {
				if ch.Target.ASA > 0 && v[sim.ASA].N > 0 {
					k := base
					k.metric, k.upper, k.limit, k.stat = sim.ASA.Key(), true, ch.Target.ASA, v[sim.ASA]
					out = append(out, k)
				}
				if ch.Target.MaxAbandon > 0 && ch.Realtime() && v[sim.AbandonRate].N > 0 {
					k := base
					k.metric, k.upper, k.limit, k.stat = sim.AbandonRate.Key(), true, ch.Target.MaxAbandon, v[sim.AbandonRate]
					out = append(out, k)
				}
			}
		}
		for j, cl := range cr.Classes {
			t := cl.Target
			v := &cl.Total
			if !(v[sim.Offered].Mean >= p.opts.MinVolume) {
				continue
			}
			base := check{scope: "class", channel: c, class: j, group: -1, interval: -1}
			if t.Goal > 0 && v[sim.ServiceLevel].N > 0 {
				k := base
				k.metric, k.limit, k.stat = sim.ServiceLevel.Key(), t.Goal, v[sim.ServiceLevel]
				out = append(out, k)
			}
			if t.ASA > 0 && v[sim.ASA].N > 0 {
				k := base
				k.metric, k.upper, k.limit, k.stat = sim.ASA.Key(), true, t.ASA, v[sim.ASA]
				out = append(out, k)
			}
			if t.MaxAbandon > 0 && ch.Realtime() && v[sim.AbandonRate].N > 0 {
				k := base
				k.metric, k.upper, k.limit, k.stat = sim.AbandonRate.Key(), true, t.MaxAbandon, v[sim.AbandonRate]
				out = append(out, k)
			}
		}
	}
	for k, gi := range p.planned {
		mo := p.m.Groups[gi].MaxOccupancy
		if mo <= 0 {
			continue
		}
		for i := range p.n {
			s := r.Groups[gi].Intervals[i][sim.Occupancy]
			if x[k][i] == 0 || s.N == 0 || math.IsNaN(s.Mean) {
				continue
			}
			out = append(out, check{scope: "group", channel: -1, class: -1, group: k, interval: i,
				metric: sim.Occupancy.Key(), upper: true, limit: mo, stat: s})
		}
	}
	return out
}

// halfWidth is the one-sided confidence half-width of a mean at the
// planner's confidence: Student's t quantile times the standard error.
// With fewer than two replications defining the figure it is 0.
func (p *planner) halfWidth(s sim.Stat) float64 {
	if s.N < 2 || math.IsNaN(s.SD) {
		return 0
	}
	return sim.TQuantile(p.opts.Confidence, s.N-1) * s.SD / math.Sqrt(float64(s.N))
}

const slack = 1e-12 // room for rounding in the comparisons

// met reports whether the target is met at the planner's confidence: the
// bound on the unfavourable side is within the limit. This is what the
// search demands of every target.
func (p *planner) met(k check) bool {
	h := p.halfWidth(k.stat)
	if k.upper {
		return k.stat.Mean+h <= k.limit+slack
	}
	return k.stat.Mean-h >= k.limit-slack
}

// missed reports whether the target is missed at the planner's
// confidence: even the bound on the favourable side is beyond the limit.
// This is what the check of the final plan flags.
func (p *planner) missed(k check) bool {
	h := p.halfWidth(k.stat)
	if k.upper {
		return k.stat.Mean-h > k.limit+slack
	}
	return k.stat.Mean+h < k.limit-slack
}

// miss describes a check for a report; bound is on the favourable side.
func (p *planner) miss(k check, labels []string) Miss {
	h := p.halfWidth(k.stat)
	out := Miss{Scope: k.scope, Interval: k.interval, Metric: k.metric, Mean: k.stat.Mean, Limit: k.limit}
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
	}
	if k.upper {
		out.Bound = k.stat.Mean - h
	} else {
		out.Bound = k.stat.Mean + h
	}
	if m, ok := sim.MetricByKey(k.metric); (ok && m.Unit() == sim.Share) || k.metric == sim.Occupancy.Key() {
		// A share's confidence bound stops where shares do.
		out.Bound = min(1, max(0, out.Bound))
	}
	return out
}
