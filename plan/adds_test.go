package plan

import (
	"math"
	"slices"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// decideYAML is the smallest model on which the search's decisions about
// where agents go can be told apart: four hours, a phone line answered
// by voice and an email channel (90% answered within 2 h, 6 min each)
// answered by mail, each group serving its own channel only.
const decideYAML = `
name: decide
interval: 1h
horizon: {intervals: 4}
channels:
  phone:
    kind: call
    arrivals: {per_interval: [100, 100, 100, 100]}
    handle: 180s
    patience: 3m
    target: {answered: 80%, within: 20s}
  email:
    kind: email
    arrivals: {per_interval: [100, 100, 100, 100]}
    handle: 6m
    target: {answered: 90%, within: 2h}
groups:
  voice:
    skills: [phone]
    staffing: [10, 10, 10, 10]
  mail:
    skills: [email]
    staffing: [10, 10, 10, 10]
`

// Channels and planned groups of decideYAML.
const (
	phone, email = 0, 1
	voice, mail  = 0, 1
)

// decider is a planner for decideYAML; its search is never run, so the
// tests below feed its decisions figures made by hand.
func decider(t *testing.T) *planner {
	t.Helper()
	p, err := newPlanner(parse(t, "decide.yaml", decideYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p.window(email) != 2 || p.dem[email].aht != 360 || p.m.Groups[p.planned[mail]].Name != "mail" {
		t.Fatalf("decide.yaml changed: email window %d intervals, %vs each", p.window(email), p.dem[email].aht)
	}
	return p
}

// figures is a simulation's per-interval means, by channel and metric.
type figures map[int]map[sim.Metric][]float64

// sampleOf is a simulation whose interval means are f's (zero elsewhere).
func sampleOf(p *planner, f figures) *sample {
	r := &sim.Result{}
	for c := range p.m.Channels {
		ch := sim.ChannelResult{Name: p.m.Channels[c].Name}
		ch.Intervals = make([]sim.Values, p.n)
		for m, vs := range f[c] {
			for i, v := range vs {
				ch.Intervals[i][m] = sim.Stat{Mean: v, N: 30}
			}
		}
		r.Channels = append(r.Channels, ch)
	}
	return &sample{r: r, reps: 30}
}

// failing is a channel check of interval i pooling [from, to).
func failing(c, i, from, to int, metric string, limit, mean float64) check {
	upper := metric != sim.ServiceLevel.Key()
	return check{scope: "channel", channel: c, class: -1, group: -1, interval: i, from: from, to: to,
		metric: metric, upper: upper, limit: limit, est: estimate{mean: mean}}
}

func tenEach(p *planner) [][]int {
	x := make([][]int, len(p.planned))
	for k := range x {
		x[k] = []int{10, 10, 10, 10}
	}
	return x
}

// agentsAt lists the agents changes give group k, by interval.
func agentsAt(p *planner, cs []change, k int) []int {
	out := make([]int, p.n)
	for _, c := range cs {
		if c.k == k {
			out[c.i] += c.n
		}
	}
	return out
}

// TestDeferredAdds: agents for an email service level short of its goal
// do the work of the requests that must be answered sooner, (goal + aim
// - estimate) x requests x 360 s, spread over the 2-hour window in which
// they may be answered, in the group that takes email. Whole agents are
// placed interval by interval with the remainder carried, so the total
// is the work in agent-hours, rounded.
func TestDeferredAdds(t *testing.T) {
	p := decider(t)
	zero := func(check) float64 { return 0 }
	for _, c := range []struct {
		name  string
		fail  []check
		aim   func(check) float64
		tries int
		queue []float64 // the email backlog at each interval's end
		want  []int     // mail's agents added, by interval
	}{
		// 0.6 x 100 x 360 s = 6 agent-hours over two intervals.
		{"spread over the window", []check{failing(email, 0, 0, 1, "service_level", 0.9, 0.3)}, zero, 0, nil, []int{3, 3, 0, 0}},
		// 7 agent-hours: 3.5 rounds to 4, the half carried back takes
		// one from the next interval.
		{"the aim raises the goal", []check{failing(email, 0, 0, 1, "service_level", 0.9, 0.3)},
			func(check) float64 { return 0.1 }, 0, nil, []int{4, 3, 0, 0}},
		// A target still short after agents were added for it: each
		// repeat asks for the work again.
		{"repeats add as much again", []check{failing(email, 1, 1, 2, "service_level", 0.9, 0.3)}, zero, 2, nil, []int{0, 6, 6, 0}},
		// Each failing interval's late requests need their own agent
		// time: where the windows overlap the work adds up.
		{"shortfalls add up", []check{failing(email, 0, 0, 1, "service_level", 0.9, 0.3), failing(email, 1, 1, 2, "service_level", 0.9, 0.3)},
			zero, 0, nil, []int{3, 6, 3, 0}},
		// The last interval's window is cut at the end of the horizon:
		// all its work falls in that interval.
		{"the window ends with the horizon", []check{failing(email, 3, 3, 4, "service_level", 0.9, 0.3)}, zero, 0, nil, []int{0, 0, 0, 6}},
		// 0.02 x 100 x 360 s is a fiftieth of an agent-hour: one agent
		// where the backlog stands highest within the window (interval
		// 2, not 0 before it nor 3 after it).
		{"a little work: one agent at the highest backlog", []check{failing(email, 1, 1, 2, "service_level", 0.9, 0.88)}, zero, 0,
			[]float64{9, 2, 5, 7}, []int{0, 0, 1, 0}},
	} {
		p.tries = map[checkKey]int{}
		for _, f := range c.fail {
			p.tries[f.key()] = c.tries
		}
		s := sampleOf(p, figures{email: {sim.Offered: {100, 100, 100, 100}, sim.QueueEnd: c.queue}})
		adds := p.addsAt(s, tenEach(p), c.fail, nil, c.aim)
		if got := agentsAt(p, adds, mail); !slices.Equal(got, c.want) || slices.ContainsFunc(adds, func(a change) bool { return a.k != mail }) {
			t.Errorf("%s: adds %v, want mail %v", c.name, adds, c.want)
		}
	}
}

// TestPooledAddsGoWhereThePoolLosesMost: a real-time figure pooled over
// several thin intervals gets its agent in the interval that loses the
// most contacts to it: answered late for a service level (an interval
// with none answered, whose service level is undefined, loses none),
// abandoned for an abandon rate, waiting time for an ASA.
func TestPooledAddsGoWhereThePoolLosesMost(t *testing.T) {
	p := decider(t)
	nan := math.NaN()
	phoneFigures := figures{phone: {
		sim.Offered:      {10, 40, 30, 50},
		sim.ServiceLevel: {0.5, 0.8, 0.2, nan}, // late: 5, 8, 24, none
		sim.Abandoned:    {1, 6, 2, 3},
		sim.Answered:     {10, 40, 30, 50},
		sim.ASA:          {30, 5, 2, nan}, // waiting: 300, 200, 60, none
	}}
	for _, c := range []struct {
		metric string
		limit  float64
		tries  int
		at, n  int
	}{
		{"service_level", 0.8, 0, 2, 1},
		{"abandon_rate", 0.05, 0, 1, 1},
		{"asa_seconds", 20, 0, 0, 1},
		// Each repeat of a short target adds one more.
		{"abandon_rate", 0.05, 3, 1, 3},
	} {
		f := failing(phone, 1, 0, 4, c.metric, c.limit, 0.5)
		p.tries = map[checkKey]int{f.key(): c.tries}
		adds := p.addsAt(sampleOf(p, phoneFigures), tenEach(p), []check{f}, nil, p.halfWidth)
		if want := []change{{voice, c.at, c.n}}; !slices.Equal(adds, want) {
			t.Errorf("%s pooled over the horizon, tried %d times: adds %v, want %v", c.metric, c.tries, adds, want)
		}
	}
}

// TestHorizonTargetAddsAtWorstInterval: a class missing its target over
// the horizon gets one agent in the checked interval where its channel's
// service level is lowest; an interval below the minimum volume is not
// checked, however low its figure. For email, the agent goes where the
// backlog stands highest within the window from there.
func TestHorizonTargetAddsAtWorstInterval(t *testing.T) {
	p := decider(t)
	horizon := func(c int) check {
		return check{scope: "class", channel: c, class: 0, group: -1, interval: -1, from: -1, to: -1,
			metric: "service_level", limit: 0.9, est: estimate{mean: 0.7}}
	}
	for _, c := range []struct {
		name    string
		channel int
		offered []float64
		want    []change
	}{
		{"phone", phone, []float64{50, 50, 0.5, 50}, []change{{voice, 1, 1}}},
		// From interval 1 the window holds 1 and 2; the backlog is
		// highest in 2.
		{"email", email, []float64{50, 50, 0.5, 50}, []change{{mail, 2, 1}}},
		{"nothing checked", phone, []float64{0.5, 0.5, 0.5, 0.5}, nil},
	} {
		s := sampleOf(p, figures{c.channel: {
			sim.Offered:      c.offered,
			sim.ServiceLevel: {0.9, 0.5, 0.2, 0.95},
			sim.QueueEnd:     {1, 3, 8, 20},
		}})
		if adds := p.addsAt(s, tenEach(p), []check{horizon(c.channel)}, nil, p.halfWidth); !slices.Equal(adds, c.want) {
			t.Errorf("%s: adds %v, want %v", c.name, adds, c.want)
		}
	}
}

// TestOccupancyAdds: a group over its occupancy ceiling gets the fewest
// agents that bring the same work under it (occupancy scales as x / (x +
// n)), at most maxStep for a team of ten.
func TestOccupancyAdds(t *testing.T) {
	p := decider(t)
	for _, c := range []struct {
		mean float64
		n    int
	}{{0.86, 1}, {0.95, 2}, {1, 2}, {2, maxStep}} {
		f := check{scope: "group", channel: -1, class: -1, group: mail, interval: 2, from: 2, to: 3,
			metric: "occupancy", upper: true, limit: 0.85, est: estimate{mean: c.mean}}
		adds := p.addsAt(sampleOf(p, nil), tenEach(p), []check{f}, nil, func(check) float64 { return 0 })
		if want := []change{{mail, 2, c.n}}; !slices.Equal(adds, want) {
			t.Errorf("occupancy %v of 10 agents: adds %v, want %v", c.mean, adds, want)
			continue
		}
		if c.n < maxStep && (c.mean*10/float64(10+c.n) > 0.85 || c.mean*10/float64(10+c.n-1) <= 0.85) {
			t.Errorf("occupancy %v: %d agents is not the fewest that meet 85%%", c.mean, c.n)
		}
	}
}

// TestAddsUndoCuts: after a step that removed agents, a failure is put
// down to the removals that can explain it, which are undone instead of
// adding agents: a real-time figure's group's in its interval or the one
// before (a queue carries over), a deferred one's anywhere in the
// request's window, a group's own. A target over the horizon is never
// put down to one interval's removal.
func TestAddsUndoCuts(t *testing.T) {
	p := decider(t)
	var cuts []change
	for _, k := range []int{voice, mail} {
		for i := range 4 {
			cuts = append(cuts, change{k, i, 1})
		}
	}
	for _, c := range []struct {
		name string
		f    check
		want []change
	}{
		{"phone", failing(phone, 2, 2, 3, "service_level", 0.8, 0.5), []change{{voice, 1, 1}, {voice, 2, 1}}},
		{"email", failing(email, 1, 1, 2, "service_level", 0.9, 0.5), []change{{mail, 1, 1}, {mail, 2, 1}}},
		{"occupancy", check{scope: "group", channel: -1, class: -1, group: voice, interval: 3, from: 3, to: 4,
			metric: "occupancy", upper: true, limit: 0.85, est: estimate{mean: 0.9}}, []change{{voice, 3, 1}}},
		{"over the horizon", check{scope: "class", channel: phone, class: 0, group: -1, interval: -1, from: -1, to: -1,
			metric: "service_level", limit: 0.8, est: estimate{mean: 0.5}}, []change{{voice, 0, 1}}},
	} {
		s := sampleOf(p, figures{phone: {sim.Offered: {50, 50, 50, 50}, sim.ServiceLevel: {0.5, 0.9, 0.9, 0.9}}})
		if adds := p.addsAt(s, tenEach(p), []check{c.f}, cuts, p.halfWidth); !slices.Equal(adds, c.want) {
			t.Errorf("%s: adds %v, want %v", c.name, adds, c.want)
		}
	}
}

// TestSumChanges: the deferred adds are summed with the others per group
// and interval, in a fixed order, and the first list is not changed.
func TestSumChanges(t *testing.T) {
	a := []change{{0, 1, 2}, {1, 1, 1}}
	got := sumChanges(a, []change{{1, 1, 3}, {0, 2, 1}, {0, 2, 1}})
	if want := []change{{0, 1, 2}, {1, 1, 4}, {0, 2, 2}}; !slices.Equal(got, want) {
		t.Errorf("sum %v, want %v", got, want)
	}
	if a[1].n != 1 {
		t.Errorf("the first list was changed: %v", a)
	}
}

// TestProgressing: a target still failing after GiveUpTries simulations
// is kept only while the agents have closed at least half the gap it had
// when it first failed.
func TestProgressing(t *testing.T) {
	p := decider(t)
	k := failing(phone, 1, 1, 2, "service_level", 0.75, 0)
	for _, c := range []struct {
		first, mean float64
		known, want bool
	}{
		{0.5, 0.7, true, true},  // gap 0.05 of 0.5
		{0.5, 0.5, true, true},  // exactly half
		{0.5, 0.4, true, false}, // 0.35 of 0.5
		{0.5, 0.7, false, false},
		// A first gap of zero (noise at the limit) shows no progress.
		{0, 0.75, true, false},
	} {
		p.firstGap = map[checkKey]float64{}
		if c.known {
			p.firstGap[k.key()] = c.first
		}
		k.est.mean = c.mean
		if got := p.progressing(k); got != c.want {
			t.Errorf("first gap %v (known %v), now %v: progressing %v, want %v", c.first, c.known, 0.75-c.mean, got, c.want)
		}
	}
}

// TestXAt: the debug trace lists every group's agents in a check's
// interval, none for a target over the horizon.
func TestXAt(t *testing.T) {
	x := [][]int{{1, 2, 3}, {4, 5, 6}}
	if got := xAt(x, 1); !slices.Equal(got, []int{2, 5}) {
		t.Errorf("xAt(1) = %v", got)
	}
	if got := xAt(x, -1); got != nil {
		t.Errorf("xAt(-1) = %v", got)
	}
}
