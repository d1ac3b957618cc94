package sim

// evKind says what an event does when it fires.
type evKind uint8

const (
	evFollowOn evKind = iota // a: contact; a follow-on contact arrives
	evLeave                  // a: contact; patience or switching deadline
	evOverflow               // a: contact; its wait reached an overflow threshold
	evTalkEnd                // a: contact; the customer leaves
	evWrapEnd                // a: contact; after-contact work ends, the agent is free
	evOutage                 // a: outage index; gen 0 starts it, 1 ends it
	evHours                  // a: deferred channel; gen 0 opens it, 1 closes it
)

// event is one entry of the calendar: 16 bytes, so the calendar is a
// flat slice that four children of a node share a cache line of, and
// scheduling does not allocate once the slice has grown. The kind lives in
// the top bits of the index word. gen guards against stale events: an
// event about a contact fires only if the contact still has the generation
// the event was made with.
type event struct {
	t   float64
	ak  uint32 // index (contact, channel or outage) << kindBits | kind
	gen uint32
}

const kindBits = 4

// maxIndex bounds the contacts in the system at once (the slab) and every
// other index an event carries.
const maxIndex = 1<<(32-kindBits) - 1

func mkEvent(t float64, kind evKind, a int32, gen uint32) event {
	return event{t: t, ak: uint32(a)<<kindBits | uint32(kind), gen: gen}
}

func (e event) kind() evKind { return evKind(e.ak & (1<<kindBits - 1)) }
func (e event) a() int32     { return int32(e.ak >> kindBits) }

// calendar is a 4-ary min-heap of events ordered by time. Four children
// per node halve the depth of a binary heap and keep siblings in one cache
// line, which matters at millions of events a second.
type calendar struct {
	ev []event
}

func (c *calendar) len() int { return len(c.ev) }

func (c *calendar) push(e event) {
	c.ev = append(c.ev, e)
	h := c.ev
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 4
		if h[p].t <= e.t {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
}

func (c *calendar) pop() event {
	h := c.ev
	top := h[0]
	n := len(h) - 1
	last := h[n]
	c.ev = h[:n]
	if n == 0 {
		return top
	}
	h = c.ev
	i := 0
	for {
		first := 4*i + 1
		if first >= n {
			break
		}
		m := first
		end := min(first+4, n)
		for j := first + 1; j < end; j++ {
			if h[j].t < h[m].t {
				m = j
			}
		}
		if h[m].t >= last.t {
			break
		}
		h[i] = h[m]
		i = m
	}
	h[i] = last
	return top
}
