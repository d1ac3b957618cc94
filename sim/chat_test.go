package sim

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/ccsim/ccsim/erlang"
)

// chatCells: agents, chats per agent, slowdown, load (Erlangs of chat at
// one chat per agent), patience.
var chatCells = []struct {
	n, k          int
	slowdown, rho float64
	patience      float64
}{
	{5, 2, 0, 1.5, 300},
	{5, 3, 0.25, 2.0, 300},
	{10, 3, 0.3, 2.2, 240},
	{20, 2, 0.25, 1.4, 180},
	{20, 4, 0.2, 2.5, 300},
	{50, 3, 0.25, 2.1, 300},
}

// TestChatAgainstErlangChat compares the simulator's chat channel
// (k chats per agent, new chats to the agent with the fewest, each chat
// slowed by the others) with the erlang package's chat chain, which
// assumes the chats spread evenly over the agents: exact without slowdown,
// an approximation with it. Over 6 cells x 3 measures, at most one value
// may fall outside the simulated 99% interval and none beyond 3
// half-widths (measured: all 18 inside; docs/erlang.md).
func TestChatAgainstErlangChat(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the chat model against the simulator (six long cells)")
	}
	const aht = 300.0
	var (
		mu       sync.Mutex
		outside  int
		worstOff float64
	)
	t.Cleanup(func() {
		// Negated, so that a NaN (a zero half-width with a difference)
		// fails instead of passing every comparison.
		if !(outside <= 1 && worstOff <= 3) {
			t.Errorf("%d comparisons outside the simulated 99%% interval, worst at %.2f half-widths", outside, worstOff)
		}
	})
	for _, c := range chatCells {
		t.Run(fmt.Sprintf("n=%d/k=%d/s=%.2f", c.n, c.k, c.slowdown), func(t *testing.T) {
			t.Parallel()
			load := c.rho * float64(c.n)
			lambda := load / aht
			rep := math.Max(200*c.patience, 100_000/lambda)
			m := mmnModel(lambda, aht, c.n, c.patience, 100)
			m.IntervalSeconds = rep / 100
			m.Channels[0].Kind = Chat
			m.Channels[0].Concurrency = c.k
			m.Channels[0].Slowdown = c.slowdown
			var sl, ab, asa []float64
			for r := range gridReps {
				x := steadyTally(t, m, r)
				off := float64(x.offered)
				sl = append(sl, float64(x.within)/off)
				ab = append(ab, float64(x.abandoned)/off)
				asa = append(asa, x.waitAnswered/float64(x.answered))
			}
			q := erlang.ChatQueue{Agents: float64(c.n), Concurrency: c.k, Slowdown: c.slowdown, Load: load, AHT: aht, Patience: c.patience}
			mt, err := q.Metrics(gridSL, erlang.OverOffered)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []struct {
				name     string
				xs       []float64
				analytic float64
			}{{"service level", sl, mt.ServiceLevel}, {"abandonment", ab, mt.PAbandon}, {"ASA", asa, mt.ASA}} {
				mean, hw := ci99(v.xs)
				t.Logf("%-13s simulated %.4f ± %.4f, chat model %.4f (diff %+.4f)", v.name, mean, hw, v.analytic, v.analytic-mean)
				off := math.Abs(v.analytic-mean) / hw
				mu.Lock()
				if !(off <= 1) {
					outside++
				}
				if !(off <= worstOff) {
					worstOff = off
				}
				mu.Unlock()
			}
		})
	}
}
