package sim

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Contact states.
const (
	stFree     uint8 = iota // slot unused
	stPending               // a follow-on contact scheduled to arrive
	stQueued                // waiting for an agent
	stTalking               // with an agent; the customer is on line
	stWrapping              // the customer has left; after-contact work
)

// MaxContacts bounds the contacts in the system at once (waiting, in
// service, or scheduled to follow on), so that a hopeless model fails with
// an error instead of exhausting memory. It is far above any real center.
const MaxContacts = 20_000_000

// contact is one customer request in the system. Contacts live in a slab
// reused through a free list; gen changes whenever a slot is freed so that
// events and queue entries about an earlier occupant can be recognised.
type contact struct {
	arrive   float64
	handle   float64 // talk and hold; for a chat under slowdown, the work left
	wrap     float64
	deadline float64 // wait after which the customer leaves; +Inf never
	start    float64 // service start
	lastUpd  float64 // chat: when handle was last brought up to date
	channel  int32
	interval int32
	agent    int32
	next     int32 // free list
	gen      uint32
	sgen     uint32 // changes when a chat's end is rescheduled
	flow     int16  // index into Model.Flows to follow on handling, -1 none
	class    uint8
	state    uint8
	switches bool // leaves by switching channel, not by hanging up
}

// agent is one agent on the floor of a pool.
type agent struct {
	since     float64 // when it entered its current idle list
	pool      int32
	prev      int32 // idle-list links
	next      int32
	contact   int32 // single-occupancy contact in hand, -1 none
	memberPos int32
	level     int16 // idle list it is in (= chats in hand), -1 none
	slots     int16 // chats in hand, talking or wrapping
	leaving   bool  // its shift ended; it leaves when its hands are free
	chats     []int32
}

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

// tally counts a channel's contacts by arrival interval.
type tally struct {
	offered, answered, abandoned, blocked, switched, unfinished int64
	within, abandonedEarly                                      int64
	completed, escalated, repeats, followups                    int64
	waitAnswered, waitAll, maxWait, handleSum                   float64
	pct                                                         [5]float64
}

var percentiles = [5]float64{0.50, 0.80, 0.90, 0.95, 0.99}

func (t *tally) add(o *tally) {
	t.offered += o.offered
	t.answered += o.answered
	t.abandoned += o.abandoned
	t.blocked += o.blocked
	t.switched += o.switched
	t.unfinished += o.unfinished
	t.within += o.within
	t.abandonedEarly += o.abandonedEarly
	t.completed += o.completed
	t.escalated += o.escalated
	t.repeats += o.repeats
	t.followups += o.followups
	t.waitAnswered += o.waitAnswered
	t.waitAll += o.waitAll
	t.handleSum += o.handleSum
	t.maxWait = max(t.maxWait, o.maxWait)
}

// draws holds the samplers one set of contacts draws its attributes from.
type draws struct {
	handle, wrap, patience sampler
	route, decide          *rand.Rand // class and follow-on outcome; switching
}

type chanPool struct {
	pool  int32
	rank  int32
	after float64
}

// chanState is a channel during one replication.
type chanState struct {
	ch       *Channel
	k        int // concurrency; 1 for single-occupancy contacts
	chat     bool
	realtime bool
	speed    []float64 // chat speed with j+1 chats talking at one agent

	primary, follow draws
	arrExp          distuv.Exponential
	arrRand         *rand.Rand
	flowDelay       []sampler // by index into flowsFrom
	flowsFrom       []int     // flows leaving this channel
	flowCum         []float64 // cumulative shares of flowsFrom
	msgRand         *rand.Rand
	msgWork         sampler
	msgPoisson      distuv.Poisson

	classCum []float64
	thr      []float64 // target threshold per class
	hasSL    bool

	pools  []chanPool // pools serving the channel, best rank first
	afters []float64  // distinct overflow delays, ascending

	arrI     int // arrival generator: interval, or index into Times
	arrT     float64
	arrOpen  bool    // Counts: interval arrI has been entered
	arrLeft  int     // Counts: arrivals left in the interval
	arrU     float64 // Counts: position within the interval, 0..1
	queues   []ring
	waiting  int
	inSystem int
	qArea    float64
	qLast    float64

	iv        []tally
	cls       []tally
	hist      []*waitHist
	pending   []int32
	total     waitHist
	queueEnd  []float64
	oldest    []float64
	qAreaIv   []float64
	served    []int64
	unitCost  []float64 // per-contact costs by interval of handling
	switchOut int64
}

