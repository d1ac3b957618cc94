package plan

import (
	"math"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestMetAndMissed checks the two sides of the confidence: the search
// demands the unfavourable bound within the limit; the check flags only a
// favourable bound beyond it; between the two a target is neither. A
// figure with too few contacts to be confirmed at all (not decisive) is
// met when its estimate is.
func TestMetAndMissed(t *testing.T) {
	p := &planner{opts: Options{Confidence: 0.95}}
	h := sim.TQuantile(0.95, 29) * 0.1 / math.Sqrt(30) // about 0.031
	sl := func(mean float64) check {
		// 30 replications of 1,000 contacts: Student's t decides.
		return check{metric: "service_level", limit: 0.8, decisive: true,
			est: estimate{mean: mean, sd: 0.1, reps: 30, share: true, trials: 30000, events: mean * 30000}}
	}
	asa := func(mean float64) check {
		return check{metric: "asa_seconds", upper: true, limit: 30, decisive: true, est: estimate{mean: mean, sd: 10, reps: 30}}
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
			t.Errorf("%s mean %v: met %v, want %v", c.k.metric, c.k.est.mean, got, c.met)
		}
		if got := p.missed(c.k); got != c.missed {
			t.Errorf("%s mean %v: missed %v, want %v", c.k.metric, c.k.est.mean, got, c.missed)
		}
	}
	thin := sl(0.85)
	thin.decisive = false
	thin.est.sd = 0.4
	if !p.met(thin) {
		t.Error("a thin figure whose estimate meets its goal is not met")
	}
	thin.est.mean = 0.79
	if p.met(thin) {
		t.Error("a thin figure whose estimate misses its goal is met")
	}
}

// TestBacklogLimit holds the limit on a deferred channel's backlog at the
// end of the horizon to the fluid picture computed by hand: requests
// arriving evenly, 10 in each interval of 900 s, with a target of 1,800 s.
// Those of the last two intervals are still in hand at the end, each
// counted for the share of its window still to come: from 0 to 1/2 in the
// second last interval (2.5 requests on average) and from 1/2 to 1 in the
// last (7.5), 10 in all.
func TestBacklogLimit(t *testing.T) {
	m := &sim.Model{IntervalSeconds: 900, Intervals: 6}
	ch := sim.Channel{Name: "email", Kind: sim.Email, Target: sim.Target{Threshold: 1800, Goal: 0.9}}
	m.Channels = []sim.Channel{ch}
	p := &planner{m: m, n: 6, L: 900, dem: []*demand{{ch: &m.Channels[0], arrivals: []float64{10, 10, 10, 10, 10, 10},
		classes: []sim.Class{{Name: "email", Share: 1, Target: ch.Target}}}}}
	lim, ok := p.backlogLimit(0)
	if !ok || math.Abs(lim-10) > 1e-9 {
		t.Errorf("backlog limit %v %v, want 10", lim, ok)
	}
}
