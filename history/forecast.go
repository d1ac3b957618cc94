package history

import "time"

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
