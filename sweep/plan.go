package sweep

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// Mode is how the axes of a sweep combine.
type Mode uint8

// Modes.
const (
	// Factorial runs every combination of the axes' values.
	Factorial Mode = iota
	// OneAtATime runs the base, then each axis's values with every other
	// axis at its base: the points a tornado chart reads.
	OneAtATime
)

func (m Mode) String() string {
	if m == OneAtATime {
		return "one-at-a-time"
	}
	return "factorial"
}

// ParseMode reads a mode's name.
func ParseMode(s string) (Mode, error) {
	switch s {
	case "factorial":
		return Factorial, nil
	case "one-at-a-time":
		return OneAtATime, nil
	}
	return 0, fmt.Errorf("unknown mode %q: want factorial or one-at-a-time", s)
}

// Limits on a sweep's size.
const (
	// ConfirmPoints is the largest sweep a command runs without being
	// told to go on (--yes): at the default scenario's speed, about two
	// minutes on a laptop's two cores at 20 replications a point.
	ConfirmPoints = 1000
	// MaxPoints is the largest sweep at all.
	MaxPoints = 1_000_000
	// MaxValues bounds the values of one axis.
	MaxValues = 10_000
)

// Value is one value of an axis as it was written: a number, a
// percentage (read as a fraction) or a duration (read as seconds).
type Value struct {
	V        float64
	Percent  bool // written as 10%
	Duration bool // written with a unit of time (15s, 1m)
}

// Axis is one parameter varied over a list of values.
type Axis struct {
	// Param is the parameter's name (Params lists them).
	Param string
	// Target names the channel, group or escalation ("from:to") it
	// applies to; empty means every channel or group it fits.
	Target string
	Values []Value
	// Source says where the axis was given ("what-if.yaml:4:5", "--vary
	// ..."), to start its messages.
	Source string
}

// Label is the axis as --vary names it: "volume:phone", "staff_delta".
func (a *Axis) Label() string {
	if a.Target == "" {
		return a.Param
	}
	return a.Param + ":" + a.Target
}

// CheckedAxis is an axis of a plan: its values in the parameter's unit
// and the base value that leaves the scenario as it is.
type CheckedAxis struct {
	Param  string
	Target string
	Unit   Unit
	Values []float64
	// Base is the value that changes nothing: 1 for a factor, 0 for a
	// delta, the scenario's value for a set parameter; NaN when the
	// targets' values differ (shrinkage of all groups, say).
	Base float64
	// Set tells a set parameter (the value replaces the scenario's).
	Set     bool
	param   *param
	targets []int
}

// Label is the axis as --vary names it.
func (a *CheckedAxis) Label() string {
	if a.Target == "" {
		return a.Param
	}
	return a.Param + ":" + a.Target
}

// Plan is a checked sweep: the base model, the mode and the axes.
type Plan struct {
	Base *sim.Model
	Mode Mode
	Axes []CheckedAxis
	n    int
}

// New checks axes against the base model: a known parameter with a
// target it applies to, values of its kind and range, at least one value,
// at most MaxPoints points, and no two axes on the same parameter and
// target. It does not build the points' models: Check does.
func New(base *sim.Model, mode Mode, axes []Axis) (*Plan, error) {
	if len(axes) == 0 {
		return nil, errors.New("nothing to vary: give a sweep file or --vary")
	}
	p := &Plan{Base: base, Mode: mode}
	seen := map[string]string{}
	for _, a := range axes {
		ca, err := check(base, a)
		if err != nil {
			return nil, prefix(a.Source, err)
		}
		key := a.Param + "\x00" + a.Target
		if first, dup := seen[key]; dup {
			return nil, prefix(a.Source, fmt.Errorf("%s is varied twice (first at %s): give all its values in one list", a.Label(), first))
		}
		seen[key] = a.Source
		p.Axes = append(p.Axes, ca)
	}
	n, err := p.count()
	if err != nil {
		return nil, err
	}
	p.n = n
	return p, nil
}

func prefix(source string, err error) error {
	if source == "" {
		return err
	}
	return fmt.Errorf("%s: %w", source, err)
}

