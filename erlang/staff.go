package erlang

import (
	"fmt"
	"math"
)

// Targets are what a staffing must achieve; a zero field sets no target.
// Staff finds the least agent count that meets all of them at once.
type Targets struct {
	// ServiceLevel is the least share answered within Threshold seconds,
	// in (0, 1), by Definition.
	ServiceLevel float64
	Threshold    float64
	Definition   SLDef
	// ASA is the largest mean wait of answered contacts, seconds.
	ASA float64
	// MaxAbandon is the largest share of arrivals that abandon, in (0, 1).
	MaxAbandon float64
	// MaxOccupancy is the largest occupancy, in (0, 1].
	MaxOccupancy float64
}

func (t Targets) validate() error {
	if t.ServiceLevel == 0 && t.ASA == 0 && t.MaxAbandon == 0 && t.MaxOccupancy == 0 {
		return fmt.Errorf("erlang: targets: none set: %w", ErrInvalid)
	}
	if !(t.ServiceLevel >= 0 && t.ServiceLevel < 1) {
		return invalid("targets: service level", t.ServiceLevel, "in [0, 1)")
	}
	if err := checkThreshold(t.Threshold, t.Definition); err != nil {
		return err
	}
	if err := checkNonNegative("targets: ASA", t.ASA); err != nil {
		return err
	}
	if !(t.MaxAbandon >= 0 && t.MaxAbandon < 1) {
		return invalid("targets: abandonment", t.MaxAbandon, "in [0, 1)")
	}
	if !(t.MaxOccupancy >= 0 && t.MaxOccupancy <= 1) {
		return invalid("targets: occupancy", t.MaxOccupancy, "in [0, 1]")
	}
	return nil
}

// Met reports whether m meets every target.
func (t Targets) Met(m Metrics) bool {
	return (t.ServiceLevel == 0 || m.ServiceLevel >= t.ServiceLevel) &&
		(t.ASA == 0 || m.ASAAnswered <= t.ASA) &&
		(t.MaxAbandon == 0 || m.PAbandon <= t.MaxAbandon) &&
		(t.MaxOccupancy == 0 || m.Occupancy <= t.MaxOccupancy)
}

// Staffable is a queue model whose agent count a staffing search may vary:
// CQueue, AQueue and ChatQueue. The model's own Agents field is ignored.
type Staffable interface {
	// at evaluates the model with n agents; stable reports false (and no
	// error) when n agents cannot hold the load at all.
	at(n float64, t Targets) (m Metrics, stable bool, err error)
	// load is the offered load in Erlangs.
	load() float64
	// guess is a cheap first agent count for the search.
	guess(t Targets) float64
	// whole reports whether the model takes whole agent counts only.
	whole() bool
}

// Staffing is the result of a staffing search.
type Staffing struct {
	Agents  int     // the least whole agent count that meets the targets
	Metrics Metrics // the figures at Agents
}

// Staff returns the least whole number of agents with which q meets every
// target. It errs with ErrUnreachable when no count up to MaxAgents does
// (a service level of 100%, say).
func Staff(q Staffable, t Targets) (Staffing, error) {
	if err := t.validate(); err != nil {
		return Staffing{}, err
	}
	if c, ok := q.(CQueue); ok {
		return staffC(c, t)
	}
	meets := func(n float64) (Metrics, bool, error) {
		m, stable, err := q.at(n, t)
		return m, stable && t.Met(m), err
	}
	if q.load() == 0 {
		m, _, err := q.at(0, t)
		return Staffing{Metrics: m}, err
	}
	// Bracket from the model's guess (lo fails, hi meets; 0 agents never
	// meet a load), then bisect on whole numbers. The guess is nearly
	// always the answer or one above it, so g-1 is tried first and then g
	// or g-2: two evaluations settle most searches. Beyond that, gallop.
	var best Metrics
	g := math.Min(MaxAgents, math.Max(1, q.guess(t)))
	lo, hi := 0.0, 0.0
	if g > 1 {
		m, ok, err := meets(g - 1)
		if err != nil {
			return Staffing{}, err
		}
		if ok {
			hi, best = g-1, m
		} else {
			lo = g - 1
		}
	}
	if hi == 0 {
		// g-1 fails (or g is 1): try g, then gallop upward.
		m, ok, err := meets(g)
		if err != nil {
			return Staffing{}, err
		}
		if ok {
			hi, best = g, m
		} else {
			lo = g
			for step := 1.0; ; step *= 2 {
				if lo >= MaxAgents {
					return Staffing{}, unreachable(t)
				}
				c := math.Min(MaxAgents, lo+step)
				m, ok, err := meets(c)
				if err != nil {
					return Staffing{}, err
				}
				if ok {
					hi, best = c, m
					break
				}
				lo = c
			}
		}
	} else {
		// g-1 meets: gallop downward until a count fails.
		for step := 1.0; hi > lo+1; step *= 2 {
			c := math.Max(lo, hi-step)
			if c == lo {
				break
			}
			m, ok, err := meets(c)
			if err != nil {
				return Staffing{}, err
			}
			if !ok {
				lo = c
				break
			}
			hi, best = c, m
		}
	}
	for hi-lo > 1 {
		mid := math.Floor((lo + hi) / 2)
		m, ok, err := meets(mid)
		if err != nil {
			return Staffing{}, err
		}
		if ok {
			hi, best = mid, m
		} else {
			lo = mid
		}
	}
	return Staffing{Agents: int(hi), Metrics: best}, nil
}

