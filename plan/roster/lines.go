package roster

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/gonum/floats"

	"github.com/ccsim/ccsim/sim"
)

// buildLines cuts the shifts into agent lines.
//
// Without contracts, each day's shifts, in order of start, go to lines 0,
// 1, 2 ...: a line is a desk that whoever works that day fills.
//
// With contracts, a line is one agent's week: one contract, one shift
// template, a pattern of working days that keeps the contract's days,
// consecutive days off and weekly hours (its days times the template's
// paid hours), and on each working day a shift of its template starting
// when that day's cover needs it. How many lines work each contract,
// template and pattern is a covering program of its own: every day must
// have a line for each of its shifts of each template, at the least cost
// of the lines' paid hours; it is rounded by diving, as the shifts are. A
// contract over its headcount keeps the lines that work the most days,
// and the others cover the rest. A line whose pattern has a day with no
// shift left drops that day when its contract allows fewer days, or else
// works an extra shift placed where the cover is thinnest for its need.
// Each day's shifts go to that day's lines of their template, in order of
// start, keeping each contract's rest between shifts.
func (sol *Solution) buildLines(ctx context.Context, p Problem, c *coverer, templates []*sim.ShiftTemplate) error {
	if len(p.Contracts) == 0 {
		next := make([]int, p.Days)
		for i := range sol.Shifts {
			s := &sol.Shifts[i]
			s.Line = next[s.Day]
			next[s.Day]++
		}
		sol.Lines = make([]Line, slices.Max(next))
		for _, s := range sol.Shifts {
			l := &sol.Lines[s.Line]
			l.Days = append(l.Days, s.Day)
			l.PaidHours += s.PaidHours
			l.Cost += s.PaidHours * p.HourlyCost
		}
		return nil
	}
	contracts := slices.Clone(p.Contracts)
	slices.SortStableFunc(contracts, func(a, b sim.Contract) int {
		ra, rb := contractRate(a, p.HourlyCost), contractRate(b, p.HourlyCost)
		return cmp.Or(cmp.Compare(ra, rb), strings.Compare(a.Name, b.Name))
	})
	works := func(k, t int) bool {
		return len(contracts[k].Templates) == 0 || slices.Contains(contracts[k].Templates, templates[t].Name)
	}
	nt := len(templates)
	count := make([][]int, p.Days) // count[d][t]
	for d := range count {
		count[d] = make([]int, nt)
	}
	for _, s := range sol.Shifts {
		count[s.Day][s.tmpl]++
	}
	week := p.Days == 7
	// Every (contract, template, pattern) a line may work.
	type lineType struct {
		k, t int
		days []int
	}
	var types []lineType
	for k, ct := range contracts {
		for t := range templates {
			if !works(k, t) {
				continue
			}
			h := templates[t].PaidLength() / 3600
			for _, pt := range patterns(p.Days, ct, week, h, h) {
				types = append(types, lineType{k, t, pt})
			}
		}
	}
	cost := func(lt lineType) float64 {
		return float64(len(lt.days)) * templates[lt.t].PaidLength() / 3600 * contractRate(contracts[lt.k], p.HourlyCost)
	}
	// How many lines of each type, contracts over their headcount kept
	// to it (the lines that work the most days) and left out of the
	// program for the rest.
	z := make([]int, len(types))
	left := make([][]int, p.Days)
	for d := range left {
		left[d] = slices.Clone(count[d])
	}
	excluded := make([]bool, len(contracts))
	for round := 0; ; round++ {
		var idx []int
		for j, lt := range types {
			if !excluded[lt.k] {
				idx = append(idx, j)
			}
		}
		var cols [][]int
		var costs []float64
		for _, j := range idx {
			cols = append(cols, types[j].days)
			costs = append(costs, cost(types[j]))
		}
		add, err := coverDays(ctx, left, cols, costs, func(col, d, t int) bool { return types[idx[col]].t == t })
		var un *unworkedError
		if errors.As(err, &un) {
			// Name the template, and the headcounts that left it to
			// nobody.
			var full, listed []string
			for k, ct := range contracts {
				if !works(k, un.tmpl) {
					continue
				}
				listed = append(listed, fmt.Sprintf("%q", ct.Name))
				if excluded[k] {
					full = append(full, fmt.Sprintf("%q at most %d agents", ct.Name, ct.MaxAgents))
				}
			}
			why := "no contract works the template"
			if len(listed) > 0 {
				why = "no week of " + strings.Join(listed, ", ") + " fits its shifts (days and hours)"
			}
			if len(full) > 0 {
				why = "the contracts that work it are at their headcount (" + strings.Join(full, ", ") + ")"
			}
			return fmt.Errorf("no agent line can work day %d's shifts of template %q (%d of them): %s; raise a headcount or add a contract that works it",
				un.day+1, templates[un.tmpl].Name, left[un.day][un.tmpl], why)
		}
		if err != nil {
			return err
		}
		over := false
		for k, ct := range contracts {
			if excluded[k] || ct.MaxAgents == 0 {
				continue
			}
			have, want := 0, 0
			for j, lt := range types {
				if lt.k == k {
					have += z[j]
				}
			}
			for col, n := range add {
				if types[idx[col]].k == k {
					want += n
				}
			}
			if have+want <= ct.MaxAgents {
				continue
			}
			// Keep the lines with the most days, up to the headcount.
			over = true
			excluded[k] = true
			room := ct.MaxAgents - have
			order := []int{}
			for col, n := range add {
				if n > 0 && types[idx[col]].k == k {
					order = append(order, col)
				}
			}
			slices.SortStableFunc(order, func(a, b int) int { return len(types[idx[b]].days) - len(types[idx[a]].days) })
			for _, col := range order {
				take := min(room, add[col])
				room -= take
				z[idx[col]] += take
				for _, d := range types[idx[col]].days {
					left[d][types[idx[col]].t] -= take
				}
				add[col] = 0
			}
		}
		if !over {
			for col, n := range add {
				z[idx[col]] += n
			}
			break
		}
		for d := range left {
			for t := range left[d] {
				left[d][t] = max(0, left[d][t])
			}
		}
		if round > len(contracts) {
			return fmt.Errorf("roster: the contracts' headcounts cannot be kept")
		}
	}
	// Lines, and the contracts' least headcounts.
	var lines []linePlan
	for j, n := range z {
		for range n {
			lines = append(lines, linePlan{k: types[j].k, t: types[j].t, days: slices.Clone(types[j].days)})
		}
	}
	for k, ct := range contracts {
		have := 0
		for _, l := range lines {
			if l.k == k {
				have++
			}
		}
		best := -1
		for j, lt := range types {
			if lt.k == k && (best < 0 || cost(lt) < cost(types[best])) {
				best = j
			}
		}
		for ; have < ct.MinAgents && best >= 0; have++ {
			lines = append(lines, linePlan{k: k, t: types[best].t, days: slices.Clone(types[best].days)})
		}
	}
	// Days with more lines than shifts: drop the day where the contract
	// allows it, else an extra shift.
	cover := make([]float64, len(p.Need))
	for _, s := range sol.Shifts {
		addShiftCover(c.h, cover, s)
	}
	for d := range p.Days {
		for t := range nt {
			working := 0
			for _, l := range lines {
				if l.t == t && slices.Contains(l.days, d) {
					working++
				}
			}
			excess := working - count[d][t]
			for li := range lines {
				if excess <= 0 {
					break
				}
				l := &lines[li]
				ct := contracts[l.k]
				minDays := ct.MinDays
				if !week {
					minDays = 1
				}
				h := templates[t].PaidLength() / 3600
				least, _ := hoursRange(ct, len(l.days)-1, week)
				if l.t == t && slices.Contains(l.days, d) && len(l.days) > max(minDays, 1) &&
					float64(len(l.days)-1)*h >= least-1e-9 {
					l.days = slices.DeleteFunc(l.days, func(x int) bool { return x == d })
					excess--
				}
			}
			for range max(0, excess) {
				cand, ok := c.extra(d, cover, func(x candidate) bool { return x.tmpl == t })
				if !ok {
					return fmt.Errorf("roster: no shift %q starts on day %d", templates[t].Name, d+1)
				}
				s := newShift(templates[t], cand, t)
				s.Extra = true
				addShiftCover(c.h, cover, s)
				sol.Shifts = append(sol.Shifts, s)
			}
		}
	}
	// Each day's shifts of a template to that day's lines of it.
	// A week's roster repeats: a line's last shift comes before its
	// first, a week later, and must rest as much.
	wrap := 0
	if week {
		wrap = p.Days
	}
	assign(sol.Shifts, lines, contracts, p.Days)
	repairRest(sol.Shifts, lines, contracts, wrap)
	matchForRest(sol.Shifts, lines, contracts, p.Days, wrap)
	c.moveForRest(sol.Shifts, lines, contracts, templates, cover, wrap)
	lines = c.lineForRest(sol, lines, contracts, templates, cover, week, wrap)
	slices.SortStableFunc(lines, func(a, b linePlan) int {
		if a.k != b.k {
			return a.k - b.k
		}
		if a.t != b.t {
			return a.t - b.t
		}
		return slices.Compare(a.days, b.days)
	})
	for li, l := range lines {
		ct := contracts[l.k]
		line := Line{Contract: ct.Name, Days: l.days}
		for _, i := range l.shifts {
			s := &sol.Shifts[i]
			s.Line, s.Contract = li, ct.Name
			line.PaidHours += s.PaidHours
		}
		line.Cost = line.PaidHours * contractRate(ct, p.HourlyCost)
		if minH, maxH := hoursRange(ct, len(l.days), week); line.PaidHours < minH-1e-9 || line.PaidHours > maxH+1e-9 {
			sol.Problems = append(sol.Problems, fmt.Sprintf("line %d (%s) works %.2f paid hours, outside %.2f to %.2f",
				li+1, ct.Name, line.PaidHours, minH, maxH))
		}
		if ct.MinRest > 0 {
			for j := 1; j <= pairs(l.shifts, wrap); j++ {
				a, b := pairAt(sol.Shifts, l.shifts, j, wrap)
				if rest := restBetween(a, b); rest < ct.MinRest-1e-9 {
					sol.Problems = append(sol.Problems, fmt.Sprintf("line %d (%s) rests %s between days %d and %d, under its %s",
						li+1, ct.Name, hm(rest), a.Day+1, b.Day%p.Days+1, hm(ct.MinRest)))
				}
			}
		}
		if len(l.shifts) != len(l.days) {
			sol.Problems = append(sol.Problems, fmt.Sprintf("line %d (%s) has %d shifts for %d working days", li+1, ct.Name, len(l.shifts), len(l.days)))
		}
		sol.Lines = append(sol.Lines, line)
	}
	for _, s := range sol.Shifts {
		if s.Line < 0 {
			sol.Problems = append(sol.Problems, fmt.Sprintf("a shift %q on day %d has no line", s.Template, s.Day+1))
		}
	}
	slices.SortStableFunc(sol.Shifts, func(a, b Shift) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return compareShifts(a, b)
	})
	return nil
}

