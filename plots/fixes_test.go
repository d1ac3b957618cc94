package plots

import (
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// TestWrapName checks that a plan's name in the comparison's table keeps
// every word on up to three lines of about twenty characters, and is cut
// with an ellipsis only past that.
func TestWrapName(t *testing.T) {
	cases := map[string]string{
		"Plan A":                             "Plan A",
		"Default multi-channel center":       "Default\nmulti-channel center",
		"Retail bank - Monday peak staffing": "Retail bank - Monday\npeak staffing",
		"Two fewer voice agents 10:00-15:00": "Two fewer voice\nagents 10:00-15:00",
		"A very long plan name that goes on and on and on beyond three lines": "A very long plan\nname that goes on\nand on and on beyon…",
		// A word longer than a line breaks after a hyphen, and one without
		// a hyphen to break at is cut.
		"Weekday-staffing-with-overtime":     "Weekday-staffing-\nwith-overtime",
		"Supercalifragilisticexpialidocious": "Supercalifragilisticexp…",
	}
	for in, want := range cases {
		got := wrapName(in, 20, 3)
		if got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
		for _, line := range strings.Split(got, "\n") {
			if n := utf8.RuneCountInString(line); n > 24 {
				t.Errorf("%q: line %q has %d characters", in, line, n)
			}
		}
	}
}

// TestShareAxisFloor: a service-level axis starts ten points below the
// lowest value or goal, rounded down to ten, so that 84% against 88%
// shows; never below 0 nor above 80.
func TestShareAxisFloor(t *testing.T) {
	cases := []struct {
		values []float64
		want   float64
	}{
		{[]float64{84.2, 88.4, 80}, 70},
		{[]float64{99, 100, 95}, 80},
		{[]float64{3, 50}, 0},
		{[]float64{math.NaN(), 91}, 80},
		{nil, 0},
	}
	for _, c := range cases {
		if got := shareAxisFloor(c.values); got != c.want {
			t.Errorf("%v: %v, want %v", c.values, got, c.want)
		}
	}
}

// TestCompareLayout checks the comparison's fixes: the service-level
// panels do not start at 0 when the plans are far above it, a panel per
// group stands under the table (the split the all-groups panel hides),
// and no plan name is cut.
func TestCompareLayout(t *testing.T) {
	plans := []output.Forecast{fixtureForecast(), {Name: "Plan B: more voice agents in the morning peak", Result: fixture("Tuesday plan B", 0.08), Currency: "USD"}}
	fig, err := compareFigure(plans)
	if err != nil {
		t.Fatal(err)
	}
	if got := fig.panels[0][0].Y.Min; got <= 0 || got > 80 {
		t.Errorf("phone service level axis starts at %v", got)
	}
	var sides []string
	for _, p := range fig.side {
		sides = append(sides, p.Title.Text)
	}
	if got, want := strings.Join(sides, ", "), "voice: scheduled agents, digital: scheduled agents"; got != want {
		t.Errorf("side panels %q, want %q", got, want)
	}
	if head := fig.table[0][2].text; strings.ReplaceAll(head, "\n", " ") != plans[1].Name {
		t.Errorf("plan B's heading %q", head)
	}
	if _, err := fig.draw(); err != nil {
		t.Fatal(err)
	}
	// The side panels reach down to the grid's last row.
	last := fig.panels[len(fig.panels)-1][0]
	if fig.heightPx > 1300 || last == nil {
		t.Errorf("comparison %v px tall", fig.heightPx)
	}
}

// TestOccupancyLeavesOut checks that occupancy is not drawn where it is
// 100% by definition: an interval where only agents finishing a contact
// past their shift are on the floor, and a group paid per contact.
func TestOccupancyLeavesOut(t *testing.T) {
	r := fixture("x", 0)
	g := &r.Groups[0]
	g.Intervals[20][sim.Paid] = sim.Stat{Mean: 0, N: 10}
	g.Intervals[20][sim.Occupancy] = sim.Stat{Mean: 1, N: 10}
	if s := scheduledOccupancy(g, 20); !math.IsNaN(s.Mean) {
		t.Errorf("overtime interval: occupancy %v drawn", s.Mean)
	}
	if paidPerContact(g) {
		t.Error("a scheduled group taken for one paid per contact")
	}
	out := sim.GroupResult{Name: "outsourcer", Intervals: make([]sim.GroupValues, r.Intervals)}
	for i := range out.Intervals {
		out.Intervals[i][sim.Paid] = sim.Stat{N: 10}
		out.Intervals[i][sim.Occupancy] = sim.Stat{Mean: math.NaN(), HalfWidth: math.NaN()}
		if i%3 == 0 {
			out.Intervals[i][sim.Occupancy] = sim.Stat{Mean: 1, N: 10}
		}
	}
	if !paidPerContact(&out) {
		t.Error("an outsourcer paid per contact drawn")
	}
	r.Groups = append(r.Groups, out)
	fig := occupancyFigure(output.Forecast{Result: r}, 0, 24)
	if !strings.Contains(fig.footer, "outsourcer: paid per contact") || len(fig.legend) != 3 {
		t.Errorf("footer %q, legend %d items", fig.footer, len(fig.legend))
	}
}

// TestNoCostNoCostChart: a scenario without costs gets no chart of
// zeros.
func TestNoCostNoCostChart(t *testing.T) {
	r := fixture("free", 0)
	for c := range r.Channels {
		for i := range r.Channels[c].Intervals {
			r.Channels[c].Intervals[i][sim.Cost] = sim.Stat{N: 10}
		}
	}
	for i := range r.Total.Intervals {
		r.Total.Intervals[i][sim.Cost] = sim.Stat{N: 10}
	}
	charts, err := Charts(output.Forecast{Result: r})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		if c.File == "cost.png" {
			t.Error("cost.png drawn for a forecast without costs")
		}
	}
}
