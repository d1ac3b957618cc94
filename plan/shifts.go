package plan

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// ShiftOptions are the shift templates a plan may be covered with.
type ShiftOptions struct {
	Templates []ShiftTemplate
}

// ShiftTemplate is a kind of shift: its length, the clock times it may
// start at and its breaks. A shift that runs past midnight wraps to the
// start of the same daily pattern, as in scenario files.
type ShiftTemplate struct {
	Name   string
	Length float64   // seconds, breaks included; (0, 24h]
	Starts []float64 // allowed starts, seconds after midnight, [0, 24h)
	Breaks []Break
	// Groups names the groups that may work the shift; empty means all.
	Groups []string
}

// Break is time off within a shift, which the scenario does not count as
// on duty (nor as paid).
type Break struct {
	After  float64 // seconds from the start of the shift
	Length float64 // seconds
}

// onDuty is the shift's time on duty in seconds.
func (t *ShiftTemplate) onDuty() float64 {
	d := t.Length
	for _, b := range t.Breaks {
		d -= b.Length
	}
	return d
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
	// YAML is the group's staffing block, to paste into the scenario.
	YAML string `json:"yaml"`
}

// Shift is a number of agents on one template from one start.
type Shift struct {
	Template string  `json:"template"`
	Start    float64 `json:"start_seconds"`
	Count    int     `json:"count"`
	template *ShiftTemplate
}

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
		var templates []*ShiftTemplate
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
			gs.PaidHours += float64(s.Count) * s.template.onDuty() / 3600
		}
		gs.YAML = shiftYAML(g.Name, p.shrink[k], shifts)
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
			staff[k][i] = int(math.Floor(c*(1-p.shrink[k]) + 1e-9))
		}
	}
	r, err := p.simulateWith(ctx, staff, paid, res.CheckSeed)
	if err != nil {
		return nil, err
	}
	sp.Cost, sp.ServiceLevel = r.Total.Total[sim.Cost], r.Total.Total[sim.ServiceLevel]
	sp.Misses = []Miss{}
	for _, k := range p.checks(r, staff) {
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
		if err := t.validate(); err != nil {
			return err
		}
	}
	return nil
}

func (t *ShiftTemplate) validate() error {
	p := fmt.Sprintf("plan: shift template %q", t.Name)
	if !(t.Length > 0 && t.Length <= 86400) {
		return fmt.Errorf("%s: length %vs: must be above 0 and at most 24h", p, t.Length)
	}
	if len(t.Starts) == 0 {
		return fmt.Errorf("%s: no starts", p)
	}
	for _, s := range t.Starts {
		if !(s >= 0 && s < 86400) {
			return fmt.Errorf("%s: start %vs: must be in [00:00, 24:00)", p, s)
		}
	}
	end := 0.0
	for _, b := range t.Breaks {
		if !(b.After >= end && b.Length > 0 && b.After+b.Length <= t.Length) {
			return fmt.Errorf("%s: breaks must lie within the shift, in order, without overlap", p)
		}
		end = b.After + b.Length
	}
	if !(t.onDuty() > 0) {
		return fmt.Errorf("%s: breaks take the whole shift", p)
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
func CoverShifts(required []int, intervalSeconds float64, templates []*ShiftTemplate) ([]Shift, float64, error) {
	n := len(required)
	if n == 0 || !(intervalSeconds > 0) || math.Abs(float64(n)*intervalSeconds-86400) > 1e-6 {
		return nil, 0, fmt.Errorf("plan: cover shifts: %d intervals of %gs do not make a day", n, intervalSeconds)
	}
	var cols []Shift
	for _, t := range templates {
		if err := t.validate(); err != nil {
			return nil, 0, err
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
		col := columnCover(c.template, c.Start, n, intervalSeconds)
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
		cost[j] = c.template.onDuty() / 3600
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

// columnCover is one agent's cover of each interval of a day on a shift
// from start: the share of the interval on duty.
func columnCover(t *ShiftTemplate, start float64, n int, L float64) []float64 {
	col := make([]float64, n)
	add := func(from, to, v float64) {
		// [from, to) may pass midnight once.
		for from < to {
			if from >= 86400 {
				from, to = from-86400, to-86400
			}
			end := math.Min(to, 86400)
			for i := max(0, int(from/L)); i < n && float64(i)*L < end; i++ {
				lo, hi := math.Max(from, float64(i)*L), math.Min(end, float64(i+1)*L)
				if hi > lo {
					col[i] += v * (hi - lo) / L
				}
			}
			from = end
		}
	}
	add(start, start+t.Length, 1)
	for _, b := range t.Breaks {
		add(start+b.After, start+b.After+b.Length, -1)
	}
	return col
}

// coverage is the shifts' cover per interval of a day.
func coverage(shifts []Shift, n int, L float64) []float64 {
	out := make([]float64, n)
	for _, s := range shifts {
		for i, v := range columnCover(s.template, s.Start, n, L) {
			out[i] += v * float64(s.Count)
		}
	}
	for i := range out {
		out[i] = math.Round(out[i]*1e9) / 1e9
	}
	return out
}

// shiftYAML renders a group's shifts as a scenario staffing block.
func shiftYAML(group string, shrinkage float64, shifts []Shift) string {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# shifts of group %s (scheduled agents, before %g%% shrinkage)\n", group, shrinkage*100)
	if len(shifts) == 0 {
		b.WriteString("staffing: []\n")
		return b.String()
	}
	b.WriteString("staffing:\n  shifts:\n")
	for _, s := range shifts {
		fmt.Fprintf(&b, "    - {start: %q, length: %s, count: %d", clock(s.Start), scenarios.FormatDuration(s.template.Length), s.Count)
		if len(s.template.Breaks) > 0 {
			b.WriteString(", breaks: [")
			for i, br := range s.template.Breaks {
				if i > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "{at: %q, length: %s}", clock(math.Mod(s.Start+br.After, 86400)), scenarios.FormatDuration(br.Length))
			}
			b.WriteString("]")
		}
		b.WriteString("}\n")
	}
	return b.String()
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
