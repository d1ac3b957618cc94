package forecast

import (
	"errors"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/contactlog"
)

// Horizon is a range of horizons, in days ahead: day 1 is the first day
// after the history.
type Horizon struct{ From, To int }

// DefaultHorizons are the horizon ranges the selection and the evaluation
// score separately: the next day, the rest of the first week, the second
// week, weeks 3-4, weeks 5-8 and weeks 9-13.
var DefaultHorizons = []Horizon{{1, 1}, {2, 7}, {8, 14}, {15, 28}, {29, 56}, {57, 91}}

// MaxHorizon is the furthest horizon the selection scores (13 weeks);
// days further ahead take the choice for the last range.
const MaxHorizon = 91

// minOriginDays is the usual days of history a forecast origin of the
// selection needs: four weeks, so that every method has each weekday.
const minOriginDays = 28

func bucketOf(hs []Horizon, k int) int {
	for i, h := range hs {
		if k >= h.From && k <= h.To {
			return i
		}
	}
	return len(hs) - 1
}

// trial is the score of one method's forecast of one usual day from one
// origin: the sums the error measures need, over the whole day.
type trial struct {
	k      int     // horizon, days ahead
	target int64   // day number forecast
	absI   float64 // sum over intervals of |forecast - actual|
	act    float64 // actual volume
	fc     float64 // forecast volume
}

// rolling holds every method's forecasts from a series of origins.
type rolling struct {
	opt     *Options
	per     int
	actual  map[int64]contactlog.DayVolume
	origins []int64
	hist    []*history
	fits    [][]forecaster // [origin][method]; nil where the method failed
	trials  [][][]trial    // [origin][method]: usual days with data
}

// newRolling fits every method at each origin (a day number: the history
// is the days before it) and forecasts up to horizon days ahead, keeping
// the trials on usual days the volumes hold.
func newRolling(v contactlog.Volumes, opt *Options, origins []int64, horizon int) *rolling {
	r := &rolling{opt: opt, per: 86400 / v.IntervalSeconds, actual: map[int64]contactlog.DayVolume{}, origins: origins}
	for _, d := range v.Days {
		r.actual[contactlog.DayNumber(d.Date)] = d
	}
	r.hist = make([]*history, len(origins))
	r.fits = make([][]forecaster, len(origins))
	r.trials = make([][][]trial, len(origins))
	for oi, o := range origins {
		h := newHistory(v, opt, o)
		r.hist[oi] = h
		r.fits[oi] = make([]forecaster, len(methods))
		r.trials[oi] = make([][]trial, len(methods))
		for mi, m := range methods {
			if len(h.normal) < m.minDays {
				continue
			}
			f, err := m.fit(h)
			if err != nil {
				continue
			}
			r.fits[oi][mi] = f
			for k := 1; k <= horizon; k++ {
				n := o + int64(k) - 1
				act, ok := r.actual[n]
				if !ok {
					continue
				}
				date := dateOf(n)
				if opt.excluded(date) {
					continue
				}
				if _, special := opt.Special.Lookup(date); special {
					continue
				}
				fc := f(date)
				if fc.shares == nil {
					continue
				}
				t := trial{k: k, target: n, act: act.Total(), fc: fc.total}
				for i, a := range act.Counts {
					t.absI += math.Abs(fc.total*fc.shares[i] - a)
				}
				r.trials[oi][mi] = append(r.trials[oi][mi], t)
			}
		}
	}
	return r
}

func dateOf(day int64) time.Time { return time.Unix(day*86400, 0).UTC() }

// MethodScore is one method's rolling-origin error on the history over one
// horizon range.
type MethodScore struct {
	// IntervalWAPE and DayWAPE are the WAPE per interval and per day;
	// NaN without a trial.
	IntervalWAPE, DayWAPE float64
	// Trials counts the days forecast.
	Trials int
	// logErrs are the errors log((actual+1)/(forecast+1)) of the daily
	// volumes, for the prediction bands.
	logErrs []float64
}

