package plan

import (
	"fmt"
	"math"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// demand is the Erlang view of one channel over the horizon.
type demand struct {
	index    int
	ch       *sim.Channel
	arrivals []float64 // expected contacts per interval, follow-ons included
	// aht is the agent time per contact, seconds: handle plus wrap-up, and
	// for deferred work the expected follow-up messages.
	aht float64
	// patience is the mean patience in seconds; 0 when nobody abandons.
	patience float64
	// classes are the channel's classes with their targets (one class
	// carrying the channel's target when it has none).
	classes []sim.Class
	// need is the fractional on-floor agents per interval, before the
	// split among groups.
	need []float64
	// maxOccupancy is the occupancy ceiling used in the Erlang sizing: the
	// one of the group that plans the channel first.
	maxOccupancy float64
}

// newDemand reads a channel's Erlang parameters.
func newDemand(m *sim.Model, c int, arrivals []float64) (*demand, error) {
	ch := &m.Channels[c]
	d := &demand{index: c, ch: ch, arrivals: arrivals, classes: ch.Classes}
	if len(d.classes) == 0 {
		d.classes = []sim.Class{{Name: ch.Name, Share: 1, Target: ch.Target}}
	}
	d.aht = ch.Handle.Average() + ch.Wrap.Average()
	if !(d.aht > 0) || math.IsInf(d.aht, 0) {
		return nil, fmt.Errorf("plan: channel %q: handle plus wrap-up time has no finite positive mean", ch.Name)
	}
	if ch.Patience != nil && ch.Realtime() {
		p := ch.Patience.Average()
		switch {
		case math.IsInf(p, 1):
			// Some never give up: plan as if nobody did (Erlang C).
		case p > 0:
			d.patience = p
		default:
			return nil, fmt.Errorf("plan: channel %q: patience has mean %v; Erlang A needs a positive mean", ch.Name, p)
		}
	}
	if f := ch.FollowUp; f != nil && ch.Kind.Deferred() {
		// A request answered after a wait W carries Rate*W follow-up
		// messages. The planner takes W as half the first-reply target,
		// the mean wait if replies were spread evenly over the window.
		w := 0.0
		for _, cl := range d.classes {
			w += cl.Share * cl.Target.Threshold / 2
		}
		d.aht += f.Rate * w * f.Work.Average()
		if !(d.aht > 0) || math.IsInf(d.aht, 0) {
			return nil, fmt.Errorf("plan: channel %q: follow-up work has no finite mean", ch.Name)
		}
	}
	return d, nil
}

// targets returns the Erlang targets of one class.
func (d *demand) targets(t sim.Target) erlang.Targets {
	et := erlang.Targets{ASA: t.ASA, MaxAbandon: t.MaxAbandon, MaxOccupancy: d.maxOccupancy}
	if t.Goal > 0 {
		et.ServiceLevel, et.Threshold = t.Goal, t.Threshold
	}
	if d.patience == 0 {
		et.MaxAbandon = 0 // nobody abandons: the target is met by any staffing
	}
	return et
}

func hasTarget(t erlang.Targets) bool {
	return t.ServiceLevel > 0 || t.ASA > 0 || t.MaxAbandon > 0 || t.MaxOccupancy > 0
}

// queue returns the Erlang model of the channel at load a Erlangs.
func (d *demand) queue(a float64) erlang.Queue {
	switch {
	case d.ch.Concurrency > 1:
		return erlang.ChatQueue{Concurrency: d.ch.Concurrency, Slowdown: d.ch.Slowdown, Load: a, AHT: d.aht, Patience: d.patience}
	case d.patience > 0:
		return erlang.AQueue{Load: a, AHT: d.aht, Patience: d.patience}
	default:
		return erlang.CQueue{Load: a, AHT: d.aht}
	}
}

// load is the offered load of interval i in Erlangs.
func (d *demand) load(i int, L float64) float64 { return d.arrivals[i] * d.aht / L }

// agentsFor returns the agents the channel's Erlang model needs for
// targets t at load a: fractional for Erlang C and A, whole for chat.
func (d *demand) agentsFor(a float64, t erlang.Targets) (float64, error) {
	if a == 0 {
		return 0, nil
	}
	if !hasTarget(t) {
		// Without a target the work must still be done: the load itself,
		// every agent busy all the time.
		return a, nil
	}
	q := d.queue(a)
	if d.ch.Concurrency > 1 {
		s, err := erlang.Staff(q, t)
		return float64(s.Agents), err
	}
	return erlang.StaffFractional(q, t)
}

// realtimeNeed sizes every interval of a real-time channel: the Erlang
// requirement for the most demanding class target (Erlang has no
// priorities, so every class is sized as if it were all the load).
// Intervals expecting fewer than minVolume contacts need nobody.
func (d *demand) realtimeNeed(L, minVolume float64) error {
	d.need = make([]float64, len(d.arrivals))
	for i := range d.need {
		if d.arrivals[i] < minVolume {
			continue
		}
		a := d.load(i, L)
		for _, cl := range d.classes {
			n, err := d.agentsFor(a, d.targets(cl.Target))
			if err != nil {
				return fmt.Errorf("plan: channel %q, interval %d: %w", d.ch.Name, i, err)
			}
			d.need[i] = math.Max(d.need[i], n)
		}
	}
	return nil
}

// deferredNeed sizes a deferred channel (email, messaging) as fluid work:
// each request's agent time is spread evenly over its first-reply window,
// from its arrival to its class's target time, so that in the fluid
// picture every request is finished by its deadline. The need in an
// interval is the work that falls in it over the interval's length (in
// Erlangs, before any occupancy ceiling). A class without a first-reply
// target is worked in the interval it arrives. Work spread past the end of
// the horizon is left to the next day. Deferred work is never dropped for
// low volume: the backlog would keep it.
func (d *demand) deferredNeed(L float64) {
	n := len(d.arrivals)
	cum := newCumulative(d.arrivals, L)
	d.need = make([]float64, n)
	for _, cl := range d.classes {
		if cl.Share == 0 {
			continue
		}
		T := cl.Target.Threshold
		for i := range d.need {
			lo, hi := float64(i)*L, float64(i+1)*L
			if T <= 0 {
				d.need[i] += d.aht * cl.Share * d.arrivals[i] / L
				continue
			}
			// Work rate at t: aht*share/T times the arrivals in [t-T, t].
			w := cum.integral(lo, hi) - cum.integral(lo-T, hi-T)
			d.need[i] += d.aht * cl.Share / T * w / L
		}
	}
}

// cumulative integrates the cumulative arrival count Lambda(t), the
// expected arrivals in [0, t), with arrivals uniform within each interval.
type cumulative struct {
	counts []float64
	L      float64
	before []float64 // arrivals before interval k
	area   []float64 // integral of Lambda over [0, kL)
}

func newCumulative(counts []float64, L float64) *cumulative {
	n := len(counts)
	c := &cumulative{counts: counts, L: L, before: make([]float64, n+1), area: make([]float64, n+1)}
	for k := range n {
		c.before[k+1] = c.before[k] + counts[k]
		c.area[k+1] = c.area[k] + L*c.before[k] + counts[k]*L/2
	}
	return c
}

// at returns the integral of Lambda over [0, t]; Lambda is 0 before 0 and
// stays at the total after the horizon.
func (c *cumulative) at(t float64) float64 {
	n := len(c.counts)
	if t <= 0 {
		return 0
	}
	if t >= float64(n)*c.L {
		return c.area[n] + c.before[n]*(t-float64(n)*c.L)
	}
	k := min(int(t/c.L), n-1)
	u := t - float64(k)*c.L
	return c.area[k] + c.before[k]*u + c.counts[k]*u*u/(2*c.L)
}

// integral returns the integral of Lambda over [a, b].
func (c *cumulative) integral(a, b float64) float64 { return c.at(b) - c.at(a) }
