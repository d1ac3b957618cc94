package calibrate

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/contactlog"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// TestModelLoadsBack: the model a calibration gives is the one its
// scenario file loads into, figure for figure: the rounding to what the
// file shows happens in the model, not in the writing.
func TestModelLoadsBack(t *testing.T) {
	for name, opt := range map[string]Options{
		"each weekday": {},
		"weekend":      {DayTypes: contactlog.WorkdayWeekend, HighPriority: []string{"2"}},
	} {
		t.Run(name, func(t *testing.T) {
			c := calibrateDay(t, opt)
			want, _ := c.Model()
			got, text := loadScenario(t, c)
			if got.Name != want.Name || got.Seed != want.Seed || got.Replications != want.Replications ||
				got.IntervalSeconds != want.IntervalSeconds || got.Intervals != want.Intervals || got.StartWeekday != want.StartWeekday {
				t.Errorf("horizon: got %+v", got)
			}
			gc, wc := got.Channels[0], want.Channels[0]
			if !slices.Equal(gc.Arrivals.Rates, wc.Arrivals.Rates) {
				t.Errorf("arrival rates differ:\n%v\n%v", gc.Arrivals.Rates, wc.Arrivals.Rates)
			}
			if !reflect.DeepEqual(gc.Handle, wc.Handle) || !reflect.DeepEqual(gc.Wrap, wc.Wrap) ||
				!reflect.DeepEqual(gc.Patience, wc.Patience) || gc.Target != wc.Target {
				t.Errorf("handle %+v, wrap %+v, patience %+v, target %+v\nwant %+v, %+v, %+v, %+v",
					gc.Handle, gc.Wrap, gc.Patience, gc.Target, wc.Handle, wc.Wrap, wc.Patience, wc.Target)
			}
			if len(gc.Classes) != len(wc.Classes) {
				t.Fatalf("classes %+v, want %+v", gc.Classes, wc.Classes)
			}
			for i := range gc.Classes {
				// The loader rescales shares to sum to 1 exactly.
				if g, w := gc.Classes[i], wc.Classes[i]; g.Name != w.Name || math.Abs(g.Share-w.Share) > 1e-12 || g.Target != w.Target {
					t.Errorf("class %+v, want %+v", g, w)
				}
			}
			gg, wg := got.Groups[0], want.Groups[0]
			if gg.Name != wg.Name || gg.Shrinkage != wg.Shrinkage || !slices.Equal(gg.Paid, wg.Paid) || !slices.Equal(gg.Staff, wg.Staff) {
				t.Errorf("group %+v\nwant %+v", gg, wg)
			}
			if !strings.HasPrefix(string(text), "# Calibrated by \"ccsim calibrate\"") {
				t.Errorf("the notes are not written:\n%s", text)
			}
		})
	}
}

// TestModelNotesPlacement: the notes sit above the keys the model writes,
// and move when a key is left out (no patience, no shrinkage, no custom
// profile); after-contact work gets its own; the file loads.
func TestModelNotesPlacement(t *testing.T) {
	c := calibrateDay(t, Options{})
	c.Wrap = c.Handle
	c.Patience = nil
	c.Options.Availability = contactlog.Availability{}
	c.Priorities = []contactlog.PriorityStat{{Priority: "", Offered: 3}, {Priority: "1", Offered: 2}}
	for i := range c.DayTypes {
		c.DayTypes[i].Contacts = 0
		c.DayTypes[i].Volume = 0
	}
	m, notes := c.Model()
	if m.Channels[0].Patience != nil || m.Groups[0].Shrinkage != 0 || !reflect.DeepEqual(m.Channels[0].Wrap, roundDist(c.Handle.BestFit().Dist)) {
		t.Errorf("patience %v, shrinkage %v, wrap %+v", m.Channels[0].Patience, m.Groups[0].Shrinkage, m.Channels[0].Wrap)
	}
	has := func(path, text string) {
		t.Helper()
		if !slices.ContainsFunc(notes.Comments[path], func(l string) bool { return strings.Contains(l, text) }) {
			t.Errorf("%s: no note %q in %q", path, text, notes.Comments[path])
		}
	}
	has("channels", "Arrivals: the mean contacts a day")
	has("channels.phone.wrap", "After-contact work")
	has("channels.phone.target", "nobody of the")
	has("groups.agents.staffing", "Shrinkage: not measured")
	if after := notes.After["channels.phone.target"]; len(after) == 0 || !strings.Contains(after[0], "(none): 3 contacts") {
		t.Errorf("priorities after the target: %q", after)
	}
	text, err := writeScenario(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Parse("notes.yaml", text); err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	for _, want := range []string{"profile: flat", "per_day: 0", "    wrap: {dist: "} {
		if !strings.Contains(string(text), want) {
			t.Errorf("no %q in\n%s", want, text)
		}
	}
}

func TestRoundDist(t *testing.T) {
	for _, c := range []struct{ in, want sim.Dist }{
		{sim.Exp(100.123), sim.Exp(100.12)},
		{sim.Dist{Kind: sim.Gamma, Mean: 99.999, CV: 0.123456}, sim.Dist{Kind: sim.Gamma, Mean: 100, CV: 0.1235}},
		{sim.Const(7.777), sim.Exp(7.78)},
	} {
		if got := roundDist(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("roundDist(%+v) = %+v, want %+v", c.in, got, c.want)
		}
	}
	for q, want := range map[string]string{"": "no queue", " ": "the log", "a": "queue a", "a b": "queues a, b"} {
		var queues []string
		if q != "" {
			queues = strings.Split(q, " ")
			if q == " " {
				queues = []string{""}
			}
		}
		if got := queueList(queues); got != want {
			t.Errorf("queueList(%q) = %q, want %q", queues, got, want)
		}
	}
}
