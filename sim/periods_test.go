package sim

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestDaysAndWeeks(t *testing.T) {
	cases := []struct {
		t            Timeline
		days, weeks  []Span
		firstTitle   string
		lastDayTitle string
	}{
		// One day of half-hours: one day, one week.
		{Timeline{IntervalSeconds: 1800, Intervals: 48, StartWeekday: 1}, []Span{{From: 0, To: 48}}, []Span{{From: 0, To: 48}}, "Mon", "Mon"},
		// Eight hours: a partial day.
		{Timeline{IntervalSeconds: 1800, Intervals: 16, StartWeekday: 3}, []Span{{From: 0, To: 16}}, []Span{{From: 0, To: 16}}, "Wed", "Wed"},
		// Nine days of hours from a Saturday: two weeks, the second of
		// two days; past a week days are numbered and named.
		{Timeline{IntervalSeconds: 3600, Intervals: 9 * 24, StartWeekday: 6},
			[]Span{{From: 0, To: 24}, {From: 24, To: 48}, {From: 48, To: 72}, {From: 72, To: 96}, {From: 96, To: 120}, {From: 120, To: 144}, {From: 144, To: 168}, {From: 168, To: 192}, {From: 192, To: 216}},
			[]Span{{From: 0, To: 168}, {From: 168, To: 216}}, "d1 Sat", "d9 Sun"},
		// 7-hour intervals over three days: an interval belongs to the day
		// it starts on.
		{Timeline{IntervalSeconds: 7 * 3600, Intervals: 10, StartWeekday: 0},
			[]Span{{From: 0, To: 4}, {From: 4, To: 7}, {From: 7, To: 10}}, []Span{{From: 0, To: 10}}, "Sun", "Tue"},
	}
	for _, c := range cases {
		if got := c.t.Days(); !reflect.DeepEqual(got, c.days) {
			t.Errorf("%+v: days %v, want %v", c.t, got, c.days)
		}
		if got := c.t.Weeks(); !reflect.DeepEqual(got, c.weeks) {
			t.Errorf("%+v: weeks %v, want %v", c.t, got, c.weeks)
		}
		if got := c.t.DayTitle(0); got != c.firstTitle {
			t.Errorf("%+v: first day %q, want %q", c.t, got, c.firstTitle)
		}
		last := c.t.DayOf(c.t.Intervals - 1)
		if got := c.t.DayTitle(last); got != c.lastDayTitle {
			t.Errorf("%+v: last day %q, want %q", c.t, got, c.lastDayTitle)
		}
	}
}

// FuzzDays checks that any timeline's days and weeks cover every
// interval once, in order, and that a week holds at most seven days.
func FuzzDays(f *testing.F) {
	f.Add(1800.0, 48)
	f.Add(0.5, 1000)
	f.Add(86400.0*3, 5)
	f.Add(7*3600.0, 10)
	f.Fuzz(func(t *testing.T, sec float64, n int) {
		tl := Timeline{IntervalSeconds: sec, Intervals: n}
		if !(sec > 0) || math.IsInf(sec, 0) || n < 1 || n > 100_000 || sec*float64(n) > 400*86400 {
			return
		}
		for name, spans := range map[string][]Span{"days": tl.Days(), "weeks": tl.Weeks()} {
			next := 0
			for _, s := range spans {
				if s.From != next || s.To <= s.From {
					t.Fatalf("%s of %+v: %v does not follow on from %d", name, tl, spans, next)
				}
				next = s.To
			}
			if next != n {
				t.Fatalf("%s of %+v end at %d, not %d", name, tl, next, n)
			}
		}
		days := tl.Days()
		for _, w := range tl.Weeks() {
			in := 0
			for _, d := range days {
				if d.From >= w.From && d.To <= w.To {
					in++
				}
			}
			if in < 1 || in > 7 {
				t.Fatalf("week %v of %+v holds %d days", w, tl, in)
			}
		}
	})
}

