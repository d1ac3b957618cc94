package contactlog

import (
	"fmt"
	"maps"
	"math"
	"math/bits"
	"slices"
	"sort"
	"time"
)

// AggregateOptions configure an Aggregator. Zero values take the defaults.
type AggregateOptions struct {
	// IntervalSeconds is the interval length; it must divide a day
	// (default 1800).
	IntervalSeconds int
	// Threshold is the service-level threshold in seconds: a contact
	// answered after waiting at most this long counts as answered within
	// it (default 20).
	Threshold float64
	// AgentGap is the longest idle time between two contacts of one
	// agent that still counts as on duty, in seconds (default the
	// interval length). See Staffing.
	AgentGap float64
}

// Cell holds the contacts that arrived in one interval (of one queue, or
// of several merged).
type Cell struct {
	Offered, Answered, Abandoned, Blocked int
	// AnsweredWithin counts answered contacts that waited at most the
	// threshold.
	AnsweredWithin int
	// WaitSum is the total wait of all offered contacts; AnswerWaitSum
	// that of the answered ones.
	WaitSum, AnswerWaitSum float64
	// HandleSum and ACWSum are over answered contacts.
	HandleSum, ACWSum float64
}

// Add merges o into c.
func (c *Cell) Add(o Cell) {
	c.Offered += o.Offered
	c.Answered += o.Answered
	c.Abandoned += o.Abandoned
	c.Blocked += o.Blocked
	c.AnsweredWithin += o.AnsweredWithin
	c.WaitSum += o.WaitSum
	c.AnswerWaitSum += o.AnswerWaitSum
	c.HandleSum += o.HandleSum
	c.ACWSum += o.ACWSum
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

// AbandonRate is abandoned over offered (0 when nothing was offered).
func (c Cell) AbandonRate() float64 { return ratio(float64(c.Abandoned), float64(c.Offered)) }

// ServiceLevel is answered within the threshold over all offered contacts,
// abandoned and blocked ones included (0 when nothing was offered).
func (c Cell) ServiceLevel() float64 {
	return ratio(float64(c.AnsweredWithin), float64(c.Offered))
}

// ASA is the average speed of answer: mean wait of answered contacts, in
// seconds (0 when none was answered).
func (c Cell) ASA() float64 { return ratio(c.AnswerWaitSum, float64(c.Answered)) }

// Staffing is the staff on duty in one interval, inferred from agent
// activity, as three estimates in agents (averaged over the interval):
//
//   - Busy is busy agent-seconds (handle time plus after-contact work)
//     over the interval length: the agents needed to do the work seen, a
//     lower bound, since agents on duty are also idle at times. (Where a
//     log shows one agent on overlapping contacts, a transfer or a
//     conference, their work counts twice and Busy can pass OnDuty.)
//   - Agents counts the agents who were busy at any moment in the
//     interval: an upper bound, since an agent who logs in at the last
//     minute or takes one call before a break counts in full.
//   - OnDuty merges each agent's busy periods into spells on duty,
//     bridging idle gaps up to AggregateOptions.AgentGap, and averages
//     the agents in a spell over the interval. It lies between the
//     bounds when the gap is at most the interval length.
//
// Busy time of contacts without a named agent adds to all three as busy
// time. Reported is the staffing an interval report gives (0 without
// one).
type Staffing struct {
	Busy, OnDuty, Agents float64
	Reported             float64
}

// PriorityStat summarises the contacts of one priority value.
type PriorityStat struct {
	Priority                          string
	Offered, Answered, Abandoned      int
	WaitSum, AnswerWaitSum, HandleSum float64
}

// AbandonRate is abandoned over offered (0 when nothing was offered).
func (p PriorityStat) AbandonRate() float64 { return ratio(float64(p.Abandoned), float64(p.Offered)) }

// ASA is the mean wait of answered contacts, in seconds (0 when none was
// answered).
func (p PriorityStat) ASA() float64 { return ratio(p.AnswerWaitSum, float64(p.Answered)) }

// Aggregator sums contacts per day, interval and queue. Its memory grows
// with days, intervals, queues and agents, not with contacts.
type Aggregator struct {
	opt     AggregateOptions
	perDay  int
	queues  map[string]*queueAcc
	busy    map[int64][]float64 // center-wide busy seconds per day and interval
	anon    map[int64][]float64 // the part of busy without a named agent
	staffed map[int64][]float64 // agent-seconds staffed, from interval reports
	agents  map[string]*agentAcc
}

type queueAcc struct {
	cells       map[int64][]Cell
	handle, acw Durations
	waits       Waits
	prio        map[string]*PriorityStat
}

// agentAcc is one agent's activity: on-duty spells (sorted, separated by
// more than the gap) and the intervals touched per day.
type agentAcc struct {
	spells  []span
	touched map[int64][]uint64
}

type span struct{ from, to float64 } // Unix seconds

// NewAggregator checks the options and returns an empty aggregator.
func NewAggregator(opt AggregateOptions) (*Aggregator, error) {
	if opt.IntervalSeconds == 0 {
		opt.IntervalSeconds = 1800
	}
	if opt.IntervalSeconds < 60 || 86400%opt.IntervalSeconds != 0 {
		return nil, fmt.Errorf("contactlog: interval %v: want a length of at least 1 minute that divides a day", time.Duration(opt.IntervalSeconds)*time.Second)
	}
	if opt.Threshold == 0 {
		opt.Threshold = 20
	}
	if !(opt.Threshold > 0) || math.IsInf(opt.Threshold, 0) {
		return nil, fmt.Errorf("contactlog: service-level threshold %v s: want a positive number", opt.Threshold)
	}
	if opt.AgentGap == 0 {
		opt.AgentGap = float64(opt.IntervalSeconds)
	}
	if !(opt.AgentGap > 0) || math.IsInf(opt.AgentGap, 0) {
		return nil, fmt.Errorf("contactlog: agent gap %v s: want a positive number", opt.AgentGap)
	}
	return &Aggregator{
		opt:     opt,
		perDay:  86400 / opt.IntervalSeconds,
		queues:  map[string]*queueAcc{},
		busy:    map[int64][]float64{},
		anon:    map[int64][]float64{},
		staffed: map[int64][]float64{},
		agents:  map[string]*agentAcc{},
	}, nil
}

// maxBusy caps the busy time one contact can account for, so that a
// corrupt handle time cannot make the aggregation loop for long.
const maxBusy = 86400

// Add counts one contact.
func (a *Aggregator) Add(c Contact) {
	q := a.queue(c.Queue)
	at := unixSeconds(c.Arrival)
	day, sec := dayOf(at)
	cells := q.cells[day]
	if cells == nil {
		cells = make([]Cell, a.perDay)
		q.cells[day] = cells
	}
	cell := &cells[min(int(sec)/a.opt.IntervalSeconds, a.perDay-1)]
	ps := q.prio[c.Priority]
	if ps == nil {
		ps = &PriorityStat{Priority: c.Priority}
		q.prio[c.Priority] = ps
	}
	cell.Offered++
	cell.WaitSum += c.Wait
	ps.Offered++
	ps.WaitSum += c.Wait
	switch c.Outcome {
	case Answered:
		cell.Answered++
		cell.AnswerWaitSum += c.Wait
		cell.HandleSum += c.Handle
		cell.ACWSum += c.ACW
		if c.Wait <= a.opt.Threshold {
			cell.AnsweredWithin++
		}
		ps.Answered++
		ps.AnswerWaitSum += c.Wait
		ps.HandleSum += c.Handle
		q.handle.Add(c.Handle)
		if c.ACW > 0 {
			q.acw.Add(c.ACW)
		}
		q.waits.Add(c.Wait, false)
		a.work(c.Agent, at+c.Wait, c.Handle+c.ACW)
	case Abandoned:
		cell.Abandoned++
		ps.Abandoned++
		q.waits.Add(c.Wait, true)
	case Blocked:
		cell.Blocked++
	}
}

// queue returns the accumulator of a queue.
func (a *Aggregator) queue(name string) *queueAcc {
	q := a.queues[name]
	if q == nil {
		q = &queueAcc{cells: map[int64][]Cell{}, prio: map[string]*PriorityStat{}}
		a.queues[name] = q
	}
	return q
}

// work records an agent busy for d seconds from start.
func (a *Aggregator) work(agent string, start, d float64) {
	if !(d > 0) || math.IsNaN(start) {
		return
	}
	end := start + min(d, maxBusy)
	var acc *agentAcc
	if agent != "" {
		acc = a.agents[agent]
		if acc == nil {
			acc = &agentAcc{touched: map[int64][]uint64{}}
			a.agents[agent] = acc
		}
		acc.spells = addSpan(acc.spells, span{start, end}, a.opt.AgentGap)
	}
	L := float64(a.opt.IntervalSeconds)
	for t := start; t < end; {
		day, sec := dayOf(t)
		i := min(int(sec/L), a.perDay-1)
		next := math.Min(end, float64(day)*86400+float64(i+1)*L)
		if next <= t { // rounding at a boundary
			next = math.Nextafter(t, math.Inf(1))
		}
		a.addBusy(a.busy, day, i, next-t)
		if acc == nil {
			a.addBusy(a.anon, day, i, next-t)
		} else {
			bs := acc.touched[day]
			if bs == nil {
				bs = make([]uint64, (a.perDay+63)/64)
				acc.touched[day] = bs
			}
			bs[i/64] |= 1 << (i % 64)
		}
		t = next
	}
}

func (a *Aggregator) addBusy(m map[int64][]float64, day int64, i int, v float64) {
	s := m[day]
	if s == nil {
		s = make([]float64, a.perDay)
		m[day] = s
	}
	s[i] += v
}

// addSpan merges s into the sorted spells, joining any within gap of it.
func addSpan(spells []span, s span, gap float64) []span {
	i := sort.Search(len(spells), func(i int) bool { return spells[i].to+gap >= s.from })
	j := i
	for j < len(spells) && spells[j].from-gap <= s.to {
		s.from = math.Min(s.from, spells[j].from)
		s.to = math.Max(s.to, spells[j].to)
		j++
	}
	return slices.Replace(spells, i, j, s)
}

// Table returns the aggregate so far. The aggregator may go on counting;
// the table does not change.
func (a *Aggregator) Table() *Table {
	t := &Table{
		opt:    a.opt,
		perDay: a.perDay,
		queues: map[string]*queueAcc{},
		staff:  map[int64][]Staffing{},
	}
	for name, q := range a.queues {
		cp := &queueAcc{cells: map[int64][]Cell{}, prio: map[string]*PriorityStat{}}
		for d, c := range q.cells {
			cp.cells[d] = slices.Clone(c)
		}
		cp.handle.Merge(&q.handle)
		cp.acw.Merge(&q.acw)
		cp.waits.Merge(&q.waits)
		for k, v := range q.prio {
			s := *v
			cp.prio[k] = &s
		}
		t.queues[name] = cp
	}
	L := float64(a.opt.IntervalSeconds)
	row := func(day int64) []Staffing {
		s := t.staff[day]
		if s == nil {
			s = make([]Staffing, a.perDay)
			t.staff[day] = s
		}
		return s
	}
	for day, busy := range a.busy {
		s := row(day)
		anon := a.anon[day]
		for i, b := range busy {
			s[i].Busy = b / L
			if anon != nil {
				s[i].OnDuty += anon[i] / L
				s[i].Agents += anon[i] / L
			}
		}
	}
	for day, st := range a.staffed {
		s := row(day)
		for i, v := range st {
			s[i].Reported = v / L
		}
	}
	// Agents in name order: the on-duty sums then add up in the same order
	// every time, so the same log gives the same bits.
	for _, name := range slices.Sorted(maps.Keys(a.agents)) {
		acc := a.agents[name]
		for day, bs := range acc.touched {
			s := row(day)
			for w, word := range bs {
				for word != 0 {
					i := w*64 + bits.TrailingZeros64(word)
					s[i].Agents++
					word &= word - 1
				}
			}
		}
		for _, sp := range acc.spells {
			for t0 := sp.from; t0 < sp.to; {
				day, sec := dayOf(t0)
				i := min(int(sec/L), a.perDay-1)
				next := math.Min(sp.to, float64(day)*86400+float64(i+1)*L)
				if next <= t0 {
					next = math.Nextafter(t0, math.Inf(1))
				}
				row(day)[i].OnDuty += (next - t0) / L
				t0 = next
			}
		}
	}
	return t
}

// Table is an aggregate of contacts per day, interval and queue, with the
// staffing inferred from agent activity and the samples for fitting.
type Table struct {
	opt    AggregateOptions
	perDay int
	queues map[string]*queueAcc
	staff  map[int64][]Staffing
}

// IntervalSeconds is the interval length.
func (t *Table) IntervalSeconds() int { return t.opt.IntervalSeconds }

// Threshold is the service-level threshold in seconds.
func (t *Table) Threshold() float64 { return t.opt.Threshold }

// AgentGap is the longest idle time, in seconds, that the on-duty
// estimate bridges between two contacts of one agent.
func (t *Table) AgentGap() float64 { return t.opt.AgentGap }

// Queues returns the queue names in sorted order.
func (t *Table) Queues() []string { return slices.Sorted(maps.Keys(t.queues)) }

// pick returns the accumulators of the named queues, or of all queues when
// none is named; unknown names are skipped.
func (t *Table) pick(queues []string) []*queueAcc {
	if len(queues) == 0 {
		queues = t.Queues()
	}
	var out []*queueAcc
	for _, name := range queues {
		if q := t.queues[name]; q != nil {
			out = append(out, q)
		}
	}
	return out
}

// Dates returns the days on which a contact of the queues (all when none
// is named) arrived, in order, as midnights in the UTC container.
func (t *Table) Dates(queues ...string) []time.Time {
	days := map[int64]bool{}
	for _, q := range t.pick(queues) {
		for d := range q.cells {
			days[d] = true
		}
	}
	out := make([]time.Time, 0, len(days))
	for _, d := range slices.Sorted(maps.Keys(days)) {
		out = append(out, time.Unix(d*86400, 0).UTC())
	}
	return out
}

// Day returns the cells of one day for the queues (all when none is
// named) merged, one per interval; all zero on a day without contacts.
func (t *Table) Day(date time.Time, queues ...string) []Cell {
	out := make([]Cell, t.perDay)
	day := DayNumber(date)
	for _, q := range t.pick(queues) {
		for i, c := range q.cells[day] {
			out[i].Add(c)
		}
	}
	return out
}

// Staffing returns the staff inferred for each interval of a day, over
// all queues (agents are not split by queue).
func (t *Table) Staffing(date time.Time) []Staffing {
	if s := t.staff[DayNumber(date)]; s != nil {
		return slices.Clone(s)
	}
	return make([]Staffing, t.perDay)
}

// Handle returns the handle times of answered contacts of the queues (all
// when none is named), merged.
func (t *Table) Handle(queues ...string) *Durations {
	var d Durations
	for _, q := range t.pick(queues) {
		d.Merge(&q.handle)
	}
	return &d
}

// ACW returns the after-contact work of answered contacts with some,
// merged over the queues (all when none is named).
func (t *Table) ACW(queues ...string) *Durations {
	var d Durations
	for _, q := range t.pick(queues) {
		d.Merge(&q.acw)
	}
	return &d
}

// Waits returns the waits of answered and abandoned contacts of the
// queues (all when none is named), merged.
func (t *Table) Waits(queues ...string) *Waits {
	var w Waits
	for _, q := range t.pick(queues) {
		w.Merge(&q.waits)
	}
	return &w
}

// Priorities returns the contacts per priority value of the queues (all
// when none is named), sorted by priority value.
func (t *Table) Priorities(queues ...string) []PriorityStat {
	sum := map[string]*PriorityStat{}
	for _, q := range t.pick(queues) {
		for k, v := range q.prio {
			s := sum[k]
			if s == nil {
				s = &PriorityStat{Priority: k}
				sum[k] = s
			}
			s.Offered += v.Offered
			s.Answered += v.Answered
			s.Abandoned += v.Abandoned
			s.WaitSum += v.WaitSum
			s.AnswerWaitSum += v.AnswerWaitSum
			s.HandleSum += v.HandleSum
		}
	}
	out := make([]PriorityStat, 0, len(sum))
	for _, k := range slices.Sorted(maps.Keys(sum)) {
		out = append(out, *sum[k])
	}
	return out
}

// Volumes returns the offered contacts per day and interval of the queues
// (all when none is named), for the days on which any arrived.
func (t *Table) Volumes(queues ...string) Volumes {
	v := Volumes{IntervalSeconds: t.opt.IntervalSeconds}
	for _, date := range t.Dates(queues...) {
		cells := t.Day(date, queues...)
		counts := make([]float64, len(cells))
		for i, c := range cells {
			counts[i] = float64(c.Offered)
		}
		v.Days = append(v.Days, DayVolume{Date: date, Counts: counts})
	}
	return v
}
