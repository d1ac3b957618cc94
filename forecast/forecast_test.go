package forecast

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
	"time"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/bankdata"
	"github.com/ccsim/ccsim/internal/banklog"
)

var synthStart = time.Date(2024, 1, 7, 0, 0, 0, 0, time.UTC) // a Sunday

// synthVolumes draws Poisson counts per half-hour around a known weekly
// pattern with a 0.1% daily trend, log-normal day-to-day noise (sd 0.08)
// and a fixed intraday profile.
func synthVolumes(days int, seed uint64) contactlog.Volumes {
	src := rand.NewPCG(seed, 99)
	r := rand.New(src)
	level := [7]float64{1600, 1500, 1500, 1450, 1500, 450, 150}
	profile := make([]float64, 48)
	sum := 0.0
	for i := range profile {
		h := float64(i) / 2
		profile[i] = 0.3
		if h >= 7 {
			profile[i] += 10*math.Exp(-(h-11)*(h-11)/18) + 6*math.Exp(-(h-16)*(h-16)/12) + 2
		}
		sum += profile[i]
	}
	v := contactlog.Volumes{IntervalSeconds: 1800}
	for d := range days {
		date := synthStart.AddDate(0, 0, d)
		mean := level[date.Weekday()] * math.Exp(0.001*float64(d)+0.08*r.NormFloat64())
		counts := make([]float64, 48)
		for i := range counts {
			counts[i] = distuv.Poisson{Lambda: mean * profile[i] / sum, Src: src}.Rand()
		}
		v.Days = append(v.Days, contactlog.DayVolume{Date: date, Counts: counts})
	}
	return v
}

