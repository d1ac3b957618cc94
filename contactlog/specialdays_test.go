package contactlog

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"
)

func TestReadSpecialDays(t *testing.T) {
	src := `# a calendar
1999-04-01             holiday  Passover
1999-03-31 eve   eve of Passover   # comment
1999-12-24..1999-12-26 closed   Christmas
1999-11-26   custom 1.4  Black Friday
1999-05-17 HOLIDAY 0.5
1999-05-18 eve Infinity day

`
	s, err := ReadSpecialDays(strings.NewReader(src), "cal.txt")
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		date, name string
		kind       SpecialKind
		factor     float64
		line       int
	}{
		{"1999-03-31", "eve of Passover", Eve, math.NaN(), 3},
		{"1999-04-01", "Passover", Holiday, math.NaN(), 2},
		{"1999-05-17", "", Holiday, 0.5, 6},
		{"1999-05-18", "Infinity day", Eve, math.NaN(), 7},
		{"1999-11-26", "Black Friday", Custom, 1.4, 5},
		{"1999-12-24", "Christmas", Closed, 0, 4},
		{"1999-12-25", "Christmas", Closed, 0, 4},
		{"1999-12-26", "Christmas", Closed, 0, 4},
	}
	if len(s.Days) != len(want) {
		t.Fatalf("%d days, want %d: %+v", len(s.Days), len(want), s.Days)
	}
	for i, w := range want {
		d := s.Days[i]
		sameFactor := d.Factor == w.factor || (math.IsNaN(d.Factor) && math.IsNaN(w.factor))
		if d.Date.Format(time.DateOnly) != w.date || d.Name != w.name || d.Kind != w.kind || !sameFactor || d.Line != w.line {
			t.Errorf("day %d: %+v, want %+v", i, d, w)
		}
	}
	if d, ok := s.Lookup(time.Date(1999, 12, 25, 13, 0, 0, 0, time.UTC)); !ok || d.Kind != Closed {
		t.Errorf("Lookup(1999-12-25 13:00) = %+v, %v", d, ok)
	}
	if _, ok := s.Lookup(time.Date(1999, 12, 27, 0, 0, 0, 0, time.UTC)); ok {
		t.Error("Lookup found a day the file does not list")
	}
	// Written and read again, the calendar is the same; the range stays one line.
	var buf bytes.Buffer
	if err := WriteSpecialDays(&buf, []string{"header", ""}, s.Days); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(buf.String(), "closed"); n != 1 {
		t.Errorf("the closed range took %d lines:\n%s", n, buf.String())
	}
	again, err := ReadSpecialDays(&buf, "again")
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.Days {
		a, b := s.Days[i], again.Days[i]
		if !a.Date.Equal(b.Date) || a.Kind != b.Kind || a.Name != b.Name ||
			!(a.Factor == b.Factor || (math.IsNaN(a.Factor) && math.IsNaN(b.Factor))) {
			t.Errorf("round trip: %+v became %+v", a, b)
		}
	}
}

func TestReadSpecialDaysErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"1999-04-01 holiday\n1999-03-30..1999-04-02 eve\n", "cal.txt:2: date: 1999-04-01 is already listed on line 1"},
		{"1999-04-01 holiday\n1999-04-01 holiday\n", "cal.txt:2: date: 1999-04-01 is already listed on line 1"},
		{"\n1999-13-01 holiday\n", "cal.txt:2: date: \"1999-13-01\" is not a date"},
		{"1999-04-02..1999-04-01 eve\n", "cal.txt:1: date: range 1999-04-02..1999-04-01 ends before it starts"},
		{"1999-04-01\n", "cal.txt:1: kind: missing"},
		{"1999-04-01 holliday Passover\n", "cal.txt:1: kind: \"holliday\" is not closed, holiday, eve or custom"},
		{"1999-04-01 custom Sale\n", "cal.txt:1: factor: a custom day needs a factor"},
		{"1999-04-01 closed 0.5\n", "cal.txt:1: factor: a closed day takes no factor"},
		{"1999-04-01 eve -1\n", "cal.txt:1: factor: -1: want a number from 0 to 100"},
		{"1999-04-01 custom NaN\n", "cal.txt:1: factor: a custom day needs a factor"},
		{"1999-04-01 custom 1e9\n", "cal.txt:1: factor: 1e9: want a number from 0 to 100"},
	} {
		_, err := ReadSpecialDays(strings.NewReader(c.src), "cal.txt")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v, want %q", c.src, err, c.want)
		}
	}
}

// FuzzSpecialDays: any input reads without a panic into sorted, distinct
// days whose factors are in range, and what is read writes back to the
// same calendar.
func FuzzSpecialDays(f *testing.F) {
	f.Add("1999-04-01 holiday Passover\n1999-12-24..1999-12-26 closed\n1999-11-26 custom 1.4 Sale # x\n")
	f.Add("1999-04-01 eve 0.3 a\n1999-04-01 eve\n")
	f.Add("2000-02-28..2000-03-01 custom 2 leap\n\n#\n")
	f.Fuzz(func(t *testing.T, src string) {
		s, err := ReadSpecialDays(strings.NewReader(src), "f")
		if err != nil {
			return
		}
		for i, d := range s.Days {
			if i > 0 && !d.Date.After(s.Days[i-1].Date) {
				t.Fatalf("days out of order: %+v", s.Days)
			}
			if !math.IsNaN(d.Factor) && !(d.Factor >= 0 && d.Factor <= maxFactor) {
				t.Fatalf("factor %v", d.Factor)
			}
		}
		var buf bytes.Buffer
		if err := WriteSpecialDays(&buf, nil, s.Days); err != nil {
			t.Fatal(err)
		}
		again, err := ReadSpecialDays(&buf, "again")
		if err != nil {
			t.Fatalf("written calendar does not read: %v\n%s", err, buf.String())
		}
		if len(again.Days) != len(s.Days) {
			t.Fatalf("%d days became %d", len(s.Days), len(again.Days))
		}
	})
}
