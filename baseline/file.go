package baseline

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/ccsim/ccsim/sim"
)

// MaxFileBytes is the size of the largest baseline file Load accepts.
const MaxFileBytes = 64 << 20

// Error is a problem in a baseline file, at a line of it.
type Error struct {
	File  string
	Line  int    // 1-based; 0 when the problem has no position
	Field string // like `values["phone/offered"].ci95`; empty for the file as a whole
	Msg   string
}

// Error formats the problem as "baseline: file:line: field: msg".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("baseline: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		b.WriteString(":" + strconv.Itoa(e.Line))
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Load reads a baseline file. A file that does not exist gives an error
// that satisfies errors.Is(err, fs.ErrNotExist).
func Load(path string) (*Baseline, error) {
	// Look before opening: opening a FIFO that nobody writes blocks.
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() {
		return nil, &Error{File: path, Msg: "not a regular file"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, &Error{File: path, Msg: "not a regular file"}
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	return Parse(path, data)
}

// Parse reads a baseline given as text; name is used in messages. It
// checks every field, so that a hand-edited tolerance with a typo is an
// error rather than silently ignored.
func Parse(name string, data []byte) (*Baseline, error) {
	// A byte-order mark, as some Windows editors write it, is not JSON.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	p := &parser{name: name, data: data}
	if len(data) > MaxFileBytes {
		return nil, p.errorf(0, "", "file is larger than the limit of %d MiB", MaxFileBytes>>20)
	}
	b, err := p.parse()
	if err != nil {
		return nil, err
	}
	return b, nil
}

type parser struct {
	name string
	data []byte
	dec  *json.Decoder
}

// errorf makes an error at byte offset off of the file.
func (p *parser) errorf(off int64, field, format string, args ...any) error {
	line := 0
	if off >= 0 && len(p.data) > 0 {
		off = min(off, int64(len(p.data)))
		line = bytes.Count(p.data[:off], []byte("\n")) + 1
	}
	return &Error{File: p.name, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// jsonError turns an error of the JSON decoder into an Error; at is the
// offset of the value being decoded, used when the error has none.
func (p *parser) jsonError(err error, at int64, field string) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return p.errorf(syn.Offset, field, "invalid JSON: %s", syn.Error())
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return p.errorf(int64(len(p.data)), field, "unexpected end of file")
	}
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		if typ.Field != "" {
			field = join(field, typ.Field)
		}
		return p.errorf(at, field, "found %s, want %s", typ.Value, jsonType(typ.Type.String()))
	}
	msg := err.Error()
	if k, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return p.errorf(at, field, "unknown field %s", k)
	}
	return p.errorf(at, field, "%s", strings.TrimPrefix(msg, "json: "))
}

func jsonType(goType string) string {
	switch {
	case strings.HasPrefix(goType, "[]"): // before "string": a []string is a list
		return "a list"
	case strings.HasPrefix(goType, "map["):
		return "an object"
	case strings.Contains(goType, "float"):
		return "a number"
	case strings.Contains(goType, "int"):
		return "a whole number in range"
	case strings.Contains(goType, "bool"):
		return "true or false"
	case strings.Contains(goType, "string"):
		return "a string"
	}
	return "an object"
}

func join(field, sub string) string {
	if field == "" {
		return sub
	}
	return field + "." + sub
}

// valueStart is the offset where the value after the current key starts:
// past blanks and the colon, so that errors point at the value's line.
func (p *parser) valueStart() int64 {
	off := p.dec.InputOffset()
	for off < int64(len(p.data)) && strings.IndexByte(" \t\r\n:", p.data[off]) >= 0 {
		off++
	}
	return off
}

// decode reads the next value into v, rejecting unknown fields.
func (p *parser) decode(field string, v any) (int64, error) {
	at := p.valueStart()
	if err := p.dec.Decode(v); err != nil {
		return at, p.jsonError(err, at, field)
	}
	return at, nil
}