// TestForecastAgainstReference checks the fitted model against the
// within-day-type least-squares solution written out by hand: for dummies
// per day type plus a common trend, the slope is the pooled within-type
// covariance over the pooled within-type variance of the day index, each
// level is the type's mean less slope times its mean day, and
// x'(X'X)^-1 x = 1/n_type + (t - mean t of the type)^2 / Stt.
func TestForecastAgainstReference(t *testing.T) {
	v := synthVolumes(140, 1)
	exclude := []time.Time{synthStart.AddDate(0, 0, 30), synthStart.AddDate(0, 0, 31)}
	f, err := Fit(v, Options{Exclude: exclude, Level: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	type acc struct{ n, t, y, rss float64 }
	var by [7]acc
	var used []contactlog.DayVolume
	for _, d := range v.Days {
		if sameDay(d.Date, exclude[0]) || sameDay(d.Date, exclude[1]) {
			continue
		}
		used = append(used, d)
		a := &by[d.Date.Weekday()]
		a.n++
		a.t += d.Date.Sub(synthStart).Hours() / 24
		a.y += math.Log(1 + d.Total())
	}
	for i := range by {
		by[i].t /= by[i].n
		by[i].y /= by[i].n
	}
	var stt, sty float64
	for _, d := range used {
		a := by[d.Date.Weekday()]
		dt := d.Date.Sub(synthStart).Hours()/24 - a.t
		stt += dt * dt
		sty += dt * (math.Log(1+d.Total()) - a.y)
	}
	slope := sty / stt
	n := float64(len(used))
	for _, d := range used {
		a := &by[d.Date.Weekday()]
		r := math.Log(1+d.Total()) - a.y - slope*(d.Date.Sub(synthStart).Hours()/24-a.t)
		a.rss += r * r
	}
	if g := f.Summary().WeeklyGrowth; !scalar.EqualWithinRel(g, math.Expm1(7*slope), 1e-9) {
		t.Errorf("weekly growth %v, reference %v", g, math.Expm1(7*slope))
	}
	// The true trend is 0.7% a week; the day noise of 0.08 over 138 days
	// gives the slope a standard error of about 0.0001 a day (0.07% a week).
	if g := f.Summary().WeeklyGrowth; math.Abs(g-math.Expm1(0.007)) > 0.003 {
		t.Errorf("weekly growth %v, true 0.7%%", g)
	}
	start := synthStart.AddDate(0, 0, 140)
	p := f.Predict(start, 14)
	for _, day := range p.Days {
		a := by[day.Date.Weekday()]
		td := day.Date.Sub(synthStart).Hours() / 24
		mean := a.y + slope*(td-a.t)
		dof := a.n - 1 - a.n/n
		sigma := math.Sqrt(a.rss / dof)
		se := sigma * math.Sqrt(1+1/a.n+(td-a.t)*(td-a.t)/stt)
		q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: dof}.Quantile(0.95)
		want := Band{math.Expm1(mean), math.Expm1(mean - q*se), math.Expm1(mean + q*se)}
		for _, pair := range [][2]float64{{day.Total.Forecast, want.Forecast}, {day.Total.Low, want.Low}, {day.Total.High, want.High}} {
			if !scalar.EqualWithinRel(pair[0], pair[1], 1e-9) {
				t.Errorf("%s: total %+v, reference %+v", day.Date.Format(time.DateOnly), day.Total, want)
				break
			}
		}
		// Intervals: the profile share from raw sums, and gamma
		// quantiles checked by integrating the density numerically.
		share, disp := profileAndDispersion(used, day.Date.Weekday())
		rel := math.Expm1(se * se)
		for _, i := range []int{2, 22, 40} {
			mu := want.Forecast * share[i]
			b := day.Intervals[i]
			if !scalar.EqualWithinRel(b.Forecast, mu, 1e-9) {
				t.Errorf("interval %d forecast %v, reference %v", i, b.Forecast, mu)
			}
			variance := disp*mu + mu*mu*rel
			k, theta := mu*mu/variance, variance/mu
			if b.Low == 0 {
				// A quantile below the smallest float: the mass near 0
				// must already reach 5%.
				if lo := gammaCDFBySimpson(1e-12, k, theta); lo < 0.05-1e-6 {
					t.Errorf("interval %d: low 0 but P(X <= 1e-12) = %v", i, lo)
				}
			} else if lo := gammaCDFBySimpson(b.Low, k, theta); math.Abs(lo-0.05) > 1e-6 {
				t.Errorf("interval %d: P(X <= low %v) = %v, want 0.05", i, b.Low, lo)
			}
			if hi := gammaCDFBySimpson(b.High, k, theta); math.Abs(hi-0.95) > 1e-6 {
				t.Errorf("interval %d: P(X <= high %v) = %v, want 0.95", i, b.High, hi)
			}
		}
	}
}

// profileAndDispersion computes the intraday shares of one weekday and
// the Pearson dispersion of its counts around them.
func profileAndDispersion(days []contactlog.DayVolume, wd time.Weekday) ([]float64, float64) {
	share := make([]float64, 48)
	total := 0.0
	for _, d := range days {
		if d.Date.Weekday() != wd {
			continue
		}
		for i, c := range d.Counts {
			share[i] += c
			total += c
		}
	}
	cells := 0.0
	for i := range share {
		share[i] /= total
		if share[i] > 0 {
			cells++
		}
	}
	chi, obs := 0.0, 0.0
	for _, d := range days {
		if d.Date.Weekday() != wd {
			continue
		}
		tot := d.Total()
		for i, c := range d.Counts {
			if mu := tot * share[i]; mu > 0 {
				chi += (c - mu) * (c - mu) / mu
				obs++
			}
		}
	}
	return share, chi / (obs - cells)
}

// gammaCDFBySimpson integrates the gamma density (shape k, scale theta)
// from 0 to x with composite Simpson's rule: over y for k >= 1, and for
// k < 1 over s = y^k, which removes the singularity at 0 (the density
// times dy becomes exp(-y/theta) / (Gamma(k) theta^k k) ds).
func gammaCDFBySimpson(x, k, theta float64) float64 {
	if x <= 0 {
		return 0
	}
	lg, _ := math.Lgamma(k)
	norm := lg + k*math.Log(theta)
	g := func(y float64) float64 {
		if y == 0 {
			if k == 1 {
				return math.Exp(-norm)
			}
			return 0
		}
		return math.Exp((k-1)*math.Log(y) - y/theta - norm)
	}
	top := x
	if k < 1 {
		g = func(s float64) float64 { return math.Exp(-math.Pow(s, 1/k)/theta - norm - math.Log(k)) }
		top = math.Pow(x, k)
	}
	const n = 20000
	h := top / n
	sum := g(0) + g(top)
	for i := 1; i < n; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * g(float64(i)*h)
	}
	return sum * h / 3
}