// repairRest swaps shifts between lines of one template on one day where
// a line rests less than its contract asks between two days: assign fills
// the days in order and cannot see that a late shift today leaves too
// little rest before a line's early shift tomorrow. A swap is made only
// when both lines then rest enough on both sides of the day. wrap is the
// week's length when the roster repeats (see around), else 0.
func repairRest(shifts []Shift, lines []linePlan, contracts []sim.Contract, wrap int) {
	onDay := func(li, d int) int {
		for k, i := range lines[li].shifts {
			if shifts[i].Day == d {
				return k
			}
		}
		return -1
	}
	// fits reports whether line li rests enough around its k-th shift
	// were it shift i.
	fits := func(li, k, i int) bool {
		return restedAround(shifts, lines[li].shifts, k, wrap, shifts[i], contracts[lines[li].k].MinRest)
	}
	for range 3 {
		changed := false
		for li, j := range shortRests(shifts, lines, contracts, wrap) {
			ls := lines[li].shifts
			// Swap the later shift, or else the earlier, with another
			// line's shift of that day.
			for _, k := range []int{j % len(ls), j - 1} {
				x := ls[k]
				d := shifts[x].Day
				swapped := false
				for m := range lines {
					km := onDay(m, d)
					if m == li || lines[m].t != lines[li].t || km < 0 {
						continue
					}
					y := lines[m].shifts[km]
					if fits(li, k, y) && fits(m, km, x) {
						ls[k], lines[m].shifts[km] = y, x
						swapped, changed = true, true
						break
					}
				}
				if swapped {
					break
				}
			}
		}
		if !changed {
			return
		}
	}
}