// Selection is the outcome of scoring the methods on a history: each
// method's rolling-origin error for each horizon range, and the method
// chosen for each.
type Selection struct {
	Horizons []Horizon
	// Methods are the methods scored, in the order of Scores' rows.
	Methods []string
	// Scores[m][h] is method m's error over horizon range h.
	Scores [][]MethodScore
	// Chosen is the method used for each horizon range.
	Chosen []string
	// Origins counts the forecast origins scored.
	Origins int
}

// selectMethods scores the methods on the trials whose origin and target
// are before the day number cutoff, and picks for each horizon range the
// one with the least interval WAPE (the forced method when opt.Method is
// not auto).
func (r *rolling) selectMethods(hs []Horizon, cutoff int64) Selection {
	sel := Selection{Horizons: hs, Methods: Methods(), Scores: make([][]MethodScore, len(methods)), Chosen: make([]string, len(hs))}
	type sums struct{ absI, absD, act float64 }
	acc := make([][]sums, len(methods))
	for mi := range methods {
		acc[mi] = make([]sums, len(hs))
		sel.Scores[mi] = make([]MethodScore, len(hs))
	}
	for oi, o := range r.origins {
		if o >= cutoff {
			break
		}
		sel.Origins++
		for mi := range methods {
			for _, t := range r.trials[oi][mi] {
				if t.target >= cutoff {
					continue
				}
				b := bucketOf(hs, t.k)
				a := &acc[mi][b]
				a.absI += t.absI
				a.absD += math.Abs(t.fc - t.act)
				a.act += t.act
				s := &sel.Scores[mi][b]
				s.Trials++
				s.logErrs = append(s.logErrs, math.Log((t.act+1)/(t.fc+1)))
			}
		}
	}
	for mi := range methods {
		for b := range hs {
			s := &sel.Scores[mi][b]
			s.IntervalWAPE, s.DayWAPE = math.NaN(), math.NaN()
			if a := acc[mi][b]; a.act > 0 {
				s.IntervalWAPE, s.DayWAPE = a.absI/a.act, a.absD/a.act
			}
		}
	}
	for b := range hs {
		if r.opt.Method != MethodAuto {
			sel.Chosen[b] = r.opt.Method
			continue
		}
		sel.Chosen[b] = r.challenge(hs, b, cutoff, &sel)
	}
	return sel
}

// fitTo replaces each chosen method that a history of usual days too
// short for it cannot fit (the combination needs four weeks) by the
// richest one it can: the damped regression from two weeks, else the
// weekly mean. With so short a history there is no origin to score the
// methods on, so the choice cannot be measured; the damped trend keeps a
// two-week trend from running away.
func (s *Selection) fitTo(usual int) {
	for b, name := range s.Chosen {
		m, err := methodByName(name)
		if err != nil || usual >= m.minDays {
			continue
		}
		s.Chosen[b] = MethodWeeklyMean
		if d, _ := methodByName(MethodDamped); usual >= d.minDays {
			s.Chosen[b] = MethodDamped
		}
	}
}

// defaultMethod is the method the selection keeps unless another is
// clearly better on the history.
const defaultMethod = MethodCombined

