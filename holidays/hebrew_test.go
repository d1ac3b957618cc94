package holidays

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// Published dates the arithmetic must reproduce. Each is the daytime day of
// the holiday (calendars that give the evening it starts are read one day
// later). Sources:
//
//   - [T] Temple Israel, "Jewish calendar part 2" (2012), table of holidays
//     for 5772-5776 (vdocuments.us);
//   - [G] J. H. Greenstone, "Calendars 1948-1949", American Jewish Year Book
//     (docslib.org), 5709 and 5710;
//   - [F] "Four-year calendar of major Jewish holidays", 2018-2022
//     (docslib.org);
//   - [H] hebrewcalendar.tripod.com, the earliest Rosh Hashanah: Tuesday
//     5 September 1899 (5660) and Thursday 5 September 2013 (5774);
//   - [P] populartimelines.com: Rosh Hashanah on 5 October 1929 and 1967;
//   - [E] excelnotes.com: Rosh Hashanah 2025 began at sundown on 22 September;
//   - [W] Wolfram Mathematica's Jewish calendar page: Israel's independence,
//     14 May 1948, was 5 Iyar 5708;
//   - Passover 2010, 2017 and 2019 began at sundown on 29 March, 10 April and
//     19 April (clcd-literatureforchildrenandya.blogspot.com, heavy.com,
//     sheppartoninterfaith.org.au).
var published = []struct {
	year  int
	month Month
	day   int
	date  string
	src   string
}{
	{5660, Tishrei, 1, "1899-09-05", "H"},
	{5690, Tishrei, 1, "1929-10-05", "P"},
	{5708, Iyar, 5, "1948-05-14", "W"},
	{5709, Tishrei, 1, "1948-10-04", "G"},
	{5709, Tishrei, 10, "1948-10-13", "G"},
	{5710, Tishrei, 1, "1949-09-24", "G"},
	{5728, Tishrei, 1, "1967-10-05", "P"},
	{5770, Nisan, 15, "2010-03-30", "blog"},
	{5772, Tishrei, 1, "2011-09-29", "T"},
	{5772, Tishrei, 10, "2011-10-08", "T"},
	{5772, Tishrei, 15, "2011-10-13", "T"},
	{5772, Adar, 14, "2012-03-08", "T"},
	{5772, Nisan, 15, "2012-04-07", "T"},
	{5772, Sivan, 6, "2012-05-27", "T"},
	{5773, Tishrei, 1, "2012-09-17", "T"},
	{5773, Adar, 14, "2013-02-24", "T"},
	{5773, Nisan, 15, "2013-03-26", "T"},
	{5774, Tishrei, 1, "2013-09-05", "H, T"},
	{5774, Adar, 14, "2014-03-16", "T"}, // a leap year: Adar II
	{5774, Nisan, 15, "2014-04-15", "T"},
	{5774, Sivan, 6, "2014-06-04", "T"},
	{5775, Tishrei, 1, "2014-09-25", "T"},
	{5775, Nisan, 15, "2015-04-04", "T"},
	{5776, Tishrei, 1, "2015-09-14", "T"},
	{5776, Nisan, 15, "2016-04-23", "T"},
	{5777, Nisan, 15, "2017-04-11", "heavy.com"},
	{5779, Tishrei, 1, "2018-09-10", "F"},
	{5779, Tishrei, 10, "2018-09-19", "F"},
	{5779, Nisan, 15, "2019-04-20", "sheppartoninterfaith"},
	{5780, Tishrei, 1, "2019-09-30", "F"},
	{5781, Tishrei, 1, "2020-09-19", "F"},
	{5782, Tishrei, 1, "2021-09-07", "F"},
	{5786, Tishrei, 1, "2025-09-23", "E"},
}

func TestPublishedDates(t *testing.T) {
	for _, p := range published {
		got, err := Date(p.year, p.month, p.day)
		if err != nil {
			t.Errorf("%d %v %d: %v", p.day, p.month, p.year, err)
			continue
		}
		if want := day(p.date); !got.Equal(want) {
			t.Errorf("%d %v %d = %s, published %s (%s)", p.day, p.month, p.year, got.Format(time.DateOnly), p.date, p.src)
		}
	}
}

// TestYearRules checks every year of the first 526 cycles of 19 (to year 9,994) against the rules the
// calendar is built to keep (a check independent of the sources above):
// the year has 353-355 days, or 383-385 when leap; it never starts on
// Sunday, Wednesday or Friday; Passover (15 Nisan) never falls on Monday,
// Wednesday or Friday; and leap years come 7 in every 19.
func TestYearRules(t *testing.T) {
	leap := 0
	const years = 19 * 526
	for y := 1; y <= years; y++ {
		n := YearLength(y)
		ok := n >= 353 && n <= 355
		if IsLeap(y) {
			ok = n >= 383 && n <= 385
			leap++
		}
		if !ok {
			t.Fatalf("year %d has %d days (leap %v)", y, n, IsLeap(y))
		}
		rh, _ := Date(y, Tishrei, 1)
		if w := rh.Weekday(); w == time.Sunday || w == time.Wednesday || w == time.Friday {
			t.Fatalf("year %d starts on %v", y, w)
		}
		p, _ := Date(y, Nisan, 15)
		if w := p.Weekday(); w == time.Monday || w == time.Wednesday || w == time.Friday {
			t.Fatalf("Passover %d falls on %v", y, w)
		}
		sum := 0
		for m := Tishrei; m <= Elul; m++ {
			sum += MonthLength(y, m)
		}
		if sum != n {
			t.Fatalf("year %d: months sum to %d days, the year has %d", y, sum, n)
		}
	}
	if leap != 7*526 {
		t.Errorf("%d leap years in %d cycles of 19, want %d", leap, 526, 7*526)
	}
}

func TestDateErrors(t *testing.T) {
	for _, c := range []struct {
		y int
		m Month
		d int
	}{{5759, AdarI, 1}, {5759, Nisan, 31}, {5759, Heshvan, 0}, {5759, 14, 1}, {0, Nisan, 1}, {-5, Nisan, 1}} {
		if _, err := Date(c.y, c.m, c.d); err == nil {
			t.Errorf("%d %v %d: no error", c.d, c.m, c.y)
		}
	}
}
