package plan

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
)

// smallDay is a day of six 4-hour intervals with two templates: 8 hours
// from any interval start, and 12 hours with a 4-hour break in the middle
// from three starts (the last one wraps past midnight).
func smallDay() (float64, []*ShiftTemplate) {
	const L = 4 * 3600.0
	starts := func(step float64) []float64 {
		var out []float64
		for s := 0.0; s < 86400; s += step {
			out = append(out, s)
		}
		return out
	}
	return L, []*ShiftTemplate{
		{Name: "eight", Length: 8 * 3600, Starts: starts(L)},
		{Name: "split", Length: 12 * 3600, Starts: starts(2 * L), Breaks: []Break{{After: L, Length: L}}},
	}
}

// bruteCover finds the least hours on duty that cover required by trying
// every count from 0 to 4 on every column.
func bruteCover(required []int, L float64, templates []*ShiftTemplate) float64 {
	type col struct {
		cover []float64
		hours float64
	}
	var cols []col
	for _, t := range templates {
		for _, s := range t.Starts {
			cols = append(cols, col{columnCover(t, s, len(required), L), t.onDuty() / 3600})
		}
	}
	best := math.Inf(1)
	counts := make([]int, len(cols))
	var try func(j int, hours float64)
	try = func(j int, hours float64) {
		if hours >= best {
			return
		}
		if j == len(cols) {
			for i, r := range required {
				v := 0.0
				for k, c := range cols {
					v += c.cover[i] * float64(counts[k])
				}
				if v < float64(r)-1e-9 {
					return
				}
			}
			best = hours
			return
		}
		for n := 0; n <= 4; n++ {
			counts[j] = n
			try(j+1, hours+float64(n)*cols[j].hours)
		}
		counts[j] = 0
	}
	try(0, 0)
	return best
}

// TestCoverShiftsAgainstBruteForce: on random requirements the cover
// holds, the linear program's optimum is a lower bound on the best
// integer cover (found by trying every count), and the rounded cover costs
// at most one longest shift more than that best.
func TestCoverShiftsAgainstBruteForce(t *testing.T) {
	L, templates := smallDay()
	rng := rand.New(rand.NewPCG(7, 7))
	for trial := range 12 {
		req := make([]int, 6)
		for i := range req {
			req[i] = rng.IntN(4)
		}
		shifts, lpHours, err := CoverShifts(req, L, templates)
		if err != nil {
			t.Fatal(err)
		}
		cov := coverage(shifts, len(req), L)
		hours := 0.0
		for _, s := range shifts {
			hours += float64(s.Count) * s.template.onDuty() / 3600
		}
		for i, r := range req {
			if cov[i] < float64(r)-1e-9 {
				t.Errorf("trial %d: interval %d covered %v, needs %d", trial, i, cov[i], r)
			}
		}
		best := bruteCover(req, L, templates)
		if lpHours > best+1e-6 || hours < best-1e-6 || hours > best+8+1e-6 {
			t.Errorf("trial %d %v: LP %v, cover %v, best %v", trial, req, lpHours, hours, best)
		}
	}
}

func TestCoverShiftsErrors(t *testing.T) {
	L, templates := smallDay()
	if _, _, err := CoverShifts([]int{1, 2}, L, templates); err == nil {
		t.Error("two intervals of 4h accepted as a day")
	}
	if _, _, err := CoverShifts([]int{0, 1, 0, 0, 0, -1}, L, templates); err == nil {
		t.Error("negative requirement accepted")
	}
	night := []*ShiftTemplate{{Name: "morning", Length: 4 * 3600, Starts: []float64{8 * 3600}}}
	if _, _, err := CoverShifts([]int{1, 0, 0, 0, 0, 0}, L, night); err == nil || !strings.Contains(err.Error(), "00:00") {
		t.Errorf("uncovered interval: %v", err)
	}
	bad := []*ShiftTemplate{{Name: "all break", Length: 3600, Starts: []float64{0}, Breaks: []Break{{After: 0, Length: 3600}}}}
	if _, _, err := CoverShifts([]int{1, 0, 0, 0, 0, 0}, L, bad); err == nil {
		t.Error("a shift of breaks only accepted")
	}
	if s, h, err := CoverShifts(make([]int, 6), L, templates); err != nil || len(s) != 0 || h != 0 {
		t.Errorf("nothing required: %v %v %v", s, h, err)
	}
}

const shiftFile = `templates:
  - name: day
    length: 8h30m
    starts: {from: "00:00", to: "23:30", every: 30m}
    breaks: [{after: 4h, length: 30m}]
  - name: half
    length: 4h
    starts: {from: "00:00", to: "23:30", every: 30m}
    groups: [voice, digital]
`

