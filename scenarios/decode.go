package scenarios

import (
	"fmt"
	"iter"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder walks a yaml.Node tree, reading values and collecting every
// problem with its position instead of stopping at the first.
type decoder struct {
	file     string
	dir      string // directory that relative file references resolve against
	problems []Problem
	dropped  int // problems beyond maxProblems
	// warnings are values that are valid but implausible for their field;
	// they do not stop a scenario from loading.
	warnings []Problem
}

// warn records an implausible value: a handle time of 4 seconds, say,
// where 4 minutes was probably meant. hint says what was probably meant.
func (d *decoder) warn(n *yaml.Node, path, hint, format string, args ...any) {
	if len(d.warnings) >= maxProblems {
		return
	}
	p := Problem{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	d.warnings = append(d.warnings, p)
}

func (d *decoder) add(n *yaml.Node, path, hint, format string, args ...any) {
	if len(d.problems) >= maxProblems {
		d.dropped++
		return
	}
	p := Problem{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...), Hint: hint}
	if n != nil {
		p.Line, p.Column = n.Line, n.Column
	}
	d.problems = append(d.problems, p)
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	d.add(n, path, "", format, args...)
}

// didYouMean is the hint for a word that is not among candidates. Once the
// report is full no more hints are shown, so none is worked out: a hostile
// file with a million bad keys costs no edit distances.
func (d *decoder) didYouMean(word string, candidates []string) string {
	if d.full() {
		return ""
	}
	return didYouMean(word, candidates)
}

// full reports whether the report has no room for more problems.
func (d *decoder) full() bool { return len(d.problems) >= maxProblems }

// failed reports whether any problem has been recorded.
func (d *decoder) failed() bool { return len(d.problems) > 0 || d.dropped > 0 }

// err returns the problems as an *Error, or nil.
func (d *decoder) err() error {
	if !d.failed() {
		return nil
	}
	ps := append([]Problem(nil), d.problems...)
	sortProblems(ps)
	if d.dropped > 0 {
		ps = append(ps, Problem{File: d.file, Msg: fmt.Sprintf("%d more problems not shown", d.dropped)})
	}
	return &Error{Problems: ps}
}

// resolve follows aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// kindName says what a node is, for "expected X, found Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return "nothing"
		case "!!int", "!!float":
			return "the number " + n.Value
		case "!!bool":
			return n.Value
		}
		return strconv.Quote(n.Value)
	}
	return "an unexpected node"
}

// object is a YAML mapping whose keys have been checked against a known set.
type object struct {
	d    *decoder
	n    *yaml.Node
	path string
	keys []string              // known keys present, in file order
	vals map[string]*yaml.Node // key -> value
	at   map[string]*yaml.Node // key -> key node, for positions
}

// mapping reads n as a mapping whose keys must come from the key set
// named set. Unknown and duplicate keys are reported with a hint; ok is
// false when n is not a mapping at all.
func (d *decoder) mapping(n *yaml.Node, path, set string) (*object, bool) {
	return d.mappingOf(n, path, keySets[set])
}

// mappings yields, with its index, each item of a list that is a mapping
// of the keys known holding the keys required. An item that is not is
// reported and left out, and then *good, when good is not nil, is set
// false.
func (d *decoder) mappings(items []*yaml.Node, path string, known []string, good *bool, required ...string) iter.Seq2[int, *object] {
	return func(yield func(int, *object) bool) {
		for i, item := range items {
			o, ok := d.mappingOf(item, index(path, i), known)
			if !ok || !o.require(required...) {
				if good != nil {
					*good = false
				}
				continue
			}
			if !yield(i, o) {
				return
			}
		}
	}
}

func (d *decoder) mappingOf(n *yaml.Node, path string, known []string) (*object, bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping of keys, found %s", kindName(n))
		return nil, false
	}
	o := &object{d: d, n: n, path: path, vals: map[string]*yaml.Node{}, at: map[string]*yaml.Node{}}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key, ok := d.key(k, path)
		if !ok {
			continue
		}
		if !slices.Contains(known, key) {
			d.add(k, path, d.didYouMean(key, known), "unknown key %q", key)
			continue
		}
		if _, dup := o.vals[key]; dup {
			d.errorf(k, path, "key %q given twice (first on line %d)", key, o.at[key].Line)
			continue
		}
		o.keys = append(o.keys, key)
		o.vals[key], o.at[key] = v, k
	}
	return o, true
}

