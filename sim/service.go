package sim

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
	if cs.msgRand != nil && wait > 0 {
		// Duplicate messages sent while waiting add work to the reply.
		cs.msgPoisson.Lambda = cs.ch.FollowUp.Rate * wait
		for n := int(cs.msgPoisson.Rand()); n > 0; n-- {
			c.handle += cs.msgWork.draw()
			t.followups++
			ct.followups++
		}
	}
	p := &e.pools[ag.pool]
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
			e.progressChats(ag, cs)
			ag.chats = append(ag.chats, id)
			c.lastUpd = e.now
			e.retimeChats(ag, cs)
		} else {
			e.cal.push(mkEvent(e.now+c.handle, evTalkEnd, id, c.sgen))
		}
		return
	}
	ag.contact = id
	e.cal.push(mkEvent(e.now+c.handle, evTalkEnd, id, c.sgen))
}

// progressChats brings the work left on an agent's chats up to now at the
// speed they had since their last update.
func (e *engine) progressChats(ag *agent, cs *chanState) {
	if len(ag.chats) == 0 {
		return
	}
	s := cs.speed[min(len(ag.chats), len(cs.speed))-1]
	for _, id := range ag.chats {
		c := &e.contacts[id]
		c.handle = max(0, c.handle-(e.now-c.lastUpd)*s)
		c.lastUpd = e.now
	}
}

// retimeChats reschedules the ends of an agent's chats at the speed of its
// new number of chats.
func (e *engine) retimeChats(ag *agent, cs *chanState) {
	if len(ag.chats) == 0 {
		return
	}
	s := cs.speed[min(len(ag.chats), len(cs.speed))-1]
	for _, id := range ag.chats {
		c := &e.contacts[id]
		c.sgen++
		e.cal.push(mkEvent(e.now+c.handle/s, evTalkEnd, id, c.sgen))
	}
}

func (e *engine) talkEnd(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	cs.inSystem--
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
		e.progressChats(ag, cs)
		for i, x := range ag.chats {
			if x == id {
				ag.chats = append(ag.chats[:i], ag.chats[i+1:]...)
				break
			}
		}
		e.retimeChats(ag, cs)
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
