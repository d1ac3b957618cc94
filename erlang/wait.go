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
	// x = c/theta and y = lambda/theta, and patience = 1/theta, given by
	// the caller when it can form them with fewer roundings.
	x, y, patience float64
}

// waitFigures are the per-arrival figures of a waitModel.
type waitFigures struct {
	pWait, pAbandon, pServed float64
	asa, meanWait            float64 // seconds: answered arrivals; all arrivals
	sl                       float64 // at the requested threshold and definition
}

// figures evaluates the model; t is the service-level threshold in
// seconds. sl and asa are computed only if n asks for them.
func (w waitModel) figures(t float64, def SLDef, n need) (waitFigures, error) {
	if math.IsInf(w.head, 1) || w.lambda == 0 {
		return waitFigures{pServed: 1, sl: 1}, nil
	}
	if w.theta == 0 {
		return w.noAbandon(t), nil
	}
	x, y, tt := w.x, w.y, t/w.patience
	s, err := sumSeries(x, y, n&needASA != 0)
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
		pAbandon: math.Min(1, s.s1/s.s0/(1+r)), // rounding can pass 1
		pServed:  math.Min(1, (r+served)/(1+r)),
	}
	f.meanWait = f.pAbandon * w.patience // Little's law on the queue
	if n&needASA != 0 && r+served > 0 {
		f.asa = x * w.patience * (s.s2 / s.s0) / (r + served)
	}
	if n&needSL == 0 {
		return f, nil
	}
	// Served within t (ht) and still waiting with patience left at t
	// (rest), as shares of S; see docs/erlang.md.
	ht, rest := 0.0, 1.0
	if t > 0 {
		u := math.Exp(-tt)
		s2, err := sumSeries(x, y*u, false)
		if err != nil {
			return waitFigures{}, err
		}
		lw := -x*tt - y*math.Expm1(-tt) + s2.logScale - s.logScale
		g := u * math.Exp(lw) // u^(x+1) e^(y(1-u)) times the scale ratio
		ht = math.Max(0, (s.s3-g*s2.s3)/s.s0)
		if g*s2.s3 > s.s3/2 {
			// Most of the difference cancels: the service level is
			// small. Sum it term by term instead.
			ht, err = servedWithin(x, y, tt, s)
			if err != nil {
				return waitFigures{}, err
			}
		}
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
		pWait:    pw,
		pServed:  1,
		asa:      pw / d,
		meanWait: pw / d,
		sl:       1 - pw*math.Exp(-d*t),
	}
}

// servedWithin returns H(t)/S, the share of waiting arrivals served within
// t, as the sum over j of q_j x/(x+j+1) T_j, where T_j is the chance that
// a sum of exponentials with rates (x+1+i) theta, i = 0..j, is at most t:
// the negative-binomial tail P(N > j), N counting failures before the
// (x+1)-th success with success chance u = exp(-theta t). Every term is
// positive, so a small result keeps its relative accuracy. T_j is built
// from the top of the series downward, T_{j-1} = T_j + P(N = j), because
// the tail grows that way. tt is theta*t.
func servedWithin(x, y, tt float64, s seriesSums) (float64, error) {
	b := x + 1
	z := -math.Expm1(-tt) // 1 - u
	lnz := math.Log(z)
	top := s.top
	// ln P(N = j) = ln Gamma(b+j) - ln Gamma(b) - ln j! + j ln z + b ln u.
	lnPmf := func(j float64) float64 {
		lg, _ := math.Lgamma(j + 1)
		return lnGammaDiff(b, b+j) - lg + j*lnz - b*tt
	}
	// T_top, scaled by exp(-off) with off = ln P(N = top+1).
	off := lnPmf(top + 1)
	mode := (z*b - 1) / (1 - z)
	var tail float64
	steps := 0
	if top+1 > mode {
		c := 1.0
		for i := top + 1; c > 1e-18*tail; i++ {
			tail += c
			c *= z * (b + i) / (i + 1)
			if steps++; steps > maxTerms {
				return 0, tooLarge(x, y)
			}
		}
	} else {
		// The tail holds most of the distribution: 1 - P(N <= top).
		// In logs: the first terms may underflow while later ones,
		// nearer the mode, do not.
		lc, cum := -b*tt, 0.0
		for i := 0.0; i <= top; i++ {
			cum += math.Exp(lc)
			lc += math.Log(z * (b + i) / (i + 1))
		}
		tail, off = math.Max(0, 1-cum), 0
	}
	// q_top relative to the peak term of s.
	p := math.Max(0, math.Floor(y-x))
	q := 1.0
	for j := p + 1; j <= top; j++ {
		q *= y / (x + j)
	}
	// Downward from top. term = q_j T_j and e = q_j P(N = j) share one
	// scale, exp(off) times the scale of q, so that neither the falling q
	// nor the rising tail leaves the float64 range.
	term := q * tail
	e := q * math.Exp(lnPmf(top)-off)
	h := 0.0
	const tol = 1e-17
	for j := top; j >= 0; j-- {
		h += term * x / (x + j + 1)
		if j == 0 {
			break
		}
		k := (x + j) / y
		term = k * (term + e)
		e *= k * j / (z * (b + j - 1))
		q *= k
		if term > 1e200 || e > 1e200 {
			term *= 1e-200
			e *= 1e-200
			h *= 1e-200
			off += 200 * math.Ln10
		}
		if j <= p {
			// The rest is below q r/(1-r) times T <= 1, which is
			// exp(-off) in the scaled units of h.
			r := (x + j - 1) / y
			if r < 1 && math.Log(q*r/(1-r))-off <= math.Log(tol*h) {
				break
			}
		}
	}
	return math.Min(s.s3/s.s0, h*math.Exp(off)/s.s0), nil
}
