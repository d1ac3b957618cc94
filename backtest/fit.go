package backtest

import (
	"context"
	"errors"
	"math"
)

// ShrinkageFit is the outcome of FitShrinkage.
type ShrinkageFit struct {
	// Shrinkage is the share of the on-duty staff not taking contacts at
	// which the simulator's abandonment matches the log's.
	Shrinkage float64
	// Observed and Predicted are the arrival-weighted abandonment shares
	// of the log and of the simulator at Shrinkage.
	Observed, Predicted float64
	// Days counts the days replayed; Runs the replays the search took.
	Days, Runs int
}

// fitHalvings is how many times FitShrinkage halves its range: 0.9/2^11
// places the shrinkage within 0.05 points.
const fitHalvings = 11

// FitShrinkage searches, by bisection between 0 and 90%, for the group's
// shrinkage at which the simulator, replaying the log read with Add,
// abandons the same arrival-weighted share of contacts as the log did
// over the window and hours scored. It is calibration by simulation: the
// availability measured from the log (contactlog.MeasureAvailability)
// says how busy the agents were while callers waited, not how many took
// calls, and the replay corrects it to the staff that explains the
// abandonment. With common random numbers (each day keeps its seed) the
// simulated abandonment rises with the shrinkage; eleven halvings place
// it within 0.05 points. The Replay keeps the shrinkage it was made with.
// progress, when not nil, is told the share of the search done after each
// replay.
func (b *Replay) FitShrinkage(ctx context.Context, progress func(done float64)) (ShrinkageFit, error) {
	keep := b.shrinkage
	defer func() { b.shrinkage = keep }()
	var fit ShrinkageFit
	bias := func(s float64) (float64, error) {
		b.shrinkage = s
		fit.Runs++
		r, err := b.Run(ctx)
		if err != nil {
			return 0, err
		}
		if progress != nil {
			progress(min(1, float64(fit.Runs)/(fitHalvings+2)))
		}
		fit.Days = len(r.Days)
		fit.Observed = r.Summary.Observed.AbandonRate
		fit.Predicted = fit.Observed + r.Summary.Bias.Sim.AbandonRate
		return r.Summary.Bias.Sim.AbandonRate, nil
	}
	lo, hi := 0.0, 0.9
	d, err := bias(lo)
	if err != nil {
		return fit, err
	}
	if math.IsNaN(d) {
		return fit, errors.New("backtest: no interval to fit the shrinkage to")
	}
	if d >= 0 {
		// Even with every agent on duty taking calls the simulator
		// abandons too many: no shrinkage.
		fit.Shrinkage = 0
		return fit, nil
	}
	for range fitHalvings {
		mid := (lo + hi) / 2
		d, err := bias(mid)
		if err != nil {
			return fit, err
		}
		if d > 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	fit.Shrinkage = (lo + hi) / 2
	_, err = bias(fit.Shrinkage)
	return fit, err
}
