package sim

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The tests here pin down rules that docs/model.md and docs/output.md
// state, each on a small model whose every event can be worked out by
// hand: fixed handle times and recorded arrival instants.

// oneQueue is a call channel served by one group with the given staffing
// per 100-second interval and calls arriving at the given instants with
// the given handle times (in order: the k-th call gets handles[k]).
func oneQueue(staff []int, arrivals []float64, handle float64) *Model {
	return &Model{IntervalSeconds: 100, Intervals: len(staff), Seed: 1, Replications: 1,
		Channels: []Channel{{Name: "phone", Kind: Call, Arrivals: Arrivals{Times: arrivals}, Handle: Const(handle),
			Target: Target{Threshold: 20, Goal: 0.8}}},
		Groups: []Group{{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: staff}},
	}
}

// answersWith runs one replication in which the k-th contact created gets
// handle time handles[k] (nil: the model's), and returns when each call
// was answered, by its arrival instant.
func answersWith(t *testing.T, m *Model, handles []float64) (*engine, map[float64]float64) {
	t.Helper()
	e := newEngineForTest(t, m, 0)
	k := 0
	if handles != nil {
		e.onNewContact = func(c *contact) {
			c.handle = handles[k]
			k++
		}
	}
	got := map[float64]float64{}
	e.trace = func(c *contact, f fate, wait float64) {
		if f == fateAnswered {
			got[c.arrive] = c.arrive + wait
		}
	}
	if err := e.run(); err != nil {
		t.Fatal(err)
	}
	return e, got
}

// TestWhoLeavesWhenStaffingFalls: three agents join at 0 and take calls
// that end at 150, 400 and 600 (handles 150, 400, 600 set by arrival
// order below). At 100 the staffing falls to 1 with all three busy: the
// last two to join are marked and leave when their calls end; the first,
// unmarked, frees first (at 150) and keeps working: it answers a call at
// 160 at once. Had the first agent to free left instead, that call would
// have waited for one of the others.
func TestWhoLeavesWhenStaffingFalls(t *testing.T) {
	m := oneQueue([]int{3, 1, 1, 1, 1, 1, 1, 1}, []float64{0, 1, 2, 160}, 100)
	e, answered := answersWith(t, m, []float64{150, 399, 598, 100})
	if got := answered[160]; got != 160 {
		t.Errorf("the call at 160 was answered at %v, want 160: the unmarked agent freed at 150 keeps working", got)
	}
	// On the floor: 3 agents through 150..400; the marked ones leave at
	// 400 and 600, the unmarked one stays.
	floor := e.groups[0].presence
	for i, want := range []float64{300, 300, 300, 300, 200, 200, 100, 100} {
		if math.Abs(floor[i]-want) > 1e-9 {
			t.Errorf("interval %d: %v agent-seconds on the floor, want %v", i, floor[i], want)
		}
	}
}

// TestFinishingAgentsCountTowardARise: two agents join at 0 and take long
// calls; at 100 the staffing falls to 1 (the second is marked to leave
// when done) and at 200 rises back to 2 while both are still busy. The
// marked agent, still finishing, counts toward the rise: it stays and no
// new agent joins, so a call at 210 waits until the first call ends at
// 500, and the floor holds two agents, not three.
func TestFinishingAgentsCountTowardARise(t *testing.T) {
	m := oneQueue([]int{2, 1, 2, 2, 2, 2, 2, 2}, []float64{0, 1, 210}, 100)
	e, answered := answersWith(t, m, []float64{500, 700, 50})
	if got := answered[210]; got != 500 {
		t.Errorf("the call at 210 was answered at %v, want 500: no agent joins for the rise", got)
	}
	for i := range 8 {
		if f := e.groups[0].presence[i]; math.Abs(f-200) > 1e-9 {
			t.Errorf("interval %d: %v agent-seconds on the floor, want 200", i, f)
		}
	}
}

