package plan

import (
	"context"
	"math"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// gridArrivals is the reference for expectedArrivals: the arrival density
// of every channel on a grid of one second, follow-ons moved by whole
// seconds, closed seconds pushed to the next open second, summed per
// interval. It shares no code with the interval-overlap arithmetic it
// checks; with integer shifts and interval boundaries it is exact.
func gridArrivals(m *sim.Model) [][]float64 {
	H := int(m.Horizon())
	open := func(ch *sim.Channel, t int) bool {
		if ch.Hours == nil {
			return true
		}
		for _, w := range ch.Hours {
			if float64(t) >= w.From && float64(t) < w.To {
				return true
			}
		}
		return false
	}
	exo := make([][]float64, len(m.Channels))
	for c := range m.Channels {
		ch := &m.Channels[c]
		exo[c] = make([]float64, H)
		for t := range H {
			if open(ch, t) {
				exo[c][t] = ch.Arrivals.Rates[t/int(m.IntervalSeconds)]
			}
		}
	}
	// nextOpen[c][t]: the first open second at or after t, H if none.
	nextOpen := make([][]int, len(m.Channels))
	for c := range m.Channels {
		nextOpen[c] = make([]int, H+1)
		nextOpen[c][H] = H
		for t := H - 1; t >= 0; t-- {
			nextOpen[c][t] = nextOpen[c][t+1]
			if open(&m.Channels[c], t) {
				nextOpen[c][t] = t
			}
		}
	}
	cur := make([][]float64, len(m.Channels))
	for c := range cur {
		cur[c] = append([]float64(nil), exo[c]...)
	}
	for range 500 {
		next := make([][]float64, len(m.Channels))
		for c := range next {
			next[c] = append([]float64(nil), exo[c]...)
		}
		for _, f := range m.Flows {
			shift := int(math.Round(m.Channels[f.From].Handle.Average() + f.Delay.Average()))
			for t, v := range cur[f.From] {
				if t+shift >= H {
					break
				}
				if u := nextOpen[f.To][t+shift]; u < H {
					next[f.To][u] += f.Share * v
				}
			}
		}
		change := 0.0
		for c := range next {
			for t := range next[c] {
				change = math.Max(change, math.Abs(next[c][t]-cur[c][t]))
			}
		}
		cur = next
		if change < 1e-18 {
			break
		}
	}
	out := make([][]float64, len(m.Channels))
	L := int(m.IntervalSeconds)
	for c := range cur {
		out[c] = make([]float64, m.Intervals)
		for t, v := range cur[c] {
			out[c][t/L] += v
		}
	}
	return out
}

func rates(n int, L float64, vs ...float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = vs[i%len(vs)] / L
	}
	return out
}

// firstOrderModel has flows only out of channels that receive none, so
// that every follow-on comes from arrivals spread evenly over their
// interval, the case the interval arithmetic treats exactly. Messaging is
// open in two windows: follow-ons due while it is closed wait for the
// next opening.
func firstOrderModel() *sim.Model {
	const n, L = 12, 1800.0
	return &sim.Model{
		IntervalSeconds: L, Intervals: n,
		Channels: []sim.Channel{
			{Name: "phone", Kind: sim.Call, Arrivals: sim.Arrivals{Rates: rates(n, L, 40, 60, 80)}, Handle: sim.Exp(200),
				Hours: []sim.Window{{From: 3600, To: 5 * 3600}}},
			{Name: "email", Kind: sim.Email, Arrivals: sim.Arrivals{Rates: rates(n, L, 10, 0)}, Handle: sim.Const(300)},
			{Name: "chat", Kind: sim.Chat, Arrivals: sim.Arrivals{Rates: rates(n, L, 5, 25)}, Handle: sim.Exp(400)},
			{Name: "messaging", Kind: sim.Messaging, Arrivals: sim.Arrivals{Rates: rates(n, L, 3)}, Handle: sim.Exp(240),
				Hours: []sim.Window{{From: 2000, To: 9000}, {From: 12000, To: 20000}}},
		},
		Flows: []sim.Flow{
			{Kind: sim.Escalation, From: 0, To: 1, Share: 0.2, Delay: sim.Const(100)},
			{Kind: sim.Escalation, From: 2, To: 1, Share: 0.25, Delay: sim.Exp(700)},
			{Kind: sim.Repeat, From: 2, To: 3, Share: 0.1, Delay: sim.Const(2600)},
		},
	}
}

