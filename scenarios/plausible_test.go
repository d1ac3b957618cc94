package scenarios

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

// center is a small scenario with a phone line and an email channel whose
// text a test changes in place.
const center = `name: center
horizon: {days: 1, start: monday}
interval: 30m
channels:
  phone:
    kind: call
    arrivals: {per_day: 1000, profile: phone}
    handle: 4m
    patience: 5m
    target: {answered: 80%, within: 20s}
  email:
    kind: email
    arrivals:
      per_day: 200
      profile: office
    handle: 6m
    target: {answered: 90%, within: 8h}
groups:
  agents:
    skills: [phone, email]
    staffing:
      - {from: "07:00", to: "19:00", agents: 20}
`

func parseChanged(t *testing.T, old, new string) *Scenario {
	t.Helper()
	text := center
	if old != "" {
		if !strings.Contains(text, old) {
			t.Fatalf("the scenario lacks %q", old)
		}
		text = strings.Replace(text, old, new, 1)
	}
	s, err := Parse("center.yaml", []byte(text))
	if err != nil {
		t.Fatalf("%s\n%s", err, text)
	}
	return s
}

// TestImplausibleValuesWarn: a handle time of 4 (seconds), an email
// target of 4 (seconds) and numbers written with a thousands separator
// load, each with one warning that names its line and column and says
// what was probably meant. The separator is read as one: 6,000 is 6000.
// A plausible file has no warning.
func TestImplausibleValuesWarn(t *testing.T) {
	if s := parseChanged(t, "", ""); len(s.Warnings) != 0 {
		t.Fatalf("a plausible scenario warns: %v", s.Warnings)
	}
	perDay := func(s *Scenario, c int) float64 {
		sum := 0.0
		for _, r := range s.Channels[c].Arrivals.Rates {
			sum += r * s.IntervalSeconds
		}
		return sum
	}
	for _, c := range []struct {
		name, old, new string
		line, col      int
		want           []string
		check          func(*Scenario) bool
	}{
		{"handle of 4 seconds", "handle: 4m", "handle: 4", 8, 13, []string{"4 seconds", "implausibly short", "write 4m"},
			func(s *Scenario) bool { return s.Channels[0].Handle.Average() == 4 }},
		{"handle averaging 6 seconds", "handle: 4m", "handle: {dist: lognormal, mean: 6, cv: 1}", 8, 13, []string{"6 seconds", "write 6m"}, nil},
		{"patience of 6 seconds", "patience: 5m", "patience: 6", 9, 15, []string{"6 seconds", "implausibly short", "write 6m"},
			func(s *Scenario) bool { return s.Channels[0].Patience.Average() == 6 }},
		{"email target of 4 seconds", "within: 8h}", "within: 4}", 17, 37, []string{"4 seconds", "deferred", "write 4h"},
			func(s *Scenario) bool { return s.Channels[1].Target.Threshold == 4 }},
		{"thousands in block style", "per_day: 200", "per_day: 6,000", 14, 16, []string{"read 6,000 as 6000"},
			func(s *Scenario) bool { return math.Abs(perDay(s, 1)-6000) < 1e-9 }},
		{"thousands in flow style", "per_day: 1000,", "per_day: 6,000,", 7, 25, []string{"read 6,000 as 6000", "without a thousands separator"},
			func(s *Scenario) bool { return math.Abs(perDay(s, 0)-6000) < 1e-9 }},
		{"millions in flow style", "per_day: 1000,", "per_day: 1,000,000,", 7, 25, []string{"read 1,000,000 as 1000000"},
			func(s *Scenario) bool { return math.Abs(perDay(s, 0)-1e6) < 1e-6 }},
		{"decimals in block style", "per_day: 200", "per_day: 1,200.5", 14, 16, []string{"read 1,200.5 as 1200.5"},
			func(s *Scenario) bool { return math.Abs(perDay(s, 1)-1200.5) < 1e-9 }},
		{"a dot before three zeros", "per_day: 200", "per_day: 16.000", 14, 16, []string{"read 16.000 as 16", "a dot is a decimal point", "write 16000"},
			func(s *Scenario) bool { return math.Abs(perDay(s, 1)-16) < 1e-9 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := parseChanged(t, c.old, c.new)
			if len(s.Warnings) != 1 {
				t.Fatalf("%d warnings, want 1: %v", len(s.Warnings), s.Warnings)
			}
			w := s.Warnings[0]
			if w.Line != c.line || w.Column != c.col || w.File != "center.yaml" {
				t.Errorf("warning at %s:%d:%d, want center.yaml:%d:%d: %v", w.File, w.Line, w.Column, c.line, c.col, w)
			}
			for _, want := range c.want {
				if !strings.Contains(w.String(), want) {
					t.Errorf("warning %q lacks %q", w, want)
				}
			}
			if c.check != nil && !c.check(s) {
				t.Error("the value was not read as the warning says")
			}
		})
	}
	// Other decimals are decimals: 0.250 is a quarter, 2.5 two and a half.
	if s := parseChanged(t, "per_day: 200", "per_day: 2.500"); len(s.Warnings) != 0 {
		t.Errorf("2.500 warns: %v", s.Warnings)
	}
	// A quoted "6,000" is a string, and a string is no number: an error.
	if _, err := Parse("center.yaml", []byte(strings.Replace(center, "per_day: 200", `per_day: "6,000"`, 1))); err == nil {
		t.Error(`a quoted "6,000" was read as a number`)
	}
	// Lists are only warned about: [100,200] may be two values.
	s := parseChanged(t, "arrivals:\n      per_day: 200\n      profile: office",
		"arrivals:\n      per_interval: [1,000, 2,000, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46]")
	if len(s.Warnings) != 2 || !strings.Contains(s.Warnings[0].Msg, "1,000 is read as two values") || s.Channels[1].Arrivals.Rates[1]*1800 != 0 {
		t.Errorf("warnings %v", s.Warnings)
	}
}