// stretched is the rich model with its 16 intervals lengthened so that the
// horizon spans several days: 4 hours (2 days and 16 hours, a partial
// last day) or 12 hours (8 days: two weeks, the second of one day).
func stretched(hours float64) *Model {
	m := richModel()
	m.IntervalSeconds = hours * 3600
	m.Replications = 1
	return m
}

// TestPeriodsAgainstContacts checks the days and weeks of one
// replication against exact computations over its contacts: counts are
// the period's contacts, a service level is those answered in time over
// those whose outcome is known, an abandon rate is over those that came
// while open, the ASA is the mean wait of the period's answered contacts,
// and each percentile is the nearest-rank order statistic of their waits
// read from a histogram bucket (within 1/256 of the wait, see histBits);
// for each channel, for each kind of channel and for all. The groups'
// figures are the sums of their intervals', occupancy a ratio of sums.
func TestPeriodsAgainstContacts(t *testing.T) {
	models := map[string]*Model{"4h": stretched(4), "12h": stretched(12)}
	if !testing.Short() {
		models["large week"] = largeWeek()
	}
	for name, m := range models {
		t.Run(name, func(t *testing.T) {
			for seed := 1; seed <= 3; seed++ {
				m.Seed = uint64(seed)
				e, contacts := traceRep(t, m, 0)
				v := newLayout(m, nil).values(e)
				checkPeriods(t, fmt.Sprintf("seed %d", seed), m, v, contacts)
				if t.Failed() {
					return
				}
			}
		})
	}
}

