package plan

import (
	"math"

	"github.com/ccsim/ccsim/sim"
)

// expectedArrivals returns, per channel and interval, the expected number
// of contacts that arrive: exogenous arrivals while the channel is open
// plus the follow-on contacts (escalations and repeats) that the flows
// create. A follow-on is created when its source contact ends its handling,
// which the planner places at arrival plus the mean handle time plus the
// flow's mean delay (waits are ignored); it lands in the interval where
// that time falls, or at the next opening when its channel is closed then.
// Follow-ons due after the horizon are dropped, as the simulator never sees
// them. Every source contact is taken as handled (the few that abandon
// create no follow-on), so the figures lean high.
//
// Because chains of flows may loop (phone to email and back), the counts
// are the fixed point of arrivals = exogenous + flows(arrivals), found by
// repeated substitution; each pass pushes contacts at least one mean
// handle time later, so the chain leaves the horizon or its shares shrink
// it geometrically. Within an interval, arrivals are taken as spread
// evenly: exact for follow-ons of exogenous arrivals, an approximation for
// follow-ons of follow-ons (under 3% per interval on the tests' model with
// loops).
func expectedArrivals(m *sim.Model) [][]float64 {
	n, L := m.Intervals, m.IntervalSeconds
	exo := make([][]float64, len(m.Channels))
	for c := range m.Channels {
		exo[c] = exogenous(m, &m.Channels[c])
	}
	cur := make([][]float64, len(m.Channels))
	for c := range cur {
		cur[c] = append([]float64(nil), exo[c]...)
	}
	if len(m.Flows) == 0 {
		return cur
	}
	next := make([][]float64, len(m.Channels))
	for c := range next {
		next[c] = make([]float64, n)
	}
	for pass := 0; pass < 1000; pass++ {
		for c := range next {
			copy(next[c], exo[c])
		}
		for _, f := range m.Flows {
			if f.Share == 0 {
				continue
			}
			shift := m.Channels[f.From].Handle.Average() + f.Delay.Average()
			if !(shift >= 0) || math.IsInf(shift, 0) {
				continue // never arrives
			}
			to := &m.Channels[f.To]
			for j, v := range cur[f.From] {
				if v == 0 {
					continue
				}
				// The sources arrived uniformly over interval j; their
				// follow-ons arrive uniformly over the shifted span.
				a := float64(j)*L + shift
				spread(next[f.To], to, a, a+L, f.Share*v, L, n)
			}
		}
		change, size := 0.0, 0.0
		for c := range next {
			for i := range next[c] {
				change = math.Max(change, math.Abs(next[c][i]-cur[c][i]))
				size = math.Max(size, next[c][i])
			}
		}
		cur, next = next, cur
		if change <= 1e-12*(1+size) {
			break
		}
	}
	return cur
}

// exogenous returns a channel's own expected arrivals per interval, less
// those that come while it is closed (they are turned away).
func exogenous(m *sim.Model, ch *sim.Channel) []float64 {
	n, L := m.Intervals, m.IntervalSeconds
	out := make([]float64, n)
	a := ch.Arrivals
	switch {
	case a.Rates != nil:
		for i := range out {
			out[i] = a.Rates[i] * L * openShare(ch, float64(i)*L, float64(i+1)*L)
		}
	case a.Counts != nil:
		for i := range out {
			out[i] = float64(a.Counts[i]) * openShare(ch, float64(i)*L, float64(i+1)*L)
		}
	default:
		for _, t := range a.Times {
			i := int(t / L)
			if i >= 0 && i < n && ch.NextOpen(t) == t {
				out[i]++
			}
		}
	}
	return selfServed(out, ch, L)
}

// selfServed takes self-service out of a channel's arrivals: a share s
// tries it, of whom a share f fails and arrives after the mean delay
// (spread as follow-ons are, at the channel's next opening when it is
// closed), so the channel sees 1 − s + s f of its demand.
func selfServed(out []float64, ch *sim.Channel, L float64) []float64 {
	ss := ch.SelfService
	if ss == nil || ss.Share == 0 {
		return out
	}
	n := len(out)
	d := ss.Delay.Average()
	through := make([]float64, n)
	for i, v := range out {
		through[i] = v * (1 - ss.Share)
	}
	for i, v := range out {
		if f := ss.Share * ss.Fail * v; f > 0 && d >= 0 && !math.IsInf(d, 0) {
			a := float64(i)*L + d
			spread(through, ch, a, a+L, f, L, n)
		}
	}
	return through
}

// openShare is the share of [a, b) during which the channel is open.
func openShare(ch *sim.Channel, a, b float64) float64 {
	if ch.Hours == nil || b <= a {
		return 1
	}
	open := 0.0
	for _, w := range ch.Hours {
		open += math.Max(0, math.Min(b, w.To)-math.Max(a, w.From))
	}
	return open / (b - a)
}

// spread adds count contacts arriving uniformly over [a, b) to the
// intervals of out; the parts of the span when the channel is closed go to
// the interval of its next opening, and what falls after the horizon is
// dropped.
func spread(out []float64, ch *sim.Channel, a, b, count, L float64, n int) {
	horizon := float64(n) * L
	density := count / (b - a)
	put := func(x, y, density float64) {
		// Open part [x, y): add by overlap with each interval.
		if y > horizon {
			y = horizon
		}
		for i := max(0, int(x/L)); i < n && float64(i)*L < y; i++ {
			lo, hi := math.Max(x, float64(i)*L), math.Min(y, float64(i+1)*L)
			if hi > lo {
				out[i] += density * (hi - lo)
			}
		}
	}
	if ch.Hours == nil {
		put(a, b, density)
		return
	}
	t := a
	for t < b && t < horizon {
		open := ch.NextOpen(t)
		if open > t {
			// Closed until open: that mass arrives at the opening.
			end := math.Min(b, open)
			if open < horizon {
				i := int(open / L)
				out[min(i, n-1)] += density * (end - t)
			}
			t = end
			continue
		}
		// Open from t to the end of its window.
		end := b
		for _, w := range ch.Hours {
			if w.From <= t && t < w.To {
				end = math.Min(b, w.To)
				break
			}
		}
		if end <= t {
			break // cannot happen with valid hours; guards the loop
		}
		put(t, end, density)
		t = end
	}
}
