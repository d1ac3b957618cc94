// Package holidays computes public holidays a contact center's calendar
// needs and that a history cannot show in advance: the Hebrew calendar's
// festivals and Israel's national days, from the fixed arithmetic of the
// Hebrew calendar (mean lunations counted in parts of an hour, the 19-year
// cycle of leap years and the four postponements of the new year), so that
// a forecast can be told that a future day is a holiday.
//
// It imports no ccsim package; the commands turn its days into a
// special-days file (package contactlog reads those).
package holidays

import (
	"fmt"
	"time"
)

// Month is a month of the Hebrew year, counted from Tishrei, the month
// the year starts in. AdarI exists in leap years only; Adar is the Adar of
// a common year and the second Adar (Adar II) of a leap year, the one
// Purim falls in.
type Month int

// The months in the order of the year.
const (
	Tishrei Month = iota + 1
	Heshvan
	Kislev
	Tevet
	Shevat
	AdarI
	Adar
	Nisan
	Iyar
	Sivan
	Tammuz
	Av
	Elul
)

var monthNames = [...]string{"", "Tishrei", "Heshvan", "Kislev", "Tevet", "Shevat", "Adar I", "Adar", "Nisan",
	"Iyar", "Sivan", "Tammuz", "Av", "Elul"}

func (m Month) String() string {
	if m < Tishrei || m > Elul {
		return fmt.Sprintf("Month(%d)", int(m))
	}
	return monthNames[m]
}

// Time in the Hebrew calendar is counted in parts: 1,080 to an hour.
const (
	partsPerHour = 1080
	partsPerDay  = 24 * partsPerHour
	// lunation is the mean interval from one new moon (molad) to the
	// next: 29 days, 12 hours and 793 parts.
	lunation = 29*partsPerDay + 12*partsPerHour + 793
	// firstMolad is the molad of Tishrei of year 1, counted from the
	// start of the Sunday of its week (6 pm on Saturday evening, as the
	// Hebrew day starts at nightfall): Monday, 5 hours and 204 parts.
	firstMolad = 1*partsPerDay + 5*partsPerHour + 204
)

// epochUnixDay is the Unix day number (days since 1970-01-01) of the
// Sunday that day 0 of the count below stands for: the Sunday before
// 1 Tishrei of year 1, which fell on Monday, 7 September 3761 BCE in the
// proleptic Gregorian calendar (year -3760 in astronomical numbering).
var epochUnixDay = time.Date(-3760, time.September, 6, 0, 0, 0, 0, time.UTC).Unix() / 86400

// IsLeap reports whether a Hebrew year has 13 months: years 3, 6, 8, 11,
// 14, 17 and 19 of each 19-year cycle.
func IsLeap(year int) bool {
	return mod(7*year+1, 19) < 7
}

// monthsBefore counts the months from the start of year 1 to the start of
// year.
func monthsBefore(year int) int {
	y := year - 1
	cycles, inCycle := floorDiv(y, 19), mod(y, 19)
	// A cycle has 235 months: 12 in each of its 19 years and 7 leap
	// months; the leap months of the years gone by in this cycle are
	// counted by the same rule as IsLeap.
	return 235*cycles + 12*inCycle + floorDiv(7*inCycle+1, 19)
}

// newYearDay returns the day of 1 Tishrei of year, counted from the epoch
// Sunday (day 0; year 1 starts on day 1).
func newYearDay(year int) int {
	molad := firstMolad + monthsBefore(year)*lunation
	day, part := floorDiv(molad, partsPerDay), mod(molad, partsPerDay)
	weekday := mod(day, 7) // 0 is Sunday
	switch {
	case part >= 18*partsPerHour:
		// A molad at or after noon: the new moon would not be seen that
		// day, so the year starts the next.
		day++
	case weekday == 2 && part >= 9*partsPerHour+204 && !IsLeap(year):
		// A common year whose molad falls on Tuesday this late would run
		// to 356 days before the next year's start: wait (to Thursday,
		// by the rule below).
		day++
	case weekday == 1 && part >= 15*partsPerHour+589 && IsLeap(year-1):
		// After a leap year a molad this late on Monday would leave the
		// year before with 382 days: start on Tuesday.
		day++
	}
	// The year never starts on Sunday, Wednesday or Friday.
	if w := mod(day, 7); w == 0 || w == 3 || w == 5 {
		day++
	}
	return day
}

// YearLength is the days of a Hebrew year: 353, 354 or 355 in a common
// year, 383, 384 or 385 in a leap year.
func YearLength(year int) int { return newYearDay(year+1) - newYearDay(year) }

// MonthLength is the days of a month of year; 0 for AdarI in a common year.
func MonthLength(year int, m Month) int {
	switch m {
	case Tishrei, Shevat, Nisan, Sivan, Av:
		return 30
	case Tevet, Adar, Iyar, Tammuz, Elul:
		return 29
	case AdarI:
		if IsLeap(year) {
			return 30
		}
		return 0
	case Heshvan:
		// A "complete" year (355 or 385 days) has a 30-day Heshvan.
		if YearLength(year)%10 == 5 {
			return 30
		}
		return 29
	case Kislev:
		// A "deficient" year (353 or 383 days) has a 29-day Kislev.
		if YearLength(year)%10 == 3 {
			return 29
		}
		return 30
	}
	return 0
}

// Date returns the Gregorian date (midnight, UTC container) on which day
// of month of the Hebrew year falls: the civil day whose daylight hours
// the Hebrew day covers (it starts the evening before). It is an error
// for a day the month does not have.
func Date(year int, m Month, day int) (time.Time, error) {
	if year < 1 || year > 1_000_000 {
		return time.Time{}, fmt.Errorf("holidays: Hebrew year %d out of range", year)
	}
	n := MonthLength(year, m)
	if m < Tishrei || m > Elul || day < 1 || day > n {
		return time.Time{}, fmt.Errorf("holidays: %d %v %d is not a day of the Hebrew calendar", day, m, year)
	}
	d := newYearDay(year)
	for p := Tishrei; p < m; p++ {
		d += MonthLength(year, p)
	}
	d += day - 1
	return time.Unix((epochUnixDay+int64(d))*86400, 0).UTC(), nil
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int) int { return a - b*floorDiv(a, b) }
