package forecast

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/ccsim/ccsim/contactlog"
)

// EvaluateOptions configure Evaluate.
type EvaluateOptions struct {
	// Forecast configures the model; its Exclude dates are left out of
	// the training history, of the seasonal naive baseline and of the
	// scoring.
	Forecast Options
	// TrainFrom is the first day of history used (zero: the first day of
	// the volumes).
	TrainFrom time.Time
	// TestFrom and TestTo are the first and last held-back days.
	TestFrom, TestTo time.Time
	// Step is the number of days between forecast origins: every Step
	// days both methods are refitted on all history before the origin and
	// forecast the next Step days. 0 makes one origin at TestFrom, with
	// all held-back days forecast from it.
	Step int
	// Weekdays are the days scored; empty scores every day.
	Weekdays []time.Weekday
	// From and To bound the time of day scored, [From, To); To 0 means the
	// end of the day.
	From, To time.Duration
}

// Accuracy scores one method on held-back days. WAPE is the weighted
// absolute percentage error: the sum of absolute errors over the sum of
// actual volumes. Bias is the sum of errors (forecast minus actual) over
// the sum of actuals.
type Accuracy struct {
	IntervalWAPE, DayWAPE float64
	IntervalBias, DayBias float64
	// IntervalCoverage and DayCoverage are the shares of actual values
	// inside the prediction intervals (0 for a method without intervals).
	IntervalCoverage, DayCoverage float64
	// ByInterval is the WAPE for each scored time of day, over the days.
	ByInterval []float64
}

// Evaluation compares the forecast with the seasonal naive baseline on
// held-back days.
type Evaluation struct {
	Days, Intervals int       // scored
	Starts          []float64 // seconds from midnight of each scored time of day
	Forecast, Naive Accuracy
	Level           float64
}

// Evaluate forecasts held-back days from the history before them, with the
// model and with the seasonal naive baseline, and scores both.
func Evaluate(v contactlog.Volumes, opt EvaluateOptions) (Evaluation, error) {
	if err := opt.Forecast.defaults(); err != nil {
		return Evaluation{}, err
	}
	if err := v.Validate(); err != nil {
		return Evaluation{}, err
	}
	if opt.TestFrom.IsZero() || opt.TestTo.Before(opt.TestFrom) {
		return Evaluation{}, fmt.Errorf("forecast: evaluate: held-back days %s to %s: want a first day on or before the last",
			opt.TestFrom.Format(time.DateOnly), opt.TestTo.Format(time.DateOnly))
	}
	if opt.Step < 0 {
		return Evaluation{}, fmt.Errorf("forecast: evaluate: step %d days must not be negative", opt.Step)
	}
	L := time.Duration(v.IntervalSeconds) * time.Second
	if opt.To == 0 {
		opt.To = 24 * time.Hour
	}
	if opt.From < 0 || opt.To > 24*time.Hour || opt.From >= opt.To || opt.From%L != 0 || opt.To%L != 0 {
		return Evaluation{}, fmt.Errorf("forecast: evaluate: hours %v to %v must be whole intervals of %v within a day", opt.From, opt.To, L)
	}
	first, last := int(opt.From/L), int(opt.To/L)

	actual := map[int64]contactlog.DayVolume{}
	for _, d := range v.Days {
		actual[contactlog.DayNumber(d.Date)] = d
	}
	testDays := int(contactlog.DayNumber(opt.TestTo)-contactlog.DayNumber(opt.TestFrom)) + 1
	step := opt.Step
	if step == 0 {
		step = testDays
	}
	ev := Evaluation{Level: opt.Forecast.Level}
	for i := first; i < last; i++ {
		ev.Starts = append(ev.Starts, float64(i*v.IntervalSeconds))
	}
	type sums struct {
		absI, errI, absD, errD, inI, inD float64
		byI                              []float64
	}
	fs, ns := sums{byI: make([]float64, last-first)}, sums{byI: make([]float64, last-first)}
	actI := make([]float64, last-first)
	var actSum float64
	for off := 0; off < testDays; off += step {
		origin := opt.TestFrom.AddDate(0, 0, off)
		n := min(step, testDays-off)
		train := v.Window(opt.TrainFrom, origin.AddDate(0, 0, -1))
		model, err := Fit(train, opt.Forecast)
		if err != nil {
			return Evaluation{}, fmt.Errorf("forecast: evaluate: origin %s: %w", origin.Format(time.DateOnly), err)
		}
		fc := model.Predict(origin, n)
		nv, err := SeasonalNaive(train, origin, n, opt.Forecast.Exclude)
		if err != nil {
			return Evaluation{}, err
		}
		for k, day := range fc.Days {
			act, ok := actual[contactlog.DayNumber(day.Date)]
			if !ok || opt.Forecast.excluded(day.Date) ||
				(len(opt.Weekdays) > 0 && !slices.Contains(opt.Weekdays, day.Date.Weekday())) {
				continue
			}
			ev.Days++
			var aDay, fDay, nDay, lo, hi float64
			for i := first; i < last; i++ {
				a, f, nb := act.Counts[i], day.Intervals[i], nv.Days[k].Intervals[i].Forecast
				ev.Intervals++
				aDay += a
				fDay += f.Forecast
				nDay += nb
				lo += f.Low
				hi += f.High
				fs.absI += math.Abs(f.Forecast - a)
				fs.errI += f.Forecast - a
				ns.absI += math.Abs(nb - a)
				ns.errI += nb - a
				fs.byI[i-first] += math.Abs(f.Forecast - a)
				ns.byI[i-first] += math.Abs(nb - a)
				actI[i-first] += a
				if a >= f.Low && a <= f.High {
					fs.inI++
				}
			}
			actSum += aDay
			fs.absD += math.Abs(fDay - aDay)
			fs.errD += fDay - aDay
			ns.absD += math.Abs(nDay - aDay)
			ns.errD += nDay - aDay
			// The day's band over the scored hours: the whole-day band
			// scaled by the share of the forecast in those hours.
			if day.Total.Forecast > 0 {
				scale := fDay / day.Total.Forecast
				if aDay >= day.Total.Low*scale && aDay <= day.Total.High*scale {
					fs.inD++
				}
			}
		}
	}
	if ev.Days == 0 || actSum == 0 {
		return Evaluation{}, fmt.Errorf("forecast: evaluate: no held-back day with volume to score between %s and %s",
			opt.TestFrom.Format(time.DateOnly), opt.TestTo.Format(time.DateOnly))
	}
	finish := func(s sums, bands bool) Accuracy {
		a := Accuracy{
			IntervalWAPE: s.absI / actSum, DayWAPE: s.absD / actSum,
			IntervalBias: s.errI / actSum, DayBias: s.errD / actSum,
			ByInterval: make([]float64, len(s.byI)),
		}
		if bands {
			a.IntervalCoverage = s.inI / float64(ev.Intervals)
			a.DayCoverage = s.inD / float64(ev.Days)
		}
		for i, e := range s.byI {
			if actI[i] > 0 { // a time of day without volume has no WAPE: 0
				a.ByInterval[i] = e / actI[i]
			}
		}
		return a
	}
	ev.Forecast, ev.Naive = finish(fs, true), finish(ns, false)
	return ev, nil
}
