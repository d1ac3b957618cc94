package sim

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
)

// traced is one contact's fate as the engine's trace hook heard it.
type traced struct {
	ch, interval int
	thr          float64 // the target time of the contact's class
	fate         fate
	wait         float64
}

// newEngineForTest validates a model and sets up one replication of it,
// for a test to set the trace hook before it runs.
func newEngineForTest(t *testing.T, m *Model, rep int) *engine {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	return newEngine(context.Background(), m, rep)
}

// traceRep simulates one replication with the trace hook on and returns
// the engine and every contact's fate.
func traceRep(t *testing.T, m *Model, rep int) (*engine, []traced) {
	t.Helper()
	e := newEngineForTest(t, m, rep)
	var out []traced
	e.trace = func(c *contact, f fate, wait float64) {
		out = append(out, traced{ch: int(c.channel), interval: int(c.interval), thr: e.chans[c.channel].thr[c.class], fate: f, wait: wait})
	}
	if err := e.run(); err != nil {
		t.Fatal(err)
	}
	return e, out
}

// nearestRank is the p-quantile of sorted waits by nearest rank: the
// smallest wait with at least p of them at or below it.
func nearestRank(sorted []float64, p float64) float64 {
	r := int(math.Ceil(p * float64(len(sorted))))
	return sorted[max(r, 1)-1]
}

// standingPhone is one day of a phone queue like a planner's: some 6,000
// calls on a morning-peaked curve, lognormal handling of 5 minutes (cv 1),
// 45 s of wrap-up, patience of 30 minutes, and 72 agents from 07:00 to
// 19:00 only, tight at the peak. Queues stand at the ends of the peak
// intervals, through the night (nobody answers) and at 07:00.
func standingPhone() *Model {
	const n = 48
	rates := make([]float64, n)
	staff := make([]int, n)
	for i := range n {
		h := float64(i) / 2
		rates[i] = 0.02 + 0.16*math.Exp(-(h-11)*(h-11)/12)
		if h >= 7 && h < 19 {
			staff[i] = 72
		}
	}
	patience := Exp(1800)
	return &Model{IntervalSeconds: 1800, Intervals: n, Seed: 1, Replications: 1,
		Channels: []Channel{{Name: "phone", Kind: Call, Arrivals: Arrivals{Rates: rates},
			Handle: Dist{Kind: LogNormal, Mean: 300, CV: 1}, Wrap: Const(45), Patience: &patience,
			Target: Target{Threshold: 20, Goal: 0.8}}},
		Groups: []Group{{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: staff}},
	}
}

// backlogEmail is an email channel with two classes whose requests arrive
// around the clock and are answered from 08:00 to 18:00: the backlog
// stands overnight and through the morning.
func backlogEmail() *Model {
	const n = 48
	counts := make([]int, n)
	staff := make([]int, n)
	for i := range n {
		counts[i] = 10 + 3*(i%7)
		if i >= 16 && i < 36 {
			staff[i] = 6
		}
	}
	return &Model{IntervalSeconds: 1800, Intervals: n, Seed: 1, Replications: 1,
		Channels: []Channel{{Name: "email", Kind: Email, Arrivals: Arrivals{Counts: counts},
			Handle: Dist{Kind: Gamma, Mean: 420, CV: 0.8},
			Classes: []Class{
				{Name: "urgent", Share: 0.2, Target: Target{Threshold: 3600, Goal: 0.9}},
				{Name: "normal", Share: 0.8, Target: Target{Threshold: 4 * 3600, Goal: 0.8}},
			}}},
		Groups: []Group{{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: staff}},
	}
}

// overloadedChat is a chat channel with concurrency 3 and slowdown,
// overloaded at its peak.
func overloadedChat() *Model {
	const n = 16
	rates := make([]float64, n)
	for i := range n {
		rates[i] = 0.02 + 0.05*math.Sin(float64(i)/n*math.Pi)
	}
	patience := Exp(400)
	return &Model{IntervalSeconds: 1800, Intervals: n, Seed: 1, Replications: 1,
		Channels: []Channel{{Name: "chat", Kind: Chat, Arrivals: Arrivals{Rates: rates},
			Handle: Exp(600), Wrap: Const(20), Patience: &patience, Concurrency: 3, Slowdown: 0.25,
			Target: Target{Threshold: 60, Goal: 0.8}}},
		Groups: []Group{{Name: "team", Skills: []Skill{{Channel: 0}}, Staff: repeat(7, n)}},
	}
}

