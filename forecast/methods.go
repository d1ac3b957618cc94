package forecast

import (
	"errors"
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/ccsim/ccsim/contactlog"
)

// history is a volume history prepared for the methods: the usual days in
// date order, with the excluded and special days set apart.
type history struct {
	opt      *Options
	interval int // seconds
	per      int // intervals a day
	// excluded counts the days left out by Options.Exclude.
	excluded int
	// normal are the days that show the usual pattern: not excluded and
	// not in the special-days calendar.
	normal []contactlog.DayVolume
	// special are the days of the calendar the history holds.
	special []specialDay
	// end is the day number after the last day of the history: the
	// origin from which horizons count.
	end int64
}

// specialDay is a past special day with its volumes.
type specialDay struct {
	contactlog.DayVolume
	entry contactlog.SpecialDay
}

// newHistory prepares the days of v before the day number end (all of
// them when end is math.MaxInt64).
func newHistory(v contactlog.Volumes, opt *Options, end int64) *history {
	h := &history{opt: opt, interval: v.IntervalSeconds, per: 86400 / v.IntervalSeconds}
	last := int64(math.MinInt64)
	for _, d := range v.Days {
		n := contactlog.DayNumber(d.Date)
		if n >= end {
			break
		}
		last = n
		if opt.excluded(d.Date) {
			h.excluded++
			continue
		}
		if e, ok := opt.Special.Lookup(d.Date); ok {
			h.special = append(h.special, specialDay{d, e})
			continue
		}
		h.normal = append(h.normal, d)
	}
	h.end = end
	if end == math.MaxInt64 {
		h.end = last + 1
	}
	return h
}

// dayForecast is a method's forecast of the usual volume of one day: its
// total and the share of it in each interval. Shares is nil when the
// method has nothing to go on for that day (no history of its day type).
type dayForecast struct {
	total  float64
	shares []float64
}

// forecaster gives a fitted method's forecast of a date on or after the
// end of its history.
type forecaster func(date time.Time) dayForecast

// method is a way of forecasting the usual days from a history.
type method struct {
	name string
	// minDays is the usual days the method needs.
	minDays int
	fit     func(h *history) (forecaster, error)
}

// The candidate methods, by name. Each forecasts a day's total and its
// intraday shares; the selection (select.go) scores them on the history.
const (
	// MethodAuto picks, for each horizon, the method with the least
	// rolling-origin error on the history.
	MethodAuto = "auto"
	// MethodNaive repeats the same weekday of the latest week.
	MethodNaive = "naive"
	// MethodWeeklyMean averages each interval over the same weekday of
	// the last 8 weeks.
	MethodWeeklyMean = "weekly-mean"
	// MethodRecentLevel spreads the mean volume of the same weekday over
	// the last 4 weeks by the weekday's intraday profile over the whole
	// history.
	MethodRecentLevel = "recent-level"
	// MethodRegression is the log-linear regression on day type and a
	// linear trend (Model).
	MethodRegression = "regression"
	// MethodFlat is the same regression without a trend: the mean log
	// volume of each day type.
	MethodFlat = "regression-flat"
	// MethodDamped is the regression whose trend is damped past the end
	// of the history (by 0.9 a day: it adds at most 9 days of growth).
	MethodDamped = "regression-damped"
	// MethodSmoothing is exponential smoothing of the log daily volume
	// with a level and weekly seasonal indices per day type, its
	// smoothing weights fitted to the history's one-day-ahead errors.
	MethodSmoothing = "smoothing"
	// MethodMonth is the log-linear regression on day type, a damped
	// trend and three Fourier pairs in the day of the month, with an
	// intraday profile that blends the day type's whole history with the
	// last 8 weeks of the day types of like shape.
	MethodMonth = "day-of-month"
	// MethodCombined is the weighted geometric mean of the day-of-month
	// (weight 2), weekly-mean and recent-level forecasts of the daily
	// volume, spread by the day-of-month method's profile.
	MethodCombined = "combined"
)