// TestChatHoursShapeArrivals: a chat open 08:00-22:00 on the built-in chat
// profile (which has chats around the clock) receives its whole day's
// volume while open, none while closed, in the profile's proportions
// within the open hours; a warning says how many the profile put in
// closed hours. The phone's 07:00-19:00 hours cover its profile: its rates
// stay those of the profile alone, bit for bit.
func TestChatHoursShapeArrivals(t *testing.T) {
	chat := `  chat:
    kind: chat
    arrivals: {per_day: 600, profile: chat}
    handle: 8m
    concurrency: 2
    target: {answered: 90%, within: 1m}
    hours: {from: "08:00", to: "22:00"}
`
	withChat := func(chat string) *Scenario {
		t.Helper()
		text := strings.Replace(center, "  email:\n", chat+"  email:\n", 1)
		text = strings.Replace(text, "skills: [phone, email]", "skills: [phone, chat, email]", 1)
		s, err := Parse("center.yaml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := withChat(chat)
	s2 := withChat(strings.Replace(chat, `    hours: {from: "08:00", to: "22:00"}`+"\n", "", 1))
	rates, free := s.Channels[1].Arrivals.Rates, s2.Channels[1].Arrivals.Rates
	sum, freeOpen := 0.0, 0.0
	for i, r := range rates {
		open := i >= 16 && i < 44
		if !open && r != 0 {
			t.Errorf("interval %d (closed): rate %v", i, r)
		}
		sum += r * 1800
		if open {
			freeOpen += free[i] * 1800
		}
	}
	if math.Abs(sum-600) > 1e-9 {
		t.Errorf("%v chats a day while open, want 600", sum)
	}
	for i := 16; i < 44; i++ {
		if want := free[i] * 600 / freeOpen; math.Abs(rates[i]-want) > 1e-12*want {
			t.Errorf("interval %d: rate %v, want the profile's %v scaled to the open hours", i, rates[i], want)
		}
	}
	if len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0].Msg, "closed hours") {
		t.Errorf("warnings %v, want one about the chats the profile puts in closed hours", s.Warnings)
	}
	// The phone line is open 07:00-19:00, when its profile has calls.
	phone := parseChanged(t, "    patience: 5m\n", "    patience: 5m\n    hours: {from: \"07:00\", to: \"19:00\"}\n")
	if !slices.Equal(phone.Channels[0].Arrivals.Rates, s2.Channels[0].Arrivals.Rates) || len(phone.Warnings) != 0 {
		t.Errorf("hours covering the profile changed the phone's rates, or warned: %v", phone.Warnings)
	}
	// Opening at 08:15 leaves the 08:00 interval open for 15 minutes: its
	// rate while open brings that part of the day's volume in a quarter hour.
	late := withChat(strings.Replace(chat, `"08:00"`, `"08:15"`, 1))
	m := &late.Model
	total := 0.0
	for i, r := range m.Channels[1].Arrivals.Rates {
		total += r * m.Channels[1].OpenSeconds(float64(i)*1800, float64(i+1)*1800)
	}
	if math.Abs(total-600) > 1e-9 {
		t.Errorf("opening at 08:15: %v chats a day while open, want 600", total)
	}
}