// openHours is a day of a phone line open 08:15-20:00 (arrivals by rate),
// a chat replaying recorded arrivals that come around the clock while it
// is open 08:00-22:00 (those at night are turned away), and an email
// channel worked 09:00-17:00 and fed by escalations from both: queues
// stand at the ends of the peaks, the email backlog overnight.
func openHours() *Model {
	const n = 48
	rates := make([]float64, n)
	for i := range n {
		h := float64(i) / 2
		rates[i] = 0.01 + 0.05*math.Exp(-(h-12)*(h-12)/8)
	}
	var times []float64
	for s := 97.0; s < 86400; s += 113 {
		times = append(times, s)
	}
	patience := Exp(240)
	return &Model{IntervalSeconds: 1800, Intervals: n, Seed: 1, Replications: 1,
		Channels: []Channel{
			{Name: "phone", Kind: Call, Arrivals: Arrivals{Rates: rates}, Handle: Exp(240), Patience: &patience,
				Target: Target{Threshold: 20, Goal: 0.8}, Hours: []Window{{8*3600 + 900, 20 * 3600}}},
			{Name: "chat", Kind: Chat, Arrivals: Arrivals{Times: times}, Handle: Exp(500), Patience: &patience,
				Concurrency: 2, Target: Target{Threshold: 60, Goal: 0.8}, Hours: []Window{{8 * 3600, 22 * 3600}}},
			{Name: "email", Kind: Email, Handle: Exp(400), Target: Target{Threshold: 2 * 3600, Goal: 0.8},
				Hours: []Window{{9 * 3600, 17 * 3600}}},
		},
		Flows: []Flow{
			{Kind: Escalation, From: 0, To: 2, Share: 0.3, Delay: Exp(900)},
			{Kind: Escalation, From: 1, To: 2, Share: 0.3, Delay: Exp(900)},
		},
		Groups: []Group{
			{Name: "voice", Skills: []Skill{{Channel: 0}, {Channel: 2}}, Staff: repeat(11, n)},
			{Name: "digital", Skills: []Skill{{Channel: 1}, {Channel: 2}}, Staff: repeat(3, n)},
		},
	}
}

// TestIntervalFiguresAgainstContacts checks the per-interval figures of
// each channel, and the horizon's percentiles, against exact computations
// over the contacts themselves as the trace hook records them, on models
// whose queues stand at interval ends, over 20 seeds each. A service level
// is a share of the contacts whose outcome is known (not turned away while
// closed, not still waiting at the end within their target time); an
// abandon rate a share of those that arrived while open. Counts and
// shares must agree exactly (they are ratios of the same integers); ASA
// to rounding; a percentile is the nearest-rank order statistic of the
// answered waits read from a histogram bucket, so it must lie within half
// a bucket, 1/256 of the wait (see histBits).
func TestIntervalFiguresAgainstContacts(t *testing.T) {
	seeds := 20
	if testing.Short() {
		seeds = 5
	}
	models := map[string]func() *Model{
		"phone": standingPhone, "email": backlogEmail, "chat": overloadedChat, "rich": richModel, "hours": openHours,
	}
	for _, name := range []string{"phone", "email", "chat", "rich", "hours"} {
		t.Run(name, func(t *testing.T) {
			var seen exercised
			for seed := 1; seed <= seeds; seed++ {
				m := models[name]()
				m.Seed = uint64(seed)
				e, contacts := traceRep(t, m, 0)
				v := newLayout(m, nil).values(e)
				seen.add(checkAgainstContacts(t, fmt.Sprintf("seed %d", seed), m, e, v, contacts))
				if t.Failed() {
					return
				}
			}
			// The percentiles are only at risk where a queue stands at an
			// interval's end with answered contacts in it.
			if seen.standing < seeds {
				t.Errorf("only %d intervals over %d seeds ended with a queue: the model does not test what it should", seen.standing, seeds)
			}
			if name == "email" && seen.censored == 0 {
				t.Error("no email was still waiting within its target time at the end: censoring is not tested")
			}
			if name == "hours" && seen.closed == 0 {
				t.Error("no chat was turned away while closed: closed hours are not tested")
			}
		})
	}
}

