package sim

import (
	"math"
	"testing"
)

// TestHandleByTime: each contact's handle time is the channel's draw times
// the factor at the clock time of its arrival interval, repeated every day
// of the horizon. With a fixed handle time and agents for everyone, the
// handle time summed per interval is exactly the contacts times 100 s times
// the factor.
func TestHandleByTime(t *testing.T) {
	factors := []ClockFactor{{0, 1}, {3600, 2.5}, {7200, 0.5}}
	var times []float64
	for day := range 2 {
		for _, s := range []float64{10, 1000, 1900, 3700, 5500, 7300, 9000, 80000} {
			times = append(times, float64(day)*86400+s)
		}
	}
	m := &Model{IntervalSeconds: 1800, Intervals: 96, Seed: 5, Replications: 1,
		Channels: []Channel{{Name: "c", Kind: Call, Arrivals: Arrivals{Times: times}, Handle: Const(100), HandleByTime: factors}},
		Groups:   []Group{{Name: "g", Skills: []Skill{{Channel: 0}}, Unlimited: true}},
	}
	e := runRep(t, m, 0)
	for i, iv := range e.chans[0].iv {
		want := float64(iv.completed) * 100 * ClockFactorAt(factors, float64(i)*1800)
		if math.Abs(iv.handleSum-want) > 1e-6 {
			t.Errorf("interval %d: handle %v, want %v (%d contacts)", i, iv.handleSum, want, iv.completed)
		}
	}
	for _, c := range []struct{ t, want float64 }{{0, 1}, {3599, 1}, {3600, 2.5}, {7199, 2.5}, {7200, 0.5}, {86399, 0.5}, {86400 + 3600, 2.5}} {
		if got := ClockFactorAt(factors, c.t); got != c.want {
			t.Errorf("factor at %v s: %v, want %v", c.t, got, c.want)
		}
	}
	if ClockFactorAt(nil, 5) != 1 {
		t.Error("no factors: want 1")
	}
	for _, bad := range [][]ClockFactor{{{60, 1}}, {{0, 1}, {0, 2}}, {{0, 0}}, {{0, 1}, {86400, 1}}, {{0, math.Inf(1)}}} {
		m.Channels[0].HandleByTime = bad
		if err := m.Validate(); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

// TestTimeClasses: recorded arrivals keep their recorded classes. With one
// agent, strict priority and all work fixed, the order of service follows
// the classes given, not the shares.
func TestTimeClasses(t *testing.T) {
	// Five calls at once, 100 s each, one agent: the high-priority ones
	// (class 0) are served first, whatever the share of 1% says.
	times := []float64{1, 1, 1, 1, 1}
	classes := []uint8{1, 0, 1, 0, 1}
	m := &Model{IntervalSeconds: 1800, Intervals: 2, Seed: 2, Replications: 1,
		Channels: []Channel{{Name: "c", Kind: Call, Arrivals: Arrivals{Times: times, TimeClasses: classes}, Handle: Const(100),
			Classes: []Class{{Name: "high", Share: 0.01}, {Name: "low", Share: 0.99}}}},
		Groups: []Group{{Name: "g", Skills: []Skill{{Channel: 0}}, Staff: []int{1, 1}}},
	}
	e := runRep(t, m, 0)
	high, low := e.chans[0].cls[0], e.chans[0].cls[1]
	if high.offered != 2 || low.offered != 3 {
		t.Fatalf("offered by class %d/%d, want 2/3", high.offered, low.offered)
	}
	// The first arrival (low) finds the agent free; then the two high
	// ones wait 100 and 200 s, the other low ones 300 and 400 s.
	if high.waitAll != 300 || low.waitAll != 700 {
		t.Errorf("waits by class %v/%v, want 300/700", high.waitAll, low.waitAll)
	}
	m.Channels[0].Arrivals.TimeClasses = []uint8{0, 2, 0, 0, 0}
	if err := m.Validate(); err == nil {
		t.Error("class 2 of 2: no error")
	}
	m.Channels[0].Arrivals.TimeClasses = []uint8{0}
	if err := m.Validate(); err == nil {
		t.Error("one class for five arrivals: no error")
	}
}
