package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ParseShare reads a share as scenario files write it, for command-line
// flags: a percentage ("30%", "12.5%") or a fraction from 0 to 1 ("0.3").
// A bare number above 1 is not a share ("30": write 30% or 0.3), and a
// bare 1 is refused as ambiguous: 1% and 100% are both plausible readings.
func ParseShare(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, "%") {
		v, err := parsePercent(t)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, fmt.Errorf("%q is not a percentage: write 30%% or 0.3", s)
		}
		if v < 0 || v > 1 {
			return 0, fmt.Errorf("%s is outside 0%%..100%%", t)
		}
		return v, nil
	}
	v, ok := plainFloat(t)
	if !ok {
		return 0, fmt.Errorf("%q is not a share: write 30%% or 0.3", s)
	}
	switch {
	case v < 0:
		return 0, fmt.Errorf("%s is negative: a share is from 0%% to 100%%", t)
	case v == 1:
		return 0, fmt.Errorf("%s is ambiguous: write 1%% for one percent, or 100%% for all", t)
	case v > 1:
		return 0, fmt.Errorf("%s is not a share: write %s%% for %s percent, or %s as a fraction", t, t, t, fracText(v/100))
	}
	return v, nil
}

// ParseServiceLevel reads a service-level target GOAL/THRESHOLD for
// command-line flags: the goal as ParseShare reads it ("80%", "0.8"), or in
// the planners' notation a number above 1 and up to 100 that is a
// percentage ("80/20" is 80% within 20 seconds); a goal of 1 is refused as
// ambiguous. The threshold is a duration as scenario files write it:
// seconds as a bare number, or "20s", "1m", "1h30m".
func ParseServiceLevel(s string) (goal, threshold float64, err error) {
	g, th, ok := strings.Cut(strings.TrimSpace(s), "/")
	if !ok || strings.Contains(th, "/") {
		return 0, 0, fmt.Errorf("%q is not GOAL/THRESHOLD: write 80%%/20s, 0.8/20s or 80/20", s)
	}
	g, th = strings.TrimSpace(g), strings.TrimSpace(th)
	goal, err = parseGoal(g, th)
	if err != nil {
		return 0, 0, err
	}
	threshold, err = parseSecondsText(th)
	if err != nil {
		return 0, 0, fmt.Errorf("threshold %q: %v", th, err)
	}
	return goal, threshold, nil
}

// parseGoal reads the goal of GOAL/THRESHOLD.
func parseGoal(g, th string) (float64, error) {
	if strings.HasSuffix(g, "%") {
		v, err := ParseShare(g)
		if err != nil {
			return 0, fmt.Errorf("goal %v", err)
		}
		return v, nil
	}
	v, ok := plainFloat(g)
	if !ok {
		return 0, fmt.Errorf("goal %q is not a share: write 80%%, 0.8 or 80", g)
	}
	switch {
	case v < 0:
		return 0, fmt.Errorf("goal %s is negative", g)
	case v == 1:
		return 0, fmt.Errorf("goal 1 is ambiguous: write 1%%/%s for one percent, or 100%%/%s for all", th, th)
	case v > 100:
		return 0, fmt.Errorf("goal %s is above 100%%", g)
	case v > 1:
		return v / 100, nil
	}
	return v, nil
}

// plainFloat reads a finite number written as people write one by hand:
// no hexadecimal, exponent or digit separators.
func plainFloat(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) && !strings.ContainsAny(s, "xXeEpP_")
}

// parseSecondsText reads a duration as a bare number of seconds or as
// ParseDuration reads it.
func parseSecondsText(s string) (float64, error) {
	if v, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "xXeEpP_") {
		if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
			return 0, fmt.Errorf("must be a duration from 0 up")
		}
		return v, nil
	}
	v, err := ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("not a duration: %s", durationHint)
	}
	return v, nil
}

// fracText writes a fraction without trailing noise: 0.3, 0.125.
func fracText(v float64) string { return strconv.FormatFloat(v, 'g', 6, 64) }
