package scenarios

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

const shiftFile = `templates:
  - name: day
    length: 8h30m
    starts: {from: "00:00", to: "23:30", every: 30m}
    breaks: [{after: 4h, length: 30m}]
  - name: half
    length: 4h
    starts: ["07:00", "08:00"]
    groups: [voice, digital]
`

func TestParseShifts(t *testing.T) {
	rules, err := ParseShifts("ok.yaml", []byte(shiftFile))
	if err != nil {
		t.Fatal(err)
	}
	got := rules.Templates
	if len(got) != 2 || got[0].Name != "day" || len(got[0].Starts) != 48 || got[0].Starts[47] != 23.5*3600 ||
		got[0].Length != 30600 || len(got[0].Breaks) != 1 || got[0].Breaks[0] != (sim.BreakRule{Earliest: 14400, Latest: 14400, Length: 1800}) ||
		len(got[1].Starts) != 2 || got[1].Starts[1] != 8*3600 || len(got[1].Groups) != 2 || got[1].Groups[1] != "digital" ||
		len(rules.Contracts) != 0 {
		t.Errorf("parsed %+v", rules)
	}
	for _, tmpl := range got {
		if err := tmpl.Validate(); err != nil {
			t.Error(err)
		}
	}
}

// rosterFile has breaks placed within windows, paid and unpaid, and
// contracts.
const rosterFile = `templates:
  - name: day
    length: 8h30m
    starts: {from: "06:00", to: "12:00", every: 15m}
    breaks:
      - {name: coffee, within: {from: 1h30m, to: 3h}, length: 15m, paid: true}
      - {name: meal, within: {from: 3h30m, to: 5h, every: 30m}, length: 30m}
      - {after: 7h, length: 15m, paid: true}
  - name: half
    length: 4h
    starts: ["08:00", "12:00"]
contracts:
  - name: full-time
    templates: [day]
    days: 5
    consecutive_days_off: 2
    weekly_hours: {min: 37h30m, max: 40h}
    min_rest: 11h
  - name: part-time
    groups: [voice]
    days: {min: 2, max: 4}
    weekly_hours: {max: 24h}
    agents: {max: 30}
    hourly_cost: 45
`

func TestParseRoster(t *testing.T) {
	rules, err := ParseShifts("roster.yaml", []byte(rosterFile))
	if err != nil {
		t.Fatal(err)
	}
	day := rules.Templates[0]
	want := []sim.BreakRule{
		{Name: "coffee", Earliest: 5400, Latest: 10800, Length: 900, Paid: true},
		{Name: "meal", Earliest: 12600, Latest: 18000, Length: 1800, Step: 1800},
		{Earliest: 25200, Latest: 25200, Length: 900, Paid: true},
	}
	if len(day.Breaks) != 3 || day.Breaks[0] != want[0] || day.Breaks[1] != want[1] || day.Breaks[2] != want[2] {
		t.Errorf("breaks %+v\nwant %+v", day.Breaks, want)
	}
	if got := day.PaidLength(); got != 8*3600 {
		t.Errorf("paid length %v: only the 30-minute meal is unpaid", got)
	}
	ft, pt := rules.Contracts[0], rules.Contracts[1]
	if ft.Name != "full-time" || ft.MinDays != 5 || ft.MaxDays != 5 || ft.ConsecutiveDaysOff != 2 || ft.MinHours != 37.5*3600 ||
		ft.MaxHours != 40*3600 || ft.MinRest != 11*3600 || len(ft.Templates) != 1 || ft.MaxAgents != 0 {
		t.Errorf("full-time %+v", ft)
	}
	if pt.MinDays != 2 || pt.MaxDays != 4 || pt.MinHours != 0 || pt.MaxHours != 24*3600 || pt.MaxAgents != 30 || pt.HourlyCost != 45 ||
		len(pt.Groups) != 1 || pt.Groups[0] != "voice" {
		t.Errorf("part-time %+v", pt)
	}
	for _, tmpl := range rules.Templates {
		if err := tmpl.Validate(); err != nil {
			t.Error(err)
		}
	}
}

func TestParseShiftsErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"", "x.yaml: the file is empty"},
		{"templates: [\n", "x.yaml:2:1: invalid YAML"},
		{"shifts: []\n", `x.yaml:1:1: unknown key "shifts"`},
		{"templates: []\n", "x.yaml:1:12: templates: give at least one template"},
		{"templates:\n  - name: a\n    length: 8x\n    starts: [\"07:00\"]\n", `x.yaml:3:13: templates[0].length: invalid duration "8x"`},
		{"templates:\n  - name: a\n    length: 25h\n    starts: [\"07:00\"]\n", "x.yaml:3:13: templates[0].length: a shift template lasts from 15m to 24h"},
		// Shifts of seconds would take the roster thousands per agent.
		{"templates:\n  - name: a\n    length: 11s\n    starts: [\"07:00\"]\n", "x.yaml:3:13: templates[0].length: a shift template lasts from 15m to 24h"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"7:61\"]\n", `x.yaml:4:14: templates[0].starts[0]: invalid clock time "7:61"`},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\", \"07:00\"]\n", "x.yaml:4:23: templates[0].starts[1]: start given twice"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: {from: \"09:00\", to: \"08:00\", every: 1h}\n", "x.yaml:4:33: templates[0].starts.to"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: {from: \"09:00\", to: \"10:00\", every: 90s}\n", "templates[0].starts.every: starts 90s apart are not whole minutes"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 7h, length: 2h}]\n", "x.yaml:5:22: templates[0].breaks[0]: the break may end after the shift"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 2h, length: 1h}, {after: 2h30m, length: 1h}]\n", "templates[0].breaks[1]: the break may start before"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{length: 1h}]\n", `templates[0].breaks[0]: missing key "after" or "within"`},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 1h, within: {from: 1h, to: 2h}, length: 1h}]\n", `"after" and "within" exclude each other`},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{within: {from: 3h, to: 2h}, length: 1h}]\n", "x.yaml:5:38: templates[0].breaks[0].within.to: the window ends before it starts"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{within: {from: 1h, to: 7h30m}, length: 1h}]\n", "x.yaml:5:23: templates[0].breaks[0]: the break may end after the shift"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 1h, length: 1h, paid: yes}]\n", "templates[0].breaks[0].paid: expected true or false"},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c}]\n", `x.yaml:2:13: contracts[0]: missing key "days"`},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: 8}]\n", "contracts[0].days: 8 is outside 1..7"},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: 5, templates: [b]}]\n", `contracts[0].templates[0]: unknown template "b"`},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: 6, consecutive_days_off: 2}]\n", "contracts[0].consecutive_days_off: 2 consecutive days off leave fewer than the 6 working days"},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: 5, weekly_hours: {min: 50h}}]\n", "contracts[0].weekly_hours: 5 working days of at most 8h paid each fall short of the 50h a week"},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: 5, weekly_hours: {max: 30h}}]\n", "contracts[0].weekly_hours: 5 working days of at least 8h paid each exceed the 30h a week"},
		// Starts 06:00 to 13:00 rest at most 22h30m between days in a
		// row; five days a week cannot avoid them.
		{"templates: [{name: a, length: 8h30m, starts: {from: \"06:00\", to: \"13:00\", every: 1h}}]\ncontracts: [{name: c, days: 5, min_rest: 23h}]\n", "contracts[0].min_rest: no two shifts of its templates on days in a row rest 23h (the most is 22h30m)"},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: {min: 4, max: 2}}]\n", "contracts[0].days.max: the maximum is below the minimum"},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: 5, min_rest: 30h}]\n", "contracts[0].min_rest: a rest between shifts of a day or more"},
		{"templates: [{name: a, length: 8h, starts: [\"07:00\"]}]\ncontracts: [{name: c, days: 5}, {name: c, days: 4}]\n", `contract "c" is defined twice`},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 0s, length: 8h}]\n", "the breaks take the whole shift"},
		{"templates:\n  - name: a\n    length: 8h\n", `x.yaml:2:5: templates[0]: missing key "starts"`},
		{"templates:\n  - {name: a, length: 8h, starts: [\"07:00\"]}\n  - {name: a, length: 4h, starts: [\"07:00\"]}\n", `x.yaml:3:5: templates[1]: template "a" is defined twice (first on line 2)`},
		{"templates:\n  - {name: a, name: b, length: 8h, starts: [\"07:00\"]}\n", `x.yaml:2:15: templates[0]: key "name" given twice`},
		{"templates:\n  - {name: a, length: 8h, starts: [\"07:00\"], group: [x]}\n", `unknown key "group" (did you mean "groups"?)`},
	} {
		_, err := ParseShifts("x.yaml", []byte(c.text))
		var perr *Error
		if !errors.As(err, &perr) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
}

