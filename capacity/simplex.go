package capacity

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// The hiring relaxation is a linear program in standard form,
//
//	minimise c·x  subject to  A x = b,  x >= 0,
//
// for which the caller already knows a feasible basis (hours short or
// surplus in each week's row, a slack in each bound row). It is solved
// here by the revised simplex method with a dense basis inverse.
//
// gonum's lp.Simplex solved it before, but it has no bound on its pivots
// and cycles forever on degenerate programs: FuzzHiring found one
// (testdata/fuzz/FuzzHiring/c8941951eb3e291f), where many weeks' rows are
// met exactly and every pivot has a step of zero. This solver prices with
// Dantzig's rule (the most negative reduced cost), which is fast, but
// after a run of degenerate pivots switches to Bland's rule (the entering
// and the leaving variable of smallest index), which cannot cycle; it goes
// back to Dantzig's after the first pivot that moves. The objective never
// rises and falls with every pivot that moves, and no run of pivots at
// one objective value can go on forever, so the method ends. Rounding can
// still spoil that argument, and so can the ratio test passing over tiny
// pivots for stability (a second fuzz input, with a tiny ramp-up, made
// the basis singular without that), so the pivots are bounded too: past
// the bound the solver returns an error instead of running on.
//
// Programs with a tiny ramp-up have hire columns so nearly dependent that
// some bases are singular in floating point. When a refactored basis is
// (condition number above 1e16), the solver goes back to the last basis
// that factored well and from then on factors each new basis and undoes a
// pivot that fails, trying another entering column; it ends when no
// improving pivot leads to a basis that factors.

// Limits and tolerances of the standard-form solver.
const (
	// lpRefactorEvery is how many pivots the basis inverse is updated in
	// place before it is computed afresh from the basis's columns, which
	// keeps rounding from building up.
	lpRefactorEvery = 50
	// lpBlandAfter is how many degenerate pivots in a row switch pricing
	// to Bland's rule.
	lpBlandAfter = 10
	// lpPivotTol, times the entering column's largest entry (or 1 if
	// less), is the smallest entry the ratio test pivots on: smaller ones
	// may be rounding noise where the true entry is zero, and pivoting on
	// them makes the basis (nearly) singular.
	lpPivotTol = 1e-9
	// lpCostTol, times the largest cost, is how negative a reduced cost
	// must be to count as an improvement; rounding noise is below it.
	lpCostTol = 1e-11
	// lpStableShare is the least share of the largest entry among the
	// rows tied in the ratio test that a pivot may have.
	lpStableShare = 1e-3
	// lpStepTol is the largest step of a pivot that counts as degenerate.
	lpStepTol = 1e-12
	// lpFeasTol, times the largest |b|, is how far below zero an initial
	// basic value may be and still count as feasible.
	lpFeasTol = 1e-9
)

// lpMaxPivots bounds the pivots on a program of m rows and n columns.
// The simplex method typically takes a small multiple of m pivots; the
// bound is far above that, so that it stops only a runaway.
func lpMaxPivots(m, n int) int { return 1000 + 50*(m+n) }

var (
	errLPUnbounded  = errors.New("the linear program is unbounded")
	errLPInfeasible = errors.New("the initial basis is not feasible")
	errLPPivots     = errors.New("the linear program did not finish within its bound on pivots")
)

// simplex minimises c·x subject to A x = b and x >= 0, starting from the
// feasible basis basic (one column index per row of A). It returns the
// optimum and an optimal x, or an error when the basis is not feasible or
// singular, the program is unbounded, or the pivots exceed their bound.
func simplex(c []float64, A *mat.Dense, b []float64, basic []int) (opt float64, x []float64, err error) {
	s, err := newStandardLP(c, A, b, basic)
	if err != nil {
		return 0, nil, err
	}
	if err := s.solve(); err != nil {
		return 0, nil, err
	}
	x = make([]float64, s.n)
	for r, j := range s.basic {
		x[j] = s.xb[r]
	}
	return floats.Dot(c, x), x, nil
}

