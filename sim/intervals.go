package sim

import "math"

// boundary closes interval k-1 and opens interval k; it reports whether
// the horizon has ended.
func (e *engine) boundary(k int) bool {
	prev := k - 1
	for i := range e.chans {
		cs := &e.chans[i]
		e.flushQueue(cs)
		cs.qAreaIv[prev] = cs.qArea
		cs.qArea = 0
		cs.queueEnd[prev] = float64(cs.waiting)
		cs.oldest[prev] = e.oldestWait(cs)
	}
	for pi := range e.pools {
		p := &e.pools[pi]
		if p.unlimited {
			continue
		}
		e.flushPresence(p)
		e.groups[p.group].presence[prev] += p.presArea
		p.presArea = 0
		if p.adhere {
			e.flushAway(p)
			e.groups[p.group].away[prev] += p.awayArea
			p.awayArea = 0
		}
	}
	e.cur = k
	for i := range e.chans {
		cs := &e.chans[i]
		if cs.pending[prev] == 0 {
			e.closeInterval(cs, prev)
		}
	}
	if k >= e.n {
		return true
	}
	for pi := range e.pools {
		e.setStaff(pi)
	}
	return false
}

func (e *engine) oldestWait(cs *chanState) float64 {
	if cs.waiting == 0 {
		return 0
	}
	oldest := math.Inf(1)
	for k := range cs.queues {
		if id := e.front(&cs.queues[k]); id >= 0 {
			oldest = min(oldest, e.contacts[id].arrive)
		}
	}
	return e.now - oldest
}

func (e *engine) newHist() *waitHist {
	if n := len(e.histFree); n > 0 {
		h := e.histFree[n-1]
		e.histFree = e.histFree[:n-1]
		return h
	}
	return &waitHist{}
}

// closeInterval reads the percentiles of an interval that has ended and
// whose contacts have all left the queue, and frees its histogram: only
// intervals with contacts still waiting hold one, so memory stays flat
// however long the horizon.
func (e *engine) closeInterval(cs *chanState, i int) {
	t := &cs.iv[i]
	h := cs.hist[i]
	if h == nil {
		for j := range t.pct {
			t.pct[j] = math.NaN()
		}
		e.periodInterval(cs.index, i, nil)
		return
	}
	for j, p := range percentiles {
		t.pct[j] = h.quantile(p)
	}
	e.periodInterval(cs.index, i, h)
	cs.total.merge(h)
	e.all.merge(h)
	e.byTiming[timing(cs.realtime)].merge(h)
	h.reset()
	cs.hist[i] = nil
	e.histFree = append(e.histFree, h)
}

// finish counts the contacts still waiting at the end of the horizon and
// the handling still in progress.
func (e *engine) finish() {
	e.now = e.horizon
	e.cur = e.n
	for id := range e.contacts {
		c := &e.contacts[id]
		cs := &e.chans[c.channel]
		switch c.state {
		case stQueued:
			wait := e.horizon - c.arrive
			// A contact that has waited less than its target time may
			// yet be answered within it: its outcome is censored.
			censored := wait < cs.thr[c.class]
			for _, t := range [2]*tally{&cs.iv[c.interval], &cs.cls[c.class]} {
				t.unfinished++
				t.waitAll += wait
				if censored {
					t.censored++
				}
			}
			if e.trace != nil {
				e.trace(c, fateUnfinished, e.horizon-c.arrive)
			}
		case stTalking, stWrapping:
			p := &e.pools[e.agents[c.agent].pool]
			e.addBusy(p.group, int(c.channel), c.start, e.horizon, e.chatWeight(cs, p))
		}
	}
	for i := range e.chans {
		cs := &e.chans[i]
		for j := range cs.hist {
			if cs.hist[j] != nil || cs.pending[j] > 0 {
				e.closeInterval(cs, j)
			}
		}
	}
}
