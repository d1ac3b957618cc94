package capacity

import (
	"math"
	"testing"
)

// annualFor returns the annual attrition whose weekly hazard is q.
func annualFor(q float64) float64 { return 1 - math.Pow(1-q, 52) }

// handGroup is the small case worked by hand below: one 40-hour contract
// at 20 an hour, two weeks of training, one week at half speed, 20% a week
// leaving in the first two weeks of tenure and 10% after, and a week's
// shrinkage of 0, 10, 20 and 10%.
func handGroup(name string) Group {
	return Group{
		Name:      name,
		Contracts: []Contract{{Name: "ft", Hours: 40, HourlyCost: 20}},
		Staff:     []Cohort{{Contract: "ft", People: 5, Tenure: 100}},
		Attrition: []AttritionBand{{Until: 2, Annual: annualFor(0.2)}, {Annual: annualFor(0.1)}},
		Hiring:    Hiring{Contract: "ft", Training: 2, Ramp: []float64{0.5}, Planned: []Class{{Week: 1, People: 10}}},
		Shrinkage: []float64{0, 0.1, 0.2, 0.1},
	}
}

func within(t *testing.T, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-9*math.Max(1, math.Abs(want[i])) {
			t.Errorf("%s week %d: got %.12g, want %.12g", what, i+1, got[i], want[i])
		}
	}
}

func TestWeeklyHazard(t *testing.T) {
	// 29% a year: 52 weeks in a row keep exactly 71%.
	q := WeeklyHazard(0.29)
	if s := math.Pow(1-q, 52); math.Abs(s-0.71) > 1e-14 {
		t.Errorf("52 weeks at %v keep %v, want 0.71", q, s)
	}
	if math.Abs(q-0.0065647) > 1e-7 {
		t.Errorf("weekly hazard of 29%% a year: %v, want 0.0065647", q)
	}
	if WeeklyHazard(0) != 0 || WeeklyHazard(1) != 1 {
		t.Error("0 and 100% a year must give 0 and 1 a week")
	}
}

// TestSupplyByHand checks the expected supply against a case worked by
// hand. The class of 10 starts in week 1 (tenure 0) and loses 20% at the
// end of weeks 1 and 2, 10% after: 10, 8, 6.4, 5.76 people. It trains
// in weeks 1 and 2 (zero output), works at half speed in week 3 and fully
// in week 4. The five tenured staff lose 10% a week: 5, 4.5, 4.05, 3.645.
//
//	productive hours = people x 40 x (1 - shrinkage) x productivity
//	week 1: 5 x 40                          = 200
//	week 2: 4.5 x 40 x 0.9                  = 162
//	week 3: 6.4 x 40 x 0.8 x 0.5 + 4.05 x 32  = 102.4 + 129.6 = 232
//	week 4: 5.76 x 36 + 3.645 x 36          = 207.36 + 131.22 = 338.58
//
// Overtime's base (hours at work of people past training) counts the class
// from week 3 at full hours: 200, 162, 6.4x32+129.6 = 334.4, 338.58.
// Salaries are people x 40 x 20.
func TestSupplyByHand(t *testing.T) {
	in := Input{Weeks: 4, Groups: []Group{handGroup("a")}}
	_, bases := testBases(t, in)
	e := bases[0].expected
	within(t, "people", e.People, []float64{15, 12.5, 10.45, 9.405})
	within(t, "training", e.Training, []float64{10, 8, 0, 0})
	within(t, "productive", e.Productive, []float64{200, 162, 232, 338.58})
	within(t, "at work", e.AtWork, []float64{200, 162, 334.4, 338.58})
	within(t, "paid", e.Paid, []float64{600, 500, 418, 376.2})
	within(t, "salary", e.Salary, []float64{12000, 10000, 8360, 7524})
}

// TestTransferByHand moves 2 of group a's tenured staff to group b at the
// start of week 3, with one week of retraining. a expects 4.05 of its 5
// there, so each of them moves with probability 2/4.05: a keeps 2.05 in
// week 3 and 2.05 x 0.9 = 1.845 in week 4; b gets 2 in week 3 (at zero
// output) and 1.8 in week 4 working full hours less b's 10% shrinkage.
func TestTransferByHand(t *testing.T) {
	a := handGroup("a")
	a.Hiring.Planned = nil
	b := handGroup("b")
	b.Staff, b.Hiring.Planned = nil, nil
	in := Input{Weeks: 4, Groups: []Group{a, b}, Transfers: []Transfer{{From: "a", To: "b", Week: 3, People: 2, Training: 1}}}
	_, bases := testBases(t, in)
	within(t, "a people", bases[0].expected.People, []float64{5, 4.5, 2.05, 1.845})
	within(t, "a productive", bases[0].expected.Productive, []float64{200, 162, 2.05 * 32, 1.845 * 36})
	within(t, "b people", bases[1].expected.People, []float64{0, 0, 2, 1.8})
	within(t, "b training", bases[1].expected.Training, []float64{0, 0, 2, 0})
	within(t, "b productive", bases[1].expected.Productive, []float64{0, 0, 0, 1.8 * 36})

	in.Transfers[0].People = 5
	d := in.withDefaults()
	if _, err := groupBases(&d); err == nil {
		t.Error("a transfer of 5 from the 4.05 expected to be left was accepted")
	}
}

// TestClassColumns checks the hiring problem's per-hire figures against
// the hand case: one hire starting in week 1 is 1, 0.8, 0.64, 0.576
// people, productive 0, 0, 0.64x32x0.5, 0.576x36.
func TestClassColumns(t *testing.T) {
	g := handGroup("a")
	g.Hiring.Planned = nil
	g.Hiring.MaxClass, g.Hiring.CostPerHire, g.Hiring.TrainingCost = 10, 1000, 500
	in := Input{Weeks: 4, Groups: []Group{g}}
	d := in.withDefaults()
	bases, err := groupBases(&d)
	if err != nil {
		t.Fatal(err)
	}
	h := newHiring(bases[0])
	// Weeks 1 and 2 can start a class that produces within the horizon;
	// weeks 3 and 4 cannot (training).
	if len(h.starts) != 2 || h.starts[0] != 0 || h.starts[1] != 1 {
		t.Fatalf("starts %v, want [0 1]", h.starts)
	}
	within(t, "cover", h.cover[0], []float64{0, 0, 10.24, 20.736})
	// Cost: 1500 to hire, then salaries 800 x (1 + 0.8 + 0.64 + 0.576).
	if want := 1500 + 800*3.016; math.Abs(h.cost[0]-want) > 1e-9 {
		t.Errorf("cost per hire %v, want %v", h.cost[0], want)
	}
}
