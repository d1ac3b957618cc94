package shard

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
)

func sample(k, n int) *File {
	f := &File{
		Version: "1.2.3", Command: "sweep", Args: []string{"center.yaml", "--sweep", "what if.yaml", "--reps=5", ""},
		Index: k, Count: n, Seed: math.MaxUint64, Replications: 5,
		Model:  strings.Repeat("ab", 32),
		Inputs: []Input{{Name: "center.yaml", Data: []byte("name: x\n")}, {Name: "what if.yaml", Data: nil}},
		Unit:   "points", Total: 7, Width: 3,
	}
	f.From, f.To = Split(k, n, f.Total)
	for i := range (f.To - f.From) * f.Width {
		f.Values = append(f.Values, float64(i)/3)
	}
	if len(f.Values) >= 3 {
		f.Values[0], f.Values[1], f.Values[2] = math.NaN(), math.Copysign(0, -1), math.Inf(-1)
	}
	return f
}

func bits(v []float64) []uint64 {
	out := make([]uint64, len(v))
	for i, x := range v {
		out[i] = math.Float64bits(x)
	}
	return out
}

// TestRoundTrip checks that a file reads back as written, every value to
// the bit (NaN, negative zero and infinities included).
func TestRoundTrip(t *testing.T) {
	for _, f := range []*File{sample(1, 2), sample(2, 2), sample(3, 9)} {
		data, err := f.Encode()
		if err != nil {
			t.Fatal(err)
		}
		g, err := Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(bits(f.Values), bits(g.Values)) {
			t.Errorf("values changed: %v -> %v", f.Values, g.Values)
		}
		f.Values, g.Values = nil, nil
		for i := range g.Inputs {
			if len(f.Inputs[i].Data) == 0 && len(g.Inputs[i].Data) == 0 {
				f.Inputs[i].Data, g.Inputs[i].Data = nil, nil
			}
		}
		if !reflect.DeepEqual(f, g) {
			t.Errorf("read back\n%+v\nwant\n%+v", g, f)
		}
	}
}

// TestSplit checks that the parts of every split cover the units once,
// in order, with sizes that differ by at most one.
func TestSplit(t *testing.T) {
	for n := 1; n <= 40; n++ {
		for total := 0; total <= 120; total++ {
			next, small, large := 0, total, 0
			for k := 1; k <= n; k++ {
				from, to := Split(k, n, total)
				if from != next || to < from {
					t.Fatalf("%d/%d of %d: [%d, %d) after %d", k, n, total, from, to, next)
				}
				small, large = min(small, to-from), max(large, to-from)
				next = to
			}
			if next != total || large-small > 1 {
				t.Fatalf("%d parts of %d: end %d, sizes %d..%d", n, total, next, small, large)
			}
		}
	}
}

