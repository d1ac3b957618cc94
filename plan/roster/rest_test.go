package roster

import (
	"slices"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestLineForRest builds the case no swap or move can mend: one line of
// a five-day contract works Saturday until 00:30 and Sunday from 01:00,
// and no other line exists to take either shift. lineForRest must hand
// one of them to a new line of the contract that keeps its days, its
// hours and its rest, give the old line another shift that day, and
// leave every interval at least as covered as before.
func TestLineForRest(t *testing.T) {
	h := horizon{L: 1800, n: 7 * 48, days: 7}
	tm := []*sim.ShiftTemplate{{Name: "day", Length: 8.5 * 3600, Starts: everyQuarter(0, 23),
		Breaks: []sim.BreakRule{{Name: "meal", Length: 1800, Earliest: 3.5 * 3600, Latest: 5 * 3600}}}}
	need := make([]float64, h.n)
	for i := range need {
		need[i] = 1
	}
	c := newCoverer(h, need, tm, []float64{1.0 / 3600})
	ct := sim.Contract{Name: "full-time", MinDays: 5, MaxDays: 5, ConsecutiveDaysOff: 2,
		MinHours: 40 * 3600, MaxHours: 40 * 3600, MinRest: 11 * 3600}
	// Off Monday and Tuesday; Wednesday to Friday at 08:00, Saturday at
	// 16:00, Sunday at 01:00 (days 0..6 are Monday..Sunday).
	sol := &Solution{}
	line := linePlan{k: 0, t: 0, days: []int{2, 3, 4, 5, 6}}
	for d, start := range map[int]float64{2: 8 * 3600, 3: 8 * 3600, 4: 8 * 3600, 5: 16 * 3600, 6: 3600} {
		sol.Shifts = append(sol.Shifts, newShift(tm[0], candidate{day: d, tmpl: 0, start: start, at: []float64{4 * 3600}}, 0))
	}
	slices.SortFunc(sol.Shifts, compareShifts)
	for i := range sol.Shifts {
		line.shifts = append(line.shifts, i)
	}
	cover := make([]float64, h.n)
	for _, s := range sol.Shifts {
		addShiftCover(h, cover, s)
	}
	before := slices.Clone(cover)
	lines := c.lineForRest(sol, []linePlan{line}, []sim.Contract{ct}, tm, cover, true, 1)
	if len(lines) != 2 {
		t.Fatalf("%d lines, want the old one and a new one", len(lines))
	}
	for li, l := range lines {
		if len(l.shifts) != len(l.days) || len(l.days) != 5 {
			t.Errorf("line %d: days %v, %d shifts; want 5 of each", li, l.days, len(l.shifts))
		}
		mask := 0
		for j, i := range l.shifts {
			s := sol.Shifts[i]
			if s.Day != l.days[j] {
				t.Errorf("line %d: shift %d on day %d, its days are %v", li, j, s.Day, l.days)
			}
			mask |= 1 << s.Day
			if j > 0 {
				if rest := restBetween(sol.Shifts[l.shifts[j-1]], s); rest < ct.MinRest {
					t.Errorf("line %d rests %s before day %d", li, hm(rest), s.Day)
				}
			}
		}
		if longestOff(mask, 7) < 2 {
			t.Errorf("line %d: days %v have no two days off in a row", li, l.days)
		}
	}
	for i := range cover {
		if cover[i] < before[i]-1e-9 {
			t.Errorf("interval %d: cover %v, was %v", i, cover[i], before[i])
		}
	}
	if extra := len(sol.Shifts) - 5; extra != 5 {
		t.Errorf("%d shifts added, want 5 (one for the old line, four for the new)", extra)
	}
}
