package scenarios

import (
	"math"
	"slices"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/sim"
)

func (b *builder) groups(o *object) {
	if !o.require("groups") {
		return
	}
	n, path := o.get("groups")
	names, keys, vals, ok := b.entriesUpTo(n, path, "groups", maxGroups)
	if !ok {
		return
	}
	if !b.fits(n, path, len(b.channelNames)+len(names)) {
		return
	}
	served := make([]bool, len(b.channelNames))
	for i, name := range names {
		b.name(keys[i], path, name)
		g := b.group(name, vals[i], join(path, name), served)
		b.s.Groups = append(b.s.Groups, g)
	}
	if cn, cp := o.get("channels"); cn != nil && len(b.s.Channels) == len(served) {
		cm := resolve(cn)
		for i, ok := range served {
			if !ok && 2*i < len(cm.Content) {
				b.add(cm.Content[2*i], join(cp, b.channelNames[i]), "add it to the skills of a group", "no group serves this channel")
			}
		}
	}
}

func (b *builder) group(name string, n *yaml.Node, path string, served []bool) sim.Group {
	g := sim.Group{Name: name}
	o, ok := b.mapping(n, path, "group")
	if !ok {
		return g
	}
	o.require("skills")
	if n, p := o.get("skills"); n != nil {
		g.Skills = b.skills(n, p, served)
	}
	if n, p := o.get("unlimited"); n != nil {
		g.Unlimited, _ = b.boolean(n, p)
	}
	if g.Unlimited {
		for _, key := range []string{"staffing", "shrinkage", "hourly_cost", "max_occupancy", "deferred_reserve", "absence", "adherence", "away_spell"} {
			if o.has(key) {
				b.add(o.at[key], path, "an unlimited group has as many agents as contacts and is paid per contact", "%q does not apply to an unlimited group", key)
			}
		}
	} else {
		o.require("staffing")
	}
	if n, p := o.get("shrinkage"); n != nil {
		v, ok := b.share(n, p)
		if ok && v == 1 {
			b.errorf(n, p, "shrinkage of 100%% leaves nobody to take contacts")
		}
		g.Shrinkage = v
	}
	if n, p := o.get("hourly_cost"); n != nil {
		g.HourlyCost, _ = b.nonNegative(n, p, maxCost)
	}
	if n, p := o.get("contact_cost"); n != nil {
		g.ContactCost, _ = b.nonNegative(n, p, maxCost)
	}
	if n, p := o.get("max_occupancy"); n != nil {
		g.MaxOccupancy, _ = b.share(n, p)
	}
	if n, p := o.get("deferred_reserve"); n != nil {
		g.DeferredReserve, _ = b.share(n, p)
		deferred := false
		for _, s := range g.Skills {
			deferred = deferred || (s.Channel < len(b.s.Channels) && b.s.Channels[s.Channel].Kind.Deferred())
		}
		if g.DeferredReserve > 0 && len(g.Skills) > 0 && !deferred {
			b.add(o.at["deferred_reserve"], path, "add an email or messaging channel to skills", "a reserve for deferred work needs a deferred skill")
		}
	}
	if n, p := o.get("outages"); n != nil {
		g.Outages = b.outages(n, p)
	}
	if n, p := o.get("absence"); n != nil && !g.Unlimited {
		v, ok := b.share(n, p)
		if ok && v == 1 {
			b.errorf(resolve(n), p, "an absence of 100%% leaves nobody at work")
		} else {
			g.Absence = v
		}
	}
	if n, p := o.get("adherence"); n != nil && !g.Unlimited {
		v, ok := b.share(n, p)
		switch {
		case ok && v == 0:
			b.errorf(resolve(n), p, "an adherence of 0%% leaves nobody taking contacts")
		case ok:
			g.Away, g.AwaySpell = 1-v, defaultAwaySpell
		}
	}
	if n, p := o.get("away_spell"); n != nil && !g.Unlimited {
		if !o.has("adherence") {
			b.add(o.at["away_spell"], path, "give adherence too", "%q applies only with adherence", "away_spell")
		} else if v, ok := b.duration(n, p); ok {
			if v == 0 {
				b.errorf(resolve(n), p, "an away spell must be longer than zero")
			} else if g.Away > 0 {
				g.AwaySpell = v
			}
		}
	}
	if n, p := o.get("site"); n != nil {
		if name, ok := b.str(n, p); ok {
			if !slices.ContainsFunc(b.s.Sites, func(s sim.Site) bool { return s.Name == name }) {
				var names []string
				for _, s := range b.s.Sites {
					names = append(names, s.Name)
				}
				hint := b.didYouMean(name, names)
				if len(names) == 0 {
					hint = "define it under the top-level sites"
				}
				b.add(n, p, hint, "unknown site %q", name)
			} else {
				g.Site = name
			}
		}
	}
	if n, p := o.get("staffing"); n != nil && !g.Unlimited {
		if paid, shifts, paidBreaks, ok := b.staffing(n, p); ok {
			g.SetScheduled(paid)
			g.Shifts, g.PaidBreaks = shifts, paidBreaks
		}
	}
	return g
}

