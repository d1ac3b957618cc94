package erlang

import (
	"errors"
	"math"
	"testing"
)

// checkMetrics fails the test unless every figure is finite and every
// share lies in [0, 1].
func checkMetrics(t *testing.T, m Metrics, what string) {
	t.Helper()
	for _, v := range []float64{m.Agents, m.Load, m.ASA, m.MeanWait} {
		if !finite(v) || v < 0 {
			t.Fatalf("%s: figure %v in %+v", what, v, m)
		}
	}
	for _, p := range []float64{m.PBlock, m.PWait, m.PAbandon, m.ServiceLevel, m.Occupancy} {
		if !(p >= 0 && p <= 1) {
			t.Fatalf("%s: share %v in %+v", what, p, m)
		}
	}
}

// checkRule fails the test unless err follows the package's rule for
// invalid input: nil, or one of its three errors with a zero result.
func checkRule(t *testing.T, what string, zero bool, err error) {
	t.Helper()
	if err == nil {
		return
	}
	if !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnstable) && !errors.Is(err, ErrUnreachable) {
		t.Fatalf("%s: unexpected error %v", what, err)
	}
	if !zero {
		t.Fatalf("%s: error %v with a result that is not zero", what, err)
	}
}

// figure checks the result of a one-figure method: a finite value within
// [0, 1] if share, or the rule's error.
func figure(t *testing.T, what string, share bool, v float64, err error) {
	t.Helper()
	checkRule(t, what, v == 0, err)
	if err == nil && (!finite(v) || v < 0 || share && v > 1) {
		t.Fatalf("%s = %v", what, v)
	}
}

// queueFigures checks Metrics and every one-figure method of q.
func queueFigures(t *testing.T, what string, q Queue, th float64, def SLDef) {
	t.Helper()
	m, err := q.MetricsAt(agentsOf(q), th, def)
	checkRule(t, what+" Metrics", m == Metrics{}, err)
	if err == nil {
		checkMetrics(t, m, what)
	}
	type shares interface {
		PWait() (float64, error)
		ServiceLevel(float64, SLDef) (float64, error)
		ASA() (float64, error)
		Occupancy() (float64, error)
	}
	if s, ok := q.(shares); ok {
		v, err := s.PWait()
		figure(t, what+" PWait", true, v, err)
		v, err = s.ServiceLevel(th, def)
		figure(t, what+" ServiceLevel", true, v, err)
		v, err = s.ASA()
		figure(t, what+" ASA", false, v, err)
		v, err = s.Occupancy()
		figure(t, what+" Occupancy", true, v, err)
	}
	type abandons interface {
		PAbandon() (float64, error)
		MeanWait() (float64, error)
	}
	if s, ok := q.(abandons); ok {
		v, err := s.PAbandon()
		figure(t, what+" PAbandon", true, v, err)
		v, err = s.MeanWait()
		figure(t, what+" MeanWait", false, v, err)
	}
}

// agentsOf is the model's own agent count.
func agentsOf(q Queue) float64 {
	switch q := q.(type) {
	case BQueue:
		return q.Agents
	case CQueue:
		return q.Agents
	case AQueue:
		return q.Agents
	case XQueue:
		return q.Agents
	case ChatQueue:
		return q.Agents
	}
	panic("unknown model")
}

// small keeps fuzzed sizes where one evaluation takes milliseconds, so
// the fuzzer explores shapes rather than waiting on huge counts; the
// large-count paths have their own tests.
func small(v ...float64) bool {
	for _, x := range v {
		if math.Abs(x) > 1e5 {
			return false
		}
	}
	return true
}

func FuzzBC(f *testing.F) {
	f.Add(54.0, 48.0)
	f.Add(0.5, 1e-300)
	f.Add(1e6, 999000.0)
	f.Fuzz(func(t *testing.T, n, a float64) {
		b, err := B(n, a)
		checkRule(t, "B", b == 0, err)
		valid := checkAgents(n) == nil && checkLoad(a) == nil
		if valid != (err == nil) || valid && !(b >= 0 && b <= 1) {
			t.Fatalf("B(%v, %v) = %v, %v", n, a, b, err)
		}
		p, err := BQueue{n, a}.PBlock()
		if p != b || (err == nil) != valid {
			t.Fatalf("BQueue{%v, %v}.PBlock() = %v, %v; B %v", n, a, p, err, b)
		}
		c, err := C(n, a)
		checkRule(t, "C", c == 0, err)
		if err == nil && !(c >= 0 && c <= 1) {
			t.Fatalf("C(%v, %v) = %v", n, a, c)
		}
		if small(n, a) {
			queueFigures(t, "B", BQueue{n, a}, 20, OverOffered)
		}
	})
}

