package sim

import (
	"fmt"
	"math"
)

// Shift is Count agents on duty from a clock time for a length, less their
// breaks. Shifts describe one daily pattern: a shift that runs past
// midnight wraps to the start of the same day.
type Shift struct {
	Start  float64 // seconds after midnight, [0, 86400)
	Length float64 // seconds, breaks included, (0, 86400]
	Breaks []Break
	Count  int
}

// Break is time off duty within a shift; a paid break is paid for (a
// coffee break), an unpaid one is not (a meal).
type Break struct {
	After  float64 // seconds from the start of the shift
	Length float64 // seconds
	Paid   bool
}

// OnDuty is one agent's time on duty in seconds: the length less the
// breaks.
func (s Shift) OnDuty() float64 {
	d := s.Length
	for _, b := range s.Breaks {
		d -= b.Length
	}
	return d
}

// Cover adds the shift's agents on duty to day, one value per interval of
// intervalSeconds from midnight: an interval counts the agents in
// proportion to the part of it they are on duty (a shift that starts at
// 07:15 counts half its agents in 07:00-07:30), breaks left out. Scenario
// staffing and the planner's shift cover both count agents this way.
func (s Shift) Cover(day []float64, intervalSeconds float64) {
	n := float64(s.Count)
	cover(day, intervalSeconds, s.Start, s.Start+s.Length, n)
	for _, b := range s.Breaks {
		cover(day, intervalSeconds, s.Start+b.After, s.Start+b.After+b.Length, -n)
	}
}

// PaidBreakCover adds the shift's agents on a paid break to day, as Cover
// counts agents on duty: paid, though not on duty.
func (s Shift) PaidBreakCover(day []float64, intervalSeconds float64) {
	for _, b := range s.Breaks {
		if b.Paid {
			cover(day, intervalSeconds, s.Start+b.After, s.Start+b.After+b.Length, float64(s.Count))
		}
	}
}

// cover adds agents to the intervals of day over [from, to) in seconds
// after midnight, in proportion to the part of each interval covered; a
// span past midnight wraps to the start of the day.
func cover(day []float64, L, from, to, agents float64) {
	for from < to {
		if from >= 86400 {
			from, to = from-86400, to-86400
		}
		end := math.Min(to, 86400)
		for i := max(0, int(from/L)); i < len(day) && float64(i)*L < end; i++ {
			if lo, hi := math.Max(from, float64(i)*L), math.Min(end, float64(i+1)*L); hi > lo {
				day[i] += agents * (hi - lo) / L
			}
		}
		from = end
	}
}

// MaxShiftStarts bounds the shift starts one group may choose among (its
// templates times their starts): the size of the planner's linear
// program, which a shift file is checked against when it is read.
const MaxShiftStarts = 5000

// ShiftTemplate is a kind of shift a plan may use: its length and breaks,
// the clock times it may start at and the groups that may work it.
type ShiftTemplate struct {
	Name   string
	Length float64   // seconds, breaks included; (0, 24h]
	Starts []float64 // allowed starts, seconds after midnight, [0, 24h)
	// Breaks are taken in this order, each within its window.
	Breaks []BreakRule
	// Groups names the groups that may work the shift; empty means all.
	Groups []string
}

// BreakRule is a break every shift of a template takes: at a fixed offset
// from the shift's start (Earliest equal to Latest), or wherever the
// planner places it within a window of offsets, on a grid of Step. A meal
// is a break like any other, usually unpaid and longer.
type BreakRule struct {
	Name   string
	Length float64 // seconds
	// Earliest and Latest bound the break's start, in seconds from the
	// shift's start.
	Earliest, Latest float64
	// Step is the grid of the break's start within its window; 0 means
	// DefaultBreakStep.
	Step float64
	// Paid breaks are paid but not on duty; unpaid ones are neither.
	Paid bool
}

// DefaultBreakStep is the grid breaks are placed on when a rule gives
// none.
const DefaultBreakStep = 900

