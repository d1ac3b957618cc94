package scenarios

import (
	"strings"
	"time"

	"github.com/ccsim/ccsim/sim"
)

// Scenario is a loaded, checked scenario file: the model it describes,
// with every value resolved (durations in seconds, volumes as rates,
// staffing per interval), and the name of the file. The model is the
// whole of what a forecast needs; packages that forecast (sim, plan, the
// history packages) take it, never the file.
type Scenario struct {
	// File is the name the scenario was loaded from.
	File string
	sim.Model
	// Warnings are values the file gives that are valid but implausible
	// for their field (a handle time of 4 seconds, an email target of 4
	// seconds, a thousands separator), each with its position and what was
	// probably meant, in file order. They do not stop the scenario from
	// loading; commands print them on standard error.
	Warnings []Problem
}

// Days is the number of calendar days the horizon touches.
func (s *Scenario) Days() int { return horizonDays(&s.Model) }

// horizonDays is the number of calendar days a model's horizon touches.
func horizonDays(m *sim.Model) int {
	per := int(86400 / m.IntervalSeconds)
	return (m.Intervals + per - 1) / per
}

// weekdayName is the lower-case English name of a weekday.
func weekdayName(w time.Weekday) string { return strings.ToLower(w.String()) }
