package calibrate

import (
	"fmt"
	"math"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/sim"
)

// SurvivalPoint is one step of the Kaplan–Meier estimate.
type SurvivalPoint struct {
	T        float64 // seconds
	Survival float64 // probability that patience exceeds T
	AtRisk   int64   // callers still waiting at T
}

// Patience is the patience of callers estimated from censored waits.
type Patience struct {
	// Waits and Abandoned count the waits used and the abandonments among
	// them.
	Waits, Abandoned int
	// ExpMean is the exponential maximum-likelihood estimate of mean
	// patience: total time waited by everyone over the number of
	// abandonments. +Inf without abandonments.
	ExpMean float64
	// Curve is the Kaplan–Meier survival function at each whole second
	// with an abandonment, up to Horizon.
	Curve []SurvivalPoint
	// Horizon is the last time with at least MinAtRisk callers waiting;
	// past it the estimate continues with an exponential tail.
	Horizon float64
	// TailMean is the mean patience past Horizon: time waited past it
	// over abandonments past it; 0 when nobody abandoned past it.
	TailMean float64
	// Median is the time where the survival falls to one half; NaN when
	// it stays above one half up to Horizon.
	Median float64
	// Dist is the Kaplan–Meier estimate as an empirical distribution for
	// the simulator: its CDF 1 - S(t) at every Step seconds up to Horizon,
	// interpolated linearly, then the exponential tail.
	Dist sim.Dist
}

// PatienceOptions tune FitPatience. Zero values take the defaults.
type PatienceOptions struct {
	// Step is the spacing of the empirical CDF points in seconds
	// (default 5).
	Step float64
	// MinAtRisk is the number of callers still waiting below which the
	// Kaplan–Meier estimate is too noisy to follow (default 30).
	MinAtRisk int64
}

// FitPatience estimates patience from censored waits: the exponential
// estimate (abandonments over time waited) and the Kaplan–Meier estimate,
// in which answered waits are censored. At equal times abandonments count
// before answers, as usual for Kaplan–Meier.
func FitPatience(w *contactlog.Waits, opt PatienceOptions) (Patience, error) {
	if opt.Step <= 0 {
		opt.Step = 5
	}
	if opt.MinAtRisk <= 0 {
		opt.MinAtRisk = 30
	}
	n := int64(w.Abandoned + w.Answered)
	if n < opt.MinAtRisk {
		return Patience{}, fmt.Errorf("calibrate: patience: %d waits, need at least %d", n, opt.MinAtRisk)
	}
	p := Patience{Waits: int(n), Abandoned: w.Abandoned, ExpMean: math.Inf(1), Median: math.NaN()}
	if w.Abandoned > 0 {
		p.ExpMean = w.Total / float64(w.Abandoned)
	}

	h := w.Histogram()
	// survival[k] is S(k), the probability of waiting beyond k seconds,
	// for k up to the horizon.
	atRisk := n
	s := 1.0
	var survival []float64
	horizon := 0
	for k := 0; k < len(h.Abandoned); k++ {
		if atRisk < opt.MinAtRisk {
			break
		}
		horizon = k
		if d := h.Abandoned[k]; d > 0 {
			s *= 1 - float64(d)/float64(atRisk)
			p.Curve = append(p.Curve, SurvivalPoint{T: float64(k), Survival: s, AtRisk: atRisk})
			if s <= 0.5 && math.IsNaN(p.Median) {
				p.Median = float64(k)
			}
		}
		survival = append(survival, s)
		atRisk -= h.Abandoned[k] + h.Answered[k]
	}
	if atRisk >= opt.MinAtRisk && len(h.Abandoned) > 0 {
		// Everyone left within the histogram is still waiting (the rest
		// waited beyond it): the curve is flat to its end.
		horizon = len(h.Abandoned)
		survival = append(survival, s)
	}
	if len(survival) == 0 {
		// Every wait was beyond the histogram: nobody left in the first
		// hours.
		survival = append(survival, 1)
	}
	p.Horizon = float64(horizon)

	// Exponential tail past the horizon: abandonments over time waited
	// past it (whole-second waits, so the time past the horizon of a
	// wait in bin k is k - horizon).
	var tailEvents int64
	tailTime := 0.0
	for k := horizon + 1; k < len(h.Abandoned); k++ {
		tailEvents += h.Abandoned[k]
		tailTime += float64(k-horizon) * float64(h.Abandoned[k]+h.Answered[k])
	}
	tailEvents += h.OverAbandoned
	tailTime += h.OverSum - float64(horizon)*float64(h.OverAbandoned+h.OverAnswered)
	if tailEvents > 0 {
		p.TailMean = tailTime / float64(tailEvents)
	}

	// Empirical CDF points at every Step seconds, and at the horizon.
	pts := []sim.CDFPoint{{X: 0, P: 0}}
	at := func(t float64) float64 {
		k := int(math.Floor(t))
		if k >= len(survival) {
			k = len(survival) - 1
		}
		return 1 - survival[k]
	}
	for t := opt.Step; t < p.Horizon; t += opt.Step {
		pts = append(pts, sim.CDFPoint{X: t, P: at(t)})
	}
	if p.Horizon > 0 {
		pts = append(pts, sim.CDFPoint{X: p.Horizon, P: at(p.Horizon)})
	} else {
		// Everyone waited less than a second: keep the atom at 0 as a
		// one-second ramp.
		pts = append(pts, sim.CDFPoint{X: 1, P: at(0)})
	}
	p.Dist = sim.Dist{Kind: sim.Empirical, Points: pts, TailMean: p.TailMean}
	if err := p.Dist.Validate(); err != nil {
		return Patience{}, fmt.Errorf("calibrate: patience: %w", err)
	}
	return p, nil
}
