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
	// Forecast configures the forecast. Its Exclude dates are left out of
	// every history and of the scoring; its Special days are left out of
	// the usual pattern and scored only with ScoreSpecial.
	Forecast Options
	// TrainFrom is the first day of history used (zero: the first day of
	// the volumes).
	TrainFrom time.Time
	// TestFrom and TestTo are the first and last held-back days.
	TestFrom, TestTo time.Time
	// Step is the number of days between forecast origins: from TestFrom,
	// every Step days, the forecast is made again on all history before
	// the origin. 0 makes one origin at TestFrom.
	Step int
	// Horizon is the days forecast from each origin (cut at TestTo): 0
	// means Step days (each origin forecasts up to the next), or every
	// held-back day with one origin. With Horizon above Step the
	// forecasts overlap, and each day is scored once for every origin
	// that forecast it: a rolling-origin evaluation.
	Horizon int
	// Horizons are the ranges of days ahead scored separately (default
	// DefaultHorizons, cut at the longest horizon evaluated).
	Horizons []Horizon
	// ScoreSpecial scores the days of Forecast.Special too; by default
	// they are left out of the scores.
	ScoreSpecial bool
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

// Baselines are the simple seasonal forecasts the forecast is compared
// with, by method name: the same weekday of the latest week, the
// weekday-by-interval mean of the last 8 weeks, and the whole history's
// weekday profile times the last 4 weeks' level. They are told nothing of
// special days beyond leaving them out of their history.
var Baselines = []string{MethodNaive, MethodWeeklyMean, MethodRecentLevel}

// HorizonAccuracy is the scores over one range of days ahead.
type HorizonAccuracy struct {
	Horizon Horizon
	// Days counts the day forecasts scored (a day forecast from several
	// origins counts once for each).
	Days, Intervals int
	Forecast        Accuracy
	// Baselines are in the order of the package variable Baselines;
	// Methods in the order of Methods(), each with the special days'
	// factors applied as the forecast applies them.
	Baselines, Methods []Accuracy
	// Chosen counts, per method, the origins at which the selection chose
	// it for this range.
	Chosen map[string]int
}

// Evaluation compares the forecast with the baselines and with every
// candidate method on held-back days.
type Evaluation struct {
	// Origins counts the forecast origins; Days and Intervals the day and
	// interval forecasts scored.
	Origins, Days, Intervals int
	Starts                   []float64 // seconds from midnight of each scored time of day
	Forecast                 Accuracy
	Baselines, Methods       []Accuracy
	ByHorizon                []HorizonAccuracy
	Level                    float64
	// MaxHorizon is the longest horizon scored, in days.
	MaxHorizon int
	// Special counts the special days forecast and scored.
	Special int
}

// scoreSums accumulates one method's errors.
type scoreSums struct {
	absI, errI, absD, errD, inI, inD, act float64
	byI                                   []float64
}

func (s *scoreSums) addDay(first int, act contactlog.DayVolume, fc []float64, low, high []float64, dayLow, dayHigh float64) {
	if s.byI == nil {
		s.byI = make([]float64, len(fc))
	}
	var a, f float64
	for i, v := range fc {
		x := act.Counts[first+i]
		a += x
		f += v
		s.absI += math.Abs(v - x)
		s.errI += v - x
		s.byI[i] += math.Abs(v - x)
		if low != nil && x >= low[i] && x <= high[i] {
			s.inI++
		}
	}
	s.act += a
	s.absD += math.Abs(f - a)
	s.errD += f - a
	if low != nil && a >= dayLow && a <= dayHigh {
		s.inD++
	}
}

func (s *scoreSums) accuracy(days, intervals int, actI []float64, bands bool) Accuracy {
	if s.act == 0 {
		nan := math.NaN()
		return Accuracy{nan, nan, nan, nan, nan, nan, nil}
	}
	a := Accuracy{IntervalWAPE: s.absI / s.act, DayWAPE: s.absD / s.act, IntervalBias: s.errI / s.act, DayBias: s.errD / s.act}
	if bands {
		a.IntervalCoverage, a.DayCoverage = s.inI/float64(intervals), s.inD/float64(days)
	}
	if actI != nil {
		a.ByInterval = make([]float64, len(s.byI))
		for i, e := range s.byI {
			if actI[i] > 0 { // a time of day without volume has no WAPE: 0
				a.ByInterval[i] = e / actI[i]
			}
		}
	}
	return a
}

