package plots

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
	"github.com/ccsim/ccsim/sweep"
)

// fakeSweep builds a sweep of the default scenario with totals from a
// formula instead of a simulation, so that the charts' tests are quick
// and their figures known: phone's service level is 0.88 + 0.03 per agent
// added - 0.6 per unit of volume above 1 - 0.002 per second of handle
// time added, abandonment moves the other way, and cost grows 600 an
// agent.
func fakeSweep(t *testing.T, mode sweep.Mode, axes ...sweep.Axis) output.Sweep {
	t.Helper()
	m := &scenarios.Default().Model
	p, err := sweep.New(m, mode, axes)
	if err != nil {
		t.Fatal(err)
	}
	totals := make([]sweep.Totals, p.Len())
	for i := range totals {
		pt := p.Point(i)
		staff, vol, handle := 0.0, 1.0, 0.0
		for a, ax := range p.Axes {
			v := pt.Values[a]
			switch ax.Param {
			case "staff_delta":
				staff = v
			case "volume":
				vol = v
			case "handle_delta":
				handle = v
			}
		}
		sl := math.Max(0, math.Min(1, 0.88+0.03*staff-0.6*(vol-1)-0.002*handle))
		tt := sweep.Totals{Channels: make([]sim.Values, len(m.Channels)), Groups: make([]sim.GroupValues, len(m.Groups))}
		st := func(v float64) sim.Stat { return sim.Stat{Mean: v, HalfWidth: 0.01, SD: 0.02, N: m.Replications} }
		tt.Channels[0][sim.ServiceLevel] = st(sl)
		tt.Channels[0][sim.AbandonRate] = st((1 - sl) / 8)
		tt.All[sim.Cost] = st(24425 + 600*staff)
		totals[i] = tt
	}
	return output.Sweep{Result: &sweep.Result{Plan: p, Totals: totals}}
}

func vals(vs ...float64) []sweep.Value {
	out := make([]sweep.Value, len(vs))
	for i, v := range vs {
		out[i] = sweep.Value{V: v, Duration: false}
	}
	return out
}

