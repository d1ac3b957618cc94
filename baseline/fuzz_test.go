package baseline

import (
	"bytes"
	"math"
	"testing"
)

// FuzzParse feeds arbitrary text to the reader: it must never panic, and
// whatever it accepts must write back to a file that reads the same and
// checks against itself.
func FuzzParse(f *testing.F) {
	sel := DefaultSelection()
	sel.Intervals = DefaultIntervals()
	b, err := New(testResult(), sel, "v")
	if err != nil {
		f.Fatal(err)
	}
	b.Tolerances["service_level"] = Tolerance{Absolute: 0.02, Relative: 0.1}
	f.Add(b.Marshal())
	f.Add([]byte(`{"format": "ccsim-baseline/1"}`))
	f.Add([]byte(`{"values": {"a/offered": {"mean": 1, "ci95": null, "n": 1}}}`))
	f.Add([]byte(`[1, 2`))
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Parse("fuzz.json", data)
		if err != nil {
			return
		}
		once := b.Marshal()
		again, err := Parse("again.json", once)
		if err != nil {
			t.Fatalf("written file does not read: %v\n%s", err, once)
		}
		if twice := again.Marshal(); !bytes.Equal(once, twice) {
			t.Fatalf("rewrite differs:\n%s\nfirst:\n%s", twice, once)
		}
		if rep, err := Compare(b, b); err == nil && rep.Failed() > 0 {
			t.Fatalf("a baseline fails against itself: %+v", rep.Rows)
		}
	})
}

// FuzzCompare throws arbitrary numbers at one comparison: no panic, no
// negative allowance, and a pass always means the change is within it.
func FuzzCompare(f *testing.F) {
	f.Add(20.0, 2.0, 10, 21.0, 2.5, 10, 0.0, 0.0, true, 0.999)
	f.Add(0.0, 0.0, 10, 0.0, 0.0, 10, 0.0, 0.0, true, 0.5)
	f.Add(1.0, math.NaN(), 1, 2.0, 1.0, 2, 0.5, 0.1, false, 0.9)
	f.Add(math.Inf(1), 1.0, 3, 1.0, -1.0, 3, -1.0, math.NaN(), true, 0.999)
	f.Fuzz(func(t *testing.T, m1, h1 float64, n1 int, m2, h2 float64, n2 int, abs, rel float64, statistical bool, conf float64) {
		n1, n2 = n1%1000, n2%1000
		b, n := pair(stat(m1, h1, n1), stat(m2, h2, n2), Tolerance{Absolute: abs, Relative: rel, Statistical: statistical})
		b.Confidence = conf
		rep, err := Compare(b, n)
		if err != nil {
			return
		}
		r := rep.Rows[0]
		if r.Allowed < 0 {
			t.Fatalf("negative allowance %+v", r)
		}
		if r.Verdict == Pass && r.Base.N > 0 && r.Now.N > 0 && !(math.Abs(r.Change) <= r.Allowed) {
			t.Fatalf("passed beyond its allowance: %+v", r)
		}
	})
}
