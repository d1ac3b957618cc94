package sim

import (
	"math"
	"sync"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// TestTQuantile holds the cached quantile to published Student's t
// values (ten significant digits, so within 1e-9 relative) and to gonum's
// own figure bit for bit, first call and cached, from several goroutines.
func TestTQuantile(t *testing.T) {
	for _, c := range []struct {
		p    float64
		nu   int
		want float64
	}{
		{0.975, 1, 12.70620474}, {0.975, 9, 2.262157163}, {0.975, 29, 2.045229642},
		{0.995, 9, 3.249835541}, {0.95, 29, 1.699127027}, {0.9, 29, 1.311433647},
	} {
		exact := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(c.nu)}.Quantile(c.p)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for range 2 {
					if got := TQuantile(c.p, c.nu); got != exact {
						t.Errorf("TQuantile(%v, %d) = %.17g, gonum %.17g", c.p, c.nu, got, exact)
					}
				}
			})
		}
		wg.Wait()
		if got := TQuantile(c.p, c.nu); math.Abs(got-c.want) > 1e-9*c.want {
			t.Errorf("TQuantile(%v, %d) = %.10g, published %.10g", c.p, c.nu, got, c.want)
		}
	}
	// A Stat's half-width is the 97.5% factor times the standard error.
	s := Stat{Mean: 1, SD: 0.3, N: 10}
	if got, want := s.HalfWidthAt(0.95), TQuantile(0.975, 9)*0.3/math.Sqrt(10); got != want {
		t.Errorf("HalfWidthAt(0.95) = %v, want %v", got, want)
	}
}
