package roster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/floats"

	"github.com/ccsim/ccsim/sim"
)

// horizon is the clock a roster lives on: Days whole days of intervals,
// repeating, so that a shift past the last midnight covers the start of
// the first day (the day or week repeats, as a scenario's staffing does).
type horizon struct {
	L    float64 // interval length, seconds
	n    int     // intervals
	days int
}

func (h horizon) length() float64 { return float64(h.n) * h.L }

// addCover adds agents over [from, to) (seconds, any real numbers within
// one horizon of each other) to cover, in proportion to the part of each
// interval covered, wrapping at the horizon's end.
func (h horizon) addCover(cover []float64, from, to, agents float64) {
	H := h.length()
	length := to - from
	from = math.Mod(from, H)
	if from < 0 {
		from += H
	}
	for length > 1e-9 {
		end := math.Min(from+length, H)
		for i := int(from / h.L); i < h.n && float64(i)*h.L < end; i++ {
			if lo, hi := math.Max(from, float64(i)*h.L), math.Min(end, float64(i+1)*h.L); hi > lo {
				cover[i] += agents * (hi - lo) / h.L
			}
		}
		length -= end - from
		from = 0
	}
}

// prefix holds the running sum of a weight per interval, to weigh any
// span of the horizon in constant time.
type prefix struct {
	h horizon
	p []float64 // p[k]: the weights of intervals before k
	w []float64
}

func newPrefix(h horizon, w []float64) prefix {
	p := make([]float64, h.n+1)
	for i, v := range w {
		p[i+1] = p[i] + v
	}
	return prefix{h: h, p: p, w: w}
}

// at is the weight of [0, x), x in [0, H].
func (pf prefix) at(x float64) float64 {
	i := min(int(x/pf.h.L), pf.h.n)
	if i == pf.h.n {
		return pf.p[i]
	}
	return pf.p[i] + pf.w[i]*(x-float64(i)*pf.h.L)/pf.h.L
}

// span is the weight of [from, from+length), length at most H, each
// interval weighed by the part of it covered.
func (pf prefix) span(from, length float64) float64 {
	H := pf.h.length()
	from = math.Mod(from, H)
	if from < 0 {
		from += H
	}
	to := from + length
	if to <= H {
		return pf.at(to) - pf.at(from)
	}
	return pf.at(H) - pf.at(from) + pf.at(to-H)
}

// candidate is a shift the roster may use: a template from a start on a
// day of the horizon, its breaks placed.
type candidate struct {
	day, tmpl int
	start     float64   // seconds after the day's midnight
	at        []float64 // break offsets from the start
}

func (c candidate) key() string { return fmt.Sprint(c.day, c.tmpl, c.start, c.at) }

// origin is the candidate's start in seconds from the horizon's start.
func (c candidate) origin() float64 { return float64(c.day)*86400 + c.start }

// coverer is one group's covering problem.
type coverer struct {
	h         horizon
	need      []float64
	templates []*sim.ShiftTemplate
	// cost per paid second of each template (the cheapest contract that
	// works it), and its paid length.
	rate, paid []float64
	offsets    [][][]float64 // per template, per break rule: the offsets allowed
	starts     []candidate   // every (day, template, start), breaks unplaced
}

func newCoverer(h horizon, need []float64, templates []*sim.ShiftTemplate, rate []float64) *coverer {
	c := &coverer{h: h, need: need, templates: templates, rate: rate}
	for ti, t := range templates {
		c.paid = append(c.paid, t.PaidLength())
		var offs [][]float64
		for _, b := range t.Breaks {
			offs = append(offs, b.Offsets())
		}
		c.offsets = append(c.offsets, offs)
		for d := range h.days {
			for _, s := range t.Starts {
				c.starts = append(c.starts, candidate{day: d, tmpl: ti, start: s})
			}
		}
	}
	return c
}

// cost is what one agent on the candidate's template costs.
func (c *coverer) cost(tmpl int) float64 { return c.paid[tmpl] * c.rate[tmpl] }