// newStandardLP checks the program and its initial basis, and computes
// the basis's inverse and values.
func newStandardLP(c []float64, A *mat.Dense, b []float64, basic []int) (*standardLP, error) {
	m, n := A.Dims()
	if m == 0 || n == 0 || len(c) != n || len(b) != m || len(basic) != m {
		return nil, fmt.Errorf("simplex: %d costs, %d right-hand sides and %d basic columns for a %d×%d matrix", len(c), len(b), len(basic), m, n)
	}
	s := &standardLP{A: A, b: b, c: c, m: m, n: n, blandAfter: lpBlandAfter, maxPivots: lpMaxPivots(m, n),
		basic: append([]int(nil), basic...), isBasic: make([]bool, n),
		binv: mat.NewDense(m, m, nil), xb: make([]float64, m)}
	for _, j := range s.basic {
		if j < 0 || j >= n || s.isBasic[j] {
			return nil, fmt.Errorf("simplex: basic column %d out of range or repeated", j)
		}
		s.isBasic[j] = true
	}
	if err := s.refactor(); err != nil {
		return nil, err
	}
	feasTol := lpFeasTol * math.Max(1, floats.Norm(b, math.Inf(1)))
	for _, v := range s.xb {
		if v < -feasTol {
			return nil, errLPInfeasible
		}
	}
	s.clampBasic()
	return s, nil
}

// standardLP is the solver's state: the program, the basis, its inverse
// and the values of the basic variables.
type standardLP struct {
	A    *mat.Dense
	b, c []float64
	m, n int
	// blandAfter is how many degenerate pivots in a row switch pricing
	// to Bland's rule (lpBlandAfter), maxPivots the bound on pivots
	// (lpMaxPivots); tests change them.
	blandAfter, maxPivots int

	basic   []int  // basic[r] is the column in basis position r
	isBasic []bool // by column
	binv    *mat.Dense
	xb      []float64 // basic values, by basis position

	pivots, sinceRefactor int
}

// refactor computes the basis inverse and the basic values afresh. A
// basis that is singular or so ill-conditioned that its inverse means
// little (condition number above 1e16, mat.ConditionTolerance) is an
// error.
func (s *standardLP) refactor() error {
	B := mat.NewDense(s.m, s.m, nil)
	col := make([]float64, s.m)
	for r, j := range s.basic {
		mat.Col(col, j, s.A)
		B.SetCol(r, col)
	}
	if err := s.binv.Inverse(B); err != nil {
		return fmt.Errorf("simplex: the basis is singular: %w", err)
	}
	mat.NewVecDense(s.m, s.xb).MulVec(s.binv, mat.NewVecDense(s.m, s.b))
	s.sinceRefactor = 0
	return nil
}

// solve pivots from a feasible basis to an optimal one.
func (s *standardLP) solve() error {
	m, n := s.m, s.n
	costTol := lpCostTol * math.Max(1, floats.Norm(s.c, math.Inf(1)))
	stepTol := lpStepTol * math.Max(1, floats.Norm(s.b, math.Inf(1)))
	cB := make([]float64, m)
	y := make([]float64, m)      // duals: c_B B⁻¹
	priced := make([]float64, n) // Aᵀ y
	col := make([]float64, m)
	w := make([]float64, m) // B⁻¹ times the entering column
	cBv, yv, pricedv := mat.NewVecDense(m, cB), mat.NewVecDense(m, y), mat.NewVecDense(n, priced)
	colv, wv := mat.NewVecDense(m, col), mat.NewVecDense(m, w)
	degenerate := 0
	// lastGood is the last basis that factored well. When a basis fails to
	// (rounding made it singular), the solver goes back to lastGood and
	// from then on is careful: it factors every new basis afresh and
	// undoes a pivot whose basis fails, trying another entering column.
	lastGood := slices.Clone(s.basic)
	careful := false
	rejected := make([]bool, n)
	refresh := func() error {
		if err := s.refactor(); err != nil {
			careful = true
			return s.restore(lastGood)
		}
		s.clampBasic()
		lastGood = append(lastGood[:0], s.basic...)
		clear(rejected)
		return nil
	}
	for {
		if s.sinceRefactor >= lpRefactorEvery {
			if err := refresh(); err != nil {
				return err
			}
		}
		for r, j := range s.basic {
			cB[r] = s.c[j]
		}
		yv.MulVec(s.binv.T(), cBv)
		pricedv.MulVec(s.A.T(), yv)
		// Entering column: the most negative reduced cost (Dantzig), or
		// after a run of degenerate pivots the first negative one
		// (Bland).
		bland := degenerate >= s.blandAfter
		enter, best := -1, -costTol
		for j := range n {
			if s.isBasic[j] || rejected[j] {
				continue
			}
			if d := s.c[j] - priced[j]; d < best {
				enter, best = j, d
				if bland {
					break
				}
			}
		}
		if enter < 0 {
			if s.sinceRefactor == 0 {
				return nil
			}
			// Confirm optimality on a fresh inverse, free of the
			// updates' rounding.
			if err := refresh(); err != nil {
				return err
			}
			continue
		}
		if s.pivots >= s.maxPivots {
			return errLPPivots
		}
		mat.Col(col, enter, s.A)
		wv.MulVec(s.binv, colv)
		leave, theta := s.ratioTest(w, bland)
		if leave < 0 {
			return errLPUnbounded
		}
		if theta <= stepTol {
			degenerate++
		} else {
			degenerate = 0
		}
		before := slices.Clone(s.basic)
		s.pivot(enter, leave, theta, w)
		if careful {
			if err := s.refactor(); err != nil {
				// The pivots bound these tries too.
				if err := s.restore(before); err != nil {
					return err
				}
				rejected[enter] = true
				continue
			}
			s.clampBasic()
			lastGood = append(lastGood[:0], s.basic...)
			clear(rejected)
		}
	}
}

