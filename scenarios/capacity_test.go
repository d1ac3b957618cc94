package scenarios

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/capacity"
)

const capacityExample = "capacity/growth.yaml"

func TestCapacityExample(t *testing.T) {
	c, err := LoadCapacity(capacityExample)
	if err != nil {
		t.Fatal(err)
	}
	in := c.Input
	if c.Scenario == nil || c.Scenario.Name != "A week with weekday and weekend patterns" {
		t.Fatalf("scenario not loaded: %+v", c.Scenario)
	}
	if in.Weeks != 78 || !in.Start.Equal(time.Date(2027, 1, 4, 0, 0, 0, 0, time.UTC)) || in.Risk != 0.1 {
		t.Errorf("weeks %d from %v at risk %v", in.Weeks, in.Start, in.Risk)
	}
	if in.Volume.Growth != 0.15 || len(in.Volume.Seasonality) != 12 || in.Volume.Seasonality[11] != 1.25 ||
		in.Volume.Seasonality[2] != 1 || in.Volume.Error != 0.04 || in.Volume.ErrorEnd != 0.10 {
		t.Errorf("volume %+v", in.Volume)
	}
	if len(in.Groups) != 2 {
		t.Fatalf("%d groups", len(in.Groups))
	}
	v := in.Groups[0]
	if v.Name != "voice" || len(v.Contracts) != 2 || len(v.Staff) != 3 || v.Staff[0].Tenure != 104 || v.Staff[1].Tenure != 10 {
		t.Errorf("voice: %+v", v)
	}
	if len(v.Attrition) != 3 || v.Attrition[0] != (capacity.AttritionBand{Until: 13, Annual: 0.45}) || v.Attrition[2].Until != 0 {
		t.Errorf("attrition %+v", v.Attrition)
	}
	h := v.Hiring
	if h.Contract != "full-time" || h.Lead != 6 || h.Training != 4 || len(h.Ramp) != 4 || h.MinClass != 4 || h.MaxClass != 12 ||
		h.Every != 2 || h.CostPerHire != 2500 || len(h.Planned) != 1 || h.Planned[0] != (capacity.Class{Week: 3, People: 5}) {
		t.Errorf("hiring %+v", h)
	}
	// Shrinkage: 8% outside the periods; the week of 2027-07-05 is all
	// in the summer period (18%); the week of 2027-12-20 all in the
	// holidays (25%); the week of 2027-12-27 holds 6 holiday days (to
	// 2028-01-02, a Sunday) and the 2028-01-02 Sunday: all 7.
	for w, want := range map[int]float64{1: 0.08, 27: 0.18, 51: 0.25, 52: 0.25, 53: 0.08} {
		if got := v.Shrinkage[w-1]; math.Abs(got-want) > 1e-12 {
			t.Errorf("shrinkage of week %d: %v, want %v", w, got, want)
		}
	}
	if len(in.Transfers) != 1 || in.Transfers[0] != (capacity.Transfer{From: "voice", To: "digital", Week: 9, People: 2, Training: 2}) {
		t.Errorf("transfers %+v", in.Transfers)
	}
	data, err := os.ReadFile(capacityExample)
	if err != nil {
		t.Fatal(err)
	}
	if !IsCapacity(data) || IsCapacity(DefaultYAML()) {
		t.Error("IsCapacity does not tell a capacity file from a scenario")
	}
}

// TestCapacityShrinkagePartialWeek checks a period that covers part of a
// week: the week's shrinkage is the mean over its seven days.
func TestCapacityShrinkagePartialWeek(t *testing.T) {
	data := capacityText(t, "        - {from: 2027-07-05, to: 2027-08-29, shrinkage: 18%}\n        - {from: 2027-12-20, to: 2028-01-02, shrinkage: 25%}",
		"        - {from: 2027-01-07, to: 2027-01-08, shrinkage: 50%}")
	c, err := ParseCapacity(capacityExample, data)
	if err != nil {
		t.Fatal(err)
	}
	// Two days of 50% and five of 8% in week 1.
	if got, want := c.Input.Groups[0].Shrinkage[0], (2*0.5+5*0.08)/7; math.Abs(got-want) > 1e-12 {
		t.Errorf("week 1: %v, want %v", got, want)
	}
}

// capacityText returns the example with old replaced by new (old must be
// there).
func capacityText(t *testing.T, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile(capacityExample)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	if !strings.Contains(s, old) {
		t.Fatalf("the example has no %q", old)
	}
	return []byte(strings.Replace(s, old, new, 1))
}

