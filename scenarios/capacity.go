package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/sim"
)

// Limits of a capacity file, so that a hostile file stays cheap.
const (
	maxCapacityBytes = 1 << 20
	maxCapacityList  = 1000
)

// capacityKeys are the keys each mapping of a capacity file accepts.
var capacityKeys = map[string][]string{
	"file": {"name", "scenario", "start", "weeks", "days_per_week", "fte_hours", "risk", "risk_scope", "paths", "seed",
		"representative_weeks", "roster_overhead", "volume", "groups", "transfers"},
	"volume":      {"growth", "seasonality", "error", "channels"},
	"error":       {"first", "last"},
	"channel":     {"base", "growth", "weeks"},
	"group":       {"contracts", "staff", "attrition", "hiring", "shrinkage", "overtime", "outsourcing"},
	"contract":    {"hours", "hourly_cost"},
	"staff":       {"contract", "people", "tenure"},
	"band":        {"until", "rate"},
	"hiring":      {"contract", "lead_time", "training", "ramp", "class", "every", "cost_per_hire", "training_cost", "planned"},
	"class":       {"min", "max"},
	"planned":     {"start", "people"},
	"shrinkage":   {"base", "periods"},
	"period":      {"from", "to", "shrinkage"},
	"overtime":    {"max", "hourly_cost"},
	"outsourcing": {"max_hours", "hourly_cost"},
	"transfer":    {"from", "to", "on", "people", "training"},
}

var monthKeys = []string{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// Capacity is a loaded, checked capacity file: the scenario it plans and
// the capacity input, every date turned into a week of the horizon.
type Capacity struct {
	// File is the name the capacity file was loaded from.
	File string
	// Scenario is the scenario file it names, loaded.
	Scenario *Scenario
	Input    capacity.Input
}

// LoadCapacity reads and checks a capacity file (see ParseCapacity).
func LoadCapacity(path string) (*Capacity, error) {
	data, err := readFile(path, maxCapacityBytes)
	if err != nil {
		return nil, err
	}
	return ParseCapacity(path, data)
}

// IsCapacity reports whether data looks like a capacity file rather than
// a scenario: a mapping with a scenario key and no channels.
func IsCapacity(data []byte) bool {
	var doc yaml.Node
	if len(data) > maxCapacityBytes || yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc) != nil ||
		len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return false
	}
	top := doc.Content[0].Content
	has := map[string]bool{}
	for i := 0; i+1 < len(top); i += 2 {
		has[top[i].Value] = true
	}
	return has["scenario"] && !has["channels"]
}

// ParseCapacity reads a capacity plan's input; name is the file name used
// in messages, and the scenario it names resolves against its directory.
// Problems come back as an *Error listing each with its line, column and
// key path, those of the scenario file included:
//
//	scenario: center.yaml        # the week (or day) whose targets the requirement meets
//	start: 2027-01-04            # the first day of week 1
//	weeks: 78                    # at most 78
//	risk: 10%                    # of being short, each week (risk_scope: any-week for the horizon)
//	volume: {growth: 15%, seasonality: {nov: 1.15, dec: 1.3}, error: 5%}
//	groups:
//	  voice:
//	    contracts: {full-time: {hours: 40, hourly_cost: 24}}
//	    staff: [{contract: full-time, people: 30, tenure: 2y}]
//	    attrition: 29%           # or bands: [{until: 13w, rate: 45%}, {rate: 25%}]
//	    hiring: {contract: full-time, lead_time: 4w, training: 4w, ramp: [50%, 75%], class: {min: 4, max: 15}}
//
// docs/capacity.md lists every key.
func ParseCapacity(name string, data []byte) (*Capacity, error) {
	d, root := parseFile(name, data, maxCapacityBytes)
	if root == nil {
		return nil, d.err()
	}
	c := &capacityBuilder{decoder: d, out: &Capacity{File: name}}
	c.file(root)
	if err := d.err(); err != nil {
		return nil, err
	}
	if err := c.out.Input.Validate(); err != nil {
		// The checks above report every user error with its position;
		// this guards against one they let through by mistake.
		return nil, fmt.Errorf("scenarios: %s: %w", name, err)
	}
	return c.out, nil
}

