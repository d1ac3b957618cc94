package roster

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestResolveMatchesFreshSolve checks the dual simplex warm start: after
// a dive step's need (the need less whole shifts of the optimum), the
// program solved again from the old basis has the optimum a fresh solve
// finds (the optimum is unique in value; the tolerance is the solver's
// rounding).
func TestResolveMatchesFreshSolve(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	h := horizon{L: 1800, n: 48, days: 1}
	tm := dayTemplates()
	rate := []float64{1.0 / 3600, 1.3 / 3600}
	for trial := range 40 {
		need := make([]float64, h.n)
		for i := 12; i < 44; i++ {
			need[i] = math.Round(5 + 40*rng.Float64())
		}
		c := newCoverer(h, need, tm, rate)
		rel, err := c.relax(context.Background(), need, nil)
		if err != nil {
			t.Fatal(err)
		}
		cur := need
		for step := 0; step < 6; step++ {
			cover := make([]float64, h.n)
			for j, v := range rel.y {
				f := math.Floor(v + 1e-6)
				if step%2 == 1 && f == 0 && v > 0.3 {
					f = 1
				}
				if f > 0 {
					c.coverOf(rel.cands[j], cover, f)
				}
			}
			left := make([]float64, h.n)
			any := false
			for i := range left {
				left[i] = math.Max(0, cur[i]-cover[i])
				any = any || left[i] > 1e-9
			}
			cur = left
			if !any {
				break
			}
			warm, err := c.resolve(context.Background(), rel, left)
			if err != nil {
				t.Fatalf("trial %d step %d: %v", trial, step, err)
			}
			fresh, err := c.relax(context.Background(), left, nil)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(warm.cost-fresh.cost) > 1e-6*math.Max(1, fresh.cost) {
				t.Fatalf("trial %d step %d: warm %v, fresh %v", trial, step, warm.cost, fresh.cost)
			}
			rel = warm
		}
	}
}