// methods are the candidates in the order tables list them.
var methods = []method{
	{MethodNaive, 1, fitNaive},
	{MethodWeeklyMean, 1, func(h *history) (forecaster, error) { return fitWeeklyMean(h, 8) }},
	{MethodRecentLevel, 1, func(h *history) (forecaster, error) { return fitRecentLevel(h, 4) }},
	{MethodRegression, 14, func(h *history) (forecaster, error) { return fitRegression(h, trendLinear) }},
	{MethodFlat, 14, func(h *history) (forecaster, error) { return fitRegression(h, trendNone) }},
	{MethodDamped, 14, func(h *history) (forecaster, error) { return fitRegression(h, trendDamped) }},
	{MethodSmoothing, 14, fitSmoothing},
	{MethodMonth, 28, func(h *history) (forecaster, error) { return fitSeasonalRegression(h, monthSpec) }},
	{MethodCombined, 28, fitCombined},
}

// Methods lists the names of the candidate methods.
func Methods() []string {
	out := make([]string, len(methods))
	for i, m := range methods {
		out[i] = m.name
	}
	return out
}

func methodByName(name string) (method, error) {
	for _, m := range methods {
		if m.name == name {
			return m, nil
		}
	}
	return method{}, fmt.Errorf("forecast: unknown method %q (methods: auto, %s)", name, joinNames(Methods()))
}

func joinNames(s []string) string {
	out := ""
	for i, n := range s {
		if i > 0 {
			out += ", "
		}
		out += n
	}
	return out
}

// shares turns counts into shares of their total (nil for an empty day).
func shares(counts []float64) []float64 {
	tot := 0.0
	for _, c := range counts {
		tot += c
	}
	if tot <= 0 {
		return nil
	}
	out := make([]float64, len(counts))
	for i, c := range counts {
		out[i] = c / tot
	}
	return out
}

// pooledShares are the shares of the summed counts of the days.
func pooledShares(per int, days []contactlog.DayVolume) []float64 {
	sum := make([]float64, per)
	for _, d := range days {
		for i, c := range d.Counts {
			sum[i] += c
		}
	}
	return shares(sum)
}

// sameType returns the usual days of the day type of date, optionally only
// those on or after the day number from.
func (h *history) sameType(date time.Time, from int64) []contactlog.DayVolume {
	ty, _ := h.opt.dayType(date)
	var out []contactlog.DayVolume
	for _, d := range h.normal {
		if contactlog.DayNumber(d.Date) < from {
			continue
		}
		if t, _ := h.opt.dayType(d.Date); t == ty {
			out = append(out, d)
		}
	}
	return out
}

// sameWeekday returns the usual days of date's weekday on or after the day
// number from.
func (h *history) sameWeekday(date time.Time, from int64) []contactlog.DayVolume {
	var out []contactlog.DayVolume
	for _, d := range h.normal {
		if contactlog.DayNumber(d.Date) >= from && d.Date.Weekday() == date.Weekday() {
			out = append(out, d)
		}
	}
	return out
}

// memo caches a forecaster's answer per weekday or day type: most
// methods give every future day of a type the same forecast.
func memo(key func(time.Time) int, f func(time.Time) dayForecast) forecaster {
	cache := map[int]dayForecast{}
	return func(date time.Time) dayForecast {
		k := key(date)
		if v, ok := cache[k]; ok {
			return v
		}
		v := f(date)
		cache[k] = v
		return v
	}
}

func weekdayKey(t time.Time) int { return int(t.Weekday()) }

// fitNaive: the latest usual day of the same weekday, at most a year back.
func fitNaive(h *history) (forecaster, error) {
	return memo(weekdayKey, func(date time.Time) dayForecast {
		for i := len(h.normal) - 1; i >= 0; i-- {
			d := h.normal[i]
			if h.end-contactlog.DayNumber(d.Date) > 7*53 {
				break
			}
			if d.Date.Weekday() == date.Weekday() {
				return dayForecast{d.Total(), shares(d.Counts)}
			}
		}
		return dayForecast{}
	}), nil
}

// fitWeeklyMean: each interval's mean over the same weekday in the last
// weeks weeks; the latest such day when there is none that recent.
func fitWeeklyMean(h *history, weeks int) (forecaster, error) {
	naive, _ := fitNaive(h)
	return memo(weekdayKey, func(date time.Time) dayForecast {
		days := h.sameWeekday(date, h.end-int64(7*weeks))
		if len(days) == 0 {
			return naive(date)
		}
		mean := make([]float64, h.per)
		for _, d := range days {
			for i, c := range d.Counts {
				mean[i] += c / float64(len(days))
			}
		}
		tot := 0.0
		for _, c := range mean {
			tot += c
		}
		return dayForecast{tot, shares(mean)}
	}), nil
}

