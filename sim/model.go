// Package sim is ccsim's discrete-event engine: it replays the arrivals of
// a contact center through agent groups and measures waits, service level,
// abandonment, occupancy, backlog and cost per interval and channel.
//
// A Model is plain data (no files, no YAML): package scenarios builds one
// from a scenario file. Run simulates a model over a number of independent
// replications and merges them into a Result with confidence intervals.
//
// Time is in seconds from the start of the horizon, which begins at 00:00
// local time on its first day. The horizon is cut into intervals of equal
// length; arrival rates and staffing are constant within an interval.
package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
)

// Kind is the kind of a channel.
type Kind uint8

// Channel kinds. Call and Chat are real time: the customer waits on line
// and may abandon. Email and Messaging are deferred: requests never
// abandon, wait in a backlog that carries across intervals and days, and
// are measured by their first-reply time.
const (
	Call Kind = iota
	Chat
	Email
	Messaging
)

var kindNames = [...]string{"call", "chat", "email", "messaging"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", k)
}

// Deferred reports whether contacts of this kind wait in a backlog rather
// than on line.
func (k Kind) Deferred() bool { return k == Email || k == Messaging }

// Model is a contact center to simulate: everything a forecast needs,
// from the arrivals to the costs and the currency they are counted in.
type Model struct {
	// Name says what the model is, for reports; Description says more.
	Name        string
	Description string
	// Currency labels every cost (an ISO 4217 code); it converts nothing.
	Currency string
	// CostPerHandledMinute is a reference cost per minute of handling (an
	// industry benchmark, say) to compare a plan's cost with; 0 means none.
	CostPerHandledMinute float64
	// IntervalSeconds is the length of one interval (900, 1800 or 3600 in
	// scenarios; any positive length is accepted here).
	IntervalSeconds float64
	// Intervals is the number of intervals in the horizon.
	Intervals int
	// StartWeekday labels the first day (0 Sunday ... 6 Saturday); it does
	// not change the simulation.
	StartWeekday int

	Channels []Channel
	Groups   []Group
	// Flows are follow-on contacts created when a contact ends: escalations
	// and repeat contacts. See Flow.
	Flows []Flow
	// Sites are the locations groups work at, with their share of each
	// channel's traffic, their hours and outages. Empty: no routing by
	// site. See Site.
	Sites []Site

	// Seed is the scenario seed; every random stream derives from it.
	Seed uint64
	// Replications is the default number of independent replications.
	Replications int
}

// Horizon is the simulated length in seconds.
func (m *Model) Horizon() float64 { return m.IntervalSeconds * float64(m.Intervals) }

// Channel is a stream of contacts of one kind with its own queue.
type Channel struct {
	Name string
	Kind Kind

	Arrivals Arrivals

	// Handle is talk plus hold time (for deferred work, the time to write
	// the reply); Wrap is the after-contact work that follows it. The
	// customer leaves at the end of Handle; the agent stays busy through
	// Wrap.
	Handle Dist
	Wrap   Dist
	// Patience is how long a real-time customer waits before hanging up;
	// nil means nobody abandons. Ignored for deferred channels.
	Patience *Dist

	// Lines caps the contacts in the system (waiting plus talking); an
	// arrival that finds all lines taken is blocked. 0 means unlimited.
	Lines int

	// Concurrency is how many contacts of this channel one agent may hold
	// at once (chat); 0 and 1 mean one at a time.
	Concurrency int
	// Slowdown stretches handle time under concurrency: a contact shares
	// its agent with j-1 others progresses at speed 1/(1+Slowdown*(j-1)).
	Slowdown float64

	// Classes are the priority classes of the channel, highest priority
	// first; each arrival draws one by Share. Empty means one class with
	// the channel's Target.
	Classes []Class
	// Target is the service target for a channel without classes.
	Target Target

	// Switch sends customers who have waited too long to another channel.
	Switch *Switch
	// Hours are the windows when the channel is open, sorted and not
	// overlapping; nil means always open. What they mean depends on the
	// kind of channel:
	//
	// A real-time channel (call, chat) takes contacts only while open.
	// Arrivals given as Rates arrive only while it is open (the rate of an
	// interval is its rate while open); recorded arrivals (Counts, Times)
	// that fall while it is closed are turned away: counted as offered,
	// blocked and closed, and left out of its shares. A follow-on contact,
	// a redial or a switch that would arrive while it is closed arrives
	// when it next opens. Customers waiting at closing time stay in the
	// queue and are answered.
	//
	// A deferred channel (email, messaging) is worked only while open:
	// requests arrive at any time and wait; agents start replies only
	// while it is open, and finish a reply begun before closing.
	Hours []Window

	// Redial brings a share of blocked and abandoned customers back to
	// this channel after a delay. Nil means nobody tries again.
	Redial *Redial

	// HandleByTime scales Handle by the clock time of a contact's arrival:
	// each factor holds from its time of day until the next, the same
	// every day (a bank's calls are shorter early and late in the day).
	// Sorted by At, the first at 0; nil means a factor of 1 throughout.
	HandleByTime []ClockFactor

	// FollowUp adds work to deferred requests whose customers send
	// duplicate messages while they wait. Nil means none.
	FollowUp *FollowUp

	// SelfService resolves a share of the channel's arrivals before they
	// reach an agent. Nil means none.
	SelfService *SelfService
	// Callback offers waiting real-time customers a call back. Nil means
	// none.
	Callback *Callback
}