// capacityBuilder turns the checked YAML of a capacity file into a
// Capacity.
type capacityBuilder struct {
	*decoder
	out   *Capacity
	start time.Time
	weeks int // 0 until known: values sized by the horizon wait for it
	// planned are the scenario's planned groups, by name.
	planned map[string]bool
}

func (c *capacityBuilder) file(root *yaml.Node) {
	o, ok := c.mappingOf(root, "", capacityKeys["file"])
	if !ok {
		return
	}
	// A missing key is reported, and the keys given are read on, so that
	// one run lists every problem of the file.
	o.require("scenario", "start", "weeks", "groups")
	in := &c.out.Input
	if n, p := o.get("name"); n != nil {
		in.Name, _ = c.str(n, p)
	}
	c.scenario(o)
	if n, p := o.get("start"); n != nil {
		c.start, _ = c.date(n, p)
		in.Start = c.start
	}
	if n, p := o.get("weeks"); n != nil {
		if w, ok := c.integer(n, p, 1, 1<<30); ok {
			if w > capacity.MaxWeeks {
				c.add(resolve(n), p, "plan at most 18 months ahead", "a horizon of %d weeks is past the limit of %d", w, capacity.MaxWeeks)
			} else {
				in.Weeks = w
			}
		}
	}
	if c.start.IsZero() || in.Weeks == 0 {
		c.weeks = 0
	} else {
		c.weeks = in.Weeks
	}
	if n, p := o.get("days_per_week"); n != nil {
		in.DaysPerWeek, _ = c.integer(n, p, 1, 7)
		if sc := c.out.Scenario; sc != nil && in.DaysPerWeek != 7 && sc.Intervals > 0 && sc.Horizon() >= 7*86400 {
			c.errorf(resolve(n), p, "the scenario is a week: it stands for 7 days a week")
		}
	}
	if n, p := o.get("fte_hours"); n != nil {
		if v, ok := c.number(n, p); ok && !(v > 0 && v <= 168) {
			c.errorf(resolve(n), p, "an FTE works more than 0 and at most 168 hours a week")
		} else {
			in.FTEHours = v
		}
	}
	if n, p := o.get("risk"); n != nil {
		if v, ok := c.fraction(n, p, 0.5); ok {
			if v == 0 {
				c.add(resolve(n), p, "for example 10%", "a risk of 0 cannot be planned for: attrition and volume are random")
			}
			in.Risk = v
		}
	}
	if n, p := o.get("risk_scope"); n != nil {
		if s, ok := c.str(n, p); ok {
			switch s {
			case "each-week":
				in.Scope = capacity.EachWeek
			case "any-week":
				in.Scope = capacity.AnyWeek
			default:
				c.add(resolve(n), p, "each-week bounds every week's risk; any-week the risk of a short week anywhere", "unknown risk scope %q", s)
			}
		}
	}
	if n, p := o.get("paths"); n != nil {
		in.Paths, _ = c.integer(n, p, 100, capacity.MaxPaths)
	}
	if n, p := o.get("seed"); n != nil {
		if v, ok := c.integer(n, p, 1, math.MaxInt32); ok {
			in.Seed = uint64(v)
		}
	}
	if n, p := o.get("representative_weeks"); n != nil {
		in.Representative, _ = c.integer(n, p, 2, capacity.MaxRepresentative)
	}
	if n, p := o.get("roster_overhead"); n != nil {
		in.RosterOverhead, _ = c.share(n, p)
	}
	if n, p := o.get("volume"); n != nil {
		c.volume(n, p)
	}
	if n, p := o.get("groups"); n != nil {
		c.groups(n, p)
	}
	if n, p := o.get("transfers"); n != nil {
		c.transfers(n, p)
	}
}

// scenario loads the scenario the file names and checks that it can be
// planned week by week.
func (c *capacityBuilder) scenario(o *object) {
	n, p := o.get("scenario")
	if n == nil {
		return
	}
	file, ok := c.str(n, p)
	if !ok {
		return
	}
	if file == "" {
		c.errorf(resolve(n), p, "name the scenario file")
		return
	}
	path := file
	if !filepath.IsAbs(path) {
		path = filepath.Join(c.dir, file)
	}
	sc, err := Load(path)
	if err != nil {
		if e, ok := err.(*Error); ok {
			c.add(resolve(n), p, "", "scenario %s has problems, listed below", file)
			for _, pr := range e.Problems {
				if len(c.problems) < maxProblems {
					c.problems = append(c.problems, pr)
				}
			}
		} else {
			c.errorf(resolve(n), p, "%v", err)
		}
		return
	}
	days := sc.Horizon() / 86400
	if days < 1 || days > 7 || math.Abs(days-math.Round(days)) > 1e-9 {
		c.add(resolve(n), p, "a capacity plan scales a day or a week of the scenario to each week", "scenario %s lasts %s, not 1 to 7 whole days", file, FormatDuration(sc.Horizon()))
		return
	}
	c.out.Scenario = sc
	c.planned = map[string]bool{}
	for _, g := range sc.Groups {
		if !g.Unlimited {
			c.planned[g.Name] = true
		}
	}
}

