package roster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// Problem is one group's roster to build.
type Problem struct {
	// IntervalSeconds and Days describe the horizon: whole days of
	// intervals, at most a week. The roster repeats: a shift that runs
	// past the last midnight covers the start of the first day.
	IntervalSeconds float64
	Days            int
	// StartWeekday is the weekday of the first day (0 Sunday ... 6
	// Saturday), for the contracts' days off.
	StartWeekday int
	// Need is the agents on duty (paid, not on a break) each interval of
	// the horizon requires.
	Need []float64
	// Templates are the shift templates the group's agents may work.
	Templates []*sim.ShiftTemplate
	// Contracts are those the group's agents may have; without any, every
	// shift is worked by whoever is free that day and no weekly rule
	// applies.
	Contracts []sim.Contract
	// HourlyCost is the group's cost of a paid hour, for contracts that
	// give none.
	HourlyCost float64
}

// Break is a break of a rostered shift, from the shift's start.
type Break struct {
	Name   string
	After  float64
	Length float64
	Paid   bool
}

// Shift is one agent's shift on one day of the horizon.
type Shift struct {
	Day      int
	Template string
	Start    float64 // after the day's midnight
	Length   float64
	Breaks   []Break
	// Line is the agent line (0-based) that works the shift; Contract is
	// that line's.
	Line     int
	Contract string
	// PaidHours is the shift less its unpaid breaks.
	PaidHours float64
	// Extra marks a shift added so that its line works its contract's
	// days, beyond what the cover needs.
	Extra bool
	tmpl  int
}

// Line is one agent's week: the shifts of one contract on its working
// days.
type Line struct {
	Contract  string
	Days      []int
	PaidHours float64
	Cost      float64
}

// Solution is a group's roster.
type Solution struct {
	Shifts []Shift
	Lines  []Line
	// Coverage is the agents on duty per interval of the horizon.
	Coverage  []float64
	PaidHours float64
	Cost      float64
	// BoundHours and BoundCost are the optimum of the covering program's
	// linear relaxation over every shift the templates allow: no roster
	// that covers the need pays fewer hours or costs less.
	BoundHours float64
	BoundCost  float64
	// ExtraHours are the paid hours of shifts added beyond the cover so
	// that every line works its contract's days.
	ExtraHours float64
	// Problems are contract rules the roster could not keep (a line short
	// of its weekly hours, say); empty when it keeps them all.
	Problems []string
}

// OnPaidBreak is the agents on a paid break per interval of the horizon
// of days of intervalSeconds: paid for, though Coverage leaves them out.
func (s *Solution) OnPaidBreak(intervalSeconds float64, days int) []float64 {
	h := horizon{L: intervalSeconds, n: days * int(math.Round(86400/intervalSeconds)), days: days}
	out := make([]float64, h.n)
	for _, sh := range s.Shifts {
		t0 := float64(sh.Day)*86400 + sh.Start
		for _, b := range sh.Breaks {
			if b.Paid {
				h.addCover(out, t0+b.After, t0+b.After+b.Length, 1)
			}
		}
	}
	return out
}

// Gap is how far the roster's paid hours are above the bound, as a share
// of the bound.
func (s *Solution) Gap() float64 {
	if s.BoundHours <= 0 {
		return 0
	}
	return s.PaidHours/s.BoundHours - 1
}