// shortRests yields each line and pair of its shifts in a row (j, see
// pairAt) where it rests less than its contract asks, each checked as the
// walk reaches it, so that what the caller mends on the way counts.
func shortRests(shifts []Shift, lines []linePlan, contracts []sim.Contract, wrap int) iter.Seq2[int, int] {
	return func(yield func(int, int) bool) {
		for li := range lines {
			rest := contracts[lines[li].k].MinRest
			for j := 1; rest > 0 && j <= pairs(lines[li].shifts, wrap); j++ {
				if a, b := pairAt(shifts, lines[li].shifts, j, wrap); restBetween(a, b) < rest-1e-9 && !yield(li, j) {
					return
				}
			}
		}
	}
}

// pairs is how many pairs of shifts in a row a line's shifts ls make: one
// fewer than its shifts, or as many when the week repeats (wrap > 0), the
// last shift then coming before the first.
func pairs(ls []int, wrap int) int {
	if wrap > 0 && len(ls) > 1 {
		return len(ls)
	}
	return max(0, len(ls)-1)
}

// pairAt is the j-th pair of a line's shifts in a row, 1 <= j <=
// pairs(ls, wrap): its (j-1)-th and j-th shifts, or for j == len(ls) its
// last and, wrap days later, its first.
func pairAt(shifts []Shift, ls []int, j, wrap int) (a, b Shift) {
	a = shifts[ls[j-1]]
	if j < len(ls) {
		return a, shifts[ls[j]]
	}
	b = shifts[ls[0]]
	b.Day += wrap
	return a, b
}

