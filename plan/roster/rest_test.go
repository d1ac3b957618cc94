package roster

import (
	"context"
	"slices"
	"strings"
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
	lines := c.lineForRest(sol, []linePlan{line}, []sim.Contract{ct}, tm, cover, true, 7)
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
		// The week repeats: the last shift comes before the first.
		if a, b := pairAt(sol.Shifts, l.shifts, len(l.shifts), 7); restBetween(a, b) < ct.MinRest {
			t.Errorf("line %d rests %s from its last shift to its first a week later", li, hm(restBetween(a, b)))
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

// TestMatchForRest is a short rest that only a chain of exchanges mends:
// line A ends Monday at 22:30 and starts Tuesday at 06:00. Swapping A's
// Tuesday with B's puts B (ended 20:30) at 06:00, and with C's puts A at
// 08:00: no single swap rests both lines 11 hours, so repairRest leaves
// it; the matching deals Tuesday as A 10:00, B 08:00, C 06:00.
func TestMatchForRest(t *testing.T) {
	tm := &sim.ShiftTemplate{Name: "day", Length: 8.5 * 3600, Starts: everyQuarter(0, 23)}
	ct := sim.Contract{Name: "full-time", MinRest: 11 * 3600}
	at := func(day int, clock float64) Shift {
		return newShift(tm, candidate{day: day, tmpl: 0, start: clock * 3600}, 0)
	}
	build := func() ([]Shift, []linePlan) {
		shifts := []Shift{at(0, 14), at(0, 12), at(0, 6), at(1, 6), at(1, 10), at(1, 8)}
		lines := []linePlan{
			{days: []int{0, 1}, shifts: []int{0, 3}}, // A: ends 22:30, then 06:00
			{days: []int{0, 1}, shifts: []int{1, 4}}, // B: ends 20:30, then 10:00
			{days: []int{0, 1}, shifts: []int{2, 5}}, // C: ends 14:30, then 08:00
		}
		return shifts, lines
	}
	short := func(shifts []Shift, lines []linePlan) int {
		n := 0
		for _, l := range lines {
			if restBetween(shifts[l.shifts[0]], shifts[l.shifts[1]]) < ct.MinRest {
				n++
			}
		}
		return n
	}
	shifts, lines := build()
	repairRest(shifts, lines, []sim.Contract{ct}, 0)
	if n := short(shifts, lines); n != 1 {
		t.Fatalf("after the swaps %d lines rest too little; the case wants exactly A's", n)
	}
	shifts, lines = build()
	matchForRest(shifts, lines, []sim.Contract{ct}, 2, 0)
	if n := short(shifts, lines); n != 0 {
		t.Errorf("after the matching %d lines rest too little", n)
	}
	dealt := map[int]bool{}
	for li, l := range lines {
		for k, i := range l.shifts {
			if shifts[i].Day != l.days[k] || dealt[i] {
				t.Errorf("line %d: shift %d (day %d) dealt wrong or twice", li, i, shifts[i].Day)
			}
			dealt[i] = true
		}
	}
}

// TestHeadcountTooSmall: contracts whose headcounts cannot work a day's
// shifts make the roster infeasible, and the error names the template,
// the day and the contract at its headcount, not an index.
func TestHeadcountTooSmall(t *testing.T) {
	p := Problem{IntervalSeconds: 1800, Days: 1, StartWeekday: 1, Need: defaultVoiceNeed, Templates: dayTemplates(),
		Contracts: []sim.Contract{{Name: "tiny", MinDays: 1, MaxDays: 7, MaxAgents: 5}}, HourlyCost: 50}
	_, err := Solve(context.Background(), p)
	if err == nil {
		t.Fatal("five agents rostered a day that needs about thirty")
	}
	for _, want := range []string{"day 1", `template "`, `"tiny" at most 5 agents`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}

// TestDayWithWeeklyContracts: a one-day horizon holds one of a week's
// working days, so a five-day, 37.5-to-40-hour contract works a paid day
// of 7.5 to 8 hours in it (the weekly hours over its days), not a
// seventh of its week (5.7 hours at most, which refused every 8-hour day
// shift).
func TestDayWithWeeklyContracts(t *testing.T) {
	full := weekContracts()[0]
	p := Problem{IntervalSeconds: 1800, Days: 1, StartWeekday: 1, Need: defaultVoiceNeed, Templates: dayTemplates(),
		Contracts: []sim.Contract{full}, HourlyCost: 50}
	sol, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(sol.Problems) > 0 {
		t.Errorf("problems: %v", sol.Problems)
	}
	for _, l := range sol.Lines {
		if l.PaidHours != 8 {
			t.Errorf("a full-time line works %.2f paid hours in its day, want the day template's 8", l.PaidHours)
		}
	}
}
