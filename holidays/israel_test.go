package holidays

import (
	"testing"
	"time"
)

// TestIsraelPublished checks the moved days against the published dates of
// [T] (see hebrew_test.go), which shows each rule of Independence Day:
// 2012 and 2015 (5 Iyar a Friday: Thursday), 2013 and 2014 (a Monday, after
// 2004: Tuesday), 2016 (a Friday); and Tisha B'Av moved off the Sabbath in
// 2012, 2015 and 2016.
func TestIsraelPublished(t *testing.T) {
	days, err := Israel(day("2011-09-01"), day("2016-09-30"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Day{}
	for _, d := range days {
		got[d.Date.Format(time.DateOnly)] = d
	}
	for _, w := range []struct {
		date, name string
		kind       Kind
	}{
		{"2012-04-26", "Independence Day", Holiday},
		{"2012-04-25", "Memorial Day, eve of Independence Day", Eve},
		{"2013-04-16", "Independence Day", Holiday},
		{"2014-05-06", "Independence Day", Holiday},
		{"2015-04-23", "Independence Day", Holiday},
		{"2016-05-12", "Independence Day", Holiday},
		{"2012-07-29", "Tisha B'Av", Eve},
		{"2013-07-16", "Tisha B'Av", Eve},
		{"2014-08-05", "Tisha B'Av", Eve},
		{"2015-07-26", "Tisha B'Av", Eve},
		{"2016-08-14", "Tisha B'Av", Eve},
		{"2013-05-15", "Shavuot", Holiday},
		{"2015-05-24", "Shavuot", Holiday},
		{"2016-06-12", "Shavuot", Holiday},
		{"2015-03-05", "Purim", Eve},
		{"2016-03-24", "Purim", Eve},
		{"2013-09-14", "Yom Kippur", Holiday},
		{"2014-10-04", "Yom Kippur", Holiday},
		{"2015-09-23", "Yom Kippur", Holiday},
		{"2012-10-08", "Shemini Atzeret", Holiday},
		{"2015-10-05", "Shemini Atzeret", Holiday},
	} {
		d, ok := got[w.date]
		if !ok || d.Name != w.name || d.Kind != w.kind {
			t.Errorf("%s: got %+v, want %s (%s)", w.date, d, w.name, w.kind)
		}
	}
	for i := 1; i < len(days); i++ {
		if !days[i].Date.After(days[i-1].Date) {
			t.Errorf("days out of order or repeated at %s", days[i].Date.Format(time.DateOnly))
		}
	}
}

// TestIsrael1999 is the list the Anonymous Bank's special-days file holds
// for January to July 1999, computed; its dates match the volumes of the
// log, which fall on every one of them (see docs/calibration.md).
func TestIsrael1999(t *testing.T) {
	days, err := Israel(day("1999-01-01"), day("1999-07-31"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1999-03-02 eve Purim",
		"1999-03-31 eve eve of Passover",
		"1999-04-01 holiday Passover",
		"1999-04-06 eve eve of Passover, seventh day",
		"1999-04-07 holiday Passover, seventh day",
		"1999-04-20 eve Memorial Day, eve of Independence Day",
		"1999-04-21 holiday Independence Day",
		"1999-05-20 eve eve of Shavuot",
		"1999-05-21 holiday Shavuot",
		"1999-07-22 eve Tisha B'Av",
	}
	if len(days) != len(want) {
		t.Fatalf("%d days, want %d: %v", len(days), len(want), days)
	}
	for i, d := range days {
		if got := d.Date.Format(time.DateOnly) + " " + string(d.Kind) + " " + d.Name; got != want[i] {
			t.Errorf("got %q, want %q", got, want[i])
		}
	}
}

func TestIsraelErrors(t *testing.T) {
	for _, c := range [][2]string{{"1999-02-01", "1999-01-01"}, {"1900-01-01", "1901-01-01"}} {
		if _, err := Israel(day(c[0]), day(c[1])); err == nil {
			t.Errorf("%v: no error", c)
		}
	}
}