func FuzzAQueue(f *testing.F) {
	f.Add(50.0, 48.0, 240.0, 180.0, 20.0, uint8(0))
	f.Add(0.0, 3.0, 1.0, 1e-9, 1e9, uint8(2))
	f.Add(1000.0, 1500.0, 60.0, 3600.0, 5.0, uint8(1))
	f.Fuzz(func(t *testing.T, n, a, aht, patience, th float64, def uint8) {
		if !small(n, a, patience/aht) {
			return
		}
		queueFigures(t, "A", AQueue{Agents: n, Load: a, AHT: aht, Patience: patience}, th, SLDef(def))
		queueFigures(t, "C", CQueue{Agents: n, Load: a, AHT: aht}, th, SLDef(def))
	})
}

func FuzzChatX(f *testing.F) {
	f.Add(10.0, uint8(3), 0.25, 12.0, 600.0, 120.0, 20.0, 12.0, 0.5, 60.0, 900.0)
	f.Add(1.0, uint8(1), 0.0, 0.5, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, n float64, k uint8, slow, a, aht, patience, th, lines, share, delay, interval float64) {
		if !small(n*float64(k), a, lines, patience/aht) {
			return
		}
		chat := ChatQueue{Agents: n, Concurrency: int(k), Slowdown: slow, Load: a, AHT: aht, Patience: patience}
		queueFigures(t, "chat", chat, th, OverOffered)
		c, err := chat.Capacity()
		figure(t, "chat capacity", false, c, err)
		q := XQueue{Agents: n, Lines: lines, Load: a, AHT: aht, Patience: patience,
			RedialShare: share, RedialDelay: delay, Interval: interval}
		queueFigures(t, "X", q, th, OverOfferedLessShortAbandons)
		x, err := q.XMetrics(th, OverOfferedLessShortAbandons)
		checkRule(t, "XMetrics", x == XMetrics{}, err)
		if err == nil {
			checkMetrics(t, x.Metrics, "X")
			if !finite(x.RedialLoad) || !(x.PLostCaller >= 0 && x.PLostCaller <= 1) {
				t.Fatalf("X: %+v", x)
			}
		}
		v, err := q.PBlock()
		figure(t, "X PBlock", true, v, err)
	})
}

func FuzzStaff(f *testing.F) {
	f.Add(48.0, 240.0, 180.0, 0.8, 20.0, 0.0, 0.0, 0.0, uint8(0), uint8(0))
	f.Add(3.0, 60.0, 30.0, 0.0, 0.0, 10.0, 0.05, 0.9, uint8(1), uint8(2))
	f.Add(12.0, 60.0, 30.0, 0.9, 10.0, 0.0, 0.05, 0.0, uint8(3), uint8(1))
	f.Fuzz(func(t *testing.T, a, aht, patience, goal, th, asa, maxAb, maxOcc float64, model, def uint8) {
		if !small(a, patience/aht) || a > 5000 {
			return
		}
		var q Queue
		switch model % 5 {
		case 0:
			q = CQueue{Load: a, AHT: aht}
		case 1:
			q = AQueue{Load: a, AHT: aht, Patience: patience}
		case 2:
			q = ChatQueue{Concurrency: 2, Slowdown: 0.2, Load: a, AHT: aht, Patience: patience}
		case 3:
			q = XQueue{Load: a, AHT: aht, Patience: patience, RedialShare: 0.5, RedialDelay: 3 * aht}
		default:
			q = BQueue{Load: a}
		}
		tg := Targets{ServiceLevel: goal, Threshold: th, Definition: SLDef(def), ASA: asa, MaxAbandon: maxAb, MaxOccupancy: maxOcc}
		s, err := Staff(q, tg)
		checkRule(t, "Staff", s == Staffing{}, err)
		if err != nil {
			return
		}
		checkMetrics(t, s.Metrics, "staffing")
		if s.Agents < 0 || (a > 0 && !tg.Met(s.Metrics)) {
			t.Fatalf("staffing %+v for %+v misses %+v", s, q, tg)
		}
		n, err := StaffFractional(q, tg)
		checkRule(t, "StaffFractional", n == 0, err)
		if err == nil && !(n >= 0 && n <= float64(s.Agents)) {
			t.Fatalf("fractional %v vs %d", n, s.Agents)
		}
	})
}

func FuzzScheduled(f *testing.F) {
	f.Add(54.0, 0.3)
	f.Fuzz(func(t *testing.T, n, s float64) {
		h, err := Scheduled(n, s)
		checkRule(t, "Scheduled", h == 0, err)
		if err == nil && (h < 0 || float64(h) < n*(1-1e-9)) {
			t.Fatalf("Scheduled(%v, %v) = %d", n, s, h)
		}
	})
}
