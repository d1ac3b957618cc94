package sim

import (
	"fmt"
	"math"
	"testing"

	"github.com/ccsim/ccsim/erlang"
)

// callbackModel is an M/M/n queue whose waiting customers are offered a
// callback when their expected wait passes 20 seconds.
func callbackModel(n int, rho, patience float64, cb Callback, intervals int) *Model {
	m := mmnModel(rho*float64(n)/240, 240, n, patience, intervals)
	m.Channels[0].Callback = &cb
	return m
}

// TestCallbacksConserveWork: without abandonment, callbacks only reorder
// who is served next among identical exponential contacts, and no
// discipline that keeps agents busy while anyone waits changes the number
// in the system, which is M/M/n's. So the mean wait of all answered
// contacts (live and called back, from arrival to an agent) is Erlang C's
// ASA whatever the callback rule, while the live customers wait less than
// that when callbacks give way to them. Each replication runs at least 20
// relaxation times and 20,000 arrivals; the first and last tenths are left
// out (warm-up, and callbacks still waiting at the end). Tolerance: the
// grid's criterion (checkMixedGrid), 60 replications a cell.
func TestCallbacksConserveWork(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the callback work-conservation grid")
	}
	rules := map[string]Callback{
		"keep place":      {Threshold: 20, Accept: []AcceptPoint{{0, 0.6}}, KeepPlace: true},
		"when idle":       {Threshold: 20, Accept: []AcceptPoint{{0, 0.2}, {120, 0.8}}, Ahead: math.Inf(1), Promise: 1800},
		"ahead after 2 m": {OnWait: true, Threshold: 30, Accept: []AcceptPoint{{0, 0.7}}, Ahead: 120, Promise: 600},
	}
	var cells []mixedCell
	for _, n := range []int{5, 30} {
		for _, rho := range []float64{0.75, 0.9} {
			for name, cb := range rules {
				m := callbackModel(n, rho, 0, cb, 100)
				m.IntervalSeconds = math.Max(20*relaxation(n, rho, 0), 20_000/(rho*float64(n)/240)) / 100
				m.Replications = 60
				m.Seed = uint64(n*100) + uint64(rho*100)
				q := erlang.CQueue{Agents: float64(n), Load: rho * float64(n), AHT: 240}
				asa, err := q.ASA()
				if err != nil {
					t.Fatal(err)
				}
				c := mixedCell{name: fmt.Sprintf("%s n=%d rho=%.2f", name, n, rho), m: m, warm: 10, cool: 10,
					want:  map[string]float64{"ASA": asa},
					res:   map[string]float64{"ASA": 1e-9, "live ASA": 1e-9},
					plain: map[string]float64{},
					measure: func(e *engine, x *tally) map[string]float64 {
						v := map[string]float64{"ASA": x.waitAnswered / float64(x.answered)}
						if x.liveAnswered > 0 {
							v["live ASA"] = x.liveWait / float64(x.liveAnswered)
						}
						return v
					}}
				if !cb.KeepPlace {
					// Callbacks give way: live customers wait less than all do.
					c.plain["live ASA"] = asa
				}
				cells = append(cells, c)
			}
		}
	}
	checkMixedGrid(t, cells)
}

