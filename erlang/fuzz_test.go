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
	for _, v := range []float64{m.Agents, m.Load, m.ASA, m.ASAAnswered} {
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
		b := B(n, a)
		valid := checkAgents(n) == nil && checkLoad(a) == nil
		if valid && !(b >= 0 && b <= 1) || !valid && !math.IsNaN(b) {
			t.Fatalf("B(%v, %v) = %v", n, a, b)
		}
		c, err := C(n, a)
		if err == nil && !(c >= 0 && c <= 1) {
			t.Fatalf("C(%v, %v) = %v", n, a, c)
		}
		if err != nil && !errors.Is(err, ErrInvalid) && !errors.Is(err, ErrUnstable) {
			t.Fatalf("C(%v, %v): unexpected error %v", n, a, err)
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
		m, err := AQueue{Agents: n, Load: a, AHT: aht, Patience: patience}.Metrics(th, SLDef(def))
		if err == nil {
			checkMetrics(t, m, "A")
		}
		c, err := CQueue{Agents: n, Load: a, AHT: aht}.Metrics(th, SLDef(def))
		if err == nil {
			checkMetrics(t, c, "C")
		}
	})
}

func FuzzChatX(f *testing.F) {
	f.Add(10.0, uint8(3), 0.25, 12.0, 600.0, 120.0, 20.0, 12.0, 0.5, 60.0, 900.0)
	f.Add(1.0, uint8(1), 0.0, 0.5, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0)
	f.Fuzz(func(t *testing.T, n float64, k uint8, slow, a, aht, patience, th, lines, share, delay, interval float64) {
		if !small(n*float64(k), a, lines, patience/aht) {
			return
		}
		m, err := ChatQueue{Agents: n, Concurrency: int(k), Slowdown: slow, Load: a, AHT: aht, Patience: patience}.Metrics(th, OverOffered)
		if err == nil {
			checkMetrics(t, m, "chat")
		}
		x, err := XQueue{Agents: n, Lines: lines, Load: a, AHT: aht, Patience: patience,
			RedialShare: share, RedialDelay: delay, Interval: interval}.Metrics(th, OverOfferedLessShortAbandons)
		if err == nil {
			checkMetrics(t, x.Metrics, "X")
			if !finite(x.RedialLoad) || !(x.PLostCaller >= 0 && x.PLostCaller <= 1) {
				t.Fatalf("X: %+v", x)
			}
		}
	})
}

func FuzzStaff(f *testing.F) {
	f.Add(48.0, 240.0, 180.0, 0.8, 20.0, 0.0, 0.0, 0.0, uint8(0), uint8(0))
	f.Add(3.0, 60.0, 30.0, 0.0, 0.0, 10.0, 0.05, 0.9, uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, a, aht, patience, goal, th, asa, maxAb, maxOcc float64, model, def uint8) {
		if !small(a, patience/aht) || a > 5000 {
			return
		}
		var q Staffable
		switch model % 3 {
		case 0:
			q = CQueue{Load: a, AHT: aht}
		case 1:
			q = AQueue{Load: a, AHT: aht, Patience: patience}
		default:
			q = ChatQueue{Concurrency: 2, Slowdown: 0.2, Load: a, AHT: aht, Patience: patience}
		}
		tg := Targets{ServiceLevel: goal, Threshold: th, Definition: SLDef(def), ASA: asa, MaxAbandon: maxAb, MaxOccupancy: maxOcc}
		s, err := Staff(q, tg)
		if err != nil {
			return
		}
		checkMetrics(t, s.Metrics, "staffing")
		if s.Agents < 0 || (a > 0 && !tg.Met(s.Metrics)) {
			t.Fatalf("staffing %+v for %+v misses %+v", s, q, tg)
		}
		if n, err := StaffFractional(q, tg); err == nil && !(n >= 0 && n <= float64(s.Agents)) {
			t.Fatalf("fractional %v vs %d", n, s.Agents)
		}
	})
}

func FuzzScheduled(f *testing.F) {
	f.Add(54.0, 0.3)
	f.Fuzz(func(t *testing.T, n, s float64) {
		h, err := Scheduled(n, s)
		if err == nil && (h < 0 || float64(h) < n*(1-1e-9)) {
			t.Fatalf("Scheduled(%v, %v) = %d", n, s, h)
		}
	})
}
