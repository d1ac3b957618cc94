package plan

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// TestSeedSelfService: the seed sees only the demand that reaches the
// channel. With a share s trying self-service and a share f of them
// failing after a fixed delay of half an interval, interval i gets
// (1 − s) of its own arrivals and s f of half of its own and half of the
// previous interval's (none before the first); the simulator agrees on
// the total within its 99% interval plus 1% (20 replications).
func TestSeedSelfService(t *testing.T) {
	const s, f = 0.3, 0.4
	text := strings.Replace(splitYAML, "    handle: 180s\n",
		"    handle: 180s\n    self_service: {share: 30%, fail: 40%, delay: 30m, cost: 0.5}\n", 1)
	m := parse(t, "self-service.yaml", text)
	exp := expectedArrivals(m)
	raw := []float64{100, 200, 0, 50}
	total := 0.0
	for i, v := range raw {
		want := (1-s)*v + s*f*v/2
		if i > 0 {
			want += s * f * raw[i-1] / 2
		}
		if math.Abs(exp[0][i]-want) > 1e-9 {
			t.Errorf("interval %d: %v calls reach the channel, want %v", i, exp[0][i], want)
		}
		total += exp[0][i]
	}
	m.Replications = 20
	for g := range m.Groups {
		for i := range m.Groups[g].Staff {
			m.Groups[g].Staff[i] = 30
		}
		m.Groups[g].Paid = nil
	}
	r, err := sim.Run(context.Background(), m, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The failures of the last half interval arrive past the horizon.
	total += s * f * raw[3] / 2
	got := r.Channels[0].Total[sim.Offered]
	half := got.HalfWidth * 2.861 / 2.093 // 95% to 99% for 19 degrees of freedom
	if d := math.Abs(got.Mean - total); d > half+0.01*total {
		t.Errorf("simulated %.1f±%.1f offered, the seed expects %.1f", got.Mean, half, total)
	}
}

// TestSeedAbsence: a group whose agents are absent for the day with
// probability p, and away a share w of the time they are present, is put
// on the floor at its need / ((1 − p)(1 − w)), so that its need is
// available on average; the other group's seed does not change.
func TestSeedAbsence(t *testing.T) {
	plain, err := newPlanner(parse(t, "split.yaml", splitYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(splitYAML, "    shrinkage: 20%\n", "    shrinkage: 20%\n    absence: 10%\n    adherence: 90%\n", 1)
	absent, err := newPlanner(parse(t, "absence.yaml", text), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if want := plain.seed[0][i] / (0.9 * 0.9); math.Abs(absent.seed[0][i]-want) > 1e-9*want {
			t.Errorf("interval %d: voice seed %v, want %v", i, absent.seed[0][i], want)
		}
		if absent.seed[1][i] != plain.seed[1][i] {
			t.Errorf("interval %d: digital seed %v, want %v", i, absent.seed[1][i], plain.seed[1][i])
		}
	}
}

// TestSeedProficiency: a group that takes 30% longer over the channel's
// contacts gets 1.3 times the need; one with its own handle time of mean
// h (and the channel's wrap) gets (h + wrap) / (handle + wrap) times it.
func TestSeedProficiency(t *testing.T) {
	plain, err := newPlanner(parse(t, "split.yaml", splitYAML), Options{})
	if err != nil {
		t.Fatal(err)
	}
	slow := strings.Replace(splitYAML, "    skills: [phone, email]\n", "    skills: [{channel: phone, handle_factor: 1.3}, email]\n", 1)
	own := strings.Replace(splitYAML, "    skills: [phone, email]\n", "    skills: [{channel: phone, handle: 270s}, email]\n", 1)
	for _, c := range []struct {
		name, text string
		factor     float64
	}{{"factor", slow, 1.3}, {"own handle", own, 270.0 / 180}} {
		p, err := newPlanner(parse(t, c.name+".yaml", c.text), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			if want := c.factor * plain.rtSeed[0][i]; math.Abs(p.rtSeed[0][i]-want) > 1e-9*(1+want) {
				t.Errorf("%s, interval %d: voice's real-time seed %v, want %v", c.name, i, p.rtSeed[0][i], want)
			}
		}
	}
}
