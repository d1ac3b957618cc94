package scenarios

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/sim"
)

// This file is the one writer of scenario YAML: whole scenarios (Write),
// the staffing blocks a plan prints to paste into one (StaffingYAML,
// ShiftsYAML). Each builds yaml.v3 nodes and encodes them (see encode), so
// quoting is the YAML library's and a file written loads back.

// WriteOptions tune Write.
type WriteOptions struct {
	// Comments are written above keys, by key path as problems name them
	// ("channels.phone.handle"; "" for the head of the file): one string
	// per comment line, without the "#". A top-level key whose value is a
	// block (profiles, channels, groups, flows) gets a blank line above
	// its comments.
	Comments map[string][]string
	// After are comments written after a key's entry, below its value.
	After map[string][]string
	// StaffingPerInterval writes staffing as one value per interval of the
	// day (by weekday when the days differ), as measured staffing reads
	// best, rather than as from/to blocks.
	StaffingPerInterval bool
}

// Write writes the model as a scenario file that loads back into the same
// model (up to the rounding of percentages to a millionth of a percent).
// It writes arrivals as a daily volume and profile when the model says
// they were made that way (sim.Arrivals.Daily), else per interval; it
// cannot write arrivals replayed from a file, fractional staffing (from
// shifts) or opening hours that differ between days of one weekday, and
// says so.
func Write(w io.Writer, m *sim.Model, opts WriteOptions) error {
	wr := &writer{m: m, opts: opts}
	root := wr.scenario()
	if wr.err != nil {
		return fmt.Errorf("scenarios: %w", wr.err)
	}
	data, err := encode(root)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// StaffingYAML writes a group's staffing as a block to paste under the
// group's key, with a comment: from/to blocks of one day when every day is
// the same, blocks per weekday (Monday first) when days differ by weekday
// only, or else one value per interval of the horizon. The values are the
// group's scheduled (paid) agents, which must be whole; loading the block
// back gives the same staffing.
func StaffingYAML(m *sim.Model, group string) ([]byte, error) {
	g := m.Group(group)
	if g == nil {
		return nil, fmt.Errorf("scenarios: unknown group %q", group)
	}
	if g.Unlimited {
		return nil, fmt.Errorf("scenarios: group %q is unlimited and has no staffing", group)
	}
	wr := &writer{m: m}
	staffing := wr.staffing(g, time.Monday)
	if wr.err != nil {
		return nil, fmt.Errorf("scenarios: %w", wr.err)
	}
	key := str("staffing")
	key.HeadComment = comment(fmt.Sprintf("scheduled agents of group %s (before %g%% shrinkage)", group, g.Shrinkage*100))
	return encode(mapping(key, staffing))
}

// ShiftsYAML writes a group's shifts of one day as a staffing block to
// paste under the group's key, with a comment. Breaks are written at
// their clock time.
func ShiftsYAML(group string, shrinkage float64, shifts []sim.Shift) ([]byte, error) {
	key := str("staffing")
	key.HeadComment = comment(fmt.Sprintf("shifts of group %s (scheduled agents, before %g%% shrinkage)", group, shrinkage*100))
	if len(shifts) == 0 {
		return encode(mapping(key, flowSeq()))
	}
	wr := &writer{}
	staffing := wr.shifts(shifts)
	if wr.err != nil {
		return nil, fmt.Errorf("scenarios: shifts of group %s: %w", group, wr.err)
	}
	return encode(mapping(key, staffing))
}

// writer builds the nodes of a scenario; the first error it meets stops
// the write.
type writer struct {
	m    *sim.Model
	opts WriteOptions
	err  error
	// profiles are the custom profiles to define, in order of first use,
	// and the name each is written under.
	profiles []*sim.Profile
	names    map[*sim.Profile]string
}

func (w *writer) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

// entries builds a block mapping at path from key-value pairs, attaching
// the comments the options hold for each key.
func (w *writer) entries(path string, kv ...*yaml.Node) *yaml.Node {
	n := mapping(kv...)
	for i := 0; i+1 < len(n.Content); i += 2 {
		p := join(path, n.Content[i].Value)
		n.Content[i].HeadComment = comment(w.opts.Comments[p]...)
		n.Content[i].FootComment = comment(w.opts.After[p]...)
	}
	return n
}

func (w *writer) scenario() *yaml.Node {
	m := w.m
	var kv []*yaml.Node
	add := func(key string, v *yaml.Node) { kv = append(kv, str(key), v) }
	add("name", quoted(m.Name))
	if m.Description != "" {
		add("description", str(m.Description))
	}
	if m.Currency != "" {
		add("currency", str(m.Currency))
	}
	add("seed", &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatUint(m.Seed, 10)})
	add("replications", integer(m.Replications))
	L := m.IntervalSeconds
	if !(L >= 60) || L != math.Trunc(L/60)*60 || math.Mod(86400, L) != 0 {
		w.fail("interval of %vs: a scenario's interval is whole minutes that divide a day", L)
		return nil
	}
	add("interval", duration(L))
	perDay := int(86400 / L)
	horizon := flowMap()
	if m.Intervals%perDay == 0 {
		horizon.Content = append(horizon.Content, str("days"), integer(m.Intervals/perDay))
	} else {
		horizon.Content = append(horizon.Content, str("intervals"), integer(m.Intervals))
	}
	horizon.Content = append(horizon.Content, str("start"), str(weekdayName(time.Weekday(m.StartWeekday))))
	add("horizon", horizon)
	if m.CostPerHandledMinute > 0 {
		add("costs", flowMap(str("per_handled_minute"), number(m.CostPerHandledMinute)))
	}
	channels := w.channels()
	if profiles := w.profileDefs(); profiles != nil {
		add("profiles", profiles)
	}
	add("channels", channels)
	if len(m.Sites) > 0 {
		add("sites", w.sites())
	}
	add("groups", w.groups())
	if len(m.Flows) > 0 {
		add("flows", w.flows())
	}
	root := w.entries("", kv...)
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i+1].Kind != yaml.ScalarNode && root.Content[i+1].Style&yaml.FlowStyle == 0 {
			root.Content[i].HeadComment = "\n" + root.Content[i].HeadComment
		}
	}
	if head := w.opts.Comments[""]; len(head) > 0 {
		root.Content[0].HeadComment = strings.TrimSuffix(comment(head...)+"\n"+root.Content[0].HeadComment, "\n")
	}
	return root
}

