package plots

import (
	"io"
	"testing"

	"github.com/ccsim/ccsim/output"
)

// BenchmarkCharts renders the seven charts of a one-day, three-channel
// forecast to PNG.
func BenchmarkCharts(b *testing.B) {
	f := fixtureForecast()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Charts(f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompare renders the comparison of two such plans.
func BenchmarkCompare(b *testing.B) {
	plans := []output.Forecast{fixtureForecast(), {Name: "B", Result: fixture("b", 0.08), Currency: "USD"}}
	b.ReportAllocs()
	for b.Loop() {
		if err := Compare(io.Discard, plans); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkChartsDrawOnly draws the seven charts without encoding them,
// to tell drawing from PNG compression.
func BenchmarkChartsDrawOnly(b *testing.B) {
	f := fixtureForecast()
	b.ReportAllocs()
	for b.Loop() {
		figs, err := chartFigures(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, fig := range figs {
			if _, err := fig.draw(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
