package capacity

import (
	"math"
	"testing"
	"time"

	"github.com/ccsim/ccsim/sim"
)

// dayModel is a one-day model of two call channels with 100 and 50
// contacts a day, in 24 hourly intervals.
func dayModel() *sim.Model {
	m := &sim.Model{IntervalSeconds: 3600, Intervals: 24}
	for _, c := range []struct {
		name string
		day  float64
	}{{"phone", 100}, {"callback", 50}} {
		rates := make([]float64, 24)
		for i := range rates {
			rates[i] = c.day / 24 / 3600
		}
		m.Channels = append(m.Channels, sim.Channel{Name: c.name, Kind: sim.Call, Arrivals: sim.Arrivals{Rates: rates}})
	}
	return m
}

// TestWeeklyVolume works the weekly medians out by hand: the scenario's day
// times the days per week, the growth compounded week by week, and the
// seasonal factor of the week's middle day, linear between the middles of
// months (here a week whose middle is exactly the middle of March, 2027-03-16
// 12:00, takes March's factor, and one a quarter of the way from mid-March to
// mid-April takes a quarter of the step); a channel's own weeks are taken as
// given, with the seasonality on top only when they say so.
func TestWeeklyVolume(t *testing.T) {
	season := make([]float64, 12)
	for i := range season {
		season[i] = 1
	}
	season[2], season[3] = 1.2, 1.6 // March, April
	given := make([]float64, 6)
	for i := range given {
		given[i] = 700 + 10*float64(i)
	}
	in := Input{
		Start: time.Date(2027, 3, 13, 0, 0, 0, 0, time.UTC), Weeks: 6, DaysPerWeek: 5,
		Volume: Volume{Growth: 0.3, Seasonality: season, Channels: []ChannelVolume{{Name: "callback", Weeks: given, Seasonal: true}}},
	}
	v, err := newVolumes(dayModel(), &in)
	if err != nil {
		t.Fatal(err)
	}
	// Mid-March is 2027-03-16 12:00 (31 days / 2 after 1 March); the first
	// week's middle is 3.5 days after 13 March 00:00, the same instant.
	// Mid-April is 2027-04-16 00:00, 30.5 days later.
	midMarch := time.Date(2027, 3, 16, 12, 0, 0, 0, time.UTC)
	factor := func(w int) float64 {
		at := in.Start.AddDate(0, 0, 7*w).Add(84 * time.Hour)
		frac := at.Sub(midMarch).Hours() / (30.5 * 24)
		return 1.2 + 0.4*frac
	}
	if f := factor(0); f != 1.2 {
		t.Fatalf("week 1's factor %v, want March's 1.2", f)
	}
	for w := range 4 { // weeks whose middles lie between mid-March and mid-April
		phone := 100 * 5 * math.Pow(1.3, float64(w)/52) * factor(w)
		if got := v.median[w][0]; math.Abs(got/phone-1) > 1e-12 {
			t.Errorf("week %d: phone %.6f, want %.6f", w+1, got, phone)
		}
		callback := given[w] * factor(w)
		if got := v.median[w][1]; math.Abs(got/callback-1) > 1e-12 {
			t.Errorf("week %d: callback %.6f, want %.6f (given, times the season)", w+1, got, callback)
		}
	}
	in.Volume.Channels[0].Seasonal = false
	if v, err = newVolumes(dayModel(), &in); err != nil {
		t.Fatal(err)
	}
	for w := range 6 {
		if v.median[w][1] != given[w] {
			t.Errorf("week %d: callback %v, want the given %v", w+1, v.median[w][1], given[w])
		}
	}
}
