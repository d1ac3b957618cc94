package roster

import (
	"context"
	"errors"
	"math"
	"slices"
)

// branchWork bounds the search of branch: the simplex pivots of all its
// nodes (and one for the node itself), each weighed by the rows of its
// program squared plus its columns (what a pivot of the dense basis and
// its pricing cost), so that a week's program gets fewer nodes than a
// day's.
const branchWork = 2e7

// branch searches for a cheaper cover among the shifts of the final
// relaxation (cands) by depth-first branch and bound, started from the
// cover the dive found (cur). A node has shifts committed (whole agents
// on them) and shifts excluded; its bound is the committed cost plus the
// relaxation of what is left over the shifts not excluded. It branches
// on the shift whose agent count is nearest to the next whole one: one
// agent more on it, or none more. Costs are whole multiples of a unit
// (the paid lengths' common divisor times the rate, when one rate
// prices every template), so a node whose bound is within a unit of the
// best cover found cannot lead to a cheaper one. The search stops at its
// bound on work and returns the best cover found, which is never worse
// than cur.
func (c *coverer) branch(ctx context.Context, cands []candidate, cur []*chosen, get func(candidate) *chosen) ([]*chosen, error) {
	rows := 0
	for _, v := range c.need {
		if v > 1e-9 {
			rows++
		}
	}
	// A program so large that a few of its solutions exhaust the work
	// (a week of quarter-hours) is left as the dive made it.
	if m := float64(rows); 2*m*m*m > branchWork/4 {
		return cur, nil
	}
	best := c.total(cur)
	unit := c.costUnit()
	// What a cover must undercut by to count as cheaper.
	margin := math.Max(unit, 1e-9*math.Max(1, best)) - 1e-9*math.Max(1, best)

	covers := make([][]float64, len(cands))
	for j, cand := range cands {
		covers[j] = make([]float64, c.h.n)
		c.coverOf(cand, covers[j], 1)
	}
	maxCost := 0.0
	for t := range c.templates {
		maxCost = math.Max(maxCost, c.cost(t))
	}
	count := make([]int, len(cands))
	excluded := make([]bool, len(cands))
	cover := make([]float64, c.h.n)
	committed := 0.0
	var found []int // the best cover's counts, when one beats cur
	work := 0.0
	errWork := errors.New("work")

	var visit func() error
	visit = func() error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if work > branchWork {
			return errWork
		}
		if committed > best-margin {
			return nil
		}
		// The program for what is left.
		rowOf := make([]int, c.h.n)
		var need []float64
		for i := range c.h.n {
			rowOf[i] = -1
			if left := c.need[i] - cover[i]; left > 1e-9 {
				rowOf[i] = len(need)
				need = append(need, left)
			}
		}
		if len(need) == 0 {
			if committed <= best-margin {
				best = committed
				found = slices.Clone(count)
			}
			return nil
		}
		lp := newCoverLP(need, maxCost)
		var idx []int
		for j := range cands {
			if excluded[j] {
				continue
			}
			col := column{cost: c.cost(cands[j].tmpl)}
			for i, v := range covers[j] {
				if v > 1e-12 && rowOf[i] >= 0 {
					col.rows = append(col.rows, int32(rowOf[i]))
					col.vals = append(col.vals, v)
				}
			}
			if len(col.rows) > 0 {
				lp.add(col)
				idx = append(idx, j)
			}
		}
		m := float64(len(need))
		err := lp.solve(ctx, pivotsPerRowCols*(len(need)+len(idx))*4)
		work += float64(lp.pivots+1) * (m*m + float64(len(idx)))
		if errors.Is(err, errPivots) {
			return nil
		}
		if err != nil {
			return err
		}
		y, obj, un := lp.values()
		if len(un) > 0 || committed+obj > best-margin+1e-9*math.Max(1, best) {
			return nil
		}
		pick, pickFrac := -1, -1.0
		for k, v := range y {
			f := v - math.Floor(v+1e-6)
			if f > 1e-6 && f > pickFrac+1e-9 {
				pick, pickFrac = k, f
			}
		}
		if pick < 0 {
			// The relaxation is whole: it is this node's best cover.
			if committed+obj <= best-margin {
				best = committed + obj
				found = slices.Clone(count)
				for k, v := range y {
					found[idx[k]] += int(math.Round(v))
				}
			}
			return nil
		}
		j := idx[pick]
		cost := c.cost(cands[j].tmpl)
		// One agent more on the shift.
		count[j]++
		committed += cost
		for i, v := range covers[j] {
			cover[i] += v
		}
		err = visit()
		count[j]--
		committed -= cost
		for i, v := range covers[j] {
			cover[i] -= v
		}
		if err != nil {
			return err
		}
		// None more.
		excluded[j] = true
		err = visit()
		excluded[j] = false
		return err
	}
	err := visit()
	if err != nil && !errors.Is(err, errWork) {
		return nil, err
	}
	if found == nil {
		return cur, nil
	}
	var out []*chosen
	for _, ch := range cur {
		ch.count = 0
	}
	for j, n := range found {
		if n > 0 {
			ch := get(cands[j])
			ch.count += n
			if !slices.Contains(out, ch) {
				out = append(out, ch)
			}
		}
	}
	return out, nil
}

// costUnit is the unit every cover's cost is a whole multiple of: the
// greatest common divisor of the templates' paid lengths times the rate,
// when one rate prices every template; else 0.
func (c *coverer) costUnit() float64 {
	for _, r := range c.rate {
		if r != c.rate[0] {
			return 0
		}
	}
	var g int64
	for _, p := range c.paid {
		g = gcd(g, int64(math.Round(p)))
	}
	if g <= 0 {
		return 0
	}
	return float64(g) * c.rate[0]
}
