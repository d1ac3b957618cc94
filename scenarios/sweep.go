package scenarios

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits of a sweep file, so that a hostile file stays cheap.
const (
	maxSweepFileBytes = 1 << 20
	maxSweepAxes      = 64
	// MaxSweepValues bounds the values of one parameter, listed or made
	// by a range.
	MaxSweepValues = 10_000
)

// SweepFile is a sweep file read into plain values: the parameters to
// vary, in file order, each with its values; package sweep gives them
// their meaning and checks them against a scenario.
//
//	mode: one-at-a-time              # or factorial, the default
//	vary:
//	  volume:phone: [0.9, 1, 1.1]    # PARAMETER:TARGET: a list of values
//	  handle_delta:phone: [-15s, 15s, 30s]
//	  staff_delta:voice: {from: -4, to: 4, step: 2}
//	  shrinkage: [25%, 35%]          # no target: every group
//
// Values are numbers, percentages (25% reads 0.25) or durations (15s,
// -1m30s, read as seconds); a range {from, to, step} lists from, from +
// step, ... up to to, with a step of 1 when none is given.
type SweepFile struct {
	// Mode is "factorial", "one-at-a-time", or "" when the file does not
	// say.
	Mode string
	Vary []SweepAxis
}

// SweepAxis is one parameter of a sweep file or of --vary.
type SweepAxis struct {
	Param, Target string
	Values        []SweepValue
	// At is where the parameter was given, "file:line:col", for the
	// messages of later checks.
	At string
}

// SweepValue is one value as it was written.
type SweepValue struct {
	V        float64
	Percent  bool // written as 25%
	Duration bool // written with a unit of time
}

var sweepKeys = []string{"mode", "vary"}

// LoadSweep reads a sweep file (see SweepFile).
func LoadSweep(path string) (*SweepFile, error) {
	data, err := readFile(path, maxSweepFileBytes)
	if err != nil {
		return nil, err
	}
	return ParseSweep(path, data)
}

// ParseSweep reads a sweep file given as text; name is used in messages.
// Problems come back as an *Error listing each with its line, column and
// key path, as for scenario files.
func ParseSweep(name string, data []byte) (*SweepFile, error) {
	d, root := parseFile(name, data, maxSweepFileBytes)
	if root == nil {
		return nil, d.err()
	}
	o, ok := d.mappingOf(root, "", sweepKeys)
	if !ok || !o.require("vary") {
		return nil, d.err()
	}
	f := &SweepFile{}
	if n, p := o.get("mode"); n != nil {
		if s, ok := d.str(n, p); ok {
			if s != "factorial" && s != "one-at-a-time" {
				d.add(resolve(n), p, "write factorial or one-at-a-time", "unknown mode %q", s)
			}
			f.Mode = s
		}
	}
	vn, vp := o.get("vary")
	names, keys, vals, ok := d.entries(vn, vp, "parameters")
	if ok && len(names) == 0 {
		d.add(resolve(vn), vp, "for example volume:phone: [0.9, 1.1]", "give at least one parameter to vary")
	}
	if len(names) > maxSweepAxes {
		d.errorf(resolve(vn), vp, "%d parameters is more than the limit of %d", len(names), maxSweepAxes)
		return nil, d.err()
	}
	for i, key := range names {
		p := join(vp, key)
		param, target := splitParam(key)
		if param == "" {
			d.add(keys[i], vp, "write PARAMETER or PARAMETER:TARGET, like volume:phone", "%q names no parameter", key)
			continue
		}
		values, ok := d.sweepValues(vals[i], p)
		if !ok {
			continue
		}
		f.Vary = append(f.Vary, SweepAxis{Param: param, Target: target, Values: values,
			At: fmt.Sprintf("%s:%d:%d", name, keys[i].Line, keys[i].Column)})
	}
	if err := d.err(); err != nil {
		return nil, err
	}
	return f, nil
}