// place chooses the candidate's break offsets that keep the most weight
// on duty: each break goes where the weight it takes off duty is least,
// in order and without overlap (a dynamic program over the breaks). It
// returns the offsets and the weight on duty. ok is false when the
// breaks cannot be placed in order at all.
func (c *coverer) place(cand candidate, pf prefix) (at []float64, value float64, ok bool) {
	t := c.templates[cand.tmpl]
	t0 := cand.origin()
	value = pf.span(t0, t.Length)
	R := len(t.Breaks)
	if R == 0 {
		return nil, value, true
	}
	type cell struct {
		cost float64
		prev int
	}
	dp := make([][]cell, R)
	for r, b := range t.Breaks {
		offs := c.offsets[cand.tmpl][r]
		dp[r] = make([]cell, len(offs))
		for k, o := range offs {
			lose := pf.span(t0+o, b.Length)
			if r == 0 {
				dp[r][k] = cell{lose, -1}
				continue
			}
			best, arg := math.Inf(1), -1
			prev := t.Breaks[r-1]
			for j, po := range c.offsets[cand.tmpl][r-1] {
				if po+prev.Length <= o+1e-9 && dp[r-1][j].cost < best {
					best, arg = dp[r-1][j].cost, j
				}
			}
			dp[r][k] = cell{lose + best, arg}
		}
	}
	last := R - 1
	best, arg := math.Inf(1), -1
	for k, cl := range dp[last] {
		if cl.cost < best {
			best, arg = cl.cost, k
		}
	}
	if arg < 0 || math.IsInf(best, 1) {
		return nil, 0, false
	}
	at = make([]float64, R)
	for r := last; r >= 0; r-- {
		at[r] = c.offsets[cand.tmpl][r][arg]
		arg = dp[r][arg].prev
	}
	return at, value - best, true
}

// coverOf is the candidate's cover per interval of the horizon.
func (c *coverer) coverOf(cand candidate, cover []float64, agents float64) {
	t := c.templates[cand.tmpl]
	t0 := cand.origin()
	c.h.addCover(cover, t0, t0+t.Length, agents)
	for r, b := range t.Breaks {
		c.h.addCover(cover, t0+cand.at[r], t0+cand.at[r]+b.Length, -agents)
	}
}

// column turns a candidate into a column of the program over the rows
// (intervals with a need).
func (c *coverer) column(cand candidate, rowOf []int) column {
	cover := make([]float64, c.h.n)
	c.coverOf(cand, cover, 1)
	col := column{cost: c.cost(cand.tmpl)}
	for i, v := range cover {
		if v > 1e-12 && rowOf[i] >= 0 {
			col.rows = append(col.rows, int32(rowOf[i]))
			col.vals = append(col.vals, v)
		}
	}
	return col
}

// relaxation is the covering program's optimum over every shift the
// templates allow, found by column generation.
type relaxation struct {
	cands []candidate
	y     []float64
	cost  float64 // the optimum: a lower bound on any roster's cost
	// uncovered are intervals with a need that no shift covers.
	uncovered []int
	// master is the program solved, kept so that a smaller need can be
	// solved again from its basis (see resolve).
	master *master
}

// master is the restricted master program of the column generation: the
// covering program over the shifts found so far, on the intervals that
// had a need when it was built.
type master struct {
	lp    *coverLP
	need  []float64 // each row's need, unperturbed
	rows  []int     // the horizon's interval of each row
	rowOf []int     // each interval's row, or -1
	cands []candidate
	seen  map[string]bool
}

// Bounds of the column generation.
const (
	maxRounds        = 200
	columnsPerRound  = 400
	pivotsPerRowCols = 50
)

// relax solves the covering program's linear relaxation: the master
// program over the shifts found so far, then pricing every (day,
// template, start) with its breaks placed by the dual weights, until no
// shift prices below its cost. With every template's breaks fixed, the
// first round is the whole program.
func (c *coverer) relax(ctx context.Context, needAll []float64, pool []candidate) (*relaxation, error) {
	ms := &master{rowOf: make([]int, c.h.n), seen: map[string]bool{}}
	var need []float64
	for i, v := range needAll {
		ms.rowOf[i] = -1
		if v > 1e-9 {
			ms.rowOf[i] = len(need)
			need = append(need, v)
			ms.rows = append(ms.rows, i)
		}
	}
	if len(need) == 0 {
		return &relaxation{}, nil
	}
	maxCost := 0.0
	for t := range c.templates {
		maxCost = math.Max(maxCost, c.cost(t))
	}
	ms.need = need
	ms.lp = newCoverLP(perturb(need), maxCost)
	// Start from the shifts given, and from every shift with its breaks
	// placed for the need itself.
	pf := newPrefix(c.h, needAll)
	var first []column
	for _, s := range pool {
		first = c.offer(ms, s, first)
	}
	for _, s := range c.starts {
		at, _, ok := c.place(s, pf)
		if !ok {
			continue
		}
		s.at = at
		first = c.offer(ms, s, first)
	}
	ms.lp.add(first...)
	return c.generate(ctx, ms)
}

