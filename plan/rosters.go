package plan

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"

	"github.com/ccsim/ccsim/plan/roster"
	"github.com/ccsim/ccsim/sim"
)

// RosterPlan is a plan's requirement worked as shifts and weekly agent
// lines (see package roster), simulated and repaired until the targets
// hold in the simulation.
type RosterPlan struct {
	Groups []GroupRoster
	// PaidHours are the roster's paid hours over the horizon; BoundHours
	// the least any roster covering the same need could pay (the
	// covering program's relaxation), and Gap how far above that the
	// roster is, as a share.
	PaidHours  float64
	BoundHours float64
	Gap        float64
	// Cost is the roster's paid hours at its contracts' hourly costs;
	// BoundCost the relaxation's.
	Cost      float64
	BoundCost float64
	// Rounds are the roster's simulations: the first of the roster built
	// on the plan's requirement, each next one after a repair.
	Rounds []RosterRound
	// Met reports that the last simulation misses no target beyond its
	// confidence bound and no contract rule was broken.
	Met bool
	// CheckSeed is the seed of the last simulation, which the figures
	// come from.
	CheckSeed    uint64
	ServiceLevel sim.Stat
	// SimulatedCost is the cost the simulation counts: hours on duty (a
	// scenario's shifts pay no break) and per-contact costs.
	SimulatedCost sim.Stat
	// Short are the targets the last simulation finds short of their
	// limit at the confidence; Misses those missed even at the
	// favourable bound.
	Short  []Miss
	Misses []Miss
	// Forecast is the last simulation.
	Forecast *sim.Result
}

// GroupRoster is one group's roster.
type GroupRoster struct {
	Name      string
	Shrinkage float64
	roster.Solution
	// Required is what the roster was built for: the agents on duty
	// (paid, not on a break) each interval needs, the plan's on-floor
	// agents over 1 - shrinkage, raised by the repairs.
	Required []float64
	// OnFloor are the agents the roster leaves taking contacts:
	// floor(coverage x (1 - shrinkage)), as a scenario counts them.
	OnFloor []int
}

// RosterRound is one simulation of the roster.
type RosterRound struct {
	Seed      uint64
	PaidHours float64
	// Short counts the targets short of their limit at the confidence;
	// Raised the on-floor agent-intervals the repair then asked for.
	Short  int
	Raised int
}

// rosterRounds bounds the roster's simulations.
const rosterRounds = 3

// rosterSeed is the first seed of the roster's simulations, past the
// search's and the checks' (Seed+1 ... Seed+maxVerifyRounds).
func (p *planner) rosterSeed() uint64 { return p.opts.Seed + maxVerifyRounds + 1 }

// HorizonError says why a horizon cannot be rostered.
type HorizonError struct{ Reason string }

func (e *HorizonError) Error() string { return "plan: shifts: " + e.Reason }

