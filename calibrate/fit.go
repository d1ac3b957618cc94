package calibrate

import (
	"errors"
	"fmt"
	"math"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/sim"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// FamilyFit is one distribution family fitted to a sample.
type FamilyFit struct {
	// Dist is the fitted distribution in the form the simulator draws
	// from: Kind is sim.Exponential, sim.LogNormal or sim.Gamma.
	Dist sim.Dist
	// Params are the family's own parameters: the rate for the
	// exponential; mu and sigma of log x for the lognormal; shape and rate
	// for the gamma.
	Params []float64
	// LogLik is the maximised log-likelihood; AIC = 2 params - 2 LogLik.
	LogLik, AIC float64
	// KS is the Kolmogorov–Smirnov distance between the fitted and the
	// empirical distribution, evaluated at whole seconds: exact for
	// durations recorded in whole seconds.
	KS float64
}

// DurationFit holds the maximum-likelihood fits of the exponential,
// lognormal and gamma families to one sample, and which is best.
type DurationFit struct {
	// N is the number of positive values fitted; Zero the values left out.
	N, Zero int
	// Mean and CV of the sample.
	Mean, CV float64
	// Fits in the order exponential, lognormal, gamma.
	Fits []FamilyFit
	// Best indexes the fit with the lowest AIC.
	Best int
}

// BestFit returns the fit with the lowest AIC.
func (f DurationFit) BestFit() FamilyFit { return f.Fits[f.Best] }

// FitDurations fits the exponential, lognormal and gamma families by
// maximum likelihood and picks the one with the lowest AIC. It needs at
// least two distinct positive values.
func FitDurations(d *contactlog.Durations) (DurationFit, error) {
	if d.N < 2 || d.Max == d.Min {
		return DurationFit{}, fmt.Errorf("calibrate: fit: need at least two distinct positive durations, have %d", d.N)
	}
	n := float64(d.N)
	m := d.Mean()
	out := DurationFit{N: d.N, Zero: d.Zero, Mean: m, CV: d.CV()}

	// Exponential: the rate is 1/mean.
	exp := distuv.Exponential{Rate: 1 / m}
	llExp := -n*math.Log(m) - n
	out.Fits = append(out.Fits, FamilyFit{Dist: sim.Exp(m), Params: []float64{1 / m},
		LogLik: llExp, AIC: 2 - 2*llExp, KS: ks(d, exp.CDF)})

	// Lognormal: mu and sigma^2 are the mean and the (1/n) variance of
	// log x.
	mu, s2 := d.LogMoments()
	if !(s2 > 0) {
		return DurationFit{}, errors.New("calibrate: fit: the log durations have no spread")
	}
	sigma := math.Sqrt(s2)
	logn := distuv.LogNormal{Mu: mu, Sigma: sigma}
	sumLog := n * mu
	llLogn := -sumLog - n*math.Log(sigma) - n/2*math.Log(2*math.Pi) - n/2
	out.Fits = append(out.Fits, FamilyFit{
		Dist:   sim.Dist{Kind: sim.LogNormal, Mean: math.Exp(mu + s2/2), CV: math.Sqrt(math.Expm1(s2))},
		Params: []float64{mu, sigma}, LogLik: llLogn, AIC: 4 - 2*llLogn, KS: ks(d, logn.CDF)})

	// Gamma: the rate is shape/mean and the shape solves
	// log k - digamma(k) = log(mean) - mean(log x).
	k, err := gammaShape(math.Log(m) - mu)
	if err != nil {
		return DurationFit{}, err
	}
	beta := k / m
	lg, _ := math.Lgamma(k)
	llGamma := n*(k*math.Log(beta)-lg) + (k-1)*sumLog - n*k
	gam := distuv.Gamma{Alpha: k, Beta: beta}
	out.Fits = append(out.Fits, FamilyFit{Dist: sim.Dist{Kind: sim.Gamma, Mean: m, CV: 1 / math.Sqrt(k)},
		Params: []float64{k, beta}, LogLik: llGamma, AIC: 4 - 2*llGamma, KS: ks(d, gam.CDF)})

	for i, f := range out.Fits {
		if f.AIC < out.Fits[out.Best].AIC {
			out.Best = i
		}
		if err := f.Dist.Validate(); err != nil {
			// A sample too extreme for the simulator's parameter ranges.
			return DurationFit{}, fmt.Errorf("calibrate: fit: %v: %w", f.Dist.Kind, err)
		}
	}
	return out, nil
}

// gammaShape solves log k - digamma(k) = s for k by bisection on log k.
// The root lies between 1/(2s) and 1/s, because
// 1/(2k) < log k - digamma(k) < 1/k for every k > 0.
func gammaShape(s float64) (float64, error) {
	if !(s > 0) || math.IsInf(s, 0) {
		return 0, fmt.Errorf("calibrate: fit: gamma shape: log(mean) - mean(log) = %v must be positive", s)
	}
	f := func(k float64) float64 { return math.Log(k) - mathext.Digamma(k) - s }
	lo, hi := math.Log(0.5/s)-0.01, math.Log(1/s)+0.01
	for range 200 {
		mid := (lo + hi) / 2
		if f(math.Exp(mid)) > 0 {
			lo = mid // the function falls with k: the root is above
		} else {
			hi = mid
		}
		if hi-lo < 1e-14 {
			break
		}
	}
	return math.Exp((lo + hi) / 2), nil
}

// ks is the Kolmogorov–Smirnov distance to cdf at whole seconds: at each
// k, the empirical CDF just below k and at k against cdf(k).
func ks(d *contactlog.Durations, cdf func(float64) float64) float64 {
	n := float64(d.N)
	hist, _ := d.Histogram()
	below := 0.0 // values < k
	dist := 0.0
	for k, c := range hist {
		f := cdf(float64(k))
		at := below + float64(c)
		dist = math.Max(dist, math.Max(math.Abs(f-below/n), math.Abs(f-at/n)))
		below = at
	}
	top := float64(len(hist))
	return math.Max(dist, math.Abs(cdf(top)-below/n))
}
