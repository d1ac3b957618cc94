package plan

import (
	"math"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestHalfWidth holds the one-sided half-width to Student's t quantiles
// from printed tables (t at 0.95 one-sided: 1.833 with 9 degrees of
// freedom, 1.699 with 29; at 0.90: 1.311 with 29), within the tables'
// 5e-4 rounding.
func TestHalfWidth(t *testing.T) {
	for _, c := range []struct {
		conf float64
		n    int
		t    float64
	}{{0.95, 10, 1.833}, {0.95, 30, 1.699}, {0.90, 30, 1.311}, {0.99, 30, 2.462}} {
		p := &planner{opts: Options{Confidence: c.conf}}
		s := sim.Stat{Mean: 0.8, SD: 0.3, N: c.n}
		want := c.t * 0.3 / math.Sqrt(float64(c.n))
		if got := p.halfWidth(s); math.Abs(got-want) > 5e-4*0.3/math.Sqrt(float64(c.n)) {
			t.Errorf("confidence %v, n %d: %v, want %v", c.conf, c.n, got, want)
		}
	}
	p := &planner{opts: Options{Confidence: 0.95}}
	if h := p.halfWidth(sim.Stat{Mean: 1, SD: math.NaN(), N: 1}); h != 0 {
		t.Errorf("one replication: half-width %v, want 0", h)
	}
}

// TestMetAndMissed checks the two sides of the confidence: the search
// demands the unfavourable bound within the limit; the check flags only a
// favourable bound beyond it; between the two a target is neither.
func TestMetAndMissed(t *testing.T) {
	p := &planner{opts: Options{Confidence: 0.95}}
	h := 1.699 * 0.1 / math.Sqrt(30) // about 0.031
	sl := func(mean float64) check {
		return check{metric: "service_level", limit: 0.8, stat: sim.Stat{Mean: mean, SD: 0.1, N: 30}}
	}
	asa := func(mean float64) check {
		return check{metric: "asa_seconds", upper: true, limit: 30, stat: sim.Stat{Mean: mean, SD: 10, N: 30}}
	}
	for _, c := range []struct {
		k           check
		met, missed bool
	}{
		{sl(0.8 + h + 0.001), true, false},
		{sl(0.8), false, false},
		{sl(0.8 - h + 0.001), false, false},
		{sl(0.8 - h - 0.001), false, true},
		{asa(30 - 100*h - 0.01), true, false},
		{asa(30 + 100*h + 0.01), false, true},
		{asa(30), false, false},
	} {
		if got := p.met(c.k); got != c.met {
			t.Errorf("%s mean %v: met %v, want %v", c.k.metric, c.k.stat.Mean, got, c.met)
		}
		if got := p.missed(c.k); got != c.missed {
			t.Errorf("%s mean %v: missed %v, want %v", c.k.metric, c.k.stat.Mean, got, c.missed)
		}
	}
}
