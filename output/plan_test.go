package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/plan"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// smallCenter is six hours of calls and email with one blended team.
const smallCenter = `name: Small blended team
seed: 11
replications: 10
interval: 1h
horizon: {intervals: 6}
currency: EUR
channels:
  phone:
    kind: call
    arrivals: {per_interval: [40, 80, 120, 100, 60, 20]}
    handle: 4m
    patience: 3m
    target: {answered: 80%, within: 20s, max_abandon: 5%}
  email:
    kind: email
    arrivals: {per_interval: [10, 20, 20, 10, 5, 0]}
    handle: 5m
    target: {answered: 90%, within: 2h}
groups:
  team:
    skills: [phone, email]
    shrinkage: 25%
    hourly_cost: 40
    max_occupancy: 90%
    staffing: [5, 5, 5, 5, 5, 5]
`

const smallShifts = `templates:
  - name: four
    length: 4h
    starts: {from: "00:00", to: "23:00", every: 1h}
`

// planned plans the small center with opts.
func planned(t *testing.T, opts plan.Options) Plan {
	t.Helper()
	sc, err := scenarios.Parse("small.yaml", []byte(smallCenter))
	if err != nil {
		t.Fatal(err)
	}
	res, err := plan.Plan(context.Background(), &sc.Model, opts)
	if err != nil {
		t.Fatal(err)
	}
	return Plan{Model: &sc.Model, Result: res, Intervals: true}
}

// writeAll writes d in every format it has.
func writeAll(t *testing.T, d Document) map[Format]string {
	t.Helper()
	out := map[Format]string{}
	for _, f := range Formats(d) {
		out[f] = written(t, d, f)
	}
	return out
}

// written is d written in format f; an error fails the test.
func written(t *testing.T, d Document, f Format) string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, d, f); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	return b.String()
}

