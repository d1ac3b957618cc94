package sim

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestCalendarOrder pushes and pops at random and checks that events come
// out in time order, against a sorted copy.
func TestCalendarOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var c calendar
	var ref []float64
	now := 0.0
	for step := range 200_000 {
		if c.len() == 0 || r.Float64() < 0.52 {
			x := now + r.ExpFloat64()*100
			if step%7 == 0 {
				x = now // ties with the present
			}
			c.push(mkEvent(x, evTalkEnd, int32(step%1000), uint32(step)))
			ref = append(ref, x)
			continue
		}
		e := c.pop()
		slices.Sort(ref)
		if e.t != ref[0] {
			t.Fatalf("step %d: popped %v, earliest is %v", step, e.t, ref[0])
		}
		if e.t < now {
			t.Fatalf("step %d: time went back from %v to %v", step, now, e.t)
		}
		now = e.t
		ref = ref[1:]
	}
	e := mkEvent(1.5, evOutage, maxIndex, 7)
	if e.kind() != evOutage || e.a() != maxIndex || e.gen != 7 {
		t.Errorf("packing lost fields: kind %v a %v gen %v", e.kind(), e.a(), e.gen)
	}
}
