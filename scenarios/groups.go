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
	names, keys, vals, ok := b.entries(n, path, "groups")
	if !ok {
		return
	}
	if len(names) == 0 || len(names) > maxGroups {
		b.errorf(resolve(n), path, "give 1 to %d groups, found %d", maxGroups, len(names))
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
		for _, key := range []string{"staffing", "shrinkage", "hourly_cost", "max_occupancy", "deferred_reserve"} {
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
	if n, p := o.get("staffing"); n != nil && !g.Unlimited {
		if paid, shifts, ok := b.staffing(n, p); ok {
			g.SetScheduled(paid)
			g.Shifts = shifts
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

func (b *builder) outages(n *yaml.Node, path string) []sim.Window {
	items, ok := b.list(n, path, maxOutages)
	if !ok {
		return nil
	}
	var out []sim.Window
	for i, item := range items {
		p := index(path, i)
		o, ok := b.mapping(item, p, "outage")
		if !ok || !o.require("from", "to") {
			continue
		}
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
		fn, fp := o.get("from")
		from, okF := b.clock(fn, fp)
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
}

// staffing reads scheduled agents per interval of the horizon, and the
// shifts of the weekdays given as shifts (nil when none was).
func (b *builder) staffing(n *yaml.Node, path string) ([]float64, *[7][]sim.Shift, bool) {
	r := resolve(n)
	if r.Kind == yaml.SequenceNode && (len(r.Content) == 0 || resolve(r.Content[0]).Kind != yaml.MappingNode) {
		// A list of numbers may cover the whole horizon.
		values, ok := b.staffingList(r, path)
		if !ok || !b.sized {
			return nil, nil, false
		}
		out := make([]float64, b.intervals)
		if len(values) == 0 {
			return out, nil, true
		}
		if !b.checkLength(r, path, len(values)) {
			return nil, nil, false
		}
		for i := range out {
			out[i] = values[i%len(values)]
		}
		return out, nil, true
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

// repeat lays daily patterns over the horizon by weekday.
func (b *builder) repeat(week [7]dayStaff, ok bool) ([]float64, *[7][]sim.Shift, bool) {
	if !ok || !b.sized {
		return nil, nil, false
	}
	out := make([]float64, b.intervals)
	for i := range out {
		day := week[b.weekday(i/b.perDay)].values
		if day != nil {
			// Shifts less breaks may leave float dust like 4.999999999.
			out[i] = math.Round(day[i%b.perDay]*1e9) / 1e9
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
	return out, shifts, true
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
	for i, item := range items {
		p := index(path, i)
		o, ok := b.mapping(item, p, "block")
		if !ok || !o.require("from", "to", "agents") {
			good = false
			continue
		}
		fn, fp := o.get("from")
		from, okF := b.clock(fn, fp)
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
	for i, item := range items {
		p := index(sp, i)
		s, ok := b.mapping(item, p, "shift")
		if !ok || !s.require("start", "length", "count") {
			good = false
			continue
		}
		stn, stp := s.get("start")
		start, okS := b.clock(stn, stp)
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
	for i, item := range items {
		p := index(path, i)
		o, ok := b.mapping(item, p, "break")
		if !ok || !o.require("at", "length") {
			good = false
			continue
		}
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
		out = append(out, sim.Break{After: off, Length: l})
	}
	return out, good
}
