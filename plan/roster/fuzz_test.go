package roster

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// FuzzSolve: any need and any template (with a break fixed or placed in
// a window) give a roster that covers the need, or an error; never a
// panic, never a hang (issue 16's degenerate program is the second seed).
func FuzzSolve(f *testing.F) {
	f.Add([]byte{1, 3, 0, 2, 4, 1}, 8.0, 2.0, 4.0, 1.0, 0.0)
	f.Add([]byte{0, 5, 0, 0, 0, 0}, 16.0, 14.0, 5.0, 0.5/3600, 0.0)
	f.Add([]byte{0, 0, 0, 0, 0, 9}, 24.0, 23.0, 0.5, 5.0, 2.0)
	f.Add([]byte{255, 0, 7, 1, 0, 3}, 0.1, 0.0, 0.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, req []byte, length, start, breakAt, breakLen, window float64) {
		const n, L = 6, 4 * 3600.0
		need := make([]float64, n)
		for i := range need {
			if i < len(req) {
				need[i] = float64(req[i] % 16)
			}
		}
		tmpl := &sim.ShiftTemplate{Name: "t", Length: length * 3600, Starts: []float64{math.Mod(math.Abs(start), 24) * 3600, 0}}
		if breakLen > 0 {
			tmpl.Breaks = []sim.BreakRule{{Length: breakLen * 3600, Earliest: breakAt * 3600, Latest: (breakAt + math.Abs(window)) * 3600}}
		}
		other := &sim.ShiftTemplate{Name: "o", Length: 6 * 3600, Starts: []float64{2 * 3600, 14 * 3600}}
		// Templates shorter than sim.MinTemplateLength are refused by
		// Validate; the fuzzer explores the rest.
		sol, err := Solve(context.Background(), Problem{IntervalSeconds: L, Days: 1, Need: need,
			Templates: []*sim.ShiftTemplate{tmpl, other}, HourlyCost: 1})
		if err != nil {
			return
		}
		for i := range need {
			if sol.Coverage[i] < need[i]-1e-6 {
				t.Fatalf("interval %d covered %v, needs %v", i, sol.Coverage[i], need[i])
			}
		}
		// The bound is a linear program's optimum in floating point,
		// off by rounding after hundreds of pivots (1.7e-6 hours of 96
		// in the corpus): a roster that equals it may fall below it by
		// that much. 1e-6 of its size is far above that noise and far
		// below any shift.
		if sol.PaidHours < sol.BoundHours-1e-6*math.Max(1, sol.BoundHours) {
			t.Fatalf("roster %v hours below its bound %v", sol.PaidHours, sol.BoundHours)
		}
	})
}

// FuzzWeekLines: any week of need, a day template starting anywhere and a
// rest rule give a roster that covers the need whose lines keep their
// contract's days, consecutive days off and weekly hours, and whose every
// short rest (the week's wrap included) is among the problems it
// reports; or an error. Never a panic: the rest repairs (swaps, the
// matching, moves and new lines) run on whatever the cover leaves.
func FuzzWeekLines(f *testing.F) {
	f.Add([]byte{3, 0, 5, 9, 2, 1, 0, 7}, 8.5, 11.0, 5)
	f.Add([]byte{0, 0, 0, 12, 12, 0, 0, 0, 1}, 10.0, 13.0, 4)
	f.Add([]byte{255, 1, 2, 3}, 6.0, 0.0, 3)
	f.Fuzz(func(t *testing.T, req []byte, length, rest float64, days int) {
		const perDay, L = 12, 2 * 3600.0
		need := make([]float64, 7*perDay)
		for i := range need {
			if len(req) > 0 {
				need[i] = float64(req[(i*7+i/perDay)%len(req)] % 6)
			}
		}
		if !(length >= 1 && length <= 12) || !(rest >= 0 && rest < 24) {
			return
		}
		days = 3 + abs(days)%5
		// Starts every two hours keep each input under the fuzzer's time limit.
		var starts []float64
		for h := 0; h < 24; h += 2 {
			starts = append(starts, float64(h)*3600)
		}
		tm := &sim.ShiftTemplate{Name: "day", Length: length * 3600, Starts: starts}
		ct := sim.Contract{Name: "full-time", MinDays: days, MaxDays: days, ConsecutiveDaysOff: min(2, 7-days),
			MinRest: rest * 3600}
		p := Problem{IntervalSeconds: L, Days: 7, StartWeekday: 1, Need: need, Templates: []*sim.ShiftTemplate{tm},
			Contracts: []sim.Contract{ct}, HourlyCost: 1}
		if p.Validate() != nil {
			return
		}
		sol, err := Solve(context.Background(), p)
		if err != nil {
			return
		}
		for i := range need {
			if sol.Coverage[i] < need[i]-1e-6 {
				t.Fatalf("interval %d covered %v, needs %v", i, sol.Coverage[i], need[i])
			}
		}
		byLine := map[int][]Shift{}
		for _, s := range sol.Shifts {
			byLine[s.Line] = append(byLine[s.Line], s)
		}
		short := 0
		for li := range sol.Lines {
			ss := byLine[li]
			if len(ss) != days {
				t.Fatalf("line %d works %d days, its contract %d", li, len(ss), days)
			}
			mask := 0
			for _, s := range ss {
				mask |= 1 << s.Day
			}
			if longestOff(mask, 7) < ct.ConsecutiveDaysOff {
				t.Fatalf("line %d: days %b without %d days off in a row", li, mask, ct.ConsecutiveDaysOff)
			}
			for j := 1; j <= len(ss); j++ {
				a, b := ss[j-1], ss[j%len(ss)]
				if j == len(ss) {
					b.Day += 7
				}
				if len(ss) > 1 && restBetween(a, b) < ct.MinRest-1e-9 {
					short++
				}
			}
		}
		reported := 0
		for _, pr := range sol.Problems {
			if strings.Contains(pr, "rests") {
				reported++
			}
		}
		if short != reported {
			t.Fatalf("%d short rests, %d reported: %v", short, reported, sol.Problems)
		}
	})
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
