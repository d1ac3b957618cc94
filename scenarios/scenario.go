package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ccsim/ccsim/sim"
)

// Scenario is a loaded, checked scenario: a contact center over a horizon,
// with every value resolved (durations in seconds, volumes as rates, staffing
// per interval). Model turns it into the model the engine takes.
type Scenario struct {
	// File is the name the scenario was loaded from.
	File        string
	Name        string
	Description string
	// Currency labels every cost; it does not convert anything.
	Currency string

	Seed         uint64
	Replications int

	// Interval is the length of one interval; Intervals counts them over
	// the horizon, which starts at 00:00 on a Start weekday.
	Interval  time.Duration
	Intervals int
	Start     time.Weekday

	// CostPerHandledMinute is a reference cost per minute of handling
	// (for example an industry benchmark) to compare the plan's cost with.
	CostPerHandledMinute float64

	Channels []sim.Channel
	Flows    []sim.Flow
	Groups   []Group
}

// Group is an agent group with its staffing before shrinkage. Its embedded
// sim.Group holds Paid (the scheduled headcount per interval) and Staff
// (the agents taking contacts: scheduled less shrinkage, rounded down); Staffing
// keeps them in step.
type Group struct {
	sim.Group
	// Shrinkage is the share of scheduled time not spent taking contacts
	// (breaks, training, absence), 0..1.
	Shrinkage float64
}

// Days is the number of calendar days the horizon touches.
func (s *Scenario) Days() int {
	per := int(24 * time.Hour / s.Interval)
	return (s.Intervals + per - 1) / per
}

// group returns the named group.
func (s *Scenario) group(name string) (*Group, error) {
	for i := range s.Groups {
		if s.Groups[i].Name == name {
			return &s.Groups[i], nil
		}
	}
	names := make([]string, len(s.Groups))
	for i, g := range s.Groups {
		names[i] = g.Name
	}
	err := fmt.Errorf("scenarios: unknown group %q", name)
	if h := didYouMean(name, names); h != "" {
		err = fmt.Errorf("%w (%s)", err, h)
	}
	return nil, err
}

// SetStaffing replaces the scheduled (paid) headcount of a group, one value
// per interval of the horizon; on-floor staff follow from the group's
// shrinkage.
func (s *Scenario) SetStaffing(group string, scheduled []int) error {
	g, err := s.staffable(group, scheduled)
	if err != nil {
		return err
	}
	paid := make([]float64, len(scheduled))
	for i, v := range scheduled {
		paid[i] = float64(v)
	}
	g.setPaid(paid)
	return nil
}

// staffable returns the named group after checking that scheduled can be
// its staffing: one value in range per interval of the horizon.
func (s *Scenario) staffable(group string, scheduled []int) (*Group, error) {
	g, err := s.group(group)
	if err != nil {
		return nil, err
	}
	if g.Unlimited {
		return nil, fmt.Errorf("scenarios: group %q is unlimited and has no staffing", group)
	}
	if len(scheduled) != s.Intervals {
		return nil, fmt.Errorf("scenarios: %d staffing values for %d intervals", len(scheduled), s.Intervals)
	}
	for i, v := range scheduled {
		if v < 0 || v > maxAgents {
			return nil, fmt.Errorf("scenarios: staffing %d in interval %d is outside 0..%d", v, i, maxAgents)
		}
	}
	return g, nil
}

// setPaid sets the scheduled headcount and derives the on-floor staff.
func (g *Group) setPaid(paid []float64) {
	g.Paid = paid
	g.Staff = make([]int, len(paid))
	for i, v := range paid {
		// Rounded down: a fraction of an agent answers no calls. This is
		// the inverse of erlang.Scheduled (which rounds up), so a planned
		// staffing pasted back gives exactly the planned agents. The
		// epsilon keeps 100 x 0.7 at 70, not 69.999...
		g.Staff[i] = int(math.Floor(v*(1-g.Shrinkage) + 1e-9))
	}
}

// Model builds the simulation model. It returns a fresh copy each time, so
// callers may change it freely.
func (s *Scenario) Model() (*sim.Model, error) {
	m := &sim.Model{
		Name:            s.Name,
		IntervalSeconds: s.Interval.Seconds(),
		Intervals:       s.Intervals,
		StartWeekday:    int(s.Start),
		Seed:            s.Seed,
		Replications:    s.Replications,
		Flows:           cloneFlows(s.Flows),
	}
	for _, c := range s.Channels {
		m.Channels = append(m.Channels, cloneChannel(c))
	}
	for _, g := range s.Groups {
		sg := g.Group
		sg.Skills = slices.Clone(sg.Skills)
		sg.Staff = slices.Clone(sg.Staff)
		sg.Paid = slices.Clone(sg.Paid)
		sg.Outages = slices.Clone(sg.Outages)
		m.Groups = append(m.Groups, sg)
	}
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", s.File, err)
	}
	return m, nil
}

