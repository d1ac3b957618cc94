package erlang

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// notEvaluating are the exported functions and methods without an error
// result, and why the rule for invalid input does not reach them.
var notEvaluating = map[string]string{
	"SLDef.String":          "names a value; an unknown one prints as SLDef(n)",
	"UnstableError.Error":   "the error itself",
	"UnstableError.Is":      "the error itself",
	"Targets.Met":           "compares figures with targets; Staff validates the targets",
	"BQueue.OfferedLoad":    "returns a field",
	"CQueue.OfferedLoad":    "returns a field",
	"AQueue.OfferedLoad":    "returns a field",
	"XQueue.OfferedLoad":    "returns a field",
	"ChatQueue.OfferedLoad": "returns a field",
	"AQueue.StaffGuess":     "a hint: an invalid model fails at Staff's first evaluation",
	"XQueue.StaffGuess":     "a hint: an invalid model fails at Staff's first evaluation",
	"ChatQueue.StaffGuess":  "a hint: an invalid model fails at Staff's first evaluation",
}

// exported returns the package's exported functions and methods (as
// Type.Method), from its source, and whether the last result of each is
// an error.
func exported(t *testing.T) map[string]bool {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	out := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || !fd.Name.IsExported() {
				continue
			}
			name := fd.Name.Name
			if fd.Recv != nil {
				typ := fd.Recv.List[0].Type
				if s, ok := typ.(*ast.StarExpr); ok {
					typ = s.X
				}
				name = typ.(*ast.Ident).Name + "." + name
			}
			res := fd.Type.Results
			last := ""
			if res != nil && len(res.List) > 0 {
				if id, ok := res.List[len(res.List)-1].Type.(*ast.Ident); ok {
					last = id.Name
				}
			}
			out[name] = last == "error"
		}
	}
	return out
}

// TestEveryEntryReturnsError holds every exported function and method
// that evaluates something to the rule: its last result is an error.
func TestEveryEntryReturnsError(t *testing.T) {
	for name, hasErr := range exported(t) {
		_, exempt := notEvaluating[name]
		if !hasErr && !exempt {
			t.Errorf("%s has no error result: the package's rule is an error for invalid input", name)
		}
		if hasErr && exempt {
			t.Errorf("%s returns an error but is listed as not evaluating", name)
		}
	}
}

