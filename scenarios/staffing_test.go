package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// withStaffing is a one-channel scenario whose group "team" has the given
// staffing block, indented under the group.
func withStaffing(horizon, interval, staffing string) string {
	indented := "    " + strings.ReplaceAll(strings.TrimRight(staffing, "\n"), "\n", "\n    ")
	return fmt.Sprintf(`horizon: %s
interval: %s
channels:
  phone:
    kind: call
    arrivals: {per_day: 100, profile: flat}
    handle: 4m
groups:
  team:
    skills: [phone]
    shrinkage: 25%%
%s
`, horizon, interval, indented)
}

// paidOf returns the scheduled headcount of the scenario's one group,
// after checking that it has one value per interval of the horizon.
func paidOf(t *testing.T, text string) []float64 {
	t.Helper()
	s, err := Parse("staffing.yaml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if paid := s.Groups[0].Paid; len(paid) != s.Intervals {
		t.Fatalf("%d scheduled values for %d intervals: %v", len(paid), s.Intervals, paid)
	}
	return s.Groups[0].Paid
}

func TestStaffingForms(t *testing.T) {
	day := "{days: 1}"
	cases := []struct {
		name, horizon, interval, staffing string
		want                              map[int]float64 // interval -> scheduled; others 0
	}{
		{"list per interval", day, "6h", "staffing: [1, 2, 3, 4]", map[int]float64{0: 1, 1: 2, 2: 3, 3: 4}},
		{"blocks, partly covering an interval", day, "30m",
			"staffing:\n  - {from: \"07:15\", to: \"08:00\", agents: 4}",
			map[int]float64{14: 2, 15: 4}},
		{"shift past midnight wraps", day, "1h",
			"staffing:\n  shifts:\n    - {start: \"22:00\", length: 8h, count: 3}",
			map[int]float64{22: 3, 23: 3, 0: 3, 1: 3, 2: 3, 3: 3, 4: 3, 5: 3}},
		{"shifts add up, less breaks", day, "1h",
			"staffing:\n  shifts:\n    - {start: \"08:00\", length: 4h, count: 2, breaks: [{at: \"10:00\", length: 30m}]}\n    - {start: \"09:00\", length: 2h, count: 5}",
			map[int]float64{8: 2, 9: 7, 10: 6, 11: 2}},
		{"a break past midnight", day, "1h",
			"staffing:\n  shifts:\n    - {start: \"22:00\", length: 4h, count: 4, breaks: [{at: \"00:00\", length: 1h}]}",
			map[int]float64{22: 4, 23: 4, 0: 0, 1: 4}},
		{"one day's list repeats", "{days: 2}", "12h", "staffing: [3, 5]", map[int]float64{0: 3, 1: 5, 2: 3, 3: 5}},
		{"a list over the whole horizon", "{days: 2}", "12h", "staffing: [1, 2, 3, 4]", map[int]float64{0: 1, 1: 2, 2: 3, 3: 4}},
		{"by weekday, a day's own key wins", "{days: 7, start: friday}", "24h",
			"staffing:\n  weekday: [10]\n  mon: [12]\n  weekend:\n    - {from: \"00:00\", to: \"12:00\", agents: 4}",
			map[int]float64{0: 10, 1: 2, 2: 2, 3: 12, 4: 10, 5: 10, 6: 10}},
		{"empty list means nobody", day, "6h", "staffing: []", map[int]float64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := paidOf(t, withStaffing(c.horizon, c.interval, c.staffing))
			for i := range c.want {
				if i >= len(got) {
					t.Errorf("interval %d expected, the horizon has %d", i, len(got))
				}
			}
			for i, v := range got {
				if math.Abs(v-c.want[i]) > 1e-12 {
					t.Errorf("interval %d: %v scheduled, want %v (all: %v)", i, v, c.want[i], got)
				}
			}
		})
	}
}