// TestExpectedArrivalsReference holds the interval arithmetic (shifted
// follow-ons, closed hours, the horizon's end) to the grid reference
// within 1e-9 relative.
func TestExpectedArrivalsReference(t *testing.T) {
	m := firstOrderModel()
	got := expectedArrivals(m)
	want := gridArrivals(m)
	for c := range want {
		for i := range want[c] {
			if d := math.Abs(got[c][i] - want[c][i]); d > 1e-9*math.Max(1, want[c][i]) {
				t.Errorf("channel %s interval %d: %.12g, grid %.12g", m.Channels[c].Name, i, got[c][i], want[c][i])
			}
		}
	}
	// Closed hours turn exogenous phone calls away: none before 01:00.
	if got[0][0] != 0 || got[0][1] != 0 {
		t.Errorf("phone before opening: %v", got[0][:2])
	}
}

// TestExpectedArrivalsChains measures the one approximation: follow-ons
// that create follow-ons in turn are taken as spread evenly over the
// interval they land in. On a model with loops (phone -> email -> phone)
// and a burst at the phone's opening, the totals per channel stay within
// 0.5% of the grid's and each interval within 5% (measured: 2.9% at
// worst).
func TestExpectedArrivalsChains(t *testing.T) {
	m := firstOrderModel()
	m.Flows = append(m.Flows,
		sim.Flow{Kind: sim.Escalation, From: 1, To: 0, Share: 0.3, Delay: sim.Exp(2700)},
		sim.Flow{Kind: sim.Repeat, From: 1, To: 1, Share: 0.1, Delay: sim.Const(3600)},
		sim.Flow{Kind: sim.Escalation, From: 3, To: 0, Share: 0.2, Delay: sim.Const(50)})
	got := expectedArrivals(m)
	want := gridArrivals(m)
	worst := 0.0
	for c := range want {
		var g, w float64
		for i := range want[c] {
			g += got[c][i]
			w += want[c][i]
			if want[c][i] > 1 {
				worst = math.Max(worst, math.Abs(got[c][i]/want[c][i]-1))
			}
		}
		if math.Abs(g/w-1) > 0.005 {
			t.Errorf("%s: total %.4f, grid %.4f", m.Channels[c].Name, g, w)
		}
	}
	if worst > 0.05 {
		t.Errorf("worst interval off by %.1f%%", 100*worst)
	}
	t.Logf("worst interval off by %.2f%%", 100*worst)
}

// TestExpectedArrivalsAgainstSimulator compares the expected arrivals of
// the default scenario, follow-ons included, with the simulator's offered
// contacts over the day when staffing is ample (so that nobody abandons
// or switches and every contact creates its follow-ons). The planner
// places a follow-on at the mean handle time plus the mean delay, while
// the simulator draws them; that moves only the few that land near the end
// of the horizon. Tolerance: three 95% half-widths plus 1% of the total.
func TestExpectedArrivalsAgainstSimulator(t *testing.T) {
	m := scenarios.Default().Model.Clone()
	for g := range m.Groups {
		for i := range m.Groups[g].Staff {
			m.Groups[g].Staff[i] = 60
		}
		m.Groups[g].Paid = nil
	}
	m.Replications = 20
	r, err := sim.Run(context.Background(), m, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	exp := expectedArrivals(m)
	for c := range m.Channels {
		want := 0.0
		for _, v := range exp[c] {
			want += v
		}
		got := r.Channels[c].Total[sim.Offered]
		if d := math.Abs(got.Mean - want); d > 3*got.HalfWidth+0.01*want {
			t.Errorf("%s: expected %.1f, simulated %.1f±%.1f", m.Channels[c].Name, want, got.Mean, got.HalfWidth)
		}
	}
}