// TestWaitAtTheThresholdIsWithin: one agent, calls of exactly 20 s, two
// calls at 0: the second waits exactly 20 s, the target time, and counts
// as answered within it; a third at 0 waits 40 s and does not.
func TestWaitAtTheThresholdIsWithin(t *testing.T) {
	m := oneQueue([]int{1}, []float64{0, 0}, 20)
	e, _ := answersWith(t, m, nil)
	if x := e.chans[0].iv[0]; x.answered != 2 || x.within != 2 {
		t.Errorf("two calls answered after 0 and 20 s with a 20 s target: %d within of %d", x.within, x.answered)
	}
	m = oneQueue([]int{1}, []float64{0, 0, 0}, 20)
	e, _ = answersWith(t, m, nil)
	if x := e.chans[0].iv[0]; x.answered != 3 || x.within != 2 {
		t.Errorf("three calls answered after 0, 20 and 40 s: %d within of %d, want 2 of 3", x.within, x.answered)
	}
}

// TestChatAHTIsSlowedDurationPlusWrap: two chats of 100 s of work each
// start at 0 on one agent with slowdown 1, so each moves at half speed and
// ends at 200; with 10 s of wrap-up the AHT is 210 s, the slowed-down
// duration plus wrap, not the 100 s of work.
func TestChatAHTIsSlowedDurationPlusWrap(t *testing.T) {
	m := &Model{IntervalSeconds: 1000, Intervals: 1, Seed: 1, Replications: 1,
		Channels: []Channel{{Name: "chat", Kind: Chat, Arrivals: Arrivals{Times: []float64{0, 0}},
			Handle: Const(100), Wrap: Const(10), Concurrency: 2, Slowdown: 1}},
		Groups: []Group{{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: []int{1}}},
	}
	r := run(t, m)
	if got := r.Channels[0].Total[AHT].Mean; math.Abs(got-210) > 1e-9 {
		t.Errorf("chat AHT %v s, want 210", got)
	}
}

// TestFlowCountsIncludeFollowOnsPastTheHorizon: a call handled from 1000
// to 1100 s of an 1800 s horizon escalates to email after 1000 s, at
// 2100, past the end: the flow counts it, and the email channel is never
// offered it.
func TestFlowCountsIncludeFollowOnsPastTheHorizon(t *testing.T) {
	m := &Model{IntervalSeconds: 1800, Intervals: 1, Seed: 1, Replications: 1,
		Channels: []Channel{
			{Name: "phone", Kind: Call, Arrivals: Arrivals{Times: []float64{1000}}, Handle: Const(100)},
			{Name: "email", Kind: Email, Handle: Const(100)},
		},
		Flows:  []Flow{{Kind: Escalation, From: 0, To: 1, Share: 1, Delay: Const(1000)}},
		Groups: []Group{{Name: "team", Skills: []Skill{{Channel: 0}, {Channel: 1}}, Staff: []int{1}}},
	}
	r := run(t, m)
	if got := r.Flows[0].Count.Mean; got != 1 {
		t.Errorf("flow count %v, want 1", got)
	}
	if got := r.Channels[0].Total[Escalated].Mean; got != 1 {
		t.Errorf("phone escalated %v, want 1", got)
	}
	if got := r.Channels[1].Total[Offered].Mean; got != 0 {
		t.Errorf("email offered %v, want 0: the escalation arrives after the horizon", got)
	}
}

// TestDocsStateTheRules: docs/model.md states each rule above and names
// the test that checks it, and each test it names exists, so that the
// docs and the code cannot drift apart silently.
func TestDocsStateTheRules(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "docs", "model.md"))
	if err != nil {
		t.Fatal(err)
	}
	var sources []byte
	files, _ := filepath.Glob("*_test.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, b...)
	}
	for rule, test := range map[string]string{
		"which busy agents leave when staffing falls":       "TestWhoLeavesWhenStaffingFalls",
		"agents finishing past their shift count for rises": "TestFinishingAgentsCountTowardARise",
		"flow counts include follow-ons past the horizon":   "TestFlowCountsIncludeFollowOnsPastTheHorizon",
		"chat AHT is the slowed-down duration plus wrap":    "TestChatAHTIsSlowedDurationPlusWrap",
		"a wait at the threshold counts as within":          "TestWaitAtTheThresholdIsWithin",
		"how totals over the horizon are formed":            "TestIntervalFiguresAgainstContacts",
	} {
		if !bytes.Contains(doc, []byte("`"+test+"`")) {
			t.Errorf("docs/model.md does not state %s (citing %s)", rule, test)
		}
		if !bytes.Contains(sources, []byte("func "+test+"(t *testing.T)")) {
			t.Errorf("the docs cite %s, which does not exist", test)
		}
	}
}
