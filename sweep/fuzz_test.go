package sweep

import (
	"math"
	"testing"
)

// FuzzPlan feeds arbitrary parameters, targets and values to New and
// builds and checks the first points' models: nothing may panic, and a
// plan that New accepts holds only finite values whose points describe
// themselves.
func FuzzPlan(f *testing.F) {
	f.Add("volume", "phone", 1.1, 0.5, false, false, false)
	f.Add("handle_delta", "phone", -200.0, 30.0, true, false, true)
	f.Add("escalation", "chat:email", 0.9, 0.2, false, true, false)
	f.Add("staff_delta", "", -1e6, 3.0, false, false, true)
	f.Add("shrinkage", "voice", 0.99, 0.0, false, true, false)
	f.Fuzz(func(t *testing.T, param, target string, v1, v2 float64, duration, percent, oneAtATime bool) {
		mode := Factorial
		if oneAtATime {
			mode = OneAtATime
		}
		values := []Value{{V: v1, Duration: duration, Percent: percent}, {V: v2, Duration: duration, Percent: percent}}
		p, err := New(base(), mode, []Axis{{Param: param, Target: target, Values: values}})
		if err != nil {
			return
		}
		for _, a := range p.Axes {
			for _, v := range a.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("accepted value %v", v)
				}
			}
		}
		for i := range min(p.Len(), 3) {
			pt := p.Point(i)
			if p.Describe(pt) == "" && i > 0 {
				t.Fatalf("point %d has no description", i+1)
			}
			_ = p.Check(i, i+1)
		}
	})
}
