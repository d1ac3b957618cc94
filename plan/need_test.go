package plan

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// TestCumulativeIntegral holds the closed-form integral of the cumulative
// arrivals to gonum's Gauss-Legendre quadrature of the same function
// evaluated pointwise, piece by piece between its kinks, within 1e-9
// relative.
func TestCumulativeIntegral(t *testing.T) {
	counts := []float64{3, 0, 17.5, 40, 2, 0, 0, 9}
	const L = 900.0
	c := newCumulative(counts, L)
	lambda := func(x float64) float64 { // expected arrivals in [0, x)
		v := 0.0
		for k, n := range counts {
			lo, hi := float64(k)*L, float64(k+1)*L
			switch {
			case x >= hi:
				v += n
			case x > lo:
				v += n * (x - lo) / L
			}
		}
		return v
	}
	integral := func(a, b float64) float64 {
		// Split at interval boundaries, where lambda has kinks.
		total := 0.0
		for lo := a; lo < b; {
			hi := math.Min(b, (math.Floor(lo/L)+1)*L)
			total += quad.Fixed(lambda, lo, hi, 20, nil, 0)
			lo = hi
		}
		return total
	}
	for _, span := range [][2]float64{{0, 900}, {-500, 2000}, {123.4, 5678.9}, {7000, 9000}, {-3000, -1000}, {100, 100}} {
		got := c.integral(span[0], span[1])
		want := integral(math.Max(0, span[0]), span[1])
		if span[1] <= 0 {
			want = 0
		}
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("integral over %v: %.12g, quadrature %.12g", span, got, want)
		}
	}
}

// TestDeferredNeedReference checks the spread rule against a second-by-
// second reference: every second's expected arrivals of each class hand
// out their work at aht/T per second over the following T seconds (a
// running sum over a window), summed per interval. The rule's closed
// form must agree within 1e-9 relative.
func TestDeferredNeedReference(t *testing.T) {
	const n, L = 16, 1800.0
	counts := []float64{0, 0, 5, 30, 60, 45, 20, 10, 0, 0, 12, 3, 0, 0, 0, 8}
	d := &demand{arrivals: counts, aht: 420, classes: []sim.Class{
		{Name: "urgent", Share: 0.05, Target: sim.Target{Goal: 0.9, Threshold: 1800}},
		{Name: "high", Share: 0.2, Target: sim.Target{Goal: 0.9, Threshold: 4 * 3600}},
		{Name: "normal", Share: 0.7, Target: sim.Target{Goal: 0.9, Threshold: 8 * 3600}},
		{Name: "none", Share: 0.05},
	}}
	d.deferredNeed(L)
	H := int(n * L)
	// diff holds the change of the load from one second to the next; its
	// running sum is the agent-seconds worked in each second.
	diff := make([]float64, H+2)
	for s := range H {
		arr := counts[s/int(L)] / L
		for _, cl := range d.classes {
			T := int(cl.Target.Threshold)
			if T == 0 {
				diff[s] += arr * cl.Share * d.aht
				diff[s+1] -= arr * cl.Share * d.aht
				continue
			}
			// The arrivals of second s come evenly over [s, s+1), each
			// worked at rate over the T seconds after it: second s gets
			// half a second's worth, the T-1 seconds after a whole one,
			// second s+T half again.
			rate := arr * cl.Share * d.aht / float64(T)
			diff[s] += rate / 2
			diff[s+1] += rate / 2
			if s+T < len(diff) {
				diff[s+T] -= rate / 2
			}
			if s+T+1 < len(diff) {
				diff[s+T+1] -= rate / 2
			}
		}
	}
	work := make([]float64, H)
	run := 0.0
	for s := range H {
		run += diff[s]
		work[s] = run
	}
	for i := range n {
		want := 0.0
		for s := i * int(L); s < (i+1)*int(L); s++ {
			want += work[s]
		}
		want /= L
		if math.Abs(d.need[i]-want) > 1e-9*math.Max(1, want) {
			t.Errorf("interval %d: need %.12g, reference %.12g", i, d.need[i], want)
		}
	}
}