func unreachable(t Targets) error {
	return fmt.Errorf("erlang: no agent count up to %g meets the targets %+v: %w", float64(MaxAgents), t, ErrUnreachable)
}

// staffC scans Erlang C upward from the least stable count, carrying
// 1/B from one count to the next, so each step costs O(1).
func staffC(q CQueue, t Targets) (Staffing, error) {
	if err := checkLoad(q.Load); err != nil {
		return Staffing{}, err
	}
	if err := checkPositive("AHT", q.AHT); err != nil {
		return Staffing{}, err
	}
	a := q.Load
	if a == 0 {
		return Staffing{Agents: 0, Metrics: Metrics{ServiceLevel: 1}}, nil
	}
	n := math.Floor(a) + 1
	if t.MaxOccupancy > 0 {
		// Occupancy a/n <= max needs n >= a/max; start one below the
		// rounded quotient in case it rounded up.
		n = math.Max(n, math.Ceil(a/t.MaxOccupancy)-1)
	}
	if n > MaxAgents {
		return Staffing{}, unreachable(t)
	}
	v := invB(n-1, a) // 1/B(n-1, a)
	for ; n <= MaxAgents; n++ {
		var m Metrics
		if math.IsInf(v, 1) {
			m = Metrics{Agents: n, Load: a, ServiceLevel: 1, Occupancy: a / n}
		} else {
			c := 1 / (1 + (n-a)*v/a)
			asa := c * q.AHT / (n - a)
			m = Metrics{
				Agents: n, Load: a, PWait: c,
				ServiceLevel: 1 - c*math.Exp(-(n-a)*t.Threshold/q.AHT),
				ASA:          asa, ASAAnswered: asa,
				Occupancy: a / n,
			}
		}
		if t.Met(m) {
			return Staffing{Agents: int(n), Metrics: m}, nil
		}
		v = 1 + n/a*v
	}
	return Staffing{}, unreachable(t)
}

// StaffFractional returns the real agent count at which q just meets the
// targets: the smooth extension of the model in the agent count is
// searched by bisection between Staff's answer less one and Staff's
// answer, to a relative tolerance of 1e-12. Fractional requirements can
// be added across intervals or queues before rounding up. Models that take
// whole agents only (ChatQueue) return an error.
func StaffFractional(q Staffable, t Targets) (float64, error) {
	if q.whole() {
		return 0, fmt.Errorf("erlang: fractional staffing: the model takes whole agent counts only: %w", ErrInvalid)
	}
	s, err := Staff(q, t)
	if err != nil || s.Agents == 0 {
		return 0, err
	}
	hi := float64(s.Agents)
	lo := math.Max(0, hi-1)
	for i := 0; i < 100 && hi-lo > 1e-12*hi; i++ {
		mid := (lo + hi) / 2
		m, stable, err := q.at(mid, t)
		if err != nil {
			return 0, err
		}
		if stable && t.Met(m) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi, nil
}

// maxHeadcount keeps Scheduled's result within a 32-bit int.
const maxHeadcount = 1e9

// Scheduled returns the headcount to schedule so that agents remain
// after shrinkage (breaks, training, absence: a share in [0, 1)):
// ceil(agents/(1 - shrinkage)). A quotient within 1e-9 of a whole number
// is taken as that number, so that 70 agents at 30% give 100, not 101.
func Scheduled(agents, shrinkage float64) (int, error) {
	if err := checkAgents(agents); err != nil {
		return 0, err
	}
	if !(shrinkage >= 0 && shrinkage < 1) {
		return 0, invalid("shrinkage", shrinkage, "in [0, 1)")
	}
	v := agents / (1 - shrinkage)
	if v > maxHeadcount {
		return 0, fmt.Errorf("erlang: %g agents at shrinkage %g need %g scheduled, more than %g: %w",
			agents, shrinkage, v, float64(maxHeadcount), ErrInvalid)
	}
	if r := math.Round(v); math.Abs(v-r) <= 1e-9*math.Max(1, v) {
		return int(r), nil
	}
	return int(math.Ceil(v)), nil
}

// Staffable implementations.

func (q CQueue) load() float64 { return q.Load }
func (q CQueue) whole() bool   { return false }
func (q CQueue) at(n float64, t Targets) (Metrics, bool, error) {
	q.Agents = n
	m, err := q.Metrics(t.Threshold, t.Definition)
	if err != nil {
		if _, unstable := err.(*UnstableError); unstable {
			return Metrics{Agents: n, Load: q.Load}, false, nil
		}
		return m, false, err
	}
	return m, true, nil
}

func (q CQueue) guess(Targets) float64 { return math.Floor(q.Load) + 1 }

func (q AQueue) load() float64 { return q.Load }

// guess is Erlang C's answer, which Erlang A's is usually a little
// below: abandonment shortens the queue.
func (q AQueue) guess(t Targets) float64 {
	t.MaxAbandon = 0
	if t.ServiceLevel == 0 && t.ASA == 0 && t.MaxOccupancy == 0 {
		return math.Ceil(q.Load)
	}
	s, err := staffC(CQueue{Load: q.Load, AHT: q.AHT}, t)
	if err != nil {
		return math.Ceil(q.Load)
	}
	return float64(s.Agents)
}
func (q AQueue) whole() bool { return false }
func (q AQueue) at(n float64, t Targets) (Metrics, bool, error) {
	q.Agents = n
	if n == 0 && q.Load > 0 {
		return Metrics{Load: q.Load}, false, nil // nobody is ever answered
	}
	m, err := q.Metrics(t.Threshold, t.Definition)
	return m, err == nil, err
}
