package erlang

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// MaxAgents is the largest agent count (and, for the chat model, the
// largest number of chat slots) the package evaluates. Larger counts are
// rejected with an error rather than risk a slow loop.
const MaxAgents = 1e7

// ErrUnstable is matched (with errors.Is) by the error of a model without
// abandonment whose load is not below its capacity: its queue grows without
// bound, so waits have no steady state. Erlang X's error when every lost
// caller redials and the redials swamp the agents matches it too. Staff
// and StaffFractional take such an agent count as one that misses the
// targets.
var ErrUnstable = errors.New("unstable")

// ErrInvalid is matched by errors about invalid arguments: NaN, infinite,
// negative or out-of-range values.
var ErrInvalid = errors.New("invalid argument")

// ErrUnreachable is matched by a staffing error when no agent count up to
// MaxAgents meets the targets.
var ErrUnreachable = errors.New("targets cannot be met")

// UnstableError reports a load at or above the capacity of a queue without
// abandonment. LeastStable is the smallest agent count that makes the
// queue stable.
type UnstableError struct {
	Agents      float64
	Load        float64
	LeastStable int
}

func (e *UnstableError) Error() string {
	return fmt.Sprintf("erlang: %g agents for a load of %g Erlangs: unstable (the least stable agent count is %d)",
		e.Agents, e.Load, e.LeastStable)
}

// Is makes errors.Is(err, ErrUnstable) true.
func (e *UnstableError) Is(target error) bool { return target == ErrUnstable }

// leastStable is the smallest whole agent count above load a.
func leastStable(a float64) int { return int(math.Floor(a)) + 1 }

