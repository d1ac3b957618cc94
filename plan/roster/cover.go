package roster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

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
	rowOf := make([]int, c.h.n)
	var need []float64
	var rows []int
	for i, v := range needAll {
		rowOf[i] = -1
		if v > 1e-9 {
			rowOf[i] = len(need)
			need = append(need, v)
			rows = append(rows, i)
		}
	}
	rel := &relaxation{}
	if len(need) == 0 {
		return rel, nil
	}
	maxCost := 0.0
	for t := range c.templates {
		maxCost = math.Max(maxCost, c.cost(t))
	}
	lp := newCoverLP(need, maxCost)
	seen := map[string]bool{}
	// Start from the shifts given, and from every shift with its breaks
	// placed for the need itself.
	pf := newPrefix(c.h, needAll)
	var first []column
	take := func(s candidate) {
		if seen[s.key()] {
			return
		}
		seen[s.key()] = true
		rel.cands = append(rel.cands, s)
		first = append(first, c.column(s, rowOf))
	}
	for _, s := range pool {
		take(s)
	}
	for _, s := range c.starts {
		at, _, ok := c.place(s, pf)
		if !ok {
			continue
		}
		s.at = at
		take(s)
	}
	lp.add(first...)
	maxPivots := pivotsPerRowCols * (len(need) + len(c.starts)) * 4
	u := make([]float64, len(need))
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
		for r, i := range rows {
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
			if seen[s.key()] {
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
			seen[f.cand.key()] = true
			rel.cands = append(rel.cands, f.cand)
			add = append(add, c.column(f.cand, rowOf))
		}
		lp.add(add...)
	}
	y, obj, un := lp.values()
	rel.y, rel.cost = y, obj
	for _, r := range un {
		rel.uncovered = append(rel.uncovered, rows[r])
	}
	return rel, nil
}
