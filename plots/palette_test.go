package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
)

// TestPaletteContrast checks the series colours against the charts' white
// background by WCAG 2.1's rule for graphical objects (success criterion
// 1.4.11, non-text contrast: 3:1). The first four colours, those of up to
// four plans, channels or groups (every example has at most three
// channels and four plans), must reach it; the ratios of all eight are
// checked against values computed apart (a separate implementation of the
// formula, to two decimals), so that a change of palette is seen here. The
// HTML reports' swatches must use the same colours as the charts.
func TestPaletteContrast(t *testing.T) {
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	want := []float64{5.19, 3.87, 3.42, 3.06, 2.25, 2.31, 21.0, 1.32}
	if len(want) != len(okabeIto) {
		t.Fatalf("%d colours, %d reference ratios", len(okabeIto), len(want))
	}
	for i, c := range okabeIto {
		got := contrastRatio(c, white)
		if math.Abs(got-want[i]) > 0.005 {
			t.Errorf("colour %d (%02X%02X%02X): contrast %.3f:1 on white, want %.2f", i, c.R, c.G, c.B, got, want[i])
		}
		if i < 4 && got < 3 {
			t.Errorf("colour %d (%02X%02X%02X), drawn for the first four series: contrast %.2f:1 on white, below WCAG's 3:1", i, c.R, c.G, c.B, got)
		}
		hex := fmt.Sprintf("#%02X%02X%02X", c.R, c.G, c.B)
		if !strings.EqualFold(output.PlanColors[i], hex) {
			t.Errorf("the reports' plan colour %d is %s, the charts' %s", i, output.PlanColors[i], hex)
		}
	}
	if len(output.PlanColors) != len(okabeIto) {
		t.Errorf("%d plan colours in the reports, %d in the charts", len(output.PlanColors), len(okabeIto))
	}
	// The formula itself, on its end points and a known grey: black on
	// white is 21:1, #767676 on white 4.54:1 (the lightest grey that passes
	// 4.5:1 for text).
	if got := contrastRatio(color.NRGBA{A: 0xFF}, white); math.Abs(got-21) > 1e-9 {
		t.Errorf("black on white: %v", got)
	}
	if got := contrastRatio(color.NRGBA{0x76, 0x76, 0x76, 0xFF}, white); math.Abs(got-4.54) > 0.005 {
		t.Errorf("#767676 on white: %v", got)
	}
}

// TestTextColor checks the colour a plan's name is written in: at least
// 4.5:1 on white (WCAG's contrast for text of normal size), the series
// colour itself when that already passes, and otherwise a darker shade of
// the same hue (the channels keep their proportions within rounding) and
// not darker than needed (one step lighter fails).
func TestTextColor(t *testing.T) {
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	for i, c := range okabeIto {
		got := textColor(c)
		r := contrastRatio(got, white)
		if r < 4.5 {
			t.Errorf("colour %d: text colour %v at %.2f:1", i, got, r)
		}
		if contrastRatio(c, white) >= 4.5 {
			if got != c {
				t.Errorf("colour %d passes as it is but was changed to %v", i, got)
			}
			continue
		}
		for _, pair := range [][2]uint8{{c.R, got.R}, {c.G, got.G}, {c.B, got.B}} {
			if pair[1] > pair[0] {
				t.Errorf("colour %d: text colour %v is lighter than %v in a channel", i, got, c)
			}
		}
		if c.R > 0 && c.G > 0 {
			if d := math.Abs(float64(got.R)/float64(c.R) - float64(got.G)/float64(c.G)); d > 0.02 {
				t.Errorf("colour %d: text colour %v does not keep the hue of %v (%.3f)", i, got, c, d)
			}
		}
	}
}

// TestSimplifyPath checks the points dropped from an SVG path: repeats and
// the middles of straight horizontal or vertical runs that go on in the
// same direction; never a turn back, a diagonal's middle, or a point of a
// path with curves.
func TestSimplifyPath(t *testing.T) {
	cases := map[string]string{
		// A staffing step: flat, up, flat.
		"M0,5L1,5L2,5L2,5L2,4L2,3L3,3L4,3": "M0,5L2,5L2,3L4,3",
		// A turn back on a flat line is kept (it draws a spike).
		"M0,5L2,5L1,5": "M0,5L2,5L1,5",
		// Diagonals are kept, even when collinear.
		"M0,0L1,1L2,2": "M0,0L1,1L2,2",
		// A closed band: its runs merge, the close stays.
		"M0,0L1,0L2,0L2,1L0,1Z": "M0,0L2,0L2,1L0,1Z",
		// A move starts a new run.
		"M0,0L1,0M2,0L3,0L4,0": "M0,0L1,0M2,0L4,0",
		// Curves and other commands: left as they are.
		"M0,0L1,0L2,0C1,1,2,2,3,3": "M0,0L1,0L2,0C1,1,2,2,3,3",
		"":                         "",
		"M0,0L1":                   "M0,0L1",
	}
	for in, want := range cases {
		if got := simplifyPath(in); got != want {
			t.Errorf("simplifyPath(%q) = %q, want %q", in, got, want)
		}
	}
}
