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

// Break is time off duty within a shift (neither on duty nor paid).
type Break struct {
	After  float64 // seconds from the start of the shift
	Length float64 // seconds
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
	Breaks []Break
	// Groups names the groups that may work the shift; empty means all.
	Groups []string
}

// Shift is count agents on the template from start.
func (t *ShiftTemplate) Shift(start float64, count int) Shift {
	return Shift{Start: start, Length: t.Length, Breaks: t.Breaks, Count: count}
}

// Validate checks that the template lasts more than zero and at most a
// day, starts within the day, keeps its breaks within it, in order and
// without overlap, and leaves some time on duty.
func (t *ShiftTemplate) Validate() error {
	p := fmt.Sprintf("shift template %q", t.Name)
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
	if !(t.Shift(0, 1).OnDuty() > 0) {
		return fmt.Errorf("%s: breaks take the whole shift", p)
	}
	return nil
}
