package backtest

import (
	"context"
	"testing"

	"github.com/ccsim/ccsim/calibrate"
	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/internal/banklog"
)

// BenchmarkBacktestDay replays the whole-day excerpt (1,613 calls) with
// the scenario calibrated on it, 10 replications, on one worker. The
// contacts are read once, before the timing.
func BenchmarkBacktestDay(b *testing.B) {
	var cs []contactlog.Contact
	if err := banklog.Read(dayExcerptPath)(func(c contactlog.Contact) { cs = append(cs, c) }); err != nil {
		b.Fatal(err)
	}
	sc := calibrated(b, calibrate.Options{}, dayExcerptPath)
	b.ReportAllocs()
	for b.Loop() {
		bt, err := New(sc, Options{Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range cs {
			bt.Add(c)
		}
		if _, err := bt.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