func (w *writer) channelName(i int) *yaml.Node {
	if i < 0 || i >= len(w.m.Channels) {
		w.fail("channel index %d out of range", i)
		return str("")
	}
	return str(w.m.Channels[i].Name)
}

func (w *writer) channels() *yaml.Node {
	var kv []*yaml.Node
	for _, c := range w.m.Channels {
		kv = append(kv, str(c.Name), w.channel(&c))
	}
	return w.entries("channels", kv...)
}

func (w *writer) channel(c *sim.Channel) *yaml.Node {
	var kv []*yaml.Node
	add := func(key string, v *yaml.Node) { kv = append(kv, str(key), v) }
	add("kind", str(c.Kind.String()))
	add("arrivals", w.arrivals(c))
	add("handle", w.dist(c.Handle))
	if c.Wrap.Kind != sim.Fixed || c.Wrap.Mean != 0 {
		add("wrap", w.dist(c.Wrap))
	}
	if c.Patience != nil {
		add("patience", w.dist(*c.Patience))
	}
	addPositive(&kv, "lines", c.Lines, integer)
	addPositive(&kv, "concurrency", c.Concurrency, integer)
	addPositive(&kv, "slowdown", c.Slowdown, number)
	if f := c.FollowUp; f != nil {
		add("follow_ups", flowMap(str("every"), seconds(1/f.Rate), str("work"), w.dist(f.Work)))
	}
	if t := target(c.Target); t != nil {
		add("target", t)
	}
	if len(c.Classes) > 0 {
		var classes []*yaml.Node
		for _, cl := range c.Classes {
			v := flowMap(str("share"), percent(cl.Share))
			if cl.Target != c.Target {
				t := target(cl.Target)
				if t == nil {
					t = flowMap()
				}
				v.Content = append(v.Content, str("target"), t)
			}
			classes = append(classes, str(cl.Name), v)
		}
		add("classes", mapping(classes...))
	}
	if s := c.Switch; s != nil {
		add("switch", flowMap(str("after"), seconds(s.Threshold), str("share"), percent(s.Share), str("to"), w.channelName(s.To)))
	}
	if c.Hours != nil {
		add("hours", w.windowHours(fmt.Sprintf("channel %q", c.Name), c.Hours))
	}
	if r := c.Redial; r != nil {
		add("redial", flowMap(str("share"), percent(r.Share), str("delay"), w.dist(r.Delay)))
	}
	if s := c.SelfService; s != nil {
		v := flowMap(str("share"), percent(s.Share))
		addPositive(&v.Content, "fail", s.Fail, percent)
		if s.Delay.Kind != sim.Fixed || s.Delay.Mean != 0 {
			v.Content = append(v.Content, str("delay"), w.dist(s.Delay))
		}
		addPositive(&v.Content, "cost", s.Cost, number)
		add("self_service", v)
	}
	if cb := c.Callback; cb != nil {
		add("callback", w.callback(cb))
	}
	if c.HandleByTime != nil {
		f := flowMap()
		for _, cf := range c.HandleByTime {
			f.Content = append(f.Content, w.clock(cf.At), number(cf.Factor))
		}
		add("handle_by_time", f)
	}
	n := w.entries("channels."+c.Name, kv...)
	return n
}