// roster builds the roster of every planned group on the plan's
// requirement x (on-floor agents), simulates it with a fresh seed and,
// where a target falls short at the confidence, raises that interval's
// requirement by what the simulation asks (as the checks do) and builds
// the roster again, at most rosterRounds times.
func (p *planner) roster(ctx context.Context, res *Result, x [][]int) (*RosterPlan, error) {
	rules := p.opts.Shifts
	perDay := 86400 / p.L
	if math.Abs(perDay-math.Round(perDay)) > 1e-9 {
		return nil, &InputError{&HorizonError{fmt.Sprintf("a roster needs intervals that divide a day, not %gs", p.L)}}
	}
	// A horizon of part of a day is rostered as the whole day, with no
	// need past its end.
	days := (p.n + int(math.Round(perDay)) - 1) / int(math.Round(perDay))
	if days > 7 {
		return nil, &InputError{&HorizonError{fmt.Sprintf("a roster covers one week at most: the horizon has %d days", days)}}
	}
	for _, t := range rules.Templates {
		for _, g := range t.Groups {
			if !slices.ContainsFunc(p.planned, func(gi int) bool { return p.m.Groups[gi].Name == g }) {
				return nil, &InputError{fmt.Errorf("plan: shift template %q: unknown or unlimited group %q", t.Name, g)}
			}
		}
	}
	for _, c := range rules.Contracts {
		for _, g := range c.Groups {
			if !slices.ContainsFunc(p.planned, func(gi int) bool { return p.m.Groups[gi].Name == g }) {
				return nil, &InputError{fmt.Errorf("plan: contract %q: unknown or unlimited group %q", c.Name, g)}
			}
		}
	}
	want := cloneStaff(x)
	rp := &RosterPlan{}
	built := make([]builtRoster, len(p.planned))
	for round := 0; ; round++ {
		groups, err := p.buildRosters(ctx, want, days, built, func(done float64) {
			p.progress((float64(round) + done) / rosterRounds)
		})
		if err != nil {
			return nil, err
		}
		staff := make([][]int, len(p.planned))
		paid := make([][]float64, len(p.planned))
		for k := range groups {
			// Agents on a paid break are paid for, though not on duty.
			paid[k] = slices.Clone(groups[k].Coverage)
			floats.Add(paid[k], groups[k].OnPaidBreak(p.L, days)[:p.n])
			staff[k] = groups[k].OnFloor
		}
		seed := p.rosterSeed() + uint64(round)
		s, err := p.simulateWith(ctx, staff, paid, seed, p.opts.Replications)
		if err != nil {
			return nil, err
		}
		var short []check
		rp.Short, rp.Misses = []Miss{}, []Miss{}
		for _, k := range p.checks(s, staff) {
			if p.met(k) || !p.plannable(k) || p.gaveUp[k.key()] {
				continue
			}
			short = append(short, k)
			rp.Short = append(rp.Short, p.miss(k, res.Labels))
			if p.missed(k) {
				rp.Misses = append(rp.Misses, p.miss(k, res.Labels))
			}
		}
		rp.Groups = groups
		rp.CheckSeed, rp.Forecast = seed, s.r
		rp.ServiceLevel, rp.SimulatedCost = s.r.Total.Total[sim.ServiceLevel], s.r.Total.Total[sim.Cost]
		rp.PaidHours, rp.BoundHours, rp.Cost, rp.BoundCost = 0, 0, 0, 0
		problems := 0
		for _, g := range groups {
			rp.PaidHours += g.PaidHours
			rp.BoundHours += g.BoundHours
			rp.Cost += g.Cost
			rp.BoundCost += g.BoundCost
			problems += len(g.Problems)
		}
		if rp.BoundHours > 0 {
			// A roster at the bound can fall below the LP's optimum by
			// rounding; it is at the bound, not under it.
			rp.Gap = max(0, rp.PaidHours/rp.BoundHours-1)
		}
		adds := p.addsAt(s, staff, short, nil, p.halfWidth)
		raised := 0
		for _, a := range adds {
			raised += a.n
		}
		rp.Rounds = append(rp.Rounds, RosterRound{Seed: seed, PaidHours: rp.PaidHours, Short: len(short), Raised: raised})
		if len(short) == 0 || len(adds) == 0 || round == rosterRounds-1 {
			rp.Met = len(rp.Misses) == 0 && problems == 0
			return rp, nil
		}
		// The repair asks of the roster what the simulation asks of the
		// agents on the floor where a target fell short.
		for _, a := range adds {
			want[a.k][a.i] = max(want[a.k][a.i], staff[a.k][a.i]+a.n)
		}
	}
}

// RosterError is a group whose roster cannot be built from the shift
// file's templates and contracts as they are (its headcounts leave a
// day's shifts to nobody, say): the plan is infeasible, not its input
// malformed.
type RosterError struct {
	Group string
	Err   error
}

func (e *RosterError) Error() string {
	return fmt.Sprintf("plan: roster of group %q: %v", e.Group, e.Err)
}
func (e *RosterError) Unwrap() error { return e.Err }

// builtRoster is a group's roster and the requirement it was built for.
type builtRoster struct {
	want   []int
	roster GroupRoster
}

