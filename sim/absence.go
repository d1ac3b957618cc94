package sim

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// absence draws which of a group's agents are absent on each day and
// returns the agents present per interval; absent receives the agents
// absent per interval. Each day the agents form a stack: the k-th agent
// of the day is on the floor in every interval with k or more agents, and
// is absent from all of them or from none, with probability g.Absence.
// The places of the stack between two staffing levels of the day are
// drawn together, as one binomial.
func (e *engine) absence(g *Group, absent []float64, src rand.Source) []int {
	present := slices.Clone(g.Staff)
	var levels []int
	for from := 0; from < e.n; {
		to := from
		for to < e.n && e.dayOf(to) == e.dayOf(from) {
			to++
		}
		levels = append(levels[:0], g.Staff[from:to]...)
		slices.Sort(levels)
		levels = slices.Compact(levels)
		// here[j] agents of the first levels[j] places are present.
		here := make([]int, len(levels))
		prev, count := 0, 0
		for j, l := range levels {
			if d := l - prev; d > 0 {
				count += int(distuv.Binomial{N: float64(d), P: 1 - g.Absence, Src: src}.Rand())
			}
			here[j], prev = count, l
		}
		for i := from; i < to; i++ {
			j, _ := slices.BinarySearch(levels, g.Staff[i])
			present[i] = here[j]
			absent[i] = float64(g.Staff[i]-here[j]) * e.ilen
		}
		from = to
	}
	return present
}

// setGroupPools gives the pools of group gi what they take from the
// group: its site, its proficiency by channel and its adherence.
func (e *engine) setGroupPools(gi, rep int) {
	m := e.m
	g := &m.Groups[gi]
	site := slices.IndexFunc(m.Sites, func(s Site) bool { return s.Name == g.Site && g.Site != "" })
	var prof []proficiency
	for _, sk := range g.Skills {
		if (sk.HandleFactor == 0 || sk.HandleFactor == 1) && sk.Handle == nil {
			continue
		}
		if prof == nil {
			prof = make([]proficiency, len(m.Channels))
			for c := range prof {
				prof[c].factor = 1
			}
		}
		pr := &prof[sk.Channel]
		if sk.HandleFactor > 0 {
			pr.factor = sk.HandleFactor
		}
		if sk.Handle != nil {
			s := newSampler(*sk.Handle, newStream(m.Seed, rep, gi, streamProficiency))
			pr.handle = &s
		}
	}
	var away *rand.Rand
	if g.Away > 0 && !g.Unlimited {
		away = rand.New(newStream(m.Seed, rep, gi, streamAway))
	}
	for _, pi := range e.groupPools[gi] {
		p := &e.pools[pi]
		p.site, p.prof = site, prof
		p.adhere, p.awayRand = away != nil, away
		if site >= 0 {
			e.sitePools[site] = append(e.sitePools[site], pi)
		}
	}
}

// rebase sets the number of agents a pool with adherence should have
// present now, before some are away: new agents are away with the
// group's away share, as agents long on the floor are; agents who leave
// are away or not in proportion. It schedules the next agent to go away
// or come back.
func (e *engine) rebase(pi, base int) {
	p := &e.pools[pi]
	if base == p.base {
		return
	}
	e.flushAway(p)
	a := e.m.Groups[p.group].Away
	for ; p.base < base; p.base++ {
		if p.awayRand.Float64() < a {
			p.away++
		}
	}
	for ; p.base > base; p.base-- {
		if p.awayRand.Float64()*float64(p.base) < float64(p.away) {
			p.away--
		}
	}
	e.scheduleAway(pi)
}

// scheduleAway draws when the next agent of a pool goes away or comes
// back: each available agent goes away at rate Away / ((1 − Away) ×
// AwaySpell), each away agent comes back at rate 1 / AwaySpell, so that
// in the long run a share Away of them is away.
func (e *engine) scheduleAway(pi int) {
	p := &e.pools[pi]
	p.awayGen++
	g := &e.m.Groups[p.group]
	goRate := float64(p.base-p.away) * g.Away / ((1 - g.Away) * g.AwaySpell)
	backRate := float64(p.away) / g.AwaySpell
	if total := goRate + backRate; total > 0 {
		e.cal.push(mkEvent(e.now+p.awayRand.ExpFloat64()/total, evAway, int32(pi), p.awayGen))
	}
}

// awayEvent sends one available agent of a pool away, or brings one
// back, in proportion to the rates scheduleAway drew the time with.
func (e *engine) awayEvent(pi int, gen uint32) {
	p := &e.pools[pi]
	if gen != p.awayGen {
		return
	}
	e.flushAway(p)
	g := &e.m.Groups[p.group]
	goRate := float64(p.base-p.away) * g.Away / ((1 - g.Away) * g.AwaySpell)
	backRate := float64(p.away) / g.AwaySpell
	if p.awayRand.Float64()*(goRate+backRate) < goRate {
		p.away++
	} else {
		p.away--
	}
	e.scheduleAway(pi)
	e.setStaff(pi)
}

func (e *engine) flushAway(p *poolState) {
	p.awayArea += float64(p.away) * (e.now - p.awayLast)
	p.awayLast = e.now
}

// closedWindows are the windows of [0, horizon) outside the opening
// hours (none when hours is nil: always open).
func closedWindows(hours []Window, horizon float64) []Window {
	if hours == nil {
		return nil
	}
	var out []Window
	t := 0.0
	for _, w := range hours {
		if w.From > t {
			out = append(out, Window{From: t, To: math.Min(w.From, horizon)})
		}
		t = math.Max(t, w.To)
		if t >= horizon {
			break
		}
	}
	if t < horizon {
		out = append(out, Window{From: t, To: horizon})
	}
	return slices.DeleteFunc(out, func(w Window) bool { return !(w.From < w.To) })
}
