package contactlog

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
)

// Availability is the share of the staff on duty that actually takes
// contacts, measured from a log.
//
// The on-duty estimate (Staffing.OnDuty) counts an agent from their first
// contact to their last, bridging idle gaps; it cannot tell an idle agent
// who is ready for the next call from one on a break, in a meeting or at
// other work. A log can tell them apart at one kind of moment: while a
// caller waits, every agent ready to take a call is busy (the ACD hands a
// waiting call to a free agent at once). So over the time when at least
// one caller waited, busy agents over agents on duty is the share of the
// on-duty staff that takes calls. One minus it is the shrinkage a scenario
// applies to the on-duty headcount.
type Availability struct {
	// Share is busy agents over agents on duty, averaged over the time
	// when at least one caller waited; NaN when nobody waited while an
	// agent was on duty.
	Share float64
	// WaitingSeconds is the time with at least one caller waiting.
	WaitingSeconds float64
	// Busy and OnDuty are the mean agents busy (handle time and
	// after-contact work) and on duty over that time.
	Busy, OnDuty float64
}

// MeasureAvailability measures Availability from a log that it reads
// twice through read, which must stream the same contacts to add each
// time it is called: the first pass finds when callers waited and each
// agent's spells on duty (busy periods joined across idle gaps of up to
// agentGap seconds, as Staffing does), the second adds up who was busy
// then. Memory grows with days and agents, not with contacts.
func MeasureAvailability(read func(add func(Contact)) error, agentGap float64) (Availability, error) {
	if !(agentGap > 0) || math.IsInf(agentGap, 0) {
		return Availability{}, fmt.Errorf("contactlog: availability: agent gap %v s: want a positive number", agentGap)
	}
	m := availabilityPass{waiting: map[int64][]span{}, agents: map[string][]span{}, gap: agentGap}
	if err := read(m.first); err != nil {
		return Availability{}, err
	}
	if err := read(m.second); err != nil {
		return Availability{}, err
	}
	for _, name := range slices.Sorted(maps.Keys(m.agents)) {
		for _, s := range m.agents[name] {
			m.onDuty += m.overlap(s)
		}
	}
	a := Availability{Share: math.NaN()}
	for _, day := range slices.Sorted(maps.Keys(m.waiting)) {
		for _, s := range m.waiting[day] {
			a.WaitingSeconds += s.to - s.from
		}
	}
	if a.WaitingSeconds > 0 {
		a.Busy, a.OnDuty = m.busy/a.WaitingSeconds, m.onDuty/a.WaitingSeconds
	}
	if m.onDuty > 0 {
		a.Share = m.busy / m.onDuty
	}
	if m.firstCount != m.secondCount {
		return Availability{}, fmt.Errorf("contactlog: availability: the two passes over the log read %d and %d contacts", m.firstCount, m.secondCount)
	}
	return a, nil
}

type availabilityPass struct {
	gap float64
	// waiting holds, per day, the disjoint sorted periods of that day
	// with at least one caller waiting (Unix seconds; a wait past
	// midnight is split between the days).
	waiting map[int64][]span
	agents  map[string][]span
	// busy and onDuty are agent-seconds within the waiting periods.
	busy, onDuty            float64
	firstCount, secondCount int
}

// busySpan is the time an answered contact kept its agent busy.
func busySpan(c Contact) (span, bool) {
	d := c.Handle + c.ACW
	if c.Outcome != Answered || !(d > 0) || math.IsInf(d, 0) || !(c.Wait >= 0) || math.IsInf(c.Wait, 0) {
		return span{}, false
	}
	start := unixSeconds(c.Arrival) + c.Wait
	return span{start, start + min(d, maxBusy)}, true
}

func (m *availabilityPass) first(c Contact) {
	m.firstCount++
	if (c.Outcome == Answered || c.Outcome == Abandoned) && c.Wait > 0 && !math.IsInf(c.Wait, 0) {
		from := unixSeconds(c.Arrival)
		to := from + min(c.Wait, maxBusy)
		for from < to {
			day, _ := dayOf(from)
			end := math.Min(to, float64(day+1)*86400)
			m.waiting[day] = addSpan(m.waiting[day], span{from, end}, 0)
			from = end
		}
	}
	if s, ok := busySpan(c); ok && c.Agent != "" {
		m.agents[c.Agent] = addSpan(m.agents[c.Agent], s, m.gap)
	}
}

func (m *availabilityPass) second(c Contact) {
	m.secondCount++
	s, ok := busySpan(c)
	if !ok {
		return
	}
	o := m.overlap(s)
	m.busy += o
	if c.Agent == "" {
		// Nobody else's spell covers a contact without a named agent: it
		// is on duty while it works, as in Staffing.
		m.onDuty += o
	}
}

// overlap is the time within s when at least one caller waited.
func (m *availabilityPass) overlap(s span) float64 {
	first, _ := dayOf(s.from)
	last, _ := dayOf(s.to)
	sum := 0.0
	for day := first; day <= last; day++ {
		periods := m.waiting[day]
		i := sort.Search(len(periods), func(i int) bool { return periods[i].to > s.from })
		for ; i < len(periods) && periods[i].from < s.to; i++ {
			sum += math.Min(s.to, periods[i].to) - math.Max(s.from, periods[i].from)
		}
	}
	return sum
}
