package sim

import (
	"context"
	"math/rand/v2"
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

// bareLoop is the yardstick the engine is measured against: the least a
// hand-written M/M/n+M event loop must do (next arrival, a heap of service
// ends, a FIFO queue whose customers abandon when their patience runs out
// before an agent frees). It counts abandonments only.
func bareLoop(lambda, aht float64, n int, patience float64, arrivals int, seed uint64) (abandoned int) {
	r := rand.New(rand.NewPCG(seed, seed))
	ends := make([]float64, 0, n) // binary min-heap of service end times
	push := func(x float64) {
		ends = append(ends, x)
		i := len(ends) - 1
		for i > 0 {
			p := (i - 1) / 2
			if ends[p] <= ends[i] {
				break
			}
			ends[p], ends[i] = ends[i], ends[p]
			i = p
		}
	}
	pop := func() {
		last := len(ends) - 1
		ends[0] = ends[last]
		ends = ends[:last]
		i := 0
		for {
			l := 2*i + 1
			if l >= last {
				break
			}
			m := l
			if l+1 < last && ends[l+1] < ends[l] {
				m = l + 1
			}
			if ends[i] <= ends[m] {
				break
			}
			ends[i], ends[m] = ends[m], ends[i]
			i = m
		}
	}
	var queue []float64 // deadlines of waiting customers, FIFO
	head := 0
	t := 0.0
	for k := 0; k < arrivals; k++ {
		t += r.ExpFloat64() / lambda
		// Serve the queue from every service that ends before this arrival.
		for len(ends) > 0 && ends[0] <= t {
			now := ends[0]
			pop()
			for head < len(queue) && queue[head] < now {
				head++
				abandoned++
			}
			if head < len(queue) {
				head++
				push(now + r.ExpFloat64()*aht)
			}
		}
		if len(ends) < n && head == len(queue) {
			push(t + r.ExpFloat64()*aht)
			continue
		}
		queue = append(queue, t+r.ExpFloat64()*patience)
		if head > 4096 && head*2 > len(queue) {
			queue = append(queue[:0], queue[head:]...)
			head = 0
		}
	}
	return abandoned
}

// BenchmarkBareLoop runs the yardstick on the same load as BenchmarkMMnM.
func BenchmarkBareLoop(b *testing.B) {
	b.ReportAllocs()
	const arrivals = 1_000_000
	for b.Loop() {
		bareLoop(2, 240, 500, 180, arrivals, 1)
	}
	b.ReportMetric(arrivals*float64(b.N)/b.Elapsed().Seconds(), "arrivals/s")
}
