package forecast

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"github.com/ccsim/ccsim/contactlog"
)

// tinyHistory is a history of hourly counts: days d of synthStart onward,
// with counts[d] spread over the 10:00 and 11:00 hours as 3:1 on even days
// and 1:1 on odd ones.
func tinyHistory(totals map[int]float64) contactlog.Volumes {
	v := contactlog.Volumes{IntervalSeconds: 3600}
	var ds []int
	for d := range totals {
		ds = append(ds, d)
	}
	slices.Sort(ds)
	for _, d := range ds {
		c := make([]float64, 24)
		if d%2 == 0 {
			c[10], c[11] = 0.75*totals[d], 0.25*totals[d]
		} else {
			c[10], c[11] = 0.5*totals[d], 0.5*totals[d]
		}
		v.Days = append(v.Days, contactlog.DayVolume{Date: synthStart.AddDate(0, 0, d), Counts: c})
	}
	return v
}

func fitOn(t *testing.T, v contactlog.Volumes, opt Options, m func(*history) (forecaster, error)) forecaster {
	t.Helper()
	if err := opt.defaults(); err != nil {
		t.Fatal(err)
	}
	f, err := m(newHistory(v, &opt, math.MaxInt64))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSimpleMethods checks the seasonal naive, weekly-mean and
// recent-level forecasts against sums done by hand.
func TestSimpleMethods(t *testing.T) {
	// Sundays (days 0, 7, ..., 70) with totals 100, 110, ..., 200; day
	// 63 is excluded; a Monday on day 71.
	totals := map[int]float64{71: 40}
	for w := 0; w <= 10; w++ {
		totals[7*w] = 100 + 10*float64(w)
	}
	v := tinyHistory(totals)
	opt := Options{Exclude: []time.Time{synthStart.AddDate(0, 0, 63)}}
	next := synthStart.AddDate(0, 0, 77) // a Sunday, day 77; the history ends on day 71
	naive := fitOn(t, v, opt, fitNaive)(next)
	if naive.total != 200 || naive.shares[10] != 0.75 {
		t.Errorf("naive: %+v, want day 70's 200 at 3:1", naive)
	}
	// The last 8 weeks before day 72: days 16 to 71, Sundays 21..70
	// without 63: 130, 140, 150, 160, 170, 180, 200.
	mean := fitOn(t, v, opt, func(h *history) (forecaster, error) { return fitWeeklyMean(h, 8) })(next)
	want := (130 + 140 + 150 + 160 + 170 + 180 + 200) / 7.0
	// Day 21 and 63 are odd/even: each day's own split, averaged per
	// interval.
	want10 := (0.5*130 + 0.75*140 + 0.5*150 + 0.75*160 + 0.5*170 + 0.75*180 + 0.75*200) / 7
	if !scalar.EqualWithinRel(mean.total, want, 1e-12) || !scalar.EqualWithinRel(mean.total*mean.shares[10], want10, 1e-12) {
		t.Errorf("weekly mean: %v (10:00 %v), want %v (%v)", mean.total, mean.total*mean.shares[10], want, want10)
	}
	// Recent level: the Sundays of the last 4 weeks (days 44-71: 49, 56,
	// 70) times the profile of every Sunday.
	rl := fitOn(t, v, opt, func(h *history) (forecaster, error) { return fitRecentLevel(h, 4) })(next)
	var all10, all float64
	for w := 0; w <= 10; w++ {
		if w == 9 {
			continue
		}
		n := 100 + 10*float64(w)
		all += n
		if (7*w)%2 == 0 {
			all10 += 0.75 * n
		} else {
			all10 += 0.5 * n
		}
	}
	if want := (170 + 180 + 200) / 3.0; !scalar.EqualWithinRel(rl.total, want, 1e-12) || !scalar.EqualWithinRel(rl.shares[10], all10/all, 1e-12) {
		t.Errorf("recent level: %v share %v, want %v share %v", rl.total, rl.shares[10], want, all10/all)
	}
	// No Tuesday in the history: no forecast.
	for _, m := range []func(*history) (forecaster, error){fitNaive, func(h *history) (forecaster, error) { return fitWeeklyMean(h, 8) },
		func(h *history) (forecaster, error) { return fitRecentLevel(h, 4) }} {
		if f := fitOn(t, v, opt, m)(synthStart.AddDate(0, 0, 79)); f.shares != nil {
			t.Errorf("a Tuesday forecast from no Tuesday: %+v", f)
		}
	}
}

// TestSeasonalRegressionReference fits the day-of-month regression by an
// independent route: the weighted design written out in the test, solved
// by QR on rows scaled by the square roots of the weights, against the
// package's Cholesky of the normal equations.
func TestSeasonalRegressionReference(t *testing.T) {
	v := synthVolumes(120, 8)
	// A month pattern and a dip on the 25th onward, so the terms matter.
	for i := range v.Days {
		f := 1 + 0.15*math.Cos(2*math.Pi*monthPhase(v.Days[i].Date))
		for j := range v.Days[i].Counts {
			v.Days[i].Counts[j] *= f
		}
	}
	for _, spec := range []regressionSpec{
		{harmonics: 3, trend: trendLinear, halfLife: 40},
		{harmonics: 2, trend: trendNone},
		{harmonics: 3, trend: trendDamped, blendProfile: true},
	} {
		opt := Options{}
		f := fitOn(t, v, opt, func(h *history) (forecaster, error) { return fitSeasonalRegression(h, spec) })
		last := float64(contactlog.DayNumber(v.Days[len(v.Days)-1].Date))
		row := func(date time.Time) []float64 {
			r := make([]float64, 7)
			r[date.Weekday()] = 1
			if spec.trend != trendNone {
				r = append(r, (float64(contactlog.DayNumber(date))-last)/7)
			}
			y, m, d := date.Date()
			n := float64(time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day())
			for k := 1; k <= spec.harmonics; k++ {
				a := 2 * math.Pi * float64(k) * float64(d-1) / n
				r = append(r, math.Cos(a), math.Sin(a))
			}
			return r
		}
		p := len(row(synthStart))
		x := mat.NewDense(len(v.Days), p, nil)
		y := mat.NewVecDense(len(v.Days), nil)
		for i, d := range v.Days {
			w := 1.0
			if spec.halfLife > 0 {
				w = math.Pow(0.5, (last-float64(contactlog.DayNumber(d.Date)))/spec.halfLife)
			}
			r := row(d.Date)
			for j := range r {
				r[j] *= math.Sqrt(w)
			}
			x.SetRow(i, r)
			y.SetVec(i, math.Sqrt(w)*math.Log1p(d.Total()))
		}
		var qr mat.QR
		qr.Factorize(x)
		var beta mat.VecDense
		if err := qr.SolveVecTo(&beta, false, y); err != nil {
			t.Fatal(err)
		}
		for k := 1; k <= 40; k += 13 {
			date := v.Days[len(v.Days)-1].Date.AddDate(0, 0, k)
			r := row(date)
			if spec.trend == trendDamped {
				r[7] = damping * (1 - math.Pow(damping, float64(k))) / (1 - damping) / 7
			}
			want := math.Expm1(mat.Dot(mat.NewVecDense(p, r), &beta))
			if got := f(date).total; !scalar.EqualWithinRel(got, want, 1e-9) {
				t.Errorf("%+v: day +%d: %v, QR reference %v", spec, k, got, want)
			}
		}
	}
}

// TestHarmonicsFollowHistory: a month's pattern takes a month of history
// per Fourier pair. Days 0-10 and 39 span 40 days: one pair, with the seven
// weekdays and the trend 10 parameters, which need 12 days; without day 10
// the history is one day short.
func TestHarmonicsFollowHistory(t *testing.T) {
	totals := map[int]float64{39: 500}
	for d := range 11 {
		totals[d] = 400 + float64(d)
	}
	v := tinyHistory(totals)
	if _, err := fitOn2(v, monthSpec); err != nil {
		t.Errorf("12 days for 10 parameters: %v", err)
	}
	delete(totals, 10)
	_, err := fitOn2(tinyHistory(totals), monthSpec)
	var short *ShortHistoryError
	if !errors.As(err, &short) || short.Need != 12 || short.Days != 11 || !strings.Contains(err.Error(), "10 parameters") {
		t.Errorf("11 days for 10 parameters: %v", err)
	}
}

func fitOn2(v contactlog.Volumes, spec regressionSpec) (forecaster, error) {
	opt := Options{}
	_ = opt.defaults()
	return fitSeasonalRegression(newHistory(v, &opt, math.MaxInt64), spec)
}

// TestSmoothingReference runs the smoothing recursion written out in the
// test, with its own grid search, and compares the forecast.
func TestSmoothingReference(t *testing.T) {
	v := synthVolumes(90, 4)
	f := fitOn(t, v, Options{}, fitSmoothing)
	y := make([]float64, len(v.Days))
	for i, d := range v.Days {
		y[i] = math.Log1p(d.Total())
	}
	// Start: weekday means of the first 28 days and their mean.
	var sum, cnt [7]float64
	level0 := 0.0
	for i := range 28 {
		w := v.Days[i].Date.Weekday()
		sum[w] += y[i]
		cnt[w]++
		level0 += y[i] / 28
	}
	best, bestLevel := math.Inf(1), 0.0
	var bestSeason [7]float64
	for _, a := range levelWeights {
		for _, g := range seasonWeights {
			level := level0
			var s [7]float64
			for w := range 7 {
				s[w] = sum[w]/cnt[w] - level0
			}
			sse := 0.0
			for i, d := range v.Days {
				w := d.Date.Weekday()
				e := y[i] - level - s[w]
				if i >= 14 {
					sse += e * e
				}
				level += a * e
				s[w] += g * (1 - a) * e
			}
			if sse < best {
				best, bestLevel, bestSeason = sse, level, s
			}
		}
	}
	for k := range 7 {
		date := v.Days[len(v.Days)-1].Date.AddDate(0, 0, k+1)
		want := math.Expm1(bestLevel + bestSeason[date.Weekday()])
		if got := f(date).total; !scalar.EqualWithinRel(got, want, 1e-12) {
			t.Errorf("%v: %v, reference %v", date.Weekday(), got, want)
		}
	}
}

// TestCombined is the weighted geometric mean of its three parts.
func TestCombined(t *testing.T) {
	v := synthVolumes(70, 6)
	date := v.Days[len(v.Days)-1].Date.AddDate(0, 0, 3)
	a := fitOn(t, v, Options{}, func(h *history) (forecaster, error) { return fitSeasonalRegression(h, monthSpec) })(date)
	b := fitOn(t, v, Options{}, func(h *history) (forecaster, error) { return fitWeeklyMean(h, 8) })(date)
	c := fitOn(t, v, Options{}, func(h *history) (forecaster, error) { return fitRecentLevel(h, 4) })(date)
	got := fitOn(t, v, Options{}, fitCombined)(date)
	want := math.Pow((1+a.total)*(1+a.total)*(1+b.total)*(1+c.total), 0.25) - 1
	if !scalar.EqualWithinRel(got.total, want, 1e-12) || !slices.Equal(got.shares, a.shares) {
		t.Errorf("combined %v, want %v", got.total, want)
	}
}

// TestSpecialFactors: on volumes without noise, the learned factor is
// exactly the ratio built in; a name that recurs is learned by name; a
// closed day is zero; a given factor is used as given; a kind never seen
// is forecast as a usual day, with a note.
func TestSpecialFactors(t *testing.T) {
	totals := map[int]float64{}
	for d := range 140 {
		totals[d] = 1000
	}
	// Eves at 0.4 (days 20, 51, 80), a holiday named "Founders" at 0.1
	// (days 30, 100) and another holiday at 0.5 (day 60).
	cal := contactlog.SpecialDays{}
	add := func(d int, kind contactlog.SpecialKind, name string, ratio float64) {
		totals[d] = 1000 * ratio
		cal.Days = append(cal.Days, contactlog.SpecialDay{Date: synthStart.AddDate(0, 0, d), Kind: kind, Name: name, Factor: math.NaN()})
	}
	add(20, contactlog.Eve, "", 0.4)
	add(30, contactlog.Holiday, "Founders", 0.1)
	add(51, contactlog.Eve, "", 0.4)
	add(60, contactlog.Holiday, "", 0.5)
	add(80, contactlog.Eve, "", 0.4)
	add(100, contactlog.Holiday, "Founders", 0.1)
	slices.SortFunc(cal.Days, func(a, b contactlog.SpecialDay) int { return a.Date.Compare(b.Date) })
	v := tinyHistory(totals)
	opt := Options{Special: cal}
	_ = opt.defaults()
	h := newHistory(v, &opt, math.MaxInt64)
	if len(h.special) != 6 || len(h.normal) != 134 {
		t.Fatalf("%d special, %d usual days", len(h.special), len(h.normal))
	}
	sf := fitSpecial(h)
	usual := dayForecast{1000, shares(v.Days[0].Counts)}
	for _, c := range []struct {
		entry  contactlog.SpecialDay
		factor float64
		learn  bool
		byName bool
	}{
		{contactlog.SpecialDay{Kind: contactlog.Eve}, 0.4, true, false},
		{contactlog.SpecialDay{Kind: contactlog.Holiday, Name: "Founders"}, 0.1, true, true},
		// Holidays by kind: 0.1, 0.1, 0.5: the median.
		{contactlog.SpecialDay{Kind: contactlog.Holiday, Name: "New"}, 0.1, true, false},
		{contactlog.SpecialDay{Kind: contactlog.Closed}, 0, false, false},
		{contactlog.SpecialDay{Kind: contactlog.Custom, Factor: 1.7}, 1.7, false, false},
		{contactlog.SpecialDay{Kind: contactlog.Eve, Factor: 0.9}, 0.9, false, false},
	} {
		if c.entry.Kind != contactlog.Custom && c.entry.Factor == 0 {
			c.entry.Factor = math.NaN()
		}
		got, info := sf.apply(c.entry, usual)
		if !scalar.EqualWithinRel(got.total, 1000*c.factor, 1e-12) || info.Learned != c.learn || info.ByName != c.byName {
			t.Errorf("%+v: %v (%+v), want factor %v", c.entry, got.total, info, c.factor)
		}
	}
	// Three past eves: their own profile (days 20 and 80 are 3:1, day 51
	// is 1:1).
	got, _ := sf.apply(contactlog.SpecialDay{Kind: contactlog.Eve, Factor: math.NaN()}, usual)
	if want := (0.75*400 + 0.5*400 + 0.75*400) / 1200; !scalar.EqualWithinRel(got.shares[10], want, 1e-12) {
		t.Errorf("eve profile %v, want %v", got.shares[10], want)
	}
	// No custom day without a factor in the history: a usual day, noted.
	empty := specialFit{byKind: map[string]factorFit{}, byName: map[string]factorFit{}}
	got, info := empty.apply(contactlog.SpecialDay{Kind: contactlog.Holiday, Factor: math.NaN()}, usual)
	if got.total != 1000 || info.Note == "" || info.Factor != 1 {
		t.Errorf("unlearnable holiday: %v %+v", got.total, info)
	}
}

// TestPredictSpecialDays: Predict applies the calendar to future days and
// keeps special days out of the usual pattern.
func TestPredictSpecialDays(t *testing.T) {
	v := synthVolumes(140, 9)
	var cal contactlog.SpecialDays
	for _, d := range []int{22, 57, 92, 127} { // Mondays at a third
		for i := range v.Days[d].Counts {
			v.Days[d].Counts[i] /= 3
		}
		cal.Days = append(cal.Days, contactlog.SpecialDay{Date: v.Days[d].Date, Kind: contactlog.Holiday, Factor: math.NaN(), Line: d})
	}
	future := synthStart.AddDate(0, 0, 141) // a Monday
	cal.Days = append(cal.Days,
		contactlog.SpecialDay{Date: future, Kind: contactlog.Holiday, Factor: math.NaN()},
		contactlog.SpecialDay{Date: future.AddDate(0, 0, 1), Kind: contactlog.Closed})
	with, err := Predict(v, synthStart.AddDate(0, 0, 140), 7, Options{Special: cal})
	if err != nil {
		t.Fatal(err)
	}
	without, err := Predict(v, synthStart.AddDate(0, 0, 140), 7, Options{Exclude: cal.Dates()[:4]})
	if err != nil {
		t.Fatal(err)
	}
	mon, tue := with.Days[1], with.Days[2]
	if mon.Special == nil || !mon.Special.Learned || mon.Special.Days != 4 || math.Abs(mon.Special.Factor-1.0/3) > 0.05 {
		t.Errorf("Monday holiday: %+v", mon.Special)
	}
	if r := mon.Total.Forecast / without.Days[1].Total.Forecast; math.Abs(r-mon.Special.Factor) > 1e-9 {
		t.Errorf("the holiday is %v of its usual forecast, factor %v", r, mon.Special.Factor)
	}
	if tue.Total.Forecast != 0 || tue.Total.High != 0 || tue.Intervals[20].Forecast != 0 {
		t.Errorf("closed day %+v", tue.Total)
	}
	for _, i := range []int{0, 3, 4, 5, 6} {
		if with.Days[i].Special != nil || with.Days[i].Total.Forecast != without.Days[i].Total.Forecast {
			t.Errorf("usual day %d: %v vs %v", i, with.Days[i].Total, without.Days[i].Total)
		}
	}
}
