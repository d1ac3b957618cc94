package sweep

import (
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

func base() *sim.Model {
	m := scenarios.Default().Model
	m.Replications = 4
	return &m
}

func nums(vs ...float64) []Value {
	out := make([]Value, len(vs))
	for i, v := range vs {
		out[i] = Value{V: v}
	}
	return out
}

func mustPlan(t *testing.T, m *sim.Model, mode Mode, axes ...Axis) *Plan {
	t.Helper()
	p, err := New(m, mode, axes)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestPoints checks the order and number of points: a factorial grid with
// its last axis fastest; a one-at-a-time sweep with the base first and
// each axis's base value left out.
func TestPoints(t *testing.T) {
	m := base()
	vol := Axis{Param: "volume", Target: "phone", Values: nums(0.9, 1, 1.1)}
	staff := Axis{Param: "staff_delta", Target: "voice", Values: nums(-2, 0, 2, 4)}
	f := mustPlan(t, m, Factorial, vol, staff)
	if f.Len() != 12 {
		t.Fatalf("%d points, want 12", f.Len())
	}
	var got []string
	for i := range f.Len() {
		got = append(got, f.Describe(f.Point(i)))
	}
	if got[0] != "volume:phone=0.9, staff_delta:voice=-2" || got[1] != "volume:phone=0.9, staff_delta:voice=0" ||
		got[4] != "volume:phone=1, staff_delta:voice=-2" || got[11] != "volume:phone=1.1, staff_delta:voice=4" {
		t.Errorf("factorial order: %q", got)
	}
	o := mustPlan(t, m, OneAtATime, vol, staff)
	if o.Len() != 1+2+3 {
		t.Fatalf("%d points, want 6", o.Len())
	}
	got = nil
	var varied []int
	for i := range o.Len() {
		pt := o.Point(i)
		got = append(got, o.Describe(pt))
		varied = append(varied, pt.Varied)
	}
	want := []string{
		"volume:phone=1, staff_delta:voice=0",
		"volume:phone=0.9, staff_delta:voice=0",
		"volume:phone=1.1, staff_delta:voice=0",
		"volume:phone=1, staff_delta:voice=-2",
		"volume:phone=1, staff_delta:voice=2",
		"volume:phone=1, staff_delta:voice=4",
	}
	if !slices.Equal(got, want) || !slices.Equal(varied, []int{-1, 0, 0, 1, 1, 1}) {
		t.Errorf("one at a time:\n%q\n%v", got, varied)
	}
	// A set parameter whose targets differ has no base value: the base
	// point leaves it as given.
	m2 := base()
	m2.Groups[1].Shrinkage = 0.25
	s := mustPlan(t, m2, OneAtATime, Axis{Param: "shrinkage", Values: []Value{{V: 0.3, Percent: true}}})
	if s.Len() != 2 || s.Describe(s.Point(0)) != "shrinkage=as given" || s.Describe(s.Point(1)) != "shrinkage=30%" {
		t.Errorf("shrinkage of groups that differ: %d points, %q, %q", s.Len(), s.Describe(s.Point(0)), s.Describe(s.Point(1)))
	}
}

// TestApply checks each parameter against the model changed by hand.
func TestApply(t *testing.T) {
	m := base()
	phone, chat, email := 0, 1, 2
	voice, digital := 0, 1
	model := func(a Axis, v float64) *sim.Model {
		t.Helper()
		a.Values = []Value{{V: v, Duration: a.Param == "handle_delta" || a.Param == "wrap_delta"}}
		p := mustPlan(t, m, Factorial, a)
		got, err := p.Model(p.Point(0))
		if err != nil {
			t.Fatal(err)
		}
		if err := got.Validate(); err != nil {
			t.Fatal(err)
		}
		return got
	}
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: %v, want %v", what, got, want)
		}
	}

	g := model(Axis{Param: "volume", Target: "phone"}, 1.1)
	for k, r := range m.Channels[phone].Arrivals.Rates {
		near("phone rate", g.Channels[phone].Arrivals.Rates[k], r*1.1)
		near("chat rate untouched", g.Channels[chat].Arrivals.Rates[k], m.Channels[chat].Arrivals.Rates[k])
	}
	g = model(Axis{Param: "volume"}, 0.5)
	near("email rate, all channels", g.Channels[email].Arrivals.Rates[20], m.Channels[email].Arrivals.Rates[20]*0.5)

	g = model(Axis{Param: "handle_delta", Target: "phone"}, 15)
	near("phone handle mean", g.Channels[phone].Handle.Mean, m.Channels[phone].Handle.Mean+15)
	near("phone handle CV", g.Channels[phone].Handle.CV, m.Channels[phone].Handle.CV)
	g = model(Axis{Param: "wrap_delta", Target: "phone"}, -10)
	near("phone wrap", g.Channels[phone].Wrap.Average(), m.Channels[phone].Wrap.Average()-10)
	g = model(Axis{Param: "wrap_delta", Target: "email"}, 20)
	near("email wrap from nothing", g.Channels[email].Wrap.Average(), 20)
	g = model(Axis{Param: "handle", Target: "chat"}, 1.2)
	near("chat handle", g.Channels[chat].Handle.Average(), m.Channels[chat].Handle.Average()*1.2)
	g = model(Axis{Param: "patience"}, 2)
	near("phone patience", g.Channels[phone].Patience.Average(), 2*m.Channels[phone].Patience.Average())
	near("chat patience", g.Channels[chat].Patience.Average(), 2*m.Channels[chat].Patience.Average())

	g = model(Axis{Param: "staff_delta", Target: "voice"}, -5)
	for k, v := range m.Groups[voice].Paid {
		want := v
		if v > 0 {
			want = max(0, v-5)
		}
		near("voice paid", g.Groups[voice].Paid[k], want)
		if g.Groups[voice].Staff[k] != g.Groups[voice].OnFloor(want) {
			t.Errorf("voice on the floor in interval %d: %d, want %d", k, g.Groups[voice].Staff[k], g.Groups[voice].OnFloor(want))
		}
		near("digital untouched", g.Groups[digital].Paid[k], m.Groups[digital].Paid[k])
	}
	g = model(Axis{Param: "staff_delta", Target: "voice"}, 3)
	if g.Groups[voice].Paid[0] != 0 || g.Groups[voice].Paid[20] != m.Groups[voice].Paid[20]+3 {
		t.Errorf("staff_delta +3: paid at midnight %v, at 10:00 %v", g.Groups[voice].Paid[0], g.Groups[voice].Paid[20])
	}
	g = model(Axis{Param: "staff", Target: "digital"}, 1.5)
	near("digital paid at 10:00", g.Groups[digital].Paid[20], math.Round(m.Groups[digital].Paid[20]*1.5))
	g = model(Axis{Param: "shrinkage", Target: "voice"}, 0.4)
	if g.Groups[voice].Shrinkage != 0.4 || g.Groups[voice].Staff[22] != g.Groups[voice].OnFloor(m.Groups[voice].Paid[22]) ||
		g.Groups[voice].Staff[22] >= m.Groups[voice].Staff[22] {
		t.Errorf("shrinkage 40%%: %v on the floor of %v paid (was %v)", g.Groups[voice].Staff[22], g.Groups[voice].Paid[22], m.Groups[voice].Staff[22])
	}
	g = model(Axis{Param: "concurrency", Target: "chat"}, 3)
	if g.Channels[chat].Concurrency != 3 {
		t.Errorf("concurrency %d", g.Channels[chat].Concurrency)
	}
	g = model(Axis{Param: "escalation", Target: "phone:email"}, 0.1)
	for i, f := range g.Flows {
		want := m.Flows[i].Share
		if f.Kind == sim.Escalation && f.From == phone && f.To == email {
			want = 0.1
		}
		near("flow share", f.Share, want)
	}
	g = model(Axis{Param: "repeat", Target: "email"}, 0.3)
	near("email repeats", g.Flows[5].Share, 0.3)
	g = model(Axis{Param: "hourly_cost", Target: "digital"}, 40)
	near("digital hourly cost", g.Groups[digital].HourlyCost, 40)
	near("voice hourly cost", g.Groups[voice].HourlyCost, m.Groups[voice].HourlyCost)

	if m.Groups[voice].Paid[20] != scenarios.Default().Groups[voice].Paid[20] {
		t.Error("the base model changed")
	}
}

