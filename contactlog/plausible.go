package contactlog

import (
	"fmt"
	"math"
	"time"
)

// What a log may hold. Values outside these bounds are typing slips or
// corrupt rows (a year 0001, a handle time of 1e300 seconds); they are
// problems at their line, read like any unreadable row, rather than values
// that move the history or break a fit downstream with no line to show.
var (
	// firstLogDate and lastLogDate bound the dates of any log: contact
	// centres logged nothing before 1970, and a date past 2099 is a slip.
	firstLogDate = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	lastLogDate  = time.Date(2099, 12, 31, 0, 0, 0, 0, time.UTC)
)

const (
	// maxLogSpanDays bounds the days between the first and the last date
	// of one file: a longer span is a mistyped year far more often than
	// a history of more than ten years in one file.
	maxLogSpanDays = 3660
	// maxWait bounds a wait in a log: a year (an email backlog can be
	// long; a wait of more is a corrupt row).
	maxWait = 366 * 86400
	// maxHandle bounds handle time and after-contact work: one day.
	maxHandle = 86400
	// maxCount bounds the contacts of one report row (as a scenario's
	// volume of one day or interval is bounded).
	maxCount = 1e7
	// maxStaffed bounds the agents of one report row.
	maxStaffed = 1e6
)

// plausibleDate checks the date of t against the dates a log can hold.
func plausibleDate(t time.Time) (string, bool) {
	if t.Before(firstLogDate) || !t.Before(lastLogDate.AddDate(0, 0, 1)) {
		return fmt.Sprintf("is dated %s, outside the dates a contact log can hold (%d to %d)",
			t.Format(time.DateOnly), firstLogDate.Year(), lastLogDate.Year()), false
	}
	return "", true
}

// checkDuration checks a duration read from a log against its bound.
func checkDuration(v, limit float64) (string, bool) {
	if v > limit {
		return fmt.Sprintf("is %s, more than the %s a log can hold", wordSeconds(v), wordSeconds(limit)), false
	}
	return "", true
}

// wordSeconds words a number of seconds for a problem.
func wordSeconds(v float64) string {
	if v >= 86400 && v < 1e12 && math.Mod(v, 86400) == 0 {
		if v == 86400 {
			return "1 day"
		}
		return fmt.Sprintf("%g days", v/86400)
	}
	return fmt.Sprintf("%g s", v)
}

// dateSpan follows the first and last date of a file, with their lines,
// so that a file whose dates lie too far apart can be refused naming both.
type dateSpan struct {
	first, last         int64 // Unix days
	firstLine, lastLine int
	seen                bool
}

func (s *dateSpan) add(t time.Time, line int) {
	day, _ := dayOf(unixSeconds(t))
	switch {
	case !s.seen:
		*s = dateSpan{first: day, last: day, firstLine: line, lastLine: line, seen: true}
	case day < s.first:
		s.first, s.firstLine = day, line
	case day > s.last:
		s.last, s.lastLine = day, line
	}
}

// check returns a problem when the dates lie more than maxLogSpanDays
// apart, at the line of the later one.
func (s *dateSpan) check(file string) *Problem {
	if !s.seen || s.last-s.first <= maxLogSpanDays {
		return nil
	}
	day := func(d int64) string { return time.Unix(d*86400, 0).UTC().Format(time.DateOnly) }
	return &Problem{File: file, Line: s.lastLine, Field: "date", Msg: fmt.Sprintf(
		"the dates run from %s (line %d) to %s (line %d), more than %d years apart: is one of them mistyped? (keep the history of one file within %d years)",
		day(s.first), s.firstLine, day(s.last), s.lastLine, maxLogSpanDays/366, maxLogSpanDays/366)}
}