// check turns an axis into a checked one.
func check(m *sim.Model, a Axis) (CheckedAxis, error) {
	par, ok := paramByName(a.Param)
	if !ok {
		return CheckedAxis{}, fmt.Errorf("unknown parameter %q: want one of %s", a.Param, paramNames())
	}
	ca := CheckedAxis{Param: a.Param, Target: a.Target, Unit: par.unit, Set: par.set, param: par}
	targets, err := resolve(m, par, a.Target)
	if err != nil {
		return ca, fmt.Errorf("%s: %w", a.Label(), err)
	}
	ca.targets = targets
	switch {
	case len(a.Values) == 0:
		return ca, fmt.Errorf("%s: no values to vary it over", a.Label())
	case len(a.Values) > MaxValues:
		return ca, fmt.Errorf("%s: %d values, more than the limit of %d", a.Label(), len(a.Values), MaxValues)
	}
	for _, v := range a.Values {
		if err := kindFits(par.unit, v); err != nil {
			return ca, fmt.Errorf("%s: %w", a.Label(), err)
		}
		if math.IsNaN(v.V) || math.IsInf(v.V, 0) {
			return ca, fmt.Errorf("%s: value %v is not a finite number", a.Label(), v.V)
		}
		if par.check != nil {
			if err := par.check(v.V); err != nil {
				return ca, fmt.Errorf("%s: value %s: %w", a.Label(), formatValue(par.unit, v.V), err)
			}
		}
		if slices.Contains(ca.Values, v.V) {
			return ca, fmt.Errorf("%s: value %s is given twice", a.Label(), formatValue(par.unit, v.V))
		}
		ca.Values = append(ca.Values, v.V)
	}
	ca.Base = baseOf(m, par, targets)
	return ca, nil
}

// kindFits refuses a value written in a form the unit does not take: a
// duration for a share, a percentage for a duration.
func kindFits(u Unit, v Value) error {
	switch {
	case v.Duration && u != Seconds:
		return fmt.Errorf("its values are %s, not durations", unitExample[u])
	case v.Percent && u != Share && u != Factor:
		return fmt.Errorf("its values are %s, not percentages", unitExample[u])
	}
	return nil
}

var unitExample = [...]string{Factor: "factors like 0.9 or 110%", Seconds: "durations like 15s or -30s", Share: "shares like 25% or 0.25",
	Agents: "whole agents like -5 or 2", Count: "whole numbers like 2", Money: "amounts like 48.5"}

