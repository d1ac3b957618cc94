package sim

import (
	"math"
	"strings"
	"testing"
)

// TestProfileShares: a piecewise-linear rate integrated over each
// interval, as a share of the day. The triangle from 06:00 to 18:00
// peaking at 12:00 puts 1/8, 3/8, 3/8 and 1/8 of the day in its four
// three-hour quarters, by the area of a triangle.
func TestProfileShares(t *testing.T) {
	p := Profile{Name: "triangle", Points: []ProfilePoint{{At: 6 * 3600, Rate: 0}, {At: 12 * 3600, Rate: 6}, {At: 18 * 3600, Rate: 0}}}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	got := p.Shares(3 * 3600)
	want := []float64{0, 0, 1. / 8, 3. / 8, 3. / 8, 1. / 8, 0, 0}
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Fatalf("shares %v, want %v", got, want)
		}
	}
	zero := Profile{Points: []ProfilePoint{{At: 0, Rate: 0}, {At: 86400, Rate: 0}}}
	for _, v := range zero.Shares(3600) {
		if v != 0 {
			t.Errorf("a profile zero all day has shares %v", zero.Shares(3600))
			break
		}
	}
	// Finer intervals split the same area.
	fine := p.Shares(1800)
	for q := range 8 {
		sum := 0.0
		for _, v := range fine[q*6 : (q+1)*6] {
			sum += v
		}
		if math.Abs(sum-want[q]) > 1e-12 {
			t.Errorf("quarter %d: %v at 30 minutes, %v at 3 hours", q, sum, want[q])
		}
	}
}

func TestProfileValidate(t *testing.T) {
	for _, c := range []struct {
		points []ProfilePoint
		want   string
	}{
		{[]ProfilePoint{{At: 0, Rate: 1}}, "two points"},
		{[]ProfilePoint{{At: 3600, Rate: 1}, {At: 3600, Rate: 2}}, "must increase"},
		{[]ProfilePoint{{At: 0, Rate: 1}, {At: 90000, Rate: 2}}, "must increase"},
		{[]ProfilePoint{{At: 0, Rate: -1}, {At: 3600, Rate: 2}}, "rate"},
		{[]ProfilePoint{{At: 0, Rate: 0}, {At: 3600, Rate: 0}}, "zero all day"},
	} {
		p := Profile{Name: "p", Points: c.points}
		if err := p.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: error %v, want %q", c.points, err, c.want)
		}
	}
}

// TestDailyArrivalsRates: the volume of each day, spread by its own
// profile, laid over the horizon from its start weekday.
func TestDailyArrivalsRates(t *testing.T) {
	flat := &Profile{Name: "flat", Points: []ProfilePoint{{At: 0, Rate: 1}, {At: 86400, Rate: 1}}}
	morning := &Profile{Name: "morning", Points: []ProfilePoint{{At: 0, Rate: 1}, {At: 43200, Rate: 1}, {At: 43260, Rate: 0}, {At: 86400, Rate: 0}}}
	d := DailyArrivals{}
	d.Volume[1], d.Profile[1] = 2400, flat    // Monday
	d.Volume[2], d.Profile[2] = 1200, morning // Tuesday
	// Two 12-hour intervals a day over three days from Sunday.
	r := d.Rates(43200, 6, 0)
	perSecond := func(volume float64) float64 { return volume / 43200 }
	m := 1200 * 43200 / 43230.0 // the morning's share before noon, ramp included
	want := []float64{0, 0, perSecond(1200), perSecond(1200), perSecond(m), perSecond(1200 - m)}
	for i := range want {
		if math.Abs(r[i]-want[i]) > 1e-12 {
			t.Fatalf("rates %v, want %v", r, want)
		}
	}
	if err := d.validate(); err != nil {
		t.Error(err)
	}
	d.Volume[3] = 10
	if err := d.validate(); err == nil || !strings.Contains(err.Error(), "without a profile") {
		t.Errorf("a volume without a profile: %v", err)
	}
}
