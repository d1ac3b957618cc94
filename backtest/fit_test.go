package backtest

import (
	"context"
	"math"
	"testing"

	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/internal/banklog"
)

// TestFitShrinkageMatchesAbandonment fits the shrinkage on the committed
// bank day and checks it against independent replays: at the fitted value
// the simulated abandonment equals the log's to within what the bisection
// promises, a shrinkage 2 points lower abandons fewer and 2 points higher
// more (the search rests on that order; with each day's seed fixed the
// replays share their random numbers, so the order is not luck of the
// draw), and the Replay keeps its own shrinkage afterwards.
func TestFitShrinkageMatchesAbandonment(t *testing.T) {
	sc := calibrated(t, calibrate.Options{Name: "day"}, dayExcerptPath)
	b, err := New(sc, Options{Replications: 5, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if err := banklog.Read(dayExcerptPath)(b.Add); err != nil {
		t.Fatal(err)
	}
	keep := b.shrinkage
	var calls []float64
	fit, err := b.FitShrinkage(context.Background(), func(done float64) { calls = append(calls, done) })
	if err != nil {
		t.Fatal(err)
	}
	if b.shrinkage != keep {
		t.Errorf("the Replay's shrinkage changed from %v to %v", keep, b.shrinkage)
	}
	if fit.Runs != fitHalvings+2 || len(calls) != fit.Runs || calls[len(calls)-1] != 1 || fit.Days != 1 {
		t.Errorf("runs %d, progress %v, days %d", fit.Runs, calls, fit.Days)
	}
	if !(fit.Shrinkage > 0 && fit.Shrinkage < 0.9) {
		t.Fatalf("shrinkage %v", fit.Shrinkage)
	}
	abandon := func(s float64) float64 {
		b.shrinkage = s
		defer func() { b.shrinkage = keep }()
		r, err := b.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return r.Summary.Observed.AbandonRate + r.Summary.Bias.Sim.AbandonRate
	}
	at := abandon(fit.Shrinkage)
	if at != fit.Predicted {
		t.Errorf("replayed at %v: %v, the fit says %v", fit.Shrinkage, at, fit.Predicted)
	}
	// Whole agents make the abandonment a step function of the
	// shrinkage: the bisection ends within one step of the log's share.
	// On this day of 1,613 calls a 0.05-point range of the shrinkage
	// moves it by well under a point.
	if math.Abs(fit.Predicted-fit.Observed) > 0.01 {
		t.Errorf("at %.4f the simulator abandons %.4f, the log %.4f", fit.Shrinkage, fit.Predicted, fit.Observed)
	}
	lo, hi := abandon(fit.Shrinkage-0.02), abandon(fit.Shrinkage+0.02)
	if !(lo < fit.Observed && hi > fit.Observed) {
		t.Errorf("abandonment %.4f at %.4f and %.4f at %.4f does not bracket the log's %.4f",
			lo, fit.Shrinkage-0.02, hi, fit.Shrinkage+0.02, fit.Observed)
	}
	t.Logf("shrinkage %.4f (measured %.4f): abandonment %.4f, log %.4f; ±2 points: %.4f / %.4f", fit.Shrinkage, keep, fit.Predicted, fit.Observed, lo, hi)
}
