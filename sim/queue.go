package sim

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
	cs.queues[c.class].push(queueEntry{c: id, gen: c.gen})
	cs.waiting++
	cs.pending[c.interval]++
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
	q := &cs.queues[c.class]
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

// dequeue takes the first eligible contact of a channel: highest class
// first, first come first served within a class; an overflow skill only
// sees contacts that have waited at least after seconds.
func (e *engine) dequeue(ch int32, after float64) int32 {
	cs := &e.chans[ch]
	if cs.waiting == 0 || !cs.open {
		return -1
	}
	for k := range cs.queues {
		q := &cs.queues[k]
		id := e.front(q)
		if id < 0 {
			continue
		}
		if after > 0 && e.now < e.contacts[id].arrive+after {
			continue
		}
		q.popFront()
		e.unqueue(id)
		return id
	}
	return -1
}

// leave fires when a waiting customer's patience or switching threshold
// runs out.
func (e *engine) leave(id int32, gen uint32) {
	c := &e.contacts[id]
	if c.gen != gen || c.state != stQueued {
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
	a := e.findAgent(c.channel, c.arrive)
	if a < 0 {
		return
	}
	e.unqueue(id)
	e.assign(id, a)
}
