package roster

import (
	"context"
	"math"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// defaultVoiceNeed is the default scenario's voice plan as paid agents on
// duty per half-hour (the plan's on-floor agents over 1 - 30%).
var defaultVoiceNeed = []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 12, 16, 19, 23, 25, 28, 28, 30, 28,
	28, 26, 28, 28, 28, 28, 25, 23, 22, 22, 19, 16, 15, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

func dayTemplates() []*sim.ShiftTemplate {
	return []*sim.ShiftTemplate{
		{Name: "day", Length: 8.5 * 3600, Starts: everyQuarter(6, 13),
			Breaks: []sim.BreakRule{
				{Name: "coffee", Length: 900, Earliest: 1.5 * 3600, Latest: 3 * 3600, Paid: true},
				{Name: "meal", Length: 1800, Earliest: 3.5 * 3600, Latest: 5 * 3600},
				{Name: "coffee", Length: 900, Earliest: 5.5 * 3600, Latest: 7 * 3600, Paid: true},
			}},
		{Name: "half", Length: 4 * 3600, Starts: everyQuarter(7, 17),
			Breaks: []sim.BreakRule{{Name: "coffee", Length: 900, Earliest: 1.5 * 3600, Latest: 2.5 * 3600, Paid: true}}},
	}
}

func everyQuarter(from, to int) []float64 {
	var out []float64
	for s := from * 3600; s <= to*3600; s += 900 {
		out = append(out, float64(s))
	}
	return out
}

func TestCoverDefaultVoice(t *testing.T) {
	h := horizon{L: 1800, n: 48, days: 1}
	tm := dayTemplates()
	c := newCoverer(h, defaultVoiceNeed, tm, []float64{1.0 / 3600, 1.0 / 3600})
	rel, err := c.relax(context.Background(), defaultVoiceNeed, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rel.uncovered) > 0 {
		t.Fatalf("uncovered %v", rel.uncovered)
	}
	shifts, err := c.integer(context.Background(), rel)
	if err != nil {
		t.Fatal(err)
	}
	cover := make([]float64, h.n)
	hours := 0.0
	for _, s := range shifts {
		for i, v := range s.cover {
			cover[i] += float64(s.count) * v
		}
		hours += float64(s.count) * c.paid[s.cand.tmpl] / 3600
	}
	for i, v := range defaultVoiceNeed {
		if cover[i] < v-1e-9 {
			t.Errorf("interval %d: cover %v, need %v", i, cover[i], v)
		}
	}
	lb := rel.cost
	t.Logf("paid hours %.2f, LP bound %.2f, gap %.2f%%, %d columns", hours, lb, 100*(hours/lb-1), len(rel.cands))
	if hours > lb*1.03 {
		t.Errorf("gap %.1f%%", 100*(hours/lb-1))
	}
	if math.IsNaN(lb) {
		t.Fatal("NaN bound")
	}
}