// challenge returns the method for horizon range b: the default, unless
// another method's interval WAPE is lower by more than twice the standard
// error of the difference. The difference is taken per target day (its
// mean over the origins that forecast it within the range), since the
// forecasts of one day from neighbouring origins err together; days are
// the independent units. Picking the plain minimum would follow the
// noise of a few weeks (the candidates differ by a point or less).
func (r *rolling) challenge(hs []Horizon, b int, cutoff int64, sel *Selection) string {
	def := slices.Index(sel.Methods, defaultMethod)
	if math.IsNaN(sel.Scores[def][b].IntervalWAPE) {
		return defaultMethod
	}
	best, bestWAPE := defaultMethod, sel.Scores[def][b].IntervalWAPE
	for mi, m := range methods {
		if mi == def || !(sel.Scores[mi][b].IntervalWAPE < bestWAPE) {
			continue
		}
		// Per target day: the mean difference of absolute interval
		// errors, alternative minus default, over the shared origins.
		type acc struct{ diff, n float64 }
		days := map[int64]*acc{}
		for oi, o := range r.origins {
			if o >= cutoff {
				break
			}
			// Both lists ascend by target: pair them by merging.
			alt, dft := r.trials[oi][mi], r.trials[oi][def]
			for i, j := 0, 0; i < len(alt) && j < len(dft); {
				t, d := alt[i], dft[j]
				switch {
				case t.target < d.target:
					i++
					continue
				case t.target > d.target:
					j++
					continue
				}
				i++
				j++
				if t.target >= cutoff || bucketOf(hs, t.k) != b {
					continue
				}
				a := days[t.target]
				if a == nil {
					a = &acc{}
					days[t.target] = a
				}
				a.diff += t.absI - d.absI
				a.n++
			}
		}
		if len(days) < 10 {
			continue
		}
		diffs := make([]float64, 0, len(days))
		for _, a := range days {
			diffs = append(diffs, a.diff/a.n)
		}
		slices.Sort(diffs) // a fixed order of summation, whatever the map's

		mean, sd := stat.MeanStdDev(diffs, nil)
		n := float64(len(diffs))
		if mean < 0 && -mean > 2*sd/math.Sqrt(n) {
			best, bestWAPE = m.name, sel.Scores[mi][b].IntervalWAPE
		}
	}
	return best
}

// originsFor lists the selection's origins in a history: every day from
// the first with minOriginDays usual days before it to the history's end.
func originsFor(v contactlog.Volumes, opt *Options, end int64) []int64 {
	usual := 0
	var first int64 = math.MaxInt64
	for _, d := range v.Days {
		n := contactlog.DayNumber(d.Date)
		if n >= end {
			break
		}
		if opt.excluded(d.Date) {
			continue
		}
		if _, ok := opt.Special.Lookup(d.Date); ok {
			continue
		}
		usual++
		if usual == minOriginDays {
			first = n + 1
			break
		}
	}
	var out []int64
	for o := first; o < end; o++ {
		out = append(out, o)
	}
	return out
}

// bandSpan says for which days and intervals [first, last) forecastFrom
// computes the interval bands (the gamma quantiles are most of its work);
// the others get their forecast with a band of no width.
type bandSpan struct {
	day         func(time.Time) bool
	first, last int
}

// forecastFrom forecasts days consecutive days from start with the
// history before the day number end, given the selection made on it.
func (r *rolling) forecastFrom(v contactlog.Volumes, end int64, start time.Time, days int, sel Selection, span bandSpan) (Prediction, error) {
	opt := r.opt
	h := newHistory(v, opt, end)
	out := Prediction{IntervalSeconds: v.IntervalSeconds, Level: opt.Level, Selection: sel}
	fits := map[string]forecaster{}
	for _, name := range sel.Chosen {
		if _, ok := fits[name]; ok {
			continue
		}
		m, err := methodByName(name)
		if err != nil {
			return Prediction{}, err
		}
		if len(h.normal) < m.minDays {
			return Prediction{}, &ShortHistoryError{Days: len(h.normal), Need: m.minDays, What: "method " + name}
		}
		f, err := m.fit(h)
		if err != nil {
			return Prediction{}, err
		}
		fits[name] = f
	}
	sf := fitSpecial(h)
	disp := dispersionByType(h)
	lowQ, highQ := (1-opt.Level)/2, (1+opt.Level)/2
	z := distuv.UnitNormal.Quantile(highQ)
	y, m, d := start.Date()
	for i := range days {
		date := time.Date(y, m, d+i, 0, 0, 0, 0, time.UTC)
		k := int(contactlog.DayNumber(date) - end + 1)
		b := bucketOf(sel.Horizons, max(k, 1))
		name := sel.Chosen[b]
		fc := fits[name](date)
		day := Day{Date: date, Method: name, Intervals: make([]Band, h.per)}
		if fc.shares == nil {
			day.NoHistory = true
			out.Days = append(out.Days, day)
			continue
		}
		lo, hi, sd := sel.band(name, b, lowQ, highQ)
		extra := 0.0
		if e, ok := opt.Special.Lookup(date); ok {
			var info SpecialForecast
			fc, info = sf.apply(e, fc)
			day.Special = &info
			extra = info.LogSD
		}
		lo -= z * extra
		hi += z * extra
		sd = math.Hypot(sd, extra)
		day.Total = Band{Forecast: fc.total, Low: math.Max(0, (fc.total+1)*math.Exp(lo)-1), High: math.Max(0, (fc.total+1)*math.Exp(hi)-1)}
		day.Total.Low = math.Min(day.Total.Low, fc.total)
		day.Total.High = math.Max(day.Total.High, fc.total)
		if fc.total == 0 {
			// A closed day (or a factor of 0): nothing, without doubt.
			day.Total = Band{}
		}
		ty, _ := opt.dayType(date)
		rel := math.Expm1(sd * sd)
		withBands := span.day == nil || span.day(date)
		for j, share := range fc.shares {
			mu := fc.total * share
			if mu <= 0 {
				continue
			}
			if !withBands || j < span.first || j >= span.last {
				day.Intervals[j] = Band{mu, mu, mu}
				continue
			}
			variance := disp[ty]*mu + mu*mu*rel
			g := distuv.Gamma{Alpha: mu * mu / variance, Beta: mu / variance}
			// A very skewed gamma (shape well below 1) can have its upper
			// quantile below its mean; the band then still holds the
			// forecast.
			day.Intervals[j] = Band{Forecast: mu, Low: math.Min(g.Quantile(lowQ), mu), High: math.Max(g.Quantile(highQ), mu)}
		}
		out.Days = append(out.Days, day)
	}
	return out, nil
}

