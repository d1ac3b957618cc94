package scenarios

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/ccsim/ccsim/sim"
)

//go:embed default.yaml
var defaultYAML []byte

//go:embed starter.yaml
var starterYAML []byte

//go:embed schema.json
var schemaJSON []byte

// DefaultYAML returns the text of the built-in default scenario.
func DefaultYAML() []byte { return bytes.Clone(defaultYAML) }

// StarterYAML returns a small commented scenario to start a new file from.
func StarterYAML() []byte { return bytes.Clone(starterYAML) }

// SchemaJSON returns the JSON Schema of the scenario format, for editors.
func SchemaJSON() []byte { return bytes.Clone(schemaJSON) }

// Default returns the built-in default scenario, a one-day multi-channel
// center. It panics only if the embedded file is broken, which a test
// rules out.
func Default() *Scenario {
	s, err := Parse("default.yaml", defaultYAML)
	if err != nil {
		panic("scenarios: embedded default.yaml: " + err.Error())
	}
	return s
}

// Load reads and checks a scenario file. Problems in the file come back
// as an *Error listing each with its line, column and key path.
func Load(path string) (*Scenario, error) {
	data, err := readFile(path, maxFileBytes)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// readFile reads a file that Load or LoadShifts is given: one larger than
// limit is a problem of the file, as its contents' problems are (an
// *Error), and one that cannot be read an error of its own.
func readFile(path string, limit int64) ([]byte, error) {
	data, err := readLimited(path, limit)
	var tooBig *tooBigError
	if errors.As(err, &tooBig) {
		return nil, &Error{Problems: []Problem{{File: path, Msg: tooBig.Error()}}}
	}
	if err != nil {
		// The path once, and why: "cannot read x.yaml: no such file or
		// directory", not the package and the operation.
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	return data, nil
}

type tooBigError struct{ limit int64 }

func (e *tooBigError) Error() string {
	return fmt.Sprintf("file is larger than the limit of %d MiB", e.limit>>20)
}

// readLimited reads a regular file of at most limit bytes.
func readLimited(path string, limit int64) ([]byte, error) {
	// Look before opening: opening a FIFO that nobody writes blocks.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &tooBigError{limit}
	}
	return data, nil
}

// Parse checks a scenario given as text. name is used in messages, and
// files the scenario refers to resolve against its directory.
func Parse(name string, data []byte) (*Scenario, error) {
	d, root := parseFile(name, data, maxFileBytes)
	if root == nil {
		return nil, d.err()
	}
	d.thousands(root)
	b := &builder{decoder: d}
	s := b.scenario(root)
	if err := d.err(); err != nil {
		return nil, err
	}
	s.File = name
	s.Warnings = slices.Clone(d.warnings)
	sortProblems(s.Warnings)
	// The checks above report every user error with its position; this
	// guards against a model that they let through by mistake.
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", name, err)
	}
	return s, nil
}

var (
	yamlErrLine     = regexp.MustCompile(`^yaml: line ([0-9]+): (.*)$`)
	currencyPattern = regexp.MustCompile(`^[A-Z]{3}$`)
)

// parseFile starts to read a file called name, which Parse or ParseShifts
// is given: a decoder that collects its problems, and its YAML document,
// or nil when the file is larger than limit bytes or no YAML (a problem
// then says which).
func parseFile(name string, data []byte, limit int) (*decoder, *yaml.Node) {
	d := &decoder{file: name, dir: filepath.Dir(name)}
	if len(data) > limit {
		d.errorf(nil, "", "file is larger than the limit of %d MiB", limit>>20)
		return d, nil
	}
	return d, d.parseYAML(data)
}

