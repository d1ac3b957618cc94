package contactlog

import (
	"fmt"
	"math"
	"time"
)

// Volumes is a history of contacts offered per day and interval.
type Volumes struct {
	IntervalSeconds int
	// Days are in ascending date order, one per date; a date that is
	// absent is missing (no data), not a day with no contacts.
	Days []DayVolume
}

// DayVolume is the contacts offered in each interval of one day.
type DayVolume struct {
	Date   time.Time // midnight, UTC container
	Counts []float64 // one per interval of the day
}

// Total is the day's volume.
func (d DayVolume) Total() float64 {
	s := 0.0
	for _, c := range d.Counts {
		s += c
	}
	return s
}

// Window returns the days from first to last inclusive (zero times leave
// that end open).
func (v Volumes) Window(first, last time.Time) Volumes {
	out := Volumes{IntervalSeconds: v.IntervalSeconds}
	for _, d := range v.Days {
		if (!first.IsZero() && d.Date.Before(first)) || (!last.IsZero() && d.Date.After(last)) {
			continue
		}
		out.Days = append(out.Days, d)
	}
	return out
}

// Validate checks that the volumes can be forecast from: whole days of
// intervals that divide a day, in ascending order, with finite counts.
func (v Volumes) Validate() error {
	if v.IntervalSeconds < 60 || 86400%v.IntervalSeconds != 0 {
		return fmt.Errorf("contactlog: volumes: interval %d s must be at least a minute and divide a day", v.IntervalSeconds)
	}
	per := 86400 / v.IntervalSeconds
	for i, d := range v.Days {
		if len(d.Counts) != per {
			return fmt.Errorf("contactlog: volumes: %s: %d counts, want %d", d.Date.Format(time.DateOnly), len(d.Counts), per)
		}
		if i > 0 && !d.Date.After(v.Days[i-1].Date) {
			return fmt.Errorf("contactlog: volumes: %s: dates must ascend without repeats", d.Date.Format(time.DateOnly))
		}
		for _, c := range d.Counts {
			if !(c >= 0) || math.IsInf(c, 0) || c > 1e12 {
				return fmt.Errorf("contactlog: volumes: %s: count %v", d.Date.Format(time.DateOnly), c)
			}
		}
	}
	return nil
}
