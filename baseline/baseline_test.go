package baseline

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// stat makes a Stat from a mean, a 95% half-width and n.
func stat(mean, hw float64, n int) sim.Stat {
	return sim.Stat{Mean: mean, HalfWidth: hw, N: n}
}

var undef = sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN(), SD: math.NaN()}

// testResult is a forecast of two channels over two intervals and one
// group, with values that say where they come from: channel c's metric k
// has mean 100c + k over the horizon, and 1000(i+1) + 100c + k in
// interval i. The phone's service level is undefined in the second
// interval, as it is with no arrivals.
func testResult() *sim.Result {
	r := &sim.Result{Name: "test", IntervalSeconds: 1800, Intervals: 2, Seed: 7, Replications: 10}
	fill := func(v *sim.Values, base float64) {
		for k := range v {
			v[k] = stat(base+float64(k), 1, 10)
		}
	}
	for c, name := range []string{"phone", "chat"} {
		ch := sim.ChannelResult{Name: name}
		ch.Intervals = make([]sim.Values, 2)
		fill(&ch.Total, float64(100*c))
		for i := range ch.Intervals {
			fill(&ch.Intervals[i], float64(1000*(i+1)+100*c))
		}
		r.Channels = append(r.Channels, ch)
	}
	r.Channels[0].Intervals[1][sim.ServiceLevel] = undef
	fill(&r.Total.Total, 900)
	r.Total.Intervals = make([]sim.Values, 2)
	fill(&r.Total.Intervals[0], 1900)
	fill(&r.Total.Intervals[1], 2900)
	g := sim.GroupResult{Name: "voice"}
	for k := range g.Total {
		g.Total[k] = stat(500+float64(k), 1, 10)
	}
	r.Groups = append(r.Groups, g)
	return r
}

func TestNewRecordsTheSelection(t *testing.T) {
	sel := Selection{Channel: []string{"service_level", "offered"}, Group: []string{"cost"}, Intervals: []string{"service_level"}}
	b, err := New(testResult(), sel, "v1")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, k := range b.KPIs {
		ids = append(ids, k.ID)
	}
	want := []string{
		"phone/service_level", "phone/offered", "phone/00:00/service_level", "phone/00:30/service_level",
		"chat/service_level", "chat/offered", "chat/00:00/service_level", "chat/00:30/service_level",
		"all channels/service_level", "all channels/offered", "all channels/00:00/service_level", "all channels/00:30/service_level",
		"group voice/cost",
	}
	if !slices.Equal(ids, want) {
		t.Fatalf("IDs\n%q\nwant\n%q", ids, want)
	}
	sl := float64(sim.ServiceLevel)
	for id, mean := range map[string]float64{
		"phone/service_level":       sl,
		"chat/offered":              100 + float64(sim.Offered),
		"chat/00:30/service_level":  2100 + sl,
		"all channels/offered":      900,
		"group voice/cost":          500 + float64(sim.GroupCost),
		"phone/00:00/service_level": 1000 + sl,
	} {
		k, ok := b.KPI(id)
		if !ok || k.Mean != mean || k.N != 10 {
			t.Errorf("%s = %+v, want mean %v", id, k, mean)
		}
	}
	if k, _ := b.KPI("phone/00:30/service_level"); k.N != 0 || !math.IsNaN(k.Mean) {
		t.Errorf("undefined interval recorded as %+v", k)
	}
	if b.Scenario != "test" || b.Seed != 7 || b.Replications != 10 || b.Version != "v1" ||
		b.Confidence != DefaultConfidence || b.Tolerance("phone/offered") != (Tolerance{Statistical: true}) {
		t.Errorf("header %+v", b)
	}
}

func TestNewRefusesWhatIDsCannotName(t *testing.T) {
	sel := DefaultSelection()
	sel.Intervals = DefaultIntervals()
	cases := map[string]func(r *sim.Result){
		"slash in a channel": func(r *sim.Result) { r.Channels[0].Name = "a/b" },
		"repeated channel":   func(r *sim.Result) { r.Channels[1].Name = "phone" },
		// Labels are kept to the millisecond: shorter intervals cannot
		// be told apart in KPI IDs.
		"repeated label": func(r *sim.Result) { r.IntervalSeconds = 1e-4 },
	}
	for name, mutate := range cases {
		r := testResult()
		mutate(r)
		if _, err := New(r, sel, "v"); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Labels name only per-interval KPIs: without them, intervals too
	// short to label apart do not matter.
	r := testResult()
	r.IntervalSeconds = 1e-4
	if _, err := New(r, DefaultSelection(), "v"); err != nil {
		t.Errorf("labels checked without per-interval KPIs: %v", err)
	}
	if _, err := New(testResult(), Selection{Channel: []string{"servce_level"}}, "v"); err == nil ||
		!strings.Contains(err.Error(), `kpis.channel[0]: unknown metric "servce_level"`) {
		t.Errorf("unknown metric: %v", err)
	}
	if _, err := New(testResult(), Selection{Group: []string{"cost", "cost"}}, "v"); err == nil ||
		!strings.Contains(err.Error(), "listed twice") {
		t.Errorf("repeated metric: %v", err)
	}
	if _, err := New(testResult(), Selection{}, "v"); err == nil {
		t.Error("empty selection: no error")
	}
}

func TestUnitsAndDirections(t *testing.T) {
	for _, c := range []struct {
		id   string
		unit sim.Unit
		dir  int
	}{
		{"phone/service_level", sim.Share, 1},
		{"phone/00:00/asa_seconds", sim.Seconds, -1},
		{"all channels/offered", sim.Count, 0},
		{"group voice/cost", sim.Money, -1},
		{"group voice/occupancy", sim.Share, 0},
		{"chat/cost", sim.Money, -1},
	} {
		u, ok := Unit(c.id)
		if !ok || u != c.unit || Direction(c.id) != c.dir {
			t.Errorf("%s: unit %v %v, direction %d", c.id, u, ok, Direction(c.id))
		}
	}
	if _, ok := Unit("phone/nonsense"); ok {
		t.Error("unknown metric has a unit")
	}
	if _, ok := Unit("group voice/service_level"); ok {
		t.Error("a channel metric of a group has a unit")
	}
}

func TestRefreshKeepsTolerances(t *testing.T) {
	old, err := New(testResult(), DefaultSelection(), "v1")
	if err != nil {
		t.Fatal(err)
	}
	old.Confidence = 0.99
	old.Tolerances["service_level"] = Tolerance{Absolute: 0.02}
	old.Tolerances["phone/offered"] = Tolerance{Relative: 0.1}
	r := testResult()
	r.Seed = 8
	fresh, err := New(r, old.Select, "v2")
	if err != nil {
		t.Fatal(err)
	}
	got, err := old.Refresh(fresh)
	if err != nil {
		t.Fatal(err)
	}
	if got.Seed != 8 || got.Version != "v2" || got.Confidence != 0.99 || len(got.Tolerances) != 3 ||
		got.Tolerance("phone/offered") != (Tolerance{Relative: 0.1}) {
		t.Errorf("refreshed %+v", got)
	}
	// A tolerance for a KPI the forecast no longer has must be mended by hand.
	old.Tolerances["fax/offered"] = Tolerance{Absolute: 1}
	if _, err := old.Refresh(fresh); err == nil || !strings.Contains(err.Error(), `tolerances["fax/offered"]`) {
		t.Errorf("orphan tolerance: %v", err)
	}
}
