package backtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/sim"
)

// Options configure a Replay. Zero values take the defaults.
type Options struct {
	// Window selects the days replayed and scored.
	Window contactlog.DayWindow
	// From and To bound the time of day scored, [From, To); To 0 means
	// the end of the day.
	From, To time.Duration
	// IntervalSeconds is the interval scored (default 1800); it must
	// divide a day.
	IntervalSeconds int
	// StaffSeconds is the resolution at which the inferred staffing
	// changes in the simulation (default 300, or the interval when 300
	// does not divide it); it must divide the interval.
	StaffSeconds int
	// AgentGap defines on duty as in contactlog.AggregateOptions (default 1800); use
	// the value the scenario was calibrated with.
	AgentGap float64
	// SpellEdge widens the on-duty spells at both ends, as in
	// contactlog.AggregateOptions; use the value the scenario was
	// calibrated with.
	SpellEdge float64
	// Threshold is the service-level threshold in seconds; 0 takes the
	// scenario's target.
	Threshold float64
	// Replications and Seed replace the scenario's when not zero.
	Replications int
	Seed         uint64
	// ErlangPatience is the mean patience Erlang A takes, in seconds; 0
	// takes the mean of the scenario's patience distribution.
	ErlangPatience float64
	// Priority lists the priority values (contactlog.Contact.Priority) of
	// the contacts that belong to the first class of a channel with two
	// classes, as calibrate's HighPriority makes them; the others belong to
	// the second. Each replayed arrival then keeps its logged class
	// instead of drawing one by the classes' shares. Empty draws by share.
	Priority []string
	// Workers is how many replications of a day are simulated at once
	// (sim.Options.Workers); 0 means GOMAXPROCS. It never changes the
	// result.
	Workers int
}

// Measures are the three figures a backtest compares, for one interval or
// a summary. Undefined figures are NaN.
type Measures struct {
	// AbandonRate is abandoned over offered.
	AbandonRate float64
	// ServiceLevel is answered within the threshold over offered.
	ServiceLevel float64
	// ASA is the mean wait of answered contacts, in seconds.
	ASA float64
}

// Methods holds one kind of figure for each predicting method.
type Methods struct {
	Sim, ErlangA, ErlangC Measures
}

// Interval is one scored interval.
type Interval struct {
	// Start is the interval's local start.
	Start time.Time
	// Offered counts the contacts that arrived in it.
	Offered int
	// Agents is the mean staff taking contacts: the on-duty estimate
	// times one minus the scenario's shrinkage.
	Agents float64
	// AHT and Patience are the mean handle time (with after-contact
	// work) and the mean patience given to the Erlang models, seconds.
	AHT, Patience float64
	Observed      Measures
	// Predicted is the simulator's mean over replications; Spread is
	// the mean absolute deviation of one replication from that mean.
	Predicted, Spread Measures
	ErlangA, ErlangC  Measures
}

// Summary scores the methods over every scored interval.
type Summary struct {
	// MAE is the arrival-weighted mean absolute error of each method:
	// the sum over intervals of offered × |predicted - observed| over the
	// sum of offered, each measure over the intervals where both figures
	// are defined. Bias is the same with signed errors.
	MAE, Bias Methods
	// Spread is the arrival-weighted mean of the simulator's spread: how
	// far one replication lands from the mean, about how far an observed
	// interval would land from a perfect forecast by chance alone.
	Spread Measures
	// Observed is the arrival-weighted mean of what the log shows.
	Observed Measures
	// Undefined counts the intervals in which a method's ASA is undefined:
	// Erlang C when the load reaches the agents (its queue grows without
	// bound: no abandonment, no service within any threshold), Erlang A
	// with no agents, the simulator or the log when nobody was answered.
	UndefinedASA struct{ Observed, Sim, ErlangA, ErlangC int }
}

// Result is the outcome of Replay.Run.
type Result struct {
	Scenario        string
	IntervalSeconds int
	Threshold       float64
	Replications    int
	Seed            uint64
	// Days lists the days replayed.
	Days      []time.Time
	Offered   int
	Intervals []Interval
	Summary   Summary
}

