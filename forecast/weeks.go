package forecast

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"
)

// Week is the forecast of a week's volume: its median and the standard
// deviation of its logarithm, for a log-normal prediction of the total.
type Week struct {
	Start  time.Time
	Median float64
	Sigma  float64
	// NoHistory counts the days of the week whose day type has no
	// history: they add nothing to the median.
	NoHistory int
}

// PredictWeeks forecasts the totals of weeks consecutive weeks from start.
//
// A day's log volume is its fitted mean plus an error that the model
// (see Model) makes of two parts: the day's own noise, independent from
// day to day, and the error of the fitted coefficients, which every day
// shares. In Predict's terms, the error of day d is σ_d (ε_d + x_d'Lξ),
// with ε_d and ξ standard normal, LL' = (X'X)^-1 and σ_d the residual
// standard deviation of d's day type; so
//
//	Cov(e_d, e_e) = σ_d σ_e (1[d = e] + x_d' (X'X)^-1 x_e).
//
// The week's total is the sum of its days, Σ exp(μ_d + e_d). Its median is
// taken as the sum of the days' medians, and the standard deviation of
// its logarithm by the delta method: with w_d = exp(μ_d) / Σ exp(μ),
//
//	Var(log total) ≈ Σ_d Σ_e w_d w_e Cov(e_d, e_e).
//
// The days' noise partly cancels in the sum; the coefficients' error does
// not, and it grows with the distance from the history.
//
// A trend fitted to a short or wild history can extrapolate past any
// volume a float holds: PredictWeeks then returns an error naming the
// first such week rather than infinite figures.
func (f *Model) PredictWeeks(start time.Time, weeks int) ([]Week, error) {
	out := make([]Week, 0, weeks)
	y, m, d := start.Date()
	beta := mat.NewVecDense(len(f.beta), f.beta)
	for k := range weeks {
		wk := Week{Start: time.Date(y, m, d+7*k, 0, 0, 0, 0, time.UTC)}
		var rows []*mat.VecDense
		var sig, med []float64
		for j := range 7 {
			date := wk.Start.AddDate(0, 0, j)
			ty, _ := f.opt.dayType(date)
			if !f.seen[ty] {
				wk.NoHistory++
				continue
			}
			x := mat.NewVecDense(len(f.beta), f.row(date))
			mu := mat.Dot(x, beta)
			rows = append(rows, x)
			sig = append(sig, f.sigma[ty])
			med = append(med, math.Max(0, math.Expm1(mu)))
		}
		total := 0.0
		for _, v := range med {
			total += v
		}
		wk.Median = total
		if total > 0 {
			variance := 0.0
			for a := range rows {
				for b := range rows {
					c := mat.Inner(rows[a], f.cov, rows[b])
					if a == b {
						c++
					}
					variance += med[a] / total * med[b] / total * sig[a] * sig[b] * c
				}
			}
			wk.Sigma = math.Sqrt(math.Max(0, variance))
		}
		if math.IsInf(wk.Median, 0) || math.IsNaN(wk.Median) || math.IsInf(wk.Sigma, 0) || math.IsNaN(wk.Sigma) {
			return nil, fmt.Errorf("forecast: the week of %s: the history's trend (%d days) extrapolates beyond any volume",
				wk.Start.Format(time.DateOnly), f.summary.Days)
		}
		out = append(out, wk)
	}
	return out, nil
}