func TestShrinkageGivesOnFloorStaff(t *testing.T) {
	s, err := Parse("s.yaml", []byte(withStaffing("{days: 1}", "6h", "staffing: [0, 4, 7, 10]")))
	if err != nil {
		t.Fatal(err)
	}
	// 25% shrinkage, rounded down: 3 exactly stays 3 (not 2.999...), 5.25
	// gives 5, 7.5 gives 7.
	if g := s.Groups[0]; !slices.Equal(g.Staff, []int{0, 3, 5, 7}) {
		t.Errorf("staff %v", g.Staff)
	}
	if err := s.SetStaffing("team", []int{2, 4, 6, 8}); err != nil {
		t.Fatal(err)
	}
	m := s.Model.Clone()
	// 2, 4, 6, 8 x 0.75 = 1.5, 3, 4.5, 6.
	if g := m.Groups[0]; !slices.Equal(g.Staff, []int{1, 3, 4, 6}) || !slices.Equal(g.Paid, []float64{2, 4, 6, 8}) {
		t.Errorf("after SetStaffing: staff %v paid %v", g.Staff, g.Paid)
	}
	for _, bad := range []struct {
		group string
		v     []int
		want  string
	}{
		{"tem", []int{1, 2, 3, 4}, `unknown group "tem"`},
		{"team", []int{1, 2}, "2 staffing values for 4 intervals"},
		{"team", []int{1, 2, -1, 4}, "outside"},
	} {
		err := s.SetStaffing(bad.group, bad.v)
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("SetStaffing(%q, %v): %v, want %q", bad.group, bad.v, err, bad.want)
		}
	}
	if _, err := StaffingYAML(&s.Model, "tem"); err == nil || !strings.Contains(err.Error(), `unknown group "tem"`) {
		t.Errorf("StaffingYAML of an unknown group: %v", err)
	}
}

func TestStaffingYAMLRoundTrip(t *testing.T) {
	cases := []struct {
		name, horizon, interval string
		scheduled               []int
		wantForm                string
	}{
		{"one day", "{days: 1}", "6h", []int{0, 4, 4, 7}, "- {from:"},
		{"nobody", "{days: 1}", "6h", []int{0, 0, 0, 0}, "staffing: []"},
		{"every day alike", "{days: 3}", "12h", []int{2, 5, 2, 5, 2, 5}, "- {from:"},
		{"days differ by weekday", "{days: 14, start: sunday}", "24h",
			[]int{1, 5, 5, 5, 5, 6, 2, 1, 5, 5, 5, 5, 6, 2}, "  fri:"},
		{"days differ by more than weekday", "{days: 8}", "24h", []int{1, 2, 3, 4, 5, 6, 7, 8}, "staffing: [1, 2, 3, 4, 5, 6, 7, 8]"},
		{"part of a day", "{intervals: 3}", "1h", []int{7, 8, 9}, "staffing: [7, 8, 9]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse("s.yaml", []byte(withStaffing(c.horizon, c.interval, "staffing: []")))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.SetStaffing("team", c.scheduled); err != nil {
				t.Fatal(err)
			}
			block, err := StaffingYAML(&s.Model, "team")
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(block), c.wantForm) {
				t.Errorf("block does not contain %q:\n%s", c.wantForm, block)
			}
			got := paidOf(t, withStaffing(c.horizon, c.interval, string(block)))
			if len(got) != len(c.scheduled) {
				t.Fatalf("%d intervals after the round trip, want %d", len(got), len(c.scheduled))
			}
			for i, v := range got {
				if v != float64(c.scheduled[i]) {
					t.Fatalf("interval %d: %v after the round trip, want %d\n%s", i, v, c.scheduled[i], block)
				}
			}
		})
	}
}

func TestUnlimitedGroupHasNoStaffing(t *testing.T) {
	s, err := Load("outsourced-overflow.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetStaffing("outsourcer", make([]int, s.Intervals)); err == nil {
		t.Error("SetStaffing on an unlimited group gives no error")
	}
}

// TestIntervalLabels checks that models carry what their intervals are
// named by: the interval length and the weekday of the first day.
func TestIntervalLabels(t *testing.T) {
	m := Default().Model.Clone()
	if l := m.Timeline().Labels(); len(l) != 48 || l[22] != "11:00" || l[47] != "23:30" {
		t.Errorf("default labels %v", l)
	}
	w := mustModel(t, "week.yaml")
	if l := w.Timeline().Labels(); l[0] != "Mon 00:00" || l[5*24+11] != "Sat 11:00" {
		t.Errorf("week labels %v %v", l[0], l[5*24+11])
	}
}
