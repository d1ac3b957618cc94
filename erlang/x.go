package erlang

import (
	"cmp"
	"fmt"
	"math"
)

// XQueue is Erlang X: Erlang A with a finite number of lines and redials.
// An arrival that finds every line taken (Agents talking plus callers
// waiting) is blocked; a waiting caller abandons at rate 1/Patience. A
// share RedialShare of the blocked and abandoned attempts call again after
// a mean delay RedialDelay.
//
// Redials make the arrival stream depend on its own losses. XQueue uses
// the standard fixed-point approximation: attempts (fresh calls plus
// redials) are taken as one Poisson stream of rate lambda, the M/M/n/N+M
// chain gives the share lost at that rate, and lambda is the rate at which
// lambda = fresh + share * landing * lambda * lost(lambda). That treats
// redials as independent of the state they return to, which they are not:
// it is an approximation, not an exact model. landing is the share of
// redials that fall within the interval: 1 for a stationary model
// (Interval 0), else 1 - (D/T)(1 - exp(-T/D)) for delay D and interval T,
// attempts being spread evenly over the interval.
type XQueue struct {
	Agents      float64 // a whole number if Lines is set; else it may be fractional, as in Erlang A
	Lines       float64 // whole number >= Agents; 0: unlimited
	Load        float64 // fresh load (first attempts) in Erlangs
	AHT         float64 // seconds
	Patience    float64 // mean patience, seconds; 0: nobody abandons
	RedialShare float64 // share of lost attempts that redial, [0, 1]
	RedialDelay float64 // mean seconds before a redial
	Interval    float64 // seconds; 0: stationary
}

// maxChainStates bounds the states Erlang X sums one by one.
const maxChainStates = 2e6

// XMetrics are Erlang X's figures: Metrics per attempt (Load counting
// redials) and the redial figures.
type XMetrics struct {
	Metrics
	// FreshLoad is the load of first attempts, Erlangs.
	FreshLoad float64
	// RedialLoad is the load of redials, Erlangs.
	RedialLoad float64
	// PLostCaller is the share of callers who give up for good: their
	// last attempt was lost and they did not redial within the interval.
	PLostCaller float64
}

func (q XQueue) validate() error {
	if err := checkAgents(q.Agents); err != nil {
		return err
	}
	if !finite(q.Lines) || q.Lines != math.Floor(q.Lines) || (q.Lines != 0 && q.Lines < q.Agents) ||
		q.Lines-q.Agents > MaxAgents {
		return invalid("lines", q.Lines, "0 (unlimited) or a whole number of at least the agents")
	}
	// With lines, the waiting places Lines - Agents must be whole; without,
	// the chain beyond the agents is Erlang A's, smooth in the count.
	if q.Lines != 0 && q.Agents != math.Floor(q.Agents) {
		return invalid("Erlang X agents", q.Agents, "a whole number when lines are set")
	}
	if err := cmp.Or(checkLoad(q.Load), checkPositive("AHT", q.AHT), checkNonNegative("patience", q.Patience)); err != nil {
		return err
	}
	if !(q.RedialShare >= 0 && q.RedialShare <= 1) {
		return invalid("redial share", q.RedialShare, "in [0, 1]")
	}
	if err := checkNonNegative("redial delay", q.RedialDelay); err != nil {
		return err
	}
	return checkNonNegative("interval", q.Interval)
}

// landing is the share of redials that fall within the interval.
func (q XQueue) landing() float64 {
	if q.Interval == 0 || q.RedialDelay == 0 {
		return 1
	}
	r := q.RedialDelay / q.Interval
	return 1 + r*math.Expm1(-1/r)
}

// solve returns the load of attempts in Erlangs at the fixed point, and
// k, the share of lost attempts that come back within the interval.
func (q XQueue) solve() (a, k float64, err error) {
	if err := q.validate(); err != nil {
		return 0, 0, err
	}
	if q.Patience == 0 && ((q.Lines == 0 && q.Load >= q.Agents) || (q.Agents == 0 && q.Load > 0)) {
		return 0, 0, &UnstableError{Agents: q.Agents, Load: q.Load, LeastStable: leastStable(q.Load)}
	}
	k = q.RedialShare * q.landing()
	if q.Lines == 0 && q.Patience == 0 {
		k = 0 // nobody is lost, so nobody redials
	}
	lost := func(a float64) (float64, error) {
		c, err := q.chain(a, 0, OverOffered, 0)
		return c.PBlock + c.PAbandon, err
	}
	// g(a) = fresh + k a lost(a) - a falls in a; bisect on the load of
	// attempts between the fresh load and where g turns negative.
	lo, hi := q.Load, q.Load
	if k > 0 && q.Load > 0 {
		if k < 1 {
			hi = q.Load / (1 - k)
		} else {
			// Every lost attempt comes back, so the agents must serve
			// the whole fresh load: lambda (1 - lost) = fresh < agents.
			if q.Load >= q.Agents {
				return 0, 0, &UnstableError{Agents: q.Agents, Load: q.Load, LeastStable: leastStable(q.Load)}
			}
			for hi = 2 * q.Load; ; hi *= 2 {
				l, err := lost(hi)
				if err != nil {
					return 0, 0, err
				}
				if q.Load+k*hi*l < hi {
					break
				}
				if hi > 1e3*q.Load {
					return 0, 0, fmt.Errorf("erlang: Erlang X: every lost caller redials, and with %g agents for a fresh load of %g Erlangs the attempts exceed 1000 times the fresh load: %w",
						q.Agents, q.Load, ErrUnstable)
				}
			}
		}
		for i := 0; i < 200 && hi-lo > 1e-13*hi; i++ {
			mid := (lo + hi) / 2
			l, err := lost(mid)
			if err != nil {
				return 0, 0, err
			}
			if q.Load+k*mid*l >= mid {
				lo = mid
			} else {
				hi = mid
			}
		}
	}
	return (lo + hi) / 2, k, nil
}

