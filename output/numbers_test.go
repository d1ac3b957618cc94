package output

import (
	"math"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

func TestNumberLabels(t *testing.T) {
	cases := map[float64]string{0: "0", 950: "950", 1000: "1,000", 12500: "12,500", -2000: "-2,000", 1234567: "1,234,567", 2e12: "2e+12"}
	for v, want := range cases {
		if got := Number(v, 0); got != want {
			t.Errorf("%v: %q, want %q", v, got, want)
		}
	}
	if got := Number(2500.5, 1); got != "2,500.5" {
		t.Errorf("decimals: %q", got)
	}
	// An undefined value reads as every other undefined figure does (a
	// day one compared plan lacks has no paid hours).
	if got := Number(math.NaN(), 1); got != "-" {
		t.Errorf("undefined: %q", got)
	}
	if got := Int(-1234567); got != "-1,234,567" {
		t.Errorf("Int: %q", got)
	}
}

// TestFormats pins each format at the edges of its rules: where counts
// and money lose their decimals, where a duration changes unit, what an
// undefined value prints.
func TestFormats(t *testing.T) {
	nan := math.NaN()
	cases := []struct{ got, want string }{
		{Count(12.02), "12"},
		{Count(12.5), "12.5"},
		{Count(999.5), "999.5"},
		{Count(1234.4), "1,234"},
		{Count(nan), "-"},
		{Money(7.166), "7.17"},
		{Money(999.994), "999.99"},
		{Money(1234.5), "1,235"},
		{Money(nan), "-"},
		{Float(2.345, 2), "2.35"},
		{Float(nan, 1), "-"},
		{FloatCI(sim.Stat{Mean: 4.21, HalfWidth: 0.33}, 1), "4.2±0.3"},
		{FloatCI(sim.Stat{Mean: 4, HalfWidth: nan}, 1), "4.0"},
		{FloatCI(sim.Stat{Mean: nan, HalfWidth: nan}, 1), "-"},
		{Share(0.8094), "80.9%"},
		{Share(nan), "-"},
		{ShareCI(sim.Stat{Mean: 0.8094, HalfWidth: 0.0131}), "80.9%±1.3"},
		{ShareCI(sim.Stat{Mean: 0.8, HalfWidth: nan}), "80.0%"},
		{Percent(0.999), "99.9%"},
		{Percent(0.3), "30%"},
		// Settings a scenario gives as percentages read back as given,
		// though 0.57*100 is 56.99999999999999 in floating point.
		{Percent(0.57), "57%"},
		{Percent(0.07), "7%"},
		{Percent(0.035), "3.5%"},
		{Target(sim.Target{Threshold: 20, Goal: 0.57}), "57% in 20s"},
		{Seconds(599.9), "599.9s"},
		{Seconds(600), "10.0m"},
		{Seconds(7199), "120.0m"},
		{Seconds(7200), "2.0h"},
		{Seconds(9000), "2.5h"},
		{Seconds(nan), "-"},
		{SecondsCI(sim.Stat{Mean: 24.3, HalfWidth: 4.5}), "24.3s±4.5"},
		// Past ten minutes the half-width would need its own unit: left out.
		{SecondsCI(sim.Stat{Mean: 900, HalfWidth: 45}), "15.0m"},
		{Plural(1, "day"), "1 day"},
		{Plural(2.5, "day"), "2.5 days"},
		{Target(sim.Target{Threshold: 20, Goal: 0.8}), "80% in 20s"},
		{Target(sim.Target{}), "-"},
		{delta(2), "+2"},
		{delta(-1), "-1"},
		{delta(0), "0"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

// TestCheckValues pins the values of a check table: shares with their
// half-width and change in percentage points (pp, as in compare), and
// durations in hours with one decimal like every other duration.
func TestCheckValues(t *testing.T) {
	stat := func(mean, hw float64, n int) sim.Stat { return sim.Stat{Mean: mean, HalfWidth: hw, N: n} }
	cases := []struct{ got, want string }{
		{ValueCI(stat(0.8123, 0.011, 20), sim.Share), "81.2% ±1.1"},
		{ValueCI(stat(0.8123, math.NaN(), 1), sim.Share), "81.2%"},
		{ValueCI(stat(math.NaN(), math.NaN(), 0), sim.Share), "-"},
		{ValueCI(stat(7632, 1800, 20), sim.Seconds), "2.1h ±30.0m"},
		{ValueCI(stat(1554.4, 16.8, 20), sim.Count), "1,554 ±16.8"},
		{ValueCI(stat(5.734, 0.07, 20), sim.Money), "5.73 ±0.07"},
		{Change(-0.0104, sim.Share), "-1.0 pp"},
		{Change(0.0004, sim.Share), "0.0 pp"},
		{Change(0.5, sim.Seconds), "+0.5s"},
		{Change(-9.3, sim.Count), "-9.3"},
		{Change(math.NaN(), sim.Count), "-"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: %q, want %q", i, c.got, c.want)
		}
	}
}

func TestMetricUnit(t *testing.T) {
	for _, c := range []struct {
		key   string
		group bool
		unit  sim.Unit
		ok    bool
	}{
		{"asa_seconds", false, sim.Seconds, true},
		{"service_level", false, sim.Share, true},
		{"occupancy", true, sim.Share, true},
		{"paid_hours", true, sim.Hours, true},
		{"occupancy", false, 0, false},
		{"asa", false, 0, false},
	} {
		u, ok := MetricUnit(c.key, c.group)
		if ok != c.ok || (ok && u != c.unit) {
			t.Errorf("%s (group %v): %v %v, want %v %v", c.key, c.group, u, ok, c.unit, c.ok)
		}
	}
	for u, name := range unitNames {
		if UnitName(u) != name || name == "" {
			t.Errorf("unit %v named %q", u, UnitName(u))
		}
	}
}
