package roster

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// column is one variable of a covering program: how much of each row it
// covers (rows in increasing order) and what one unit of it costs.
type column struct {
	rows []int32
	vals []float64
	cost float64
}

// coverLP is a covering linear program: minimise cost·y subject to
// A·y >= need and y >= 0, where every column of A is nonnegative and
// costs something. It is solved by the revised simplex method with a
// dense basis inverse, started from artificial columns (one per row, at a
// cost no real column reaches), so that no first phase is needed: an
// artificial still in use at the optimum marks a row nothing covers.
//
// gonum's lp.Simplex solves the same programs but cannot be stopped,
// returns neither the basis nor the duals that column generation prices
// with, and cycles on degenerate shift programs (issue 16). This solver
// switches to Bland's rule after a run of degenerate pivots, which
// guarantees an end; bounds its pivots; and checks its context.
type coverLP struct {
	m    int
	need []float64
	cols []column
	// bigM is the cost of an artificial column.
	bigM float64

	// basic[r] is the variable of row r's basis position: a column index
	// (>= 0), an artificial (-1-i) or a surplus (-1-m-i) variable of row i.
	basic []int
	binv  []float64 // m x m, row major
	xb    []float64
	// inBasis marks the columns in the basis, surplusIn the surplus
	// variables.
	inBasis, surplusIn []bool

	pivots, sinceRefactor int
}

// Limits of the solver.
const (
	// refactorEvery is how many pivots the basis inverse is updated in
	// place before it is computed afresh, which keeps rounding from
	// building up.
	refactorEvery = 64
	// blandAfter is how many degenerate pivots in a row switch the
	// entering rule to Bland's, which cannot cycle.
	blandAfter = 20
	// pivotTol is the smallest pivot element the ratio test accepts.
	pivotTol = 1e-9
	// costTol is how negative a reduced cost must be to improve.
	costTol = 1e-9
)

// errPivots is returned when the solver reaches its bound on pivots.
var errPivots = errors.New("roster: the linear program did not finish within its bound on pivots")

func newCoverLP(need []float64, maxCost float64) *coverLP {
	m := len(need)
	lp := &coverLP{m: m, need: need, bigM: 1e4 * math.Max(1, maxCost)}
	lp.basic = make([]int, m)
	lp.binv = make([]float64, m*m)
	lp.xb = make([]float64, m)
	lp.surplusIn = make([]bool, m)
	for i := range m {
		lp.basic[i] = -1 - i
		lp.binv[i*m+i] = 1
		lp.xb[i] = need[i]
	}
	return lp
}

// add appends columns; the basis stays feasible.
func (lp *coverLP) add(cs ...column) {
	lp.cols = append(lp.cols, cs...)
	for range cs {
		lp.inBasis = append(lp.inBasis, false)
	}
}

func (lp *coverLP) costOf(v int) float64 {
	switch {
	case v >= 0:
		return lp.cols[v].cost
	case v >= -lp.m:
		return lp.bigM
	default:
		return 0
	}
}

// direction sets w = B^-1 a for variable v.
func (lp *coverLP) direction(v int, w []float64) {
	m := lp.m
	clear(w)
	switch {
	case v >= 0:
		c := &lp.cols[v]
		for k, r := range c.rows {
			val := c.vals[k]
			for i := range m {
				w[i] += lp.binv[i*m+int(r)] * val
			}
		}
	case v >= -m:
		r := -1 - v
		for i := range m {
			w[i] = lp.binv[i*m+r]
		}
	default:
		r := lp.surplusRow(v)
		for i := range m {
			w[i] = -lp.binv[i*m+r]
		}
	}
}

// surplusRow is the row of surplus variable v; surplusVar the variable
// of row i's surplus.
func (lp *coverLP) surplusRow(v int) int { return -1 - lp.m - v }
func (lp *coverLP) surplusVar(i int) int { return -1 - lp.m - i }

// duals returns u = c_B B^-1.
func (lp *coverLP) duals(u []float64) {
	m := lp.m
	clear(u)
	for r := range m {
		c := lp.costOf(lp.basic[r])
		if c == 0 {
			continue
		}
		row := lp.binv[r*m : (r+1)*m]
		for j, v := range row {
			u[j] += c * v
		}
	}
}

// refactor computes the basis inverse and the basic values afresh.
func (lp *coverLP) refactor() error {
	m := lp.m
	B := mat.NewDense(m, m, nil)
	for r, v := range lp.basic {
		switch {
		case v >= 0:
			c := &lp.cols[v]
			for k, i := range c.rows {
				B.Set(int(i), r, c.vals[k])
			}
		case v >= -m:
			B.Set(-1-v, r, 1)
		default:
			B.Set(lp.surplusRow(v), r, -1)
		}
	}
	var inv mat.Dense
	if err := inv.Inverse(B); err != nil {
		return fmt.Errorf("roster: the basis became singular: %w", err)
	}
	for i := range m {
		for j := range m {
			lp.binv[i*m+j] = inv.At(i, j)
		}
	}
	for i := range m {
		s := 0.0
		row := lp.binv[i*m : (i+1)*m]
		for j, v := range row {
			s += v * lp.need[j]
		}
		lp.xb[i] = math.Max(0, s)
	}
	lp.sinceRefactor = 0
	return nil
}