func (b *builder) skills(n *yaml.Node, path string, served []bool) []sim.Skill {
	items, ok := b.list(n, path, maxChannels)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		b.add(resolve(n), path, "list the channels the group serves", "a group needs at least one skill")
		return nil
	}
	var out []sim.Skill
	seen := map[int]bool{}
	for i, item := range items {
		p := index(path, i)
		var s sim.Skill
		cn, cp := item, p
		if resolve(item).Kind == yaml.MappingNode {
			o, ok := b.mapping(item, p, "skill")
			if !ok || !o.require("channel") {
				continue
			}
			cn, cp = o.get("channel")
			if an, ap := o.get("after"); an != nil {
				if s.After, ok = b.duration(an, ap); !ok {
					continue
				}
			}
			// A bad handle factor or handle time is reported, and the skill
			// kept without it: the channel is still served, so no second
			// error says nobody serves it.
			if fn, fp := o.get("handle_factor"); fn != nil {
				if f, ok := b.nonNegative(fn, fp, 100); ok && f == 0 {
					b.add(resolve(fn), fp, "1 is the channel's own handle time; 1.3 is 30% slower", "a handle factor must be above zero")
				} else if ok {
					s.HandleFactor = f
				}
			}
			if hn, hp := o.get("handle"); hn != nil {
				if d, ok := b.dist(hn, hp, distOpts{positive: true}); ok {
					s.Handle = &d
				}
			}
		}
		ch, ok := b.channelRef(cn, cp)
		if !ok {
			continue
		}
		if seen[ch] {
			b.errorf(resolve(cn), cp, "channel %q is listed twice", b.channelNames[ch])
			continue
		}
		seen[ch] = true
		if ch < len(served) {
			served[ch] = true
		}
		s.Channel = ch
		out = append(out, s)
	}
	return out
}

// defaultAwaySpell is the mean length of an away spell when a group's
// adherence gives none: a late return from a break, a side task.
const defaultAwaySpell = 10 * 60

// sites reads the sites: their share of each channel's traffic, overflow
// delay, opening hours and outages. Groups name their site, so sites are
// read before groups; that each share is served is checked after.
func (b *builder) sites(o *object) {
	n, path := o.get("sites")
	if n == nil {
		return
	}
	names, keys, vals, ok := b.entriesUpTo(n, path, "sites", maxSites)
	if !ok {
		return
	}
	for i, name := range names {
		b.name(keys[i], path, name)
		p := join(path, name)
		site := sim.Site{Name: name, OverflowAfter: math.Inf(1)}
		so, ok := b.mapping(vals[i], p, "site")
		if !ok {
			b.s.Sites = append(b.s.Sites, site)
			continue
		}
		if sn, sp := so.get("shares"); sn != nil {
			site.Shares = b.siteShares(sn, sp, len(b.s.Sites))
		}
		if an, ap := so.get("overflow_after"); an != nil {
			site.OverflowAfter, _ = b.duration(an, ap)
		}
		if hn, hp := so.get("hours"); hn != nil {
			site.Hours = b.hours(hn, hp)
		}
		if on, op := so.get("outages"); on != nil {
			site.Outages = b.outages(on, op)
		}
		b.s.Sites = append(b.s.Sites, site)
	}
}

// siteShares reads the share of channels' traffic of site number si, by
// channel name, and keeps where each was written.
func (b *builder) siteShares(n *yaml.Node, path string, si int) []float64 {
	names, keys, vals, ok := b.entries(n, path, "shares")
	if !ok || len(b.s.Channels) != len(b.channelNames) {
		return nil
	}
	if b.shareAt == nil {
		b.shareAt = map[[2]int]shareRef{}
	}
	out := make([]float64, len(b.channelNames))
	for i, name := range names {
		c, ok := b.channelIndex[name]
		if !ok {
			b.add(keys[i], path, b.didYouMean(name, b.channelNames), "unknown channel %q", name)
			continue
		}
		out[c], _ = b.share(vals[i], join(path, name))
		b.shareAt[[2]int{si, c}] = shareRef{resolve(vals[i]), join(path, name)}
	}
	return out
}

