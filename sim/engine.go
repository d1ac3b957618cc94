package sim

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

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
	sgen     uint32  // changes when a chat's end is rescheduled
	accepted float64 // when the customer accepted a callback
	flow     int16   // index into Model.Flows to follow on handling, -1 none
	class    uint8
	state    uint8
	site     uint8 // the site it was routed to (channels routed by site)
	cb       uint8 // cbNone, or the kind of callback accepted
	switches bool  // leaves by switching channel, not by hanging up
	redials  bool  // tries again if blocked or after abandoning
}

// Callback states of a contact.
const (
	cbNone   uint8 = iota // a live contact
	cbKeep                // a callback that kept its place in the queue
	cbQueued              // a callback in the channel's callback queue
)

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

// tally counts a channel's contacts by arrival interval.
type tally struct {
	offered, answered, abandoned, blocked, switched, unfinished int64
	within, abandonedEarly                                      int64
	// closed counts the blocked contacts that arrived while their channel
	// was closed; censored the unfinished ones whose target time had not
	// run out when the horizon ended, whose outcome is unknown. Shares
	// leave both out of the contacts they are shares of.
	closed, censored                          int64
	completed, escalated, repeats, followups  int64
	waitAnswered, waitAll, maxWait, handleSum float64
	pct                                       [5]float64
	// Self-service: resolved, failed (and came through later), their cost.
	selfServed, selfFailed int64
	selfCost               float64
	// Callbacks offered, accepted, made (an agent started them) and made
	// within their promise; the wait from acceptance of those made.
	cbOffered, cbAccepted, cbMade, cbKept int64
	cbWait                                float64
	// Contacts answered live (not called back) and their waits.
	liveAnswered int64
	liveWait     float64
	// Contacts answered by a group of another site than theirs.
	siteOverflows int64
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
	t.closed += o.closed
	t.censored += o.censored
	t.completed += o.completed
	t.escalated += o.escalated
	t.repeats += o.repeats
	t.followups += o.followups
	t.waitAnswered += o.waitAnswered
	t.waitAll += o.waitAll
	t.handleSum += o.handleSum
	t.maxWait = max(t.maxWait, o.maxWait)
	t.selfServed += o.selfServed
	t.selfFailed += o.selfFailed
	t.selfCost += o.selfCost
	t.cbOffered += o.cbOffered
	t.cbAccepted += o.cbAccepted
	t.cbMade += o.cbMade
	t.cbKept += o.cbKept
	t.cbWait += o.cbWait
	t.liveAnswered += o.liveAnswered
	t.liveWait += o.liveWait
	t.siteOverflows += o.siteOverflows
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
	ch    *Channel
	index int // in Model.Channels
	// handleFactor is HandleByTime at each interval's start (nil
	// without it).
	handleFactor []float64
	k            int // concurrency; 1 for single-occupancy contacts
	chat         bool
	realtime     bool
	// open is false while a deferred channel is closed: its requests wait
	// and no agent starts one. A real-time channel is always "open" here:
	// its hours shape its arrivals instead.
	open  bool
	speed []float64 // chat speed with j+1 chats talking at one agent

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

	// rates are this replication's arrival rates: the model's, times the
	// gamma multipliers of over-dispersed demand.
	rates []float64

	selfService *SelfService
	ssRand      *rand.Rand
	ssDelay     sampler

	callback *Callback
	cbRand   *rand.Rand
	cbWork   float64 // mean handle and wrap time, for the expected wait
	cbQueue  bool    // callbacks wait in a queue of their own
	cbAhead  bool    // ... and may go before live contacts

	// Routing by site: nsites queues blocks (1 when not routed), each of
	// nq rings: the classes, then the callback queue if any.
	routed    bool
	nsites    int
	nclass    int
	nq        int
	siteShare []float64 // the channel's share at each site
	overflow  []float64 // each site's overflow delay
	siteRand  *rand.Rand

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
	redialOut int64
	redialer  sampler // redial delays
}

// poolState is a set of agents with the same skills and staffing: a group,
// or the part of a group reserved for deferred work.
type poolState struct {
	group     int
	site      int // index into Model.Sites, -1 none
	unlimited bool
	skills    []chanPool // channel in pool field
	staff     []int      // agents present per interval (absent ones left out)
	kmax      int
	heads     []int32
	tails     []int32
	members   []int32
	onShift   int
	outage    int
	presArea  float64
	presLast  float64

	// prof is the group's proficiency by channel index; nil when it
	// handles every channel at the channel's own times.
	prof []proficiency

	// Adherence: of the present agents the pool should have now (base),
	// away are away; the others are on shift.
	adhere   bool
	base     int
	away     int
	awayGen  uint32
	awayRand *rand.Rand
	awayArea float64
	awayLast float64
}