// Evaluate forecasts held-back days from the history before them, as
// Predict would (choosing the method on that history alone), beside the
// baselines and every candidate method, and scores them overall and by
// horizon.
func Evaluate(v contactlog.Volumes, opt EvaluateOptions) (Evaluation, error) {
	if err := opt.Forecast.defaults(); err != nil {
		return Evaluation{}, err
	}
	if err := v.Validate(); err != nil {
		return Evaluation{}, err
	}
	fo := &opt.Forecast
	if opt.TestFrom.IsZero() || opt.TestTo.Before(opt.TestFrom) {
		return Evaluation{}, fmt.Errorf("forecast: evaluate: held-back days %s to %s: want a first day on or before the last",
			opt.TestFrom.Format(time.DateOnly), opt.TestTo.Format(time.DateOnly))
	}
	if opt.Step < 0 || opt.Horizon < 0 {
		return Evaluation{}, fmt.Errorf("forecast: evaluate: step %d and horizon %d days must not be negative", opt.Step, opt.Horizon)
	}
	L := time.Duration(v.IntervalSeconds) * time.Second
	if opt.To == 0 {
		opt.To = 24 * time.Hour
	}
	if opt.From < 0 || opt.To > 24*time.Hour || opt.From >= opt.To || opt.From%L != 0 || opt.To%L != 0 {
		return Evaluation{}, fmt.Errorf("forecast: evaluate: hours %v to %v must be whole intervals of %v within a day", opt.From, opt.To, L)
	}
	first, last := int(opt.From/L), int(opt.To/L)
	if !opt.TrainFrom.IsZero() {
		v = v.Window(opt.TrainFrom, time.Time{})
	}
	testFrom, testTo := contactlog.DayNumber(opt.TestFrom), contactlog.DayNumber(opt.TestTo)
	testDays := int(testTo-testFrom) + 1
	horizon := opt.Horizon
	switch {
	case horizon > 0:
	case opt.Step > 0:
		horizon = opt.Step
	default:
		horizon = testDays
	}
	if horizon > testDays {
		return Evaluation{}, &HorizonError{Horizon: horizon, Days: testDays}
	}
	var testOrigins []int64
	if opt.Step == 0 {
		testOrigins = []int64{testFrom}
	} else {
		for o := testFrom; o <= testTo; o += int64(opt.Step) {
			testOrigins = append(testOrigins, o)
		}
	}
	hs := opt.Horizons
	if len(hs) == 0 {
		hs = DefaultHorizons
	}
	hs = cutHorizons(hs, horizon)
	if h := newHistory(v, fo, testFrom); len(h.normal) < minSelectDays {
		what := "the first forecast origin, " + opt.TestFrom.Format(time.DateOnly)
		return Evaluation{}, &ShortHistoryError{Days: len(h.normal), Need: minSelectDays, What: what}
	}

	// Every method from every origin of the selection up to the last
	// test origin, so that each test origin can choose on the trials
	// before it; the test origins' own fits give the methods' scores.
	all := originsFor(v, fo, testOrigins[len(testOrigins)-1]+1)
	for _, o := range testOrigins {
		if !slices.Contains(all, o) {
			all = append(all, o)
		}
	}
	slices.Sort(all)
	r := newRolling(v, fo, all, max(MaxHorizon, horizon))

	ev := Evaluation{Level: fo.Level, Origins: len(testOrigins)}
	for i := first; i < last; i++ {
		ev.Starts = append(ev.Starts, float64(i*v.IntervalSeconds))
	}
	nB, nM := len(Baselines), len(methods)
	type group struct {
		days, intervals int
		fc              scoreSums
		base, meth      []scoreSums
		actI            []float64
		chosen          map[string]int
	}
	newGroup := func() *group {
		return &group{base: make([]scoreSums, nB), meth: make([]scoreSums, nM), actI: make([]float64, last-first), chosen: map[string]int{}}
	}
	overall := newGroup()
	byH := make([]*group, len(hs))
	for i := range byH {
		byH[i] = newGroup()
	}
	baseIdx := make([]int, nB)
	for i, b := range Baselines {
		baseIdx[i] = slices.IndexFunc(methods, func(m method) bool { return m.name == b })
	}
	usualFC := func(f forecaster, date time.Time) []float64 {
		if f == nil {
			return nil
		}
		d := f(date)
		if d.shares == nil {
			return nil
		}
		out := make([]float64, last-first)
		for i := range out {
			out[i] = d.total * d.shares[first+i]
		}
		return out
	}
	scored := func(date time.Time) bool {
		return len(opt.Weekdays) == 0 || slices.Contains(opt.Weekdays, date.Weekday())
	}
	for _, o := range testOrigins {
		oi := slices.Index(r.origins, o)
		n := min(horizon, int(testTo-o)+1)
		sel := r.selectMethods(DefaultHorizons, o)
		for b := range hs {
			byH[b].chosen[sel.Chosen[bucketOf(DefaultHorizons, hs[b].From)]]++
		}
		pred, err := r.forecastFrom(v, o, dateOf(o), n, sel, bandSpan{day: scored, first: first, last: last})
		if err != nil {
			return Evaluation{}, fmt.Errorf("forecast: evaluate: origin %s: %w", dateOf(o).Format(time.DateOnly), err)
		}
		sf := fitSpecial(r.hist[oi])
		for k, day := range pred.Days {
			date := day.Date
			act, ok := r.actual[contactlog.DayNumber(date)]
			if !ok || fo.excluded(date) || (len(opt.Weekdays) > 0 && !slices.Contains(opt.Weekdays, date.Weekday())) {
				continue
			}
			entry, special := fo.Special.Lookup(date)
			if special && !opt.ScoreSpecial {
				continue
			}
			if special {
				ev.Special++
			}
			fc := make([]float64, last-first)
			low, high := make([]float64, last-first), make([]float64, last-first)
			for i := range fc {
				b := day.Intervals[first+i]
				fc[i], low[i], high[i] = b.Forecast, b.Low, b.High
			}
			// The day's band over the scored hours: the whole-day band
			// scaled by the share of the forecast in those hours.
			var sum float64
			for _, x := range fc {
				sum += x
			}
			dayLow, dayHigh := 0.0, 0.0
			if day.Total.Forecast > 0 {
				scale := sum / day.Total.Forecast
				dayLow, dayHigh = day.Total.Low*scale, day.Total.High*scale
			}
			groups := []*group{overall, byH[bucketOf(hs, k+1)]}
			for _, g := range groups {
				g.days++
				g.intervals += last - first
				for i := range g.actI {
					g.actI[i] += act.Counts[first+i]
				}
				g.fc.addDay(first, act, fc, low, high, dayLow, dayHigh)
			}
			for bi, mi := range baseIdx {
				bf := usualFC(r.fits[oi][mi], date)
				if bf == nil {
					bf = make([]float64, last-first)
				}
				for _, g := range groups {
					g.base[bi].addDay(first, act, bf, nil, nil, 0, 0)
				}
			}
			for mi := range methods {
				f := r.fits[oi][mi]
				var mf []float64
				if f != nil {
					d := f(date)
					if special && d.shares != nil {
						d, _ = sf.apply(entry, d)
					}
					if d.shares != nil {
						mf = make([]float64, last-first)
						for i := range mf {
							mf[i] = d.total * d.shares[first+i]
						}
					}
				}
				if mf == nil {
					mf = make([]float64, last-first)
				}
				for _, g := range groups {
					g.meth[mi].addDay(first, act, mf, nil, nil, 0, 0)
				}
			}
			ev.MaxHorizon = max(ev.MaxHorizon, k+1)
		}
	}
	if overall.days == 0 || overall.fc.act == 0 {
		return Evaluation{}, &NothingToScoreError{From: opt.TestFrom, To: opt.TestTo}
	}
	finish := func(g *group) (Accuracy, []Accuracy, []Accuracy) {
		fc := g.fc.accuracy(g.days, g.intervals, g.actI, true)
		base := make([]Accuracy, nB)
		for i := range base {
			base[i] = g.base[i].accuracy(g.days, g.intervals, g.actI, false)
		}
		meth := make([]Accuracy, nM)
		for i := range meth {
			meth[i] = g.meth[i].accuracy(g.days, g.intervals, g.actI, false)
		}
		return fc, base, meth
	}
	ev.Days, ev.Intervals = overall.days, overall.intervals
	ev.Forecast, ev.Baselines, ev.Methods = finish(overall)
	for b, g := range byH {
		if g.days == 0 {
			continue
		}
		ha := HorizonAccuracy{Horizon: hs[b], Days: g.days, Intervals: g.intervals, Chosen: g.chosen}
		ha.Forecast, ha.Baselines, ha.Methods = finish(g)
		ev.ByHorizon = append(ev.ByHorizon, ha)
	}
	return ev, nil
}

// NothingToScoreError says that the days held back have no volume to
// score: a range outside the history, or days it has no contacts on.
type NothingToScoreError struct{ From, To time.Time }

func (e *NothingToScoreError) Error() string {
	return fmt.Sprintf("forecast: evaluate: no held-back day with volume to score between %s and %s",
		e.From.Format(time.DateOnly), e.To.Format(time.DateOnly))
}

// HorizonError says that the evaluation was asked for a horizon longer
// than its held-back days.
type HorizonError struct{ Horizon, Days int }

func (e *HorizonError) Error() string {
	return fmt.Sprintf("forecast: evaluate: a horizon of %d days is longer than the %d held-back days: hold back more days or ask for a shorter horizon", e.Horizon, e.Days)
}

// cutHorizons keeps the ranges that start within the horizon, the last
// one cut at it.
func cutHorizons(hs []Horizon, horizon int) []Horizon {
	var out []Horizon
	for _, h := range hs {
		if h.From > horizon {
			break
		}
		h.To = min(h.To, horizon)
		out = append(out, h)
	}
	if len(out) > 0 && horizon > out[len(out)-1].To {
		out[len(out)-1].To = horizon
	}
	return out
}
