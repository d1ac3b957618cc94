package sim

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/erlang"
)

// Closed forms for the behaviours that randomise a queue's inputs from
// one replication to the next (the day's demand, the agents present): the
// stationary measure of the queue with those inputs, averaged over their
// distribution. They hold when a replication runs long enough at constant
// inputs for its queue to settle, which the grids below make sure of.

// gammaMixed is E[f(G)] for G gamma with mean 1 and coefficient of
// variation cv, by Gauss–Legendre quadrature (gonum's quad.Fixed) over
// the range that holds all but a negligible part of G's mass: from the
// 1e-14 to the 1 − 1e-14 quantile. f may jump (a queue turning unstable),
// so the range is cut at the points in breaks and each piece integrated
// on its own.
func gammaMixed(f func(g float64) float64, cv float64, breaks ...float64) float64 {
	k := 1 / (cv * cv)
	d := distuv.Gamma{Alpha: k, Beta: k}
	lo, hi := d.Quantile(1e-14), d.Quantile(1-1e-14)
	cuts := []float64{lo}
	for _, b := range breaks {
		if b > lo && b < hi {
			cuts = append(cuts, b)
		}
	}
	cuts = append(cuts, hi)
	sum := 0.0
	for j := 1; j < len(cuts); j++ {
		sum += quad.Fixed(func(g float64) float64 { return d.Prob(g) * f(g) }, cuts[j-1], cuts[j], 400, quad.Legendre{}, 0)
	}
	return sum
}

// TestGammaMixedReference checks the quadrature against exact moments of
// the gamma (E[G] = 1, E[G²] = 1 + cv², E[1/(1+G)] by a midpoint sum of a
// million points, a different method) and a jump at a break.
func TestGammaMixedReference(t *testing.T) {
	for _, cv := range []float64{0.05, 0.2, 0.5, 1} {
		if got := gammaMixed(func(g float64) float64 { return g }, cv); math.Abs(got-1) > 1e-9 {
			t.Errorf("cv %v: E[G] = %.12f, want 1", cv, got)
		}
		if got, want := gammaMixed(func(g float64) float64 { return g * g }, cv), 1+cv*cv; math.Abs(got-want) > 1e-9 {
			t.Errorf("cv %v: E[G²] = %.12f, want %.12f", cv, got, want)
		}
		k := 1 / (cv * cv)
		d := distuv.Gamma{Alpha: k, Beta: k}
		lo, hi := d.Quantile(1e-14), d.Quantile(1-1e-14)
		const n = 1_000_000
		h := (hi - lo) / n
		mid := 0.0
		for i := range n {
			g := lo + (float64(i)+0.5)*h
			mid += d.Prob(g) / (1 + g) * h
		}
		if got := gammaMixed(func(g float64) float64 { return 1 / (1 + g) }, cv); math.Abs(got-mid) > 1e-7 {
			t.Errorf("cv %v: E[1/(1+G)] = %.10f by quadrature, %.10f by midpoints", cv, got, mid)
		}
		// A step at 1.1: the mass above it.
		step := func(g float64) float64 {
			if g >= 1.1 {
				return 1
			}
			return 0
		}
		if got, want := gammaMixed(step, cv, 1.1), 1-d.CDF(1.1); math.Abs(got-want) > 1e-9 {
			t.Errorf("cv %v: P(G >= 1.1) = %.12f, want %.12f", cv, got, want)
		}
	}
}

// binomialMixed is E[f(K)] for K binomial with n trials of probability
// p, summed exactly over its support.
func binomialMixed(f func(k int) float64, n int, p float64) float64 {
	d := distuv.Binomial{N: float64(n), P: p}
	sum := 0.0
	for k := 0; k <= n; k++ {
		if w := d.Prob(float64(k)); w > 0 {
			sum += w * f(k)
		}
	}
	return sum
}

func TestBinomialMixedReference(t *testing.T) {
	for _, c := range []struct {
		n int
		p float64
	}{{10, 0.1}, {60, 0.92}, {500, 0.5}} {
		mean := binomialMixed(func(k int) float64 { return float64(k) }, c.n, c.p)
		v := binomialMixed(func(k int) float64 { return float64(k) * float64(k) }, c.n, c.p) - mean*mean
		if want := float64(c.n) * c.p; math.Abs(mean-want) > 1e-9*want {
			t.Errorf("Bin(%d, %v): mean %v, want %v", c.n, c.p, mean, want)
		}
		if want := float64(c.n) * c.p * (1 - c.p); math.Abs(v-want) > 1e-7*want {
			t.Errorf("Bin(%d, %v): variance %v, want %v", c.n, c.p, v, want)
		}
	}
}