// Validate checks a problem before it is solved: a horizon of whole days,
// up to a week; a need per interval; templates that are valid; contracts
// whose rules can be kept at all.
func (p *Problem) Validate() error {
	perDay := 86400 / p.IntervalSeconds
	if !(p.IntervalSeconds > 0) || math.Abs(perDay-math.Round(perDay)) > 1e-9 {
		return fmt.Errorf("roster: intervals of %vs do not divide a day", p.IntervalSeconds)
	}
	if p.Days < 1 || p.Days > 7 {
		return fmt.Errorf("roster: a horizon of %d days: a roster covers one to seven whole days", p.Days)
	}
	if len(p.Need) != p.Days*int(math.Round(perDay)) {
		return fmt.Errorf("roster: %d values of need for %d days of %vs intervals", len(p.Need), p.Days, p.IntervalSeconds)
	}
	for i, v := range p.Need {
		if !(v >= 0) || math.IsInf(v, 0) {
			return fmt.Errorf("roster: need %v in interval %d", v, i)
		}
	}
	if len(p.Templates) == 0 {
		return fmt.Errorf("roster: no shift templates")
	}
	for _, t := range p.Templates {
		if err := t.Validate(); err != nil {
			return fmt.Errorf("roster: %w", err)
		}
	}
	for _, c := range p.Contracts {
		if err := validContract(c, p.Templates); err != nil {
			return err
		}
	}
	return nil
}

// validContract checks that a contract can be kept at all: its days and
// days off fit in a week, and its weekly hours are within what its days
// and templates can give.
func validContract(c sim.Contract, templates []*sim.ShiftTemplate) error {
	p := fmt.Sprintf("roster: contract %q", c.Name)
	if c.MinDays < 0 || c.MaxDays > 7 || c.MinDays > c.MaxDays || c.MaxDays < 1 {
		return fmt.Errorf("%s: working days %d to %d a week: want 0 <= min <= max <= 7 and max >= 1", p, c.MinDays, c.MaxDays)
	}
	if c.ConsecutiveDaysOff < 0 || c.ConsecutiveDaysOff > 7-c.MinDays {
		return fmt.Errorf("%s: %d consecutive days off leave fewer than its %d working days", p, c.ConsecutiveDaysOff, c.MinDays)
	}
	if c.MinAgents < 0 || c.MaxAgents < 0 || c.MaxAgents > 0 && c.MinAgents > c.MaxAgents {
		return fmt.Errorf("%s: agents %d to %d", p, c.MinAgents, c.MaxAgents)
	}
	if !(c.MinHours >= 0) || !(c.MaxHours >= 0) || c.MaxHours > 0 && c.MinHours > c.MaxHours {
		return fmt.Errorf("%s: weekly hours %v to %v", p, c.MinHours/3600, c.MaxHours/3600)
	}
	var lo, hi float64 = math.Inf(1), 0
	for _, t := range templates {
		if len(c.Templates) == 0 || slices.Contains(c.Templates, t.Name) {
			lo, hi = math.Min(lo, t.PaidLength()), math.Max(hi, t.PaidLength())
		}
	}
	if hi == 0 {
		return fmt.Errorf("%s: none of its templates is one the group works", p)
	}
	if c.MaxHours > 0 && float64(c.MinDays)*lo > c.MaxHours+1e-9 {
		return fmt.Errorf("%s: %d working days of at least %s paid each exceed its %s a week", p, c.MinDays, hm(lo), hm(c.MaxHours))
	}
	if float64(c.MaxDays)*hi < c.MinHours-1e-9 {
		return fmt.Errorf("%s: %d working days of at most %s paid each fall short of its %s a week", p, c.MaxDays, hm(hi), hm(c.MinHours))
	}
	if c.MinRest < 0 || c.MinRest >= 86400 {
		return fmt.Errorf("%s: rest of %s between shifts: want less than a day", p, hm(c.MinRest))
	}
	return nil
}

func hm(sec float64) string {
	m := int(math.Round(sec / 60))
	if m%60 == 0 {
		return fmt.Sprintf("%dh", m/60)
	}
	return fmt.Sprintf("%dh%02dm", m/60, m%60)
}