// around is the shift a line works before its k-th and the one after
// (nil where there is none). When the week repeats (wrap > 0) the first
// shift's before is the last, wrap days earlier, and the last's after
// the first, wrap days later.
func around(shifts []Shift, ls []int, k, wrap int) (prev, next *Shift) {
	cyclic := wrap > 0 && len(ls) > 1
	switch {
	case k > 0:
		s := shifts[ls[k-1]]
		prev = &s
	case cyclic:
		s := shifts[ls[len(ls)-1]]
		s.Day -= wrap
		prev = &s
	}
	switch {
	case k+1 < len(ls):
		s := shifts[ls[k+1]]
		next = &s
	case cyclic:
		s := shifts[ls[0]]
		s.Day += wrap
		next = &s
	}
	return prev, next
}

// restedAround reports whether a line whose shifts are ls rests at least
// rest around its k-th shift were it s.
func restedAround(shifts []Shift, ls []int, k, wrap int, s Shift, rest float64) bool {
	prev, next := around(shifts, ls, k, wrap)
	return restsBetween(prev, s, next, rest)
}

// restsBetween reports whether shift s rests at least rest after prev and
// before next (either may be nil).
func restsBetween(prev *Shift, s Shift, next *Shift, rest float64) bool {
	return (prev == nil || restBetween(*prev, s) >= rest-1e-9) && (next == nil || restBetween(s, *next) >= rest-1e-9)
}