// callback writes a channel's callback offer.
func (w *writer) callback(cb *sim.Callback) *yaml.Node {
	when := "expected_wait"
	if cb.OnWait {
		when = "waited"
	}
	v := flowMap(str("when"), str(when), str("threshold"), seconds(cb.Threshold))
	if len(cb.Accept) == 1 && cb.Accept[0].Wait == 0 {
		v.Content = append(v.Content, str("accept"), percent(cb.Accept[0].Share))
	} else {
		points := flowSeq()
		for _, p := range cb.Accept {
			points.Content = append(points.Content, flowSeq(seconds(p.Wait), percent(p.Share)))
		}
		v.Content = append(v.Content, str("accept"), points)
	}
	v.Content = append(v.Content, str("keep_place"), boolean(cb.KeepPlace))
	if !cb.KeepPlace && !math.IsInf(cb.Ahead, 1) {
		v.Content = append(v.Content, str("first_after"), seconds(cb.Ahead))
	}
	addPositive(&v.Content, "promise", cb.Promise, seconds)
	return v
}

// arrivals writes a daily volume and profile by weekday when the model
// keeps them, else the volume of each interval; then the demand's
// over-dispersion.
func (w *writer) arrivals(c *sim.Channel) *yaml.Node {
	n := w.arrivalForm(c)
	if n == nil {
		return nil
	}
	if a := c.Arrivals; a.Dispersion > 1 {
		n.Content = append(n.Content, str("dispersion"), number(a.Dispersion))
	}
	if a := c.Arrivals; a.DayCV > 0 {
		n.Content = append(n.Content, str("day_cv"), percent(a.DayCV))
	}
	return n
}

func (w *writer) arrivalForm(c *sim.Channel) *yaml.Node {
	a := c.Arrivals
	if a.Counts != nil || a.Times != nil {
		w.fail("channel %q: arrivals replayed from recorded counts or times cannot be written", c.Name)
		return nil
	}
	if d := a.Daily; d != nil {
		volumes := w.byWeekday(func(wd int) *yaml.Node { return number(d.Volume[wd]) })
		profiles := w.byWeekday(func(wd int) *yaml.Node { return str(w.profileName(d.Profile[wd])) })
		return mapping(str("per_day"), volumes, str("profile"), profiles)
	}
	L := w.m.IntervalSeconds
	volumes := make([]float64, len(a.Rates))
	for i, r := range a.Rates {
		volumes[i] = r * L
	}
	if perDay := int(86400 / L); len(volumes)%perDay == 0 && len(volumes) > perDay {
		day := volumes[:perDay]
		same := true
		for d := perDay; d < len(volumes); d += perDay {
			same = same && slices.Equal(volumes[d:d+perDay], day)
		}
		if same {
			volumes = day
		}
	}
	list := flowSeq()
	for _, v := range volumes {
		list.Content = append(list.Content, number(v))
	}
	return mapping(str("per_interval"), list)
}

// byWeekday writes one value for every day when all the weekdays of the
// horizon agree, else a mapping by weekday in the order of the horizon's
// days. Weekdays outside a horizon shorter than a week are left out.
func (w *writer) byWeekday(value func(wd int) *yaml.Node) *yaml.Node {
	m := w.m
	days := min(7, horizonDays(m))
	vals := make([]*yaml.Node, days)
	same := true
	for d := range vals {
		vals[d] = value((m.StartWeekday + d) % 7)
		same = same && nodeText(vals[d]) == nodeText(vals[0])
	}
	if same {
		return vals[0]
	}
	out := flowMap()
	for d, v := range vals {
		out.Content = append(out.Content, str(weekdayName(time.Weekday((m.StartWeekday + d) % 7))[:3]), v)
	}
	return out
}

// nodeText is a node's values in order, to tell nodes apart.
func nodeText(n *yaml.Node) string {
	var b strings.Builder
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		fmt.Fprintf(&b, "%d%q(", n.Kind, n.Value)
		for _, c := range n.Content {
			walk(c)
		}
		b.WriteString(")")
	}
	walk(n)
	return b.String()
}