// Replay replays a log through a model: for every day in the window,
// the logged arrivals (their timestamps) go through the simulator with
// the scenario's handle time, after-contact work and patience and the
// staffing inferred from the same day of the log, and the result is
// compared per interval with what the log shows, beside Erlang A and
// Erlang C on the same inputs. Feed the log with Add, then call Run.
//
// The staffing is the log's on-duty estimate (contactlog.Staffing.OnDuty, at
// StaffSeconds resolution) times one minus the shrinkage of the
// scenario's staffed group, rounded to whole agents so that the agent-time
// of each interval is kept (the remainders carry to the next step). Flows
// and redials of the scenario are left out, since the log's arrivals
// already hold the contacts they would create. Each day starts empty at
// 00:00 and runs an hour past midnight with the next day's arrivals and
// staff, so that callers still waiting at midnight are served or abandon.
type Replay struct {
	model     *sim.Model // the backtest's own copy
	opt       Options
	group     int
	shrinkage float64
	obs, fine *contactlog.Aggregator
	// arrivals holds, per day, each channel's arrivals in seconds from
	// that day's midnight; classes their logged classes (with
	// Options.Priority).
	arrivals map[int64][][]float64
	classes  map[int64][][]uint8
	first    int64
	last     int64
	// report holds interval reports read with AddRecord; logged says
	// contacts were read with Add.
	report *reportDays
	logged bool
}

// extraSeconds is how long each replayed day runs past midnight.
const extraSeconds = 3600

// New checks the model and options and prepares to read a log.
// The model is not changed.
func New(model *sim.Model, opt Options) (*Replay, error) {
	if model == nil {
		return nil, errors.New("backtest: no model")
	}
	if err := model.Validate(); err != nil {
		return nil, fmt.Errorf("backtest: %w", err)
	}
	m := model.Clone()
	if opt.IntervalSeconds == 0 {
		opt.IntervalSeconds = 1800
	}
	L := opt.IntervalSeconds
	if L < 60 || 86400%L != 0 {
		return nil, fmt.Errorf("backtest: interval %v: want a length of at least 1 minute that divides a day", time.Duration(L)*time.Second)
	}
	if opt.StaffSeconds == 0 {
		opt.StaffSeconds = 300
		if L%300 != 0 {
			opt.StaffSeconds = L
		}
	}
	if opt.StaffSeconds < 60 || L%opt.StaffSeconds != 0 || extraSeconds%opt.StaffSeconds != 0 {
		return nil, fmt.Errorf("backtest: staffing step %v: want at least 1 minute, dividing the interval and an hour", time.Duration(opt.StaffSeconds)*time.Second)
	}
	if opt.AgentGap == 0 {
		opt.AgentGap = 1800
	}
	if opt.To == 0 {
		opt.To = 24 * time.Hour
	}
	if opt.From < 0 || opt.To > 24*time.Hour || opt.From >= opt.To {
		return nil, fmt.Errorf("backtest: hours %v-%v: want a window within the day", opt.From, opt.To)
	}
	if opt.Threshold == 0 {
		opt.Threshold = scenarioThreshold(m)
		if opt.Threshold == 0 {
			return nil, errors.New("backtest: the scenario sets no service-level threshold (target.within); give one")
		}
	}
	if !(opt.Threshold > 0) || math.IsInf(opt.Threshold, 0) {
		return nil, fmt.Errorf("backtest: threshold %v s: want a positive number", opt.Threshold)
	}
	if opt.Replications == 0 {
		opt.Replications = m.Replications
	}
	if opt.Replications < 1 || opt.Replications > sim.MaxReplications {
		return nil, fmt.Errorf("backtest: replications %d: want 1 to %d", opt.Replications, sim.MaxReplications)
	}
	if opt.Seed == 0 {
		opt.Seed = m.Seed
	}
	if !(opt.ErlangPatience >= 0) || math.IsInf(opt.ErlangPatience, 0) {
		return nil, fmt.Errorf("backtest: Erlang A patience %v s: want a positive number", opt.ErlangPatience)
	}
	for _, c := range m.Channels {
		if !c.Realtime() {
			return nil, fmt.Errorf("backtest: channel %q is %v: the backtest compares real-time channels (call, chat)", c.Name, c.Kind)
		}
	}
	b := &Replay{model: m, opt: opt, group: -1, arrivals: map[int64][][]float64{}, classes: map[int64][][]uint8{},
		first: math.MinInt64, last: math.MaxInt64}
	if len(opt.Priority) > 0 {
		for _, c := range m.Channels {
			if len(c.Classes) != 2 {
				return nil, fmt.Errorf("backtest: priority %s: channel %q has %d classes; logged priorities fill two (calibrate --priority makes them)",
					strings.Join(opt.Priority, ","), c.Name, len(c.Classes))
			}
		}
	}
	for i, g := range m.Groups {
		if g.Unlimited {
			continue
		}
		if b.group >= 0 {
			return nil, fmt.Errorf("backtest: groups %q and %q are both staffed; the log's staffing cannot be split between them", m.Groups[b.group].Name, g.Name)
		}
		b.group = i
	}
	if b.group < 0 {
		return nil, errors.New("backtest: the scenario has no staffed group to give the log's staffing to")
	}
	b.shrinkage = m.Groups[b.group].Shrinkage
	if !opt.Window.From.IsZero() {
		b.first = contactlog.DayNumber(opt.Window.From)
	}
	if !opt.Window.To.IsZero() {
		b.last = contactlog.DayNumber(opt.Window.To)
	}
	var err error
	if b.obs, err = contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: L, Threshold: opt.Threshold, AgentGap: opt.AgentGap, SpellEdge: opt.SpellEdge}); err != nil {
		return nil, err
	}
	if b.fine, err = contactlog.NewAggregator(contactlog.AggregateOptions{IntervalSeconds: opt.StaffSeconds, Threshold: opt.Threshold, AgentGap: opt.AgentGap, SpellEdge: opt.SpellEdge}); err != nil {
		return nil, err
	}
	return b, nil
}