const dateHint = `write a date as 2027-01-04`

// date reads a calendar date, YYYY-MM-DD.
func (c *capacityBuilder) date(n *yaml.Node, path string) (time.Time, bool) {
	r, ok := c.scalar(n, path, "a date")
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.DateOnly, r.Value)
	if err != nil || (r.Tag != "!!str" && r.Tag != "!!timestamp") {
		c.add(r, path, dateHint, "invalid date %s", kindName(r))
		return time.Time{}, false
	}
	if t.Year() < 1900 || t.Year() > 2999 {
		c.errorf(r, path, "date %s is out of range", r.Value)
		return time.Time{}, false
	}
	return t, true
}

// week reads a date within the horizon as its week, 1-based.
func (c *capacityBuilder) week(n *yaml.Node, path string) (int, bool) {
	t, ok := c.date(n, path)
	if !ok || c.weeks == 0 {
		return 0, false
	}
	days := int(t.Sub(c.start).Hours() / 24)
	w := days/7 + 1
	if days < 0 || w > c.weeks {
		c.errorf(resolve(n), path, "%s is outside the horizon (%s to %s)", t.Format(time.DateOnly),
			c.start.Format(time.DateOnly), c.start.AddDate(0, 0, 7*c.weeks-1).Format(time.DateOnly))
		return 0, false
	}
	return w, true
}

const weeksHint = "write weeks as a number, or 6w, or 2y (104 weeks)"

// weeksOf reads a number of weeks in [0, hi]: a whole number, or text like
// "6w" or "2y" (a year is 52 weeks).
func (c *capacityBuilder) weeksOf(n *yaml.Node, path string, hi int) (int, bool) {
	v, r, ok := c.numberOrText(n, path, "number of weeks", weeksHint, parseWeeks)
	if !ok {
		return 0, false
	}
	if v != math.Trunc(v) || v < 0 {
		c.add(r, path, weeksHint, "expected whole weeks, found %s", r.Value)
		return 0, false
	}
	if v > float64(hi) {
		c.errorf(r, path, "%s is more than %d weeks", r.Value, hi)
		return 0, false
	}
	return int(v), true
}

func parseWeeks(s string) (float64, error) {
	unit := 1.0
	switch {
	case strings.HasSuffix(s, "w"):
	case strings.HasSuffix(s, "y"):
		unit = 52
	default:
		return 0, fmt.Errorf("invalid weeks %q", s)
	}
	v, err := strconv.ParseUint(s[:len(s)-1], 10, 31)
	if err != nil {
		return 0, fmt.Errorf("invalid weeks %q", s)
	}
	return float64(v) * unit, nil
}

// money reads a non-negative cost.
func (c *capacityBuilder) money(n *yaml.Node, path string) float64 {
	v, _ := c.nonNegative(n, path, 1e12)
	return v
}

// growth reads a yearly growth: a share above -100%.
func (c *capacityBuilder) growth(n *yaml.Node, path string) (float64, bool) {
	v, r, ok := c.numberOrText(n, path, "growth", "write a growth as 15% or 0.15 a year", parsePercent)
	if !ok {
		return 0, false
	}
	if !(v > -1 && v <= 10) {
		c.errorf(r, path, "a growth of %s a year is outside -100%%..1000%%", r.Value)
		return 0, false
	}
	return v, true
}

