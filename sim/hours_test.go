package sim

import (
	"math"
	"testing"
)

// openAt reports whether t lies in one of the windows.
func openAt(hours []Window, t float64) bool {
	for _, w := range hours {
		if t >= w.From && t < w.To {
			return true
		}
	}
	return false
}

// TestRealtimeArrivalsFollowHours: a call channel open 08:15-20:00 with a
// constant rate has no arrival while closed, and the half-open 08:00
// interval receives the rate times its 15 open minutes: over 400
// replications the count is Poisson with mean 0.05 x 900 x 400 = 18,000,
// held within 4 standard deviations (a 6e-5 chance of a false alarm).
// Before, calls kept arriving at night and were turned away as blocked.
func TestRealtimeArrivalsFollowHours(t *testing.T) {
	const n, reps = 48, 400
	m := mmnModel(0.05, 240, 20, 300, n)
	hours := []Window{{8*3600 + 900, 20 * 3600}}
	m.Channels[0].Hours = hours
	var half int64
	for rep := range reps {
		e := runRep(t, m, rep)
		for i := range n {
			x := &e.chans[0].iv[i]
			start := float64(i) * 1800
			switch {
			case start+1800 <= hours[0].From || start >= hours[0].To:
				if x.offered != 0 {
					t.Fatalf("replication %d, closed interval %d: %d arrivals", rep, i, x.offered)
				}
			case i == 16:
				half += x.offered
			}
			if x.blocked != 0 {
				t.Fatalf("replication %d, interval %d: %d blocked without lines", rep, i, x.blocked)
			}
		}
	}
	want := 0.05 * 900 * reps
	if z := (float64(half) - want) / math.Sqrt(want); math.Abs(z) > 4 {
		t.Errorf("08:00-08:30 (open from 08:15) received %d calls in %d replications, want %.0f (z = %.1f)", half, reps, want, z)
	}
}

// TestRealtimeArrivalTimesWithinHours: every call of a channel open in two
// windows a day over two days arrives while it is open, including follow-on
// repeats due at night, which arrive when it next opens.
func TestRealtimeArrivalTimesWithinHours(t *testing.T) {
	const n = 96
	m := mmnModel(0.03, 240, 10, 300, n)
	hours := []Window{{7 * 3600, 12 * 3600}, {13*3600 + 600, 19 * 3600}, {31 * 3600, 43 * 3600}}
	m.Channels[0].Hours = hours
	m.Flows = []Flow{{Kind: Repeat, From: 0, To: 0, Share: 0.3, Delay: Const(4 * 3600)}}
	seen := 0
	for rep := range 20 {
		e := newEngineForTest(t, m, rep)
		e.trace = func(c *contact, f fate, wait float64) {
			seen++
			if !openAt(hours, c.arrive) {
				t.Errorf("replication %d: a call arrived at %s, while closed", rep, m.Timeline().At(c.arrive))
			}
		}
		if err := e.run(); err != nil {
			t.Fatal(err)
		}
	}
	if seen < 1000 {
		t.Fatalf("only %d calls", seen)
	}
}

// TestRecordedArrivalsWhileClosed: recorded arrivals (timestamps) that fall
// while a chat is closed are turned away: offered, blocked and closed.
// They count in no share, so a closed interval has no service level and no
// abandon rate (absent, not 0%), and the day's service level is that of
// the chats that came while it was open.
func TestRecordedArrivalsWhileClosed(t *testing.T) {
	const n = 48
	var times []float64
	for s := 300.0; s < 86400; s += 300 {
		times = append(times, s)
	}
	patience := Exp(600)
	m := &Model{IntervalSeconds: 1800, Intervals: n, Seed: 2, Replications: 3,
		Channels: []Channel{{Name: "chat", Kind: Chat, Arrivals: Arrivals{Times: times}, Handle: Exp(300),
			Patience: &patience, Concurrency: 2, Target: Target{Threshold: 60, Goal: 0.9},
			Hours: []Window{{8 * 3600, 22 * 3600}}}},
		Groups: []Group{{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: repeat(4, n)}},
	}
	r := run(t, m)
	ch := r.Channels[0]
	for i, v := range ch.Intervals {
		open := i >= 16 && i < 44
		if open {
			if v[Blocked].Mean != 0 || !(v[ServiceLevel].Mean > 0.5) {
				t.Errorf("open interval %d: blocked %v, service level %v", i, v[Blocked].Mean, v[ServiceLevel].Mean)
			}
			continue
		}
		if v[Offered].Mean == 0 || v[Blocked].Mean != v[Offered].Mean {
			t.Errorf("closed interval %d: offered %v, blocked %v, want every arrival blocked", i, v[Offered].Mean, v[Blocked].Mean)
		}
		for _, k := range []Metric{ServiceLevel, ServiceLevelAnswered, ServiceLevelAdjusted, AbandonRate, ASA} {
			if v[k].N != 0 || !math.IsNaN(v[k].Mean) {
				t.Errorf("closed interval %d: %s = %v (n %d), want it absent", i, k.Key(), v[k].Mean, v[k].N)
			}
		}
	}
	// 168 chats of the day came while open, all answered by 8 slots at
	// 0.1 Erlang: the day's service level is theirs, near 100%, not 168
	// over 287.
	if sl := ch.Total[ServiceLevel].Mean; !(sl > 0.95) {
		t.Errorf("the day's service level %v counts the chats turned away at night", sl)
	}
}