// TestPlanShifts covers the default plan with shifts: every interval is
// covered, the hours on duty are at least the linear program's bound,
// and each group's block, pasted into the scenario, gives back the cover.
func TestPlanShifts(t *testing.T) {
	opts, err := ParseShifts("shifts.yaml", []byte(shiftFile))
	if err != nil {
		t.Fatal(err)
	}
	sc := scenarios.Default()
	res, err := Plan(context.Background(), sc, Options{Shifts: opts})
	if err != nil {
		t.Fatal(err)
	}
	sp := res.Shifts
	if sp == nil || len(sp.Groups) != 2 {
		t.Fatalf("shift plan %+v", sp)
	}
	if sp.PaidHours < sp.LPHours-1e-6 || sp.PaidHours < res.Totals.PaidHours-1e-6 {
		t.Errorf("shifts %.1f hours, LP bound %.1f, plan %.1f", sp.PaidHours, sp.LPHours, res.Totals.PaidHours)
	}
	text := string(scenarios.DefaultYAML())
	for _, g := range sp.Groups {
		for i, r := range g.Required {
			if g.Coverage[i] < float64(r)-1e-9 || math.Abs(g.Over[i]-(g.Coverage[i]-float64(r))) > 1e-9 {
				t.Errorf("%s interval %d: covered %v for %d, over %v", g.Name, i, g.Coverage[i], r, g.Over[i])
			}
		}
		// Replace the group's staffing block with the shifts.
		start := strings.Index(text, "  "+g.Name+":\n")
		at := start + strings.Index(text[start:], "    staffing:\n")
		end := at + len("    staffing:\n")
		for end < len(text) && strings.HasPrefix(text[end:], "      ") {
			end += strings.Index(text[end:], "\n") + 1
		}
		text = text[:at] + indentLines(g.YAML, "    ") + text[end:]
	}
	back, err := scenarios.Parse("with-shifts.yaml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for k, g := range sp.Groups {
		for i, c := range g.Coverage {
			if got := back.Groups[k].Paid[i]; math.Abs(got-c) > 1e-9 {
				t.Errorf("%s interval %d: scenario schedules %v, shifts cover %v", g.Name, i, got, c)
			}
		}
	}
}

func indentLines(s, pad string) string {
	lines := strings.SplitAfter(s, "\n")
	var b strings.Builder
	for _, l := range lines {
		if l != "" {
			b.WriteString(pad + l)
		}
	}
	return b.String()
}

func TestParseShiftsErrors(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"", "empty file"},
		{"templates: [\n", "invalid YAML"},
		{"shifts: []\n", "x.yaml:1:1: shifts: unknown key"},
		{"templates: []\n", "x.yaml:1:12: templates: give at least one template"},
		{"templates:\n  - name: a\n    length: 8x\n    starts: [\"07:00\"]\n", `x.yaml:3:13: templates[0].length: invalid duration "8x"`},
		{"templates:\n  - name: a\n    length: 25h\n    starts: [\"07:00\"]\n", "templates[0].length: a shift lasts"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"7:61\"]\n", `x.yaml:4:14: templates[0].starts[0]: invalid clock time "7:61"`},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\", \"07:00\"]\n", "templates[0].starts[1]: start given twice"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: {from: \"09:00\", to: \"08:00\", every: 1h}\n", "templates[0].starts.to"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 7h, length: 2h}]\n", "templates[0].breaks[0].after: the break ends after the shift"},
		{"templates:\n  - name: a\n    length: 8h\n    starts: [\"07:00\"]\n    breaks: [{after: 0s, length: 8h}]\n", "the breaks take the whole shift"},
		{"templates:\n  - name: a\n    length: 8h\n", `x.yaml:2:5: templates[0]: missing key "starts"`},
		{"templates:\n  - &t {name: a, length: 8h, starts: [\"07:00\"]}\n  - *t\n", "aliases are not supported"},
		{"templates:\n  - {name: a, length: 8h, starts: [\"07:00\"]}\n  - {name: a, length: 4h, starts: [\"07:00\"]}\n", `template "a" is defined twice`},
		{"templates:\n  - {name: a, name: b, length: 8h, starts: [\"07:00\"]}\n", "templates[0].name: key given twice"},
	} {
		_, err := ParseShifts("x.yaml", []byte(c.text))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "plan: x.yaml") {
			t.Errorf("%q: error %v, want %q", c.text, err, c.want)
		}
	}
	o, err := ParseShifts("ok.yaml", []byte(shiftFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Templates) != 2 || len(o.Templates[0].Starts) != 48 || o.Templates[0].Length != 30600 ||
		o.Templates[0].Breaks[0] != (Break{After: 14400, Length: 1800}) || len(o.Templates[1].Groups) != 2 {
		t.Errorf("parsed %+v", o)
	}
}