func (c *capacityBuilder) volume(n *yaml.Node, path string) {
	o, ok := c.mappingOf(n, path, capacityKeys["volume"])
	if !ok {
		return
	}
	v := &c.out.Input.Volume
	if n, p := o.get("growth"); n != nil {
		v.Growth, _ = c.growth(n, p)
	}
	if n, p := o.get("seasonality"); n != nil {
		c.seasonality(n, p)
	}
	if n, p := o.get("error"); n != nil {
		v.ErrorSet = true
		if r := resolve(n); r.Kind == yaml.MappingNode {
			if eo, ok := c.mappingOf(r, p, capacityKeys["error"]); ok && eo.require("first", "last") {
				fn, fp := eo.get("first")
				v.Error, _ = c.fraction(fn, fp, 2)
				ln, lp := eo.get("last")
				v.ErrorEnd, _ = c.fraction(ln, lp, 2)
			}
		} else {
			v.Error, _ = c.fraction(n, p, 2)
		}
	}
	if n, p := o.get("channels"); n != nil {
		names, keys, vals, ok := c.entries(n, p, "channels")
		if !ok {
			return
		}
		for i, name := range names {
			cp := join(p, name)
			if sc := c.out.Scenario; sc != nil && !slices.ContainsFunc(sc.Channels, func(ch sim.Channel) bool { return ch.Name == name }) {
				var all []string
				for _, ch := range sc.Channels {
					all = append(all, ch.Name)
				}
				c.add(keys[i], p, c.didYouMean(name, all), "the scenario has no channel %q", name)
				continue
			}
			co, ok := c.mappingOf(vals[i], cp, capacityKeys["channel"])
			if !ok {
				continue
			}
			cv := capacity.ChannelVolume{Name: name}
			if n, p := co.get("base"); n != nil {
				cv.Base, _ = c.nonNegative(n, p, 1e12)
			}
			if n, p := co.get("growth"); n != nil {
				if g, ok := c.growth(n, p); ok {
					cv.Growth = &g
				}
			}
			if n, p := co.get("weeks"); n != nil {
				co.exclusive("weeks", "base")
				if co.has("growth") {
					c.add(co.at["growth"], cp, "weekly volumes are a forecast of their own", "growth does not apply to weekly volumes")
				}
				items, ok := c.list(n, p, capacity.MaxWeeks)
				if ok && c.weeks > 0 && len(items) != c.weeks {
					c.errorf(resolve(n), p, "%d weeks of volume for a horizon of %d weeks", len(items), c.weeks)
					ok = false
				}
				if ok {
					for j, item := range items {
						x, _ := c.nonNegative(item, index(p, j), 1e12)
						cv.Weeks = append(cv.Weeks, x)
					}
				}
			}
			c.out.Input.Volume.Channels = append(c.out.Input.Volume.Channels, cv)
		}
	}
}

// seasonality reads twelve monthly factors: a list, or a mapping from
// month (jan ... dec) to factor where a month left out is 1.
func (c *capacityBuilder) seasonality(n *yaml.Node, path string) {
	f := make([]float64, 12)
	factor := func(n *yaml.Node, p string) float64 {
		v, ok := c.number(n, p)
		if ok && !(v > 0 && v <= 100) {
			c.errorf(resolve(n), p, "a seasonal factor is above 0 (1 is an average month)")
			return 1
		}
		return v
	}
	if r := resolve(n); r.Kind == yaml.SequenceNode {
		items, ok := c.list(r, path, 12)
		if !ok {
			return
		}
		if len(items) != 12 {
			c.add(r, path, "one factor a month, January first", "%d factors, want 12", len(items))
			return
		}
		for i, item := range items {
			f[i] = factor(item, index(path, i))
		}
	} else {
		o, ok := c.mappingOf(r, path, monthKeys)
		if !ok {
			return
		}
		for i, m := range monthKeys {
			f[i] = 1
			if n, p := o.get(m); n != nil {
				f[i] = factor(n, p)
			}
		}
	}
	c.out.Input.Volume.Seasonality = f
}

func (c *capacityBuilder) groups(n *yaml.Node, path string) {
	names, keys, vals, ok := c.entries(n, path, "groups")
	if !ok {
		return
	}
	seen := map[string]bool{}
	for i, name := range names {
		seen[name] = true
		if c.planned != nil && !c.planned[name] {
			var all []string
			for g := range c.planned {
				all = append(all, g)
			}
			slices.Sort(all)
			c.add(keys[i], path, c.didYouMean(name, all), "the scenario has no planned group %q (unlimited groups are paid per contact, not staffed)", name)
			continue
		}
		c.group(name, vals[i], join(path, name))
	}
	if c.planned != nil {
		var missing []string
		for g := range c.planned {
			if !seen[g] {
				missing = append(missing, g)
			}
		}
		slices.Sort(missing)
		if len(missing) > 0 {
			c.add(resolve(n), path, "give each planned group its staff and hiring", "no supply for group %s of the scenario", strings.Join(missing, ", "))
		}
	}
}

