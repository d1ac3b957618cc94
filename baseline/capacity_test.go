package baseline

import (
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ccsim/ccsim/capacity"
	"github.com/ccsim/ccsim/sim"
)

// testCapacity is a capacity plan of two groups over three weeks on 2000
// paths, with figures that say where they come from: group g (0 voice, 1
// digital) hires g+1, 0 and 2 people, needs 400 + 100g + 40w hours in
// week w, and pays 1000(g+1) in salaries plus 11.5 in other costs each
// week. It has a scenario but no name, as a capacity file read without one.
func testCapacity() *capacity.Result {
	r := &capacity.Result{Scenario: "growth", Seed: 11, Paths: 2000, FTEHours: 40,
		Weeks: make([]time.Time, 3), CenterRisk: []float64{0, 0.06, 0.25}, CenterAnyWeek: 0.3}
	for g, name := range []string{"voice", "digital"} {
		gr := capacity.GroupResult{Name: name, Hires: []int{g + 1, 0, 2}, Risk: []float64{0, 0.05, 0.2}, AnyWeek: 0.22}
		gr.Supply.People = []float64{10 + float64(g), 11, 13}
		for w := range 3 {
			gr.Requirement = append(gr.Requirement, capacity.Band{Low: 1, Mid: float64(400 + 100*g + 40*w), High: 1e6})
			gr.Supply.Productive = append(gr.Supply.Productive, float64(380+100*g+40*w))
			gr.Overtime = append(gr.Overtime, 12)
			gr.Outsourced = append(gr.Outsourced, 8)
			gr.Cost = append(gr.Cost, capacity.Cost{Salaries: float64(1000 * (g + 1)), Hiring: 10, Overtime: 1, Outsourcing: 0.5})
		}
		r.Groups = append(r.Groups, gr)
	}
	return r
}

// agrestiCoull is the 95% half-width NewCapacity should give a share p of
// n paths, with the normal quantile in place of t: at n = 2000 the two
// differ by 0.07%.
func agrestiCoull(p float64, n int) float64 {
	q := (p*float64(n) + 2) / float64(n+4)
	return 1.959964 * math.Sqrt(q*(1-q)/float64(n+4))
}

func TestNewCapacityRecordsThePlan(t *testing.T) {
	sel := DefaultCapacitySelection()
	sel.Intervals = append(sel.Intervals, "people")
	b, err := NewCapacity(testCapacity(), sel, "v1")
	if err != nil {
		t.Fatal(err)
	}
	if b.Subject != SubjectCapacity || b.Scenario != "growth" || b.Seed != 11 || b.Replications != 2000 ||
		b.Version != "v1" || b.Confidence != DefaultConfidence {
		t.Errorf("header %+v", b)
	}
	// Center first, then each group's horizon and weeks in time order.
	var ids []string
	for _, k := range b.KPIs {
		ids = append(ids, k.ID)
	}
	want := []string{"center/hires", "center/cost", "center/any_week_risk"}
	for _, g := range []string{"voice", "digital"} {
		for _, k := range sel.Group {
			want = append(want, "group "+g+"/"+k)
		}
		for _, w := range []string{"w01", "w02", "w03"} {
			for _, k := range sel.Intervals {
				want = append(want, "group "+g+"/"+w+"/"+k)
			}
		}
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("IDs\n%q\nwant\n%q", ids, want)
	}

	// Figures of the plan are exact: one value, no interval.
	for id, mean := range map[string]float64{
		"center/hires":                      3 + 4, // voice 1+0+2, digital 2+0+2
		"center/cost":                       3 * (1000 + 2000 + 2*11.5),
		"group voice/hires":                 3,
		"group digital/cost":                3 * (2000 + 11.5),
		"group digital/w02/requirement_fte": (400 + 100 + 40) / 40.0,
		// Supply counts booked overtime and outsourcing with the
		// productive hours, as the target does.
		"group voice/w03/supply_fte": (380 + 80 + 12 + 8) / 40.0,
		"group digital/w01/hires":    2,
		"group digital/w01/people":   11,
	} {
		k, ok := b.KPI(id)
		if !ok || math.Abs(k.Mean-mean) > 1e-9*mean || k.N != 1 || !math.IsNaN(k.HalfWidth) {
			t.Errorf("%s = %+v, want exactly %v", id, k.Stat, mean)
		}
	}
	// Risks are shares of the paths, with an interval even when no path
	// was short, so that a statistical comparison has a noise to judge by.
	for id, p := range map[string]float64{
		"center/any_week_risk":      0.3,
		"group voice/any_week_risk": 0.22,
		"group digital/max_risk":    0.2,
		"group voice/w01/risk":      0,
		"group voice/w02/risk":      0.05,
	} {
		k, ok := b.KPI(id)
		if !ok || k.Mean != p || k.N != 2000 || rel(k.HalfWidth, agrestiCoull(p, 2000)) > 2e-3 {
			t.Errorf("%s = %+v, want %v ± %.5f over 2000 paths", id, k.Stat, p, agrestiCoull(p, 2000))
		}
	}
	if k, _ := b.KPI("group voice/w01/risk"); !(k.HalfWidth > 0) {
		t.Errorf("a week no path is short has half-width %v", k.HalfWidth)
	}
}

