package scenarios

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ccsim/ccsim/sim"
)

// peakHeap runs f while sampling the live heap every 200 µs and returns
// the largest sample above the heap before f started, in bytes.
func peakHeap(f func()) uint64 {
	runtime.GC()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 { metrics.Read(sample); return sample[0].Value.Uint64() }
	base := read()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if v := read(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	f()
	close(done)
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// BenchmarkDefaultHorizon simulates the default scenario over one day,
// one week and four weeks (one replication on one worker) and reports the
// peak live heap of the simulation and its size per interval of the
// horizon: the engine keeps no record per contact, so what grows is the
// per-interval results only.
func BenchmarkDefaultHorizon(b *testing.B) {
	for _, days := range []int{1, 7, 28} {
		b.Run(fmt.Sprintf("%ddays", days), func(b *testing.B) {
			data := bytes.Replace(DefaultYAML(), []byte("\n  days: 1\n"), []byte(fmt.Sprintf("\n  days: %d\n", days)), 1)
			s, err := Parse("default.yaml", data)
			if err != nil {
				b.Fatal(err)
			}
			m := s.Model.Clone()
			m.Replications = 1
			var peak uint64
			var offered float64
			b.ReportAllocs()
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					r, err := sim.Run(context.Background(), m, sim.Options{Workers: 1})
					if err != nil {
						b.Fatal(err)
					}
					offered = r.Total.Total[sim.Offered].Mean
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
			b.ReportMetric(float64(peak)/float64(m.Intervals)/1024, "KiB/interval")
			b.ReportMetric(offered, "contacts")
		})
	}
}