// Realtime reports whether the channel's customers wait on line.
func (c *Channel) Realtime() bool { return !c.Kind.Deferred() }

// Arrivals says when contacts arrive. Exactly one of Rates, Counts and
// Times is set.
type Arrivals struct {
	// Rates is the Poisson arrival rate per interval, in contacts per
	// second; len(Rates) == Model.Intervals.
	Rates []float64
	// Counts replays recorded interval counts: exactly Counts[i] arrivals
	// in interval i, placed uniformly at random within it;
	// len(Counts) == Model.Intervals.
	Counts []int
	// Times replays recorded arrival instants in seconds from the start of
	// the horizon, sorted ascending.
	Times []float64
	// TimeClasses, with Times, gives each recorded arrival its class (an
	// index into the channel's Classes) instead of a draw by Share: a
	// backtest replays who was a priority caller.
	TimeClasses []uint8

	// Dispersion makes Rates the mean of a Poisson–gamma mixture: each
	// interval's count has variance Dispersion times its mean (a negative
	// binomial), its rate being the interval's rate times a gamma variate
	// of mean 1 and shape (rate × interval length) / (Dispersion − 1),
	// drawn afresh in every interval of every replication. 0 and 1 mean
	// Poisson. Only with Rates.
	Dispersion float64
	// DayCV is the coefficient of variation of a day's volume beyond the
	// Poisson and interval variation: every rate of a day (86,400 seconds
	// from the horizon's start) is multiplied by one gamma variate of mean
	// 1 and this coefficient of variation, drawn per day and replication,
	// so that a busy day is busy all day. 0 means none. Only with Rates.
	DayCV float64

	// Daily, when set, says how Rates were made: a volume a day spread
	// over the clock by a profile, by weekday (see DailyArrivals.Rates).
	// The engine reads only Rates; Daily lets a model be written back the
	// way it was given.
	Daily *DailyArrivals
}

// ClockFactor is a factor that holds from a time of day (At, seconds
// after midnight) until the next one.
type ClockFactor struct {
	At, Factor float64
}

// ClockFactorAt returns the factor of a step function by time of day at
// t seconds from the horizon's start (a midnight), or 1 without factors.
func ClockFactorAt(fs []ClockFactor, t float64) float64 {
	if len(fs) == 0 {
		return 1
	}
	clock := math.Mod(t, 86400)
	f := fs[0].Factor
	for _, c := range fs[1:] {
		if c.At > clock {
			break
		}
		f = c.Factor
	}
	return f
}

// Class is a priority class within a channel (urgent, high, normal).
type Class struct {
	Name   string
	Share  float64 // share of the channel's arrivals, 0..1; shares sum to 1
	Target Target
}

// Target is what a channel or class must achieve. Zero fields set no target.
type Target struct {
	// Goal of contacts answered (first-replied, for deferred channels)
	// within Threshold seconds, counted over all offered contacts.
	Threshold float64 // seconds
	Goal      float64 // fraction, 0..1
	// ASA is the largest acceptable average speed of answer, seconds.
	ASA float64
	// MaxAbandon is the largest acceptable share of offered contacts that
	// abandon, 0..1.
	MaxAbandon float64
}

// Switch moves customers who have waited Threshold seconds to channel To
// with probability Share: they leave the queue and arrive there at once.
type Switch struct {
	Threshold float64
	Share     float64
	To        int // index into Model.Channels
}

