package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/sim"
)

// Limits of a shift file, so that a hostile file stays cheap.
const (
	maxShiftFileBytes = 1 << 20
	maxTemplates      = 100
	maxStarts         = 1440
	maxBreaks         = 20
	maxTemplateGroups = 100
	maxContracts      = 100
	maxBreakPlaces    = 1440
)

// shiftKeys are the keys each mapping of a shift file accepts.
var shiftKeys = map[string][]string{
	"file":     {"templates", "contracts"},
	"template": {"name", "length", "starts", "breaks", "groups"},
	"range":    {"from", "to", "every"},
	"break":    {"name", "after", "within", "length", "paid"},
	"window":   {"from", "to", "every"},
	"contract": {"name", "groups", "templates", "days", "consecutive_days_off", "weekly_hours", "agents", "hourly_cost", "min_rest"},
	"bounds":   {"min", "max"},
}

// LoadShifts reads a file of shift templates and contracts (see
// ParseShifts).
func LoadShifts(path string) (*sim.ShiftRules, error) {
	return LoadShiftsFor(path, nil)
}

// LoadShiftsFor reads a file of shift templates and contracts for a plan
// of the groups named (those whose staffing is planned): a template's
// group must be one of them, and no group may have more than
// sim.MaxShiftStarts shift starts to choose from, each a problem at its
// line. nil groups checks neither.
func LoadShiftsFor(path string, groups []string) (*sim.ShiftRules, error) {
	data, err := readFile(path, maxShiftFileBytes)
	if err != nil {
		return nil, err
	}
	return parseShifts(path, data, groups)
}

// ParseShifts reads the shift templates and contracts a plan may roster
// its staffing with; name is the file name used in messages. Problems come
// back as an *Error listing each with its line, column and key path, as
// for scenario files:
//
//	templates:
//	  - name: early
//	    length: 8h30m                       # breaks included, 15m to 24h
//	    starts: ["06:00", "07:00"]          # or {from: "06:00", to: "09:00", every: 30m}
//	    breaks:                             # optional, in order
//	      - {after: 2h, length: 15m, paid: true}                # at a fixed offset from the start
//	      - {name: meal, within: {from: 3h30m, to: 5h}, length: 30m}  # placed by the planner, every 15m
//	    groups: [voice]                     # optional; default: every group
//	contracts:                              # optional
//	  - name: full-time
//	    templates: [early]                  # optional; default: every template
//	    groups: [voice]                     # optional; default: every group
//	    days: 5                             # working days a week, or {min: 3, max: 5}
//	    consecutive_days_off: 2             # optional
//	    weekly_hours: {min: 37h30m, max: 40h}  # paid hours, optional
//	    agents: {max: 120}                  # headcount, optional
//	    hourly_cost: 32                     # optional; default: the group's
//	    min_rest: 11h                       # between shifts, optional
//
// Durations are seconds or text like 8h30m, 45m, 90s; clock times are
// "HH:MM", and starts and break places are whole minutes (as scenario
// files write them). Breaks are unpaid unless marked paid.
func ParseShifts(name string, data []byte) (*sim.ShiftRules, error) {
	return parseShifts(name, data, nil)
}

