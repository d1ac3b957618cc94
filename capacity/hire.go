package capacity

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// hiring is one group's hiring problem: which classes to start, and what
// overtime and outsourcing to book, so that the expected productive hours
// reach a target each week at the least cost.
type hiring struct {
	base  *groupBase
	weeks int
	// starts are the weeks (0-based) a class may start in, with per hire
	// the productive hours (cover) and the overtime base (atWork) by week
	// while they stay, expected over attrition, and the expected cost over
	// the horizon (recruiting, training, salaries).
	starts []int
	cover  [][]float64
	atWork [][]float64
	cost   []float64
	// room is the most people each start may take (the class limit less
	// a class already planned that week).
	room []float64
	min  int

	otShare, otRate float64
	osMax, osRate   float64
	// penalty is the cost of an hour short: far above any way of covering
	// it, so that the plan is short only where nothing else can help.
	penalty float64
}

func newHiring(b *groupBase) *hiring {
	c := b.calc
	g := c.g
	h := &hiring{base: b, weeks: c.weeks, min: g.Hiring.MinClass,
		otShare: g.Overtime.Max, otRate: g.Overtime.HourlyCost, osMax: g.Outsourcing.Max, osRate: g.Outsourcing.HourlyCost}
	top := 0.0
	for _, k := range g.Contracts {
		top = math.Max(top, k.HourlyCost)
	}
	top = math.Max(top, math.Max(h.otRate, h.osRate))
	if g.Hiring.Contract != "" && g.Hiring.MaxClass > 0 {
		plannedIn := map[int]int{}
		for _, p := range g.Hiring.Planned {
			plannedIn[p.Week-1] += p.People
		}
		for w := g.Hiring.Lead; w < c.weeks; w += g.Hiring.Every {
			room := g.Hiring.MaxClass - plannedIn[w]
			if room <= 0 {
				continue
			}
			co := c.classCohort(1, w)
			e := c.expect(&co)
			total := 0.0
			for _, v := range e.Productive {
				total += v
			}
			if total <= 0 {
				// A class that would not finish training within the
				// horizon cannot help it.
				continue
			}
			cost := g.Hiring.CostPerHire + g.Hiring.TrainingCost
			for _, s := range e.Salary {
				cost += s
			}
			h.starts = append(h.starts, w)
			h.cover = append(h.cover, e.Productive)
			h.atWork = append(h.atWork, e.AtWork)
			h.cost = append(h.cost, cost)
			h.room = append(h.room, float64(room))
			top = math.Max(top, cost/total)
		}
	}
	h.penalty = 100*top + 1
	return h
}

// decision is a hiring plan of one group with its booked flexible hours.
type decision struct {
	hires     []float64 // per start (whole people once rounded)
	overtime  []float64 // hours by week
	outsource []float64
	short     []float64 // hours short by week: nothing could cover them
	cost      float64   // the cost the decisions add: hires, flexible hours, and the penalty of hours short
}

// supply is the expected productive hours and overtime base by week of
// the base plus the given hires.
func (h *hiring) supply(hires []float64) (prod, atWork []float64) {
	prod = append([]float64(nil), h.base.expected.Productive...)
	atWork = append([]float64(nil), h.base.expected.AtWork...)
	for j, n := range hires {
		if n == 0 {
			continue
		}
		for w := range prod {
			prod[w] += n * h.cover[j][w]
			atWork[w] += n * h.atWork[j][w]
		}
	}
	return prod, atWork
}

// flex books, for given hires, the cheapest flexible hours that lift
// expected supply to the target each week: the cheaper of overtime and
// outsourcing first, up to its limit, then the other; what is still
// missing is short. With the hires fixed, this is optimal week by week.
func (h *hiring) flex(hires []float64, target []float64) decision {
	d := decision{hires: hires, overtime: make([]float64, h.weeks), outsource: make([]float64, h.weeks), short: make([]float64, h.weeks)}
	prod, atWork := h.supply(hires)
	for j, n := range hires {
		d.cost += n * h.cost[j]
	}
	for w := range h.weeks {
		gap := target[w] - prod[w]
		if gap <= 0 {
			continue
		}
		type source struct {
			into       *float64
			rate, room float64
		}
		ot := source{&d.overtime[w], h.otRate, h.otShare * atWork[w]}
		os := source{&d.outsource[w], h.osRate, h.osMax}
		order := []source{ot, os}
		if os.rate < ot.rate {
			order = []source{os, ot}
		}
		for _, s := range order {
			take := math.Min(gap, math.Max(0, s.room))
			*s.into = take
			d.cost += take * s.rate
			gap -= take
		}
		if gap > 0 {
			d.short[w] = gap
			d.cost += gap * h.penalty
		}
	}
	return d
}