// erlangCRef is an independent Erlang C: the probability of waiting from
// the Poisson terms summed in log space, and the 80/20-style service
// level 1 - C exp(-(n-a) t/aht).
func erlangCRef(n int, a, aht, t float64) float64 {
	if float64(n) <= a {
		return 0
	}
	// log of a^k/k!, summed for k < n, and the tail term n/(n-a) a^n/n!.
	logTerm := func(k int) float64 { lg, _ := math.Lgamma(float64(k + 1)); return float64(k)*math.Log(a) - lg }
	top := logTerm(n) + math.Log(float64(n)/(float64(n)-a))
	sum := 0.0
	for k := range n {
		sum += math.Exp(logTerm(k) - top)
	}
	c := 1 / (1 + sum)
	return 1 - c*math.Exp(-(float64(n)-a)*t/aht)
}

// TestRealtimeNeedErlangC checks the real-time sizing on a channel without
// patience: the fractional need rounds up to the least whole agent count
// at which the independent Erlang C reaches the goal.
func TestRealtimeNeedErlangC(t *testing.T) {
	const L = 1800.0
	arrivals := []float64{0.4, 2, 30, 120, 360, 900}
	ch := &sim.Channel{Name: "calls", Kind: sim.Call, Handle: sim.Exp(200), Wrap: sim.Const(40),
		Target: sim.Target{Goal: 0.8, Threshold: 20}}
	d, err := newDemand(&sim.Model{Channels: []sim.Channel{*ch}}, 0, arrivals)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.realtimeNeed(L, 1); err != nil {
		t.Fatal(err)
	}
	if d.need[0] != 0 {
		t.Errorf("0.4 contacts: need %v, want 0 (below the minimum volume)", d.need[0])
	}
	for i, v := range arrivals[1:] {
		a := v * 240 / L
		want := 1
		for erlangCRef(want, a, 240, 20) < 0.8 {
			want++
		}
		if got := int(math.Ceil(d.need[i+1] - 1e-9)); got != want {
			t.Errorf("%v contacts (%.3f Erlangs): need %.4f rounds to %d, Erlang C says %d", v, a, d.need[i+1], got, want)
		}
	}
}

// TestRealtimeNeedModels checks which Erlang model sizes a channel:
// patience gives Erlang A (fewer agents than C for the same target),
// concurrency the chat model (whole agents).
func TestRealtimeNeedModels(t *testing.T) {
	const L = 1800.0
	patience := sim.Exp(180)
	m := &sim.Model{Channels: []sim.Channel{
		{Name: "c", Kind: sim.Call, Handle: sim.Exp(240), Target: sim.Target{Goal: 0.8, Threshold: 20}},
		{Name: "a", Kind: sim.Call, Handle: sim.Exp(240), Patience: &patience, Target: sim.Target{Goal: 0.8, Threshold: 20}},
		{Name: "chat", Kind: sim.Chat, Handle: sim.Exp(480), Patience: &patience, Concurrency: 3, Slowdown: 0.2,
			Target: sim.Target{Goal: 0.9, Threshold: 60}},
	}}
	need := make([]float64, 3)
	for c := range m.Channels {
		d, err := newDemand(m, c, []float64{360})
		if err != nil {
			t.Fatal(err)
		}
		if err := d.realtimeNeed(L, 1); err != nil {
			t.Fatal(err)
		}
		need[c] = d.need[0]
	}
	if !(need[1] < need[0]) {
		t.Errorf("Erlang A needs %v, Erlang C %v: patience should lower the need", need[1], need[0])
	}
	if need[2] != math.Floor(need[2]) {
		t.Errorf("chat need %v is not whole", need[2])
	}
	q := erlang.ChatQueue{Agents: need[2], Concurrency: 3, Slowdown: 0.2, Load: 360 * 480 / L, AHT: 480, Patience: 180}
	met, _ := q.Metrics(60, erlang.OverOffered)
	q.Agents--
	short, _ := q.Metrics(60, erlang.OverOffered)
	if met.ServiceLevel < 0.9 || short.ServiceLevel >= 0.9 {
		t.Errorf("chat: %v agents give %.4f, one fewer %.4f; want the least reaching 0.9", need[2], met.ServiceLevel, short.ServiceLevel)
	}
}