// TestCapacityBadInput checks that each mistake is reported with the
// file, line, column and key path, and a message that says what is wrong.
func TestCapacityBadInput(t *testing.T) {
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"horizon past 78 weeks", "weeks: 78 ", "weeks: 90 ",
			"capacity/growth.yaml:9:8: weeks: a horizon of 90 weeks is past the limit of 78 (plan at most 18 months ahead)"},
		{"class larger than its limit", "planned: [{start: 2027-01-18, people: 5}]", "planned: [{start: 2027-01-18, people: 15}]",
			"groups.voice.hiring.planned[0].people: a class of 15 is larger than the limit of 12"},
		{"negative attrition", "- {until: 13w, rate: 45%}", "- {until: 13w, rate: -5%}",
			"groups.voice.attrition[0].rate: attrition cannot be negative, found -5%"},
		{"ramp-up above 100%", "ramp: [50%, 65%, 80%, 90%]", "ramp: [50%, 65%, 120%, 90%]",
			"groups.voice.hiring.ramp[2]: a ramp-up of 120% is outside 0%..100%"},
		{"unknown group", "  digital:\n    contracts:", "  digitl:\n    contracts:",
			`the scenario has no planned group "digitl"`},
		{"unknown channel", "error: {first: 4%, last: 10%}", "error: {first: 4%, last: 10%}\n  channels: {fax: {growth: 5%}}",
			`volume.channels: the scenario has no channel "fax"`},
		{"bad date", "start: 2027-01-04 ", "start: 2027-13-04 ", "start: invalid date"},
		{"planned class outside the horizon", "{start: 2027-01-18, people: 5}", "{start: 2026-01-18, people: 5}",
			"groups.voice.hiring.planned[0].start: 2026-01-18 is outside the horizon"},
		{"overlapping periods", "{from: 2027-12-20, to: 2028-01-02, shrinkage: 25%}\n    overtime: {max: 10%, hourly_cost: 36}",
			"{from: 2027-08-20, to: 2028-01-02, shrinkage: 25%}\n    overtime: {max: 10%, hourly_cost: 36}", "periods overlap"},
		{"transfer to an unknown group", "to: digital, on: 2027-03-01", "to: email, on: 2027-03-01", `transfers[0].to: "email" is not a group`},
		{"unknown key", "fte_hours: 40", "fte_hour: 40", `unknown key "fte_hour" (did you mean "fte_hours"?)`},
		{"risk above one half", "risk: 10% ", "risk: 60% ", "risk: 60% is outside 0%..50%"},
		{"missing scenario", "scenario: ../week.yaml", "scenario: ../nowhere.yaml", "scenario: cannot read nowhere.yaml: no such file or directory"},
		{"a scenario that is not whole days", "scenario: ../week.yaml", "scenario: ../worked-example.yaml", "lasts 30m, not 1 to 7 whole days"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseCapacity(capacityExample, capacityText(t, c.old, c.new))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want an *Error", err)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("got:\n%v\nwant a line with %q", err, c.want)
			}
			for _, p := range e.Problems {
				if p.File == capacityExample && p.Line == 0 {
					t.Errorf("problem without a position: %v", p)
				}
			}
		})
	}
}

// TestCapacityEveryProblem: a file that lacks a required key has the
// keys it gives read on, so that one run lists every problem: here the
// missing groups and a horizon that is no number.
func TestCapacityEveryProblem(t *testing.T) {
	data := capacityText(t, "weeks: 78 ", "weeks: nope ")
	text := string(data)
	text = text[:strings.Index(text, "\ngroups:")+1]
	_, err := ParseCapacity(capacityExample, []byte(text))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want an *Error", err)
	}
	for _, want := range []string{`missing key "groups"`, `weeks: expected a number, found "nope"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("got:\n%v\nwant a line with %q", err, want)
		}
	}
	if len(e.Problems) != 2 {
		t.Errorf("%d problems, want 2:\n%v", len(e.Problems), err)
	}
}

// FuzzParseCapacity feeds arbitrary text to the capacity loader (its
// scenario is the example's, resolved beside it). It must never panic; a
// file it accepts must give an input that passes capacity's own checks;
// one it refuses must say why with an *Error.
func FuzzParseCapacity(f *testing.F) {
	data, err := os.ReadFile(capacityExample)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("scenario: ../week.yaml\nstart: 2027-01-04\nweeks: 4\ngroups:\n  voice: {contracts: {ft: {hours: 40, hourly_cost: 20}}}\n  digital: {contracts: {ft: {hours: 40, hourly_cost: 20}}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := ParseCapacity(capacityExample, data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || len(e.Problems) == 0 {
				t.Fatalf("error %v is not an *Error with problems", err)
			}
			return
		}
		if err := c.Input.Validate(); err != nil {
			t.Fatalf("accepted input fails its checks: %v", err)
		}
	})
}
