package contactlog

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// SpecialKind says how a special day differs from the usual day of its
// weekday.
type SpecialKind string

// The kinds of special days.
const (
	// Closed: the center takes no contacts; the forecast is zero.
	Closed SpecialKind = "closed"
	// Holiday: a public holiday; the center may be open, with a volume
	// learned from past holidays.
	Holiday SpecialKind = "holiday"
	// Eve: a shortened day (the day before a holiday, a half-holiday),
	// with a volume learned from past eves.
	Eve SpecialKind = "eve"
	// Custom: any other day, with the factor its line gives.
	Custom SpecialKind = "custom"
)

// SpecialKinds are the kinds in the order a file's documentation lists them.
var SpecialKinds = []SpecialKind{Closed, Holiday, Eve, Custom}

// SpecialDay is one date of a special-days file.
type SpecialDay struct {
	Date time.Time // midnight, UTC container
	Kind SpecialKind
	// Factor multiplies the usual volume of the day; NaN when the file
	// gives none and it is to be learned from past days of the same kind
	// (0 for Closed).
	Factor float64
	// Name is the text after the kind and factor ("Passover"), possibly
	// empty.
	Name string
	// Line is the line of the file that lists the day.
	Line int
}

// SpecialDays is a calendar of special days, one entry per date, in date
// order.
type SpecialDays struct {
	// Source names the file read (empty when built in code).
	Source string
	Days   []SpecialDay
}

// Lookup returns the entry of a date.
func (s SpecialDays) Lookup(date time.Time) (SpecialDay, bool) {
	n := DayNumber(date)
	i, ok := slices.BinarySearchFunc(s.Days, n, func(d SpecialDay, n int64) int {
		return cmp.Compare(DayNumber(d.Date), n)
	})
	if !ok {
		return SpecialDay{}, false
	}
	return s.Days[i], true
}

// Dates lists the dates of the calendar.
func (s SpecialDays) Dates() []time.Time {
	out := make([]time.Time, len(s.Days))
	for i, d := range s.Days {
		out[i] = d.Date
	}
	return out
}

// maxFactor bounds the factor a special-days line may give.
const maxFactor = 100

// ReadSpecialDays reads a special-days file: one date (YYYY-MM-DD) or
// inclusive range (YYYY-MM-DD..YYYY-MM-DD) a line, then its kind (closed,
// holiday, eve or custom), then a factor (a number: required for custom,
// optional for holiday and eve, where it replaces the learned one, not
// allowed for closed), then an optional name running to the end of the
// line. Text after '#' is a comment; blank lines are skipped. A date
// listed twice (by two lines or overlapping ranges) is an error. Errors
// name the file, the line and the field.
//
//	# Israel, 1999: computed from the Hebrew calendar by ccsim holidays
//	1999-04-01             holiday  Passover
//	1999-12-24..1999-12-26 closed   Christmas
//	1999-11-26             custom 1.4  Black Friday
func ReadSpecialDays(r io.Reader, name string) (SpecialDays, error) {
	out := SpecialDays{Source: name}
	byDay := map[int64]int{} // day → line
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, maxRecord)
	line := 0
	fail := func(field, format string, args ...any) error {
		return fmt.Errorf("contactlog: %s:%d: %s: %s", name, line, field, fmt.Sprintf(format, args...))
	}
	for sc.Scan() {
		line++
		text, _, _ := strings.Cut(sc.Text(), "#")
		fields := strings.Fields(text)
		if len(fields) == 0 {
			continue
		}
		dates, err := parseDateItem(fields[0])
		if err != nil {
			return SpecialDays{}, fail("date", "%v", err)
		}
		if len(fields) < 2 {
			return SpecialDays{}, fail("kind", "missing: give closed, holiday, eve or custom after the date")
		}
		kind := SpecialKind(strings.ToLower(fields[1]))
		if !slices.Contains(SpecialKinds, kind) {
			return SpecialDays{}, fail("kind", "%q is not closed, holiday, eve or custom", fields[1])
		}
		rest := fields[2:]
		factor := math.NaN()
		// A factor is a number written with digits: a name may start
		// with a word such as "Infinity" that ParseFloat would take.
		if len(rest) > 0 && strings.IndexByte("0123456789.-+", rest[0][0]) >= 0 {
			if v, err := strconv.ParseFloat(rest[0], 64); err == nil {
				if !(v >= 0 && v <= maxFactor) {
					return SpecialDays{}, fail("factor", "%s: want a number from 0 to %d", rest[0], maxFactor)
				}
				factor, rest = v, rest[1:]
			}
		}
		switch {
		case kind == Closed && !math.IsNaN(factor):
			return SpecialDays{}, fail("factor", "a closed day takes no factor (its volume is 0)")
		case kind == Closed:
			factor = 0
		case kind == Custom && math.IsNaN(factor):
			return SpecialDays{}, fail("factor", "a custom day needs a factor after its kind, such as: custom 1.4")
		}
		label := strings.Join(rest, " ")
		for _, d := range dates {
			n := DayNumber(d)
			if prev, ok := byDay[n]; ok {
				return SpecialDays{}, fail("date", "%s is already listed on line %d", d.Format(time.DateOnly), prev)
			}
			byDay[n] = line
			out.Days = append(out.Days, SpecialDay{Date: d, Kind: kind, Factor: factor, Name: label, Line: line})
		}
	}
	if err := sc.Err(); err != nil {
		line++
		return SpecialDays{}, fail("line", "%v", err)
	}
	slices.SortFunc(out.Days, func(a, b SpecialDay) int { return a.Date.Compare(b.Date) })
	return out, nil
}

// WriteSpecialDays writes days in the form ReadSpecialDays reads, after
// the header lines as comments; consecutive days of the same kind, factor
// and name are written as one range.
func WriteSpecialDays(w io.Writer, header []string, days []SpecialDay) error {
	bw := bufio.NewWriter(w)
	for _, h := range header {
		if h == "" {
			fmt.Fprintln(bw, "#")
			continue
		}
		fmt.Fprintln(bw, "# "+h)
	}
	sorted := slices.Clone(days)
	slices.SortFunc(sorted, func(a, b SpecialDay) int { return a.Date.Compare(b.Date) })
	same := func(a, b SpecialDay) bool {
		return a.Kind == b.Kind && a.Name == b.Name &&
			(a.Factor == b.Factor || (math.IsNaN(a.Factor) && math.IsNaN(b.Factor))) &&
			DayNumber(b.Date) == DayNumber(a.Date)+1
	}
	for i := 0; i < len(sorted); {
		j := i
		for j+1 < len(sorted) && same(sorted[j], sorted[j+1]) {
			j++
		}
		d := sorted[i]
		date := d.Date.Format(time.DateOnly)
		if j > i {
			date += ".." + sorted[j].Date.Format(time.DateOnly)
		}
		kind := string(d.Kind)
		if d.Kind != Closed && !math.IsNaN(d.Factor) {
			kind += " " + strconv.FormatFloat(d.Factor, 'g', -1, 64)
		}
		// A name cannot hold what would end it early or start a comment.
		label := strings.Join(strings.Fields(strings.Map(func(r rune) rune {
			if r == '#' {
				return ' '
			}
			return r
		}, d.Name)), " ")
		fmt.Fprintln(bw, strings.TrimRight(fmt.Sprintf("%-22s %-8s %s", date, kind, label), " "))
		i = j + 1
	}
	return bw.Flush()
}
