package plan

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/ccsim/ccsim/sim"
)

// ShiftOptions are the shift templates a plan may be covered with (a
// shift file, as package scenarios reads it). A shift that runs past
// midnight wraps to the start of the same daily pattern, as in scenario
// files.
type ShiftOptions struct {
	Templates []sim.ShiftTemplate
}

// ShiftPlan is a plan covered with shifts.
type ShiftPlan struct {
	Groups []GroupShifts `json:"groups"`
	// PaidHours are the shifts' hours on duty over the horizon (breaks
	// are not on duty, as in scenario files); LPHours is the linear
	// program's optimum before rounding, a lower bound on any cover.
	PaidHours float64 `json:"paid_hours"`
	LPHours   float64 `json:"lp_hours"`
	// Cost and ServiceLevel are simulated with the plan's check seed.
	Cost         sim.Stat `json:"cost"`
	ServiceLevel sim.Stat `json:"service_level"`
	// Misses are the targets the shift cover misses at the plan's
	// confidence in that simulation.
	Misses []Miss `json:"misses"`
}

// GroupShifts is one group's shifts over one day, repeated every day of
// the horizon.
type GroupShifts struct {
	Name   string  `json:"name"`
	Shifts []Shift `json:"shifts"`
	// Required is the plan's scheduled headcount per interval of the day
	// (the most over the horizon's days); Coverage is the shifts'; Over is
	// the over-coverage, Coverage minus Required.
	Required  []int     `json:"required"`
	Coverage  []float64 `json:"coverage"`
	Over      []float64 `json:"over"`
	PaidHours float64   `json:"paid_hours"` // per day
	LPHours   float64   `json:"lp_hours"`   // per day
}

// DayShifts are the group's shifts of one day, for a scenario's staffing.
func (g *GroupShifts) DayShifts() []sim.Shift {
	out := make([]sim.Shift, len(g.Shifts))
	for i, s := range g.Shifts {
		out[i] = s.shift()
	}
	return out
}

// Shift is a number of agents on one template from one start.
type Shift struct {
	Template string  `json:"template"`
	Start    float64 `json:"start_seconds"`
	Count    int     `json:"count"`
	template *sim.ShiftTemplate
}

func (s Shift) shift() sim.Shift { return s.template.Shift(s.Start, s.Count) }

// maxShiftColumns bounds the linear program's size (templates times
// starts usable by one group).
const maxShiftColumns = 5000

// coverShifts covers the plan's scheduled headcount with shifts, group by
// group (see CoverShifts), and simulates the cover.
func (p *planner) coverShifts(ctx context.Context, res *Result) (*ShiftPlan, error) {
	if err := p.opts.Shifts.validate(); err != nil {
		return nil, err
	}
	for _, t := range p.opts.Shifts.Templates {
		for _, g := range t.Groups {
			if !slices.ContainsFunc(p.planned, func(gi int) bool { return p.m.Groups[gi].Name == g }) {
				return nil, fmt.Errorf("plan: shift template %q: unknown or unlimited group %q", t.Name, g)
			}
		}
	}
	perDay := int(math.Round(86400 / p.L))
	if math.Abs(float64(perDay)*p.L-86400) > 1e-6 {
		return nil, fmt.Errorf("plan: shifts need intervals that divide a day, not %gs", p.L)
	}
	days := (p.n + perDay - 1) / perDay
	sp := &ShiftPlan{}
	staff := make([][]int, len(p.planned))
	paid := make([][]float64, len(p.planned))
	for k, gi := range p.planned {
		g := &p.m.Groups[gi]
		gp := &res.Groups[k]
		req := make([]int, perDay)
		for i, v := range gp.Scheduled {
			req[i%perDay] = max(req[i%perDay], v)
		}
		var templates []*sim.ShiftTemplate
		for j := range p.opts.Shifts.Templates {
			t := &p.opts.Shifts.Templates[j]
			if len(t.Groups) == 0 || slices.Contains(t.Groups, g.Name) {
				templates = append(templates, t)
			}
		}
		shifts, lpHours, err := CoverShifts(req, p.L, templates)
		if err != nil {
			return nil, fmt.Errorf("plan: shifts of group %q: %w", g.Name, err)
		}
		cov := coverage(shifts, perDay, p.L)
		gs := GroupShifts{Name: g.Name, Shifts: shifts, Required: req, Coverage: cov, LPHours: lpHours}
		for i := range perDay {
			gs.Over = append(gs.Over, cov[i]-float64(req[i]))
		}
		for _, s := range shifts {
			gs.PaidHours += float64(s.Count) * s.template.Shift(0, 1).OnDuty() / 3600
		}
		sp.Groups = append(sp.Groups, gs)
		sp.PaidHours += gs.PaidHours * float64(days)
		sp.LPHours += lpHours * float64(days)
		// On the floor: the whole agents the covered headcount leaves
		// after shrinkage, never more than it pays for.
		staff[k] = make([]int, p.n)
		paid[k] = make([]float64, p.n)
		for i := range p.n {
			c := cov[i%perDay]
			paid[k][i] = c
			staff[k][i] = g.OnFloor(c)
		}
	}
	s, err := p.simulateWith(ctx, staff, paid, res.CheckSeed, p.opts.Replications)
	if err != nil {
		return nil, err
	}
	sp.Cost, sp.ServiceLevel = s.r.Total.Total[sim.Cost], s.r.Total.Total[sim.ServiceLevel]
	sp.Misses = []Miss{}
	for _, k := range p.checks(s, staff) {
		if p.missed(k) {
			sp.Misses = append(sp.Misses, p.miss(k, res.Labels))
		}
	}
	return sp, nil
}