// poolState is a set of agents with the same skills and staffing: a group,
// or the part of a group reserved for deferred work.
type poolState struct {
	group     int
	unlimited bool
	skills    []chanPool // channel in pool field
	staff     []int
	kmax      int
	heads     []int32
	tails     []int32
	members   []int32
	onShift   int
	outage    int
	presArea  float64
	presLast  float64
}

// groupAcc accumulates a group's time-based measures per interval.
type groupAcc struct {
	presence  []float64 // agent-seconds on the floor
	busy      []float64 // agent-seconds handling
	busyCh    []float64 // [channel*intervals + interval]
	handled   []int64
	unitCosts []float64
}

type outageRef struct {
	group    int
	from, to float64
}

// engine simulates one replication of a model.
type engine struct {
	m       *Model
	ctx     context.Context
	n       int
	ilen    float64
	horizon float64
	now     float64
	cur     int
	cal     calendar

	contacts    []contact
	freeContact int32
	agents      []agent
	freeAgent   int32
	chans       []chanState
	pools       []poolState
	groupPools  [][]int
	groups      []groupAcc
	outages     []outageRef
	flowCount   []int64
	arrNext     []float64 // next exogenous arrival per channel
	arrMin      float64   // the earliest of arrNext
	arrCh       int       // its channel
	histFree    []*waitHist
	all         waitHist
	events      int64
	progress    *int64
}