// shareRef is where a site's share of a channel was written.
type shareRef struct {
	n    *yaml.Node
	path string
}

// checkSites checks, once the groups are read, that the sites share out
// each channel's traffic whole and that a site with a share of a channel
// has a group that serves it.
func (b *builder) checkSites(o *object) {
	n, _ := o.get("sites")
	if n == nil || len(b.s.Sites) == 0 || len(b.s.Channels) != len(b.channelNames) {
		return
	}
	sum := make([]float64, len(b.channelNames))
	last := make([]shareRef, len(b.channelNames)) // the last share of each channel
	for si, site := range b.s.Sites {
		for c, v := range site.Shares {
			if v == 0 {
				continue
			}
			sum[c] += v
			at := b.shareAt[[2]int{si, c}]
			last[c] = at
			if !siteServes(&b.s.Model, site.Name, c) {
				b.add(at.n, at.path, "give one of its groups site: "+site.Name+" and the skill",
					"site %q gets a share of %q but none of its groups serves it", site.Name, b.channelNames[c])
			}
		}
	}
	for c, v := range sum {
		switch {
		case v == 0:
		case math.Abs(v-1) > 1e-6:
			b.add(last[c].n, last[c].path, "each channel's shares over the sites add up to 100%",
				"the sites' shares of %q add up to %.6g%%, not 100%%", b.channelNames[c], v*100)
		default:
			// Shares written as percentages may miss 1 by rounding; the
			// engine wants them to sum to 1 exactly.
			for i := range b.s.Sites {
				if b.s.Sites[i].Shares != nil {
					b.s.Sites[i].Shares[c] /= v
				}
			}
		}
	}
}

// siteServes reports whether a group at the named site serves channel c.
func siteServes(m *sim.Model, site string, c int) bool {
	for _, g := range m.Groups {
		if g.Site == site && slices.ContainsFunc(g.Skills, func(s sim.Skill) bool { return s.Channel == c }) {
			return true
		}
	}
	return false
}

func (b *builder) outages(n *yaml.Node, path string) []sim.Window {
	items, ok := b.list(n, path, maxOutages)
	if !ok {
		return nil
	}
	var out []sim.Window
	for _, o := range b.mappings(items, path, keySets["outage"], nil, "from", "to") {
		day := 1
		if dn, dp := o.get("day"); dn != nil {
			if day, ok = b.integer(dn, dp, 1, maxDays); !ok {
				continue
			}
			if b.sized && day > b.days() {
				b.errorf(resolve(dn), dp, "day %d is after the horizon's %d days", day, b.days())
				continue
			}
		}
		from, okF := b.clock(o.get("from"))
		tn, tp := o.get("to")
		to, okT := b.clock(tn, tp)
		if !okF || !okT {
			continue
		}
		if to <= from {
			b.add(resolve(tn), tp, "split an outage across midnight into one per day", "the outage ends at %s, not after it starts", resolve(tn).Value)
			continue
		}
		start := float64(day-1) * 86400
		out = append(out, sim.Window{From: start + float64(from), To: start + float64(to)})
	}
	return out
}

// dayStaff is one day's scheduled agents per interval, and the shifts
// they come from when the day was given as shifts.
type dayStaff struct {
	values []float64
	shifts []sim.Shift // nil unless given as shifts
	// paidBreaks are the agents on a paid break, nil when none is.
	paidBreaks []float64
}