// TestClosedDayLosesItsVolume: a phone line closed on Sunday, in a week
// whose Sunday has calls, warns that they are lost.
func TestClosedDayLosesItsVolume(t *testing.T) {
	s := parseChanged(t, "    patience: 5m\n", "    patience: 5m\n    hours: {weekday: {from: \"07:00\", to: \"19:00\"}, sat: {from: \"07:00\", to: \"19:00\"}, sun: closed}\n")
	if len(s.Warnings) != 0 {
		t.Errorf("a one-day Monday horizon warns about Sunday: %v", s.Warnings)
	}
	text := strings.Replace(center, "horizon: {days: 1, start: monday}", "horizon: {days: 7, start: monday}", 1)
	text = strings.Replace(text, "    patience: 5m\n", "    patience: 5m\n    hours: {weekday: {from: \"07:00\", to: \"19:00\"}, sat: {from: \"07:00\", to: \"19:00\"}, sun: closed}\n", 1)
	week, err := Parse("week.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if len(week.Warnings) != 1 || !strings.Contains(week.Warnings[0].Msg, "sunday") || !strings.Contains(week.Warnings[0].Msg, "lost") {
		t.Errorf("warnings %v, want one about Sunday's calls", week.Warnings)
	}
	rates := week.Channels[0].Arrivals.Rates
	for _, r := range rates[6*48:] {
		if r != 0 {
			t.Fatal("Sunday has arrivals while closed")
		}
	}
}

// TestRatesWhileOpenKeepsDailyVolume holds sim.DailyArrivals.RatesWhileOpen
// to the day's volume over the open time, on a profile with arrivals
// around the clock and hours that start and end within intervals.
func TestRatesWhileOpenKeepsDailyVolume(t *testing.T) {
	p := builtinProfiles["chat"]
	var d sim.DailyArrivals
	for wd := range d.Volume {
		d.Volume[wd], d.Profile[wd] = 1000, p
	}
	hours := []sim.Window{{From: 8*3600 + 600, To: 21*3600 + 1200}, {From: 86400 + 9*3600, To: 86400 + 12*3600}, {From: 86400 + 13*3600 + 900, To: 86400 + 17*3600}}
	rates, lost := d.RatesWhileOpen(1800, 96, 1, hours)
	c := sim.Channel{Hours: hours}
	for day := range 2 {
		sum := 0.0
		for i := day * 48; i < (day+1)*48; i++ {
			sum += rates[i] * c.OpenSeconds(float64(i)*1800, float64(i+1)*1800)
		}
		if math.Abs(sum-1000) > 1e-9 {
			t.Errorf("day %d: %v arrivals while open, want 1000", day, sum)
		}
	}
	if lost != [7]int{} {
		t.Errorf("lost %v", lost)
	}
}

// TestBareIntervalSaysSeconds: "interval: 15" is 15 seconds, which no day
// divides into whole minutes; the error says how to write 15 minutes.
func TestBareIntervalSaysSeconds(t *testing.T) {
	_, err := Parse("center.yaml", []byte(strings.Replace(center, "interval: 30m", "interval: 15", 1)))
	if err == nil || !strings.Contains(err.Error(), "center.yaml:3:11") || !strings.Contains(err.Error(), "for 15 minutes write 15m") {
		t.Errorf("error %v", err)
	}
	_, err = Parse("center.yaml", []byte(strings.Replace(center, "interval: 30m", "interval: 7m", 1)))
	if err == nil || strings.Contains(err.Error(), "without a unit") {
		t.Errorf("a 7m interval: %v", err)
	}
}