// Offsets lists the starts the rule allows, in seconds from the shift's
// start, in increasing order.
func (b BreakRule) Offsets() []float64 {
	step := b.Step
	if step <= 0 {
		step = DefaultBreakStep
	}
	var out []float64
	for o := b.Earliest; o <= b.Latest+1e-9; o += step {
		out = append(out, o)
	}
	if len(out) == 0 || out[len(out)-1] < b.Latest-1e-9 {
		out = append(out, b.Latest)
	}
	return out
}

// Shift is count agents on the template from start, with its breaks at
// the given offsets from the start (one per rule; nil places each at the
// earliest its rule allows).
func (t *ShiftTemplate) Shift(start float64, count int, at []float64) Shift {
	s := Shift{Start: start, Length: t.Length, Count: count}
	for j, b := range t.Breaks {
		o := b.Earliest
		if at != nil {
			o = at[j]
		}
		s.Breaks = append(s.Breaks, Break{After: o, Length: b.Length})
	}
	return s
}

// PaidLength is one agent's paid time on a shift of the template: its
// length less its unpaid breaks.
func (t *ShiftTemplate) PaidLength() float64 {
	d := t.Length
	for _, b := range t.Breaks {
		if !b.Paid {
			d -= b.Length
		}
	}
	return d
}

// MinTemplateLength is the shortest shift a template may give, in
// seconds: a roster covers its need with whole shifts, and shifts of
// seconds would take it thousands of them per agent needed.
const MinTemplateLength = 15 * 60

// Validate checks that the template lasts from MinTemplateLength to a
// day, starts within the day, keeps its breaks within it, in order and
// without overlap even when each is placed as late as its window allows
// after the one before it is, and leaves some time on duty.
func (t *ShiftTemplate) Validate() error {
	p := fmt.Sprintf("shift template %q", t.Name)
	if !(t.Length >= MinTemplateLength && t.Length <= 86400) {
		return fmt.Errorf("%s: length %vs: must be from 15m to 24h", p, t.Length)
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
	onDuty := t.Length
	for _, b := range t.Breaks {
		step := b.Step
		if !(b.Length > 0) || !(b.Earliest >= 0) || !(b.Latest >= b.Earliest) || b.Latest+b.Length > t.Length || !(step >= 0) || math.IsInf(step, 0) {
			return fmt.Errorf("%s: break %q: its window must lie within the shift and it must last more than zero", p, b.Name)
		}
		if b.Latest-b.Earliest > 0 && len(b.Offsets()) > maxBreakOffsets {
			return fmt.Errorf("%s: break %q: more than %d places in its window", p, b.Name, maxBreakOffsets)
		}
		if b.Earliest < end {
			return fmt.Errorf("%s: breaks must be in order: %q may start before the one before it ends", p, b.Name)
		}
		end = b.Earliest + b.Length
		onDuty -= b.Length
	}
	if !(onDuty > 0) {
		return fmt.Errorf("%s: breaks take the whole shift", p)
	}
	return nil
}

// maxBreakOffsets bounds the places a break's window allows, so that a
// hostile file stays cheap.
const maxBreakOffsets = 1440

// Contract is what an agent of a roster works in a week, and how many
// agents may have it.
type Contract struct {
	Name string
	// Groups and Templates name the groups whose agents may have the
	// contract and the shift templates they work; empty means all.
	Groups    []string
	Templates []string
	// MinDays and MaxDays bound the working days in a week.
	MinDays, MaxDays int
	// ConsecutiveDaysOff asks the week's days off to include that many
	// consecutive days (counting from Sunday to Monday); 0 asks nothing.
	ConsecutiveDaysOff int
	// MinHours and MaxHours bound the paid hours in a week, in seconds;
	// MaxHours 0 means no bound.
	MinHours, MaxHours float64
	// MinAgents and MaxAgents bound the agents with the contract in each
	// group; MaxAgents 0 means no bound.
	MinAgents, MaxAgents int
	// HourlyCost is the cost of a paid hour; 0 means the group's.
	HourlyCost float64
	// MinRest is the least time off between the end of one shift and the
	// start of the next, in seconds; 0 asks nothing.
	MinRest float64
}

// ShiftRules are what a roster is built from: shift templates and, when
// agents work weekly contracts, the contracts.
type ShiftRules struct {
	Templates []ShiftTemplate
	Contracts []Contract
}
