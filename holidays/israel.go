package holidays

import (
	"fmt"
	"slices"
	"time"
)

// Kind says how a holiday changes a contact center's day. The names are
// the kinds of a special-days file.
type Kind string

// The kinds the calendar gives.
const (
	// Holiday is a day of rest by law: most of the economy is closed.
	Holiday Kind = "holiday"
	// Eve is a working day shortened by a holiday: the day before a day
	// of rest, or a half-holiday such as Purim.
	Eve Kind = "eve"
)

// Day is one holiday.
type Day struct {
	Date time.Time // midnight, UTC container
	Kind Kind
	Name string
}

// Israel returns the days from first to last (inclusive) that Israel
// keeps as holidays, in date order:
//
//   - days of rest (Holiday): Rosh Hashanah (1 and 2 Tishrei), Yom Kippur
//     (10 Tishrei), the first day of Sukkot (15 Tishrei), Shemini Atzeret
//     (22 Tishrei), the first and seventh days of Passover (15 and 21
//     Nisan), Shavuot (6 Sivan) and Independence Day (5 Iyar, moved as
//     the law has moved it since 1951: to Thursday when 5 Iyar is a Friday
//     or Saturday, and since 2004 to Tuesday when it is a Monday);
//   - shortened working days (Eve): the day before each day of rest that
//     is not itself one (Memorial Day before Independence Day among
//     them), Purim (14 Adar, in Adar II of a leap year) and Tisha B'Av
//     (9 Av, or 10 Av when the 9th is a Saturday).
//
// A day that is both (the eve of Shemini Atzeret is a day of Sukkot, say)
// is listed once, as the stronger kind. Saturdays are listed like other
// days: a center open on Saturday evening may want them.
func Israel(first, last time.Time) ([]Day, error) {
	if last.Before(first) {
		return nil, fmt.Errorf("holidays: %s is before %s", last.Format(time.DateOnly), first.Format(time.DateOnly))
	}
	if first.Year() < 1952 || last.Year() > 9999 {
		return nil, fmt.Errorf("holidays: Israel's holidays are computed for 1952 to 9999, not %d to %d", first.Year(), last.Year())
	}
	byDate := map[int64]Day{}
	add := func(d Day) {
		n := d.Date.Unix() / 86400
		if old, ok := byDate[n]; ok && (old.Kind == Holiday || d.Kind == Eve) {
			return
		}
		byDate[n] = d
	}
	// The Hebrew year starting in the autumn before the first date, to
	// the one starting in the autumn of the last.
	for year := first.Year() + 3760 - 1; year <= last.Year()+3761; year++ {
		days, err := israelYear(year)
		if err != nil {
			return nil, err
		}
		for _, d := range days {
			add(d)
		}
	}
	var out []Day
	for _, d := range byDate {
		if !d.Date.Before(first) && !d.Date.After(last) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b Day) int { return a.Date.Compare(b.Date) })
	return out, nil
}

// israelYear lists the holidays of one Hebrew year.
func israelYear(year int) ([]Day, error) {
	var out []Day
	var err error
	at := func(m Month, day int) time.Time {
		if err != nil {
			return time.Time{}
		}
		var t time.Time
		t, err = Date(year, m, day)
		return t
	}
	rest := func(m Month, day int, name string) {
		d := at(m, day)
		out = append(out, Day{Date: d.AddDate(0, 0, -1), Kind: Eve, Name: "eve of " + name},
			Day{Date: d, Kind: Holiday, Name: name})
	}
	rest(Tishrei, 1, "Rosh Hashanah")
	out = append(out, Day{Date: at(Tishrei, 2), Kind: Holiday, Name: "Rosh Hashanah, second day"})
	rest(Tishrei, 10, "Yom Kippur")
	rest(Tishrei, 15, "Sukkot")
	rest(Tishrei, 22, "Shemini Atzeret")
	out = append(out, Day{Date: at(Adar, 14), Kind: Eve, Name: "Purim"})
	rest(Nisan, 15, "Passover")
	rest(Nisan, 21, "Passover, seventh day")
	// Independence Day, 5 Iyar, moved away from the Sabbath (and, since
	// 2004, from the day after it, so that Memorial Day, the day before,
	// does not start on Saturday evening).
	ind := at(Iyar, 5)
	switch ind.Weekday() {
	case time.Friday:
		ind = ind.AddDate(0, 0, -1)
	case time.Saturday:
		ind = ind.AddDate(0, 0, -2)
	case time.Monday:
		if ind.Year() >= 2004 {
			ind = ind.AddDate(0, 0, 1)
		}
	}
	out = append(out, Day{Date: ind.AddDate(0, 0, -1), Kind: Eve, Name: "Memorial Day, eve of Independence Day"},
		Day{Date: ind, Kind: Holiday, Name: "Independence Day"})
	rest(Sivan, 6, "Shavuot")
	av := at(Av, 9)
	if av.Weekday() == time.Saturday {
		av = av.AddDate(0, 0, 1)
	}
	out = append(out, Day{Date: av, Kind: Eve, Name: "Tisha B'Av"})
	if err != nil {
		return nil, err
	}
	return out, nil
}