// buildRosters solves every planned group's roster for the on-floor
// requirement want, calling done with the share of groups solved. A
// roster depends on nothing but its requirement, so a group whose
// requirement is the one in built (the last round's, which a repair
// raised elsewhere) keeps that roster; built is updated.
func (p *planner) buildRosters(ctx context.Context, want [][]int, days int, built []builtRoster, done func(float64)) ([]GroupRoster, error) {
	rules := p.opts.Shifts
	var out []GroupRoster
	for k, gi := range p.planned {
		if built[k].want != nil && slices.Equal(built[k].want, want[k]) {
			out = append(out, built[k].roster)
			done(float64(k+1) / float64(len(p.planned)))
			continue
		}
		g := &p.m.Groups[gi]
		prob := roster.Problem{IntervalSeconds: p.L, Days: days, StartWeekday: p.m.StartWeekday,
			HourlyCost: g.HourlyCost}
		prob.Need = make([]float64, days*int(math.Round(86400/p.L)))
		for i, a := range want[k] {
			// The least cover whose floor leaves a agents (see
			// sim.Group.OnFloor).
			prob.Need[i] = float64(a) / (1 - g.Shrinkage)
		}
		for j := range rules.Templates {
			t := &rules.Templates[j]
			if len(t.Groups) == 0 || slices.Contains(t.Groups, g.Name) {
				prob.Templates = append(prob.Templates, t)
			}
		}
		for _, c := range rules.Contracts {
			if len(c.Groups) == 0 || slices.Contains(c.Groups, g.Name) {
				prob.Contracts = append(prob.Contracts, c)
			}
		}
		if len(prob.Templates) == 0 {
			if slices.Max(want[k]) == 0 {
				out = append(out, GroupRoster{Name: g.Name, Shrinkage: g.Shrinkage, Required: prob.Need[:p.n],
					OnFloor: make([]int, p.n), Solution: roster.Solution{Coverage: make([]float64, p.n)}})
				done(float64(k+1) / float64(len(p.planned)))
				continue
			}
			return nil, &InputError{fmt.Errorf("plan: group %q needs agents but no shift template is for it", g.Name)}
		}
		if err := prob.Validate(); err != nil {
			return nil, &InputError{fmt.Errorf("plan: roster of group %q: %w", g.Name, err)}
		}
		sol, err := roster.Solve(ctx, prob)
		var un *roster.UncoveredError
		if errors.As(err, &un) {
			labels := p.m.Timeline().Labels()
			var at []string
			for _, i := range un.Intervals[:min(len(un.Intervals), 5)] {
				if i < len(labels) {
					at = append(at, labels[i])
				}
			}
			// The shift file cannot staff what the plan needs: its
			// templates are the input to mend.
			return nil, &InputError{fmt.Errorf("plan: group %q cannot be rostered: no shift template covers %d intervals that need agents (%s), so no roster can staff them; add a template or starts that reach them",
				g.Name, len(un.Intervals), strings.Join(at, ", "))}
		}
		if err != nil {
			return nil, &RosterError{Group: g.Name, Err: err}
		}
		sol.Coverage = sol.Coverage[:p.n]
		gr := GroupRoster{Name: g.Name, Shrinkage: g.Shrinkage, Solution: *sol, Required: prob.Need[:p.n], OnFloor: make([]int, p.n)}
		for i, c := range sol.Coverage {
			gr.OnFloor[i] = g.OnFloor(c)
		}
		out = append(out, gr)
		built[k] = builtRoster{want: slices.Clone(want[k]), roster: gr}
		done(float64(k+1) / float64(len(p.planned)))
	}
	return out, nil
}

// ScenarioShifts are the group's shifts as a scenario's staffing gives
// them, one day's list per weekday of the horizon (index 0 Sunday; nil for
// weekdays outside it): each distinct shift once with its count, breaks
// at their offsets. With a horizon of more than one day, a shift that runs
// past midnight is cut there, its morning part going to the next day
// (round the end of the horizon to the first), since a scenario's shift
// wraps within its own day.
func (g *GroupRoster) ScenarioShifts(days, startWeekday int) *[7][]sim.Shift {
	var out [7][]sim.Shift
	for d := range days {
		out[(startWeekday+d)%7] = []sim.Shift{}
	}
	add := func(day int, s sim.Shift) {
		wd := (startWeekday + day%days) % 7
		list := out[wd]
		for i := range list {
			if list[i].Start == s.Start && list[i].Length == s.Length && slices.Equal(list[i].Breaks, s.Breaks) {
				list[i].Count++
				return
			}
		}
		s.Count = 1
		out[wd] = append(list, s)
	}
	for _, s := range g.Shifts {
		var breaks []sim.Break
		for _, b := range s.Breaks {
			breaks = append(breaks, sim.Break{After: b.After, Length: b.Length, Paid: b.Paid})
		}
		end := s.Start + s.Length
		if days == 1 || end <= 86400 {
			add(s.Day, sim.Shift{Start: s.Start, Length: s.Length, Breaks: breaks})
			continue
		}
		cut := 86400 - s.Start
		var before, after []sim.Break
		for _, b := range breaks {
			switch {
			case b.After+b.Length <= cut:
				before = append(before, b)
			case b.After >= cut:
				after = append(after, sim.Break{After: b.After - cut, Length: b.Length, Paid: b.Paid})
			default:
				before = append(before, sim.Break{After: b.After, Length: cut - b.After, Paid: b.Paid})
				after = append(after, sim.Break{After: 0, Length: b.After + b.Length - cut, Paid: b.Paid})
			}
		}
		add(s.Day, sim.Shift{Start: s.Start, Length: cut, Breaks: before})
		add(s.Day+1, sim.Shift{Start: 0, Length: s.Length - cut, Breaks: after})
	}
	for wd := range out {
		slices.SortStableFunc(out[wd], func(a, b sim.Shift) int {
			return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(a.Length, b.Length))
		})
	}
	return &out
}
