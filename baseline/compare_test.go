package baseline

import (
	"math"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// tSurvival is P(T > x) for Student's t with nu degrees of freedom and
// x > 0, computed independently of gonum: the density integrated
// numerically from x to infinity with composite Simpson's rule after the
// substitution t = x/(1-u), which maps the tail onto [0, 1) and scales
// with x, so heavy tails far out integrate as well as near ones.
func tSurvival(x, nu float64) float64 {
	logC := lgamma((nu+1)/2) - lgamma(nu/2) - 0.5*math.Log(nu*math.Pi)
	f := func(u float64) float64 {
		// At u = 1 the integrand has a limit (zero unless nu is 1); a
		// point just short of it gives that limit.
		u = min(u, 1-1e-12)
		t := x / (1 - u)
		return math.Exp(logC-(nu+1)/2*math.Log1p(t*t/nu)) * x / ((1 - u) * (1 - u))
	}
	const steps = 20_000
	h := 1.0 / steps
	sum := f(0) + f(1)
	for i := 1; i < steps; i++ {
		w := 2.0
		if i%2 == 1 {
			w = 4
		}
		sum += w * f(float64(i)*h)
	}
	return sum * h / 3
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// tQuantileRef solves P(T > x) = 1 - p for x by bisection (p > 0.5).
func tQuantileRef(p, nu float64) float64 {
	lo, hi := 1e-9, 1e9
	for range 100 {
		mid := (lo + hi) / 2
		if tSurvival(mid, nu) > 1-p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestStatisticalAllowanceReference checks the statistical allowance
// against a computation from the replications' standard deviations (not
// the half-widths) with the reference t quantile above. The two agree to
// 1e-6 relative: the quadrature and the bisection are good to about 1e-9.
func TestStatisticalAllowanceReference(t *testing.T) {
	for _, c := range []struct {
		sd1, sd2 float64
		n1, n2   int
		k        int
		conf     float64
	}{
		{0.05, 0.07, 10, 10, 32, 0.999},
		{2.5, 0.4, 30, 12, 600, 0.999},
		{1, 1, 2, 2, 1, 0.95},
		{3, 0, 20, 20, 5, 0.99},
	} {
		hw := func(sd float64, n int) float64 {
			return tQuantileRef(0.975, float64(n-1)) * sd / math.Sqrt(float64(n))
		}
		b, n := stat(10, hw(c.sd1, c.n1), c.n1), stat(11, hw(c.sd2, c.n2), c.n2)
		alpha := (1 - c.conf) / float64(c.k)
		got, crit, df := statisticalAllowance(b, n, alpha)

		v1, v2 := c.sd1*c.sd1/float64(c.n1), c.sd2*c.sd2/float64(c.n2)
		wantDF := (v1 + v2) * (v1 + v2) / (v1*v1/float64(c.n1-1) + v2*v2/float64(c.n2-1))
		wantCrit := tQuantileRef(1-alpha/2, wantDF)
		want := wantCrit * math.Sqrt(v1+v2)
		if rel(got, want) > 1e-6 || rel(crit, wantCrit) > 1e-6 || rel(df, wantDF) > 1e-9 {
			t.Errorf("%+v: allowance %.10g (t %.10g, df %.10g), want %.10g (t %.10g, df %.10g)",
				c, got, crit, df, want, wantCrit, wantDF)
		}
	}
}

// TestCriticalValueWithinItsLimits holds the t quantile the allowance
// uses to the reference over the degrees of freedom and tails a check
// meets: the reference's survival at the quantile must be the tail asked
// for, to 1e-3 relative.
func TestCriticalValueWithinItsLimits(t *testing.T) {
	for _, df := range []float64{3, 9, 17.4, 58, 300, maxDF} {
		for _, tail := range []float64{0.025, 1e-3, 1e-6, 1e-9, minTail} {
			q := tCritical(tail, df)
			if got := tSurvival(q, df); rel(got, tail) > 1e-3 {
				t.Errorf("df %v, tail %v: quantile %.8g has survival %.6g", df, tail, q, got)
			}
		}
	}
	// Beyond the limits the quantile is held at them: more degrees of
	// freedom or a smaller tail never lower it.
	if tCritical(1e-7, 2e5) != tCritical(1e-7, maxDF) || tCritical(1e-15, 58) != tCritical(minTail, 58) {
		t.Error("the limits do not hold")
	}
}

func TestReferenceQuantileKnownValues(t *testing.T) {
	// Published two-sided 95% and 99% t factors (Student's t table).
	for _, c := range []struct{ p, nu, want float64 }{
		{0.975, 9, 2.262157163}, {0.995, 9, 3.249835541}, {0.975, 1, 12.70620474}, {0.975, 29, 2.045229642},
	} {
		if got := tQuantileRef(c.p, c.nu); rel(got, c.want) > 1e-8 {
			t.Errorf("t(%v, %v) = %.10g, want %.10g", c.p, c.nu, got, c.want)
		}
	}
}

func rel(a, b float64) float64 { return math.Abs(a-b) / math.Max(math.Abs(b), 1e-300) }

// pair builds a baseline and a forecast with one KPI each.
func pair(base, now sim.Stat, tol Tolerance) (*Baseline, *Baseline) {
	b := &Baseline{Replications: 10, Confidence: 0.999, Tolerances: map[string]Tolerance{DefaultKey: tol},
		KPIs: []KPI{{ID: "phone/asa_seconds", Stat: base}}}
	n := &Baseline{Replications: 10, KPIs: []KPI{{ID: "phone/asa_seconds", Stat: now}}}
	return b, n
}

func TestCompareVerdicts(t *testing.T) {
	statistical := Tolerance{Statistical: true}
	// The statistical allowance for two 95% half-widths h over 10
	// replications each, one KPI at 99.9%: t(0.9995, 18) * sqrt(2) * h /
	// t(0.975, 9) = 3.922 * 1.4142 / 2.262 = 2.452 h.
	const k = 2.452
	for _, c := range []struct {
		name      string
		base, now sim.Stat
		tol       Tolerance
		verdict   Verdict
		by        Allowance
		allowed   float64
	}{
		{"noise passes", stat(20, 2, 10), stat(20+0.9*k*2, 2, 10), statistical, Pass, ByStatistical, k * 2},
		{"a change beyond the noise fails", stat(20, 2, 10), stat(20+1.1*k*2, 2, 10), statistical, Fail, ByStatistical, k * 2},
		{"a drop fails too", stat(20, 2, 10), stat(20-1.1*k*2, 2, 10), statistical, Fail, ByStatistical, k * 2},
		{"absolute", stat(20, 2, 10), stat(24.9, 2, 10), Tolerance{Absolute: 5}, Pass, ByAbsolute, 5},
		{"absolute fails", stat(20, 2, 10), stat(25.1, 2, 10), Tolerance{Absolute: 5}, Fail, ByAbsolute, 5},
		{"relative", stat(20, 2, 10), stat(21.9, 2, 10), Tolerance{Relative: 0.1}, Pass, ByRelative, 2},
		{"relative fails", stat(20, 2, 10), stat(17.9, 2, 10), Tolerance{Relative: 0.1}, Fail, ByRelative, 2},
		{"largest allowance wins", stat(20, 2, 10), stat(27, 2, 10), Tolerance{Absolute: 8, Relative: 0.1, Statistical: true}, Pass, ByAbsolute, 8},
		{"statistical beyond a small absolute", stat(20, 2, 10), stat(24, 2, 10), Tolerance{Absolute: 1, Statistical: true}, Pass, ByStatistical, k * 2},
		{"exact", stat(20, 2, 10), stat(20.1, 2, 10), Tolerance{}, Fail, ByExact, 20.1e-9},
		{"exact survives rounding", stat(20, 2, 10), stat(20+1e-12, 2, 10), Tolerance{}, Pass, ByExact, 20e-9},
		{"no noise on either side", stat(9850, 0, 10), stat(9575, 0, 10), statistical, Fail, ByStatistical, 9850e-9},
		{"no noise, no change", stat(9850, 0, 10), stat(9850, 0, 10), statistical, Pass, ByStatistical, 9850e-9},
		{"undefined in both", undef, undef, statistical, Pass, ByNone, math.NaN()},
		{"always defined before, never now", stat(0.8, 0.1, 10), undef, statistical, Fail, ByNone, math.NaN()},
		{"never defined before, always now", undef, stat(0.8, 0.1, 10), statistical, Fail, ByNone, math.NaN()},
		{"sometimes defined, on one side", stat(0.8, 0.1, 4), undef, statistical, Skip, ByNone, math.NaN()},
		{"one replication defines it", stat(0.8, math.NaN(), 1), stat(0.9, 0.1, 6), statistical, Skip, ByNone, math.NaN()},
		{"one replication, absolute still compares", stat(0.8, math.NaN(), 1), stat(0.9, 0.1, 6), Tolerance{Absolute: 0.05, Statistical: true}, Fail, ByAbsolute, 0.05},
	} {
		b, n := pair(c.base, c.now, c.tol)
		rep, err := Compare(b, n)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		r := rep.Rows[0]
		okAllowed := rel(r.Allowed, c.allowed) < 2e-3 || (math.IsNaN(c.allowed) && math.IsNaN(r.Allowed))
		if r.Verdict != c.verdict || r.By != c.by || !okAllowed {
			t.Errorf("%s: %v by %v, allowed %.6g; want %v by %v, allowed %.6g (%s)", c.name, r.Verdict, r.By,
				r.Allowed, c.verdict, c.by, c.allowed, r.Note)
		}
	}
}

func TestCompareMissingAndAdded(t *testing.T) {
	b := &Baseline{Replications: 10, Confidence: 0.999, Tolerances: DefaultTolerances(), KPIs: []KPI{
		{ID: "phone/offered", Stat: stat(100, 5, 10)},
		{ID: "fax/offered", Stat: stat(3, 1, 10)},
	}}
	n := &Baseline{Replications: 10, KPIs: []KPI{
		{ID: "chat/offered", Stat: stat(50, 5, 10)},
		{ID: "phone/offered", Stat: stat(101, 5, 10)},
	}}
	rep, err := Compare(b, n)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range rep.Rows {
		got = append(got, r.ID+" "+r.Verdict.String())
	}
	want := "chat/offered added, phone/offered pass, fax/offered missing"
	if strings.Join(got, ", ") != want || rep.Failed() != 1 || rep.Tests != 1 {
		t.Errorf("rows %q (failed %d, tests %d), want %q", got, rep.Failed(), rep.Tests, want)
	}
}

// TestBonferroniFamily checks that the statistical allowance widens with
// the number of KPIs compared: each is tested at 1 - α/K.
func TestBonferroniFamily(t *testing.T) {
	allowance := func(k int) float64 {
		b := &Baseline{Replications: 10, Confidence: 0.999, Tolerances: DefaultTolerances()}
		n := &Baseline{Replications: 10}
		for i := range k {
			id := ChannelID("c"+string(rune('a'+i%26))+strings.Repeat("x", i/26), "", "offered")
			b.KPIs = append(b.KPIs, KPI{ID: id, Stat: stat(100, 5, 10)})
			n.KPIs = append(n.KPIs, KPI{ID: id, Stat: stat(100, 5, 10)})
		}
		rep, err := Compare(b, n)
		if err != nil || rep.Tests != k {
			t.Fatalf("k %d: %v, %d tests", k, err, rep.Tests)
		}
		return rep.Rows[0].Allowed
	}
	se := 5 / tQuantileRef(0.975, 9)
	for _, k := range []int{1, 40} {
		want := tQuantileRef(1-0.001/float64(2*k), 18) * math.Sqrt(2) * se
		if got := allowance(k); rel(got, want) > 1e-6 {
			t.Errorf("K=%d: allowance %.8g, want %.8g", k, got, want)
		}
	}
}

func TestCompareNeedsReplicationsForStatistics(t *testing.T) {
	b, n := pair(stat(1, math.NaN(), 1), stat(1, math.NaN(), 1), Tolerance{Statistical: true})
	b.Replications, n.Replications = 1, 1
	if _, err := Compare(b, n); err == nil || !strings.Contains(err.Error(), "at least 2 replications") {
		t.Errorf("one replication: %v", err)
	}
	b.Tolerances[DefaultKey] = Tolerance{Relative: 0.05}
	if _, err := Compare(b, n); err != nil {
		t.Errorf("relative tolerance with one replication: %v", err)
	}
}

func TestToleranceLookup(t *testing.T) {
	b := &Baseline{Tolerances: map[string]Tolerance{
		DefaultKey:                  {Statistical: true},
		"service_level":             {Absolute: 0.02},
		"phone/00:00/service_level": {Absolute: 0.1},
	}}
	for id, want := range map[string]Tolerance{
		"phone/00:00/service_level": {Absolute: 0.1},
		"phone/00:30/service_level": {Absolute: 0.02},
		"all channels/asa_seconds":  {Statistical: true},
	} {
		if got := b.Tolerance(id); got != want {
			t.Errorf("%s: %+v, want %+v", id, got, want)
		}
	}
	if got := (&Baseline{}).Tolerance("phone/offered"); got != (Tolerance{Statistical: true}) {
		t.Errorf("no tolerances at all: %+v", got)
	}
}

// TestVerdictAndAllowanceNames pins the words a report prints and which
// verdicts fail a check: a failure and a KPI gone missing do; a skip and
// an added KPI do not.
func TestVerdictAndAllowanceNames(t *testing.T) {
	for v, want := range map[Verdict]string{Pass: "pass", Fail: "fail", Skip: "skip", Missing: "missing", Added: "added", 9: "Verdict(9)"} {
		if got := v.String(); got != want {
			t.Errorf("verdict %d prints %q, want %q", v, got, want)
		}
		if failed := v == Fail || v == Missing; v.Failed() != failed {
			t.Errorf("%s: Failed() = %v", v, v.Failed())
		}
	}
	for a, want := range map[Allowance]string{ByNone: "", ByExact: "exact", ByAbsolute: "absolute", ByRelative: "relative", ByStatistical: "statistical", 9: "Allowance(9)"} {
		if got := a.String(); got != want {
			t.Errorf("allowance %d prints %q, want %q", a, got, want)
		}
	}
}