// exercised counts what a model put to the test: intervals that ended
// with a queue and had answered contacts, censored contacts, and contacts
// turned away while closed.
type exercised struct{ standing, censored, closed int }

func (x *exercised) add(o exercised) {
	x.standing += o.standing
	x.censored += o.censored
	x.closed += o.closed
}

// checkAgainstContacts compares one replication's values with its
// contacts.
func checkAgainstContacts(t *testing.T, seed string, m *Model, e *engine, v []float64, contacts []traced) (seen exercised) {
	t.Helper()
	l := newLayout(m, nil)
	n := m.Intervals
	type cell struct {
		offered, answered, abandoned, blocked, switched, unfinished, within int
		closed, censored                                                    int
		answeredWaits                                                       []float64
	}
	cells := make([][]cell, len(m.Channels))
	for c := range cells {
		cells[c] = make([]cell, n)
	}
	var all []float64
	chanWaits := make([][]float64, len(m.Channels))
	var timingDay [2]cell
	var timingWaits [2][]float64
	for _, x := range contacts {
		k := &cells[x.ch][x.interval]
		k.offered++
		switch x.fate {
		case fateAnswered:
			k.answered++
			k.answeredWaits = append(k.answeredWaits, x.wait)
			chanWaits[x.ch] = append(chanWaits[x.ch], x.wait)
			all = append(all, x.wait)
			if x.wait <= x.thr {
				k.within++
			}
		case fateAbandoned:
			k.abandoned++
		case fateSwitched:
			k.switched++
		case fateBlocked:
			k.blocked++
		case fateClosed:
			k.blocked++
			k.closed++
		case fateUnfinished:
			k.unfinished++
			if x.wait < x.thr {
				k.censored++
			}
		}
	}
	near := func(got, want float64) bool {
		return math.Abs(got-want) <= want/256+1e-9
	}
	same := func(got, want float64) bool {
		return got == want || math.IsNaN(got) && math.IsNaN(want) || math.Abs(got-want) <= 1e-12*math.Abs(want)
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return math.NaN()
		}
		return float64(a) / float64(b)
	}
	checkPct := func(where string, got []float64, waits []float64) {
		slices.Sort(waits)
		for j, p := range percentiles {
			g := got[j]
			if len(waits) == 0 {
				if !math.IsNaN(g) {
					t.Errorf("%s %s: p%g = %v without answered contacts", seed, where, 100*p, g)
				}
				continue
			}
			if want := nearestRank(waits, p); !near(g, want) {
				t.Errorf("%s %s: p%g = %.4g s, the %d answered waits give %.4g s", seed, where, 100*p, g, len(waits), want)
			}
		}
	}
	for c := range m.Channels {
		cs := &e.chans[c]
		for i := range n {
			k := &cells[c][i]
			got := v[l.chIv+(c*n+i)*NumMetrics:][:NumMetrics]
			where := fmt.Sprintf("%s %s", cs.ch.Name, m.Timeline().Label(i))
			counts := []struct {
				metric Metric
				want   int
			}{
				{Offered, k.offered}, {Answered, k.answered}, {Abandoned, k.abandoned},
				{Blocked, k.blocked}, {Switched, k.switched}, {Unfinished, k.unfinished},
			}
			for _, x := range counts {
				if got[x.metric] != float64(x.want) {
					t.Errorf("%s %s: %s = %v, the contacts give %d", seed, where, x.metric.Key(), got[x.metric], x.want)
				}
			}
			known := k.offered - k.closed - k.censored
			if want := ratio(k.within, known); cs.hasSL && !same(got[ServiceLevel], want) {
				t.Errorf("%s %s: service level %v, the contacts give %d/%d", seed, where, got[ServiceLevel], k.within, known)
			}
			if s := got[ServiceLevel]; s < 0 || s > 1 {
				t.Errorf("%s %s: service level %v outside 0..1", seed, where, s)
			}
			open := k.offered - k.closed
			if want := ratio(k.abandoned, open); !same(got[AbandonRate], want) {
				t.Errorf("%s %s: abandon rate %v, the contacts give %d/%d", seed, where, got[AbandonRate], k.abandoned, open)
			}
			asa := math.NaN()
			if k.answered > 0 {
				sum := 0.0
				for _, w := range k.answeredWaits {
					sum += w
				}
				asa = sum / float64(k.answered)
			}
			if g := got[ASA]; !(same(g, asa) || math.Abs(g-asa) <= 1e-9*math.Max(1, asa)) {
				t.Errorf("%s %s: ASA %v, the contacts give %v", seed, where, g, asa)
			}
			if k.answered > 0 {
				if want := slices.Max(k.answeredWaits); got[WaitMax] != want {
					t.Errorf("%s %s: longest wait %v, the contacts give %v", seed, where, got[WaitMax], want)
				}
			}
			checkPct(where, got[WaitP50:WaitP99+1], k.answeredWaits)
			if cs.queueEnd[i] > 0 && k.answered > 0 {
				seen.standing++
			}
			seen.censored += k.censored
			seen.closed += k.closed
		}
		// The day: counts summed, shares as ratios of the summed counts.
		var day cell
		waitSum := 0.0
		for i := range n {
			k := &cells[c][i]
			day.offered += k.offered
			day.answered += k.answered
			day.abandoned += k.abandoned
			day.within += k.within
			day.closed += k.closed
			day.censored += k.censored
			for _, w := range k.answeredWaits {
				waitSum += w
			}
		}
		got := v[l.chTot+c*NumMetrics:][:NumMetrics]
		where := cs.ch.Name + " over the horizon"
		if got[Offered] != float64(day.offered) || got[Answered] != float64(day.answered) || got[Abandoned] != float64(day.abandoned) {
			t.Errorf("%s %s: offered %v answered %v abandoned %v, the contacts give %d, %d, %d", seed, where,
				got[Offered], got[Answered], got[Abandoned], day.offered, day.answered, day.abandoned)
		}
		if want := ratio(day.within, day.offered-day.closed-day.censored); cs.hasSL && !same(got[ServiceLevel], want) {
			t.Errorf("%s %s: service level %v, the contacts give %v", seed, where, got[ServiceLevel], want)
		}
		if want := ratio(day.abandoned, day.offered-day.closed); !same(got[AbandonRate], want) {
			t.Errorf("%s %s: abandon rate %v, the contacts give %v", seed, where, got[AbandonRate], want)
		}
		if day.answered > 0 {
			if want := waitSum / float64(day.answered); math.Abs(got[ASA]-want) > 1e-9*math.Max(1, want) {
				t.Errorf("%s %s: ASA %v, the contacts give %v", seed, where, got[ASA], want)
			}
		}
		checkPct(where, got[WaitP50:WaitP99+1], chanWaits[c])
		k := timing(cs.realtime)
		td := &timingDay[k]
		td.offered += day.offered
		td.answered += day.answered
		td.within += day.within
		td.closed += day.closed
		td.censored += day.censored
		timingWaits[k] = append(timingWaits[k], chanWaits[c]...)
	}
	// The real-time and the deferred channels, each merged.
	for k, name := range []string{"real-time channels", "deferred channels"} {
		got := v[l.timing+k*NumMetrics:][:NumMetrics]
		td := &timingDay[k]
		if got[Offered] != float64(td.offered) || got[Answered] != float64(td.answered) {
			t.Errorf("%s %s: offered %v answered %v, the contacts give %d, %d", seed, name, got[Offered], got[Answered], td.offered, td.answered)
		}
		if want := ratio(td.within, td.offered-td.closed-td.censored); !same(got[ServiceLevel], want) {
			t.Errorf("%s %s: service level %v, the contacts give %v", seed, name, got[ServiceLevel], want)
		}
		checkPct(name, got[WaitP50:WaitP99+1], timingWaits[k])
	}
	got := v[l.tot:][:NumMetrics]
	checkPct("all channels over the horizon", got[WaitP50:WaitP99+1], all)
	return seen
}

