package contactlog

import (
	"math"
	"slices"
	"time"
)

// DayNumber numbers the calendar day of t: days since 1970-01-01. Tables,
// windows, forecasts and backtests match days by it.
func DayNumber(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// SplitDay splits a wall-clock time into its day number and the seconds
// since that day's midnight, fraction included: the cut by which an
// Aggregator places a contact in its day and interval.
func SplitDay(t time.Time) (day int64, sec float64) { return dayOf(unixSeconds(t)) }

// unixSeconds is t in Unix seconds of its wall clock, fraction included.
func unixSeconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond())/1e9
}

// dayOf splits Unix seconds into a day number and seconds of the day.
func dayOf(unix float64) (int64, float64) {
	day := math.Floor(unix / 86400)
	return int64(day), unix - day*86400
}

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
	day := DayNumber(t)
	if !w.From.IsZero() && day < DayNumber(w.From) {
		return false
	}
	if !w.To.IsZero() && day > DayNumber(w.To) {
		return false
	}
	if len(w.Weekdays) > 0 && !slices.Contains(w.Weekdays, t.Weekday()) {
		return false
	}
	for _, d := range w.Exclude {
		if DayNumber(d) == day {
			return false
		}
	}
	return true
}

// DayTypes says how days are grouped for a weekly pattern: the daily
// volumes and profiles of a forecast or of a calibrated model.
type DayTypes uint8

// Day groupings.
const (
	EachWeekday    DayTypes = iota // seven day types
	WorkdayWeekend                 // two: the Weekend days and the others
)
