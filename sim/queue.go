package sim

import "math"

// queueEntry is a contact's place in a queue; the entry is stale once the
// contact left the queue (lazy deletion).
type queueEntry struct {
	c   int32
	gen uint32
}

// ring is a FIFO of queue entries.
type ring struct {
	buf  []queueEntry
	head int
	n    int
}

func (r *ring) push(e queueEntry) {
	if r.n == len(r.buf) {
		nb := make([]queueEntry, max(16, 2*len(r.buf)))
		for i := 0; i < r.n; i++ {
			nb[i] = r.buf[(r.head+i)%len(r.buf)]
		}
		r.buf, r.head = nb, 0
	}
	r.buf[(r.head+r.n)%len(r.buf)] = e
	r.n++
}

func (r *ring) front() queueEntry { return r.buf[r.head] }

func (r *ring) popFront() {
	r.head++
	if r.head == len(r.buf) {
		r.head = 0
	}
	r.n--
}

func (e *engine) enqueue(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	e.flushQueue(cs)
	c.state = stQueued
	cs.queues[cs.ring(c)].push(queueEntry{c: id, gen: c.gen})
	cs.waiting++
	cs.pending[c.interval]++
}

// ring is the index of the queue contact c waits in: its site's block,
// then its class, or the callback queue after the classes.
func (cs *chanState) ring(c *contact) int {
	k := int(c.class)
	if c.cb == cbQueued {
		k = cs.nclass
	}
	return int(c.site)*cs.nq + k
}

func (e *engine) flushQueue(cs *chanState) {
	cs.qArea += float64(cs.waiting) * (e.now - cs.qLast)
	cs.qLast = e.now
}

// unqueue accounts for contact id leaving its queue; its queue entry
// becomes stale and is dropped when it reaches the front. The caller
// records the contact's wait and then calls settle: the interval's
// histogram must not be closed before the wait of its last contact is in.
func (e *engine) unqueue(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	e.flushQueue(cs)
	cs.waiting--
	cs.pending[c.interval]--
	q := &cs.queues[cs.ring(c)]
	if q.n > 64 && q.n > 4*cs.waiting {
		e.compact(q)
	}
}

// settle closes interval i of a channel once it has ended and the last of
// its contacts has left the queue, after that contact's wait is recorded.
func (e *engine) settle(cs *chanState, i int32) {
	if cs.pending[i] == 0 && int(i) < e.cur {
		e.closeInterval(cs, int(i))
	}
}

// compact drops stale entries when they outnumber live ones, so that a
// long overload with many abandonments does not grow the queue.
func (e *engine) compact(q *ring) {
	j := 0
	for i := 0; i < q.n; i++ {
		qe := q.buf[(q.head+i)%len(q.buf)]
		if e.live(qe) {
			q.buf[(q.head+j)%len(q.buf)] = qe
			j++
		}
	}
	q.n = j
}

func (e *engine) live(qe queueEntry) bool {
	c := &e.contacts[qe.c]
	return c.gen == qe.gen && c.state == stQueued
}

// front returns the oldest live contact of a class queue, or -1.
func (e *engine) front(q *ring) int32 {
	for q.n > 0 {
		qe := q.front()
		if e.live(qe) {
			return qe.c
		}
		q.popFront()
	}
	return -1
}

// dequeue takes the first eligible contact of a channel for an agent of
// a pool at site (-1: none): highest class first, first come first
// served within a class; an overflow skill only sees contacts that have
// waited at least after seconds, and a contact routed to another site
// only once it has waited its site's overflow delay. Callbacks in a queue
// of their own come after every live contact, unless they have waited
// long enough since accepting to go before them.
func (e *engine) dequeue(ch int32, after float64, site int) int32 {
	cs := &e.chans[ch]
	if cs.waiting == 0 || !cs.open {
		return -1
	}
	if cs.cbAhead {
		if id := e.take(cs, cs.nclass, after, site, true); id >= 0 {
			return id
		}
	}
	for k := range cs.nclass {
		if id := e.take(cs, k, after, site, false); id >= 0 {
			return id
		}
	}
	if cs.cbQueue {
		return e.take(cs, cs.nclass, after, site, false)
	}
	return -1
}

// take takes the oldest eligible contact at the front of queue k of the
// sites (the callback queue for k = nclass, oldest by acceptance; with
// ahead, only a callback that may go before live contacts), or returns -1.
func (e *engine) take(cs *chanState, k int, after float64, site int, ahead bool) int32 {
	if !cs.routed && !ahead && k < cs.nclass {
		// One queue per class: the common case, kept short.
		q := &cs.queues[k]
		id := e.front(q)
		if id < 0 || (after > 0 && e.now < e.contacts[id].arrive+after) {
			return -1
		}
		q.popFront()
		e.unqueue(id)
		return id
	}
	best, bestAt := int32(-1), math.Inf(1)
	var bestQ *ring
	for s := range cs.nsites {
		q := &cs.queues[s*cs.nq+k]
		id := e.front(q)
		if id < 0 {
			continue
		}
		c := &e.contacts[id]
		need := after
		if cs.routed && site >= 0 && s != site {
			need = math.Max(need, cs.overflow[s])
		}
		if need > 0 && !(e.now >= c.arrive+need) {
			continue
		}
		at := c.arrive
		if c.cb == cbQueued {
			at = c.accepted
			if ahead && e.now < at+cs.callback.Ahead {
				continue
			}
		}
		if at < bestAt {
			best, bestAt, bestQ = id, at, q
		}
	}
	if best < 0 {
		return -1
	}
	bestQ.popFront()
	e.unqueue(best)
	return best
}

// leave fires when a waiting customer's patience or switching threshold
// runs out.
func (e *engine) leave(id int32, gen uint32) {
	c := &e.contacts[id]
	if c.gen != gen || c.state != stQueued || c.cb != cbNone {
		// A customer waiting for a callback neither hangs up nor switches.
		return
	}
	e.unqueue(id)
	cs := &e.chans[c.channel]
	t := &cs.iv[c.interval]
	ct := &cs.cls[c.class]
	wait := e.now - c.arrive
	t.waitAll += wait
	ct.waitAll += wait
	cs.inSystem--
	// Nothing of an abandoned or switched contact goes into the
	// histogram, so its interval may close now.
	e.settle(cs, c.interval)
	if e.trace != nil {
		f := fateAbandoned
		if c.switches {
			f = fateSwitched
		}
		e.trace(c, f, wait)
	}
	if c.switches {
		t.switched++
		ct.switched++
		cs.switchOut++
		to := cs.ch.Switch.To
		e.freeContactSlot(id)
		if tc := &e.chans[to]; !tc.realtime || tc.ch.NextOpen(e.now) == e.now {
			e.arrive(e.newContact(to, &e.chans[to].follow))
		} else {
			e.later(to, e.now)
		}
		return
	}
	t.abandoned++
	ct.abandoned++
	if wait <= cs.thr[c.class] {
		t.abandonedEarly++
		ct.abandonedEarly++
	}
	e.redial(id)
}

// overflow fires when a waiting contact becomes eligible for an overflow
// group.
func (e *engine) overflow(id int32, gen uint32) {
	c := &e.contacts[id]
	if c.gen != gen || c.state != stQueued {
		return
	}
	a := e.findAgent(c.channel, c.arrive, int(c.site))
	if a < 0 {
		return
	}
	e.unqueue(id)
	e.assign(id, a)
}
