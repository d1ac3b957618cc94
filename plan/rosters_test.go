package plan

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/plan/roster"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// onDutyByMinute is the reference for ScenarioShifts: the roster's agents
// on duty in each hour of a horizon of days, counted minute by minute,
// a shift past the horizon's end wrapping to its start (as a scenario's
// days repeat).
func onDutyByMinute(shifts []roster.Shift, days int) []float64 {
	minutes := days * 1440
	out := make([]float64, days*24)
	for _, s := range shifts {
		start := s.Day*1440 + int(s.Start/60)
		for m := 0; m < int(s.Length/60); m++ {
			onBreak := slices.ContainsFunc(s.Breaks, func(b roster.Break) bool {
				return float64(m) >= b.After/60 && float64(m) < (b.After+b.Length)/60
			})
			if !onBreak {
				out[(start+m)%minutes/60] += 1.0 / 60
			}
		}
	}
	return out
}

// TestScenarioShifts: a roster written as a scenario's shifts by weekday
// puts the same agents on duty in every interval of the horizon, its paid
// and unpaid break time kept; identical shifts are counted once, each
// day's sorted by start. Over several days a shift past midnight is cut
// there (a scenario's shift wraps within its own day): its morning part
// and the breaks in it go to the next day, the last day's to the first.
func TestScenarioShifts(t *testing.T) {
	h := 3600.0
	paid := func(after, length float64) roster.Break {
		return roster.Break{After: after, Length: length, Paid: true}
	}
	meal := func(after, length float64) roster.Break { return roster.Break{After: after, Length: length} }
	for _, c := range []struct {
		name         string
		days, start  int // start: weekday of the first day, 0 Sunday
		shifts       []roster.Shift
		counts       map[int]int // shifts by weekday, for the weekdays of the horizon
		firstOfStart int         // weekday whose first shift must start at 00:00, or -1
	}{
		{"one day", 1, 1, []roster.Shift{
			{Day: 0, Start: 8 * h, Length: 8 * h, Breaks: []roster.Break{paid(2*h, h/4), meal(4*h, h/2)}},
			{Day: 0, Start: 8 * h, Length: 8 * h, Breaks: []roster.Break{paid(2*h, h/4), meal(4*h, h/2)}},
			{Day: 0, Start: 6 * h, Length: 4 * h},
			// Past midnight, on a one-day horizon: it wraps within the
			// day, uncut.
			{Day: 0, Start: 22 * h, Length: 8 * h, Breaks: []roster.Break{meal(1.5*h, h)}},
		}, map[int]int{1: 3}, -1},
		{"three days from Saturday", 3, 6, []roster.Shift{
			// A meal across midnight is split with the shift.
			{Day: 0, Start: 22 * h, Length: 8 * h, Breaks: []roster.Break{meal(1.5*h, h), paid(5*h, h/4)}},
			// Ends at midnight: nothing to cut.
			{Day: 1, Start: 20 * h, Length: 4 * h},
			// The last day's night goes on into the first day, its paid
			// break across midnight paid on both sides.
			{Day: 2, Start: 23 * h, Length: 3 * h, Breaks: []roster.Break{paid(0.75*h, h/2), paid(1.5*h, h/4)}},
			{Day: 2, Start: 9 * h, Length: 6 * h},
		}, map[int]int{6: 2, 0: 2, 1: 2}, 6},
	} {
		g := &GroupRoster{Solution: roster.Solution{Shifts: c.shifts}}
		week := g.ScenarioShifts(c.days, c.start)
		got := make([]float64, c.days*24)
		var paidBreak, unpaidBreak float64
		for wd, list := range week {
			if want, in := c.counts[wd]; !in && list != nil || in && len(list) != want {
				t.Errorf("%s: weekday %d has %d shifts %v, want %d (in the horizon: %v)", c.name, wd, len(list), list, want, in)
			}
			if !slices.IsSortedFunc(list, func(a, b sim.Shift) int { return int(a.Start - b.Start) }) {
				t.Errorf("%s: weekday %d not in order of start: %v", c.name, wd, list)
			}
			for _, s := range list {
				if s.Start+s.Length > 86400 && c.days > 1 {
					t.Errorf("%s: weekday %d: %v runs past midnight", c.name, wd, s)
				}
				for _, b := range s.Breaks {
					if b.Paid {
						paidBreak += b.Length * float64(s.Count)
					} else {
						unpaidBreak += b.Length * float64(s.Count)
					}
				}
			}
		}
		if c.firstOfStart >= 0 && week[c.firstOfStart][0].Start != 0 {
			t.Errorf("%s: the last night does not go on into the first day: %v", c.name, week[c.firstOfStart])
		}
		for d := range c.days {
			day := make([]float64, 24)
			for _, s := range week[(c.start+d)%7] {
				s.Cover(day, h)
			}
			copy(got[d*24:], day)
		}
		want := onDutyByMinute(c.shifts, c.days)
		for i := range want {
			if math.Abs(got[i]-want[i]) > 1e-9 {
				t.Errorf("%s: day %d %02d:00: %v on duty, the roster has %v", c.name, i/24, i%24, got[i], want[i])
			}
		}
		var wantPaid, wantUnpaid float64
		for _, s := range c.shifts {
			for _, b := range s.Breaks {
				if b.Paid {
					wantPaid += b.Length
				} else {
					wantUnpaid += b.Length
				}
			}
		}
		if paidBreak != wantPaid || unpaidBreak != wantUnpaid {
			t.Errorf("%s: breaks %v paid, %v unpaid; the roster has %v and %v", c.name, paidBreak, unpaidBreak, wantPaid, wantUnpaid)
		}
	}
}