// eval solves the fixed point and computes the figures that n asks for,
// and the cheap ones, at it.
func (q XQueue) eval(t float64, def SLDef, n need) (Metrics, error) {
	m, _, err := q.solved(t, def, n)
	return m, err
}

// solved is eval that also returns k, the share of the lost attempts
// that come back within the interval (see solve).
func (q XQueue) solved(t float64, def SLDef, n need) (Metrics, float64, error) {
	if n&needSL != 0 {
		if err := checkThreshold(t, def); err != nil {
			return Metrics{}, 0, err
		}
	}
	a, k, err := q.solve()
	if err != nil {
		return Metrics{}, 0, err
	}
	m, err := q.chain(a, t, def, n)
	return m, k, err
}

// XMetrics solves the fixed point and returns the figures at it, the
// service level at threshold t seconds by def (blocked attempts count as
// offered and not answered), and the redial figures.
func (q XQueue) XMetrics(t float64, def SLDef) (XMetrics, error) {
	m, k, err := q.solved(t, def, needAll)
	if err != nil {
		return XMetrics{}, err
	}
	p := m.PBlock + m.PAbandon
	// m.Load is the load of attempts at the fixed point: fresh and redials.
	x := XMetrics{Metrics: m, FreshLoad: q.Load, RedialLoad: m.Load - q.Load}
	if p > 0 {
		x.PLostCaller = math.Min(1, p*(1-k)/(1-k*p)) // rounding can pass 1
	}
	return x, nil
}

// Metrics solves the fixed point and returns the figures at it, the
// service level at threshold t seconds by def (blocked attempts count as
// offered and not answered). XMetrics adds the redial figures.
func (q XQueue) Metrics(t float64, def SLDef) (Metrics, error) {
	return q.eval(t, def, needAll)
}

// PBlock returns the share of attempts blocked.
func (q XQueue) PBlock() (float64, error) {
	return evalFigure(q, pBlockFigure, 0, OverOffered)
}

// PWait returns the share of attempts that wait.
func (q XQueue) PWait() (float64, error) {
	return evalFigure(q, pWaitFigure, 0, OverOffered)
}

// PAbandon returns the share of attempts that abandon.
func (q XQueue) PAbandon() (float64, error) {
	return evalFigure(q, pAbandonFigure, 0, OverOffered)
}

// ServiceLevel returns the share of attempts answered within t seconds
// by def.
func (q XQueue) ServiceLevel(t float64, def SLDef) (float64, error) {
	return evalFigure(q, serviceLevelFigure, t, def)
}

// ASA returns the mean wait of the answered attempts in seconds.
func (q XQueue) ASA() (float64, error) {
	return evalFigure(q, asaFigure, 0, OverOffered)
}

// MeanWait returns the mean wait of all attempts in seconds (blocked ones
// count zero, abandoning ones until they hang up).
func (q XQueue) MeanWait() (float64, error) {
	return evalFigure(q, meanWaitFigure, 0, OverOffered)
}

// Occupancy returns the carried load per agent.
func (q XQueue) Occupancy() (float64, error) {
	return evalFigure(q, occupancyFigure, 0, OverOffered)
}

// OfferedLoad returns Load, the fresh load.
func (q XQueue) OfferedLoad() float64 { return q.Load }

// MetricsAt returns Metrics with n agents. With Lines set, n agents
// above Lines are an invalid argument.
func (q XQueue) MetricsAt(n, t float64, def SLDef) (Metrics, error) {
	q.Agents = n
	return q.Metrics(t, def)
}

// StaffGuess is Erlang C's staffing of the fresh load, as for Erlang A.
func (q XQueue) StaffGuess(t Targets) float64 {
	return AQueue{Load: q.Load, AHT: q.AHT}.StaffGuess(t)
}