func newEngine(ctx context.Context, m *Model, rep int) *engine {
	e := &engine{
		m: m, ctx: ctx, n: m.Intervals, ilen: m.IntervalSeconds, horizon: m.Horizon(),
		freeContact: -1, freeAgent: -1,
		flowCount: make([]int64, len(m.Flows)),
	}
	n := e.n
	e.chans = make([]chanState, len(m.Channels))
	for i := range m.Channels {
		ch := &m.Channels[i]
		cs := &e.chans[i]
		cs.ch = ch
		cs.k = max(1, ch.Concurrency)
		cs.chat = cs.k > 1
		cs.realtime = ch.Realtime()
		if cs.chat {
			cs.speed = make([]float64, cs.k)
			for j := range cs.speed {
				cs.speed[j] = 1 / (1 + ch.Slowdown*float64(j))
			}
		}
		src := func(p int) *rand.PCG { return newStream(m.Seed, rep, i, p) }
		hs, ps, rs, fs := src(streamHandle), src(streamPatience), src(streamRouting), src(streamFollowOn)
		cs.primary = draws{
			handle: newSampler(ch.Handle, hs), wrap: newSampler(ch.Wrap, hs),
			route: rand.New(rs), decide: rand.New(ps),
		}
		followRand := rand.New(fs)
		cs.follow = draws{
			handle: newSampler(ch.Handle, fs), wrap: newSampler(ch.Wrap, fs),
			route: followRand, decide: followRand,
		}
		if ch.Patience != nil && cs.realtime {
			cs.primary.patience = newSampler(*ch.Patience, ps)
			cs.follow.patience = newSampler(*ch.Patience, fs)
		} else {
			inf := sampler{kind: Fixed, c: math.Inf(1)}
			cs.primary.patience, cs.follow.patience = inf, inf
		}
		as := src(streamArrivals)
		cs.arrExp = distuv.Exponential{Rate: 1, Src: as}
		cs.arrRand = rand.New(as)
		ds := src(streamFlowDelay)
		cum := 0.0
		for fi, f := range m.Flows {
			if f.From != i {
				continue
			}
			cs.flowsFrom = append(cs.flowsFrom, fi)
			cs.flowDelay = append(cs.flowDelay, newSampler(f.Delay, ds))
			cum += f.Share
			cs.flowCum = append(cs.flowCum, cum)
		}
		if fu := ch.FollowUp; fu != nil && fu.Rate > 0 && !cs.realtime {
			ms := src(streamMessages)
			cs.msgRand = rand.New(ms)
			cs.msgWork = newSampler(fu.Work, ms)
			cs.msgPoisson = distuv.Poisson{Lambda: 1, Src: ms}
		}
		nc := max(1, len(ch.Classes))
		cs.thr = make([]float64, nc)
		cs.classCum = make([]float64, nc)
		cs.hasSL = true
		cum = 0
		for j := range nc {
			thr := ch.Target.Threshold
			if len(ch.Classes) > 0 {
				if t := ch.Classes[j].Target.Threshold; t > 0 {
					thr = t
				}
				cum += ch.Classes[j].Share
			} else {
				cum = 1
			}
			cs.thr[j] = thr
			cs.classCum[j] = cum
			if thr <= 0 {
				cs.hasSL = false
			}
		}
		cs.queues = make([]ring, nc)
		cs.iv = make([]tally, n)
		cs.cls = make([]tally, nc)
		cs.hist = make([]*waitHist, n)
		cs.pending = make([]int32, n)
		cs.queueEnd = make([]float64, n)
		cs.oldest = make([]float64, n)
		cs.qAreaIv = make([]float64, n)
		cs.served = make([]int64, n)
		cs.unitCost = make([]float64, n)
	}

	nch := len(m.Channels)
	e.groups = make([]groupAcc, len(m.Groups))
	e.groupPools = make([][]int, len(m.Groups))
	for gi := range m.Groups {
		g := &m.Groups[gi]
		e.groups[gi] = groupAcc{
			presence: make([]float64, n), busy: make([]float64, n), busyCh: make([]float64, nch*n),
			handled: make([]int64, n), unitCosts: make([]float64, n),
		}
		var regular, deferred []chanPool
		for rank, s := range g.Skills {
			cp := chanPool{pool: int32(s.Channel), rank: int32(rank), after: s.After}
			regular = append(regular, cp)
			if m.Channels[s.Channel].Kind.Deferred() {
				deferred = append(deferred, cp)
			}
		}
		reserve := g.DeferredReserve > 0 && len(deferred) > 0 && !g.Unlimited
		mainStaff := make([]int, n)
		var resStaff []int
		if reserve {
			resStaff = make([]int, n)
		}
		for i := 0; i < n && !g.Unlimited; i++ {
			s := g.Staff[i]
			if reserve {
				r := int(math.Round(g.DeferredReserve * float64(s)))
				resStaff[i] = r
				s -= r
			}
			mainStaff[i] = s
		}
		e.addPool(gi, regular, mainStaff, g.Unlimited)
		if reserve {
			e.addPool(gi, deferred, resStaff, false)
		}
		for _, w := range g.Outages {
			e.outages = append(e.outages, outageRef{group: gi, from: w.From, to: w.To})
		}
	}
	// Each channel lists the pools serving it, best rank first (ties in
	// pool order), and the distinct overflow delays it needs events for.
	for pi := range e.pools {
		for _, s := range e.pools[pi].skills {
			cs := &e.chans[s.pool]
			cs.pools = append(cs.pools, chanPool{pool: int32(pi), rank: s.rank, after: s.after})
			if s.after > 0 && !containsFloat(cs.afters, s.after) {
				cs.afters = append(cs.afters, s.after)
			}
		}
	}
	for i := range e.chans {
		cs := &e.chans[i]
		sortChanPools(cs.pools)
		sortFloats(cs.afters)
	}
	return e
}

func (e *engine) addPool(group int, skills []chanPool, staff []int, unlimited bool) {
	kmax := 1
	for _, s := range skills {
		kmax = max(kmax, e.chans[s.pool].k)
	}
	p := poolState{group: group, unlimited: unlimited, skills: skills, staff: staff, kmax: kmax,
		heads: make([]int32, kmax), tails: make([]int32, kmax)}
	for j := range kmax {
		p.heads[j], p.tails[j] = -1, -1
	}
	e.pools = append(e.pools, p)
	e.groupPools[group] = append(e.groupPools[group], len(e.pools)-1)
}