// Redial makes a share of the customers who were blocked or who
// abandoned try again after a delay (the retrials of Erlang X). A redial
// is a new contact of the same channel, with a new handle time and
// patience; it may itself be blocked or abandon and redial again.
type Redial struct {
	Share float64
	Delay Dist
}

// FollowUp models duplicate messages from customers of a deferred channel
// who wait: messages arrive as a Poisson process at Rate per second of
// waiting, and each adds Work to the handling of the request when it is
// finally answered. They add work, not requests.
type FollowUp struct {
	Rate float64 // messages per second of waiting
	Work Dist    // handling added per message
}

// FlowKind tells why a follow-on contact is created.
type FlowKind uint8

// Flow kinds.
const (
	Escalation FlowKind = iota // the contact is passed to another channel
	Repeat                     // the problem was not resolved; the customer comes back
)

func (k FlowKind) String() string {
	if k == Repeat {
		return "repeat"
	}
	return "escalation"
}

// Flow creates a follow-on contact in channel To, Delay after a contact of
// channel From ends its handling, with probability Share. The flows leaving
// one channel are exclusive outcomes of one draw, so their shares sum to at
// most 1: a contact is resolved, or escalated to one channel, or repeated in
// one channel. Follow-on contacts may create follow-ons themselves (chains).
type Flow struct {
	Kind  FlowKind
	From  int // index into Model.Channels
	To    int // index into Model.Channels
	Share float64
	Delay Dist
}

// Group is a team of agents with the same skills and staffing.
type Group struct {
	Name string
	// Skills are the channels the group serves, in the agents' order of
	// preference: a free agent takes the first skill with a contact waiting.
	Skills []Skill

	// Staff is the number of agents taking contacts in each interval
	// (after shrinkage); len(Staff) == Model.Intervals. When it falls,
	// agents busy with a contact finish it before they leave; when it
	// rises, the new agents take from the queue at once.
	Staff []int
	// Paid is the scheduled headcount per interval: agents on duty
	// before shrinkage, paid for (with PaidBreaks, the paid headcount,
	// for cost); nil means Paid equals Staff. SetScheduled keeps Paid and
	// Staff in step.
	Paid []float64
	// Shrinkage is the share of paid time not spent taking contacts
	// (breaks, training, absence), 0..1 (below 1).
	Shrinkage float64
	// Shifts, when set, say how Paid was made on the weekdays that were
	// given as shifts (index 0 Sunday ... 6 Saturday; nil for a weekday
	// given otherwise): the day's shifts laid over it by Shift.Cover. The
	// engine reads only Staff and Paid, and SetScheduled drops Shifts;
	// they let a model be written back the way it was given.
	Shifts *[7][]Shift
	// PaidBreaks are the agents on a paid break per interval, from
	// Shifts: paid for, so they count in cost and in the Paid figure,
	// but neither on duty nor in Paid; nil means none. SetScheduled drops
	// them with Shifts.
	PaidBreaks []float64
	// MaxOccupancy is the planning ceiling on the group's occupancy, 0..1;
	// 0 means none.
	MaxOccupancy float64
	// HourlyCost is the cost of one paid agent hour.
	HourlyCost float64
	// ContactCost is paid per contact handled (outsourcing).
	ContactCost float64
	// Unlimited groups have as many agents as there are contacts to take
	// (an outsourcer paid per contact); Staff is ignored.
	Unlimited bool

	// DeferredReserve is the share of the group's agents that work only
	// deferred skills (email, messaging), 0..1.
	DeferredReserve float64

	// Outages are windows when the group takes no new contacts (a site
	// down). Agents finish the contacts in hand.
	Outages []Window

	// Absence is the probability that an agent on the floor is absent for
	// a whole day (sickness, no-show), independently of the others and of
	// other days, 0..1 (below 1). Each day the agents on the floor form a
	// stack by the order they come on (the k-th agent of an interval is the
	// k-th of every interval of the day that has k or more), and each
	// place of the stack is absent or not for the whole day: an interval
	// with n agents has Binomial(n, 1 − Absence) of them present. Absent
	// agents are paid (Paid is unchanged).
	Absence float64
	// Away is the share of the time on the floor that an agent present is
	// not available (off schedule: late from a break, in a side task), at
	// random times: each agent alternates available and away spells,
	// exponential, the away spells of mean AwaySpell, so that in the long
	// run a share Away of agents is away. 0 means always available
	// (schedule adherence of 100%); below 1.
	Away float64
	// AwaySpell is the mean length of an away spell in seconds; it must
	// be positive when Away is.
	AwaySpell float64

	// Site names the site the group works at (one of Model.Sites); empty
	// means none: the group takes contacts of every site at once.
	Site string
}

