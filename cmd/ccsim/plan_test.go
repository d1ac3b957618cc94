package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/scenarios"
)

const smallPlan = "testdata/plan-small.yaml"

func TestPlanTable(t *testing.T) {
	out := runOK(t, "", "plan", smallPlan, "--shifts", "testdata/plan-shifts.yaml")
	golden(t, "plan-small.golden", out)
}

func TestPlanFormats(t *testing.T) {
	out := runOK(t, "", "plan", smallPlan, "--format", "json", "--workers", "1")
	var rep struct {
		Format string `json:"format"`
		Mode   string `json:"mode"`
		Met    bool   `json:"met"`
		Groups []struct {
			Name      string `json:"name"`
			Agents    []int  `json:"agents"`
			Scheduled []int  `json:"scheduled"`
		} `json:"groups"`
		Misses       []any             `json:"misses"`
		StaffingYAML map[string]string `json:"staffing_yaml"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Format != output.PlanFormat || rep.Mode != "targets" || !rep.Met || rep.Misses == nil || len(rep.Groups) != 1 ||
		len(rep.Groups[0].Scheduled) != 6 || !strings.Contains(rep.StaffingYAML["team"], "staffing:") {
		t.Errorf("unexpected JSON: %+v", rep)
	}
	_, many, _ := run(t, "", "plan", smallPlan, "--format", "json", "--workers", "3")
	if many != out {
		t.Error("JSON differs between 1 and 3 workers")
	}

	out = runOK(t, "", "plan", smallPlan, "--format", "csv")
	rows := csvRows(t, out, "scope,name,interval,start,field,value,ci95")
	found := false
	for _, r := range rows {
		if r[0] == "group" && r[1] == "team" && r[2] == "2" && r[4] == "scheduled" {
			found = r[5] == itoa(rep.Groups[0].Scheduled[2])
		}
	}
	if !found {
		t.Error("csv lacks the scheduled headcount of team at interval 2, or it differs from the JSON")
	}
}

func itoa(v int) string { b, _ := json.Marshal(v); return string(b) }

// TestPlanYAML pastes the --yaml output into the scenario and loads it:
// the scheduled headcount comes back as planned.
func TestPlanYAML(t *testing.T) {
	out := runOK(t, "", "plan", smallPlan, "--yaml")
	var doc struct {
		Groups map[string]struct {
			Staffing []int `yaml:"staffing"`
		} `yaml:"groups"`
	}
	if err := yaml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	planned := doc.Groups["team"].Staffing
	if len(planned) != 6 {
		t.Fatalf("staffing %v", planned)
	}
	data, err := os.ReadFile(smallPlan)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(data), "    staffing: [5, 5, 5, 5, 5, 5]\n", "", 1)
	text += strings.SplitN(out, "  team:\n", 2)[1]
	sc, err := scenarios.Parse("pasted.yaml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for i, v := range planned {
		if sc.Groups[0].Paid[i] != float64(v) {
			t.Errorf("interval %d: pasted %v, planned %d", i, sc.Groups[0].Paid[i], v)
		}
	}
}

func TestPlanBudget(t *testing.T) {
	// Sixty hours do not buy every target: the plan is printed and the
	// command exits 1, naming the trade.
	code, out, errOut := run(t, "", "plan", smallPlan, "--budget", "60", "--intervals=false")
	if code != 1 || !strings.Contains(errOut, "the budget trades off") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.HasPrefix(out, "Budget plan for Small blended team: 60.0 paid hours to spend\n") ||
		!strings.Contains(out, "Paid hours 60.0") {
		t.Errorf("budget output:\n%s", out)
	}
}

func TestPlanUsageErrors(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad-shifts.yaml")
	if err := os.WriteFile(bad, []byte("templates:\n  - {name: x, length: 30h, starts: [\"07:00\"]}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "xml"}, `ccsim: plan: --format "xml"`},
		{[]string{"--confidence", "1.5"}, "ccsim: plan: --confidence 1.5"},
		{[]string{"--reps", "1"}, "ccsim: plan: --reps 1"},
		{[]string{"--max-iterations", "0"}, "ccsim: plan: --max-iterations 0"},
		{[]string{"--min-volume", "-1"}, "ccsim: plan: --min-volume -1"},
		{[]string{"--budget", "-5"}, "ccsim: plan: --budget -5"},
		{[]string{"--budget", "50", "--shifts", "testdata/plan-shifts.yaml"}, "cannot be combined"},
		{[]string{"--shifts", "no-such-file.yaml"}, "no-such-file.yaml"},
		{[]string{"--shifts", bad}, "bad-shifts.yaml:2:23: templates[0].length"},
		{[]string{"--seed", "0"}, "--seed 0"},
	} {
		code, out, errOut := run(t, "", append([]string{"plan", smallPlan}, c.args...)...)
		if code != 2 || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.args, code, out, errOut, c.want)
		}
	}
	if code, _, errOut := run(t, "", "plan", "no-such-scenario.yaml"); code != 2 || !strings.Contains(errOut, "no-such-scenario.yaml") {
		t.Errorf("missing scenario: exit %d, %s", code, errOut)
	}
	if code, _, _ := run(t, "", "plan", "a.yaml", "b.yaml"); code != 2 {
		t.Errorf("two scenarios: exit %d", code)
	}
}

// TestPlanCharts writes the forecast charts and the staffing chart of a
// plan, and refuses a --charts path that is a file before planning.
func TestPlanCharts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "charts")
	code, _, errOut := run(t, "", "plan", smallPlan, "--reps", "4", "--charts", dir)
	if code != 0 && code != 1 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, name := range []string{"service-level.png", "staffing.png", "agents.png"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.HasPrefix(data, []byte("\x89PNG")) {
			t.Errorf("%s: not a PNG (%v)", name, err)
		}
	}
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := run(t, "", "plan", smallPlan, "--charts", file); code != 2 || out != "" {
		t.Errorf("--charts on a file: exit %d, stdout %q", code, out)
	}
}

// TestPlanRosterScenarioPays: the scenario plan -o writes from a roster
// with paid coffee breaks must pay what the roster pays. Breaks written
// without their paid flag once made run count 4 of the default's 528
// rostered hours as unpaid (an outside check found it, 1.7% on a week).
func TestPlanRosterScenarioPays(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: plans the default with shifts (about 3 s)")
	}
	dir := t.TempDir()
	planned := filepath.Join(dir, "planned.yaml")
	out := runOK(t, "", "plan", "--shifts", "../../plan/testdata/default-shifts.yaml", "-o", planned, "--format", "json")
	var p struct {
		Roster struct {
			PaidHours float64 `json:"paid_hours"`
			Cost      float64 `json:"cost"`
		} `json:"roster"`
	}
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(planned)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "paid: true") {
		t.Error("planned.yaml marks no break paid; default-shifts.yaml has paid coffee breaks")
	}
	var r struct {
		Groups []struct {
			Total map[string]struct {
				Mean float64 `json:"mean"`
			} `json:"total"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(runOK(t, "", "run", planned, "--format", "json", "--reps", "2")), &r); err != nil {
		t.Fatal(err)
	}
	hours, cost := 0.0, 0.0
	for _, g := range r.Groups {
		hours += g.Total["paid_hours"].Mean
		cost += g.Total["cost"].Mean
	}
	// Paid hours and cost do not depend on the simulation's draws: equal
	// to the rounding of the sums.
	if math.Abs(hours-p.Roster.PaidHours) > 1e-6 || math.Abs(cost-p.Roster.Cost) > 1e-6 {
		t.Errorf("run of planned.yaml pays %.2f hours, %.2f; the roster %.2f hours, %.2f", hours, cost, p.Roster.PaidHours, p.Roster.Cost)
	}
}

