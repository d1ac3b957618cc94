package plan

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"

	"github.com/ccsim/ccsim/sim"
)

// binomialTail is P(X >= k) for X binomial(n, p), summed term by term
// from log-gamma: an independent computation to hold the Clopper-Pearson
// bounds (found by inverting the Beta distribution) to.
func binomialTail(k, n int, p float64) float64 {
	sum := 0.0
	for j := k; j <= n; j++ {
		lg1, _ := math.Lgamma(float64(n + 1))
		lg2, _ := math.Lgamma(float64(j + 1))
		lg3, _ := math.Lgamma(float64(n - j + 1))
		sum += math.Exp(lg1 - lg2 - lg3 + float64(j)*math.Log(p) + float64(n-j)*math.Log1p(-p))
	}
	return sum
}

// TestBinomialBounds holds the exact bounds to their definition: at the
// lower bound, k or more events out of n have probability 1-c; at the
// upper bound, k or fewer do. The tail sums are exact to about 1e-13
// here, the Beta inversion to about 1e-10, hence the tolerance of 1e-9.
// Textbook values: no failure in 30 at 95% gives a lower bound of
// 0.05^(1/30) = 0.9050; no event in 58 an upper bound under 5%.
func TestBinomialBounds(t *testing.T) {
	for _, c := range []struct {
		k, n int
		conf float64
	}{{30, 30, 0.95}, {27, 30, 0.95}, {1, 10, 0.9}, {480, 600, 0.95}, {3, 4, 0.99}, {95, 100, 0.95}} {
		lo := binomialLower(float64(c.k), float64(c.n), c.conf)
		if got := binomialTail(c.k, c.n, lo); math.Abs(got-(1-c.conf)) > 1e-9 {
			t.Errorf("%d of %d at %v: lower %v gives P(X>=k) %v, want %v", c.k, c.n, c.conf, lo, got, 1-c.conf)
		}
		if c.k < c.n {
			hi := binomialUpper(float64(c.k), float64(c.n), c.conf)
			if got := 1 - binomialTail(c.k+1, c.n, hi); math.Abs(got-(1-c.conf)) > 1e-9 {
				t.Errorf("%d of %d at %v: upper %v gives P(X<=k) %v, want %v", c.k, c.n, c.conf, hi, got, 1-c.conf)
			}
		}
	}
	if got := binomialLower(30, 30, 0.95); math.Abs(got-math.Pow(0.05, 1.0/30)) > 1e-12 {
		t.Errorf("30 of 30: %v, want %v", got, math.Pow(0.05, 1.0/30))
	}
	if got := binomialUpper(0, 59, 0.95); got >= 0.05 {
		t.Errorf("none of 59: upper %v, want under 5%%", got)
	}
	if binomialLower(0, 10, 0.95) != 0 || binomialUpper(10, 10, 0.95) != 1 || binomialLower(3, 0, 0.95) != 0 {
		t.Error("edge cases")
	}
	// decisiveTrials is where a perfect record just passes.
	for _, c := range []struct {
		limit float64
		upper bool
	}{{0.9, false}, {0.8, false}, {0.05, true}} {
		n := decisiveTrials(c.limit, c.upper, 0.95)
		nUp := math.Ceil(n)
		var lo, lo1 float64
		if c.upper {
			lo, lo1 = 1-binomialUpper(0, nUp, 0.95), 1-binomialUpper(0, nUp-1, 0.95)
		} else {
			lo, lo1 = binomialLower(nUp, nUp, 0.95), binomialLower(nUp-1, nUp-1, 0.95)
		}
		goal := c.limit
		if c.upper {
			goal = 1 - c.limit
		}
		if lo < goal-1e-12 || lo1 >= goal {
			t.Errorf("limit %v: %v trials (%v passes: %v, %v fails: %v)", c.limit, n, nUp, lo, nUp-1, lo1)
		}
	}
}

// TestEstimateBounds checks the two sides of a share's bound: with many
// contacts per replication Student's t decides; with a handful the exact
// binomial does, so that 30 replications of one contact each, all in
// time, give a 95% lower bound of 0.905 rather than 1 (the t bound of
// thirty ones).
func TestEstimateBounds(t *testing.T) {
	// 30 replications of 400 contacts with service levels spread by 20
	// points, more than binomial noise alone (2 points): t decides.
	num, den := make([]float64, 30), make([]float64, 30)
	var vals []float64
	for r := range num {
		den[r] = 400
		num[r] = 320 + float64((r*37)%81) - 40
		vals = append(vals, num[r]/400)
	}
	e := ratioEstimate(num, den, true)
	mean, sd := stat.MeanStdDev(vals, nil)
	if !scalar.EqualWithinRel(e.mean, mean, 1e-12) || !scalar.EqualWithinRel(e.sd, sd, 1e-12) || e.reps != 30 || e.trials != 12000 {
		t.Fatalf("estimate %+v, want mean %v sd %v", e, mean, sd)
	}
	h := sim.TQuantile(0.95, 29) * sd / math.Sqrt(30)
	if got := e.lower(0.95); math.Abs(got-(mean-h)) > 1e-12 {
		t.Errorf("high volume: lower %v, want the t bound %v", got, mean-h)
	}
	// One contact per replication, all in time.
	for r := range num {
		num[r], den[r] = 1, 1
	}
	e = ratioEstimate(num, den, true)
	if got, want := e.lower(0.95), math.Pow(0.05, 1.0/30); math.Abs(got-want) > 1e-12 {
		t.Errorf("one contact a replication: lower %v, want %v", got, want)
	}
	if e.upper(0.95) != 1 {
		t.Errorf("upper %v, want 1", e.upper(0.95))
	}
	// Replications without contacts do not count, and a share never
	// leaves [0, 1].
	num[0], den[0] = 0, 0
	num[1], den[1] = 2, 1
	e = ratioEstimate(num, den, true)
	if e.reps != 29 || e.mean != 1 || e.events != e.trials {
		t.Errorf("estimate %+v", e)
	}
	if nan := ratioEstimate([]float64{0}, []float64{0}, true); !math.IsNaN(nan.mean) || nan.reps != 0 {
		t.Errorf("no contacts: %+v", nan)
	}
	// Not a share: no binomial floor, and one replication decides nothing.
	one := estimate{mean: 12, sd: math.NaN(), reps: 1}
	if !math.IsInf(one.lower(0.95), -1) || !math.IsInf(one.upper(0.95), 1) {
		t.Errorf("one replication: bounds %v %v", one.lower(0.95), one.upper(0.95))
	}
}