// object walks the members of the object that comes next, calling member
// for each key in order; duplicate keys are errors.
func (p *parser) object(field string, member func(key string, at int64) error) error {
	at := p.valueStart()
	tok, err := p.dec.Token()
	if err != nil {
		return p.jsonError(err, at, field)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return p.errorf(at, field, "want an object")
	}
	seen := map[string]bool{}
	for p.dec.More() {
		tok, err := p.dec.Token()
		if err != nil {
			return p.jsonError(err, p.dec.InputOffset(), field)
		}
		key, _ := tok.(string)
		keyAt := p.dec.InputOffset() - 1
		if seen[key] {
			return p.errorf(keyAt, field, "key %q appears twice", key)
		}
		seen[key] = true
		if err := member(key, keyAt); err != nil {
			return err
		}
	}
	if _, err := p.dec.Token(); err != nil {
		return p.jsonError(err, p.dec.InputOffset(), field)
	}
	return nil
}

// Field names of the file; subject is optional (a forecast's baseline has
// none), the others are required.
var (
	topFields      = []string{"format", "scenario", "seed", "replications", "ccsim_version", "kpis", "confidence", "tolerances", "values"}
	optionalFields = []string{"subject"}
)

type selectionJSON struct {
	Channel   *[]string `json:"channel"`
	Group     *[]string `json:"group"`
	Intervals *[]string `json:"intervals"`
}

type toleranceJSON struct {
	Absolute    *float64 `json:"absolute"`
	Relative    *float64 `json:"relative"`
	Statistical *bool    `json:"statistical"`
}

type statJSON struct {
	Mean *float64 `json:"mean"`
	CI95 *float64 `json:"ci95"`
	N    *int     `json:"n"`
}

