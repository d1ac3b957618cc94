package contactlog

import (
	"testing"
	"time"
)

func TestDayWindow(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	w := DayWindow{From: d("1999-06-01"), To: d("1999-06-30"), Weekdays: []time.Weekday{time.Tuesday},
		Exclude: []time.Time{d("1999-06-15")}}
	for s, want := range map[string]bool{
		"1999-06-01T23:59:59": true,  // a Tuesday, first day
		"1999-06-08T00:00:00": true,  // Tuesday
		"1999-06-15T10:00:00": false, // excluded
		"1999-06-02T10:00:00": false, // Wednesday
		"1999-06-29T10:00:00": true,
		"1999-07-06T10:00:00": false, // after To
		"1999-05-25T10:00:00": false, // before From
	} {
		at, _ := time.Parse("2006-01-02T15:04:05", s)
		if got := w.Contains(at); got != want {
			t.Errorf("%s: %v, want %v", s, got, want)
		}
	}
	if !(DayWindow{}).Contains(time.Unix(0, 0).UTC()) {
		t.Error("the zero window holds every day")
	}
}

// TestSplitDay: days and seconds are cut on the wall clock, fractions
// kept, and DayNumber agrees with SplitDay's day.
func TestSplitDay(t *testing.T) {
	at := time.Date(1999, 5, 4, 23, 59, 59, 500_000_000, time.UTC)
	day, sec := SplitDay(at)
	if want := int64(10715); day != want || sec != 86399.5 || DayNumber(at) != want {
		t.Errorf("%v: day %d (DayNumber %d), second %v; want %d, 86399.5", at, day, DayNumber(at), sec, want)
	}
	if day, sec := SplitDay(time.Unix(-1, 0).UTC()); day != -1 || sec != 86399 {
		t.Errorf("a second before 1970: day %d second %v", day, sec)
	}
}
