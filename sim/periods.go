package sim

import (
	"math"
	"strconv"
)

// Days splits the horizon into its days from 00:00 of the first: day d
// holds the intervals that start on it. A horizon of a day or less is one
// day, and the last day of a horizon that does not end at midnight is
// partial. Every interval belongs to exactly one day.
func (t Timeline) Days() []Span {
	var out []Span
	for i := 0; i < t.Intervals; {
		d := t.DayOf(i)
		j := i + 1
		for j < t.Intervals && t.DayOf(j) == d {
			j++
		}
		// A day without an interval starting on it (intervals longer than
		// a day) is skipped: its span would be empty.
		out = append(out, Span{From: i, To: j})
		i = j
	}
	return out
}

// DayOf is the day of the horizon, from 0, on which interval i starts
// (to the millisecond, as At names it).
func (t Timeline) DayOf(i int) int {
	return int(int64(math.Round(float64(i)*t.IntervalSeconds*1000)) / 86_400_000)
}

// Weeks splits the horizon into runs of seven days from its first day
// (Days): weeks of the horizon, which are calendar weeks when the horizon
// starts on the first day of the planner's week. The last may be shorter.
func (t Timeline) Weeks() []Span {
	days := t.Days()
	var out []Span
	for k := 0; k < len(days); k += 7 {
		last := min(k+7, len(days)) - 1
		out = append(out, Span{From: days[k].From, To: days[last].To})
	}
	return out
}

// DayTitle names day d of the horizon, from 0, for a person: its weekday
// ("Tue") over a horizon of up to a week, and past a week its number and
// weekday ("d9 Tue"), so that the 9th day still says which weekday it is.
func (t Timeline) DayTitle(d int) string {
	wd := weekdayNames[((d+t.StartWeekday)%7+7)%7]
	if t.pastAWeek() {
		return "d" + strconv.Itoa(d+1) + " " + wd
	}
	return wd
}

// PeriodResult is the forecast over a run of whole intervals, a day or a
// week, merged in each replication as if the run were one interval: counts
// and times add up, shares are ratios of those sums (a service level is
// the contacts answered in time over the contacts of the period whose
// outcome is known), waits are means over the period's contacts, and the
// percentiles are those of the waits of the period's answered contacts,
// read from their histogram as the horizon's are. The queue at the end
// and the oldest wait are those at the end of the period's last interval;
// staff and paid agents are means over the period.
type PeriodResult struct {
	Span
	// Channels holds each channel's measures, in channel order.
	Channels []Values
	// Total merges all channels; RealTime and Deferred the channels of
	// each kind (see Result).
	Total, RealTime, Deferred Values
	// Groups holds each agent group's measures, in group order, and
	// AllGroups all of them merged.
	Groups    []GroupValues
	AllGroups GroupValues
}

// pctNode gathers the waits of one period of one scope (a channel, the
// channels of a kind, all channels) from its parts as they close, and
// reads the period's percentiles once the last part is in. Only periods
// with an interval still open hold a histogram, so memory does not grow
// with the horizon.
type pctNode struct {
	hist *waitHist
	// left counts the parts not yet closed.
	left int32
	pct  [5]float64
	// parents are the periods this one is a part of.
	parents []*pctNode
}

// periodPct holds the percentile nodes of one replication: for each
// channel its days and weeks, and the same for the channels of each kind
// and for all channels.
type periodPct struct {
	dayOf  []int32 // interval -> day
	weekOf []int32 // day -> week
	// chDay[c][d], chWeek[c][w]; timing k (0 real-time, 1 deferred);
	// all channels.
	chDay, chWeek         [][]pctNode
	timingDay, timingWeek [2][]pctNode
	allDay, allWeek       []pctNode
	closed                [][]bool // closed[c][i]: interval i of channel c has fed its day
}

func newPeriodPct(t Timeline, realtime []bool) *periodPct {
	days, weeks := t.Days(), t.Weeks()
	p := &periodPct{dayOf: make([]int32, t.Intervals), weekOf: make([]int32, len(days))}
	for d, s := range days {
		for i := s.From; i < s.To; i++ {
			p.dayOf[i] = int32(d)
		}
		p.weekOf[d] = int32(d / 7)
	}
	nodes := func(n int) []pctNode {
		out := make([]pctNode, n)
		for i := range out {
			out[i].pct = nanPct()
		}
		return out
	}
	daysIn := func(w int) int32 { return int32(min(7, len(days)-7*w)) }
	link := func(day, week []pctNode) {
		for d := range day {
			day[d].parents = append(day[d].parents, &week[d/7])
		}
		for w := range week {
			week[w].left = daysIn(w)
		}
	}
	var perTiming [2]int32
	for _, rt := range realtime {
		perTiming[timing(rt)]++
	}
	p.allDay, p.allWeek = nodes(len(days)), nodes(len(weeks))
	link(p.allDay, p.allWeek)
	for k := range p.timingDay {
		p.timingDay[k], p.timingWeek[k] = nodes(len(days)), nodes(len(weeks))
		link(p.timingDay[k], p.timingWeek[k])
		for d := range days {
			p.timingDay[k][d].left = perTiming[k]
		}
	}
	for d := range days {
		p.allDay[d].left = int32(len(realtime))
	}
	p.chDay, p.chWeek = make([][]pctNode, len(realtime)), make([][]pctNode, len(realtime))
	p.closed = make([][]bool, len(realtime))
	for c, rt := range realtime {
		p.chDay[c], p.chWeek[c] = nodes(len(days)), nodes(len(weeks))
		link(p.chDay[c], p.chWeek[c])
		for d, s := range days {
			n := &p.chDay[c][d]
			n.left = int32(s.To - s.From)
			n.parents = append(n.parents, &p.allDay[d], &p.timingDay[timing(rt)][d])
		}
		p.closed[c] = make([]bool, t.Intervals)
	}
	return p
}

// closeInterval feeds the waits of interval i of channel c (h, nil when
// nobody was answered) into its day; each interval counts once.
func (e *engine) periodInterval(c, i int, h *waitHist) {
	p := e.periods
	if p.closed[c][i] {
		return
	}
	p.closed[c][i] = true
	e.feed(&p.chDay[c][p.dayOf[i]], h)
}

// feed merges the waits of one closed part into n; when it was n's last
// part, n reads its percentiles, feeds its own parents and frees its
// histogram.
func (e *engine) feed(n *pctNode, h *waitHist) {
	if h != nil && h.n > 0 {
		if n.hist == nil {
			n.hist = e.newHist()
		}
		n.hist.merge(h)
	}
	n.left--
	if n.left > 0 {
		return
	}
	if n.hist != nil {
		n.pct = histPct(n.hist)
	}
	for _, parent := range n.parents {
		e.feed(parent, n.hist)
	}
	if n.hist != nil {
		n.hist.reset()
		e.histFree = append(e.histFree, n.hist)
		n.hist = nil
	}
}
