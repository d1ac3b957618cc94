package sim

import "testing"

// TestOpeningSurges: a channel open 07:00-19:00 on hourly intervals whose
// opening interval is offered half as many again as the next, and at
// least 10 more, surges; a profile's own ramp (fewer at the opening), a
// small excess, a closed interval, a deferred channel and a channel
// without hours do not. The largest surge is named with the count of
// openings that surge.
func TestOpeningSurges(t *testing.T) {
	const days = 3
	m := &Model{IntervalSeconds: 3600, Intervals: 24 * days}
	var hours []Window
	for d := range days {
		hours = append(hours, Window{From: float64(d*86400 + 7*3600), To: float64(d*86400 + 19*3600)})
	}
	result := func(opening, next [days]float64) ChannelResult {
		iv := make([]Values, m.Intervals)
		for d := range days {
			for h := 7; h < 19; h++ {
				iv[d*24+h][Offered].Mean = 50
			}
			iv[d*24+7][Offered].Mean = opening[d]
			iv[d*24+8][Offered].Mean = next[d]
		}
		return ChannelResult{Series: Series{Intervals: iv}}
	}
	m.Channels = []Channel{
		{Name: "surging", Kind: Call, Hours: hours},
		{Name: "ramping", Kind: Call, Hours: hours},
		{Name: "small excess", Kind: Call, Hours: hours},
		{Name: "email", Kind: Email, Hours: hours},
		{Name: "no hours", Kind: Call},
	}
	r := &Result{Channels: []ChannelResult{
		result([days]float64{90, 300, 10}, [days]float64{60, 120, 50}),
		result([days]float64{20, 20, 20}, [days]float64{50, 50, 50}),
		result([days]float64{18, 18, 18}, [days]float64{9, 9, 9}),
		result([days]float64{300, 300, 300}, [days]float64{50, 50, 50}),
		result([days]float64{300, 300, 300}, [days]float64{50, 50, 50}),
	}}
	got := OpeningSurges(m, r)
	if len(got) != 1 {
		t.Fatalf("%d channels surge, want 1: %+v", len(got), got)
	}
	want := OpeningSurge{Channel: 0, Interval: 24 + 7, Offered: 300, Next: 120, Openings: 2, All: 3}
	if got[0] != want {
		t.Errorf("%+v, want %+v", got[0], want)
	}
}