func (c *capacityBuilder) group(name string, n *yaml.Node, path string) {
	o, ok := c.mappingOf(n, path, capacityKeys["group"])
	if !ok || !o.require("contracts") {
		return
	}
	g := capacity.Group{Name: name}
	contracts := map[string]bool{}
	if cn, cp := o.get("contracts"); cn != nil {
		names, keys, vals, ok := c.entries(cn, cp, "contracts")
		if ok && len(names) == 0 {
			c.errorf(resolve(cn), cp, "give at least one contract")
		}
		for i, cname := range names {
			if !c.name(keys[i], cp, cname) {
				continue
			}
			co, ok := c.mappingOf(vals[i], join(cp, cname), capacityKeys["contract"])
			if !ok || !co.require("hours", "hourly_cost") {
				continue
			}
			k := capacity.Contract{Name: cname}
			hn, hp := co.get("hours")
			if v, ok := c.number(hn, hp); ok && !(v > 0 && v <= 168) {
				c.errorf(resolve(hn), hp, "a contract pays more than 0 and at most 168 hours a week")
			} else {
				k.Hours = v
			}
			k.HourlyCost = c.money(co.get("hourly_cost"))
			contracts[cname] = true
			g.Contracts = append(g.Contracts, k)
		}
	}
	contract := func(n *yaml.Node, p string) string {
		s, ok := c.str(n, p)
		if ok && !contracts[s] {
			var all []string
			for k := range contracts {
				all = append(all, k)
			}
			slices.Sort(all)
			c.add(resolve(n), p, c.didYouMean(s, all), "unknown contract %q", s)
		}
		return s
	}
	if sn, sp := o.get("staff"); sn != nil {
		items, _ := c.list(sn, sp, maxCapacityList)
		for i, so := range c.mappings(items, sp, capacityKeys["staff"], nil, "contract", "people") {
			ip := index(sp, i)
			co := capacity.Cohort{Contract: contract(so.get("contract"))}
			co.People, _ = c.integer(firstOf(so.get("people")), join(ip, "people"), 0, capacity.MaxClass)
			if tn, tp := so.get("tenure"); tn != nil {
				co.Tenure, _ = c.weeksOf(tn, tp, capacity.MaxTenureWeeks)
			} else {
				co.Tenure = 52 * 5 // people already there are past any ramp
			}
			g.Staff = append(g.Staff, co)
		}
	}
	if an, ap := o.get("attrition"); an != nil {
		g.Attrition = c.attrition(an, ap)
	}
	if hn, hp := o.get("hiring"); hn != nil {
		g.Hiring = c.hiring(hn, hp, contract)
	}
	if sn, sp := o.get("shrinkage"); sn != nil {
		g.Shrinkage = c.shrinkage(sn, sp)
	}
	if fn, fp := o.get("overtime"); fn != nil {
		if fo, ok := c.mappingOf(fn, fp, capacityKeys["overtime"]); ok && fo.require("max", "hourly_cost") {
			g.Overtime.Max, _ = c.share(fo.get("max"))
			g.Overtime.HourlyCost = c.money(fo.get("hourly_cost"))
		}
	}
	if fn, fp := o.get("outsourcing"); fn != nil {
		if fo, ok := c.mappingOf(fn, fp, capacityKeys["outsourcing"]); ok && fo.require("max_hours", "hourly_cost") {
			g.Outsourcing.Max, _ = c.nonNegative(firstOf(fo.get("max_hours")), join(fp, "max_hours"), 1e9)
			g.Outsourcing.HourlyCost = c.money(fo.get("hourly_cost"))
		}
	}
	c.out.Input.Groups = append(c.out.Input.Groups, g)
}

func firstOf(n *yaml.Node, _ string) *yaml.Node { return n }

