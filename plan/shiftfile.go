package plan

import (
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/scenarios"
	"gopkg.in/yaml.v3"
)

// Limits of a shift file, so that a hostile file stays cheap.
const (
	maxShiftFileBytes = 1 << 20
	maxTemplates      = 100
	maxStarts         = 1440
	maxBreaks         = 20
	maxTemplateGroups = 100
)

// LoadShifts reads a shift-template file (see ParseShifts).
func LoadShifts(path string) (*ShiftOptions, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("plan: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxShiftFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("plan: %s: %w", path, err)
	}
	if len(data) > maxShiftFileBytes {
		return nil, fmt.Errorf("plan: %s: larger than %d bytes", path, maxShiftFileBytes)
	}
	return ParseShifts(path, data)
}

// ParseShifts reads shift templates from YAML; name is the file name used
// in errors, which give its line and column and the key path:
//
//	templates:
//	  - name: early
//	    length: 8h30m                       # breaks included, at most 24h
//	    starts: ["06:00", "07:00"]          # or {from: "06:00", to: "09:00", every: 30m}
//	    breaks: [{after: 4h, length: 30m}]  # optional, from the shift's start
//	    groups: [voice]                     # optional; default: every group
//
// Durations are seconds or text like 8h30m, 45m, 90s; clock times are
// "HH:MM".
func ParseShifts(name string, data []byte) (*ShiftOptions, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("plan: %s: invalid YAML: %w", name, err)
	}
	r := &shiftReader{file: name}
	if root.Kind == 0 || len(root.Content) == 0 {
		return nil, fmt.Errorf("plan: %s: empty file: give templates", name)
	}
	doc := root.Content[0]
	top, err := r.mapping(doc, "", []string{"templates"})
	if err != nil {
		return nil, err
	}
	tn, ok := top["templates"]
	if !ok {
		return nil, r.errorf(doc, "", "missing key %q", "templates")
	}
	items, err := r.list(tn, "templates", maxTemplates)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, r.errorf(tn, "templates", "give at least one template")
	}
	opts := &ShiftOptions{}
	names := map[string]bool{}
	for i, item := range items {
		t, err := r.template(item, fmt.Sprintf("templates[%d]", i))
		if err != nil {
			return nil, err
		}
		if names[t.Name] {
			return nil, r.errorf(item, fmt.Sprintf("templates[%d].name", i), "template %q is defined twice", t.Name)
		}
		names[t.Name] = true
		opts.Templates = append(opts.Templates, t)
	}
	return opts, nil
}

type shiftReader struct{ file string }

func (r *shiftReader) errorf(n *yaml.Node, path, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	return fmt.Errorf("plan: %s:%d:%d: %s", r.file, n.Line, n.Column, msg)
}

// mapping reads a mapping with the given keys only, each at most once.
func (r *shiftReader) mapping(n *yaml.Node, path string, known []string) (map[string]*yaml.Node, error) {
	if n.Kind == yaml.AliasNode {
		return nil, r.errorf(n, path, "aliases are not supported in shift files")
	}
	if n.Kind != yaml.MappingNode {
		return nil, r.errorf(n, path, "expected a mapping with keys %s", strings.Join(known, ", "))
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		key := k.Value
		p := key
		if path != "" {
			p = path + "." + key
		}
		if k.Kind != yaml.ScalarNode || !slices.Contains(known, key) {
			return nil, r.errorf(k, p, "unknown key (known: %s)", strings.Join(known, ", "))
		}
		if _, dup := out[key]; dup {
			return nil, r.errorf(k, p, "key given twice")
		}
		if v.Kind == yaml.AliasNode {
			return nil, r.errorf(v, p, "aliases are not supported in shift files")
		}
		out[key] = v
	}
	return out, nil
}

func (r *shiftReader) list(n *yaml.Node, path string, limit int) ([]*yaml.Node, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, r.errorf(n, path, "expected a list")
	}
	if len(n.Content) > limit {
		return nil, r.errorf(n, path, "%d items, at most %d", len(n.Content), limit)
	}
	for i, item := range n.Content {
		if item.Kind == yaml.AliasNode {
			return nil, r.errorf(item, fmt.Sprintf("%s[%d]", path, i), "aliases are not supported in shift files")
		}
	}
	return n.Content, nil
}

func (r *shiftReader) scalar(n *yaml.Node, path, want string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", r.errorf(n, path, "expected %s", want)
	}
	return n.Value, nil
}

// duration reads seconds: a number, or a duration as scenarios write it
// (8h30m, 45m, 90s).
func (r *shiftReader) duration(n *yaml.Node, path string) (float64, error) {
	s, err := r.scalar(n, path, "a duration like 8h30m")
	if err != nil {
		return 0, err
	}
	bad := r.errorf(n, path, "invalid duration %q (write seconds, or 8h30m, 45m, 90s)", s)
	if n.Tag == "!!int" || n.Tag == "!!float" {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(v >= 0) || v > 1e7 {
			return 0, bad
		}
		return v, nil
	}
	total, err := scenarios.ParseDuration(s)
	if err != nil || total > 1e7 {
		return 0, bad
	}
	return total, nil
}

var clockText = regexp.MustCompile(`^([0-9]{1,2}):([0-9]{2})$`)

