package backtest

import (
	"context"
	"errors"
	"math"

	"github.com/ccsim/ccsim/sim"
)

// ShrinkageFit is the outcome of FitShrinkage.
type ShrinkageFit struct {
	// Shrinkage is the share of the on-duty staff not taking contacts at
	// which the simulator's abandonment matches the log's.
	Shrinkage float64
	// AbandonMatch's shares are the log's and the simulator's at
	// Shrinkage.
	AbandonMatch
}

// AbandonMatch is what the searches of FitShrinkage and FitPatience have
// in common: the abandonment they match and the replays they took.
type AbandonMatch struct {
	// Observed and Predicted are the arrival-weighted abandonment shares
	// observed (in the log) and simulated at the fitted value.
	Observed, Predicted float64
	// Days counts the days replayed; Runs the replays the search took.
	Days, Runs int
}

// replay runs b once more for a search of at most most replays, records
// the abandonment it matches, tells progress (when not nil) the share of
// the search done, and returns the simulator's abandonment bias:
// simulated minus observed, positive when it abandons too many.
func (a *AbandonMatch) replay(ctx context.Context, b *Replay, most int, progress func(done float64)) (float64, error) {
	a.Runs++
	r, err := b.Run(ctx)
	if err != nil {
		return 0, err
	}
	if progress != nil {
		progress(min(1, float64(a.Runs)/float64(most)))
	}
	a.Days = len(r.Days)
	a.Observed = r.Summary.Observed.AbandonRate
	a.Predicted = a.Observed + r.Summary.Bias.Sim.AbandonRate
	return r.Summary.Bias.Sim.AbandonRate, nil
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
		return fit.replay(ctx, b, fitHalvings+2, progress)
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

// PatienceFit is the outcome of FitPatience.
type PatienceFit struct {
	// Mean is the exponential patience's mean, seconds, at which the
	// simulator's abandonment matches the observed.
	Mean float64
	// AbandonMatch's shares are the observed and the simulated at Mean.
	AbandonMatch
	// AtBound says no mean in the range matched: Mean is the end of the
	// range nearest to a match.
	AtBound bool
}

// patienceHalvings is how many times FitPatience halves the logarithm of
// its range, a factor of 64 either side of the start: 64^2 over 2^12
// places the mean within 0.2% of itself.
const patienceHalvings = 12

// FitPatience searches, by bisection on the logarithm of the mean
// between start/64 and start*64, for the exponential patience of every
// channel at which the simulator, replaying what Add or AddRecord read,
// abandons the same arrival-weighted share of contacts as observed over
// the window and hours scored. It is how a calibration from interval
// reports goes from Erlang A's patience (start) to the simulator's: the
// two differ where the staffing changes within an interval or the
// handle time is not exponential. With common random numbers the
// simulated abandonment falls as patience grows. The Replay keeps the
// patience it was made with.
func (b *Replay) FitPatience(ctx context.Context, start float64, progress func(done float64)) (PatienceFit, error) {
	if !(start > 0) || math.IsInf(start, 0) {
		return PatienceFit{}, errors.New("backtest: patience fit: want a positive starting mean")
	}
	keep := make([]*sim.Dist, len(b.model.Channels))
	for i := range b.model.Channels {
		keep[i] = b.model.Channels[i].Patience
	}
	defer func() {
		for i := range b.model.Channels {
			b.model.Channels[i].Patience = keep[i]
		}
	}()
	var fit PatienceFit
	bias := func(mean float64) (float64, error) {
		for i := range b.model.Channels {
			d := sim.Exp(mean)
			b.model.Channels[i].Patience = &d
		}
		return fit.replay(ctx, b, patienceHalvings+3, progress)
	}
	lo, hi := math.Log(start/64), math.Log(start*64)
	d, err := bias(math.Exp(lo))
	if err != nil {
		return fit, err
	}
	if math.IsNaN(d) {
		return fit, errors.New("backtest: no interval with abandonment observed to fit the patience to")
	}
	if d <= 0 {
		// Even the least patience abandons too few: the staff is too
		// large for the abandonment observed.
		fit.Mean, fit.AtBound = math.Exp(lo), true
		return fit, nil
	}
	if d, err = bias(math.Exp(hi)); err != nil {
		return fit, err
	}
	if d >= 0 {
		fit.Mean, fit.AtBound = math.Exp(hi), true
		return fit, nil
	}
	for range patienceHalvings {
		mid := (lo + hi) / 2
		d, err := bias(math.Exp(mid))
		if err != nil {
			return fit, err
		}
		if d > 0 {
			lo = mid // too many abandon: more patience
		} else {
			hi = mid
		}
	}
	fit.Mean = math.Exp((lo + hi) / 2)
	_, err = bias(fit.Mean)
	return fit, err
}
