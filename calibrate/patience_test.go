package calibrate

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/ccsim/ccsim/contactlog"
)

type obs struct {
	wait      float64
	abandoned bool
}

// refKaplanMeier is the product-limit estimate computed from the raw
// observations sorted by time: at each distinct whole-second time with an
// abandonment, S *= 1 - abandoned/at risk.
func refKaplanMeier(os []obs) map[float64]float64 {
	s := slices.Clone(os)
	for i := range s {
		s[i].wait = math.Floor(s[i].wait)
	}
	slices.SortFunc(s, func(a, b obs) int { return cmp.Compare(a.wait, b.wait) })
	out := map[float64]float64{}
	surv := 1.0
	for i := 0; i < len(s); {
		j, d := i, 0
		for j < len(s) && s[j].wait == s[i].wait {
			if s[j].abandoned {
				d++
			}
			j++
		}
		if d > 0 {
			surv *= 1 - float64(d)/float64(len(s)-i)
			out[s[i].wait] = surv
		}
		i = j
	}
	return out
}

// censoredSample draws exponential patience (mean 120 s) against
// exponential times to an answer (mean 60 s): a caller abandons when
// patience runs out first.
func censoredSample(n int, seed uint64) []obs {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]obs, n)
	for i := range out {
		p, o := 120*r.ExpFloat64(), 60*r.ExpFloat64()
		out[i] = obs{wait: math.Min(p, o), abandoned: p < o}
	}
	return out
}

func TestFitPatience(t *testing.T) {
	data := censoredSample(20000, 1)
	var w contactlog.Waits
	total, abandons := 0.0, 0
	for _, o := range data {
		w.Add(o.wait, o.abandoned)
		total += o.wait
		if o.abandoned {
			abandons++
		}
	}
	p, err := FitPatience(&w, PatienceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Waits != len(data) || p.Abandoned != abandons {
		t.Errorf("waits %d abandoned %d", p.Waits, p.Abandoned)
	}
	if want := total / float64(abandons); !scalar.EqualWithinRel(p.ExpMean, want, 1e-12) {
		t.Errorf("exponential estimate %v, total/abandons %v", p.ExpMean, want)
	}
	// About 6,700 abandonments: the estimate's standard error is about
	// 120/sqrt(6700) = 1.5 s; 6 s is four standard errors.
	if math.Abs(p.ExpMean-120) > 6 {
		t.Errorf("exponential estimate %v, true mean 120", p.ExpMean)
	}
	ref := refKaplanMeier(data)
	if len(p.Curve) == 0 {
		t.Fatal("empty curve")
	}
	for _, pt := range p.Curve {
		if want, ok := ref[pt.T]; !ok || !scalar.EqualWithinAbsOrRel(pt.Survival, want, 1e-12, 1e-12) {
			t.Errorf("S(%v) = %v, reference %v", pt.T, pt.Survival, want)
		}
	}
	// Against the truth exp(-t/120): Greenwood's standard error at 120 s
	// is about 0.007 with 20,000 callers; whole-second resolution biases
	// by under 0.004. 0.03 is over four standard errors.
	for _, tt := range []float64{10, 30, 60, 120} {
		got := survivalAt(p.Curve, tt)
		if math.Abs(got-math.Exp(-tt/120)) > 0.03 {
			t.Errorf("S(%v) = %v, true %v", tt, got, math.Exp(-tt/120))
		}
	}
	if !(p.Median > 70 && p.Median < 95) { // true median 120 ln 2 = 83
		t.Errorf("median %v", p.Median)
	}
	// The empirical distribution follows the curve at its points and
	// has a tail past the horizon.
	d := p.Dist
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, pt := range d.Points[1:] {
		if want := 1 - survivalAt(p.Curve, pt.X); !scalar.EqualWithinAbs(pt.P, want, 1e-12) {
			t.Errorf("CDF(%v) = %v, want %v", pt.X, pt.P, want)
		}
	}
	if p.TailMean <= 0 || math.IsInf(d.Average(), 0) {
		t.Errorf("tail mean %v, average %v", p.TailMean, d.Average())
	}
	// The mean of a censored exponential is recovered by the KM-based
	// distribution too, within the noise of its tail.
	if m := d.Average(); math.Abs(m-120) > 15 {
		t.Errorf("mean of the empirical patience %v, true 120", m)
	}
}

// survivalAt reads the step function S at t from the curve.
func survivalAt(curve []SurvivalPoint, t float64) float64 {
	s := 1.0
	for _, pt := range curve {
		if pt.T > t {
			break
		}
		s = pt.Survival
	}
	return s
}

func TestFitPatienceEdges(t *testing.T) {
	var few contactlog.Waits
	few.Add(3, true)
	if _, err := FitPatience(&few, PatienceOptions{}); err == nil {
		t.Error("one wait: no error")
	}
	// Nobody abandons: survival stays 1, exponential mean is infinite,
	// the simulator's distribution never abandons.
	var none contactlog.Waits
	for i := range 100 {
		none.Add(float64(i), false)
	}
	p, err := FitPatience(&none, PatienceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !math.IsInf(p.ExpMean, 1) || len(p.Curve) != 0 || p.TailMean != 0 || !math.IsInf(p.Dist.Average(), 1) {
		t.Errorf("%+v", p)
	}
	// Waits all beyond the histogram.
	var long contactlog.Waits
	for i := range 50 {
		long.Add(contactlog.HistogramLimit+float64(i), i%2 == 0)
	}
	if p, err = FitPatience(&long, PatienceOptions{}); err != nil {
		t.Fatal(err)
	}
	if p.TailMean <= 0 || p.Dist.Validate() != nil {
		t.Errorf("%+v", p)
	}
	// Bad waits are ignored.
	var bad contactlog.Waits
	bad.Add(math.NaN(), true)
	bad.Add(-1, true)
	bad.Add(math.Inf(1), false)
	if bad.Abandoned+bad.Answered != 0 {
		t.Error("bad waits counted")
	}
}
