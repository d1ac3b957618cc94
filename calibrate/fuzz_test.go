package calibrate

import (
	"bytes"
	"math"
	"testing"
	"time"

	"github.com/ccsim/ccsim/contactlog"
)

// FuzzFits feeds arbitrary durations to the handle-time fits and the
// patience estimate: errors are fine, panics and invalid distributions
// are not.
func FuzzFits(f *testing.F) {
	f.Add([]byte{10, 200, 3, 0, 255, 17, 90, 90, 1})
	f.Add(bytes.Repeat([]byte{7}, 40))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d contactlog.Durations
		var w contactlog.Waits
		for i := 0; i+1 < len(data); i += 2 {
			// Two bytes make a duration from 0.01 s to about 10 hours.
			v := math.Exp(float64(data[i])/255*15-4.6) * float64(data[i+1]%4)
			d.Add(v)
			w.Add(v, data[i+1]%3 == 0)
		}
		if fit, err := FitDurations(&d); err == nil {
			for _, ft := range fit.Fits {
				if err := ft.Dist.Validate(); err != nil || math.IsNaN(ft.LogLik) || !(ft.KS >= 0 && ft.KS <= 1) {
					t.Fatalf("fit %+v: %v", ft, err)
				}
			}
		}
		if p, err := FitPatience(&w, PatienceOptions{MinAtRisk: 2}); err == nil {
			if err := p.Dist.Validate(); err != nil {
				t.Fatalf("patience %+v: %v", p, err)
			}
		}
	})
}

// FuzzVariation feeds arbitrary day counts and agent days to the demand
// and absence fits: figures in range or a reason why not, never a panic.
func FuzzVariation(f *testing.F) {
	f.Add([]byte{3, 9, 0, 200, 17, 5, 5, 5, 1, 0, 250, 60})
	f.Add(bytes.Repeat([]byte{1, 2, 3}, 60))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 {
			return
		}
		per := 1 + int(data[0])%6
		ndays := 1 + int(data[1])%40
		dates := weeks((ndays + 6) / 7)[:ndays]
		fits := dayTypeFits(Options{}, per)
		var days [][]float64
		var types []int
		k := 2
		for d := range ndays {
			counts := make([]float64, per)
			for i := range counts {
				if k < len(data) {
					counts[i] = float64(data[k])
					k++
				}
				fits[dates[d].Weekday()].Shares[i] += counts[i]
			}
			days, types = append(days, counts), append(types, int(dates[d].Weekday()))
		}
		for ty := range fits {
			s := 0.0
			for _, v := range fits[ty].Shares {
				s += v
			}
			for i := range fits[ty].Shares {
				if s > 0 {
					fits[ty].Shares[i] /= s
				}
			}
		}
		dm := fitDemand(dates, days, types, fits)
		if dm.Why == "" && (!(dm.Dispersion >= 0) || math.IsInf(dm.Dispersion, 0) || !(dm.DayCV >= 0) || math.IsInf(dm.DayCV, 0)) {
			t.Fatalf("demand %+v", dm)
		}
		var agents []contactlog.AgentDays
		for a := 0; k < len(data) && a < 8; a++ {
			ag := contactlog.AgentDays{Agent: string(rune('a' + a))}
			for _, d := range dates {
				if k < len(data) && data[k]%3 != 0 {
					ag.Days = append(ag.Days, contactlog.DayNumber(d))
				}
				k++
			}
			agents = append(agents, ag)
		}
		ab := fitAbsence(dates, agents)
		if !(ab.Rate >= 0 && ab.Rate <= 1) || ab.Missed+ab.Leave > ab.Expected {
			t.Fatalf("absence %+v", ab)
		}
	})
}

// FuzzFitReport calibrates from arbitrary report rows (through the
// generic mapping of every figure): errors are fine; panics, a fitted
// patience or shrinkage out of range, and a model that fails its own
// validation are not.
func FuzzFitReport(f *testing.F) {
	f.Add([]byte{20, 200, 3, 0, 250, 17, 90, 90, 1, 40, 10, 9, 200, 30, 80, 6})
	f.Add(bytes.Repeat([]byte{7, 120, 1}, 30))
	f.Fuzz(func(t *testing.T, data []byte) {
		var recs []contactlog.IntervalRecord
		day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
		for i := 0; i+7 < len(data) && len(recs) < 200; i += 8 {
			// Eight bytes make a row: slot, offered, abandoned share, AHT,
			// ASA, service level, staffed, and which figures are missing.
			offered := float64(data[i+1])
			r := contactlog.IntervalRecord{Start: day.Add(time.Duration(data[i]%144) * 30 * time.Minute), Length: 30 * time.Minute,
				Offered: offered, Abandoned: math.Round(offered * float64(data[i+2]) / 255), AHT: 1 + float64(data[i+3])*4,
				ASA: float64(data[i+4]), ServiceLevel: float64(data[i+5]) / 255, Staffed: float64(data[i+6]) / 8}
			r.Answered = r.Offered - r.Abandoned
			miss := data[i+7]
			for k, p := range []*float64{&r.Answered, &r.Abandoned, &r.ASA, &r.ServiceLevel, &r.Staffed} {
				if miss&(1<<k) != 0 {
					*p = math.NaN()
				}
			}
			recs = append(recs, r)
		}
		cal, err := FitReport(recs, Options{}, 20, 1800)
		if err != nil {
			return
		}
		r := cal.Report
		if !(math.IsNaN(r.Patience) || r.Patience > 0) || !(cal.Shrinkage >= 0 && cal.Shrinkage < 1) {
			t.Fatalf("fit %+v, shrinkage %v", r, cal.Shrinkage)
		}
		m, _ := cal.Model()
		if err := m.Validate(); err != nil {
			t.Fatalf("model: %v", err)
		}
	})
}