func containsFloat(s []float64, v float64) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func sortFloats(s []float64) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

func sortChanPools(s []chanPool) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j].rank < s[j-1].rank; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// run simulates the horizon. It returns ctx.Err() if cancelled.
func (e *engine) run() error {
	e.arrNext = make([]float64, len(e.chans))
	for i := range e.chans {
		e.scheduleArrival(i)
	}
	e.nextArrivalChannel()
	for k, o := range e.outages {
		if o.from < e.horizon {
			e.cal.push(mkEvent(max(o.from, 0), evOutage, int32(k), 0))
			e.cal.push(mkEvent(o.to, evOutage, int32(k), 1))
		}
	}
	for pi := range e.pools {
		e.setStaff(pi)
	}
	// Neither interval boundaries nor the channels' next exogenous
	// arrivals are in the calendar: that keeps it to the events that need
	// a heap, and a boundary is processed before any event at or after
	// its time, so an arrival at exactly 11:00 belongs to the 11:00
	// interval and meets its staffing.
	nextBoundary := e.ilen
	for {
		next := math.Inf(1)
		if e.cal.len() > 0 {
			next = e.cal.ev[0].t
		}
		if e.arrMin < next {
			next = e.arrMin
		}
		if next >= nextBoundary {
			e.now = nextBoundary
			if e.boundary(e.cur + 1) {
				e.finish()
				return nil
			}
			nextBoundary = float64(e.cur+1) * e.ilen
			continue
		}
		e.now = next
		e.events++
		if e.events&0xffff == 0 {
			if err := e.ctx.Err(); err != nil {
				return err
			}
			if len(e.contacts) > MaxContacts {
				return fmt.Errorf("sim: more than %d contacts in the system at once at %s: the model is far understaffed or its arrivals far too many", MaxContacts, clock(e.now))
			}
			if e.progress != nil {
				storeProgress(e.progress, e.now/e.horizon)
			}
		}
		if e.arrMin == next && (e.cal.len() == 0 || e.cal.ev[0].t > next) {
			e.exogenous(e.arrCh)
			continue
		}
		ev := e.cal.pop()
		a := ev.a()
		switch ev.kind() {
		case evFollowOn:
			c := &e.contacts[a]
			if c.gen == ev.gen && c.state == stPending {
				c.interval = int32(e.cur)
				e.arrive(a)
			}
		case evLeave:
			e.leave(a, ev.gen)
		case evOverflow:
			e.overflow(a, ev.gen)
		case evTalkEnd:
			c := &e.contacts[a]
			if c.sgen == ev.gen && c.state == stTalking {
				e.talkEnd(a)
			}
		case evWrapEnd:
			c := &e.contacts[a]
			if c.sgen == ev.gen && c.state == stWrapping {
				e.wrapEnd(a)
			}
		case evOutage:
			e.outage(int(a), ev.gen == 0)
		}
	}
}

// nextArrivalChannel finds the channel whose exogenous arrival comes
// first; channels are few, so a scan beats a heap.
func (e *engine) nextArrivalChannel() {
	e.arrMin, e.arrCh = math.Inf(1), -1
	for i, t := range e.arrNext {
		if t < e.arrMin {
			e.arrMin, e.arrCh = t, i
		}
	}
}

// --- arrivals ---

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
	default:
		for {
			if cs.arrI >= e.n {
				return
			}
			end := float64(cs.arrI+1) * e.ilen
			if r := a.Rates[cs.arrI]; r > 0 {
				cs.arrT += cs.arrExp.Rand() / r
				if cs.arrT < end {
					break
				}
			}
			// Poisson arrivals are memoryless: restart at the boundary
			// with the next interval's rate.
			cs.arrI++
			cs.arrT = end
		}
		t = cs.arrT
	}
	if t >= e.horizon {
		return
	}
	e.arrNext[ch] = t
}