// TestForecastCoverage holds the model to its claims on data drawn from a
// model of its own kind: prediction intervals cover near their level and
// the forecast beats the seasonal naive baseline.
func TestForecastCoverage(t *testing.T) {
	v := synthVolumes(26*7+8*7, 5)
	ev, err := Evaluate(v, EvaluateOptions{
		TestFrom: synthStart.AddDate(0, 0, 26*7), TestTo: synthStart.AddDate(0, 0, 34*7-1), Step: 7,
		From: 7 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	// 56 days x 34 intervals; intervals of one day share its level error,
	// so the coverage is closer to 56 draws than 1,904: 0.06 is about one
	// standard error of a day-level share (0.053), and the interval
	// coverage averages many intervals per day.
	if c := ev.Forecast.IntervalCoverage; math.Abs(c-0.8) > 0.06 {
		t.Errorf("interval coverage %v at level 0.8", c)
	}
	// The day coverage is a share of 56 days: 0.16 is three standard
	// errors.
	if c := ev.Forecast.DayCoverage; math.Abs(c-0.8) > 0.16 {
		t.Errorf("day coverage %v at level 0.8", c)
	}
	if ev.Forecast.IntervalWAPE >= ev.Naive.IntervalWAPE || ev.Forecast.DayWAPE >= ev.Naive.DayWAPE {
		t.Errorf("forecast WAPE %v/%v, naive %v/%v", ev.Forecast.IntervalWAPE, ev.Forecast.DayWAPE, ev.Naive.IntervalWAPE, ev.Naive.DayWAPE)
	}
	if ev.Days != 56 || ev.Intervals != 56*34 || len(ev.Forecast.ByInterval) != 34 {
		t.Errorf("scored %d days %d intervals", ev.Days, ev.Intervals)
	}
}

func TestSeasonalNaive(t *testing.T) {
	day := func(d int, n float64) contactlog.DayVolume {
		c := make([]float64, 24)
		c[10] = n
		return contactlog.DayVolume{Date: synthStart.AddDate(0, 0, d), Counts: c}
	}
	v := contactlog.Volumes{IntervalSeconds: 3600, Days: []contactlog.DayVolume{day(0, 1), day(1, 2), day(7, 3), day(14, 4)}}
	// Day 14 is excluded: day 21 takes day 7; day 22 takes day 1 (day 8
	// and 15 are missing); day 23 has no same weekday in the history.
	p, err := SeasonalNaive(v, synthStart.AddDate(0, 0, 21), 3, []time.Time{synthStart.AddDate(0, 0, 14)})
	if err != nil {
		t.Fatal(err)
	}
	if p.Days[0].Total.Forecast != 3 || p.Days[1].Total.Forecast != 2 || !p.Days[2].NoHistory || p.Days[2].Total.Forecast != 0 {
		t.Errorf("%+v", p.Days)
	}
	if p.Days[0].Intervals[10].Forecast != 3 {
		t.Errorf("interval forecast %v", p.Days[0].Intervals[10])
	}
}

func TestForecastErrors(t *testing.T) {
	v := synthVolumes(5, 1)
	if _, err := Fit(v, Options{}); err == nil {
		t.Error("5 days for 8 parameters: no error")
	}
	if _, err := Fit(synthVolumes(30, 1), Options{Level: 1}); err == nil {
		t.Error("level 1: no error")
	}
	bad := synthVolumes(30, 1)
	bad.Days[3].Counts[0] = math.NaN()
	if _, err := Fit(bad, Options{}); err == nil {
		t.Error("NaN count: no error")
	}
	bad = synthVolumes(30, 1)
	bad.Days[3], bad.Days[4] = bad.Days[4], bad.Days[3]
	if _, err := Fit(bad, Options{}); err == nil {
		t.Error("unsorted days: no error")
	}
	// A day type missing from the history is forecast as zero.
	var weekdays contactlog.Volumes
	weekdays.IntervalSeconds = 1800
	for _, d := range synthVolumes(70, 2).Days {
		if d.Date.Weekday() != time.Saturday {
			weekdays.Days = append(weekdays.Days, d)
		}
	}
	p, err := Predict(weekdays, synthStart.AddDate(0, 0, 70), 7, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range p.Days {
		if (d.Date.Weekday() == time.Saturday) != d.NoHistory {
			t.Errorf("%s: no history %v", d.Date.Weekday(), d.NoHistory)
		}
	}
	// Weekday/weekend types.
	p, err = Predict(synthVolumes(70, 3), synthStart.AddDate(0, 0, 70), 7,
		Options{DayTypes: contactlog.WorkdayWeekend, Weekend: []time.Weekday{time.Friday, time.Saturday}})
	if err != nil {
		t.Fatal(err)
	}
	if sun, fri := p.Days[0].Total.Forecast, p.Days[5].Total.Forecast; !(sun > 1200 && fri < 600) {
		t.Errorf("Sunday %v, Friday %v", sun, fri)
	}
}

// bankExclusions reads the committed list of outlier days.
func bankExclusions(t testing.TB) []time.Time {
	f, err := os.Open("../contactlog/testdata/anonymous-bank-1999-exclude.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ds, err := contactlog.ReadDates(f, "exclude")
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

// TestBankForecastBeatsNaive is the comparison in docs/calibration.md:
// train on January-May, hold back June and July, score Sunday-Thursday
// 07:00-24:00 half-hours.
func TestBankForecastBeatsNaive(t *testing.T) {
	tab := banklog.Table(t, contactlog.AggregateOptions{}, bankdata.Files(t, 0, 6)...)
	v := tab.Volumes()
	june, july31 := time.Date(1999, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(1999, 7, 31, 0, 0, 0, 0, time.UTC)
	for _, step := range []int{0, 7} {
		ev, err := Evaluate(v, EvaluateOptions{
			Forecast: Options{Exclude: bankExclusions(t)},
			TestFrom: june, TestTo: july31, Step: step,
			Weekdays: []time.Weekday{time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday},
			From:     7 * time.Hour,
		})
		if err != nil {
			t.Fatal(err)
		}
		fc, nv := ev.Forecast, ev.Naive
		t.Logf("step %d: %d days, %d intervals; WAPE interval %.3f vs naive %.3f, day %.3f vs %.3f; coverage %.3f/%.3f",
			step, ev.Days, ev.Intervals, fc.IntervalWAPE, nv.IntervalWAPE, fc.DayWAPE, nv.DayWAPE, fc.IntervalCoverage, fc.DayCoverage)
		if ev.Days != 43 {
			t.Errorf("%d Sunday-Thursday days in June-July, want 43", ev.Days)
		}
		if fc.IntervalWAPE >= nv.IntervalWAPE || fc.DayWAPE >= nv.DayWAPE {
			t.Errorf("step %d: the forecast does not beat the seasonal naive baseline", step)
		}
		// 80% intervals on 43 days: a day-level share has a standard
		// error of 0.06; 0.7 to 0.95 allows for it.
		if c := fc.IntervalCoverage; c < 0.7 || c > 0.95 {
			t.Errorf("step %d: interval coverage %v", step, c)
		}
	}
}
