package baseline

import (
	"fmt"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// benchPair is a baseline and a forecast of n KPIs, each a little apart,
// the size of a one-day check with per-interval KPIs when n is 600.
func benchPair(n int) (*Baseline, *Baseline) {
	b := &Baseline{Replications: 30, Confidence: DefaultConfidence, Tolerances: DefaultTolerances(),
		Select: DefaultSelection()}
	now := &Baseline{Replications: 30}
	for i := range n {
		id := ChannelID("phone", fmt.Sprintf("i%d", i), "service_level")
		b.KPIs = append(b.KPIs, KPI{ID: id, Stat: sim.Stat{Mean: 0.8, HalfWidth: 0.05, N: 30}})
		now.KPIs = append(now.KPIs, KPI{ID: id, Stat: sim.Stat{Mean: 0.79, HalfWidth: 0.06, N: 30}})
	}
	return b, now
}

func BenchmarkCompare600(b *testing.B) {
	base, now := benchPair(600)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Compare(base, now); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMarshalParse600(b *testing.B) {
	base, _ := benchPair(600)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("b.json", base.Marshal()); err != nil {
			b.Fatal(err)
		}
	}
}