// offer adds a shift to the master's columns unless it has it.
func (c *coverer) offer(ms *master, s candidate, cols []column) []column {
	if ms.seen[s.key()] {
		return cols
	}
	ms.seen[s.key()] = true
	ms.cands = append(ms.cands, s)
	return append(cols, c.column(s, ms.rowOf))
}

// perturb raises each row's need by a different small amount. A covering
// program is highly degenerate (many bases with the same values): without
// it the simplex method makes long runs of pivots that change nothing,
// and the roster's solve spends most of its time in them. The amounts,
// below 2e-5 agents, are fixed by the row, so that the result does not
// vary from run to run.
func perturb(need []float64) []float64 {
	out := make([]float64, len(need))
	for r, v := range need {
		out[r] = v + 1e-5*(1+float64(uint32(r)*2654435761%1024)/1024)
	}
	return out
}

// resolve solves the program again for a need no larger than the one the
// relaxation was built for, on any interval (a dive's remaining need):
// the old basis stays optimal in its costs, so the dual simplex method
// restores feasibility in a few pivots where solving afresh would take
// thousands, and column generation goes on from there. Should the warm
// start fail, the program is solved afresh from the master's shifts.
func (c *coverer) resolve(ctx context.Context, rel *relaxation, needAll []float64) (*relaxation, error) {
	ms := rel.master
	// When most of a large master's rows need nothing more (after a
	// dive's first step, which keeps the whole agents), the program of
	// the rows left is much smaller, and solving it afresh is cheaper
	// than moving the large one's basis.
	rows := 0
	for _, v := range needAll {
		if v > 1e-9 {
			rows++
		}
	}
	if ms == nil || len(ms.rows) > diveBatchRows && 2*rows < len(ms.rows) {
		return c.relax(ctx, needAll, usedShifts(rel))
	}
	need := make([]float64, len(ms.rows))
	for r, i := range ms.rows {
		need[r] = needAll[i]
	}
	ms.need = need
	err := ms.lp.resolve(ctx, perturb(need), len(ms.rows)+len(ms.lp.cols))
	var warm *relaxation
	if err == nil {
		warm, err = c.generate(ctx, ms)
	}
	if errors.Is(err, errPivots) || errors.Is(err, errSingular) {
		return c.relax(ctx, needAll, usedShifts(rel))
	}
	return warm, err
}

// usedShifts are the shifts a relaxation's optimum uses, from which the
// next program starts.
func usedShifts(rel *relaxation) []candidate {
	var pool []candidate
	for j, v := range rel.y {
		if v > 1e-9 {
			pool = append(pool, rel.cands[j])
		}
	}
	return pool
}

// generate runs the column generation on the master from its current
// basis and returns the optimum.
func (c *coverer) generate(ctx context.Context, ms *master) (*relaxation, error) {
	lp := ms.lp
	maxPivots := lp.pivots + pivotsPerRowCols*(len(ms.rows)+len(c.starts))*4
	u := make([]float64, len(ms.rows))
	w := make([]float64, c.h.n)
	for round := 0; ; round++ {
		if err := lp.solve(ctx, maxPivots); err != nil {
			return nil, err
		}
		if round >= maxRounds {
			break
		}
		lp.duals(u)
		clear(w)
		for r, i := range ms.rows {
			w[i] = u[r]
		}
		pf := newPrefix(c.h, w)
		type priced struct {
			cand candidate
			rc   float64
		}
		var found []priced
		for _, s := range c.starts {
			at, value, ok := c.place(s, pf)
			if !ok {
				continue
			}
			rc := c.cost(s.tmpl) - value
			if rc >= -1e-7*math.Max(1, c.cost(s.tmpl)) {
				continue
			}
			s.at = at
			if ms.seen[s.key()] {
				continue
			}
			found = append(found, priced{s, rc})
		}
		if len(found) == 0 {
			break
		}
		slices.SortStableFunc(found, func(a, b priced) int { return cmp.Compare(a.rc, b.rc) })
		var add []column
		for _, f := range found[:min(len(found), columnsPerRound)] {
			add = c.offer(ms, f.cand, add)
		}
		lp.add(add...)
	}
	y, _, un := lp.values()
	// The optimum's duals price no shift below its cost, so by weak
	// duality their value at the unperturbed need bounds any cover's cost
	// from below.
	lp.duals(u)
	bound := floats.Dot(u, ms.need)
	rel := &relaxation{cands: slices.Clone(ms.cands), y: y, cost: bound, master: ms}
	for _, r := range un {
		rel.uncovered = append(rel.uncovered, ms.rows[r])
	}
	return rel, nil
}
