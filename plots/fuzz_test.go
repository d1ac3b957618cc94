package plots

import (
	"encoding/binary"
	"math"
	"testing"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// FuzzCharts fills a small forecast with values decoded from the fuzzer's
// bytes (NaN, infinities, huge and negative numbers included) and draws
// every chart and a comparison. A bad value may be drawn oddly but must
// never crash the renderer or reach gonum/plot in a form that panics.
func FuzzCharts(f *testing.F) {
	f.Add(uint8(4), uint16(1800), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
	f.Add(uint8(1), uint16(1), []byte{0xff, 0xf0, 0, 0, 0, 0, 0, 0})                      // -Inf
	f.Add(uint8(3), uint16(3600), []byte{0x7f, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) // MaxFloat64
	f.Add(uint8(2), uint16(60), []byte{0x7f, 0xf8, 0, 0, 0, 0, 0, 1})                     // NaN
	f.Fuzz(func(t *testing.T, intervals uint8, intervalSeconds uint16, data []byte) {
		n := int(intervals%12) + 1
		next := func() float64 {
			if len(data) < 8 {
				data = append(data, make([]byte, 8)...)
			}
			v := math.Float64frombits(binary.BigEndian.Uint64(data))
			data = data[8:]
			return v
		}
		stat := func() sim.Stat { return sim.Stat{Mean: next(), HalfWidth: next(), N: 3} }
		r := &sim.Result{IntervalSeconds: float64(intervalSeconds), Intervals: n, Replications: 3}
		for c, kind := range []sim.Kind{sim.Call, sim.Email} {
			ch := sim.ChannelResult{Name: []string{"phone", "email"}[c], Kind: kind,
				Target: sim.Target{Threshold: next(), Goal: next(), ASA: next(), MaxAbandon: next()},
				Series: sim.Series{Intervals: make([]sim.Values, n)}}
			for i := range n {
				for _, m := range []sim.Metric{sim.Offered, sim.ServiceLevel, sim.ASA, sim.WaitP50, sim.WaitP90,
					sim.WaitP95, sim.AbandonRate, sim.QueueEnd, sim.Cost, sim.HandledMinutes} {
					ch.Intervals[i][m] = stat()
				}
			}
			for _, m := range []sim.Metric{sim.ServiceLevel, sim.ASA, sim.AbandonRate} {
				ch.Total[m] = stat()
			}
			r.Channels = append(r.Channels, ch)
		}
		r.Total = sim.Series{Intervals: make([]sim.Values, n)}
		for i := range n {
			r.Total.Intervals[i][sim.Cost] = stat()
		}
		g := sim.GroupResult{Name: "agents", Intervals: make([]sim.GroupValues, n)}
		for i := range n {
			for _, m := range []sim.GroupMetric{sim.Staff, sim.Paid, sim.Occupancy, sim.BusyHours, sim.AvailableHours} {
				g.Intervals[i][m] = stat()
			}
		}
		r.Groups = []sim.GroupResult{g}
		r.AllGroups = g

		// Draw without encoding: PNG compression under the fuzzer's
		// coverage instrumentation would take most of the time.
		drawn := func(fig *figure, err error) {
			if err != nil {
				return // rejected input: fine
			}
			if _, err := fig.draw(); err != nil {
				t.Fatal(err)
			}
		}
		figs, err := chartFigures(output.Forecast{Result: r})
		for _, fig := range figs {
			drawn(fig.figure, err)
		}
		drawn(compareFigure([]output.Forecast{{Result: r}, {Result: r}}))
		required := make([]float64, n)
		for i := range required {
			required[i] = next()
		}
		drawn(staffingChartFigure(Timeline{IntervalSeconds: float64(intervalSeconds), Intervals: n},
			"", []StaffingSeries{{Group: "g", Required: required, OnFloor: required}}, rosterLabels))
	})
}