// Skill is one channel a group serves.
type Skill struct {
	Channel int // index into Model.Channels
	// After makes the group an overflow for this channel: it takes only
	// contacts that have already waited After seconds.
	After float64
	// HandleFactor scales the handle and wrap times of the channel's
	// contacts when this group handles them (proficiency: 1.3 for a new
	// team 30% slower); 0 means 1.
	HandleFactor float64
	// Handle, when set, is the group's own handle-time distribution for
	// the channel, drawn when the group starts a contact instead of the
	// channel's; HandleFactor then scales only the wrap.
	Handle *Dist
}

// SelfService is the part of a channel's demand that tries to resolve
// itself before reaching an agent (IVR, help pages, a bot). Each
// exogenous arrival tries self-service with probability Share; of those,
// a share Fail does not succeed and arrives at the channel after Delay,
// the others are resolved and cost Cost each. Follow-on contacts,
// redials and switches do not go through self-service.
type SelfService struct {
	Share float64 // of exogenous arrivals, 0..1
	Fail  float64 // of those who try, 0..1
	Delay Dist    // time spent in self-service before coming through
	Cost  float64 // per self-served contact, in the model's currency
}

// Callback offers a waiting real-time customer to be called back instead
// of holding (virtual hold). The offer is made at arrival when the
// expected wait exceeds Threshold (OnWait false), or when the customer
// has waited Threshold (OnWait true). The customer accepts with the
// probability Accept gives for the expected wait at that moment. Every
// callback reaches its customer; a customer who accepted neither
// abandons nor holds a line.
type Callback struct {
	OnWait    bool
	Threshold float64 // seconds
	// Accept is the probability of accepting as a piecewise-linear
	// function of the expected wait, through points of increasing wait and
	// held constant beyond the first and the last; one point is a
	// constant.
	Accept []AcceptPoint
	// KeepPlace keeps the callback's place in the queue: the agent calls
	// back when the customer would have been answered. Otherwise callbacks
	// wait in a queue of their own, first come first served, taken only
	// when no live contact of the channel waits, unless they have waited
	// Ahead seconds since accepting: then they go before live contacts.
	KeepPlace bool
	// Ahead is the wait since accepting after which a callback goes before
	// live contacts (separate queue only); +Inf means never.
	Ahead float64
	// Promise is the time within which callbacks are promised, measured
	// from acceptance; callbacks made within it count as kept. 0 means no
	// promise.
	Promise float64
}

// AcceptPoint is one point of a callback acceptance curve: customers
// offered an expected wait of Wait seconds accept with probability Share.
type AcceptPoint struct{ Wait, Share float64 }

// Site is a location with its own groups (Group.Site names it), its share
// of the traffic of the channels it takes, its opening hours and its
// outages. A contact of a channel that sites share is routed to one site
// at arrival, by Shares among the sites open and not in an outage at that
// moment; it waits for that site's groups (and groups of no site) until
// it has waited OverflowAfter, then any site's groups may take it. While
// a site is closed or down its groups take no new contacts.
type Site struct {
	Name string
	// Shares is the site's share of each channel's traffic, by channel
	// index; a channel routed by site has shares summing to 1 over the
	// sites. Nil or 0: the site gets none of the channel.
	Shares []float64
	// OverflowAfter is the wait after which a contact routed here may go
	// to another site's groups; +Inf means never.
	OverflowAfter float64
	// Hours are the site's opening windows (sorted, not overlapping); nil
	// means always open.
	Hours []Window
	// Outages are windows when the whole site is down.
	Outages []Window
}

// Window is a span of time [From, To) in seconds from the horizon start.
type Window struct {
	From, To float64
}