// TestSweepChartsGolden holds the tornado and heatmap of known figures to
// their golden images.
func TestSweepChartsGolden(t *testing.T) {
	oat := fakeSweep(t, sweep.OneAtATime,
		sweep.Axis{Param: "volume", Target: "phone", Values: vals(0.9, 1.1)},
		sweep.Axis{Param: "staff_delta", Target: "voice", Values: vals(-3, 3)},
		sweep.Axis{Param: "handle_delta", Target: "phone", Values: []sweep.Value{{V: -15, Duration: true}, {V: 15, Duration: true}}})
	charts, notes, err := SweepCharts(oat, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 1 || charts[0].File != "tornado.png" || len(notes) != 1 || !strings.Contains(notes[0], "no heatmap") {
		t.Fatalf("one-at-a-time: %d charts, notes %q", len(charts), notes)
	}
	goldenPNG(t, "sweep-tornado.png", charts[0].PNG)

	var vols []float64
	for k := range 10 {
		vols = append(vols, 0.8+0.05*float64(k))
	}
	grid := fakeSweep(t, sweep.Factorial,
		sweep.Axis{Param: "staff_delta", Target: "voice", Values: vals(-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6)},
		sweep.Axis{Param: "volume", Target: "phone", Values: vals(vols...)})
	charts, notes, err = SweepCharts(grid, "phone")
	if err != nil {
		t.Fatal(err)
	}
	if len(charts) != 2 || charts[1].File != "heatmap.png" || len(notes) != 0 {
		t.Fatalf("grid: %d charts, notes %q", len(charts), notes)
	}
	goldenPNG(t, "sweep-heatmap.png", charts[1].PNG)
	again, _, _ := SweepCharts(grid, "phone")
	if !bytes.Equal(again[1].PNG, charts[1].PNG) {
		t.Error("the heatmap is not the same bytes twice")
	}
}

// TestTornadoOrder checks that the widest swing of service level comes
// first, whatever the order the axes were given in, and that a
// parameter that does not move a KPI says so.
func TestTornadoOrder(t *testing.T) {
	s := fakeSweep(t, sweep.OneAtATime,
		sweep.Axis{Param: "handle_delta", Target: "phone", Values: []sweep.Value{{V: 5, Duration: true}}}, // 1 point
		sweep.Axis{Param: "staff_delta", Target: "voice", Values: vals(-3, 3)},                            // 9 points
		sweep.Axis{Param: "volume", Target: "phone", Values: vals(0.95, 1.05)})                            // 3 points
	fig, note := tornadoFigure(s, 0)
	if fig == nil {
		t.Fatal(note)
	}
	ticks := fig.panels[0][0].Y.Tick.Marker.Ticks(0, 3)
	var labels []string
	for _, tk := range slices.Backward(ticks) {
		labels = append(labels, tk.Label)
	}
	if want := []string{"agents added to voice", "phone volume", "change in handle time of phone"}; !slices.Equal(labels, want) {
		t.Errorf("rows top to bottom %q, want %q", labels, want)
	}
	found := false
	for _, b := range fig.bars[len(fig.bars)-1].bars {
		found = found || strings.HasSuffix(b.label, "×0.95 to ×1.05: no change")
	}
	if !found {
		t.Error("the cost panel does not say that volume changes no cost")
	}
}

// TestSweepChartNotes checks when a chart cannot be drawn and why.
func TestSweepChartNotes(t *testing.T) {
	noBase := fakeSweep(t, sweep.Factorial,
		sweep.Axis{Param: "staff_delta", Target: "voice", Values: vals(1, 2)},
		sweep.Axis{Param: "volume", Target: "phone", Values: vals(1.1, 1.2)})
	charts, notes, err := SweepCharts(noBase, "")
	if err != nil || len(charts) != 1 || !strings.Contains(strings.Join(notes, "|"), "does not hold its base point") {
		t.Errorf("a grid without its base: %d charts, %q, %v", len(charts), notes, err)
	}
	one := fakeSweep(t, sweep.Factorial, sweep.Axis{Param: "volume", Target: "phone", Values: vals(1, 1.2)})
	_, notes, _ = SweepCharts(one, "")
	if !strings.Contains(strings.Join(notes, "|"), "needs two parameters with several values") {
		t.Errorf("one parameter: %q", notes)
	}
	if _, _, err := SweepCharts(one, "fax"); err == nil || !strings.Contains(err.Error(), `unknown channel "fax"`) {
		t.Errorf("an unknown channel: %v", err)
	}
}

// TestShareBins checks the colour bins around a goal: edges on whole
// steps from the goal, oranges below it and blues from it, and labels
// that name each bin.
func TestShareBins(t *testing.T) {
	b := newShareBins(0.62, 0.97, 0.8)
	var labels []string
	for k := range len(b.edges) + 1 {
		labels = append(labels, b.label(k))
	}
	want := []string{"below 65%", "65%–70%", "70%–75%", "75%–80%", "80%–85%", "85%–90%", "90%–95%", "95% and more"}
	if !slices.Equal(labels, want) {
		t.Errorf("labels %q, want %q", labels, want)
	}
	if len(b.colors) != len(labels) {
		t.Fatalf("%d colours for %d bins", len(b.colors), len(labels))
	}
	for _, c := range []struct {
		v    float64
		bin  int
		blue bool
	}{{0.5, 0, false}, {0.7999, 3, false}, {0.8, 4, true}, {0.8499, 4, true}, {0.99, 7, true}} {
		k := b.bin(c.v)
		if k != c.bin || slices.Contains(atGoal, b.colors[k]) != c.blue {
			t.Errorf("%v: bin %d (blue %v), want %d (blue %v)", c.v, k, slices.Contains(atGoal, b.colors[k]), c.bin, c.blue)
		}
	}
	all := newShareBins(0.85, 0.95, 0.8)
	for _, c := range all.colors {
		if slices.Contains(belowGoal, c) {
			t.Error("a grid above the goal has an orange bin")
		}
	}
}
