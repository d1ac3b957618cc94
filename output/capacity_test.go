package output

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/capacity"
)

// capacityFixture is a small capacity plan made by hand: twelve weeks of
// one group needing 400 paid hours a week, growing by 10 a week, with
// a class of 3 in week 4.
func capacityFixture() *capacity.Result {
	const n = 12
	r := &capacity.Result{Name: "Fixture", Scenario: "Fixture week", Currency: "EUR", FTEHours: 40, Risk: 0.1,
		Paths: 1000, Seed: 1, CheckSeed: 2, Channels: []string{"phone"}, Met: true,
		Representative: []capacity.RepresentativeWeek{{Volumes: []float64{3000}, Workload: []float64{250}, Hours: []float64{380}, Met: true}}}
	g := capacity.GroupResult{Name: "team", Met: true, Supply: capacity.Weekly{}}
	for w := range n {
		r.Weeks = append(r.Weeks, time.Date(2027, 1, 4+7*w, 0, 0, 0, 0, time.UTC))
		r.Volume = append(r.Volume, []float64{3000 + 20*float64(w)})
		r.VolumeError = append(r.VolumeError, 0.05)
		r.CenterRisk = append(r.CenterRisk, 0.05)
		req := 400 + 10*float64(w)
		g.Workload = append(g.Workload, 250+5*float64(w))
		g.Requirement = append(g.Requirement, capacity.Band{Low: req - 20, Mid: req, High: req + 20})
		g.Target = append(g.Target, req+30)
		people := 11.0
		if w >= 3 {
			people = 14
		}
		g.Supply.People = append(g.Supply.People, people)
		g.Supply.Training = append(g.Supply.Training, 0)
		g.Supply.Productive = append(g.Supply.Productive, req+20)
		g.Supply.Paid = append(g.Supply.Paid, people*40)
		g.Supply.Salary = append(g.Supply.Salary, people*40*25)
		g.Supply.AtWork = append(g.Supply.AtWork, people*36)
		g.SupplyBand = append(g.SupplyBand, capacity.Band{Low: req, Mid: req + 25, High: req + 50})
		hires := 0
		if w == 3 {
			hires = 3
		}
		g.Hires = append(g.Hires, hires)
		g.Planned = append(g.Planned, 0)
		g.Overtime = append(g.Overtime, 10)
		g.Outsourced = append(g.Outsourced, 0)
		g.Short = append(g.Short, 0)
		g.Risk = append(g.Risk, 0.05)
		g.Cost = append(g.Cost, capacity.Cost{Salaries: people * 1000, Hiring: float64(hires) * 2000, Overtime: 10 * 37.5})
	}
	g.AnyWeek, g.LowerBound = 0.3, 170000
	g.Gap = math.Max(0, g.TotalCost().Total()-g.LowerBound) / g.LowerBound
	r.Groups = []capacity.GroupResult{g}
	r.CenterAnyWeek = 0.3
	return r
}

// TestCapacityDocuments checks the three forms of a capacity plan
// against each other and against the plan.
func TestCapacityDocuments(t *testing.T) {
	doc := Capacity{Result: capacityFixture(), Weeks: true}
	var back struct {
		Format string   `json:"format"`
		Weeks  []string `json:"weeks"`
		Groups []struct {
			Requirement []struct{ Low, Mid, High float64 } `json:"requirement_hours"`
			Hires       []int                              `json:"hires"`
			TotalCost   struct{ Total float64 }            `json:"total_cost"`
		} `json:"groups"`
		Totals struct {
			Hires int `json:"hires"`
		} `json:"totals"`
	}
	if err := json.Unmarshal([]byte(written(t, doc, JSON)), &back); err != nil {
		t.Fatal(err)
	}
	g := doc.Result.Groups[0]
	if back.Format != CapacityFormat || len(back.Weeks) != 12 || back.Weeks[3] != "2027-01-25" || back.Totals.Hires != 3 ||
		back.Groups[0].Requirement[5].Mid != 450 || back.Groups[0].TotalCost.Total != g.TotalCost().Total() {
		t.Errorf("JSON: %+v", back)
	}

	rows, err := csv.NewReader(strings.NewReader(written(t, doc, CSV))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	find := func(scope, name, week, field string) string {
		for _, r := range rows {
			if r[0] == scope && r[1] == name && r[2] == week && r[4] == field {
				return r[5]
			}
		}
		t.Errorf("no CSV row %s %s %s %s", scope, name, week, field)
		return ""
	}
	if got := find("group", "team", "6", "requirement_fte"); got != "11.25" {
		t.Errorf("week 6 requirement %s FTE, want 450/40 = 11.25", got)
	}
	if got := find("group", "team", "4", "hires"); got != "3" {
		t.Errorf("week 4 hires %s, want 3", got)
	}
	// gap: 20 hours of expected supply and 10 of overtime over the need.
	if got := find("group", "team", "1", "gap_fte"); got != "0.75" {
		t.Errorf("week 1 gap %s FTE, want 30/40 = 0.75", got)
	}
	if got := find("total", "all", "total", "hires"); got != "3" {
		t.Errorf("total hires %s", got)
	}

	table := written(t, doc, Table)
	for _, want := range []string{"Capacity plan for Fixture: 12 weeks from 2027-01-04", "The plan holds the risk in every week.",
		"3 hires in 1 class: 2027-01-25: 3", "2027-01-25", "11.2-12.2", "+0.8"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
}
