package scenarios

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func values(vs []SweepValue) string {
	var parts []string
	for _, v := range vs {
		parts = append(parts, formatSweepValue(v))
	}
	return strings.Join(parts, " ")
}

func TestParseSweep(t *testing.T) {
	f, err := ParseSweep("s.yaml", []byte(`mode: one-at-a-time
vary:
  volume:phone: [0.9, 1, 110%]
  handle_delta:phone: [-15s, 15s, 1m]
  staff_delta:voice: {from: -4, to: 4, step: 2}
  shrinkage: {from: 20%, to: 40%, step: 5%}
  escalation:phone:email: 10%
  volume: {from: 0.8, to: 1.2, step: 0.05}
  staff: {from: 1, to: 3}
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range f.Vary {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s", a.Param, a.Target, values(a.Values), a.At))
	}
	want := []string{
		"volume|phone|0.9 1 110%|s.yaml:3:3",
		"handle_delta|phone|-15s 15s 60s|s.yaml:4:3",
		"staff_delta|voice|-4 -2 0 2 4|s.yaml:5:3",
		"shrinkage||20% 25% 30% 35% 40%|s.yaml:6:3",
		"escalation|phone:email|10%|s.yaml:7:3",
		"volume||0.8 0.85 0.9 0.95 1 1.05 1.1 1.15 1.2|s.yaml:8:3",
		"staff||1 2 3|s.yaml:9:3",
	}
	if f.Mode != "one-at-a-time" || strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("mode %q, axes\n%s\nwant\n%s", f.Mode, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestParseSweepProblems checks that each mistake is reported at its
// line and column with the key path.
func TestParseSweepProblems(t *testing.T) {
	for name, tc := range map[string]struct{ text, want string }{
		"no vary":          {"mode: factorial\n", `s.yaml:1:1: missing key "vary"`},
		"an unknown key":   {"vary: {volume: 1}\nmodes: x\n", `s.yaml:2:1: unknown key "modes"`},
		"a bad mode":       {"mode: grid\nvary: {volume: 1}\n", `s.yaml:1:7: mode: unknown mode "grid"`},
		"nothing to vary":  {"vary: {}\n", "s.yaml:1:7: vary: give at least one parameter"},
		"an empty list":    {"vary:\n  volume: []\n", "s.yaml:2:11: vary.volume: give at least one value"},
		"a bad value":      {"vary:\n  volume: [1, lots]\n", `s.yaml:2:15: vary.volume[1]: invalid value "lots"`},
		"an empty range":   {"vary:\n  staff_delta: {from: 4, to: -4}\n", "s.yaml:2:16: vary.staff_delta: the range from 4 to -4 has no points"},
		"a zero step":      {"vary:\n  volume: {from: 1, to: 2, step: 0}\n", "the step must be above zero"},
		"a missing step":   {"vary:\n  shrinkage: {from: 20%, to: 30%}\n", "give the range a step"},
		"mixed units":      {"vary:\n  shrinkage: {from: 20%, to: 30s, step: 1}\n", "mixes percentages and durations"},
		"a huge range":     {"vary:\n  volume: {from: 0, to: 1, step: 0.00001}\n", "100001 values, more than the limit of 10000"},
		"a key twice":      {"vary:\n  volume: 1\n  volume: 2\n", `s.yaml:3:3: vary: "volume" given twice`},
		"no parameter":     {"vary:\n  :phone: 1\n", `names no parameter`},
		"a nested list":    {"vary:\n  volume: [[1]]\n", "vary.volume[0]: expected " + sweepValueHint},
		"an unknown range": {"vary:\n  volume: {from: 1, to: 2, by: 1}\n", `unknown key "by"`},
		"not YAML":         {"vary: [\n", "s.yaml:"},
	} {
		_, err := ParseSweep("s.yaml", []byte(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}

// TestLoadSweep: a sweep file read from disk is what ParseSweep reads from
// its text, with positions naming the file as given; a file that cannot
// be read, or that is over the size limit, says which file it is.
func TestLoadSweep(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sweep.yaml")
	text := "vary:\n  volume:phone: [0.9, 110%]\n  handle_delta: {from: -15s, to: 15s, step: 15s}\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadSweep(path)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range f.Vary {
		got = append(got, fmt.Sprintf("%s|%s|%s|%s", a.Param, a.Target, values(a.Values), a.At))
	}
	want := "volume|phone|0.9 110%|" + path + ":2:3\nhandle_delta||-15s 0s 15s|" + path + ":3:3"
	if f.Mode != "" || strings.Join(got, "\n") != want {
		t.Errorf("mode %q, axes\n%s\nwant\n%s", f.Mode, strings.Join(got, "\n"), want)
	}

	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, []byte("vary: {volume: 1}\n#"+strings.Repeat("x", maxSweepFileBytes)), 0o644); err != nil {
		t.Fatal(err)
	}
	var serr *Error
	if _, err := LoadSweep(big); !errors.As(err, &serr) || serr.Problems[0].File != big ||
		!strings.Contains(err.Error(), "larger than the limit of 1 MiB") {
		t.Errorf("a file over the limit: %v", err)
	}
	for _, p := range []string{filepath.Join(dir, "missing.yaml"), dir} {
		if _, err := LoadSweep(p); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v does not name it", p, err)
		}
	}
}

func TestParseVary(t *testing.T) {
	for in, want := range map[string]string{
		"volume:phone=0.9,1,1.1":        "volume|phone|0.9 1 1.1",
		"staff_delta:voice=-4..4/2":     "staff_delta|voice|-4 -2 0 2 4",
		"staff_delta=-2..2":             "staff_delta||-2 -1 0 1 2",
		"handle_delta:phone=0s..1m/15s": "handle_delta|phone|0s 15s 30s 45s 60s",
		"shrinkage:voice=25%,30%":       "shrinkage|voice|25% 30%",
		"escalation:phone:email=0.1":    "escalation|phone:email|0.1",
		"wrap_delta = -10s, +10s":       "wrap_delta||-10s 10s",
	} {
		a, err := ParseVary(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if got := fmt.Sprintf("%s|%s|%s", a.Param, a.Target, values(a.Values)); got != want {
			t.Errorf("%q: %s, want %s", in, got, want)
		}
		if a.At != "--vary "+fmt.Sprintf("%q", in) {
			t.Errorf("%q: at %s", in, a.At)
		}
	}
	for in, want := range map[string]string{
		"volume":            "want PARAMETER[:TARGET]=VALUES",
		"=1":                "want PARAMETER",
		"volume=":           "no values",
		"volume=1,,2":       `"" is not a number`,
		"volume=5..1":       "has no points",
		"volume=1..2/0":     "step must be above zero",
		"volume=1..2/-1":    "step must be above zero",
		"volume=NaN":        "is not a number",
		"volume=Inf":        "is not a number",
		"volume=1e400":      "too large",
		"volume=0x10":       "is not a number",
		"shrinkage=1%..3%":  "give the range a step",
		"volume=0..1/1e-9":  "more than the limit",
		"volume=1..2..3":    "is not a number",
		"handle_delta=1h-2": "is not a number",
	} {
		_, err := ParseVary(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", in, err, want)
		}
	}
}

// FuzzParseSweep feeds arbitrary text to the sweep file reader and the
// --vary parser: they must never panic, and what they accept must hold
// finite values within the limits.
func FuzzParseSweep(f *testing.F) {
	f.Add("vary:\n  volume:phone: [0.9, 1, 110%]\n  staff_delta: {from: -4, to: 4, step: 2}\n", "volume:phone=0.9..1.1/0.05")
	f.Add("mode: one-at-a-time\nvary: {handle_delta: [-15s, 1m]}\n", "handle_delta=-1m..1m/15s")
	f.Fuzz(func(t *testing.T, text, vary string) {
		check := func(axes []SweepAxis) {
			for _, a := range axes {
				if len(a.Values) == 0 || len(a.Values) > MaxSweepValues {
					t.Fatalf("%d values", len(a.Values))
				}
				for _, v := range a.Values {
					if v.V != v.V || v.V > 1e308 || v.V < -1e308 {
						t.Fatalf("value %v", v.V)
					}
				}
			}
		}
		if s, err := ParseSweep("f.yaml", []byte(text)); err == nil {
			check(s.Vary)
		}
		if a, err := ParseVary(vary); err == nil {
			check([]SweepAxis{a})
		}
	})
}