// matchForRest deals a day's shifts of a template out again among the
// lines that work that template that day, as a matching: a line may take
// a shift when it rests enough after its shift before and before its
// shift after. Starting from the lines that rest enough already, each
// other line looks for a shift along an augmenting path (Kuhn's method),
// which finds any chain of exchanges that single swaps miss. A day's new
// deal is kept when it rests more lines; days are dealt again until none
// improves, three passes at most.
func matchForRest(shifts []Shift, lines []linePlan, contracts []sim.Contract, days, wrap int) {
	for range 3 {
		changed := false
		for d := range days {
			// slot is a line working day d and the place of that day's
			// shift among its shifts; per template, in order of line.
			type slot struct{ li, k int }
			byT := map[int][]slot{}
			for li, l := range lines {
				for k, i := range l.shifts {
					if shifts[i].Day == d {
						byT[l.t] = append(byT[l.t], slot{li, k})
						break
					}
				}
			}
			for _, t := range slices.Sorted(maps.Keys(byT)) {
				sl := byT[t]
				day := make([]int, len(sl)) // the day's shifts, as dealt now
				for a, s := range sl {
					day[a] = lines[s.li].shifts[s.k]
				}
				fits := func(a, j int) bool {
					l := lines[sl[a].li]
					return restedAround(shifts, l.shifts, sl[a].k, wrap, shifts[day[j]], contracts[l.k].MinRest)
				}
				matchL := make([]int, len(sl))
				matchR := slices.Repeat([]int{-1}, len(sl))
				rested := 0
				for a := range sl {
					matchL[a] = -1
					if fits(a, a) {
						matchL[a], matchR[a] = a, a
						rested++
					}
				}
				if rested == len(sl) {
					continue
				}
				var seen []bool
				var try func(a int) bool
				try = func(a int) bool {
					for j := range day {
						if seen[j] || !fits(a, j) {
							continue
						}
						seen[j] = true
						if matchR[j] < 0 || try(matchR[j]) {
							matchL[a], matchR[j] = j, a
							return true
						}
					}
					return false
				}
				matched := rested
				for a := range sl {
					if matchL[a] < 0 {
						seen = make([]bool, len(day))
						if try(a) {
							matched++
						}
					}
				}
				if matched == rested {
					continue
				}
				// The lines left unmatched take the shifts left, in order.
				var free []int
				for j := range day {
					if matchR[j] < 0 {
						free = append(free, j)
					}
				}
				for a, s := range sl {
					j := matchL[a]
					if j < 0 {
						j, free = free[0], free[1:]
					}
					lines[s.li].shifts[s.k] = day[j]
				}
				changed = true
			}
		}
		if !changed {
			return
		}
	}
}

// moveForRest moves a shift that still leaves its line too little rest
// (one no swap could mend) to another start of its template on the same
// day, later for the second of the two shifts or earlier for the first,
// where the cover still meets the need in every interval and the line
// rests enough on both sides. cover is the agents on duty, kept up to
// date.
func (c *coverer) moveForRest(shifts []Shift, lines []linePlan, contracts []sim.Contract, templates []*sim.ShiftTemplate, cover []float64, wrap int) {
	for li, j := range shortRests(shifts, lines, contracts, wrap) {
		rest := contracts[lines[li].k].MinRest
		ls := lines[li].shifts
		second := j % len(ls)
		for _, k := range []int{second, j - 1} {
			s := shifts[ls[k]]
			before, after := around(shifts, ls, k, wrap)
			// Starts in the direction that lengthens the short rest,
			// nearest first.
			var starts []float64
			for _, st := range templates[s.tmpl].Starts {
				if k == second && st > s.Start || k == j-1 && st < s.Start {
					starts = append(starts, st)
				}
			}
			slices.SortFunc(starts, func(a, b float64) int { return cmp.Compare(math.Abs(a-s.Start), math.Abs(b-s.Start)) })
			for _, st := range starts {
				moved := s
				moved.Start = st
				if !restsBetween(before, moved, after, rest) {
					continue
				}
				delta := make([]float64, len(cover))
				addShiftCover(c.h, delta, moved)
				for i, v := range shiftCover(c.h, s) {
					delta[i] -= v
				}
				short := false
				for i, v := range delta {
					short = short || v < 0 && cover[i]+v < c.need[i]-1e-9
				}
				if !short {
					floats.Add(cover, delta)
					shifts[ls[k]] = moved
					break
				}
			}
			if a, b := pairAt(shifts, ls, j, wrap); restBetween(a, b) >= rest-1e-9 {
				break
			}
		}
	}
}

