package contactlog

import (
	"math"
	"testing"
	"time"
)

func TestVolumes(t *testing.T) {
	day := func(d int, counts ...float64) DayVolume {
		return DayVolume{Date: time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC), Counts: counts}
	}
	v := Volumes{IntervalSeconds: 6 * 3600, Days: []DayVolume{day(1, 1, 2, 3, 4), day(2, 0, 0, 0, 5), day(4, 1, 1, 1, 1)}}
	if err := v.Validate(); err != nil {
		t.Fatal(err)
	}
	if got := v.Days[0].Total(); got != 10 {
		t.Errorf("total %v, want 10", got)
	}
	w := v.Window(v.Days[1].Date, time.Time{})
	if len(w.Days) != 2 || !w.Days[0].Date.Equal(v.Days[1].Date) || w.IntervalSeconds != v.IntervalSeconds {
		t.Errorf("from 2 March: %+v", w)
	}
	if w := v.Window(time.Time{}, v.Days[1].Date); len(w.Days) != 2 || !w.Days[1].Date.Equal(v.Days[1].Date) {
		t.Errorf("to 2 March: %+v", w)
	}
	for name, bad := range map[string]Volumes{
		"interval":   {IntervalSeconds: 7 * 3600},
		"counts":     {IntervalSeconds: 6 * 3600, Days: []DayVolume{day(1, 1, 2, 3)}},
		"order":      {IntervalSeconds: 6 * 3600, Days: []DayVolume{day(2, 1, 2, 3, 4), day(1, 1, 2, 3, 4)}},
		"repeat":     {IntervalSeconds: 6 * 3600, Days: []DayVolume{day(1, 1, 2, 3, 4), day(1, 1, 2, 3, 4)}},
		"negative":   {IntervalSeconds: 6 * 3600, Days: []DayVolume{day(1, 1, -2, 3, 4)}},
		"not finite": {IntervalSeconds: 6 * 3600, Days: []DayVolume{day(1, 1, math.NaN(), 3, 4)}},
	} {
		if err := bad.Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