// TestRosterRefuses: shift files and horizons a roster cannot be built
// for are refused before anything is simulated, as bad input naming what
// to mend, except a roster the contracts make impossible, which is the
// plan's problem (RosterError), not the input's form.
func TestRosterRefuses(t *testing.T) {
	eightDays := strings.NewReplacer("horizon: {intervals: 4}", "horizon: {days: 8}",
		"{per_interval: [100, 100, 100, 100]}", "{per_day: 2400, profile: flat}",
		"staffing: [10, 10, 10, 10]", `staffing: [{from: "00:00", to: "24:00", agents: 10}]`).Replace(decideYAML)
	const template = "templates:\n  - name: early\n    length: 4h\n    starts: [\"00:00\"]\n"
	for _, c := range []struct {
		name, model, shifts string
		interval            float64 // in place of the file's, when set
		horizon, roster     bool    // a HorizonError, a RosterError
		want                string
	}{
		// Scenario files refuse such intervals; a model made in Go may
		// have them.
		{"intervals that do not divide a day", decideYAML, template, 420,
			true, false, "plan: shifts: a roster needs intervals that divide a day, not 420s"},
		{"more than a week", eightDays, template, 0,
			true, false, "plan: shifts: a roster covers one week at most: the horizon has 8 days"},
		{"a template's unknown group", decideYAML, template + "    groups: [nobody]\n", 0,
			false, false, `shift template "early": unknown or unlimited group "nobody"`},
		{"a contract's unknown group", decideYAML, template + "contracts:\n  - {name: full, groups: [nobody], days: 5}\n", 0,
			false, false, `contract "full": unknown or unlimited group "nobody"`},
		{"a group no template is for", decideYAML, template + "    groups: [voice]\n", 0,
			false, false, `group "mail" needs agents but no shift template is for it`},
		{"need no template reaches", decideYAML, "templates:\n  - {name: late, length: 4h, starts: [\"10:00\"]}\n", 0,
			false, false, `group "voice" cannot be rostered: no shift template covers 4 intervals that need agents (00:00, 01:00, 02:00, 03:00)`},
		{"too few agents under contract", decideYAML, template + "contracts:\n  - {name: tiny, days: {min: 1, max: 7}, agents: {max: 2}}\n", 0,
			false, true, `plan: roster of group "voice": `},
	} {
		rules, err := scenarios.ParseShifts("shifts.yaml", []byte(c.shifts))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		m := parse(t, "decide.yaml", c.model)
		if c.interval > 0 {
			m.IntervalSeconds = c.interval
		}
		p, err := newPlanner(m, Options{Replications: 2, Shifts: rules})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		x := make([][]int, len(p.planned))
		for k := range x {
			x[k] = slices.Repeat([]int{10}, p.n)
		}
		_, err = p.roster(context.Background(), p.newResult("targets"), x)
		var in *InputError
		var he *HorizonError
		var re *RosterError
		if err == nil || !strings.Contains(err.Error(), c.want) || errors.As(err, &in) == c.roster ||
			errors.As(err, &he) != c.horizon || errors.As(err, &re) != c.roster {
			t.Errorf("%s: %v (%T), want %q", c.name, err, err, c.want)
			continue
		}
		if re != nil && (re.Group != "voice" || errors.Unwrap(re) == nil || !strings.HasSuffix(err.Error(), errors.Unwrap(re).Error())) {
			t.Errorf("%s: %+v does not name the group and wrap the roster's error", c.name, re)
		}
	}
}
