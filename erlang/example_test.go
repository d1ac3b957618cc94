package erlang_test

import (
	"fmt"

	"github.com/ccsim/ccsim/erlang"
)

// The classic worked example: 360 calls per 30 minutes with an AHT of
// 240 s is 360*240/1800 = 48 Erlangs. 54 agents are the least that answer
// 80% within 20 s.
func ExampleStaff() {
	q := erlang.CQueue{Load: 360 * 240 / 1800.0, AHT: 240}
	s, err := erlang.Staff(q, erlang.Targets{ServiceLevel: 0.8, Threshold: 20})
	if err != nil {
		fmt.Println(err)
		return
	}
	heads, _ := erlang.Scheduled(float64(s.Agents), 0.30)
	fmt.Printf("%d agents: service level %.1f%%, ASA %.1f s, occupancy %.1f%%\n",
		s.Agents, 100*s.Metrics.ServiceLevel, s.Metrics.ASA, 100*s.Metrics.Occupancy)
	fmt.Printf("scheduled after 30%% shrinkage: %d\n", heads)
	for _, n := range []float64{53, 55} {
		q.Agents = n
		m, _ := q.Metrics(20, erlang.OverOffered)
		fmt.Printf("%v agents: service level %.1f%%, ASA %.1f s\n", n, 100*m.ServiceLevel, m.ASA)
	}
	// Output:
	// 54 agents: service level 81.7%, ASA 12.1 s, occupancy 88.9%
	// scheduled after 30% shrinkage: 78
	// 53 agents: service level 75.2%, ASA 18.1 s
	// 55 agents: service level 86.7%, ASA 8.2 s
}

func ExampleC() {
	p, _ := erlang.C(54, 48)
	fmt.Printf("P(wait) = %.4f\n", p)
	_, err := erlang.C(48, 48)
	fmt.Println(err)
	// Output:
	// P(wait) = 0.3013
	// erlang: 48 agents for a load of 48 Erlangs: unstable (the least stable agent count is 49)
}

func ExampleB() {
	b, _ := erlang.B(10, 5)
	fmt.Printf("%.6f\n", b)
	b, _ = erlang.B(10.5, 5) // the smooth extension
	fmt.Printf("%.6f\n", b)
	_, err := erlang.B(-1, 5)
	fmt.Println(err)
	// Output:
	// 0.018385
	// 0.012474
	// erlang: agents -1: must be finite and in [0, 1e+07]: invalid argument
}

// Erlang A: the same example with callers who hang up after 3 minutes on
// average. Abandonment shortens the queue, so fewer agents meet 80/20.
func ExampleAQueue() {
	q := erlang.AQueue{Load: 48, AHT: 240, Patience: 180}
	s, _ := erlang.Staff(q, erlang.Targets{ServiceLevel: 0.8, Threshold: 20})
	m := s.Metrics
	fmt.Printf("%d agents: P(wait) %.3f, P(abandon) %.3f, SL %.3f, ASA %.2f s (mean wait of all %.2f s)\n",
		s.Agents, m.PWait, m.PAbandon, m.ServiceLevel, m.ASA, m.MeanWait)
	for _, def := range []erlang.SLDef{erlang.OverAnswered, erlang.OverOfferedLessShortAbandons} {
		q.Agents = float64(s.Agents)
		sl, _ := q.ServiceLevel(20, def)
		fmt.Printf("service level over %v: %.3f\n", def, sl)
	}
	// Output:
	// 50 agents: P(wait) 0.379, P(abandon) 0.043, SL 0.813, ASA 7.32 s (mean wait of all 7.74 s)
	// service level over answered: 0.850
	// service level over offered-less-short-abandons: 0.837
}

// Fractional requirements add across intervals before rounding: two
// half-hours that each need 53.7 agents need 108, not 2 x 54.
func ExampleStaffFractional() {
	n, _ := erlang.StaffFractional(erlang.CQueue{Load: 48, AHT: 240}, erlang.Targets{ServiceLevel: 0.8, Threshold: 20})
	fmt.Printf("%.3f agents\n", n)
	// Output:
	// 53.709 agents
}

// A chat team: each agent holds up to 3 chats, and each extra chat slows
// the others by 25%.
func ExampleChatQueue() {
	q := erlang.ChatQueue{Concurrency: 3, Slowdown: 0.25, Load: 30, AHT: 600, Patience: 300}
	s, _ := erlang.Staff(q, erlang.Targets{ServiceLevel: 0.9, Threshold: 60})
	fmt.Printf("%d agents, service level %.3f, slot occupancy %.3f\n", s.Agents, s.Metrics.ServiceLevel, s.Metrics.Occupancy)
	// Output:
	// 16 agents, service level 0.910, slot occupancy 0.847
}

// Erlang X: 60 lines, half of the blocked and abandoned callers redial
// after 10 minutes on average, within a 30-minute interval.
func ExampleXQueue() {
	q := erlang.XQueue{Agents: 50, Lines: 60, Load: 48, AHT: 240, Patience: 180,
		RedialShare: 0.5, RedialDelay: 600, Interval: 1800}
	m, _ := q.XMetrics(20, erlang.OverOffered)
	fmt.Printf("attempts %.2f Erlangs (redials %.2f), blocked %.4f, abandoned %.4f, callers lost %.4f\n",
		m.Load, m.RedialLoad, m.PBlock, m.PAbandon, m.PLostCaller)
	// Output:
	// attempts 48.88 Erlangs (redials 0.88), blocked 0.0126, abandoned 0.0401, callers lost 0.0353
}