// lineForRest mends what swaps and moves could not: a line that still
// rests too little between two shifts hands one of them to a new line of
// its contract and template, and works another shift that day, started
// where it rests enough. The new line works the cheapest pattern of days
// that holds the shift handed over, with shifts of its own on its other
// days placed where the cover is thinnest, each rested from the one
// before. It costs a line's hours, beyond the cover, and is used only
// where the lines' patterns, which see days but not times, left a late
// shift before an early one with no line free to take either. A contract
// at its headcount cannot add a line, and the short rest stays a problem.
func (c *coverer) lineForRest(sol *Solution, lines []linePlan, contracts []sim.Contract, templates []*sim.ShiftTemplate, cover []float64, week bool, wrap int) []linePlan {
	add := func(cand candidate, t int) int {
		s := newShift(templates[t], cand, t)
		s.Extra = true
		addShiftCover(c.h, cover, s)
		sol.Shifts = append(sol.Shifts, s)
		return len(sol.Shifts) - 1
	}
	// rested reports whether a shift of template t from candidate cand
	// rests enough after prev and before next (either may be nil).
	rested := func(cand candidate, t int, prev, next *Shift, rest float64) bool {
		return restsBetween(prev, Shift{Day: cand.day, Start: cand.start, Length: templates[t].Length}, next, rest)
	}
	for li := 0; li < len(lines); li++ {
		ct := contracts[lines[li].k]
		t := lines[li].t
		for j := 1; ct.MinRest > 0 && j <= pairs(lines[li].shifts, wrap); j++ {
			ls := lines[li].shifts
			if a, b := pairAt(sol.Shifts, ls, j, wrap); restBetween(a, b) >= ct.MinRest-1e-9 {
				continue
			}
			if ct.MaxAgents > 0 {
				have := 0
				for _, l := range lines {
					if l.k == lines[li].k {
						have++
					}
				}
				if have >= ct.MaxAgents {
					break
				}
			}
			for _, k := range []int{j % len(ls), j - 1} {
				hi := ls[k]
				handed := sol.Shifts[hi]
				prev, next := around(sol.Shifts, ls, k, wrap)
				// The line's own shift in place of the one handed over.
				own, ok := c.extra(handed.Day, cover, func(x candidate) bool {
					return x.tmpl == t && rested(x, t, prev, next, ct.MinRest)
				})
				if !ok {
					continue
				}
				// The new line's days and shifts, cheapest pattern first.
				h := templates[t].PaidLength() / 3600
				var fit [][]int
				for _, pt := range patterns(c.h.days, ct, week, h, h) {
					if slices.Contains(pt, handed.Day) {
						fit = append(fit, pt)
					}
				}
				slices.SortStableFunc(fit, func(a, b []int) int { return len(a) - len(b) })
				var days []int
				var placed []candidate
				for _, pt := range fit {
					trial := slices.Clone(cover)
					placed = placed[:0]
					var last *Shift
					if wrap > 0 && len(pt) > 1 && pt[len(pt)-1] == handed.Day {
						// The week repeats: the handed shift, a week
						// earlier, comes before the first.
						before := handed
						before.Day -= wrap
						last = &before
					}
					var first *Shift
					ok := true
					for i, d := range pt {
						if d == handed.Day {
							last = &handed
							continue
						}
						var before *Shift
						if i+1 < len(pt) && pt[i+1] == handed.Day {
							before = &handed
						}
						cand, found := c.extra(d, trial, func(x candidate) bool {
							return x.tmpl == t && rested(x, t, last, before, ct.MinRest)
						})
						if !found {
							ok = false
							break
						}
						placed = append(placed, cand)
						s := newShift(templates[t], cand, t)
						addShiftCover(c.h, trial, s)
						last = &s
						if first == nil {
							first = &s
						}
					}
					if pt[0] == handed.Day {
						first = &handed
					}
					if ok && wrap > 0 && len(pt) > 1 && first != nil && last != nil {
						again := *first
						again.Day += wrap
						ok = restBetween(*last, again) >= ct.MinRest-1e-9
					}
					if ok {
						days = pt
						break
					}
				}
				if days == nil {
					continue
				}
				ls[k] = add(own, t)
				nl := linePlan{k: lines[li].k, t: t, days: slices.Clone(days)}
				for _, d := range days {
					if d == handed.Day {
						nl.shifts = append(nl.shifts, hi)
						continue
					}
					nl.shifts = append(nl.shifts, add(placed[0], t))
					placed = placed[1:]
				}
				lines = append(lines, nl)
				break
			}
		}
	}
	return lines
}