func (o *ShiftOptions) validate() error {
	if len(o.Templates) == 0 {
		return fmt.Errorf("plan: no shift templates")
	}
	for _, t := range o.Templates {
		if err := t.Validate(); err != nil {
			return fmt.Errorf("plan: %w", err)
		}
	}
	return nil
}

// CoverShifts finds shifts whose cover of each interval of a day (agents
// on duty, counted in proportion to the part of the interval they cover,
// breaks left out, a shift past midnight wrapping to the day's start)
// reaches required, at the least hours on duty. It solves the linear
// relaxation with gonum's simplex, rounds every shift count up (which
// keeps the cover) and then takes away single shifts, longest first,
// while the cover still holds. It returns the shifts and the relaxation's
// optimum in hours, a lower bound on any cover.
func CoverShifts(required []int, intervalSeconds float64, templates []*sim.ShiftTemplate) ([]Shift, float64, error) {
	n := len(required)
	if n == 0 || !(intervalSeconds > 0) || math.Abs(float64(n)*intervalSeconds-86400) > 1e-6 {
		return nil, 0, fmt.Errorf("plan: cover shifts: %d intervals of %gs do not make a day", n, intervalSeconds)
	}
	var cols []Shift
	for _, t := range templates {
		if err := t.Validate(); err != nil {
			return nil, 0, fmt.Errorf("plan: %w", err)
		}
		for _, s := range t.Starts {
			cols = append(cols, Shift{Template: t.Name, Start: s, template: t})
		}
	}
	if len(cols) > maxShiftColumns {
		return nil, 0, fmt.Errorf("plan: %d shift starts: at most %d", len(cols), maxShiftColumns)
	}
	need := false
	for i, r := range required {
		if r < 0 {
			return nil, 0, fmt.Errorf("plan: cover shifts: negative requirement %d in interval %d", r, i)
		}
		need = need || r > 0
	}
	if !need {
		return nil, 0, nil
	}
	// a[i][j]: cover of interval i by one agent on column j.
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, len(cols))
	}
	for j, c := range cols {
		col := make([]float64, n)
		c.template.Shift(c.Start, 1).Cover(col, intervalSeconds)
		for i, v := range col {
			a[i][j] = v
		}
	}
	for i, r := range required {
		if r > 0 && !slices.ContainsFunc(a[i], func(v float64) bool { return v > 0 }) {
			return nil, 0, fmt.Errorf("plan: no shift template covers %s, which needs %d agents", clock(float64(i)*intervalSeconds), r)
		}
	}
	// Standard form: minimise hours.y subject to A y - s = required,
	// y, s >= 0.
	m := len(cols)
	cost := make([]float64, m+n)
	A := mat.NewDense(n, m+n, nil)
	b := make([]float64, n)
	for j, c := range cols {
		cost[j] = c.template.Shift(0, 1).OnDuty() / 3600
	}
	for i := range n {
		for j := range m {
			A.Set(i, j, a[i][j])
		}
		A.Set(i, m+i, -1)
		b[i] = float64(required[i])
	}
	opt, y, err := simplex(cost, A, b)
	if err != nil {
		return nil, 0, fmt.Errorf("plan: shifts linear program: %w", err)
	}
	counts := make([]int, m)
	for j := range m {
		counts[j] = int(math.Ceil(y[j] - 1e-7))
	}
	covered := func(i int) float64 {
		v := 0.0
		for j := range m {
			v += a[i][j] * float64(counts[j])
		}
		return v
	}
	for i, r := range required {
		if covered(i) < float64(r)-1e-9 {
			// The simplex stopped short (numerical trouble): top up
			// with the column that covers the interval most.
			j := 0
			for jj := range m {
				if a[i][jj] > a[i][j] {
					j = jj
				}
			}
			for covered(i) < float64(r)-1e-9 {
				counts[j]++
			}
		}
	}
	// Take single shifts away, longest first, while the cover holds.
	order := make([]int, m)
	for j := range order {
		order[j] = j
	}
	sort.SliceStable(order, func(x, y int) bool { return cost[order[x]] > cost[order[y]] })
	for _, j := range order {
		for counts[j] > 0 {
			counts[j]--
			ok := true
			for i, r := range required {
				if a[i][j] > 0 && covered(i) < float64(r)-1e-9 {
					ok = false
					break
				}
			}
			if !ok {
				counts[j]++
				break
			}
		}
	}
	var out []Shift
	for j, c := range cols {
		if counts[j] > 0 {
			c.Count = counts[j]
			out = append(out, c)
		}
	}
	return out, opt, nil
}

// simplex runs gonum's solver, turning a panic on a degenerate matrix
// into an error.
func simplex(c []float64, A mat.Matrix, b []float64) (opt float64, x []float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("simplex failed: %v", r)
		}
	}()
	return lp.Simplex(c, A, b, 1e-10, nil)
}

// coverage is the shifts' cover per interval of a day (see sim.Shift.Cover),
// rid of the dust the sums leave.
func coverage(shifts []Shift, n int, L float64) []float64 {
	out := make([]float64, n)
	for _, s := range shifts {
		s.shift().Cover(out, L)
	}
	for i := range out {
		out[i] = math.Round(out[i]*1e9) / 1e9
	}
	return out
}

// clock writes seconds after midnight as "HH:MM" (":SS" when not whole).
func clock(sec float64) string {
	s := int64(math.Round(sec))
	out := fmt.Sprintf("%02d:%02d", s/3600, s/60%60)
	if s%60 != 0 {
		out += fmt.Sprintf(":%02d", s%60)
	}
	return out
}
