package erlang

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// The classic worked example: 360 calls in 30 minutes, AHT 240 s, so
// 360*240/1800 = 48 Erlangs; target 80% answered within 20 s.
const (
	exampleLoad = 48.0
	exampleAHT  = 240.0
)

func TestWorkedExample(t *testing.T) {
	// Published figures, rounded to 0.1 percentage point / 0.1 s.
	for _, c := range []struct {
		n       float64
		sl, asa float64
	}{{53, 0.752, 18.1}, {54, 0.817, 12.1}, {55, 0.867, 8.2}} {
		m, err := CQueue{Agents: c.n, Load: exampleLoad, AHT: exampleAHT}.Metrics(20, OverOffered)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(m.ServiceLevel-c.sl) > 0.0005 || math.Abs(m.ASA-c.asa) > 0.05 {
			t.Errorf("%v agents: service level %.4f, ASA %.2f; want %.3f, %.1f", c.n, m.ServiceLevel, m.ASA, c.sl, c.asa)
		}
	}
	s, err := Staff(CQueue{Load: exampleLoad, AHT: exampleAHT}, Targets{ServiceLevel: 0.8, Threshold: 20})
	if err != nil || s.Agents != 54 {
		t.Fatalf("Staff = %+v, %v; want 54 agents", s, err)
	}
}

func TestCUnstable(t *testing.T) {
	for _, c := range []struct {
		n, a  float64
		least int
	}{{48, 48, 49}, {10, 48.5, 49}, {0, 0, 1}, {3, 7.9999, 8}} {
		_, err := C(c.n, c.a)
		var ue *UnstableError
		if !errors.Is(err, ErrUnstable) || !errors.As(err, &ue) || ue.LeastStable != c.least {
			t.Errorf("C(%v, %v) error %v; want unstable with least stable count %d", c.n, c.a, err, c.least)
		}
		if err != nil && !strings.Contains(err.Error(), "the least stable agent count is") {
			t.Errorf("message %q does not name the least stable count", err)
		}
	}
}