// TestPlanDocuments writes a plan covered with shifts in every format:
// the JSON carries the staffing blocks and each group's shifts with their
// block, the CSV a row per figure, the table every section.
func TestPlanDocuments(t *testing.T) {
	rules, err := scenarios.ParseShifts("shifts.yaml", []byte(smallShifts))
	if err != nil {
		t.Fatal(err)
	}
	p := planned(t, plan.Options{Shifts: rules})
	out := writeAll(t, p)

	var doc struct {
		Format       string            `json:"format"`
		Currency     string            `json:"currency"`
		Labels       []string          `json:"interval_labels"`
		StaffingYAML map[string]string `json:"staffing_yaml"`
		Groups       []struct {
			Scheduled []int `json:"scheduled"`
			Occupancy []struct {
				Mean *float64 `json:"mean"`
			} `json:"occupancy"`
		} `json:"groups"`
		Channels []struct {
			Kind   string         `json:"kind"`
			Target map[string]any `json:"target"`
		} `json:"channels"`
		Roster *struct {
			Groups []struct {
				Name   string `json:"name"`
				YAML   string `json:"yaml"`
				Shifts []struct {
					Template string `json:"template"`
					Line     int    `json:"line"`
				} `json:"shifts"`
			} `json:"groups"`
		} `json:"roster"`
	}
	if err := json.Unmarshal([]byte(out[JSON]), &doc); err != nil {
		t.Fatal(err)
	}
	r := p.Result
	if doc.Format != PlanFormat || doc.Currency != "EUR" || len(doc.Labels) != 6 || len(doc.Groups) != 1 ||
		len(doc.Groups[0].Scheduled) != 6 || len(doc.Groups[0].Occupancy) != 6 || len(doc.Channels) != 2 ||
		doc.Channels[1].Kind != "email" || doc.Channels[0].Target["within"] != nil {
		t.Fatalf("document %s", out[JSON][:400])
	}
	if !strings.Contains(doc.StaffingYAML["team"], "staffing") {
		t.Errorf("staffing block %q", doc.StaffingYAML["team"])
	}
	if doc.Roster == nil || len(doc.Roster.Groups) != 1 || !strings.Contains(doc.Roster.Groups[0].YAML, "shifts:") ||
		len(doc.Roster.Groups[0].Shifts) == 0 {
		t.Errorf("roster %+v", doc.Roster)
	}

	rows, err := csv.NewReader(strings.NewReader(out[CSV])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	// Per group 7 figures an interval and 2 totals, per channel 4 and 4,
	// 6 totals, and a row per miss.
	if want := 1 + (7*6 + 2) + 2*(4*6+4) + 6 + len(r.Misses); len(rows) != want {
		t.Errorf("csv: %d rows, want %d", len(rows), want)
	}

	for _, want := range []string{"Plan for Small blended team\n", "\ngroup team (shrinkage 25%, 40.00 per paid hour)",
		"\nchannel phone (call): service level ", ", target 80% in 20s, abandoned ", "\nchannel email (email)",
		"\nSearch: ", "\nRoster: ", "  team: ", "# Staffing planned by ccsim plan",
		"groups:\n  team:\n    # scheduled agents of group team"} {
		if !strings.Contains(out[Table], want) {
			t.Errorf("table lacks %q:\n%s", want, out[Table])
		}
	}
	var yaml bytes.Buffer
	if err := p.WriteYAML(&yaml); err != nil || !strings.HasSuffix(out[Table], yaml.String()) {
		t.Errorf("the table does not end with the staffing blocks (%v):\n%s", err, yaml.String())
	}
}

// TestPlanMisses lists targets missed and given up, each in its metric's
// unit, and says so at the top.
func TestPlanMisses(t *testing.T) {
	p := planned(t, plan.Options{})
	r := *p.Result
	r.GaveUp = []plan.Miss{{Scope: "channel", Name: "phone", Interval: 2, Start: "02:00", Metric: sim.ASA.Key(), Mean: 700, Bound: 650, Limit: 30}}
	r.Misses = []plan.Miss{{Scope: "group", Name: "team", Interval: -1, Metric: sim.Occupancy.Key(), Mean: 0.93, Bound: 0.92, Limit: 0.9}}
	p.Result, p.Intervals = &r, false
	out := writeAll(t, p)
	for _, want := range []string{
		"1 TARGETS CANNOT BE MET by adding agents",
		"channel  phone  02:00  asa_seconds  11.7m  10.8m  30.0s",
		"group  team  all day    occupancy  93.0%  92.0%  90.0%",
	} {
		if !strings.Contains(strings.Join(strings.Fields(out[Table]), "  "), strings.Join(strings.Fields(want), "  ")) {
			t.Errorf("table lacks %q:\n%s", want, out[Table])
		}
	}
	if strings.Contains(out[Table], "by interval") || strings.Contains(out[Table], "start  Erlang") {
		t.Error("intervals shown without Intervals")
	}
	if !strings.Contains(out[CSV], "miss,group:team,total,,occupancy,0.93,") {
		t.Errorf("csv lacks the miss:\n%s", out[CSV])
	}
	if !strings.Contains(out[JSON], `"gave_up": [`) {
		t.Error("JSON lacks gave_up")
	}
}

// TestPlanBudget: a budget plan says what it spends and what Erlang
// expects of it.
func TestPlanBudget(t *testing.T) {
	p := planned(t, plan.Options{Budget: 20})
	out := writeAll(t, p)
	if !strings.HasPrefix(out[Table], "Budget plan for Small blended team: 20.0 paid hours to spend\n") ||
		!strings.Contains(out[Table], "Erlang expects a service level of ") {
		t.Errorf("table:\n%s", out[Table])
	}
	if !strings.Contains(out[JSON], `"budget": {`) || !strings.Contains(out[JSON], `"mode": "budget"`) {
		t.Errorf("JSON:\n%s", out[JSON])
	}
}
