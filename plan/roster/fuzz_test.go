package roster

import (
	"context"
	"math"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// FuzzSolve: any need and any template (with a break fixed or placed in
// a window) give a roster that covers the need, or an error; never a
// panic, never a hang (issue 16's degenerate program is the second seed).
func FuzzSolve(f *testing.F) {
	f.Add([]byte{1, 3, 0, 2, 4, 1}, 8.0, 2.0, 4.0, 1.0, 0.0)
	f.Add([]byte{0, 5, 0, 0, 0, 0}, 16.0, 14.0, 5.0, 0.5/3600, 0.0)
	f.Add([]byte{0, 0, 0, 0, 0, 9}, 24.0, 23.0, 0.5, 5.0, 2.0)
	f.Add([]byte{255, 0, 7, 1, 0, 3}, 0.1, 0.0, 0.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, req []byte, length, start, breakAt, breakLen, window float64) {
		const n, L = 6, 4 * 3600.0
		need := make([]float64, n)
		for i := range need {
			if i < len(req) {
				need[i] = float64(req[i] % 16)
			}
		}
		tmpl := &sim.ShiftTemplate{Name: "t", Length: length * 3600, Starts: []float64{math.Mod(math.Abs(start), 24) * 3600, 0}}
		if breakLen > 0 {
			tmpl.Breaks = []sim.BreakRule{{Length: breakLen * 3600, Earliest: breakAt * 3600, Latest: (breakAt + math.Abs(window)) * 3600}}
		}
		other := &sim.ShiftTemplate{Name: "o", Length: 6 * 3600, Starts: []float64{2 * 3600, 14 * 3600}}
		// Templates shorter than sim.MinTemplateLength are refused by
		// Validate; the fuzzer explores the rest.
		sol, err := Solve(context.Background(), Problem{IntervalSeconds: L, Days: 1, Need: need,
			Templates: []*sim.ShiftTemplate{tmpl, other}, HourlyCost: 1})
		if err != nil {
			return
		}
		for i := range need {
			if sol.Coverage[i] < need[i]-1e-6 {
				t.Fatalf("interval %d covered %v, needs %v", i, sol.Coverage[i], need[i])
			}
		}
		// The bound is a linear program's optimum in floating point,
		// off by rounding after hundreds of pivots (1.7e-6 hours of 96
		// in the corpus): a roster that equals it may fall below it by
		// that much. 1e-6 of its size is far above that noise and far
		// below any shift.
		if sol.PaidHours < sol.BoundHours-1e-6*math.Max(1, sol.BoundHours) {
			t.Fatalf("roster %v hours below its bound %v", sol.PaidHours, sol.BoundHours)
		}
	})
}