// Validate checks the model's internal consistency: lengths, indices and
// ranges. Package scenarios reports user errors with file positions before
// a model is built; Validate guards the engine against programming errors
// and hand-built models.
func (m *Model) Validate() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !(m.IntervalSeconds > 0) || math.IsInf(m.IntervalSeconds, 0) {
		add("sim: interval length %v must be positive", m.IntervalSeconds)
	}
	if m.Intervals <= 0 {
		add("sim: intervals %d must be positive", m.Intervals)
	}
	if !(m.CostPerHandledMinute >= 0) || math.IsInf(m.CostPerHandledMinute, 0) {
		add("sim: cost per handled minute %v", m.CostPerHandledMinute)
	}
	if len(m.Channels) == 0 {
		add("sim: no channels")
	}
	nch := len(m.Channels)
	for i := range m.Channels {
		c := &m.Channels[i]
		p := fmt.Sprintf("sim: channel %q", c.Name)
		if c.Kind > Messaging {
			add("%s: unknown kind %d", p, c.Kind)
		}
		a := c.Arrivals
		given := 0
		for _, set := range []bool{a.Rates != nil, a.Counts != nil, a.Times != nil} {
			if set {
				given++
			}
		}
		switch {
		case given > 1:
			add("%s: arrivals give more than one of rates, counts and times", p)
		case a.Counts != nil:
			if len(a.Counts) != m.Intervals {
				add("%s: %d arrival counts for %d intervals", p, len(a.Counts), m.Intervals)
			}
			for j, n := range a.Counts {
				if n < 0 {
					add("%s: arrival count %d in interval %d", p, n, j)
					break
				}
			}
		case a.Rates != nil:
			if len(a.Rates) != m.Intervals {
				add("%s: %d arrival rates for %d intervals", p, len(a.Rates), m.Intervals)
			}
			for j, r := range a.Rates {
				if !(r >= 0) || math.IsInf(r, 0) {
					add("%s: arrival rate %v in interval %d", p, r, j)
					break
				}
			}
		case a.Times != nil:
			for j, t := range a.Times {
				if !(t >= 0) || math.IsInf(t, 0) || (j > 0 && t < a.Times[j-1]) {
					add("%s: arrival times must be finite, non-negative and sorted (index %d)", p, j)
					break
				}
			}
		}
		if !(a.Dispersion == 0 || a.Dispersion >= 1) || !(a.Dispersion <= 1e6) {
			add("%s: dispersion %v must be 0 or from 1 to 10^6", p, a.Dispersion)
		}
		if !(a.DayCV >= 0 && a.DayCV <= 10) {
			add("%s: day cv %v must be from 0 to 10", p, a.DayCV)
		}
		if (a.Dispersion > 1 || a.DayCV > 0) && a.Rates == nil {
			add("%s: dispersion and day cv apply only to arrivals given as rates", p)
		}
		if a.Daily != nil {
			if a.Rates == nil {
				add("%s: daily arrivals without the rates they make", p)
			}
			if err := a.Daily.validate(); err != nil {
				add("%s: %v", p, err)
			}
		}
		check := func(name string, d Dist) {
			if err := d.Validate(); err != nil {
				add("%s: %s: %v", p, name, err)
			}
		}
		check("handle", c.Handle)
		if c.Handle.Validate() == nil && !(c.Handle.Average() > 0) {
			// Zero handle times with zero-delay flows could loop forever
			// without the clock moving.
			add("%s: handle time must have a positive mean", p)
		}
		check("wrap", c.Wrap)
		if c.Patience != nil {
			check("patience", *c.Patience)
		}
		if c.Lines < 0 {
			add("%s: lines %d", p, c.Lines)
		}
		if c.Concurrency < 0 || c.Concurrency > 1000 {
			add("%s: concurrency %d", p, c.Concurrency)
		}
		if !(c.Slowdown >= 0) || math.IsInf(c.Slowdown, 0) {
			add("%s: slowdown %v", p, c.Slowdown)
		}
		sum := 0.0
		for _, cl := range c.Classes {
			if !(cl.Share >= 0 && cl.Share <= 1) {
				add("%s: class %q share %v", p, cl.Name, cl.Share)
			}
			sum += cl.Share
			if err := cl.Target.validate(); err != nil {
				add("%s: class %q: %v", p, cl.Name, err)
			}
		}
		if len(c.Classes) > 0 && math.Abs(sum-1) > 1e-9 {
			add("%s: class shares sum to %v, not 1", p, sum)
		}
		if len(c.Classes) > 255 {
			add("%s: %d classes (at most 255)", p, len(c.Classes))
		}
		if err := c.Target.validate(); err != nil {
			add("%s: %v", p, err)
		}
		if s := c.Switch; s != nil {
			if s.To < 0 || s.To >= nch || s.To == i {
				add("%s: switch to channel %d", p, s.To)
			}
			// A positive threshold keeps two channels that switch to each
			// other from passing a customer back and forth at one instant.
			if !(s.Threshold > 0) || math.IsInf(s.Threshold, 0) || !(s.Share >= 0 && s.Share <= 1) {
				add("%s: switch threshold %v share %v", p, s.Threshold, s.Share)
			}
		}
		for j, w := range c.Hours {
			if !(w.From < w.To) || math.IsInf(w.From, 0) || math.IsInf(w.To, 0) || (j > 0 && w.From < c.Hours[j-1].To) {
				add("%s: opening hours must be increasing, non-overlapping windows (window %d)", p, j)
				break
			}
		}
		for j, f := range c.HandleByTime {
			if !(f.At >= 0 && f.At < 86400) || (j == 0 && f.At != 0) || (j > 0 && f.At <= c.HandleByTime[j-1].At) ||
				!(f.Factor > 0) || math.IsInf(f.Factor, 0) {
				add("%s: handle factors by time must start at 00:00, increase in time within the day and be positive (factor %d)", p, j)
				break
			}
		}
		if tc := a.TimeClasses; tc != nil {
			if len(tc) != len(a.Times) {
				add("%s: %d arrival classes for %d arrival times", p, len(tc), len(a.Times))
			}
			for _, k := range tc {
				if int(k) >= max(1, len(c.Classes)) {
					add("%s: arrival class %d, but the channel has %d classes", p, k, len(c.Classes))
					break
				}
			}
		}
		if r := c.Redial; r != nil {
			// A redial share below 1 keeps the chain of retries finite.
			if !(r.Share >= 0 && r.Share < 1) {
				add("%s: redial share %v must be in [0, 1)", p, r.Share)
			}
			check("redial delay", r.Delay)
		}
		if f := c.FollowUp; f != nil {
			if !(f.Rate >= 0) || math.IsInf(f.Rate, 0) {
				add("%s: follow-up rate %v", p, f.Rate)
			}
			check("follow-up work", f.Work)
		}
		if s := c.SelfService; s != nil {
			if !(s.Share >= 0 && s.Share <= 1) || !(s.Fail >= 0 && s.Fail <= 1) {
				add("%s: self-service share %v, fail %v must be in [0, 1]", p, s.Share, s.Fail)
			}
			if !(s.Cost >= 0) || math.IsInf(s.Cost, 0) {
				add("%s: self-service cost %v", p, s.Cost)
			}
			check("self-service delay", s.Delay)
		}
		if cb := c.Callback; cb != nil {
			if !c.Realtime() {
				add("%s: callbacks apply only to real-time channels", p)
			}
			if err := cb.validate(); err != nil {
				add("%s: callback: %v", p, err)
			}
		}
	}
	out := make([]float64, nch)
	for _, f := range m.Flows {
		if f.From < 0 || f.From >= nch || f.To < 0 || f.To >= nch {
			add("sim: flow %d->%d: channel out of range", f.From, f.To)
			continue
		}
		if !(f.Share >= 0 && f.Share <= 1) {
			add("sim: flow %s->%s: share %v", m.Channels[f.From].Name, m.Channels[f.To].Name, f.Share)
		}
		out[f.From] += f.Share
		if err := f.Delay.Validate(); err != nil {
			add("sim: flow %s->%s: delay: %v", m.Channels[f.From].Name, m.Channels[f.To].Name, err)
		}
	}
	for i, s := range out {
		if s > 1+1e-9 {
			add("sim: flows leaving channel %q have shares summing to %v (more than 1)", m.Channels[i].Name, s)
		}
	}
	if len(m.Groups) == 0 {
		add("sim: no agent groups")
	}
	for _, g := range m.Groups {
		p := fmt.Sprintf("sim: group %q", g.Name)
		if len(g.Skills) == 0 {
			add("%s: no skills", p)
		}
		for _, s := range g.Skills {
			if s.Channel < 0 || s.Channel >= nch {
				add("%s: skill channel %d out of range", p, s.Channel)
			}
			if !(s.After >= 0) || math.IsInf(s.After, 0) {
				add("%s: overflow delay %v", p, s.After)
			}
			if !(s.HandleFactor >= 0 && s.HandleFactor <= 100) {
				add("%s: handle factor %v must be from 0 (meaning 1) to 100", p, s.HandleFactor)
			}
			if s.Handle != nil {
				if err := s.Handle.Validate(); err != nil {
					add("%s: handle: %v", p, err)
				} else if !(s.Handle.Average() > 0) {
					add("%s: its own handle time must have a positive mean", p)
				}
			}
		}
		if !(g.Absence >= 0 && g.Absence < 1) {
			add("%s: absence %v must be in [0, 1)", p, g.Absence)
		}
		if !(g.Away >= 0 && g.Away < 1) {
			add("%s: away share %v must be in [0, 1)", p, g.Away)
		}
		if g.Away > 0 && (!(g.AwaySpell > 0) || math.IsInf(g.AwaySpell, 0)) {
			add("%s: away spell %v must be positive", p, g.AwaySpell)
		}
		if g.Site != "" && !slices.ContainsFunc(m.Sites, func(s Site) bool { return s.Name == g.Site }) {
			add("%s: unknown site %q", p, g.Site)
		}
		if !g.Unlimited && len(g.Staff) != m.Intervals {
			add("%s: %d staffing values for %d intervals", p, len(g.Staff), m.Intervals)
		}
		for _, n := range g.Staff {
			if n < 0 || n > 10_000_000 {
				add("%s: staff %d", p, n)
				break
			}
		}
		// Headcounts per interval, when given: one each, finite, none
		// negative.
		for _, hc := range []struct {
			what   string
			values []float64
		}{{"paid headcount", g.Paid}, {"agents on a paid break", g.PaidBreaks}} {
			if hc.values != nil && len(hc.values) != m.Intervals {
				add("%s: %d values of %s for %d intervals", p, len(hc.values), hc.what, m.Intervals)
			}
			for _, v := range hc.values {
				if !(v >= 0) || math.IsInf(v, 0) {
					add("%s: %s %v", p, hc.what, v)
					break
				}
			}
		}
		if !(g.HourlyCost >= 0) || math.IsInf(g.HourlyCost, 0) || !(g.ContactCost >= 0) || math.IsInf(g.ContactCost, 0) {
			add("%s: costs must be finite and non-negative", p)
		}
		if !(g.Shrinkage >= 0 && g.Shrinkage < 1) {
			add("%s: shrinkage %v must be in [0, 1)", p, g.Shrinkage)
		}
		if !(g.MaxOccupancy >= 0 && g.MaxOccupancy <= 1) {
			add("%s: max occupancy %v", p, g.MaxOccupancy)
		}
		if !(g.DeferredReserve >= 0 && g.DeferredReserve <= 1) {
			add("%s: deferred reserve %v", p, g.DeferredReserve)
		}
		for _, w := range g.Outages {
			if !(w.From < w.To) || math.IsInf(w.From, 0) || math.IsInf(w.To, 0) {
				add("%s: outage [%v, %v)", p, w.From, w.To)
			}
		}
	}
	if err := m.validateSites(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		// A loop of follow-ons at 100% never ends (each arrival leads to
		// unboundedly many contacts); the indices above must hold first.
		if _, loop := m.FollowOns(); loop != nil {
			errs = append(errs, m.loopError(loop))
		}
	}
	return errors.Join(errs...)
}

