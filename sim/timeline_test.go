package sim

import (
	"slices"
	"testing"
)

func TestTimelineLabels(t *testing.T) {
	cases := []struct {
		name string
		tl   Timeline
		want []string
	}{
		{"half hours", Timeline{IntervalSeconds: 1800, Intervals: 3}, []string{"00:00", "00:30", "01:00"}},
		{"off the minute", Timeline{IntervalSeconds: 90, Intervals: 2}, []string{"00:00", "00:01:30"}},
		{"off the second", Timeline{IntervalSeconds: 0.25, Intervals: 3}, []string{"00:00", "00:00:00.25", "00:00:00.5"}},
		{"one whole day", Timeline{IntervalSeconds: 86400, Intervals: 1}, []string{"00:00"}},
		{"two days name the weekday", Timeline{IntervalSeconds: 12 * 3600, Intervals: 4, StartWeekday: 6},
			[]string{"Sat 00:00", "Sat 12:00", "Sun 00:00", "Sun 12:00"}},
		{"a week keeps weekdays", Timeline{IntervalSeconds: 86400, Intervals: 7, StartWeekday: 1},
			[]string{"Mon 00:00", "Tue 00:00", "Wed 00:00", "Thu 00:00", "Fri 00:00", "Sat 00:00", "Sun 00:00"}},
		{"past a week numbers the days", Timeline{IntervalSeconds: 86400, Intervals: 9, StartWeekday: 2},
			[]string{"d1 00:00", "d2 00:00", "d3 00:00", "d4 00:00", "d5 00:00", "d6 00:00", "d7 00:00", "d8 00:00", "d9 00:00"}},
		{"no intervals", Timeline{IntervalSeconds: 1800}, []string{}},
	}
	for _, c := range cases {
		if got := c.tl.Labels(); !slices.Equal(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// TestTimelineLabelsUnique checks that labels never repeat, whatever the
// horizon: the bug this labeller replaced named day 2 and day 9 of a
// fortnight alike ("Tue 08:00"), which made baselines refuse the horizon.
func TestTimelineLabelsUnique(t *testing.T) {
	for _, tl := range []Timeline{
		{IntervalSeconds: 1800, Intervals: 48, StartWeekday: 1},
		{IntervalSeconds: 3600, Intervals: 7 * 24, StartWeekday: 1},
		{IntervalSeconds: 900, Intervals: 14 * 96, StartWeekday: 1},
		{IntervalSeconds: 1800, Intervals: 60 * 48, StartWeekday: 0},
		{IntervalSeconds: 3600, Intervals: 366 * 24, StartWeekday: 5},
		{IntervalSeconds: 30, Intervals: 9 * 2880},
		{IntervalSeconds: 0.001, Intervals: 200_000},
	} {
		seen := make(map[string]int, tl.Intervals)
		for i, l := range tl.Labels() {
			if j, ok := seen[l]; ok {
				t.Fatalf("%+v: intervals %d and %d are both %q", tl, j, i, l)
			}
			seen[l] = i
		}
	}
	fortnight := Timeline{IntervalSeconds: 1800, Intervals: 14 * 48, StartWeekday: 1}
	if a, b := fortnight.Label(48+16), fortnight.Label(8*48+16); a != "d2 08:00" || b != "d9 08:00" {
		t.Errorf("day 2 and day 9 at 08:00: %q and %q", a, b)
	}
}

func TestClock(t *testing.T) {
	for _, c := range []struct {
		sec  float64
		want string
	}{
		{0, "00:00"}, {8 * 3600, "08:00"}, {8*3600 + 90, "08:01:30"}, {59.5, "00:00:59.5"},
		{0.001, "00:00:00.001"}, {86400, "24:00"}, {-60, "-00:01"},
		{3600 - 1e-7, "01:00"}, // rounding to the millisecond keeps float noise off the label
	} {
		if got := Clock(c.sec); got != c.want {
			t.Errorf("Clock(%v) = %q, want %q", c.sec, got, c.want)
		}
	}
}
