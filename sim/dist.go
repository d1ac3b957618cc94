package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// DistKind names a family of duration distributions.
type DistKind uint8

// Distribution families. The zero Dist is Fixed at 0: no time at all.
const (
	Fixed       DistKind = iota // always Mean
	Exponential                 // mean Mean (CV 1)
	LogNormal                   // mean Mean, coefficient of variation CV
	Gamma                       // mean Mean, coefficient of variation CV
	Uniform                     // between Min and Max
	Empirical                   // piecewise-linear CDF through Points
)

var distNames = [...]string{"fixed", "exponential", "lognormal", "gamma", "uniform", "empirical"}

func (k DistKind) String() string {
	if int(k) < len(distNames) {
		return distNames[k]
	}
	return fmt.Sprintf("DistKind(%d)", k)
}

// Dist is a distribution of a non-negative duration in seconds. It is a
// plain value: the engine draws from it with a random stream of its own.
type Dist struct {
	Kind     DistKind
	Mean     float64 // Fixed, Exponential, LogNormal, Gamma
	CV       float64 // LogNormal, Gamma: standard deviation over mean
	Min, Max float64 // Uniform
	// Points is the CDF of an Empirical distribution: X ascending, P
	// non-decreasing in [0, 1], starting at P = 0. Values are interpolated
	// linearly between points.
	Points []CDFPoint
	// TailMean continues an Empirical distribution whose last P is below 1
	// with an exponential tail of this mean past the last X; 0 means the
	// remaining probability is +Inf (for patience: never abandons).
	TailMean float64
}

// CDFPoint is one point of an empirical CDF: P(X <= x) = p.
type CDFPoint struct{ X, P float64 }

// Exp returns an exponential distribution with the given mean.
func Exp(mean float64) Dist { return Dist{Kind: Exponential, Mean: mean} }

// Const returns a distribution that is always v.
func Const(v float64) Dist { return Dist{Kind: Fixed, Mean: v} }

// Validate reports whether the parameters describe a distribution of
// non-negative durations.
func (d Dist) Validate() error {
	finite := func(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
	switch d.Kind {
	case Fixed, Exponential:
		if !finite(d.Mean) || d.Mean < 0 {
			return fmt.Errorf("%v mean %v must be finite and non-negative", d.Kind, d.Mean)
		}
	case LogNormal, Gamma:
		if !finite(d.Mean) || d.Mean <= 0 {
			return fmt.Errorf("%v mean %v must be positive", d.Kind, d.Mean)
		}
		if !finite(d.CV) || d.CV <= 0 || d.CV > 100 {
			return fmt.Errorf("%v cv %v must be in (0, 100]", d.Kind, d.CV)
		}
	case Uniform:
		if !finite(d.Min) || !finite(d.Max) || d.Min < 0 || d.Max < d.Min {
			return fmt.Errorf("uniform [%v, %v] must satisfy 0 <= min <= max", d.Min, d.Max)
		}
	case Empirical:
		if len(d.Points) < 2 {
			return errors.New("empirical distribution needs at least two points")
		}
		if d.Points[0].P != 0 {
			return errors.New("empirical CDF must start at probability 0")
		}
		for i, p := range d.Points {
			if !finite(p.X) || p.X < 0 || !(p.P >= 0 && p.P <= 1) {
				return fmt.Errorf("empirical point %d (%v, %v) out of range", i, p.X, p.P)
			}
			if i > 0 && (p.X < d.Points[i-1].X || p.P < d.Points[i-1].P) {
				return fmt.Errorf("empirical point %d: x and p must not decrease", i)
			}
		}
		if !finite(d.TailMean) || d.TailMean < 0 {
			return fmt.Errorf("empirical tail mean %v", d.TailMean)
		}
	default:
		return fmt.Errorf("unknown distribution kind %d", d.Kind)
	}
	return nil
}

// Average returns the mean of the distribution (+Inf for an empirical
// distribution with probability left at infinity).
func (d Dist) Average() float64 {
	switch d.Kind {
	case Uniform:
		return (d.Min + d.Max) / 2
	case Empirical:
		m := 0.0
		for i := 1; i < len(d.Points); i++ {
			a, b := d.Points[i-1], d.Points[i]
			m += (b.P - a.P) * (a.X + b.X) / 2
		}
		last := d.Points[len(d.Points)-1]
		if rest := 1 - last.P; rest > 0 {
			if d.TailMean == 0 {
				return math.Inf(1)
			}
			m += rest * (last.X + d.TailMean)
		}
		return m
	default:
		return d.Mean
	}
}

// sampler draws from a Dist with one random stream. The gonum distribution
// values are built once so that a draw does not allocate.
type sampler struct {
	kind   DistKind
	c      float64
	exp    distuv.Exponential
	logn   distuv.LogNormal
	gamma  distuv.Gamma
	unif   distuv.Uniform
	points []CDFPoint
	tail   float64
	src    rand.Source
}

func newSampler(d Dist, src rand.Source) sampler {
	s := sampler{kind: d.Kind, c: d.Mean, src: src}
	switch d.Kind {
	case Exponential:
		if d.Mean == 0 {
			s.kind = Fixed
			break
		}
		s.exp = distuv.Exponential{Rate: 1 / d.Mean, Src: src}
	case LogNormal:
		// For mean m and coefficient of variation v:
		// sigma^2 = ln(1+v^2), mu = ln(m) - sigma^2/2.
		s2 := math.Log1p(d.CV * d.CV)
		s.logn = distuv.LogNormal{Mu: math.Log(d.Mean) - s2/2, Sigma: math.Sqrt(s2), Src: src}
	case Gamma:
		// shape k = 1/v^2, rate = k/m.
		k := 1 / (d.CV * d.CV)
		s.gamma = distuv.Gamma{Alpha: k, Beta: k / d.Mean, Src: src}
	case Uniform:
		if d.Min == d.Max {
			s.kind, s.c = Fixed, d.Min
			break
		}
		s.unif = distuv.Uniform{Min: d.Min, Max: d.Max, Src: src}
	case Empirical:
		s.points, s.tail = d.Points, d.TailMean
	}
	return s
}

// draw returns one variate.
func (s *sampler) draw() float64 {
	switch s.kind {
	case Exponential:
		return s.exp.Rand()
	case LogNormal:
		return s.logn.Rand()
	case Gamma:
		return s.gamma.Rand()
	case Uniform:
		return s.unif.Rand()
	case Empirical:
		return s.empirical()
	default:
		return s.c
	}
}

// empirical inverts the piecewise-linear CDF.
func (s *sampler) empirical() float64 {
	u := rand.New(s.src).Float64()
	pts := s.points
	last := pts[len(pts)-1]
	if u >= last.P {
		if s.tail == 0 {
			return math.Inf(1)
		}
		return last.X + s.tail*rand.New(s.src).ExpFloat64()
	}
	// The first point with P > u: not the first point (its P is 0 and
	// u >= 0), and there is one because u < last.P.
	lo := sort.Search(len(pts), func(i int) bool { return pts[i].P > u })
	a, b := pts[lo-1], pts[lo]
	return a.X + (b.X-a.X)*(u-a.P)/(b.P-a.P)
}
