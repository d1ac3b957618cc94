package sim

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/ccsim/ccsim/erlang"
)

// The simulator must agree with queueing theory where the theory's
// assumptions hold: Poisson arrivals, exponential handling and patience,
// one stationary queue. Each cell of a grid of agent counts and loads is
// simulated over R independent replications; every replication runs for
// at least twenty relaxation times of its queue and drops its first tenth
// as warm-up, so that starting empty does not bias the heavy-traffic
// cells. The test then asks, as the simulator's issue does, that the
// analytical value lie within the simulated 99% confidence interval (Student
// t, R-1 degrees of freedom) in at least 97% of the comparisons, and that
// no comparison be off by more than 5 half-widths.

const (
	gridReps     = 10
	gridAHT      = 240.0
	gridPatience = 180.0
	gridSL       = 20.0 // service-level threshold, seconds
	gridWarm     = 10   // of 100 intervals per replication
)

var (
	gridAgents = []int{1, 3, 10, 30, 100, 300, 1000}
	gridLoads  = []float64{0.5, 0.75, 0.9, 0.98}
)

// comparison is one simulated measure against its analytical value.
type comparison struct {
	cell     string
	measure  string
	sim, hw  float64 // simulated mean and 99% half-width
	res      float64 // what one event changes in the pooled sample
	analytic float64
}

// off is how many half-widths the analytical value lies from the
// simulated mean. The half-width is never taken below the sample's
// resolution: where the analytical probability is 1e-80, no replication
// sees one event, the sample variance is zero, and the data can only say
// that the value is below one event in the pooled sample.
func (c comparison) off() float64 {
	d := math.Abs(c.sim - c.analytic)
	if d == 0 {
		return 0
	}
	return d / math.Max(c.hw, c.res)
}

// relaxation is a rough time for an M/M/n queue at utilisation rho to
// forget its start: AHT / (n (1 - sqrt rho)^2) in heavy traffic, never
// below one handle time; abandonment bounds it by a few patience times.
func relaxation(n int, rho, patience float64) float64 {
	tau := gridAHT / (float64(n) * math.Pow(1-math.Sqrt(rho), 2))
	if patience > 0 {
		tau = math.Min(tau, 10*patience)
	}
	return math.Max(tau, gridAHT)
}

// gridCell simulates one cell and returns per-replication measures after
// warm-up: service level over offered, ASA of answered contacts,
// abandonment and blocking over offered.
func gridCell(t *testing.T, n int, rho float64, patience float64, lines int) (sl, asa, ab, bl []float64, offered float64) {
	lambda := rho * float64(n) / gridAHT
	rep := math.Max(20*relaxation(n, rho, patience), 50_000/lambda)
	m := mmnModel(lambda, gridAHT, n, patience, 100)
	m.IntervalSeconds = rep / 100
	m.Channels[0].Lines = lines
	m.Seed = uint64(n)*1000 + uint64(rho*100)
	for r := range gridReps {
		x := steadyTally(t, m, r)
		off := float64(x.offered)
		offered += off
		sl = append(sl, float64(x.within)/off)
		asa = append(asa, x.waitAnswered/float64(x.answered))
		ab = append(ab, float64(x.abandoned)/off)
		bl = append(bl, float64(x.blocked)/off)
	}
	return sl, asa, ab, bl, offered
}

// ci99 returns the mean of xs and the half-width of its 99% interval.
func ci99(xs []float64) (mean, hw float64) {
	var s, s2 float64
	for _, x := range xs {
		s += x
	}
	mean = s / float64(len(xs))
	for _, x := range xs {
		s2 += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(s2 / float64(len(xs)-1))
	q := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(xs) - 1)}.Quantile(0.995)
	return mean, q * sd / math.Sqrt(float64(len(xs)))
}