// staffing reads scheduled agents per interval of the horizon, the
// shifts of the weekdays given as shifts (nil when none was) and the
// agents on their paid breaks (nil when none is).
func (b *builder) staffing(n *yaml.Node, path string) ([]float64, *[7][]sim.Shift, []float64, bool) {
	r := resolve(n)
	if r.Kind == yaml.SequenceNode && (len(r.Content) == 0 || resolve(r.Content[0]).Kind != yaml.MappingNode) {
		// A list of numbers may cover the whole horizon.
		values, ok := b.staffingList(r, path)
		if !ok || !b.sized {
			return nil, nil, nil, false
		}
		out := make([]float64, b.intervals)
		if len(values) == 0 {
			return out, nil, nil, true
		}
		if !b.checkLength(r, path, len(values)) {
			return nil, nil, nil, false
		}
		for i := range out {
			out[i] = values[i%len(values)]
		}
		return out, nil, nil, true
	}
	if r.Kind == yaml.MappingNode && hasDayKey(r) {
		week, ok := byDay(b, n, path, b.dayStaffing)
		return b.repeat(week, ok)
	}
	day, ok := b.dayStaffing(n, path)
	return b.repeat([7]dayStaff{day, day, day, day, day, day, day}, ok)
}

func hasDayKey(n *yaml.Node) bool {
	for i := 0; i < len(n.Content); i += 2 {
		if k := resolve(n.Content[i]); k.Kind == yaml.ScalarNode && slices.Contains(dayKeys, k.Value) {
			return true
		}
	}
	return false
}

// undust rounds away the float dust that shifts less breaks may leave
// (4.999999999 agents for 5).
func undust(v float64) float64 { return math.Round(v*1e9) / 1e9 }

// repeat lays daily patterns over the horizon by weekday.
func (b *builder) repeat(week [7]dayStaff, ok bool) ([]float64, *[7][]sim.Shift, []float64, bool) {
	if !ok || !b.sized {
		return nil, nil, nil, false
	}
	out := make([]float64, b.intervals)
	var paidBreaks []float64
	for i := range out {
		wd := week[b.weekday(i/b.perDay)]
		if wd.values != nil {
			out[i] = undust(wd.values[i%b.perDay])
		}
		if wd.paidBreaks != nil {
			if paidBreaks == nil {
				paidBreaks = make([]float64, b.intervals)
			}
			paidBreaks[i] = undust(wd.paidBreaks[i%b.perDay])
		}
	}
	var shifts *[7][]sim.Shift
	for wd, day := range week {
		if day.shifts != nil {
			if shifts == nil {
				shifts = new([7][]sim.Shift)
			}
			shifts[wd] = day.shifts
		}
	}
	return out, shifts, paidBreaks, true
}

func (b *builder) staffingList(n *yaml.Node, path string) ([]float64, bool) {
	items, ok := b.list(n, path, maxIntervals)
	if !ok {
		return nil, false
	}
	out := make([]float64, len(items))
	good := true
	for i, item := range items {
		v, ok := b.integer(item, index(path, i), 0, maxAgents)
		out[i], good = float64(v), good && ok
	}
	return out, good
}

// dayStaffing reads one day's scheduled agents: a list of one value per
// interval, from/to blocks, or shifts.
func (b *builder) dayStaffing(n *yaml.Node, path string) (dayStaff, bool) {
	r := resolve(n)
	switch {
	case r.Kind == yaml.SequenceNode && len(r.Content) > 0 && resolve(r.Content[0]).Kind == yaml.MappingNode:
		values, ok := b.blocks(r, path)
		return dayStaff{values: values}, ok
	case r.Kind == yaml.SequenceNode:
		values, ok := b.staffingList(r, path)
		if !ok || !b.sized {
			return dayStaff{}, false
		}
		if len(values) == 0 {
			return dayStaff{values: make([]float64, b.perDay)}, true
		}
		if len(values) != b.perDay {
			b.add(r, path, "give one value per interval of the day", "%d values for %d intervals a day", len(values), b.perDay)
			return dayStaff{}, false
		}
		return dayStaff{values: values}, true
	case r.Kind == yaml.MappingNode:
		return b.shifts(r, path)
	}
	b.add(r, path, "a list of agents per interval, from/to blocks, or shifts", "expected staffing, found %s", kindName(r))
	return dayStaff{}, false
}

