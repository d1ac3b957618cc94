package scenarios

import (
	"fmt"
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
)

// shiftKeys are the keys each mapping of a shift file accepts.
var shiftKeys = map[string][]string{
	"file":     {"templates"},
	"template": {"name", "length", "starts", "breaks", "groups"},
	"range":    {"from", "to", "every"},
	"break":    {"after", "length"},
}

// LoadShifts reads a file of shift templates (see ParseShifts).
func LoadShifts(path string) ([]sim.ShiftTemplate, error) {
	return LoadShiftsFor(path, nil)
}

// LoadShiftsFor reads a file of shift templates for a plan of the groups
// named (those whose staffing is planned): a template's group must be
// one of them, and no group may have more than sim.MaxShiftStarts shift
// starts to choose from, each a problem at its line. nil groups checks
// neither.
func LoadShiftsFor(path string, groups []string) ([]sim.ShiftTemplate, error) {
	data, err := readFile(path, maxShiftFileBytes)
	if err != nil {
		return nil, err
	}
	return parseShifts(path, data, groups)
}

// ParseShifts reads the shift templates a plan may cover its staffing
// with; name is the file name used in messages. Problems come back as an
// *Error listing each with its line, column and key path, as for scenario
// files:
//
//	templates:
//	  - name: early
//	    length: 8h30m                       # breaks included, at most 24h
//	    starts: ["06:00", "07:00"]          # or {from: "06:00", to: "09:00", every: 30m}
//	    breaks: [{after: 4h, length: 30m}]  # optional, from the shift's start
//	    groups: [voice]                     # optional; default: every group
//
// Durations are seconds or text like 8h30m, 45m, 90s; clock times are
// "HH:MM", and starts are whole minutes (as scenario files write them).
func ParseShifts(name string, data []byte) ([]sim.ShiftTemplate, error) {
	return parseShifts(name, data, nil)
}

func parseShifts(name string, data []byte, groups []string) ([]sim.ShiftTemplate, error) {
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
	var out []sim.ShiftTemplate
	seen := map[string]int{}
	for i, item := range items {
		t, ok := d.template(item, index(tp, i))
		if !ok {
			continue
		}
		if line, dup := seen[t.Name]; dup {
			d.errorf(resolve(item), index(tp, i), "template %q is defined twice (first on line %d)", t.Name, line)
			continue
		}
		seen[t.Name] = resolve(item).Line
		if groups != nil {
			d.templateGroups(item, index(tp, i), groups)
		}
		out = append(out, t)
	}
	if groups != nil && d.err() == nil {
		// Each group chooses among the starts of the templates it may
		// work; the planner's linear program takes at most
		// sim.MaxShiftStarts of them.
		for _, g := range groups {
			n := 0
			for _, t := range out {
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

func (d *decoder) template(n *yaml.Node, path string) (sim.ShiftTemplate, bool) {
	var t sim.ShiftTemplate
	o, ok := d.mappingOf(n, path, shiftKeys["template"])
	if !ok || !o.require("name", "length", "starts") {
		return t, false
	}
	good := true
	nn, np := o.get("name")
	if t.Name, ok = d.str(nn, np); ok && t.Name == "" {
		d.errorf(resolve(nn), np, "empty name")
		ok = false
	}
	good = good && ok
	ln, lp := o.get("length")
	if t.Length, ok = d.duration(ln, lp); ok && !(t.Length > 0 && t.Length <= 86400) {
		d.errorf(resolve(ln), lp, "a shift lasts more than zero and at most 24h")
		ok = false
	}
	good = good && ok
	sn, sp := o.get("starts")
	t.Starts, ok = d.starts(sn, sp)
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

// templateBreaks reads breaks as offsets from the start of a shift of
// the given length: in order, without overlap, within the shift.
func (d *decoder) templateBreaks(n *yaml.Node, path string, length float64) ([]sim.Break, bool) {
	items, ok := d.list(n, path, maxBreaks)
	if !ok {
		return nil, false
	}
	var out []sim.Break
	good, end := true, 0.0
	for i, item := range items {
		p := index(path, i)
		o, ok := d.mappingOf(item, p, shiftKeys["break"])
		if !ok || !o.require("after", "length") {
			good = false
			continue
		}
		an, ap := o.get("after")
		after, okA := d.duration(an, ap)
		ln, lp := o.get("length")
		l, okL := d.duration(ln, lp)
		if okL && !(l > 0) {
			d.errorf(resolve(ln), lp, "a break lasts more than zero")
			okL = false
		}
		if !okA || !okL {
			good = false
			continue
		}
		switch {
		case after < end:
			d.add(resolve(an), ap, "list breaks in order", "the break starts before the one before it ends")
			good = false
		case length > 0 && after+l > length:
			d.errorf(resolve(an), ap, "the break ends after the shift")
			good = false
		}
		end = after + l
		out = append(out, sim.Break{After: after, Length: l})
	}
	if good && length > 0 {
		if !((sim.Shift{Length: length, Breaks: out}).OnDuty() > 0) {
			d.errorf(resolve(n), path, "the breaks take the whole shift")
			good = false
		}
	}
	return out, good
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
		fn, fp := o.get("from")
		from, okF := d.clock(fn, fp)
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
