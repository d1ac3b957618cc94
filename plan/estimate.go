package plan

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/sim"
)

// estimate is a simulated figure judged against a target: the mean of the
// replications' values (what a run reports) and what its one-sided
// confidence bounds are built from.
//
// A share (service level, abandonment) also carries the contacts it is
// counted over, pooled over the replications (trials), and those that
// count (events: answered in time, abandoned). Its bounds are the wider of
// two: Student's t on the replications' values, which sees the queue's
// correlation between contacts but needs several contacts in every
// replication to mean anything, and the exact (Clopper-Pearson) binomial
// interval on the pooled counts, which holds at any volume but takes the
// contacts as independent. At high volume the first is the wider, at low
// volume the second; neither is ever narrower than the evidence allows.
type estimate struct {
	mean float64
	sd   float64 // standard deviation of the replications' values
	reps int     // replications in which the figure is defined
	// share marks a proportion, with its pooled counts.
	share          bool
	trials, events float64
}

// statEstimate is an estimate from a merged figure alone (occupancy,
// totals over the horizon).
func statEstimate(s sim.Stat) estimate {
	return estimate{mean: s.Mean, sd: s.SD, reps: s.N}
}

// repHalfWidth is the one-sided Student t half-width of the mean of the
// replications at confidence c; +Inf with fewer than two replications.
func (e estimate) repHalfWidth(c float64) float64 {
	if e.reps < 2 || math.IsNaN(e.sd) {
		return math.Inf(1)
	}
	return sim.TQuantile(c, e.reps-1) * e.sd / math.Sqrt(float64(e.reps))
}

// lower is the one-sided lower confidence bound at c.
func (e estimate) lower(c float64) float64 {
	lo := e.mean - e.repHalfWidth(c)
	if e.share {
		lo = math.Max(0, math.Min(lo, binomialLower(e.events, e.trials, c)))
	}
	return lo
}

// upper is the one-sided upper confidence bound at c.
func (e estimate) upper(c float64) float64 {
	hi := e.mean + e.repHalfWidth(c)
	if e.share {
		hi = math.Min(1, math.Max(hi, binomialUpper(e.events, e.trials, c)))
	}
	return hi
}

// binomialLower is the exact (Clopper-Pearson) one-sided lower bound at
// confidence c on a proportion seen as k events in n trials: the p at
// which k or more events have probability 1-c. Counts are rounded to
// whole contacts; 0 when k is 0 or n is not positive.
func binomialLower(k, n, c float64) float64 {
	k, n = math.Round(k), math.Round(n)
	if n <= 0 || k <= 0 {
		return 0
	}
	k = math.Min(k, n)
	return distuv.Beta{Alpha: k, Beta: n - k + 1}.Quantile(1 - c)
}

// binomialUpper is the exact one-sided upper bound at confidence c: the p
// at which k or fewer events have probability 1-c; 1 when k is n or n is
// not positive.
func binomialUpper(k, n, c float64) float64 {
	k, n = math.Round(k), math.Round(n)
	if n <= 0 || k >= n {
		return 1
	}
	k = math.Max(k, 0)
	return distuv.Beta{Alpha: k + 1, Beta: n - k}.Quantile(c)
}

// decisiveTrials is the fewest contacts with which a share can be shown
// to meet its limit at confidence c at all: a perfect record (every
// contact in time, or none abandoned) whose exact bound just reaches the
// limit. Below it no number of agents can confirm the target.
func decisiveTrials(limit float64, upper bool, c float64) float64 {
	p := limit
	if upper {
		p = 1 - limit
	}
	switch {
	case p <= 0:
		return math.Inf(1)
	case p >= 1:
		return 1
	}
	return math.Log(1-c) / math.Log(p)
}

// ratioEstimate turns the replications' numerators and denominators into
// an estimate of their ratio: the mean and deviation of the ratio over
// the replications where the denominator is positive, and, for a share,
// the pooled counts. A ratio above 1 (rounding) is taken as 1.
func ratioEstimate(num, den []float64, share bool) estimate {
	var vals []float64
	e := estimate{share: share}
	for r := range num {
		if den[r] > 0 {
			v := num[r] / den[r]
			if share {
				v = math.Min(1, v)
			}
			vals = append(vals, v)
			e.trials += den[r]
			e.events += math.Min(num[r], den[r])
		}
	}
	e.reps = len(vals)
	switch len(vals) {
	case 0:
		e.mean, e.sd = math.NaN(), math.NaN()
	case 1:
		e.mean, e.sd = vals[0], math.NaN()
	default:
		e.mean, e.sd = stat.MeanStdDev(vals, nil)
	}
	return e
}
