package plots

import (
	"context"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestClosedIntervalsAreGaps: a chat open 08:00-22:00 whose arrival rate
// runs around the clock draws its service level as one line over the open
// hours with a gap at night on each side, not as 0% while closed.
func TestClosedIntervalsAreGaps(t *testing.T) {
	const n = 48
	rates := make([]float64, n)
	for i := range rates {
		rates[i] = 0.02
	}
	staff := make([]int, n)
	for i := range staff {
		staff[i] = 6
	}
	m := &sim.Model{IntervalSeconds: 1800, Intervals: n, Seed: 1, Replications: 3,
		Channels: []sim.Channel{{Name: "chat", Kind: sim.Chat, Arrivals: sim.Arrivals{Rates: rates}, Handle: sim.Exp(300),
			Concurrency: 2, Target: sim.Target{Threshold: 60, Goal: 0.9}, Hours: []sim.Window{{From: 8 * 3600, To: 22 * 3600}}}},
		Groups: []sim.Group{{Name: "team", Skills: []sim.Skill{{Channel: 0}}, Staff: staff}},
	}
	r, err := sim.Run(context.Background(), m, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tl := ResultTimeline(r)
	pts := statPoints(tl, tl.mid, 100, func(i int) sim.Stat { return r.Channels[0].Intervals[i][sim.ServiceLevel] })
	got := runs(n, func(i int) bool { return finite(pts.y[i]) })
	if len(got) != 1 || got[0] != [2]int{16, 44} {
		t.Errorf("service level drawn over intervals %v, want one line over [16, 44): 08:00-22:00", got)
	}
}