// TestDeferredHoursAreWorkingHours: an email channel open 08:00-18:00
// takes requests around the clock; those that arrive while it is closed
// wait (none is blocked), no reply starts while it is closed, and the
// night's backlog is answered from 08:00. An escalation from a call due at
// night arrives at its time and waits too.
func TestDeferredHoursAreWorkingHours(t *testing.T) {
	const n = 96 // two days
	hours := []Window{{8 * 3600, 18 * 3600}, {32 * 3600, 42 * 3600}}
	m := &Model{IntervalSeconds: 1800, Intervals: n, Seed: 5, Replications: 1,
		Channels: []Channel{
			{Name: "phone", Kind: Call, Arrivals: Arrivals{Rates: repeat(0.01, n)}, Handle: Exp(200),
				Target: Target{Threshold: 20, Goal: 0.8}},
			{Name: "email", Kind: Email, Arrivals: Arrivals{Rates: repeat(1.0/300, n)}, Handle: Exp(300),
				Target: Target{Threshold: 4 * 3600, Goal: 0.8}, Hours: hours},
		},
		Flows: []Flow{{Kind: Escalation, From: 0, To: 1, Share: 0.3, Delay: Const(600)}},
		Groups: []Group{
			{Name: "phones", Skills: []Skill{{Channel: 0}}, Staff: repeat(3, n)},
			// Blended agents on shift around the clock: they would answer
			// email at night if the channel were worked then.
			{Name: "office", Skills: []Skill{{Channel: 1}}, Staff: repeat(4, n)},
		},
	}
	for rep := range 10 {
		e := newEngineForTest(t, m, rep)
		var nightArrivals, offeredAtNight, firstAtOpen int
		e.trace = func(c *contact, f fate, wait float64) {
			if c.channel != 1 {
				return
			}
			if f == fateBlocked || f == fateClosed {
				t.Errorf("replication %d: an email was turned away", rep)
			}
			if f == fateAnswered {
				start := c.arrive + wait
				if !openAt(hours, start) {
					t.Errorf("replication %d: a reply started at %s, while closed", rep, m.Timeline().At(start))
				}
				if start == 8*3600 || start == 32*3600 {
					firstAtOpen++
				}
				if !openAt(hours, c.arrive) {
					nightArrivals++
				}
			}
		}
		if err := e.run(); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			x := &e.chans[1].iv[i]
			if !openAt(hours, float64(i)*1800) && x.offered > 0 {
				offeredAtNight += int(x.offered)
			}
		}
		if nightArrivals == 0 || firstAtOpen == 0 || offeredAtNight == 0 {
			t.Errorf("replication %d: %d night requests answered, %d replies at opening time, %d offered at night",
				rep, nightArrivals, firstAtOpen, offeredAtNight)
		}
		var escalated int64
		for i := range n {
			if !openAt(hours, float64(i)*1800) {
				escalated += e.chans[0].iv[i].escalated
			}
		}
		if escalated == 0 {
			t.Errorf("replication %d: no escalation from calls at night", rep)
		}
		// The backlog at 08:00 on day 2 holds the night's requests: 14
		// hours at 12 an hour, some 168, with the 02:00-08:00 escalations.
		if q := e.chans[1].queueEnd[63]; q < 100 {
			t.Errorf("replication %d: backlog at 07:30-08:00 on day 2 is %v, want the night's requests", rep, q)
		}
	}
}

// TestSwitchIntoClosedDeferred: a caller who switches to email while
// email is closed arrives in the email queue at once and waits.
func TestSwitchIntoClosedDeferred(t *testing.T) {
	const n = 4
	patience := Exp(1e6)
	m := &Model{IntervalSeconds: 1800, Intervals: n, Seed: 1, Replications: 1,
		Channels: []Channel{
			{Name: "phone", Kind: Call, Arrivals: Arrivals{Times: []float64{10, 20, 30}}, Handle: Const(100),
				Patience: &patience, Switch: &Switch{Threshold: 60, Share: 1, To: 1}},
			{Name: "email", Kind: Email, Arrivals: Arrivals{Rates: repeat(0.0, n)}, Handle: Const(100),
				Hours: []Window{{3600, 7200}}},
		},
		Groups: []Group{
			{Name: "none", Skills: []Skill{{Channel: 0}}, Staff: repeat(0, n)},
			{Name: "office", Skills: []Skill{{Channel: 1}}, Staff: repeat(1, n)},
		},
	}
	e := newEngineForTest(t, m, 0)
	var starts []float64
	e.trace = func(c *contact, f fate, wait float64) {
		if c.channel == 1 && f == fateAnswered {
			starts = append(starts, c.arrive+wait)
			if c.arrive != 70 && c.arrive != 80 && c.arrive != 90 {
				t.Errorf("a switched caller arrived in email at %v, want 60 s after the call", c.arrive)
			}
		}
	}
	if err := e.run(); err != nil {
		t.Fatal(err)
	}
	if want := []float64{3600, 3700, 3800}; len(starts) != 3 || starts[0] != want[0] || starts[1] != want[1] || starts[2] != want[2] {
		t.Errorf("replies started at %v, want %v: at opening, one after another", starts, want)
	}
}
