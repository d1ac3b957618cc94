package sim

import (
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// TQuantile returns the p quantile of Student's t distribution with nu
// degrees of freedom: TQuantile(0.975, N-1) is the factor of a Stat's 95%
// HalfWidth, and other levels give other bounds on a mean over N
// replications. sim, plan and baseline take their factors by whole
// degrees of freedom from here, so that a half-width written by one
// package and read back by another uses the same bits. (Quantiles at
// fractional degrees of freedom, such as Welch's in baseline, are
// computed where they are needed: each is asked for once.)
//
// The quantile takes a numerical inversion, and a run, a plan or a
// baseline check asks for it once per figure (thousands of times), nearly
// always with the same few arguments, so the values are cached. It is safe
// for concurrent use.
func TQuantile(p float64, nu int) float64 {
	k := tKey{p, nu}
	tCache.mu.Lock()
	v, ok := tCache.m[k]
	tCache.mu.Unlock()
	if !ok {
		v = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(nu)}.Quantile(p)
		tCache.mu.Lock()
		tCache.m[k] = v
		tCache.mu.Unlock()
	}
	return v
}

type tKey struct {
	p  float64
	nu int
}

var tCache = struct {
	mu sync.Mutex
	m  map[tKey]float64
}{m: map[tKey]float64{}}
