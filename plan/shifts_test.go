package plan

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// smallDay is a day of six 4-hour intervals with two templates: 8 hours
// from any interval start, and 12 hours with a 4-hour break in the middle
// from three starts (the last one wraps past midnight).
func smallDay() (float64, []*sim.ShiftTemplate) {
	const L = 4 * 3600.0
	starts := func(step float64) []float64 {
		var out []float64
		for s := 0.0; s < 86400; s += step {
			out = append(out, s)
		}
		return out
	}
	return L, []*sim.ShiftTemplate{
		{Name: "eight", Length: 8 * 3600, Starts: starts(L)},
		{Name: "split", Length: 12 * 3600, Starts: starts(2 * L), Breaks: []sim.Break{{After: L, Length: L}}},
	}
}

// bruteCover finds the least hours on duty that cover required by trying
// every count from 0 to 4 on every column.
func bruteCover(required []int, L float64, templates []*sim.ShiftTemplate) float64 {
	type col struct {
		cover []float64
		hours float64
	}
	var cols []col
	for _, t := range templates {
		for _, s := range t.Starts {
			one := t.Shift(s, 1)
			cover := make([]float64, len(required))
			one.Cover(cover, L)
			cols = append(cols, col{cover, one.OnDuty() / 3600})
		}
	}
	best := math.Inf(1)
	counts := make([]int, len(cols))
	var try func(j int, hours float64)
	try = func(j int, hours float64) {
		if hours >= best {
			return
		}
		if j == len(cols) {
			for i, r := range required {
				v := 0.0
				for k, c := range cols {
					v += c.cover[i] * float64(counts[k])
				}
				if v < float64(r)-1e-9 {
					return
				}
			}
			best = hours
			return
		}
		for n := 0; n <= 4; n++ {
			counts[j] = n
			try(j+1, hours+float64(n)*cols[j].hours)
		}
		counts[j] = 0
	}
	try(0, 0)
	return best
}

// TestCoverShiftsAgainstBruteForce: on random requirements the cover
// holds, the linear program's optimum is a lower bound on the best
// integer cover (found by trying every count), and the rounded cover costs
// at most one longest shift more than that best.
func TestCoverShiftsAgainstBruteForce(t *testing.T) {
	L, templates := smallDay()
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 12 {
		req := make([]int, 6)
		for i := range req {
			req[i] = rng.IntN(4)
		}
		shifts, lpHours, err := CoverShifts(req, L, templates)
		if err != nil {
			t.Fatal(err)
		}
		cov := coverage(shifts, len(req), L)
		hours := 0.0
		for _, s := range shifts {
			hours += float64(s.Count) * s.template.Shift(0, 1).OnDuty() / 3600
		}
		for i, r := range req {
			if cov[i] < float64(r)-1e-9 {
				t.Errorf("trial %d: interval %d covered %v, needs %d", trial, i, cov[i], r)
			}
		}
		best := bruteCover(req, L, templates)
		if lpHours > best+1e-6 || hours < best-1e-6 || hours > best+8+1e-6 {
			t.Errorf("trial %d %v: LP %v, cover %v, best %v", trial, req, lpHours, hours, best)
		}
	}
}

func TestCoverShiftsErrors(t *testing.T) {
	L, templates := smallDay()
	if _, _, err := CoverShifts([]int{1, 2}, L, templates); err == nil {
		t.Error("two intervals of 4h accepted as a day")
	}
	if _, _, err := CoverShifts([]int{0, 1, 0, 0, 0, -1}, L, templates); err == nil {
		t.Error("negative requirement accepted")
	}
	night := []*sim.ShiftTemplate{{Name: "morning", Length: 4 * 3600, Starts: []float64{8 * 3600}}}
	if _, _, err := CoverShifts([]int{1, 0, 0, 0, 0, 0}, L, night); err == nil || !strings.Contains(err.Error(), "00:00") {
		t.Errorf("uncovered interval: %v", err)
	}
	bad := []*sim.ShiftTemplate{{Name: "all break", Length: 3600, Starts: []float64{0}, Breaks: []sim.Break{{After: 0, Length: 3600}}}}
	if _, _, err := CoverShifts([]int{1, 0, 0, 0, 0, 0}, L, bad); err == nil {
		t.Error("a shift of breaks only accepted")
	}
	if s, h, err := CoverShifts(make([]int, 6), L, templates); err != nil || len(s) != 0 || h != 0 {
		t.Errorf("nothing required: %v %v %v", s, h, err)
	}
}

const shiftFile = `templates:
  - name: day
    length: 8h30m
    starts: {from: "00:00", to: "23:30", every: 30m}
    breaks: [{after: 4h, length: 30m}]
  - name: half
    length: 4h
    starts: {from: "00:00", to: "23:30", every: 30m}
    groups: [voice, digital]
`

// TestPlanShifts covers the default plan with shifts: every interval is
// covered, the hours on duty are at least the linear program's bound,
// and each group's block, pasted into the scenario, gives back the cover.
func TestPlanShifts(t *testing.T) {
	templates, err := scenarios.ParseShifts("shifts.yaml", []byte(shiftFile))
	if err != nil {
		t.Fatal(err)
	}
	m := &scenarios.Default().Model
	res, err := Plan(context.Background(), m, Options{Shifts: &ShiftOptions{Templates: templates}})
	if err != nil {
		t.Fatal(err)
	}
	sp := res.Shifts
	if sp == nil || len(sp.Groups) != 2 {
		t.Fatalf("shift plan %+v", sp)
	}
	if sp.PaidHours < sp.LPHours-1e-6 || sp.PaidHours < res.Totals.PaidHours-1e-6 {
		t.Errorf("shifts %.1f hours, LP bound %.1f, plan %.1f", sp.PaidHours, sp.LPHours, res.Totals.PaidHours)
	}
	text := string(scenarios.DefaultYAML())
	for _, g := range sp.Groups {
		for i, r := range g.Required {
			if g.Coverage[i] < float64(r)-1e-9 || math.Abs(g.Over[i]-(g.Coverage[i]-float64(r))) > 1e-9 {
				t.Errorf("%s interval %d: covered %v for %d, over %v", g.Name, i, g.Coverage[i], r, g.Over[i])
			}
		}
		// Replace the group's staffing block with the shifts.
		start := strings.Index(text, "  "+g.Name+":\n")
		at := start + strings.Index(text[start:], "    staffing:\n")
		end := at + len("    staffing:\n")
		for end < len(text) && strings.HasPrefix(text[end:], "      ") {
			end += strings.Index(text[end:], "\n") + 1
		}
		block, err := scenarios.ShiftsYAML(g.Name, m.Group(g.Name).Shrinkage, g.DayShifts())
		if err != nil {
			t.Fatal(err)
		}
		text = text[:at] + indentLines(string(block), "    ") + text[end:]
	}
	back, err := scenarios.Parse("with-shifts.yaml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for k, g := range sp.Groups {
		for i, c := range g.Coverage {
			if got := back.Groups[k].Paid[i]; math.Abs(got-c) > 1e-9 {
				t.Errorf("%s interval %d: scenario schedules %v, shifts cover %v", g.Name, i, got, c)
			}
		}
	}
}

func indentLines(s, pad string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(pad + l)
		}
	}
	return b.String()
}
