package forecast

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/contactlog"
)

// Options configure Fit and Predict. Zero values take the defaults.
type Options struct {
	DayTypes contactlog.DayTypes
	// Weekend lists the weekend days for contactlog.WorkdayWeekend (default Saturday
	// and Sunday).
	Weekend []time.Weekday
	// Exclude lists dates left out of the history: holidays and outlier
	// days that would distort the pattern.
	Exclude []time.Time
	// Level is the coverage of the prediction intervals, in (0, 1)
	// (default 0.8).
	Level float64
}

func (o *Options) defaults() error {
	if o.Level == 0 {
		o.Level = 0.8
	}
	if !(o.Level > 0 && o.Level < 1) {
		return fmt.Errorf("forecast: level %v must be between 0 and 1", o.Level)
	}
	if o.DayTypes > contactlog.WorkdayWeekend {
		return fmt.Errorf("forecast: unknown day types %d", o.DayTypes)
	}
	if o.DayTypes == contactlog.WorkdayWeekend && len(o.Weekend) == 0 {
		o.Weekend = []time.Weekday{time.Saturday, time.Sunday}
	}
	return nil
}

// dayType returns the type index of a date and the number of types.
func (o *Options) dayType(date time.Time) (int, int) {
	if o.DayTypes == contactlog.WorkdayWeekend {
		if slices.Contains(o.Weekend, date.Weekday()) {
			return 1, 2
		}
		return 0, 2
	}
	return int(date.Weekday()), 7
}