func cloneDist(d sim.Dist) sim.Dist {
	d.Points = slices.Clone(d.Points)
	return d
}

func cloneChannel(c sim.Channel) sim.Channel {
	c.Arrivals = sim.Arrivals{
		Rates:  slices.Clone(c.Arrivals.Rates),
		Counts: slices.Clone(c.Arrivals.Counts),
		Times:  slices.Clone(c.Arrivals.Times),
	}
	c.Handle, c.Wrap = cloneDist(c.Handle), cloneDist(c.Wrap)
	if c.Patience != nil {
		p := cloneDist(*c.Patience)
		c.Patience = &p
	}
	c.Classes = slices.Clone(c.Classes)
	if c.Switch != nil {
		sw := *c.Switch
		c.Switch = &sw
	}
	if c.FollowUp != nil {
		f := *c.FollowUp
		f.Work = cloneDist(f.Work)
		c.FollowUp = &f
	}
	return c
}

func cloneFlows(fs []sim.Flow) []sim.Flow {
	out := slices.Clone(fs)
	for i := range out {
		out[i].Delay = cloneDist(out[i].Delay)
	}
	return out
}

// StaffingYAML renders a staffing block for a group, to paste under the
// group's key (indent it to the group's level): "staffing:" followed by
// from/to blocks of one day when every day is the same, blocks per weekday
// when days differ by weekday only, or else one value per interval. The
// values are scheduled (paid) agents per interval of the horizon. Loading
// the block back gives the same staffing.
func (s *Scenario) StaffingYAML(group string, scheduled []int) ([]byte, error) {
	g, err := s.staffable(group, scheduled)
	if err != nil {
		return nil, err
	}
	per := int(24 * time.Hour / s.Interval)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# scheduled agents of group %s (before %g%% shrinkage)\n", group, g.Shrinkage*100)
	if s.Intervals%per != 0 || s.Intervals < per {
		writeList(&b, "staffing: ", scheduled)
		return b.Bytes(), nil
	}
	days := s.Intervals / per
	dayPattern := func(d int) []int { return scheduled[d*per : (d+1)*per] }
	same := true
	for d := 1; d < days; d++ {
		same = same && slices.Equal(dayPattern(d), dayPattern(0))
	}
	if same {
		b.WriteString("staffing:")
		s.writeBlocks(&b, dayPattern(0), "  ")
		return b.Bytes(), nil
	}
	// Days that share a weekday must agree for a per-weekday block.
	byWeekday := map[time.Weekday][]int{}
	for d := 0; d < days; d++ {
		wd := (s.Start + time.Weekday(d)) % 7
		if prev, ok := byWeekday[wd]; ok && !slices.Equal(prev, dayPattern(d)) {
			writeList(&b, "staffing: ", scheduled)
			return b.Bytes(), nil
		}
		byWeekday[wd] = dayPattern(d)
	}
	b.WriteString("staffing:\n")
	for _, wd := range []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday} {
		if p, ok := byWeekday[wd]; ok {
			fmt.Fprintf(&b, "  %s:", dayKeys[(wd+6)%7])
			s.writeBlocks(&b, p, "    ")
		}
	}
	return b.Bytes(), nil
}

// writeBlocks writes one day's staffing as from/to blocks of equal values,
// leaving out the hours with nobody.
func (s *Scenario) writeBlocks(b *bytes.Buffer, day []int, indent string) {
	step := int(s.Interval / time.Second)
	clock := func(i int) string {
		sec := i * step
		return fmt.Sprintf("%q", fmt.Sprintf("%02d:%02d", sec/3600, sec/60%60))
	}
	wrote := false
	for i := 0; i < len(day); {
		j := i
		for j < len(day) && day[j] == day[i] {
			j++
		}
		if day[i] != 0 {
			if !wrote {
				b.WriteString("\n")
				wrote = true
			}
			fmt.Fprintf(b, "%s- {from: %s, to: %s, agents: %d}\n", indent, clock(i), clock(j), day[i])
		}
		i = j
	}
	if !wrote {
		b.WriteString(" []\n")
	}
}

// writeList writes values as a flow list, wrapped every 24 values.
func writeList(b *bytes.Buffer, prefix string, values []int) {
	b.WriteString(prefix)
	b.WriteString("[")
	for i, v := range values {
		if i > 0 {
			b.WriteString(",")
			if i%24 == 0 {
				b.WriteString("\n  ")
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(strconv.Itoa(v))
	}
	b.WriteString("]\n")
}

// weekdayName is the lower-case English name of a weekday.
func weekdayName(w time.Weekday) string { return strings.ToLower(w.String()) }
