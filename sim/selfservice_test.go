package sim

import (
	"fmt"
	"math"
	"testing"
)

// TestSelfServiceThins: arrivals that try self-service with probability
// s and come through after a random delay with probability f leave the
// agents a Poisson stream of rate λ(1 − s + s f) (a Poisson stream thinned
// at random is Poisson, and so is one displaced by independent delays),
// so the queue is M/M/n at that load: its service level is Erlang C's or
// A's there, and the self-served and failed contacts come at rates λ s
// (1 − f) and λ s f. Each replication runs 20 relaxation times and at
// least 20,000 arrivals, the first tenth left out. Tolerance: the grid's
// criterion (checkMixedGrid), 40 replications a cell.
func TestSelfServiceThins(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the self-service grid")
	}
	const aht, thr = 240.0, 20.0
	var cells []mixedCell
	for _, c := range []struct {
		n             int
		rho, s, f     float64
		patience, dly float64
	}{
		{10, 1.1, 0.3, 0.2, 0, 120},
		{40, 1.2, 0.4, 0.5, 180, 600},
		{5, 0.9, 0.2, 0, 0, 0},
	} {
		lambda := c.rho * float64(c.n) / aht
		thinned := lambda * (1 - c.s + c.s*c.f)
		m := mmnModel(lambda, aht, c.n, c.patience, 100)
		effRho := thinned * aht / float64(c.n)
		m.IntervalSeconds = math.Max(20*relaxation(c.n, effRho, c.patience), 20_000/thinned) / 100
		m.Channels[0].SelfService = &SelfService{Share: c.s, Fail: c.f, Delay: Exp(c.dly), Cost: 0.5}
		m.Replications = 40
		m.Seed = uint64(c.n) * 7
		sl, _ := queueFigures(c.n, thinned*aht, aht, c.patience, thr)
		plainSL, _ := queueFigures(c.n, min(lambda*aht, float64(c.n)-1e-9), aht, c.patience, thr)
		perHour := func(k int64) float64 { return float64(k) / (0.9 * m.Horizon() / 3600) }
		cells = append(cells, mixedCell{
			name: fmt.Sprintf("n=%d rho=%.2f s=%.2f f=%.2f", c.n, c.rho, c.s, c.f), m: m, warm: 10,
			want: map[string]float64{
				"service level":        sl,
				"self-served an hour":  lambda * c.s * (1 - c.f) * 3600,
				"failed an hour":       lambda * c.s * c.f * 3600,
				"offered live an hour": thinned * 3600,
				"cost per self-served": 0.5,
			},
			res:   map[string]float64{"self-served an hour": 1e-9, "failed an hour": 1e-9, "offered live an hour": 1e-9, "cost per self-served": 1e-12},
			plain: map[string]float64{"service level": plainSL},
			measure: func(e *engine, x *tally) map[string]float64 {
				return map[string]float64{
					"service level":        float64(x.within) / float64(x.offered),
					"self-served an hour":  perHour(x.selfServed),
					"failed an hour":       perHour(x.selfFailed),
					"offered live an hour": perHour(x.offered),
					"cost per self-served": x.selfCost / float64(x.selfServed),
				}
			}})
	}
	checkMixedGrid(t, cells)
}

// TestSelfServiceCost: self-service cost is the self-served contacts
// times their cost, exactly; the blended cost per contact lies between
// the self-service cost and the assisted cost per contact; classes carry
// no self-service figures (customers resolve themselves before they have
// one).
func TestSelfServiceCost(t *testing.T) {
	m := mmnModel(0.2, 240, 50, 300, 16)
	m.Channels[0].SelfService = &SelfService{Share: 0.5, Fail: 0.25, Delay: Exp(60), Cost: 0.8}
	m.Channels[0].Classes = []Class{{Name: "a", Share: 0.5}, {Name: "b", Share: 0.5}}
	m.Replications = 4
	r := run(t, m)
	v := r.Channels[0].Total
	if got, want := v[SelfServiceCost].Mean, v[SelfServed].Mean*0.8; math.Abs(got-want) > 1e-9*want {
		t.Errorf("self-service cost %v, want %v", got, want)
	}
	if b := v[CostPerContactBlended].Mean; !(b > 0.8 && b < v[CostPerContact].Mean) {
		t.Errorf("blended cost per contact %v not between 0.8 and the assisted %v", b, v[CostPerContact].Mean)
	}
	for _, cl := range r.Channels[0].Classes {
		if !math.IsNaN(cl.Total[SelfServed].Mean) || cl.Total[SelfServed].N != 0 {
			t.Errorf("class %s: self-served %v, want undefined", cl.Name, cl.Total[SelfServed])
		}
	}
	if v[SelfServed].Mean == 0 || v[SelfServiceFailed].Mean == 0 {
		t.Errorf("self-served %v, failed %v", v[SelfServed].Mean, v[SelfServiceFailed].Mean)
	}
}