// TestParseShiftsReportsEveryProblem: like a scenario file, a shift file
// with several mistakes gets them all, each at its line and column, not
// only the first.
func TestParseShiftsReportsEveryProblem(t *testing.T) {
	text := `templates:
  - name: early
    length: 8x
    starts: ["06:00", "25:00"]
  - name: late
    length: 8h
    starts: {from: "12:00", to: "14:00", every: 1h}
    breaks: [{after: 9h, length: 30m}]
    grups: [voice]
`
	_, err := ParseShifts("shifts.yaml", []byte(text))
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("error %v, want an *Error", err)
	}
	want := []string{
		`shifts.yaml:3:13: templates[0].length: invalid duration "8x"`,
		`shifts.yaml:4:23: templates[0].starts[1]: invalid clock time "25:00"`,
		`shifts.yaml:8:22: templates[1].breaks[0]: the break may end after the shift`,
		`shifts.yaml:9:5: templates[1]: unknown key "grups" (did you mean "groups"?)`,
	}
	if len(perr.Problems) != len(want) {
		t.Fatalf("%d problems, want %d:\n%v", len(perr.Problems), len(want), err)
	}
	for i, p := range perr.Problems {
		if !strings.HasPrefix(p.String(), want[i]) {
			t.Errorf("problem %d: %s\nwant %s", i, p, want[i])
		}
	}
}

func TestLoadShifts(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shifts.yaml")
	if err := os.WriteFile(path, []byte(shiftFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := LoadShifts(path); err != nil || len(got.Templates) != 2 {
		t.Errorf("LoadShifts: %+v, %v", got, err)
	}
	if _, err := LoadShifts(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing file: %v", err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, make([]byte, maxShiftFileBytes+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadShifts(big); err == nil || !strings.Contains(err.Error(), "larger than the limit") {
		t.Errorf("big file: %v", err)
	}
}

// TestShiftsYAMLRoundTrip: shifts written as a staffing block load back
// into the staffing the shifts cover, breaks placed at their clock time
// (past midnight too).
func TestShiftsYAMLRoundTrip(t *testing.T) {
	shifts := []sim.Shift{
		{Start: 6 * 3600, Length: 8.5 * 3600, Breaks: []sim.Break{{After: 4 * 3600, Length: 1800}}, Count: 3},
		{Start: 22 * 3600, Length: 8 * 3600, Breaks: []sim.Break{{After: 3 * 3600, Length: 3600}}, Count: 2},
	}
	block, err := ShiftsYAML("team", 0.25, shifts)
	if err != nil {
		t.Fatal(err)
	}
	want := `# shifts of group team (scheduled agents, before 25% shrinkage)
staffing:
  shifts:
    - {start: "06:00", length: 8h30m, count: 3, breaks: [{at: "10:00", length: 30m}]}
    - {start: "22:00", length: 8h, count: 2, breaks: [{at: "01:00", length: 1h}]}
`
	if string(block) != want {
		t.Errorf("block:\n%s\nwant:\n%s", block, want)
	}
	day := make([]float64, 48)
	for _, s := range shifts {
		s.Cover(day, 1800)
	}
	got := paidOf(t, withStaffing("{days: 1}", "30m", string(block)))
	for i := range day {
		if got[i] != day[i] {
			t.Errorf("interval %d: %v loaded, %v covered", i, got[i], day[i])
		}
	}
	if empty, err := ShiftsYAML("team", 0, nil); err != nil || !strings.HasSuffix(string(empty), "staffing: []\n") {
		t.Errorf("no shifts: %q %v", empty, err)
	}
	if _, err := ShiftsYAML("team", 0, []sim.Shift{{Start: 90, Length: 3600, Count: 1}}); err == nil {
		t.Error("a start off the whole minute was written")
	}
}

// FuzzParseShifts: any input gives templates that pass validation, or an
// error naming the file; never a panic.
func FuzzParseShifts(f *testing.F) {
	f.Add([]byte(shiftFile))
	f.Add([]byte("templates:\n  - {name: n, length: 90, starts: [\"23:59\"], breaks: [{after: 1, length: 1}]}\n"))
	f.Add([]byte("templates: [{name: x, length: 8h, starts: {from: \"00:00\", to: \"23:59\", every: 1m}}]"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte(rosterFile))
	f.Fuzz(func(t *testing.T, data []byte) {
		rules, err := ParseShifts("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, tmpl := range rules.Templates {
			if err := tmpl.Validate(); err != nil {
				t.Fatalf("parsed template fails validation: %v", err)
			}
		}
	})
}

// TestShiftGroupsCheckedWithOtherProblems: an unknown group is reported in
// the same pass as another mistake of its template.
func TestShiftGroupsCheckedWithOtherProblems(t *testing.T) {
	_, err := parseShifts("x.yaml", []byte("templates:\n  - name: a\n    length: 8h30\n    starts: [\"07:00\"]\n    groups: [voise]\n"), []string{"voice"})
	if err == nil || !strings.Contains(err.Error(), "x.yaml:3:13") || !strings.Contains(err.Error(), "x.yaml:5:14") {
		t.Errorf("want both the length and the group reported: %v", err)
	}
}
