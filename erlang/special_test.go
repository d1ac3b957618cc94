package erlang

import (
	"math"
	"testing"
)

// TestDigammaDiffWholeTerms checks that psi(b) - psi(a) sums exactly b-a
// terms when the floating difference b-a lands just above the integer,
// against the sum written out.
func TestDigammaDiffWholeTerms(t *testing.T) {
	found := 0
	for a := 0.01; a < 50; a += 0.37 {
		for _, k := range []float64{1, 2, 3, 7, 40} {
			b := a + k
			want := 0.0
			for i := 0.0; i < k; i++ {
				want += 1 / (a + i)
			}
			if b-a > k {
				found++
			}
			// The same terms in the same order agree to the last bit;
			// one term too many adds 1/(a+k) > 1/90 of a sum below 50,
			// so 1e-13 separates right from wrong with room.
			if got := digammaDiff(a, b); math.Abs(got-want) > 1e-13*want {
				t.Errorf("digammaDiff(%v, %v) = %v, want %v (b-a = %v)", a, b, got, want, b-a)
			}
		}
	}
	if found == 0 {
		t.Fatal("no case where b-a exceeds the whole number: the test does not exercise the rounding")
	}
}

// TestASAContinuous: Erlang A's ASA (mean wait of answered contacts) must not
// jump when the agent count moves by a rounding error (it did, by 9%,
// when digammaDiff added a term too many).
func TestASAContinuous(t *testing.T) {
	q := AQueue{Agents: 4.126, Load: 6.8256, AHT: 191.97, Patience: 586.72}
	a, err := q.ASA()
	if err != nil {
		t.Fatal(err)
	}
	q.Agents -= 1e-15
	b, err := q.ASA()
	if err != nil {
		t.Fatal(err)
	}
	// Moving n by 1e-15 moves the ASA by about 1e-15 times its change
	// per agent (tens of percent): 1e-15 relative. The bug moved it 9%.
	if math.Abs(a-b) > 1e-9*a {
		t.Errorf("ASA %v at 4.126 agents, %v just below", a, b)
	}
}
