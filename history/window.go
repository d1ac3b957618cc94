package history

import (
	"slices"
	"time"
)

// DayWindow selects contacts by the day they arrived: from From to To
// (inclusive; a zero time leaves that end open), on the Weekdays (all when
// empty), except the Exclude dates.
type DayWindow struct {
	From, To time.Time
	Weekdays []time.Weekday
	Exclude  []time.Time
}

// Contains reports whether an arrival at t falls in the window.
func (w DayWindow) Contains(t time.Time) bool {
	day := dayNumber(t)
	if !w.From.IsZero() && day < dayNumber(w.From) {
		return false
	}
	if !w.To.IsZero() && day > dayNumber(w.To) {
		return false
	}
	if len(w.Weekdays) > 0 && !slices.Contains(w.Weekdays, t.Weekday()) {
		return false
	}
	for _, d := range w.Exclude {
		if dayNumber(d) == day {
			return false
		}
	}
	return true
}