// TestInvalidInput calls every exported function and method with an
// error result on invalid arguments: each must return an error that
// matches ErrInvalid, starts with the package's name and names the
// argument, with zero other results. The test fails if an entry point has
// no case here.
func TestInvalidInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tg := Targets{ServiceLevel: 0.8, Threshold: 20}
	badC := CQueue{Agents: 10, Load: 5, AHT: 0}
	badA := AQueue{Agents: 10, Load: 5, AHT: 100, Patience: inf}
	badX := XQueue{Agents: 5, Lines: 3, Load: 1, AHT: 1}
	badChat := ChatQueue{Agents: 2.5, Concurrency: 2, Load: 1, AHT: 1}
	goodA := AQueue{Agents: 10, Load: 5, AHT: 100, Patience: 60}
	goodX := XQueue{Agents: 10, Load: 5, AHT: 100, Patience: 60}
	goodChat := ChatQueue{Agents: 10, Concurrency: 2, Load: 5, AHT: 100, Patience: 60}
	type result struct {
		v   any
		err error
	}
	r := func(v any, err error) result { return result{v, err} }
	cases := []struct {
		name, arg string // the entry point and the argument its error names
		got       result
	}{
		{"B", "agents", r(B(nan, 1))},
		{"B", "load", r(B(10, -1))},
		{"C", "agents", r(C(inf, 1))},
		{"C", "agents", r(C(2e7, 1))},
		{"C", "load", r(C(10, nan))},
		{"ParseSLDef", "service-level definition", r(ParseSLDef("best"))},
		{"Scheduled", "shrinkage", r(Scheduled(10, 1))},
		{"Scheduled", "agents", r(Scheduled(-1, 0.3))},
		{"Staff", "none set", r(Staff(CQueue{Load: 5, AHT: 1}, Targets{}))},
		{"Staff", "service level", r(Staff(AQueue{Load: 5, AHT: 1, Patience: 1}, Targets{ServiceLevel: 1.2}))},
		{"Staff", "AHT", r(Staff(AQueue{Load: 5, AHT: -1, Patience: 1}, tg))},
		{"Staff", "threshold", r(Staff(goodA, Targets{ServiceLevel: 0.8, Threshold: -1}))},
		{"Staff", "targets: ASA", r(Staff(goodA, Targets{ASA: -1}))},
		{"Staff", "targets: abandonment", r(Staff(goodA, Targets{MaxAbandon: 1}))},
		{"Staff", "targets: occupancy", r(Staff(goodA, Targets{MaxOccupancy: 1.5}))},
		{"StaffFractional", "AHT", r(StaffFractional(CQueue{Load: 5, AHT: nan}, tg))},
		{"StaffFractional", "chat agents", r(StaffFractional(ChatQueue{Concurrency: 2, Load: 5, AHT: 60}, tg))},

		{"BQueue.PBlock", "agents", r(BQueue{-1, 5}.PBlock())},
		{"BQueue.Metrics", "load", r(BQueue{1, inf}.Metrics(20, OverOffered))},
		{"BQueue.Metrics", "threshold", r(BQueue{1, 1}.Metrics(-1, OverOffered))},
		{"BQueue.MetricsAt", "agents", r(BQueue{1, 1}.MetricsAt(nan, 20, OverOffered))},

		{"CQueue.PWait", "AHT", r(badC.PWait())},
		{"CQueue.ServiceLevel", "threshold", r(CQueue{10, 5, 100}.ServiceLevel(-1, OverOffered))},
		{"CQueue.ServiceLevel", "service-level definition", r(CQueue{10, 5, 100}.ServiceLevel(20, SLDef(9)))},
		{"CQueue.ASA", "AHT", r(badC.ASA())},
		{"CQueue.Occupancy", "AHT", r(badC.Occupancy())},
		{"CQueue.Metrics", "AHT", r(badC.Metrics(20, OverOffered))},
		{"CQueue.MetricsAt", "agents", r(CQueue{10, 5, 100}.MetricsAt(-3, 20, OverOffered))},
		{"CQueue.StaffAgents", "none set", r(CQueue{Load: 5, AHT: 100}.StaffAgents(Targets{}))},
		{"CQueue.StaffAgents", "load", r(CQueue{Load: -5, AHT: 100}.StaffAgents(tg))},

		{"AQueue.PWait", "patience", r(badA.PWait())},
		{"AQueue.PAbandon", "patience", r(badA.PAbandon())},
		{"AQueue.ServiceLevel", "threshold", r(goodA.ServiceLevel(nan, OverOffered))},
		{"AQueue.ASA", "patience", r(badA.ASA())},
		{"AQueue.MeanWait", "patience", r(badA.MeanWait())},
		{"AQueue.Occupancy", "patience", r(badA.Occupancy())},
		{"AQueue.Metrics", "service-level definition", r(goodA.Metrics(20, SLDef(3)))},
		{"AQueue.MetricsAt", "agents", r(goodA.MetricsAt(inf, 20, OverOffered))},

		{"XQueue.XMetrics", "lines", r(badX.XMetrics(20, OverOffered))},
		{"XQueue.Metrics", "redial share", r(XQueue{Agents: 5, Load: 1, AHT: 1, RedialShare: 2}.Metrics(0, 0))},
		{"XQueue.PBlock", "lines", r(badX.PBlock())},
		{"XQueue.PWait", "lines", r(badX.PWait())},
		{"XQueue.PAbandon", "lines", r(badX.PAbandon())},
		{"XQueue.ServiceLevel", "threshold", r(goodX.ServiceLevel(-inf, OverOffered))},
		{"XQueue.ASA", "lines", r(badX.ASA())},
		{"XQueue.MeanWait", "lines", r(badX.MeanWait())},
		{"XQueue.Occupancy", "lines", r(badX.Occupancy())},
		{"XQueue.MetricsAt", "Erlang X agents", r(XQueue{Agents: 10, Lines: 12, Load: 5, AHT: 100}.MetricsAt(2.5, 20, OverOffered))},

		{"ChatQueue.Capacity", "chat agents", r(badChat.Capacity())},
		{"ChatQueue.Capacity", "chat concurrency", r(ChatQueue{Agents: 2, Concurrency: 0, Load: 1, AHT: 1}.Capacity())},
		{"ChatQueue.Metrics", "chat agents", r(badChat.Metrics(0, 0))},
		{"ChatQueue.Metrics", "agents", r(ChatQueue{Agents: -1, Concurrency: 2, Load: 1, AHT: 1}.Metrics(0, 0))},
		{"ChatQueue.Metrics", "chat slots", r(ChatQueue{Agents: 1e6, Concurrency: 1000, Load: 1, AHT: 1}.Metrics(0, 0))},
		{"ChatQueue.PWait", "chat agents", r(badChat.PWait())},
		{"ChatQueue.PAbandon", "chat agents", r(badChat.PAbandon())},
		{"ChatQueue.ServiceLevel", "service-level definition", r(goodChat.ServiceLevel(20, SLDef(200)))},
		{"ChatQueue.ASA", "chat agents", r(badChat.ASA())},
		{"ChatQueue.MeanWait", "chat agents", r(badChat.MeanWait())},
		{"ChatQueue.Occupancy", "chat agents", r(badChat.Occupancy())},
		{"ChatQueue.MetricsAt", "chat slowdown", r(ChatQueue{Concurrency: 2, Slowdown: -1, Load: 5, AHT: 1}.MetricsAt(3, 20, OverOffered))},
	}
	covered := map[string]bool{}
	for _, c := range cases {
		covered[c.name] = true
		err := c.got.err
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: error %v; want ErrInvalid", c.name, err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "erlang: ") || !strings.Contains(msg, c.arg) {
			t.Errorf("%s: message %q lacks the package prefix or the argument %q", c.name, msg, c.arg)
		}
		if !reflect.ValueOf(c.got.v).IsZero() {
			t.Errorf("%s: result %+v with an error; want zero", c.name, c.got.v)
		}
	}
	var missing []string
	for name, hasErr := range exported(t) {
		if hasErr && !covered[name] {
			missing = append(missing, name)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("no invalid-input case for %v", missing)
	}
}

// TestUnstableZero: an unstable model's error comes with zero results
// too, from every entry point that meets it.
func TestUnstableZero(t *testing.T) {
	check := func(name string, v any, err error) {
		t.Helper()
		if !errors.Is(err, ErrUnstable) || !reflect.ValueOf(v).IsZero() {
			t.Errorf("%s: %+v, %v; want ErrUnstable with a zero result", name, v, err)
		}
	}
	v, err := C(48, 48)
	check("C", v, err)
	m, err := CQueue{10, 12, 60}.Metrics(20, OverOffered)
	check("CQueue.Metrics", m, err)
	v, err = ChatQueue{Agents: 2, Concurrency: 2, Load: 5, AHT: 60}.PWait()
	check("ChatQueue.PWait", v, err)
	m, err = XQueue{Agents: 2, Load: 5, AHT: 60}.Metrics(20, OverOffered)
	check("XQueue.Metrics", m, err)
	// Every lost caller redials and 2 agents cannot serve 5 Erlangs.
	x, err := XQueue{Agents: 2, Lines: 4, Load: 5, AHT: 60, Patience: 30, RedialShare: 1}.XMetrics(20, OverOffered)
	check("XQueue.XMetrics, redials", x, err)
}
