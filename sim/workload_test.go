package sim

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// flowModel is n call channels with the flows, redials and switches
// given, arrivals of rate 0.01 a second over one hour.
func flowModel(n int, flows []Flow, redial map[int]float64, switches map[int]Switch) *Model {
	m := &Model{IntervalSeconds: 3600, Intervals: 1, Replications: 1}
	for c := range n {
		ch := Channel{Name: string(rune('a' + c)), Arrivals: Arrivals{Rates: []float64{0.01}}, Handle: Exp(60)}
		if r, ok := redial[c]; ok {
			ch.Redial = &Redial{Share: r, Delay: Exp(60)}
			ch.Patience = ptr(Exp(30))
		}
		if s, ok := switches[c]; ok {
			ch.Switch = &s
		}
		m.Channels = append(m.Channels, ch)
	}
	skills := make([]Skill, n)
	for c := range skills {
		skills[c] = Skill{Channel: c}
	}
	m.Groups = []Group{{Name: "g", Skills: skills, Staff: []int{5}}}
	m.Flows = flows
	return m
}

func ptr[T any](v T) *T { return &v }

// byValueIteration is the independent reckoning of FollowOns: starting
// from one contact each, N <- 1 + max over the ways a contact ends of the
// shares times N, until it stops moving (a geometric series summed term
// by term, not a linear system solved).
func byValueIteration(m *Model) []float64 {
	n := len(m.Channels)
	N := make([]float64, n)
	for i := range N {
		N[i] = 1
	}
	for range 1_000_000 {
		next := make([]float64, n)
		moved := 0.0
		for c := range n {
			handled := 0.0
			for _, f := range m.Flows {
				if f.From == c {
					handled += f.Share * N[f.To]
				}
			}
			best := handled
			if r := m.Channels[c].Redial; r != nil {
				best = max(best, r.Share*N[c])
			}
			if s := m.Channels[c].Switch; s != nil {
				best = max(best, s.Share*N[s.To])
			}
			next[c] = 1 + best
			moved = max(moved, math.Abs(next[c]-N[c])/next[c])
		}
		N = next
		if moved < 1e-13 {
			break
		}
	}
	return N
}

