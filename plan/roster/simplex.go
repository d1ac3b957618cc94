package roster

import (
	"context"
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/lapack/lapack64"
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
	inBasis, surplusIn, artIn []bool

	pivots, sinceRefactor int
	// every is how many pivots the inverse is updated before it is
	// computed afresh (see refactor); zero until the first.
	every int
}

// interval is how many pivots the inverse goes on being updated.
func (lp *coverLP) interval() int {
	if lp.every == 0 {
		return max(refactorEvery, lp.m)
	}
	return lp.every
}

// Limits of the solver.
const (
	// refactorEvery is how many pivots the basis inverse is first
	// updated in place before it is computed afresh, which keeps
	// rounding from building up; a program of more rows waits as many
	// pivots as it has rows, since a fresh inverse costs the cube of
	// them and a pivot the square, and refactor lengthens the wait
	// while the updates stay true.
	refactorEvery = 64
	// blandAfter is how many degenerate pivots in a row switch the
	// entering rule to Bland's, which cannot cycle.
	blandAfter = 20
	// pivotTol is the smallest pivot element the ratio test accepts.
	pivotTol = 1e-7
	// dualPivotTol is the smallest pivot element the dual method's
	// ratio test accepts: larger than the primal's, since it chooses
	// among many columns whose entries in the row may be zero but for
	// rounding.
	dualPivotTol = 1e-7
	// dualCostTol is, as a share of the costliest column, how far the
	// dual method's ratio test relaxes the reduced costs to choose a
	// larger pivot.
	dualCostTol = 1e-9
	// costTol is how negative a reduced cost must be to improve.
	costTol = 1e-9
)

// errPivots is returned when the solver reaches its bound on pivots.
var errPivots = errors.New("roster: the linear program did not finish within its bound on pivots")

// errSingular is returned when the basis cannot be inverted, or the dual
// simplex method finds no pivot (which rounding alone can cause).
var errSingular = errors.New("roster: the basis became singular")

