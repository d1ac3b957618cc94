package erlang

import (
	"cmp"
	"fmt"
	"math"
)

// ChatQueue is a chat queue in which each agent holds up to Concurrency
// chats at once. A chat that shares its agent with j-1 others progresses at
// speed 1/(1 + Slowdown (j-1)), the simulator's rule, so an agent with j
// chats finishes them at j/(1 + Slowdown (j-1)) times the solo rate.
// New chats go to the agent holding the fewest, so the chats in service
// are spread as evenly as they can be (an approximation: real chats do not
// move between agents when one ends). Chats that find every slot taken
// wait in one queue and, with a Patience, abandon at rate 1/Patience.
//
// The number of chats in the system is then a birth-death chain, which
// ChatQueue solves exactly. Agents must be a whole number.
type ChatQueue struct {
	Agents      float64
	Concurrency int     // chats per agent, >= 1
	Slowdown    float64 // f >= 0; 0: chats do not slow each other
	Load        float64 // arrival rate times AHT, Erlangs
	AHT         float64 // handle time of a chat its agent works alone, seconds
	Patience    float64 // mean patience, seconds; 0: nobody abandons
}

// maxConcurrency bounds Concurrency, like the simulator's model check.
const maxConcurrency = 1000

func (q ChatQueue) validate() error {
	if err := checkAgents(q.Agents); err != nil {
		return err
	}
	if q.Agents != math.Floor(q.Agents) {
		return invalid("chat agents", q.Agents, "a whole number")
	}
	if q.Concurrency < 1 || q.Concurrency > maxConcurrency {
		return fmt.Errorf("erlang: chat concurrency %d: must be in [1, %d]: %w", q.Concurrency, maxConcurrency, ErrInvalid)
	}
	if q.Agents*float64(q.Concurrency) > MaxAgents {
		return invalid("chat slots (agents times concurrency)", q.Agents*float64(q.Concurrency), fmt.Sprintf("at most %g", float64(MaxAgents)))
	}
	return cmp.Or(checkNonNegative("chat slowdown", q.Slowdown), checkLoad(q.Load), checkPositive("AHT", q.AHT),
		checkNonNegative("patience", q.Patience))
}

// agentRate is how many solo handle times' worth of work an agent with j
// chats completes per handle time.
func (q ChatQueue) agentRate(j float64) float64 {
	if j == 0 {
		return 0
	}
	return j / (1 + q.Slowdown*(j-1))
}

// Capacity returns the load in Erlangs the agents can carry with every
// slot taken: Agents Concurrency/(1 + Slowdown (Concurrency-1)).
func (q ChatQueue) Capacity() (float64, error) {
	return validFigure(q, ChatQueue.capacity)
}

func (q ChatQueue) capacity() float64 { return q.Agents * q.agentRate(float64(q.Concurrency)) }

// Metrics returns every figure at once, the service level at threshold t
// seconds by definition def. Occupancy is the share of chat slots in use.
// Without Patience, a load at or above Capacity is unstable.
func (q ChatQueue) Metrics(t float64, def SLDef) (Metrics, error) {
	return q.eval(t, def, needAll)
}