func (e *engine) exogenous(ch int) {
	c := e.newContact(ch, &e.chans[ch].primary)
	e.arrive(c)
	e.scheduleArrival(ch)
	e.nextArrivalChannel()
}

func (e *engine) newContact(ch int, d *draws) int32 {
	var id int32
	if e.freeContact >= 0 {
		id = e.freeContact
		e.freeContact = e.contacts[id].next
	} else {
		e.contacts = append(e.contacts, contact{})
		id = int32(len(e.contacts) - 1)
	}
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
	c.deadline = d.patience.draw()
	if sw := cs.ch.Switch; sw != nil {
		if d.decide.Float64() < sw.Share && sw.Threshold < c.deadline {
			c.deadline, c.switches = sw.Threshold, true
		}
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
		e.freeContactSlot(id)
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

// --- queues ---

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
// becomes stale and is dropped when it reaches the front.
func (e *engine) unqueue(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	e.flushQueue(cs)
	cs.waiting--
	cs.pending[c.interval]--
	if cs.pending[c.interval] == 0 && int(c.interval) < e.cur {
		e.closeInterval(cs, int(c.interval))
	}
	q := &cs.queues[c.class]
	if q.n > 64 && q.n > 4*cs.waiting {
		e.compact(q)
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
	if cs.waiting == 0 {
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
	if c.switches {
		t.switched++
		ct.switched++
		cs.switchOut++
		to := cs.ch.Switch.To
		e.freeContactSlot(id)
		nc := e.newContact(to, &e.chans[to].follow)
		e.arrive(nc)
		return
	}
	t.abandoned++
	ct.abandoned++
	if wait <= cs.thr[c.class] {
		t.abandonedEarly++
		ct.abandonedEarly++
	}
	e.freeContactSlot(id)
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

// --- agents ---

// findAgent returns an agent free to take a contact of channel ch that
// arrived at time arrived (overflow skills need it to have waited long
// enough), or -1. Preference: fewest chats in hand, then the channel's
// most preferred group, then the longest idle.
func (e *engine) findAgent(ch int32, arrived float64) int32 {
	cs := &e.chans[ch]
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
	var id int32
	if e.freeAgent >= 0 {
		id = e.freeAgent
		e.freeAgent = e.agents[id].next
	} else {
		e.agents = append(e.agents, agent{})
		id = int32(len(e.agents) - 1)
	}
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

// --- service ---

func (e *engine) startService(id, a int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	ag := &e.agents[a]
	wait := e.now - c.arrive
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
	at := e.now + delay
	if at >= e.horizon {
		return
	}
	nc := e.newContact(f.To, &e.chans[f.To].follow)
	e.contacts[nc].state = stPending
	e.cal.push(mkEvent(at, evFollowOn, nc, e.contacts[nc].gen))
}

func (e *engine) wrapEnd(id int32) {
	c := &e.contacts[id]
	cs := &e.chans[c.channel]
	a := c.agent
	ag := &e.agents[a]
	p := &e.pools[ag.pool]
	w := 1.0
	if cs.chat {
		w = 1 / float64(cs.k)
	}
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

// --- staffing ---

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
		return
	}
	for j, p := range percentiles {
		t.pct[j] = h.quantile(p)
	}
	cs.total.merge(h)
	e.all.merge(h)
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
			t := &cs.iv[c.interval]
			t.unfinished++
			t.waitAll += e.horizon - c.arrive
			ct := &cs.cls[c.class]
			ct.unfinished++
			ct.waitAll += e.horizon - c.arrive
		case stTalking, stWrapping:
			w := 1.0
			if cs.chat {
				w = 1 / float64(cs.k)
			}
			e.addBusy(e.pools[e.agents[c.agent].pool].group, int(c.channel), c.start, e.horizon, w)
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

// clock formats seconds from the horizon start as "day 2 13:05".
func clock(t float64) string {
	s := int64(t)
	return fmt.Sprintf("day %d %02d:%02d", s/86400+1, s%86400/3600, s%3600/60)
}