// queueFigures are the stationary service level (over offered) and
// abandonment of an M/M/n queue with or without exponential patience
// (Erlang A or C) at a continuous load; an unstable Erlang C queue (load
// at or above the agents) answers nobody within the threshold.
func queueFigures(agents int, load, aht, patience, threshold float64) (sl, abandon float64) {
	if agents <= 0 {
		return 0, 1
	}
	if patience > 0 {
		q := erlang.AQueue{Agents: float64(agents), Load: load, AHT: aht, Patience: patience}
		m, err := q.Metrics(threshold, erlang.OverOffered)
		if err != nil {
			panic(err)
		}
		return m.ServiceLevel, m.PAbandon
	}
	if load >= float64(agents) {
		return 0, 0
	}
	q := erlang.CQueue{Agents: float64(agents), Load: load, AHT: aht}
	v, err := q.ServiceLevel(threshold, erlang.OverOffered)
	if err != nil {
		panic(err)
	}
	return v, 0
}

// mixedCell is one cell of a grid of randomised queues: a model to
// simulate and, per replication, the measures to compare with their
// analytical means.
type mixedCell struct {
	name string
	m    *Model
	warm int // intervals dropped at the start of each replication
	// want are the analytical means of the measures, by name.
	want map[string]float64
	// res is the resolution of each measure: what one event changes.
	res map[string]float64
	// plain are the values the measures would have without the
	// behaviour (a measure may have one without an analytical mean); the
	// test asks that the grid tell them apart.
	plain map[string]float64
	// cool is the number of intervals left out at the end (contacts still
	// waiting at the horizon would bias waits down).
	cool int
	// measure reads the measures of one replication after warm-up.
	measure func(e *engine, x *tally) map[string]float64
}

// slMeasures are the service level and abandonment of a replication.
func slMeasures(e *engine, x *tally) map[string]float64 {
	off := float64(x.offered)
	return map[string]float64{"service level": float64(x.within) / off, "abandonment": float64(x.abandoned) / off}
}

// checkMixedGrid simulates every cell with its model's replications and
// asks, as the Erlang grid does (erlang_test.go), that the analytical
// value lie within the simulated 99% confidence interval (Student t, R−1
// degrees of freedom) in at least 97% of the comparisons (every one when
// there are fewer than 34), that none be off by more than 5 half-widths,
// and that the grid could tell the behaviour from its absence: in at least
// one comparison the value without the behaviour lies more than 3
// half-widths from the simulated mean (7.7 standard errors: no chance
// result).
func checkMixedGrid(t *testing.T, cells []mixedCell) {
	t.Helper()
	var (
		mu       sync.Mutex
		all      []comparison
		apart    int
		apartMsg []string
	)
	var wg sync.WaitGroup
	for _, c := range cells {
		wg.Add(1)
		go func() {
			defer wg.Done()
			series := map[string][]float64{}
			offered := 0.0
			for r := range c.m.Replications {
				e := runRep(t, c.m, r)
				var x tally
				for i := c.warm; i < c.m.Intervals-c.cool; i++ {
					x.add(&e.chans[0].iv[i])
				}
				offered += float64(x.offered)
				for k, v := range c.measure(e, &x) {
					series[k] = append(series[k], v)
				}
			}
			mu.Lock()
			defer mu.Unlock()
			for k, want := range c.want {
				mean, hw := ci99(series[k])
				res := c.res[k]
				if res == 0 {
					res = 1 / offered
				}
				cmp := comparison{cell: c.name, measure: k, sim: mean, hw: hw, res: res, analytic: want}
				all = append(all, cmp)
			}
			for k, plain := range c.plain {
				mean, hw := ci99(series[k])
				res := c.res[k]
				if res == 0 {
					res = 1 / offered
				}
				far := comparison{sim: mean, hw: hw, res: res, analytic: plain}
				if far.off() > 3 {
					apart++
				}
				apartMsg = append(apartMsg, fmt.Sprintf("%s %s: simulated %.4g, without the behaviour %.4g, %.1f half-widths off", c.name, k, mean, plain, far.off()))
			}
		}()
	}
	wg.Wait()
	judge(t, all, apartMsg...)
	if apart == 0 {
		t.Error("no comparison tells the behaviour from its absence: the grid checks nothing")
	}
}
