package output

import (
	"context"
	"sync"
	"testing"

	"github.com/ccsim/ccsim/scenarios"
	"github.com/ccsim/ccsim/sim"
)

// simulated returns the built-in default scenario (phone, chat and email,
// two groups, escalations) simulated with three replications and the
// given seed; results are kept, since tests only read them.
func simulated(t *testing.T, seed uint64) *sim.Result {
	t.Helper()
	runs.Lock()
	defer runs.Unlock()
	if r, ok := runs.results[seed]; ok {
		return r
	}
	m := scenarios.Default().Model
	m.Replications, m.Seed = 3, seed
	r, err := sim.Run(context.Background(), &m, sim.Options{})
	if err != nil {
		t.Fatal(err)
	}
	runs.results[seed] = r
	return r
}

var runs = struct {
	sync.Mutex
	results map[uint64]*sim.Result
}{results: map[uint64]*sim.Result{}}

// withoutChannel returns a copy of r without the named channel.
func withoutChannel(r *sim.Result, name string) *sim.Result {
	c := *r
	c.Channels = nil
	for _, ch := range r.Channels {
		if ch.Name != name {
			c.Channels = append(c.Channels, ch)
		}
	}
	return &c
}
