package sim

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"math"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"
)

// runRep simulates one replication and returns the engine for inspection.
func runRep(t testing.TB, m *Model, rep int) *engine {
	t.Helper()
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	e := newEngine(context.Background(), m, rep)
	if err := e.run(); err != nil {
		t.Fatal(err)
	}
	return e
}

// steadyTally runs replication rep of m and returns the first channel's
// counts over the intervals from gridWarm on, past the warm-up.
func steadyTally(t testing.TB, m *Model, rep int) tally {
	t.Helper()
	e := runRep(t, m, rep)
	var x tally
	for i := gridWarm; i < m.Intervals; i++ {
		x.add(&e.chans[0].iv[i])
	}
	return x
}

func repeat[T any](v T, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = v
	}
	return s
}

// richModel exercises every feature at once: three real-time and deferred
// channels with classes, lines, patience, switching, escalations and
// repeats, chat concurrency with slowdown, follow-up messages, a blended
// group with a deferred reserve, an overflow group, an outsourcer paid per
// contact, staffing that changes, and an outage.
func richModel() *Model {
	const n = 16 // half-hours: 8 hours
	rates := func(base float64) []float64 {
		r := make([]float64, n)
		for i := range r {
			r[i] = base * (0.5 + math.Sin(float64(i)/n*math.Pi))
		}
		return r
	}
	patience := Dist{Kind: LogNormal, Mean: 180, CV: 1.2}
	chatPatience := Exp(300)
	staff := make([]int, n)
	for i := range staff {
		staff[i] = 10 + i%5*3
	}
	staff[6] = 2 // a sharp drop: agents finish what they hold, then leave
	return &Model{
		Name: "rich", IntervalSeconds: 1800, Intervals: n, Seed: 7, Replications: 3,
		Channels: []Channel{
			{
				Name: "phone", Kind: Call, Arrivals: Arrivals{Rates: rates(0.05)},
				Handle: Dist{Kind: Gamma, Mean: 240, CV: 0.9}, Wrap: Const(30), Patience: &patience,
				Lines: 12,
				Classes: []Class{
					{Name: "priority", Share: 0.2, Target: Target{Threshold: 10, Goal: 0.9}},
					{Name: "regular", Share: 0.8, Target: Target{Threshold: 20, Goal: 0.8}},
				},
				Switch: &Switch{Threshold: 150, Share: 0.4, To: 2},
				Redial: &Redial{Share: 0.3, Delay: Exp(300)},
			},
			{
				Name: "chat", Kind: Chat, Arrivals: Arrivals{Rates: rates(0.04)},
				Handle: Exp(400), Wrap: Dist{Kind: Uniform, Min: 10, Max: 30}, Patience: &chatPatience,
				Concurrency: 3, Slowdown: 0.3, Target: Target{Threshold: 60, Goal: 0.9},
			},
			{
				Name: "email", Kind: Email, Arrivals: Arrivals{Counts: repeat(30, n)},
				Handle: Dist{Kind: Empirical, Points: []CDFPoint{{60, 0}, {180, 0.5}, {600, 1}}},
				Classes: []Class{
					{Name: "urgent", Share: 0.1, Target: Target{Threshold: 1800, Goal: 0.9}},
					{Name: "normal", Share: 0.9, Target: Target{Threshold: 7200, Goal: 0.8}},
				},
				FollowUp: &FollowUp{Rate: 1.0 / 3600, Work: Const(45)},
			},
		},
		Flows: []Flow{
			{Kind: Escalation, From: 1, To: 2, Share: 0.25, Delay: Exp(600)},
			{Kind: Escalation, From: 0, To: 2, Share: 0.2, Delay: Const(60)},
			{Kind: Repeat, From: 0, To: 0, Share: 0.1, Delay: Exp(3600)},
			{Kind: Escalation, From: 2, To: 0, Share: 0.05, Delay: Exp(1800)},
		},
		Groups: []Group{
			{Name: "blended", Skills: []Skill{{Channel: 0}, {Channel: 1}, {Channel: 2}}, Staff: staff,
				HourlyCost: 30, DeferredReserve: 0.2, Outages: []Window{{From: 3 * 3600, To: 3*3600 + 1200}}},
			{Name: "chat-team", Skills: []Skill{{Channel: 1}, {Channel: 0, After: 30}}, Staff: repeat(4, n), HourlyCost: 28,
				Paid: repeat(5.0, n)},
			{Name: "outsourcer", Skills: []Skill{{Channel: 0, After: 240}}, Unlimited: true, ContactCost: 6.5},
		},
	}
}