// Solve builds the roster: the covering program's relaxation for the
// bound, whole shifts by diving, then agent lines (see lines).
func Solve(ctx context.Context, p Problem) (*Solution, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	n := len(p.Need)
	h := horizon{L: p.IntervalSeconds, n: n, days: p.Days}
	// A template's paid hour costs what the cheapest contract that works
	// it pays; templates no contract works are left out.
	var templates []*sim.ShiftTemplate
	var rate []float64
	for _, t := range p.Templates {
		r := math.Inf(1)
		if len(p.Contracts) == 0 {
			r = p.HourlyCost
		}
		for _, c := range p.Contracts {
			if len(c.Templates) == 0 || slices.Contains(c.Templates, t.Name) {
				r = math.Min(r, contractRate(c, p.HourlyCost))
			}
		}
		if !math.IsInf(r, 1) {
			templates = append(templates, t)
			rate = append(rate, r/3600)
		}
	}
	if len(templates) == 0 {
		return nil, fmt.Errorf("roster: no contract works any of the group's templates")
	}
	// Costs of zero would leave the program without a direction: a paid
	// hour weighs at least a little.
	uniform := true
	for _, r := range rate {
		uniform = uniform && r == rate[0]
	}
	if !uniform || rate[0] == 0 {
		for i := range rate {
			rate[i] = math.Max(rate[i], 1e-6)
		}
	}
	// Whole agents cover an interval in multiples of a grain (shifts
	// starting every 15 minutes cover half-hours in halves): any roster
	// covers the need rounded up to it, and so does the bound.
	grain := coverGrain(p.IntervalSeconds, templates)
	need := make([]float64, n)
	for i, v := range p.Need {
		need[i] = math.Ceil(v/grain-1e-9) * grain
	}
	p.Need = need
	c := newCoverer(h, p.Need, templates, rate)
	rel, err := c.relax(ctx, p.Need, nil)
	if err != nil {
		return nil, err
	}
	if len(rel.uncovered) > 0 {
		return nil, uncoveredError(h, rel.uncovered, p.Need)
	}
	sol := &Solution{BoundCost: rel.cost}
	if uniform {
		sol.BoundHours = rel.cost / rate[0] / 3600
	} else {
		// The bound on hours is a program of its own when costs differ.
		unit := slices.Repeat([]float64{1.0 / 3600}, len(templates))
		hrel, err := newCoverer(h, p.Need, templates, unit).relax(ctx, p.Need, nil)
		if err != nil {
			return nil, err
		}
		sol.BoundHours = hrel.cost
	}
	// Lines may have to work shifts beyond the cover (extra) to keep
	// their contracts' days, and those shifts cover need too: the cover
	// is solved again around them, and the cheapest roster kept.
	var fixed []Shift
	for round := range linesRounds {
		cc, r := c, rel
		if round > 0 {
			rest := slices.Clone(p.Need)
			cover := make([]float64, n)
			for _, s := range fixed {
				addShiftCover(h, cover, s)
			}
			for i := range rest {
				rest[i] = math.Max(0, rest[i]-cover[i])
			}
			cc = newCoverer(h, rest, templates, rate)
			if r, err = cc.relax(ctx, rest, nil); err != nil {
				return nil, err
			}
			if len(r.uncovered) > 0 {
				break
			}
		}
		trial, err := rosterAround(ctx, p, c, cc, r, templates, fixed)
		if err != nil {
			return nil, err
		}
		// Fewer broken rules first, then fewer hours.
		if round == 0 || cmp.Or(cmp.Compare(len(trial.Problems), len(sol.Problems)), cmp.Compare(trial.PaidHours, sol.PaidHours-1e-9)) < 0 {
			trial.BoundHours, trial.BoundCost = sol.BoundHours, sol.BoundCost
			sol = trial
		}
		if trial.ExtraHours == 0 {
			break
		}
		// The next cover is solved around every extra shift so far.
		for _, s := range trial.Shifts {
			if s.Extra {
				s.Line, s.Contract, s.Extra = -1, "", false
				fixed = append(fixed, s)
			}
		}
	}
	return sol, nil
}

// linesRounds bounds the covers solved around the extra shifts of lines.
const linesRounds = 3

