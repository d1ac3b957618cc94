package forecast

import (
	"math"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
)

// FuzzForecast feeds arbitrary volumes and calendars to the model, the
// forecast and the evaluation: no panic, and bands that hold their
// forecasts.
func FuzzForecast(f *testing.F) {
	f.Add([]byte{3, 9, 200, 0, 0, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53}, uint8(0), uint8(7), uint8(0))
	long := make([]byte, 4*60)
	for i := range long {
		long[i] = byte(i * 7)
	}
	f.Add(long, uint8(1), uint8(3), uint8(5))
	f.Fuzz(func(t *testing.T, data []byte, types, gaps, method uint8) {
		v := contactlog.Volumes{IntervalSeconds: 6 * 3600}
		date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		var cal contactlog.SpecialDays
		kinds := []contactlog.SpecialKind{contactlog.Closed, contactlog.Holiday, contactlog.Eve, contactlog.Custom}
		for i := 0; i+3 < len(data) && i < 4*120; i += 4 {
			date = date.AddDate(0, 0, 1+int(data[i]&gaps&3))
			v.Days = append(v.Days, contactlog.DayVolume{Date: date, Counts: []float64{
				float64(data[i]), float64(data[i+1]) * 10, float64(data[i+2]) * 1000, float64(data[i+3])}})
			if data[i+1]%11 == 0 {
				k := kinds[data[i+3]%4]
				factor := math.NaN()
				switch k {
				case contactlog.Closed:
					factor = 0
				case contactlog.Custom:
					factor = float64(data[i]) / 50
				}
				cal.Days = append(cal.Days, contactlog.SpecialDay{Date: date, Kind: k, Factor: factor, Name: string(rune('a' + data[i]%3))})
			}
		}
		check := func(days []Day) {
			for _, d := range days {
				for _, b := range append(d.Intervals, d.Total) {
					if math.IsNaN(b.Forecast) || b.Low > b.Forecast+1e-6*math.Max(1, b.Forecast) || b.High < b.Forecast-1e-6*math.Max(1, b.Forecast) || b.Low < 0 {
						t.Fatalf("band %+v", b)
					}
				}
			}
		}
		opt := Options{DayTypes: contactlog.DayTypes(types % 2)}
		if fc, err := Fit(v, opt); err == nil {
			check(fc.Predict(date.AddDate(0, 0, 1), 9).Days)
		}
		opt.Special = cal
		names := append([]string{MethodAuto}, Methods()...)
		opt.Method = names[int(method)%len(names)]
		if p, err := Predict(v, date.AddDate(0, 0, 1), 9, opt); err == nil {
			check(p.Days)
		}
		_, _ = SeasonalNaive(v, date, 3, nil)
		if len(v.Days) > 4 {
			_, _ = Evaluate(v, EvaluateOptions{Forecast: opt, TestFrom: v.Days[len(v.Days)-2].Date, TestTo: date, Step: int(gaps % 3),
				Horizon: int(method % 4), ScoreSpecial: types%3 == 0})
		}
	})
}