// largeWeek is a large center's week at 15-minute intervals: 20,000 calls
// a weekday (a third of that at weekends) on a two-peaked curve, chat with
// concurrency 3 open 08:00-22:00 on recorded-style arrival counts around
// the clock (those at night are turned away), email worked 08:00-20:00 and
// fed by escalations, three groups with blended skills, staffing tight at
// the peaks so that queues stand at many interval ends.
func largeWeek() *Model {
	const perDay = 96
	const n = 7 * perDay
	day := func(h float64) float64 {
		return math.Exp(-(h-11)*(h-11)/6) + 0.8*math.Exp(-(h-15)*(h-15)/8)
	}
	norm := 0.0
	for i := range perDay {
		norm += day(float64(i) / 4)
	}
	rates := make([]float64, n)
	chats := make([]int, n)
	emails := make([]float64, n)
	voice, digital, back := make([]int, n), make([]int, n), make([]int, n)
	var hours, emailHours []Window
	for d := range 7 {
		volume := 20000.0
		if d >= 5 {
			volume = 6500
		}
		base := float64(d) * 86400
		hours = append(hours, Window{From: base + 8*3600, To: base + 22*3600})
		emailHours = append(emailHours, Window{From: base + 8*3600, To: base + 20*3600})
		for k := range perDay {
			i := d*perDay + k
			h := float64(k) / 4
			rates[i] = volume * day(h) / norm / 900
			chats[i] = int(8 + 60*day(h))
			emails[i] = 250.0 / 86400
			// Agents for a load of rate x 300 s, a little short at the peaks.
			load := rates[i] * 300
			voice[i] = int(load*0.97) + 2
			digital[i] = 20
			if h >= 8 && h < 20 {
				back[i] = 6
			}
		}
	}
	patience := Dist{Kind: LogNormal, Mean: 240, CV: 1}
	chatPatience := Exp(300)
	return &Model{IntervalSeconds: 900, Intervals: n, Seed: 1, Replications: 1,
		Channels: []Channel{
			{Name: "phone", Kind: Call, Arrivals: Arrivals{Rates: rates}, Handle: Dist{Kind: LogNormal, Mean: 270, CV: 1},
				Wrap: Const(30), Patience: &patience, Target: Target{Threshold: 20, Goal: 0.8}},
			{Name: "chat", Kind: Chat, Arrivals: Arrivals{Counts: chats}, Handle: Exp(480), Patience: &chatPatience,
				Concurrency: 3, Slowdown: 0.25, Target: Target{Threshold: 60, Goal: 0.9}, Hours: hours},
			{Name: "email", Kind: Email, Arrivals: Arrivals{Rates: emails}, Handle: Exp(360),
				Classes: []Class{
					{Name: "urgent", Share: 0.1, Target: Target{Threshold: 3600, Goal: 0.9}},
					{Name: "normal", Share: 0.9, Target: Target{Threshold: 8 * 3600, Goal: 0.9}},
				}, Hours: emailHours},
		},
		Flows: []Flow{
			{Kind: Escalation, From: 0, To: 2, Share: 0.1, Delay: Exp(600)},
			{Kind: Escalation, From: 1, To: 2, Share: 0.2, Delay: Exp(600)},
			{Kind: Repeat, From: 0, To: 0, Share: 0.05, Delay: Exp(3 * 3600)},
		},
		Groups: []Group{
			{Name: "voice", Skills: []Skill{{Channel: 0}, {Channel: 2}}, Staff: voice},
			{Name: "digital", Skills: []Skill{{Channel: 1}, {Channel: 2}}, Staff: digital},
			{Name: "back-office", Skills: []Skill{{Channel: 2}, {Channel: 0, After: 60}}, Staff: back},
		},
	}
}

// TestLargeWeekAgainstContacts runs the per-contact check on a large
// center's week (some 110,000 calls, 20,000 chats and the email that
// follows) over three seeds: the figures a planner sees at real size are
// the contacts' own.
func TestLargeWeekAgainstContacts(t *testing.T) {
	if testing.Short() {
		t.Skip("a week of a large center: the full suite runs it")
	}
	var seen exercised
	for seed := 1; seed <= 3; seed++ {
		m := largeWeek()
		m.Seed = uint64(seed)
		e, contacts := traceRep(t, m, 0)
		if len(contacts) < 100000 {
			t.Fatalf("only %d contacts: the week is not at the size it claims", len(contacts))
		}
		v := newLayout(m, nil).values(e)
		seen.add(checkAgainstContacts(t, fmt.Sprintf("seed %d", seed), m, e, v, contacts))
		if t.Failed() {
			return
		}
	}
	if seen.standing < 100 || seen.closed == 0 {
		t.Errorf("%d intervals ended with a queue, %d chats turned away: the week does not test what it should", seen.standing, seen.closed)
	}
}
