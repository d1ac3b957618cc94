package sim

import "math"

// findAgent returns an agent free to take a contact of channel ch that
// arrived at time arrived (overflow skills need it to have waited long
// enough), or -1. Preference: fewest chats in hand, then the channel's
// most preferred group, then the longest idle.
func (e *engine) findAgent(ch int32, arrived float64) int32 {
	cs := &e.chans[ch]
	if !cs.open {
		return -1
	}
	best := int32(-1)
	bestLevel, bestRank, bestSince := 1<<30, int32(math.MaxInt32), math.Inf(1)
	unlimited := -1
	unlimitedRank := int32(math.MaxInt32)
	for _, cp := range cs.pools {
		if cp.after > 0 && e.now < arrived+cp.after {
			continue
		}
		p := &e.pools[cp.pool]
		if p.unlimited {
			if p.outage == 0 && cp.rank < unlimitedRank {
				unlimited, unlimitedRank = int(cp.pool), cp.rank
			}
			continue
		}
		top := min(p.kmax, cs.k, bestLevel+1)
		for j := 0; j < top; j++ {
			a := p.heads[j]
			if a < 0 {
				continue
			}
			since := e.agents[a].since
			if j < bestLevel || cp.rank < bestRank || (cp.rank == bestRank && since < bestSince) {
				best, bestLevel, bestRank, bestSince = a, j, cp.rank, since
			}
			break
		}
	}
	if unlimited >= 0 && (best < 0 || unlimitedRank < bestRank) {
		return e.newAgent(unlimited)
	}
	return best
}

func (e *engine) newAgent(pi int) int32 {
	id := reuse(&e.agents, &e.freeAgent, func(a *agent) int32 { return a.next })
	p := &e.pools[pi]
	a := &e.agents[id]
	chats := a.chats[:0]
	*a = agent{pool: int32(pi), prev: -1, next: -1, contact: -1, level: -1, chats: chats}
	if !p.unlimited {
		e.flushPresence(p)
	}
	a.memberPos = int32(len(p.members))
	p.members = append(p.members, id)
	return id
}

func (e *engine) removeAgent(id int32) {
	a := &e.agents[id]
	p := &e.pools[a.pool]
	if !p.unlimited {
		e.flushPresence(p)
	}
	last := p.members[len(p.members)-1]
	p.members[a.memberPos] = last
	e.agents[last].memberPos = a.memberPos
	p.members = p.members[:len(p.members)-1]
	a.next = e.freeAgent
	e.freeAgent = id
}

func (e *engine) flushPresence(p *poolState) {
	p.presArea += float64(len(p.members)) * (e.now - p.presLast)
	p.presLast = e.now
}

func (e *engine) listInsert(id int32, level int) {
	a := &e.agents[id]
	p := &e.pools[a.pool]
	a.level = int16(level)
	a.since = e.now
	a.next = -1
	a.prev = p.tails[level]
	if a.prev >= 0 {
		e.agents[a.prev].next = id
	} else {
		p.heads[level] = id
	}
	p.tails[level] = id
}

func (e *engine) listRemove(id int32) {
	a := &e.agents[id]
	if a.level < 0 {
		return
	}
	p := &e.pools[a.pool]
	if a.prev >= 0 {
		e.agents[a.prev].next = a.next
	} else {
		p.heads[a.level] = a.next
	}
	if a.next >= 0 {
		e.agents[a.next].prev = a.prev
	} else {
		p.tails[a.level] = a.prev
	}
	a.level, a.prev, a.next = -1, -1, -1
}

// assign gives contact id to agent a (taken from an idle list or just
// created) and lists the agent again if it can take more chats.
func (e *engine) assign(id, a int32) {
	e.listRemove(a)
	e.startService(id, a)
	ag := &e.agents[a]
	p := &e.pools[ag.pool]
	if ag.contact < 0 && !ag.leaving && !p.unlimited && int(ag.slots) < p.kmax {
		e.listInsert(a, int(ag.slots))
	}
}