// scenarioThreshold is the first service-level threshold the model's
// channels or classes set.
func scenarioThreshold(m *sim.Model) float64 {
	for _, c := range m.Channels {
		if c.Target.Threshold > 0 {
			return c.Target.Threshold
		}
		for _, cl := range c.Classes {
			if cl.Target.Threshold > 0 {
				return cl.Target.Threshold
			}
		}
	}
	return 0
}

// channelOf picks the scenario channel a contact belongs to: the one named
// like its queue, or else the first.
func (b *Replay) channelOf(c contactlog.Contact) int {
	for i, ch := range b.model.Channels {
		if ch.Name == c.Queue {
			return i
		}
	}
	return 0
}

// Add reads one contact of the log. Memory grows with the contacts in the
// window (their arrival times are kept for the replay) and with the days
// and agents of the whole log.
func (b *Replay) Add(c contactlog.Contact) {
	b.logged = true
	b.obs.Add(c)
	b.fine.Add(c)
	day, sec := contactlog.SplitDay(c.Arrival)
	// The day after the window is kept too: its first hour runs on from
	// the window's last midnight.
	if day < b.first || day-1 > b.last {
		return
	}
	a := b.arrivals[day]
	if a == nil {
		a = make([][]float64, len(b.model.Channels))
		b.arrivals[day] = a
		b.classes[day] = make([][]uint8, len(b.model.Channels))
	}
	ch := b.channelOf(c)
	a[ch] = append(a[ch], sec)
	if len(b.opt.Priority) > 0 {
		k := uint8(1)
		if slices.Contains(b.opt.Priority, c.Priority) {
			k = 0
		}
		b.classes[day][ch] = append(b.classes[day][ch], k)
	}
}