// attrition reads one annual rate, or bands by tenure: [{until: 13w,
// rate: 45%}, ..., {rate: 20%}], the last without an end.
func (c *capacityBuilder) attrition(n *yaml.Node, path string) []capacity.AttritionBand {
	rate := func(n *yaml.Node, p string) float64 {
		v, r, ok := c.numberOrText(n, p, "share", shareHint, parsePercent)
		if !ok {
			return 0
		}
		if v < 0 {
			c.add(r, p, "29% a year is the industry's figure, from LinkedIn", "attrition cannot be negative, found %s", r.Value)
			return 0
		}
		if v > 1 {
			c.add(r, p, shareHint, "attrition of %s a year is more than everyone", r.Value)
			return 0
		}
		return v
	}
	if r := resolve(n); r.Kind != yaml.SequenceNode {
		return []capacity.AttritionBand{{Annual: rate(n, path)}}
	}
	items, ok := c.list(n, path, 100)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		c.errorf(resolve(n), path, "give a rate, or bands by tenure")
		return nil
	}
	var out []capacity.AttritionBand
	prev := 0
	for i, o := range c.mappings(items, path, capacityKeys["band"], nil, "rate") {
		ip := index(path, i)
		b := capacity.AttritionBand{Annual: rate(o.get("rate"))}
		last := i == len(items)-1
		un, up := o.get("until")
		switch {
		case last && un != nil:
			c.add(o.at["until"], ip, "the last band holds every longer tenure", "the last band has no end")
		case !last && un == nil:
			c.add(resolve(items[i]), ip, "end each band but the last with until", "missing key \"until\"")
		case un != nil:
			if u, ok := c.weeksOf(un, up, capacity.MaxTenureWeeks); ok {
				if u <= prev {
					c.errorf(resolve(un), up, "bands go up in tenure: this one ends at or before the one before")
				}
				b.Until, prev = u, u
			}
		}
		out = append(out, b)
	}
	return out
}

func (c *capacityBuilder) hiring(n *yaml.Node, path string, contract func(*yaml.Node, string) string) capacity.Hiring {
	var h capacity.Hiring
	o, ok := c.mappingOf(n, path, capacityKeys["hiring"])
	if !ok || !o.require("contract") {
		return h
	}
	h.Contract = contract(o.get("contract"))
	if n, p := o.get("lead_time"); n != nil {
		h.Lead, _ = c.weeksOf(n, p, capacity.MaxWeeks)
	}
	if n, p := o.get("training"); n != nil {
		h.Training, _ = c.weeksOf(n, p, capacity.MaxWeeks)
	}
	if n, p := o.get("ramp"); n != nil {
		items, _ := c.list(n, p, capacity.MaxWeeks)
		for i, item := range items {
			ip := index(p, i)
			v, r, ok := c.numberOrText(item, ip, "share", shareHint, parsePercent)
			if !ok {
				continue
			}
			if !(v > 0 && v <= 1) {
				c.add(r, ip, "productivity in each week after training, up to 100%", "a ramp-up of %s is outside 0%%..100%%", r.Value)
				continue
			}
			h.Ramp = append(h.Ramp, v)
		}
	}
	if n, p := o.get("class"); n != nil {
		if co, ok := c.mappingOf(n, p, capacityKeys["class"]); ok && co.require("max") {
			h.MaxClass, _ = c.integer(firstOf(co.get("max")), join(p, "max"), 1, capacity.MaxClass)
			if mn, mp := co.get("min"); mn != nil {
				if v, ok := c.integer(mn, mp, 1, capacity.MaxClass); ok {
					if h.MaxClass > 0 && v > h.MaxClass {
						c.errorf(resolve(mn), mp, "the smallest class (%d) is larger than the largest (%d)", v, h.MaxClass)
					}
					h.MinClass = v
				}
			}
		}
	}
	if n, p := o.get("every"); n != nil {
		if v, ok := c.weeksOf(n, p, capacity.MaxWeeks); ok {
			if v == 0 {
				c.errorf(resolve(n), p, "classes start at least a week apart")
			}
			h.Every = v
		}
	}
	if n, p := o.get("cost_per_hire"); n != nil {
		h.CostPerHire = c.money(n, p)
	}
	if n, p := o.get("training_cost"); n != nil {
		h.TrainingCost = c.money(n, p)
	}
	if n, p := o.get("planned"); n != nil {
		items, _ := c.list(n, p, maxCapacityList)
		for _, po := range c.mappings(items, p, capacityKeys["planned"], nil, "start", "people") {
			w, _ := c.week(po.get("start"))
			pn, pp := po.get("people")
			people, ok := c.integer(pn, pp, 1, capacity.MaxClass)
			if ok && h.MaxClass > 0 && people > h.MaxClass {
				c.add(resolve(pn), pp, "split it, or raise class.max", "a class of %d is larger than the limit of %d", people, h.MaxClass)
				ok = false
			}
			if ok && w > 0 {
				h.Planned = append(h.Planned, capacity.Class{Week: w, People: people})
			}
		}
	}
	return h
}

