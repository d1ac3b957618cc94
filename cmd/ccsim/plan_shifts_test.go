package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
)

// TestPlanShiftsJSON: the JSON of a plan covered with shifts carries each
// group's shifts as a staffing block, which loads into the scenario with
// the cover the JSON reports.
func TestPlanShiftsJSON(t *testing.T) {
	code, out, errOut := run(t, "", "plan", smallPlan, "--shifts", "testdata/plan-shifts.yaml", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Shifts struct {
			Groups []struct {
				Name     string    `json:"name"`
				Coverage []float64 `json:"coverage"`
				YAML     string    `json:"yaml"`
			} `json:"groups"`
			PaidHours float64 `json:"paid_hours"`
		} `json:"shifts"`
		StaffingYAML map[string]string `json:"staffing_yaml"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Shifts.Groups) != 1 || rep.Shifts.PaidHours <= 0 || rep.StaffingYAML["team"] == "" {
		t.Fatalf("shifts %+v", rep.Shifts)
	}
	g := rep.Shifts.Groups[0]
	if !strings.HasPrefix(g.YAML, "# shifts of group team") || strings.Count(out, `"yaml"`) != 1 {
		t.Errorf("group %s: yaml %q", g.Name, g.YAML)
	}
	data, err := os.ReadFile(smallPlan)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "    staffing: [5, 5, 5, 5, 5, 5]\n", "", 1)
	text += "    " + strings.ReplaceAll(strings.TrimSuffix(g.YAML, "\n"), "\n", "\n    ") + "\n"
	sc, err := scenarios.Parse("shifts.yaml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	paid := sc.Groups[0].Paid
	if len(paid) == 0 || len(paid) > len(g.Coverage) {
		t.Fatalf("%d intervals scheduled, %d covered", len(paid), len(g.Coverage))
	}
	for i, got := range paid {
		if c := g.Coverage[i]; got != c {
			t.Errorf("interval %d: the block schedules %v, the shifts cover %v", i, got, c)
		}
	}
}
