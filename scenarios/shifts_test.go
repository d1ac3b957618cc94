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
	got, err := ParseShifts("ok.yaml", []byte(shiftFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "day" || len(got[0].Starts) != 48 || got[0].Starts[47] != 23.5*3600 ||
		got[0].Length != 30600 || len(got[0].Breaks) != 1 || got[0].Breaks[0] != (sim.Break{After: 14400, Length: 1800}) ||
		len(got[1].Starts) != 2 || got[1].Starts[1] != 8*3600 || len(got[1].Groups) != 2 || got[1].Groups[1] != "digital" {
		t.Errorf("parsed %+v", got)
	}
	for _, tmpl := range got {
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
		{"templates:\n  - name: a\n    length: 25h\n    starts: [\"07:00\"]\n", "x.yaml:3:13: templates[0].length: a shift lasts"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"7:61\"]\n", `x.yaml:4:14: templates[0].starts[0]: invalid clock time "7:61"`},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\", \"07:00\"]\n", "x.yaml:4:23: templates[0].starts[1]: start given twice"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: {from: \"09:00\", to: \"08:00\", every: 1h}\n", "x.yaml:4:33: templates[0].starts.to"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: {from: \"09:00\", to: \"10:00\", every: 90s}\n", "templates[0].starts.every: starts 90s apart are not whole minutes"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 7h, length: 2h}]\n", "x.yaml:5:22: templates[0].breaks[0].after: the break ends after the shift"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 2h, length: 1h}, {after: 2h30m, length: 1h}]\n", "templates[0].breaks[1].after: the break starts before"},
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
		`shifts.yaml:8:22: templates[1].breaks[0].after: the break ends after the shift`,
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
	if got, err := LoadShifts(path); err != nil || len(got) != 2 {
		t.Errorf("LoadShifts: %v templates, %v", len(got), err)
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
	f.Fuzz(func(t *testing.T, data []byte) {
		templates, err := ParseShifts("f.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		for _, tmpl := range templates {
			if err := tmpl.Validate(); err != nil {
				t.Fatalf("parsed template fails validation: %v", err)
			}
		}
	})
}