// profileName is the name a profile is written under: its own for a
// built-in profile, else its own unless a built-in profile or another
// custom profile has it, then with a number added. A day without a profile
// has no arrivals and is written with the flat profile.
func (w *writer) profileName(p *sim.Profile) string {
	if p == nil {
		return "flat"
	}
	if b, ok := builtinProfiles[p.Name]; ok && slices.Equal(b.Points, p.Points) {
		return p.Name
	}
	if name, ok := w.names[p]; ok {
		return name
	}
	taken := func(name string) bool {
		if _, ok := builtinProfiles[name]; ok {
			return true
		}
		for _, other := range w.profiles {
			if w.names[other] == name {
				return true
			}
		}
		return false
	}
	name := p.Name
	if name == "" {
		name = "profile"
	}
	base := name
	for k := 2; taken(name); k++ {
		name = fmt.Sprintf("%s_%d", base, k)
	}
	if w.names == nil {
		w.names = map[*sim.Profile]string{}
	}
	w.names[p] = name
	w.profiles = append(w.profiles, p)
	return name
}

// profileDefs defines the custom profiles the channels use: rates by
// clock time.
func (w *writer) profileDefs() *yaml.Node {
	if len(w.profiles) == 0 {
		return nil
	}
	var kv []*yaml.Node
	for _, p := range w.profiles {
		rates := flowMap()
		for _, pt := range p.Points {
			rates.Content = append(rates.Content, w.clock(pt.At), number(pt.Rate))
		}
		kv = append(kv, str(w.names[p]), rates)
	}
	return w.entries("profiles", kv...)
}

func (w *writer) dist(d sim.Dist) *yaml.Node {
	switch d.Kind {
	case sim.Fixed:
		return flowMap(str("dist"), str("fixed"), str("value"), seconds(d.Mean))
	case sim.Exponential:
		return flowMap(str("dist"), str("exponential"), str("mean"), seconds(d.Mean))
	case sim.LogNormal, sim.Gamma:
		return flowMap(str("dist"), str(d.Kind.String()), str("mean"), seconds(d.Mean), str("cv"), number(d.CV))
	case sim.Uniform:
		return flowMap(str("dist"), str("uniform"), str("min"), seconds(d.Min), str("max"), seconds(d.Max))
	case sim.Empirical:
		points := flowSeq()
		for _, p := range d.Points {
			points.Content = append(points.Content, flowSeq(seconds(p.X), number(p.P)))
		}
		n := mapping(str("dist"), str("empirical"))
		addPositive(&n.Content, "tail_mean", d.TailMean, seconds)
		n.Content = append(n.Content, str("points"), points)
		return n
	}
	w.fail("unknown distribution %v", d.Kind)
	return nil
}

// target writes a service target, or nil when it sets none.
func target(t sim.Target) *yaml.Node {
	n := flowMap()
	if t.Goal > 0 || t.Threshold > 0 {
		n.Content = append(n.Content, str("answered"), percent(t.Goal), str("within"), seconds(t.Threshold))
	}
	addPositive(&n.Content, "asa", t.ASA, seconds)
	addPositive(&n.Content, "max_abandon", t.MaxAbandon, percent)
	if len(n.Content) == 0 {
		return nil
	}
	return n
}

// windowHours writes the opening hours of a channel or site (what), the
// same every day or by weekday, after checking that they lay out to the
// model's windows.
func (w *writer) windowHours(what string, hours []sim.Window) *yaml.Node {
	m := w.m
	var days [7]dayHours
	var seen [7]bool
	ndays := horizonDays(m)
	for d := range ndays {
		wd := (m.StartWeekday + d) % 7
		if seen[wd] {
			continue
		}
		seen[wd] = true
		from, to := float64(d)*86400, float64(d+1)*86400
		h := dayHours{closed: true}
		for _, win := range hours {
			lo, hi := max(win.From, from), min(win.To, to)
			if lo >= hi {
				continue
			}
			if !h.closed {
				w.fail("%s: opening hours with two windows in one day cannot be written", what)
				return nil
			}
			h = dayHours{from: int(lo - from), to: int(hi - from)}
			if float64(h.from) != lo-from || float64(h.to) != hi-from {
				w.fail("%s: opening hours off the whole minute cannot be written", what)
				return nil
			}
		}
		days[wd] = h
	}
	if !slices.Equal(layHours(days, ndays, m.Horizon(), m.StartWeekday), hours) {
		w.fail("%s: opening hours that differ between days of one weekday cannot be written", what)
		return nil
	}
	return w.byWeekday(func(wd int) *yaml.Node {
		h := days[wd]
		if h.closed {
			return str("closed")
		}
		return flowMap(str("from"), w.clock(float64(h.from)), str("to"), w.clock(float64(h.to)))
	})
}