// entries reads n as a mapping from user-chosen names (channels, groups,
// profiles) to values, in file order.
func (d *decoder) entries(n *yaml.Node, path, what string) (names []string, keyNodes, vals []*yaml.Node, ok bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "expected a mapping of %s by name, found %s", what, kindName(n))
		return nil, nil, nil, false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name, ok := d.key(k, path)
		if !ok {
			continue
		}
		if line, dup := seen[name]; dup {
			d.errorf(k, path, "%q given twice (first on line %d)", name, line)
			continue
		}
		seen[name] = k.Line
		names, keyNodes, vals = append(names, name), append(keyNodes, k), append(vals, v)
	}
	return names, keyNodes, vals, true
}

// entriesUpTo reads n as entries does and wants 1 to most entries: the
// one rule for the lists that need at least one (groups, sites, classes)
// and are bounded.
func (d *decoder) entriesUpTo(n *yaml.Node, path, what string, most int) (names []string, keyNodes, vals []*yaml.Node, ok bool) {
	names, keyNodes, vals, ok = d.entries(n, path, what)
	if ok && (len(names) == 0 || len(names) > most) {
		d.errorf(resolve(n), path, "give 1 to %d %s, found %d", most, what, len(names))
		return nil, nil, nil, false
	}
	return names, keyNodes, vals, ok
}

// key reads a mapping key, which must be a plain string.
func (d *decoder) key(k *yaml.Node, path string) (string, bool) {
	k = resolve(k)
	if k.Kind != yaml.ScalarNode {
		d.errorf(k, path, "a key must be a plain word, found %s", kindName(k))
		return "", false
	}
	if k.Tag == "!!merge" {
		d.add(k, path, "repeat the keys, or alias a whole value with *name", "merge keys (<<) are not supported")
		return "", false
	}
	return k.Value, true
}

func (o *object) has(key string) bool { _, ok := o.vals[key]; return ok }

// get returns the value of key and its path; nil when absent.
func (o *object) get(key string) (*yaml.Node, string) {
	return o.vals[key], join(o.path, key)
}

// readOptional reads key of o into *dst with read when o has the key.
// It returns false only when the value is given and wrong, so that a
// reader can go on through every key and report every mistake
// ("good = readOptional(...) && good").
func readOptional[T any](o *object, key string, dst *T, read func(*yaml.Node, string) (T, bool)) bool {
	n, p := o.get(key)
	if n == nil {
		return true
	}
	var ok bool
	*dst, ok = read(n, p)
	return ok
}

// require reports each missing key; it returns false when any is missing.
func (o *object) require(keys ...string) bool {
	ok := true
	for _, k := range keys {
		if !o.has(k) {
			o.d.errorf(o.n, o.path, "missing key %q", k)
			ok = false
		}
	}
	return ok
}

// exclusive reports when more than one of keys is present and returns the
// one present (or "" when none is).
func (o *object) exclusive(keys ...string) string {
	var given []string
	for _, k := range keys {
		if o.has(k) {
			given = append(given, k)
		}
	}
	if len(given) > 1 {
		o.d.add(o.at[given[1]], o.path, "give only one", "%q and %q exclude each other", given[0], given[1])
	}
	if len(given) == 0 {
		return ""
	}
	return given[0]
}

// The scalar readers below report a problem and return ok == false when
// the value does not fit.

func (d *decoder) scalar(n *yaml.Node, path, want string) (*yaml.Node, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, path, "expected %s, found %s", want, kindName(n))
		return n, false
	}
	return n, true
}

func (d *decoder) str(n *yaml.Node, path string) (string, bool) {
	n, ok := d.scalar(n, path, "a string")
	if !ok {
		return "", false
	}
	if n.Tag != "!!str" {
		d.errorf(n, path, "expected a string, found %s", kindName(n))
		return "", false
	}
	return n.Value, true
}