// Run simulates every day of the window that the log holds and scores the
// intervals.
func (b *Replay) Run(ctx context.Context) (*Result, error) {
	obs := b.obs.Table()
	fine := b.fine.Table()
	var days []time.Time
	if b.report != nil {
		if b.logged {
			return nil, errors.New("backtest: a replay reads a contact log or interval reports, not both")
		}
		b.drawArrivals()
		if days = b.reportDates(); len(days) == 0 {
			return nil, &NothingToScoreError{"the reports hold no day in the window"}
		}
	}
	for _, d := range obs.Dates() {
		if b.opt.Window.Contains(d) {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return nil, &NothingToScoreError{"the log holds no day in the window"}
	}
	for d, day := range b.arrivals {
		for ch, a := range day {
			if cls := b.classes[d]; len(cls) > ch && len(cls[ch]) == len(a) && len(a) > 0 {
				cl := cls[ch]
				// Sort the classes with their times. Contacts of one second
				// (a log's resolution) go in class order, not in the order
				// the rows were read, so that a log replays the same in any
				// order, as interval reports do.
				idx := make([]int, len(a))
				for i := range idx {
					idx[i] = i
				}
				slices.SortFunc(idx, func(i, j int) int { return cmp.Or(cmp.Compare(a[i], a[j]), cmp.Compare(cl[i], cl[j])) })
				ta, tc := make([]float64, len(a)), make([]uint8, len(a))
				for i, k := range idx {
					ta[i], tc[i] = a[k], cl[k]
				}
				copy(a, ta)
				copy(cl, tc)
				continue
			}
			slices.Sort(a)
		}
	}
	res := &Result{Scenario: b.model.Name, IntervalSeconds: b.opt.IntervalSeconds, Threshold: b.opt.Threshold,
		Replications: b.opt.Replications, Seed: b.opt.Seed, Days: days}
	// One day at a time, its replications run in parallel by sim.Run.
	for _, d := range days {
		ivs, err := b.day(ctx, d, obs, fine)
		if err != nil {
			return nil, err
		}
		res.Intervals = append(res.Intervals, ivs...)
	}
	if len(res.Intervals) == 0 {
		return nil, &NothingToScoreError{"no interval with contacts in the days, weekdays and hours scored"}
	}
	for _, iv := range res.Intervals {
		res.Offered += iv.Offered
	}
	res.Summary = summarize(res.Intervals)
	return res, nil
}

// NothingToScoreError is a replay with nothing to score: a window without
// a day of the log, or weekdays and hours without an interval. It is a
// mistake of the question asked, which a command reports as bad input.
type NothingToScoreError struct{ What string }

func (e *NothingToScoreError) Error() string { return "backtest: " + e.What }

// day replays one day and scores its intervals.
func (b *Replay) day(ctx context.Context, date time.Time, obs, fine *contactlog.Table) ([]Interval, error) {
	L, step := b.opt.IntervalSeconds, b.opt.StaffSeconds
	perDay := 86400 / step
	n := perDay + extraSeconds/step
	dayNum := contactlog.DayNumber(date)

	// Staff taking contacts per step: on duty less shrinkage, then whole
	// agents that keep the agent-time (the remainder carries forward).
	var staff []float64
	if b.report != nil {
		staff = b.reportStaff(dayNum, n)
	} else {
		on := fine.Staffing(date)
		next := fine.Staffing(date.AddDate(0, 0, 1))
		staff = make([]float64, n)
		for i := range n {
			s := contactlog.Staffing{}
			if i < perDay {
				s = on[i]
			} else {
				s = next[i-perDay]
			}
			staff[i] = s.OnDuty * (1 - b.shrinkage)
		}
	}
	m := b.dayModel(dayNum, wholeAgents(staff), n, step)
	// Each scored interval is a span of staffing steps, measured in
	// every replication.
	per := L / step
	nIv := 86400 / L
	spans := make([]sim.Span, nIv)
	for i := range spans {
		spans[i] = sim.Span{From: i * per, To: (i + 1) * per}
	}
	res, err := sim.Run(ctx, m, sim.Options{Workers: b.opt.Workers, Spans: spans})
	if err != nil {
		return nil, fmt.Errorf("backtest: %s: %w", date.Format(time.DateOnly), err)
	}
	perRep := func(i int, k sim.Metric) []float64 {
		v := make([]float64, len(res.Spans[i].Replications))
		for r, rep := range res.Spans[i].Replications {
			v[r] = rep[k]
		}
		return v
	}

	cells := obs.Day(date)
	arrivals := b.arrivals[dayNum]
	var out []Interval
	for i := range nIv {
		start := time.Duration(i*L) * time.Second
		if start < b.opt.From || start >= b.opt.To {
			continue
		}
		var iv Interval
		if b.report != nil {
			offered, observed := b.reportObserved(dayNum, i)
			if offered == 0 {
				continue
			}
			iv = Interval{Start: date.Add(start), Offered: offered, Observed: observed}
		} else {
			c := cells[i]
			if c.Offered == 0 {
				continue
			}
			iv = Interval{Start: date.Add(start), Offered: c.Offered}
			iv.Observed = Measures{AbandonRate: c.AbandonRate(), ServiceLevel: c.ServiceLevel(), ASA: math.NaN()}
			if c.Answered > 0 {
				iv.Observed.ASA = c.ASA()
			}
		}
		iv.Predicted.AbandonRate, iv.Spread.AbandonRate = meanSpread(perRep(i, sim.AbandonRate))
		iv.Predicted.ServiceLevel, iv.Spread.ServiceLevel = meanSpread(perRep(i, sim.ServiceLevel))
		iv.Predicted.ASA, iv.Spread.ASA = meanSpread(perRep(i, sim.ASA))
		for j := i * per; j < (i+1)*per; j++ {
			iv.Agents += staff[j] / float64(per)
		}
		iv.AHT, iv.Patience = b.erlangInputs(arrivals, float64(i*L), float64((i+1)*L))
		iv.ErlangA, iv.ErlangC = erlangPredictions(iv, float64(L), b.opt.Threshold)
		out = append(out, iv)
	}
	return out, nil
}

// wholeAgents rounds a staffing series to whole agents so that the
// agent-time up to every step is the rounded agent-time of the series:
// each step's remainder carries to the next, so 4.4 agents over five steps
// become 4, 5, 4, 5, 4 rather than 4 throughout.
func wholeAgents(staff []float64) []int {
	out := make([]int, len(staff))
	cum, prev := 0.0, 0.0
	for i, v := range staff {
		cum += v
		out[i] = int(math.Round(cum) - math.Round(prev))
		prev = cum
	}
	return out
}

// dayModel builds the simulation of one day: the scenario's channels with
// the day's logged arrivals and its staffed group with the inferred staff.
func (b *Replay) dayModel(day int64, staff []int, n, step int) *sim.Model {
	src := b.model
	// Every day draws its own streams, whatever the order days run in.
	m := &sim.Model{
		Name: src.Name, IntervalSeconds: float64(step), Intervals: n,
		StartWeekday: int(time.Unix(day*86400, 0).UTC().Weekday()),
		Seed:         sim.DeriveSeed(b.opt.Seed, uint64(day)),
		Replications: b.opt.Replications,
	}
	today, tomorrow := b.arrivals[day], b.arrivals[day+1]
	todayCl, tomorrowCl := b.classes[day], b.classes[day+1]
	for ci, c := range src.Channels {
		ch := c
		ch.Hours, ch.Redial = nil, nil
		ch.Target = sim.Target{Threshold: b.opt.Threshold, Goal: c.Target.Goal}
		ch.Classes = slices.Clone(c.Classes)
		for j := range ch.Classes {
			ch.Classes[j].Target.Threshold = b.opt.Threshold
		}
		var times []float64
		var classes []uint8
		withClasses := len(b.opt.Priority) > 0
		if today != nil {
			times = append(times, today[ci]...)
			if withClasses {
				classes = append(classes, todayCl[ci]...)
			}
		}
		if tomorrow != nil {
			for j, t := range tomorrow[ci] {
				if t >= extraSeconds {
					break
				}
				times = append(times, 86400+t)
				if withClasses {
					classes = append(classes, tomorrowCl[ci][j])
				}
			}
		}
		if times == nil {
			times = []float64{}
		}
		ch.Arrivals = sim.Arrivals{Times: times}
		if withClasses {
			if classes == nil {
				classes = []uint8{}
			}
			ch.Arrivals.TimeClasses = classes
		}
		m.Channels = append(m.Channels, ch)
	}
	for gi, g := range src.Groups {
		grp := sim.Group{Name: g.Name, Skills: g.Skills, Unlimited: g.Unlimited, DeferredReserve: g.DeferredReserve}
		if gi == b.group {
			grp.Staff = staff
		}
		m.Groups = append(m.Groups, grp)
	}
	return m
}

// erlangInputs are the mean handle time (with after-contact work) and
// mean patience of the contacts arriving in [from, to), weighted by the
// channels' arrivals (an interval without arrivals takes the first
// channel's).
func (b *Replay) erlangInputs(arrivals [][]float64, from, to float64) (aht, patience float64) {
	inputs := func(c *sim.Channel) (float64, float64) {
		p := math.Inf(1)
		if b.opt.ErlangPatience > 0 {
			p = b.opt.ErlangPatience
		} else if c.Patience != nil {
			p = c.Patience.Average()
		}
		// The scenario's handle time at this time of day.
		return c.Handle.Average()*sim.ClockFactorAt(c.HandleByTime, from) + c.Wrap.Average(), p
	}
	var w, sumAHT, sumPat float64
	busy, only := 0, 0
	for ci := range b.model.Channels {
		if arrivals == nil {
			break
		}
		a := arrivals[ci]
		lo, _ := slices.BinarySearch(a, from)
		hi, _ := slices.BinarySearch(a, to)
		k := float64(hi - lo)
		if k == 0 {
			continue
		}
		busy, only = busy+1, ci
		h, p := inputs(&b.model.Channels[ci])
		w += k
		sumAHT += k * h
		sumPat += k * p
	}
	if busy <= 1 {
		// One channel: its own figures, without the rounding of a mean.
		return inputs(&b.model.Channels[only])
	}
	return sumAHT / w, sumPat / w
}

// erlangPredictions evaluates Erlang A and C for one interval. Erlang C
// has no abandonment; when its load reaches the agents the queue grows
// without bound, so it answers nobody within the threshold and its ASA is
// undefined. Erlang A without finite patience is Erlang C.
func erlangPredictions(iv Interval, length, threshold float64) (a, c Measures) {
	load := float64(iv.Offered) / length * iv.AHT
	nan := math.NaN()
	c = Measures{AbandonRate: 0, ServiceLevel: 0, ASA: nan}
	if cm, err := (erlang.CQueue{Agents: iv.Agents, Load: load, AHT: iv.AHT}).Metrics(threshold, erlang.OverOffered); err == nil {
		c.ServiceLevel, c.ASA = cm.ServiceLevel, cm.ASA
	}
	if math.IsInf(iv.Patience, 1) {
		return c, c
	}
	a = Measures{AbandonRate: nan, ServiceLevel: nan, ASA: nan}
	am, err := (erlang.AQueue{Agents: iv.Agents, Load: load, AHT: iv.AHT, Patience: iv.Patience}).Metrics(threshold, erlang.OverOffered)
	if err == nil {
		a = Measures{AbandonRate: am.PAbandon, ServiceLevel: am.ServiceLevel, ASA: am.ASA}
		if am.PAbandon >= 1 {
			a.ASA = nan
		}
	}
	return a, c
}

// meanSpread is the mean of the defined values and their mean absolute
// deviation from it (NaN, NaN when none is defined).
func meanSpread(v []float64) (float64, float64) {
	sum, n := 0.0, 0
	for _, x := range v {
		if !math.IsNaN(x) {
			sum += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), math.NaN()
	}
	m := sum / float64(n)
	dev := 0.0
	for _, x := range v {
		if !math.IsNaN(x) {
			dev += math.Abs(x - m)
		}
	}
	return m, dev / float64(n)
}

// summarize scores the methods over the intervals.
func summarize(ivs []Interval) Summary {
	var s Summary
	type score struct{ w, abs, sum float64 }
	var sc [4][3]score // observed-mean, sim, A, C x measure
	var spread [3]score
	get := func(m Measures, k int) float64 {
		switch k {
		case 0:
			return m.AbandonRate
		case 1:
			return m.ServiceLevel
		}
		return m.ASA
	}
	for _, iv := range ivs {
		w := float64(iv.Offered)
		preds := []Measures{iv.Predicted, iv.ErlangA, iv.ErlangC}
		for k := range 3 {
			o := get(iv.Observed, k)
			if math.IsNaN(o) {
				continue
			}
			sc[0][k].w += w
			sc[0][k].sum += w * o
			for p, m := range preds {
				v := get(m, k)
				if math.IsNaN(v) {
					continue
				}
				sc[p+1][k].w += w
				sc[p+1][k].abs += w * math.Abs(v-o)
				sc[p+1][k].sum += w * (v - o)
			}
			if v := get(iv.Spread, k); !math.IsNaN(v) {
				spread[k].w += w
				spread[k].sum += w * v
			}
		}
		if math.IsNaN(iv.Observed.ASA) {
			s.UndefinedASA.Observed++
		}
		if math.IsNaN(iv.Predicted.ASA) {
			s.UndefinedASA.Sim++
		}
		if math.IsNaN(iv.ErlangA.ASA) {
			s.UndefinedASA.ErlangA++
		}
		if math.IsNaN(iv.ErlangC.ASA) {
			s.UndefinedASA.ErlangC++
		}
	}
	div := func(a, b float64) float64 {
		if b == 0 {
			return math.NaN()
		}
		return a / b
	}
	set := func(m *Measures, k int, v float64) {
		switch k {
		case 0:
			m.AbandonRate = v
		case 1:
			m.ServiceLevel = v
		default:
			m.ASA = v
		}
	}
	for k := range 3 {
		set(&s.Observed, k, div(sc[0][k].sum, sc[0][k].w))
		set(&s.Spread, k, div(spread[k].sum, spread[k].w))
		for p, dst := range []*Measures{&s.MAE.Sim, &s.MAE.ErlangA, &s.MAE.ErlangC} {
			set(dst, k, div(sc[p+1][k].abs, sc[p+1][k].w))
		}
		for p, dst := range []*Measures{&s.Bias.Sim, &s.Bias.ErlangA, &s.Bias.ErlangC} {
			set(dst, k, div(sc[p+1][k].sum, sc[p+1][k].w))
		}
	}
	return s
}

// TimeOfDay is the backtest at one interval of the day, over all the
// days replayed: the mean offered contacts and agents a day, and each
// measure's arrival-weighted mean (NaN where no interval defined it).
type TimeOfDay struct {
	// Start is the interval's start, from midnight.
	Start    time.Duration
	Days     int
	Offered  float64 // mean a day
	Agents   float64 // mean a day
	Observed Measures
	Methods
}

// ByTimeOfDay folds the scored intervals onto the clock: one entry per
// interval of the day that at least one scored interval fell on, in clock
// order. It is how the days compare at 10:00, not what one day did.
func (r *Result) ByTimeOfDay() []TimeOfDay {
	type acc struct {
		days            int
		offered, agents float64
		sum, wt         [4][3]float64 // observed, sim, A, C x measure
	}
	L := r.IntervalSeconds
	accs := make([]acc, 86400/L)
	for _, iv := range r.Intervals {
		a := &accs[(iv.Start.Hour()*3600+iv.Start.Minute()*60+iv.Start.Second())/L]
		n := float64(iv.Offered)
		a.days++
		a.offered += n
		a.agents += iv.Agents
		for k, m := range []Measures{iv.Observed, iv.Predicted, iv.ErlangA, iv.ErlangC} {
			for j, v := range []float64{m.AbandonRate, m.ServiceLevel, m.ASA} {
				if !math.IsNaN(v) {
					a.sum[k][j] += n * v
					a.wt[k][j] += n
				}
			}
		}
	}
	var out []TimeOfDay
	for i, a := range accs {
		if a.days == 0 {
			continue
		}
		var ms [4]Measures
		for k := range ms {
			v := [3]float64{math.NaN(), math.NaN(), math.NaN()}
			for j := range v {
				if a.wt[k][j] > 0 {
					v[j] = a.sum[k][j] / a.wt[k][j]
				}
			}
			ms[k] = Measures{AbandonRate: v[0], ServiceLevel: v[1], ASA: v[2]}
		}
		out = append(out, TimeOfDay{
			Start: time.Duration(i*L) * time.Second, Days: a.days,
			Offered: a.offered / float64(a.days), Agents: a.agents / float64(a.days),
			Observed: ms[0], Methods: Methods{Sim: ms[1], ErlangA: ms[2], ErlangC: ms[3]},
		})
	}
	return out
}