// chain evaluates the M/M/n/N+M chain at a load of a Erlangs of attempts,
// state by state: an arrival finding j callers waiting waits for a sum of
// exponentials with rates (n + i/Patience)/AHT, i = 0..j, and is served
// if that ends before its patience does. The service level and ASA are
// computed only if nd asks for them: their per-state terms cost most.
func (q XQueue) chain(a, t float64, def SLDef, nd need) (Metrics, error) {
	wantSL, wantASA := nd&needSL != 0, nd&needASA != 0
	n := q.Agents
	m := Metrics{Agents: n, Load: a, ServiceLevel: 1}
	if a == 0 {
		return m, nil
	}
	head := head(n, a) // pi_{<n}/pi_n
	if math.IsInf(head, 1) {
		if n > 0 {
			m.Occupancy = a / n
		}
		return m, nil
	}
	if q.Lines == 0 && q.Patience == 0 && a >= n {
		return Metrics{}, &UnstableError{Agents: n, Load: a, LeastStable: leastStable(a)}
	}
	theta := 0.0 // abandonment rate in handle times
	x := math.Inf(1)
	if q.Patience > 0 {
		theta = q.AHT / q.Patience
		x = n / theta
	}
	y := a // arrivals per handle time
	tt := t / q.AHT
	room := math.Inf(1) // waiting places
	if q.Lines > 0 {
		room = q.Lines - n
	}
	// Negative-binomial (Erlang when theta = 0) terms, in logs, give the
	// chance that j ahead are cleared within t: for the tilted wait
	// (served within t) and the plain one (still waiting at t).
	var lc1, lc0, cum1, cum0, lz float64
	switch {
	case !wantSL: // the terms are not needed
	case theta > 0:
		lz = math.Log(-math.Expm1(-theta * tt))
		lc1, lc0 = -(x+1)*theta*tt, -x*theta*tt
	default:
		lz = math.Log(n * tt)
		lc1, lc0 = -n*tt, -n*tt
	}
	q0 := 1.0 // pi_{n+j}/pi_n
	var total, waitMass, abandon, served, within, still, waitAll, waitServed float64
	total = head
	h := 0.0 // sum_{i=1}^{j+1} 1/(x+i)
	for j := 0.0; ; j++ {
		if j > 0 {
			if theta > 0 {
				q0 *= y / (n + j*theta)
				if wantSL {
					lc1 += lz + math.Log((x+j)/j)
					lc0 += lz + math.Log((x+j-1)/j)
				}
			} else {
				q0 *= y / n
				if wantSL {
					lc1 += lz - math.Log(j)
					lc0 = lc1
				}
			}
		}
		total += q0
		if j >= room { // every line taken: blocked
			m.PBlock = q0
			break
		}
		if wantSL {
			cum1 += math.Exp(lc1)
			cum0 += math.Exp(lc0)
		}
		waitMass += q0
		if theta > 0 {
			pServe := x / (x + j + 1)
			abandon += q0 * (1 - pServe)
			served += q0 * pServe
			if wantSL {
				within += q0 * pServe * math.Max(0, 1-cum1)
				still += q0 * math.Exp(-theta*tt) * math.Min(1, cum0)
			}
			waitAll += q0 * (1 - pServe) / theta
			if wantASA {
				h += 1 / (x + j + 1)
				waitServed += q0 * pServe * h / theta
			}
		} else {
			served += q0
			if wantSL {
				within += q0 * math.Max(0, 1-cum1)
				still += q0 * math.Min(1, cum0)
			}
			waitAll += q0 * (j + 1) / n
			waitServed += q0 * (j + 1) / n
		}
		if q0 > 1e250 { // overload with many lines: keep every sum finite
			for _, v := range []*float64{&q0, &head, &total, &waitMass, &abandon, &served, &within, &still, &waitAll, &waitServed} {
				*v *= 1e-250
			}
		}
		past := y < n // the terms fall from the start
		if theta > 0 {
			past = j > (y-n)/theta
		}
		if past && q0 < 1e-17*waitMass {
			break
		}
		if j > maxChainStates {
			return Metrics{}, tooLarge(x, y)
		}
	}
	m.PBlock /= total
	m.PWait = waitMass / total
	m.PAbandon = abandon / total
	m.MeanWait = waitAll / total * q.AHT
	if head+served > 0 {
		m.ASA = waitServed / (head + served) * q.AHT
	}
	if n > 0 {
		m.Occupancy = math.Min(1, a*(head+served)/total/n)
	}
	if !wantSL {
		return m, nil
	}
	switch def {
	case OverOffered:
		m.ServiceLevel = (head + within) / total
	case OverAnswered:
		m.ServiceLevel = (head + within) / (head + served)
	case OverOfferedLessShortAbandons:
		m.ServiceLevel = (head + within) / (head + within + still + m.PBlock*total)
	}
	if math.IsNaN(m.ServiceLevel) { // 0/0: nobody is answered
		m.ServiceLevel = 0
	}
	m.ServiceLevel = math.Min(1, m.ServiceLevel)
	return m, nil
}