func (o *Options) excluded(date time.Time) bool {
	for _, e := range o.Exclude {
		if sameDay(e, date) {
			return true
		}
	}
	return false
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// Band is a forecast with its prediction interval.
type Band struct {
	Forecast, Low, High float64
}

// Day is the forecast of one day.
type Day struct {
	Date      time.Time
	Total     Band
	Intervals []Band
	// NoHistory is set when the history holds no day of this day type:
	// the forecast is zero.
	NoHistory bool
}

// Prediction is a forecast of volume per interval for consecutive days.
type Prediction struct {
	IntervalSeconds int
	Level           float64
	Days            []Day
}

// Model is a volume model fitted to a history:
//
//	log(1 + daily total) = level of the day type + trend × day + noise,
//
// fitted by least squares, times an intraday profile per day type (each
// interval's share of the day type's volume over the history).
//
// The daily forecast is the median of the fitted log-normal predictive
// distribution. Its prediction interval is the regression's: Student t
// quantiles times sigma·sqrt(1 + x'(X'X)^-1 x), where sigma is the residual
// standard deviation of the day's type (small weekend days vary more,
// relatively, than weekdays) and the second term carries the uncertainty
// of the fitted levels and trend.
//
// An interval's forecast is the daily forecast times the profile share.
// Its prediction interval is the quantiles of a gamma distribution with
// that mean (widened to hold the forecast when the gamma is so skewed
// that they miss it) and the variance dispersion × mean + (mean × r)^2: the first
// term is the noise of interval counts around their share of the day's
// actual volume, measured on the history per day type (Pearson
// chi-square over its degrees of freedom; 1 would be Poisson), the second
// the uncertainty of the day's volume, r^2 = exp(se^2) - 1.
type Model struct {
	opt        Options
	per        int
	interval   int
	origin     time.Time // day 0 of the trend
	tMean      float64   // trend variable centring
	types      int
	seen       []bool        // day types with history
	col        []int         // column of each day type in the design
	beta       []float64     // coefficients
	cov        *mat.SymDense // (X'X)^-1
	sigma      []float64     // residual standard deviation per day type (log scale)
	tq         []float64     // t quantile for Level per day type
	profile    [][]float64   // per day type, share per interval
	dispersion []float64     // within-day variance over mean per day type
	summary    Summary
}

// Summary describes a fitted Model.
type Summary struct {
	From, To time.Time // first and last day used
	Days     int       // days used
	Excluded int       // days in the window left out by Exclude
	// WeeklyGrowth is the trend as a relative change per week.
	WeeklyGrowth float64
	// ResidualSD is the standard deviation of the daily residuals on the
	// log scale (about the relative error of a daily forecast).
	ResidualSD float64
	// Dispersion is the variance over the mean of interval counts around
	// their expected share of the day's actual volume (1 for Poisson).
	Dispersion float64
}

// Fit fits the volume model to a history.
func Fit(v contactlog.Volumes, opt Options) (*Model, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	if err := v.Validate(); err != nil {
		return nil, err
	}
	f := &Model{opt: opt, per: 86400 / v.IntervalSeconds, interval: v.IntervalSeconds}
	var days []contactlog.DayVolume
	for _, d := range v.Days {
		if opt.excluded(d.Date) {
			f.summary.Excluded++
			continue
		}
		days = append(days, d)
	}
	_, f.types = opt.dayType(time.Time{})
	f.seen = make([]bool, f.types)
	for _, d := range days {
		ty, _ := opt.dayType(d.Date)
		f.seen[ty] = true
	}
	f.col = make([]int, f.types)
	p := 0
	for ty := range f.types {
		f.col[ty] = -1
		if f.seen[ty] {
			f.col[ty] = p
			p++
		}
	}
	p++ // the trend
	n := len(days)
	if n < p+2 {
		return nil, fmt.Errorf("forecast: %d days of history for %d parameters: need at least %d", n, p, p+2)
	}
	f.origin = days[0].Date
	f.summary.From, f.summary.To, f.summary.Days = days[0].Date, days[n-1].Date, n
	for _, d := range days {
		f.tMean += f.dayIndex(d.Date) / float64(n)
	}

	// Least squares through the normal equations, solved by Cholesky:
	// the design is small (n days by up to 8 columns) and well
	// conditioned with the trend centred.
	x := mat.NewDense(n, p, nil)
	y := mat.NewVecDense(n, nil)
	for i, d := range days {
		x.SetRow(i, f.row(d.Date))
		y.SetVec(i, math.Log1p(d.Total()))
	}
	var xtx mat.SymDense
	xtx.SymOuterK(1, x.T())
	var chol mat.Cholesky
	if !chol.Factorize(&xtx) {
		return nil, errors.New("forecast: the history cannot separate day types and trend (all on one day?)")
	}
	var xty, beta mat.VecDense
	xty.MulVec(x.T(), y)
	if err := chol.SolveVecTo(&beta, &xty); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	f.beta = make([]float64, p)
	for j := range p {
		f.beta[j] = beta.AtVec(j)
	}
	f.cov = mat.NewSymDense(p, nil)
	if err := chol.InverseTo(f.cov); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	var fitted, resid mat.VecDense
	fitted.MulVec(x, &beta)
	resid.SubVec(y, &fitted)
	// The noise differs between day types (a small weekend day varies
	// more, relatively, than a weekday): the residual variance is
	// estimated per day type, each type's degrees of freedom being its
	// days less its level and its share of the trend.
	f.sigma = make([]float64, f.types)
	f.tq = make([]float64, f.types)
	rss := make([]float64, f.types)
	count := make([]float64, f.types)
	for i, d := range days {
		ty, _ := opt.dayType(d.Date)
		rss[ty] += resid.AtVec(i) * resid.AtVec(i)
		count[ty]++
	}
	all := mat.Dot(&resid, &resid)
	for ty := range f.types {
		if !f.seen[ty] {
			continue
		}
		dof := count[ty] - 1 - count[ty]/float64(n)
		if dof < 2 {
			// Too few days of this type for its own estimate: pool.
			rss[ty], dof = all*count[ty]/float64(n), count[ty]*float64(n-p)/float64(n)
		}
		f.sigma[ty] = math.Sqrt(rss[ty] / dof)
		f.tq[ty] = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dof}.Quantile((1 + opt.Level) / 2)
	}
	f.summary.ResidualSD = math.Sqrt(all / float64(n-p))
	f.summary.WeeklyGrowth = math.Expm1(7 * f.beta[p-1])

	// Intraday profiles: pooled shares per day type.
	f.profile = make([][]float64, f.types)
	totals := make([]float64, f.types)
	for ty := range f.types {
		f.profile[ty] = make([]float64, f.per)
	}
	for _, d := range days {
		ty, _ := opt.dayType(d.Date)
		for i, c := range d.Counts {
			f.profile[ty][i] += c
		}
		totals[ty] += d.Total()
	}
	cells := make([]int, f.types)
	for ty := range f.types {
		for i := range f.profile[ty] {
			if totals[ty] > 0 {
				f.profile[ty][i] /= totals[ty]
			}
			if f.profile[ty][i] > 0 {
				cells[ty]++
			}
		}
	}
	// Dispersion per day type: Pearson chi-square of the interval counts
	// around their share of the actual day total, over its degrees of
	// freedom.
	f.dispersion = make([]float64, f.types)
	chi, obs := make([]float64, f.types), make([]int, f.types)
	for _, d := range days {
		ty, _ := opt.dayType(d.Date)
		tot := d.Total()
		for i, c := range d.Counts {
			if mu := tot * f.profile[ty][i]; mu > 0 {
				chi[ty] += (c - mu) * (c - mu) / mu
				obs[ty]++
			}
		}
	}
	allChi, allObs := 0.0, 0
	for ty := range f.types {
		f.dispersion[ty] = 1
		if obs[ty] > cells[ty] {
			f.dispersion[ty] = math.Max(chi[ty]/float64(obs[ty]-cells[ty]), 1e-9)
			allChi += chi[ty]
			allObs += obs[ty] - cells[ty]
		}
	}
	if allObs > 0 {
		f.summary.Dispersion = allChi / float64(allObs)
	}
	return f, nil
}

