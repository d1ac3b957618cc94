package capacity

import (
	"math"
	"testing"
	"time"
)

// benchInput is a 78-week center of two groups of 26 people, needing
// about 1,100 paid hours a week growing 15% a year with a peak in
// November and December: the shape of the example, without the scenario.
func benchInput(scope Scope) Input {
	in := Input{Start: time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC), Weeks: 78, Scope: scope}
	for _, name := range []string{"voice", "digital"} {
		in.Groups = append(in.Groups, Group{Name: name,
			Contracts:   []Contract{{Name: "ft", Hours: 40, HourlyCost: 25}},
			Staff:       []Cohort{{Contract: "ft", People: 26, Tenure: 100}},
			Hiring:      Hiring{Contract: "ft", Lead: 4, Training: 4, Ramp: []float64{0.5, 0.75}, MinClass: 3, MaxClass: 15, CostPerHire: 3000},
			Overtime:    Flex{Max: 0.1, HourlyCost: 37.5},
			Outsourcing: Flex{Max: 400, HourlyCost: 45},
		})
	}
	return in
}

// benchRequirement is the requirement of benchInput's week w at volume
// error z (5%).
func benchRequirement(_, w int, z float64) float64 {
	season := 1 + 0.2*math.Max(0, math.Cos(2*math.Pi*(float64(w%52)-48)/52))
	return 1050 * math.Pow(1.15, float64(w)/52) * season * math.Exp(0.05*z)
}

func solveAll(b testing.TB, in Input) {
	d := in.withDefaults()
	bases, err := groupBases(&d)
	if err != nil {
		b.Fatal(err)
	}
	ps := newPaths(d.Seed, d.Paths, &d, bases, benchRequirement)
	for g := range d.Groups {
		s := &groupSolver{in: &d, h: newHiring(bases[g]), gp: ps.groups[g], ps: ps,
			reqAt: func(w int, z float64) float64 { return benchRequirement(g, w, z) }}
		if _, _, _, ok := s.solve(); !ok {
			b.Fatalf("group %d: the plan does not hold the risk", g)
		}
	}
}

// BenchmarkHiringEachWeek plans the hiring of two groups over 78 weeks at
// 10% risk each week on 1,000 paths: everything but the representative
// weeks' simulations.
func BenchmarkHiringEachWeek(b *testing.B) {
	in := benchInput(EachWeek)
	for b.Loop() {
		solveAll(b, in)
	}
}

// BenchmarkHiringAnyWeek is the same at 10% risk of a short week anywhere
// in the horizon.
func BenchmarkHiringAnyWeek(b *testing.B) {
	in := benchInput(AnyWeek)
	for b.Loop() {
		solveAll(b, in)
	}
}