// TestConservation checks, per replication, channel and interval, that
// every offered contact is accounted for exactly once.
func TestConservation(t *testing.T) {
	models := map[string]*Model{"rich": richModel(), "breadth": breadthModel(), "mmn": mmnModel(0.5, 240, 100, 120, 8)}
	for name, m := range models {
		for rep := range 3 {
			e := runRep(t, m, rep)
			for c := range e.chans {
				cs := &e.chans[c]
				var sum tally
				for i := range cs.iv {
					x := &cs.iv[i]
					sum.add(x)
					if got := x.answered + x.abandoned + x.blocked + x.switched + x.unfinished; got != x.offered {
						t.Errorf("%s rep %d %s interval %d: answered %d + abandoned %d + blocked %d + switched %d + unfinished %d = %d, offered %d",
							name, rep, cs.ch.Name, i, x.answered, x.abandoned, x.blocked, x.switched, x.unfinished, got, x.offered)
					}
					if x.completed > x.answered || x.within > x.answered || x.abandonedEarly > x.abandoned {
						t.Errorf("%s %s interval %d: inconsistent tally %+v", name, cs.ch.Name, i, *x)
					}
				}
				var cls tally
				for j := range cs.cls {
					cls.add(&cs.cls[j])
				}
				if cls.offered != sum.offered || cls.answered != sum.answered || cls.abandoned != sum.abandoned {
					t.Errorf("%s %s: class totals %d/%d/%d differ from interval totals %d/%d/%d", name, cs.ch.Name,
						cls.offered, cls.answered, cls.abandoned, sum.offered, sum.answered, sum.abandoned)
				}
				if sum.offered == 0 {
					t.Errorf("%s %s: no arrivals", name, cs.ch.Name)
				}
			}
			if name == "rich" || name == "breadth" {
				checkRichBehaviour(t, e)
			}
			if name == "breadth" {
				checkBreadthBehaviour(t, e)
			}
		}
	}
}

// checkRichBehaviour checks that each mechanism of the rich model did
// something, so that conservation is not checked on an idle model.
func checkRichBehaviour(t *testing.T, e *engine) {
	t.Helper()
	var phone, email tally
	for i := range e.chans[0].iv {
		phone.add(&e.chans[0].iv[i])
		email.add(&e.chans[2].iv[i])
	}
	if phone.abandoned == 0 || phone.switched == 0 || phone.blocked == 0 {
		t.Errorf("phone: expected abandonment, switching and blocking, got %+v", phone)
	}
	if email.followups == 0 || email.escalated == 0 {
		t.Errorf("email: expected follow-up messages and escalations, got %+v", email)
	}
	if e.chans[0].redialOut == 0 {
		t.Error("nobody redialled")
	}
	if sumInt(e.groups[2].handled) == 0 {
		t.Error("the outsourcer handled nothing")
	}
	for f, n := range e.flowCount {
		if n == 0 {
			t.Errorf("flow %d created no contact", f)
		}
	}
}

// checkBreadthBehaviour checks that each behaviour of the breadth model
// did something.
func checkBreadthBehaviour(t *testing.T, e *engine) {
	t.Helper()
	var phone, chat tally
	for i := range e.chans[0].iv {
		phone.add(&e.chans[0].iv[i])
		chat.add(&e.chans[1].iv[i])
	}
	if phone.cbAccepted == 0 || phone.cbMade == 0 || phone.siteOverflows == 0 {
		t.Errorf("phone: expected callbacks and site overflows, got %+v", phone)
	}
	if chat.selfServed == 0 || chat.selfFailed == 0 {
		t.Errorf("chat: expected self-service, got %+v", chat)
	}
	var absent, away float64
	for i := range e.groups[0].absent {
		absent += e.groups[0].absent[i]
		away += e.groups[0].away[i]
	}
	if absent == 0 || away == 0 {
		t.Errorf("voice: %v agent-seconds absent, %v away", absent, away)
	}
}

