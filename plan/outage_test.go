package plan

import (
	"context"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// outageYAML has one group, out from 10:00 to 12:00 while its phones are
// open: no staffing can answer those calls.
const outageYAML = `
name: Outage with no cover
interval: 30m
horizon: {days: 1, start: wednesday}
channels:
  phone:
    kind: call
    arrivals: {per_day: 2000, profile: phone}
    handle: 240s
    patience: 300s
    hours: {from: "07:00", to: "19:00"}
    target: {answered: 80%, within: 20s, max_abandon: 5%}
groups:
  team:
    skills: [phone]
    shrinkage: 30%
    hourly_cost: 40
    staffing:
      - {from: "07:00", to: "19:00", agents: 20}
    outages:
      - {day: 1, from: "10:00", to: "12:00"}
`

// TestPlanOutageCannotBeMet: targets in intervals where every group that
// serves the channel is out cannot be met by adding agents. The plan must
// say so (not met, the targets given up with the group named) rather
// than report every target met while listing them as missed, and the
// search's last step must count them.
func TestPlanOutageCannotBeMet(t *testing.T) {
	res, err := Plan(context.Background(), parse(t, "outage.yaml", outageYAML), Options{Replications: 8})
	if err != nil {
		t.Fatal(err)
	}
	if res.Met {
		t.Fatalf("met, with %d misses: %+v", len(res.Misses), res.Misses)
	}
	if len(res.GaveUp) == 0 {
		t.Fatal("nothing given up")
	}
	for _, m := range res.GaveUp {
		if m.Start < "10:00" || m.Start >= "12:00" {
			t.Errorf("%s %s given up outside the outage", m.Start, m.Metric)
		}
		if !strings.Contains(m.Why, "out") || !strings.Contains(m.Why, "team") {
			t.Errorf("%s %s: why %q does not name the outage and the group", m.Start, m.Metric, m.Why)
		}
	}
	if last := res.Iterations[len(res.Iterations)-1]; last.Failing < len(res.GaveUp) {
		t.Errorf("the last step counts %d targets short, with %d given up", last.Failing, len(res.GaveUp))
	}
}

// TestPlanOverflowOnlyServiceLevel: a channel served only by a group that
// takes calls after 45 seconds cannot answer 80% within 20 seconds, at any
// staffing: its service-level targets are given up at once with the
// reason, not chased with agents.
func TestPlanOverflowOnlyServiceLevel(t *testing.T) {
	m := parse(t, "overflow.yaml", `
name: Overflow only
interval: 30m
horizon: {days: 1, start: monday}
channels:
  phone:
    kind: call
    arrivals: {per_day: 1440, profile: phone}
    handle: 190s
    patience: 382s
    target: {answered: 80%, within: 20s}
groups:
  late:
    skills: [{channel: phone, after: 45s}]
    shrinkage: 30%
    hourly_cost: 40
    staffing: [{from: "07:00", to: "19:00", agents: 10}]
`)
	res, err := Plan(context.Background(), m, Options{Replications: 8})
	if err != nil {
		t.Fatal(err)
	}
	if res.Met || len(res.GaveUp) == 0 {
		t.Fatalf("met %v, given up %d", res.Met, len(res.GaveUp))
	}
	for _, g := range res.GaveUp {
		if g.Metric != "service_level" || !strings.Contains(g.Why, "after it has waited 45s") {
			t.Errorf("%s %s given up: %q", g.Start, g.Metric, g.Why)
		}
	}
	// Nothing to chase: the plan stays near the Erlang seed's hours.
	if t0, t1 := res.Iterations[0].PaidHours, res.Totals.PaidHours; t1 > 1.5*t0 {
		t.Errorf("paid hours %.1f against the seed's %.1f: agents chased a target no staffing meets", t1, t0)
	}
}

// TestAnsweredTooLateClassTime: a class without a target time of its own
// is held to its channel's, as the engine counts it. With the channel's
// 60 seconds, a group that takes calls after 45 can answer the class in
// time; with 30, it cannot.
func TestAnsweredTooLateClassTime(t *testing.T) {
	for _, c := range []struct {
		within string
		late   bool
	}{{"60s", false}, {"30s", true}} {
		m := parse(t, "classes.yaml", `
name: Class without a time
interval: 1h
horizon: {intervals: 2}
channels:
  phone:
    kind: call
    arrivals: {per_interval: [50, 50]}
    handle: 180s
    target: {answered: 80%, within: `+c.within+`}
    classes:
      vip: {share: 20%}
      rest: {share: 80%}
groups:
  late:
    skills: [{channel: phone, after: 45s}]
    staffing: [5, 5]
`)
		// A model built in Go may leave a class's target unset.
		m.Channels[0].Classes[0].Target = sim.Target{}
		p, err := newPlanner(m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		k := check{scope: "class", channel: 0, class: 0, group: -1, interval: 0, metric: sim.ServiceLevel.Key()}
		if _, late := p.answeredTooLate(k); late != c.late {
			t.Errorf("channel within %s: answered too late %v, want %v", c.within, late, c.late)
		}
	}
}
