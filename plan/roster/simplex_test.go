package roster

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// randomCover is a covering program of interval-like columns: each covers
// a run of rows, with one row left out at random (a break), at a cost of
// its length plus noise.
func randomCover(rng *rand.Rand, m, n int) ([]float64, []column) {
	need := make([]float64, m)
	for i := range need {
		need[i] = float64(rng.IntN(6)) + rng.Float64()
	}
	var cols []column
	for range n {
		a := rng.IntN(m)
		b := min(m, a+1+rng.IntN(m/2+1))
		hole := a + rng.IntN(b-a)
		var c column
		for r := a; r < b; r++ {
			if r == hole && b-a > 2 {
				continue
			}
			c.rows = append(c.rows, int32(r))
			c.vals = append(c.vals, 1)
		}
		c.cost = float64(len(c.rows)) + rng.Float64()
		cols = append(cols, c)
	}
	// Every row coverable.
	for r := range m {
		cols = append(cols, column{rows: []int32{int32(r)}, vals: []float64{1}, cost: 1.5 + rng.Float64()})
	}
	return need, cols
}

// gonumOptimum solves the same program with gonum's simplex in standard
// form (A y - s = need), the reference.
func gonumOptimum(t *testing.T, need []float64, cols []column) float64 {
	m, n := len(need), len(cols)
	A := mat.NewDense(m, n+m, nil)
	c := make([]float64, n+m)
	for j, col := range cols {
		for k, r := range col.rows {
			A.Set(int(r), j, col.vals[k])
		}
		c[j] = col.cost
	}
	for i := range m {
		A.Set(i, n+i, -1)
	}
	opt, _, err := lp.Simplex(c, A, need, 1e-10, nil)
	if err != nil {
		t.Fatalf("gonum: %v", err)
	}
	return opt
}

// TestCoverLPAgainstGonum holds the solver's optimum to gonum's on random
// covering programs (gonum's simplex is exact to about 1e-9 here), and
// checks that its solution covers every row and costs what it says.
func TestCoverLPAgainstGonum(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 40 {
		m, n := 3+rng.IntN(20), 5+rng.IntN(40)
		need, cols := randomCover(rng, m, n)
		s := newCoverLP(need, 50)
		s.add(cols...)
		if err := s.solve(context.Background(), 100000); err != nil {
			t.Fatal(err)
		}
		y, obj, uncovered := s.values()
		if len(uncovered) > 0 {
			t.Fatalf("trial %d: rows %v uncovered", trial, uncovered)
		}
		want := gonumOptimum(t, need, cols)
		if math.Abs(obj-want) > 1e-7*math.Max(1, want) {
			t.Errorf("trial %d (%d rows, %d columns): optimum %v, gonum %v", trial, m, len(cols), obj, want)
		}
		cover := make([]float64, m)
		cost := 0.0
		for j, v := range y {
			if v < -1e-9 {
				t.Fatalf("negative value %v", v)
			}
			cost += v * cols[j].cost
			for k, r := range cols[j].rows {
				cover[r] += v * cols[j].vals[k]
			}
		}
		for i := range m {
			if cover[i] < need[i]-1e-7 {
				t.Errorf("trial %d: row %d covered %v of %v", trial, i, cover[i], need[i])
			}
		}
		if math.Abs(cost-obj) > 1e-7*math.Max(1, obj) {
			t.Errorf("trial %d: values cost %v, objective %v", trial, cost, obj)
		}
	}
}

// TestCoverLPDegenerate is a program built to be degenerate: many equal
// columns and requirements, every vertex shared by several bases. The
// solver must finish (Bland's rule) with the optimum.
func TestCoverLPDegenerate(t *testing.T) {
	m := 12
	need := make([]float64, m)
	for i := range need {
		need[i] = 1
	}
	var cols []column
	for a := range m {
		for l := 2; l <= 6; l++ {
			var c column
			for r := a; r < a+l; r++ {
				c.rows = append(c.rows, int32(r%m))
				c.vals = append(c.vals, 1)
			}
			c.cost = float64(l)
			cols = append(cols, c, c)
		}
	}
	s := newCoverLP(need, 10)
	s.add(cols...)
	if err := s.solve(context.Background(), 100000); err != nil {
		t.Fatal(err)
	}
	if _, obj, _ := s.values(); math.Abs(obj-12) > 1e-9 {
		t.Errorf("optimum %v, want 12", obj)
	}
}

// TestCoverLPBounded: a cancelled context and a bound on pivots both stop
// the solver with an error.
func TestCoverLPBounded(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	need, cols := randomCover(rng, 30, 60)
	s := newCoverLP(need, 50)
	s.add(cols...)
	if err := s.solve(context.Background(), 3); !errors.Is(err, errPivots) {
		t.Errorf("3 pivots: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = newCoverLP(need, 50)
	s.add(cols...)
	if err := s.solve(ctx, 100000); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestCoverLPUncovered: a row no column covers is reported.
func TestCoverLPUncovered(t *testing.T) {
	s := newCoverLP([]float64{1, 2, 1}, 5)
	s.add(column{rows: []int32{0, 1}, vals: []float64{1, 1}, cost: 2})
	if err := s.solve(context.Background(), 1000); err != nil {
		t.Fatal(err)
	}
	if _, _, un := s.values(); len(un) != 1 || un[0] != 2 {
		t.Errorf("uncovered %v, want [2]", un)
	}
}
