package main

import (
	"bytes"
	"encoding/json"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestPlanShiftsJSON: the JSON of a plan worked into a roster carries
// each group's cover, which the roster's shifts, written as a scenario's
// staffing, give back.
func TestPlanShiftsJSON(t *testing.T) {
	out := runOK(t, "", "plan", smallPlan, "--shifts", "testdata/plan-shifts.yaml", "--format", "json")
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

// TestPlanOutputRoundTrip: plan -o writes a scenario that validate
// accepts and run takes, with the planned staffing in place; planning it
// again writes the same file; --roster writes one row per shift; an output
// that names an input is refused before planning, exit 2.
func TestPlanOutputRoundTrip(t *testing.T) {
	dir := t.TempDir()
	planned := filepath.Join(dir, "planned.yaml")
	again := filepath.Join(dir, "again.yaml")
	rosterCSV := filepath.Join(dir, "sub", "roster.csv")
	code, _, errOut := run(t, "", "plan", smallPlan, "--shifts", "testdata/plan-shifts.yaml", "-o", planned, "--roster", rosterCSV)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, out, errOut := run(t, "", "validate", planned); code != 0 || !strings.Contains(out, "ok") {
		t.Fatalf("validate: exit %d: %s%s", code, out, errOut)
	}
	if code, _, errOut := run(t, "", "run", planned, "--reps", "2"); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(planned)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "# rostered by ccsim plan") || !strings.Contains(string(data), "shifts:") {
		t.Errorf("planned scenario:\n%s", data)
	}
	if code, _, errOut := run(t, "", "plan", planned, "--shifts", "testdata/plan-shifts.yaml", "-o", again); code != 0 {
		t.Fatalf("plan again: exit %d: %s", code, errOut)
	}
	if second, _ := os.ReadFile(again); string(second) != string(data) {
		t.Errorf("planning the planned scenario changed it:\n%s\nthen:\n%s", data, second)
	}
	rows, err := os.ReadFile(rosterCSV)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(rows)), "\n")
	if len(lines) < 2 || lines[0] != "group,contract,line,day,weekday,start,end,paid_hours,breaks,template,extra" {
		t.Errorf("roster CSV:\n%s", rows)
	}
	if code, _, errOut := run(t, "", "plan", planned, "-o", planned); code != 2 || !strings.Contains(errOut, "input") {
		t.Errorf("-o onto the input: exit %d: %s", code, errOut)
	}
}

// TestPlanRosterFigures: a plan worked into a roster draws the roster's
// cover beside the staffing, in --charts as a PNG of its own and on the
// --html page as a figure whose hover text gives, for each interval, the
// required, rostered and on-the-floor agents of the plan's JSON.
func TestPlanRosterFigures(t *testing.T) {
	dir := t.TempDir()
	charts, page := filepath.Join(dir, "charts"), filepath.Join(dir, "plan.html")
	out := runOK(t, "", "plan", smallPlan, "--shifts", "testdata/plan-shifts.yaml", "--format", "json", "--charts", charts, "--html", page)
	var rep struct {
		Labels []string `json:"interval_labels"`
		Roster struct {
			Groups []struct {
				Name     string    `json:"name"`
				Required []float64 `json:"required"`
				Coverage []float64 `json:"coverage"`
				OnFloor  []int     `json:"on_floor"`
			} `json:"groups"`
		} `json:"roster"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"staffing.png", "roster-coverage.png"} {
		b, err := os.ReadFile(filepath.Join(charts, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	html, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	// The hover text of the cover's points: "00:00-01:00: team 9.3
	// required, 10 rostered, 7 on the floor", figures to one decimal.
	hover := regexp.MustCompile(`<title>(\d\d:\d\d)-\d\d:\d\d: (\S+) ([\d.]+) required, ([\d.]+) rostered, ([\d.]+) on the floor`)
	points := hover.FindAllStringSubmatch(string(html), -1)
	g := rep.Roster.Groups[0]
	if len(rep.Roster.Groups) != 1 || len(points) != len(g.Required) {
		t.Fatalf("%d cover points on the page, %d intervals of %d groups in the JSON", len(points), len(g.Required), len(rep.Roster.Groups))
	}
	for i, p := range points {
		want := []float64{g.Required[i], g.Coverage[i], float64(g.OnFloor[i])}
		for k, w := range want {
			got, _ := strconv.ParseFloat(p[3+k], 64)
			if p[1] != rep.Labels[i] || p[2] != g.Name || math.Abs(got-w) > 0.05 {
				t.Errorf("point %d: %q, want %s %s %v", i, p[0], rep.Labels[i], g.Name, want)
			}
		}
	}
	if !strings.Contains(string(html), rosterCoverageTitle) {
		t.Error("the page has no roster cover caption")
	}
}
