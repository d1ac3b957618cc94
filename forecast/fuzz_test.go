package forecast

import (
	"math"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
)

// FuzzForecast feeds arbitrary volumes to the forecast and the
// evaluation.
func FuzzForecast(f *testing.F) {
	f.Add([]byte{3, 9, 200, 0, 0, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53}, uint8(0), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, types, gaps uint8) {
		v := contactlog.Volumes{IntervalSeconds: 6 * 3600}
		date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := 0; i+3 < len(data); i += 4 {
			date = date.AddDate(0, 0, 1+int(data[i]&gaps&3))
			v.Days = append(v.Days, contactlog.DayVolume{Date: date, Counts: []float64{
				float64(data[i]), float64(data[i+1]) * 10, float64(data[i+2]) * 1000, float64(data[i+3])}})
		}
		opt := Options{DayTypes: contactlog.DayTypes(types % 2)}
		if fc, err := Fit(v, opt); err == nil {
			for _, d := range fc.Predict(date.AddDate(0, 0, 1), 9).Days {
				for _, b := range append(d.Intervals, d.Total) {
					if math.IsNaN(b.Forecast) || b.Low > b.Forecast+1e-6*math.Max(1, b.Forecast) || b.High < b.Forecast-1e-6*math.Max(1, b.Forecast) || b.Low < 0 {
						t.Fatalf("band %+v", b)
					}
				}
			}
		}
		_, _ = SeasonalNaive(v, date, 3, nil)
		if len(v.Days) > 4 {
			_, _ = Evaluate(v, EvaluateOptions{TestFrom: v.Days[len(v.Days)-2].Date, TestTo: date, Step: int(gaps % 3)})
		}
	})
}