// resolve returns the indices of the targets a parameter applies to.
func resolve(m *sim.Model, par *param, target string) ([]int, error) {
	var names []string
	var fits func(i int) error
	switch par.scope {
	case channels:
		for _, c := range m.Channels {
			names = append(names, c.Name)
		}
	case groups:
		for _, g := range m.Groups {
			names = append(names, g.Name)
		}
	case escalations, repeats:
		return resolveFlow(m, par, target)
	}
	fits = func(i int) error {
		if par.fits == nil {
			return nil
		}
		return par.fits(m, i)
	}
	what := targetWords[par.scope]
	if target == "" {
		var out []int
		for i := range names {
			if fits(i) == nil {
				out = append(out, i)
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("no %s of the scenario has it", what)
		}
		return out, nil
	}
	i := slices.Index(names, target)
	if i < 0 {
		return nil, fmt.Errorf("unknown %s %q (the scenario has %s)", what, target, strings.Join(names, ", "))
	}
	if err := fits(i); err != nil {
		return nil, fmt.Errorf("%s %q: %w", what, target, err)
	}
	return []int{i}, nil
}

// resolveFlow finds the flows of an escalation ("from:to") or repeat
// ("channel") target; empty means every flow of the kind.
func resolveFlow(m *sim.Model, par *param, target string) ([]int, error) {
	kind := sim.Escalation
	if par.scope == repeats {
		kind = sim.Repeat
	}
	var out, all []int
	var names []string
	for i, f := range m.Flows {
		if f.Kind != kind {
			continue
		}
		name := m.Channels[f.From].Name
		if kind == sim.Escalation {
			name += ":" + m.Channels[f.To].Name
		}
		all = append(all, i)
		names = append(names, name)
		if name == target {
			out = append(out, i)
		}
	}
	switch {
	case len(all) == 0:
		return nil, fmt.Errorf("the scenario has no %s flows", kind)
	case target == "":
		return all, nil
	case len(out) == 0:
		hint := ""
		if kind == sim.Escalation && !strings.Contains(target, ":") {
			hint = ": name an escalation from:to"
		}
		return nil, fmt.Errorf("no %s flow %q (the scenario has %s)%s", kind, target, strings.Join(names, ", "), hint)
	}
	return out, nil
}

// baseOf is the value of a parameter that changes nothing.
func baseOf(m *sim.Model, par *param, targets []int) float64 {
	switch {
	case par.set:
		v := par.get(m, targets[0])
		for _, t := range targets[1:] {
			if par.get(m, t) != v {
				return math.NaN()
			}
		}
		return v
	case par.unit == Factor:
		return 1
	}
	return 0
}

// count is the number of points, or an error past MaxPoints.
func (p *Plan) count() (int, error) {
	if p.Mode == OneAtATime {
		n := 1
		for _, a := range p.Axes {
			for _, v := range a.Values {
				if v != a.Base {
					n++
				}
			}
		}
		return n, nil
	}
	n := 1
	for _, a := range p.Axes {
		if n > MaxPoints/len(a.Values) {
			return 0, fmt.Errorf("the grid has more than %d points: vary fewer parameters or fewer values", MaxPoints)
		}
		n *= len(a.Values)
	}
	return n, nil
}

// Len is the number of points.
func (p *Plan) Len() int { return p.n }

// Point is one combination of the axes' values.
type Point struct {
	// Values holds each axis's value; NaN for an axis left as the
	// scenario has it (a set parameter whose targets differ, at its base).
	Values []float64
	// Varied is the axis this point varies in a one-at-a-time sweep, -1
	// for the base point and for every point of a factorial sweep.
	Varied int
}

// Point returns point i, 0 <= i < Len. In a factorial sweep the last
// axis varies fastest; in a one-at-a-time sweep point 0 is the base and
// then each axis's values follow in order, its base value left out.
func (p *Plan) Point(i int) Point {
	pt := Point{Values: make([]float64, len(p.Axes)), Varied: -1}
	if p.Mode == OneAtATime {
		for a := range p.Axes {
			pt.Values[a] = p.Axes[a].Base
		}
		if i == 0 {
			return pt
		}
		k := i - 1
		for a, ax := range p.Axes {
			for _, v := range ax.Values {
				if v == ax.Base {
					continue
				}
				if k == 0 {
					pt.Values[a], pt.Varied = v, a
					return pt
				}
				k--
			}
		}
		return pt
	}
	for a := len(p.Axes) - 1; a >= 0; a-- {
		vals := p.Axes[a].Values
		pt.Values[a] = vals[i%len(vals)]
		i /= len(vals)
	}
	return pt
}

// Model returns a copy of the base model with the point's values
// applied; an error says which value cannot apply.
func (p *Plan) Model(pt Point) (*sim.Model, error) {
	m := p.Base.Clone()
	for a, ax := range p.Axes {
		v := pt.Values[a]
		if math.IsNaN(v) {
			continue
		}
		for _, t := range ax.targets {
			if err := ax.param.apply(m, t, v); err != nil {
				return nil, fmt.Errorf("%s = %s: %w", ax.Label(), formatValue(ax.Unit, v), err)
			}
		}
	}
	return m, nil
}

// Check builds and validates the model of every point in [from, to), so
// that a value that cannot apply (a handle time made negative, escalation
// shares over 100%) is found before anything is simulated.
func (p *Plan) Check(from, to int) error {
	for i := from; i < to; i++ {
		pt := p.Point(i)
		m, err := p.Model(pt)
		if err == nil {
			err = m.Validate()
		}
		if err != nil {
			return fmt.Errorf("point %d (%s): %w", i+1, p.Describe(pt), err)
		}
	}
	return nil
}

// Describe names a point's values: "volume:phone=1.1, staff_delta:voice=-2".
func (p *Plan) Describe(pt Point) string {
	parts := make([]string, len(p.Axes))
	for a, ax := range p.Axes {
		v := "as given"
		if !math.IsNaN(pt.Values[a]) {
			v = formatValue(ax.Unit, pt.Values[a])
		}
		parts[a] = ax.Label() + "=" + v
	}
	return strings.Join(parts, ", ")
}

// formatValue writes a value as it would be given: 1.1, 25%, 15s.
func formatValue(u Unit, v float64) string {
	switch u {
	case Share:
		return fmt.Sprintf("%g%%", math.Round(v*1e8)/1e6)
	case Seconds:
		return fmt.Sprintf("%gs", v)
	}
	return fmt.Sprintf("%g", v)
}