func (w *writer) groups() *yaml.Node {
	var kv []*yaml.Node
	for i := range w.m.Groups {
		g := &w.m.Groups[i]
		kv = append(kv, str(g.Name), w.group(g))
	}
	return w.entries("groups", kv...)
}

func (w *writer) group(g *sim.Group) *yaml.Node {
	var kv []*yaml.Node
	add := func(key string, v *yaml.Node) { kv = append(kv, str(key), v) }
	skills := flowSeq()
	for _, s := range g.Skills {
		if s.After == 0 && (s.HandleFactor == 0 || s.HandleFactor == 1) && s.Handle == nil {
			skills.Content = append(skills.Content, w.channelName(s.Channel))
			continue
		}
		v := flowMap(str("channel"), w.channelName(s.Channel))
		addPositive(&v.Content, "after", s.After, seconds)
		if s.HandleFactor > 0 && s.HandleFactor != 1 {
			v.Content = append(v.Content, str("handle_factor"), number(s.HandleFactor))
		}
		if s.Handle != nil {
			v.Content = append(v.Content, str("handle"), w.dist(*s.Handle))
		}
		skills.Content = append(skills.Content, v)
	}
	add("skills", skills)
	if g.Site != "" {
		add("site", str(g.Site))
	}
	if g.Unlimited {
		add("unlimited", &yaml.Node{Kind: yaml.ScalarNode, Value: "true"})
	}
	addPositive(&kv, "shrinkage", g.Shrinkage, percent)
	addPositive(&kv, "hourly_cost", g.HourlyCost, number)
	addPositive(&kv, "contact_cost", g.ContactCost, number)
	addPositive(&kv, "max_occupancy", g.MaxOccupancy, percent)
	addPositive(&kv, "deferred_reserve", g.DeferredReserve, percent)
	if len(g.Outages) > 0 {
		add("outages", w.outages(g.Outages))
	}
	addPositive(&kv, "absence", g.Absence, percent)
	if g.Away > 0 {
		add("adherence", percent(1-g.Away))
		if g.AwaySpell != defaultAwaySpell {
			add("away_spell", seconds(g.AwaySpell))
		}
	}
	if !g.Unlimited {
		first := time.Monday
		if w.opts.StaffingPerInterval {
			first = time.Weekday(w.m.StartWeekday)
		}
		add("staffing", w.staffing(g, first))
	}
	return w.entries("groups."+g.Name, kv...)
}

// sites writes the sites: shares by channel, overflow delay, hours and
// outages.
func (w *writer) sites() *yaml.Node {
	var kv []*yaml.Node
	for i := range w.m.Sites {
		s := &w.m.Sites[i]
		var skv []*yaml.Node
		shares := flowMap()
		for c, v := range s.Shares {
			if v > 0 {
				shares.Content = append(shares.Content, w.channelName(c), percent(v))
			}
		}
		if len(shares.Content) > 0 {
			skv = append(skv, str("shares"), shares)
		}
		if !math.IsInf(s.OverflowAfter, 1) {
			skv = append(skv, str("overflow_after"), seconds(s.OverflowAfter))
		}
		if s.Hours != nil {
			skv = append(skv, str("hours"), w.windowHours("site "+s.Name, s.Hours))
		}
		if len(s.Outages) > 0 {
			skv = append(skv, str("outages"), w.outages(s.Outages))
		}
		kv = append(kv, str(s.Name), w.entries("sites."+s.Name, skv...))
	}
	return w.entries("sites", kv...)
}

// outages writes outages one day each.
func (w *writer) outages(outages []sim.Window) *yaml.Node {
	list := seq()
	for _, o := range outages {
		for from := o.From; from < o.To; {
			day := math.Floor(from / 86400)
			to := min(o.To, (day+1)*86400)
			list.Content = append(list.Content, flowMap(str("day"), integer(int(day)+1),
				str("from"), w.clock(from-day*86400), str("to"), w.clock(to-day*86400)))
			from = to
		}
	}
	return list
}

