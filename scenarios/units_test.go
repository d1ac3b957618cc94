package scenarios

import (
	"testing"
)

func TestParseDuration(t *testing.T) {
	good := map[string]float64{
		"20s": 20, "4m": 240, "1h30m": 5400, "2d": 172800, "1d2h3m4s": 93784,
		"2.5s": 2.5, "0.5h": 1800, "0s": 0, "13h20m": 48000, "190.5s": 190.5,
	}
	for in, want := range good {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "4", "4 min", "4min", "30m1h", "1h1h", "-3s", "1.s", ".5s", "1e3s", "h", "4m ", "1ms"} {
		if got, err := ParseDuration(in); err == nil {
			t.Errorf("ParseDuration(%q) = %v, want an error", in, got)
		}
	}
}

func TestParsePercentAndClock(t *testing.T) {
	for in, want := range map[string]float64{"25%": 0.25, "0%": 0, "100%": 1, "12.5%": 0.125} {
		if got, err := parsePercent(in); err != nil || got != want {
			t.Errorf("parsePercent(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"25", "25 %", "%", "abc%"} {
		if _, err := parsePercent(in); err == nil {
			t.Errorf("parsePercent(%q) gives no error", in)
		}
	}
	for in, want := range map[string]int{"00:00": 0, "07:30": 27000, "7:30": 27000, "24:00": 86400, "23:59": 86340} {
		if got, err := parseClock(in); err != nil || got != want {
			t.Errorf("parseClock(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"24:01", "25:00", "12:60", "1200", "12:5", "noon", "-1:00"} {
		if _, err := parseClock(in); err == nil {
			t.Errorf("parseClock(%q) gives no error", in)
		}
	}
}

func TestParseInstant(t *testing.T) {
	for in, want := range map[string]float64{"07:00": 25200, "07:00:30": 25230, "2 00:00:01.5": 86401.5, "1 23:59:59": 86399} {
		if got, err := parseInstant(in); err != nil || got != want {
			t.Errorf("parseInstant(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"0 07:00", "24:00", "07:00:60", "x", "1 2 07:00"} {
		if _, err := parseInstant(in); err == nil {
			t.Errorf("parseInstant(%q) gives no error", in)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := keySets["channel"]
	for in, want := range map[string]string{
		"patince": "patience", "handel": "handle", "kidn": "kind", "followups": "follow_ups",
		"concurency": "concurrency", "xyz": "", "arrival": "arrivals", "target": "target",
	} {
		if got := suggest(in, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
	// Optimal string alignment distances, worked by hand.
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "abc", 3}, {"abc", "abc", 0}, {"ab", "ba", 1}, {"kitten", "sitting", 3}, {"ca", "abc", 3}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestProblemFormat(t *testing.T) {
	p := Problem{File: "a.yaml", Line: 12, Column: 5, Path: "channels.phone", Msg: `unknown key "patince"`, Hint: `did you mean "patience"?`}
	if got, want := p.String(), `a.yaml:12:5: channels.phone: unknown key "patince" (did you mean "patience"?)`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	p = Problem{File: "a.yaml", Msg: "the file is empty"}
	if got, want := p.String(), "a.yaml: the file is empty"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestFormatDurationRoundTrip: what FormatDuration writes, ParseDuration
// reads back to the same whole seconds.
func TestFormatDurationRoundTrip(t *testing.T) {
	for _, sec := range []float64{0, 1, 45, 60, 90, 1800, 3600, 5400, 30600, 86399, 86400, 200000} {
		s := FormatDuration(sec)
		got, err := ParseDuration(s)
		if err != nil || got != sec {
			t.Errorf("%v s -> %q -> %v, %v", sec, s, got, err)
		}
	}
	for sec, want := range map[float64]string{1800: "30m", 3600: "1h", 5400: "1h30m", 45: "45s", 0: "0s", 30600: "8h30m"} {
		if got := FormatDuration(sec); got != want {
			t.Errorf("FormatDuration(%v) = %q, want %q", sec, got, want)
		}
	}
}