// parseYAML parses one YAML document and checks it against the size
// limits before anything walks it: nesting depth, and the number of nodes
// counted through aliases, which defuses alias-expansion bombs.
func (d *decoder) parseYAML(data []byte) (root *yaml.Node) {
	defer func() {
		// The YAML library is not ours; a panic in it must not become ours.
		if r := recover(); r != nil {
			d.errorf(nil, "", "unreadable YAML: %v", r)
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errorf(nil, "", "the file is empty")
			return nil
		}
		d.yamlError(data, err)
		return nil
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		if err != nil {
			d.yamlError(data, err)
		} else {
			d.add(&extra, "", "keep one scenario per file", "a second YAML document")
		}
		return nil
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		d.errorf(nil, "", "the file is empty")
		return nil
	}
	budget := maxNodes
	if !d.checkSize(doc.Content[0], 0, &budget) {
		return nil
	}
	return doc.Content[0]
}

// yamlParserErrors start the messages of the YAML library's parser (as
// opposed to its scanner); the library numbers their lines from 0, so they
// need one added. Both name the line where the broken construct starts.
var yamlParserErrors = []string{"did not find expected", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"}

// lineOf returns data from the start of the 1-based line n.
func lineOf(data []byte, n int) []byte {
	for ; n > 1; n-- {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil
		}
		data = data[i+1:]
	}
	return data
}

