package backtest

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/sim"
)

// reportDays holds what interval reports said, by day: the replay of a
// report has no timestamps, so it keeps counts and figures per interval.
type reportDays struct {
	length int // the reports' interval, seconds
	days   map[int64]*reportDay
	drawn  bool // arrivals drawn into Replay.arrivals
	// has says which figures some row held: abandoned, sl, asa.
	hasAbandoned, hasSL, hasASA bool
}

// reportDay is one day of reports: per report interval and channel, the
// offered count; per scored interval, the observed sums; per staffing
// step, the agents staffed.
type reportDay struct {
	offered [][]int // [channel][report interval]
	obs     []reportCell
	staffed []float64 // per staffing step
}

// reportCell sums the observed figures of the rows in one scored
// interval.
type reportCell struct {
	offered, answered, abandoned, within, waitSum float64
}

// AddRecord reads one row of an interval report (contactlog.ReportReader)
// instead of contacts: a replay reads a log with Add or reports with
// AddRecord, not both. The row's length must divide the interval scored
// and be a multiple of the staffing step, and the row must have the
// agents staffed. Rows of several queues add up: their offered contacts
// go to the scenario channel named like the queue (or the first), their
// staffed agents to the one staffed group.
func (b *Replay) AddRecord(r contactlog.IntervalRecord) error {
	if b.logged {
		return errors.New("backtest: a replay reads a contact log or interval reports, not both")
	}
	L := int(r.Length / time.Second)
	if L <= 0 || b.opt.IntervalSeconds%L != 0 || L%b.opt.StaffSeconds != 0 {
		return fmt.Errorf("backtest: report interval %v: want a length that divides the interval scored (%v) and is a multiple of the staffing step (%v)",
			r.Length, time.Duration(b.opt.IntervalSeconds)*time.Second, time.Duration(b.opt.StaffSeconds)*time.Second)
	}
	if len(b.opt.Priority) > 0 {
		return errors.New("backtest: priority classes need a contact log: a report has no priorities")
	}
	if math.IsNaN(r.Staffed) {
		return errors.New("backtest: the report row has no staffed agents: replaying a report needs the staffed column (--report-map staffed=COL)")
	}
	if math.IsNaN(r.Offered) {
		return errors.New("backtest: the report row has no offered contacts")
	}
	rep := b.report
	if rep == nil {
		rep = &reportDays{length: L, days: map[int64]*reportDay{}}
		b.report = rep
	}
	if L != rep.length {
		return fmt.Errorf("backtest: report interval %v: earlier rows are %v; a replay reads one interval length", r.Length, time.Duration(rep.length)*time.Second)
	}
	day, sec := contactlog.SplitDay(r.Start)
	if int(sec)%L != 0 {
		return fmt.Errorf("backtest: report interval starting %s is not on a %v boundary", r.Start.Format("2006-01-02 15:04"), r.Length)
	}
	if day < b.first || day-1 > b.last {
		return nil
	}
	d := rep.days[day]
	if d == nil {
		d = &reportDay{offered: make([][]int, len(b.model.Channels)), obs: make([]reportCell, 86400/b.opt.IntervalSeconds),
			staffed: make([]float64, 86400/b.opt.StaffSeconds)}
		for ch := range d.offered {
			d.offered[ch] = make([]int, 86400/L)
		}
		rep.days[day] = d
	}
	n := int(math.Round(r.Offered))
	d.offered[b.channelOf(contactlog.Contact{Queue: r.Queue})][int(sec)/L] += n
	c := &d.obs[int(sec)/b.opt.IntervalSeconds]
	answered := r.Answered
	if math.IsNaN(answered) {
		answered = r.Offered
		if !math.IsNaN(r.Abandoned) {
			answered = math.Max(0, r.Offered-r.Abandoned)
		}
	}
	c.offered += float64(n)
	if !math.IsNaN(r.Abandoned) {
		rep.hasAbandoned = true
		c.abandoned += r.Abandoned
	}
	if !math.IsNaN(r.ServiceLevel) {
		rep.hasSL = true
		c.within += r.ServiceLevel * float64(n)
	}
	if !math.IsNaN(r.ASA) {
		rep.hasASA = true
		c.answered += answered
		c.waitSum += r.ASA * answered
	}
	step := b.opt.StaffSeconds
	for i := int(sec) / step; i < (int(sec)+L)/step; i++ {
		d.staffed[i] += r.Staffed
	}
	return nil
}

// drawArrivals places each report interval's offered contacts uniformly
// at random within it: given their count, the arrival times of a Poisson
// process are independent and uniform over the interval, so this is the
// Poisson process the report's count came from, conditioned on that
// count. Each (day, channel, interval) draws from its own stream of the
// seed, so the draw does not depend on the order rows were read in. The
// replications of a day share the draw: they vary the handle times and
// patience, the days vary the placement.
func (b *Replay) drawArrivals() {
	rep := b.report
	if rep.drawn {
		return
	}
	rep.drawn = true
	for day, d := range rep.days {
		a := make([][]float64, len(d.offered))
		for ch, counts := range d.offered {
			for i, n := range counts {
				if n == 0 {
					continue
				}
				key := (uint64(day)*uint64(len(d.offered))+uint64(ch))*uint64(len(counts)) + uint64(i)
				rng := rand.New(rand.NewPCG(sim.DeriveSeed(b.opt.Seed, key), 0x5bd1e995))
				from := float64(i * rep.length)
				for range n {
					a[ch] = append(a[ch], from+rng.Float64()*float64(rep.length))
				}
			}
			slices.Sort(a[ch])
		}
		b.arrivals[day] = a
	}
}

// reportDates are the days of the reports within the window, in order.
func (b *Replay) reportDates() []time.Time {
	var out []time.Time
	for day := range b.report.days {
		t := time.Unix(day*86400, 0).UTC()
		if b.opt.Window.Contains(t) {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// reportStaff is the staff taking contacts per step of a day replayed
// from reports: the staffed agents less shrinkage, the first hour of the
// next day after.
func (b *Replay) reportStaff(day int64, n int) []float64 {
	staff := make([]float64, n)
	perDay := 86400 / b.opt.StaffSeconds
	for i := range n {
		var d *reportDay
		j := i
		if i < perDay {
			d = b.report.days[day]
		} else {
			d, j = b.report.days[day+1], i-perDay
		}
		if d != nil {
			staff[i] = d.staffed[j] * (1 - b.shrinkage)
		}
	}
	return staff
}

// reportObserved is what the reports say of one scored interval: its
// offered count and the figures they have (NaN for those they lack).
func (b *Replay) reportObserved(day int64, i int) (int, Measures) {
	c := b.report.days[day].obs[i]
	m := Measures{AbandonRate: math.NaN(), ServiceLevel: math.NaN(), ASA: math.NaN()}
	if c.offered == 0 {
		return 0, m
	}
	if b.report.hasAbandoned {
		m.AbandonRate = math.Min(1, c.abandoned/c.offered)
	}
	if b.report.hasSL {
		m.ServiceLevel = math.Min(1, c.within/c.offered)
	}
	if b.report.hasASA && c.answered > 0 {
		m.ASA = c.waitSum / c.answered
	}
	return int(c.offered), m
}
