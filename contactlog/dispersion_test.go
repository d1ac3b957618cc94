package contactlog

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestIntervalDispersionByHand: two days of one type, two intervals with
// shares 1/4 and 3/4; the chi-square worked out by hand.
func TestIntervalDispersionByHand(t *testing.T) {
	days := [][]float64{{10, 30}, {20, 20}}
	shares := [][]float64{{0.25, 0.75}}
	// Day 1: expected 10, 30: chi 0. Day 2: expected 10, 30: 100/10 + 100/30.
	chi := 10 + 100.0/30
	for _, c := range []struct {
		totals bool
		df     int
	}{{false, 2}, {true, 1}} {
		want := chi / float64(c.df)
		per, all, df := IntervalDispersion(days, []int{0, 0}, shares, c.totals)
		if math.Abs(per[0]-want) > 1e-12 || math.Abs(all-want) > 1e-12 || df != c.df {
			t.Errorf("day totals %v: dispersion %v (all %v, df %d), want %v with %d degrees of freedom", c.totals, per, all, df, want, c.df)
		}
		// One day tells nothing: Poisson's 1, no degrees of freedom.
		if per, all, df := IntervalDispersion(days[:1], []int{0}, shares, c.totals); per[0] != 1 || all != 0 || df != 0 {
			t.Errorf("one day: %v, %v, %d", per, all, df)
		}
	}
}

// TestIntervalDispersionRecovers: negative binomial counts of variance D ×
// mean around a known profile (independent intervals, each a Poisson
// count at a gamma rate of shape mean / (D − 1)) give back D with the
// days' totals counted in the degrees of freedom: within 4% with 400 days
// of 20 intervals (the estimate's relative standard error is about
// √(2/df) ≈ 1.6%, more with the counts' kurtosis), seeded; without them,
// D × (1 − 1/20).
func TestIntervalDispersionRecovers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, D := range []float64{1, 2, 4, 8} {
		const days, per = 400, 20
		shares := make([]float64, per)
		for i := range shares {
			shares[i] = (1 + float64(i%5)) / 60
		}
		var counts [][]float64
		for range days {
			day := make([]float64, per)
			for i, s := range shares {
				mean := 3000 * s
				rate := mean
				if D > 1 {
					k := mean / (D - 1)
					rate = distuv.Gamma{Alpha: k, Beta: k / mean, Src: r}.Rand()
				}
				day[i] = distuv.Poisson{Lambda: rate, Src: r}.Rand()
			}
			counts = append(counts, day)
		}
		// The day's share is estimated from the days, as calibration does.
		est := make([]float64, per)
		total := 0.0
		for _, day := range counts {
			for i, c := range day {
				est[i] += c
				total += c
			}
		}
		for i := range est {
			est[i] /= total
		}
		_, all, _ := IntervalDispersion(counts, make([]int, days), [][]float64{est}, true)
		_, biased, _ := IntervalDispersion(counts, make([]int, days), [][]float64{est}, false)
		t.Logf("D %v: estimated %.3f (%.3f without the days' totals)", D, all, biased)
		if math.Abs(all-D) > 0.04*D {
			t.Errorf("D %v: estimated %.3f", D, all)
		}
		if want := D * (1 - 1.0/per); math.Abs(biased-want) > 0.04*want {
			t.Errorf("D %v: without the days' totals %.3f, want about %.3f", D, biased, want)
		}
	}
}