func sumInt(s []int64) int64 {
	var n int64
	for _, v := range s {
		n += v
	}
	return n
}

// TestLittle checks Little's law L = lambda W over the horizon on every
// run: the time-average number waiting equals the rate of contacts
// entering the queue times their mean time in it. On a finite horizon with
// waits clipped at its end this is an identity of the sample path, so it
// must hold to rounding, replication by replication and in the merged
// means.
func TestLittle(t *testing.T) {
	for _, m := range []*Model{richModel(), breadthModel(), mmnModel(1.9, 240, 480, 180, 24), mmnModel(0.19, 240, 50, 0, 24)} {
		m.Replications = 5
		r, err := Run(context.Background(), m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range r.Channels {
			if v := ch.Total[MeanQueue]; v.N != m.Replications {
				t.Errorf("%s: mean queue defined in %d of %d replications", ch.Name, v.N, m.Replications)
			}
		}
		for rep := range 3 {
			e := runRep(t, m, rep)
			for c := range e.chans {
				cs := &e.chans[c]
				var sum tally
				area := 0.0
				for i := range cs.iv {
					sum.add(&cs.iv[i])
					area += cs.qAreaIv[i]
				}
				L := area / e.horizon
				lambdaW := float64(sum.offered-sum.blocked) / e.horizon * (sum.waitAll / float64(sum.offered-sum.blocked))
				if math.Abs(L-lambdaW) > 1e-9*math.Max(1, L) {
					t.Errorf("%s rep %d: L = %.12g, lambda W = %.12g", cs.ch.Name, rep, L, lambdaW)
				}
			}
		}
	}
}

// TestDeterminism runs the same model with different worker counts and
// GOMAXPROCS and requires byte-identical results (gob writes every field,
// NaN included, in a fixed order).
func TestDeterminism(t *testing.T) {
	for _, m := range []*Model{richModel(), breadthModel()} {
		determinism(t, m)
	}
}

func determinism(t *testing.T, m *Model) {
	m.Replications = 6
	var want []byte
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		for _, workers := range []int{0, 1, 3, 8} {
			r, err := Run(context.Background(), m, Options{Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			got, err := encode(r)
			if err != nil {
				t.Fatal(err)
			}
			if want == nil {
				want = got
				continue
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("GOMAXPROCS %d, %d workers: output differs from the first run", procs, workers)
			}
		}
	}
	m.Seed++
	r, err := Run(context.Background(), m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := encode(r); bytes.Equal(got, want) {
		t.Fatal("a different seed gave the same output")
	}
}

// encode writes every field of a result as bytes to compare.
func encode(r *Result) ([]byte, error) {
	var b bytes.Buffer
	err := gob.NewEncoder(&b).Encode(r)
	return b.Bytes(), err
}

// TestArrivals checks the three ways of giving arrivals: Poisson rates
// (mean count per interval within a 99.9% normal interval, where the count
// over R replications is Poisson with mean R*rate*length), exact counts,
// and replayed times.
func TestArrivals(t *testing.T) {
	const n = 6
	rates := []float64{0, 0.1, 0.5, 0, 2, 0.01}
	counts := []int{3, 0, 100, 7, 0, 1}
	times := []float64{0, 1, 1, 2.5, 1799.999, 1800, 5000, 10799, 20000}
	m := &Model{IntervalSeconds: 1800, Intervals: n, Seed: 3, Replications: 1,
		Channels: []Channel{
			{Name: "rates", Kind: Call, Arrivals: Arrivals{Rates: rates}, Handle: Exp(10)},
			{Name: "counts", Kind: Call, Arrivals: Arrivals{Counts: counts}, Handle: Exp(10)},
			{Name: "times", Kind: Call, Arrivals: Arrivals{Times: times}, Handle: Exp(10)},
		},
		Groups: []Group{{Name: "g", Skills: []Skill{{Channel: 0}, {Channel: 1}, {Channel: 2}}, Unlimited: true}},
	}
	const reps = 40
	got := make([]int64, n)
	for rep := range reps {
		e := runRep(t, m, rep)
		for i := range n {
			got[i] += e.chans[0].iv[i].offered
			if c := e.chans[1].iv[i].offered; c != int64(counts[i]) {
				t.Errorf("rep %d interval %d: %d arrivals replayed from a count of %d", rep, i, c, counts[i])
			}
		}
		// 1800 s opens interval 1; 20000 s is past the six half-hours.
		wantTimes := []int64{5, 1, 1, 0, 0, 1}
		for i := range n {
			if c := e.chans[2].iv[i].offered; c != wantTimes[i] {
				t.Errorf("rep %d interval %d: %d replayed times, want %d", rep, i, c, wantTimes[i])
			}
		}
	}
	for i, r := range rates {
		mean := reps * r * 1800
		if r == 0 {
			if got[i] != 0 {
				t.Errorf("interval %d: %d arrivals at rate 0", i, got[i])
			}
			continue
		}
		if z := (float64(got[i]) - mean) / math.Sqrt(mean); math.Abs(z) > 3.29 {
			t.Errorf("interval %d: %d arrivals over %d replications, expected %.0f (z = %.2f)", i, got[i], reps, mean, z)
		}
	}
}

// TestStaffingChange checks what happens when staffing falls to zero: the
// agents finish the contacts in hand (so handling goes on past the
// boundary) and nobody starts new work until staff returns, when the new
// agents take from the queue at once.
func TestStaffingChange(t *testing.T) {
	m := mmnModel(0.1, 600, 12, 0, 4)
	m.Channels[0].Handle = Const(600) // every contact in hand ends within the next interval
	m.Groups[0].Staff = []int{12, 0, 0, 12}
	e := runRep(t, m, 0)
	acc := &e.groups[0]
	if acc.handled[1] != 0 || acc.handled[2] != 0 {
		t.Errorf("contacts started while nobody was on shift: %v", acc.handled)
	}
	if acc.busy[1] == 0 {
		t.Error("no handling after the shift ended: agents should finish the contact in hand")
	}
	if acc.busy[2] != 0 {
		t.Errorf("busy time %v in an interval without agents, after every contact in hand must have ended", acc.busy[2])
	}
	cs := &e.chans[0]
	if cs.queueEnd[2] == 0 {
		t.Error("no backlog built up while nobody was on shift")
	}
	// The backlog outlasts interval 3, so the returning agents are busy
	// from its first instant to its last.
	if busy := acc.busy[3] / 1800; math.Abs(busy-12) > 1e-9 {
		t.Errorf("returning agents busy %v agent-intervals of 12: they should take from the queue at once", busy)
	}
	// Presence: 12 agents for the first half-hour, those finishing their
	// contact some time into the second, nobody in the third.
	if p := acc.presence[0] / 1800; math.Abs(p-12) > 1e-9 {
		t.Errorf("presence %v agents in interval 0, want 12", p)
	}
	if acc.presence[2] != 0 {
		t.Errorf("presence %v in interval 2", acc.presence[2])
	}
}

// TestCarryOver checks that a backlog left by one understaffed interval
// hurts the next one, which per-interval Erlang cannot see: the same
// staffing in interval 1 gives a lower service level after a bad interval
// 0 than after a good one. Tolerance: the difference of means over 30
// replications must exceed the sum of both 95% half-widths.
func TestCarryOver(t *testing.T) {
	run := func(first int) Stat {
		m := mmnModel(0.2, 240, 54, 600, 2)
		m.Groups[0].Staff = []int{first, 54}
		m.Replications = 30
		r, err := Run(context.Background(), m, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return r.Channels[0].Intervals[1][ServiceLevel]
	}
	after := run(36)
	good := run(60)
	if !(good.Mean-after.Mean > good.HalfWidth+after.HalfWidth) {
		t.Errorf("service level at 54 agents after a bad interval %.3f±%.3f, after a good one %.3f±%.3f: expected the backlog to hurt",
			after.Mean, after.HalfWidth, good.Mean, good.HalfWidth)
	}
}

// TestUnfinishedAndOverflow: a deferred channel with no agents leaves
// every request unfinished; an overflow group only takes contacts that
// have waited long enough.
func TestUnfinishedAndOverflow(t *testing.T) {
	m := &Model{IntervalSeconds: 3600, Intervals: 3, Seed: 1, Replications: 1,
		Channels: []Channel{{Name: "email", Kind: Email, Arrivals: Arrivals{Counts: []int{10, 0, 0}}, Handle: Const(60)}},
		Groups:   []Group{{Name: "late", Skills: []Skill{{Channel: 0, After: 7200}}, Staff: []int{5, 5, 5}}},
	}
	e := runRep(t, m, 0)
	x := e.chans[0].iv[0]
	if x.answered != 10 {
		t.Fatalf("answered %d of 10", x.answered)
	}
	if x.waitAnswered/float64(x.answered) < 7200 {
		t.Errorf("mean first-reply time %v: the overflow group took requests before 2 h", x.waitAnswered/float64(x.answered))
	}
	m.Groups[0].Staff = []int{0, 0, 0}
	e = runRep(t, m, 0)
	if x := e.chans[0].iv[0]; x.unfinished != 10 || x.answered != 0 {
		t.Errorf("without agents: %+v", x)
	}
	if e.chans[0].queueEnd[2] != 10 || e.chans[0].oldest[2] < 7200 {
		t.Errorf("backlog at the end %v, oldest %v", e.chans[0].queueEnd[2], e.chans[0].oldest[2])
	}
}

// TestCancel stops a long run through its context.
func TestCancel(t *testing.T) {
	m := mmnModel(2, 240, 500, 180, 48*300)
	m.Replications = 2
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, m, Options{}); err == nil {
		t.Fatal("a cancelled run returned no error")
	}
}

func TestValidateRejects(t *testing.T) {
	bad := []func(m *Model){
		func(m *Model) { m.Intervals = 0 },
		func(m *Model) { m.IntervalSeconds = math.NaN() },
		func(m *Model) { m.Channels[0].Arrivals.Rates[0] = -1 },
		func(m *Model) { m.Channels[0].Arrivals.Times = []float64{3, 1} },
		func(m *Model) { m.Channels[0].Handle = Dist{Kind: LogNormal, Mean: 10, CV: 0} },
		func(m *Model) { m.Groups[0].Staff = m.Groups[0].Staff[:1] },
		func(m *Model) { m.Groups[0].Skills = nil },
		func(m *Model) { m.Groups[0].Skills[0].Channel = 9 },
		func(m *Model) { m.Flows = []Flow{{From: 0, To: 0, Share: 1.5}} },
		func(m *Model) { m.Channels[0].Classes = []Class{{Name: "a", Share: 0.5}} },
		func(m *Model) { m.Channels[0].Switch = &Switch{To: 0, Share: 0.5} },
		func(m *Model) { m.Replications = 0 },
		func(m *Model) { m.Channels[0].Handle = Const(0) },
		func(m *Model) { m.Channels[0].Switch = &Switch{To: 0, Share: 0.5, Threshold: 0} },
		func(m *Model) { m.Groups[0].Paid = []float64{1} },
		func(m *Model) { m.Groups[0].PaidBreaks = make([]float64, m.Intervals+1) },
		func(m *Model) {
			m.Groups[0].PaidBreaks = make([]float64, m.Intervals)
			m.Groups[0].PaidBreaks[0] = math.Inf(1)
		},
	}
	for i, f := range bad {
		m := mmnModel(1, 100, 5, 0, 4)
		f(m)
		if _, err := Run(context.Background(), m, Options{}); err == nil {
			t.Errorf("case %d: invalid model accepted", i)
		}
	}
}

// TestProgress: a run reports its progress from another goroutine about
// ten times a second, with shares in [0, 1] that never go back and that
// move while the run goes on; the last report is 1, and none comes after
// Run returns.
func TestProgress(t *testing.T) {
	check := func(name string, seen []float64) {
		t.Helper()
		for i, v := range seen {
			if !(v >= 0 && v <= 1) {
				t.Errorf("%s: progress %v outside [0, 1]", name, v)
			}
			if i > 0 && v < seen[i-1] {
				t.Errorf("%s: progress went back from %v to %v", name, seen[i-1], v)
			}
		}
	}

	// While it runs: a run far too long to finish (1,000 replications of
	// three days) is cancelled after five reports, so that the test waits
	// for reports however fast or slow the machine is. A minute without
	// five reports fails.
	const want = 5
	m := mmnModel(2, 240, 500, 180, 48*3)
	m.Replications = 1000
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	timeout := time.AfterFunc(time.Minute, cancel)
	defer timeout.Stop()
	var mu sync.Mutex
	var seen []float64
	_, err := Run(ctx, m, Options{Workers: 2, Progress: func(done float64) {
		mu.Lock()
		defer mu.Unlock()
		if seen = append(seen, done); len(seen) == want {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: error %v", err)
	}
	mu.Lock()
	running := slices.Clone(seen)
	mu.Unlock()
	if len(running) < want {
		t.Fatalf("%d progress reports in a minute, want %d: %v", len(running), want, running)
	}
	check("while running", running)
	if last := running[len(running)-1]; !(last > 0 && last < 1) {
		t.Errorf("progress %v after %d reports of a run far from done: want it strictly between 0 and 1", last, want)
	}

	// To the end: a short run reports 1 last, and nothing after Run
	// returns (waiting one and a half report periods to see).
	m = mmnModel(1, 240, 300, 180, 48)
	m.Replications = 4
	seen = nil
	if _, err := Run(context.Background(), m, Options{Workers: 2, Progress: func(done float64) {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, done)
	}}); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	n := len(seen)
	mu.Unlock()
	time.Sleep(150 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != n {
		t.Errorf("%d progress reports after Run returned: %v", len(seen)-n, seen[n:])
	}
	check("to the end", seen)
	if n == 0 || seen[n-1] != 1 {
		t.Errorf("progress reports %v: want the last to be 1", seen[:n])
	}
}

// breadthModel is richModel with every behaviour of issue 21 on as well:
// over-dispersed phone demand, chat self-service, callbacks on the phone,
// a slower overflow group with its own handle time for chat, absence and
// adherence, and the phone shared by two sites with overflow and an
// outage.
func breadthModel() *Model {
	m := richModel()
	m.Name = "breadth"
	phone, chat := &m.Channels[0], &m.Channels[1]
	phone.Arrivals.Dispersion, phone.Arrivals.DayCV = 3, 0.1
	phone.Callback = &Callback{Threshold: 40, Accept: []AcceptPoint{{0, 0.05}, {300, 0.3}}, Ahead: 600, Promise: 1200}
	chat.SelfService = &SelfService{Share: 0.4, Fail: 0.3, Delay: Exp(90), Cost: 0.4}
	m.Groups[0].Absence = 0.08
	m.Groups[0].Away, m.Groups[0].AwaySpell = 0.1, 600
	m.Groups[0].Site = "east"
	chatHandle := Dist{Kind: LogNormal, Mean: 500, CV: 0.7}
	for k := range m.Groups[1].Skills {
		m.Groups[1].Skills[k].HandleFactor = 1.3
		if m.Groups[1].Skills[k].Channel == 1 {
			m.Groups[1].Skills[k].Handle = &chatHandle
		}
	}
	m.Groups[1].Site = "west"
	shares := make([]float64, len(m.Channels))
	shares[0] = 0.7
	rest := make([]float64, len(m.Channels))
	rest[0] = 0.3
	m.Sites = []Site{
		{Name: "east", Shares: shares, OverflowAfter: 45},
		{Name: "west", Shares: rest, OverflowAfter: 90, Outages: []Window{{From: 3 * 3600, To: 4 * 3600}}},
	}
	return m
}
