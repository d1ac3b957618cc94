package forecast

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"github.com/ccsim/ccsim/contactlog"
)

// weeklyHistory is 20 weeks of daily volumes with a level by weekday, a
// trend of 0.3% a day and log-normal noise of 8% (16% on weekends), in
// one interval a day.
func weeklyHistory() contactlog.Volumes {
	r := rand.New(rand.NewPCG(5, 9))
	level := [7]float64{300, 1000, 950, 900, 900, 850, 400}
	v := contactlog.Volumes{IntervalSeconds: 86400}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range 140 {
		date := start.AddDate(0, 0, d)
		wd := date.Weekday()
		noise := 0.08
		if wd == time.Saturday || wd == time.Sunday {
			noise = 0.16
		}
		y := level[wd] * math.Exp(0.003*float64(d)+noise*r.NormFloat64())
		v.Days = append(v.Days, contactlog.DayVolume{Date: date, Counts: []float64{math.Round(y)}})
	}
	return v
}

// TestPredictWeeksAgainstSimulation draws the model's own days (the
// coefficients' error shared by the week, each day's noise its own) and
// sums them exactly, for a week right after the history and one 40 weeks
// on: the simulated median and log-scale spread of the totals must agree
// with PredictWeeks' delta method within 1% (the delta method's
// approximation of a log of a sum; the simulation's own error on 40,000
// draws is under 0.5%).
func TestPredictWeeksAgainstSimulation(t *testing.T) {
	m, err := Fit(weeklyHistory(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var chol mat.Cholesky
	if !chol.Factorize(m.cov) {
		t.Fatal("covariance not positive definite")
	}
	var L mat.TriDense
	chol.LTo(&L)
	r := rand.New(rand.NewPCG(1, 2))
	p := len(m.beta)
	for _, ahead := range []int{0, 40} {
		start := time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*ahead)
		pred, err := m.PredictWeeks(start, 1)
		if err != nil {
			t.Fatal(err)
		}
		wk := pred[0]
		const n = 40000
		logs := make([]float64, n)
		totals := make([]float64, n)
		xi := mat.NewVecDense(p, nil)
		var shared mat.VecDense
		for i := range n {
			for j := range p {
				xi.SetVec(j, r.NormFloat64())
			}
			shared.MulVec(&L, xi)
			sum := 0.0
			for d := range 7 {
				date := start.AddDate(0, 0, d)
				ty, _ := m.opt.dayType(date)
				x := mat.NewVecDense(p, m.row(date))
				mu := mat.Dot(x, mat.NewVecDense(p, m.beta))
				e := m.sigma[ty] * (r.NormFloat64() + mat.Dot(x, &shared))
				sum += math.Expm1(mu + e)
			}
			totals[i], logs[i] = sum, math.Log(sum)
		}
		_, sd := stat.MeanStdDev(logs, nil)
		slices.Sort(totals)
		med := stat.Quantile(0.5, stat.Empirical, totals, nil)
		t.Logf("%d weeks on: median %.1f vs %.1f, log spread %.5f vs %.5f", ahead, med, wk.Median, sd, wk.Sigma)
		if math.Abs(med/wk.Median-1) > 0.01 || math.Abs(sd/wk.Sigma-1) > 0.01 {
			t.Errorf("%d weeks on: simulated median %.0f and log spread %.4f, predicted %.0f and %.4f",
				ahead, med, sd, wk.Median, wk.Sigma)
		}
	}
	// The coefficients' error grows away from the history.
	pred, err := m.PredictWeeks(time.Date(2024, 5, 20, 0, 0, 0, 0, time.UTC), 60)
	if err != nil {
		t.Fatal(err)
	}
	near, far := pred[0], pred[59]
	if !(far.Sigma > near.Sigma) {
		t.Errorf("spread %.4f near the history, %.4f 59 weeks on", near.Sigma, far.Sigma)
	}
}

// FuzzPredictWeeks feeds arbitrary daily volumes to Fit and forecasts up
// to 78 weeks from up to a year after the history: every week's median
// and error must be finite and non-negative, or the forecast must say
// that its trend extrapolates beyond any volume.
func FuzzPredictWeeks(f *testing.F) {
	f.Add([]byte{3, 9, 200, 0, 0, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53}, uint8(0), uint8(7), uint8(78), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, types, gaps, weeks, after uint8) {
		v := contactlog.Volumes{IntervalSeconds: 86400}
		date := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		for i, b := range data {
			date = date.AddDate(0, 0, 1+int(b&gaps&3))
			v.Days = append(v.Days, contactlog.DayVolume{Date: date, Counts: []float64{float64(b) * math.Pow(10, float64(i%4))}})
		}
		m, err := Fit(v, Options{DayTypes: contactlog.DayTypes(types % 2)})
		if err != nil {
			return
		}
		n := int(weeks) % 79
		out, err := m.PredictWeeks(date.AddDate(0, 0, 1+int(after)), n)
		if err != nil {
			if !strings.Contains(err.Error(), "extrapolates beyond any volume") {
				t.Fatal(err)
			}
			return
		}
		if len(out) != n {
			t.Fatalf("%d weeks for %d", len(out), n)
		}
		for _, w := range out {
			if !(w.Median >= 0) || math.IsInf(w.Median, 0) || !(w.Sigma >= 0) || math.IsInf(w.Sigma, 0) || w.NoHistory < 0 || w.NoHistory > 7 {
				t.Fatalf("week %+v", w)
			}
		}
	})
}