// rosterAround is a roster of the cover (cc, rel) plus the shifts fixed,
// in agent lines; c is the whole need's coverer, where lines place their
// extra shifts.
func rosterAround(ctx context.Context, p Problem, c, cc *coverer, rel *relaxation, templates []*sim.ShiftTemplate, fixed []Shift) (*Solution, error) {
	chosen, err := cc.integer(ctx, rel)
	if err != nil {
		return nil, err
	}
	shifts := slices.Clone(fixed)
	for _, ch := range chosen {
		t := templates[ch.cand.tmpl]
		for range ch.count {
			shifts = append(shifts, newShift(t, ch.cand, -1))
		}
	}
	slices.SortStableFunc(shifts, compareShifts)
	sol := &Solution{Shifts: shifts}
	if err := sol.buildLines(ctx, p, c, templates); err != nil {
		return nil, err
	}
	sol.Coverage = make([]float64, len(p.Need))
	for _, s := range sol.Shifts {
		addShiftCover(c.h, sol.Coverage, s)
		sol.PaidHours += s.PaidHours
		if s.Extra {
			sol.ExtraHours += s.PaidHours
		}
	}
	for _, l := range sol.Lines {
		sol.Cost += l.Cost
	}
	return sol, nil
}

// coverGrain is the step in which one agent's cover of an interval moves:
// every boundary a shift's cover can have (its start, its end, its
// breaks' starts and ends, midnight) falls on a multiple of the greatest
// common divisor of those times, in milliseconds, and so does every
// overlap with an interval.
func coverGrain(L float64, templates []*sim.ShiftTemplate) float64 {
	ms := func(sec float64) int64 { return int64(math.Round(sec * 1000)) }
	g := ms(L)
	add := func(sec float64) {
		if v := ms(sec); v != 0 {
			g = gcd(g, v)
		}
	}
	add(86400)
	for _, t := range templates {
		add(t.Length)
		for _, s := range t.Starts {
			add(s)
		}
		for _, b := range t.Breaks {
			add(b.Length)
			for _, o := range b.Offsets() {
				add(o)
			}
		}
	}
	return float64(g) / float64(ms(L))
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	if a < 0 {
		return -a
	}
	return a
}

// contractRate is a contract's cost of a paid hour.
func contractRate(c sim.Contract, group float64) float64 {
	if c.HourlyCost > 0 {
		return c.HourlyCost
	}
	return group
}

func newShift(t *sim.ShiftTemplate, cand candidate, tmpl int) Shift {
	s := Shift{Day: cand.day, Template: t.Name, Start: cand.start, Length: t.Length, Line: -1,
		PaidHours: t.PaidLength() / 3600, tmpl: cand.tmpl}
	if tmpl >= 0 {
		s.tmpl = tmpl
	}
	for r, b := range t.Breaks {
		s.Breaks = append(s.Breaks, Break{Name: b.Name, After: cand.at[r], Length: b.Length, Paid: b.Paid})
	}
	return s
}

func compareShifts(a, b Shift) int {
	return cmp.Or(cmp.Compare(a.Day, b.Day), cmp.Compare(a.Start, b.Start), strings.Compare(a.Template, b.Template))
}

// addShiftCover adds one shift's agent on duty to cover.
func addShiftCover(h horizon, cover []float64, s Shift) {
	t0 := float64(s.Day)*86400 + s.Start
	h.addCover(cover, t0, t0+s.Length, 1)
	for _, b := range s.Breaks {
		h.addCover(cover, t0+b.After, t0+b.After+b.Length, -1)
	}
}

// UncoveredError says which intervals no shift template can cover.
type UncoveredError struct {
	// Intervals are indices into the horizon; Need their need.
	Intervals []int
	Need      []float64
}

func (e *UncoveredError) Error() string {
	return fmt.Sprintf("roster: no shift template covers %d intervals that need agents (the first is interval %d, needing %.1f)",
		len(e.Intervals), e.Intervals[0], e.Need[0])
}

func uncoveredError(h horizon, rows []int, need []float64) error {
	e := &UncoveredError{}
	for _, i := range rows {
		e.Intervals = append(e.Intervals, i)
		e.Need = append(e.Need, need[i])
	}
	return e
}
