package calibrate

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/sim"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat/distuv"
)

// sample draws n values from d, rounded up to whole seconds as a log
// records them, with a fixed seed.
func sample(d interface{ Rand() float64 }, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = math.Ceil(d.Rand())
	}
	return out
}

func durationsOf(xs []float64) *contactlog.Durations {
	var d contactlog.Durations
	for _, x := range xs {
		d.Add(x)
	}
	return &d
}

// refLogLik sums the log density of every value with gonum's distuv, a
// different path from the closed forms FitDurations uses.
func refLogLik(xs []float64, logProb func(float64) float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += logProb(x)
	}
	return s
}

// refGammaShape maximises the gamma log-likelihood over the shape (rate
// = shape/mean) by golden-section search on the raw values.
func refGammaShape(xs []float64, mean float64) float64 {
	ll := func(logk float64) float64 {
		k := math.Exp(logk)
		return refLogLik(xs, distuv.Gamma{Alpha: k, Beta: k / mean}.LogProb)
	}
	lo, hi := math.Log(1e-3), math.Log(1e3)
	g := (math.Sqrt(5) - 1) / 2
	a, b := hi-g*(hi-lo), lo+g*(hi-lo)
	fa, fb := ll(a), ll(b)
	for hi-lo > 1e-10 {
		if fa > fb {
			hi, b, fb = b, a, fa
			a = hi - g*(hi-lo)
			fa = ll(a)
		} else {
			lo, a, fa = a, b, fb
			b = lo + g*(hi-lo)
			fb = ll(b)
		}
	}
	return math.Exp((lo + hi) / 2)
}

// refKS is the Kolmogorov–Smirnov distance over the sorted sample.
func refKS(xs []float64, cdf func(float64) float64) float64 {
	s := slices.Sorted(slices.Values(xs))
	n := float64(len(s))
	d := 0.0
	for i, x := range s {
		f := cdf(x)
		d = math.Max(d, math.Max(f-float64(i)/n, float64(i+1)/n-f))
	}
	return d
}

func TestFitDurationsAgainstReference(t *testing.T) {
	src := rand.NewPCG(1, 2)
	cases := []struct {
		name string
		xs   []float64
		best sim.DistKind
	}{
		// Handle times like the bank's: mean about 190 s, CV about 1.4.
		{"lognormal", sample(distuv.LogNormal{Mu: 4.8, Sigma: 1.0, Src: src}, 5000), sim.LogNormal},
		{"gamma", sample(distuv.Gamma{Alpha: 2.5, Beta: 2.5 / 200, Src: src}, 5000), sim.Gamma},
		{"exponential", sample(distuv.Exponential{Rate: 1.0 / 300, Src: src}, 5000), sim.Exponential},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := FitDurations(durationsOf(c.xs))
			if err != nil {
				t.Fatal(err)
			}
			n := float64(len(c.xs))
			mean := 0.0
			for _, x := range c.xs {
				mean += x / n
			}
			logs := make([]float64, len(c.xs))
			for i, x := range c.xs {
				logs[i] = math.Log(x)
			}
			mu, ss := 0.0, 0.0
			for _, l := range logs {
				mu += l / n
			}
			for _, l := range logs {
				ss += (l - mu) * (l - mu)
			}
			sigma := math.Sqrt(ss / n)
			k := refGammaShape(c.xs, mean)

			exp := distuv.Exponential{Rate: 1 / mean}
			logn := distuv.LogNormal{Mu: mu, Sigma: sigma}
			gam := distuv.Gamma{Alpha: k, Beta: k / mean}
			want := []struct {
				params []float64
				ll, ks float64
			}{
				{[]float64{1 / mean}, refLogLik(c.xs, exp.LogProb), refKS(c.xs, exp.CDF)},
				{[]float64{mu, sigma}, refLogLik(c.xs, logn.LogProb), refKS(c.xs, logn.CDF)},
				{[]float64{k, k / mean}, refLogLik(c.xs, gam.LogProb), refKS(c.xs, gam.CDF)},
			}
			for i, w := range want {
				got := f.Fits[i]
				// Closed forms agree to rounding. The gamma reference
				// maximises a likelihood that is flat at its top, so its
				// argmax is good to about the square root of the machine
				// epsilon: 1e-6 relative on the gamma (and on KS, which
				// moves with the shape).
				tol := 1e-10
				if i == 2 {
					tol = 1e-6
					if got.LogLik < w.ll-1e-9*math.Abs(w.ll) {
						t.Errorf("gamma loglik %.15g below the reference optimum %.15g", got.LogLik, w.ll)
					}
					at := refLogLik(c.xs, distuv.Gamma{Alpha: got.Params[0], Beta: got.Params[1]}.LogProb)
					if !scalar.EqualWithinRel(got.LogLik, at, 1e-10) {
						t.Errorf("gamma loglik %.15g, summed densities at the same parameters %.15g", got.LogLik, at)
					}
				}
				for j := range w.params {
					if !scalar.EqualWithinAbsOrRel(got.Params[j], w.params[j], tol, tol) {
						t.Errorf("%v param %d: %.12g, reference %.12g", got.Dist.Kind, j, got.Params[j], w.params[j])
					}
				}
				if !scalar.EqualWithinAbsOrRel(got.LogLik, w.ll, 1e-9, 1e-10) && i != 2 {
					t.Errorf("%v loglik %.12g, reference %.12g", got.Dist.Kind, got.LogLik, w.ll)
				}
				if !scalar.EqualWithinAbsOrRel(got.KS, w.ks, tol, tol) {
					t.Errorf("%v KS %.12g, reference %.12g", got.Dist.Kind, got.KS, w.ks)
				}
				if !scalar.EqualWithinAbsOrRel(got.Dist.Average(), mean, 1e-9, 1e-9) && got.Dist.Kind != sim.LogNormal {
					t.Errorf("%v mean %v, sample mean %v", got.Dist.Kind, got.Dist.Average(), mean)
				}
			}
			if b := f.BestFit().Dist.Kind; b != c.best {
				t.Errorf("best %v, want %v (AIC %v %v %v)", b, c.best, f.Fits[0].AIC, f.Fits[1].AIC, f.Fits[2].AIC)
			}
			// The lognormal's mean as the simulator takes it.
			if m := f.Fits[1].Dist.Mean; !scalar.EqualWithinRel(m, math.Exp(mu+sigma*sigma/2), 1e-12) {
				t.Errorf("lognormal mean %v", m)
			}
		})
	}
}

func TestFitDurationsErrors(t *testing.T) {
	for _, xs := range [][]float64{nil, {5}, {7, 7, 7}, {0, 0, -3}} {
		if _, err := FitDurations(durationsOf(xs)); err == nil {
			t.Errorf("%v: no error", xs)
		}
	}
}
