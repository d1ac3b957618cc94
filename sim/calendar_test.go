package sim

import (
	"container/heap"
	"math/rand/v2"
	"testing"
)

// times is the reference priority queue of TestCalendarOrder: a binary
// heap of event times from container/heap, which shares no code with the
// calendar's four-ary heap.
type times []float64

func (h times) Len() int           { return len(h) }
func (h times) Less(i, j int) bool { return h[i] < h[j] }
func (h times) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *times) Push(x any)        { *h = append(*h, x.(float64)) }
func (h *times) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// TestCalendarOrder pushes and pops at random and checks that events come
// out in time order: each pop must give the earliest time pushed and not
// yet popped, which the reference heap holds.
func TestCalendarOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var c calendar
	var ref times
	now := 0.0
	for step := range 200_000 {
		if c.len() == 0 || r.Float64() < 0.52 {
			x := now + r.ExpFloat64()*100
			if step%7 == 0 {
				x = now // ties with the present
			}
			c.push(mkEvent(x, evTalkEnd, int32(step%1000), uint32(step)))
			heap.Push(&ref, x)
			continue
		}
		e := c.pop()
		earliest := heap.Pop(&ref).(float64)
		if e.t != earliest {
			t.Fatalf("step %d: popped %v, earliest is %v", step, e.t, earliest)
		}
		if e.t < now {
			t.Fatalf("step %d: time went back from %v to %v", step, now, e.t)
		}
		now = e.t
	}
	if c.len() != ref.Len() {
		t.Errorf("calendar holds %d events, the reference %d", c.len(), ref.Len())
	}
	e := mkEvent(1.5, evOutage, maxIndex, 7)
	if e.kind() != evOutage || e.a() != maxIndex || e.gen != 7 {
		t.Errorf("packing lost fields: kind %v a %v gen %v", e.kind(), e.a(), e.gen)
	}
}
