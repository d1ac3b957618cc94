package sim

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// Each test here switches one behaviour on and off and checks that the
// forecast moves the way the behaviour says, so that it would fail if the
// behaviour were missing.

func run(t *testing.T, m *Model) *Result {
	t.Helper()
	r, err := Run(context.Background(), m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// zBinomial is how many standard errors k successes in n trials are from
// share p.
func zBinomial(k, n, p float64) float64 {
	return (k - n*p) / math.Sqrt(n*p*(1-p))
}

// twoChannel is a chat channel feeding an email channel, each with its own
// team, over a working day of half-hours.
func twoChannel(escalate float64) *Model {
	const n = 20
	return &Model{
		IntervalSeconds: 1800, Intervals: n, Seed: 11, Replications: 8,
		Channels: []Channel{
			{Name: "chat", Kind: Chat, Arrivals: Arrivals{Rates: repeat(0.05, n)}, Handle: Exp(300),
				Concurrency: 2, Target: Target{Threshold: 60, Goal: 0.9}},
			{Name: "email", Kind: Email, Arrivals: Arrivals{Rates: repeat(0.01, n)}, Handle: Exp(240),
				Target: Target{Threshold: 4 * 3600, Goal: 0.8}},
		},
		Flows: []Flow{{Kind: Escalation, From: 0, To: 1, Share: escalate, Delay: Exp(120)}},
		Groups: []Group{
			{Name: "chat", Skills: []Skill{{Channel: 0}}, Staff: repeat(10, n)},
			{Name: "email", Skills: []Skill{{Channel: 1}}, Staff: repeat(3, n)},
		},
	}
}

// poissonQuantile is the least k with P(X <= k) >= p for X Poisson with
// the given mean.
func poissonQuantile(mean, p float64) int64 {
	d := distuv.Poisson{Lambda: mean}
	k := int64(0)
	for d.CDF(float64(k)) < p {
		k++
	}
	return k
}

// TestEscalation: 25% of chats go on to email. The share of handled
// chats that escalate must be 25% within 3.29 binomial standard errors
// (99.9%), and because every channel draws its own arrivals from its own
// stream, the email channel's offered volume grows by exactly the
// escalations that arrived within the horizon.
//
// Those that did not arrive are still on their way when the horizon ends.
// Chats end at their arrival rate (15 Erlangs on 20 slots, nobody
// abandons), so escalations leave at 0.05 x 0.25 a second, each arriving
// an Exp(120 s) delay later: the number in flight at any instant is
// Poisson with mean 0.0125 x 120 = 1.5 (an M/G/infinity count). The email
// channel may miss at most its 99.9% quantile, Bonferroni over the four
// replications.
func TestEscalation(t *testing.T) {
	off, on := twoChannel(0), twoChannel(0.25)
	off.Flows = nil
	late := poissonQuantile(0.05*0.25*120, 1-0.001/4)
	for rep := range 4 {
		a, b := runRep(t, off, rep), runRep(t, on, rep)
		var chatDone, emailA, emailB int64
		for i := range a.chans[0].iv {
			chatDone += b.chans[0].iv[i].completed
			emailA += a.chans[1].iv[i].offered
			emailB += b.chans[1].iv[i].offered
		}
		esc := b.flowCount[0]
		if z := zBinomial(float64(esc), float64(chatDone), 0.25); math.Abs(z) > 3.29 {
			t.Errorf("rep %d: %d of %d handled chats escalated (z = %.2f), want 25%%", rep, esc, chatDone, z)
		}
		// Escalations scheduled past the end of the horizon never arrive.
		if extra := emailB - emailA; extra > esc || extra < esc-late {
			t.Errorf("rep %d: email grew by %d with %d escalations; at most %d may be on their way at the end", rep, extra, esc, late)
		}
		var escalated int64
		for i := range b.chans[0].iv {
			escalated += b.chans[0].iv[i].escalated
		}
		if escalated != esc {
			t.Errorf("rep %d: chat counts %d escalations, the flow %d", rep, escalated, esc)
		}
	}
	r := run(t, on)
	if len(r.Flows) != 1 || r.Flows[0].From != "chat" || r.Flows[0].To != "email" || r.Flows[0].Count.Mean == 0 {
		t.Errorf("flow results %+v", r.Flows)
	}
}

// TestRepeats: a channel whose contacts come back unresolved with share u
// (into the same channel, with a short delay) sees its offered volume
// multiplied by 1/(1-u) in steady state: the first contact plus a
// geometric number of repeats. Tolerance: 3.29 standard errors of the
// ratio over 10 replications, plus 1% for the contacts still to repeat at
// the end of the horizon.
func TestRepeats(t *testing.T) {
	m := mmnModel(0.1, 60, 20, 0, 48)
	base := run(t, m).Channels[0].Total[Offered]
	m.Flows = []Flow{{Kind: Repeat, From: 0, To: 0, Share: 0.26, Delay: Exp(300)}}
	rep := run(t, m).Channels[0].Total[Offered]
	want := 1 / (1 - 0.26)
	got := rep.Mean / base.Mean
	se := got * math.Hypot(rep.SD/rep.Mean, base.SD/base.Mean) / math.Sqrt(float64(rep.N))
	if math.Abs(got-want) > 3.29*se+0.01*want {
		t.Errorf("offered grew by %.4f with 26%% repeats, want %.4f (SE %.4f)", got, want, se)
	}
}

// TestSwitching: customers who wait longer than the threshold move to
// another channel with the given share. With nobody to answer the phone
// and patience far longer than the horizon, every caller reaches the
// threshold unless the horizon ends first, so among callers who arrived at
// least the threshold before the end, the share that switched must be 40%
// within 3.29 binomial standard errors; the others are still waiting.
func TestSwitching(t *testing.T) {
	m := twoChannel(0)
	m.Flows = nil
	m.Channels[0].Kind = Call
	m.Channels[0].Concurrency = 0
	p := Exp(1e9)
	m.Channels[0].Patience = &p
	m.Channels[0].Switch = &Switch{Threshold: 3600, Share: 0.4, To: 1}
	m.Groups[0].Staff = repeat(0, m.Intervals)
	e := runRep(t, m, 0)
	var early, all tally
	for i := range e.chans[0].iv {
		all.add(&e.chans[0].iv[i])
		if float64(i+1)*m.IntervalSeconds <= m.Horizon()-3600 {
			early.add(&e.chans[0].iv[i])
		}
	}
	if z := zBinomial(float64(early.switched), float64(early.offered), 0.4); math.Abs(z) > 3.29 {
		t.Errorf("%d of %d callers switched (z = %.2f), want 40%%", early.switched, early.offered, z)
	}
	if early.abandoned != 0 || early.switched+early.unfinished != early.offered {
		t.Errorf("callers who did not switch should still be waiting: %+v", early)
	}
	if all.switched != e.chans[0].switchOut {
		t.Errorf("switched %d, counted out %d", all.switched, e.chans[0].switchOut)
	}
	r := run(t, m)
	if f := r.Flows[len(r.Flows)-1]; f.Kind != "switch" || f.To != "email" || !(f.Count.Mean > 0) {
		t.Errorf("switch flow %+v", f)
	}
}

// TestPriorities: with one queue over two classes, the high class waits
// less than the low class; with the classes in the other order, the other
// way round. Tolerance: the difference must exceed the sum of the 95%
// half-widths over 10 replications.
func TestPriorities(t *testing.T) {
	m := mmnModel(0.2, 240, 50, 0, 16)
	m.Replications = 10
	m.Channels[0].Classes = []Class{{Name: "urgent", Share: 0.2}, {Name: "normal", Share: 0.8}}
	r := run(t, m)
	hi, lo := r.Channels[0].Classes[0].Total[ASA], r.Channels[0].Classes[1].Total[ASA]
	if !(lo.Mean-hi.Mean > lo.HalfWidth+hi.HalfWidth) {
		t.Errorf("urgent ASA %v±%v, normal %v±%v: priority made no difference", hi.Mean, hi.HalfWidth, lo.Mean, lo.HalfWidth)
	}
}

// TestChatConcurrency: three chats per agent let the same team answer
// far more: at a load of 12 Erlangs on 6 agents a one-at-a-time team
// drowns (twice its capacity: a service level near 0), a three-at-a-time
// team keeps up (18 slots at two thirds: near 1), so the difference must
// be far above the 0.3 asked. Occupancy counts slots: a chat holds a
// third of its agent.
func TestChatConcurrency(t *testing.T) {
	m := mmnModel(0.05, 240, 6, 600, 16) // 12 Erlangs of chat
	m.Channels[0].Kind = Chat
	m.Replications = 6
	one := run(t, m)
	m.Channels[0].Concurrency = 3
	three := run(t, m)
	sl1, sl3 := one.Channels[0].Total[ServiceLevel], three.Channels[0].Total[ServiceLevel]
	if !(sl3.Mean > sl1.Mean+0.3) {
		t.Errorf("service level %v with three chats per agent, %v with one", sl3.Mean, sl1.Mean)
	}
	// Slot occupancy: 12 Erlangs of chat spread over 18 slots, 2/3, less
	// the share that abandons before it is answered. It must lie within
	// the simulated 99.9% interval (Student t over 6 replications), which
	// also covers the empty start (one handle time of eight hours, under
	// 1% of the occupancy).
	occ := three.Groups[0].Total[Occupancy]
	want := 12.0 / 18 * (1 - three.Channels[0].Total[AbandonRate].Mean)
	if hw := occ.HalfWidthAt(0.999); !(math.Abs(occ.Mean-want) <= hw) {
		t.Errorf("slot occupancy %v±%v, expected %v: 12/18 less abandonment", occ.Mean, hw, want)
	}
	// Slowdown: each extra chat slows the others, so the same team gets
	// through less and occupancy rises.
	m.Channels[0].Slowdown = 0.5
	slow := run(t, m)
	if !(slow.Channels[0].Total[AHT].Mean > three.Channels[0].Total[AHT].Mean*1.1) {
		t.Errorf("AHT %v with slowdown 0.5, %v without", slow.Channels[0].Total[AHT].Mean, three.Channels[0].Total[AHT].Mean)
	}
}

// TestDeferredBacklog: email answered only in office hours carries its
// backlog overnight; the first reply to a request sent in the evening
// waits for the morning, and nobody abandons.
func TestDeferredBacklog(t *testing.T) {
	const n = 48 * 2 // two days of half-hours
	staff := make([]int, n)
	for i := range staff {
		if h := i % 48 / 2; h >= 8 && h < 17 {
			staff[i] = 2
		}
	}
	m := &Model{IntervalSeconds: 1800, Intervals: n, Seed: 4, Replications: 4,
		Channels: []Channel{{Name: "email", Kind: Email, Arrivals: Arrivals{Rates: repeat(1.0/600, n)}, Handle: Exp(300),
			Target: Target{Threshold: 8 * 3600, Goal: 0.8}}},
		Groups: []Group{{Name: "office", Skills: []Skill{{Channel: 0}}, Staff: staff}},
	}
	r := run(t, m)
	ch := r.Channels[0]
	evening := ch.Intervals[48+0] // day 2, 00:00: the night's backlog
	if !(evening[QueueEnd].Mean > 10) || !(evening[OldestAge].Mean > 6*3600) {
		t.Errorf("backlog at midnight %v, oldest %v s: expected the evening's requests to wait", evening[QueueEnd].Mean, evening[OldestAge].Mean)
	}
	opening, noon := ch.Intervals[48+16], ch.Intervals[48+24]
	if !(noon[QueueEnd].Mean < opening[QueueEnd].Mean/2) {
		t.Errorf("backlog not worked down: %v at 08:30, %v at 12:30", opening[QueueEnd].Mean, noon[QueueEnd].Mean)
	}
	if ch.Total[Abandoned].Mean != 0 {
		t.Error("email requests abandoned")
	}
	if !(ch.Intervals[40][ASA].Mean > 8*3600) {
		t.Errorf("first reply to a request at 20:00 took %v s; it should wait for the morning", ch.Intervals[40][ASA].Mean)
	}
}

// TestDeferredReserve: a blended team swamped by calls answers no email
// unless a share of it is reserved for deferred work. The calls (24
// Erlangs on 20 agents) keep every agent busy, so without a reserve
// nearly no email is answered; a 10% reserve keeps two agents for the
// 144 emails of the day (12 agent-hours of their 16), which answer nearly
// all of them: far more than the 5 x none + 20 asked.
func TestDeferredReserve(t *testing.T) {
	const n = 16
	m := &Model{IntervalSeconds: 1800, Intervals: n, Seed: 5, Replications: 3,
		Channels: []Channel{
			{Name: "phone", Kind: Call, Arrivals: Arrivals{Rates: repeat(0.1, n)}, Handle: Exp(240)}, // 24 Erlangs
			{Name: "email", Kind: Email, Arrivals: Arrivals{Rates: repeat(0.005, n)}, Handle: Exp(300)},
		},
		Groups: []Group{{Name: "blended", Skills: []Skill{{Channel: 0}, {Channel: 1}}, Staff: repeat(20, n)}},
	}
	none := run(t, m).Channels[1].Total[Answered].Mean
	m.Groups[0].DeferredReserve = 0.1
	reserved := run(t, m).Channels[1].Total[Answered].Mean
	if !(reserved > 5*none+20) {
		t.Errorf("emails answered: %v with 10%% reserved, %v without", reserved, none)
	}
}

// TestFollowUps: customers who wait send duplicate messages, which add
// work but not requests: AHT grows by rate x mean wait x work per message
// (in expectation), and offered stays the same.
func TestFollowUps(t *testing.T) {
	m := &Model{IntervalSeconds: 3600, Intervals: 24, Seed: 6, Replications: 6,
		Channels: []Channel{{Name: "email", Kind: Email, Arrivals: Arrivals{Rates: repeat(0.01, 24)}, Handle: Const(300)}},
		Groups:   []Group{{Name: "g", Skills: []Skill{{Channel: 0}}, Staff: repeat(1, 24)}},
	}
	m.Groups[0].Staff[0] = 0
	m.Groups[0].Staff[1] = 0
	base := run(t, m).Channels[0].Total
	m.Channels[0].FollowUp = &FollowUp{Rate: 1.0 / 3600, Work: Const(60)}
	with := run(t, m).Channels[0].Total
	if with[Offered].Mean != base[Offered].Mean {
		t.Errorf("follow-ups changed offered: %v vs %v", with[Offered].Mean, base[Offered].Mean)
	}
	// Expected extra work per answered request: E[wait]/3600 messages x 60 s.
	// Waits grow with the extra work, so compare with the run's own ASA.
	// Tolerance: the two 99.9% half-widths (Student t over 6 replications)
	// added as independent errors.
	want := with[ASA].Mean / 3600 * 60
	got := with[AHT].Mean - 300
	tol := math.Hypot(with[AHT].HalfWidthAt(0.999), with[ASA].HalfWidthAt(0.999)/3600*60)
	if !(with[FollowUps].Mean > 0) || !(math.Abs(got-want) <= tol) {
		t.Errorf("AHT grew by %.1f s with %v messages, expected %.1f±%.1f s", got, with[FollowUps].Mean, want, tol)
	}
}

// TestOutageAndOutsourcer: while the only team is down, an outsourcer
// paid per contact takes the calls that have waited past its threshold,
// and no call is started by the team.
func TestOutageAndOutsourcer(t *testing.T) {
	m := mmnModel(0.05, 240, 20, 0, 8)
	m.Groups[0].Outages = []Window{{From: 3600, To: 7200}}
	m.Groups = append(m.Groups, Group{Name: "outsourcer", Skills: []Skill{{Channel: 0, After: 90}}, Unlimited: true, ContactCost: 7})
	e := runRep(t, m, 0)
	team, out := &e.groups[0], &e.groups[1]
	if team.handled[2] != 0 || team.handled[3] != 0 {
		t.Errorf("the team handled %d and %d contacts during its outage", team.handled[2], team.handled[3])
	}
	if out.handled[2] == 0 || out.handled[0] != 0 {
		t.Errorf("outsourcer handled %v: expected work only while the team was down", out.handled)
	}
	if c := out.unitCosts[2]; c != 7*float64(out.handled[2]) {
		t.Errorf("outsourcer cost %v for %d contacts at 7", c, out.handled[2])
	}
	r := run(t, m)
	if p99 := r.Channels[0].Intervals[2][WaitMax].Mean; p99 > 90.001 {
		t.Errorf("longest wait during the outage %v s: the outsourcer should take every call at 90 s", p99)
	}
}

// TestCostAllocation: the costs allocated to channels add up to the
// groups' costs, and cost per contact is cost over handled contacts.
func TestCostAllocation(t *testing.T) {
	m := richModel()
	r := run(t, m)
	var channels, groups float64
	for _, c := range r.Channels {
		channels += c.Total[Cost].Mean
	}
	for _, g := range r.Groups {
		groups += g.Total[GroupCost].Mean
	}
	if math.Abs(channels-groups) > 1e-6*groups || groups == 0 {
		t.Errorf("channel costs %v, group costs %v", channels, groups)
	}
	// Paid hours: the chat team is paid for 5 agents over 8 hours.
	if ph := r.Groups[1].Total[PaidHours].Mean; math.Abs(ph-40) > 1e-9 {
		t.Errorf("chat team paid hours %v, want 40", ph)
	}
	if c := r.Groups[1].Total[GroupCost].Mean; math.Abs(c-40*28) > 1e-6 {
		t.Errorf("chat team cost %v, want %v", c, 40*28)
	}
}

// TestRedial: blocked and abandoned callers who try again come back as
// new offered contacts. With common random numbers the first attempts are
// the same with and without redials, so offered grows by exactly the
// redials that arrived within the horizon, and the share of leavers who
// redial is 50% within 3.29 binomial standard errors.
//
// The redials that did not arrive are those of callers lost in the last
// 120 s (the delay is constant). Half of the last half-hour's losses,
// scaled to 120 s, estimate their mean; the shortfall may be at most the
// 99.9% quantile of a Poisson count with that mean.
func TestRedial(t *testing.T) {
	m := mmnModel(0.2, 240, 40, 60, 16) // 48 Erlangs on 40 agents: many abandon
	m.Channels[0].Lines = 60
	base := runRep(t, m, 0)
	m.Channels[0].Redial = &Redial{Share: 0.5, Delay: Const(120)}
	with := runRep(t, m, 0)
	var b, w tally
	for i := range base.chans[0].iv {
		b.add(&base.chans[0].iv[i])
		w.add(&with.chans[0].iv[i])
	}
	redials := with.chans[0].redialOut
	lastIv := with.chans[0].iv[len(with.chans[0].iv)-1]
	late := poissonQuantile(0.5*float64(lastIv.abandoned+lastIv.blocked)*120/m.IntervalSeconds, 0.999)
	if extra := w.offered - b.offered; extra > redials || extra < redials-late {
		t.Errorf("offered grew by %d with %d redials; at most %d may be on their way at the end", extra, redials, late)
	}
	if z := zBinomial(float64(redials), float64(w.abandoned+w.blocked), 0.5); math.Abs(z) > 3.29 {
		t.Errorf("%d redials from %d blocked or abandoned (z = %.2f), want 50%%", redials, w.abandoned+w.blocked, z)
	}
	if w.blocked == 0 {
		t.Error("no blocking: the test does not exercise redials after blocking")
	}
}

// TestOpeningHours: a channel open 07:00-19:00 receives no calls at
// night, and repeat calls due at night arrive when it opens the next
// morning, so 07:00 on day 2 sees the night's repeats on top of its own
// calls. NextOpen is checked against the windows directly.
func TestOpeningHours(t *testing.T) {
	const n = 96 // two days of half-hours
	m := mmnModel(0.02, 240, 8, 0, n)
	hours := []Window{{7 * 3600, 19 * 3600}, {31 * 3600, 43 * 3600}}
	m.Channels[0].Hours = hours
	m.Flows = []Flow{{Kind: Repeat, From: 0, To: 0, Share: 0.3, Delay: Const(4 * 3600)}}
	e := runRep(t, m, 0)
	iv := e.chans[0].iv
	for i := range n {
		h := float64(i) * 1800
		open := (h >= 7*3600 && h < 19*3600) || (h >= 31*3600 && h < 43*3600)
		if !open && iv[i].offered != 0 {
			t.Errorf("interval %d (closed): %d offered", i, iv[i].offered)
		}
		if open && iv[i].blocked != 0 {
			t.Errorf("interval %d (open): %d blocked", i, iv[i].blocked)
		}
	}
	// A repeat falls due four hours after its call ends, so the repeats of
	// the calls that came after 15:00 on day 1 and were handled fall due
	// at night and arrive at 07:00 on day 2: a binomial share 0.3 of those
	// calls, on top of the half-hour's own Poisson count of 0.02 x 1800 =
	// 36. (Calls that came just before 15:00 and ended after it add about
	// two more: AHT 240 s at some 100 calls an hour, times 0.3.) The
	// arrivals must lie within 3.29 standard deviations (99.9%) of
	// 36 + 0.3 ended.
	var ended int64
	for i := 30; i < 48; i++ {
		ended += iv[i].completed // by the interval the call came in
	}
	want := 36 + 0.3*float64(ended)
	sd := math.Sqrt(36 + 0.3*0.7*float64(ended))
	if morning := iv[62].offered; math.Abs(float64(morning)-want) > 3.29*sd {
		t.Errorf("07:00 on day 2 saw %d arrivals, want %.1f±%.1f: its own calls and the night's repeats of %d calls",
			morning, want, 3.29*sd, ended)
	}
	c := Channel{Hours: hours}
	for _, tc := range []struct{ t, want float64 }{
		{0, 7 * 3600}, {7 * 3600, 7 * 3600}, {8 * 3600, 8 * 3600}, {19 * 3600, 31 * 3600},
		{43 * 3600, math.Inf(1)}, {50 * 3600, math.Inf(1)},
	} {
		if got := c.NextOpen(tc.t); got != tc.want {
			t.Errorf("NextOpen(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
}

// TestMixedConcurrencyOccupancy: a group that takes two chat channels of
// concurrency 2 and 3 under heavy load keeps its occupancy within 100% in
// every interval. An agent with a chat of the first may take two of the
// second; counting each chat 1/k of its own channel made that agent 7/6
// busy, and a group 104% occupied.
func TestMixedConcurrencyOccupancy(t *testing.T) {
	const n = 8
	m := &Model{IntervalSeconds: 900, Intervals: n, Seed: 3, Replications: 4,
		Channels: []Channel{
			{Name: "two", Kind: Chat, Arrivals: Arrivals{Rates: repeat(0.05, n)}, Handle: Exp(300), Concurrency: 2},
			{Name: "three", Kind: Chat, Arrivals: Arrivals{Rates: repeat(0.05, n)}, Handle: Exp(300), Concurrency: 3},
		},
		Groups: []Group{{Name: "chat", Skills: []Skill{{Channel: 0}, {Channel: 1}}, Staff: repeat(6, n)}},
	}
	r := run(t, m)
	busiest := 0.0
	for i, v := range r.Groups[0].Intervals {
		o := v[Occupancy].Mean
		busiest = max(busiest, o)
		if o > 1 {
			t.Errorf("interval %d: occupancy %v", i, o)
		}
	}
	if busiest < 0.9 {
		t.Errorf("occupancy at most %v: the group is not loaded enough to test the limit", busiest)
	}
}
