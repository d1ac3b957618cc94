package scenarios

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/sim"
)

const handleByTimeScenario = `name: hbt
interval: 30m
horizon: {days: 1}
channels:
  phone:
    kind: call
    arrivals: {per_day: 500, profile: phone}
    handle: 3m
    handle_by_time: %s
groups:
  agents: {skills: [phone], staffing: [{from: "00:00", to: "24:00", agents: 10}]}
`

// TestHandleByTime reads factors by clock time, writes them back the same,
// and refuses what is not a day's step function.
func TestHandleByTime(t *testing.T) {
	src := strings.Replace(handleByTimeScenario, "%s", `{"00:00": 0.8, "09:00": 1.15, "16:30": 0.9}`, 1)
	sc, err := Parse("hbt.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []sim.ClockFactor{{At: 0, Factor: 0.8}, {At: 9 * 3600, Factor: 1.15}, {At: 16.5 * 3600, Factor: 0.9}}
	if got := sc.Model.Channels[0].HandleByTime; !slices.Equal(got, want) {
		t.Fatalf("factors %v, want %v", got, want)
	}
	var b bytes.Buffer
	if err := Write(&b, &sc.Model, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `handle_by_time: {"00:00": 0.8, "09:00": 1.15, "16:30": 0.9}`) {
		t.Errorf("written:\n%s", b.String())
	}
	again, err := Parse("again.yaml", b.Bytes())
	if err != nil || !slices.Equal(again.Model.Channels[0].HandleByTime, want) {
		t.Errorf("read back: %v, %v", again.Model.Channels[0].HandleByTime, err)
	}
	for _, c := range []struct{ value, want string }{
		{`{"07:00": 1}`, `handle_by_time starts at 07:00, not 00:00`},
		{`{"00:00": 1, "09:00": 0.9, "08:00": 1}`, `08:00 does not come after the time before it`},
		{`{"00:00": 0}`, `a handle-time factor must be positive`},
		{`{"00:00": 11}`, `11 is more than the limit of 10`},
		{`{"00:00": 1, "25:00": 1}`, `invalid clock time "25:00"`},
		{`{"00:00": 1, "24:00": 1}`, `invalid clock time "24:00"`},
		{`{}`, `handle_by_time needs 1 to 96 clock times, found 0`},
		{`1.2`, `hbt.yaml:9:21: channels.phone.handle_by_time: expected a mapping of clock times to handle-time factors, found the number 1.2`},
	} {
		_, err := Parse("hbt.yaml", []byte(strings.Replace(handleByTimeScenario, "%s", c.value, 1)))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.value, err, c.want)
		}
	}
}