// TestWeekLabelSortsInTimeOrder: week labels are part of KPI IDs, which
// WeekLabel promises sort in time order over a horizon of up to 78 weeks.
func TestWeekLabelSortsInTimeOrder(t *testing.T) {
	var labels []string
	for w := range 78 {
		labels = append(labels, WeekLabel(w))
	}
	if labels[0] != "w01" || labels[77] != "w78" {
		t.Errorf("first and last labels %q, %q", labels[0], labels[77])
	}
	if !sort.StringsAreSorted(labels) {
		t.Errorf("labels do not sort in time order: %q", labels)
	}
}

func TestNewCapacityRefuses(t *testing.T) {
	for _, c := range []struct {
		name   string
		sel    Selection
		mutate func(*capacity.Result)
		want   string
	}{
		{"unknown measure", Selection{Channel: []string{"hirse"}}, nil, `kpis.channel[0]: unknown capacity measure "hirse"`},
		// A forecast's metric means nothing in a capacity plan.
		{"forecast metric", Selection{Group: []string{"occupancy"}}, nil, `kpis.group[0]: unknown capacity measure "occupancy"`},
		{"horizon measure by week", Selection{Intervals: []string{"risk", "cost"}}, nil, `kpis.intervals[1]: "cost" is a measure of the horizon`},
		{"week measure over the horizon", Selection{Group: []string{"supply_fte"}}, nil, `kpis.group[0]: "supply_fte" is a measure of a week (list it under intervals)`},
		{"repeated", Selection{Channel: []string{"cost", "hires", "cost"}}, nil, `kpis.channel[2]: measure "cost" is listed twice`},
		{"nothing selected", Selection{}, nil, "kpis: no measure is selected"},
		{"no groups", DefaultCapacitySelection(), func(r *capacity.Result) { r.Groups = nil }, "an empty capacity plan"},
		// Group names become part of IDs split at slashes.
		{"slash in a group", DefaultCapacitySelection(), func(r *capacity.Result) { r.Groups[1].Name = "a/b" }, `group name "a/b"`},
		{"repeated group", DefaultCapacitySelection(), func(r *capacity.Result) { r.Groups[1].Name = "voice" }, `group name "voice"`},
		{"empty group name", DefaultCapacitySelection(), func(r *capacity.Result) { r.Groups[0].Name = "" }, `group name ""`},
	} {
		r := testCapacity()
		if c.mutate != nil {
			c.mutate(r)
		}
		if _, err := NewCapacity(r, c.sel, "v"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if _, err := NewCapacity(nil, DefaultCapacitySelection(), "v"); err == nil {
		t.Error("nil plan: no error")
	}
}

// TestCapacityCheck holds a plan against itself and against plans moved
// by a little and by too much, with the default tolerances: hires may
// move by two people, costs by 2%, risks by their noise.
func TestCapacityCheck(t *testing.T) {
	base, err := NewCapacity(testCapacity(), DefaultCapacitySelection(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	// The file keeps the subject and the capacity selection.
	read, err := Parse("growth.json", base.Marshal())
	if err != nil {
		t.Fatal(err)
	}
	if read.Subject != SubjectCapacity || !slices.Equal(read.Select.Intervals, base.Select.Intervals) {
		t.Fatalf("read back subject %q, selection %+v", read.Subject, read.Select)
	}
	for _, c := range []struct {
		name   string
		mutate func(*capacity.Result)
		fail   []string
	}{
		{"the same plan", func(*capacity.Result) {}, nil},
		{"a class of two moves a week", func(r *capacity.Result) { r.Groups[0].Hires = []int{1, 2, 0} }, nil},
		{"three more hires", func(r *capacity.Result) { r.Groups[1].Hires[2] = 5 },
			[]string{"center/hires", "group digital/hires", "group digital/w03/hires"}},
		// The cost tolerance is 2% of the horizon's cost: one week's
		// salaries up 3% is 1% of voice's three weeks.
		{"one week's salaries up 3%", func(r *capacity.Result) { r.Groups[0].Cost[0].Salaries *= 1.03 }, nil},
		{"salaries up 10% in every week", func(r *capacity.Result) {
			for w := range r.Groups[0].Cost {
				r.Groups[0].Cost[w].Salaries *= 1.1
			}
		}, []string{"center/cost", "group voice/cost"}},
		// 0.05 over 2000 paths has a standard error of 0.0049 on each
		// side; with 11 risks in the family at 99.9% the allowance is
		// about 4.1 * 0.0069 = 0.028: 0.055 is noise, 0.2 is not.
		{"a risk within its noise", func(r *capacity.Result) { r.Groups[0].Risk[1] = 0.055 }, nil},
		{"a risk beyond its noise", func(r *capacity.Result) { r.Groups[0].Risk[1] = 0.2 }, []string{"group voice/w02/risk"}},
		{"requirement up 5%", func(r *capacity.Result) { r.Groups[1].Requirement[0].Mid *= 1.05 },
			[]string{"group digital/w01/requirement_fte"}},
	} {
		r := testCapacity()
		c.mutate(r)
		now, err := NewCapacity(r, base.Select, "v2")
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Compare(read, now)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		var failed []string
		for _, row := range rep.Rows {
			if row.Verdict.Failed() {
				failed = append(failed, row.ID)
			}
		}
		if !slices.Equal(failed, c.fail) {
			t.Errorf("%s: failed %q, want %q", c.name, failed, c.fail)
		}
	}

	// A capacity plan is not held against a forecast's baseline, either way.
	forecast, err := New(testResult(), DefaultSelection(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][2]*Baseline{{base, forecast}, {forecast, base}} {
		_, err := Compare(p[0], p[1])
		if err == nil || !strings.Contains(err.Error(), "a capacity plan's baseline") ||
			!strings.Contains(err.Error(), "a forecast's baseline") {
			t.Errorf("%s against %s: %v", p[0].Subject, p[1].Subject, err)
		}
	}
}

// TestCapacityUnits: the measures of a capacity plan have units and
// directions, so that reports format and colour them.
func TestCapacityUnits(t *testing.T) {
	for _, c := range []struct {
		id   string
		unit sim.Unit
		dir  int
	}{
		{"center/hires", sim.Count, 0},
		{"center/any_week_risk", sim.Share, -1},
		{"group voice/max_risk", sim.Share, -1},
		{"group voice/w12/requirement_fte", sim.Agents, 0},
		{"group voice/w12/risk", sim.Share, -1},
	} {
		u, ok := Unit(c.id)
		if !ok || u != c.unit || Direction(c.id) != c.dir {
			t.Errorf("%s: unit %v %v, direction %d", c.id, u, ok, Direction(c.id))
		}
	}
}