// band returns the log-scale quantiles and standard deviation of the daily
// errors of a method over a horizon range, pooling all ranges when that one
// has fewer than 20 trials; with fewer than 10 in all, a 25% standard
// deviation (about the spread of a day around its weekday in the bank's
// data) stands in.
func (s Selection) band(name string, b int, lowQ, highQ float64) (lo, hi, sd float64) {
	mi := slices.Index(s.Methods, name)
	var errs []float64
	if mi >= 0 {
		errs = s.Scores[mi][b].logErrs
		if len(errs) < 20 {
			errs = nil
			for _, sc := range s.Scores[mi] {
				errs = append(errs, sc.logErrs...)
			}
		}
	}
	if len(errs) < 10 {
		z := distuv.UnitNormal.Quantile(highQ)
		return -z * 0.25, z * 0.25, 0.25
	}
	e := slices.Clone(errs)
	slices.Sort(e)
	lo = stat.Quantile(lowQ, stat.LinInterp, e, nil)
	hi = stat.Quantile(highQ, stat.LinInterp, e, nil)
	_, sd = stat.MeanStdDev(e, nil)
	return lo, hi, sd
}

// dispersionByType is the variance over the mean of the history's interval
// counts around their share of the day's actual volume, per day type
// (Pearson chi-square over its degrees of freedom; 1 without data).
func dispersionByType(h *history) []float64 {
	_, types := h.opt.dayType(time.Time{})
	profiles := make([][]float64, types)
	byType := make([][]contactlog.DayVolume, types)
	for _, d := range h.normal {
		ty, _ := h.opt.dayType(d.Date)
		byType[ty] = append(byType[ty], d)
	}
	out := make([]float64, types)
	for ty := range types {
		out[ty] = 1
		profiles[ty] = pooledShares(h.per, byType[ty])
		if profiles[ty] == nil {
			continue
		}
		cells := 0
		for _, p := range profiles[ty] {
			if p > 0 {
				cells++
			}
		}
		chi, obs := 0.0, 0
		for _, d := range byType[ty] {
			tot := d.Total()
			for i, c := range d.Counts {
				if mu := tot * profiles[ty][i]; mu > 0 {
					chi += (c - mu) * (c - mu) / mu
					obs++
				}
			}
		}
		if obs > cells {
			out[ty] = math.Max(chi/float64(obs-cells), 1e-9)
		}
	}
	return out
}

// errNoUsualDays is returned for a history left empty by the exclusions.
var errNoUsualDays = errors.New("forecast: no usual day in the history (all excluded or special)")