// splitParam splits "volume:phone" into the parameter and its target;
// the target of an escalation, "phone:email", keeps its colon.
func splitParam(s string) (param, target string) {
	param, target, _ = strings.Cut(s, ":")
	return strings.TrimSpace(param), strings.TrimSpace(target)
}

const sweepValueHint = "a number, a percentage like 10% or a duration like 15s"

// sweepValues reads a parameter's values: one value, a list, or a range.
func (d *decoder) sweepValues(n *yaml.Node, path string) ([]SweepValue, bool) {
	r := resolve(n)
	switch r.Kind {
	case yaml.MappingNode:
		o, ok := d.mappingOf(r, path, []string{"from", "to", "step"})
		if !ok || !o.require("from", "to") {
			return nil, false
		}
		var ends [3]SweepValue
		good := true
		for k, key := range []string{"from", "to", "step"} {
			vn, vp := o.get(key)
			if vn == nil {
				ends[k] = SweepValue{V: 1}
				continue
			}
			v, ok := d.sweepValue(vn, vp)
			ends[k], good = v, good && ok
		}
		if !good {
			return nil, false
		}
		values, err := sweepRange(ends[0], ends[1], ends[2], o.has("step"))
		if err != nil {
			d.errorf(r, path, "%v", err)
			return nil, false
		}
		return values, true
	case yaml.SequenceNode:
		items, ok := d.list(r, path, MaxSweepValues)
		if !ok {
			return nil, false
		}
		if len(items) == 0 {
			d.add(r, path, "for example [0.9, 1, 1.1]", "give at least one value")
			return nil, false
		}
		var out []SweepValue
		good := true
		for i, item := range items {
			v, ok := d.sweepValue(item, index(path, i))
			good = good && ok
			out = append(out, v)
		}
		return out, good
	}
	v, ok := d.sweepValue(r, path)
	return []SweepValue{v}, ok
}

// sweepValue reads one value: a number, or text like "10%" or "-15s".
func (d *decoder) sweepValue(n *yaml.Node, path string) (SweepValue, bool) {
	r, ok := d.scalar(n, path, sweepValueHint)
	if !ok {
		return SweepValue{}, false
	}
	if isNumber(r) {
		v, ok := d.number(r, path)
		return SweepValue{V: v}, ok
	}
	v, err := ParseSweepValue(r.Value)
	if err != nil || r.Tag != "!!str" {
		d.add(r, path, "write "+sweepValueHint, "invalid value %s", kindName(r))
		return SweepValue{}, false
	}
	return v, true
}

// ParseSweepValue reads one value of a sweep as --vary and sweep files
// write it: a number (1.1, -2), a percentage (10%, read as 0.1) or a
// signed duration (15s, -1m30s, read as seconds).
func ParseSweepValue(s string) (SweepValue, error) {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, "%") {
		v, err := parsePercent(s)
		if err != nil {
			return SweepValue{}, err
		}
		return SweepValue{V: clean(v), Percent: true}, nil
	}
	if decimalPattern.MatchString(s) {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(v, 0) {
			return SweepValue{}, fmt.Errorf("%q is too large", s)
		}
		return SweepValue{V: v}, nil
	}
	sign, rest := 1.0, s
	if r, ok := strings.CutPrefix(s, "-"); ok {
		sign, rest = -1, r
	} else if r, ok := strings.CutPrefix(s, "+"); ok {
		rest = r
	}
	v, err := ParseDuration(rest)
	if err != nil {
		return SweepValue{}, fmt.Errorf("%q is not %s", s, sweepValueHint)
	}
	return SweepValue{V: sign * v, Duration: true}, nil
}

// decimalPattern is a plain decimal number: ParseFloat's words (Inf,
// NaN), hex and underscores are not a sweep's values.
var decimalPattern = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// clean rounds v to 12 significant digits, so that a value prints as it
// was written: 110% is 1.1, not 1.1000000000000001.
func clean(v float64) float64 {
	c, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	return c
}