// staffing writes a group's scheduled agents: a day given as shifts as
// its shifts, any other as one value per interval (StaffingPerInterval)
// or as from/to blocks; for one day when every day is the same, by
// weekday (from first) when days differ by weekday only, or else as one
// list over the horizon.
func (w *writer) staffing(g *sim.Group, first time.Weekday) *yaml.Node {
	m := w.m
	scheduled := make([]float64, m.Intervals)
	for i := range scheduled {
		switch {
		case g.Paid != nil:
			scheduled[i] = g.Paid[i]
		case i < len(g.Staff):
			scheduled[i] = float64(g.Staff[i])
		}
	}
	whole := func(values []float64, from int) []int {
		out := make([]int, len(values))
		for i, v := range values {
			if v != math.Trunc(v) || v < 0 {
				w.fail("group %q: staffing of %v agents in interval %d is not a whole number", g.Name, v, from+i)
				return nil
			}
			out[i] = int(v)
		}
		return out
	}
	per := int(math.Round(86400 / m.IntervalSeconds))
	if m.Intervals%per != 0 || m.Intervals < per {
		if m.Intervals < per && g.Shifts != nil && g.Shifts[m.StartWeekday] != nil {
			// A horizon of part of a day given as shifts: that day's.
			return w.shifts(g.Shifts[m.StartWeekday])
		}
		return intList(whole(scheduled, 0))
	}
	days := m.Intervals / per
	nodes := make([]*yaml.Node, days)
	for d := range nodes {
		wd := (m.StartWeekday + d) % 7
		switch values := scheduled[d*per : (d+1)*per]; {
		case g.Shifts != nil && g.Shifts[wd] != nil:
			nodes[d] = w.shifts(g.Shifts[wd])
		case w.opts.StaffingPerInterval:
			nodes[d] = intList(whole(values, d*per))
		default:
			nodes[d] = w.blocks(whole(values, d*per))
		}
	}
	same := true
	for _, n := range nodes {
		same = same && nodeText(n) == nodeText(nodes[0])
	}
	if same {
		return nodes[0]
	}
	// Days that share a weekday must agree for a mapping by weekday.
	var byWeekday [7]*yaml.Node
	for d, n := range nodes {
		wd := (m.StartWeekday + d) % 7
		if byWeekday[wd] != nil && nodeText(byWeekday[wd]) != nodeText(n) {
			return intList(whole(scheduled, 0))
		}
		byWeekday[wd] = n
	}
	out := mapping()
	for k := range 7 {
		wd := (int(first) + k) % 7
		if byWeekday[wd] != nil {
			out.Content = append(out.Content, str(weekdayName(time.Weekday(wd))[:3]), byWeekday[wd])
		}
	}
	return out
}

// shifts writes one day's shifts, breaks at their clock time.
func (w *writer) shifts(shifts []sim.Shift) *yaml.Node {
	list := seq()
	for _, s := range shifts {
		item := flowMap(str("start"), w.clock(s.Start), str("length"), duration(s.Length), str("count"), integer(s.Count))
		if len(s.Breaks) > 0 {
			breaks := flowSeq()
			for _, b := range s.Breaks {
				brk := flowMap(str("at"), w.clock(math.Mod(s.Start+b.After, 86400)), str("length"), duration(b.Length))
				if b.Paid {
					brk.Content = append(brk.Content, str("paid"), boolean(true))
				}
				breaks.Content = append(breaks.Content, brk)
			}
			item.Content = append(item.Content, str("breaks"), breaks)
		}
		list.Content = append(list.Content, item)
	}
	if len(list.Content) == 0 {
		list.Style = yaml.FlowStyle
	}
	return mapping(str("shifts"), list)
}

// blocks writes one day's staffing as from/to blocks of equal values,
// leaving out the hours with nobody.
func (w *writer) blocks(day []int) *yaml.Node {
	step := w.m.IntervalSeconds
	out := seq()
	for i := 0; i < len(day); {
		j := i
		for j < len(day) && day[j] == day[i] {
			j++
		}
		if day[i] != 0 {
			out.Content = append(out.Content, flowMap(str("from"), w.clock(float64(i)*step),
				str("to"), w.clock(float64(j)*step), str("agents"), integer(day[i])))
		}
		i = j
	}
	if len(out.Content) == 0 {
		out.Style = yaml.FlowStyle
	}
	return out
}

func (w *writer) flows() *yaml.Node {
	list := seq()
	for _, f := range w.m.Flows {
		n := flowMap(str("kind"), str(f.Kind.String()), str("from"), w.channelName(f.From))
		if f.Kind == sim.Escalation || f.To != f.From {
			n.Content = append(n.Content, str("to"), w.channelName(f.To))
		}
		n.Content = append(n.Content, str("share"), percent(f.Share))
		if f.Delay.Kind != sim.Fixed || f.Delay.Mean != 0 {
			n.Content = append(n.Content, str("delay"), w.dist(f.Delay))
		}
		list.Content = append(list.Content, n)
	}
	return list
}