// mustB is B for arguments a test knows to be valid.
func mustB(t testing.TB, n, a float64) float64 {
	t.Helper()
	b, err := B(n, a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestBEdges(t *testing.T) {
	if b05, b00, b30 := mustB(t, 0, 5), mustB(t, 0, 0), mustB(t, 3, 0); b05 != 1 || b00 != 1 || b30 != 0 {
		t.Errorf("B(0,5)=%v B(0,0)=%v B(3,0)=%v", b05, b00, b30)
	}
	// Underflow rounds to zero, never NaN; overload tends to 1 - n/a.
	if v := mustB(t, 1e6, 1e4); v != 0 {
		t.Errorf("B(1e6, 1e4) = %v, want 0 (underflow)", v)
	}
	// 1 - n/a is B's expansion to first order in n/a = 1e-11; the next
	// term is of the order of (n/a)^2, so 1e-12 is loose enough for
	// float64 rounding (1e-16) and tight enough to catch a wrong order.
	if v := mustB(t, 10, 1e12); math.Abs(v-(1-10/1e12)) > 1e-12 {
		t.Errorf("B(10, 1e12) = %v", v)
	}
	// A fractional count lies between its neighbours and is continuous
	// at whole numbers: moving n by 1e-9 moves B by about 1e-9 times
	// |d ln B/dn| (about 0.13 here), so a relative change above 1e-7
	// can only be a jump.
	lo, mid, hi := mustB(t, 54, 48), mustB(t, 54.5, 48), mustB(t, 55, 48)
	if !(hi < mid && mid < lo) {
		t.Errorf("B not decreasing in n: %v %v %v", lo, mid, hi)
	}
	if d := math.Abs(mustB(t, 54-1e-9, 48)-lo) / lo; d > 1e-7 {
		t.Errorf("B jumps at 54: relative %v", d)
	}
}

// TestBMillion checks one value at a million agents against the forward
// big-precision sum (about half a second).
func TestBMillion(t *testing.T) {
	n, a := 1000000, 999000.0
	want := refErlangB(n, a)
	if e := relErr(mustB(t, float64(n), a), want); e > 1e-12 { // as TestBCReference
		t.Errorf("B(1e6, 999000): relative error %.3g", e)
	}
}

func TestSLDefinitionsOrder(t *testing.T) {
	// Abandoned contacts leave the denominator of the other two
	// definitions, so over offered is the smallest.
	q := AQueue{Agents: 50, Load: 52, AHT: 240, Patience: 120}
	var sl [3]float64
	for d := OverOffered; d <= OverOfferedLessShortAbandons; d++ {
		var err error
		if sl[d], err = q.ServiceLevel(20, d); err != nil {
			t.Fatal(err)
		}
	}
	if !(sl[0] < sl[1] && sl[0] < sl[2]) {
		t.Errorf("service levels %v", sl)
	}
	for d := OverOffered; d <= OverOfferedLessShortAbandons; d++ {
		if p, err := ParseSLDef(d.String()); err != nil || p != d {
			t.Errorf("ParseSLDef(%q) = %v, %v", d.String(), p, err)
		}
	}
}

// TestALimits: with very long patience Erlang A tends to Erlang C; with
// patience near zero nobody waits long, and P(abandon) tends to P(wait).
func TestALimits(t *testing.T) {
	c, _ := CQueue{Agents: 54, Load: 48, AHT: 240}.Metrics(20, OverOffered)
	a, err := AQueue{Agents: 54, Load: 48, AHT: 240, Patience: 240 * 1e6}.Metrics(20, OverOffered)
	if err != nil {
		t.Fatal(err)
	}
	// The difference is of the order of ASA/patience = 1e-7; both waits
	// of A tend to C's single one.
	if math.Abs(a.PWait-c.PWait) > 1e-6 || math.Abs(a.ServiceLevel-c.ServiceLevel) > 1e-6 ||
		math.Abs(a.ASA-c.ASA)/c.ASA > 1e-5 || math.Abs(a.MeanWait-c.ASA)/c.ASA > 1e-5 {
		t.Errorf("long patience: A %+v, C %+v", a, c)
	}
	// Patience 1e-6 s: almost every waiting caller abandons at once.
	z, err := AQueue{Agents: 54, Load: 48, AHT: 240, Patience: 1e-6}.Metrics(20, OverOffered)
	if err != nil {
		t.Fatal(err)
	}
	if b := mustB(t, 54, 48); math.Abs(z.PAbandon-z.PWait) > 1e-6 || math.Abs(z.PWait-b) > 1e-6 {
		t.Errorf("short patience: %+v, Erlang B %v", z, b)
	}
}

// TestStaffIsLeast: for every model, load and set of targets, Staff's
// count meets the targets and one agent fewer does not.
func TestStaffIsLeast(t *testing.T) {
	targets := []Targets{
		{ServiceLevel: 0.8, Threshold: 20},
		{ServiceLevel: 0.9, Threshold: 10, Definition: OverAnswered, ASA: 5},
		{ServiceLevel: 0.8, Threshold: 20, MaxOccupancy: 0.85},
		{MaxAbandon: 0.02},
		{ASA: 15},
		{MaxOccupancy: 0.7},
		{ServiceLevel: 0.95, Threshold: 30, Definition: OverOfferedLessShortAbandons, MaxAbandon: 0.03},
	}
	models := func(load float64) []Queue {
		return []Queue{
			BQueue{Load: load},
			CQueue{Load: load, AHT: 240},
			AQueue{Load: load, AHT: 240, Patience: 120},
			XQueue{Load: load, AHT: 240, Patience: 120, RedialShare: 0.5, RedialDelay: 300},
			XQueue{Lines: 2 * math.Ceil(load+10), Load: load, AHT: 240, Patience: 120, RedialShare: 0.7, RedialDelay: 120, Interval: 1800},
			ChatQueue{Concurrency: 3, Slowdown: 0.3, Load: load, AHT: 600, Patience: 300},
		}
	}
	for _, load := range []float64{0.3, 4.2, 48, 310.5, 2500} {
		for _, q := range models(load) {
			for _, tg := range targets {
				switch q.(type) {
				case BQueue, CQueue:
					if tg.MaxAbandon > 0 {
						continue // nobody abandons: any count meets it
					}
				}
				s, err := Staff(q, tg)
				if err != nil {
					t.Errorf("%T load %v %+v: %v", q, load, tg, err)
					continue
				}
				m, ok, err := meetsAt(q, float64(s.Agents), tg)
				if err != nil || !ok || s.Metrics.Agents != float64(s.Agents) {
					t.Errorf("%T load %v %+v: %d agents do not meet the targets: %+v, %v", q, load, tg, s.Agents, m, err)
				}
				if s.Agents > 0 {
					m, ok, err := meetsAt(q, float64(s.Agents-1), tg)
					if err != nil || ok {
						t.Errorf("%T load %v %+v: %d agents also meet the targets: %+v, %v", q, load, tg, s.Agents-1, m, err)
					}
				}
			}
		}
	}
}

// ownModel is a Queue of a caller's own: Erlang C by another route (a
// chat queue of one chat per agent, without patience), to show that
// Staff needs nothing but the interface.
type ownModel struct{ load, aht float64 }

func (o ownModel) OfferedLoad() float64 { return o.load }
func (o ownModel) MetricsAt(n, t float64, def SLDef) (Metrics, error) {
	return ChatQueue{Agents: n, Concurrency: 1, Load: o.load, AHT: o.aht}.Metrics(t, def)
}

func TestStaffOwnModel(t *testing.T) {
	tg := Targets{ServiceLevel: 0.8, Threshold: 20}
	s, err := Staff(ownModel{load: exampleLoad, aht: exampleAHT}, tg)
	if err != nil || s.Agents != 54 {
		t.Errorf("own model: %+v, %v; want 54 agents as Erlang C", s, err)
	}
}

func TestStaffUnreachable(t *testing.T) {
	// About a + 2.3 sqrt(a) agents would be needed: more than MaxAgents.
	_, err := Staff(CQueue{Load: MaxAgents - 10, AHT: 100}, Targets{ServiceLevel: 0.99})
	if !errors.Is(err, ErrUnreachable) {
		t.Errorf("error %v, want ErrUnreachable", err)
	}
}

func TestStaffFractional(t *testing.T) {
	tg := Targets{ServiceLevel: 0.8, Threshold: 20}
	for _, q := range []Queue{
		CQueue{Load: 48, AHT: 240},
		AQueue{Load: 48, AHT: 240, Patience: 180},
		CQueue{Load: 1234.5, AHT: 300},
		BQueue{Load: 48},
	} {
		f, err := StaffFractional(q, tg)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := Staff(q, tg)
		if !(f > float64(s.Agents-1) && f <= float64(s.Agents)) {
			t.Errorf("%T: fractional %v outside (%d, %d]", q, f, s.Agents-1, s.Agents)
		}
		// At the fractional count the service level is the goal itself:
		// the extension is smooth in n. The count is bisected to 1e-12
		// relative, and the service level moves by less than 0.1 per
		// agent, so it is within about 1e-11 of the goal; 1e-9 is the
		// float64 rounding of the figures, with room.
		m, err := q.MetricsAt(f, tg.Threshold, tg.Definition)
		if err != nil || math.Abs(m.ServiceLevel-0.8) > 1e-9 {
			t.Errorf("%T: service level %v at %v agents, want 0.8 (%v)", q, m.ServiceLevel, f, err)
		}
	}
	for _, q := range []Queue{
		ChatQueue{Concurrency: 2, Load: 3, AHT: 60},
		XQueue{Lines: 10, Load: 3, AHT: 60, Patience: 30},
	} {
		if _, err := StaffFractional(q, tg); !errors.Is(err, ErrInvalid) {
			t.Errorf("%T fractional: %v, want ErrInvalid (whole agents only)", q, err)
		}
	}
	// Erlang X without lines or redials is Erlang A, fractional counts
	// too; the bisections agree to their 1e-12 and the models to 1e-9
	// (TestXReductions), which moves the count by less than 1e-9.
	fa, errA := StaffFractional(AQueue{Load: 48, AHT: 240, Patience: 180}, tg)
	fx, errX := StaffFractional(XQueue{Load: 48, AHT: 240, Patience: 180}, tg)
	if errA != nil || errX != nil || math.Abs(fa-fx) > 1e-9*fa {
		t.Errorf("fractional: Erlang A %v (%v), Erlang X %v (%v)", fa, errA, fx, errX)
	}
}

func TestScheduled(t *testing.T) {
	for _, c := range []struct {
		n, s float64
		want int
	}{{54, 0.3, 78}, {70, 0.3, 100}, {54, 0, 54}, {0, 0.5, 0}, {53.7, 0.25, 72}, {1, 0.999, 1000}} {
		got, err := Scheduled(c.n, c.s)
		if err != nil || got != c.want {
			t.Errorf("Scheduled(%v, %v) = %v, %v; want %d", c.n, c.s, got, err, c.want)
		}
	}
}

// TestXReductions: without redials Erlang X is Erlang A (unlimited lines)
// or Erlang B (lines = agents, nobody waits); and its fixed point
// balances: attempts = fresh + share * attempts * lost.
func TestXReductions(t *testing.T) {
	// X sums the chain state by state, A by scaled series: two routes,
	// each within about 1e-11 of the 200-bit reference (TestAReference),
	// so 1e-9 relative leaves room and still catches a wrong term. The
	// fractional count checks the smooth extension.
	for _, n := range []float64{50, 49.37} {
		a, _ := AQueue{Agents: n, Load: 48, AHT: 240, Patience: 180}.Metrics(20, OverAnswered)
		x, err := XQueue{Agents: n, Load: 48, AHT: 240, Patience: 180}.Metrics(20, OverAnswered)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range [][2]float64{{a.PWait, x.PWait}, {a.PAbandon, x.PAbandon}, {a.ServiceLevel, x.ServiceLevel},
			{a.ASA, x.ASA}, {a.MeanWait, x.MeanWait}, {a.Occupancy, x.Occupancy}} {
			if math.Abs(p[0]-p[1]) > 1e-9*math.Abs(p[0]) {
				t.Errorf("Erlang X without lines or redials %+v differs from Erlang A %+v", x, a)
				break
			}
		}
	}
	// Without patience, fractional too: Erlang C.
	c, _ := CQueue{Agents: 52.5, Load: 48, AHT: 240}.Metrics(20, OverOffered)
	xc, err := XQueue{Agents: 52.5, Load: 48, AHT: 240}.Metrics(20, OverOffered)
	if err != nil || math.Abs(c.PWait-xc.PWait) > 1e-9*c.PWait || math.Abs(c.ServiceLevel-xc.ServiceLevel) > 1e-9 ||
		math.Abs(c.ASA-xc.ASA) > 1e-9*c.ASA {
		t.Errorf("Erlang X without patience, lines or redials %+v differs from Erlang C %+v (%v)", xc, c, err)
	}
	// Lines = agents and no patience: Erlang B. Both take the head of
	// the chain from the same recurrence, so they differ by rounding
	// only (B is about 0.05 here; 1e-12 absolute is 2e-11 relative).
	for def := OverOffered; def <= OverOfferedLessShortAbandons; def++ {
		x, err := XQueue{Agents: 30, Lines: 30, Load: 25, AHT: 180}.Metrics(20, def)
		if err != nil {
			t.Fatal(err)
		}
		b, err := BQueue{Agents: 30, Load: 25}.Metrics(20, def)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range [][2]float64{{b.PBlock, x.PBlock}, {b.ServiceLevel, x.ServiceLevel}, {b.Occupancy, x.Occupancy}} {
			if math.Abs(p[0]-p[1]) > 1e-12 {
				t.Errorf("lines = agents, over %v: Erlang X %+v, Erlang B %+v", def, x, b)
				break
			}
		}
	}
	q := XQueue{Agents: 40, Lines: 45, Load: 42, AHT: 240, Patience: 90, RedialShare: 0.6, RedialDelay: 300, Interval: 1800}
	r, err := q.XMetrics(20, OverOffered)
	if err != nil {
		t.Fatal(err)
	}
	// The bisection stops at 1e-13 relative in the load of attempts.
	k := 0.6 * q.landing()
	if lhs, rhs := r.Load, q.Load+k*r.Load*(r.PBlock+r.PAbandon); math.Abs(lhs-rhs) > 1e-9*lhs || r.RedialLoad <= 0 {
		t.Errorf("fixed point: attempts %v, fresh + redials %v", lhs, rhs)
	}
}

// TestOneFigureMethods: each one-figure method returns its Metrics field.
// They compute less (no second series, no wait weights), and a series
// summed without the wait weight may stop a few terms earlier; the rest
// it leaves out is below 1e-17 of every sum, so the figures agree to
// rounding: 1e-13 relative (or 1e-300 absolute, for figures that
// underflow). Where fewer than half of the waiting arrivals are served
// within the threshold (overload, a short threshold) the service level
// is summed term by term from the series' last term down, so the earlier
// stop changes where that sum starts; service levels then agree to 1e-11
// (measured: 4.5e-12), far inside the 1e-9 that TestAReference holds
// both to.
func TestOneFigureMethods(t *testing.T) {
	type oneFigure interface {
		Queue
		PWait() (float64, error)
		ServiceLevel(float64, SLDef) (float64, error)
		ASA() (float64, error)
		Occupancy() (float64, error)
	}
	type abandons interface {
		PAbandon() (float64, error)
		MeanWait() (float64, error)
	}
	worst := 0.0
	agree := func(q Queue, name string, got, want float64, err error) {
		t.Helper()
		tol := 1e-13
		if name == "ServiceLevel" {
			tol = 1e-11
		}
		d := math.Abs(got - want)
		if d >= 1e-300 {
			worst = math.Max(worst, d/math.Abs(want))
		}
		if err != nil || !(d <= tol*math.Abs(want) || d < 1e-300) {
			t.Errorf("%+v: %s %v, Metrics %v (%v)", q, name, got, want, err)
		}
	}
	var checked int
	for _, n := range []float64{1, 2, 7, 20, 50, 133, 400, 2000} {
		for _, rho := range []float64{0.1, 0.3, 0.6, 0.9, 0.99, 1.1, 1.4, 3} {
			a := rho * n
			for _, q := range []oneFigure{
				CQueue{Agents: n, Load: a, AHT: 240},
				AQueue{Agents: n, Load: a, AHT: 240, Patience: 100},
				XQueue{Agents: n, Lines: 2 * n, Load: a, AHT: 240, Patience: 100, RedialShare: 0.5, RedialDelay: 600},
				ChatQueue{Agents: n, Concurrency: 3, Slowdown: 0.2, Load: 2 * a, AHT: 300, Patience: 200},
			} {
				for def := OverOffered; def <= OverOfferedLessShortAbandons; def++ {
					m, err := q.MetricsAt(n, 20, def)
					if errors.Is(err, ErrUnstable) {
						continue
					}
					if err != nil {
						t.Fatal(err)
					}
					checked++
					v, err := q.ServiceLevel(20, def)
					agree(q, "ServiceLevel", v, m.ServiceLevel, err)
					if def != OverOffered {
						continue
					}
					v, err = q.PWait()
					agree(q, "PWait", v, m.PWait, err)
					v, err = q.ASA()
					agree(q, "ASA", v, m.ASA, err)
					v, err = q.Occupancy()
					agree(q, "Occupancy", v, m.Occupancy, err)
					if ab, ok := q.(abandons); ok {
						v, err = ab.PAbandon()
						agree(q, "PAbandon", v, m.PAbandon, err)
						v, err = ab.MeanWait()
						agree(q, "MeanWait", v, m.MeanWait, err)
					}
					if x, ok := q.(XQueue); ok {
						v, err = x.PBlock()
						agree(q, "PBlock", v, m.PBlock, err)
					}
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d models checked", checked)
	}
	t.Logf("%d models checked; worst relative difference %.3g", checked, worst)
	b, err := BQueue{Agents: 30, Load: 25}.Metrics(20, OverOffered)
	p, perr := BQueue{Agents: 30, Load: 25}.PBlock()
	if err != nil || perr != nil || p != b.PBlock {
		t.Errorf("B: PBlock %v, Metrics %+v (%v, %v)", p, b, perr, err)
	}
}
