package main

import (
	"encoding/json"
	"testing"
)

// TestPlanShiftsJSON: the JSON of a plan worked into a roster carries
// each group's cover, which the roster's shifts, written as a scenario's
// staffing, give back.
func TestPlanShiftsJSON(t *testing.T) {
	code, out, errOut := run(t, "", "plan", smallPlan, "--shifts", "testdata/plan-shifts.yaml", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Roster struct {
			Groups []struct {
				Name     string    `json:"name"`
				Coverage []float64 `json:"coverage"`
				Required []float64 `json:"required"`
				Shifts   []struct {
					Start  float64 `json:"start_seconds"`
					Length float64 `json:"length_seconds"`
				} `json:"shifts"`
			} `json:"groups"`
			PaidHours float64 `json:"paid_hours"`
		} `json:"roster"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Roster.Groups) != 1 || rep.Roster.PaidHours <= 0 {
		t.Fatalf("roster %+v", rep.Roster)
	}
	g := rep.Roster.Groups[0]
	for i, c := range g.Coverage {
		if c < g.Required[i]-1e-9 {
			t.Errorf("interval %d: covered %v, required %v", i, c, g.Required[i])
		}
	}
	if len(g.Shifts) == 0 {
		t.Error("no shifts")
	}
}