func checkPeriods(t *testing.T, seed string, m *Model, v []float64, contacts []traced) {
	t.Helper()
	l := newLayout(m, nil)
	tl := m.Timeline()
	type cell struct {
		offered, answered, abandoned, blocked, within, closed, censored int
		waits                                                           []float64
		hasSL                                                           bool
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return math.NaN()
		}
		return float64(a) / float64(b)
	}
	same := func(got, want float64) bool {
		return got == want || math.IsNaN(got) && math.IsNaN(want) || math.Abs(got-want) <= 1e-9*math.Max(1, math.Abs(want))
	}
	check := func(where string, got []float64, k *cell) {
		for _, x := range []struct {
			m    Metric
			want int
		}{{Offered, k.offered}, {Answered, k.answered}, {Abandoned, k.abandoned}, {Blocked, k.blocked}} {
			if got[x.m] != float64(x.want) {
				t.Errorf("%s %s: %s = %v, the contacts give %d", seed, where, x.m.Key(), got[x.m], x.want)
			}
		}
		if want := ratio(k.within, k.offered-k.closed-k.censored); k.hasSL && !same(got[ServiceLevel], want) {
			t.Errorf("%s %s: service level %v, the contacts give %d/%d", seed, where, got[ServiceLevel], k.within, k.offered-k.closed-k.censored)
		}
		if want := ratio(k.abandoned, k.offered-k.closed); !same(got[AbandonRate], want) {
			t.Errorf("%s %s: abandon rate %v, the contacts give %v", seed, where, got[AbandonRate], want)
		}
		asa := math.NaN()
		if len(k.waits) > 0 {
			asa = 0
			for _, w := range k.waits {
				asa += w
			}
			asa /= float64(len(k.waits))
		}
		if !same(got[ASA], asa) {
			t.Errorf("%s %s: ASA %v, the contacts give %v", seed, where, got[ASA], asa)
		}
		waits := slices.Sorted(slices.Values(k.waits))
		for j, p := range percentiles {
			g := got[WaitP50+Metric(j)]
			if len(waits) == 0 {
				if !math.IsNaN(g) {
					t.Errorf("%s %s: p%g = %v without answered contacts", seed, where, 100*p, g)
				}
				continue
			}
			if want := nearestRank(waits, p); math.Abs(g-want) > want/256+1e-9 {
				t.Errorf("%s %s: p%g = %.5g s, the %d answered waits give %.5g s", seed, where, 100*p, g, len(waits), want)
			}
		}
	}
	add := func(to *cell, x traced) {
		to.offered++
		switch x.fate {
		case fateAnswered:
			to.answered++
			to.waits = append(to.waits, x.wait)
			if x.wait <= x.thr {
				to.within++
			}
		case fateAbandoned:
			to.abandoned++
		case fateBlocked:
			to.blocked++
		case fateClosed:
			to.blocked++
			to.closed++
		case fateUnfinished:
			if x.wait < x.thr {
				to.censored++
			}
		}
	}
	periods := append(tl.Days(), tl.Weeks()...)
	if len(periods) != len(l.periodList) {
		t.Fatalf("%d periods laid out, %d expected", len(l.periodList), len(periods))
	}
	hasSL := func(c int) bool {
		ch := &m.Channels[c]
		if len(ch.Classes) == 0 {
			return ch.Target.Threshold > 0
		}
		for _, cl := range ch.Classes {
			if cl.Target.Threshold <= 0 && ch.Target.Threshold <= 0 {
				return false
			}
		}
		return true
	}
	for p, sp := range periods {
		name := fmt.Sprintf("day %d", p+1)
		if p >= l.days {
			name = fmt.Sprintf("week %d", p-l.days+1)
		}
		chans := make([]cell, len(m.Channels))
		var all cell
		var kinds [2]cell
		for c := range chans {
			chans[c].hasSL = hasSL(c)
		}
		for _, x := range contacts {
			if x.interval < sp.From || x.interval >= sp.To {
				continue
			}
			add(&chans[x.ch], x)
			add(&all, x)
			add(&kinds[timing(m.Channels[x.ch].Realtime())], x)
		}
		base := l.periods + p*l.periodSize
		for c := range chans {
			check(name+" "+m.Channels[c].Name, v[base+c*NumMetrics:][:NumMetrics], &chans[c])
			// What waits at the end of a period waits at the end of its
			// last interval.
			got := v[base+c*NumMetrics:][:NumMetrics]
			last := v[l.chIv+(c*m.Intervals+sp.To-1)*NumMetrics:][:NumMetrics]
			if got[QueueEnd] != last[QueueEnd] || got[OldestAge] != last[OldestAge] {
				t.Errorf("%s %s %s: queue at end %v (oldest %v), its last interval's %v (%v)", seed, name, m.Channels[c].Name,
					got[QueueEnd], got[OldestAge], last[QueueEnd], last[OldestAge])
			}
		}
		all.hasSL = all.offered-all.closed-all.censored > 0
		check(name+" all channels", v[base+len(chans)*NumMetrics:][:NumMetrics], &all)
		for k := range kinds {
			kinds[k].hasSL = kinds[k].offered-kinds[k].closed-kinds[k].censored > 0
			check(fmt.Sprintf("%s timing %d", name, k), v[base+(len(chans)+1+k)*NumMetrics:][:NumMetrics], &kinds[k])
		}
		// Groups: sums of the intervals' hours, occupancy their ratio.
		gbase := base + (len(chans)+3)*NumMetrics
		var allBusy, allFloor float64
		for g := range m.Groups {
			got := v[gbase+g*NumGroupMetrics:][:NumGroupMetrics]
			var busy, floor, paid, handled float64
			for i := sp.From; i < sp.To; i++ {
				iv := v[l.grIv+(g*m.Intervals+i)*NumGroupMetrics:][:NumGroupMetrics]
				busy += iv[BusyHours]
				floor += iv[AvailableHours]
				paid += iv[PaidHours]
				handled += iv[Handled]
			}
			allBusy += busy
			allFloor += floor
			hours := float64(sp.To-sp.From) * m.IntervalSeconds / 3600
			for _, x := range []struct {
				m         GroupMetric
				got, want float64
			}{
				{BusyHours, got[BusyHours], busy}, {AvailableHours, got[AvailableHours], floor},
				{PaidHours, got[PaidHours], paid}, {Handled, got[Handled], handled},
				{Occupancy, got[Occupancy], busy / floor}, {Paid, got[Paid], paid / hours}, {Staff, got[Staff], floor / hours},
			} {
				if !scalar.EqualWithinAbsOrRel(x.got, x.want, 1e-9, 1e-9) {
					t.Errorf("%s %s group %s: %s = %v, its intervals give %v", seed, name, m.Groups[g].Name, x.m.Key(), x.got, x.want)
				}
			}
		}
		got := v[gbase+len(m.Groups)*NumGroupMetrics:][:NumGroupMetrics]
		if !scalar.EqualWithinAbsOrRel(got[Occupancy], allBusy/allFloor, 1e-9, 1e-9) {
			t.Errorf("%s %s all groups: occupancy %v, the groups' hours give %v", seed, name, got[Occupancy], allBusy/allFloor)
		}
	}
}

