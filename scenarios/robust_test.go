package scenarios

import (
	"bytes"
	"testing"
)

// TestSeedIsExact: a seed above 2^53 is read and written exactly (read
// through a float64 it lost its last bits: 9007199254740993 became
// ...992), up to 2^64-1, the range of --seed.
func TestSeedIsExact(t *testing.T) {
	for _, seed := range []string{"9007199254740993", "18446744073709551615"} {
		s, err := Parse("seed.yaml", []byte("seed: "+seed+"\n"+tiny))
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := Write(&out, &s.Model, WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		again, err := Parse("again.yaml", out.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		if got := again.Seed; got != s.Seed || !bytes.Contains(out.Bytes(), []byte("seed: "+seed+"\n")) {
			t.Errorf("seed %s read as %d, written and read again as %d", seed, s.Seed, got)
		}
	}
}
