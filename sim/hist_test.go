package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestHistQuantile compares the histogram's percentiles with the exact
// nearest-rank percentiles of the sorted sample: the histogram's answer
// must lie within 1/256 relative of the exact one (half a bucket), and the
// maximum must be exact.
func TestHistQuantile(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	samples := map[string]func() float64{
		"exponential": func() float64 { return r.ExpFloat64() * 30 },
		"mostly-zero": func() float64 {
			if r.Float64() < 0.7 {
				return 0
			}
			return r.ExpFloat64() * 100
		},
		"wide":  func() float64 { return math.Exp(r.NormFloat64() * 4) },
		"tiny":  func() float64 { return r.Float64() * 1e-7 },
		"equal": func() float64 { return 42 },
	}
	for name, draw := range samples {
		for _, n := range []int{1, 2, 7, 1000, 100000} {
			var h waitHist
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = draw()
				h.add(xs[i])
			}
			slices.Sort(xs)
			for _, p := range []float64{0, 0.01, 0.5, 0.8, 0.9, 0.95, 0.99, 1} {
				rank := max(1, int(math.Ceil(p*float64(n))))
				want := xs[rank-1]
				got := h.quantile(p)
				tol := want/256 + 1e-15
				if want < histFloor {
					tol = histFloor // below the floor every wait shares one bucket
				}
				if math.Abs(got-want) > tol {
					t.Errorf("%s n=%d p=%v: got %v, exact %v", name, n, p, got, want)
				}
			}
			if h.max != xs[n-1] {
				t.Errorf("%s n=%d: max %v, exact %v", name, n, h.max, xs[n-1])
			}
		}
	}
	var empty waitHist
	if !math.IsNaN(empty.quantile(0.5)) {
		t.Error("empty histogram gave a number")
	}
}

// TestHistMerge: merging histograms gives the histogram of the union.
func TestHistMerge(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var a, b, all waitHist
	for i := range 5000 {
		v := r.ExpFloat64() * float64(1+i%3*50)
		if i%2 == 0 {
			a.add(v)
		} else {
			b.add(v * 1000)
			v *= 1000
		}
		all.add(v)
	}
	a.merge(&b)
	for _, p := range percentiles {
		if a.quantile(p) != all.quantile(p) {
			t.Errorf("p=%v: merged %v, union %v", p, a.quantile(p), all.quantile(p))
		}
	}
	a.reset()
	if a.n != 0 || !math.IsNaN(a.quantile(0.5)) {
		t.Error("reset left data behind")
	}
}

// TestSamplers draws 200,000 variates from each family and compares the
// sample mean and coefficient of variation with the parameters. With n =
// 200,000 the standard error of the mean is CV/sqrt(n) < 0.3% of the mean
// for CV <= 1.2; the tolerance is 5 standard errors (and for the CV, whose
// estimator converges more slowly under heavy tails, 5%).
func TestSamplers(t *testing.T) {
	src := rand.NewPCG(9, 9)
	cases := []struct {
		d      Dist
		mean   float64
		cv     float64
		minVal float64
	}{
		{Exp(240), 240, 1, 0},
		{Dist{Kind: LogNormal, Mean: 190, CV: 1.2}, 190, 1.2, 0},
		{Dist{Kind: Gamma, Mean: 60, CV: 0.5}, 60, 0.5, 0},
		{Dist{Kind: Gamma, Mean: 60, CV: 2}, 60, 2, 0},
		{Dist{Kind: Uniform, Min: 10, Max: 30}, 20, (20 / math.Sqrt(12)) / 20, 10},
		{Const(30), 30, 0, 30},
		// Uniform on [0, 100] written as a CDF: mean 50, CV 1/sqrt(3).
		{Dist{Kind: Empirical, Points: []CDFPoint{{0, 0}, {100, 1}}}, 50, 1 / math.Sqrt(3), 0},
		// Half the mass uniform on [0, 60], the rest exponential past 60
		// with mean 100: mean 0.5*30 + 0.5*(60+100) = 95.
		{Dist{Kind: Empirical, Points: []CDFPoint{{0, 0}, {60, 0.5}}, TailMean: 100}, 95, math.NaN(), 0},
	}
	const n = 200_000
	for _, c := range cases {
		if err := c.d.Validate(); err != nil {
			t.Fatalf("%v: %v", c.d, err)
		}
		if got := c.d.Average(); math.Abs(got-c.mean) > 1e-9*c.mean {
			t.Errorf("%v: Average %v, want %v", c.d.Kind, got, c.mean)
		}
		s := newSampler(c.d, src)
		var sum, sum2 float64
		for range n {
			x := s.draw()
			if x < c.minVal || math.IsNaN(x) {
				t.Fatalf("%v: drew %v", c.d.Kind, x)
			}
			sum += x
			sum2 += x * x
		}
		mean := sum / n
		sd := math.Sqrt(sum2/n - mean*mean)
		cv := c.cv
		if math.IsNaN(cv) {
			cv = 1.5
		}
		if se := math.Max(cv, 0.01) * c.mean / math.Sqrt(n); math.Abs(mean-c.mean) > 5*se {
			t.Errorf("%v: sample mean %v, want %v (5 SE = %v)", c.d.Kind, mean, c.mean, 5*se)
		}
		if !math.IsNaN(c.cv) && math.Abs(sd/mean-c.cv) > 0.05*math.Max(c.cv, 0.1) {
			t.Errorf("%v: sample CV %v, want %v", c.d.Kind, sd/mean, c.cv)
		}
	}
	never := Dist{Kind: Empirical, Points: []CDFPoint{{0, 0}, {10, 0.3}}}
	if !math.IsInf(never.Average(), 1) {
		t.Error("an empirical distribution with mass at infinity has a finite mean")
	}
}

func TestDistValidate(t *testing.T) {
	bad := []Dist{
		{Kind: Exponential, Mean: -1},
		{Kind: LogNormal, Mean: 10},
		{Kind: Gamma, Mean: 0, CV: 1},
		{Kind: Uniform, Min: 5, Max: 1},
		{Kind: Empirical, Points: []CDFPoint{{0, 0.1}, {1, 1}}},
		{Kind: Empirical, Points: []CDFPoint{{0, 0}, {1, 0.5}, {0.5, 1}}},
		{Kind: Empirical, Points: []CDFPoint{{0, 0}}},
		{Kind: Fixed, Mean: math.Inf(1)},
		{Kind: 99},
	}
	for _, d := range bad {
		if d.Validate() == nil {
			t.Errorf("%+v accepted", d)
		}
	}
}