// clock reads "HH:MM" as seconds after midnight, 00:00 to 24:00.
func (r *shiftReader) clock(n *yaml.Node, path string) (float64, error) {
	s, err := r.scalar(n, path, `a clock time like "07:30"`)
	if err != nil {
		return 0, err
	}
	m := clockText.FindStringSubmatch(s)
	if m == nil {
		return 0, r.errorf(n, path, "invalid clock time %q (write \"07:30\")", s)
	}
	h, _ := strconv.Atoi(m[1])
	mm, _ := strconv.Atoi(m[2])
	if mm > 59 || h > 24 || (h == 24 && mm > 0) {
		return 0, r.errorf(n, path, "invalid clock time %q", s)
	}
	return float64(h*3600 + mm*60), nil
}

func (r *shiftReader) template(n *yaml.Node, path string) (ShiftTemplate, error) {
	var t ShiftTemplate
	keys, err := r.mapping(n, path, []string{"name", "length", "starts", "breaks", "groups"})
	if err != nil {
		return t, err
	}
	for _, k := range []string{"name", "length", "starts"} {
		if _, ok := keys[k]; !ok {
			return t, r.errorf(n, path, "missing key %q", k)
		}
	}
	if t.Name, err = r.scalar(keys["name"], path+".name", "a name"); err != nil {
		return t, err
	}
	if t.Name == "" {
		return t, r.errorf(keys["name"], path+".name", "empty name")
	}
	if t.Length, err = r.duration(keys["length"], path+".length"); err != nil {
		return t, err
	}
	if !(t.Length > 0 && t.Length <= 86400) {
		return t, r.errorf(keys["length"], path+".length", "a shift lasts more than zero and at most 24h")
	}
	if t.Starts, err = r.starts(keys["starts"], path+".starts"); err != nil {
		return t, err
	}
	if bn, ok := keys["breaks"]; ok {
		items, err := r.list(bn, path+".breaks", maxBreaks)
		if err != nil {
			return t, err
		}
		end := 0.0
		for i, item := range items {
			p := fmt.Sprintf("%s.breaks[%d]", path, i)
			bk, err := r.mapping(item, p, []string{"after", "length"})
			if err != nil {
				return t, err
			}
			if bk["after"] == nil || bk["length"] == nil {
				return t, r.errorf(item, p, "a break needs after and length")
			}
			var b Break
			if b.After, err = r.duration(bk["after"], p+".after"); err != nil {
				return t, err
			}
			if b.Length, err = r.duration(bk["length"], p+".length"); err != nil {
				return t, err
			}
			if !(b.Length > 0) {
				return t, r.errorf(bk["length"], p+".length", "a break lasts more than zero")
			}
			if b.After < end {
				return t, r.errorf(bk["after"], p+".after", "breaks must be in order and not overlap")
			}
			if b.After+b.Length > t.Length {
				return t, r.errorf(bk["after"], p+".after", "the break ends after the shift")
			}
			end = b.After + b.Length
			t.Breaks = append(t.Breaks, b)
		}
		if !(t.onDuty() > 0) {
			return t, r.errorf(bn, path+".breaks", "the breaks take the whole shift")
		}
	}
	if gn, ok := keys["groups"]; ok {
		items, err := r.list(gn, path+".groups", maxTemplateGroups)
		if err != nil {
			return t, err
		}
		for i, item := range items {
			g, err := r.scalar(item, fmt.Sprintf("%s.groups[%d]", path, i), "a group name")
			if err != nil {
				return t, err
			}
			t.Groups = append(t.Groups, g)
		}
	}
	return t, nil
}

// starts reads a list of clock times, or {from, to, every}: every
// "every" from "from" up to and including "to".
func (r *shiftReader) starts(n *yaml.Node, path string) ([]float64, error) {
	var out []float64
	if n.Kind == yaml.MappingNode {
		keys, err := r.mapping(n, path, []string{"from", "to", "every"})
		if err != nil {
			return nil, err
		}
		if keys["from"] == nil || keys["to"] == nil || keys["every"] == nil {
			return nil, r.errorf(n, path, "give from, to and every")
		}
		from, err := r.clock(keys["from"], path+".from")
		if err != nil {
			return nil, err
		}
		to, err := r.clock(keys["to"], path+".to")
		if err != nil {
			return nil, err
		}
		every, err := r.duration(keys["every"], path+".every")
		if err != nil {
			return nil, err
		}
		if !(every >= 60) {
			return nil, r.errorf(keys["every"], path+".every", "starts are at least a minute apart")
		}
		if to < from || to >= 86400 || from >= 86400 {
			return nil, r.errorf(keys["to"], path+".to", "starts run from an earlier to a later clock time before 24:00")
		}
		for s := from; s <= to+1e-9; s += every {
			out = append(out, s)
		}
		return out, nil
	}
	items, err := r.list(n, path, maxStarts)
	if err != nil {
		return nil, err
	}
	if len(items) == 0 {
		return nil, r.errorf(n, path, "give at least one start")
	}
	seen := map[float64]bool{}
	for i, item := range items {
		p := fmt.Sprintf("%s[%d]", path, i)
		s, err := r.clock(item, p)
		if err != nil {
			return nil, err
		}
		if s >= 86400 {
			return nil, r.errorf(item, p, "a shift starts before 24:00")
		}
		if seen[s] {
			return nil, r.errorf(item, p, "start given twice")
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, nil
}
