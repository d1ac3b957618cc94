package output

import (
	"math"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestGroupKPIs checks that the occupancy and paid hours of a plan are
// those of all its groups together, as sim merges them, confidence
// interval included.
func TestGroupKPIs(t *testing.T) {
	r := simulated(t, 1)
	rows, err := CompareKPIs([]Forecast{{Result: r}})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, row := range rows {
		var want sim.Stat
		switch row.Key {
		case "occupancy":
			want = r.AllGroups.Total[sim.Occupancy]
		case "paid_hours":
			want = r.AllGroups.Total[sim.PaidHours]
		default:
			continue
		}
		found++
		if got := row.Values[0]; got != want || row.Channel != "" {
			t.Errorf("%s: %+v, all groups %+v", row.Key, got, want)
		}
	}
	if found != 2 {
		t.Errorf("%d group KPIs, want occupancy and paid hours", found)
	}
	// A forecast without all-groups figures is refused, not shown as zero.
	c := *r
	c.AllGroups = sim.GroupResult{}
	if _, err := CompareKPIs([]Forecast{{Result: &c}}); err == nil || !strings.Contains(err.Error(), "all groups") {
		t.Errorf("no all-groups figures: %v", err)
	}
}

func TestCompareKPIs(t *testing.T) {
	a := Forecast{Name: "A", Result: simulated(t, 1), Currency: "USD"}
	// B has no chat channel: its chat KPIs are undefined.
	b := Forecast{Name: "B", Result: withoutChannel(simulated(t, 2), "chat"), Currency: "USD"}
	rows, err := CompareKPIs([]Forecast{a, b})
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, r := range rows {
		labels = append(labels, r.Key+"/"+r.Scope())
	}
	// Real-time and deferred channels are kept apart: the service level
	// and ASA of calls and chats, then of email; email is deferred, so it
	// has no abandonment row, and the abandonment of all channels is the
	// real-time channels'. Nothing was blocked: there is no blocked row.
	want := "service_level/real-time channels service_level/phone service_level/chat " +
		"service_level/deferred channels service_level/email " +
		"asa_seconds/real-time channels asa_seconds/phone asa_seconds/chat " +
		"asa_seconds/deferred channels asa_seconds/email " +
		"abandon_rate/ abandon_rate/phone abandon_rate/chat " +
		"occupancy/ paid_hours/ cost/ cost_per_contact/"
	if got := strings.Join(labels, " "); got != want {
		t.Errorf("rows\n%s\nwant\n%s", got, want)
	}
	for _, r := range rows {
		switch {
		case r.Key == "asa_seconds" && r.Timing == "real-time":
			if r.Values[0] != a.Result.RealTime[sim.ASA] {
				t.Errorf("real-time ASA %+v, want the result's %+v", r.Values[0], a.Result.RealTime[sim.ASA])
			}
		case r.Key == "abandon_rate" && r.Channel == "":
			if r.Values[0] != a.Result.RealTime[sim.AbandonRate] {
				t.Errorf("abandonment %+v, want the real-time channels' %+v", r.Values[0], a.Result.RealTime[sim.AbandonRate])
			}
		}
	}
	for _, r := range rows {
		if !math.IsNaN(r.Deltas[0]) {
			t.Errorf("%s: the first plan has a delta %v", r.Label(), r.Deltas[0])
		}
		va, vb := r.Values[0].Mean, r.Values[1].Mean
		switch {
		case r.Channel == "chat":
			if !math.IsNaN(vb) || !math.IsNaN(r.Deltas[1]) {
				t.Errorf("%s %s: plan without the channel has %v, delta %v", r.Key, r.Channel, vb, r.Deltas[1])
			}
		case math.IsNaN(va) || math.IsNaN(vb):
			t.Errorf("%s %s: undefined value %v, %v", r.Key, r.Channel, va, vb)
		case r.Deltas[1] != vb-va:
			t.Errorf("%s %s: delta %v, want %v", r.Key, r.Channel, r.Deltas[1], vb-va)
		}
	}
	if rows[1].Values[0] != a.Result.Channels[0].Total[sim.ServiceLevel] {
		t.Errorf("phone service level %+v, want the channel's", rows[1].Values[0])
	}

	b.Currency = "EUR"
	if _, err := CompareKPIs([]Forecast{a, b}); err == nil || !strings.Contains(err.Error(), "one currency") {
		t.Errorf("mixed currencies: %v", err)
	}
	if _, err := CompareKPIs(nil); err == nil {
		t.Error("no plans: no error")
	}
}

func TestKPIFormats(t *testing.T) {
	row := func(unit sim.Unit, a, b, hw float64) KPIRow {
		return KPIRow{KPI: KPI{Key: "k", Unit: unit},
			Values: []sim.Stat{{Mean: a, HalfWidth: hw, N: 10}, {Mean: b, HalfWidth: math.NaN(), N: 1}},
			Deltas: []float64{math.NaN(), b - a}}
	}
	cases := []struct {
		row               KPIRow
		first, ci, second string
		delta             string
	}{
		{row(sim.Share, 0.809, 0.863, 0.013), "80.9%", "80.9%±1.3", "86.3%", "+5.4 pp"},
		{row(sim.Share, 1, 1, 0), "100.0%", "100.0%±0.0", "100.0%", "0.0 pp"},
		{row(sim.Seconds, 24.3, 19.5, 4.5), "24.3 s", "24.3±4.5 s", "19.5 s", "-4.8 s"},
		{row(sim.Seconds, 1800, 2400, 120), "30.0 min", "30.0±2.0 min", "40.0 min", "+10.0 min"},
		{row(sim.Seconds, 9000, 7200, 360), "2.5 h", "2.5±0.1 h", "2.0 h", "-0.5 h"},
		{row(sim.Seconds, 24.9, 606, 2), "24.9 s", "24.9±2.0 s", "10.1 min", "+9.7 min"},
		{row(sim.Hours, 421, 433, 0), "421.0 h", "421.0±0.0 h", "433.0 h", "+12.0 h"},
		{row(sim.Money, 7.17, 7.29, 0.11), "7.17 USD", "7.17±0.11 USD", "7.29 USD", "+0.12 USD"},
		{row(sim.Money, 21050, 21650, 0), "21,050 USD", "21,050±0 USD", "21,650 USD", "+600 USD"},
		{row(sim.Share, math.NaN(), 0.5, math.NaN()), "-", "-", "50.0%", ""},
	}
	for _, c := range cases {
		r := c.row
		if got := r.FormatValue(0, "USD", false); got != c.first {
			t.Errorf("%v %v: %q, want %q", r.Unit, r.Values[0].Mean, got, c.first)
		}
		if got := r.FormatValue(0, "USD", true); got != c.ci {
			t.Errorf("%v %v with CI: %q, want %q", r.Unit, r.Values[0].Mean, got, c.ci)
		}
		if got := r.FormatValue(1, "USD", true); got != c.second {
			t.Errorf("%v %v: %q, want %q", r.Unit, r.Values[1].Mean, got, c.second)
		}
		if got := r.FormatDelta(1, "USD"); got != c.delta {
			t.Errorf("%v delta %v: %q, want %q", r.Unit, r.Deltas[1], got, c.delta)
		}
		if got := r.FormatDelta(0, "USD"); got != "" {
			t.Errorf("first plan's delta %q", got)
		}
	}
}

func TestNamePlans(t *testing.T) {
	plans := []Forecast{
		{File: "a/plan.yaml", Name: "Same"},
		{File: "b/plan.yaml", Name: "Same"},
		{File: "c/other.yaml", Name: "Same"},
		{File: "d/unnamed.yaml"},
		{File: "e/x.yaml", Name: "Unique"},
		{File: "a/plan.yaml", Name: "Same"},
	}
	NamePlans(plans)
	want := []string{"a/plan.yaml", "b/plan.yaml", "other.yaml", "unnamed.yaml", "Unique", "a/plan.yaml (2)"}
	for i, p := range plans {
		if p.Name != want[i] {
			t.Errorf("plan %d named %q, want %q", i, p.Name, want[i])
		}
	}
}