// proficiency is how a group handles one channel.
type proficiency struct {
	factor float64  // scales handle (without its own distribution) and wrap
	handle *sampler // its own handle-time distribution, or nil
}

// groupAcc accumulates a group's time-based measures per interval.
type groupAcc struct {
	presence  []float64 // agent-seconds on the floor
	busy      []float64 // agent-seconds handling
	busyCh    []float64 // [channel*intervals + interval]
	handled   []int64
	unitCosts []float64
	absent    []float64 // agent-seconds absent for the day
	away      []float64 // agent-seconds away (adherence)
}

// outageRef is a window when a group, or every group of a site (group
// -1), takes no new contacts.
type outageRef struct {
	group    int
	site     int
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
	siteDown    []int     // per site: > 0 while closed or in an outage
	sitePools   [][]int   // per site: its groups' pools
	arrNext     []float64 // next exogenous arrival per channel
	arrMin      float64   // the earliest of arrNext
	arrCh       int       // its channel
	histFree    []*waitHist
	all         waitHist
	byTiming    [2]waitHist // real-time channels' waits, deferred channels'
	periods     *periodPct  // the waits of days and weeks
	events      int64
	progress    *int64
	// trace, when set (tests only), hears the fate of every contact as
	// it is decided, so that per-interval figures can be checked against
	// exact computations over the contacts themselves.
	trace func(c *contact, f fate, wait float64)
	// onNewContact, when set (tests only), may change a contact's drawn
	// attributes as it is created, so that a test can give each contact
	// the handle time its hand-worked timeline needs.
	onNewContact func(c *contact)
}

// fate is what became of a contact, as the trace hook hears it.
type fate uint8