// clock writes seconds after midnight as a quoted "HH:MM", which is all a
// scenario reads ("24:00" for midnight at the end of a day).
func (w *writer) clock(sec float64) *yaml.Node {
	if !(sec >= 0 && sec <= 86400) || sec != math.Trunc(sec/60)*60 {
		w.fail("clock time at %vs: a scenario writes clock times in whole minutes of a day", sec)
		return quoted("")
	}
	s := int(sec)
	return quoted(fmt.Sprintf("%02d:%02d", s/3600, s/60%60))
}

// The node builders. Strings carry the !!str tag so that the YAML library
// quotes any that would read back as something else (a name "on", say);
// numbers carry none and stay plain.

func str(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }

func quoted(v string) *yaml.Node {
	n := str(v)
	n.Style = yaml.DoubleQuotedStyle
	return n
}

func number(v float64) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(v, 'f', -1, 64)}
}

func boolean(v bool) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(v)}
}

func integer[T int | int64](v T) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatInt(int64(v), 10)}
}

// seconds writes a duration in seconds ("527.5s"), as distributions and
// targets are written.
func seconds(v float64) *yaml.Node { return str(strconv.FormatFloat(v, 'f', -1, 64) + "s") }

// duration writes a duration of whole seconds in hours, minutes and
// seconds ("8h30m"), as intervals and shifts are written.
func duration(v float64) *yaml.Node { return str(FormatDuration(v)) }

// percent writes a share as a percentage, to a millionth of a percent
// (which hides the binary rounding of 0.186 x 100).
func percent(v float64) *yaml.Node {
	return str(strconv.FormatFloat(math.Round(v*1e8)/1e6, 'f', -1, 64) + "%")
}

func mapping(kv ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Content: kv}
}

// addPositive adds key: node(v) to the keys and values kv when v is above
// zero: zero leaves the field at its default, which is not written.
func addPositive[T int | float64](kv *[]*yaml.Node, key string, v T, node func(T) *yaml.Node) {
	if v > 0 {
		*kv = append(*kv, str(key), node(v))
	}
}

func flowMap(kv ...*yaml.Node) *yaml.Node {
	n := mapping(kv...)
	n.Style = yaml.FlowStyle
	return n
}

func seq(items ...*yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.SequenceNode, Content: items}
}

func flowSeq(items ...*yaml.Node) *yaml.Node {
	n := seq(items...)
	n.Style = yaml.FlowStyle
	return n
}

func intList(values []int) *yaml.Node {
	n := flowSeq()
	for _, v := range values {
		n.Content = append(n.Content, integer(v))
	}
	return n
}