// TestPlanSummaryNamesWrittenFile: with -o the summary's last line says
// where the scenario went, rather than suggesting -o.
func TestPlanSummaryNamesWrittenFile(t *testing.T) {
	out := filepath.Join(t.TempDir(), "planned.yaml")
	stdout := runOK(t, "", "plan", smallPlan, "-o", out, "--workers", "1")
	if !strings.Contains(stdout, "written to "+out) || strings.Contains(stdout, "-o FILE") {
		t.Errorf("summary does not name %s:\n%s", out, stdout[max(0, len(stdout)-300):])
	}
}

// TestPlanHeadcountTooSmall: contracts whose headcounts cannot work the
// shifts the plan needs are the shift file's to mend: exit 2, the file,
// the template and the contract named, nothing written.
func TestPlanHeadcountTooSmall(t *testing.T) {
	dir := t.TempDir()
	shifts := filepath.Join(dir, "tiny.yaml")
	if err := os.WriteFile(shifts, []byte(`templates:
  - name: four
    length: 4h
    starts: {from: "00:00", to: "23:00", every: 1h}
contracts:
  - {name: tiny, days: {min: 1, max: 7}, agents: {max: 1}}
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "planned.yaml")
	code, _, stderr := run(t, "", "plan", smallPlan, "--shifts", shifts, "-o", out, "--workers", "1")
	if code != 2 {
		t.Errorf("exit %d, want 2; stderr %s", code, stderr)
	}
	for _, want := range []string{shifts, `template "four"`, `"tiny" at most 1 agents`} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr %q does not say %q", stderr, want)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written", out)
	}
}