func parseShifts(name string, data []byte, groups []string) (*sim.ShiftRules, error) {
	d, root := parseFile(name, data, maxShiftFileBytes)
	if root == nil {
		return nil, d.err()
	}
	o, ok := d.mappingOf(root, "", shiftKeys["file"])
	if !ok || !o.require("templates") {
		return nil, d.err()
	}
	tn, tp := o.get("templates")
	items, ok := d.list(tn, tp, maxTemplates)
	if ok && len(items) == 0 {
		d.add(resolve(tn), tp, "name a template with its length and starts", "give at least one template")
	}
	out := &sim.ShiftRules{}
	templates := d.namesOnce("template")
	for i, item := range items {
		if groups != nil {
			// Checked even in a template with other problems, so that one
			// pass reports every mistake.
			d.templateGroups(item, index(tp, i), groups)
		}
		if t, ok := d.template(item, index(tp, i)); ok && templates.first(t.Name, item, index(tp, i)) {
			out.Templates = append(out.Templates, t)
		}
	}
	if cn, cp := o.get("contracts"); cn != nil {
		citems, _ := d.list(cn, cp, maxContracts)
		contracts := d.namesOnce("contract")
		for i, item := range citems {
			if c, ok := d.contract(item, index(cp, i), out.Templates); ok && contracts.first(c.Name, item, index(cp, i)) {
				out.Contracts = append(out.Contracts, c)
			}
		}
	}
	if groups != nil && d.err() == nil {
		// Each group chooses among the starts of the templates it may
		// work; the planner's linear program takes at most
		// sim.MaxShiftStarts of them.
		for _, g := range groups {
			n := 0
			for _, t := range out.Templates {
				if len(t.Groups) == 0 || slices.Contains(t.Groups, g) {
					n += len(t.Starts)
				}
			}
			if n > sim.MaxShiftStarts {
				d.add(resolve(tn), tp, "use fewer templates or starts, such as a range every 15m or 30m, or give templates groups",
					"group %q may work %d shift starts: at most %d", g, n, sim.MaxShiftStarts)
			}
		}
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// templateGroups checks that the groups a template names are among
// groups, at each name's line.
func (d *decoder) templateGroups(n *yaml.Node, path string, groups []string) {
	m := resolve(n)
	var gn *yaml.Node
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "groups" {
			gn = resolve(m.Content[i+1])
		}
	}
	if gn == nil || gn.Kind != yaml.SequenceNode {
		return
	}
	gp := join(path, "groups")
	for i, item := range gn.Content {
		if g := resolve(item).Value; !slices.Contains(groups, g) {
			d.add(resolve(item), index(gp, i), "the scenario's groups whose staffing is planned: "+strings.Join(groups, ", "),
				"unknown or unlimited group %s", fmt.Sprintf("%q", g))
		}
	}
}

// namesOnce tells the first item of each name from a later one of the
// same name, which is a mistake.
type namesOnce struct {
	d    *decoder
	what string         // what is named: "template"
	seen map[string]int // the line of each name's first item
}

func (d *decoder) namesOnce(what string) *namesOnce {
	return &namesOnce{d: d, what: what, seen: map[string]int{}}
}

// first reports whether item, at path, is the first of its name, and
// reports the mistake when it is not.
func (u *namesOnce) first(name string, item *yaml.Node, path string) bool {
	if line, dup := u.seen[name]; dup {
		u.d.errorf(resolve(item), path, "%s %q is defined twice (first on line %d)", u.what, name, line)
		return false
	}
	u.seen[name] = resolve(item).Line
	return true
}

// nonEmpty reads the text of key, which must not be empty.
func (d *decoder) nonEmpty(o *object, key string) (string, bool) {
	n, p := o.get(key)
	s, ok := d.str(n, p)
	if ok && s == "" {
		d.errorf(resolve(n), p, "empty %s", key)
		return s, false
	}
	return s, ok
}

func (d *decoder) template(n *yaml.Node, path string) (sim.ShiftTemplate, bool) {
	var t sim.ShiftTemplate
	o, ok := d.mappingOf(n, path, shiftKeys["template"])
	if !ok || !o.require("name", "length", "starts") {
		return t, false
	}
	var good bool
	t.Name, good = d.nonEmpty(o, "name")
	ln, lp := o.get("length")
	if t.Length, ok = d.duration(ln, lp); ok && !(t.Length >= sim.MinTemplateLength && t.Length <= 86400) {
		d.errorf(resolve(ln), lp, "a shift template lasts from 15m to 24h")
		ok = false
	}
	good = good && ok
	t.Starts, ok = d.starts(o.get("starts"))
	good = good && ok
	if bn, bp := o.get("breaks"); bn != nil {
		t.Breaks, ok = d.templateBreaks(bn, bp, t.Length)
		good = good && ok
	}
	if gn, gp := o.get("groups"); gn != nil {
		items, ok := d.list(gn, gp, maxTemplateGroups)
		good = good && ok
		for i, item := range items {
			g, ok := d.str(item, index(gp, i))
			good = good && ok
			t.Groups = append(t.Groups, g)
		}
	}
	return t, good
}

// templateBreaks reads a template's breaks: each at a fixed offset from
// the shift's start (after) or anywhere in a window of offsets (within,
// every 15 minutes unless told), in order, without overlap, within the
// shift.
func (d *decoder) templateBreaks(n *yaml.Node, path string, length float64) ([]sim.BreakRule, bool) {
	items, ok := d.list(n, path, maxBreaks)
	if !ok {
		return nil, false
	}
	var out []sim.BreakRule
	good, end := true, 0.0
	for i, o := range d.mappings(items, path, shiftKeys["break"], &good, "length") {
		p := index(path, i)
		var b sim.BreakRule
		okAll := true
		if nn, np := o.get("name"); nn != nil {
			b.Name, ok = d.str(nn, np)
			okAll = okAll && ok
		}
		ln, lp := o.get("length")
		b.Length, ok = d.duration(ln, lp)
		if ok && !(b.Length > 0) {
			d.errorf(resolve(ln), lp, "a break lasts more than zero")
			ok = false
		}
		okAll = okAll && ok
		if pn, pp := o.get("paid"); pn != nil {
			b.Paid, ok = d.boolean(pn, pp)
			okAll = okAll && ok
		}
		at := o.n
		switch o.exclusive("after", "within") {
		case "":
			d.add(o.n, p, "give after: 4h for a fixed break, or within: {from: 3h, to: 5h} for one the planner places", "missing key \"after\" or \"within\"")
			okAll = false
		case "after":
			an, ap := o.get("after")
			at = resolve(an)
			b.Earliest, ok = d.duration(an, ap)
			b.Latest = b.Earliest
			okAll = okAll && ok
		case "within":
			wn, wp := o.get("within")
			at = resolve(wn)
			wo, ok := d.mappingOf(wn, wp, shiftKeys["window"])
			if !ok || !wo.require("from", "to") {
				okAll = false
				break
			}
			fn, fp := wo.get("from")
			tn, tp := wo.get("to")
			var okF, okT bool
			b.Earliest, okF = d.duration(fn, fp)
			b.Latest, okT = d.duration(tn, tp)
			okAll = okAll && okF && okT
			if okF && okT && b.Latest < b.Earliest {
				d.errorf(resolve(tn), tp, "the window ends before it starts")
				okAll = false
			}
			if en, ep := wo.get("every"); en != nil {
				every, okE := d.duration(en, ep)
				if okE && !(every >= 60 && every == math.Trunc(every/60)*60) {
					d.add(resolve(en), ep, "breaks start on whole minutes, as scenario files write them", "places %s apart are not whole minutes apart", resolve(en).Value)
					okE = false
				}
				okAll = okAll && okE
				b.Step = every
			}
			if okAll && len(b.Offsets()) > maxBreakPlaces {
				d.errorf(resolve(wn), wp, "more than %d places for the break in its window", maxBreakPlaces)
				okAll = false
			}
		}
		if !okAll {
			good = false
			continue
		}
		if b.Earliest != math.Trunc(b.Earliest/60)*60 {
			d.add(at, p, "breaks start on whole minutes, as scenario files write them", "the break starts %gs into the shift", b.Earliest)
			good = false
			continue
		}
		switch {
		case b.Earliest < end:
			d.add(at, p, "list breaks in order", "the break may start before the one before it ends")
			good = false
		case length > 0 && b.Latest+b.Length > length:
			d.errorf(at, p, "the break may end after the shift")
			good = false
		}
		end = b.Earliest + b.Length
		out = append(out, b)
	}
	if good && length > 0 {
		onDuty := length
		for _, b := range out {
			onDuty -= b.Length
		}
		if !(onDuty > 0) {
			d.errorf(resolve(n), path, "the breaks take the whole shift")
			good = false
		}
	}
	return out, good
}

// contract reads one contract.
func (d *decoder) contract(n *yaml.Node, path string, templates []sim.ShiftTemplate) (sim.Contract, bool) {
	var c sim.Contract
	o, ok := d.mappingOf(n, path, shiftKeys["contract"])
	if !ok || !o.require("name", "days") {
		return c, false
	}
	var good bool
	c.Name, good = d.nonEmpty(o, "name")
	names := func(key string) []string {
		var out []string
		if ln, lp := o.get(key); ln != nil {
			items, ok := d.list(ln, lp, maxTemplateGroups)
			good = good && ok
			for i, item := range items {
				v, ok := d.str(item, index(lp, i))
				good = good && ok
				if ok && key == "templates" && !slices.ContainsFunc(templates, func(t sim.ShiftTemplate) bool { return t.Name == v }) {
					var known []string
					for _, t := range templates {
						known = append(known, t.Name)
					}
					d.add(resolve(item), index(lp, i), d.didYouMean(v, known), "unknown template %q", v)
					good = false
				}
				out = append(out, v)
			}
		}
		return out
	}
	c.Groups = names("groups")
	c.Templates = names("templates")
	dn, dp := o.get("days")
	if r := resolve(dn); r.Kind == yaml.MappingNode {
		lo, hi, ok := d.bounds(dn, dp, func(n *yaml.Node, p string) (float64, bool) {
			v, ok := d.integer(n, p, 0, 7)
			return float64(v), ok
		})
		c.MinDays, c.MaxDays = int(lo), int(hi)
		if ok && !d.has(dn, "max") {
			c.MaxDays = 7
		}
		if ok && c.MaxDays < max(c.MinDays, 1) {
			d.errorf(r, dp, "at most %d working days a week leaves none to work", c.MaxDays)
			ok = false
		}
		good = good && ok
	} else {
		v, ok := d.integer(dn, dp, 1, 7)
		c.MinDays, c.MaxDays = v, v
		good = good && ok
	}
	if cn, cp := o.get("consecutive_days_off"); cn != nil {
		v, ok := d.integer(cn, cp, 0, 6)
		if ok && v > 7-c.MinDays {
			d.errorf(resolve(cn), cp, "%d consecutive days off leave fewer than the %d working days a week", v, c.MinDays)
			ok = false
		}
		c.ConsecutiveDaysOff = v
		good = good && ok
	}
	if hn, hp := o.get("weekly_hours"); hn != nil {
		lo, hi, ok := d.bounds(hn, hp, d.duration)
		c.MinHours, c.MaxHours = lo, hi
		if ok && c.MaxHours > 7*86400 {
			d.errorf(resolve(hn), hp, "more than a week's hours")
			ok = false
		}
		good = good && ok
	}
	if an, ap := o.get("agents"); an != nil {
		lo, hi, ok := d.bounds(an, ap, func(n *yaml.Node, p string) (float64, bool) {
			v, ok := d.integer(n, p, 0, 10_000_000)
			return float64(v), ok
		})
		c.MinAgents, c.MaxAgents = int(lo), int(hi)
		good = good && ok
	}
	if cn, cp := o.get("hourly_cost"); cn != nil {
		c.HourlyCost, ok = d.nonNegative(cn, cp, 1e9)
		good = good && ok
	}
	if rn, rp := o.get("min_rest"); rn != nil {
		c.MinRest, ok = d.duration(rn, rp)
		if ok && c.MinRest >= 86400 {
			d.errorf(resolve(rn), rp, "a rest between shifts of a day or more leaves no day to work")
			ok = false
		}
		good = good && ok
	}
	if good {
		// Rules that cannot be kept together, told against the
		// contract's templates.
		// most is the longest rest between shifts on two days in a row:
		// the earliest start, then the latest the next day.
		var lo, hi, most float64 = math.Inf(1), 0, 0
		for _, t := range templates {
			if len(c.Templates) == 0 || slices.Contains(c.Templates, t.Name) {
				lo, hi = math.Min(lo, t.PaidLength()), math.Max(hi, t.PaidLength())
				if len(t.Starts) > 0 {
					most = math.Max(most, 86400+slices.Max(t.Starts)-slices.Min(t.Starts)-t.Length)
				}
			}
		}
		hn, hp := o.get("weekly_hours")
		switch {
		case hi == 0:
		case c.MaxHours > 0 && float64(c.MinDays)*lo > c.MaxHours+1e-9:
			d.errorf(resolve(hn), hp, "%d working days of at least %s paid each exceed the %s a week", c.MinDays, FormatDuration(lo), FormatDuration(c.MaxHours))
			good = false
		case float64(c.MaxDays)*hi < c.MinHours-1e-9:
			d.errorf(resolve(hn), hp, "%d working days of at most %s paid each fall short of the %s a week", c.MaxDays, FormatDuration(hi), FormatDuration(c.MinHours))
			good = false
		}
		// Below the contract's rest, no two working days may be in a
		// row, and a week (which repeats) has room for three such days
		// at most.
		if rn, rp := o.get("min_rest"); good && c.MinRest > 0 && most > 0 && most < c.MinRest-1e-9 && c.MinDays > 3 {
			d.errorf(resolve(rn), rp, "no two shifts of its templates on days in a row rest %s (the most is %s), and %d working days a week must have days in a row",
				FormatDuration(c.MinRest), FormatDuration(most), c.MinDays)
			good = false
		}
	}
	return c, good
}

// bounds reads {min, max} with either key optional (max 0 when absent),
// or a single value for both.
func (d *decoder) bounds(n *yaml.Node, path string, read func(*yaml.Node, string) (float64, bool)) (float64, float64, bool) {
	r := resolve(n)
	if r.Kind != yaml.MappingNode {
		v, ok := read(n, path)
		return v, v, ok
	}
	o, ok := d.mappingOf(n, path, shiftKeys["bounds"])
	if !ok {
		return 0, 0, false
	}
	var lo, hi float64
	okL, okH := true, true
	if mn, mp := o.get("min"); mn != nil {
		lo, okL = read(mn, mp)
	}
	if mn, mp := o.get("max"); mn != nil {
		hi, okH = read(mn, mp)
		if okL && okH && hi < lo {
			d.errorf(resolve(mn), mp, "the maximum is below the minimum")
			okH = false
		}
	}
	return lo, hi, okL && okH
}

// has reports whether the mapping n has key.
func (d *decoder) has(n *yaml.Node, key string) bool {
	r := resolve(n)
	for i := 0; i+1 < len(r.Content); i += 2 {
		if r.Content[i].Value == key {
			return true
		}
	}
	return false
}

// starts reads a list of clock times, or {from, to, every}: every
// "every" from "from" up to and including "to".
func (d *decoder) starts(n *yaml.Node, path string) ([]float64, bool) {
	r := resolve(n)
	if r.Kind == yaml.MappingNode {
		o, ok := d.mappingOf(r, path, shiftKeys["range"])
		if !ok || !o.require("from", "to", "every") {
			return nil, false
		}
		from, okF := d.clock(o.get("from"))
		tn, tp := o.get("to")
		to, okT := d.clock(tn, tp)
		en, ep := o.get("every")
		every, okE := d.duration(en, ep)
		if okE && !(every >= 60 && every == float64(int(every/60))*60) {
			d.add(resolve(en), ep, "shifts start on whole minutes, as scenario files write them", "starts %s apart are not whole minutes apart", resolve(en).Value)
			okE = false
		}
		if !okF || !okT || !okE {
			return nil, false
		}
		if to < from || to >= 86400 {
			d.errorf(resolve(tn), tp, "starts run from an earlier to a later clock time before 24:00")
			return nil, false
		}
		var out []float64
		for s := float64(from); s <= float64(to)+1e-9; s += every {
			out = append(out, s)
		}
		return out, true
	}
	items, ok := d.list(n, path, maxStarts)
	if !ok {
		return nil, false
	}
	if len(items) == 0 {
		d.add(r, path, `for example ["07:00", "08:00"]`, "give at least one start")
		return nil, false
	}
	var out []float64
	good := true
	seen := map[int]bool{}
	for i, item := range items {
		p := index(path, i)
		s, ok := d.clock(item, p)
		switch {
		case !ok:
			good = false
		case s >= 86400:
			d.errorf(resolve(item), p, "a shift starts before 24:00")
			good = false
		case seen[s]:
			d.errorf(resolve(item), p, "start given twice")
			good = false
		default:
			seen[s] = true
			out = append(out, float64(s))
		}
	}
	return out, good
}