func TestAgreesWithErlang(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the Erlang B, C and A grid against the simulator (84 long cells)")
	}
	var (
		mu  sync.Mutex
		all []comparison
	)
	// res is the resolution: one event in the pooled sample (for ASA, one
	// contact waiting a handle time).
	record := func(cell, measure string, xs []float64, res, analytic float64) {
		m, hw := ci99(xs)
		mu.Lock()
		all = append(all, comparison{cell: cell, measure: measure, sim: m, hw: hw, res: res, analytic: analytic})
		mu.Unlock()
	}
	t.Run("grid", func(t *testing.T) {
		for _, n := range gridAgents {
			for _, rho := range gridLoads {
				a := rho * float64(n)
				t.Run(fmt.Sprintf("C/n=%d/rho=%.2f", n, rho), func(t *testing.T) {
					t.Parallel()
					sl, asa, _, _, off := gridCell(t, n, rho, 0, 0)
					q := erlang.CQueue{Agents: float64(n), Load: a, AHT: gridAHT}
					wantSL, err := q.ServiceLevel(gridSL, erlang.OverOffered)
					if err != nil {
						t.Fatal(err)
					}
					wantASA, err := q.ASA()
					if err != nil {
						t.Fatal(err)
					}
					cell := fmt.Sprintf("C n=%d rho=%.2f", n, rho)
					record(cell, "service level", sl, 1/off, wantSL)
					record(cell, "ASA", asa, gridAHT/off, wantASA)
				})
				t.Run(fmt.Sprintf("A/n=%d/rho=%.2f", n, rho), func(t *testing.T) {
					t.Parallel()
					sl, asa, ab, _, off := gridCell(t, n, rho, gridPatience, 0)
					q := erlang.AQueue{Agents: float64(n), Load: a, AHT: gridAHT, Patience: gridPatience}
					mt, err := q.Metrics(gridSL, erlang.OverOffered)
					if err != nil {
						t.Fatal(err)
					}
					cell := fmt.Sprintf("A n=%d rho=%.2f", n, rho)
					record(cell, "service level", sl, 1/off, mt.ServiceLevel)
					record(cell, "ASA", asa, gridAHT/off, mt.ASA)
					record(cell, "abandonment", ab, 1/off, mt.PAbandon)
				})
				t.Run(fmt.Sprintf("B/n=%d/rho=%.2f", n, rho), func(t *testing.T) {
					t.Parallel()
					_, _, _, bl, off := gridCell(t, n, rho, 0, n)
					want, err := erlang.B(float64(n), a)
					if err != nil {
						t.Fatal(err)
					}
					record(fmt.Sprintf("B n=%d rho=%.2f", n, rho), "blocking", bl, 1/off, want)
				})
			}
		}
	})
	judge(t, all)
}

// judge fails the test unless at least 97% of the comparisons lie within
// their simulated 99% interval and none lies more than 5 half-widths off;
// it logs each one outside, the summary, then notes.
func judge(t *testing.T, all []comparison, notes ...string) {
	t.Helper()
	within, worst := 0, comparison{}
	for _, c := range all {
		if c.off() <= 1 {
			within++
		} else {
			t.Logf("outside its 99%% interval: %s %s: simulated %.6g ± %.3g, analytical %.6g (%.2f half-widths)",
				c.cell, c.measure, c.sim, c.hw, c.analytic, c.off())
		}
		if !(c.off() <= worst.off()) { // a NaN (an undefined mean) is the worst
			worst = c
		}
	}
	share := float64(within) / float64(len(all))
	t.Logf("%d of %d comparisons (%.1f%%) within the simulated 99%% interval; worst %s %s at %.2f half-widths",
		within, len(all), 100*share, worst.cell, worst.measure, worst.off())
	for _, m := range notes {
		t.Log(m)
	}
	if share < 0.97 {
		t.Errorf("only %.1f%% of comparisons within the 99%% interval, want at least 97%%", 100*share)
	}
	if !(worst.off() <= 5) {
		t.Errorf("%s %s is %.2f half-widths off, more than 5", worst.cell, worst.measure, worst.off())
	}
}
