package sim

import (
	"fmt"
	"math"
	"slices"
)

// maxScheduled bounds a scheduled headcount, as Validate bounds Staff.
const maxScheduled = 10_000_000

// OnFloor is the number of agents taking contacts when scheduled agents
// are paid: the scheduled headcount less the group's shrinkage, rounded
// down, since a fraction of an agent answers no contacts. It is the
// inverse of erlang.Scheduled (which rounds up), so a planned staffing
// put back gives exactly the planned agents.
func (g *Group) OnFloor(scheduled float64) int {
	// The epsilon keeps 100 x 0.7 at 70, not 69.999...
	return int(math.Floor(scheduled*(1-g.Shrinkage) + 1e-9))
}

// SetScheduled sets the paid headcount per interval and the on-floor staff
// it leaves after shrinkage (see OnFloor).
func (g *Group) SetScheduled(paid []float64) {
	g.Paid = paid
	g.Shifts, g.PaidBreaks = nil, nil
	g.Staff = make([]int, len(paid))
	for i, v := range paid {
		g.Staff[i] = g.OnFloor(v)
	}
}

// Group returns the named group, or nil.
func (m *Model) Group(name string) *Group {
	for i := range m.Groups {
		if m.Groups[i].Name == name {
			return &m.Groups[i]
		}
	}
	return nil
}

// SetStaffing replaces the scheduled (paid) headcount of a group, one
// value per interval of the horizon; the on-floor staff follow from the
// group's shrinkage.
func (m *Model) SetStaffing(group string, scheduled []int) error {
	g, err := m.staffable(group, scheduled)
	if err != nil {
		return err
	}
	paid := make([]float64, len(scheduled))
	for i, v := range scheduled {
		paid[i] = float64(v)
	}
	g.SetScheduled(paid)
	return nil
}

// staffable returns the named group after checking that scheduled can be
// its staffing: one value in range per interval of the horizon.
func (m *Model) staffable(group string, scheduled []int) (*Group, error) {
	g := m.Group(group)
	if g == nil {
		return nil, fmt.Errorf("sim: unknown group %q", group)
	}
	if g.Unlimited {
		return nil, fmt.Errorf("sim: group %q is unlimited and has no staffing", group)
	}
	if len(scheduled) != m.Intervals {
		return nil, fmt.Errorf("sim: %d staffing values for %d intervals", len(scheduled), m.Intervals)
	}
	for i, v := range scheduled {
		if v < 0 || v > maxScheduled {
			return nil, fmt.Errorf("sim: staffing %d in interval %d is outside 0..%d", v, i, maxScheduled)
		}
	}
	return g, nil
}

// Clone returns a deep copy of the model, which the caller may change
// without touching the original. Profiles are shared: nothing changes them.
func (m *Model) Clone() *Model {
	c := *m
	c.Channels = slices.Clone(m.Channels)
	for i, ch := range c.Channels {
		c.Channels[i] = ch.clone()
	}
	c.Flows = slices.Clone(m.Flows)
	for i := range c.Flows {
		c.Flows[i].Delay = c.Flows[i].Delay.clone()
	}
	c.Sites = slices.Clone(m.Sites)
	for i := range c.Sites {
		s := &c.Sites[i]
		s.Shares = slices.Clone(s.Shares)
		s.Hours = slices.Clone(s.Hours)
		s.Outages = slices.Clone(s.Outages)
	}
	c.Groups = slices.Clone(m.Groups)
	for i := range c.Groups {
		g := &c.Groups[i]
		g.Skills = slices.Clone(g.Skills)
		for k := range g.Skills {
			g.Skills[k].Handle = cloneRef(g.Skills[k].Handle, (*Dist).deepen)
		}
		g.Staff = slices.Clone(g.Staff)
		g.Paid = slices.Clone(g.Paid)
		g.PaidBreaks = slices.Clone(g.PaidBreaks)
		g.Outages = slices.Clone(g.Outages)
		g.Shifts = cloneRef(g.Shifts, func(shifts *[7][]Shift) {
			for wd, day := range shifts {
				shifts[wd] = slices.Clone(day)
				for k := range shifts[wd] {
					shifts[wd][k].Breaks = slices.Clone(shifts[wd][k].Breaks)
				}
			}
		})
	}
	return &c
}

func (d Dist) clone() Dist {
	d.Points = slices.Clone(d.Points)
	return d
}

// deepen makes d a copy that shares nothing with the Dist it was copied
// from.
func (d *Dist) deepen() { *d = d.clone() }

// cloneRef returns a copy of *p that deepen, when not nil, makes share
// nothing with *p; nil when p is nil.
func cloneRef[T any](p *T, deepen func(*T)) *T {
	if p == nil {
		return nil
	}
	c := *p
	if deepen != nil {
		deepen(&c)
	}
	return &c
}

func (c Channel) clone() Channel {
	a := c.Arrivals
	c.Arrivals = Arrivals{Rates: slices.Clone(a.Rates), Counts: slices.Clone(a.Counts), Times: slices.Clone(a.Times),
		Dispersion: a.Dispersion, DayCV: a.DayCV, TimeClasses: slices.Clone(a.TimeClasses)}
	c.Arrivals.Daily = cloneRef(a.Daily, nil)
	c.Handle, c.Wrap = c.Handle.clone(), c.Wrap.clone()
	c.Patience = cloneRef(c.Patience, (*Dist).deepen)
	c.Classes = slices.Clone(c.Classes)
	c.Switch = cloneRef(c.Switch, nil)
	c.Hours = slices.Clone(c.Hours)
	c.HandleByTime = slices.Clone(c.HandleByTime)
	c.Redial = cloneRef(c.Redial, func(r *Redial) { r.Delay.deepen() })
	c.FollowUp = cloneRef(c.FollowUp, func(f *FollowUp) { f.Work.deepen() })
	c.SelfService = cloneRef(c.SelfService, func(s *SelfService) { s.Delay.deepen() })
	c.Callback = cloneRef(c.Callback, func(cb *Callback) { cb.Accept = slices.Clone(cb.Accept) })
	return c
}