// solve runs the simplex method to optimality over the columns it has,
// with at most maxPivots pivots in all (counted over calls).
func (lp *coverLP) solve(ctx context.Context, maxPivots int) error {
	m := lp.m
	u := make([]float64, m)
	w := make([]float64, m)
	degenerate := 0
	dualsKnown := false
	for {
		if lp.pivots >= maxPivots {
			return errPivots
		}
		if lp.pivots%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if lp.sinceRefactor >= refactorEvery {
			if err := lp.refactor(); err != nil {
				return err
			}
		}
		if lp.sinceRefactor == 0 || !dualsKnown {
			lp.duals(u)
			dualsKnown = true
		}
		bland := degenerate >= blandAfter
		// Entering variable: the most negative reduced cost (Dantzig), or
		// the first negative one in a fixed order of the variables
		// (Bland): columns, then surplus variables.
		enter, best := 0, -costTol
		found := false
		for j := range lp.cols {
			if lp.inBasis[j] {
				continue
			}
			c := &lp.cols[j]
			d := c.cost
			for k, r := range c.rows {
				d -= u[r] * c.vals[k]
			}
			if d < best {
				enter, best, found = j, d, true
				if bland {
					break
				}
			}
		}
		if !found || !bland {
			for i := range m {
				if lp.surplusIn[i] {
					continue
				}
				v := lp.surplusVar(i)
				// Surplus of row i: column -e_i, cost 0.
				if d := u[i]; d < best {
					enter, best, found = v, d, true
					if bland {
						break
					}
				}
			}
		}
		if !found {
			return nil
		}
		lp.direction(enter, w)
		// Ratio test.
		leave, theta := -1, math.Inf(1)
		for i := range m {
			if w[i] <= pivotTol {
				continue
			}
			t := lp.xb[i] / w[i]
			switch {
			case leave < 0 || t < theta-1e-12:
				leave, theta = i, t
			case t <= theta+1e-12:
				if bland {
					if lp.order(lp.basic[i]) < lp.order(lp.basic[leave]) {
						leave, theta = i, math.Min(t, theta)
					}
				} else if w[i] > w[leave] {
					leave, theta = i, math.Min(t, theta)
				}
			}
		}
		if leave < 0 {
			return errors.New("roster: the linear program is unbounded (a column with no cost?)")
		}
		if theta <= 1e-12 {
			degenerate++
		} else {
			degenerate = 0
		}
		lp.pivot(enter, leave, theta, w)
		// The duals move along the pivot row of the new inverse by the
		// entering variable's reduced cost.
		row := lp.binv[leave*m : (leave+1)*m]
		for j, v := range row {
			u[j] += best * v
		}
	}
}

// order ranks variables for Bland's rule: columns, surplus variables,
// artificial variables.
func (lp *coverLP) order(v int) int {
	switch {
	case v >= 0:
		return v
	case v < -lp.m:
		return len(lp.cols) + lp.surplusRow(v)
	default:
		return len(lp.cols) + lp.m + (-1 - v)
	}
}

func (lp *coverLP) pivot(enter, leave int, theta float64, w []float64) {
	m := lp.m
	for i := range m {
		lp.xb[i] = math.Max(0, lp.xb[i]-theta*w[i])
	}
	lp.xb[leave] = theta
	pr := lp.binv[leave*m : (leave+1)*m]
	inv := 1 / w[leave]
	for j := range pr {
		pr[j] *= inv
	}
	for i := range m {
		if i == leave || w[i] == 0 {
			continue
		}
		row := lp.binv[i*m : (i+1)*m]
		f := w[i]
		for j, v := range pr {
			row[j] -= f * v
		}
	}
	lp.mark(lp.basic[leave], false)
	lp.basic[leave] = enter
	lp.mark(enter, true)
	lp.pivots++
	lp.sinceRefactor++
}

func (lp *coverLP) mark(v int, in bool) {
	switch {
	case v >= 0:
		lp.inBasis[v] = in
	case v < -lp.m:
		lp.surplusIn[lp.surplusRow(v)] = in
	}
}

// values returns the columns' values and the objective; uncovered lists
// the rows whose artificial column is still in use.
func (lp *coverLP) values() (y []float64, obj float64, uncovered []int) {
	y = make([]float64, len(lp.cols))
	for r, v := range lp.basic {
		switch {
		case v >= 0:
			y[v] = lp.xb[r]
			obj += lp.xb[r] * lp.cols[v].cost
		case v >= -lp.m:
			if lp.xb[r] > 1e-7 {
				uncovered = append(uncovered, -1-v)
			}
		}
	}
	return y, obj, uncovered
}