func newCoverLP(need []float64, maxCost float64) *coverLP {
	m := len(need)
	lp := &coverLP{m: m, need: need, bigM: 1e4 * math.Max(1, maxCost)}
	lp.basic = make([]int, m)
	lp.binv = make([]float64, m*m)
	lp.xb = make([]float64, m)
	lp.surplusIn = make([]bool, m)
	lp.artIn = slices.Repeat([]bool{true}, m)
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
	B := lp.binv
	clear(B)
	for r, v := range lp.basic {
		switch {
		case v >= 0:
			c := &lp.cols[v]
			for k, i := range c.rows {
				B[int(i)*m+r] = c.vals[k]
			}
		case v >= -m:
			B[(-1-v)*m+r] = 1
		default:
			B[lp.surplusRow(v)*m+r] = -1
		}
	}
	// An LU factorisation inverted in place: no condition estimate, which
	// costs a third of the time and which a singular basis does not need
	// (Getrf reports an exact zero pivot; covering bases of shift columns
	// are far from singular otherwise).
	g := blas64.General{Rows: m, Cols: m, Stride: m, Data: B}
	ipiv := make([]int, m)
	if !lapack64.Getrf(g, ipiv) {
		return errSingular
	}
	work := make([]float64, 4*m)
	if !lapack64.Getri(g, ipiv, work, len(work)) {
		return errSingular
	}
	drift, scale := 0.0, 1.0
	for i := range m {
		s := 0.0
		row := lp.binv[i*m : (i+1)*m]
		for j, v := range row {
			s += v * lp.need[j]
		}
		drift = math.Max(drift, math.Abs(s-lp.xb[i]))
		scale = math.Max(scale, math.Abs(s))
		lp.xb[i] = s
	}
	// A fresh inverse costs as much as the pivots of two intervals. In
	// a large program (a week of quarter-hours), where updating has kept
	// the basic values true to a part in 1e11, it may go on twice as long
	// (to 8 times the rows); where they drift past a part in 1e8, half as
	// long. A small one is refactored as often as ever: it costs little,
	// and its path, which the roster's dive follows, stays as it was.
	base := max(refactorEvery, m)
	switch {
	case lp.every == 0 || m <= diveBatchRows:
		lp.every = base
	case lp.sinceRefactor*2 >= lp.every && drift < 1e-11*scale:
		lp.every = min(2*lp.every, 8*base)
	case drift > 1e-8*scale:
		lp.every = max(refactorEvery, lp.every/2)
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
		if lp.sinceRefactor >= lp.interval() {
			if err := lp.refactor(); err != nil {
				return err
			}
			for i, v := range lp.xb {
				lp.xb[i] = math.Max(0, v)
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
		lp.pivot(enter, leave, theta, w, true)
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

// pivot brings variable enter into the basis at row leave, its value
// theta and w its direction; feasible keeps the basic values at zero or
// above (the primal method's rounding), which the dual method, moving
// through negative values, must not.
func (lp *coverLP) pivot(enter, leave int, theta float64, w []float64, feasible bool) {
	m := lp.m
	for i := range m {
		lp.xb[i] -= theta * w[i]
		if feasible {
			lp.xb[i] = math.Max(0, lp.xb[i])
		}
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
		// The update of the inverse is most of a pivot's time: gonum's
		// vector kernel does it several times faster than a plain loop.
		floats.AddScaled(lp.binv[i*m:(i+1)*m], -w[i], pr)
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
	default:
		lp.artIn[-1-v] = in
	}
}

// resolve changes the program's need and solves it again from the
// current basis by the dual simplex method: the basis stays dual feasible
// (the costs have not changed), and each pivot takes the most negative
// basic value out, bringing in the variable that keeps every reduced
// cost nonnegative. It stops at a feasible basis, which is then optimal
// over the columns the program has; maxPivots bounds its pivots.
func (lp *coverLP) resolve(ctx context.Context, need []float64, maxPivots int) error {
	m := lp.m
	lp.need = need
	for i := range m {
		s := 0.0
		for j, v := range lp.binv[i*m : (i+1)*m] {
			s += v * need[j]
		}
		lp.xb[i] = s
	}
	u := make([]float64, m)
	w := make([]float64, m)
	// Rounding leaves basic values a little below zero that are zero.
	tol := 1e-7 * math.Max(1, slices.Max(need))
	for it := 0; ; it++ {
		if it >= maxPivots {
			return errPivots
		}
		if it%64 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if lp.sinceRefactor >= lp.interval() {
			if err := lp.refactor(); err != nil {
				return err
			}
		}
		// The most negative basic value leaves.
		leave, worst := -1, -tol
		for i, v := range lp.xb {
			if v < worst {
				leave, worst = i, v
			}
		}
		if leave < 0 {
			for i, v := range lp.xb {
				lp.xb[i] = math.Max(0, v)
			}
			if lp.sinceRefactor > 0 {
				// The primal method goes on from a fresh inverse.
				if err := lp.refactor(); err != nil {
					return err
				}
				for i, v := range lp.xb {
					lp.xb[i] = math.Max(0, v)
				}
			}
			return nil
		}
		lp.duals(u)
		rho := lp.binv[leave*m : (leave+1)*m]
		// The entering variable: among those whose entry in the leaving
		// row is negative, the least reduced cost per unit of it, chosen
		// in two passes (Harris's ratio test): the least ratio with the
		// reduced costs relaxed by a tolerance bounds the step, and within
		// it the largest entry wins, since a small pivot spoils the
		// inverse.
		type cand struct {
			v        int
			alpha, d float64
		}
		var cands []cand
		bound := math.Inf(1)
		consider := func(v int, alpha, d float64) {
			if alpha >= -dualPivotTol {
				return
			}
			d = math.Max(0, d)
			cands = append(cands, cand{v, alpha, d})
			bound = math.Min(bound, (d+dualCostTol*lp.bigM/1e4)/-alpha) // bigM is 1e4 times the costliest column
		}
		for j := range lp.cols {
			if lp.inBasis[j] {
				continue
			}
			c := &lp.cols[j]
			alpha, d := 0.0, c.cost
			for k, r := range c.rows {
				alpha += rho[r] * c.vals[k]
				d -= u[r] * c.vals[k]
			}
			consider(j, alpha, d)
		}
		for i := range m {
			if !lp.surplusIn[i] {
				consider(lp.surplusVar(i), -rho[i], u[i])
			}
			if !lp.artIn[i] {
				consider(-1-i, rho[i], lp.bigM-u[i])
			}
		}
		enter, size, found := 0, 0.0, false
		for _, c := range cands {
			if t := c.d / -c.alpha; t <= bound && -c.alpha > size {
				enter, size, found = c.v, -c.alpha, true
			}
		}
		if !found {
			return errSingular
		}
		lp.direction(enter, w)
		if w[leave] >= -pivotTol {
			return errSingular
		}
		lp.pivot(enter, leave, lp.xb[leave]/w[leave], w, false)
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
