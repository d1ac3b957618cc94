package main

import (
	"regexp"
	"strings"
	"testing"
)

// TestOpeningSurgeWarning: the large week's phone opens on Tuesday to the
// calls that emails escalated overnight, and run and plan say so on
// standard error, naming an opening; the default scenario, whose phone
// opens on its morning ramp, warns of nothing.
func TestOpeningSurgeWarning(t *testing.T) {
	if testing.Short() {
		t.Skip("plans a week of quarter-hours")
	}
	const week = "../../plan/testdata/week-large.yaml"
	// The phone opens at 07:00 on weekdays and 09:00 at weekends.
	opening := regexp.MustCompile(`at ((Mon|Tue|Wed|Thu|Fri) 07:00|(Sat|Sun) 09:00), as it opens`)
	for _, args := range [][]string{
		{"run", week, "--reps", "2"},
		{"plan", week, "--reps", "4", "--format", "json"},
	} {
		code, _, stderr := run(t, "", args...)
		if code != 0 && code != 1 {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		if !strings.Contains(stderr, "ccsim: warning: phone is offered") || !opening.MatchString(stderr) ||
			!strings.Contains(stderr, "docs/model.md#opening-hours") {
			t.Errorf("%v: no surge warning:\n%s", args, stderr)
		}
	}
	if _, _, stderr := run(t, "", "run", "--reps", "3"); strings.Contains(stderr, "warning") {
		t.Errorf("the default scenario warns:\n%s", stderr)
	}
}