var yamlUnknownAnchor = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced$`)

func (d *decoder) yamlError(data []byte, err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		for _, prefix := range yamlParserErrors {
			if strings.HasPrefix(m[2], prefix) {
				line++
				break
			}
		}
		msg = m[2]
	} else if !yamlUnknownAnchor.MatchString(err.Error()) {
		// The library leaves out the line when it is the first (its
		// count starts at 0, and 0 is not printed).
		line = 1
	}
	if line > 0 {
		p := Problem{File: d.file, Line: line, Column: 1, Msg: "invalid YAML: " + msg}
		// A tab is the usual culprit: point at it, and say what YAML wants.
		text, _, _ := bytes.Cut(lineOf(data, line), []byte("\n"))
		if i := bytes.IndexByte(text, '\t'); i >= 0 && (strings.Contains(msg, "tab") || strings.Contains(msg, "cannot start any token")) {
			p.Column = i + 1
			p.Hint = "indent with spaces: YAML does not allow tabs"
		}
		d.problems = append(d.problems, p)
		return
	}
	if m := yamlUnknownAnchor.FindStringSubmatch(err.Error()); m != nil {
		// The library does not say where; the first use of the alias does.
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line := bytes.Count(data[:i], []byte("\n")) + 1
			col := i - bytes.LastIndexByte(data[:i], '\n')
			d.problems = append(d.problems, Problem{File: d.file, Line: line, Column: col,
				Msg: fmt.Sprintf("alias *%s names no anchor", m[1]), Hint: "define &" + m[1] + " before using it"})
			return
		}
	}
	d.errorf(nil, "", "invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
}

// checkSize walks the tree through aliases and fails once the depth or the
// node count passes its limit.
func (d *decoder) checkSize(n *yaml.Node, depth int, budget *int) bool {
	if n == nil {
		return true
	}
	*budget--
	if *budget < 0 {
		d.add(n, "", "aliases that expand to huge trees are refused", "the document has more than %d nodes", maxNodes)
		return false
	}
	if depth > maxDepth {
		d.errorf(n, "", "nesting deeper than %d levels", maxDepth)
		return false
	}
	if n.Kind == yaml.AliasNode {
		return d.checkSize(n.Alias, depth+1, budget)
	}
	for _, c := range n.Content {
		if !d.checkSize(c, depth+1, budget) {
			return false
		}
	}
	return true
}

// builder turns the checked YAML of a scenario into a Scenario.
type builder struct {
	*decoder
	s *Scenario

	// The horizon, once read: sized values are checked only when it is
	// known (sized is true), so one mistake does not cascade.
	sized     bool
	perDay    int     // intervals per day
	step      float64 // interval length in seconds
	intervals int

	profiles     map[string]*sim.Profile
	channelIndex map[string]int
	channelNames []string
	// flowShares are the share nodes of the flows read, in the order of
	// Model.Flows, for problems about flows as a whole.
	flowShares []*yaml.Node
	// shareAt is where each site's share of each channel was written.
	shareAt map[[2]int]shareRef
}

func (b *builder) scenario(root *yaml.Node) *Scenario {
	s := &Scenario{Model: sim.Model{Currency: "USD", Seed: 1, Replications: 10, StartWeekday: int(time.Monday)}}
	b.s = s
	o, ok := b.mapping(root, "", "scenario")
	if !ok {
		return s
	}
	if n, p := o.get("name"); n != nil {
		s.Name, _ = b.str(n, p)
	} else {
		s.Name = strings.TrimSuffix(filepath.Base(b.file), filepath.Ext(b.file))
	}
	if n, p := o.get("description"); n != nil {
		s.Description, _ = b.str(n, p)
	}
	if n, p := o.get("currency"); n != nil {
		if c, ok := b.str(n, p); ok {
			if !currencyPattern.MatchString(c) {
				b.add(n, p, "an ISO 4217 code such as USD or EUR", "invalid currency %q", c)
			}
			s.Currency = c
		}
	}
	if n, p := o.get("seed"); n != nil {
		// Read as an integer, not through a float64, which holds whole
		// numbers exactly only up to 2^53: 9007199254740993 would become
		// ...992. The seed takes every value --seed takes.
		if r := resolve(n); r.Kind == yaml.ScalarNode && r.Tag == "!!int" {
			var v uint64
			if err := r.Decode(&v); err == nil {
				s.Seed = v
			} else {
				b.errorf(n, p, "seed must be a whole number from 0 to 2^64-1 (18446744073709551615), found %s", r.Value)
			}
		} else if _, ok := b.number(n, p); ok {
			b.errorf(n, p, "seed must be a whole number from 0 to 2^64-1 (18446744073709551615), found %s", r.Value)
		}
	}
	if n, p := o.get("replications"); n != nil {
		s.Replications, _ = b.integer(n, p, 1, maxReplications)
	}
	b.horizon(o)
	if n, p := o.get("costs"); n != nil {
		if c, ok := b.mapping(n, p, "costs"); ok {
			if n, p := c.get("per_handled_minute"); n != nil {
				s.CostPerHandledMinute, _ = b.nonNegative(n, p, maxCost)
			}
		}
	}
	b.readProfiles(o)
	b.channels(o)
	b.sites(o)
	b.groups(o)
	b.checkSites(o)
	b.flows(o)
	b.followOnLoop(o)
	return s
}

// followOnLoop refuses follow-ons that contacts go round for ever: a
// repeat of 100%, escalations a→b→a of 100%, or such a loop through
// redials and switches. Each arrival would lead to unboundedly many
// contacts, and the run would never end.
func (b *builder) followOnLoop(o *object) {
	if len(b.problems) > 0 || len(b.s.Channels) == 0 {
		return // the model is not whole
	}
	_, loop := b.s.Model.FollowOns()
	if loop == nil {
		return
	}
	in := map[int]bool{}
	names := make([]string, len(loop))
	for i, c := range loop {
		in[c] = true
		names[i] = b.channelNames[c]
	}
	at, path := o.get("flows")
	for i, f := range b.s.Flows {
		if in[f.From] && in[f.To] {
			at, path = b.flowShares[i], index(path, i)+".share"
			break
		}
	}
	if at == nil {
		at, path = o.get("channels")
	}
	b.add(at, path, "lower a share in the loop below 100%",
		"the follow-ons of %s form a loop that contacts go round for ever: each arrival would lead to unboundedly many contacts (through escalations, repeats, redials and switches)",
		strings.Join(names, ", "))
}

func (b *builder) horizon(o *object) {
	s := b.s
	interval := 30 * 60.0
	okInterval := true
	if n, p := o.get("interval"); n != nil {
		v, ok := b.duration(n, p)
		switch {
		case !ok:
			okInterval = false
		case v < 60 || v != float64(int(v/60))*60 || 86400%int(v) != 0:
			hint := "use whole minutes that divide a day: 15m, 30m or 1h"
			if _, err := strconv.ParseFloat(resolve(n).Value, 64); err == nil {
				// A bare number is seconds; "interval: 15" most likely
				// meant minutes.
				hint = fmt.Sprintf("a number without a unit is seconds; for %s minutes write %sm", resolve(n).Value, resolve(n).Value)
			}
			b.add(n, p, hint, "interval %s does not divide a day into whole-minute intervals", resolve(n).Value)
			okInterval = false
		default:
			interval = v
		}
	}
	b.step = interval
	b.perDay = int(86400 / interval)
	s.IntervalSeconds = interval
	days, intervals := 1, 0
	okHorizon := true
	if n, p := o.get("horizon"); n != nil {
		h, ok := b.mapping(n, p, "horizon")
		if !ok {
			okHorizon = false
		} else {
			h.exclusive("days", "intervals")
			if n, p := h.get("days"); n != nil {
				days, ok = b.integer(n, p, 1, maxDays)
				okHorizon = okHorizon && ok
			}
			if n, p := h.get("intervals"); n != nil {
				intervals, ok = b.integer(n, p, 1, maxIntervals)
				okHorizon = okHorizon && ok
			}
			if n, p := h.get("start"); n != nil {
				if name, ok := b.str(n, p); ok {
					if wd, ok := parseWeekday(name); ok {
						s.StartWeekday = int(wd)
					} else {
						b.add(n, p, b.didYouMean(name, weekdayWords()), "unknown weekday %q", name)
					}
				}
			}
		}
	}
	if intervals == 0 {
		intervals = days * b.perDay
	}
	if okInterval && okHorizon && intervals > maxIntervals {
		n, p := o.get("horizon")
		b.add(n, p, "use fewer days or longer intervals", "%d intervals is more than the limit of %d", intervals, maxIntervals)
		okHorizon = false
	}
	b.intervals = intervals
	s.Intervals = intervals
	b.sized = okInterval && okHorizon
}

// fits reports whether series, each one value per interval (arrival rates,
// staffing), keep the model within maxModelValues.
func (b *builder) fits(n *yaml.Node, path string, series int) bool {
	if !b.sized || series*b.intervals <= maxModelValues {
		return true
	}
	b.add(resolve(n), path, "use fewer channels and groups, fewer days or longer intervals",
		"%d channels and groups over %d intervals make a model larger than the limit of %d values", series, b.intervals, maxModelValues)
	return false
}

// weekdayWords are the accepted names of weekdays, Sunday first.
func weekdayWords() []string {
	var out []string
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		out = append(out, weekdayName(wd), weekdayName(wd)[:3])
	}
	return out
}

func parseWeekday(s string) (time.Weekday, bool) {
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		if s == weekdayName(wd) || s == weekdayName(wd)[:3] {
			return wd, true
		}
	}
	return 0, false
}

// days is the number of calendar days the horizon touches.
func (b *builder) days() int { return b.s.Days() }

// weekday is the weekday of day d (0-based) of the horizon.
func (b *builder) weekday(d int) time.Weekday {
	return (time.Weekday(b.s.StartWeekday) + time.Weekday(d%7)) % 7
}

// readProfiles reads the custom profiles: clock time -> relative rate.
func (b *builder) readProfiles(o *object) {
	b.profiles = map[string]*sim.Profile{}
	for name, p := range builtinProfiles {
		b.profiles[name] = p
	}
	n, path := o.get("profiles")
	if n == nil {
		return
	}
	names, keys, vals, ok := b.entries(n, path, "profiles")
	if !ok {
		return
	}
	if len(names) > maxProfiles {
		b.errorf(n, path, "%d profiles is more than the limit of %d", len(names), maxProfiles)
		return
	}
	for i, name := range names {
		p := join(path, name)
		if !b.name(keys[i], path, name) {
			continue
		}
		if _, builtin := builtinProfiles[name]; builtin {
			b.add(keys[i], path, "choose another name", "profile %q is built in", name)
			continue
		}
		times, tkeys, tvals, ok := b.entries(vals[i], p, "relative rates by clock time")
		if !ok {
			continue
		}
		if len(times) < 2 || len(times) > maxPoints {
			b.add(resolve(vals[i]), p, `for example {"07:00": 1, "11:00": 4, "19:00": 1}`, "a profile needs 2 to %d clock times, found %d", maxPoints, len(times))
			continue
		}
		var points []sim.ProfilePoint
		good := true
		for j, t := range times {
			at, err := parseClock(t)
			if err != nil {
				b.add(tkeys[j], p, clockHint, "invalid clock time %q", t)
				good = false
				continue
			}
			if len(points) > 0 && float64(at) <= points[len(points)-1].At {
				b.add(tkeys[j], p, "list clock times in order", "%s does not come after the time before it", t)
				good = false
				continue
			}
			rate, ok := b.nonNegative(tvals[j], join(p, t), 1e12)
			good = good && ok
			points = append(points, sim.ProfilePoint{At: float64(at), Rate: rate})
		}
		if !good {
			continue
		}
		// Points at increasing clock times enclose some area exactly when
		// one of them has a positive rate.
		if !slices.ContainsFunc(points, func(p sim.ProfilePoint) bool { return p.Rate > 0 }) {
			b.add(resolve(vals[i]), p, "give some clock time a positive rate", "profile %q is zero all day", name)
			continue
		}
		b.profiles[name] = &sim.Profile{Name: name, Points: points}
	}
}

func (b *builder) flows(o *object) {
	n, path := o.get("flows")
	if n == nil {
		return
	}
	items, ok := b.list(n, path, maxFlows)
	if !ok {
		return
	}
	out := map[int]float64{}
	for _, f := range b.mappings(items, path, keySets["flow"], nil, "kind", "from", "share") {
		flow := sim.Flow{Delay: sim.Const(0)}
		good := true
		kn, kp := f.get("kind")
		if kind, ok := b.str(kn, kp); ok {
			switch kind {
			case "escalation":
				flow.Kind = sim.Escalation
				if !f.require("to") {
					good = false
				}
			case "repeat":
				flow.Kind = sim.Repeat
			default:
				b.add(kn, kp, b.didYouMean(kind, []string{"escalation", "repeat"}), "unknown flow kind %q", kind)
				good = false
			}
		} else {
			good = false
		}
		from, okFrom := b.channelRef(f.get("from"))
		flow.From = from
		flow.To = from
		if tn, tp := f.get("to"); tn != nil {
			to, ok := b.channelRef(tn, tp)
			if ok && okFrom && flow.Kind == sim.Escalation && to == from {
				b.add(tn, tp, "a contact that comes back to its own channel is a repeat", "an escalation must go to another channel")
				ok = false
			}
			flow.To, good = to, good && ok
		}
		sn, sp := f.get("share")
		share, okShare := b.share(sn, sp)
		flow.Share = share
		if dn, dp := f.get("delay"); dn != nil {
			d, ok := b.dist(dn, dp, distOpts{})
			flow.Delay, good = d, good && ok
		}
		if !good || !okFrom || !okShare {
			continue
		}
		out[from] += share
		if out[from] > 1+1e-9 {
			b.add(sn, sp, "a contact ends in one way only: resolved, escalated or repeated", "flows leaving %q add up to %.4g%%, more than 100%%", b.channelNames[from], out[from]*100)
			continue
		}
		b.s.Flows = append(b.s.Flows, flow)
		b.flowShares = append(b.flowShares, sn)
	}
}

// channelRef reads the name of a channel and returns its index.
func (b *builder) channelRef(n *yaml.Node, path string) (int, bool) {
	name, ok := b.str(n, path)
	if !ok {
		return 0, false
	}
	i, ok := b.channelIndex[name]
	if !ok {
		b.add(n, path, b.didYouMean(name, b.channelNames), "unknown channel %q", name)
		return 0, false
	}
	return i, true
}
