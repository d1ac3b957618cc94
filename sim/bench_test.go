package sim

import (
	"context"
	"testing"
)

// mmnModel is an M/M/n(+M) queue: Poisson arrivals at rate lambda per
// second, exponential handling with mean aht, n agents, exponential
// patience with mean patience (0 for none), over intervals of 30 minutes.
func mmnModel(lambda, aht float64, n int, patience float64, intervals int) *Model {
	rates := make([]float64, intervals)
	staff := make([]int, intervals)
	for i := range rates {
		rates[i] = lambda
		staff[i] = n
	}
	ch := Channel{Name: "phone", Kind: Call, Arrivals: Arrivals{Rates: rates}, Handle: Exp(aht),
		Target: Target{Threshold: 20, Goal: 0.8}}
	if patience > 0 {
		p := Exp(patience)
		ch.Patience = &p
	}
	return &Model{IntervalSeconds: 1800, Intervals: intervals, Seed: 1, Replications: 1,
		Channels: []Channel{ch},
		Groups:   []Group{{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: staff, HourlyCost: 30}},
	}
}

// BenchmarkMMnM is the yardstick: M/M/500+M at 480 Erlangs (AHT 240 s,
// patience 180 s), one million arrivals, one replication on one core.
func BenchmarkMMnM(b *testing.B) {
	const lambda = 2.0                        // 480 Erlangs / 240 s
	m := mmnModel(lambda, 240, 500, 180, 278) // 278 half-hours: 1.0M expected arrivals
	b.ReportAllocs()
	var offered float64
	for b.Loop() {
		r, err := Run(context.Background(), m, Options{Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
		offered = r.Channels[0].Total[Offered].Mean
	}
	b.ReportMetric(offered*float64(b.N)/b.Elapsed().Seconds(), "arrivals/s")
}
