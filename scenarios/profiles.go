package scenarios

import (
	"fmt"
	"maps"
	"slices"

	"github.com/ccsim/ccsim/sim"
)

func hm(h, m int) float64 { return float64(h*3600 + m*60) }

// newProfile names a profile through points given as pairs of a clock
// time (seconds after midnight) and a rate.
func newProfile(name string, pairs ...float64) *sim.Profile {
	p := &sim.Profile{Name: name}
	for i := 0; i+1 < len(pairs); i += 2 {
		p.Points = append(p.Points, sim.ProfilePoint{At: pairs[i], Rate: pairs[i+1]})
	}
	return p
}

// builtinProfiles are the named profiles every scenario can use. Their
// shapes come from the figures in the project's domain facts where one
// exists; the rest are stated assumptions. The rates are relative: only
// their ratios matter.
var builtinProfiles = map[string]*sim.Profile{
	// Inbound calls mostly between 07:00 and 19:00 with the peak around
	// 11:00 (Talkdesk); a lunch dip and a slow afternoon decline.
	"phone": newProfile("phone",
		hm(7, 0), 2, hm(8, 0), 5, hm(9, 0), 8, hm(10, 0), 10.5, hm(11, 0), 12,
		hm(12, 0), 10.5, hm(13, 0), 9.5, hm(14, 0), 9.5, hm(15, 0), 9, hm(16, 0), 7.5,
		hm(17, 0), 6, hm(18, 0), 4, hm(19, 0), 2,
	),
	// Assumption (no published figure): a weekend phone day of shorter
	// hours, 09:00-17:00, still peaking in the late morning.
	"phone_weekend": newProfile("phone_weekend",
		hm(9, 0), 3, hm(10, 0), 6, hm(11, 0), 7, hm(12, 0), 6.5, hm(13, 0), 5.5,
		hm(14, 0), 5, hm(15, 0), 4, hm(16, 0), 3, hm(17, 0), 1.5,
	),
	// Live chat peaks from 11:00 to 15:00 (Zendesk) and is expected around
	// the clock (LiveAgent): a plateau over the peak hours, a busy evening
	// and a low night.
	"chat": newProfile("chat",
		hm(0, 0), 1, hm(6, 0), 1, hm(8, 0), 4, hm(10, 0), 8, hm(11, 0), 10,
		hm(15, 0), 10, hm(17, 0), 7.5, hm(19, 0), 6, hm(21, 0), 4.5, hm(23, 0), 2,
		hm(24, 0), 1,
	),
	// Assumption (no published figure): weekend chat keeps the 11:00-15:00
	// plateau but with a flatter day around it.
	"chat_weekend": newProfile("chat_weekend",
		hm(0, 0), 1.5, hm(2, 0), 1, hm(7, 0), 1, hm(9, 0), 3, hm(11, 0), 6,
		hm(15, 0), 6, hm(19, 0), 4.5, hm(22, 0), 3, hm(24, 0), 1.5,
	),
	// Assumption (no published figure): written requests (email,
	// messaging) sent mostly in office hours, with an evening tail and a
	// trickle at night.
	"office": newProfile("office",
		hm(0, 0), 0.3, hm(7, 0), 0.3, hm(9, 0), 3, hm(12, 0), 3.2, hm(13, 0), 2.8,
		hm(17, 0), 2.8, hm(19, 0), 1, hm(24, 0), 0.3,
	),
	// Support expected around the clock (LiveAgent): the same rate at every
	// hour of the day.
	"flat": newProfile("flat", 0, 1, 86400, 1),
}

// builtinProfileNames lists the built-in profiles in a fixed order.
func builtinProfileNames() []string {
	return slices.Sorted(maps.Keys(builtinProfiles))
}

// ProfileShares returns the share of a day's arrivals in each interval of
// the named built-in profile, for intervals of the given length (which
// must divide a day). The shares sum to 1.
func ProfileShares(name string, intervalSeconds int) ([]float64, error) {
	p, ok := builtinProfiles[name]
	if !ok {
		return nil, fmt.Errorf("scenarios: unknown profile %q", name)
	}
	if intervalSeconds <= 0 || 86400%intervalSeconds != 0 {
		return nil, fmt.Errorf("scenarios: interval of %d seconds does not divide a day", intervalSeconds)
	}
	return p.Shares(float64(intervalSeconds)), nil
}
