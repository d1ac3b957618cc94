package erlang

import (
	"fmt"
	"math"
)

// SLDef names a definition of the service level: the share of contacts
// answered within a threshold t, over one of three denominators. Without
// abandonment (Erlang C) the three agree.
type SLDef uint8

const (
	// OverOffered counts contacts answered within t over all contacts
	// offered (blocked and abandoned ones included). It is the figure
	// planners usually quote, and the default.
	OverOffered SLDef = iota
	// OverAnswered counts contacts answered within t over contacts
	// answered: abandoned ones drop out of both counts.
	OverAnswered
	// OverOfferedLessShortAbandons counts contacts answered within t over
	// contacts offered less those that abandoned within t: a customer who
	// hangs up early is neither a success nor a failure.
	OverOfferedLessShortAbandons
)

var slDefNames = [...]string{"offered", "answered", "offered-less-short-abandons"}

// String returns the definition's short name, as ParseSLDef reads it.
func (d SLDef) String() string {
	if int(d) < len(slDefNames) {
		return slDefNames[d]
	}
	return fmt.Sprintf("SLDef(%d)", d)
}

// ParseSLDef reads a definition's short name (see SLDef.String).
func ParseSLDef(s string) (SLDef, error) {
	for i, n := range slDefNames {
		if s == n {
			return SLDef(i), nil
		}
	}
	return 0, fmt.Errorf("erlang: service-level definition %q: must be one of offered, answered, offered-less-short-abandons: %w", s, ErrInvalid)
}

func (d SLDef) validate() error {
	if int(d) >= len(slDefNames) {
		return fmt.Errorf("erlang: service-level definition %d: %w", d, ErrInvalid)
	}
	return nil
}

// waitModel is a birth-death queue seen from state N, where all service
// capacity has just become busy. head = sum over m < N of pi_m/pi_N
// (+Inf when the queue is never reached); beyond N contacts arrive at rate
// lambda, leave service at the constant rate c, and each waiting contact
// abandons at rate theta (0: nobody abandons, then lambda < c). Erlang A
// and the chat model share it.
type waitModel struct {
	head             float64
	lambda, c, theta float64
}

// waitFigures are the per-arrival figures of a waitModel.
type waitFigures struct {
	pWait, pAbandon, pServed float64
	asa, asaAnswered         float64 // seconds: all arrivals; answered ones
	sl                       float64 // at the requested threshold and definition
}

// figures evaluates the model; t is the service-level threshold in
// seconds.
func (w waitModel) figures(t float64, def SLDef) (waitFigures, error) {
	if math.IsInf(w.head, 1) || w.lambda == 0 {
		return waitFigures{pServed: 1, sl: 1}, nil
	}
	if w.theta == 0 {
		return w.noAbandon(t), nil
	}
	x, y := w.c/w.theta, w.lambda/w.theta
	s, err := sumSeries(x, y, true)
	if err != nil {
		return waitFigures{}, err
	}
	r := 0.0 // head / S
	if w.head > 0 {
		r = math.Exp(math.Log(w.head) - math.Log(s.s0) - s.logScale)
	}
	served := s.s3 / s.s0 // share of waiting arrivals served
	f := waitFigures{
		pWait:    1 / (1 + r),
		pAbandon: s.s1 / s.s0 / (1 + r),
		pServed:  (r + served) / (1 + r),
	}
	f.asa = f.pAbandon / w.theta // Little's law on the queue
	if r+served > 0 {
		f.asaAnswered = x / w.theta * (s.s2 / s.s0) / (r + served)
	}
	// Served within t (ht) and still waiting with patience left at t
	// (rest), as shares of S; see docs/erlang.md.
	ht, rest := 0.0, 1.0
	if t > 0 {
		u := math.Exp(-w.theta * t)
		s2, err := sumSeries(x, y*u, false)
		if err != nil {
			return waitFigures{}, err
		}
		lw := -w.c*t - y*math.Expm1(-w.theta*t) + s2.logScale - s.logScale
		g := u * math.Exp(lw) // u^(x+1) e^(y(1-u)) times the scale ratio
		ht = math.Max(0, (s.s3-g*s2.s3)/s.s0)
		rest = g * s2.s0 / s.s0
	}
	switch def {
	case OverOffered:
		f.sl = (r + ht) / (1 + r)
	case OverAnswered:
		f.sl = (r + ht) / (r + served)
	case OverOfferedLessShortAbandons:
		f.sl = (r + ht) / (r + ht + rest)
	}
	if !(f.sl <= 1) { // rounding, or 0/0 when nobody is served
		f.sl = math.Min(1, f.sl)
		if math.IsNaN(f.sl) {
			f.sl = 0
		}
	}
	return f, nil
}

// noAbandon evaluates the model without abandonment: the wait of a waiting
// arrival is exponential with rate c - lambda.
func (w waitModel) noAbandon(t float64) waitFigures {
	d := w.c - w.lambda
	pw := 1 / (1 + w.head*d/w.c)
	return waitFigures{
		pWait:       pw,
		pServed:     1,
		asa:         pw / d,
		asaAnswered: pw / d,
		sl:          1 - pw*math.Exp(-d*t),
	}
}
