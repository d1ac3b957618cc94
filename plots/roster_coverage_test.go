package plots

import (
	"bytes"
	"errors"
	"image/png"
	"slices"
	"testing"
)

// TestRosterCoverageChart checks the roster's chart names its three
// lines (required, rostered, on the floor), draws a PNG, and refuses an
// on-floor series of the wrong length.
func TestRosterCoverageChart(t *testing.T) {
	tl := Timeline{IntervalSeconds: 1800, Intervals: 48}
	series := func(v float64) []float64 { return slices.Repeat([]float64{v}, 48) }
	groups := []StaffingSeries{{Group: "voice", Required: series(10), Scheduled: series(11), OnFloor: series(7)}}
	fig, err := staffingChartFigure(tl, "", groups, rosterLabels)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range fig.legend {
		names = append(names, it.label)
	}
	for _, want := range []string{"voice", rosterLabels.solid, rosterLabels.dashed, rosterLabels.dotted} {
		if !slices.Contains(names, want) {
			t.Errorf("legend %q lacks %q", names, want)
		}
	}
	// A plan's staffing chart has no on-floor series and no dotted entry.
	plain, err := staffingChartFigure(tl, "", []StaffingSeries{{Group: "voice", Required: series(10), Scheduled: series(11)}}, planLabels)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range plain.legend {
		if it.label == rosterLabels.dotted || it.label == "" {
			t.Errorf("plan legend has %q", it.label)
		}
	}
	// Two groups: a panel each, where the plan's chart keeps one.
	two := append(slices.Clone(groups), StaffingSeries{Group: "digital", Required: series(5), Scheduled: series(6), OnFloor: series(4)})
	if fig, err := staffingChartFigure(tl, "", two, rosterLabels); err != nil || len(fig.panels) != 2 {
		t.Errorf("roster chart of two groups: %v, want 2 panels", err)
	}
	if fig, err := staffingChartFigure(tl, "", two, planLabels); err != nil || len(fig.panels) != 1 {
		t.Errorf("plan chart of two groups: %v, want 1 panel", err)
	}
	c, err := RosterCoverageChart(tl, "title", groups)
	if err != nil {
		t.Fatal(err)
	}
	if c.File != "roster-coverage.png" {
		t.Errorf("file %q", c.File)
	}
	if _, err := png.Decode(bytes.NewReader(c.PNG)); err != nil {
		t.Errorf("not a PNG: %v", err)
	}
	groups[0].OnFloor = series(7)[:47]
	if _, err := RosterCoverageChart(tl, "", groups); err == nil {
		t.Error("an on-floor series of 47 values for 48 intervals was drawn")
	}
}

// TestStaffingWrites: Staffing writes to w the PNG that StaffingChart
// returns (the drawing is deterministic), and reports a writer that
// fails rather than losing the chart silently.
func TestStaffingWrites(t *testing.T) {
	tl := Timeline{IntervalSeconds: 1800, Intervals: 8}
	groups := []StaffingSeries{{Group: "voice", Required: slices.Repeat([]float64{2}, 8), Scheduled: slices.Repeat([]float64{3}, 8)}}
	var buf bytes.Buffer
	if err := Staffing(&buf, tl, "", groups); err != nil {
		t.Fatal(err)
	}
	c, err := StaffingChart(tl, "", groups)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), c.PNG) {
		t.Errorf("Staffing wrote %d bytes, StaffingChart returned %d others", buf.Len(), len(c.PNG))
	}
	if _, err := png.Decode(&buf); err != nil {
		t.Errorf("not a PNG: %v", err)
	}
	full := errors.New("disk full")
	if err := Staffing(failingWriter{full}, tl, "", groups); !errors.Is(err, full) {
		t.Errorf("writing to a failing writer: %v, want %v", err, full)
	}
}

// failingWriter fails every write with err.
type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }
