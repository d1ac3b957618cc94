package capacity

import (
	"math"
	"slices"
)

// Weekly is a group's expected supply and its parts, one value per week.
type Weekly struct {
	// People on the payroll (trainees included).
	People []float64
	// Training are the people at zero output: new hires in training and
	// transferred staff learning their new group.
	Training []float64
	// Productive hours: contracted hours at work (after the week's
	// shrinkage) times productivity; the supply that meets the
	// requirement.
	Productive []float64
	// Paid hours and their cost (salaries).
	Paid   []float64
	Salary []float64
	// AtWork are the contracted hours at work of people past training:
	// the base the overtime limit is a share of.
	AtWork []float64
}

func newWeekly(n int) Weekly {
	return Weekly{People: make([]float64, n), Training: make([]float64, n), Productive: make([]float64, n),
		Paid: make([]float64, n), Salary: make([]float64, n), AtWork: make([]float64, n)}
}

// add adds f times o to w.
func (w *Weekly) add(o *Weekly, f float64) {
	for _, p := range [][2][]float64{{w.People, o.People}, {w.Training, o.Training}, {w.Productive, o.Productive},
		{w.Paid, o.Paid}, {w.Salary, o.Salary}, {w.AtWork, o.AtWork}} {
		for i := range p[0] {
			p[0][i] += f * p[1][i]
		}
	}
}

// WeeklyHazard turns an annual attrition rate into the probability that
// a person leaves in a given week: 1 - (1-annual)^(1/52), so that 52 weeks
// in a row keep exactly 1-annual of a cohort.
func WeeklyHazard(annual float64) float64 {
	if annual >= 1 {
		return 1
	}
	return -math.Expm1(math.Log1p(-annual) / 52)
}

// groupCalc holds what the supply arithmetic of one group needs.
type groupCalc struct {
	g         *Group
	weeks     int
	contracts map[string]Contract
	shrink    []float64
	// bands: weekly hazard below each band's end (the last one open).
	until  []int
	hazard []float64
}

func newGroupCalc(g *Group, weeks int) *groupCalc {
	c := &groupCalc{g: g, weeks: weeks, contracts: map[string]Contract{}, shrink: make([]float64, weeks)}
	for _, k := range g.Contracts {
		c.contracts[k.Name] = k
	}
	copy(c.shrink, g.Shrinkage)
	for _, b := range g.Attrition {
		c.until = append(c.until, b.Until)
		c.hazard = append(c.hazard, WeeklyHazard(b.Annual))
	}
	return c
}

// q is the weekly hazard at a tenure in weeks.
func (c *groupCalc) q(tenure int) float64 {
	for i, u := range c.until {
		if u == 0 || tenure < u {
			return c.hazard[i]
		}
	}
	return c.hazard[len(c.hazard)-1]
}

// band returns the index of the band that holds a tenure and the tenure
// at which it ends (-1 for the open last band).
func (c *groupCalc) band(tenure int) (int, int) {
	for i, u := range c.until {
		if u == 0 {
			return i, -1
		}
		if tenure < u {
			return i, u
		}
	}
	return len(c.until) - 1, -1
}

// productivity of a new hire at a tenure in weeks: zero in training, the
// ramp after it, then one.
func (c *groupCalc) productivity(tenure int) float64 {
	h := &c.g.Hiring
	switch {
	case tenure < h.Training:
		return 0
	case tenure < h.Training+len(h.Ramp):
		return h.Ramp[tenure-h.Training]
	}
	return 1
}

// cohort is a number of people who start being counted in a group in
// week from (0-based) with a tenure, on a contract.
type cohort struct {
	people   float64
	contract Contract
	from     int
	tenure   int
	// transfer marks staff moved in from another group: they train for
	// retrain weeks and then work at full productivity, whatever their
	// tenure.
	transfer bool
	retrain  int
}

// prod is the cohort's productivity k weeks after from, and whether it is
// past training.
func (c *groupCalc) prod(co *cohort, k int) (float64, bool) {
	if co.transfer {
		if k < co.retrain {
			return 0, false
		}
		return 1, true
	}
	t := co.tenure + k
	return c.productivity(t), t >= c.g.Hiring.Training
}

// expect returns the expected weekly supply of a cohort: its people
// thinned week by week by the hazard of their tenure, each week counted
// whole (a leaver leaves at the end of the week).
func (c *groupCalc) expect(co *cohort) Weekly {
	out := newWeekly(c.weeks)
	alive := co.people
	for w := co.from; w < c.weeks; w++ {
		k := w - co.from
		p, trained := c.prod(co, k)
		hours := alive * co.contract.Hours
		out.People[w] = alive
		out.Paid[w] = hours
		out.Salary[w] = hours * co.contract.HourlyCost
		out.Productive[w] = hours * (1 - c.shrink[w]) * p
		if trained {
			out.AtWork[w] = hours * (1 - c.shrink[w])
		} else {
			out.Training[w] = alive
		}
		alive *= 1 - c.q(co.tenure+k)
	}
	return out
}

// classCohort is a hiring class of a group starting in week w (0-based).
func (c *groupCalc) classCohort(people float64, w int) cohort {
	return cohort{people: people, contract: c.contracts[c.g.Hiring.Contract], from: w}
}

// groupBase is everything a group's supply holds before the plan adds
// classes: its starting staff less those transferred out, staff
// transferred in, and the classes already planned.
type groupBase struct {
	calc *groupCalc
	// staff are the group's own starting cohorts, with the share of them
	// still in the group (not transferred out) by week.
	staff    []cohort
	retained []float64
	incoming []cohort // transferred in, expected people
	planned  []cohort
	expected Weekly
}

// groupBases computes the expected base supply of every group of the input
// (defaults filled in), with transfers in week order.
func groupBases(in *Input) ([]*groupBase, error) {
	byName := map[string]int{}
	out := make([]*groupBase, len(in.Groups))
	for gi := range in.Groups {
		g := &in.Groups[gi]
		byName[g.Name] = gi
		c := newGroupCalc(g, in.Weeks)
		b := &groupBase{calc: c, retained: make([]float64, in.Weeks)}
		for i := range b.retained {
			b.retained[i] = 1
		}
		for _, s := range g.Staff {
			if s.People > 0 {
				b.staff = append(b.staff, cohort{people: float64(s.People), contract: c.contracts[s.Contract], tenure: s.Tenure})
			}
		}
		for _, p := range g.Hiring.Planned {
			b.planned = append(b.planned, c.classCohort(float64(p.People), p.Week-1))
		}
		out[gi] = b
	}
	transfers := slices.Clone(in.Transfers)
	slices.SortStableFunc(transfers, func(a, b Transfer) int { return a.Week - b.Week })
	for _, t := range transfers {
		from, to := out[byName[t.From]], out[byName[t.To]]
		w := t.Week - 1
		alive := 0.0
		expected := make([]Weekly, len(from.staff))
		for i := range from.staff {
			expected[i] = from.calc.expect(&from.staff[i])
			alive += expected[i].People[w] * from.retained[w]
		}
		if float64(t.People) > alive+1e-9 {
			return nil, inputErrorf("capacity: transfer of %d people from %s in week %d: only %.1f of its starting staff are expected to be left", t.People, t.From, t.Week, alive)
		}
		f := float64(t.People) / alive
		for i, s := range from.staff {
			to.incoming = append(to.incoming, cohort{people: f * from.retained[w] * expected[i].People[w],
				contract: s.contract, from: w, tenure: s.tenure + w, transfer: true, retrain: t.Training})
		}
		for k := w; k < in.Weeks; k++ {
			from.retained[k] *= 1 - f
		}
	}
	for _, b := range out {
		b.expected = newWeekly(in.Weeks)
		for i := range b.staff {
			e := b.calc.expect(&b.staff[i])
			for w := range in.Weeks {
				f := b.retained[w]
				e.People[w] *= f
				e.Training[w] *= f
				e.Productive[w] *= f
				e.Paid[w] *= f
				e.Salary[w] *= f
				e.AtWork[w] *= f
			}
			b.expected.add(&e, 1)
		}
		for _, list := range [][]cohort{b.incoming, b.planned} {
			for i := range list {
				e := b.calc.expect(&list[i])
				b.expected.add(&e, 1)
			}
		}
	}
	return out, nil
}