// relax solves the linear relaxation: fractional class sizes, and the
// flexible hours, that reach the target each week at the least cost. Its
// optimum is a lower bound on the cost of any plan in whole people.
//
// The bounds (class sizes, overtime and outsourcing limits) are added as
// rows only when a solution breaks them: most never bind, and every row
// adds to each pivot's work on the dense basis inverse (simplex.go).
func (h *hiring) relax(target []float64) (decision, error) {
	W, nh := h.weeks, len(h.starts)
	// Columns: hires, overtime, outsourcing, short, surplus; then a slack
	// per bound row.
	useOT := h.otShare > 0
	useOS := h.osMax > 0
	col := 0
	hc := col
	col += nh
	otc := col
	if useOT {
		col += W
	}
	osc := col
	if useOS {
		col += W
	}
	shc := col
	col += W
	suc := col
	col += W
	base := col
	rhs := make([]float64, W)
	for w := range W {
		rhs[w] = target[w] - h.base.expected.Productive[w]
	}
	type bound struct {
		kind int // 0 class size, 1 overtime, 2 outsourcing
		i    int
	}
	var bounds []bound
	has := map[bound]bool{}
	for round := 0; ; round++ {
		rows, cols := W+len(bounds), base+len(bounds)
		A := mat.NewDense(rows, cols, nil)
		b := make([]float64, rows)
		c := make([]float64, cols)
		copy(c[hc:], h.cost)
		for w := range W {
			if useOT {
				c[otc+w] = h.otRate
			}
			if useOS {
				c[osc+w] = h.osRate
			}
			c[shc+w] = h.penalty
		}
		for w := range W {
			sign := 1.0
			if rhs[w] < 0 {
				// Keep the right-hand side non-negative, so that the
				// basis below is the identity.
				sign = -1
			}
			for j := range nh {
				A.Set(w, hc+j, sign*h.cover[j][w])
			}
			if useOT {
				A.Set(w, otc+w, sign)
			}
			if useOS {
				A.Set(w, osc+w, sign)
			}
			A.Set(w, shc+w, sign)
			A.Set(w, suc+w, -sign)
			b[w] = sign * rhs[w]
		}
		for k, bd := range bounds {
			r := W + k
			A.Set(r, base+k, 1)
			switch bd.kind {
			case 0:
				A.Set(r, hc+bd.i, 1)
				b[r] = h.room[bd.i]
			case 1:
				A.Set(r, otc+bd.i, 1)
				for j := range nh {
					A.Set(r, hc+j, -h.otShare*h.atWork[j][bd.i])
				}
				b[r] = h.otShare * h.base.expected.AtWork[bd.i]
			case 2:
				A.Set(r, osc+bd.i, 1)
				b[r] = h.osMax
			}
		}
		// An identity basis is feasible at once: hours short (or the
		// surplus, where the base alone exceeds the target) in each
		// week's row, and each bound row's slack. Giving it spares the
		// simplex its first phase.
		basic := make([]int, rows)
		for w := range W {
			basic[w] = shc + w
			if rhs[w] < 0 {
				basic[w] = suc + w
			}
		}
		for k := range bounds {
			basic[W+k] = base + k
		}
		opt, x, err := simplex(c, A, b, basic)
		if err != nil {
			return decision{}, fmt.Errorf("capacity: hiring linear program: %w", err)
		}
		d := decision{hires: make([]float64, nh), overtime: make([]float64, W), outsource: make([]float64, W),
			short: make([]float64, W), cost: opt}
		copy(d.hires, x[hc:hc+nh])
		if useOT {
			copy(d.overtime, x[otc:otc+W])
		}
		if useOS {
			copy(d.outsource, x[osc:osc+W])
		}
		copy(d.short, x[shc:shc+W])
		// Add every bound the solution breaks, and solve again. Once a
		// bound of a kind is broken, more rows of that kind are added with
		// it: the next solution shifts the load onto them, and adding them
		// one round at a time would cost a solve each.
		added := false
		addBound := func(bd bound) {
			if !has[bd] {
				has[bd] = true
				bounds = append(bounds, bd)
				added = true
			}
		}
		const slack = 1e-7
		broken := [3]bool{}
		for j, v := range d.hires {
			broken[0] = broken[0] || v > h.room[j]+slack
		}
		_, atWork := h.supply(d.hires)
		for w := range W {
			broken[1] = broken[1] || (useOT && d.overtime[w] > h.otShare*atWork[w]+slack*(1+d.overtime[w]))
			broken[2] = broken[2] || (useOS && d.outsource[w] > h.osMax+slack*(1+h.osMax))
		}
		if broken[0] {
			// Capped classes push hires to their neighbours, which then
			// break their caps in turn: all class caps go in at once.
			for j := range d.hires {
				addBound(bound{0, j})
			}
		}
		for w := range W {
			if broken[1] && d.overtime[w] > slack {
				addBound(bound{1, w})
			}
			if broken[2] && d.outsource[w] > slack {
				addBound(bound{2, w})
			}
		}
		if !added {
			return d, nil
		}
		if round > 4*W+nh {
			return decision{}, errors.New("capacity: hiring linear program: the bounds do not settle")
		}
	}
}