// eval computes the figures that nd asks for, and the cheap ones.
func (q ChatQueue) eval(t float64, def SLDef, nd need) (Metrics, error) {
	if err := q.validate(); err != nil {
		return Metrics{}, err
	}
	if nd&needSL != 0 {
		if err := checkThreshold(t, def); err != nil {
			return Metrics{}, err
		}
	}
	n, k := q.Agents, float64(q.Concurrency)
	slots := n * k
	m := Metrics{Agents: n, Load: q.Load, ServiceLevel: 1}
	if q.Load == 0 {
		return m, nil
	}
	capacity := q.capacity()
	if q.Patience == 0 && q.Load >= capacity {
		least := int(math.Floor(q.Load/q.agentRate(k))) + 1
		return Metrics{}, &UnstableError{Agents: n, Load: q.Load, LeastStable: least}
	}
	// Head of the chain in handle-time units: v = sum_{i<m} pi_i/pi_m and
	// u = sum_{i<m} i pi_i/pi_m, carried up to m = slots with a common
	// scale exp(off) so that neither overflows.
	a := q.Load
	v, u, off, one := 0.0, 0.0, 0.0, 1.0 // one is exp(-off)
	for s := 1.0; s <= slots; s++ {
		per := math.Floor((s - 1) / n) // chats per agent before this one
		extra := s - per*n             // agents holding per+1 chats
		rate := extra*q.agentRate(per+1) + (n-extra)*q.agentRate(per)
		v, u = rate/a*(one+v), rate/a*(u+(s-1)*one)
		if v > 1e250 {
			v *= 1e-250
			u *= 1e-250
			one *= 1e-250
			off += 250 * math.Ln10
		}
	}
	head := math.Exp(math.Log(v) + off)
	if v == 0 {
		head = 0
	}
	w := waitModel{
		head:     head,
		lambda:   a / q.AHT,
		c:        capacity / q.AHT,
		patience: q.Patience,
	}
	if q.Patience > 0 {
		w.theta = 1 / q.Patience
		w.x = capacity * (q.Patience / q.AHT)
		w.y = a * (q.Patience / q.AHT)
	}
	f, err := w.figures(t, def, nd)
	if err != nil {
		return Metrics{}, err
	}
	m.PWait, m.PAbandon, m.ServiceLevel = f.pWait, f.pAbandon, f.sl
	m.ASA, m.MeanWait = f.asa, f.meanWait
	// Mean chats in service: (u + slots S)/(v + S) in the common scale,
	// where S, the queue's mass relative to pi_slots, is pWait/(1-pWait)
	// times head.
	switch {
	case slots == 0:
		m.Occupancy = 0
	case f.pWait == 0 || math.IsInf(head, 1):
		m.Occupancy = u / v / slots
	case f.pWait == 1:
		m.Occupancy = 1
	default:
		sOverV := f.pWait / (1 - f.pWait) // S/head
		m.Occupancy = (u/v + slots*sOverV) / (1 + sOverV) / slots
	}
	m.Occupancy = math.Min(1, m.Occupancy)
	return m, nil
}

// PWait returns the share of chats that wait for a slot.
func (q ChatQueue) PWait() (float64, error) {
	return evalFigure(q, pWaitFigure, 0, OverOffered)
}

// PAbandon returns the share of chats that abandon.
func (q ChatQueue) PAbandon() (float64, error) {
	return evalFigure(q, pAbandonFigure, 0, OverOffered)
}

// ServiceLevel returns the share of chats answered within t seconds by
// def.
func (q ChatQueue) ServiceLevel(t float64, def SLDef) (float64, error) {
	return evalFigure(q, serviceLevelFigure, t, def)
}

// ASA returns the mean wait of the answered chats in seconds.
func (q ChatQueue) ASA() (float64, error) {
	return evalFigure(q, asaFigure, 0, OverOffered)
}

// MeanWait returns the mean wait of all chats in seconds, abandoning ones
// until they leave.
func (q ChatQueue) MeanWait() (float64, error) {
	return evalFigure(q, meanWaitFigure, 0, OverOffered)
}

// Occupancy returns the share of chat slots in use.
func (q ChatQueue) Occupancy() (float64, error) {
	return evalFigure(q, occupancyFigure, 0, OverOffered)
}

// OfferedLoad returns Load.
func (q ChatQueue) OfferedLoad() float64 { return q.Load }

// MetricsAt returns Metrics with n agents.
func (q ChatQueue) MetricsAt(n, t float64, def SLDef) (Metrics, error) {
	q.Agents = n
	return q.Metrics(t, def)
}

// StaffGuess is the least count whose full capacity exceeds the load.
func (q ChatQueue) StaffGuess(Targets) float64 {
	return math.Floor(q.Load/q.agentRate(float64(q.Concurrency))) + 1
}
