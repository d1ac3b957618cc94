package calibrate

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/internal/bankdata"
)

// TestHandleFactorsAgainstRawRows computes the hourly handle-time factors
// of the committed bank day from its raw rows (mean service time of the
// answered agent-bound calls by hour of arrival, over the mean of all) and
// compares them with HandleFactors: hours with fewer than 100 answered
// keep the factor of the hour before, 1 before the first such hour, and
// equal neighbours merge.
func TestHandleFactorsAgainstRawRows(t *testing.T) {
	raw := bankdata.Calls(t, dayExcerptPath)
	var sum, n [24]float64
	var all, allN float64
	for _, r := range raw {
		if !r.AgentBound() || r.Outcome != "AGENT" {
			continue
		}
		h, err := strconv.Atoi(strings.Split(r.VRUExit, ":")[0])
		if err != nil {
			t.Fatal(err)
		}
		sum[h] += float64(r.SerTime)
		n[h]++
		all += float64(r.SerTime)
		allN++
	}
	want := make([]float64, 24)
	f := 1.0
	for h := range 24 {
		if n[h] >= 100 {
			f = math.Round(1000*(sum[h]/n[h])/(all/allN)) / 1000
		}
		want[h] = f
	}
	c := calibrateDay(t, Options{Name: "one Tuesday", HandleByTime: true})
	got := c.HandleFactors()
	if len(got) == 0 || got[0].At != 0 {
		t.Fatalf("factors %v", got)
	}
	for i, cf := range got {
		if i > 0 && cf.Factor == got[i-1].Factor {
			t.Errorf("factor %v at %v repeats the one before", cf.Factor, cf.At)
		}
	}
	for h := range 24 {
		k := 0
		for i, cf := range got {
			if cf.At <= float64(h*3600) {
				k = i
			}
		}
		if got[k].Factor != want[h] {
			t.Errorf("%02d:00: factor %v, raw rows %v (%v answered)", h, got[k].Factor, want[h], n[h])
		}
	}
	if c := (&Calibration{AHT: math.NaN()}); c.HandleFactors() != nil {
		t.Error("factors without a mean handle time")
	}
}
