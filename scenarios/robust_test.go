package scenarios

import (
	"fmt"
	"strings"
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
		again, written := writeAndRead(t, &s.Model)
		if got := again.Seed; got != s.Seed || !strings.Contains(written, "seed: "+seed+"\n") {
			t.Errorf("seed %s read as %d, written and read again as %d", seed, s.Seed, got)
		}
	}
}

// TestShiftsForGroups: a shift file read for a plan names only the
// scenario's planned groups and gives no group more starts than the
// planner takes, each a problem at its line (the planner found both
// after the simulation, exit 1 with no line).
func TestShiftsForGroups(t *testing.T) {
	unknown := "templates:\n  - name: four\n    length: 4h\n    groups: [team, nosuch]\n    starts: [\"08:00\"]\n"
	_, err := parseShifts("s.yaml", []byte(unknown), []string{"team"})
	if err == nil || !strings.Contains(err.Error(), `s.yaml:4:20: templates[0].groups[1]: unknown or unlimited group "nosuch"`) {
		t.Errorf("unknown group: %v", err)
	}
	if _, err := parseShifts("s.yaml", []byte(unknown), nil); err != nil {
		t.Errorf("without groups to check: %v", err)
	}
	var many strings.Builder
	many.WriteString("templates:\n")
	for i := range 4 {
		fmt.Fprintf(&many, "  - {name: t%d, length: 4h, starts: {from: \"00:00\", to: \"23:59\", every: 1m}}\n", i)
	}
	many.WriteString("  - {name: other, length: 4h, groups: [back], starts: [\"08:00\"]}\n")
	_, err = parseShifts("s.yaml", []byte(many.String()), []string{"team", "back"})
	if err == nil || !strings.Contains(err.Error(), `s.yaml:2:3: templates: group "team" may work 5760 shift starts: at most 5000`) ||
		!strings.Contains(err.Error(), `group "back" may work 5761`) {
		t.Errorf("too many starts: %v", err)
	}
	// 3 x 1440 = 4320 starts: within the limit.
	three := strings.Join(strings.SplitAfter(many.String(), "\n")[:4], "")
	if _, err := parseShifts("s.yaml", []byte(three), []string{"team"}); err != nil {
		t.Errorf("4320 starts: %v", err)
	}
}