// sweepRange lists from, from+step, ... up to to (within a billionth of a
// step, so that 0.8 to 1.2 by 0.05 ends at 1.2). Each value is rounded
// to 12 significant digits, so that it prints as written: 0.95, not
// 0.9500000000000001.
func sweepRange(from, to, step SweepValue, stepGiven bool) ([]SweepValue, error) {
	kind := SweepValue{}
	for _, v := range []SweepValue{from, to, step} {
		kind.Percent = kind.Percent || v.Percent
		kind.Duration = kind.Duration || v.Duration
	}
	switch {
	case kind.Percent && kind.Duration:
		return nil, errors.New("a range mixes percentages and durations")
	case !stepGiven && (kind.Percent || kind.Duration):
		return nil, errors.New("give the range a step (like 5% or 15s): a step of 1 fits only plain numbers")
	case !(step.V > 0):
		return nil, fmt.Errorf("the step must be above zero, found %s", formatSweepValue(step))
	case to.V < from.V:
		return nil, fmt.Errorf("the range from %s to %s has no points: from must not be above to", formatSweepValue(from), formatSweepValue(to))
	}
	count := math.Floor((to.V-from.V)/step.V+1e-9) + 1
	if count > MaxSweepValues {
		return nil, fmt.Errorf("the range has %.0f values, more than the limit of %d", count, MaxSweepValues)
	}
	out := make([]SweepValue, int(count))
	for k := range out {
		out[k] = SweepValue{V: clean(from.V + float64(k)*step.V), Percent: kind.Percent, Duration: kind.Duration}
	}
	return out, nil
}

func formatSweepValue(v SweepValue) string {
	switch {
	case v.Percent:
		return strconv.FormatFloat(clean(v.V*100), 'g', -1, 64) + "%"
	case v.Duration:
		return strconv.FormatFloat(v.V, 'g', -1, 64) + "s"
	}
	return strconv.FormatFloat(v.V, 'g', -1, 64)
}

// ParseVary reads the value of --vary: PARAMETER[:TARGET]=VALUES, the
// values a comma-separated list (0.9,1,1.1) or a range FROM..TO[/STEP]
// (-4..4/2, 0s..60s/15s), each value as ParseSweepValue reads it.
func ParseVary(s string) (SweepAxis, error) {
	key, list, ok := strings.Cut(s, "=")
	param, target := splitParam(key)
	if !ok || param == "" {
		return SweepAxis{}, errors.New("want PARAMETER[:TARGET]=VALUES, like volume:phone=0.9,1,1.1 or staff_delta:voice=-4..4/2")
	}
	a := SweepAxis{Param: param, Target: target, At: "--vary " + strconv.Quote(s)}
	list = strings.TrimSpace(list)
	if from, rest, isRange := strings.Cut(list, ".."); isRange {
		to, step, stepGiven := strings.Cut(rest, "/")
		var ends [3]SweepValue
		ends[2] = SweepValue{V: 1}
		for k, text := range []string{from, to, step} {
			if k == 2 && !stepGiven {
				continue
			}
			v, err := ParseSweepValue(text)
			if err != nil {
				return a, err
			}
			ends[k] = v
		}
		values, err := sweepRange(ends[0], ends[1], ends[2], stepGiven)
		if err != nil {
			return a, err
		}
		a.Values = values
		return a, nil
	}
	if list == "" {
		return a, errors.New("no values after =")
	}
	parts := strings.Split(list, ",")
	if len(parts) > MaxSweepValues {
		return a, fmt.Errorf("%d values, more than the limit of %d", len(parts), MaxSweepValues)
	}
	for _, part := range parts {
		v, err := ParseSweepValue(part)
		if err != nil {
			return a, err
		}
		a.Values = append(a.Values, v)
	}
	return a, nil
}
