package sim

import "math"

// scheduleArrival draws the channel's next exogenous arrival into
// arrNext (+Inf when there is none).
func (e *engine) scheduleArrival(ch int) {
	e.arrNext[ch] = math.Inf(1)
	cs := &e.chans[ch]
	a := &cs.ch.Arrivals
	var t float64
	switch {
	case a.Times != nil:
		if cs.arrI >= len(a.Times) {
			return
		}
		t = a.Times[cs.arrI]
		cs.arrI++
	case a.Counts != nil:
		for cs.arrLeft == 0 {
			if cs.arrOpen {
				cs.arrI++
			}
			if cs.arrI >= e.n {
				return
			}
			cs.arrOpen = true
			cs.arrLeft = a.Counts[cs.arrI]
			cs.arrU = 0
		}
		// The next of m uniform points on [u, 1) sorted: the minimum of m
		// uniforms, placed by inverting its distribution.
		v := 1 - cs.arrRand.Float64()
		cs.arrU += (1 - cs.arrU) * (1 - math.Pow(v, 1/float64(cs.arrLeft)))
		cs.arrLeft--
		t = (float64(cs.arrI) + cs.arrU) * e.ilen
	case a.Rates != nil:
		// A real-time channel with opening hours has arrivals only while
		// open: the process runs on the open part of each interval.
		shaped := cs.realtime && cs.ch.Hours != nil
		for {
			if cs.arrI >= e.n {
				return
			}
			end := float64(cs.arrI+1) * e.ilen
			if r := a.Rates[cs.arrI]; r > 0 {
				segEnd := end
				if shaped {
					from, to := cs.ch.nextWindow(cs.arrT)
					if from >= end {
						cs.arrI++
						cs.arrT = end
						continue
					}
					cs.arrT, segEnd = from, min(end, to)
				}
				x := cs.arrT + cs.arrExp.Rand()/r
				if x < segEnd {
					cs.arrT = x
					break
				}
				if segEnd < end {
					// Memoryless again: go on where the channel next opens
					// within the interval.
					cs.arrT = segEnd
					continue
				}
			}
			// Poisson arrivals are memoryless: restart at the boundary
			// with the next interval's rate.
			cs.arrI++
			cs.arrT = end
		}
		t = cs.arrT
	default:
		// No arrivals of its own: the channel receives only follow-on
		// contacts (an email channel fed by escalations, say).
		return
	}
	if t >= e.horizon {
		return
	}
	e.arrNext[ch] = t
}

func (e *engine) exogenous(ch int) {
	c := e.newContact(ch, &e.chans[ch].primary)
	if cs := &e.chans[ch]; cs.realtime && cs.ch.Hours != nil && cs.ch.NextOpen(e.now) != e.now {
		e.turnAway(c)
	} else {
		e.arrive(c)
	}
	e.scheduleArrival(ch)
	e.nextArrivalChannel()
}

func (e *engine) newContact(ch int, d *draws) int32 {
	id := reuse(&e.contacts, &e.freeContact, func(c *contact) int32 { return c.next })
	cs := &e.chans[ch]
	c := &e.contacts[id]
	gen, sgen := c.gen, c.sgen
	*c = contact{gen: gen, sgen: sgen, channel: int32(ch), interval: int32(e.cur), arrive: e.now, agent: -1, flow: -1, next: -1}
	c.handle = d.handle.draw()
	c.wrap = d.wrap.draw()
	if len(cs.classCum) > 1 {
		u := d.route.Float64()
		for c.class < uint8(len(cs.classCum)-1) && u >= cs.classCum[c.class] {
			c.class++
		}
	}
	if len(cs.flowCum) > 0 {
		u := d.route.Float64()
		for j, cum := range cs.flowCum {
			if u < cum {
				c.flow = int16(cs.flowsFrom[j])
				break
			}
		}
	}
	if rd := cs.ch.Redial; rd != nil {
		c.redials = d.route.Float64() < rd.Share
	}
	c.deadline = d.patience.draw()
	if sw := cs.ch.Switch; sw != nil {
		if d.decide.Float64() < sw.Share && sw.Threshold < c.deadline {
			c.deadline, c.switches = sw.Threshold, true
		}
	}
	if e.onNewContact != nil {
		e.onNewContact(c)
	}
	return id
}

func (e *engine) freeContactSlot(id int32) {
	c := &e.contacts[id]
	c.state = stFree
	// Both generations only grow, so no event about an earlier occupant of
	// the slot can match a later one.
	c.gen++
	c.sgen++
	c.next = e.freeContact
	e.freeContact = id
}

// arrive offers contact id, whose fields are set, to its channel now.
func (e *engine) arrive(id int32) {
	c := &e.contacts[id]
	c.arrive = e.now
	cs := &e.chans[c.channel]
	t := &cs.iv[c.interval]
	t.offered++
	cs.cls[c.class].offered++
	if cs.ch.Lines > 0 && cs.inSystem >= cs.ch.Lines {
		t.blocked++
		cs.cls[c.class].blocked++
		if e.trace != nil {
			e.trace(c, fateBlocked, 0)
		}
		e.redial(id)
		return
	}
	cs.inSystem++
	if a := e.findAgent(c.channel, e.now); a >= 0 {
		e.assign(id, a)
		return
	}
	e.enqueue(id)
	if !math.IsInf(c.deadline, 1) {
		e.cal.push(mkEvent(e.now+c.deadline, evLeave, id, c.gen))
	}
	for _, after := range cs.afters {
		if after >= c.deadline {
			break
		}
		e.cal.push(mkEvent(e.now+after, evOverflow, id, c.gen))
	}
}

// redial frees a blocked or abandoned contact's slot and, if its customer
// is one who tries again, schedules the new attempt.
func (e *engine) redial(id int32) {
	c := &e.contacts[id]
	again, ch := c.redials, c.channel
	e.freeContactSlot(id)
	if !again {
		return
	}
	cs := &e.chans[ch]
	cs.redialOut++
	e.later(int(ch), e.now+cs.redialer.draw())
}

// later schedules a follow-on contact of channel ch to arrive at time at,
// or, for a real-time channel, when it next opens; it never arrives if
// that is past the horizon. A deferred channel takes requests while
// closed: they wait for it to open.
func (e *engine) later(ch int, at float64) {
	if cs := &e.chans[ch]; cs.realtime && cs.ch.Hours != nil {
		at = cs.ch.NextOpen(at)
	}
	if at >= e.horizon {
		return
	}
	nc := e.newContact(ch, &e.chans[ch].follow)
	e.contacts[nc].state = stPending
	e.cal.push(mkEvent(at, evFollowOn, nc, e.contacts[nc].gen))
}

// turnAway counts a recorded arrival while its real-time channel is
// closed: it is offered, blocked and closed (the caller hears that the
// center is closed), and left out of the channel's shares. It may redial.
func (e *engine) turnAway(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	for _, t := range [2]*tally{&cs.iv[c.interval], &cs.cls[c.class]} {
		t.offered++
		t.blocked++
		t.closed++
	}
	if e.trace != nil {
		e.trace(c, fateClosed, 0)
	}
	e.redial(id)
}
