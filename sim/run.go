package sim

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Options tune a run: none of them changes a figure of its result (Spans
// adds figures).
type Options struct {
	// Workers is how many replications run at once; 0 means GOMAXPROCS.
	// The result is the same for any number of workers.
	Workers int
	// Progress, if set, is called about ten times a second from another
	// goroutine with the share of the work done, 0..1.
	Progress func(done float64)
	// Spans asks for the measures of all channels (or of some, see
	// Span.Channels) over runs of intervals, merged and per replication
	// (Result.Spans): a backtest scores a half-hour of a model stepped
	// every 5 minutes; the planner pools a channel's contacts over the
	// replications. They add to the result and change none of its other
	// figures.
	Spans []Span
}

// MaxReplications bounds the replications of one run.
const MaxReplications = 100_000

// Run simulates m over m.Replications independent replications, seeded
// from m.Seed, and merges them in replication order, so that the same
// model gives the same bytes whatever the number of workers or cores.
func Run(ctx context.Context, m *Model, opts Options) (*Result, error) {
	lay, err := prepare(m, opts)
	if err != nil {
		return nil, err
	}
	mg := newMerger(m, lay)
	if err := replicate(ctx, m, opts, lay, 0, m.Replications, mg.add); err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress(1)
	}
	return mg.result(), nil
}

// prepare checks a model and the options of a run and lays out the
// measures of one replication.
func prepare(m *Model, opts Options) (*layout, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	reps := m.Replications
	if reps < 1 || reps > MaxReplications {
		return nil, fmt.Errorf("sim: replications %d must be between 1 and %d", reps, MaxReplications)
	}
	for _, s := range opts.Spans {
		if s.From < 0 || s.To <= s.From || s.To > m.Intervals {
			return nil, fmt.Errorf("sim: span [%d, %d) is not a run of the %d intervals", s.From, s.To, m.Intervals)
		}
		for _, c := range s.Channels {
			if c < 0 || c >= len(m.Channels) {
				return nil, fmt.Errorf("sim: span [%d, %d): channel %d out of range", s.From, s.To, c)
			}
		}
	}
	return newLayout(m, opts.Spans), nil
}

// merger folds replications' measures into a Result, in the order they
// are added: Run and Merge share it, so that replications merged from
// parts give the bytes of one run.
type merger struct {
	m   *Model
	lay *layout
	acc *welford
	// perRep keeps only the spans per replication, one flat run of
	// NumMetrics values per span and replication.
	perRep []float64
}

func newMerger(m *Model, lay *layout) *merger {
	return &merger{m: m, lay: lay, acc: newWelford(lay.size),
		perRep: make([]float64, 0, m.Replications*len(lay.spanList)*NumMetrics)}
}

func (g *merger) add(v []float64) {
	g.acc.add(v)
	g.perRep = append(g.perRep, v[g.lay.spans:][:len(g.lay.spanList)*NumMetrics]...)
}

func (g *merger) result() *Result { return g.lay.result(g.m, g.acc, g.perRep) }

