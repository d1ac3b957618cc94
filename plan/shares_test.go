package plan

import (
	"context"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// lateEmail is a one-day email channel with an 8-hour target, five
// requests an hour answered by one agent from 08:00, so that in the
// evening some requests of an interval are answered and some are still
// waiting when the horizon ends, a different number in each replication.
func lateEmail() *sim.Model {
	const n = 48
	rates := make([]float64, n)
	staff := make([]int, n)
	for i := range n {
		rates[i] = 2.5 / 1800
		if i >= 16 {
			staff[i] = 1
		}
	}
	return &sim.Model{IntervalSeconds: 1800, Intervals: n, Seed: 3, Replications: 30,
		Channels: []sim.Channel{{Name: "email", Kind: sim.Email, Arrivals: sim.Arrivals{Rates: rates},
			Handle: sim.Exp(600), Target: sim.Target{Threshold: 8 * 3600, Goal: 0.9}}},
		Groups: []sim.Group{{Name: "team", Skills: []sim.Skill{{Channel: 0}}, Staff: staff, MaxOccupancy: 0.9}},
	}
}

// TestReportedSharesStayWithinBounds: every service level, abandon rate
// and occupancy the planner judges, and the mean and bound it would report
// for it, lie within 0..1, on a model whose last intervals hold emails
// still waiting at the end within their target time, where a share of
// such contacts was once added on top of the service level (100.2%).
func TestReportedSharesStayWithinBounds(t *testing.T) {
	m := lateEmail()
	p, err := newPlanner(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := sim.Run(context.Background(), m, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	x := [][]int{m.Groups[0].Staff}
	labels := m.Timeline().Labels()
	checked := 0
	for _, k := range p.checks(r, x) {
		unit := sim.Occupancy.Unit()
		if mt, ok := sim.MetricByKey(k.metric); ok {
			unit = mt.Unit()
		}
		if unit != sim.Share {
			continue
		}
		checked++
		ms := p.miss(k, labels)
		for what, v := range map[string]float64{"mean": ms.Mean, "bound": ms.Bound, "judged": k.stat.Mean} {
			if !(v >= 0 && v <= 1) {
				t.Errorf("%s %s at %s: %s %v outside 0..1", ms.Name, ms.Metric, ms.Start, what, v)
			}
		}
	}
	if checked < 40 {
		t.Errorf("only %d shares checked", checked)
	}
	// A service level near 1 that varies between replications: its upper
	// bound, mean + t x SE, would pass 1.
	k := check{scope: "channel", channel: 0, interval: 40, metric: sim.ServiceLevel.Key(), limit: 0.99,
		stat: sim.Stat{Mean: 0.97, SD: 0.18, N: 30}}
	if b := p.miss(k, labels).Bound; b != 1 {
		t.Errorf("bound of a service level of 0.97 with SD 0.18 over 30 replications: %v, want 1", b)
	}
}
