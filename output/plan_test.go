package output

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
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
	// The page says so as bad news and lists both, each in its unit.
	root := checkPage(t, out[HTML], "Staffing plan", "Small blended team")
	if v := root.withClass("verdict"); !v[0].hasClass("bad") || v[0].text() != "1 targets cannot be met by adding agents; the plan meets the others." {
		t.Errorf("verdict %q", v[0].text())
	}
	misses := tablesOf(sectionByID(t, root, "misses"))
	if len(misses) != 2 || misses[0].column(0)[0] != "channel phone" || misses[0].column(3)[0] != "11.7m" ||
		misses[1].column(1)[0] != "whole horizon" || misses[1].column(5)[0] != "90.0%" {
		t.Errorf("misses %+v", misses)
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
	v := checkPage(t, out[HTML], "Staffing plan", "Small blended team").withClass("verdict")
	if !v[0].hasClass("good") || !strings.HasPrefix(v[0].text(), "Budget plan: the best service level 20.0 paid hours buy (Erlang expects ") {
		t.Errorf("verdict %q", v[0].text())
	}
}

// TestPlanPage: the plan's page leads with its verdict, sets its paid
// hours against the Erlang seed's, lists each group's staffing by
// interval adding up to its paid hours, and ends with the staffing blocks
// that --format yaml writes.
func TestPlanPage(t *testing.T) {
	p := planned(t, plan.Options{})
	res := p.Result
	root := checkPage(t, written(t, p, HTML), "Staffing plan", "Small blended team")
	text, good := planVerdict(res)
	if v := root.withClass("verdict"); v[0].hasClass("good") != good || v[0].text() != text {
		t.Errorf("verdict %q, want %q", v[0].text(), text)
	}
	if card := cards(root)["paid hours"]; card == nil || card.withClass("card-value")[0].text() != Number(res.Totals.PaidHours, 1)+" h" ||
		card.withClass("card-target")[0].text() != "Erlang seed "+Number(res.Totals.SeedHours, 1)+" h" {
		t.Error("no card of the paid hours against the seed's")
	}
	g := res.Groups[0]
	staffing := tablesOf(sectionByID(t, root, "staffing"))[0]
	if row := staffing.Rows[0]; row[0].text() != "team" || row[1].text() != "25%" ||
		row[5].text() != signed(Number(abs(g.PaidHours-g.SeedHours), 1), g.PaidHours-g.SeedHours) {
		t.Errorf("staffing row %q", staffing.column(5))
	}
	// Hour-long intervals: the scheduled agents add up to the paid hours.
	byInterval := tableByCaption(t, sectionByID(t, root, "staffing-intervals"), "group team")
	if got := sortSum(t, byInterval, 4) * res.IntervalSeconds / 3600; !near(got, g.PaidHours) {
		t.Errorf("scheduled agent-hours %v, paid hours %v", got, g.PaidHours)
	}
	var yaml bytes.Buffer
	if err := p.WriteYAML(&yaml); err != nil {
		t.Fatal(err)
	}
	pre := sectionByID(t, root, "yaml").all("pre")
	if len(pre) != 1 || !strings.HasPrefix(pre[0].text(), "groups: team:") ||
		!strings.HasSuffix(yaml.String(), pre[0].all("code")[0].Kids[0].Data) {
		t.Errorf("the page's staffing blocks are not those of --format yaml:\n%s", yaml.String())
	}
}

// breakShifts are five-hour shifts with a paid coffee break and an unpaid
// meal.
const breakShifts = `templates:
  - name: five
    length: 5h
    starts: {from: "00:00", to: "23:00", every: 1h}
    breaks:
      - {name: coffee, after: 1h, length: 15m, paid: true}
      - {name: meal, after: 3h, length: 30m}
`