// TestFollowOns: the bound on contacts per arrival, against value
// iteration (to 1e-9 relative: both are exact up to rounding) on closed
// cases and on random models of up to five channels, and loops at 100%
// named with every channel that leads into them.
func TestFollowOns(t *testing.T) {
	closed := []struct {
		m    *Model
		want []float64
	}{
		// A repeat of 30%: 1/(1-0.3) contacts per arrival.
		{flowModel(1, []Flow{{Kind: Repeat, From: 0, To: 0, Share: 0.3}}, nil, nil), []float64{1 / 0.7}},
		// a->b 50%, b->a 50%: N = 1 + N/2, so 2 each.
		{flowModel(2, []Flow{{Kind: Escalation, From: 0, To: 1, Share: 0.5}, {Kind: Escalation, From: 1, To: 0, Share: 0.5}}, nil, nil), []float64{2, 2}},
		// A repeat of 10% and a redial of 60%: a contact ends one way,
		// and the redial leads to more: 1/(1-0.6).
		{flowModel(1, []Flow{{Kind: Repeat, From: 0, To: 0, Share: 0.1}}, map[int]float64{0: 0.6}, nil), []float64{2.5}},
		// No follow-ons: one contact.
		{flowModel(2, nil, nil, nil), []float64{1, 1}},
	}
	for i, c := range closed {
		got, loop := c.m.FollowOns()
		if loop != nil || !near(got, c.want, 1e-12) || !near(got, byValueIteration(c.m), 1e-9) {
			t.Errorf("case %d: %v (loop %v), want %v", i, got, loop, c.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for k := range 300 {
		n := 1 + rng.IntN(5)
		var flows []Flow
		out := make([]float64, n)
		for range rng.IntN(2 * n) {
			from, to := rng.IntN(n), rng.IntN(n)
			share := rng.Float64() * (0.95 - out[from])
			if share <= 0 {
				continue
			}
			out[from] += share
			flows = append(flows, Flow{Kind: Repeat, From: from, To: to, Share: share})
		}
		redial, switches := map[int]float64{}, map[int]Switch{}
		for c := range n {
			if rng.IntN(2) == 0 {
				redial[c] = 0.95 * rng.Float64()
			}
			if to := rng.IntN(n); to != c && rng.IntN(2) == 0 {
				switches[c] = Switch{Threshold: 60, Share: 0.95 * rng.Float64(), To: to}
			}
		}
		m := flowModel(n, flows, redial, switches)
		got, loop := m.FollowOns()
		if want := byValueIteration(m); loop != nil || !near(got, want, 1e-9) {
			t.Fatalf("random model %d: %v (loop %v), value iteration %v", k, got, loop, want)
		}
	}

	// Loops that never end.
	for _, c := range []struct {
		m        *Model
		loop     []int
		infinite []bool
	}{
		{flowModel(1, []Flow{{Kind: Repeat, From: 0, To: 0, Share: 1}}, nil, nil), []int{0}, []bool{true}},
		// a->b->a at 100%, c feeds a at 20%, d stands apart.
		{flowModel(4, []Flow{{Kind: Escalation, From: 0, To: 1, Share: 1}, {Kind: Escalation, From: 1, To: 0, Share: 1},
			{Kind: Escalation, From: 2, To: 0, Share: 0.2}, {Kind: Repeat, From: 3, To: 3, Share: 0.5}}, nil, nil),
			[]int{0, 1}, []bool{true, true, true, false}},
		// Two flows of 50% back into the channel: 100% in all.
		{flowModel(1, []Flow{{Kind: Repeat, From: 0, To: 0, Share: 0.5}, {Kind: Repeat, From: 0, To: 0, Share: 0.5}}, nil, nil), []int{0}, []bool{true}},
		// a escalates to b at 100%, b's callers switch back to a at 100%.
		{flowModel(2, []Flow{{Kind: Escalation, From: 0, To: 1, Share: 1}}, nil, map[int]Switch{1: {Threshold: 60, Share: 1, To: 0}}), []int{0, 1}, []bool{true, true}},
	} {
		per, loop := c.m.FollowOns()
		inf := make([]bool, len(per))
		for i, v := range per {
			inf[i] = math.IsInf(v, 1)
		}
		if !slices.Equal(loop, c.loop) || !slices.Equal(inf, c.infinite) {
			t.Errorf("loop %v, per arrival %v; want loop %v, infinite %v", loop, per, c.loop, c.infinite)
		}
		if err := c.m.Validate(); err == nil || !strings.Contains(err.Error(), "form a loop that contacts go round for ever") {
			t.Errorf("Validate: %v", err)
		}
	}
	// The fourth channel's repeat of 50% stays finite beside the loop.
	m := flowModel(4, []Flow{{Kind: Escalation, From: 0, To: 1, Share: 1}, {Kind: Escalation, From: 1, To: 0, Share: 1},
		{Kind: Repeat, From: 3, To: 3, Share: 0.5}}, nil, nil)
	if per, _ := m.FollowOns(); per[3] != 2 || per[2] != 1 {
		t.Errorf("channels outside the loop: %v", per)
	}
}

func near(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

// TestFollowOnsBoundTheSimulation: the contacts a run simulates stay
// within the estimate's bound, and meet it when every contact ends the
// way the bound assumes (no patience: every call is handled, so a repeat
// of 40% gives 1/0.6 contacts per arrival). Tolerance: 3 standard errors
// of the offered count over 200 replications (about 1,500 contacts).
func TestFollowOnsBoundTheSimulation(t *testing.T) {
	m := flowModel(1, []Flow{{Kind: Repeat, From: 0, To: 0, Share: 0.4, Delay: Const(0)}}, nil, nil)
	m.Groups[0].Unlimited, m.Groups[0].Staff = true, nil
	m.Channels[0].Arrivals.Rates = []float64{0.5}
	m.Replications = 200
	m.Seed = 3
	e := m.Estimate(1)
	if math.Abs(e.Arrivals-1800) > 1e-9 || math.Abs(e.MostPerArrival-1/0.6) > 1e-12 {
		t.Fatalf("estimate %+v", e)
	}
	res, err := Run(context.Background(), m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Offered counts every contact: arrivals and repeats, in the interval
	// they arrived (repeats past the horizon are not simulated; with no
	// delay and one-minute handling, few are).
	off := res.Channels[0].Total[Offered]
	perRep := e.Contacts / float64(m.Replications)
	if off.Mean > perRep+3*off.SD/math.Sqrt(float64(off.N)) || off.Mean < 0.97*perRep {
		t.Errorf("offered %v ± %v a replication, bound %v", off.Mean, off.HalfWidth, perRep)
	}
}