// TestPeriodsOfRun checks the days and weeks of a whole run: over
// replications each count of a period is the sum of its intervals' means
// (a mean of sums is the sum of the means), the single day of a one-day
// horizon and the single week of a short one are the horizon's own
// figures, and neither the workers nor the cores change them.
func TestPeriodsOfRun(t *testing.T) {
	m := stretched(12)
	m.Replications = 4
	r, err := Run(context.Background(), m, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	again, err := Run(context.Background(), m, Options{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(r.Days, r.Weeks) != fmt.Sprint(again.Days, again.Weeks) {
		t.Error("3 workers changed the days or weeks")
	}
	if len(r.Days) != 8 || len(r.Weeks) != 2 {
		t.Fatalf("%d days and %d weeks in 8 days", len(r.Days), len(r.Weeks))
	}
	counts := []Metric{Offered, Answered, Abandoned, Blocked, Switched, Unfinished, Escalated, Repeats, FollowUps, HandledMinutes, Cost}
	for _, periods := range [][]PeriodResult{r.Days, r.Weeks} {
		for _, p := range periods {
			for c, ch := range r.Channels {
				for _, k := range counts {
					sum := 0.0
					for i := p.From; i < p.To; i++ {
						sum += ch.Intervals[i][k].Mean
					}
					if got := p.Channels[c][k].Mean; !scalar.EqualWithinAbsOrRel(got, sum, 1e-9, 1e-12) {
						t.Errorf("%v %s: %s %v, its intervals sum to %v", p.Span, ch.Name, k.Key(), got, sum)
					}
				}
			}
			for g, gr := range r.Groups {
				sum := 0.0
				for i := p.From; i < p.To; i++ {
					sum += gr.Intervals[i][PaidHours].Mean
				}
				if got := p.Groups[g][PaidHours].Mean; !scalar.EqualWithinAbsOrRel(got, sum, 1e-9, 1e-12) {
					t.Errorf("%v %s: paid hours %v, its intervals sum to %v", p.Span, gr.Name, got, sum)
				}
			}
		}
	}
	// One day and one week of 8 hours: both are the horizon.
	one, err := Run(context.Background(), richModel(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []PeriodResult{one.Days[0], one.Weeks[0]} {
		for k := range NumMetrics {
			if got, want := p.Total[k], one.Total.Total[k]; !sameOrClose(got, want) {
				t.Errorf("%s of the only day or week: %+v, the horizon's %+v", Metric(k).Key(), got, want)
			}
			for c := range one.Channels {
				if got, want := p.Channels[c][k], one.Channels[c].Total[k]; !sameOrClose(got, want) {
					t.Errorf("%s of %s's only day or week: %+v, the horizon's %+v", Metric(k).Key(), one.Channels[c].Name, got, want)
				}
			}
		}
		for g := range one.Groups {
			for k := range NumGroupMetrics {
				if got, want := p.Groups[g][k], one.Groups[g].Total[k]; !sameOrClose(got, want) {
					t.Errorf("%s of group %s's only day or week: %+v, the horizon's %+v", GroupMetric(k).Key(), one.Groups[g].Name, got, want)
				}
			}
		}
	}
}

// sameOrClose compares two statistics summed in different orders: equal
// counts of replications and means and deviations within 1e-12 relative.
func sameOrClose(a, b Stat) bool {
	eq := func(x, y float64) bool {
		return math.IsNaN(x) && math.IsNaN(y) || scalar.EqualWithinAbsOrRel(x, y, 1e-12, 1e-12)
	}
	return a.N == b.N && eq(a.Mean, b.Mean) && eq(a.SD, b.SD)
}
