package scenarios

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

// TestParseShare: the flags' shares read as scenario files read them:
// 30% and 0.3 are the same share; a bare number above 1 and a bare 1 are
// refused with a message that spells out what to write.
func TestParseShare(t *testing.T) {
	for in, want := range map[string]float64{
		"30%": 0.3, "0.3": 0.3, " 0.3 ": 0.3, "0": 0, "0%": 0, "100%": 1, "12.5%": 0.125, "0.125": 0.125, ".5": 0.5,
	} {
		if got, err := ParseShare(in); err != nil || math.Abs(got-want) > 1e-15 {
			t.Errorf("ParseShare(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for in, msg := range map[string][]string{
		"30":     {"not a share", "30%", "0.3"},
		"1":      {"ambiguous", "1%", "100%"},
		"101%":   {"outside"},
		"-5%":    {"outside"},
		"-0.2":   {"negative"},
		"abc":    {"not a share"},
		"":       {"not a share"},
		"NaN":    {"not a share"},
		"Inf":    {"not a share"},
		"1e-1":   {"not a share"},
		"0x1p-2": {"not a share"},
		"%":      {"not a percentage"},
	} {
		_, err := ParseShare(in)
		errorSays(t, fmt.Sprintf("ParseShare(%q)", in), err, msg)
	}
}

// errorSays fails the test unless err is an error whose text holds every
// part of want; call names what gave it.
func errorSays(t *testing.T, call string, err error, want []string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s gives no error", call)
		return
	}
	for _, m := range want {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("%s: %q lacks %q", call, err, m)
		}
	}
}

// TestParseServiceLevel: 0.8/20s, 80%/20s and 80/20s are the same target;
// the threshold takes a bare number of seconds or a duration; a goal of 1
// is refused with both readings spelled out.
func TestParseServiceLevel(t *testing.T) {
	for _, in := range []string{"0.8/20s", "80%/20s", "80/20s", "80/20", " 80 / 20s ", "0.80/20"} {
		g, th, err := ParseServiceLevel(in)
		if err != nil || math.Abs(g-0.8) > 1e-15 || th != 20 {
			t.Errorf("ParseServiceLevel(%q) = %v, %v, %v; want 0.8 within 20 s", in, g, th, err)
		}
	}
	for in, want := range map[string][2]float64{
		"90/30s": {0.9, 30}, "0/20s": {0, 20}, "100%/1m": {1, 60}, "99.5/1h30m": {0.995, 5400}, "50%/0": {0.5, 0},
		"2/20": {0.02, 20},
	} {
		g, th, err := ParseServiceLevel(in)
		if err != nil || math.Abs(g-want[0]) > 1e-15 || th != want[1] {
			t.Errorf("ParseServiceLevel(%q) = %v, %v, %v; want %v", in, g, th, err, want)
		}
	}
	for in, msg := range map[string][]string{
		"1/20s":     {"ambiguous", "1%/20s", "100%/20s"},
		"80":        {"GOAL/THRESHOLD"},
		"80/20/5":   {"GOAL/THRESHOLD"},
		"101/20s":   {"above 100%"},
		"-1/20s":    {"negative"},
		"80/-20":    {"duration"},
		"80/soon":   {"not a duration"},
		"eighty/20": {"not a share"},
		"120%/20s":  {"outside"},
	} {
		_, _, err := ParseServiceLevel(in)
		errorSays(t, fmt.Sprintf("ParseServiceLevel(%q)", in), err, msg)
	}
}

// FuzzParseShare: no panic, and every share read lies within 0..1 and
// reads back the same from its percentage.
func FuzzParseShare(f *testing.F) {
	for _, s := range []string{"30%", "0.3", "1", "80/20s", "0.8/1h30m", "%", "/", "1e309", "-0", "100%/0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if v, err := ParseShare(s); err == nil && !(v >= 0 && v <= 1) {
			t.Fatalf("ParseShare(%q) = %v", s, v)
		}
		if g, th, err := ParseServiceLevel(s); err == nil && (!(g >= 0 && g <= 1) || !(th >= 0) || math.IsInf(th, 0)) {
			t.Fatalf("ParseServiceLevel(%q) = %v, %v", s, g, th)
		}
	})
}