func (cb *Callback) validate() error {
	var errs []error
	if !(cb.Threshold >= 0) || math.IsInf(cb.Threshold, 0) {
		errs = append(errs, fmt.Errorf("threshold %v", cb.Threshold))
	}
	if len(cb.Accept) == 0 {
		errs = append(errs, errors.New("no acceptance share"))
	}
	for j, pt := range cb.Accept {
		if !(pt.Share >= 0 && pt.Share <= 1) || !(pt.Wait >= 0) || math.IsInf(pt.Wait, 0) || (j > 0 && !(pt.Wait > cb.Accept[j-1].Wait)) {
			errs = append(errs, fmt.Errorf("acceptance point %d (%v s, %v): waits must increase, shares be in [0, 1]", j, pt.Wait, pt.Share))
			break
		}
	}
	if !(cb.Ahead >= 0) {
		errs = append(errs, fmt.Errorf("ahead %v", cb.Ahead))
	}
	if !(cb.Promise >= 0) || math.IsInf(cb.Promise, 0) {
		errs = append(errs, fmt.Errorf("promise %v", cb.Promise))
	}
	return errors.Join(errs...)
}

// MaxSites bounds the sites of a model.
const MaxSites = 100

// validateSites checks the sites and that each channel they share is
// shared out whole and served at every site that gets some of it.
func (m *Model) validateSites() error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(m.Sites) > MaxSites {
		add("sim: %d sites (at most %d)", len(m.Sites), MaxSites)
	}
	nch := len(m.Channels)
	sum := make([]float64, nch)
	for i, s := range m.Sites {
		p := fmt.Sprintf("sim: site %q", s.Name)
		if s.Name == "" || slices.ContainsFunc(m.Sites[:i], func(o Site) bool { return o.Name == s.Name }) {
			add("%s: a site needs a name of its own", p)
		}
		if s.Shares != nil && len(s.Shares) != nch {
			add("%s: %d shares for %d channels", p, len(s.Shares), nch)
			continue
		}
		for c, v := range s.Shares {
			if !(v >= 0 && v <= 1) {
				add("%s: share %v of channel %d", p, v, c)
			}
			sum[c] += v
			if v > 0 && !m.siteServes(s.Name, c) {
				add("%s: gets a share of channel %q but none of its groups serves it", p, m.Channels[c].Name)
			}
		}
		if !(s.OverflowAfter >= 0) {
			add("%s: overflow delay %v", p, s.OverflowAfter)
		}
		for j, w := range s.Hours {
			if !(w.From < w.To) || math.IsInf(w.From, 0) || math.IsInf(w.To, 0) || (j > 0 && w.From < s.Hours[j-1].To) {
				add("%s: opening hours must be increasing, non-overlapping windows (window %d)", p, j)
				break
			}
		}
		for _, w := range s.Outages {
			if !(w.From < w.To) || math.IsInf(w.From, 0) || math.IsInf(w.To, 0) {
				add("%s: outage [%v, %v)", p, w.From, w.To)
			}
		}
	}
	for c, v := range sum {
		if v != 0 && math.Abs(v-1) > 1e-9 {
			add("sim: channel %q: site shares sum to %v, not 1", m.Channels[c].Name, v)
		}
	}
	return errors.Join(errs...)
}

