package output

import (
	"context"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// hoursCenter is an 8-hour horizon (16 half-hours): a phone line with a
// handful of lines, a chat whose recorded arrivals come around the clock
// while it is open 02:00-06:00 only (the others are turned away), slow
// enough that its ASA runs into minutes, and a team on shift 02:00-06:00
// only.
func hoursCenter(t *testing.T) *sim.Result {
	t.Helper()
	const n = 16
	var times []float64
	for s := 30.0; s < 8*3600; s += 120 {
		times = append(times, s)
	}
	staff := make([]int, n)
	for i := 4; i < 12; i++ {
		staff[i] = 4
	}
	patience := sim.Exp(1800)
	m := &sim.Model{Name: "hours", IntervalSeconds: 1800, Intervals: n, Seed: 3, Replications: 3,
		Channels: []sim.Channel{
			{Name: "phone", Kind: sim.Call, Arrivals: sim.Arrivals{Rates: repeatF(0.01, n)}, Handle: sim.Exp(200),
				Patience: &patience, Lines: 3, Target: sim.Target{Threshold: 20, Goal: 0.8}},
			{Name: "chat", Kind: sim.Chat, Arrivals: sim.Arrivals{Times: times}, Handle: sim.Exp(900), Patience: &patience,
				Target: sim.Target{Threshold: 60, Goal: 0.8}, Hours: []sim.Window{{From: 2 * 3600, To: 6 * 3600}}},
		},
		Groups: []sim.Group{{Name: "team", Skills: []sim.Skill{{Channel: 0}, {Channel: 1}}, Staff: staff}},
	}
	r, err := sim.Run(context.Background(), m, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func repeatF(v float64, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// TestForecastSummaries: the run table names an 8-hour horizon "8h" (not
// 0.3333333333333333 days); shows a blocked column wherever contacts were
// blocked, in the channel table and by interval; gives each duration
// column one unit, in its header; and averages the agents on the floor
// over the intervals the group was staffed, not over the night.
func TestForecastSummaries(t *testing.T) {
	r := hoursCenter(t)
	out := written(t, Forecast{Result: r, Intervals: true}, Table)
	if !strings.HasPrefix(out, "hours: 8h, 16 intervals of 30m, 3 replications, seed 3\n") {
		t.Errorf("header %q", strings.SplitN(out, "\n", 2)[0])
	}
	if r.Channels[1].Total[sim.Blocked].Mean == 0 {
		t.Fatal("nothing blocked: the fixture does not test the column")
	}
	for _, want := range []string{
		"channel offered answered blocked abandoned service level target",
		"chat by interval (contacts counted where they arrived) start offered blocked abandoned service level",
	} {
		if !has(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	// No cell of a duration column carries a unit: the header does.
	unitCell := regexp.MustCompile(`\d(s|m|h)\b`)
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, "±") && unitCell.MatchString(strings.SplitN(line, " in ", 2)[0]) && !strings.Contains(line, "in 20s") {
			t.Errorf("a duration with its own unit: %q", line)
		}
	}
	floor, paid := WhileStaffed(&r.Groups[0])
	if math.Abs(paid-4) > 1e-9 || !(floor >= 4 && floor < 4.5) {
		t.Errorf("on floor %v, paid %v while scheduled, want 4 (scheduled 4 hours of 8)", floor, paid)
	}
	if !has(out, "team 4.0 4.0") {
		t.Errorf("the group's line does not show 4 agents while scheduled:\n%s", out)
	}
}

// TestDurationColumn: a column takes the unit of its largest value, and
// every cell is written in it.
func TestDurationColumn(t *testing.T) {
	u := durationColumn([]float64{5, math.NaN(), 700})
	if u.header("ASA") != "ASA (min)" || u.cell(5) != "0.1" || u.cell(700) != "11.7" || u.cell(math.NaN()) != "-" {
		t.Errorf("unit %+v: %q %q %q", u, u.header("ASA"), u.cell(5), u.cell(700))
	}
	if got := u.cellCI(sim.Stat{Mean: 600, HalfWidth: 60}); got != "10.0±1.0" {
		t.Errorf("cellCI %q", got)
	}
	if u := durationColumn([]float64{math.NaN()}); u.header("p90") != "p90 (s)" {
		t.Errorf("an empty column: %q", u.header("p90"))
	}
	for sec, want := range map[float64]string{86400: "1 day", 7 * 86400: "7 days", 8 * 3600: "8h", 36 * 3600: "36h", 5400: "1h30m"} {
		if got := HorizonText(sec); got != want {
			t.Errorf("HorizonText(%v) = %q, want %q", sec, got, want)
		}
	}
}

// TestCompareShowsBlocked: a comparison of plans that blocked contacts
// has a blocked row, for the real-time channels and per channel.
func TestCompareShowsBlocked(t *testing.T) {
	r := hoursCenter(t)
	rows, err := CompareKPIs([]Forecast{{Name: "a", Result: r}, {Name: "b", Result: r}})
	if err != nil {
		t.Fatal(err)
	}
	var blocked []string
	for _, row := range rows {
		if row.Key == "blocked" {
			blocked = append(blocked, row.Label())
		}
	}
	if strings.Join(blocked, "|") != "blocked|  phone|  chat" {
		t.Errorf("blocked rows %q", blocked)
	}
}