// ratioTest returns the basis position that leaves when the entering
// column's direction is w, and the step: the least ratio of basic value
// to a positive entry of w. Among rows tied at the least ratio (within
// rounding), those whose entry is below lpStableShare of the largest tied
// entry are passed over, as pivoting on them blows up the inverse; of the
// rest, Dantzig's rule takes the largest entry, the stablest pivot, and
// Bland's rule the smallest column index. It returns -1 when no entry of
// w is positive: the step is unlimited.
func (s *standardLP) ratioTest(w []float64, bland bool) (leave int, theta float64) {
	pivotTol := lpPivotTol * math.Max(1, floats.Norm(w, math.Inf(1)))
	theta = math.Inf(1)
	for i, wi := range w {
		if wi > pivotTol {
			theta = math.Min(theta, s.xb[i]/wi)
		}
	}
	if math.IsInf(theta, 1) {
		return -1, theta
	}
	tie := lpStepTol * (1 + theta)
	tied := func(i int) bool { return w[i] > pivotTol && s.xb[i]/w[i] <= theta+tie }
	largest := 0.0
	for i, wi := range w {
		if tied(i) {
			largest = math.Max(largest, wi)
		}
	}
	leave = -1
	for i, wi := range w {
		if !tied(i) || wi < lpStableShare*largest {
			continue
		}
		if leave < 0 || (bland && s.basic[i] < s.basic[leave]) || (!bland && wi > w[leave]) {
			leave = i
		}
	}
	return leave, math.Max(0, s.xb[leave]/w[leave])
}

// pivot brings column enter into basis position leave, moving the basic
// values by theta along w and updating the inverse: row leave is divided
// by w[leave] and every other row i loses w[i] times it, a rank-one update
// B⁻¹ -= (w - e_leave) (row leave of B⁻¹) / w[leave].
func (s *standardLP) pivot(enter, leave int, theta float64, w []float64) {
	for i, wi := range w {
		s.xb[i] -= theta * wi
	}
	s.xb[leave] = theta
	s.clampBasic()
	row := mat.Row(nil, leave, s.binv)
	u := append([]float64(nil), w...)
	u[leave]--
	s.binv.RankOne(s.binv, -1/w[leave], mat.NewVecDense(s.m, u), mat.NewVecDense(s.m, row))
	s.isBasic[s.basic[leave]] = false
	s.basic[leave] = enter
	s.isBasic[enter] = true
	s.pivots++
	s.sinceRefactor++
}

// restore makes basis the basis again; it factored before.
func (s *standardLP) restore(basis []int) error {
	for _, j := range s.basic {
		s.isBasic[j] = false
	}
	copy(s.basic, basis)
	for _, j := range s.basic {
		s.isBasic[j] = true
	}
	if err := s.refactor(); err != nil {
		return err
	}
	s.clampBasic()
	return nil
}

// clampBasic sets to zero the basic values that rounding took below it.
func (s *standardLP) clampBasic() {
	for i, v := range s.xb {
		s.xb[i] = math.Max(0, v)
	}
}