// shrinkage reads a share, or a base share with periods of their own
// share between two dates (inclusive); a week is the mean over its days.
func (c *capacityBuilder) shrinkage(n *yaml.Node, path string) []float64 {
	below1 := func(n *yaml.Node, p string) float64 {
		v, ok := c.share(n, p)
		if ok && v >= 1 {
			c.errorf(resolve(n), p, "shrinkage of 100%% leaves nobody at work")
			return 0
		}
		return v
	}
	if r := resolve(n); r.Kind != yaml.MappingNode {
		v := below1(n, path)
		if c.weeks == 0 {
			return nil
		}
		out := make([]float64, c.weeks)
		for i := range out {
			out[i] = v
		}
		return out
	}
	o, ok := c.mappingOf(n, path, capacityKeys["shrinkage"])
	if !ok {
		return nil
	}
	base := 0.0
	if bn, bp := o.get("base"); bn != nil {
		base = below1(bn, bp)
	}
	type period struct {
		from, to time.Time
		share    float64
	}
	var periods []period
	if pn, pp := o.get("periods"); pn != nil {
		items, _ := c.list(pn, pp, maxCapacityList)
		for i, po := range c.mappings(items, pp, capacityKeys["period"], nil, "from", "to", "shrinkage") {
			ip := index(pp, i)
			from, okF := c.date(po.get("from"))
			tn, tp := po.get("to")
			to, okT := c.date(tn, tp)
			share := below1(po.get("shrinkage"))
			if okF && okT && to.Before(from) {
				c.errorf(resolve(tn), tp, "the period ends before it starts")
				continue
			}
			for _, q := range periods {
				if okF && okT && !from.After(q.to) && !to.Before(q.from) {
					c.errorf(resolve(items[i]), ip, "periods overlap (%s to %s)", q.from.Format(time.DateOnly), q.to.Format(time.DateOnly))
					okF = false
					break
				}
			}
			if okF && okT {
				periods = append(periods, period{from, to, share})
			}
		}
	}
	if c.weeks == 0 {
		return nil
	}
	out := make([]float64, c.weeks)
	for w := range out {
		sum := 0.0
		for k := range 7 {
			day := c.start.AddDate(0, 0, 7*w+k)
			s := base
			for _, q := range periods {
				if !day.Before(q.from) && !day.After(q.to) {
					s = q.share
				}
			}
			sum += s
		}
		out[w] = sum / 7
	}
	return out
}

func (c *capacityBuilder) transfers(n *yaml.Node, path string) {
	items, _ := c.list(n, path, maxCapacityList)
	groups := map[string]bool{}
	for _, g := range c.out.Input.Groups {
		groups[g.Name] = true
	}
	for i, o := range c.mappings(items, path, capacityKeys["transfer"], nil, "from", "to", "on", "people") {
		ip := index(path, i)
		t := capacity.Transfer{}
		good := true
		for _, k := range []string{"from", "to"} {
			kn, kp := o.get(k)
			s, ok := c.str(kn, kp)
			if ok && !groups[s] {
				c.errorf(resolve(kn), kp, "%q is not a group of this file", s)
				ok = false
			}
			good = good && ok
			if k == "from" {
				t.From = s
			} else {
				t.To = s
			}
		}
		if good && t.From == t.To {
			c.errorf(resolve(items[i]), ip, "a transfer moves people between two different groups")
			good = false
		}
		var okW, okP bool
		t.Week, okW = c.week(o.get("on"))
		t.People, okP = c.integer(firstOf(o.get("people")), join(ip, "people"), 1, capacity.MaxClass)
		if tn, tp := o.get("training"); tn != nil {
			t.Training, _ = c.weeksOf(tn, tp, capacity.MaxWeeks)
		}
		if good && okW && okP {
			c.out.Input.Transfers = append(c.out.Input.Transfers, t)
		}
	}
}
