package sim

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestShiftCover: a shift counts its agents in proportion to the part of
// each interval on duty, leaves its breaks out and wraps past midnight.
func TestShiftCover(t *testing.T) {
	for _, c := range []struct {
		name  string
		shift Shift
		want  []float64 // six 4-hour intervals
	}{
		{"whole intervals", Shift{Start: 4 * 3600, Length: 8 * 3600, Count: 3}, []float64{0, 3, 3, 0, 0, 0}},
		{"part of an interval", Shift{Start: 5 * 3600, Length: 6 * 3600, Count: 4}, []float64{0, 3, 3, 0, 0, 0}},
		{"a break", Shift{Start: 0, Length: 12 * 3600, Breaks: []Break{{After: 5 * 3600, Length: 2 * 3600}}, Count: 2}, []float64{2, 1, 2, 0, 0, 0}},
		{"past midnight", Shift{Start: 22 * 3600, Length: 8 * 3600, Count: 1}, []float64{1, 0.5, 0, 0, 0, 0.5}},
		{"a break past midnight", Shift{Start: 20 * 3600, Length: 12 * 3600, Breaks: []Break{{After: 6 * 3600, Length: 4 * 3600}}, Count: 1}, []float64{0.5, 0.5, 0, 0, 0, 1}},
	} {
		day := make([]float64, 6)
		c.shift.Cover(day, 4*3600)
		for i := range day {
			if math.Abs(day[i]-c.want[i]) > 1e-12 {
				t.Errorf("%s: cover %v, want %v", c.name, day, c.want)
				break
			}
		}
		// Agent-hours on duty over the day are the shift's.
		sum := 0.0
		for _, v := range day {
			sum += v * 4
		}
		if want := float64(c.shift.Count) * c.shift.OnDuty() / 3600; math.Abs(sum-want) > 1e-9 {
			t.Errorf("%s: %v agent-hours covered, on duty %v", c.name, sum, want)
		}
	}
}

func TestShiftTemplateValidate(t *testing.T) {
	good := ShiftTemplate{Name: "day", Length: 8 * 3600, Starts: []float64{0, 3600},
		Breaks: []BreakRule{{Name: "coffee", Earliest: 3600, Latest: 3600, Length: 600, Paid: true},
			{Name: "meal", Earliest: 4 * 3600, Latest: 5 * 3600, Length: 1800}}}
	if err := good.Validate(); err != nil {
		t.Fatal(err)
	}
	want := []Break{{After: 3600, Length: 600}, {After: 4 * 3600, Length: 1800}}
	if s := good.Shift(3600, 2, nil); s.Start != 3600 || s.Count != 2 || s.Length != good.Length || !slices.Equal(s.Breaks, want) {
		t.Errorf("shift %+v", s)
	}
	want[1].After = 4.5 * 3600
	if s := good.Shift(0, 1, []float64{3600, 4.5 * 3600}); !slices.Equal(s.Breaks, want) {
		t.Errorf("shift with its meal at 4h30: %+v", s)
	}
	if got := good.PaidLength(); got != 8*3600-1800 {
		t.Errorf("paid length %v: the unpaid meal only comes off", got)
	}
	if got := good.Breaks[1].Offsets(); !slices.Equal(got, []float64{4 * 3600, 4.25 * 3600, 4.5 * 3600, 4.75 * 3600, 5 * 3600}) {
		t.Errorf("offsets %v, want every 15 minutes from 4h to 5h", got)
	}
	for _, c := range []struct {
		change func(*ShiftTemplate)
		want   string
	}{
		{func(t *ShiftTemplate) { t.Length = 0 }, "length"},
		{func(t *ShiftTemplate) { t.Length = 86401 }, "length"},
		{func(t *ShiftTemplate) { t.Starts = nil }, "no starts"},
		{func(t *ShiftTemplate) { t.Starts = []float64{86400} }, "start"},
		{func(t *ShiftTemplate) {
			t.Breaks = []BreakRule{{Earliest: 7 * 3600, Latest: 7 * 3600, Length: 2 * 3600}}
		}, "within the shift"},
		{func(t *ShiftTemplate) {
			t.Breaks = []BreakRule{{Earliest: 3600, Latest: 3600, Length: 3600}, {Earliest: 5400, Latest: 6000, Length: 60}}
		}, "in order"},
		{func(t *ShiftTemplate) { t.Breaks = []BreakRule{{Earliest: 0, Latest: 0, Length: 8 * 3600}} }, "whole shift"},
		{func(t *ShiftTemplate) { t.Breaks = []BreakRule{{Earliest: 0, Latest: 7 * 3600, Length: 60, Step: 1}} }, "places"},
	} {
		tmpl := good
		c.change(&tmpl)
		if err := tmpl.Validate(); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"day"`) {
			t.Errorf("%+v: error %v, want %q", tmpl, err, c.want)
		}
	}
}
