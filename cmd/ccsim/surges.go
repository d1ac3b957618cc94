package main

import (
	"fmt"
	"math"

	"github.com/ccsim/ccsim/output"
	"github.com/ccsim/ccsim/sim"
)

// warnSurges tells, on standard error, of each real-time channel that is
// offered far more contacts as it opens than an interval later: follow-ons
// due while it was closed all arrive at its opening, a rule of the model
// that a planner reading the staffing or a roster's hours should know of.
func warnSurges(s *streams, m *sim.Model, r *sim.Result) {
	surges := sim.OpeningSurges(m, r)
	if len(surges) == 0 {
		return
	}
	labels := r.Timeline().Labels()
	for _, g := range surges {
		fmt.Fprintf(s.err, "ccsim: warning: %s is offered %s contacts at %s, as it opens, against %s in the next interval (a surge at %d of its %d openings): "+
			"follow-ons due while it is closed all arrive when it opens, and a plan staffs for that peak (docs/model.md#opening-hours)\n",
			sim.Printable(m.Channels[g.Channel].Name), output.Int(int(math.Round(g.Offered))), labels[g.Interval], output.Int(int(math.Round(g.Next))), g.Openings, g.All)
	}
}
