package contactlog

import "math"

// IntervalDispersion measures how much more interval counts vary than
// Poisson around their share of their day's actual volume: Pearson's
// chi-square, Σ (count − expected)² / expected with expected = the day's
// volume × the interval's share of its day type, over its degrees of
// freedom. days[d] are day d's counts per interval, dayType[d] its type
// and shares[t] type t's share of each interval. perType[t] is type t's
// dispersion (1, Poisson's, when it has too few days to tell); all pools
// the types; df is all's degrees of freedom (0 when no type has more than
// one day).
//
// The degrees of freedom are the observations (interval-days with a
// positive share) less one per such interval and day type, for the
// estimated shares; with dayTotals, less one more per day, for the day's
// own total that the expected counts are scaled to. Only then is the
// figure unbiased for the dispersion D of independent negative binomial
// interval counts of variance D × mean: without it, it is about D (1 −
// 1/k), k being the intervals a day with contacts (the forecast's
// historical measure; calibration takes the unbiased one).
func IntervalDispersion(days [][]float64, dayType []int, shares [][]float64, dayTotals bool) (perType []float64, all float64, df int) {
	types := len(shares)
	cells := make([]int, types)
	for ty := range types {
		for _, s := range shares[ty] {
			if s > 0 {
				cells[ty]++
			}
		}
	}
	chi, obs, ndays := make([]float64, types), make([]int, types), make([]int, types)
	for d, counts := range days {
		ty := dayType[d]
		ndays[ty]++
		tot := 0.0
		for _, c := range counts {
			tot += c
		}
		for i, c := range counts {
			if mu := tot * shares[ty][i]; mu > 0 {
				chi[ty] += (c - mu) * (c - mu) / mu
				obs[ty]++
			}
		}
	}
	perType = make([]float64, types)
	allChi := 0.0
	for ty := range types {
		perType[ty] = 1
		dof := obs[ty] - cells[ty]
		if dayTotals {
			dof -= ndays[ty] - 1
		}
		if dof > 0 && ndays[ty] > 1 {
			perType[ty] = math.Max(chi[ty]/float64(dof), 1e-9)
			allChi += chi[ty]
			df += dof
		}
	}
	if df > 0 {
		all = allChi / float64(df)
	}
	return perType, all, df
}
