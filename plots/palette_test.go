package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/ccsim/ccsim/output"
)

// contrast is the WCAG 2.x contrast ratio of two opaque colours:
// (L1 + 0.05) / (L2 + 0.05) of their relative luminances, L1 the lighter.
func contrast(a, b color.NRGBA) float64 {
	lum := func(c color.NRGBA) float64 {
		f := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*f(c.R) + 0.7152*f(c.G) + 0.0722*f(c.B)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

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
		got := contrast(c, white)
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
	if got := contrast(color.NRGBA{A: 0xFF}, white); math.Abs(got-21) > 1e-9 {
		t.Errorf("black on white: %v", got)
	}
	if got := contrast(color.NRGBA{0x76, 0x76, 0x76, 0xFF}, white); math.Abs(got-4.54) > 0.005 {
		t.Errorf("#767676 on white: %v", got)
	}
}