// invalid wraps ErrInvalid with the argument's name and value.
func invalid(name string, v float64, must string) error {
	return fmt.Errorf("erlang: %s %v: must be %s: %w", name, v, must, ErrInvalid)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// checkAgents validates an agent count.
func checkAgents(n float64) error {
	if !finite(n) || n < 0 || n > MaxAgents {
		return invalid("agents", n, fmt.Sprintf("finite and in [0, %g]", float64(MaxAgents)))
	}
	return nil
}

// checkLoad validates a load in Erlangs.
func checkLoad(a float64) error {
	if !finite(a) || a < 0 {
		return invalid("load", a, "finite and non-negative")
	}
	return nil
}

// checkPositive validates a duration that must be positive and finite.
func checkPositive(name string, v float64) error {
	if !finite(v) || v <= 0 {
		return invalid(name, v, "finite and positive")
	}
	return nil
}

// checkNonNegative validates a finite non-negative value.
func checkNonNegative(name string, v float64) error {
	if !finite(v) || v < 0 {
		return invalid(name, v, "finite and non-negative")
	}
	return nil
}

// B returns the Erlang B blocking probability of n agents (servers) offered
// a load of a Erlangs with no waiting room: the share of arrivals that find
// every agent busy and are lost.
//
// n may be fractional: B is then the smooth extension
// 1/B(n, a) = a * Integral_0^Inf exp(-a t) (1+t)^n dt, which agrees with
// the classic formula at whole n. B(0, a) = 1 and B(n, 0) = 0 for n > 0.
// It is BQueue{n, a}.PBlock().
func B(n, a float64) (float64, error) {
	if err := checkAgents(n); err != nil {
		return 0, err
	}
	if err := checkLoad(a); err != nil {
		return 0, err
	}
	return erlangB(n, a), nil
}

// erlangB is B for valid arguments.
func erlangB(n, a float64) float64 {
	return math.Min(1, 1/invB(n, a)) // rounding can pass 1 when n is tiny
}

// C returns the Erlang C probability that an arrival waits, for n agents
// offered a load of a Erlangs with an unlimited queue and no abandonment.
// n may be fractional (see B). When a >= n the queue is unstable and C
// returns an *UnstableError, which matches ErrUnstable. It is
// CQueue{n, a, AHT}.PWait() for any positive AHT.
func C(n, a float64) (float64, error) {
	if err := checkAgents(n); err != nil {
		return 0, err
	}
	if err := checkLoad(a); err != nil {
		return 0, err
	}
	if a >= n {
		return 0, &UnstableError{Agents: n, Load: a, LeastStable: leastStable(a)}
	}
	return erlangC(n, a), nil
}

// erlangC is C for 0 <= a < n. It uses C = 1/(1 + (n-a) invB(n-1)/a),
// which follows from 1/B(n) = 1 + (n/a)/B(n-1) and has no cancellation.
func erlangC(n, a float64) float64 {
	if a == 0 {
		return 0
	}
	return 1 / (1 + (n-a)*head(n, a)/n)
}

// head returns R(n, a) = sum over k < n of pi_k/pi_n for the birth-death
// chain with birth rate a and death rate k below n (time in handle times):
// the probability mass of the states with a free agent, relative to the
// state where all n agents have just become busy. R = 1/B(n, a) - 1,
// computed as (n/a)/B(n-1, a) to avoid cancellation. a must be positive.
func head(n, a float64) float64 {
	if n >= 1 {
		return n / a * invB(n-1, a)
	}
	return invB(n, a) - 1
}

// invB returns 1/B(x, a) for 0 <= x <= MaxAgents and a >= 0; +Inf when B
// underflows.
//
// It runs the recurrence 1/B(y, a) = 1 + (y/a)/B(y-1, a) upward to x. All
// terms are positive, so rounding errors do not grow: the relative error is
// of the order of sqrt(steps) ulps. The recurrence starts K = 10 sqrt(a) + 2
// steps below min(x, a), with the start value 1 in place of the true one:
// the start's share of the result is then below exp(-50) (a Chernoff bound
// on the Poisson distribution), so no factorials and at most about
// 10 sqrt(a) + (x - a) steps, stopping early when 1/B overflows.
func invB(x, a float64) float64 {
	if a == 0 {
		if x == 0 {
			return 1
		}
		return math.Inf(1)
	}
	if x == 0 {
		return 1
	}
	m := math.Floor(x)
	f := x - m // exact
	top := math.Min(m, math.Floor(a))
	k := 10*math.Sqrt(a) + 2
	if a > m {
		// Overloaded: the terms fall at least geometrically, by m/a per
		// step below m, which can need far fewer steps.
		k = math.Min(k, 50/math.Log(a/m)+2)
	}
	k0 := math.Floor(top - k)
	var v float64
	if k0 <= 0 {
		k0 = 0
		v = invBFrac(f, a)
	} else {
		v = 1
	}
	// 1/a as an unevaluated sum hi+lo, so that y/a is correctly rounded
	// at every step: a rounded 1/a would bias every step the same way
	// and the error would grow with the number of steps.
	hi := 1 / a
	lo := math.FMA(-hi, a, 1) / a
	for i := k0 + 1; i <= m; i++ {
		y := f + i // exact: f is a multiple of ulp(x)
		v = math.FMA(math.FMA(y, hi, y*lo), v, 1)
		if v > 1e300 {
			return math.Inf(1)
		}
	}
	return v
}

// invBFrac returns 1/B(f, a) for 0 <= f < 1 and a > 0.
func invBFrac(f, a float64) float64 {
	if f == 0 {
		return 1
	}
	if a >= 50 {
		// Asymptotic series 1/B(f, a) = sum_k f(f-1)...(f-k+1)/a^k. For
		// 0 < f < 1 its terms alternate in sign from k = 2 on; with
		// a >= 50 the smallest term is below 1e-17.
		sum, term := 1.0, 1.0
		for k := 0.0; k < 60; k++ {
			term *= (f - k) / a
			sum += term
			if math.Abs(term) < 1e-18*sum {
				break
			}
		}
		return math.Max(1, sum)
	}
	// 1/B(f, a) = e^a a^-f Gamma(f+1, a), the upper incomplete gamma
	// function, for which gonum's regularised form is accurate here
	// (1 <= f+1 < 2 and a < 50, so nothing overflows).
	return math.Max(1, math.Exp(a-f*math.Log(a))*math.Gamma(f+1)*mathext.GammaIncRegComp(f+1, a))
}
