package sim

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// countModel is one channel with constant rate lambda over days of
// half-hours, served at once (so that nothing but the counts matters),
// with the given dispersion and day-to-day variation.
func countModel(lambda float64, days int, dispersion, dayCV float64, reps int) *Model {
	m := mmnModel(lambda, 1, 1000, 0, 48*days)
	m.Channels[0].Arrivals.Dispersion = dispersion
	m.Channels[0].Arrivals.DayCV = dayCV
	m.Replications = reps
	m.Seed = 21
	return m
}

// varianceCI is the sample variance of xs and the half-width of its 99%
// confidence interval by the delta method: Var(s²) ≈ (μ₄ − σ⁴) / N, with
// the sample's fourth central moment (the counts are far from normal, so
// the chi-square interval would be too narrow).
func varianceCI(xs []float64) (mean, variance, hw float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var m2, m4 float64
	for _, x := range xs {
		d := (x - mean) * (x - mean)
		m2 += d
		m4 += d * d
	}
	variance = m2 / (n - 1)
	m4 /= n
	se := math.Sqrt((m4 - variance*variance) / n)
	return mean, variance, distuv.UnitNormal.Quantile(0.995) * se
}

// TestDispersionCounts checks the counts over-dispersed demand makes:
// interval counts of variance Dispersion × mean, and day counts of
// variance Dispersion × mean + (mean × DayCV)², each within the 99%
// interval of the sample variance; and that without the behaviour (plain
// Poisson) the same samples would be far outside it.
func TestDispersionCounts(t *testing.T) {
	const lambda = 0.05 // 90 an interval, 4,320 a day
	cases := []struct {
		name              string
		dispersion, dayCV float64
		days, reps        int
		perDay            bool
	}{
		{"interval counts, dispersion 4", 4, 0, 1, 40, false},
		{"interval counts, dispersion 1.5", 1.5, 0, 1, 60, false},
		{"day counts, dispersion 4 and day cv 8%", 4, 0.08, 1, 500, true},
		{"day counts, day cv 15% alone", 0, 0.15, 1, 500, true},
	}
	var wg sync.WaitGroup
	for _, c := range cases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			m := countModel(lambda, c.days, c.dispersion, c.dayCV, c.reps)
			var xs []float64
			for r := range m.Replications {
				e := runRep(t, m, r)
				day := 0.0
				for i := range e.chans[0].iv {
					x := float64(e.chans[0].iv[i].offered)
					if c.perDay {
						day += x
					} else {
						xs = append(xs, x)
					}
				}
				if c.perDay {
					xs = append(xs, day)
				}
			}
			mu := lambda * 1800
			if c.perDay {
				mu *= 48
			}
			d := max(c.dispersion, 1)
			want := d*mu + mu*mu*c.dayCV*c.dayCV
			mean, v, hw := varianceCI(xs)
			t.Logf("%s: mean %.1f (want %.1f), variance %.1f ± %.1f (want %.1f; Poisson %.1f)", c.name, mean, mu, v, hw, want, mu)
			if math.Abs(v-want) > hw {
				t.Errorf("%s: variance %.1f ± %.1f, want %.1f", c.name, v, hw, want)
			}
			if math.Abs(v-mu) < 3*hw {
				t.Errorf("%s: variance %.1f ± %.1f cannot be told from Poisson's %.1f", c.name, v, hw, mu)
			}
			// The mean is unchanged: within 99% of its own interval.
			if se := math.Sqrt(v / float64(len(xs))); math.Abs(mean-mu) > 2.576*se {
				t.Errorf("%s: mean %.2f, want %.2f ± %.2f", c.name, mean, mu, 2.576*se)
			}
		}()
	}
	wg.Wait()
}

// TestDemandAgreesWithMixedErlang: with the day's demand a gamma multiple
// of its mean (DayCV), a replication that runs long at constant rate is
// an M/M/n queue at load a × G, so the mean over replications of its
// service level and abandonment is the Erlang C (no patience) or Erlang A
// figure averaged over G: the gamma-mixed Erlang C and A, computed by
// quadrature. Each replication is one day of 8 hours of which the first
// hour is warm-up (the slowest cell relaxes in under 30 minutes); the
// Erlang C cells keep the chance of an unstable day (a × G ≥ n) below
// 1e-6, which the test checks. Tolerance: the grid's criterion
// (checkMixedGrid), with 3,000 replications a cell.
func TestDemandAgreesWithMixedErlang(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the gamma-mixed Erlang grid (about 30 million arrivals)")
	}
	const aht, thr, patience = 240.0, 20.0, 180.0
	var cells []mixedCell
	for _, c := range []struct {
		n        int
		rho, cv  float64
		patience float64
	}{
		{10, 0.55, 0.12, 0},
		{40, 0.6, 0.08, 0},
		{10, 0.85, 0.25, patience},
		{50, 0.95, 0.2, patience},
	} {
		a := c.rho * float64(c.n)
		m := mmnModel(a/aht, aht, c.n, c.patience, 16)
		m.Channels[0].Arrivals.DayCV = c.cv
		m.Replications = 3000
		m.Seed = uint64(c.n*100) + uint64(c.rho*100)
		name := fmt.Sprintf("n=%d rho=%.2f cv=%.2f", c.n, c.rho, c.cv)
		stable := float64(c.n) / a // G at which Erlang C turns unstable
		want := map[string]float64{"service level": gammaMixed(func(g float64) float64 {
			sl, _ := queueFigures(c.n, a*g, aht, c.patience, thr)
			return sl
		}, c.cv, stable)}
		plainSL, plainAb := queueFigures(c.n, a, aht, c.patience, thr)
		plain := map[string]float64{"service level": plainSL}
		if c.patience > 0 {
			want["abandonment"] = gammaMixed(func(g float64) float64 {
				_, ab := queueFigures(c.n, a*g, aht, c.patience, thr)
				return ab
			}, c.cv)
			plain["abandonment"] = plainAb
		} else {
			k := 1 / (c.cv * c.cv)
			if p := 1 - (distuv.Gamma{Alpha: k, Beta: k}).CDF(stable); p > 1e-6 {
				t.Fatalf("%s: chance of an unstable day %.3g: the Erlang C mixture does not apply", name, p)
			}
		}
		cells = append(cells, mixedCell{name: name, m: m, warm: 2, want: want, plain: plain,
			measure: func(e *engine, x *tally) map[string]float64 {
				v := slMeasures(e, x)
				if c.patience == 0 {
					delete(v, "abandonment")
				}
				return v
			}})
	}
	checkMixedGrid(t, cells)
}
