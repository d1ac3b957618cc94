package main

import (
	"strings"
	"testing"
)

// TestSizeText: a --max-memory limit is written back in the unit a person
// would use, and what it writes parses back to the same limit, so the
// help's default and an error's limit can be given again as they read.
func TestSizeText(t *testing.T) {
	for _, c := range []struct {
		bytes int64
		want  string
	}{
		{0, "0 (no limit)"},
		{999_999, "999999 bytes"},
		{1_000_000, "1 MB"},
		{512_000_000, "512 MB"},
		{999_900_000, "999.9 MB"},
		{1_000_000_000, "1 GB"},
		{8_000_000_000, "8 GB"},
		{12_340_000_000, "12.34 GB"},
	} {
		got := sizeText(c.bytes)
		if got != c.want {
			t.Errorf("sizeText(%d) = %q, want %q", c.bytes, got, c.want)
		}
		if c.bytes == 0 {
			continue
		}
		if back, ok := parseSize(strings.TrimSuffix(got, " bytes")); !ok || back != c.bytes {
			t.Errorf("%q parses back to %d (%v), want %d", got, back, ok, c.bytes)
		}
	}
}

// TestDurationText: estimates of time switch unit where the number would
// grow past what a person reads at a glance: 89 seconds, then minutes to
// 89, hours to 47.9, then days.
func TestDurationText(t *testing.T) {
	for _, c := range []struct {
		seconds float64
		want    string
	}{
		{0, "0 seconds"},
		{89, "89 seconds"},
		{90, "2 minutes"},
		{89 * 60, "89 minutes"},
		{90 * 60, "1.5 hours"},
		{47.9 * 3600, "47.9 hours"},
		{48 * 3600, "2 days"},
		{10 * 86400, "10 days"},
	} {
		if got := durationText(c.seconds); got != c.want {
			t.Errorf("durationText(%v) = %q, want %q", c.seconds, got, c.want)
		}
	}
}
