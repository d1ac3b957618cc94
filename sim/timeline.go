package sim

import (
	"math"
	"strconv"
)

// Timeline places a horizon's intervals in time and names them. It is the
// one labeller of intervals: tables, JSON, CSV, charts, baselines and plans
// all name an interval by Timeline.Label, so that a label read in one
// output finds the same interval in another.
type Timeline struct {
	IntervalSeconds float64
	Intervals       int
	// StartWeekday is the weekday of the first day (0 Sunday ... 6
	// Saturday).
	StartWeekday int
}

// Timeline returns where the model's intervals lie.
func (m *Model) Timeline() Timeline {
	return Timeline{IntervalSeconds: m.IntervalSeconds, Intervals: m.Intervals, StartWeekday: m.StartWeekday}
}

// Timeline returns where the forecast's intervals lie.
func (r *Result) Timeline() Timeline {
	return Timeline{IntervalSeconds: r.IntervalSeconds, Intervals: r.Intervals, StartWeekday: r.StartWeekday}
}

// Seconds is the length of the horizon in seconds.
func (t Timeline) Seconds() float64 { return t.IntervalSeconds * float64(t.Intervals) }

// MultiDay reports whether the horizon is longer than one day, so that
// labels name the day.
func (t Timeline) MultiDay() bool { return t.Seconds() > 86400 }

// pastAWeek reports whether the horizon is longer than a week, so that a
// weekday no longer names a day and days are numbered instead.
func (t Timeline) pastAWeek() bool { return t.Seconds() > 7*86400 }

var weekdayNames = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// DayName names day d of the horizon, counted from 0: its weekday ("Tue")
// over a horizon of up to a week, "d9" (days numbered from 1) past a week,
// where a weekday would name two days.
func (t Timeline) DayName(d int) string {
	if t.pastAWeek() {
		return "d" + strconv.Itoa(d+1)
	}
	return weekdayNames[((d+t.StartWeekday)%7+7)%7]
}

// Label names interval i by its start: "08:00" within a horizon of one
// day, "Tue 08:00" up to a week and "d9 08:00" past a week. The labels of
// a timeline never repeat.
func (t Timeline) Label(i int) string { return t.At(float64(i) * t.IntervalSeconds) }

// Labels names every interval (see Label).
func (t Timeline) Labels() []string {
	out := make([]string, max(t.Intervals, 0))
	for i := range out {
		out[i] = t.Label(i)
	}
	return out
}

// At names the instant s seconds from the start of the horizon as Label
// names the start of an interval. The clock shows seconds only off the
// whole minute ("08:01:30") and fractions of a second (to the
// millisecond) only off the whole second, so that intervals of any length
// from a millisecond get distinct labels.
func (t Timeline) At(s float64) string {
	ms := int64(math.Round(s * 1000))
	day, rest := ms/86_400_000, ms%86_400_000
	if rest < 0 {
		day, rest = day-1, rest+86_400_000
	}
	clock := Clock(float64(rest) / 1000)
	if !t.MultiDay() {
		return clock
	}
	return t.DayName(int(day)) + " " + clock
}

// Clock writes a time of day given in seconds after midnight as "08:00",
// with ":30" seconds off the whole minute and ".25" fractions (to the
// millisecond) off the whole second. A day and more show as hours past 24.
func Clock(sec float64) string {
	ms := int64(math.Round(sec * 1000))
	neg := ms < 0
	if neg {
		ms = -ms
	}
	s, frac := ms/1000, ms%1000
	b := make([]byte, 0, 16)
	if neg {
		b = append(b, '-')
	}
	b = appendTwo(b, s/3600)
	b = append(b, ':')
	b = appendTwo(b, s/60%60)
	if s%60 != 0 || frac != 0 {
		b = append(b, ':')
		b = appendTwo(b, s%60)
	}
	if frac != 0 {
		f := strconv.FormatInt(1000+frac, 10)[1:] // three digits
		for f[len(f)-1] == '0' {
			f = f[:len(f)-1]
		}
		b = append(b, '.')
		b = append(b, f...)
	}
	return string(b)
}

// appendTwo writes v with at least two digits.
func appendTwo(b []byte, v int64) []byte {
	if v < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, v, 10)
}