func TestParseSpec(t *testing.T) {
	for _, s := range []string{"1/1", "2/4", " 4/4 ", "100000/100000"} {
		if _, _, err := ParseSpec(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	for s, want := range map[string]string{
		"0/4":        "out of range",
		"5/4":        "out of range",
		"-1/4":       "out of range",
		"2":          "want K/N",
		"2/0":        "number of shards",
		"x/4":        "shard index",
		"1/100001":   "number of shards",
		"1/4/5":      "number of shards",
		"":           "want K/N",
		"1.5/4":      "shard index",
		"1/9e99":     "number of shards",
		"2/4 extra":  "number of shards",
		"+2/ 4 junk": "number of shards",
	} {
		if _, _, err := ParseSpec(s); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", s, err, want)
		}
	}
}

// TestDecodeRefuses checks the messages for files that are not whole
// shards.
func TestDecodeRefuses(t *testing.T) {
	good, err := sample(1, 2).Encode()
	if err != nil {
		t.Fatal(err)
	}
	header := bytes.Index(good, []byte("\n\n")) + 2
	edit := func(old, new string) []byte {
		return []byte(strings.Replace(string(good), old, new, 1))
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)-3] ^= 1
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"empty":           {nil, "not a ccsim shard file"},
		"another file":    {[]byte("name: center\n"), "not a ccsim shard file"},
		"a later format":  {edit(Magic, "ccsim-shard/9"), "format ccsim-shard/9"},
		"truncated":       {good[:len(good)-5], "truncated"},
		"appended":        {append(bytes.Clone(good), 0), "truncated or has bytes appended"},
		"header only":     {good[:header-1], "ends within its header"},
		"a flipped bit":   {flipped, "damaged"},
		"an unknown key":  {edit("seed:", "sed:"), "unknown key"},
		"a key twice":     {edit("seed: ", "seed: 1\nseed: "), "seed given twice"},
		"no model":        {edit("model: ", "x-model: "), "unknown key"},
		"a bad shard":     {edit("shard: 1/2", "shard: 3/2"), "out of range"},
		"wrong units":     {edit("points 0 3 of 7", "points 0 4 of 7"), "must hold points [0, 3)"},
		"units garbage":   {edit("of 7", "of 7 x"), "UNIT FROM TO of TOTAL"},
		"a bad hash":      {edit("body: sha256:", "body: sha256:00"), "64 hex digits"},
		"an unquoted arg": {edit(`arg: "center.yaml"`, `arg: center.yaml`), "arg"},
		"too many values": {edit("values: 9", "values: 99999999999"), "beyond the limit"},
	} {
		_, err := Decode(bytes.NewReader(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}

func named(name string, f *File) Named { return Named{Name: name, File: f} }

// TestAssemble checks that the parts of one run come back in order, and
// that mixed, duplicated and missing parts and another version are
// refused with a message naming the files.
func TestAssemble(t *testing.T) {
	a, b, c := named("a", sample(1, 3)), named("b", sample(2, 3)), named("c", sample(3, 3))
	got, err := Assemble([]Named{c, a, b}, "1.2.3")
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range got {
		if s.Index != i+1 {
			t.Errorf("part %d is shard %d", i, s.Index)
		}
	}
	change := func(s Named, f func(*File)) Named {
		g := *s.File
		g.Inputs = append([]Input(nil), s.Inputs...)
		f(&g)
		return Named{Name: "x", File: &g}
	}
	for name, tc := range map[string]struct {
		shards []Named
		want   string
	}{
		"none":            {nil, "no shard files"},
		"a duplicate":     {[]Named{a, b, c, named("b2", sample(2, 3))}, "shard 2/3 is given twice: b and b2"},
		"one missing":     {[]Named{a, c}, "shard 2/3 missing"},
		"two missing":     {[]Named{b}, "shards 1/3, 3/3 missing"},
		"another seed":    {[]Named{a, b, change(c, func(f *File) { f.Seed = 7 })}, "a and x are parts of different runs: seed"},
		"another model":   {[]Named{a, b, change(c, func(f *File) { f.Model = strings.Repeat("cd", 32) })}, "model simulated differs"},
		"another input":   {[]Named{a, b, change(c, func(f *File) { f.Inputs[0].Data = []byte("name: y\n") })}, `input "center.yaml"`},
		"other arguments": {[]Named{a, b, change(c, func(f *File) { f.Args = []string{"other.yaml"} })}, "arguments differ"},
		"another command": {[]Named{a, b, change(c, func(f *File) { f.Command = "run" })}, "ccsim sweep against ccsim run"},
		"another split":   {[]Named{a, b, named("x", sample(3, 4))}, "split into 3 against 4"},
		"another version": {[]Named{a, b, change(c, func(f *File) { f.Version = "9" })}, "x was written by ccsim 9"},
	} {
		_, err := Assemble(tc.shards, "1.2.3")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}

// FuzzDecode feeds damaged shard files to Decode: it must never panic,
// and what it accepts must write back to a file that reads the same.
func FuzzDecode(f *testing.F) {
	for _, s := range []*File{sample(1, 2), sample(2, 2)} {
		data, _ := s.Encode()
		f.Add(data)
	}
	f.Add([]byte(Magic + "\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		g, err := Decode(bytes.NewReader(data))
		if err != nil {
			return
		}
		again, err := g.Encode()
		if err != nil {
			t.Fatalf("a file that read cannot be written: %v", err)
		}
		h, err := Decode(bytes.NewReader(again))
		if err != nil {
			t.Fatalf("a written file does not read: %v", err)
		}
		if !reflect.DeepEqual(bits(g.Values), bits(h.Values)) || g.Model != h.Model || !reflect.DeepEqual(g.Args, h.Args) {
			t.Fatal("a file changed when written back")
		}
	})
}
