package sim

import "math"

// histBits is how many mantissa bits a histogram bucket keeps: a bucket
// spans at most 1/128 of its lower bound, so a percentile read as the
// bucket's midpoint is within 0.4% of a wait that was really observed.
const histBits = 7

// histFloor is the smallest positive wait the histogram resolves; shorter
// waits share its bucket. A microsecond is far below anything reported.
const histFloor = 1e-6

// waitHist is a streaming histogram of non-negative waits with bounded
// relative error. Its memory depends on the range of the waits (at most a
// few thousand buckets between a microsecond and a year), never on their
// number.
type waitHist struct {
	n      int64
	zeros  int64   // waits of exactly zero: answered at once
	max    float64 // largest wait seen
	lo     int32   // bucket index of counts[0]
	counts []int64
}

func bucketOf(v float64) int32 {
	if v < histFloor {
		v = histFloor
	}
	return int32(math.Float64bits(v) >> (52 - histBits))
}

// bucketMid is the midpoint of bucket b.
func bucketMid(b int32) float64 {
	lo := math.Float64frombits(uint64(b) << (52 - histBits))
	hi := math.Float64frombits(uint64(b+1) << (52 - histBits))
	return (lo + hi) / 2
}

func (h *waitHist) reset() {
	h.n, h.zeros, h.max, h.lo = 0, 0, 0, 0
	clear(h.counts)
	h.counts = h.counts[:0]
}

func (h *waitHist) add(v float64) {
	h.n++
	if v > h.max {
		h.max = v
	}
	if v <= 0 {
		h.zeros++
		return
	}
	b := bucketOf(v)
	if len(h.counts) == 0 {
		if cap(h.counts) == 0 {
			h.counts = make([]int64, 0, 64)
		}
		h.lo = b
		h.counts = h.counts[:1]
		h.counts[0] = 0
	}
	switch {
	case b < h.lo:
		h.growDown(b)
	case int(b-h.lo) >= len(h.counts):
		h.growUp(b)
	}
	h.counts[b-h.lo]++
}

func (h *waitHist) growUp(b int32) {
	need := int(b-h.lo) + 1
	if need <= cap(h.counts) {
		old := len(h.counts)
		h.counts = h.counts[:need]
		clear(h.counts[old:])
		return
	}
	c := make([]int64, need, need+need/2+16)
	copy(c, h.counts)
	h.counts = c
}

func (h *waitHist) growDown(b int32) {
	shift := int(h.lo - b)
	need := len(h.counts) + shift
	var c []int64
	if need <= cap(h.counts) {
		c = h.counts[:need]
		copy(c[shift:], h.counts)
		clear(c[:shift])
	} else {
		c = make([]int64, need, need+need/2+16)
		copy(c[shift:], h.counts)
	}
	h.counts = c
	h.lo = b
}

// merge adds o's counts into h.
func (h *waitHist) merge(o *waitHist) {
	if o.n == 0 {
		return
	}
	h.n += o.n
	h.zeros += o.zeros
	if o.max > h.max {
		h.max = o.max
	}
	if len(o.counts) == 0 {
		return
	}
	if len(h.counts) == 0 {
		h.lo = o.lo
		h.counts = append(h.counts[:0], o.counts...)
		return
	}
	if o.lo < h.lo {
		h.growDown(o.lo)
	}
	if top := o.lo + int32(len(o.counts)) - 1; int(top-h.lo) >= len(h.counts) {
		h.growUp(top)
	}
	off := int(o.lo - h.lo)
	for i, c := range o.counts {
		h.counts[off+i] += c
	}
}

// quantile returns the p-quantile by nearest rank: the smallest recorded
// wait with at least p of the waits at or below it, read as its bucket's
// midpoint (never above the largest wait). NaN when empty.
func (h *waitHist) quantile(p float64) float64 {
	if h.n == 0 {
		return math.NaN()
	}
	rank := int64(math.Ceil(p * float64(h.n)))
	if rank < 1 {
		rank = 1
	}
	if rank <= h.zeros {
		return 0
	}
	cum := h.zeros
	for i, c := range h.counts {
		cum += c
		if cum >= rank {
			return min(bucketMid(h.lo+int32(i)), h.max)
		}
	}
	return h.max
}