const (
	fateAnswered   fate = iota // reached an agent after waiting wait
	fateAbandoned              // hung up after waiting wait
	fateSwitched               // left for another channel after waiting wait
	fateBlocked                // found every line taken
	fateClosed                 // arrived while its channel was closed
	fateUnfinished             // still waiting at the end, after wait
)

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
		cs.index = i
		cs.k = max(1, ch.Concurrency)
		cs.chat = cs.k > 1
		cs.realtime = ch.Realtime()
		cs.open = cs.realtime || ch.NextOpen(0) == 0
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
		if rd := ch.Redial; rd != nil {
			cs.redialer = newSampler(rd.Delay, ds)
		}
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
		if ch.HandleByTime != nil {
			cs.handleFactor = make([]float64, n)
			for i := range n {
				cs.handleFactor[i] = ClockFactorAt(ch.HandleByTime, float64(i)*m.IntervalSeconds)
			}
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
		cs.rates = ch.Arrivals.Rates
		if a := &ch.Arrivals; a.Rates != nil && (a.Dispersion > 1 || a.DayCV > 0) {
			cs.rates = e.disperse(ch, src(streamDemand))
		}
		if ss := ch.SelfService; ss != nil && ss.Share > 0 {
			st := src(streamSelfService)
			cs.selfService, cs.ssRand, cs.ssDelay = ss, rand.New(st), newSampler(ss.Delay, st)
		}
		if cb := ch.Callback; cb != nil && cs.realtime {
			cs.callback = cb
			cs.cbRand = rand.New(src(streamCallback))
			cs.cbWork = ch.Handle.Average() + ch.Wrap.Average()
			cs.cbQueue = !cb.KeepPlace
			cs.cbAhead = cs.cbQueue && !math.IsInf(cb.Ahead, 1)
		}
		cs.nclass, cs.nq, cs.nsites = nc, nc, 1
		if cs.cbQueue {
			cs.nq++
		}
		if m.Routed(i) {
			cs.routed, cs.nsites = true, len(m.Sites)
			cs.siteRand = rand.New(src(streamSites))
			for _, st := range m.Sites {
				share := 0.0
				if st.Shares != nil {
					share = st.Shares[i]
				}
				cs.siteShare = append(cs.siteShare, share)
				cs.overflow = append(cs.overflow, st.OverflowAfter)
			}
		}
		cs.queues = make([]ring, cs.nsites*cs.nq)
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
	realtime := make([]bool, len(e.chans))
	for i := range e.chans {
		realtime[i] = e.chans[i].realtime
	}
	e.periods = newPeriodPct(m.Timeline(), realtime)

	nch := len(m.Channels)
	e.groups = make([]groupAcc, len(m.Groups))
	e.groupPools = make([][]int, len(m.Groups))
	e.siteDown = make([]int, len(m.Sites))
	e.sitePools = make([][]int, len(m.Sites))
	for gi := range m.Groups {
		g := &m.Groups[gi]
		e.groups[gi] = groupAcc{
			presence: make([]float64, n), busy: make([]float64, n), busyCh: make([]float64, nch*n),
			handled: make([]int64, n), unitCosts: make([]float64, n), absent: make([]float64, n), away: make([]float64, n),
		}
		staff := g.Staff
		if g.Absence > 0 && !g.Unlimited {
			staff = e.absence(g, e.groups[gi].absent, newStream(m.Seed, rep, gi, streamAbsence))
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
			s := staff[i]
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
		e.setGroupPools(gi, rep)
		for _, w := range g.Outages {
			e.outages = append(e.outages, outageRef{group: gi, site: -1, from: w.From, to: w.To})
		}
	}
	for si := range m.Sites {
		st := &m.Sites[si]
		for _, w := range append(closedWindows(st.Hours, e.horizon), st.Outages...) {
			e.outages = append(e.outages, outageRef{group: -1, site: si, from: w.From, to: w.To})
		}
	}
	// Each channel lists the pools serving it, best rank first (ties in
	// pool order), and the distinct overflow delays it needs events for.
	for pi := range e.pools {
		for _, s := range e.pools[pi].skills {
			cs := &e.chans[s.pool]
			cs.pools = append(cs.pools, chanPool{pool: int32(pi), rank: s.rank, after: s.after})
			if s.after > 0 && !slices.Contains(cs.afters, s.after) {
				cs.afters = append(cs.afters, s.after)
			}
		}
	}
	for i := range e.chans {
		cs := &e.chans[i]
		slices.SortStableFunc(cs.pools, func(a, b chanPool) int { return cmp.Compare(a.rank, b.rank) })
		slices.Sort(cs.afters)
	}
	return e
}

func (e *engine) addPool(group int, skills []chanPool, staff []int, unlimited bool) {
	kmax := 1
	for _, s := range skills {
		kmax = max(kmax, e.chans[s.pool].k)
	}
	p := poolState{group: group, site: -1, unlimited: unlimited, skills: skills, staff: staff, kmax: kmax,
		heads: make([]int32, kmax), tails: make([]int32, kmax)}
	for j := range kmax {
		p.heads[j], p.tails[j] = -1, -1
	}
	e.pools = append(e.pools, p)
	e.groupPools[group] = append(e.groupPools[group], len(e.pools)-1)
}

// run simulates the horizon. It returns ctx.Err() if cancelled.
func (e *engine) run() error {
	e.arrNext = make([]float64, len(e.chans))
	for i := range e.chans {
		e.scheduleArrival(i)
	}
	e.nextArrivalChannel()
	for i := range e.chans {
		cs := &e.chans[i]
		if cs.realtime {
			continue
		}
		for _, w := range cs.ch.Hours {
			if w.From >= e.horizon {
				break
			}
			if w.From > 0 {
				e.cal.push(mkEvent(w.From, evHours, int32(i), 0))
			}
			if w.To < e.horizon {
				e.cal.push(mkEvent(w.To, evHours, int32(i), 1))
			}
		}
	}
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
				return fmt.Errorf("sim: more than %d contacts in the system at once at %s: the model is far understaffed or its arrivals far too many", MaxContacts, e.m.Timeline().At(e.now))
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
		case evHours:
			e.setOpen(int(a), ev.gen == 0)
		case evCallback:
			e.callbackDue(a, ev.gen)
		case evAway:
			e.awayEvent(int(a), ev.gen)
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

// reuse returns the index of a slot of *s for a new record: the head of
// the free list that starts at *free, which then moves on to the slot the
// head links to, or else a zero record appended. Agents and contacts are
// kept this way, so that a run allocates for the most in the system at
// once, not for every arrival.
func reuse[T any](s *[]T, free *int32, link func(*T) int32) int32 {
	if id := *free; id >= 0 {
		*free = link(&(*s)[id])
		return id
	}
	var zero T
	*s = append(*s, zero)
	return int32(len(*s) - 1)
}
