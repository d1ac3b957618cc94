package erlang

import (
	"errors"
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
		(t.ASA == 0 || m.ASA <= t.ASA) &&
		(t.MaxAbandon == 0 || m.PAbandon <= t.MaxAbandon) &&
		(t.MaxOccupancy == 0 || m.Occupancy <= t.MaxOccupancy)
}

// Guesser is implemented by a Queue that can cheaply guess the agent
// count its targets need. Staff starts its search there; without a
// guess it starts at the least count above the load.
type Guesser interface {
	Queue
	// StaffGuess returns an agent count near the least that meets t.
	StaffGuess(t Targets) float64
}

// Staffer is implemented by a Queue with a staffing search of its own,
// faster than Staff's; Staff then leaves the search, and the validation
// of the targets, to it. StaffAgents must return what Staff would: the
// least whole agent count that meets every target and the figures there,
// or an error by the package's rule.
type Staffer interface {
	Queue
	StaffAgents(t Targets) (Staffing, error)
}

// Staffing is the result of a staffing search.
type Staffing struct {
	Agents  int     // the least whole agent count that meets the targets
	Metrics Metrics // the figures at Agents
}

// Staff returns the least whole number of agents with which q meets every
// target. It errs with ErrUnreachable when no count up to MaxAgents does
// (a service level of 100%, say). A count at which q is unstable (see
// ErrUnstable) misses the targets; zero agents miss them for any load
// above zero. The search assumes that every figure improves as agents are
// added.
func Staff(q Queue, t Targets) (Staffing, error) {
	if s, ok := q.(Staffer); ok {
		return s.StaffAgents(t)
	}
	if err := t.validate(); err != nil {
		return Staffing{}, err
	}
	a := q.OfferedLoad()
	if a == 0 {
		m, err := q.MetricsAt(0, t.Threshold, t.Definition)
		return Staffing{Metrics: m}, err
	}
	// Bracket from the model's guess (lo fails, hi meets; 0 agents never
	// meet a load), then bisect on whole numbers. The guess is nearly
	// always the answer or one above it, so g-1 is tried first and then g
	// or g-2: two evaluations settle most searches. Beyond that, gallop.
	g := math.Floor(a) + 1
	if gs, ok := q.(Guesser); ok {
		g = math.Ceil(gs.StaffGuess(t))
	}
	if !(g >= 1) { // NaN too: an invalid model fails at its first evaluation
		g = 1
	}
	g = math.Min(MaxAgents, g)
	var best Metrics
	lo, hi := 0.0, 0.0
	// probe evaluates c agents and narrows the bracket: c becomes hi when
	// it meets the targets, lo when it misses them.
	probe := func(c float64) (bool, error) {
		m, ok, err := meetsAt(q, c, t)
		switch {
		case err != nil:
			return false, err
		case ok:
			hi, best = c, m
		default:
			lo = c
		}
		return ok, nil
	}
	if g > 1 {
		if _, err := probe(g - 1); err != nil {
			return Staffing{}, err
		}
	}
	if hi == 0 {
		// g-1 fails (or g is 1): try g, then gallop upward.
		ok, err := probe(g)
		for step := 1.0; err == nil && !ok; step *= 2 {
			if lo >= MaxAgents {
				return Staffing{}, unreachable(t)
			}
			ok, err = probe(math.Min(MaxAgents, lo+step))
		}
		if err != nil {
			return Staffing{}, err
		}
	} else {
		// g-1 meets: gallop downward until a count fails.
		for step := 1.0; hi > lo+1; step *= 2 {
			c := math.Max(lo, hi-step)
			if c == lo {
				break
			}
			ok, err := probe(c)
			if err != nil {
				return Staffing{}, err
			}
			if !ok {
				break
			}
		}
	}
	for hi-lo > 1 {
		if _, err := probe(math.Floor((lo + hi) / 2)); err != nil {
			return Staffing{}, err
		}
	}
	return Staffing{Agents: int(hi), Metrics: best}, nil
}

// meetsAt evaluates q with n agents and reports whether they meet t. An
// unstable count misses; so do zero agents for a positive load (nobody is
// answered, so figures about the answered would be empty).
func meetsAt(q Queue, n float64, t Targets) (Metrics, bool, error) {
	if n == 0 && q.OfferedLoad() > 0 {
		return Metrics{}, false, nil
	}
	m, err := q.MetricsAt(n, t.Threshold, t.Definition)
	if errors.Is(err, ErrUnstable) {
		return Metrics{}, false, nil
	}
	if err != nil {
		return Metrics{}, false, err
	}
	return m, t.Met(m), nil
}

func unreachable(t Targets) error {
	return fmt.Errorf("erlang: no agent count up to %g meets the targets %+v: %w", float64(MaxAgents), t, ErrUnreachable)
}

// StaffAgents is Staff for Erlang C: it scans upward from the least
// stable count, carrying 1/B from one count to the next, so each step
// costs O(1).
func (q CQueue) StaffAgents(t Targets) (Staffing, error) {
	if err := t.validate(); err != nil {
		return Staffing{}, err
	}
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
			// cMetrics written out: the call, too large to inline, would
			// cost a fifth of the scan.
			c := 1 / (1 + (n-a)*v/a)
			asa := cASA(c, n, a, q.AHT)
			m = Metrics{
				Agents: n, Load: a, PWait: c,
				ServiceLevel: cServiceLevel(c, n, a, q.AHT, t.Threshold),
				ASA:          asa, MeanWait: asa,
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
// whole agents only (ChatQueue, XQueue with Lines) return their error
// about a fractional agent count.
func StaffFractional(q Queue, t Targets) (float64, error) {
	s, err := Staff(q, t)
	if err != nil || s.Agents == 0 {
		return 0, err
	}
	hi := float64(s.Agents)
	lo := math.Max(0, hi-1)
	for i := 0; i < 100 && hi-lo > 1e-12*hi; i++ {
		mid := (lo + hi) / 2
		_, ok, err := meetsAt(q, mid, t)
		if err != nil {
			return 0, err
		}
		if ok {
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

// StaffGuess is Erlang C's answer, which Erlang A's is usually a little
// below: abandonment shortens the queue.
func (q AQueue) StaffGuess(t Targets) float64 {
	t.MaxAbandon = 0
	if t.ServiceLevel == 0 && t.ASA == 0 && t.MaxOccupancy == 0 {
		return math.Ceil(q.Load)
	}
	s, err := CQueue{Load: q.Load, AHT: q.AHT}.StaffAgents(t)
	if err != nil {
		return math.Ceil(q.Load)
	}
	return float64(s.Agents)
}