func isNumber(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && (n.Tag == "!!int" || n.Tag == "!!float")
}

func (d *decoder) number(n *yaml.Node, path string) (float64, bool) {
	n, ok := d.scalar(n, path, "a number")
	if !ok {
		return 0, false
	}
	if !isNumber(n) {
		d.errorf(n, path, "expected a number, found %s", kindName(n))
		return 0, false
	}
	var v float64
	if err := n.Decode(&v); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, path, "expected a finite number, found %s", kindName(n))
		return 0, false
	}
	return v, true
}

// nonNegative reads a number in [0, limit].
func (d *decoder) nonNegative(n *yaml.Node, path string, limit float64) (float64, bool) {
	v, ok := d.number(n, path)
	if !ok {
		return 0, false
	}
	if v < 0 {
		d.errorf(n, path, "must not be negative, found %v", v)
		return 0, false
	}
	if v > limit {
		d.errorf(n, path, "%v is more than the limit of %v", v, limit)
		return 0, false
	}
	return v, true
}

// integer reads a whole number in [lo, hi].
func (d *decoder) integer(n *yaml.Node, path string, lo, hi int) (int, bool) {
	v, ok := d.number(n, path)
	if !ok {
		return 0, false
	}
	if v != math.Trunc(v) {
		d.errorf(n, path, "expected a whole number, found %v", v)
		return 0, false
	}
	if v < float64(lo) || v > float64(hi) {
		d.errorf(n, path, "%v is outside %d..%d", v, lo, hi)
		return 0, false
	}
	return int(v), true
}

func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	n, ok := d.scalar(n, path, "true or false")
	if !ok {
		return false, false
	}
	if n.Tag != "!!bool" {
		d.errorf(n, path, "expected true or false, found %s", kindName(n))
		return false, false
	}
	var v bool
	if err := n.Decode(&v); err != nil {
		d.errorf(n, path, "expected true or false, found %s", kindName(n))
		return false, false
	}
	return v, true
}

// maxDuration bounds every duration: longer than any horizon, and small
// enough that sums of durations stay exact in float64.
const maxDuration = 400 * 86400

const durationHint = "write seconds as a number, or 20s, 4m, 1h30m, 2d"

// duration reads seconds: a plain number, or a string like "1h30m".
func (d *decoder) duration(n *yaml.Node, path string) (float64, bool) {
	v, r, ok := d.numberOrText(n, path, "duration", durationHint, ParseDuration)
	if !ok {
		return 0, false
	}
	if v < 0 {
		d.add(r, path, durationHint, "a duration must not be negative, found %v", v)
		return 0, false
	}
	if v > maxDuration {
		d.errorf(r, path, "duration %s is longer than 400 days", r.Value)
		return 0, false
	}
	return v, true
}

// numberOrText reads a scalar that is either a plain number or a string
// that parse turns into one, like "4m" or "25%".
func (d *decoder) numberOrText(n *yaml.Node, path, what, hint string, parse func(string) (float64, error)) (float64, *yaml.Node, bool) {
	r, ok := d.scalar(n, path, article(what)+" "+what)
	if !ok {
		return 0, r, false
	}
	if isNumber(r) {
		v, ok := d.number(r, path)
		return v, r, ok
	}
	v, err := parse(r.Value)
	if err != nil || r.Tag != "!!str" {
		d.add(r, path, hint, "invalid %s %s", what, kindName(r))
		return 0, r, false
	}
	return v, r, true
}

// FormatDuration writes whole seconds the way ParseDuration reads them,
// largest unit first: 30m, 1h, 1h30m, 8h30m, 45s.
func FormatDuration(sec float64) string {
	s := int64(math.Round(sec))
	var b strings.Builder
	if h := s / 3600; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m := s % 3600 / 60; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if x := s % 60; x > 0 || b.Len() == 0 {
		fmt.Fprintf(&b, "%ds", x)
	}
	return b.String()
}

