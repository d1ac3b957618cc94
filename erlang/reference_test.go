package erlang

import (
	"math"
	"math/big"
	"testing"
)

// The references in this file are computed with math/big at refPrec bits
// by summing the birth-death chain forward from the empty state, a
// different route from the package's backward recurrence and series.
const refPrec = 200

func bf(v float64) *big.Float { return new(big.Float).SetPrec(refPrec).SetFloat64(v) }
func bnew() *big.Float        { return new(big.Float).SetPrec(refPrec) }

// refErlangB returns B(n, a) for whole n from the Poisson terms
// a^k/k!, k = 0..n, summed forward.
func refErlangB(n int, a float64) *big.Float {
	ab := bf(a)
	term, sum := bf(1), bf(1)
	k := bnew()
	for i := 1; i <= n; i++ {
		term.Mul(term, ab)
		term.Quo(term, k.SetInt64(int64(i)))
		sum.Add(sum, term)
	}
	return term.Quo(term, sum)
}

// refErlangC returns C = n B/(n - a + a B) in big precision.
func refErlangC(n int, a float64, b *big.Float) *big.Float {
	ab := bf(a)
	nb := bf(float64(n))
	num := bnew().Mul(nb, b)
	den := bnew().Sub(nb, ab)
	den.Add(den, bnew().Mul(ab, b))
	return num.Quo(num, den)
}

// relErr is |got - want|/|want|, with want in big precision.
func relErr(got float64, want *big.Float) float64 {
	w, _ := want.Float64()
	if w == 0 {
		return math.Abs(got)
	}
	d := bnew().Sub(bf(got), want)
	df, _ := d.Float64()
	return math.Abs(df / w)
}

var (
	refAgents = []int{1, 2, 3, 7, 10, 31, 54, 100, 316, 1000, 3162, 10000, 31623, 100000}
	refLoads  = []float64{0.1, 0.3, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999}
)

// TestBCReference holds B and C to a relative error of 1e-12 against the
// forward sums, over agents 1..100,000 and loads 10%..99.9% of the agent
// count, for values above 1e-280 (smaller ones may round to zero; they
// must then still be below 1e-270). Why 1e-12: invB adds positive terms
// over at most about 10 sqrt(a) + (n - a) steps, each correctly rounded,
// so its error grows like sqrt(steps) ulps: below 1e-13 for 100,000 agents
// (and for a million, TestBMillion); the worst seen is 6.5e-15. The
// tolerance leaves a factor of ten, and a biased step (a rounded 1/a)
// would show as an error growing with n past it.
func TestBCReference(t *testing.T) {
	const tol = 1e-12
	worstB, worstC := 0.0, 0.0
	checked := 0
	agents := refAgents
	if testing.Short() {
		// -short leaves out the 200-bit references above 1,000 agents,
		// which take most of the test's time.
		agents = agents[:10]
	}
	for _, n := range agents {
		for _, rho := range refLoads {
			a := rho * float64(n)
			wantB := refErlangB(n, a)
			wantC := refErlangC(n, a, wantB)
			gotB := mustB(t, float64(n), a)
			gotC, err := C(float64(n), a)
			if err != nil {
				t.Fatalf("C(%d, %v): %v", n, a, err)
			}
			for _, c := range []struct {
				name  string
				got   float64
				want  *big.Float
				worst *float64
			}{{"B", gotB, wantB, &worstB}, {"C", gotC, wantC, &worstC}} {
				if c.want.Cmp(bf(1e-280)) < 0 {
					if c.got > 1e-270 {
						t.Errorf("%s(%d, %v) = %v, reference %v is below 1e-280", c.name, n, a, c.got, c.want)
					}
					continue
				}
				checked++
				e := relErr(c.got, c.want)
				*c.worst = math.Max(*c.worst, e)
				if e > tol {
					t.Errorf("%s(%d, %v) = %.17g, reference %.17g: relative error %.3g > %g",
						c.name, n, a, c.got, c.want, e, tol)
				}
			}
		}
	}
	t.Logf("%d values checked; worst relative error B %.3g, C %.3g", checked, worstB, worstC)
}

// TestBOverload holds B to the reference where the load exceeds the
// agents, the case the overload shortcut in invB handles, to 1e-12 for
// the reason TestBCReference gives (the shortcut only takes fewer steps).
func TestBOverload(t *testing.T) {
	for _, n := range []int{1, 5, 50, 1000, 20000} {
		for _, rho := range []float64{1, 1.001, 1.1, 2, 10, 1000} {
			a := rho * float64(n)
			want := refErlangB(n, a)
			if e := relErr(mustB(t, float64(n), a), want); e > 1e-12 {
				t.Errorf("B(%d, %v): relative error %.3g", n, a, e)
			}
		}
	}
}
