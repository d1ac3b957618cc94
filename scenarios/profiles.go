package scenarios

import (
	"fmt"
	"sort"
)

// profile is a relative arrival rate over the clock of one day: linear
// between anchors, zero before the first anchor and after the last. Being
// defined over the clock rather than over intervals, it serves 15, 30 and
// 60-minute intervals alike: an interval's share of the day is the integral
// of the rate over it, divided by the integral over the day.
type profile struct {
	anchors []anchor // ascending in at
	total   float64  // integral of the rate over 00:00-24:00
}

// anchor is the rate at one clock time, in seconds after midnight.
type anchor struct{ at, rate float64 }

func newProfile(anchors []anchor) profile {
	p := profile{anchors: anchors}
	p.total = p.integral(0, 86400)
	return p
}

// integral is the area under the rate over [a, b], exact for a piecewise
// linear rate.
func (p profile) integral(a, b float64) float64 {
	sum := 0.0
	for i := 1; i < len(p.anchors); i++ {
		sum += p.segment(i, a, b)
	}
	return sum
}

// segment is the area under the rate between anchors i-1 and i, within
// [a, b].
func (p profile) segment(i int, a, b float64) float64 {
	lo, hi := p.anchors[i-1], p.anchors[i]
	c, e := max(a, lo.at), min(b, hi.at)
	if !(c < e) {
		return 0
	}
	at := func(t float64) float64 {
		return lo.rate + (hi.rate-lo.rate)*(t-lo.at)/(hi.at-lo.at)
	}
	return (at(c) + at(e)) / 2 * (e - c)
}

// dayShares is the share of the day in each of the 86400/step intervals of
// a day. It walks anchors and intervals together once, so a profile with
// many anchors stays cheap at short intervals.
func (p profile) dayShares(step float64) []float64 {
	n := int(86400 / step)
	out := make([]float64, n)
	if p.total == 0 {
		return out
	}
	seg := 1
	for i := range out {
		a, b := float64(i)*step, float64(i+1)*step
		for seg < len(p.anchors) && p.anchors[seg].at <= a {
			seg++
		}
		sum := 0.0
		for j := seg; j < len(p.anchors); j++ {
			sum += p.segment(j, a, b)
			if p.anchors[j].at >= b {
				break
			}
		}
		out[i] = sum / p.total
	}
	return out
}

func hm(h, m int) float64 { return float64(h*3600 + m*60) }

// builtinProfiles are the named profiles every scenario can use. Their
// shapes come from the figures in the project's domain facts where one
// exists; the rest are stated assumptions. The rates are relative: only
// their ratios matter.
var builtinProfiles = map[string]profile{
	// Inbound calls mostly between 07:00 and 19:00 with the peak around
	// 11:00 (Talkdesk); a lunch dip and a slow afternoon decline.
	"phone": newProfile([]anchor{
		{hm(7, 0), 2}, {hm(8, 0), 5}, {hm(9, 0), 8}, {hm(10, 0), 10.5}, {hm(11, 0), 12},
		{hm(12, 0), 10.5}, {hm(13, 0), 9.5}, {hm(14, 0), 9.5}, {hm(15, 0), 9}, {hm(16, 0), 7.5},
		{hm(17, 0), 6}, {hm(18, 0), 4}, {hm(19, 0), 2},
	}),
	// Assumption (no published figure): a weekend phone day of shorter
	// hours, 09:00-17:00, still peaking in the late morning.
	"phone_weekend": newProfile([]anchor{
		{hm(9, 0), 3}, {hm(10, 0), 6}, {hm(11, 0), 7}, {hm(12, 0), 6.5}, {hm(13, 0), 5.5},
		{hm(14, 0), 5}, {hm(15, 0), 4}, {hm(16, 0), 3}, {hm(17, 0), 1.5},
	}),
	// Live chat peaks from 11:00 to 15:00 (Zendesk) and is expected around
	// the clock (LiveAgent): a plateau over the peak hours, a busy evening
	// and a low night.
	"chat": newProfile([]anchor{
		{hm(0, 0), 1}, {hm(6, 0), 1}, {hm(8, 0), 4}, {hm(10, 0), 8}, {hm(11, 0), 10},
		{hm(15, 0), 10}, {hm(17, 0), 7.5}, {hm(19, 0), 6}, {hm(21, 0), 4.5}, {hm(23, 0), 2},
		{hm(24, 0), 1},
	}),
	// Assumption (no published figure): weekend chat keeps the 11:00-15:00
	// plateau but with a flatter day around it.
	"chat_weekend": newProfile([]anchor{
		{hm(0, 0), 1.5}, {hm(2, 0), 1}, {hm(7, 0), 1}, {hm(9, 0), 3}, {hm(11, 0), 6},
		{hm(15, 0), 6}, {hm(19, 0), 4.5}, {hm(22, 0), 3}, {hm(24, 0), 1.5},
	}),
	// Assumption (no published figure): written requests (email,
	// messaging) sent mostly in office hours, with an evening tail and a
	// trickle at night.
	"office": newProfile([]anchor{
		{hm(0, 0), 0.3}, {hm(7, 0), 0.3}, {hm(9, 0), 3}, {hm(12, 0), 3.2}, {hm(13, 0), 2.8},
		{hm(17, 0), 2.8}, {hm(19, 0), 1}, {hm(24, 0), 0.3},
	}),
	// Support expected around the clock (LiveAgent): the same rate at every
	// hour of the day.
	"flat": newProfile([]anchor{{0, 1}, {86400, 1}}),
}

// builtinProfileNames lists the built-in profiles in a fixed order.
func builtinProfileNames() []string {
	names := make([]string, 0, len(builtinProfiles))
	for n := range builtinProfiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
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
	return p.dayShares(float64(intervalSeconds)), nil
}