// fitRecentLevel: the weekday's profile over the whole history times its
// mean volume over the last weeks weeks (over the whole history when
// there is none that recent).
func fitRecentLevel(h *history, weeks int) (forecaster, error) {
	return memo(weekdayKey, func(date time.Time) dayForecast {
		all := h.sameWeekday(date, math.MinInt64)
		if len(all) == 0 {
			return dayForecast{}
		}
		recent := h.sameWeekday(date, h.end-int64(7*weeks))
		if len(recent) == 0 {
			recent = all
		}
		tot := 0.0
		for _, d := range recent {
			tot += d.Total() / float64(len(recent))
		}
		return dayForecast{tot, pooledShares(h.per, all)}
	}), nil
}

// profileWeeks is how far back the smoothing method's intraday profile
// looks.
const profileWeeks = 8

// recentProfile is the pooled profile of the date's day type over the
// last weeks weeks, or over the whole history when those hold none.
func (h *history) recentProfile(date time.Time, weeks int) []float64 {
	days := h.sameType(date, h.end-int64(7*weeks))
	if len(days) == 0 {
		days = h.sameType(date, math.MinInt64)
	}
	return pooledShares(h.per, days)
}

type trendKind int

const (
	trendLinear trendKind = iota
	trendNone
	trendDamped
)

// damping is the daily damping of MethodDamped's trend past the history.
const damping = 0.9

// fitRegression fits Model to the usual days; with trendNone the trend is
// dropped, with trendDamped it stops growing past the history's end.
func fitRegression(h *history, trend trendKind) (forecaster, error) {
	m, err := fitModel(h, trend == trendNone)
	if err != nil {
		return nil, err
	}
	last := float64(h.end - 1)
	return func(date time.Time) dayForecast {
		ty, _ := h.opt.dayType(date)
		if !m.seen[ty] {
			return dayForecast{}
		}
		mean := m.logMean(date)
		if trend == trendDamped {
			// Replace the trend's growth past the last day by the damped
			// sum of its daily steps.
			k := float64(contactlog.DayNumber(date)) - last
			if k > 0 {
				slope := m.beta[len(m.beta)-1]
				mean += slope * (damping*(1-math.Pow(damping, k))/(1-damping) - k)
			}
		}
		return dayForecast{math.Max(0, math.Expm1(mean)), m.profile[ty]}
	}, nil
}

// smoothing grids: the level and seasonal weights tried.
var (
	levelWeights  = []float64{0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5}
	seasonWeights = []float64{0, 0.05, 0.1, 0.2, 0.3, 0.5}
)

// fitSmoothing fits exponential smoothing with a level and one seasonal
// index per day type to log(1 + daily volume) of the usual days, in date
// order (a missing day leaves both unchanged). The weights are those of
// the grid with the least squared one-day-ahead error after a burn-in of
// two weeks; the start is each day type's mean over the first four weeks.
func fitSmoothing(h *history) (forecaster, error) {
	n := len(h.normal)
	if n < 14 {
		return nil, &ShortHistoryError{Days: n, Need: 14, What: "exponential smoothing"}
	}
	_, types := h.opt.dayType(time.Time{})
	y := make([]float64, n)
	ty := make([]int, n)
	for i, d := range h.normal {
		y[i] = math.Log1p(d.Total())
		ty[i], _ = h.opt.dayType(d.Date)
	}
	// Start: the day types' means over the first four weeks.
	start := contactlog.DayNumber(h.normal[0].Date) + 28
	sum, cnt := make([]float64, types), make([]float64, types)
	var all float64
	var nAll int
	for i, d := range h.normal {
		if contactlog.DayNumber(d.Date) >= start && nAll >= 7 {
			break
		}
		sum[ty[i]] += y[i]
		cnt[ty[i]]++
		all += y[i]
		nAll++
	}
	level0 := all / float64(nAll)
	season0 := make([]float64, types)
	for k := range types {
		if cnt[k] > 0 {
			season0[k] = sum[k]/cnt[k] - level0
		}
	}
	seen := make([]bool, types)
	for _, k := range ty {
		seen[k] = true
	}
	run := func(alpha, gamma float64, season []float64) (level, sse float64) {
		copy(season, season0)
		level = level0
		known := make([]bool, types)
		for i := range y {
			k := ty[i]
			if !known[k] && cnt[k] == 0 {
				// A day type first seen after the start: its first day
				// sets its index.
				season[k] = y[i] - level
			}
			known[k] = true
			e := y[i] - (level + season[k])
			if i >= 14 {
				sse += e * e
			}
			level += alpha * e
			season[k] += gamma * (1 - alpha) * e
		}
		return level, sse
	}
	best, bestA, bestG := math.Inf(1), 0.0, 0.0
	season := make([]float64, types)
	for _, a := range levelWeights {
		for _, g := range seasonWeights {
			if _, sse := run(a, g, season); sse < best {
				best, bestA, bestG = sse, a, g
			}
		}
	}
	level, _ := run(bestA, bestG, season)
	typeKey := func(t time.Time) int { k, _ := h.opt.dayType(t); return k }
	return memo(typeKey, func(date time.Time) dayForecast {
		k := typeKey(date)
		if !seen[k] {
			return dayForecast{}
		}
		return dayForecast{math.Max(0, math.Expm1(level+season[k])), h.recentProfile(date, profileWeeks)}
	}), nil
}

