package sim

import "slices"

func (e *engine) startService(id, a int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	ag := &e.agents[a]
	wait := e.now - c.arrive
	queued := c.state == stQueued // dequeued, still marked as waiting
	t := &cs.iv[c.interval]
	ct := &cs.cls[c.class]
	t.answered++
	ct.answered++
	t.waitAnswered += wait
	ct.waitAnswered += wait
	t.waitAll += wait
	ct.waitAll += wait
	t.maxWait = max(t.maxWait, wait)
	ct.maxWait = max(ct.maxWait, wait)
	if wait <= cs.thr[c.class] {
		t.within++
		ct.within++
	}
	h := cs.hist[c.interval]
	if h == nil {
		h = e.newHist()
		cs.hist[c.interval] = h
	}
	h.add(wait)
	if e.trace != nil {
		e.trace(c, fateAnswered, wait)
	}
	if queued {
		e.settle(cs, c.interval)
	}
	p := &e.pools[ag.pool]
	if c.cb != cbNone {
		since := e.now - c.accepted
		t.cbMade++
		ct.cbMade++
		t.cbWait += since
		ct.cbWait += since
		if promise := cs.callback.Promise; promise > 0 && since <= promise {
			t.cbKept++
			ct.cbKept++
		}
	} else {
		t.liveAnswered++
		ct.liveAnswered++
		t.liveWait += wait
		ct.liveWait += wait
	}
	if cs.routed && p.site >= 0 && p.site != int(c.site) {
		t.siteOverflows++
		ct.siteOverflows++
	}
	if p.prof != nil {
		pr := &p.prof[c.channel]
		if pr.handle != nil {
			c.handle = pr.handle.draw()
		} else {
			c.handle *= pr.factor
		}
		c.wrap *= pr.factor
	}
	if cs.msgRand != nil && wait > 0 {
		// Duplicate messages sent while waiting add work to the reply.
		cs.msgPoisson.Lambda = cs.ch.FollowUp.Rate * wait
		for n := int(cs.msgPoisson.Rand()); n > 0; n-- {
			c.handle += cs.msgWork.draw()
			t.followups++
			ct.followups++
		}
	}
	g := &e.m.Groups[p.group]
	acc := &e.groups[p.group]
	acc.handled[e.cur]++
	cs.served[e.cur]++
	if g.ContactCost > 0 {
		acc.unitCosts[e.cur] += g.ContactCost
		cs.unitCost[e.cur] += g.ContactCost
	}
	c.agent = a
	c.state = stTalking
	c.start = e.now
	if cs.chat {
		ag.slots++
		if cs.ch.Slowdown > 0 {
			e.changeChats(ag, cs, func() {
				ag.chats = append(ag.chats, id)
				c.lastUpd = e.now
			})
		} else {
			e.cal.push(mkEvent(e.now+c.handle, evTalkEnd, id, c.sgen))
		}
		return
	}
	ag.contact = id
	e.cal.push(mkEvent(e.now+c.handle, evTalkEnd, id, c.sgen))
}

// changeChats lets change add a chat to an agent's chats or remove one,
// at a channel whose chats slow each other down: the work left on each
// chat is first brought up to now at the speed of the old count, and every
// end is then rescheduled at the speed of the new count.
func (e *engine) changeChats(ag *agent, cs *chanState, change func()) {
	if s, ok := chatSpeed(ag, cs); ok {
		for _, id := range ag.chats {
			c := &e.contacts[id]
			c.handle = max(0, c.handle-(e.now-c.lastUpd)*s)
			c.lastUpd = e.now
		}
	}
	change()
	if s, ok := chatSpeed(ag, cs); ok {
		for _, id := range ag.chats {
			c := &e.contacts[id]
			c.sgen++
			e.cal.push(mkEvent(e.now+c.handle/s, evTalkEnd, id, c.sgen))
		}
	}
}

// chatSpeed is the speed at which each of an agent's chats progresses,
// by how many it holds; ok is false when it holds none.
func chatSpeed(ag *agent, cs *chanState) (speed float64, ok bool) {
	if len(ag.chats) == 0 {
		return 0, false
	}
	return cs.speed[min(len(ag.chats), len(cs.speed))-1], true
}

func (e *engine) talkEnd(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	if c.cb == cbNone {
		// A callback's customer left the line when accepting.
		cs.inSystem--
	}
	c.state = stWrapping
	t := &cs.iv[c.interval]
	t.completed++
	t.handleSum += e.now - c.start + c.wrap
	ct := &cs.cls[c.class]
	ct.completed++
	ct.handleSum += e.now - c.start + c.wrap
	if c.flow >= 0 {
		e.followOn(c)
		c = &e.contacts[id] // the slab may have grown
	}
	if cs.chat && cs.ch.Slowdown > 0 {
		ag := &e.agents[c.agent]
		e.changeChats(ag, cs, func() {
			if i := slices.Index(ag.chats, id); i >= 0 {
				ag.chats = slices.Delete(ag.chats, i, i+1)
			}
		})
	}
	if c.wrap > 0 {
		c.sgen++
		e.cal.push(mkEvent(e.now+c.wrap, evWrapEnd, id, c.sgen))
		return
	}
	e.wrapEnd(id)
}

// followOn schedules the escalation or repeat contact that contact c's
// outcome calls for.
func (e *engine) followOn(c *contact) {
	f := &e.m.Flows[c.flow]
	src := &e.chans[c.channel]
	var delay float64
	for j, fi := range src.flowsFrom {
		if fi == int(c.flow) {
			delay = src.flowDelay[j].draw()
			break
		}
	}
	t := &src.iv[c.interval]
	if f.Kind == Repeat {
		t.repeats++
		src.cls[c.class].repeats++
	} else {
		t.escalated++
		src.cls[c.class].escalated++
	}
	e.flowCount[c.flow]++
	e.later(f.To, e.now+delay)
}

func (e *engine) wrapEnd(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	a := c.agent
	ag := &e.agents[a]
	p := &e.pools[ag.pool]
	w := e.chatWeight(cs, p)
	e.addBusy(p.group, int(c.channel), c.start, e.now, w)
	e.freeContactSlot(id)
	if cs.chat {
		ag.slots--
		e.listRemove(a)
	} else {
		ag.contact = -1
	}
	e.ready(a)
}

// chatWeight is the share of its agent that one contact of a channel
// holds: 1 for a call or an email; for a chat, 1/k, k being the most
// chats an agent of the pool may hold. That is the channel's concurrency,
// unless the pool serves chat channels of different concurrency: an agent
// with a chat of a channel of 2 may take two more of a channel of 3, so
// each counts a third, and an agent's chats never add up to more than one
// agent.
func (e *engine) chatWeight(cs *chanState, p *poolState) float64 {
	if !cs.chat {
		return 1
	}
	return 1 / float64(p.kmax)
}

// addBusy adds w agent-seconds per second of [from, to) to a group's busy
// time, split across intervals.
func (e *engine) addBusy(g, ch int, from, to, w float64) {
	to = min(to, e.horizon)
	acc := &e.groups[g]
	for from < to {
		i := int(from / e.ilen)
		if i >= e.n {
			break
		}
		end := float64(i+1) * e.ilen
		if end <= from {
			i++
			if i >= e.n {
				break
			}
			end = float64(i+1) * e.ilen
		}
		seg := (min(to, end) - from) * w
		acc.busy[i] += seg
		acc.busyCh[ch*e.n+i] += seg
		from = end
	}
}