// restBetween is the time from the end of shift a to the start of shift
// b, a later day's.
func restBetween(a, b Shift) float64 {
	return float64(b.Day-a.Day)*86400 + b.Start - a.Start - a.Length
}

// shiftCover is one shift's agent on duty per interval.
func shiftCover(h horizon, s Shift) []float64 {
	cover := make([]float64, h.n)
	addShiftCover(h, cover, s)
	return cover
}

// linePlan is a line being built: its contract and template (indices),
// working days and shifts.
type linePlan struct {
	k, t   int
	days   []int
	shifts []int
}

// hoursRange is the paid hours a line of contract c may work over n
// working days of the horizon: the contract's weekly hours over a week.
// A shorter horizon holds only some of a week's working days, so its
// hours are per working day, from the weekly least over the most days to
// the weekly most over the fewest, times n. Without a weekly maximum hi
// is +Inf.
func hoursRange(c sim.Contract, n int, week bool) (lo, hi float64) {
	lo, hi = c.MinHours/3600, c.MaxHours/3600
	if hi == 0 {
		hi = math.Inf(1)
	}
	if !week {
		lo = lo / float64(max(c.MaxDays, 1)) * float64(n)
		hi = hi / float64(max(c.MinDays, 1)) * float64(n)
	}
	return lo, hi
}

// patterns lists the sets of working days (days of the horizon, in
// order) a contract allows: within its days a week, with its consecutive
// days off (over the week, which repeats: its last day and its first
// count as consecutive), and able to reach its hours (see hoursRange)
// with shifts lo to hi paid hours long. With a horizon shorter than a
// week only the most days and the hours apply.
func patterns(days int, c sim.Contract, week bool, lo, hi float64) [][]int {
	var out [][]int
	for mask := 1; mask < 1<<days; mask++ {
		var ds []int
		for d := range days {
			if mask&(1<<d) != 0 {
				ds = append(ds, d)
			}
		}
		n := len(ds)
		if week && (n < c.MinDays || n > c.MaxDays) || !week && n > c.MaxDays {
			continue
		}
		if minH, maxH := hoursRange(c, n, week); float64(n)*hi < minH-1e-9 || float64(n)*lo > maxH+1e-9 {
			continue
		}
		if week && c.ConsecutiveDaysOff > 0 && longestOff(mask, days) < c.ConsecutiveDaysOff {
			continue
		}
		out = append(out, ds)
	}
	return out
}

// longestOff is the longest run of days off in a week's mask, counting
// round the end of the week.
func longestOff(mask, days int) int {
	best := 0
	for start := range days {
		run := 0
		for k := range days {
			if mask&(1<<((start+k)%days)) != 0 {
				break
			}
			run++
		}
		best = max(best, run)
	}
	return best
}

// unworkedError is a day's shifts of a template that no line can work.
type unworkedError struct{ day, tmpl int }

func (e *unworkedError) Error() string {
	return fmt.Sprintf("roster: no contract's week works day %d's shifts of template %d", e.day+1, e.tmpl)
}