var durationPart = regexp.MustCompile(`^([0-9]+(?:\.[0-9]+)?)(d|h|m|s)`)

// ParseDuration reads a duration as scenarios write it, in seconds: a
// sequence of number-unit parts (d, h, m, s), each unit at most once and
// from larger to smaller, like "1h30m" or "2.5s". Shift files and other
// inputs that speak of durations share it.
func ParseDuration(s string) (float64, error) {
	if s == "" {
		return 0, fmt.Errorf("empty duration")
	}
	units := map[string]float64{"d": 86400, "h": 3600, "m": 60, "s": 1}
	order := "dhms"
	total, last := 0.0, -1
	for rest := s; rest != ""; {
		m := durationPart.FindStringSubmatch(rest)
		if m == nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		pos := strings.Index(order, m[2])
		if pos <= last {
			return 0, fmt.Errorf("invalid duration %q: units out of order", s)
		}
		last = pos
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			return 0, fmt.Errorf("invalid duration %q", s)
		}
		total += v * units[m[2]]
		rest = rest[len(m[0]):]
	}
	if math.IsInf(total, 0) {
		return 0, fmt.Errorf("invalid duration %q", s)
	}
	return total, nil
}

const shareHint = "write a share as 25% or 0.25"

// share reads a fraction in [0, 1] written as 0.25 or "25%".
func (d *decoder) share(n *yaml.Node, path string) (float64, bool) {
	return d.fraction(n, path, 1)
}

// fraction reads a non-negative ratio written as 0.15 or "15%", at most hi.
func (d *decoder) fraction(n *yaml.Node, path string, hi float64) (float64, bool) {
	v, r, ok := d.numberOrText(n, path, "share", shareHint, parsePercent)
	if !ok {
		return 0, false
	}
	if !(v >= 0 && v <= hi) {
		hint := shareHint
		if hi != 1 {
			hint = fmt.Sprintf("write a ratio from 0 to %g, or as a percentage", hi)
		}
		d.add(r, path, hint, "%s is outside 0%%..%g%%", r.Value, hi*100)
		return 0, false
	}
	return v, true
}

var percentPattern = regexp.MustCompile(`^-?[0-9]+(?:\.[0-9]+)?%$`)

func parsePercent(s string) (float64, error) {
	if !percentPattern.MatchString(s) {
		return 0, fmt.Errorf("invalid percentage %q", s)
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	return v / 100, err
}

const clockHint = `write a clock time as "07:30"`

var clockPattern = regexp.MustCompile(`^([0-9]{1,2}):([0-9]{2})$`)

// parseClock reads "HH:MM" from 00:00 to 24:00 as seconds after midnight.
func parseClock(s string) (int, error) {
	m := clockPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("invalid clock time %q", s)
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	if mm > 59 || h > 24 || (h == 24 && mm > 0) {
		return 0, fmt.Errorf("invalid clock time %q", s)
	}
	return h*3600 + mm*60, nil
}

// clock reads a clock time as seconds after midnight.
func (d *decoder) clock(n *yaml.Node, path string) (int, bool) {
	n, ok := d.scalar(n, path, "a clock time")
	if !ok {
		return 0, false
	}
	v, err := parseClock(n.Value)
	if err != nil || n.Tag != "!!str" {
		d.add(n, path, clockHint, "invalid clock time %s", kindName(n))
		return 0, false
	}
	return v, true
}

// list reads n as a sequence of at most limit items.
func (d *decoder) list(n *yaml.Node, path string, limit int) ([]*yaml.Node, bool) {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, path, "expected a list, found %s", kindName(n))
		return nil, false
	}
	if len(n.Content) > limit {
		d.errorf(n, path, "%d items is more than the limit of %d", len(n.Content), limit)
		return nil, false
	}
	return n.Content, true
}

var namePattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_-]{0,63}$`)

// name checks a user-chosen name of a channel, group or profile.
func (d *decoder) name(k *yaml.Node, path, name string) bool {
	if !namePattern.MatchString(name) {
		d.add(k, path, "start with a letter; use letters, digits, - and _; at most 64", "invalid name %q", name)
		return false
	}
	return true
}