// comment turns lines into a YAML comment: "# line" each, "#" for an
// empty line. Text from a log (queue names, file names) may hold anything,
// so characters YAML does not allow in a comment are written as Go
// escapes.
func comment(lines ...string) string {
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteByte('#')
		if l == "" {
			continue
		}
		b.WriteByte(' ')
		for _, r := range l {
			if r == utf8.RuneError || !unicode.IsPrint(r) && r != ' ' {
				q := strconv.QuoteRune(r)
				b.WriteString(q[1 : len(q)-1])
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// encode writes nodes as YAML, two spaces a level. The YAML library writes
// every flow collection on one line; encode wraps the long ones (see
// wrapFlow).
func encode(root *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("scenarios: writing YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("scenarios: writing YAML: %w", err)
	}
	var out bytes.Buffer
	for line := range strings.SplitAfterSeq(b.String(), "\n") {
		out.WriteString(wrapFlow(line))
	}
	return out.Bytes(), nil
}

// maxLine is the width flow collections are wrapped to.
const maxLine = 110

// wrapFlow wraps a line longer than maxLine whose value is a flow mapping,
// or a flow list of collections, after the commas between its items,
// continuing two spaces deeper than the line starts. A flow list of plain
// values (staffing per interval) stays on one line, so that a day reads as
// one row.
func wrapFlow(line string) string {
	body := strings.TrimSuffix(line, "\n")
	if len(body) <= maxLine {
		return line
	}
	open := flowStart(body)
	if open < 0 {
		return line
	}
	items, end := flowItems(body, open)
	if end < 0 {
		return line
	}
	nested := body[open] == '{'
	for _, it := range items {
		nested = nested || strings.HasPrefix(it, "[") || strings.HasPrefix(it, "{")
	}
	if !nested {
		return line
	}
	indent := strings.Repeat(" ", len(body)-len(strings.TrimLeft(body, " "))+2)
	var b strings.Builder
	cur := body[:open+1]
	for i, it := range items {
		switch {
		case i == 0:
			cur += it
		case len(cur)+1+len(it)+2 > maxLine:
			b.WriteString(cur + ",\n")
			cur = indent + it
		default:
			cur += ", " + it
		}
	}
	b.WriteString(cur + body[end:] + strings.TrimPrefix(line, body))
	return b.String()
}

// flowStart finds the flow collection that is a line's value: after the
// indentation, any "- " and an optional key, a '[' or '{'. It returns -1
// when there is none.
func flowStart(line string) int {
	i := len(line) - len(strings.TrimLeft(line, " "))
	for strings.HasPrefix(line[i:], "- ") {
		i += 2
	}
	if i < len(line) && (line[i] == '[' || line[i] == '{') {
		return i
	}
	// A key, quoted or plain, then ": ".
	if i < len(line) && (line[i] == '"' || line[i] == '\'') {
		j := skipQuoted(line, i)
		if j < 0 {
			return -1
		}
		i = j
	} else {
		j := strings.Index(line[i:], ": ")
		if j < 0 {
			return -1
		}
		i += j
	}
	if !strings.HasPrefix(line[i:], ": ") {
		return -1
	}
	i += 2
	if i < len(line) && (line[i] == '[' || line[i] == '{') {
		return i
	}
	return -1
}

// flowItems splits the flow collection opening at line[open] into its
// items and returns the index of its closing bracket (-1 if it does not
// close on the line).
func flowItems(line string, open int) (items []string, end int) {
	depth, start := 0, open+1
	for i := open; i < len(line); i++ {
		switch line[i] {
		case '"', '\'':
			if i > 0 && !strings.ContainsRune("[{ ", rune(line[i-1])) {
				continue // an apostrophe within a plain scalar
			}
			j := skipQuoted(line, i)
			if j < 0 {
				return nil, -1
			}
			i = j - 1
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				if it := strings.TrimSpace(line[start:i]); it != "" {
					items = append(items, it)
				}
				return items, i
			}
		case ',':
			if depth == 1 {
				items = append(items, strings.TrimSpace(line[start:i]))
				start = i + 1
			}
		}
	}
	return nil, -1
}

// skipQuoted returns the index just past the quoted scalar that starts at
// line[i], or -1.
func skipQuoted(line string, i int) int {
	q := line[i]
	for j := i + 1; j < len(line); j++ {
		switch {
		case q == '"' && line[j] == '\\':
			j++
		case line[j] == q && q == '\'' && j+1 < len(line) && line[j+1] == '\'':
			j++
		case line[j] == q:
			return j + 1
		}
	}
	return -1
}

// WithStaffing returns a scenario file with the staffing of the model's
// groups in place of the file's: the rest of the file (its comments, the
// order of its keys, its values) stays as the YAML library reads and
// writes it, and each replaced staffing gets a comment above it (note,
// when given). name is the file's name for messages. The staffing is
// written as Write writes it: shifts by weekday for days given as shifts,
// else from/to blocks. A group the model does not staff is left as it is.
func WithStaffing(name string, data []byte, m *sim.Model, note string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("scenarios: %s: not a scenario file", name)
	}
	root := doc.Content[0]
	var groups *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "groups" {
			groups = root.Content[i+1]
		}
	}
	if groups == nil || groups.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("scenarios: %s: no groups to staff", name)
	}
	wr := &writer{m: m}
	for i := 0; i+1 < len(groups.Content); i += 2 {
		g := m.Group(groups.Content[i].Value)
		body := groups.Content[i+1]
		if g == nil || g.Unlimited || body.Kind != yaml.MappingNode {
			continue
		}
		staffing := wr.staffing(g, time.Monday)
		if wr.err != nil {
			return nil, fmt.Errorf("scenarios: %w", wr.err)
		}
		replaced := false
		for j := 0; j+1 < len(body.Content); j += 2 {
			if body.Content[j].Value == "staffing" {
				if note != "" {
					body.Content[j].HeadComment = comment(note)
				}
				body.Content[j+1] = staffing
				replaced = true
			}
		}
		if !replaced {
			key := str("staffing")
			if note != "" {
				key.HeadComment = comment(note)
			}
			body.Content = append(body.Content, key, staffing)
		}
	}
	return encode(&doc)
}
