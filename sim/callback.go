package sim

import "math"

// offerOnArrival offers a callback to a customer who arrives to find no
// agent free, when the expected wait exceeds the channel's threshold.
func (e *engine) offerOnArrival(c *contact, cs *chanState) {
	if w := e.expectedWait(cs); w > cs.callback.Threshold {
		e.offerCallback(c, cs, w)
	}
}

// callbackDue offers a callback to a customer who has waited the
// channel's threshold. One who accepts a callback in a queue of its own
// moves there: the entry in the class queue goes stale with a new
// generation, as do the customer's patience and overflow events, and the
// overflows still to come are scheduled again.
func (e *engine) callbackDue(id int32, gen uint32) {
	c := &e.contacts[id]
	if c.gen != gen || c.state != stQueued || c.cb != cbNone {
		return
	}
	cs := &e.chans[c.channel]
	if !e.offerCallback(c, cs, e.expectedWait(cs)) || c.cb != cbQueued {
		return
	}
	c.gen++
	cs.queues[cs.ring(c)].push(queueEntry{c: id, gen: c.gen})
	e.overflows(id, e.now-c.arrive)
}

// offerCallback counts an offer to a waiting customer expected to wait w
// seconds more, and reports whether the customer accepted: then the
// customer hangs up (the line is free) and waits for the callback.
func (e *engine) offerCallback(c *contact, cs *chanState, w float64) bool {
	t, ct := &cs.iv[c.interval], &cs.cls[c.class]
	t.cbOffered++
	ct.cbOffered++
	if cs.cbRand.Float64() >= acceptShare(cs.callback.Accept, w) {
		return false
	}
	t.cbAccepted++
	ct.cbAccepted++
	c.accepted = e.now
	cs.inSystem--
	c.cb = cbKeep
	if cs.cbQueue {
		c.cb = cbQueued
	}
	return true
}

// expectedWait is the wait a customer joining the channel's queue now can
// expect, by the queue-length predictor: everyone waiting in the channel
// and the customer, times the mean handle and wrap time, over the agents
// on shift serving it at once (a chat agent counting as many as it holds
// chats). It is 0 when an outsourcer takes the channel at once and +Inf
// when nobody serves it.
func (e *engine) expectedWait(cs *chanState) float64 {
	agents := 0
	for _, cp := range cs.pools {
		if cp.after > 0 {
			continue
		}
		p := &e.pools[cp.pool]
		if p.unlimited {
			if p.outage == 0 {
				return 0
			}
			continue
		}
		agents += p.onShift
	}
	if agents == 0 {
		return math.Inf(1)
	}
	return float64(cs.waiting+1) * cs.cbWork / float64(agents*cs.k)
}

// acceptShare is the acceptance curve at an expected wait w: linear
// between its points, constant beyond the first and the last.
func acceptShare(pts []AcceptPoint, w float64) float64 {
	if w <= pts[0].Wait {
		return pts[0].Share
	}
	for j := 1; j < len(pts); j++ {
		if w <= pts[j].Wait {
			a, b := pts[j-1], pts[j]
			return a.Share + (b.Share-a.Share)*(w-a.Wait)/(b.Wait-a.Wait)
		}
	}
	return pts[len(pts)-1].Share
}