// TestPlanRosterCSV writes the roster of a plan with shifts, a row per
// shift: each ends its length after it starts, has its breaks at their
// offsets, is paid its length less its unpaid break, falls on the weekday
// of its day, and the rows add up to the roster's paid hours. A plan
// without shifts has no roster to write, and says how to get one.
func TestPlanRosterCSV(t *testing.T) {
	rules, err := scenarios.ParseShifts("shifts.yaml", []byte(breakShifts))
	if err != nil {
		t.Fatal(err)
	}
	p := planned(t, plan.Options{Shifts: rules})
	rp := p.Result.Roster
	var b bytes.Buffer
	if err := p.WriteRosterCSV(&b); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	shifts := 0
	for _, g := range rp.Groups {
		shifts += len(g.Shifts)
	}
	if want := []string{"group", "contract", "line", "day", "weekday", "start", "end", "paid_hours", "breaks", "template", "extra"}; shifts == 0 ||
		len(rows) != 1+shifts || strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Fatalf("%d rows for %d shifts, header %q", len(rows), shifts, rows[0])
	}
	clock := func(s string) float64 {
		h, m, _ := strings.Cut(s, ":")
		hh, _ := strconv.Atoi(h)
		mm, _ := strconv.Atoi(m)
		return float64(hh*3600 + mm*60)
	}
	// since is the seconds from the shift's start to a clock time.
	since := func(start, at string) float64 { return math.Mod(clock(at)-clock(start)+86400, 86400) }
	weekdays := []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	paid := 0.0
	for _, row := range rows[1:] {
		day, _ := strconv.Atoi(row[3])
		hours, err := strconv.ParseFloat(row[7], 64)
		if err != nil {
			t.Fatal(err)
		}
		paid += hours
		var offsets []string
		for _, br := range strings.Split(row[8], "; ") {
			span, kind, _ := strings.Cut(br, " ")
			from, to, _ := strings.Cut(span, "-")
			offsets = append(offsets, fmt.Sprintf("%g-%g %s", since(row[5], from)/60, since(row[5], to)/60, kind))
		}
		if row[0] != "team" || row[4] != weekdays[(p.Model.StartWeekday+day-1)%7] || row[9] != "five" ||
			since(row[5], row[6]) != 5*3600 || hours != 4.5 || strings.Join(offsets, "; ") != "60-75 paid; 180-210 unpaid" {
			t.Errorf("shift %q", row)
		}
	}
	if !near(paid, rp.PaidHours) {
		t.Errorf("shifts paid %v hours, the roster %v", paid, rp.PaidHours)
	}

	bare := *p.Result
	bare.Roster = nil
	p.Result = &bare
	if err := p.WriteRosterCSV(&b); err == nil || !strings.Contains(err.Error(), "--shifts") {
		t.Errorf("a plan without a roster: %v", err)
	}
}

// TestPlanned puts the plan's staffing in a copy of the scenario: the
// roster's cover when it has one, else the scheduled agents; the
// scenario itself keeps its own.
func TestPlanned(t *testing.T) {
	rules, err := scenarios.ParseShifts("shifts.yaml", []byte(smallShifts))
	if err != nil {
		t.Fatal(err)
	}
	for _, opts := range []plan.Options{{}, {Shifts: rules}} {
		p := planned(t, opts)
		own := slices.Clone(p.Model.Groups[0].Paid)
		m, err := p.Planned()
		if err != nil {
			t.Fatal(err)
		}
		want := make([]float64, len(own))
		for i, v := range p.Result.Groups[0].Scheduled {
			want[i] = float64(v)
		}
		if r := p.Result.Roster; r != nil {
			want = r.Groups[0].Coverage
			if !slices.Equal(m.Groups[0].Staff, r.Groups[0].OnFloor) || len(m.Groups[0].Shifts) == 0 {
				t.Errorf("roster: on floor %v, want %v", m.Groups[0].Staff, r.Groups[0].OnFloor)
			}
		}
		if !slices.Equal(m.Groups[0].Paid, want) || !slices.Equal(p.Model.Groups[0].Paid, own) || slices.Equal(own, want) {
			t.Errorf("shifts %v: planned %v, want %v; the scenario's %v, was %v", opts.Shifts != nil, m.Groups[0].Paid, want,
				p.Model.Groups[0].Paid, own)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("shifts %v: the planned scenario: %v", opts.Shifts != nil, err)
		}
	}
}
