package calibrate

import (
	"bytes"
	"math"
	"testing"

	"github.com/ccsim/ccsim/contactlog"
)

// FuzzFits feeds arbitrary durations to the handle-time fits and the
// patience estimate: errors are fine, panics and invalid distributions
// are not.
func FuzzFits(f *testing.F) {
	f.Add([]byte{10, 200, 3, 0, 255, 17, 90, 90, 1})
	f.Add(bytes.Repeat([]byte{7}, 40))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d contactlog.Durations
		var w contactlog.Waits
		for i := 0; i+1 < len(data); i += 2 {
			// Two bytes make a duration from 0.01 s to about 10 hours.
			v := math.Exp(float64(data[i])/255*15-4.6) * float64(data[i+1]%4)
			d.Add(v)
			w.Add(v, data[i+1]%3 == 0)
		}
		if fit, err := FitDurations(&d); err == nil {
			for _, ft := range fit.Fits {
				if err := ft.Dist.Validate(); err != nil || math.IsNaN(ft.LogLik) || !(ft.KS >= 0 && ft.KS <= 1) {
					t.Fatalf("fit %+v: %v", ft, err)
				}
			}
		}
		if p, err := FitPatience(&w, PatienceOptions{MinAtRisk: 2}); err == nil {
			if err := p.Dist.Validate(); err != nil {
				t.Fatalf("patience %+v: %v", p, err)
			}
		}
	})
}