// monthSpec is MethodMonth's regression.
var monthSpec = regressionSpec{harmonics: 3, trend: trendDamped, blendProfile: true}

// fitCombined: the weighted geometric mean of the day-of-month (weight 2),
// weekly-mean and recent-level daily volumes, with the day-of-month
// profile. The three err differently: the regression on the day of the
// month and the recent weeks' levels on a shift of the whole level.
func fitCombined(h *history) (forecaster, error) {
	a, err := fitSeasonalRegression(h, monthSpec)
	if err != nil {
		return nil, err
	}
	b, _ := fitWeeklyMean(h, 8)
	c, _ := fitRecentLevel(h, 4)
	return func(date time.Time) dayForecast {
		fa, fb, fc := a(date), b(date), c(date)
		if fa.shares == nil || fb.shares == nil || fc.shares == nil {
			return fa
		}
		mean := (2*math.Log1p(fa.total) + math.Log1p(fb.total) + math.Log1p(fc.total)) / 4
		return dayForecast{math.Expm1(mean), fa.shares}
	}, nil
}

// regressionSpec describes a weighted log-linear regression of the daily
// volume.
type regressionSpec struct {
	trend trendKind
	// harmonics is the number of Fourier pairs in the day of the month
	// (0: none): a bank's volume runs high in the first days of the month
	// and around the 10th and low in its last week.
	harmonics int
	// halfLife, in days, weights each day by 0.5^(age/halfLife) so that
	// the recent level counts more; 0 weights all days alike.
	halfLife float64
	// recentProfile takes the intraday profile of the last profileWeeks
	// weeks instead of the whole history.
	recentProfile bool
	// blendProfile averages the day type's profile over the whole history
	// with that of the last profileWeeks weeks of the similar day types.
	blendProfile bool
}

// similarProfile is the pooled profile over the last weeks weeks of the
// day types whose whole-history profile is within 0.15 (in summed absolute
// shares) of the date's own: the days that share its shape (Sunday to
// Thursday at the bank), so that the recent profile rests on more days.
func (h *history) similarProfile(date time.Time, weeks int) []float64 {
	_, types := h.opt.dayType(time.Time{})
	byType := make([][]contactlog.DayVolume, types)
	for _, d := range h.normal {
		ty, _ := h.opt.dayType(d.Date)
		byType[ty] = append(byType[ty], d)
	}
	own, _ := h.opt.dayType(date)
	ref := pooledShares(h.per, byType[own])
	if ref == nil {
		return nil
	}
	var pool []contactlog.DayVolume
	for ty := range types {
		p := pooledShares(h.per, byType[ty])
		if p == nil {
			continue
		}
		dist := 0.0
		for i := range p {
			dist += math.Abs(p[i] - ref[i])
		}
		if dist > 0.15 {
			continue
		}
		for _, d := range byType[ty] {
			if contactlog.DayNumber(d.Date) >= h.end-int64(7*weeks) {
				pool = append(pool, d)
			}
		}
	}
	recent := pooledShares(h.per, pool)
	if recent == nil {
		return ref
	}
	out := make([]float64, h.per)
	for i := range out {
		out[i] = (ref[i] + recent[i]) / 2
	}
	return out
}