// TestCallbacksCounts checks what callbacks change and their counts on an
// impatient queue, against the same queue (same customers: common random
// numbers) without them: fewer abandon, and fewer are blocked since a
// customer who accepted holds no line; offers happen only to customers
// who cannot be answered at once; every accepted callback is made or still
// waiting; kept ones are within the promise; and live customers answered
// after waiting past the threshold are those who declined.
func TestCallbacksCounts(t *testing.T) {
	for _, cb := range []Callback{
		{Threshold: 30, Accept: []AcceptPoint{{0, 0.5}, {300, 0.9}}, KeepPlace: true, Promise: 900},
		{Threshold: 30, Accept: []AcceptPoint{{0, 0.8}}, Ahead: math.Inf(1), Promise: 900},
		{OnWait: true, Threshold: 45, Accept: []AcceptPoint{{0, 1}}, Ahead: 300, Promise: 900},
	} {
		name := fmt.Sprintf("keep %v, on wait %v", cb.KeepPlace, cb.OnWait)
		m := callbackModel(20, 0.95, 180, cb, 32)
		m.Channels[0].Lines = 30
		m.Replications = 10
		with := run(t, m).Channels[0].Total
		m.Channels[0].Callback = nil
		without := run(t, m).Channels[0].Total
		ab, ab0 := with[AbandonRate], without[AbandonRate]
		t.Logf("%s: offered %.0f, accepted %.0f, made %.0f, kept %.0f; callback wait %.0f s; abandon %.3f (without %.3f); blocked %.0f (without %.0f); live ASA %.1f s, ASA %.1f s (without %.1f s)",
			name, with[CallbacksOffered].Mean, with[CallbacksAccepted].Mean, with[CallbacksMade].Mean, with[CallbacksKept].Mean,
			with[CallbackWait].Mean, ab.Mean, ab0.Mean, with[Blocked].Mean, without[Blocked].Mean, with[LiveASA].Mean, with[ASA].Mean, without[ASA].Mean)
		if !(ab.High() < ab0.Low()) {
			t.Errorf("%s: abandonment %.3f ± %.3f, not below %.3f ± %.3f without callbacks", name, ab.Mean, ab.HalfWidth, ab0.Mean, ab0.HalfWidth)
		}
		if !(with[Blocked].Mean < without[Blocked].Mean) {
			t.Errorf("%s: blocked %.1f, not below %.1f without callbacks", name, with[Blocked].Mean, without[Blocked].Mean)
		}
		if without[CallbacksOffered].Mean != 0 || with[CallbacksAccepted].Mean == 0 {
			t.Errorf("%s: %v offers without callbacks, %v accepted with", name, without[CallbacksOffered].Mean, with[CallbacksAccepted].Mean)
		}
		if cb.OnWait && with[LiveASA].Mean >= cb.Threshold+with[LiveASA].HalfWidth {
			// Everyone still waiting at the threshold accepts.
			t.Errorf("%s: live ASA %.1f s though everyone waiting %v s takes a callback", name, with[LiveASA].Mean, cb.Threshold)
		}
		for rep := range 3 {
			e := runRep(t, callbackModel(20, 0.95, 180, cb, 32), rep)
			var x tally
			waiting := int64(0)
			for i := range e.chans[0].iv {
				x.add(&e.chans[0].iv[i])
			}
			for id := range e.contacts {
				if c := &e.contacts[id]; c.state == stQueued && c.cb != cbNone {
					waiting++
				}
			}
			switch {
			case x.cbAccepted > x.cbOffered, x.cbMade+waiting != x.cbAccepted, x.cbKept > x.cbMade:
				t.Errorf("%s rep %d: offered %d, accepted %d, made %d + still waiting %d, kept %d", name, rep,
					x.cbOffered, x.cbAccepted, x.cbMade, waiting, x.cbKept)
			case x.liveAnswered+x.cbMade != x.answered:
				t.Errorf("%s rep %d: live %d + callbacks %d != answered %d", name, rep, x.liveAnswered, x.cbMade, x.answered)
			case x.answered+x.abandoned+x.blocked+x.switched+x.unfinished != x.offered:
				t.Errorf("%s rep %d: contacts not conserved: %+v", name, rep, x)
			}
		}
	}
}

// TestCallbackAheadKeepsPromises: callbacks that go before live customers
// once they have waited long are kept within their promise far more often
// than callbacks that wait for an idle agent, on an overloaded queue.
func TestCallbackAheadKeepsPromises(t *testing.T) {
	idle := Callback{Threshold: 30, Accept: []AcceptPoint{{0, 0.7}}, Ahead: math.Inf(1), Promise: 600}
	ahead := idle
	ahead.Ahead = 300
	kept := func(cb Callback) Stat {
		m := callbackModel(15, 0.98, 240, cb, 32)
		m.Replications = 10
		v := run(t, m).Channels[0].Total
		return Stat{Mean: v[CallbacksKept].Mean / v[CallbacksAccepted].Mean}
	}
	a, i := kept(ahead), kept(idle)
	t.Logf("kept within 10 minutes: %.3f going ahead after 5 minutes, %.3f waiting for idle agents", a.Mean, i.Mean)
	if !(a.Mean > i.Mean+0.1) {
		t.Errorf("going ahead kept %.3f of promises, waiting for idle agents %.3f", a.Mean, i.Mean)
	}
}