// dayIndex is the number of days from the origin.
func (f *Model) dayIndex(date time.Time) float64 {
	return float64(contactlog.DayNumber(date) - contactlog.DayNumber(f.origin))
}

// row is the design row of a date.
func (f *Model) row(date time.Time) []float64 {
	r := make([]float64, countTrue(f.seen)+1)
	ty, _ := f.opt.dayType(date)
	if c := f.col[ty]; c >= 0 {
		r[c] = 1
	}
	r[len(r)-1] = f.dayIndex(date) - f.tMean
	return r
}

func countTrue(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// Summary describes the fitted model.
func (f *Model) Summary() Summary { return f.summary }

// Predict forecasts days consecutive days from start.
func (f *Model) Predict(start time.Time, days int) Prediction {
	out := Prediction{IntervalSeconds: f.interval, Level: f.opt.Level}
	lowQ, highQ := (1-f.opt.Level)/2, (1+f.opt.Level)/2
	y, m, d := start.Date()
	for k := range days {
		date := time.Date(y, m, d+k, 0, 0, 0, 0, time.UTC)
		df := Day{Date: date, Intervals: make([]Band, f.per)}
		ty, _ := f.opt.dayType(date)
		if !f.seen[ty] {
			df.NoHistory = true
			out.Days = append(out.Days, df)
			continue
		}
		x := mat.NewVecDense(len(f.beta), f.row(date))
		mean := mat.Dot(x, mat.NewVecDense(len(f.beta), f.beta))
		// The error of a new day plus that of the fitted mean, both at
		// the day type's own noise level.
		se := f.sigma[ty] * math.Sqrt(1+mat.Inner(x, f.cov, x))
		total := math.Expm1(mean)
		df.Total = Band{
			Forecast: math.Max(0, total),
			Low:      math.Max(0, math.Expm1(mean-f.tq[ty]*se)),
			High:     math.Max(0, math.Expm1(mean+f.tq[ty]*se)),
		}
		rel := math.Expm1(se * se) // relative variance of a log-normal day
		for i, share := range f.profile[ty] {
			mu := df.Total.Forecast * share
			if mu <= 0 {
				continue
			}
			variance := f.dispersion[ty]*mu + mu*mu*rel
			g := distuv.Gamma{Alpha: mu * mu / variance, Beta: mu / variance}
			// A very skewed gamma (shape well below 1: a tiny mean with
			// much noise) can have its upper quantile below its mean; the
			// band is then widened to hold the forecast.
			df.Intervals[i] = Band{Forecast: mu, Low: math.Min(g.Quantile(lowQ), mu), High: math.Max(g.Quantile(highQ), mu)}
		}
		out.Days = append(out.Days, df)
	}
	return out
}

// Predict fits the volume model to the history and forecasts days
// consecutive days from start. See Model for the method.
func Predict(v contactlog.Volumes, start time.Time, days int, opt Options) (Prediction, error) {
	f, err := Fit(v, opt)
	if err != nil {
		return Prediction{}, err
	}
	return f.Predict(start, days), nil
}

// SeasonalNaive forecasts each day as the same weekday of the most recent
// week in the history (excluded dates skipped): the usual baseline. Its
// bands have no width.
func SeasonalNaive(v contactlog.Volumes, start time.Time, days int, exclude []time.Time) (Prediction, error) {
	if err := v.Validate(); err != nil {
		return Prediction{}, err
	}
	opt := Options{Exclude: exclude}
	byDay := map[int64]contactlog.DayVolume{}
	var last int64 = math.MinInt64
	for _, d := range v.Days {
		if opt.excluded(d.Date) {
			continue
		}
		n := contactlog.DayNumber(d.Date)
		byDay[n] = d
		last = max(last, n)
	}
	per := 86400 / v.IntervalSeconds
	out := Prediction{IntervalSeconds: v.IntervalSeconds}
	y, m, dd := start.Date()
	for k := range days {
		date := time.Date(y, m, dd+k, 0, 0, 0, 0, time.UTC)
		df := Day{Date: date, Intervals: make([]Band, per), NoHistory: true}
		// The latest same weekday in the history before the start, at
		// most a year back.
		n := contactlog.DayNumber(date)
		bound := min(last, contactlog.DayNumber(start)-1)
		src := n - 7*((n-bound+6)/7)
		for ; len(byDay) > 0 && src > bound-7*53; src -= 7 {
			hist, ok := byDay[src]
			if !ok {
				continue
			}
			for i, c := range hist.Counts {
				df.Intervals[i] = Band{c, c, c}
			}
			tot := hist.Total()
			df.Total = Band{tot, tot, tot}
			df.NoHistory = false
			break
		}
		out.Days = append(out.Days, df)
	}
	return out, nil
}
