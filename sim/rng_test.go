package sim

import "testing"

// TestDeriveSeed checks that derived seeds are reproducible and that no
// two (seed, key) pairs of a backtest's range share one: in particular day
// d+1 of seed s is not day d of seed s+1, as it would be with seed+key.
func TestDeriveSeed(t *testing.T) {
	// A fixed value: a change to the derivation would silently change
	// every backtest, so it must be deliberate.
	if got := DeriveSeed(1, 10592); got != wantDerived {
		t.Fatalf("DeriveSeed(1, 10592) = %#x, want %#x", got, wantDerived)
	}
	seen := map[uint64][2]uint64{}
	for seed := uint64(0); seed < 20; seed++ {
		for day := uint64(10000); day < 10400; day++ {
			d := DeriveSeed(seed, day)
			if prev, ok := seen[d]; ok {
				t.Fatalf("seed %d day %d and seed %d day %d derive the same seed", seed, day, prev[0], prev[1])
			}
			seen[d] = [2]uint64{seed, day}
		}
	}
}

// wantDerived is DeriveSeed(1, 10592): seed 1 and 1999-01-01, as days
// since 1970.
const wantDerived = 0x1027a4888eab1e10
