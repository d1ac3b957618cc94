package erlang

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// chatRef solves the chat chain's balance equations as a dense linear
// system (gonum), truncated at maxState: a different route from
// ChatQueue's product-form recurrence. It returns P(wait), P(abandon),
// mean wait of all arrivals (seconds, by Little's law) and slot occupancy.
func chatRef(q ChatQueue, maxState int) (pWait, pAb, meanWait, occ float64) {
	n, k := int(q.Agents), q.Concurrency
	slots := n * k
	lambda := q.Load / q.AHT
	theta := 0.0
	if q.Patience > 0 {
		theta = 1 / q.Patience
	}
	death := func(m int) float64 {
		s := min(m, slots)
		per, extra := s/n, s%n
		r := float64(extra)*q.agentRate(float64(per+1)) + float64(n-extra)*q.agentRate(float64(per))
		return r/q.AHT + float64(m-s)*theta
	}
	size := maxState + 1
	// Rows: balance of states 0..size-2, then the normalisation.
	A := mat.NewDense(size, size, nil)
	for m := 0; m < size-1; m++ {
		out := death(m)
		if m < maxState {
			out += lambda
		}
		A.Set(m, m, -out)
		if m > 0 {
			A.Set(m, m-1, lambda)
		}
		A.Set(m, m+1, death(m+1))
	}
	for j := 0; j < size; j++ {
		A.Set(size-1, j, 1)
	}
	b := mat.NewVecDense(size, nil)
	b.SetVec(size-1, 1)
	var pi mat.VecDense
	if err := pi.SolveVec(A, b); err != nil {
		panic(err)
	}
	var queue, busy float64
	for m := 0; m < size; m++ {
		p := pi.AtVec(m)
		if m >= slots {
			pWait += p
			queue += float64(m-slots) * p
		}
		busy += float64(min(m, slots)) * p
	}
	pAb = theta * queue / lambda
	meanWait = queue / lambda
	occ = busy / float64(slots)
	return
}

// TestChatReference holds the chat model to the linear solve, to 1e-9
// relative or 1e-12 absolute (mean wait in handle times): the dense solve in
// float64 has an absolute error near 1e-15, which limits small figures.
// It also checks that one chat per agent without slowdown is Erlang A.
func TestChatReference(t *testing.T) {
	for _, q := range []ChatQueue{
		{Agents: 5, Concurrency: 3, Slowdown: 0.3, Load: 8, AHT: 600, Patience: 120},
		{Agents: 5, Concurrency: 3, Slowdown: 0.3, Load: 8, AHT: 600},
		{Agents: 12, Concurrency: 2, Slowdown: 0.5, Load: 14, AHT: 420, Patience: 60},
		{Agents: 3, Concurrency: 4, Slowdown: 0, Load: 2, AHT: 300, Patience: 900},
		{Agents: 7, Concurrency: 5, Slowdown: 1, Load: 12, AHT: 300, Patience: 200},
	} {
		m, err := q.Metrics(30, OverOffered)
		if err != nil {
			t.Fatal(err)
		}
		pw, pa, wait, occ := chatRef(q, int(q.Agents)*q.Concurrency+400)
		for _, c := range [][3]float64{{m.PWait, pw, 0}, {m.PAbandon, pa, 1}, {m.MeanWait / q.AHT, wait / q.AHT, 2}, {m.Occupancy, occ, 3}} {
			if !scalar.EqualWithinAbsOrRel(c[0], c[1], 1e-12, 1e-9) {
				t.Errorf("%+v: figure %v = %.15g, linear solve %.15g", q, c[2], c[0], c[1])
			}
		}
	}
	// One chat per agent and Erlang A share the queue's series; only the
	// head differs in route (product recurrence against invB), by
	// rounding: 1e-12 is a thousand ulps.
	a, _ := AQueue{Agents: 20, Load: 19, AHT: 300, Patience: 100}.Metrics(20, OverOfferedLessShortAbandons)
	c, _ := ChatQueue{Agents: 20, Concurrency: 1, Load: 19, AHT: 300, Patience: 100}.Metrics(20, OverOfferedLessShortAbandons)
	if math.Abs(a.ServiceLevel-c.ServiceLevel) > 1e-12 || math.Abs(a.ASA-c.ASA) > 1e-12*a.ASA {
		t.Errorf("one chat per agent: %+v, Erlang A %+v", c, a)
	}
}

func TestChatUnstable(t *testing.T) {
	// Capacity 10 * 3/(1+0.5*2) = 15 Erlangs.
	_, err := ChatQueue{Agents: 10, Concurrency: 3, Slowdown: 0.5, Load: 15, AHT: 60}.Metrics(0, OverOffered)
	var ue *UnstableError
	if !errors.As(err, &ue) || ue.LeastStable != 11 {
		t.Errorf("error %v, want unstable with least stable 11", err)
	}
}
