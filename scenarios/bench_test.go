package scenarios

import (
	"fmt"
	"os"
	"testing"
)

func benchmarkParse(b *testing.B, file string) {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(file, data); err != nil {
			b.Fatal(err)
		}
	}
}

// The default scenario is parsed on every "ccsim run" without a file.
func BenchmarkParseDefault(b *testing.B) { benchmarkParse(b, "default.yaml") }

// A week at hourly intervals with shifts by weekday.
func BenchmarkParseWeek(b *testing.B) { benchmarkParse(b, "week.yaml") }

func BenchmarkModelDefault(b *testing.B) {
	s := Default()
	b.ReportAllocs()
	for b.Loop() {
		if err := s.Model.Clone().Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

// A custom profile with an anchor every minute, spread over five-minute
// intervals of a long horizon: the cost must stay linear in anchors plus
// intervals.
func BenchmarkParseManyAnchors(b *testing.B) {
	var text []byte
	text = append(text, "interval: 5m\nhorizon: {days: 300}\nprofiles:\n  busy: {"...)
	for m := range 1440 {
		if m > 0 {
			text = append(text, ", "...)
		}
		text = append(text, fmt.Sprintf("%q: %d", fmt.Sprintf("%02d:%02d", m/60, m%60), m%7+1)...)
	}
	text = append(text, "}\nchannels:\n  phone: {kind: call, arrivals: {per_day: 100, profile: busy}, handle: 4m}\n"+
		"groups:\n  team: {skills: [phone], staffing: []}\n"...)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("anchors.yaml", text); err != nil {
			b.Fatal(err)
		}
	}
}