// TestRefuses checks the messages for axes a sweep cannot run.
func TestRefuses(t *testing.T) {
	m := base()
	for name, tc := range map[string]struct {
		axes []Axis
		mode Mode
		want string
	}{
		"nothing":                    {nil, Factorial, "nothing to vary"},
		"unknown parameter":          {[]Axis{{Param: "volumes", Values: nums(1)}}, Factorial, `unknown parameter "volumes": want one of volume, handle`},
		"unknown channel":            {[]Axis{{Param: "volume", Target: "phnoe", Values: nums(1)}}, Factorial, `unknown channel "phnoe" (the scenario has phone, chat, email)`},
		"unknown group":              {[]Axis{{Param: "staff_delta", Target: "phone", Values: nums(1)}}, Factorial, `unknown group "phone" (the scenario has voice, digital)`},
		"no patience":                {[]Axis{{Param: "patience", Target: "email", Values: nums(2)}}, Factorial, `channel "email": its customers never abandon`},
		"not chat":                   {[]Axis{{Param: "concurrency", Target: "phone", Values: nums(2)}}, Factorial, "not a chat channel"},
		"no values":                  {[]Axis{{Param: "volume", Source: "s.yaml:3:5"}}, Factorial, "s.yaml:3:5: volume: no values"},
		"a duplicate value":          {[]Axis{{Param: "volume", Values: nums(1, 1.1, 1)}}, Factorial, "value 1 is given twice"},
		"a duration share":           {[]Axis{{Param: "shrinkage", Values: []Value{{V: 30, Duration: true}}}}, Factorial, "its values are shares like 25% or 0.25, not durations"},
		"a percent delta":            {[]Axis{{Param: "handle_delta", Values: []Value{{V: 0.1, Percent: true}}}}, Factorial, "not percentages"},
		"half an agent":              {[]Axis{{Param: "staff_delta", Values: nums(0.5)}}, Factorial, "whole number"},
		"negative volume":            {[]Axis{{Param: "volume", Values: nums(-1)}}, Factorial, "volume: value -1: it must not be negative"},
		"shrinkage of 100%":          {[]Axis{{Param: "shrinkage", Values: nums(1)}}, Factorial, "below 100%"},
		"an escalation name":         {[]Axis{{Param: "escalation", Target: "phone", Values: nums(0.1)}}, Factorial, "name an escalation from:to"},
		"a repeat name":              {[]Axis{{Param: "repeat", Target: "voice", Values: nums(0.1)}}, Factorial, `no repeat flow "voice" (the scenario has phone, chat, email)`},
		"a billion times the volume": {[]Axis{{Param: "volume", Values: nums(1e9)}}, Factorial, "volume: value 1e+09: a factor must be at most 100"},
		"a handle time a day longer": {[]Axis{{Param: "handle_delta", Values: []Value{{V: 86401, Duration: true}}}}, Factorial,
			"a change of time must be within a day"},
		"a wrap time of 1e300 s": {[]Axis{{Param: "wrap_delta", Values: []Value{{V: -1e300, Duration: true}}}}, Factorial,
			"a change of time must be within a day"},
		"a cost of 1e308":  {[]Axis{{Param: "hourly_cost", Values: nums(1e308)}}, Factorial, "an amount must be at most 1e+09"},
		"staff times 1000": {[]Axis{{Param: "staff", Target: "voice", Values: nums(1000)}}, Factorial, "a factor must be at most 100"},
		"patience of zero": {[]Axis{{Param: "patience", Target: "phone", Values: nums(0)}}, Factorial, "it must be above zero"},
		"twice": {[]Axis{{Param: "volume", Values: nums(1), Source: "a"}, {Param: "volume", Values: nums(2), Source: "b"}}, Factorial,
			"b: volume is varied twice (first at a)"},
		"too many points": {[]Axis{{Param: "volume", Values: nums(seq(1000)...)}, {Param: "handle", Values: nums(seq(1000)...)},
			{Param: "patience", Values: nums(seq(2)...)}}, Factorial, "more than 1000000 points"},
	} {
		_, err := New(m, tc.mode, tc.axes)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
	// Values that apply one by one but not together are found by Check.
	p := mustPlan(t, m, Factorial, Axis{Param: "escalation", Target: "phone:email", Values: nums(0.2, 0.95)},
		Axis{Param: "handle_delta", Target: "phone", Values: []Value{{V: -100, Duration: true}, {V: -200, Duration: true}}})
	err := p.Check(0, p.Len())
	if err == nil || !strings.Contains(err.Error(), "point 2 (escalation:phone:email=20%, handle_delta:phone=-200s): handle_delta:phone = -200s: handle time of mean 190.5s changed by -200s would not be positive") {
		t.Errorf("Check: %v", err)
	}
	err = p.Check(2, 3)
	if err == nil || !strings.Contains(err.Error(), "more than 1") {
		t.Errorf("Check of point 3: %v", err)
	}
}

// seq returns n factors from 0.1 up in steps of 0.1, all within
// MaxFactor for n up to 1000.
func seq(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i+1) / 10
	}
	return out
}

// TestDocsListParameters keeps the table of docs/sweeps.md and the
// parameters the package knows the same, in the same order.
func TestDocsListParameters(t *testing.T) {
	data, err := os.ReadFile("../docs/sweeps.md")
	if err != nil {
		t.Fatal(err)
	}
	var documented []string
	for _, line := range strings.Split(string(data), "\n") {
		if m := docRow.FindStringSubmatch(line); m != nil {
			documented = append(documented, m[1]+" "+m[2])
		}
	}
	var known []string
	for _, p := range Params() {
		known = append(known, p.Name+" "+p.Target)
	}
	if !slices.Equal(documented, known) {
		t.Errorf("docs/sweeps.md lists\n%q\nthe package knows\n%q", documented, known)
	}
}

var docRow = regexp.MustCompile("^\\| `([a-z_]+)` \\| ([a-z:]+) \\|")