// coverDays finds how many lines of each column (a pattern of days,
// working one template: covers(col, d, t)) give every day at least its
// count of shifts of each template, at the least cost: the covering
// program over the columns, rounded by diving.
func coverDays(ctx context.Context, count [][]int, cols [][]int, costs []float64, covers func(col, d, t int) bool) ([]int, error) {
	z := make([]int, len(cols))
	left := make([][]float64, len(count))
	for d := range count {
		left[d] = make([]float64, len(count[d]))
		for t, v := range count[d] {
			left[d][t] = float64(v)
		}
	}
	maxCost := 0.0
	for _, c := range costs {
		maxCost = math.Max(maxCost, c)
	}
	for {
		var need []float64
		type rc struct{ d, t int }
		var rows []rc
		rowOf := map[rc]int{}
		for d := range left {
			for t, v := range left[d] {
				if v > 1e-9 {
					rowOf[rc{d, t}] = len(need)
					need = append(need, v)
					rows = append(rows, rc{d, t})
				}
			}
		}
		if len(need) == 0 {
			return z, nil
		}
		lp := newCoverLP(need, maxCost)
		for j, days := range cols {
			col := column{cost: costs[j]}
			for _, d := range days {
				for t := range left[d] {
					if r, ok := rowOf[rc{d, t}]; ok && covers(j, d, t) {
						col.rows = append(col.rows, int32(r))
						col.vals = append(col.vals, 1)
					}
				}
			}
			lp.add(col)
		}
		if err := lp.solve(ctx, 1000*(len(need)+len(cols))); err != nil {
			return nil, err
		}
		y, _, un := lp.values()
		if len(un) > 0 {
			r := rows[un[0]]
			return nil, &unworkedError{day: r.d, tmpl: r.t}
		}
		committed := 0
		frac, at := 0.0, -1
		take := func(j, k int) {
			z[j] += k
			for _, d := range cols[j] {
				for t := range left[d] {
					if covers(j, d, t) {
						left[d][t] = math.Max(0, left[d][t]-float64(k))
					}
				}
			}
		}
		for j, v := range y {
			if k := int(math.Floor(v + 1e-6)); k > 0 {
				take(j, k)
				committed += k
			}
			if f := v - math.Floor(v+1e-6); f > frac+1e-9 {
				frac, at = f, j
			}
		}
		if committed == 0 {
			if at < 0 {
				return nil, fmt.Errorf("roster: the program over days left days uncovered")
			}
			take(at, 1)
		}
	}
}

// extra places one more shift on day d among the templates allowed:
// where the cover is thinnest for the need (each interval weighed by its
// need over the cover it has plus one), so that an agent who must work
// that day adds the most service.
func (c *coverer) extra(d int, cover []float64, allowed func(candidate) bool) (candidate, bool) {
	w := make([]float64, c.h.n)
	for i := range w {
		w[i] = c.need[i] / (cover[i] + 1)
	}
	pf := newPrefix(c.h, w)
	var best candidate
	bestScore, found := math.Inf(-1), false
	for _, s := range c.starts {
		if s.day != d || !allowed(s) {
			continue
		}
		at, value, ok := c.place(s, pf)
		if !ok {
			continue
		}
		if score := value / math.Max(c.cost(s.tmpl), 1e-12); score > bestScore {
			s.at = at
			best, bestScore, found = s, score, true
		}
	}
	return best, found
}

// assign gives each day's shifts of a template to that day's lines of
// that template, in order of start, each to the line whose previous shift
// ended earliest, so that the contracts' rest between shifts holds where
// it can.
func assign(shifts []Shift, lines []linePlan, contracts []sim.Contract, days int) {
	lastEnd := make([]float64, len(lines))
	for i := range lastEnd {
		lastEnd[i] = math.Inf(-1)
	}
	byDay := make([][]int, days)
	for i, s := range shifts {
		byDay[s.Day] = append(byDay[s.Day], i)
	}
	for d := range days {
		today := byDay[d]
		slices.SortStableFunc(today, func(a, b int) int { return compareShifts(shifts[a], shifts[b]) })
		used := make([]bool, len(lines))
		for _, i := range today {
			s := shifts[i]
			start := float64(d)*86400 + s.Start
			best := -1
			for li := range lines {
				l := &lines[li]
				if used[li] || l.t != s.tmpl || !slices.Contains(l.days, d) {
					continue
				}
				rested := start-lastEnd[li] >= contracts[l.k].MinRest
				if best < 0 {
					best = li
					continue
				}
				bestRested := start-lastEnd[best] >= contracts[lines[best].k].MinRest
				// Among lines equally rested, the shifts of the day (in
				// order of start) go first to the lines that work the
				// next day, so that the late shifts fall to lines with a
				// day off after them.
				tomorrow, bestTomorrow := slices.Contains(l.days, d+1), slices.Contains(lines[best].days, d+1)
				switch {
				case rested != bestRested:
					if rested {
						best = li
					}
				case tomorrow != bestTomorrow:
					if tomorrow {
						best = li
					}
				case lastEnd[li] < lastEnd[best]:
					best = li
				}
			}
			if best < 0 {
				continue
			}
			used[best] = true
			lines[best].shifts = append(lines[best].shifts, i)
			lastEnd[best] = start + s.Length
		}
	}
}