// round turns the relaxation's class sizes into whole people within the
// class limits: a class below the smallest size is raised to it when it
// holds at least half of it and dropped otherwise; others round up. Then
// improve repairs and polishes the plan.
func (h *hiring) round(rel decision, target []float64) decision {
	n := len(h.starts)
	x := make([]float64, n)
	for j, v := range rel.hires {
		switch {
		case v < 1e-7:
		case v < float64(h.min):
			if v >= float64(h.min)/2 {
				x[j] = float64(h.min)
			}
		default:
			x[j] = math.Min(h.room[j], math.Ceil(v-1e-7))
		}
	}
	return h.improve(x, rel.short, target)
}

// improve starts from whole classes x (changed in place) and a floor of
// hours short per week that nothing could cover (the relaxation's).
// Weeks shorter than that get one more hire at a time in the class that
// covers them best; then a local search moves single hires (one fewer or
// more in a class, some moved to a class up to moveReach weeks away) while
// the cost falls.
func (h *hiring) improve(x, floor []float64, target []float64) decision {
	n := len(h.starts)
	d := h.flex(x, target)
	// Repair: add hires where a week is shorter than the floor, worst week
	// first; a week no class can help is left as it is.
	hopeless := make([]bool, h.weeks)
	for guard := 0; guard < 100000; guard++ {
		worst, at := 0.0, -1
		for w := range h.weeks {
			if extra := d.short[w] - floor[w]; !hopeless[w] && extra > 1e-6 && extra > worst {
				worst, at = extra, w
			}
		}
		if at < 0 {
			break
		}
		best := -1
		for j := range n {
			if h.cover[j][at] > 0 && x[j] < h.room[j] && (best < 0 || h.cover[j][at] > h.cover[best][at]) {
				best = j
			}
		}
		if best < 0 {
			hopeless[at] = true
			continue
		}
		if x[best] == 0 {
			x[best] = math.Min(h.room[best], math.Max(1, float64(h.min)))
		} else {
			x[best]++
		}
		d = h.flex(x, target)
	}
	// Local search: one hire fewer or more in a class, or hires moved
	// to the class before or after, while the cost falls.
	better := func(y []float64) bool {
		e := h.flex(y, target)
		if e.cost < d.cost-1e-9*math.Abs(d.cost) {
			copy(x, y)
			d = h.flex(x, target)
			return true
		}
		return false
	}
	y := make([]float64, n)
	for pass := 0; pass < 100; pass++ {
		improved := false
		for j := n - 1; j >= 0; j-- {
			copy(y, x)
			if h.step(y, j, -1) && better(y) {
				improved = true
				continue
			}
			copy(y, x)
			if h.step(y, j, +1) && better(y) {
				improved = true
				continue
			}
			if x[j] > 0 && h.move(x, y, j, better) {
				improved = true
			}
		}
		if !improved {
			break
		}
	}
	d.hires = append([]float64(nil), x...)
	return d
}

// moveReach is how many weeks away a move takes hires from a class.
const moveReach = 8

// move tries moving hires out of class j into a class at most moveReach
// weeks away: one, two or all of them taken out, and one fewer, as many or
// one more put in, each class left empty or within its limits. It stops
// at the first move that lowers the cost.
func (h *hiring) move(x, y []float64, j int, better func([]float64) bool) bool {
	for k := max(0, j-moveReach); k <= min(len(x)-1, j+moveReach); k++ {
		if k == j {
			continue
		}
		for _, m := range []float64{1, 2, x[j]} {
			rest := x[j] - m
			if m > x[j] || (rest > 0 && rest < float64(h.min)) {
				continue
			}
			for _, in := range []float64{m - 1, m, m + 1} {
				v := x[k] + in
				if in < 0 || v > h.room[k] || (v > 0 && v < float64(h.min)) {
					continue
				}
				copy(y, x)
				y[j], y[k] = rest, v
				if better(y) {
					return true
				}
			}
		}
	}
	return false
}

// step changes class j by one hire within its limits: a class that falls
// below the smallest size is dropped, and an empty one that grows starts
// at the smallest size. It reports whether anything changed.
func (h *hiring) step(x []float64, j int, by float64) bool {
	old := x[j]
	switch {
	case by < 0 && x[j] > 0:
		x[j]--
		if x[j] < float64(h.min) {
			x[j] = 0
		}
	case by > 0 && x[j] == 0:
		x[j] = math.Max(1, float64(h.min))
	case by > 0:
		x[j]++
	}
	if x[j] > h.room[j] {
		x[j] = old
	}
	return x[j] != old
}