// siteServes reports whether a group of the named site serves channel c.
func (m *Model) siteServes(site string, c int) bool {
	for _, g := range m.Groups {
		if g.Site == site && slices.ContainsFunc(g.Skills, func(s Skill) bool { return s.Channel == c }) {
			return true
		}
	}
	return false
}

// Routed reports whether sites share the traffic of channel c.
func (m *Model) Routed(c int) bool {
	for _, s := range m.Sites {
		if c < len(s.Shares) && s.Shares[c] > 0 {
			return true
		}
	}
	return false
}

func (t Target) validate() error {
	if !(t.Threshold >= 0) || math.IsInf(t.Threshold, 0) || !(t.Goal >= 0 && t.Goal <= 1) {
		return fmt.Errorf("target %v within %vs", t.Goal, t.Threshold)
	}
	if !(t.ASA >= 0) || math.IsInf(t.ASA, 0) || !(t.MaxAbandon >= 0 && t.MaxAbandon <= 1) {
		return fmt.Errorf("target ASA %v, max abandon %v", t.ASA, t.MaxAbandon)
	}
	return nil
}

// NextOpen returns the first instant at or after t when the channel is
// open, or +Inf if it never opens again.
func (c *Channel) NextOpen(t float64) float64 {
	from, _ := c.nextWindow(t)
	return from
}

// OpenSeconds returns how long the channel is open within [from, to).
func (c *Channel) OpenSeconds(from, to float64) float64 {
	open := 0.0
	for t := from; t < to; {
		a, b := c.nextWindow(t)
		if a >= to {
			break
		}
		b = min(b, to)
		open += b - a
		t = b
	}
	return open
}

// nextWindow returns the open time from t on: the first instant at or
// after t when the channel is open and the end of that opening, or +Inf
// twice if it never opens again.
func (c *Channel) nextWindow(t float64) (from, to float64) {
	if c.Hours == nil {
		return t, math.Inf(1)
	}
	// The first window that ends after t.
	lo := sort.Search(len(c.Hours), func(i int) bool { return c.Hours[i].To > t })
	if lo == len(c.Hours) {
		return math.Inf(1), math.Inf(1)
	}
	return max(t, c.Hours[lo].From), c.Hours[lo].To
}