// replicate runs replications [from, to) of m on opts.Workers goroutines
// and hands each one's measures to sink in replication order. Progress,
// if asked for, runs from 0 to 1 over these replications; the caller
// reports the final 1.
func replicate(ctx context.Context, m *Model, opts Options, lay *layout, from, to int, sink func([]float64)) error {
	reps := to - from
	if reps <= 0 {
		return nil
	}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, reps)

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	progress := make([]int64, workers)
	var finished atomic.Int64
	// stopProgress ends the reporter and waits for it, so that no report
	// comes after the final one or after Run returns.
	stopProgress := func() {}
	if opts.Progress != nil {
		stop, stopped := make(chan struct{}), make(chan struct{})
		stopProgress = sync.OnceFunc(func() { close(stop); <-stopped })
		defer stopProgress()
		go func() {
			defer close(stopped)
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			// A worker resets its share between replications before it
			// counts one more finished, so a report read in between would
			// go back: the reporter never reports less than before.
			last := 0.0
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					done := float64(finished.Load())
					for i := range progress {
						done += float64(atomic.LoadInt64(&progress[i])) / 1e6
					}
					last = max(last, min(1, done/float64(reps)))
					opts.Progress(last)
				}
			}
		}()
	}

	type repOut struct {
		rep  int
		vals []float64
		err  error
	}
	jobs := make(chan int)
	outs := make(chan repOut, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for rep := range jobs {
				atomic.StoreInt64(&progress[w], 0)
				vals, err := replicateOne(ctx, m, rep, lay, &progress[w])
				atomic.StoreInt64(&progress[w], 0)
				finished.Add(1)
				outs <- repOut{rep: rep, vals: vals, err: err}
			}
		}()
	}
	go func() {
		defer close(jobs)
		for rep := from; rep < to; rep++ {
			select {
			case jobs <- rep:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(outs) }()

	waiting := map[int][]float64{}
	next := from
	var firstErr error
	for o := range outs {
		if o.err != nil {
			if firstErr == nil {
				firstErr = o.err
				cancel()
			}
			continue
		}
		waiting[o.rep] = o.vals
		for {
			v, ok := waiting[next]
			if !ok {
				break
			}
			delete(waiting, next)
			sink(v)
			next++
		}
	}
	if firstErr != nil {
		return firstErr
	}
	if err := ctx.Err(); err != nil || next != to {
		if err == nil {
			err = errors.New("sim: replications did not finish")
		}
		return err
	}
	stopProgress()
	return nil
}

// replicateOne runs one replication and returns its measures. A panic in
// it, which only a bug can cause, comes back as a *PanicError: a worker
// goroutine that panicked would end the process before the caller could
// tell the user it was a bug.
func replicateOne(ctx context.Context, m *Model, rep int, lay *layout, progress *int64) (vals []float64, err error) {
	defer func() {
		if r := recover(); r != nil {
			vals, err = nil, &PanicError{Value: r, Stack: debug.Stack()}
		}
	}()
	if testHook != nil {
		testHook(rep)
	}
	e := newEngine(ctx, m, rep)
	e.progress = progress
	if err := e.run(); err != nil {
		return nil, err
	}
	return lay.values(e), nil
}

// testHook, when a test sets it, runs at the start of every replication.
var testHook func(rep int)

// PanicError is a panic inside a replication: a bug in the simulator,
// never a fault of the model, which Validate checks first.
type PanicError struct {
	Value any    // what panicked
	Stack []byte // the panicking goroutine's stack
}

func (e *PanicError) Error() string { return fmt.Sprintf("sim: panic in a replication: %v", e.Value) }

func storeProgress(p *int64, f float64) { atomic.StoreInt64(p, int64(f*1e6)) }

// welford accumulates means and variances of many values over
// replications (Welford's update), skipping undefined (NaN) values.
type welford struct {
	n    []int32
	mean []float64
	m2   []float64
}

func newWelford(size int) *welford {
	return &welford{n: make([]int32, size), mean: make([]float64, size), m2: make([]float64, size)}
}

func (w *welford) add(v []float64) {
	for i, x := range v {
		if math.IsNaN(x) {
			continue
		}
		w.n[i]++
		d := x - w.mean[i]
		w.mean[i] += d / float64(w.n[i])
		w.m2[i] += d * (x - w.mean[i])
	}
}

func (w *welford) stat(i int) Stat {
	n := int(w.n[i])
	s := Stat{Mean: math.NaN(), HalfWidth: math.NaN(), SD: math.NaN(), N: n}
	if n == 0 {
		return s
	}
	s.Mean = w.mean[i]
	if n >= 2 {
		s.SD = math.Sqrt(w.m2[i] / float64(n-1))
		s.HalfWidth = TQuantile(0.975, n-1) * s.SD / math.Sqrt(float64(n))
	}
	return s
}

// layout places every measure of a replication in one flat vector, so
// that merging replications is one loop.
type layout struct {
	n, nch, ng int
	classOff   []int
	chIv       int // channel c, interval i: chIv + (c*n+i)*NumMetrics
	chTot      int // chTot + c*NumMetrics
	cls        int // cls + (classOff[c]+j)*NumMetrics
	totIv      int // totIv + i*NumMetrics
	tot        int
	timing     int // timing + k*NumMetrics: k 0 real-time channels, 1 deferred
	grIv       int // grIv + (g*n+i)*NumGroupMetrics
	grTot      int // grTot + g*NumGroupMetrics
	allIv      int // allIv + i*NumGroupMetrics: all groups together
	allTot     int
	ns         int // sites
	siteIv     int // siteIv + (s*n+i)*NumGroupMetrics: the groups of site s
	siteTot    int // siteTot + s*NumGroupMetrics
	spans      int // spans + k*NumMetrics: spanList[k], all channels
	// periods + p*periodSize: the days, then the weeks (periodList[p]):
	// each channel, all channels, real-time, deferred (NumMetrics each),
	// then each group and all groups (NumGroupMetrics each).
	periods    int
	periodSize int
	periodList []Span
	days       int // the first len(periodList)-days are days
	flows      int // flows + f, then one per channel that switches
	switchers  []int
	redialers  []int
	spanList   []Span
	// byChannel is set when some span measures only some channels: the
	// replication then keeps each channel's interval spans to merge.
	byChannel bool
	size      int
}

func newLayout(m *Model, spans []Span) *layout {
	l := &layout{n: m.Intervals, nch: len(m.Channels), ng: len(m.Groups), ns: len(m.Sites), spanList: spans}
	for _, s := range spans {
		l.byChannel = l.byChannel || s.Channels != nil
	}
	ncls := 0
	for _, c := range m.Channels {
		l.classOff = append(l.classOff, ncls)
		if len(c.Classes) > 1 {
			ncls += len(c.Classes)
		}
	}
	for i, c := range m.Channels {
		if c.Switch != nil {
			l.switchers = append(l.switchers, i)
		}
		if c.Redial != nil {
			l.redialers = append(l.redialers, i)
		}
	}
	off := 0
	l.chIv, off = off, off+l.nch*l.n*NumMetrics
	l.chTot, off = off, off+l.nch*NumMetrics
	l.cls, off = off, off+ncls*NumMetrics
	l.totIv, off = off, off+l.n*NumMetrics
	l.tot, off = off, off+NumMetrics
	l.timing, off = off, off+2*NumMetrics
	l.grIv, off = off, off+l.ng*l.n*NumGroupMetrics
	l.grTot, off = off, off+l.ng*NumGroupMetrics
	l.allIv, off = off, off+l.n*NumGroupMetrics
	l.allTot, off = off, off+NumGroupMetrics
	l.siteIv, off = off, off+l.ns*l.n*NumGroupMetrics
	l.siteTot, off = off, off+l.ns*NumGroupMetrics
	l.spans, off = off, off+len(spans)*NumMetrics
	days, weeks := m.Timeline().Days(), m.Timeline().Weeks()
	l.days, l.periodList = len(days), append(days, weeks...)
	l.periodSize = (l.nch+3)*NumMetrics + (l.ng+1)*NumGroupMetrics
	l.periods, off = off, off+len(l.periodList)*l.periodSize
	l.flows, off = off, off+len(m.Flows)+len(l.switchers)+len(l.redialers)
	l.size = off
	return l
}

// span holds what a channel's metrics are computed from, for one interval
// or for a sum of them.
type span struct {
	tally
	hasSL bool
	// Service-level counts include only channels with a service target.
	slOffered, slAnswered, slWithin, slAbandonedEarly float64
	queueEnd                                          float64
	oldest                                            float64
	qArea                                             float64
	length                                            float64
	busy                                              float64 // agent-seconds
	cost                                              float64
	served                                            float64
	noTimeMeasure                                     bool // class totals: queue and cost are not split by class
}

func (s *span) fill(v []float64) {
	t := &s.tally
	nan := math.NaN()
	div := func(a, b float64) float64 {
		if b > 0 {
			return a / b
		}
		return nan
	}
	v[Offered] = float64(t.offered)
	v[Answered] = float64(t.answered)
	v[Abandoned] = float64(t.abandoned)
	v[Blocked] = float64(t.blocked)
	v[Switched] = float64(t.switched)
	v[Unfinished] = float64(t.unfinished)
	v[ServiceLevel], v[ServiceLevelAnswered], v[ServiceLevelAdjusted] = nan, nan, nan
	if s.hasSL {
		v[ServiceLevel] = div(s.slWithin, s.slOffered)
		v[ServiceLevelAnswered] = div(s.slWithin, s.slAnswered)
		v[ServiceLevelAdjusted] = div(s.slWithin, s.slOffered-s.slAbandonedEarly)
	}
	v[ASA] = div(t.waitAnswered, float64(t.answered))
	v[MeanWait] = div(t.waitAll, float64(t.offered-t.blocked))
	for j := range percentiles {
		v[WaitP50+Metric(j)] = t.pct[j]
	}
	v[WaitMax] = nan
	if t.answered > 0 {
		v[WaitMax] = t.maxWait
	}
	v[AbandonRate] = div(float64(t.abandoned), float64(t.offered-t.closed))
	v[AHT] = div(t.handleSum, float64(t.completed))
	v[Escalated] = float64(t.escalated)
	v[Repeats] = float64(t.repeats)
	v[FollowUps] = float64(t.followups)
	v[SelfServed] = float64(t.selfServed)
	v[SelfServiceFailed] = float64(t.selfFailed)
	v[SelfServiceCost] = t.selfCost
	v[CallbacksOffered] = float64(t.cbOffered)
	v[CallbacksAccepted] = float64(t.cbAccepted)
	v[CallbacksMade] = float64(t.cbMade)
	v[CallbacksKept] = float64(t.cbKept)
	v[CallbackWait] = div(t.cbWait, float64(t.cbMade))
	v[LiveASA] = div(t.liveWait, float64(t.liveAnswered))
	v[SiteOverflows] = float64(t.siteOverflows)
	if s.noTimeMeasure {
		// Self-service resolves customers before they have a class.
		for _, k := range []Metric{QueueEnd, OldestAge, MeanQueue, HandledMinutes, Cost, CostPerContact, CostPerMinute,
			SelfServed, SelfServiceFailed, SelfServiceCost, CostPerContactBlended} {
			v[k] = nan
		}
		return
	}
	v[QueueEnd] = s.queueEnd
	v[OldestAge] = s.oldest
	v[MeanQueue] = div(s.qArea, s.length)
	v[HandledMinutes] = s.busy / 60
	v[Cost] = s.cost
	v[CostPerContact] = div(s.cost, s.served)
	v[CostPerMinute] = div(s.cost, s.busy/60)
	v[CostPerContactBlended] = div(s.cost+t.selfCost, s.served+float64(t.selfServed))
}

// setSL takes the service-level counts from the tally when the span has a
// service target. A service level is a share of the contacts whose
// outcome is known: those turned away while the channel was closed, and
// those still waiting at the end whose target time had not run out, are
// left out, so that within <= answered <= slOffered and no share exceeds 1.
func (s *span) setSL() {
	if s.hasSL {
		s.slOffered, s.slAnswered = float64(s.offered-s.closed-s.censored), float64(s.answered)
		s.slWithin, s.slAbandonedEarly = float64(s.within), float64(s.abandonedEarly)
	}
}

func nanPct() [5]float64 {
	n := math.NaN()
	return [5]float64{n, n, n, n, n}
}

func histPct(h *waitHist) [5]float64 {
	var p [5]float64
	for j, q := range percentiles {
		p[j] = h.quantile(q)
	}
	return p
}

// values turns a finished replication into its flat vector of measures.
func (l *layout) values(e *engine) []float64 {
	v := make([]float64, l.size)
	m := e.m
	n := l.n
	hours := e.ilen / 3600

	// Group costs per interval, allocated to channels by handling time.
	chCost := make([]float64, l.nch*n)
	allIv := make([]groupSpan, n)
	var allTot groupSpan
	siteIv := make([]groupSpan, l.ns*n)
	siteTot := make([]groupSpan, l.ns)
	siteOf := make([]int, l.ng)
	for gi := range siteOf {
		siteOf[gi] = slices.IndexFunc(m.Sites, func(s Site) bool { return s.Name == m.Groups[gi].Site && s.Name != "" })
	}
	// Each interval adds to its day and its week: periods of channel c
	// at chPer[c*np+p], of group g at grPer[g*np+p].
	np := len(l.periodList)
	pd := e.periods
	dayWeek := func(i int) (int, int) {
		d := int(pd.dayOf[i])
		return d, l.days + int(pd.weekOf[d])
	}
	chPer := make([]span, l.nch*np)
	grPer := make([]groupSpan, l.ng*np)
	for gi := range m.Groups {
		g := &m.Groups[gi]
		acc := &e.groups[gi]
		var gt groupSpan // the group over the horizon
		totalBusy := make([]float64, l.nch)
		sum := 0.0
		for c := range l.nch {
			for i := range n {
				totalBusy[c] += acc.busyCh[c*n+i]
			}
			sum += totalBusy[c]
		}
		for i := range n {
			paid := paidAt(g, i)
			cost := paid * hours * g.HourlyCost
			busy := acc.busy[i]
			switch {
			case busy > 0:
				for c := range l.nch {
					chCost[c*n+i] += cost * acc.busyCh[c*n+i] / busy
				}
			case sum > 0:
				for c := range l.nch {
					chCost[c*n+i] += cost * totalBusy[c] / sum
				}
			default:
				chCost[g.Skills[0].Channel*n+i] += cost
			}
			s := groupSpan{presence: acc.presence[i], busy: busy, paidSec: paid * e.ilen,
				handled: float64(acc.handled[i]), cost: cost + acc.unitCosts[i], absent: acc.absent[i], away: acc.away[i]}
			if g.Unlimited {
				// As many agents as contacts: all of them busy.
				s.presence = busy
			}
			s.fill(v[l.grIv+(gi*n+i)*NumGroupMetrics:][:NumGroupMetrics], e.ilen)
			gt.add(&s)
			allIv[i].add(&s)
			if si := siteOf[gi]; si >= 0 {
				siteIv[si*n+i].add(&s)
			}
			d, w := dayWeek(i)
			grPer[gi*np+d].add(&s)
			grPer[gi*np+w].add(&s)
		}
		gt.fill(v[l.grTot+gi*NumGroupMetrics:][:NumGroupMetrics], e.horizon)
		allTot.add(&gt)
		if si := siteOf[gi]; si >= 0 {
			siteTot[si].add(&gt)
		}
	}
	for i := range n {
		allIv[i].fill(v[l.allIv+i*NumGroupMetrics:][:NumGroupMetrics], e.ilen)
	}
	allTot.fill(v[l.allTot:][:NumGroupMetrics], e.horizon)
	for si := range l.ns {
		for i := range n {
			siteIv[si*n+i].fill(v[l.siteIv+(si*n+i)*NumGroupMetrics:][:NumGroupMetrics], e.ilen)
		}
		siteTot[si].fill(v[l.siteTot+si*NumGroupMetrics:][:NumGroupMetrics], e.horizon)
	}

	totIv := make([]span, n)
	var chIv []span // channel c, interval i: c*n+i, kept only for spans that ask
	if l.byChannel {
		chIv = make([]span, l.nch*n)
	}
	var tot span
	tot.hasSL = true
	var byTiming [2]span // the channels' totals, real-time and deferred
	for c := range l.nch {
		cs := &e.chans[c]
		var ct span
		ct.hasSL = cs.hasSL
		for i := range n {
			s := span{tally: cs.iv[i], hasSL: cs.hasSL, queueEnd: cs.queueEnd[i], oldest: cs.oldest[i],
				qArea: cs.qAreaIv[i], length: e.ilen, cost: chCost[c*n+i] + cs.unitCost[i], served: float64(cs.served[i])}
			s.setSL()
			for gi := range l.ng {
				s.busy += e.groups[gi].busyCh[c*n+i]
			}
			s.fill(v[l.chIv+(c*n+i)*NumMetrics:][:NumMetrics])
			if chIv != nil {
				chIv[c*n+i] = s
			}
			ct.merge(&s)
			totIv[i].merge(&s)
			d, w := dayWeek(i)
			chPer[c*np+d].merge(&s)
			chPer[c*np+w].merge(&s)
		}
		ct.queueEnd, ct.oldest, ct.length = cs.queueEnd[n-1], cs.oldest[n-1], e.horizon
		ct.pct = histPct(&cs.total)
		ct.fill(v[l.chTot+c*NumMetrics:][:NumMetrics])
		tot.merge(&ct)
		byTiming[timing(cs.realtime)].merge(&ct)
		if len(cs.ch.Classes) > 1 {
			for j := range cs.cls {
				s := span{tally: cs.cls[j], hasSL: cs.thr[j] > 0, noTimeMeasure: true}
				s.setSL()
				s.pct = nanPct()
				s.fill(v[l.cls+(l.classOff[c]+j)*NumMetrics:][:NumMetrics])
			}
		}
	}
	for i := range n {
		s := &totIv[i]
		s.length = e.ilen
		s.hasSL = s.slOffered > 0
		s.pct = nanPct()
		s.fill(v[l.totIv+i*NumMetrics:][:NumMetrics])
	}
	l.periodValues(e, v, chPer, grPer)
	for k, sp := range l.spanList {
		var s span
		// What is waiting at the end is what waits at the end of the
		// span's last interval.
		var last span
		if sp.Channels == nil {
			for i := sp.From; i < sp.To; i++ {
				s.merge(&totIv[i])
			}
			last = totIv[sp.To-1]
		} else {
			for _, c := range sp.Channels {
				for i := sp.From; i < sp.To; i++ {
					s.merge(&chIv[c*n+i])
				}
				last.merge(&chIv[c*n+sp.To-1])
			}
		}
		s.queueEnd, s.oldest = last.queueEnd, last.oldest
		s.length = float64(sp.To-sp.From) * e.ilen
		s.hasSL = s.slOffered > 0
		s.pct = nanPct()
		s.fill(v[l.spans+k*NumMetrics:][:NumMetrics])
	}
	tot.length = e.horizon
	tot.hasSL = tot.slOffered > 0
	tot.pct = histPct(&e.all)
	tot.fill(v[l.tot:][:NumMetrics])
	for k := range byTiming {
		s := &byTiming[k]
		s.length = e.horizon
		s.hasSL = s.slOffered > 0
		s.pct = histPct(&e.byTiming[k])
		s.fill(v[l.timing+k*NumMetrics:][:NumMetrics])
	}

	for f := range m.Flows {
		v[l.flows+f] = float64(e.flowCount[f])
	}
	for k, c := range l.switchers {
		v[l.flows+len(m.Flows)+k] = float64(e.chans[c].switchOut)
	}
	for k, c := range l.redialers {
		v[l.flows+len(m.Flows)+len(l.switchers)+k] = float64(e.chans[c].redialOut)
	}
	return v
}

// periodValues fills the days and weeks from the sums of their
// intervals: chPer and grPer hold each channel's and group's, in
// periodList order.
func (l *layout) periodValues(e *engine, v []float64, chPer []span, grPer []groupSpan) {
	np := len(l.periodList)
	pd := e.periods
	for p, sp := range l.periodList {
		base := l.periods + p*l.periodSize
		length := float64(sp.To-sp.From) * e.ilen
		// Percentiles come from the period's histogram: days first, then
		// weeks.
		node := func(days, weeks []pctNode) *pctNode {
			if p < l.days {
				return &days[p]
			}
			return &weeks[p-l.days]
		}
		var tot span
		var byTiming [2]span
		for c := range l.nch {
			cs := &e.chans[c]
			s := &chPer[c*np+p]
			s.hasSL = cs.hasSL
			s.queueEnd, s.oldest, s.length = cs.queueEnd[sp.To-1], cs.oldest[sp.To-1], length
			s.pct = node(pd.chDay[c], pd.chWeek[c]).pct
			s.fill(v[base+c*NumMetrics:][:NumMetrics])
			tot.merge(s)
			byTiming[timing(cs.realtime)].merge(s)
		}
		tot.length, tot.hasSL = length, tot.slOffered > 0
		tot.pct = node(pd.allDay, pd.allWeek).pct
		tot.fill(v[base+l.nch*NumMetrics:][:NumMetrics])
		for k := range byTiming {
			s := &byTiming[k]
			s.length, s.hasSL = length, s.slOffered > 0
			s.pct = node(pd.timingDay[k], pd.timingWeek[k]).pct
			s.fill(v[base+(l.nch+1+k)*NumMetrics:][:NumMetrics])
		}
		gbase := base + (l.nch+3)*NumMetrics
		var all groupSpan
		for g := range l.ng {
			s := &grPer[g*np+p]
			s.fill(v[gbase+g*NumGroupMetrics:][:NumGroupMetrics], length)
			all.add(s)
		}
		all.fill(v[gbase+l.ng*NumGroupMetrics:][:NumGroupMetrics], length)
	}
}

// merge adds o into s: counts and time integrals add up; the queue at the
// end is the sum over channels (merging channels) or the last interval's
// (merging intervals, set by the caller).
func (s *span) merge(o *span) {
	s.tally.add(&o.tally)
	s.slOffered += o.slOffered
	s.slAnswered += o.slAnswered
	s.slWithin += o.slWithin
	s.slAbandonedEarly += o.slAbandonedEarly
	s.queueEnd += o.queueEnd
	s.oldest = max(s.oldest, o.oldest)
	s.qArea += o.qArea
	s.busy += o.busy
	s.cost += o.cost
	s.served += o.served
}

// timing indexes the real-time channels (0) and the deferred ones (1).
func timing(realtime bool) int {
	if realtime {
		return 0
	}
	return 1
}

func paidAt(g *Group, i int) float64 {
	switch {
	case g.Unlimited:
		return 0
	case g.Paid != nil:
		if g.PaidBreaks != nil {
			return g.Paid[i] + g.PaidBreaks[i]
		}
		return g.Paid[i]
	default:
		return float64(g.Staff[i])
	}
}

// groupSpan holds what group measures are computed from, for one
// interval or a sum of them, of one group or of several: agent-seconds on
// the floor (for an unlimited group, its busy time), busy and paid, the
// contacts handled and the cost.
type groupSpan struct {
	presence, busy, paidSec, handled, cost float64
	absent, away                           float64 // agent-seconds
}

func (s *groupSpan) add(o *groupSpan) {
	s.presence += o.presence
	s.busy += o.busy
	s.paidSec += o.paidSec
	s.handled += o.handled
	s.cost += o.cost
	s.absent += o.absent
	s.away += o.away
}

func (s *groupSpan) fill(v []float64, length float64) {
	v[Staff] = s.presence / length
	v[Paid] = s.paidSec / length
	v[Occupancy] = math.NaN()
	if s.presence > 0 {
		v[Occupancy] = s.busy / s.presence
	}
	v[BusyHours] = s.busy / 3600
	v[AvailableHours] = s.presence / 3600
	v[PaidHours] = s.paidSec / 3600
	v[Handled] = s.handled
	v[GroupCost] = s.cost
	v[Absent] = s.absent / length
	v[Away] = s.away / length
}

// result turns the merged vectors into a Result; perRep holds the spans'
// values of every replication, replication by replication.
func (l *layout) result(m *Model, w *welford, perRep []float64) *Result {
	n := l.n
	vals := func(off int) Values {
		var v Values
		for k := range v {
			v[k] = w.stat(off + k)
		}
		return v
	}
	gvals := func(off int) GroupValues {
		var v GroupValues
		for k := range v {
			v[k] = w.stat(off + k)
		}
		return v
	}
	r := &Result{
		Name: m.Name, IntervalSeconds: m.IntervalSeconds, Intervals: n, StartWeekday: m.StartWeekday,
		Seed: m.Seed, Replications: m.Replications,
	}
	for c := range m.Channels {
		ch := &m.Channels[c]
		cr := ChannelResult{Name: ch.Name, Kind: ch.Kind, Target: ch.Target}
		cr.Intervals = make([]Values, n)
		for i := range n {
			cr.Intervals[i] = vals(l.chIv + (c*n+i)*NumMetrics)
		}
		cr.Total = vals(l.chTot + c*NumMetrics)
		if len(ch.Classes) > 1 {
			for j, cl := range ch.Classes {
				cr.Classes = append(cr.Classes, ClassResult{Name: cl.Name, Target: cl.Target,
					Total: vals(l.cls + (l.classOff[c]+j)*NumMetrics)})
			}
		}
		r.Channels = append(r.Channels, cr)
	}
	r.Total.Intervals = make([]Values, n)
	for i := range n {
		r.Total.Intervals[i] = vals(l.totIv + i*NumMetrics)
	}
	r.Total.Total = vals(l.tot)
	r.RealTime, r.Deferred = vals(l.timing), vals(l.timing+NumMetrics)
	for g := range m.Groups {
		gr := GroupResult{Name: m.Groups[g].Name, Intervals: make([]GroupValues, n)}
		for i := range n {
			gr.Intervals[i] = gvals(l.grIv + (g*n+i)*NumGroupMetrics)
		}
		gr.Total = gvals(l.grTot + g*NumGroupMetrics)
		r.Groups = append(r.Groups, gr)
	}
	r.AllGroups = GroupResult{Name: "all groups", Intervals: make([]GroupValues, n), Total: gvals(l.allTot)}
	for i := range n {
		r.AllGroups.Intervals[i] = gvals(l.allIv + i*NumGroupMetrics)
	}
	for si, st := range m.Sites {
		sr := GroupResult{Name: st.Name, Intervals: make([]GroupValues, n), Total: gvals(l.siteTot + si*NumGroupMetrics)}
		for i := range n {
			sr.Intervals[i] = gvals(l.siteIv + (si*n+i)*NumGroupMetrics)
		}
		r.Sites = append(r.Sites, sr)
	}
	for p, sp := range l.periodList {
		base := l.periods + p*l.periodSize
		pr := PeriodResult{Span: sp, Total: vals(base + l.nch*NumMetrics),
			RealTime: vals(base + (l.nch+1)*NumMetrics), Deferred: vals(base + (l.nch+2)*NumMetrics)}
		for c := range l.nch {
			pr.Channels = append(pr.Channels, vals(base+c*NumMetrics))
		}
		gbase := base + (l.nch+3)*NumMetrics
		for g := range l.ng {
			pr.Groups = append(pr.Groups, gvals(gbase+g*NumGroupMetrics))
		}
		pr.AllGroups = gvals(gbase + l.ng*NumGroupMetrics)
		if p < l.days {
			r.Days = append(r.Days, pr)
		} else {
			r.Weeks = append(r.Weeks, pr)
		}
	}
	ns := len(l.spanList)
	for k, sp := range l.spanList {
		sr := SpanResult{Span: sp, Total: vals(l.spans + k*NumMetrics), Replications: make([][NumMetrics]float64, m.Replications)}
		for rep := range sr.Replications {
			copy(sr.Replications[rep][:], perRep[(rep*ns+k)*NumMetrics:])
		}
		r.Spans = append(r.Spans, sr)
	}
	for f, fl := range m.Flows {
		r.Flows = append(r.Flows, FlowResult{Kind: fl.Kind.String(), From: m.Channels[fl.From].Name,
			To: m.Channels[fl.To].Name, Count: w.stat(l.flows + f)})
	}
	for k, c := range l.switchers {
		r.Flows = append(r.Flows, FlowResult{Kind: "switch", From: m.Channels[c].Name,
			To: m.Channels[m.Channels[c].Switch.To].Name, Count: w.stat(l.flows + len(m.Flows) + k)})
	}
	for k, c := range l.redialers {
		r.Flows = append(r.Flows, FlowResult{Kind: "redial", From: m.Channels[c].Name,
			To: m.Channels[c].Name, Count: w.stat(l.flows + len(m.Flows) + len(l.switchers) + k)})
	}
	return r
}
