package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/ccsim/ccsim/erlang"
)

// xCells are Erlang X cases: agents, lines, utilisation of fresh calls,
// patience, redial share and mean redial delay.
var xCells = []struct {
	n, lines          int
	rho, patience     float64
	share, redialMean float64
}{
	{10, 15, 0.9, 180, 0.5, 300},
	{10, 12, 1.1, 120, 0.7, 120},
	{50, 60, 0.95, 180, 0.5, 300},
	{50, 55, 1.2, 240, 0.8, 600},
	{200, 220, 1.0, 180, 0.6, 300},
	{200, 210, 0.9, 60, 0.3, 60},
}

// TestErlangXAgainstSimulator checks Erlang X's fixed-point approximation
// against the simulator, which models redials exactly (each lost caller
// who redials comes back after the delay into whatever congestion there
// is then). Erlang X treats all attempts as one Poisson stream, so it is
// not exact and the test asks for closeness, not for the simulated
// interval: within 2 percentage points (plus the simulation's 99%
// half-width) when at most 60% of lost callers redial, within 5 points
// when more do. Measured (docs/erlang.md): at most 1.5 points in the first
// case; 4 points on blocking at 20% overload with 80% redialling, where
// redials return into the congestion that lost them.
func TestErlangXAgainstSimulator(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping Erlang X against the simulator (six long cells)")
	}
	for _, c := range xCells {
		t.Run(fmt.Sprintf("n=%d/N=%d/rho=%.2f", c.n, c.lines, c.rho), func(t *testing.T) {
			t.Parallel()
			lambda := c.rho * float64(c.n) / gridAHT
			// Abandonment and blocking keep the queue short: a few patience
			// times and redial delays make it forget its start.
			rep := math.Max(200*math.Max(c.patience, c.redialMean), 100_000/lambda)
			m := mmnModel(lambda, gridAHT, c.n, c.patience, 100)
			m.IntervalSeconds = rep / 100
			m.Channels[0].Lines = c.lines
			m.Channels[0].Redial = &Redial{Share: c.share, Delay: Exp(c.redialMean)}
			var bl, ab, sl []float64
			var offered float64
			for r := range gridReps {
				x := steadyTally(t, m, r)
				off := float64(x.offered)
				offered += off
				bl = append(bl, float64(x.blocked)/off)
				ab = append(ab, float64(x.abandoned)/off)
				sl = append(sl, float64(x.within)/off)
			}
			q := erlang.XQueue{Agents: float64(c.n), Lines: float64(c.lines), Load: c.rho * float64(c.n), AHT: gridAHT,
				Patience: c.patience, RedialShare: c.share, RedialDelay: c.redialMean}
			x, err := q.Metrics(gridSL, erlang.OverOffered)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []struct {
				name     string
				xs       []float64
				analytic float64
			}{{"blocking", bl, x.PBlock}, {"abandonment", ab, x.PAbandon}, {"service level", sl, x.ServiceLevel}} {
				mean, hw := ci99(v.xs)
				t.Logf("%-13s simulated %.4f ± %.4f, Erlang X %.4f (diff %+.4f)", v.name, mean, hw, v.analytic, v.analytic-mean)
				tol := 0.02
				if c.share > 0.6 {
					tol = 0.05
				}
				if d := math.Abs(v.analytic - mean); d > tol+hw {
					t.Errorf("%s: Erlang X %.4f, simulated %.4f ± %.4f: %.4f apart, more than %.2f", v.name, v.analytic, mean, hw, d, tol)
				}
			}
		})
	}
}