// blocks reads non-overlapping {from, to, agents} spans of one day.
func (b *builder) blocks(n *yaml.Node, path string) ([]float64, bool) {
	items, ok := b.list(n, path, maxShifts)
	if !ok {
		return nil, false
	}
	day := make([]float64, b.perDay)
	type span struct{ from, to, item int }
	var spans []span
	good := true
	for i, o := range b.mappings(items, path, keySets["block"], &good, "from", "to", "agents") {
		from, okF := b.clock(o.get("from"))
		tn, tp := o.get("to")
		to, okT := b.clock(tn, tp)
		an, ap := o.get("agents")
		agents, okA := b.integer(an, ap, 0, maxAgents)
		if !okF || !okT || !okA {
			good = false
			continue
		}
		if to <= from {
			b.add(resolve(tn), tp, "a block runs within one day; use shifts to cross midnight", "the block ends at %s, not after it starts", resolve(tn).Value)
			good = false
			continue
		}
		spans = append(spans, span{from, to, i})
		if b.sized {
			block := sim.Shift{Start: float64(from), Length: float64(to - from), Count: agents}
			block.Cover(day, b.step)
		}
	}
	// In order of start, a block overlaps an earlier one exactly when it
	// starts before the latest end so far.
	order := slices.Clone(spans)
	slices.SortStableFunc(order, func(x, y span) int { return x.from - y.from })
	for i, latest := 1, 0; i < len(order); i++ {
		if order[i-1].to > order[latest].to {
			latest = i - 1
		}
		if order[i].from < order[latest].to {
			later := max(order[i].item, order[latest].item)
			earlier := min(order[i].item, order[latest].item)
			b.add(resolve(items[later]), index(path, later), "blocks set the agents on duty and must not overlap",
				"overlaps the block on line %d", resolve(items[earlier]).Line)
			good = false
		}
	}
	return day, good && b.sized
}

// shifts reads {shifts: [...]}: each shift adds count agents from start for
// length, less its breaks. A shift past midnight wraps to the start of the
// same daily pattern.
func (b *builder) shifts(n *yaml.Node, path string) (dayStaff, bool) {
	o, ok := b.mapping(n, path, "shifts")
	if !ok || !o.require("shifts") {
		return dayStaff{}, false
	}
	sn, sp := o.get("shifts")
	items, ok := b.list(sn, sp, maxShifts)
	if !ok {
		return dayStaff{}, false
	}
	day := dayStaff{values: make([]float64, b.perDay), shifts: []sim.Shift{}}
	good := true
	for _, s := range b.mappings(items, sp, keySets["shift"], &good, "start", "length", "count") {
		start, okS := b.clock(s.get("start"))
		ln, lp := s.get("length")
		length, okL := b.duration(ln, lp)
		if okL && !(length > 0 && length <= 86400) {
			b.errorf(resolve(ln), lp, "a shift lasts more than zero and at most 24h")
			okL = false
		}
		cn, cp := s.get("count")
		count, okC := b.integer(cn, cp, 0, maxAgents)
		if !okS || !okL || !okC {
			good = false
			continue
		}
		shift := sim.Shift{Start: float64(start), Length: length, Count: count}
		if bn, bp := s.get("breaks"); bn != nil {
			var okB bool
			shift.Breaks, okB = b.breaks(bn, bp, shift.Start, length)
			good = good && okB
		}
		if b.sized {
			shift.Cover(day.values, b.step)
			if slices.ContainsFunc(shift.Breaks, func(x sim.Break) bool { return x.Paid }) {
				if day.paidBreaks == nil {
					day.paidBreaks = make([]float64, b.perDay)
				}
				shift.PaidBreakCover(day.paidBreaks, b.step)
			}
		}
		day.shifts = append(day.shifts, shift)
	}
	return day, good && b.sized
}

// breaks reads the breaks of a shift from start for length, each
// {at: clock time, length}, as offsets into the shift.
func (b *builder) breaks(n *yaml.Node, path string, start, length float64) ([]sim.Break, bool) {
	items, ok := b.list(n, path, 100)
	if !ok {
		return nil, false
	}
	var out []sim.Break
	good := true
	for _, o := range b.mappings(items, path, keySets["break"], &good, "at", "length") {
		an, ap := o.get("at")
		at, okA := b.clock(an, ap)
		ln, lp := o.get("length")
		l, okL := b.duration(ln, lp)
		if !okA || !okL {
			good = false
			continue
		}
		// The break's offset into the shift, counting past midnight.
		off := float64(at) - start
		if off < 0 {
			off += 86400
		}
		if off+l > length {
			b.add(resolve(an), ap, "a break lies within its shift", "the break at %s for %s ends after the shift", resolve(an).Value, resolve(ln).Value)
			good = false
			continue
		}
		brk := sim.Break{After: off, Length: l}
		if pn, pp := o.get("paid"); pn != nil {
			var okP bool
			if brk.Paid, okP = b.boolean(pn, pp); !okP {
				good = false
				continue
			}
		}
		out = append(out, brk)
	}
	return out, good
}
