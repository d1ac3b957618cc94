package capacity

import (
	"math"
	"testing"
	"time"
)

// FuzzHiring plans random small groups on 100 paths: whatever the staff,
// attrition, training, ramp-up, class limits, flexible capacity and
// requirement, planning must not panic, hires must be whole and within
// their class's room, every figure finite, each risk a share, and the
// relaxation's cost no more than the plan's.
func FuzzHiring(f *testing.F) {
	f.Add(uint8(12), uint8(10), uint16(100), uint8(29), uint8(2), uint8(50), uint8(2), uint8(6), uint8(10), uint16(40), uint16(420), uint8(15), uint8(5), uint8(1))
	f.Add(uint8(1), uint8(0), uint16(0), uint8(100), uint8(0), uint8(100), uint8(0), uint8(0), uint8(0), uint16(0), uint16(0), uint8(0), uint8(0), uint8(0))
	f.Add(uint8(30), uint8(3), uint16(5), uint8(0), uint8(9), uint8(1), uint8(9), uint8(9), uint8(100), uint16(500), uint16(2000), uint8(200), uint8(50), uint8(7))
	f.Fuzz(func(t *testing.T, weeks, staff uint8, tenure uint16, attrition, training, ramp, minClass, maxClass, otShare uint8,
		osMax, need uint16, growth, sigma, lead uint8) {
		w := 1 + int(weeks)%30
		g := Group{
			Name:      "g",
			Contracts: []Contract{{Name: "c", Hours: 40, HourlyCost: 20}},
			Staff:     []Cohort{{Contract: "c", People: int(staff) % 60, Tenure: int(tenure) % MaxTenureWeeks}},
			Attrition: []AttritionBand{{Until: 4, Annual: float64(attrition%101) / 100}, {Annual: float64(attrition%37) / 100}},
			Hiring: Hiring{Contract: "c", Lead: int(lead) % 8, Training: int(training) % 10, MinClass: int(minClass) % 10,
				MaxClass: int(maxClass) % 12, CostPerHire: 1000},
			Overtime:    Flex{Max: float64(otShare%101) / 100, HourlyCost: 30},
			Outsourcing: Flex{Max: float64(osMax % 1000), HourlyCost: 45},
		}
		if r := ramp % 101; r > 0 {
			g.Hiring.Ramp = []float64{float64(r) / 100}
		}
		if g.Hiring.MinClass > g.Hiring.MaxClass {
			g.Hiring.MinClass = g.Hiring.MaxClass
		}
		in := Input{Start: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), Weeks: w, Paths: 100, Groups: []Group{g}}
		if err := in.Validate(); err != nil {
			t.Skip(err)
		}
		d := in.withDefaults()
		bases, err := groupBases(&d)
		if err != nil {
			t.Fatal(err)
		}
		req := func(_, wk int, z float64) float64 {
			return float64(need%3000) * math.Pow(1+float64(growth)/100, float64(wk)/52) * math.Exp(float64(sigma%60)/100*z)
		}
		ps := newPaths(d.Seed, d.Paths, &d, bases, req)
		s := &groupSolver{in: &d, h: newHiring(bases[0]), gp: ps.groups[0], ps: ps,
			reqAt: func(wk int, z float64) float64 { return req(0, wk, z) }}
		plan, _, target, _ := s.solve()
		rel, err := s.h.relax(target)
		if err != nil {
			t.Fatal(err)
		}
		for j, x := range plan.hires {
			if x < 0 || x != math.Trunc(x) || x > s.h.room[j] || (x > 0 && x < float64(g.Hiring.MinClass)) {
				t.Fatalf("class %d of %v people (room %v, smallest %d)", j, x, s.h.room[j], g.Hiring.MinClass)
			}
		}
		for wk := range w {
			for _, v := range []float64{plan.overtime[wk], plan.outsource[wk], plan.short[wk], target[wk]} {
				if !(v >= -1e-9) || math.IsInf(v, 0) {
					t.Fatalf("week %d: a figure of %v", wk, v)
				}
			}
		}
		if rel.cost > plan.cost*(1+1e-7)+1e-6 {
			t.Fatalf("relaxation %v above the plan %v", rel.cost, plan.cost)
		}
		flex := make([]float64, w)
		for wk := range flex {
			flex[wk] = plan.overtime[wk] + plan.outsource[wk]
		}
		perWeek, anyWeek := risks(s.gp.shortfalls(ps, s.classes(plan)), flex, ps.n, w)
		for _, r := range append(perWeek, anyWeek) {
			if !(r >= 0 && r <= 1) {
				t.Fatalf("risk %v", r)
			}
		}
	})
}