// ready lets an agent with free hands take waiting work: its skills in
// order, as many chats as it may hold. Then it joins the idle list of its
// load, or leaves if its shift is over.
func (e *engine) ready(a int32) {
	ag := &e.agents[a]
	p := &e.pools[ag.pool]
	if ag.leaving || p.unlimited {
		if ag.contact < 0 && ag.slots == 0 {
			e.removeAgent(a)
		}
		return
	}
	for ag.contact < 0 && int(ag.slots) < p.kmax {
		took := false
		for _, sk := range p.skills {
			cs := &e.chans[sk.pool]
			if cs.waiting == 0 || (ag.slots > 0 && (!cs.chat || int(ag.slots) >= cs.k)) {
				continue
			}
			if id := e.dequeue(sk.pool, sk.after); id >= 0 {
				e.startService(id, a)
				took = true
				break
			}
		}
		if !took {
			break
		}
	}
	if ag.contact < 0 && int(ag.slots) < p.kmax {
		e.listInsert(a, int(ag.slots))
	}
}

// staffTarget is the number of agents a pool should have on shift now.
func (e *engine) staffTarget(p *poolState) int {
	if p.unlimited || p.outage > 0 || e.cur >= e.n {
		return 0
	}
	return p.staff[e.cur]
}

// setStaff brings a pool's agents on shift to its target: agents who were
// leaving stay instead, then new agents arrive and take from the queue at
// once; or idle agents leave at once and busy ones when their hands are
// free.
func (e *engine) setStaff(pi int) {
	p := &e.pools[pi]
	if p.unlimited {
		return
	}
	diff := e.staffTarget(p) - p.onShift
	for i := 0; diff > 0 && i < len(p.members); i++ {
		a := p.members[i]
		if ag := &e.agents[a]; ag.leaving {
			ag.leaving = false
			p.onShift++
			diff--
			e.ready(a)
		}
	}
	for ; diff > 0; diff-- {
		a := e.newAgent(pi)
		p = &e.pools[pi]
		p.onShift++
		e.ready(a)
	}
	for diff < 0 {
		// Idle agents first, the most recently idle ones; then agents with
		// chats in hand; then busy agents, who finish their contact.
		a := int32(-1)
		for j := 0; j < p.kmax && a < 0; j++ {
			a = p.tails[j]
		}
		if a < 0 {
			for i := len(p.members) - 1; i >= 0; i-- {
				if !e.agents[p.members[i]].leaving {
					a = p.members[i]
					break
				}
			}
		}
		if a < 0 {
			break
		}
		ag := &e.agents[a]
		e.listRemove(a)
		p.onShift--
		diff++
		if ag.contact < 0 && ag.slots == 0 {
			e.removeAgent(a)
		} else {
			ag.leaving = true
		}
	}
}

func (e *engine) outage(k int, start bool) {
	o := e.outages[k]
	for _, pi := range e.groupPools[o.group] {
		p := &e.pools[pi]
		if start {
			p.outage++
		} else {
			p.outage--
		}
		if p.unlimited && p.outage == 0 {
			// Contacts that became eligible while the outsourcer was down
			// go to it now.
			for _, sk := range p.skills {
				for {
					id := e.dequeue(sk.pool, sk.after)
					if id < 0 {
						break
					}
					e.startService(id, e.newAgent(pi))
				}
			}
		}
		e.setStaff(pi)
	}
}

// setOpen opens or closes a deferred channel. At opening, idle agents who
// serve it take its waiting requests at once, best-ranked pools first and
// the longest idle agents first; at closing, replies in hand are finished
// and no new one is started.
func (e *engine) setOpen(ch int, open bool) {
	cs := &e.chans[ch]
	cs.open = open
	if !open {
		return
	}
	for _, cp := range cs.pools {
		p := &e.pools[cp.pool]
		for cs.waiting > 0 {
			var a int32
			switch {
			case p.unlimited && p.outage == 0:
				a = -2 // a new agent, once a request is eligible
			case p.unlimited:
				a = -1
			default:
				a = p.heads[0]
			}
			if a == -1 {
				break
			}
			id := e.dequeue(int32(ch), cp.after)
			if id < 0 {
				break
			}
			if a == -2 {
				e.startService(id, e.newAgent(int(cp.pool)))
				continue
			}
			e.assign(id, a)
			p = &e.pools[cp.pool]
		}
	}
}
