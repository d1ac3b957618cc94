package roster

import (
	"context"
	"slices"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// weekNeed is the default voice need on weekdays scaled by day, and a
// shorter weekend.
func weekNeed() []float64 {
	factor := []float64{1.3, 1.1, 1.0, 1.0, 0.9, 0.5, 0.35}
	var out []float64
	for _, f := range factor {
		for _, v := range defaultVoiceNeed {
			out = append(out, float64(int(v*f+0.5)))
		}
	}
	return out
}

func weekContracts() []sim.Contract {
	return []sim.Contract{
		{Name: "full-time", Templates: []string{"day"}, MinDays: 5, MaxDays: 5, ConsecutiveDaysOff: 2,
			MinHours: 37.5 * 3600, MaxHours: 40 * 3600, MinRest: 11 * 3600},
		{Name: "part-time", Templates: []string{"half", "day"}, MinDays: 2, MaxDays: 5, MinHours: 8 * 3600,
			MaxHours: 30 * 3600, MaxAgents: 40, HourlyCost: 52},
	}
}

func TestSolveWeekWithContracts(t *testing.T) {
	p := Problem{IntervalSeconds: 1800, Days: 7, StartWeekday: 1, Need: weekNeed(), Templates: dayTemplates(),
		Contracts: weekContracts(), HourlyCost: 50}
	sol, err := Solve(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("paid %.1f h (extra %.1f), bound %.1f h, gap %.2f%%; cost %.0f, bound %.0f; %d lines, %d shifts; problems %v",
		sol.PaidHours, sol.ExtraHours, sol.BoundHours, 100*sol.Gap(), sol.Cost, sol.BoundCost, len(sol.Lines), len(sol.Shifts), sol.Problems)
	for i, v := range p.Need {
		if sol.Coverage[i] < v-1e-9 {
			t.Errorf("interval %d: cover %v, need %v", i, sol.Coverage[i], v)
		}
	}
	byLine := map[int][]Shift{}
	for _, s := range sol.Shifts {
		byLine[s.Line] = append(byLine[s.Line], s)
	}
	for li, l := range sol.Lines {
		ss := byLine[li]
		days := map[int]bool{}
		for _, s := range ss {
			if days[s.Day] {
				t.Errorf("line %d works twice on day %d", li, s.Day)
			}
			days[s.Day] = true
		}
		var ct sim.Contract
		for _, c := range p.Contracts {
			if c.Name == l.Contract {
				ct = c
			}
		}
		if len(ss) < ct.MinDays || len(ss) > ct.MaxDays {
			t.Errorf("line %d (%s) works %d days", li, l.Contract, len(ss))
		}
		mask := 0
		for d := range days {
			mask |= 1 << d
		}
		if longestOff(mask, 7) < ct.ConsecutiveDaysOff {
			t.Errorf("line %d (%s) days %v: fewer than %d consecutive days off", li, l.Contract, l.Days, ct.ConsecutiveDaysOff)
		}
		slices.SortFunc(ss, compareShifts)
		for k := 1; k < len(ss); k++ {
			end := float64(ss[k-1].Day)*86400 + ss[k-1].Start + ss[k-1].Length
			if rest := float64(ss[k].Day)*86400 + ss[k].Start - end; ct.MinRest > 0 && rest < ct.MinRest {
				t.Errorf("line %d: %v s rest", li, rest)
			}
		}
	}
	if sol.Gap() > 0.03 {
		t.Errorf("gap %.1f%%", 100*sol.Gap())
	}
}