// monthPhase is the position of a date in its month, from 0 (the 1st) to
// just under 1.
func monthPhase(date time.Time) float64 {
	y, m, d := date.Date()
	n := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return float64(d-1) / float64(n)
}

// fitSeasonalRegression fits log(1 + daily volume) = level of the day type
// [+ trend × day] [+ Fourier terms of the day of the month] by weighted
// least squares to the usual days.
func fitSeasonalRegression(h *history, spec regressionSpec) (forecaster, error) {
	_, types := h.opt.dayType(time.Time{})
	col := make([]int, types)
	for i := range col {
		col[i] = -1
	}
	p := 0
	for _, d := range h.normal {
		ty, _ := h.opt.dayType(d.Date)
		if col[ty] < 0 {
			col[ty] = p
			p++
		}
	}
	// Columns are numbered in order of first appearance; renumber so that
	// the design does not depend on it.
	p = 0
	for ty := range col {
		if col[ty] >= 0 {
			col[ty] = p
			p++
		}
	}
	nTypes := p
	if spec.trend != trendNone {
		p++
	}
	// A month's pattern needs months to be seen: one Fourier pair per
	// month of history, up to the spec's.
	if len(h.normal) > 0 {
		span := float64(contactlog.DayNumber(h.normal[len(h.normal)-1].Date)-contactlog.DayNumber(h.normal[0].Date)) + 1
		spec.harmonics = min(spec.harmonics, int(span/30.4))
	}
	p += 2 * spec.harmonics
	n := len(h.normal)
	if n < p+2 {
		return nil, &ShortHistoryError{Days: n, Need: p + 2, What: fmt.Sprintf("a regression with %d parameters", p)}
	}
	last := float64(h.end - 1)
	row := func(date time.Time, r []float64) {
		clear(r)
		ty, _ := h.opt.dayType(date)
		r[col[ty]] = 1
		j := nTypes
		if spec.trend != trendNone {
			// Days before the history's last, in weeks, so that the
			// coefficients are of like size.
			r[j] = (float64(contactlog.DayNumber(date)) - last) / 7
			j++
		}
		ph := monthPhase(date)
		for k := 1; k <= spec.harmonics; k++ {
			a := 2 * math.Pi * float64(k) * ph
			r[j], r[j+1] = math.Cos(a), math.Sin(a)
			j += 2
		}
	}
	xtx := mat.NewSymDense(p, nil)
	xty := mat.NewVecDense(p, nil)
	r := make([]float64, p)
	for _, d := range h.normal {
		row(d.Date, r)
		w := 1.0
		if spec.halfLife > 0 {
			w = math.Exp2(-(last - float64(contactlog.DayNumber(d.Date))) / spec.halfLife)
		}
		y := math.Log1p(d.Total())
		for a := range p {
			if r[a] == 0 {
				continue
			}
			xty.SetVec(a, xty.AtVec(a)+w*r[a]*y)
			for b := a; b < p; b++ {
				xtx.SetSym(a, b, xtx.At(a, b)+w*r[a]*r[b])
			}
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(xtx) {
		return nil, errors.New("forecast: the history cannot separate the regression's terms")
	}
	var beta mat.VecDense
	if err := chol.SolveVecTo(&beta, xty); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	allProfile := make([][]float64, types)
	return func(date time.Time) dayForecast {
		ty, _ := h.opt.dayType(date)
		if col[ty] < 0 {
			return dayForecast{}
		}
		x := make([]float64, p)
		row(date, x)
		if spec.trend == trendDamped && nTypes < p {
			// Past the last day the trend's steps shrink by damping a day.
			k := float64(contactlog.DayNumber(date)) - last
			if k > 0 {
				x[nTypes] = damping * (1 - math.Pow(damping, k)) / (1 - damping) / 7
			}
		}
		mean := floats.Dot(x, beta.RawVector().Data)
		var prof []float64
		if spec.blendProfile {
			prof = h.similarProfile(date, profileWeeks)
		} else if spec.recentProfile {
			prof = h.recentProfile(date, profileWeeks)
		} else {
			if allProfile[ty] == nil {
				allProfile[ty] = pooledShares(h.per, h.sameType(date, math.MinInt64))
			}
			prof = allProfile[ty]
		}
		return dayForecast{math.Max(0, math.Expm1(mean)), prof}
	}, nil
}