func (p *parser) parse() (*Baseline, error) {
	p.dec = json.NewDecoder(bytes.NewReader(p.data))
	p.dec.DisallowUnknownFields()
	b := &Baseline{Tolerances: map[string]Tolerance{}}
	var format string
	var kpisAt int64
	found := map[string]int64{}
	var kpiLines = map[string]int64{}
	var tolLines = map[string]int64{}
	err := p.object("", func(key string, at int64) error {
		if !slices.Contains(topFields, key) && !slices.Contains(optionalFields, key) {
			return p.errorf(at, key, "unknown field (the fields are %s)", strings.Join(append(slices.Clone(topFields), optionalFields...), ", "))
		}
		found[key] = at
		var err error
		switch key {
		case "format":
			if _, err = p.decode(key, &format); err == nil && format != Format {
				return p.errorf(at, key, "format %q is not %q: this ccsim reads %s files only", format, Format, Format)
			}
		case "subject":
			var vAt int64
			if vAt, err = p.decode(key, &b.Subject); err == nil && b.Subject != SubjectCapacity {
				return p.errorf(vAt, key, "subject %q: this ccsim knows %q (a forecast's baseline has no subject)", b.Subject, SubjectCapacity)
			}
		case "scenario":
			_, err = p.decode(key, &b.Scenario)
		case "seed":
			_, err = p.decode(key, &b.Seed)
		case "replications":
			var vAt int64
			if vAt, err = p.decode(key, &b.Replications); err == nil && (b.Replications < 1 || b.Replications > sim.MaxReplications) {
				return p.errorf(vAt, key, "%d is not between 1 and %d", b.Replications, sim.MaxReplications)
			}
		case "ccsim_version":
			_, err = p.decode(key, &b.Version)
		case "kpis":
			var s selectionJSON
			var vAt int64
			if vAt, err = p.decode(key, &s); err != nil {
				return err
			}
			if s.Channel == nil || s.Group == nil || s.Intervals == nil {
				return p.errorf(vAt, key, "give all three lists: channel, group and intervals (empty lists are fine)")
			}
			b.Select = Selection{Channel: *s.Channel, Group: *s.Group, Intervals: *s.Intervals}
			kpisAt = vAt
		case "confidence":
			var vAt int64
			if vAt, err = p.decode(key, &b.Confidence); err == nil && !validConfidence(b.Confidence) {
				return p.errorf(vAt, key, "%v is not between %v and %v (0.999 is 99.9%%)", b.Confidence, MinConfidence, MaxConfidence)
			}
		case "tolerances":
			err = p.object(key, func(k string, kAt int64) error {
				field := fmt.Sprintf("tolerances[%q]", k)
				var t toleranceJSON
				if _, err := p.decode(field, &t); err != nil {
					return err
				}
				tol := Tolerance{}
				if t.Absolute != nil {
					tol.Absolute = *t.Absolute
				}
				if t.Relative != nil {
					tol.Relative = *t.Relative
				}
				if t.Statistical != nil {
					tol.Statistical = *t.Statistical
				}
				if tol.Absolute < 0 || tol.Relative < 0 {
					return p.errorf(kAt, field, "allowances cannot be negative")
				}
				b.Tolerances[k] = tol
				tolLines[k] = kAt
				return nil
			})
		case "values":
			err = p.object(key, func(id string, kAt int64) error {
				field := fmt.Sprintf("values[%q]", id)
				if _, ok := Unit(id); !ok || strings.Count(id, "/") < 1 || strings.Count(id, "/") > 2 {
					return p.errorf(kAt, field, "not a KPI: want scope/metric or scope/interval/metric with a known metric")
				}
				var s statJSON
				if _, err := p.decode(field, &s); err != nil {
					return err
				}
				kpi := KPI{ID: id}
				kpi.Stat, err = statFrom(s)
				if err != nil {
					return p.errorf(kAt, field, "%v", err)
				}
				b.KPIs = append(b.KPIs, kpi)
				kpiLines[id] = kAt
				return nil
			})
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if p.dec.More() {
		return nil, p.errorf(p.valueStart(), "", "text after the end of the baseline")
	}
	if _, err := p.dec.Token(); err != io.EOF {
		return nil, p.errorf(p.valueStart(), "", "text after the end of the baseline")
	}
	for _, f := range topFields {
		if _, ok := found[f]; !ok {
			return nil, p.errorf(0, f, "missing (a baseline has %s)", strings.Join(topFields, ", "))
		}
	}
	if len(b.KPIs) == 0 {
		// Nothing to compare would pass every check.
		return nil, p.errorf(found["values"], "values", "no KPI: a baseline holds at least one (check --update writes them)")
	}
	// The selection is checked once the subject is known, wherever the
	// file puts it.
	if err := b.Select.check(b.Subject); err != nil {
		return nil, p.errorf(kpisAt, "", "%v", err)
	}
	for _, k := range b.KPIs {
		if k.N > b.Replications {
			return nil, p.errorf(kpiLines[k.ID], fmt.Sprintf("values[%q].n", k.ID), "%d is more than the %d replications", k.N, b.Replications)
		}
	}
	if k, err := b.checkTolerances(); err != nil {
		return nil, p.errorf(tolLines[k], fmt.Sprintf("tolerances[%q]", k), "%v", err)
	}
	return b, nil
}

// statFrom checks a stored value: a mean exactly when some replication
// defined it, a half-width exactly when two or more did.
func statFrom(s statJSON) (sim.Stat, error) {
	if s.N == nil {
		return sim.Stat{}, errors.New(`"n" is missing`)
	}
	n := *s.N
	st := sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN(), SD: math.NaN(), N: n}
	switch {
	case n < 0 || n > sim.MaxReplications:
		return st, fmt.Errorf("n %d is not between 0 and %d", n, sim.MaxReplications)
	case n == 0 && (s.Mean != nil || s.CI95 != nil):
		return st, errors.New("mean and ci95 must be null when n is 0")
	case n > 0 && s.Mean == nil:
		return st, fmt.Errorf("mean is null but n is %d", n)
	case n == 1 && s.CI95 != nil:
		return st, errors.New("ci95 must be null when n is 1")
	case n >= 2 && s.CI95 == nil:
		return st, fmt.Errorf("ci95 is null but n is %d", n)
	case s.CI95 != nil && *s.CI95 < 0:
		return st, fmt.Errorf("ci95 %v is negative", *s.CI95)
	}
	if s.Mean != nil {
		st.Mean = *s.Mean
	}
	if s.CI95 != nil {
		st.HalfWidth = *s.CI95
		st.SD = standardError(st) * math.Sqrt(float64(n))
	}
	return st, nil
}

// checkTolerances returns the first tolerance key (in sorted order) that
// names nothing: not DefaultKey, not a metric key, not a KPI of b.
func (b *Baseline) checkTolerances() (string, error) {
	keys := make([]string, 0, len(b.Tolerances))
	for k := range b.Tolerances {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t := b.Tolerances[k]
		if t.Absolute < 0 || t.Relative < 0 || math.IsNaN(t.Absolute) || math.IsNaN(t.Relative) {
			return k, errors.New("allowances must be numbers, not negative")
		}
		if k == DefaultKey {
			continue
		}
		if _, ok := sim.MetricByKey(k); ok {
			continue
		}
		if _, ok := sim.GroupMetricByKey(k); ok {
			continue
		}
		if _, ok := capacityMetrics[k]; ok && b.Subject == SubjectCapacity {
			continue
		}
		if _, ok := b.KPI(k); ok {
			continue
		}
		return k, fmt.Errorf("names no KPI of this baseline, no metric and not %q", DefaultKey)
	}
	return "", nil
}

// Marshal writes the baseline as JSON in a fixed order, one KPI a line, so
// that a change to a forecast reads as a short diff under version control.
// KPIs keep their order; tolerances come DefaultKey first, then sorted.
func (b *Baseline) Marshal() []byte {
	var w bytes.Buffer
	w.WriteString("{\n")
	fmt.Fprintf(&w, "  \"format\": %s,\n", quote(Format))
	if b.Subject != "" {
		fmt.Fprintf(&w, "  \"subject\": %s,\n", quote(b.Subject))
	}
	fmt.Fprintf(&w, "  \"scenario\": %s,\n", quote(b.Scenario))
	fmt.Fprintf(&w, "  \"seed\": %d,\n", b.Seed)
	fmt.Fprintf(&w, "  \"replications\": %d,\n", b.Replications)
	fmt.Fprintf(&w, "  \"ccsim_version\": %s,\n", quote(b.Version))
	w.WriteString("  \"kpis\": {\n")
	fmt.Fprintf(&w, "    \"channel\": %s,\n", quoteList(b.Select.Channel))
	fmt.Fprintf(&w, "    \"group\": %s,\n", quoteList(b.Select.Group))
	fmt.Fprintf(&w, "    \"intervals\": %s\n", quoteList(b.Select.Intervals))
	w.WriteString("  },\n")
	fmt.Fprintf(&w, "  \"confidence\": %s,\n", number(b.Confidence))
	w.WriteString("  \"tolerances\": {")
	keys := make([]string, 0, len(b.Tolerances))
	for k := range b.Tolerances {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y string) int {
		if x == DefaultKey || y == DefaultKey {
			return boolInt(y == DefaultKey) - boolInt(x == DefaultKey)
		}
		return strings.Compare(x, y)
	})
	for i, k := range keys {
		t := b.Tolerances[k]
		var parts []string
		if t.Absolute != 0 {
			parts = append(parts, `"absolute": `+number(t.Absolute))
		}
		if t.Relative != 0 {
			parts = append(parts, `"relative": `+number(t.Relative))
		}
		if t.Statistical {
			parts = append(parts, `"statistical": true`)
		}
		fmt.Fprintf(&w, "%s\n    %s: {%s}", comma(i), quote(k), strings.Join(parts, ", "))
	}
	if len(keys) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("},\n")
	w.WriteString("  \"values\": {")
	for i, k := range b.KPIs {
		fmt.Fprintf(&w, "%s\n    %s: {\"mean\": %s, \"ci95\": %s, \"n\": %d}", comma(i), quote(k.ID),
			nullable(k.Mean, k.N > 0), nullable(k.HalfWidth, k.N > 1), k.N)
	}
	if len(b.KPIs) > 0 {
		w.WriteString("\n  ")
	}
	w.WriteString("}\n}\n")
	return w.Bytes()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func comma(i int) string {
	if i > 0 {
		return ","
	}
	return ""
}

// quote writes a JSON string without escaping <, > and &, which only
// HTML needs.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

func quoteList(list []string) string {
	parts := make([]string, len(list))
	for i, s := range list {
		parts[i] = quote(s)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// number writes a value with ten significant digits, as ccsim's other
// JSON does: more than the replications can tell apart, few enough to
// read.
func number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return strconv.FormatFloat(v, 'g', 10, 64)
}

func nullable(v float64, defined bool) string {
	if !defined {
		return "null"
	}
	return number(v)
}
