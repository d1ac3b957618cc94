package plan

import (
	"math"
	"testing"

	"github.com/ccsim/ccsim/erlang"
	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

const splitYAML = `
name: split
seed: 3
replications: 4
interval: 1h
horizon: {intervals: 4}
channels:
  phone:
    kind: call
    arrivals: {per_interval: [100, 200, 0, 50]}
    handle: 180s
    target: {answered: 80%, within: 20s}
  email:
    kind: email
    arrivals: {per_interval: [20, 20, 20, 20]}
    handle: 6m
    target: {answered: 90%, within: 2h}
  chat:
    kind: chat
    arrivals: {per_interval: [30, 30, 30, 30]}
    handle: 8m
    patience: 3m
    concurrency: 2
    target: {answered: 90%, within: 60s}
groups:
  voice:
    skills: [phone, email]
    shrinkage: 20%
    staffing: [1, 1, 1, 1]
  digital:
    skills: [chat, email]
    deferred_reserve: 25%
    max_occupancy: 80%
    staffing: [1, 1, 1, 1]
`

func parse(t testing.TB, name, text string) *sim.Model {
	t.Helper()
	sc, err := scenarios.Parse(name, []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return &sc.Model
}

// TestSeedSplit checks the split of each channel's need among groups: a
// channel goes to the groups that list it first; email, which both list
// second, is split in proportion to what each already needs in the
// interval (all of it to digital while the phones are quiet); the
// reserve keeps digital's chat agents at three quarters of the group; the
// deferred work is divided by digital's occupancy ceiling.
func TestSeedSplit(t *testing.T) {
	p, err := newPlanner(parse(t, "split.yaml", splitYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	phone, email, chat := p.dem[0], p.dem[1], p.dem[2]
	for i := range 4 {
		voiceShare := phone.need[i] / (phone.need[i] + chat.need[i])
		voice := phone.need[i] + voiceShare*email.need[i]
		digital := math.Max(chat.need[i]+(1-voiceShare)*email.need[i]/0.8, chat.need[i]/0.75)
		if math.Abs(p.seed[0][i]-voice) > 1e-12 || math.Abs(p.seed[1][i]-digital) > 1e-12 {
			t.Errorf("interval %d: seed %v %v, want %v %v", i, p.seed[0][i], p.seed[1][i], voice, digital)
		}
	}
	if phone.need[2] != 0 || p.share[1][1][2] != 1 {
		t.Errorf("no calls at 02:00: phone need %v, digital's email share %v", phone.need[2], p.share[1][1][2])
	}
	// The seed rounds each group up, then shrinkage gives the headcount.
	x := p.seedStaff()
	for k := range x {
		for i, a := range x[k] {
			if float64(a) < p.seed[k][i]-1e-9 || float64(a) >= p.seed[k][i]+1 {
				t.Errorf("group %d interval %d: %d agents for a need of %v", k, i, a, p.seed[k][i])
			}
			s, _ := erlang.Scheduled(float64(a), p.shrink[k])
			if got := p.scheduled(k, a); got != s {
				t.Errorf("scheduled(%d) = %d, erlang.Scheduled %d", a, got, s)
			}
		}
	}
}

// TestSeedOutsourced checks that a channel an unlimited group takes at
// once needs no planned staff, while an overflow outsourcer does not
// change the staffed group's need.
func TestSeedOutsourced(t *testing.T) {
	base := splitYAML + "  outsourcer:\n    unlimited: true\n    contact_cost: 5\n"
	at := parse(t, "at-once.yaml", base+"    skills: [phone]\n")
	p, err := newPlanner(at, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if p.share[0][0][i] != 0 || p.rtSeed[0][i] != 0 {
			t.Errorf("interval %d: voice takes %v of the phone need (%v agents)", i, p.share[0][0][i], p.rtSeed[0][i])
		}
	}
	over := parse(t, "overflow.yaml", base+"    skills: [{channel: phone, after: 60s}]\n")
	q, err := newPlanner(over, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(q.planned) != 2 || q.share[0][0][1] != 1 || q.rtSeed[0][1] != q.dem[0].need[1] {
		t.Errorf("overflow outsourcer: voice share %v, real-time need %v, want all of %v", q.share[0][0][1], q.rtSeed[0][1], q.dem[0].need[1])
	}
}

// TestAddGroupPrefersTakers: in flows.yaml the digital team is cheaper
// but takes calls only after 90 s; agents for a phone miss go to voice,
// which takes calls at once.
func TestAddGroupPrefersTakers(t *testing.T) {
	sc, err := scenarios.Load("../scenarios/flows.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlanner(&sc.Model, Options{})
	if err != nil {
		t.Fatal(err)
	}
	voice, digital := 0, 1
	if p.m.Groups[p.planned[voice]].Name != "voice" || p.m.Groups[p.planned[digital]].HourlyCost >= p.m.Groups[p.planned[voice]].HourlyCost {
		t.Fatal("flows.yaml changed: voice first and dearer is what this test needs")
	}
	if k := p.addGroup(0, 21); k != voice {
		t.Errorf("phone at 10:30: agents go to group %d, want voice", k)
	}
	if k := p.addGroup(1, 21); k != digital {
		t.Errorf("chat at 10:30: agents go to group %d, want digital", k)
	}
}
